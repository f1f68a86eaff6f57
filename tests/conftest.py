"""Shared fixtures. cslib tests run on a temporary SQLite file and, when CS_TEST_PG_URL
points at a PostgreSQL server (as in CI), on a fresh PostgreSQL database too."""

from __future__ import annotations

import os
import uuid

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from cslib.db import make_engine, upgrade

PG_URL = os.environ.get("CS_TEST_PG_URL", "")
BACKENDS = ["sqlite"] + (["postgresql"] if PG_URL else [])
if os.environ.get("CS_TEST_REQUIRE_PG") and not PG_URL:
    raise RuntimeError("CS_TEST_REQUIRE_PG is set but CS_TEST_PG_URL is empty: PostgreSQL tests would not run")


def _fresh_pg_database(admin_url: str) -> tuple[str, str]:
    name = f"cs_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return make_url(admin_url).set(database=name).render_as_string(hide_password=False), name


def _drop_pg_database(admin_url: str, name: str) -> None:
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="session")
def make_db(tmp_path_factory):
    """Factory: a new, migrated, empty database on `backend`; dropped at the end."""
    made: list[tuple] = []

    def _make(backend: str = "sqlite"):
        if backend == "postgresql":
            url, name = _fresh_pg_database(PG_URL)
            engine = make_engine(url)
            made.append((engine, name))
        else:
            path = tmp_path_factory.mktemp("db") / "cs.db"
            engine = make_engine(f"sqlite:///{path}")
            made.append((engine, None))
        upgrade(engine)
        return engine

    yield _make
    for engine, name in made:
        engine.dispose()
        if name:
            _drop_pg_database(PG_URL, name)


@pytest.fixture(scope="session", params=BACKENDS)
def engine(request, make_db):
    """One migrated database per backend, shared by the session; tests roll back."""
    return make_db(request.param)


@pytest.fixture
def session(engine):
    """A session whose work is rolled back after the test, even if the test commits."""
    conn = engine.connect()
    outer = conn.begin()
    s = Session(bind=conn, join_transaction_mode="create_savepoint", expire_on_commit=False)
    try:
        yield s
    finally:
        s.close()
        outer.rollback()
        conn.close()


@pytest.fixture
def app_database(tmp_path, monkeypatch):
    """A migrated SQLite file the app (Home.py, pages, web routes) is pointed at, with the
    process-wide engine and settings caches cleared before and after. Tests add their rows."""
    import streamlit as st

    from cslib.bootstrap import shared_engine
    from cslib.config import get_settings

    def clear() -> None:
        get_settings.cache_clear()
        shared_engine.cache_clear()
        st.cache_resource.clear()

    url = f"sqlite:///{tmp_path / 'app.db'}"
    engine = make_engine(url)
    upgrade(engine)
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("CS_DEMO_DATA", "false")
    clear()
    yield engine
    clear()
    engine.dispose()
