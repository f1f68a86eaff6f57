"""The fields a health score profile is made of, and their checks: which company properties
a profile may read (and which ones it reads), the limits, numbers in range, texts, keys and
segment filters. `definitions` and `criteria` check whole profiles and criteria with these;
every message is a whole sentence in the catalogs, where `what` and `where` name the field,
group or criterion at fault in the reader's language ("Group “Support”, criterion “Open
tickets”")."""

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
from cslib.i18n import _
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


def checked_number(value: Any, what: str, low: float, high: float, *, whole: bool = False) -> int | float:
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
                low=shown_number(low),
                high=shown_number(high),
                value=shown_number(value),
            )
        )
    return int(value) if value == int(value) else round(float(value), 2)


def shown_number(value: float) -> str:
    return i18n.number(int(value) if value == int(value) else value)


def checked_text(value: Any, max_len: int, empty: str, too_long: Callable[[str], str]) -> str:
    """`value` stripped; refused with `empty`, or `too_long(its length)`."""
    text = value.strip() if isinstance(value, str) else ""
    if not text:
        raise ValidationError(empty)
    if len(text) > max_len:
        raise ValidationError(too_long(i18n.number(len(text))))
    return text


def new_key(prefix: str, taken: set[str] | None = None) -> str:
    """A fresh key for a group ("g…") or criterion ("c…"), not in `taken`."""
    taken = taken or set()
    while True:
        key = f"{prefix}{uuid.uuid4().hex[:6]}"
        if key not in taken:
            return key


def checked_key(raw: Any, prefix: str, taken: set[str], where: str) -> str:
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


def checked_filter(raw: Any, props: dict[str, PropertySpec], where: str) -> dict | None:
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
