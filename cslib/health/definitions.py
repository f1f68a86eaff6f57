"""What a valid health score profile is: the one place that checks a definition (groups of
criteria, see ../shared/HEALTH.md), its thresholds, priority and segment, and normalises
them. The editor saves through `validate_definition` and the engine's preview runs it first.
Also which company properties a profile may read, and which ones it reads.

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
from collections.abc import Callable
from typing import Any

from sqlalchemy.orm import Session

from cslib import i18n
from cslib.errors import ValidationError, quote
from cslib.filters import FilterError, conditions, validate
from cslib.health.vocabulary import CRITERION_KINDS, EVENT_TYPES, GROUP_KINDS, KINDS_OF_GROUP
from cslib.i18n import N_, _, ngettext
from cslib.properties import PropertySpec, properties_for

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
LINEAR_TYPES = ("number", "currency")
_KEY_RE = re.compile(r"[A-Za-z0-9_]{1,40}")
_HEALTH_PROPERTIES = ("health_score", "health_category")


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
# Every message is a whole sentence in the catalogs. `what` and `where` name the field, the
# group or the criterion at fault, already in the reader's language ("Group “Support”",
# "Group “Support”, criterion “Open tickets”").

AT_LEAST = N_("“At least”")
WITHIN_DAYS = N_("“Within days”")


def _number(value: Any, what: str, low: float, high: float, *, whole: bool = False) -> int | float:
    """A finite number within [low, high]; int when whole."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValidationError(_("{what} must be a number.", what=what))
    if whole and value != int(value):
        raise ValidationError(_("{what} must be a whole number.", what=what))
    if not low <= value <= high:
        raise ValidationError(
            _(
                "{what} must be between {low} and {high} (it is {value}).",
                what=what,
                low=_show(low),
                high=_show(high),
                value=_show(value),
            )
        )
    return int(value) if value == int(value) else round(float(value), 2)


def _show(value: float) -> str:
    return i18n.number(int(value) if value == int(value) else value)


def _text(value: Any, max_len: int, empty: str, too_long: Callable[[str], str]) -> str:
    """`value` stripped; refused with `empty`, or `too_long(its length)`."""
    text = value.strip() if isinstance(value, str) else ""
    if not text:
        raise ValidationError(empty)
    if len(text) > max_len:
        raise ValidationError(too_long(i18n.number(len(text))))
    return text


def check_profile_name(value: Any) -> str:
    return _text(
        value,
        MAX_NAME,
        _("The profile name cannot be empty."),
        lambda length: ngettext(
            "The profile name can be at most {n} character (it has {length}).",
            "The profile name can be at most {n} characters (it has {length}).",
            MAX_NAME,
            length=length,
        ),
    )


def _group_name(value: Any, n: int) -> str:
    return _text(
        value,
        MAX_LABEL,
        _("The name of group {number} cannot be empty.", number=n),
        lambda length: ngettext(
            "The name of group {number} can be at most {n} character (it has {length}).",
            "The name of group {number} can be at most {n} characters (it has {length}).",
            MAX_LABEL,
            number=n,
            length=length,
        ),
    )


def _criterion_label(value: Any, n: int, group_where: str) -> str:
    return _text(
        value,
        MAX_LABEL,
        _("{where}: the label of criterion {number} cannot be empty.", where=group_where, number=n),
        lambda length: ngettext(
            "{where}: the label of criterion {number} can be at most {n} character (it has {length}).",
            "{where}: the label of criterion {number} can be at most {n} characters (it has {length}).",
            MAX_LABEL,
            where=group_where,
            number=n,
            length=length,
        ),
    )


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
        raise ValidationError(_("{where}: its key must be 1–40 letters, digits or _.", where=where))
    elif raw in taken:
        raise ValidationError(_("{where}: its key {key} is used twice.", where=where, key=quote(raw)))
    else:
        key = raw
    taken.add(key)
    return key


def _filter(raw: Any, props: dict[str, PropertySpec], where: str) -> dict | None:
    """A filter on company properties, normalised; `where` prefixes the message."""
    for name in sorted(_filter_names(raw)):
        if is_health_property(name):
            raise ValidationError(
                _("{where}: health scores and statuses cannot be used in a health score profile.", where=where)
            )
    if _has_me(raw):
        raise ValidationError(_("{where}: “Me” has no meaning in a health score; pick users by name.", where=where))
    try:
        return validate(raw, props)
    except FilterError as exc:
        raise ValidationError(_("{where}: {problem}", where=where, problem=str(exc))) from None


def validate_segment(session: Session, segment: Any) -> dict | None:
    """The segment a profile applies to, normalised (None: every live company)."""
    return _filter(segment, scoring_properties(session), _("Segment"))


def validate_thresholds(thresholds: Any) -> dict:
    """{"healthy": h, "neutral": n} with 0 ≤ n < h ≤ 100."""
    if not isinstance(thresholds, dict):
        raise ValidationError(_("Set the scores from which a customer is Healthy and Neutral."))
    healthy = _number(thresholds.get("healthy"), _("“Healthy from”"), 0, 100)
    neutral = _number(thresholds.get("neutral"), _("“Neutral from”"), 0, 100)
    if neutral >= healthy:
        raise ValidationError(
            _(
                "“Neutral from” ({neutral}) must be below “Healthy from” ({healthy}): "
                "customers below Neutral are At risk.",
                neutral=_show(neutral),
                healthy=_show(healthy),
            )
        )
    return {"healthy": healthy, "neutral": neutral}


def validate_priority(priority: Any) -> int:
    return int(_number(priority, _("Priority"), 1, MAX_PRIORITY, whole=True))


def validate_definition(session: Session, definition: Any) -> dict:
    """The definition checked against the company properties and normalised (keys made up
    where missing, numbers as int where whole, bands sorted). Raises ValidationError with a
    message naming the group or criterion at fault."""
    return check_definition(definition, scoring_properties(session))


def check_definition(definition: Any, props: dict[str, PropertySpec]) -> dict:
    """`validate_definition` against given properties."""
    groups = definition.get("groups") if isinstance(definition, dict) else None
    if not isinstance(groups, list):
        raise ValidationError(_("A health score is made of a list of groups."))
    if not groups:
        raise ValidationError(_("Add at least one group of criteria."))
    if len(groups) > MAX_GROUPS:
        raise ValidationError(
            ngettext(
                "A health score can have at most {n} group (this one has {count}).",
                "A health score can have at most {n} groups (this one has {count}).",
                MAX_GROUPS,
                count=i18n.number(len(groups)),
            )
        )
    group_keys: set[str] = set()
    criterion_keys: set[str] = set()
    out = [_group(g, i, props, group_keys, criterion_keys) for i, g in enumerate(groups, start=1)]
    total = sum(g["max_points"] for g in out)
    if total != MAX_POINTS:
        raise ValidationError(
            _(
                "The groups' max points add up to {total}; they must add up to exactly {max}.",
                total=_show(total),
                max=_show(MAX_POINTS),
            )
        )
    return {"groups": out}


def _group(raw: Any, n: int, props: dict, group_keys: set[str], criterion_keys: set[str]) -> dict:
    if not isinstance(raw, dict):
        raise ValidationError(_("Group {number} is not valid.", number=n))
    name = _group_name(raw.get("name"), n)
    where = _("Group {name}", name=quote(name))
    kind = raw.get("kind")
    if kind not in GROUP_KINDS:
        raise ValidationError(_("{where}: its kind must be property or event.", where=where))
    key = _key(raw.get("key"), "g", group_keys, where)
    max_points = _number(raw.get("max_points"), _("{where}: max points", where=where), 1, MAX_POINTS, whole=True)
    criteria = raw.get("criteria")
    if not isinstance(criteria, list) or not criteria:
        raise ValidationError(_("{where}: add at least one criterion.", where=where))
    if len(criteria) > MAX_CRITERIA:
        raise ValidationError(
            ngettext(
                "{where}: a group can have at most {n} criterion (it has {count}).",
                "{where}: a group can have at most {n} criteria (it has {count}).",
                MAX_CRITERIA,
                where=where,
                count=i18n.number(len(criteria)),
            )
        )
    out = [_criterion(c, i, kind, where, props, criterion_keys) for i, c in enumerate(criteria, start=1)]
    return {"key": key, "name": name, "kind": kind, "max_points": max_points, "criteria": out}


def _criterion(raw: Any, n: int, group_kind: str, group_where: str, props: dict, keys: set[str]) -> dict:
    if not isinstance(raw, dict):
        raise ValidationError(_("{where}, criterion {number} is not valid.", where=group_where, number=n))
    label = _criterion_label(raw.get("label"), n, group_where)
    where = _("{where}, criterion {name}", where=group_where, name=quote(label))
    kind = raw.get("kind")
    if kind not in CRITERION_KINDS:
        raise ValidationError(_("{where}: unknown kind of criterion {kind}.", where=where, kind=quote(str(kind))))
    if kind not in KINDS_OF_GROUP[group_kind]:
        shown = _(CRITERION_KINDS[kind])
        if group_kind == "property":
            raise ValidationError(_("{where}: “{kind}” criteria belong in an event group.", where=where, kind=shown))
        raise ValidationError(_("{where}: “{kind}” criteria belong in a property group.", where=where, kind=shown))
    out: dict[str, Any] = {"key": _key(raw.get("key"), "c", keys, where), "kind": kind, "label": label}
    if kind == "property_condition":
        flt = _filter(raw.get("filter"), props, where)
        if flt is None:
            raise ValidationError(_("{where}: set the condition that gives the points.", where=where))
        out["filter"] = flt
        out["points"] = _points(raw.get("points"), _("{where}: points", where=where))
    elif kind == "property_linear":
        out.update(_linear(raw, where, props))
    elif kind == "event_count":
        out["event"] = _event(raw.get("event"), where)
        window = _("{where}: the window", where=where)
        out["window_days"] = _number(raw.get("window_days"), window, 1, MAX_WINDOW_DAYS, whole=True)
        out["bands"] = _bands(raw.get("bands"), where, "min", AT_LEAST, MAX_COUNT)
    elif kind == "recency":
        out["event"] = _event(raw.get("event"), where)
        out["bands"] = _bands(raw.get("bands"), where, "max_days", WITHIN_DAYS, MAX_DAYS)
        out["otherwise"] = _points(raw.get("otherwise", 0), _("{where}: “Otherwise” points", where=where))
    else:
        out["bands"] = _bands(raw.get("bands"), where, "min", AT_LEAST, MAX_COUNT)
    return out


def _points(value: Any, what: str) -> int | float:
    return _number(value, what, -MAX_POINTS, MAX_POINTS)


def _linear(raw: dict, where: str, props: dict) -> dict:
    name = raw.get("property")
    if name is None or name == "":
        raise ValidationError(_("{where}: choose the number property it reads.", where=where))
    if isinstance(name, str) and is_health_property(name):
        raise ValidationError(_("{where}: health scores cannot be used in a health score profile.", where=where))
    spec = props.get(name) if isinstance(name, str) else None
    if spec is None:
        raise ValidationError(_("{where}: unknown property {name}.", where=where, name=quote(str(name))))
    if spec.type not in LINEAR_TYPES:
        raise ValidationError(
            _(
                "{where}: a sliding scale needs a number or currency property; {property} is not.",
                where=where,
                property=spec.label,
            )
        )
    low = _number(raw.get("low"), _("{where}: the low value", where=where), -1e12, 1e12)
    high = _number(raw.get("high"), _("{where}: the high value", where=where), -1e12, 1e12)
    if low >= high:
        raise ValidationError(
            _(
                "{where}: the low value ({low}) must be below the high value ({high}).",
                where=where,
                low=_show(low),
                high=_show(high),
            )
        )
    return {
        "property": name,
        "low": low,
        "high": high,
        "points_low": _points(raw.get("points_low"), _("{where}: points at the low value", where=where)),
        "points_high": _points(raw.get("points_high"), _("{where}: points at the high value", where=where)),
    }


def _event(value: Any, where: str) -> str:
    if value not in EVENT_TYPES:
        raise ValidationError(_("{where}: choose which activity it counts.", where=where))
    return value


def _bands(raw: Any, where: str, field: str, label: str, high: int) -> list[dict]:
    """Bands of points; `label` names the band's threshold (an N_ constant)."""
    if not isinstance(raw, list) or not raw:
        raise ValidationError(_("{where}: add at least one band of points.", where=where))
    if len(raw) > MAX_BANDS:
        raise ValidationError(
            ngettext(
                "{where}: at most {n} band (it has {count}).",
                "{where}: at most {n} bands (it has {count}).",
                MAX_BANDS,
                where=where,
                count=i18n.number(len(raw)),
            )
        )
    bands = []
    for i, band in enumerate(raw, start=1):
        if not isinstance(band, dict):
            raise ValidationError(_("{where}: band {number} is not valid.", where=where, number=i))
        threshold = _("{where}: {label} of band {number}", where=where, label=_(label), number=i)
        points = _("{where}: the points of band {number}", where=where, number=i)
        bands.append(
            {
                field: _number(band.get(field), threshold, 0, high, whole=True),
                "points": _points(band.get("points"), points),
            }
        )
    bands.sort(key=lambda b: b[field])
    for a, b in zip(bands, bands[1:], strict=False):
        if a[field] == b[field]:
            raise ValidationError(
                _(
                    "{where}: two bands have {label} {value}; each band needs its own value.",
                    where=where,
                    label=_(label),
                    value=_show(a[field]),
                )
            )
    return bands
