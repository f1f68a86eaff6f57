"""Bring a database to the newest schema with Alembic (the app does this on start)."""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, text

from cslib.config import PROJECT_ROOT
from cslib.db import writer


def alembic_config() -> Config:
    cfg = Config(str(PROJECT_ROOT / "alembic.ini"))
    cfg.set_main_option("script_location", str(PROJECT_ROOT / "migrations"))
    return cfg


def is_current(engine: Engine) -> bool:
    heads = set(ScriptDirectory.from_config(alembic_config()).get_heads())
    with engine.connect() as conn:
        return set(MigrationContext.configure(conn).get_current_heads()) == heads


def upgrade(engine: Engine) -> None:
    """Apply every migration not yet applied; a no-op on an up-to-date database.

    Safe when several processes start at once: the migration runs in a write transaction
    (BEGIN IMMEDIATE on SQLite, an advisory lock on PostgreSQL), so the second process
    waits and then finds nothing left to do."""
    if is_current(engine):
        return
    cfg = alembic_config()
    with writer(engine).begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(hashtext('cslib.migrate'))"))
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
