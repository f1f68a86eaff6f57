"""How a page's read becomes a table: `frame` runs a SELECT and returns a DataFrame of at
most `MAX_ROWS` rows (paging belongs in SQL), `rows` the same rows as tuples (for a page
that builds its own objects from a few small results, where a DataFrame's construction
would cost more than the query), and `one`/`scalar` read a card's numbers.
Every statement run here can be captured, so the benchmark times the bare SQL behind a
page function. `contains_text` / `like_ignoring_case` / `escape_like` are the one
case-insensitive text match that searches share (the Feed, the merge picker, text filters).

What does not come through here, on purpose: writes and the reads inside a write's
transaction (locks, versions, the rows a bulk edit replaces), and small look-ups bounded by
a key or a small table (a user's name, one record's snapshot, one customer's score history,
the list of score profiles). Those use the session directly; a list, a table or a card
counted over the customer base comes through here."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

import pandas as pd
from sqlalchemy import Select, or_
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

MAX_ROWS = 1000
LIKE_ESCAPE = "/"
_captured: ContextVar[list | None] = ContextVar("captured_sql", default=None)


@contextmanager
def capture_statements() -> Iterator[list]:
    """Collect every statement run through this module (for cslib.bench)."""
    bucket: list = []
    token = _captured.set(bucket)
    try:
        yield bucket
    finally:
        _captured.reset(token)


def _note(stmt: Select) -> None:
    bucket = _captured.get()
    if bucket is not None:
        bucket.append(stmt)


def frame(session: Session, stmt: Select, *, max_rows: int = MAX_ROWS) -> pd.DataFrame:
    """Rows of `stmt` as a DataFrame, never more than `max_rows` (paging belongs in SQL)."""
    stmt = stmt.limit(min(stmt._limit or max_rows, max_rows)) if isinstance(stmt, Select) else stmt
    _note(stmt)
    result = session.execute(stmt)
    return pd.DataFrame(result.fetchall(), columns=list(result.keys()))


def rows(session: Session, stmt: Select, *, max_rows: int = MAX_ROWS) -> list:
    """Rows of `stmt` (named tuples), never more than `max_rows`."""
    stmt = stmt.limit(min(stmt._limit or max_rows, max_rows)) if isinstance(stmt, Select) else stmt
    _note(stmt)
    return session.execute(stmt).all()


def one(session: Session, stmt: Select):  # noqa: ANN201
    """A single row (or None)."""
    _note(stmt)
    return session.execute(stmt).first()


def scalar(session: Session, stmt: Select):  # noqa: ANN201
    _note(stmt)
    return session.scalar(stmt)


# --- text search ---------------------------------------------------------------------------


def escape_like(text: str) -> str:
    """`text` with LIKE's wildcards (and the escape character) escaped by LIKE_ESCAPE."""
    for char in (LIKE_ESCAPE, "%", "_"):
        text = text.replace(char, LIKE_ESCAPE + char)
    return text


def like_ignoring_case(session: Session, column: ColumnElement, pattern: str) -> ColumnElement:
    """`column LIKE pattern` (escaped with escape_like) ignoring case. SQLite's LIKE ignores
    ASCII case and is twice as fast as lower(x) LIKE (~35 ms with no match among 100,000
    companies); PostgreSQL's ILIKE ignores case in any script."""
    if session.get_bind().dialect.name == "sqlite":
        return column.like(pattern, escape=LIKE_ESCAPE)
    return column.ilike(pattern, escape=LIKE_ESCAPE)


def contains_text(session: Session, column: ColumnElement, needle: str) -> ColumnElement:
    """`column` contains `needle`, ignoring case in any script. On SQLite, whose LIKE folds
    ASCII only, a needle with other letters is also tried in lower case and with capitals
    ("ærø" finds "ærø" and "Ærø", "ŁÓDŹ" finds "Łódź"): names as they are written."""
    forms = [needle]
    if session.get_bind().dialect.name == "sqlite" and not needle.isascii():
        forms = list(dict.fromkeys((needle.lower(), needle.title())))
    return or_(*(like_ignoring_case(session, column, f"%{escape_like(f)}%") for f in forms))
