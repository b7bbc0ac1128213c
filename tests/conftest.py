"""What every test shares: the wheel built from this checkout, once a run; and browser,
validator and wheel tests counted as slow, so that one marker expression, `pytest -m "not
slow"`, is the quick loop (docs/testing.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

from .wheels import build_wheel, dependency_folder

_SLOW_BY_NATURE = ("browser", "validator", "wheel")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if any(item.get_closest_marker(name) for name in _SLOW_BY_NATURE):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def built_wheel(tmp_path_factory) -> Path:
    """backstory-*.whl built from this checkout (skipped offline without hatchling, failed on CI)."""
    return build_wheel(tmp_path_factory.mktemp("wheel"))


@pytest.fixture(scope="session")
def dependencies(tmp_path_factory) -> Path:
    """Links to the installed dependencies, for fresh environments (wheels.fresh_environment)."""
    return dependency_folder(tmp_path_factory.mktemp("dependencies"))
