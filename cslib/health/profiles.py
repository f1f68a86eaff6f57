"""Health score profiles (Settings → Health scores): checking a profile's definition,
thresholds and segment, a starting template, and create / edit / clone / delete / switch
on and off with permission checks and optimistic locking.

A definition is groups of criteria (see ../shared/HEALTH.md and the engine in
`cslib.health`). `validate_definition` is the one place that decides what a valid
definition is: the editor saves through it and the engine's preview runs it first.

Decisions where the contract is silent:
- Drafts are checked as strictly as active profiles (max points must add up to 100), so
  switching a draft on never fails for a reason the editor did not show.
- Keys missing from a group or criterion are made up (a letter and six hex digits), never
  reused numbers: a score's history refers to criteria by key.
- Health properties (the health score, the health status and the status per profile) can
  be used neither in criteria nor in segments: a score would depend on itself, or on the
  order in which profiles are computed.
- "Me" in a user filter is refused: a score is computed by the schedule, for no one.
"""

from __future__ import annotations

import math
import re
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cslib import health
from cslib.errors import NotFound, ValidationError, quote
from cslib.filters import FilterError, conditions, validate
from cslib.models import HealthProfile, HealthScore
from cslib.models.base import utcnow
from cslib.permissions import Actor, can_edit_health_scores, can_use_workspace, require
from cslib.properties import PropertySpec, properties_for
from cslib.validation import check_version, flushing

MAX_GROUPS = 10
MAX_CRITERIA = 20
MAX_BANDS = 20
MAX_LABEL = 120
MAX_NAME = 120
MAX_POINTS = 100
MAX_WINDOW_DAYS = 730
MAX_PRIORITY = 999
MAX_COUNT = 1_000_000
MAX_DAYS = 3650
STATUSES = ("draft", "active")
GROUP_KINDS = {"property": "Property group", "event": "Event group"}
CRITERION_KINDS = {
    "property_condition": "Property condition",
    "property_linear": "Sliding scale",
    "event_count": "Event count",
    "recency": "Days since last event",
    "open_tickets": "Open tickets",
}
KINDS_OF_GROUP = {
    "property": ("property_condition", "property_linear"),
    "event": ("event_count", "recency", "open_tickets"),
}
LINEAR_TYPES = ("number", "currency")
_KEY_RE = re.compile(r"[A-Za-z0-9_]{1,40}")
_HEALTH_PROPERTIES = ("health_score", "health_category")

EDIT_DENIED = (
    "Only super admins and users with the “Manage customer success settings” permission who have a Service seat "
    "can create or change health scores."
)
READ_DENIED = "Your account has no workspace access."
CONFLICT = "This health score profile was changed by someone else since you opened it. Reload to see their changes."
GONE = "That health score profile does not exist (any more)."


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


# --- properties ---------------------------------------------------------------------------


def is_health_property(name: str) -> bool:
    return name in _HEALTH_PROPERTIES or name.startswith("health_status:")


def scoring_properties(session: Session) -> dict[str, PropertySpec]:
    """Company properties a profile may read (criteria and segment): all but the health ones."""
    return {n: p for n, p in properties_for(session, "company").items() if not is_health_property(n)}


def linear_properties(props: dict[str, PropertySpec]) -> dict[str, PropertySpec]:
    """Properties a sliding scale can read: numbers and currency amounts."""
    return {n: p for n, p in props.items() if p.type in LINEAR_TYPES and n != "id"}


def _filter_names(node: Any) -> set[str]:
    return {c["property"] for c in conditions(node) if isinstance(c.get("property"), str)}


def _has_me(node: Any) -> bool:
    return any(isinstance(c.get("value"), list) and "me" in c["value"] for c in conditions(node))


def property_names(definition: dict, segment: dict | None = None) -> set[str]:
    """Every company property a definition (and a segment, when given) reads: a change to
    one of them on a company can move its score."""
    names: set[str] = set()
    for group in definition.get("groups", []) or []:
        for c in group.get("criteria", []) or []:
            if c.get("kind") == "property_linear" and isinstance(c.get("property"), str):
                names.add(c["property"])
            elif c.get("kind") == "property_condition":
                names |= _filter_names(c.get("filter"))
    return names | _filter_names(segment)


# --- checks -------------------------------------------------------------------------------


def _number(value: Any, what: str, low: float, high: float, *, whole: bool = False) -> int | float:
    """A finite number within [low, high]; int when whole."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValidationError(f"{what} must be a number.")
    if whole and value != int(value):
        raise ValidationError(f"{what} must be a whole number.")
    if not low <= value <= high:
        raise ValidationError(f"{what} must be between {_show(low)} and {_show(high)} (it is {_show(value)}).")
    return int(value) if value == int(value) else round(float(value), 2)


def _show(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value:g}"


def _text(value: Any, what: str, max_len: int) -> str:
    text = value.strip() if isinstance(value, str) else ""
    if not text:
        raise ValidationError(f"{what} cannot be empty.")
    if len(text) > max_len:
        raise ValidationError(f"{what} can be at most {max_len} characters (it has {len(text)}).")
    return text


def new_key(prefix: str, taken: set[str] | None = None) -> str:
    """A fresh key for a group ("g…") or criterion ("c…"), not in `taken`."""
    taken = taken or set()
    while True:
        key = f"{prefix}{uuid.uuid4().hex[:6]}"
        if key not in taken:
            return key


def _key(raw: Any, prefix: str, taken: set[str], where: str) -> str:
    if raw is None or raw == "":
        key = new_key(prefix, taken)
    elif not isinstance(raw, str) or not _KEY_RE.fullmatch(raw):
        raise ValidationError(f"{where}: its key must be 1–40 letters, digits or _.")
    elif raw in taken:
        raise ValidationError(f"{where}: its key {quote(raw)} is used twice.")
    else:
        key = raw
    taken.add(key)
    return key


def _filter(raw: Any, props: dict[str, PropertySpec], what: str) -> dict | None:
    """A filter on company properties, normalised; `what` prefixes the message."""
    for name in sorted(_filter_names(raw)):
        if is_health_property(name):
            raise ValidationError(f"{what}: health scores and statuses cannot be used in a health score profile.")
    if _has_me(raw):
        raise ValidationError(f"{what}: “Me” has no meaning in a health score; pick users by name.")
    try:
        return validate(raw, props)
    except FilterError as exc:
        raise ValidationError(f"{what}: {exc}") from None


def validate_segment(session: Session, segment: Any) -> dict | None:
    """The segment a profile applies to, normalised (None: every live company)."""
    return _filter(segment, scoring_properties(session), "Segment")


def validate_thresholds(thresholds: Any) -> dict:
    """{"healthy": h, "neutral": n} with 0 ≤ n < h ≤ 100."""
    if not isinstance(thresholds, dict):
        raise ValidationError("Set the scores from which a customer is Healthy and Neutral.")
    healthy = _number(thresholds.get("healthy"), "“Healthy from”", 0, 100)
    neutral = _number(thresholds.get("neutral"), "“Neutral from”", 0, 100)
    if neutral >= healthy:
        raise ValidationError(
            f"“Neutral from” ({_show(neutral)}) must be below “Healthy from” ({_show(healthy)}): "
            "customers below Neutral are At risk."
        )
    return {"healthy": healthy, "neutral": neutral}


def validate_priority(priority: Any) -> int:
    return int(_number(priority, "Priority", 1, MAX_PRIORITY, whole=True))


def validate_definition(session: Session, definition: Any) -> dict:
    """The definition checked against the company properties and normalised (keys made up
    where missing, numbers as int where whole, bands sorted). Raises ValidationError with a
    message naming the group or criterion at fault."""
    return check_definition(definition, scoring_properties(session))


def check_definition(definition: Any, props: dict[str, PropertySpec]) -> dict:
    """`validate_definition` against given properties."""
    groups = definition.get("groups") if isinstance(definition, dict) else None
    if not isinstance(groups, list):
        raise ValidationError("A health score is made of a list of groups.")
    if not groups:
        raise ValidationError("Add at least one group of criteria.")
    if len(groups) > MAX_GROUPS:
        raise ValidationError(f"A health score can have at most {MAX_GROUPS} groups (this one has {len(groups)}).")
    group_keys: set[str] = set()
    criterion_keys: set[str] = set()
    out = [_group(g, i, props, group_keys, criterion_keys) for i, g in enumerate(groups, start=1)]
    total = sum(g["max_points"] for g in out)
    if total != MAX_POINTS:
        raise ValidationError(
            f"The groups' max points add up to {_show(total)}; they must add up to exactly {MAX_POINTS}."
        )
    return {"groups": out}


def _group(raw: Any, n: int, props: dict, group_keys: set[str], criterion_keys: set[str]) -> dict:
    if not isinstance(raw, dict):
        raise ValidationError(f"Group {n} is not valid.")
    name = _text(raw.get("name"), f"The name of group {n}", MAX_LABEL)
    where = f"Group {quote(name)}"
    kind = raw.get("kind")
    if kind not in GROUP_KINDS:
        raise ValidationError(f"{where}: its kind must be property or event.")
    key = _key(raw.get("key"), "g", group_keys, where)
    max_points = _number(raw.get("max_points"), f"{where}: max points", 1, MAX_POINTS, whole=True)
    criteria = raw.get("criteria")
    if not isinstance(criteria, list) or not criteria:
        raise ValidationError(f"{where}: add at least one criterion.")
    if len(criteria) > MAX_CRITERIA:
        raise ValidationError(f"{where}: a group can have at most {MAX_CRITERIA} criteria (it has {len(criteria)}).")
    out = [_criterion(c, i, kind, where, props, criterion_keys) for i, c in enumerate(criteria, start=1)]
    return {"key": key, "name": name, "kind": kind, "max_points": max_points, "criteria": out}


def _criterion(raw: Any, n: int, group_kind: str, group_where: str, props: dict, keys: set[str]) -> dict:
    if not isinstance(raw, dict):
        raise ValidationError(f"{group_where}, criterion {n} is not valid.")
    label = _text(raw.get("label"), f"{group_where}: the label of criterion {n}", MAX_LABEL)
    where = f"{group_where}, criterion {quote(label)}"
    kind = raw.get("kind")
    if kind not in CRITERION_KINDS:
        raise ValidationError(f"{where}: unknown kind of criterion {quote(str(kind))}.")
    if kind not in KINDS_OF_GROUP[group_kind]:
        right = "an event" if group_kind == "property" else "a property"
        raise ValidationError(f"{where}: “{CRITERION_KINDS[kind]}” criteria belong in {right} group.")
    out: dict[str, Any] = {"key": _key(raw.get("key"), "c", keys, where), "kind": kind, "label": label}
    if kind == "property_condition":
        flt = _filter(raw.get("filter"), props, where)
        if flt is None:
            raise ValidationError(f"{where}: set the condition that gives the points.")
        out["filter"] = flt
        out["points"] = _points(raw.get("points"), f"{where}: points")
    elif kind == "property_linear":
        out.update(_linear(raw, where, props))
    elif kind == "event_count":
        out["event"] = _event(raw.get("event"), where)
        out["window_days"] = _number(raw.get("window_days"), f"{where}: the window", 1, MAX_WINDOW_DAYS, whole=True)
        out["bands"] = _bands(raw.get("bands"), where, "min", "“At least”", MAX_COUNT)
    elif kind == "recency":
        out["event"] = _event(raw.get("event"), where)
        out["bands"] = _bands(raw.get("bands"), where, "max_days", "“Within days”", MAX_DAYS)
        out["otherwise"] = _points(raw.get("otherwise", 0), f"{where}: “Otherwise” points")
    else:
        out["bands"] = _bands(raw.get("bands"), where, "min", "“At least”", MAX_COUNT)
    return out


def _points(value: Any, what: str) -> int | float:
    return _number(value, what, -MAX_POINTS, MAX_POINTS)


def _linear(raw: dict, where: str, props: dict) -> dict:
    name = raw.get("property")
    if name is None or name == "":
        raise ValidationError(f"{where}: choose the number property it reads.")
    if isinstance(name, str) and is_health_property(name):
        raise ValidationError(f"{where}: health scores cannot be used in a health score profile.")
    spec = props.get(name) if isinstance(name, str) else None
    if spec is None:
        raise ValidationError(f"{where}: unknown property {quote(str(name))}.")
    if spec.type not in LINEAR_TYPES:
        raise ValidationError(f"{where}: a sliding scale needs a number or currency property; {spec.label} is not.")
    low = _number(raw.get("low"), f"{where}: the low value", -1e12, 1e12)
    high = _number(raw.get("high"), f"{where}: the high value", -1e12, 1e12)
    if low >= high:
        raise ValidationError(f"{where}: the low value ({_show(low)}) must be below the high value ({_show(high)}).")
    return {
        "property": name,
        "low": low,
        "high": high,
        "points_low": _points(raw.get("points_low"), f"{where}: points at the low value"),
        "points_high": _points(raw.get("points_high"), f"{where}: points at the high value"),
    }


def _event(value: Any, where: str) -> str:
    if value not in health.EVENT_TYPES:
        raise ValidationError(f"{where}: choose which activity it counts.")
    return value


def _bands(raw: Any, where: str, field: str, label: str, high: int) -> list[dict]:
    if not isinstance(raw, list) or not raw:
        raise ValidationError(f"{where}: add at least one band of points.")
    if len(raw) > MAX_BANDS:
        raise ValidationError(f"{where}: at most {MAX_BANDS} bands (it has {len(raw)}).")
    bands = []
    for i, band in enumerate(raw, start=1):
        if not isinstance(band, dict):
            raise ValidationError(f"{where}: band {i} is not valid.")
        bands.append(
            {
                field: _number(band.get(field), f"{where}: {label} of band {i}", 0, high, whole=True),
                "points": _points(band.get("points"), f"{where}: the points of band {i}"),
            }
        )
    bands.sort(key=lambda b: b[field])
    for a, b in zip(bands, bands[1:], strict=False):
        if a[field] == b[field]:
            raise ValidationError(f"{where}: two bands have {label} {a[field]}; each band needs its own value.")
    return bands


# --- the starting template ----------------------------------------------------------------


def default_thresholds() -> dict:
    return dict(health.DEFAULT_THRESHOLDS)


def default_definition() -> dict:
    """Sentiment (NPS), engagement (meetings, recent activity) and support (open tickets):
    max points 30 + 45 + 25 = 100."""
    return {
        "groups": [
            {
                "key": "g1",
                "name": "Sentiment",
                "kind": "property",
                "max_points": 30,
                "criteria": [
                    {
                        "key": "c1",
                        "kind": "property_linear",
                        "label": "NPS score",
                        "property": "nps",
                        "low": 0,
                        "high": 10,
                        "points_low": 0,
                        "points_high": 30,
                    }
                ],
            },
            {
                "key": "g2",
                "name": "Engagement",
                "kind": "event",
                "max_points": 45,
                "criteria": [
                    {
                        "key": "c2",
                        "kind": "event_count",
                        "label": "Meetings in the last 90 days",
                        "event": "meeting",
                        "window_days": 90,
                        "bands": [{"min": 1, "points": 10}, {"min": 2, "points": 18}, {"min": 4, "points": 25}],
                    },
                    {
                        "key": "c3",
                        "kind": "recency",
                        "label": "Days since the last activity",
                        "event": "any",
                        "bands": [
                            {"max_days": 14, "points": 20},
                            {"max_days": 30, "points": 12},
                            {"max_days": 60, "points": 5},
                        ],
                        "otherwise": 0,
                    },
                ],
            },
            {
                "key": "g3",
                "name": "Support",
                "kind": "event",
                "max_points": 25,
                "criteria": [
                    {
                        "key": "c4",
                        "kind": "open_tickets",
                        "label": "Open tickets",
                        "bands": [
                            {"min": 0, "points": 25},
                            {"min": 1, "points": 15},
                            {"min": 3, "points": 5},
                            {"min": 5, "points": 0},
                        ],
                    }
                ],
            },
        ]
    }


def new_group(kind: str, taken: set[str], n: int) -> dict:
    """An empty group for the editor (its criteria are added next)."""
    name = "Property group" if kind == "property" else "Event group"
    return {"key": new_key("g", taken), "name": f"{name} {n}", "kind": kind, "max_points": 0, "criteria": []}


def new_criterion(kind: str, taken: set[str]) -> dict:
    """A criterion of `kind` with sensible values to start from."""
    c: dict[str, Any] = {"key": new_key("c", taken), "kind": kind}
    if kind == "property_condition":
        c |= {
            "label": "Detractor (NPS 6 or below)",
            "filter": {"all": [{"property": "nps", "operator": "lte", "value": 6}]},
            "points": -10,
        }
    elif kind == "property_linear":
        c |= {"label": "NPS score", "property": "nps", "low": 0, "high": 10, "points_low": 0, "points_high": 10}
    elif kind == "event_count":
        c |= {
            "label": "Calls in the last 60 days",
            "event": "call",
            "window_days": 60,
            "bands": [{"min": 1, "points": 5}, {"min": 3, "points": 10}],
        }
    elif kind == "recency":
        c |= {
            "label": "Days since the last meeting",
            "event": "meeting",
            "bands": [{"max_days": 30, "points": 10}, {"max_days": 90, "points": 5}],
            "otherwise": 0,
        }
    elif kind == "open_tickets":
        c |= {"label": "Open tickets", "bands": [{"min": 0, "points": 10}, {"min": 3, "points": 0}]}
    else:
        raise ValueError(f"unknown criterion kind {kind!r}")
    return c


def max_points_total(definition: dict) -> float:
    """Sum of the groups' max points as typed (for the editor's running total)."""
    total = 0.0
    for g in definition.get("groups", []) or []:
        value = g.get("max_points")
        if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
            total += value
    return total


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
        raise NotFound(GONE)
    return row


def get_profile(session: Session, actor: Actor, profile_id: int) -> Profile:
    require(can_use_workspace(actor), READ_DENIED)
    return _profile(_row(session, profile_id))


# --- writing ------------------------------------------------------------------------------


def _unique_name(session: Session, raw: Any, except_id: int | None = None) -> str:
    name = _text(raw, "The profile name", MAX_NAME)
    # Few profiles: compare in Python, where case folding knows every alphabet (SQLite's lower() does not).
    for pid, other in session.execute(select(HealthProfile.id, HealthProfile.name)):
        if pid != except_id and other.casefold() == name.casefold():
            raise ValidationError(f"A health score profile named {quote(other)} already exists.")
    return name


def _status(value: Any) -> str:
    if value not in STATUSES:
        raise ValidationError("A profile is either a draft or active.")
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
    """A draft copy named "<name> (copy)" (or "(copy 2)", …), with the same keys."""
    _require_edit(actor)
    src = _row(session, profile_id)
    taken = {n.casefold() for n in session.scalars(select(HealthProfile.name))}
    n = 1
    while True:
        suffix = " (copy)" if n == 1 else f" (copy {n})"
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
        health.refresh_primary(session, scored)
