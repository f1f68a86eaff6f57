"""The migrations build exactly the schema the models describe, on both backends."""

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from cslib.migrate import is_current, upgrade
from cslib.models import Base


def test_migrated_schema_matches_the_models(engine):
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata)
    # APScheduler creates its own job table; nothing else may differ.
    diff = [d for d in diff if not (d[0] == "remove_table" and d[1].name == "apscheduler_jobs")]
    assert diff == []


def test_upgrade_is_idempotent(engine):
    upgrade(engine)
    assert is_current(engine)
