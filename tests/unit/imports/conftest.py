"""Imports run in the worker with sessions of their own, so these tests use a fresh
committed database per test (SQLite, and PostgreSQL with CS_TEST_PG_URL) and a fresh
CS_DATA_DIR for the uploaded files."""

from __future__ import annotations

import pytest

from cslib.config import get_settings
from tests.conftest import BACKENDS


@pytest.fixture(params=BACKENDS)
def db(request, make_db, tmp_path, monkeypatch):
    monkeypatch.setenv("CS_DATA_DIR", str(tmp_path / "data"))
    get_settings.cache_clear()
    engine = make_db(request.param)
    yield engine
    get_settings.cache_clear()
