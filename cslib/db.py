"""Engine, sessions and migrations. SQLite (the embedded default) and PostgreSQL run the same code.

SQLite needs care to let two processes write at once: WAL mode, a busy timeout, and
write transactions that start with BEGIN IMMEDIATE, so a transaction that reads and
then writes waits for the lock instead of failing with "database is locked".
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from cslib.config import PROJECT_ROOT

SQLITE_BUSY_TIMEOUT_MS = 20_000
_WRITE = "cs_write"


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


def make_engine(url: str, *, echo: bool = False) -> Engine:
    """Build an engine for `url`; for SQLite create the folder and set the pragmas."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            url,
            echo=echo,
            connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000, "check_same_thread": False},
        )
        _configure_sqlite(engine)
        return engine
    return create_engine(url, echo=echo, pool_pre_ping=True, pool_size=10, max_overflow=10)


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):  # noqa: ANN001
        # Let SQLAlchemy, not the driver, emit BEGIN (see _on_begin).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA cache_size=-65536")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):  # noqa: ANN001
        immediate = conn.get_execution_options().get(_WRITE, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def writer(engine: Engine) -> Engine:
    """The engine whose transactions start as writes (BEGIN IMMEDIATE on SQLite)."""
    return engine.execution_options(**{_WRITE: True})


def session_factory(engine: Engine, *, write: bool) -> sessionmaker[Session]:
    bind = writer(engine) if write else engine
    return sessionmaker(bind=bind, expire_on_commit=False)


@contextmanager
def write_session(engine: Engine) -> Iterator[Session]:
    """A transaction that commits on success and rolls back on any error."""
    with session_factory(engine, write=True)() as session:
        with session.begin():
            yield session


@contextmanager
def read_session(engine: Engine) -> Iterator[Session]:
    """A read-only unit of work; it never commits."""
    with session_factory(engine, write=False)() as session:
        try:
            yield session
        finally:
            session.rollback()


# --- migrations: Alembic brings a database to the newest schema (the app does this on start) ---


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
    waits and then finds nothing left to do.

    On SQLite, foreign keys are off while migrating: changing a column there rebuilds the
    table (copy, drop, rename), and dropping `users` with foreign keys on would run every
    ON DELETE SET NULL pointing at it (every owner, assignee and author gone). The keys are
    checked before the commit instead, and switched on again. SQLite ignores the switch
    inside a transaction, so it goes to the driver's connection before BEGIN."""
    if is_current(engine):
        return
    cfg = alembic_config()
    with writer(engine).connect() as conn:
        raw = conn.connection.driver_connection if is_sqlite(engine) else None
        if raw is not None:
            raw.execute("PRAGMA foreign_keys=OFF")
        try:
            with conn.begin():
                if conn.dialect.name == "postgresql":
                    conn.execute(text("SELECT pg_advisory_xact_lock(hashtext('cslib.migrate'))"))
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, "head")
                if raw is not None:
                    _check_foreign_keys(conn)
        finally:
            if raw is not None:
                raw.execute("PRAGMA foreign_keys=ON")


def _check_foreign_keys(conn) -> None:  # noqa: ANN001
    broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if broken:
        raise RuntimeError(f"the migration left {len(broken)} broken foreign keys, e.g. {broken[:3]}; rolled back")
