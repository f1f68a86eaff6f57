"""The filter model's rules: value shapes per operator, `validate` and `FilterContext`.
Import from `cslib.filters`, which is the public face of the model.

Messages come out in the reader's language (`cslib.i18n`), with property labels as
`properties_for` gave them."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from cslib import i18n
from cslib.filters.operators import (
    MAX_AMOUNT,
    MAX_CONDITIONS,
    MAX_DEPTH,
    MAX_GROUPS,
    MAX_LIST,
    MAX_STRING,
    MAX_YEAR,
    MIN_YEAR,
    OPERATOR_LABELS,
    OPERATORS,
    PRESETS,
    TYPE_WORDS,
    UNITS,
    FilterError,
    show,
)
from cslib.i18n import _, ngettext
from cslib.properties import PropertySpec
from cslib.validation import MAX_ID

_NUMBER_RE = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _too_many_conditions() -> str:
    return ngettext(
        "A filter can have at most {n} condition", "A filter can have at most {n} conditions", MAX_CONDITIONS
    )


@dataclass(frozen=True)
class FilterContext:
    """Who is filtering and when: `"me"` is `user_id`; relative dates count days in
    `time_zone` (an IANA name) around `now` (timezone-aware)."""

    user_id: int | None
    now: datetime
    time_zone: str = "UTC"

    def __post_init__(self) -> None:
        if self.now.tzinfo is None or self.now.utcoffset() is None:
            raise TypeError("FilterContext.now must be timezone-aware")
        self.zone()

    def zone(self) -> ZoneInfo:
        try:
            return ZoneInfo(self.time_zone)
        except Exception as exc:  # ZoneInfoNotFoundError, ValueError for odd names
            raise FilterError(_("Unknown time zone {zone}", zone=show(self.time_zone))) from exc

    def today(self) -> date:
        return self.now.astimezone(self.zone()).date()


def operators_for(spec: PropertySpec) -> list[tuple[str, str]]:
    """(operator, label in the reader's language) pairs that fit `spec`'s type, for the
    filter builder."""
    return [(op, _(OPERATOR_LABELS[op])) for op in OPERATORS.get(spec.type, ())]


def value_kind(spec: PropertySpec, operator: str) -> str | None:
    """What value `operator` takes on `spec` (so the UI can show the right input): None,
    "text", "texts", "number", "number_range", "date", "date_range", "period", "preset",
    "options" (option values) or "users" (user ids and "me")."""
    family = _family(spec.type)
    if operator in ("is_known", "is_unknown", "is_true", "is_false"):
        return None
    if family == "text":
        return "texts" if operator in ("in", "not_in") else "text"
    if family == "number":
        return "number_range" if operator == "between" else "number"
    if family == "date":
        return {
            "between": "date_range",
            "in_last": "period",
            "in_next": "period",
            "more_than_ago": "period",
            "preset": "preset",
        }.get(operator, "date")
    return "users" if spec.type == "user" else "options"


def validate(raw: Any, props: dict[str, PropertySpec]) -> dict | None:
    """Check `raw` against `props` and return a normalised copy (numbers as float, dates
    as ISO strings, lists without duplicates), or None when it filters nothing out.
    Raises FilterError for anything else, including filters over the size limits."""
    if raw is None:
        return None
    if not isinstance(raw, dict):
        raise FilterError(_("A filter must be a group of conditions or a condition"))
    if not raw:
        return None
    counts = {"conditions": 0, "groups": 0}
    out = _node(raw, props, 0, counts)
    return None if is_empty_group(out) else out


def _node(node: Any, props: dict[str, PropertySpec], depth: int, counts: dict[str, int]) -> dict:
    if not isinstance(node, dict):
        raise FilterError(_("Each part of a filter must be a group or a condition"))
    if "property" in node or "operator" in node:
        counts["conditions"] += 1
        if counts["conditions"] > MAX_CONDITIONS:
            raise FilterError(_too_many_conditions())
        return _condition(node, props)
    if len(node) != 1 or not ({"all", "any"} & set(node)):
        raise FilterError(_('A filter group must have exactly one of "all" or "any"'))
    counts["groups"] += 1
    if depth + 1 > MAX_DEPTH:
        raise FilterError(
            ngettext(
                "Filter groups can be nested at most {n} level deep",
                "Filter groups can be nested at most {n} levels deep",
                MAX_DEPTH,
            )
        )
    if counts["groups"] > MAX_GROUPS:
        raise FilterError(
            ngettext("A filter can have at most {n} group", "A filter can have at most {n} groups", MAX_GROUPS)
        )
    key = "all" if "all" in node else "any"
    children = node[key]
    if not isinstance(children, list):
        raise FilterError(_('"{key}" must hold a list of conditions', key=key))
    if len(children) > MAX_CONDITIONS:
        raise FilterError(_too_many_conditions())
    out = [_node(child, props, depth + 1, counts) for child in children]
    # An empty group restricts nothing: drop it from "all"; it makes "any" true.
    if key == "any" and any(is_empty_group(child) for child in out):
        return {"any": []}
    return {key: [child for child in out if not is_empty_group(child)]}


def is_empty_group(node: dict) -> bool:
    """True for {"all": []} and {"any": []}: groups that restrict nothing."""
    return set(node) in ({"all"}, {"any"}) and not next(iter(node.values()))


def _condition(node: dict, props: dict[str, PropertySpec]) -> dict:
    extra = set(node) - {"property", "operator", "value"}
    if extra:
        raise FilterError(_("Unexpected key {key} in a filter condition", key=show(sorted(map(str, extra))[0])))
    name, op = node.get("property"), node.get("operator")
    if not isinstance(name, str) or not name:
        raise FilterError(_("Each filter condition needs a property"))
    spec = props.get(name)
    if spec is None:
        raise FilterError(_("Unknown property {name}", name=show(name)))
    if op is None:
        raise FilterError(_("Choose an operator for {property}", property=spec.label))
    if not isinstance(op, str) or op not in OPERATOR_LABELS:
        raise FilterError(_("Unknown operator {operator} for {property}", operator=show(op), property=spec.label))
    if op not in OPERATORS.get(spec.type, ()):
        kind = _(TYPE_WORDS[spec.type]) if spec.type in TYPE_WORDS else spec.type
        raise FilterError(
            _(
                "Operator {operator} does not fit {property} ({kind})",
                operator=show(op),
                property=spec.label,
                kind=kind,
            )
        )
    out: dict[str, Any] = {"property": name, "operator": op}
    kind = value_kind(spec, op)
    value = node.get("value")
    if kind is None:
        if value is not None:
            raise FilterError(
                _("{property} {operator} takes no value", property=spec.label, operator=_(OPERATOR_LABELS[op]))
            )
        return out
    if value is None:
        raise FilterError(_("Enter a value for {property}", property=spec.label))
    out["value"] = _VALUE_CHECKS[kind](value, spec)
    return out


def _text(value: Any, spec: PropertySpec) -> str:
    if not isinstance(value, str):
        raise FilterError(_("Value for {property} must be a text", property=spec.label))
    if not value:
        raise FilterError(_("Enter a value for {property}", property=spec.label))
    if len(value) > MAX_STRING:
        raise FilterError(
            ngettext(
                "Value for {property} is too long (at most {n} character)",
                "Value for {property} is too long (at most {n} characters)",
                MAX_STRING,
                property=spec.label,
            )
        )
    if "\x00" in value:
        raise FilterError(_("Value for {property} contains a NUL character", property=spec.label))
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise FilterError(_("Value for {property} is not valid text", property=spec.label)) from exc
    return value


def _list(value: Any, spec: PropertySpec) -> list:
    if not isinstance(value, list):
        raise FilterError(_("Values for {property} must be a list", property=spec.label))
    if not value:
        raise FilterError(_("Choose at least one value for {property}", property=spec.label))
    if len(value) > MAX_LIST:
        raise FilterError(
            _("Too many values for {property} (at most {n})", property=spec.label, n=i18n.number(MAX_LIST))
        )
    return value


def _dedupe(items: list) -> list:
    seen: list = []
    for item in items:
        if not any(item == s and type(item) is type(s) for s in seen):
            seen.append(item)
    return seen


def _texts(value: Any, spec: PropertySpec) -> list[str]:
    return _dedupe([_text(v, spec) for v in _list(value, spec)])


def _number(value: Any, spec: PropertySpec) -> float:
    msg = _("Value for {property} must be a number", property=spec.label)
    if isinstance(value, str) and len(value) <= 100 and _NUMBER_RE.fullmatch(value.strip()):
        value = value.strip()
    elif isinstance(value, bool) or not isinstance(value, int | float):
        raise FilterError(msg)
    try:
        number = float(value)
    except (OverflowError, ValueError) as exc:
        raise FilterError(msg) from exc
    if not math.isfinite(number):
        raise FilterError(msg)
    return number


def _number_range(value: Any, spec: PropertySpec) -> dict[str, float]:
    if not isinstance(value, dict) or set(value) != {"min", "max"}:
        raise FilterError(_('Value for {property} must have a "min" and a "max"', property=spec.label))
    low, high = _number(value["min"], spec), _number(value["max"], spec)
    if low > high:
        raise FilterError(_("The minimum for {property} is larger than the maximum", property=spec.label))
    return {"min": low, "max": high}


def _date(value: Any, spec: PropertySpec) -> str:
    msg = _("Value for {property} must be a date like 2026-01-31", property=spec.label)
    if not isinstance(value, str) or not _DATE_RE.fullmatch(value):
        raise FilterError(msg)
    try:
        day = date.fromisoformat(value)
    except ValueError as exc:
        raise FilterError(msg) from exc
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        raise FilterError(
            _(
                "Value for {property} must be a date between the years {low} and {high}",
                property=spec.label,
                low=MIN_YEAR,
                high=MAX_YEAR,
            )
        )
    return day.isoformat()


def _date_range(value: Any, spec: PropertySpec) -> dict[str, str]:
    if not isinstance(value, dict) or set(value) != {"from", "to"}:
        raise FilterError(_('Value for {property} must have a "from" and a "to" date', property=spec.label))
    start, end = _date(value["from"], spec), _date(value["to"], spec)
    if start > end:
        raise FilterError(_("The start date for {property} is after the end date", property=spec.label))
    return {"from": start, "to": end}


def _period(value: Any, spec: PropertySpec) -> dict[str, Any]:
    if not isinstance(value, dict) or set(value) != {"amount", "unit"}:
        raise FilterError(_('Value for {property} must have an "amount" and a "unit"', property=spec.label))
    amount, unit = value["amount"], value["unit"]
    if isinstance(amount, bool) or not isinstance(amount, int) or not 1 <= amount <= MAX_AMOUNT:
        raise FilterError(
            _(
                "The amount for {property} must be a whole number from 1 to {n}",
                property=spec.label,
                n=i18n.number(MAX_AMOUNT),
            )
        )
    if not isinstance(unit, str) or unit not in UNITS:
        raise FilterError(_("The unit for {property} must be days, weeks or months", property=spec.label))
    return {"amount": amount, "unit": unit}


def _preset(value: Any, spec: PropertySpec) -> str:
    if not isinstance(value, str) or value not in dict(PRESETS):
        raise FilterError(_("Unknown period {period} for {property}", period=show(value), property=spec.label))
    return value


def _options(value: Any, spec: PropertySpec) -> list:
    items = _list(value, spec)
    allowed = spec.option_values or frozenset(key for key, _ in spec.options)
    if allowed:
        for item in items:
            if not isinstance(item, str) or item not in allowed:
                raise FilterError(_("{value} is not an option of {property}", value=show(item), property=spec.label))
        return _dedupe(items)
    out: list = []
    for item in items:
        if isinstance(item, int) and not isinstance(item, bool) and abs(item) <= MAX_ID:
            out.append(item)
        elif isinstance(item, str):
            out.append(_text(item, spec))
        else:
            raise FilterError(_("{value} is not a valid value for {property}", value=show(item), property=spec.label))
    return _dedupe(out)


def _users(value: Any, spec: PropertySpec) -> list:
    for item in _list(value, spec):
        if item == "me" and isinstance(item, str):
            continue
        if isinstance(item, bool) or not isinstance(item, int) or not 1 <= item <= MAX_ID:
            raise FilterError(_('Values for {property} must be user ids or "me"', property=spec.label))
    return _dedupe(value)


_VALUE_CHECKS = {
    "text": _text,
    "texts": _texts,
    "number": _number,
    "number_range": _number_range,
    "date": _date,
    "date_range": _date_range,
    "period": _period,
    "preset": _preset,
    "options": _options,
    "users": _users,
}


def _family(type_: str) -> str:
    if type_ in ("string", "text"):
        return "text"
    if type_ in ("number", "currency"):
        return "number"
    if type_ in ("date", "datetime"):
        return "date"
    return type_
