"""Writing one chunk of an import's rows, in the caller's transaction: convert, match,
create the new records and update the matched ones through the one write path (history
source "import", with the import's id), link them to the companies they name, keep their
source IDs, and note what each row did.

Rows of one chunk that are the same record (the same Record ID, domain or e-mail) become
one record: a file with a duplicate row creates one company, not two.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from cslib.imports.convert import Converter, Row, for_update
from cslib.imports.match import companies_by_domain, linked_records, match_rows
from cslib.models import CompanyDomain, ImportRow, SourceId
from cslib.permissions import Actor
from cslib.records import create_records, link_records, update_records

SOURCE = "import"


@dataclass
class Outcome:
    """What a chunk did: counts, and one entry per row for import_rows."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    rows: list[dict] = field(default_factory=list)

    def note(self, number: int, action: str, record_id: int | None = None, message: str | None = None) -> None:
        setattr(self, action, getattr(self, action) + 1)
        self.rows.append({"row_number": number, "action": action, "record_id": record_id, "message": message})


@dataclass(frozen=True)
class Batch:
    """The import a chunk belongs to."""

    import_id: int | None
    object_type: str
    mode: str  # whose Record IDs: "ours" or "source"
    now: object


def _identities(row: Row, object_type: str) -> list[tuple]:
    """What tells a new row's record apart: its Record ID, its domain or e-mail."""
    keys = [("id", row.record_id)] if row.record_id else []
    key = {"company": "domain", "contact": "email"}.get(object_type)
    if key and row.values.get(key):
        keys.append((key, str(row.values[key]).lower()))
    return keys or [("row", row.number)]


def _identity(row: Row, object_type: str) -> tuple:
    return _identities(row, object_type)[0]


def _group_new(rows: Sequence[Row], object_type: str) -> dict[tuple, list[Row]]:
    """New rows by the record they become: rows that share a Record ID, a domain or an
    e-mail are one record (two IDs with one domain are one company, as a later chunk would
    find the first by its domain)."""
    groups: dict[tuple, list[Row]] = {}
    group_of: dict[tuple, tuple] = {}
    for row in rows:
        keys = _identities(row, object_type)
        group = next((group_of[k] for k in keys if k in group_of), keys[0])
        for k in keys:
            group_of.setdefault(k, group)
        groups.setdefault(group, []).append(row)
    return groups


def plan_chunk(
    session: Session, converter: Converter, batch: Batch, cells: Sequence[tuple[int, list]]
) -> tuple[list[Row], dict[int, int], dict[int, list[tuple[str, int]]]]:
    """The chunk's rows converted, {row: matched record id}, {row: [(type, id)] it links
    to}. Rows that cannot be imported carry their reasons in `errors`."""
    rows = [converter.convert(number, values) for number, values in cells]
    matched = match_rows(session, batch.object_type, [r for r in rows if not r.errors], batch.mode)
    links = linked_records(session, rows)
    for row in rows:
        if not row.errors and row.number not in matched:
            converter.creatable(row)
    return rows, matched, links


def write_chunk(
    session: Session, actor: Actor, converter: Converter, batch: Batch, cells: Sequence[tuple[int, list]]
) -> Outcome:
    """Write one chunk; returns what each row did (also inserted as import_rows)."""
    rows, matched, links = plan_chunk(session, converter, batch, cells)
    outcome = Outcome()
    good = [r for r in rows if not r.errors]
    updates: dict[int, dict[str, object]] = {}
    for row in good:
        if row.number in matched:
            updates.setdefault(matched[row.number], {}).update(for_update(row))
    new_rows = _group_new([r for r in good if r.number not in matched], batch.object_type)
    created = _create(session, actor, batch, new_rows)
    changed = update_records(
        session, actor, batch.object_type, updates, now=batch.now, source=SOURCE, import_id=batch.import_id
    )
    record_of = {**matched, **{r.number: created[key] for key, group in new_rows.items() for r in group}}
    _link(session, actor, batch, good, record_of, links)
    _keep_source_ids(session, batch, good, record_of)
    firsts = {group[0].number for group in new_rows.values()}
    for row in rows:
        if row.errors:
            outcome.note(row.number, "skipped", message=row.error)
        elif row.number in firsts:
            outcome.note(row.number, "created", record_of[row.number])
        elif record_of[row.number] in changed and row.number in matched:
            outcome.note(row.number, "updated", record_of[row.number])
        else:
            outcome.note(row.number, "unchanged", record_of[row.number])
    if batch.import_id is not None and outcome.rows:
        session.execute(ImportRow.__table__.insert(), [{"import_id": batch.import_id, **r} for r in outcome.rows])
    return outcome


def _create(session: Session, actor: Actor, batch: Batch, new_rows: dict[tuple, list[Row]]) -> dict[tuple, int]:
    """Create one record per identity (later duplicate rows fill in what the first left
    empty or change it, as a second import of that row would); returns {identity: id}."""
    keys = list(new_rows)
    values = []
    for key in keys:
        merged: dict[str, object] = {}
        for row in new_rows[key]:
            merged |= row.values
        values.append(merged)
    ids = create_records(
        session, actor, batch.object_type, values, now=batch.now, source=SOURCE, import_id=batch.import_id
    )
    created = dict(zip(keys, ids, strict=True))
    if batch.object_type == "company":
        _add_domains(session, [(created[k], d) for k in keys for r in new_rows[k] for d in r.additional_domains])
    return created


def _add_domains(session: Session, pairs: list[tuple[int, str]]) -> None:
    """Additional domains of new companies; a domain another company holds stays theirs."""
    taken = companies_by_domain(session, [d for _c, d in pairs])
    rows = [
        {"company_id": c, "domain": d, "is_primary": False}
        for c, d in dict.fromkeys(pairs)
        if taken.get(d) in (None, c)
    ]
    if rows:
        session.execute(CompanyDomain.__table__.insert(), rows)


def _link(
    session: Session,
    actor: Actor,
    batch: Batch,
    rows: Sequence[Row],
    record_of: dict[int, int],
    links: dict[int, list[tuple[str, int]]],
) -> None:
    pairs = [
        (batch.object_type, record_of[row.number], other, other_id)
        for row in rows
        for other, other_id in links.get(row.number, ())
    ]
    if pairs:
        link_records(session, actor, pairs, import_id=batch.import_id)


def _keep_source_ids(session: Session, batch: Batch, rows: Sequence[Row], record_of: dict[int, int]) -> None:
    """Another system's Record IDs are kept on the records they became, so a later file
    that names them (a re-import, "Associated Company IDs") finds them."""
    if batch.mode != "source":
        return
    wanted = {row.record_id[:100]: record_of[row.number] for row in rows if row.record_id}
    keys = list(wanted)
    known: set[str] = set()
    for start in range(0, len(keys), 500):
        known.update(
            session.scalars(
                select(SourceId.source_id).where(
                    SourceId.object_type == batch.object_type, SourceId.source_id.in_(keys[start : start + 500])
                )
            )
        )
    fresh = [
        {"object_type": batch.object_type, "source_id": s, "record_id": r, "import_id": batch.import_id}
        for s, r in wanted.items()
        if s not in known
    ]
    if fresh:
        session.execute(SourceId.__table__.insert(), fresh)
