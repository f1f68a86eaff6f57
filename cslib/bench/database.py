"""Which database the benchmark runs on, how the tables name it, and the SQL the bare side
sends: each statement compiled for that database's dialect, with parameters in the form
its driver takes (SQLite: the text SQLAlchemy stores; PostgreSQL: the Python values
psycopg adapts)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import Engine, text
from sqlalchemy.engine import Dialect


def benchmark_url(db: Path, database_url: str | None) -> str:
    """`--database-url` when given, else the SQLite file `--db`. DATABASE_URL is not read
    from the environment: the benchmark fills an empty database with 1.1 million rows and
    adds a health profile, so it only ever runs on a database named on its command line."""
    if database_url:
        return database_url
    return f"sqlite:///{db}"


def describe(engine: Engine) -> str:
    """E.g. "SQLite 3.40.1, bench.db" or "PostgreSQL 15.18, cs_bench on 127.0.0.1:55432"."""
    url = engine.url
    with engine.connect():  # the server version is known once connected
        version = ".".join(str(n) for n in engine.dialect.server_version_info or ())
    if engine.dialect.name == "sqlite":
        return f"SQLite {version}, {Path(url.database).name}"
    return f"PostgreSQL {version}, {url.database} on {url.host}:{url.port}"


def refresh_statistics(engine: Engine) -> None:
    """Planner statistics after the build and the first scoring. PostgreSQL gets VACUUM
    (ANALYZE), as autovacuum would do soon after a bulk load: it also sets the visibility
    map, without which index-only scans still read the table."""
    if engine.dialect.name == "sqlite":
        with engine.connect() as conn:
            conn.execute(text("ANALYZE"))
            conn.commit()
        return
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("VACUUM (ANALYZE)"))


def param_mark(dialect: Dialect) -> str:
    """The positional parameter marker of the dialect's driver: ? (sqlite3) or %s (psycopg)."""
    return "?" if dialect.paramstyle == "qmark" else "%s"


def dbapi_value(value: object, dialect: Dialect) -> object:
    """A Python value as the driver takes it for a column SQLAlchemy would have typed: on
    SQLite, date-times become the naive-UTC text SQLAlchemy stores and dates ISO text."""
    if dialect.name != "sqlite":
        return value
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(UTC).replace(tzinfo=None)
        return value.isoformat(" ", "microseconds")
    if isinstance(value, date):
        return value.isoformat()
    return value


def bare_statement(statement, dialect: Dialect) -> tuple[str, tuple | dict]:  # noqa: ANN001
    """The SQL text and DBAPI parameters SQLAlchemy sends for `statement` on `dialect`:
    expanding IN lists rendered as plain parameters (render_postcompile), each value put
    through its column type's bind processor (JSON paths, UTC date-times) and the rest
    through `dbapi_value`. On PostgreSQL the text keeps psycopg's ::type bind casts."""
    compiled = statement.compile(dialect=dialect, compile_kwargs={"render_postcompile": True})
    procs = compiled._bind_processors
    params = {k: procs[k](v) if k in procs else dbapi_value(v, dialect) for k, v in compiled.construct_params().items()}
    if compiled.positional:
        return str(compiled), tuple(params[k] for k in compiled.positiontup)
    return str(compiled), params
