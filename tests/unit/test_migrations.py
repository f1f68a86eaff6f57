"""The migrations build exactly the schema the models describe, on both backends."""

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from cslib.db import is_current, upgrade
from cslib.models import Base


def test_migrated_schema_matches_the_models(engine):
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata)
    # APScheduler creates its own job table; nothing else may differ.
    diff = [d for d in diff if not (d[0] == "remove_table" and d[1].name == "apscheduler_jobs")]
    assert diff == []


def test_two_processes_migrating_a_new_database_at_once_both_succeed(tmp_path):
    import subprocess
    import sys

    url = f"sqlite:///{tmp_path / 'race.db'}"
    code = f"from cslib.db import make_engine; from cslib.db import upgrade; upgrade(make_engine({url!r}))"
    procs = [subprocess.Popen([sys.executable, "-c", code], stderr=subprocess.PIPE, text=True) for _ in range(2)]
    errors = [p.communicate(timeout=120)[1] for p in procs]
    assert [p.returncode for p in procs] == [0, 0], errors
    from cslib.db import make_engine

    assert is_current(make_engine(url))


def test_upgrade_is_idempotent(engine):
    upgrade(engine)
    assert is_current(engine)
