"""What every test shares: browser, validator and wheel tests count as slow, so that one
marker expression, `pytest -m "not slow"`, is the quick loop (docs/testing.md)."""

from __future__ import annotations

import pytest

_SLOW_BY_NATURE = ("browser", "validator", "wheel")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if any(item.get_closest_marker(name) for name in _SLOW_BY_NATURE):
            item.add_marker(pytest.mark.slow)
