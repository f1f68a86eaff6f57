"""The benchmark's target database and its dialect-neutral bare SQL: the same rows through
the DBAPI cursor as through SQLAlchemy, on SQLite and on PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite

from cslib.bench.cli import parse_args
from cslib.bench.database import bare_statement, benchmark_url, dbapi_value, describe, param_mark, refresh_statistics
from cslib.bench.writes import bare_complete
from cslib.db import read_session, write_session
from cslib.models import Company, PropertyHistory, Task
from tests.conftest import BACKENDS
from tests.factories import make_company, make_task

PG_URL = "postgresql+psycopg://bench@db.example/cs_bench"


def test_the_database_url_flag_wins_over_the_sqlite_file():
    assert benchmark_url(Path("data/bench.db"), PG_URL) == PG_URL
    assert benchmark_url(Path("data/bench.db"), None) == "sqlite:///data/bench.db"


def test_database_url_in_the_environment_is_not_picked_up(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", PG_URL)
    args = parse_args([])
    assert benchmark_url(args.db, args.database_url).startswith("sqlite:///")
    assert parse_args(["--database-url", PG_URL]).database_url == PG_URL


def test_a_file_and_a_url_cannot_both_be_given(capsys):
    with pytest.raises(SystemExit):
        parse_args(["--db", "x.db", "--database-url", PG_URL])
    assert "not allowed with" in capsys.readouterr().err


def test_values_take_the_form_each_driver_expects():
    aware = datetime(2026, 3, 10, 15, 30, tzinfo=UTC)
    lite, pg = sqlite.dialect(), postgresql.dialect()
    assert dbapi_value(aware, lite) == "2026-03-10 15:30:00.000000"
    assert dbapi_value(date(2026, 3, 10), lite) == "2026-03-10"
    assert dbapi_value(aware, pg) is aware
    assert (param_mark(lite), param_mark(pg)) == ("?", "%s")


def test_bare_statement_returns_the_rows_sqlalchemy_returns(session):
    now = datetime.now(UTC)
    keep = [
        make_company(session, name="100% Acme", created_at=now, renewal_date=date(2026, 5, 1), custom={"tier": "gold"}),
        make_company(session, name="Beta 50%", created_at=now, renewal_date=date(2026, 6, 1), custom={"tier": "gold"}),
    ]
    make_company(session, name="Gamma", created_at=now, custom={"tier": "gold"})
    make_company(session, name="Delta%", created_at=now - timedelta(days=9), custom={"tier": "gold"})
    make_company(session, name="Eps%", created_at=now, custom={"tier": "silver"})
    stmt = (
        select(Company.id, Company.custom["tier"].as_string(), Company.renewal_date)
        .where(
            Company.name.like("%\\%%", escape="\\"),
            Company.custom["tier"].as_string().in_(["gold", "platinum"]),
            Company.created_at >= now - timedelta(days=1),
            Company.id.in_([c.id for c in keep] + [0]),
        )
        .order_by(Company.id)
    )
    sql, params = bare_statement(stmt, session.get_bind().dialect)
    cur = session.connection().connection.dbapi_connection.cursor()
    cur.execute(sql, params)
    bare = [(row[0], row[1]) for row in cur.fetchall()]
    assert bare == [(c.id, "gold") for c in keep]
    assert bare == [(row[0], row[1]) for row in session.execute(stmt)]


@pytest.mark.parametrize("backend", BACKENDS)
def test_bare_bulk_complete_runs_and_rolls_back(make_db, backend):
    engine = make_db(backend)
    due = datetime(2026, 3, 10, 9, tzinfo=UTC)
    with write_session(engine) as s:
        ids = [make_task(s, due_at=due + timedelta(days=d)).id for d in (0, 1, 5)]
    ms, changed = bare_complete(engine, datetime(2026, 3, 12, tzinfo=UTC))
    assert ms > 0 and changed == 2
    with read_session(engine) as s:
        assert s.scalars(select(Task.status).where(Task.id.in_(ids))).all() == ["not_started"] * 3
        assert s.scalars(select(PropertyHistory.id)).all() == []


@pytest.mark.parametrize("backend", BACKENDS)
def test_the_label_names_the_database_and_statistics_refresh(make_db, backend):
    engine = make_db(backend)
    refresh_statistics(engine)
    label = describe(engine)
    assert label.startswith("SQLite 3." if backend == "sqlite" else "PostgreSQL ")
    assert ("cs.db" if backend == "sqlite" else engine.url.database) in label
