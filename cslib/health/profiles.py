"""Health score profiles (Settings → Health scores): list, read, create, edit, clone,
delete and switch on and off, with permission checks and optimistic locking. Every field
is checked by `cslib.health.definitions` before the row changes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cslib.errors import NotFound, ValidationError, quote
from cslib.health.definitions import (
    check_profile_name,
    validate_definition,
    validate_priority,
    validate_segment,
    validate_thresholds,
)
from cslib.health.fields import MAX_NAME
from cslib.health.storage import refresh_primary
from cslib.health.templates import default_thresholds
from cslib.i18n import N_, _
from cslib.models import HealthProfile, HealthScore
from cslib.models.base import utcnow
from cslib.permissions import READ_DENIED, Actor, can_edit_health_scores, can_use_workspace, require
from cslib.validation import check_version, flushing

STATUSES = ("draft", "active")
EDIT_DENIED = N_(
    "Only super admins and users with the “Manage customer success settings” permission who have a Service seat "
    "can create or change health scores."
)
CONFLICT = N_("This health score profile was changed by someone else since you opened it. Reload to see their changes.")
GONE = N_("That health score profile does not exist (any more).")


@dataclass(frozen=True)
class ProfileRow:
    """A profile as the list shows it; `scored` is None unless counts were asked for."""

    id: int
    name: str
    status: str
    priority: int
    segment: dict | None
    version: int
    updated_at: datetime
    scored: int | None = None


@dataclass(frozen=True)
class Profile:
    id: int
    name: str
    status: str
    priority: int
    segment: dict | None
    thresholds: dict
    definition: dict
    version: int
    updated_at: datetime


# --- reading ------------------------------------------------------------------------------


def _require_edit(actor: Actor) -> None:
    require(can_edit_health_scores(actor), EDIT_DENIED)


def list_profiles(session: Session, actor: Actor, *, with_counts: bool = False) -> list[ProfileRow]:
    """Every profile, active first, then by priority and name. Any workspace user may read
    them (the Overview's drop-down); `with_counts` adds how many customers each scores."""
    require(can_use_workspace(actor), READ_DENIED)
    p = HealthProfile
    rows = session.execute(
        select(p.id, p.name, p.status, p.priority, p.segment, p.version, p.updated_at).order_by(
            (p.status != "active"), p.priority, p.name, p.id
        )
    ).all()
    counts: dict[int, int] = {}
    if with_counts and rows:
        hs = HealthScore
        counts = dict(session.execute(select(hs.profile_id, func.count()).group_by(hs.profile_id)).all())
    return [
        ProfileRow(
            int(r.id),
            r.name,
            r.status,
            int(r.priority),
            r.segment,
            int(r.version),
            r.updated_at,
            int(counts.get(r.id, 0)) if with_counts else None,
        )
        for r in rows
    ]


def _profile(row: HealthProfile) -> Profile:
    return Profile(
        id=row.id,
        name=row.name,
        status=row.status,
        priority=row.priority,
        segment=row.segment,
        thresholds=dict(row.thresholds or default_thresholds()),
        definition=row.definition or {"groups": []},
        version=row.version,
        updated_at=row.updated_at,
    )


def _row(session: Session, profile_id: int) -> HealthProfile:
    row = session.get(HealthProfile, profile_id)
    if row is None:
        raise NotFound(_(GONE))
    return row


def get_profile(session: Session, actor: Actor, profile_id: int) -> Profile:
    require(can_use_workspace(actor), READ_DENIED)
    return _profile(_row(session, profile_id))


# --- writing ------------------------------------------------------------------------------


def _unique_name(session: Session, raw: Any, except_id: int | None = None) -> str:
    name = check_profile_name(raw)
    # Few profiles: compare in Python, where case folding knows every alphabet (SQLite's lower() does not).
    for pid, other in session.execute(select(HealthProfile.id, HealthProfile.name)):
        if pid != except_id and other.casefold() == name.casefold():
            raise ValidationError(_("A health score profile named {name} already exists.", name=quote(other)))
    return name


def _status(value: Any) -> str:
    if value not in STATUSES:
        raise ValidationError(_("A profile is either a draft or active."))
    return value


def create_profile(
    session: Session,
    actor: Actor,
    *,
    name: str,
    segment: dict | None,
    priority: int,
    definition: dict,
    thresholds: dict,
    status: str = "draft",
) -> Profile:
    """A new profile. After the commit, call `cslib.health.after_profile_saved` for an
    active one so its customers are scored."""
    _require_edit(actor)
    now = utcnow()
    row = HealthProfile(
        name=_unique_name(session, name),
        object_type="company",
        segment=validate_segment(session, segment),
        priority=validate_priority(priority),
        status=_status(status),
        definition=validate_definition(session, definition),
        thresholds=validate_thresholds(thresholds),
        created_by_id=actor.id,
        created_at=now,
        updated_at=now,
    )
    session.add(row)
    session.flush()
    return _profile(row)


_UNSET: Any = object()


def update_profile(
    session: Session,
    actor: Actor,
    profile_id: int,
    *,
    expected_version: int | None,
    name: str = _UNSET,
    segment: dict | None = _UNSET,
    priority: int = _UNSET,
    definition: dict = _UNSET,
    thresholds: dict = _UNSET,
    status: str = _UNSET,
) -> Profile:
    """Change the given fields of a profile; refused when someone else changed it since
    `expected_version` was read. Switching on re-checks the stored definition."""
    _require_edit(actor)
    row = _row(session, profile_id)
    check_version(row.version, expected_version, CONFLICT)
    # Check everything before changing the row: a check's query would autoflush (and
    # version) a half-made change.
    changes: dict[str, Any] = {}
    if name is not _UNSET:
        changes["name"] = _unique_name(session, name, except_id=row.id)
    if segment is not _UNSET:
        changes["segment"] = validate_segment(session, segment)
    if priority is not _UNSET:
        changes["priority"] = validate_priority(priority)
    if thresholds is not _UNSET:
        changes["thresholds"] = validate_thresholds(thresholds)
    if definition is not _UNSET:
        changes["definition"] = validate_definition(session, definition)
    if status is not _UNSET:
        changes["status"] = _status(status)
        if changes["status"] == "active":
            # Properties may have been deleted since the draft was saved.
            changes.setdefault("definition", validate_definition(session, row.definition))
            changes.setdefault("segment", validate_segment(session, row.segment))
    for field, value in changes.items():
        setattr(row, field, value)
    row.updated_at = utcnow()
    with flushing(session, conflict=CONFLICT):
        pass
    return _profile(row)


def set_status(
    session: Session, actor: Actor, profile_id: int, status: str, *, expected_version: int | None = None
) -> Profile:
    """Switch a profile on ("active": computed and shown) or off ("draft"). After the
    commit, call `cslib.health.after_profile_saved` (scores or clears its scores)."""
    return update_profile(session, actor, profile_id, expected_version=expected_version, status=status)


def clone_profile(session: Session, actor: Actor, profile_id: int) -> Profile:
    """A draft copy named "<name> (copy)" (or "(copy 2)", …, in the reader's language), with
    the same keys."""
    _require_edit(actor)
    src = _row(session, profile_id)
    taken = {n.casefold() for n in session.scalars(select(HealthProfile.name))}
    n = 1
    while True:
        suffix = " " + (_("(copy)") if n == 1 else _("(copy {number})", number=n))
        name = src.name[: MAX_NAME - len(suffix)].rstrip() + suffix
        if name.casefold() not in taken:
            break
        n += 1
    now = utcnow()
    row = HealthProfile(
        name=name,
        object_type=src.object_type,
        segment=src.segment,
        priority=src.priority,
        status="draft",
        definition=src.definition,
        thresholds=dict(src.thresholds or default_thresholds()),
        created_by_id=actor.id,
        created_at=now,
        updated_at=now,
    )
    session.add(row)
    session.flush()
    return _profile(row)


def delete_profile(session: Session, actor: Actor, profile_id: int, *, expected_version: int | None = None) -> None:
    """Delete a profile with its scores, history, roll-ups and alerts (foreign keys
    cascade); the customers it scored get their primary score from the remaining profiles."""
    _require_edit(actor)
    row = _row(session, profile_id)
    check_version(row.version, expected_version, CONFLICT)
    scored = list(session.scalars(select(HealthScore.object_id).where(HealthScore.profile_id == row.id)))
    session.delete(row)
    with flushing(session, conflict=CONFLICT):
        pass
    if scored:
        refresh_primary(session, scored)
