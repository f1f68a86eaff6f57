"""Many records at once, each with values of its own (an import's chunk): create them,
update them, link them, restore values an import replaced, delete what it created.

Values come in already checked (`cslib.records.coerce`). These are the set-based side of
the one write path: only values that really change are written, every change gets a
property-history row (with the import that wrote it), versions move on, and what changed
is said through `cslib.reactions`, so health rescores the customers touched.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime

from sqlalchemy import Integer, Table, bindparam, delete, func, select, text, tuple_
from sqlalchemy.orm import Session

from cslib import reactions
from cslib.bulk import association_row
from cslib.models import Association, Record, live
from cslib.permissions import EDIT_DENIED, Actor, can_edit_records, require
from cslib.properties import PropertySpec, model_for, properties_for
from cslib.records.display import parse_history
from cslib.records.history import add_history_many, forget_history, history_text
from cslib.records.write import _follows, _json_value

# Ids per statement: within SQLite's bound-parameter limit.
_IDS = 500
# Read-only properties a new record may bring from the system it comes from.
SETTABLE_ON_CREATE = frozenset({"created_at", "last_activity_at"})


def _chunks(items: Sequence, size: int = _IDS) -> Iterable[Sequence]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _split(props: Mapping[str, PropertySpec], values: Mapping[str, object]) -> tuple[dict, dict]:
    columns = {n: v for n, v in values.items() if not props[n].custom}
    custom = {n: _json_value(v) for n, v in values.items() if props[n].custom and v is not None}
    return columns, custom


def create_records(
    session: Session,
    actor: Actor,
    object_type: str,
    rows: Sequence[Mapping[str, object]],
    *,
    now: datetime,
    source: str,
    import_id: int | None = None,
) -> list[int]:
    """Insert one record per mapping of property values; returns their ids in order. Each
    value set gets a history row (old: none), as the original CRM shows an imported
    record's first values."""
    require(can_edit_records(actor), EDIT_DENIED)
    if not rows:
        return []
    props = properties_for(session, object_type)
    model = model_for(object_type)
    table = model.__table__
    params = []
    for values in rows:
        columns, custom = _split(props, values)
        row = {"created_at": now, "updated_at": now, "version": 1, **columns}
        if "custom" in table.c:
            row["custom"] = custom
        if model is Record:
            row["object_type"] = object_type
        if "created_by_id" in table.c:
            row["created_by_id"] = actor.id or None
        for name, new in columns.items():
            row |= _follows(object_type, name, new, now)
        params.append(row)
    ids = new_ids(session, table, len(params))
    keys = sorted(set().union(*params))
    # One executemany needs the same keys in every row: a value some rows leave out gets
    # its column's default (a task without a status is "not started"), not NULL.
    defaults = {c.name: c.default.arg for c in table.c if c.default is not None and c.default.is_scalar}
    params = [
        {"id": i, **{k: p[k] if k in p else defaults.get(k) for k in keys}} for i, p in zip(ids, params, strict=True)
    ]
    session.execute(table.insert(), params)
    add_history_many(
        session,
        actor,
        object_type,
        (
            (record_id, name, None, value)
            for record_id, values in zip(ids, rows, strict=True)
            for name, value in values.items()
            if value is not None
        ),
        now=now,
        source=source,
        import_id=import_id,
    )
    reactions.publish(session, reactions.RECORDS_CHANGED, object_type, ids, now=now)
    return ids


def new_ids(session: Session, table: Table, n: int) -> list[int]:
    """`n` ids for new rows of `table`, taken before inserting them in one executemany (an
    INSERT … RETURNING in parameter order went row by row on SQLite: 20,000 statements
    for 20,000 companies). PostgreSQL: from the table's sequence. SQLite: after the
    largest id, as SQLite itself numbers rows; the caller's write transaction (BEGIN
    IMMEDIATE) keeps other writers out until the rows are in."""
    if n <= 0:
        return []
    if session.get_bind().dialect.name == "postgresql":
        stmt = text(f"SELECT nextval(pg_get_serial_sequence('{table.name}', 'id')) FROM generate_series(1, :n)")
        return sorted(session.scalars(stmt, {"n": n}))
    start = session.scalar(select(func.coalesce(func.max(table.c.id), 0))) + 1
    return list(range(start, start + n))


def current_values(
    session: Session, object_type: str, ids: Sequence[int], names: Iterable[str]
) -> dict[int, dict[str, object]]:
    """{id: {name: value}} of the live records among `ids` (locked on PostgreSQL)."""
    props = properties_for(session, object_type)
    model = model_for(object_type)
    names = [n for n in names if n in props and not props[n].computed]
    standard = [n for n in names if not props[n].custom]
    custom = [n for n in names if props[n].custom]
    columns = [model.id, *(getattr(model, n) for n in standard)]
    if custom:
        columns.append(model.custom)
    found: dict[int, dict[str, object]] = {}
    postgres = session.get_bind().dialect.name == "postgresql"
    for chunk in _chunks(list(ids)):
        stmt = select(*columns).where(model.id.in_(chunk), live(model, object_type))
        if postgres:
            stmt = stmt.with_for_update()
        for row in session.execute(stmt):
            values = dict(zip(standard, row[1 : 1 + len(standard)], strict=True))
            stored = (row[-1] or {}) if custom else {}
            values |= {n: stored.get(n) for n in custom}
            found[row[0]] = values
    return found


def update_records(
    session: Session,
    actor: Actor,
    object_type: str,
    changes: Mapping[int, Mapping[str, object]],
    *,
    now: datetime,
    source: str,
    import_id: int | None = None,
) -> dict[int, dict[str, tuple[object, object]]]:
    """Set each record's own values; returns {id: {name: (old, new)}} of the records that
    changed (a record gone since, or whose values are already these, is not in it)."""
    require(can_edit_records(actor), EDIT_DENIED)
    props = properties_for(session, object_type)
    names = set().union(*changes.values()) if changes else set()
    current = current_values(session, object_type, list(changes), names)
    changed: dict[int, dict[str, tuple[object, object]]] = {}
    for record_id, values in changes.items():
        if record_id not in current:
            continue
        diff = {
            n: (current[record_id][n], v)
            for n, v in values.items()
            if history_text(current[record_id][n]) != history_text(v)
        }
        if diff:
            changed[record_id] = diff
    _write_changes(session, object_type, props, changed, now)
    add_history_many(
        session,
        actor,
        object_type,
        ((record_id, n, old, new) for record_id, diff in changed.items() for n, (old, new) in diff.items()),
        now=now,
        source=source,
        import_id=import_id,
    )
    _say_changed(session, object_type, changed, now)
    return changed


def _write_changes(
    session: Session,
    object_type: str,
    props: Mapping[str, PropertySpec],
    changed: Mapping[int, Mapping[str, tuple[object, object]]],
    now: datetime,
) -> None:
    """One executemany UPDATE per set of changed columns (records of a file mostly change
    the same ones). Custom values are merged into each record's stored JSON."""
    model = model_for(object_type)
    table = model.__table__
    stored_custom = _stored_custom(session, model, [i for i, d in changed.items() if any(props[n].custom for n in d)])
    groups: dict[tuple[str, ...], list[dict]] = defaultdict(list)
    for record_id, diff in changed.items():
        row: dict[str, object] = {}
        custom = dict(stored_custom.get(record_id) or {})
        for name, (_old, new) in diff.items():
            if props[name].custom:
                custom.pop(name, None)
                if new is not None:
                    custom[name] = _json_value(new)
                row["custom"] = custom
            else:
                row[name] = new
                row |= _follows(object_type, name, new, now)
        groups[tuple(sorted(row))].append({"b_id": record_id, **{f"b_{k}": v for k, v in row.items()}})
    for keys, params in groups.items():
        values = {k: bindparam(f"b_{k}") for k in keys} | {"version": table.c.version + 1}
        if "updated_at" in table.c:
            values["updated_at"] = now
        session.execute(table.update().where(table.c.id == bindparam("b_id")).values(values), params)
    if changed:
        session.expire_all()  # loaded rows would show the values replaced


def _say_changed(session: Session, object_type: str, changed: Mapping[int, Mapping[str, tuple]], now: datetime) -> None:
    """Publish which records changed and which of their properties (health rescores)."""
    if changed:
        touched = sorted(set().union(*changed.values()))
        reactions.publish(session, reactions.RECORDS_CHANGED, object_type, list(changed), now=now, properties=touched)


def _stored_custom(session: Session, model, ids: list[int]) -> dict[int, dict]:  # noqa: ANN001
    found: dict[int, dict] = {}
    for chunk in _chunks(ids):
        found |= dict(session.execute(select(model.id, model.custom).where(model.id.in_(chunk))).all())
    return found


def value_from_history(session: Session, object_type: str, name: str, text: str | None) -> object:
    """The stored value behind a history row's text (what `history_text` wrote): typed as
    the record panel shows old values, ids and whole numbers as the column holds them."""
    spec = properties_for(session, object_type).get(name)
    if spec is None:
        return text
    value = parse_history(spec, text)
    if isinstance(value, float) and value.is_integer():
        column = None if spec.custom else model_for(object_type).__table__.c[name]
        if spec.custom or isinstance(column.type, Integer):
            return int(value)
    if spec.type in ("user", "enumeration") and not spec.custom and value is not None:
        if isinstance(model_for(object_type).__table__.c[name].type, Integer):
            return int(value)
    return value


def restore_values(
    session: Session,
    actor: Actor,
    object_type: str,
    olds: Mapping[int, Mapping[str, object]],
    expected: Mapping[int, Mapping[str, object]],
    *,
    now: datetime,
) -> tuple[int, int]:
    """Put back values an import replaced (its undo), without new history: a value is put
    back only where the record still holds what the import wrote (`expected`); a later
    change by someone is kept. Returns (values restored, values kept)."""
    require(can_edit_records(actor), EDIT_DENIED)
    props = properties_for(session, object_type)
    names = set().union(*olds.values()) if olds else set()
    current = current_values(session, object_type, list(olds), names)
    changed: dict[int, dict[str, tuple[object, object]]] = {}
    kept = 0
    for record_id, values in olds.items():
        now_held = current.get(record_id)
        for name, old in values.items():
            if now_held is None or history_text(now_held[name]) != history_text(expected[record_id][name]):
                kept += 1
                continue
            changed.setdefault(record_id, {})[name] = (now_held[name], old)
    _write_changes(session, object_type, props, changed, now)
    _say_changed(session, object_type, changed, now)
    return sum(len(d) for d in changed.values()), kept


def link_records(
    session: Session,
    actor: Actor,
    pairs: Iterable[tuple[str, int, str, int]],
    *,
    import_id: int | None = None,
) -> list[int]:
    """Link each (type, id, type, id) pair not linked yet; returns the new links' ids.
    Companies that gain a link are rescored."""
    require(can_edit_records(actor), EDIT_DENIED)
    wanted = list(dict.fromkeys(association_row(*p) for p in pairs if (p[0], p[1]) != (p[2], p[3])))
    a = Association
    made: list[int] = []
    for chunk in _chunks(wanted, 200):
        have = set(
            session.execute(
                select(a.from_type, a.from_id, a.to_type, a.to_id).where(
                    tuple_(a.from_type, a.from_id, a.to_type, a.to_id).in_(chunk)
                )
            ).all()
        )
        rows = [
            {"from_type": f, "from_id": fi, "to_type": t, "to_id": ti, "import_id": import_id}
            for f, fi, t, ti in chunk
            if (f, fi, t, ti) not in have
        ]
        if rows:
            ids = new_ids(session, a.__table__, len(rows))
            session.execute(a.__table__.insert(), [{"id": i, **r} for i, r in zip(ids, rows, strict=True)])
            made += ids
    companies = sorted({i for f, fi, t, ti in wanted for kind, i in ((f, fi), (t, ti)) if kind == "company"})
    if made and companies:
        reactions.publish(session, reactions.RECORDS_CHANGED, "company", companies)
    return made


def unlink_import(session: Session, actor: Actor, import_id: int) -> int:
    """Remove the links an import made; returns how many."""
    require(can_edit_records(actor), EDIT_DENIED)
    a = Association
    linked = session.execute(select(a.from_type, a.from_id, a.to_type, a.to_id).where(a.import_id == import_id)).all()
    gone = session.execute(delete(a).where(a.import_id == import_id)).rowcount
    companies = sorted({i for f, fi, t, ti in linked for kind, i in ((f, fi), (t, ti)) if kind == "company"})
    if companies:
        reactions.publish(session, reactions.RECORDS_CHANGED, "company", companies)
    return gone


def delete_records(session: Session, actor: Actor, object_type: str, ids: Sequence[int]) -> int:
    """Delete records for good (an import's undo removes what it created): their links,
    history and what other domains keep about them (`reactions.RECORDS_DELETED`) go with
    them. Returns how many records went."""
    require(can_edit_records(actor), EDIT_DENIED)
    ids = list(ids)
    if not ids:
        return 0
    reactions.publish(session, reactions.RECORDS_DELETED, object_type, ids)
    a = Association
    model = model_for(object_type)
    gone = 0
    for chunk in _chunks(ids):
        session.execute(delete(a).where(a.from_type == object_type, a.from_id.in_(chunk)))
        session.execute(delete(a).where(a.to_type == object_type, a.to_id.in_(chunk)))
        gone += session.execute(delete(model).where(model.id.in_(chunk))).rowcount
    forget_history(session, records=(object_type, ids))
    session.expire_all()
    return gone
