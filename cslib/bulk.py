"""Fast bulk writes: plain tuples straight to the driver (the demo loader, the health engine).

SQLite: `cursor.executemany` in chunks. PostgreSQL: `COPY … FROM STDIN` (psycopg);
`upsert` uses executemany on both.
Values must already be in the form the column stores: `Bulk.ts()` and `Bulk.day()` turn
datetimes and dates into what SQLAlchemy itself would write (SQLite keeps text such as
"2026-05-01 09:30:00.000000"; PostgreSQL gets the objects), JSON columns get `json.dumps`
text. Rows carry explicit ids (the database is empty when the demo is loaded); on
PostgreSQL `reset_sequences()` moves each id sequence past them afterwards.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime
from itertools import islice

from sqlalchemy import Connection, Engine, Table, func, select, text, update

from cslib.db import writer
from cslib.models import Activity, Company, Contact, Record

CHUNK = 20_000


@contextmanager
def load_transaction(engine: Engine) -> Iterator[Connection]:
    """One write transaction for the whole load (BEGIN IMMEDIATE on SQLite, as in
    cslib.db.write_session). On SQLite the load runs with foreign-key checks off: with
    them, inserting a million activities took 3-4x longer (random parent lookups). Every
    reference the generator writes is an id it has just written; the tests run
    PRAGMA foreign_key_check on the result."""
    with writer(engine).connect() as conn:
        raw = conn.connection.dbapi_connection
        sqlite = conn.dialect.name == "sqlite"
        if sqlite:  # a no-op inside a transaction, so before BEGIN, on the raw connection
            raw.execute("PRAGMA foreign_keys=OFF")
        try:
            with conn.begin():
                yield conn
        finally:
            if sqlite:
                raw.execute("PRAGMA foreign_keys=ON")


class Bulk:
    """Writes rows through one open (write) connection and counts them per table."""

    def __init__(self, conn: Connection):
        self.conn = conn
        self.sqlite = conn.dialect.name == "sqlite"
        self.counts: dict[str, int] = {}
        self.seconds: dict[str, float] = {}  # per table: generating + writing
        self._dbapi = conn.connection.dbapi_connection
        if self.sqlite:  # plain functions: called millions of times
            self.ts, self.day = _sqlite_ts, _sqlite_day

    # Value formats (SQLite: replaced by text formatters in __init__) ------------------
    @staticmethod
    def ts(value: datetime | None):  # noqa: ANN205
        """A naive-UTC datetime as the UTCDateTime column stores it."""
        return value

    @staticmethod
    def day(value: date | None):  # noqa: ANN205
        return value

    @staticmethod
    def js(value: object) -> str:
        return json.dumps(value, separators=(",", ":"), ensure_ascii=False)

    # Writing -------------------------------------------------------------------------
    def insert(self, table: Table, columns: Sequence[str], rows: Iterable[tuple]) -> int:
        _check_columns(table, columns)
        started = time.perf_counter()
        n = 0
        it = iter(rows)
        if self.sqlite:
            sql = f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
            cur = self._dbapi.cursor()
            try:
                while chunk := list(islice(it, CHUNK)):
                    cur.executemany(sql, chunk)
                    n += len(chunk)
            finally:
                cur.close()
        else:
            with self._dbapi.cursor() as cur:
                with cur.copy(f"COPY {table.name} ({', '.join(columns)}) FROM STDIN") as copy:
                    for row in it:
                        copy.write_row(row)
                        n += 1
        self.counts[table.name] = self.counts.get(table.name, 0) + n
        self.seconds[table.name] = self.seconds.get(table.name, 0.0) + time.perf_counter() - started
        return n

    def upsert(
        self, table: Table, columns: Sequence[str], keys: Sequence[str], rows: Sequence[tuple], update: Sequence[str]
    ) -> int:
        """INSERT … ON CONFLICT (keys) DO UPDATE SET each of `update` (both databases), with
        executemany; rows are tuples in `columns` order, values in stored form."""
        if not rows:
            return 0
        started = time.perf_counter()
        mark = "?" if self.sqlite else "%s"
        sql = (
            f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES ({', '.join([mark] * len(columns))}) "
            f"ON CONFLICT ({', '.join(keys)}) DO UPDATE SET {', '.join(f'{c} = excluded.{c}' for c in update)}"
        )
        cur = self._dbapi.cursor()
        try:
            for i in range(0, len(rows), CHUNK):
                cur.executemany(sql, rows[i : i + CHUNK])
        finally:
            cur.close()
        self.counts[table.name] = self.counts.get(table.name, 0) + len(rows)
        self.seconds[table.name] = self.seconds.get(table.name, 0.0) + time.perf_counter() - started
        return len(rows)

    @contextmanager
    def indexes_deferred(self, tables: Iterable[Table]) -> Iterator[None]:
        """Drop the secondary indexes of `tables` and build them again at the end: a sorted
        build is much faster than a million random B-tree inserts. Indexes behind primary
        keys and unique constraints stay. The exact SQL the database reports is replayed,
        and it all happens inside the caller's transaction (rolled back on error)."""
        names = [t.name for t in tables]
        if self.sqlite:
            marks = ", ".join("?" * len(names))
            saved = self.conn.exec_driver_sql(
                f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
                f"AND tbl_name IN ({marks}) ORDER BY name",
                tuple(names),
            ).all()
        else:
            saved = self.conn.execute(
                text(
                    "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() "
                    "AND tablename = ANY(:names) AND indexname NOT IN "
                    "(SELECT conname FROM pg_constraint) ORDER BY indexname"
                ),
                {"names": names},
            ).all()
        for name, _ in saved:
            self.conn.exec_driver_sql(f'DROP INDEX "{name}"')
        yield
        started = time.perf_counter()
        for _, sql in saved:
            self.conn.exec_driver_sql(sql)
        self.seconds["(build indexes)"] = time.perf_counter() - started

    def reset_sequences(self, tables: Iterable[Table]) -> None:
        """PostgreSQL: let the next ORM insert get an id after the demo's explicit ones."""
        if self.sqlite:
            return
        for table in tables:
            if "id" not in table.c or not table.c.id.primary_key:
                continue
            self.conn.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                    f"COALESCE((SELECT MAX(id) FROM {table.name}), 0) + 1, false)"
                )
            )

    def set_last_activity(self) -> None:
        """companies/contacts/records.last_activity_at = newest activity, set-based."""
        started = time.perf_counter()
        a = Activity.__table__
        for model, key in ((Company, a.c.company_id), (Contact, a.c.contact_id), (Record, a.c.record_id)):
            t = model.__table__
            newest = select(func.max(a.c.occurred_at)).where(key == t.c.id).scalar_subquery()
            self.conn.execute(update(t).values(last_activity_at=newest))
        self.seconds["(last activity)"] = time.perf_counter() - started


def _sqlite_ts(value: datetime | None) -> str | None:
    """What SQLAlchemy's SQLite DateTime writes: '2026-05-01 09:30:00.000000'."""
    return None if value is None else value.isoformat(" ", "microseconds")


def _sqlite_day(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def association_row(type_a: str, id_a: int, type_b: str, id_b: int) -> tuple[str, int, str, int]:
    """(from_type, from_id, to_type, to_id) of an association: the pair ordered by type
    name, then id, so each link is stored once whichever side creates it."""
    if (type_a, id_a) <= (type_b, id_b):
        return type_a, id_a, type_b, id_b
    return type_b, id_b, type_a, id_a


def _check_columns(table: Table, columns: Sequence[str]) -> None:
    """Every NOT NULL column must be given (the schema has no server defaults)."""
    unknown = set(columns) - set(table.c.keys())
    # An "id" primary key may be left out: the database numbers the rows.
    missing = {c.name for c in table.c if not c.nullable and c.name not in columns and c.name != "id"}
    if unknown or missing:
        raise TypeError(f"{table.name}: unknown columns {sorted(unknown)}, missing {sorted(missing)}")


def naive_utc(value: datetime) -> datetime:
    """Aware → naive UTC (how rows are built); naive values are taken as UTC already."""
    if value.tzinfo is None:
        return value
    return value.astimezone(UTC).replace(tzinfo=None)
