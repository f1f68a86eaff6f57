"""The checks of one criterion of a health score profile (conditions, sliding scales, event
counts, recency, bands of points), normalised; `definitions` checks the groups around them."""

from __future__ import annotations

from typing import Any

from cslib import i18n
from cslib.errors import ValidationError, quote
from cslib.health.fields import (
    LINEAR_TYPES,
    MAX_BANDS,
    MAX_COUNT,
    MAX_DAYS,
    MAX_LABEL,
    MAX_POINTS,
    MAX_WINDOW_DAYS,
    checked_filter,
    checked_key,
    checked_number,
    checked_text,
    is_health_property,
    shown_number,
)
from cslib.health.vocabulary import CRITERION_KINDS, EVENT_TYPES, KINDS_OF_GROUP
from cslib.i18n import N_, _, ngettext

AT_LEAST = N_("“At least”")
WITHIN_DAYS = N_("“Within days”")


def criterion_label(value: Any, n: int, group_where: str) -> str:
    return checked_text(
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


def checked_criterion(raw: Any, n: int, group_kind: str, group_where: str, props: dict, keys: set[str]) -> dict:
    if not isinstance(raw, dict):
        raise ValidationError(_("{where}, criterion {number} is not valid.", where=group_where, number=n))
    label = criterion_label(raw.get("label"), n, group_where)
    where = _("{where}, criterion {name}", where=group_where, name=quote(label))
    kind = raw.get("kind")
    if kind not in CRITERION_KINDS:
        raise ValidationError(_("{where}: unknown kind of criterion {kind}.", where=where, kind=quote(str(kind))))
    if kind not in KINDS_OF_GROUP[group_kind]:
        shown = _(CRITERION_KINDS[kind])
        if group_kind == "property":
            raise ValidationError(_("{where}: “{kind}” criteria belong in an event group.", where=where, kind=shown))
        raise ValidationError(_("{where}: “{kind}” criteria belong in a property group.", where=where, kind=shown))
    out: dict[str, Any] = {"key": checked_key(raw.get("key"), "c", keys, where), "kind": kind, "label": label}
    if kind == "property_condition":
        flt = checked_filter(raw.get("filter"), props, where)
        if flt is None:
            raise ValidationError(_("{where}: set the condition that gives the points.", where=where))
        out["filter"] = flt
        out["points"] = checked_points(raw.get("points"), _("{where}: points", where=where))
    elif kind == "property_linear":
        out.update(_linear(raw, where, props))
    elif kind == "event_count":
        out["event"] = _event(raw.get("event"), where)
        window = _("{where}: the window", where=where)
        out["window_days"] = checked_number(raw.get("window_days"), window, 1, MAX_WINDOW_DAYS, whole=True)
        out["bands"] = _bands(raw.get("bands"), where, "min", AT_LEAST, MAX_COUNT)
    elif kind == "recency":
        out["event"] = _event(raw.get("event"), where)
        out["bands"] = _bands(raw.get("bands"), where, "max_days", WITHIN_DAYS, MAX_DAYS)
        out["otherwise"] = checked_points(raw.get("otherwise", 0), _("{where}: “Otherwise” points", where=where))
    else:
        out["bands"] = _bands(raw.get("bands"), where, "min", AT_LEAST, MAX_COUNT)
    return out


def checked_points(value: Any, what: str) -> int | float:
    return checked_number(value, what, -MAX_POINTS, MAX_POINTS)


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
    low = checked_number(raw.get("low"), _("{where}: the low value", where=where), -1e12, 1e12)
    high = checked_number(raw.get("high"), _("{where}: the high value", where=where), -1e12, 1e12)
    if low >= high:
        raise ValidationError(
            _(
                "{where}: the low value ({low}) must be below the high value ({high}).",
                where=where,
                low=shown_number(low),
                high=shown_number(high),
            )
        )
    return {
        "property": name,
        "low": low,
        "high": high,
        "points_low": checked_points(raw.get("points_low"), _("{where}: points at the low value", where=where)),
        "points_high": checked_points(raw.get("points_high"), _("{where}: points at the high value", where=where)),
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
                field: checked_number(band.get(field), threshold, 0, high, whole=True),
                "points": checked_points(band.get("points"), points),
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
                    value=shown_number(a[field]),
                )
            )
    return bands
