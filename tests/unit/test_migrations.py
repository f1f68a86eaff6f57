"""The migrations build exactly the schema the models describe, on both backends."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from cslib.db import is_current, upgrade
from cslib.models import Base
from tests.conftest import BACKENDS, PG_URL, _drop_pg_database, _fresh_pg_database


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


def test_0006_keeps_chosen_languages_and_unsets_the_old_default(tmp_path):
    """Before 0006 nobody could choose a language, so every 'en' was the column default:
    it becomes "no choice" (NULL); any other value stays."""
    from alembic import command
    from sqlalchemy import text

    from cslib.db import alembic_config, make_engine, writer

    engine = make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    cfg = alembic_config()
    with writer(engine).begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0005")
        for i, language in enumerate(("en", "da")):
            conn.execute(
                text(
                    "INSERT INTO users (email, name, password_hash, is_active, is_super_admin, has_service_seat,"
                    " workspace_access, manage_settings, can_export, time_zone, language, created_at, version)"
                    " VALUES (:e, 'U', 'x', 1, 0, 1, 1, 0, 1, 'UTC', :l, '2026-01-01 00:00:00', 1)"
                ),
                {"e": f"u{i}@example.com", "l": language},
            )
        conn.execute(
            text(
                "INSERT INTO companies (name, owner_id, csm_owner_id, custom, created_at, updated_at,"
                " version) VALUES ('Acme', 1, 2, '{}', '2026-01-01 00:00:00', '2026-01-01 00:00:00', 1)"
            )
        )
    upgrade(engine)
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT email, language FROM users ORDER BY email")).all()
        columns = {c[1] for c in conn.execute(text("PRAGMA table_info(workspace_settings)"))}
        owners = conn.execute(text("SELECT owner_id, csm_owner_id FROM companies")).one()
        foreign_keys = conn.execute(text("PRAGMA foreign_keys")).scalar()
    assert [tuple(r) for r in rows] == [("u0@example.com", None), ("u1@example.com", "da")]
    assert "default_language" in columns
    # Rebuilding `users` must not run ON DELETE SET NULL on the rows that point at it.
    assert tuple(owners) == (1, 2)
    assert foreign_keys == 1  # switched on again after migrating


@pytest.mark.parametrize("backend", BACKENDS)
def test_0008_keeps_the_projects_object_and_opens_old_views_as_tables(tmp_path, backend):
    """After 0008 the projects object may be unset (NULL), but a workspace that had one
    keeps it; every view saved before opens as a table (layout NULL)."""
    from alembic import command
    from sqlalchemy import text

    from cslib.db import alembic_config, make_engine, writer

    if backend == "postgresql":
        url, name = _fresh_pg_database(PG_URL)
    else:
        url, name = f"sqlite:///{tmp_path / 'old.db'}", None
    engine = make_engine(url)
    try:
        cfg = alembic_config()
        with writer(engine).begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "0007")
            conn.execute(
                text(
                    "INSERT INTO workspace_settings (id, name, account_created_on, owner_property, customer_object,"
                    " projects_object, revenue_pipeline_ids, currency, is_demo, updated_at, version)"
                    " VALUES (1, 'Acme', '2025-01-15', 'owner_id', 'company', 'service', '[]', 'USD', :f,"
                    " '2026-01-01 00:00:00', 3)"
                ),
                {"f": False},
            )
            conn.execute(
                text(
                    "INSERT INTO views (object_type, name, sharing, columns, sort, is_default, card_properties,"
                    " created_at, updated_at, version) VALUES ('deal', 'Big deals', 'everyone', '[\"name\"]', '[]',"
                    " :f, '[]', '2026-01-01 00:00:00', '2026-01-01 00:00:00', 1)"
                ),
                {"f": False},
            )
        upgrade(engine)
        with engine.begin() as conn:
            kept = conn.execute(text("SELECT projects_object, name, version FROM workspace_settings")).one()
            view = conn.execute(text("SELECT name, layout FROM views")).one()
            conn.execute(text("UPDATE workspace_settings SET projects_object = NULL"))  # now allowed
            unset = conn.execute(text("SELECT projects_object FROM workspace_settings")).scalar()
        assert tuple(kept) == ("service", "Acme", 3)
        assert tuple(view) == ("Big deals", None)
        assert unset is None
    finally:
        engine.dispose()
        if name:
            _drop_pg_database(PG_URL, name)
