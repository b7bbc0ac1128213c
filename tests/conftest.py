"""Fixtures shared by the site-level tests: the wheel built from this checkout, once a run."""

from __future__ import annotations

from pathlib import Path

import pytest

from .wheels import build_wheel, dependency_folder


@pytest.fixture(scope="session")
def built_wheel(tmp_path_factory) -> Path:
    """backstory-*.whl built from this checkout (skipped offline without hatchling, failed on CI)."""
    return build_wheel(tmp_path_factory.mktemp("wheel"))


@pytest.fixture(scope="session")
def dependencies(tmp_path_factory) -> Path:
    """Links to the installed dependencies, for fresh environments (wheels.fresh_environment)."""
    return dependency_folder(tmp_path_factory.mktemp("dependencies"))
