"""Writing record properties: one path for every object, which validates each value for its
property type, refuses stale edits, and appends property history for every change.

`update_properties` edits one record (the record panel, a merge's filled values);
`update_properties_bulk` sets one property to one value on many records (bulk task edits;
imports and board moves of later issues). Both write history through
`cslib.records.history` and say what changed through `cslib.reactions`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from cslib import i18n, reactions
from cslib.errors import ConflictError, NotFound, ValidationError, quote
from cslib.i18n import N_, _, ngettext
from cslib.models import Record, live, utcnow
from cslib.permissions import EDIT_DENIED, READ_DENIED, Actor, can_edit_records, can_use_workspace, require
from cslib.properties import PropertySpec, column_for, model_for, properties_for
from cslib.records.history import add_history, add_history_bulk, history_text, last_change
from cslib.users import active_user_id

MAX_STRING = 1000
MAX_TEXT = 65_535
# Standard string columns shorter than MAX_STRING.
STRING_LIMITS = {("task", "title"): 300}
# Ids per UPDATE … WHERE id IN (…) of a bulk write, within SQLite's bound-parameter limit.
_IDS_PER_UPDATE = 500
# A record that is gone (deleted, merged away, never there), one sentence per built-in type.
NOT_FOUND = {
    "company": N_("That company does not exist (any more)."),
    "contact": N_("That contact does not exist (any more)."),
    "deal": N_("That deal does not exist (any more)."),
    "subscription": N_("That subscription does not exist (any more)."),
    "project": N_("That project does not exist (any more)."),
    "service": N_("That service does not exist (any more)."),
    "ticket": N_("That ticket does not exist (any more)."),
    "task": N_("That task does not exist (any more)."),
    "meeting": N_("That meeting does not exist (any more)."),
}


def not_found(object_type: str) -> str:
    """The message for a record of `object_type` that does not exist (any more)."""
    if object_type in NOT_FOUND:
        return _(NOT_FOUND[object_type])
    # TRANSLATORS: {type} is the internal name of a custom object type, e.g. "onboarding plan".
    return _("That {type} does not exist (any more).", type=object_type.replace("_", " "))


@dataclass(frozen=True)
class Snapshot:
    """A record's property values as of `version` (what an edit form was drawn from)."""

    object_type: str
    id: int
    version: int
    values: dict[str, object]


def _load(session: Session, object_type: str, record_id: int, *, for_update: bool = False):  # noqa: ANN202
    model = model_for(object_type)
    stmt = select(model).where(model.id == record_id, live(model, object_type))
    if for_update and session.get_bind().dialect.name == "postgresql":
        stmt = stmt.with_for_update()
    row = session.scalar(stmt)
    if row is None:
        raise NotFound(not_found(object_type))
    return row


def _value_of(row, spec: PropertySpec) -> object:  # noqa: ANN001
    return (row.custom or {}).get(spec.name) if spec.custom else getattr(row, spec.name)


def snapshot(session: Session, actor: Actor, object_type: str, record_id: int) -> Snapshot:
    require(can_use_workspace(actor), READ_DENIED)
    row = _load(session, object_type, record_id)
    props = properties_for(session, object_type)
    values = {name: _value_of(row, spec) for name, spec in props.items() if not getattr(spec, "computed", None)}
    computed = [spec for spec in props.values() if getattr(spec, "computed", None)]
    if computed:  # derived by SQL from other data (e.g. "Company owner assigned date")
        model = model_for(object_type)
        found = session.execute(
            select(*(column_for(spec).label(f"c{i}") for i, spec in enumerate(computed))).where(model.id == row.id)
        ).one()
        values |= {spec.name: _aware(found[i]) for i, spec in enumerate(computed)}
    return Snapshot(object_type, row.id, row.version, {name: values.get(name) for name in props})


def _aware(value: object) -> object:
    """SQLite returns a computed timestamp as naive text or datetime; times are UTC."""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(value, datetime) and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value


def coerce(session: Session, spec: PropertySpec, raw: object) -> object:
    """`raw` as the value stored for `spec`, or ValidationError saying what is wrong.
    Empty input clears the value."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    label = spec.label
    if spec.type in ("string", "text"):
        text = str(raw).strip()
        limit = STRING_LIMITS.get((spec.object_type, spec.name), MAX_STRING if spec.type == "string" else MAX_TEXT)
        if len(text) > limit:
            raise ValidationError(
                ngettext(
                    "{field} can be at most {n} character.",
                    "{field} can be at most {n} characters.",
                    limit,
                    field=label,
                )
            )
        if "\x00" in text:
            raise ValidationError(_("{field} cannot contain a NUL character.", field=label))
        return text
    if spec.type in ("number", "currency"):
        try:
            number = float(str(raw).replace(",", "").strip()) if isinstance(raw, str) else float(raw)
        except (TypeError, ValueError):
            raise ValidationError(_("{field} must be a number.", field=label)) from None
        if isinstance(raw, bool) or not math.isfinite(number) or abs(number) > 1e15:
            raise ValidationError(_("{field} must be a number.", field=label))
        return int(number) if number.is_integer() and spec.name in ("nps", "employees") else number
    if spec.type == "date":
        return _as_date(raw, label)
    if spec.type == "datetime":
        return _as_datetime(raw, label)
    if spec.type == "bool":
        if isinstance(raw, bool):
            return raw
        lowered = str(raw).strip().lower()
        if lowered in ("true", "yes", "1"):
            return True
        if lowered in ("false", "no", "0"):
            return False
        raise ValidationError(_("{field} must be yes or no.", field=label))
    if spec.type == "enumeration":
        if spec.option_values:
            value = str(raw)
            if value not in spec.option_values:
                raise ValidationError(_("{value} is not an option of {field}.", value=quote(value), field=label))
            return value
        return raw
    if spec.type == "user":
        return active_user_id(session, raw, label)
    raise ValidationError(_("{field} has an unknown type.", field=label))


def _as_date(raw: object, label: str) -> date:
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    try:
        return date.fromisoformat(str(raw).strip())
    except ValueError:
        raise ValidationError(_("{field} must be a date like {example}.", field=label, example="2026-01-31")) from None


def _as_datetime(raw: object, label: str) -> datetime:
    if isinstance(raw, datetime):
        value = raw
    else:
        try:
            value = datetime.fromisoformat(str(raw).strip())
        except ValueError:
            raise ValidationError(
                _("{field} must be a date and time like {example}.", field=label, example="2026-01-31 14:30")
            ) from None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _json_value(value: object) -> object:
    """Custom values are stored in the JSON form the filter model compares (see cslib.filters)."""
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def update_properties(
    session: Session,
    actor: Actor,
    object_type: str,
    record_id: int,
    changes: Mapping[str, object],
    *,
    expected_version: int,
    source: str = "ui",
    now: datetime | None = None,
) -> int:
    """Set properties of one record; returns its new version.

    Every value is checked first, so a bad one saves nothing. An edit made on a copy older
    than the stored record is refused with ConflictError (no lost update). Each property
    that really changes gets a property-history row."""
    require(can_edit_records(actor), EDIT_DENIED)
    props = properties_for(session, object_type)
    clean: dict[str, object] = {}
    for name, raw in changes.items():
        spec = props.get(name)
        if spec is None:
            raise ValidationError(_("Unknown property {name}.", name=quote(name)))
        if spec.readonly:
            raise ValidationError(_("{field} is set by the system and cannot be edited.", field=spec.label))
        clean[name] = coerce(session, spec, raw)
    row = _load(session, object_type, record_id, for_update=True)
    if row.version != expected_version:
        raise ConflictError(_conflict_message(session, actor, object_type, record_id))
    now = now or utcnow()
    changed = _changes(row, props, clean)
    try:
        # In a savepoint: when another writer that passed the same check wins the race (this
        # UPDATE then matches no row), only this write is undone and the winner, read after
        # it, is named (read before it, the latest change could be this user's own).
        with session.begin_nested():
            _apply(row, props, changed)
            for name, (_old, new) in changed.items():
                for column, value in _follows(object_type, name, new, now).items():
                    setattr(row, column, value)
            add_history(session, actor, object_type, record_id, changed, now=now, source=source)
            if changed and hasattr(row, "updated_at"):
                row.updated_at = now
            session.flush()
    except StaleDataError:
        raise ConflictError(_conflict_message(session, actor, object_type, record_id)) from None
    if changed:
        reactions.publish(session, reactions.RECORDS_CHANGED, object_type, [record_id], now=now, properties=changed)
    return row.version


def update_properties_bulk(
    session: Session,
    actor: Actor,
    object_type: str,
    prop: str,
    new: object,
    olds: Mapping[int, object],
    *,
    now: datetime | None = None,
    source: str = "bulk",
) -> list[int]:
    """Set one standard (column) property to one value on many records; returns the ids
    of those that changed.

    `new` is already checked (`coerce`). `olds` maps each record id to the value it holds,
    read in this transaction (and locked, on PostgreSQL) by the caller, which picks the
    records; a record's lock stands in for the version check of `update_properties`. As
    there, only values that really change are written, each with a history row, and each
    changed record's version moves on, here in a few set-based statements."""
    require(can_edit_records(actor), EDIT_DENIED)
    now = now or utcnow()
    target = history_text(new)
    olds = {record_id: old for record_id, old in olds.items() if history_text(old) != target}
    if not olds:
        return []
    model = model_for(object_type)
    values = {prop: new, **_follows(object_type, prop, new, now), "version": model.version + 1}
    if hasattr(model, "updated_at"):
        values["updated_at"] = now
    ids = list(olds)
    for start in range(0, len(ids), _IDS_PER_UPDATE):
        chunk = ids[start : start + _IDS_PER_UPDATE]
        session.execute(
            update(model).where(model.id.in_(chunk)).values(values).execution_options(synchronize_session=False)
        )
    add_history_bulk(session, actor, object_type, prop, olds, new, now=now, source=source)
    session.expire_all()  # loaded rows would show the values replaced
    reactions.publish(session, reactions.RECORDS_CHANGED, object_type, ids, now=now, properties=(prop,))
    return ids


def _follows(object_type: str, prop: str, new: object, now: datetime) -> dict[str, object]:
    """Columns that follow a property: a task's completed_at is stamped when its status
    becomes completed and cleared when it becomes anything else; a pipeline record's
    stage_entered_at is stamped when its stage changes (boards count days in stage)."""
    if object_type == "task" and prop == "status":
        return {"completed_at": now if new == "completed" else None}
    if prop == "stage_id" and model_for(object_type) is Record:
        return {"stage_entered_at": now}
    return {}


def _changes(row, props: dict[str, PropertySpec], clean: dict[str, object]) -> dict[str, tuple]:  # noqa: ANN001
    """{name: (old, new)} of the values that really change."""
    changed: dict[str, tuple] = {}
    for name, new in clean.items():
        old = _value_of(row, props[name])
        if history_text(old) != history_text(new):
            changed[name] = (old, new)
    return changed


def _apply(row, props: dict[str, PropertySpec], changed: dict[str, tuple]) -> None:  # noqa: ANN001
    custom = dict(row.custom or {}) if hasattr(row, "custom") else {}
    for name, (_old, new) in changed.items():
        spec = props[name]
        if spec.custom:
            if new is None:
                custom.pop(name, None)
            else:
                custom[name] = _json_value(new)
        else:
            setattr(row, name, new)
    if any(props[n].custom for n in changed):
        row.custom = custom


def _conflict_message(session: Session, actor: Actor, object_type: str, record_id: int) -> str:
    """Who changed the record last, and when (in the reader's time zone)."""
    last = last_change(session, object_type, record_id)
    if last is None:
        return _(
            "Someone else changed this record after you opened it. "
            "Nothing was saved: reload to see their changes, then edit again."
        )
    zone = actor.time_zone or "UTC"
    return _(
        "{name} changed this record at {time} after you opened it. "
        "Nothing was saved: reload to see their changes, then edit again.",
        name=last.name,
        time=f"{i18n.moment(last.changed_at, time_zone=zone)} ({zone})",
    )
