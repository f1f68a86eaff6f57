"""Property history, written in this module only: one row per value that changes (old and
new as text, when, by whom, from where), a record's rows moved when it is merged away, the
merge itself noted on the record kept; and the reads of history (a record's changes, the
latest change for a conflict message).

The write path (`cslib.records.write`) decides what changed; this module records it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import UTC, date, datetime

import pandas as pd
from sqlalchemy import Row, delete, select, update
from sqlalchemy.orm import Session

from cslib import query
from cslib.models import PropertyHistory, User
from cslib.permissions import READ_DENIED, Actor, can_use_workspace, require

MERGED_FROM = "merged_from"  # the row a merge adds to the kept record: "Name (#id)" of the merged one
# Rows per INSERT of a bulk write: one executemany of 2,000 rows, well within every
# driver's parameter limits.
_CHUNK = 2_000


def history_text(value: object) -> str | None:
    """How a value is written into property history (and shown under "Details")."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def add_history(
    session: Session,
    actor: Actor,
    object_type: str,
    record_id: int,
    changed: Mapping[str, tuple[object, object]],
    *,
    now: datetime,
    source: str,
) -> None:
    """One row per property of one record: `changed` is {name: (old, new)}."""
    session.add_all(
        PropertyHistory(
            object_type=object_type,
            object_id=record_id,
            property=name,
            old_value=history_text(old),
            new_value=history_text(new),
            changed_at=now,
            changed_by_id=actor.id or None,
            source=source,
        )
        for name, (old, new) in changed.items()
    )


def add_history_bulk(
    session: Session,
    actor: Actor,
    object_type: str,
    prop: str,
    olds: Mapping[int, object],
    new: object,
    *,
    now: datetime,
    source: str,
) -> None:
    """One row per record for one property set to one value on many records: `olds` is
    {record id: the value replaced}. Inserted in a few multi-row statements, not as ORM
    objects (7,000 rows in milliseconds)."""
    changes = ((record_id, prop, old, new) for record_id, old in olds.items())
    add_history_many(session, actor, object_type, changes, now=now, source=source)


def add_history_many(
    session: Session,
    actor: Actor,
    object_type: str,
    changes: Iterable[tuple[int, str, object, object]],
    *,
    now: datetime,
    source: str,
    import_id: int | None = None,
) -> None:
    """One row per (record id, property, old, new) of many records with values of their
    own (an import's chunk), inserted in a few multi-row statements."""
    by = actor.id or None
    rows = [
        {
            "object_type": object_type,
            "object_id": record_id,
            "property": prop,
            "old_value": history_text(old),
            "new_value": history_text(new),
            "changed_at": now,
            "changed_by_id": by,
            "source": source,
            "import_id": import_id,
        }
        for record_id, prop, old, new in changes
    ]
    for chunk in _chunks(rows, _CHUNK):
        session.execute(PropertyHistory.__table__.insert(), chunk)


def import_changes(session: Session, import_id: int, record_ids: Sequence[int]) -> list[Row]:
    """(object_id, property, old_value, new_value) of the changes an import wrote to these
    records, in the order written."""
    h = PropertyHistory
    stmt = (
        select(h.object_id, h.property, h.old_value, h.new_value)
        .where(h.import_id == import_id, h.object_id.in_(list(record_ids)))
        .order_by(h.id)
    )
    return list(session.execute(stmt).all())


def forget_history(
    session: Session, *, import_id: int | None = None, records: tuple[str, list[int]] | None = None
) -> int:
    """Delete the history an import wrote (its undo), or every history row of records that
    are being deleted; returns how many rows went."""
    h = PropertyHistory
    if import_id is not None:
        return session.execute(delete(h).where(h.import_id == import_id)).rowcount
    object_type, ids = records
    gone = 0
    for chunk in _chunks(ids, 500):
        gone += session.execute(delete(h).where(h.object_type == object_type, h.object_id.in_(chunk))).rowcount
    return gone


def _chunks(items: Sequence, size: int) -> Iterator[Sequence]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def move_history(session: Session, object_type: str, from_id: int, to_id: int) -> int:
    """Move a record's history rows to another record (a merge); returns how many moved."""
    h = PropertyHistory
    stmt = update(h).where(h.object_type == object_type, h.object_id == from_id).values(object_id=to_id)
    return session.execute(stmt).rowcount


def add_merged_from(
    session: Session, actor: Actor, object_type: str, keep_id: int, merged: str, *, now: datetime, source: str
) -> None:
    """Note on the kept record that `merged` (its name and id) was merged into it."""
    add_history(session, actor, object_type, keep_id, {MERGED_FROM: (None, merged)}, now=now, source=source)


def last_change(session: Session, object_type: str, record_id: int) -> Row | None:
    """(name, changed_at) of the user who changed the record last, if a user did."""
    h = PropertyHistory
    return session.execute(
        select(User.name, h.changed_at)
        .join(User, User.id == h.changed_by_id)
        .where(h.object_type == object_type, h.object_id == record_id)
        .order_by(h.changed_at.desc(), h.id.desc())
        .limit(1)
    ).first()


def property_history(
    session: Session, actor: Actor, object_type: str, record_id: int, *, prop: str | None = None, limit: int = 100
) -> pd.DataFrame:
    """Changes of one record (or one of its properties), newest first, with who made them."""
    require(can_use_workspace(actor), READ_DENIED)
    h = PropertyHistory
    stmt = (
        select(h.changed_at, h.property, h.old_value, h.new_value, User.name.label("changed_by"), h.source)
        .outerjoin(User, User.id == h.changed_by_id)
        .where(h.object_type == object_type, h.object_id == record_id)
        .order_by(h.changed_at.desc(), h.id.desc())
        .limit(limit)
    )
    if prop is not None:
        stmt = stmt.where(h.property == prop)
    return query.frame(session, stmt)
