"""Fixtures of the Feed tests: the workspace row, and `path`, which runs a test on both
ways the Feed finds rows (walking the time index, or the few owned contacts' indexes)."""

from __future__ import annotations

import pytest

from tests.factories import make_workspace
from tests.unit.feed.world import fill_unowned_companies


@pytest.fixture
def ws(session):
    return make_workspace(session)


@pytest.fixture(params=["time walk", "sparse"])
def path(request, session, ws):
    if request.param == "sparse":
        fill_unowned_companies(session)
    return request.param
