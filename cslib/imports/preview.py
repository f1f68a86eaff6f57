"""What an import will do, before it runs: its first rows as they will be saved, whether
each creates or updates a record, and every problem found in the rows checked, by row
number. Nothing is written: the same conversion and matching as the run, read-only.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlalchemy.orm import Session

from cslib import i18n
from cslib.i18n import _, pgettext
from cslib.imports.aliases import Target
from cslib.imports.apply import Batch, _identity, plan_chunk
from cslib.imports.convert import Converter
from cslib.imports.match import record_ids_mode
from cslib.imports.run import CHUNK_ROWS, _first_ids
from cslib.imports.store import _load, _open
from cslib.models import utcnow
from cslib.permissions import Actor
from cslib.records import display_value, record_name
from cslib.users import all_user_names

SHOWN_ROWS = 20
# Rows checked before the import: a big file's later rows are checked as it runs, and the
# rows it skips are listed (and downloadable) in its summary.
CHECKED_ROWS = 5_000


@dataclass(frozen=True)
class Preview:
    frame: pd.DataFrame  # the first rows: "Row", "Result", then one column per mapped target
    errors: tuple[tuple[int, str], ...]  # (row number, reason) of every bad row checked
    checked: int
    total: int
    creates: int
    updates: int
    mode: str  # whose Record IDs the file holds: "ours" or "source"


def preview(session: Session, actor: Actor, import_id: int, *, shown: int = SHOWN_ROWS) -> Preview:
    """The draft import's preview with its saved choices."""
    imp = _load(session, actor, import_id)
    table = _open(imp)
    mapping = [Target(m["kind"], m.get("name")) for m in imp.mapping]
    mode = imp.record_ids
    if mode == "auto":
        mode = record_ids_mode(session, imp.object_type, _first_ids(table, mapping))
    converter = Converter(session, imp.object_type, mapping, locale=imp.locale, time_zone=imp.time_zone)
    batch = Batch(None, imp.object_type, mode, utcnow())
    errors: list[tuple[int, str]] = []
    shown_rows: list[dict] = []
    creates = updates = checked = 0
    seen: set[tuple] = set()
    chunk: list[tuple[int, list]] = []
    for number, cells in table.rows():
        chunk.append((number, cells))
        checked += 1
        if len(chunk) == CHUNK_ROWS or checked == CHECKED_ROWS:
            c, u = _check(session, converter, batch, chunk, errors, shown_rows, shown, seen)
            creates, updates, chunk = creates + c, updates + u, []
        if checked >= CHECKED_ROWS:
            break
    if chunk:
        c, u = _check(session, converter, batch, chunk, errors, shown_rows, shown, seen)
        creates, updates = creates + c, updates + u
    frame = _frame(session, actor, converter, mapping, shown_rows)
    return Preview(frame, tuple(errors), checked, imp.rows_total, creates, updates, mode)


def _check(session, converter, batch, chunk, errors, shown_rows, shown, seen) -> tuple[int, int]:  # noqa: ANN001
    rows, matched, links = plan_chunk(session, converter, batch, chunk)
    creates = updates = 0
    for row in rows:
        if row.errors:
            errors.append((row.number, row.error))
            result = "skip"
        elif row.number in matched:
            updates += 1
            result = "update"
        else:
            key = _identity(row, batch.object_type)
            result = "update" if key in seen else "create"
            creates += result == "create"
            seen.add(key)
        if len(shown_rows) < shown:
            shown_rows.append({"row": row, "result": result, "links": links.get(row.number, [])})
    return creates, updates


def _frame(session: Session, actor: Actor, converter: Converter, mapping: list[Target], shown_rows: list[dict]):  # noqa: ANN202
    results = {
        "create": pgettext("import result", "New"),
        "update": pgettext("import result", "Update"),
        "skip": pgettext("import result", "Skipped"),
    }
    users = all_user_names(session)
    props = converter.props
    columns = [t.name for t in mapping if t.kind == "property" and t.name in props]
    # The records a row links to, by name: the user sees whether "ext-101" found its company.
    names = {link: record_name(session, *link) for item in shown_rows for link in item["links"]}
    records = []
    for item in shown_rows:
        row = item["row"]
        record = {_("Row"): row.number, _("Result"): results[item["result"]]}
        shown = [(props[name], row.values.get(name)) for name in columns]
        shown += [(spec, row.new_values.get(column)) for column, spec in converter.new_specs.items()]
        for spec, value in shown:
            record[spec.label] = display_value(
                spec, value, users=users, language=i18n.current(), time_zone=actor.time_zone
            )
        companies = [names[link] for link in item["links"] if link[0] == "company"]
        others = [names[link] for link in item["links"] if link[0] != "company"]
        if companies:
            record[_("Associated companies")] = ", ".join(companies)
        if others:
            record[_("Associated records")] = ", ".join(others)
        if row.errors:
            record[_("Error")] = row.error
        records.append(record)
    return pd.DataFrame(records)
