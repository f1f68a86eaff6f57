"""Importing a file end to end in tests: upload it as a user, choose, start, run the
worker's job; and a snapshot of every row an import can touch, to compare before and after."""

from __future__ import annotations

import io
from datetime import date, datetime

import xlsxwriter
from sqlalchemy import func, select

from cslib import imports
from cslib.db import read_session, write_session
from cslib.models import (
    Association,
    Company,
    CompanyDomain,
    Contact,
    Import,
    ImportRow,
    PropertyHistory,
    Record,
    SourceId,
    Task,
)
from cslib.permissions import Actor
from tests.factories import make_user

# Columns that legitimately move on when a row is written and put back (undo).
_MOVING = {"updated_at", "version"}
# Every table an import writes (imports and import_rows are its own log, not the data).
STATE_TABLES = {
    "companies": Company,
    "company_domains": CompanyDomain,
    "contacts": Contact,
    "records": Record,
    "tasks": Task,
    "associations": Association,
    "history": PropertyHistory,
    "source_ids": SourceId,
}


def write(engine, fn):
    with write_session(engine) as s:
        return fn(s)


def new_admin(engine, **overrides) -> Actor:
    overrides.setdefault("is_super_admin", True)
    return write(engine, lambda s: Actor.from_user(make_user(s, **overrides)))


def new_user(engine, **overrides) -> Actor:
    """A user who is not an admin (full use, no settings permission)."""
    overrides.setdefault("is_super_admin", False)
    return write(engine, lambda s: Actor.from_user(make_user(s, **overrides)))


def csv_bytes(rows: list[list[object]], *, delimiter: str = ",", encoding: str = "utf-8") -> bytes:
    lines = [delimiter.join(_quoted(c, delimiter) for c in row) for row in rows]
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def _quoted(cell: object, delimiter: str) -> str:
    text = "" if cell is None else str(cell)
    if any(ch in text for ch in (delimiter, '"', "\n", "\r")):
        return '"' + text.replace('"', '""') + '"'
    return text


def xlsx_bytes(rows: list[list[object]]) -> bytes:
    """Rows as an XLSX workbook with typed cells: numbers, dates and times as Excel keeps them."""
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = book.add_worksheet()
    day, moment = book.add_format({"num_format": "yyyy-mm-dd"}), book.add_format({"num_format": "yyyy-mm-dd hh:mm"})
    for r, row in enumerate(rows):
        for c, cell in enumerate(row):
            if isinstance(cell, datetime):
                sheet.write_datetime(r, c, cell, moment)
            elif isinstance(cell, date):
                sheet.write_datetime(r, c, datetime(cell.year, cell.month, cell.day), day)
            elif cell is not None:
                sheet.write(r, c, cell)
    book.close()
    return out.getvalue()


def draft(engine, actor, data: bytes, object_type="company", *, name="file.csv", **choices) -> imports.ImportInfo:
    def go(s):
        info = imports.upload(s, actor, name, data, object_type=object_type)
        return imports.set_choices(
            s,
            actor,
            info.id,
            object_type=object_type,
            mapping=choices.pop("mapping", info.mapping),
            locale=choices.pop("locale", "en"),
            record_ids=choices.pop("record_ids", "auto"),
        )

    return write(engine, go)


def run(engine, actor, data: bytes, object_type="company", **choices) -> imports.ImportInfo:
    """Upload, start and run an import; its summary."""
    info = draft(engine, actor, data, object_type, **choices)
    write(engine, lambda s: imports.start_import(s, actor, info.id))
    imports.run_import(engine, info.id)
    with read_session(engine) as s:
        return imports.get_import(s, actor, info.id)


def undo(engine, actor, import_id: int) -> imports.ImportInfo:
    write(engine, lambda s: imports.undo_import(s, actor, import_id))
    imports.run_undo(engine, import_id, actor.id)
    with read_session(engine) as s:
        return imports.get_import(s, actor, import_id)


def skipped(engine, import_id: int) -> dict[int, str]:
    """{row number: reason} of the rows an import skipped."""
    with read_session(engine) as s:
        rows = s.execute(
            select(ImportRow.row_number, ImportRow.message).where(
                ImportRow.import_id == import_id, ImportRow.action == "skipped"
            )
        ).all()
    return dict(rows)


def actions(engine, import_id: int) -> dict[int, str]:
    """{row number: what the row did} of an import."""
    with read_session(engine) as s:
        rows = s.execute(select(ImportRow.row_number, ImportRow.action).where(ImportRow.import_id == import_id)).all()
    return dict(rows)


def counts(engine) -> dict[str, int]:
    """How many rows each table an import writes holds, and how many imports there are."""
    with read_session(engine) as s:
        found = {name: s.scalar(select(func.count()).select_from(m)) for name, m in STATE_TABLES.items()}
        found["imports"] = s.scalar(select(func.count()).select_from(Import))
        found["import_rows"] = s.scalar(select(func.count()).select_from(ImportRow))
    return found


def state(engine) -> dict[str, list[tuple]]:
    """Every row of every table an import writes, every column but the stamps that
    legitimately move on (updated_at, version), as sorted tuples of text."""
    with read_session(engine) as s:
        return {
            name: sorted(
                tuple(str(getattr(r, c.key)) for c in model.__mapper__.column_attrs if c.key not in _MOVING)
                for r in s.scalars(select(model))
            )
            for name, model in STATE_TABLES.items()
        }
