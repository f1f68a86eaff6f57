"""Importing a file end to end in tests: upload it as a user, choose, start, run the
worker's job; and a snapshot of every row an import can touch, to compare before and after."""

from __future__ import annotations

from sqlalchemy import select

from cslib import imports
from cslib.db import read_session, write_session
from cslib.models import Association, Company, CompanyDomain, Contact, PropertyHistory, Record, SourceId, Task
from cslib.permissions import Actor
from tests.factories import make_user


def write(engine, fn):
    with write_session(engine) as s:
        return fn(s)


def new_admin(engine, **overrides) -> Actor:
    overrides.setdefault("is_super_admin", True)
    return write(engine, lambda s: Actor.from_user(make_user(s, **overrides)))


def csv_bytes(rows: list[list[object]], *, delimiter: str = ",", encoding: str = "utf-8") -> bytes:
    lines = [delimiter.join(_quoted(c, delimiter) for c in row) for row in rows]
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def _quoted(cell: object, delimiter: str) -> str:
    text = "" if cell is None else str(cell)
    if any(ch in text for ch in (delimiter, '"', "\n", "\r")):
        return '"' + text.replace('"', '""') + '"'
    return text


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


def state(engine) -> dict[str, list[tuple]]:
    """Every row of the tables an import writes, as plain tuples (no versions or stamps
    that legitimately move on)."""
    tables = {
        "companies": (Company, ("id", "name", "domain", "owner_id", "arr", "renewal_date", "industry", "custom")),
        "company_domains": (CompanyDomain, ("company_id", "domain", "is_primary")),
        "contacts": (Contact, ("id", "first_name", "last_name", "email", "owner_id", "job_title")),
        "records": (Record, ("id", "object_type", "name", "amount", "stage_id", "close_date")),
        "tasks": (Task, ("id", "title", "status", "due_at", "assignee_id")),
        "associations": (Association, ("from_type", "from_id", "to_type", "to_id", "label")),
        "history": (PropertyHistory, ("object_type", "object_id", "property", "old_value", "new_value", "source")),
        "source_ids": (SourceId, ("object_type", "source_id", "record_id")),
    }
    with read_session(engine) as s:
        return {
            name: sorted(
                (tuple(str(getattr(r, c)) for c in cols) for r in s.scalars(select(model))),
            )
            for name, (model, cols) in tables.items()
        }
