"""Exports are built by the worker with sessions of its own, so these tests use a fresh
committed database per test (SQLite, and PostgreSQL with CS_TEST_PG_URL) and a fresh
CS_DATA_DIR for the files."""

from __future__ import annotations

import csv
import io

import pytest

from cslib.config import get_settings
from cslib.db import write_session
from tests.conftest import BACKENDS


@pytest.fixture(params=BACKENDS)
def db(request, make_db, tmp_path, monkeypatch):
    monkeypatch.setenv("CS_DATA_DIR", str(tmp_path / "data"))
    get_settings.cache_clear()
    engine = make_db(request.param)
    yield engine
    engine.dispose()  # its pooled connections: hundreds of tests would hold PostgreSQL's 100
    get_settings.cache_clear()


def write(engine, fn):
    """Run fn(session) in a committed transaction; return what it returns."""
    with write_session(engine) as s:
        return fn(s)


def read_csv(path) -> list[list[str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "CSV must start with a UTF-8 BOM"
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
