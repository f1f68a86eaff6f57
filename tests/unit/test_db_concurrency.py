"""Concurrent writers: SQLite through cslib.db.write_session loses no update and never reports
"database is locked"; optimistic locking (version_id_col) refuses a lost update on every backend."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from sqlalchemy import Column, Integer, MetaData, String, Table, func, insert, select
from sqlalchemy.orm.exc import StaleDataError

from cslib.config import PROJECT_ROOT
from cslib.db import make_engine, write_session
from cslib.models import Company

TRANSACTIONS = 200
META = MetaData()
COUNTER = Table("test_counter", META, Column("id", Integer, primary_key=True), Column("value", Integer))
TICKS = Table(
    "test_ticks", META, Column("id", Integer, primary_key=True), Column("writer", String(10)), Column("value", Integer)
)


# Child process: read the counter, write counter + 1 and a tick row, 200 times, through
# cslib.db.write_session. (A subprocess, not multiprocessing: spawn re-runs the parent's
# __main__, which other tests in the same pytest run may have pointed at a page script.)
CHILD = """
import json, random, sys, time
from pathlib import Path
from sqlalchemy import insert, select, update
from cslib.db import make_engine, write_session
from tests.unit.test_db_concurrency import COUNTER, TICKS, TRANSACTIONS

url, name, folder = sys.argv[1], sys.argv[2], Path(sys.argv[3])
engine = make_engine(url)
with engine.connect():
    pass
(folder / f"ready-{name}").touch()
deadline = time.monotonic() + 120
while len(list(folder.glob("ready-*"))) < 2 and time.monotonic() < deadline:
    time.sleep(0.005)
errors = []
for _ in range(TRANSACTIONS):
    try:
        with write_session(engine) as s:
            value = s.execute(select(COUNTER.c.value).where(COUNTER.c.id == 1)).scalar_one()
            time.sleep(random.random() / 2000)  # widen the read-to-write window
            s.execute(update(COUNTER).where(COUNTER.c.id == 1).values(value=value + 1))
            s.execute(insert(TICKS).values(writer=name, value=value + 1))
    except Exception as exc:
        errors.append(repr(exc))
    time.sleep(random.random() / 2000)
print(json.dumps(errors))
"""


@pytest.mark.slow
def test_two_processes_read_then_write_sqlite_without_lost_updates(tmp_path):
    url = f"sqlite:///{tmp_path / 'counter.db'}"
    engine = make_engine(url)
    META.create_all(engine)
    with write_session(engine) as s:
        s.execute(insert(COUNTER).values(id=1, value=0))
    procs = {
        name: subprocess.Popen(
            [sys.executable, "-c", CHILD, url, name, str(tmp_path)],
            cwd=PROJECT_ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("a", "b")
    }
    reports = {}
    try:
        for name, proc in procs.items():
            out, err = proc.communicate(timeout=180)
            assert proc.returncode == 0, err
            reports[name] = json.loads(out)
    finally:
        for proc in procs.values():
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    assert reports == {"a": [], "b": []}  # no "database is locked", no other error
    with engine.connect() as conn:
        assert conn.execute(select(COUNTER.c.value)).scalar_one() == 2 * TRANSACTIONS
        values = conn.execute(select(TICKS.c.value).order_by(TICKS.c.id)).scalars().all()
        writers = conn.execute(select(TICKS.c.writer).order_by(TICKS.c.id)).scalars().all()
        assert conn.execute(select(func.count()).select_from(TICKS)).scalar_one() == 2 * TRANSACTIONS
    assert values == list(range(1, 2 * TRANSACTIONS + 1))  # every increment saw the previous one
    switches = sum(1 for x, y in zip(writers, writers[1:], strict=False) if x != y)
    assert switches >= 2, "the two processes did not actually overlap"
    engine.dispose()


def test_second_save_of_a_stale_row_raises_stale_data_error(engine):
    """Two users open the same record; the first save wins, the second is refused."""
    with write_session(engine) as s:
        company = Company(name="Acme")
        s.add(company)
    company_id = company.id
    with write_session(engine) as s:
        mine = s.get(Company, company_id)
    with write_session(engine) as s:
        theirs = s.get(Company, company_id)
    assert mine.version == theirs.version == 1
    with write_session(engine) as s:
        s.add(mine)
        mine.name = "Acme Inc"
    assert mine.version == 2
    with pytest.raises(StaleDataError):
        with write_session(engine) as s:
            s.add(theirs)
            theirs.name = "ACME"
    with write_session(engine) as s:
        saved = s.get(Company, company_id)
        assert (saved.name, saved.version) == ("Acme Inc", 2)
        s.delete(saved)
