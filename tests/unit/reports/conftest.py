"""Every report test starts and ends with an empty result cache: ids repeat between tests
(each rolls back), so a cached result of another test's report must never be read."""

from __future__ import annotations

import pytest

from cslib.reports import cache


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()
