"""The filter model's rules: operators per property type, value shapes, limits and
`validate`. Import from `cslib.filters`, which is the public face of the model."""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from cslib.errors import ValidationError
from cslib.properties import PropertySpec
from cslib.validation import MAX_ID

MAX_DEPTH = 4  # groups inside groups, counting the outermost group
MAX_CONDITIONS = 50
MAX_GROUPS = 50
MAX_STRING = 1000
MAX_LIST = 500
MAX_AMOUNT = 3650
MIN_YEAR, MAX_YEAR = 1000, 8999

OPERATOR_LABELS: dict[str, str] = {
    "eq": "is equal to",
    "neq": "is not equal to",
    "contains": "contains",
    "not_contains": "doesn't contain",
    "starts_with": "starts with",
    "in": "is any of",
    "not_in": "is none of",
    "lt": "is less than",
    "lte": "is less than or equal to",
    "gt": "is greater than",
    "gte": "is greater than or equal to",
    "between": "is between",
    "on": "is on",
    "before": "is before",
    "after": "is after",
    "in_last": "is in the last",
    "in_next": "is in the next",
    "more_than_ago": "is more than … ago",
    "preset": "is in the period",
    "is_true": "is true",
    "is_false": "is false",
    "is_known": "is known",
    "is_unknown": "is unknown",
}
_KNOWN = ("is_known", "is_unknown")
_TEXT_OPS = ("eq", "neq", "contains", "not_contains", "starts_with", "in", "not_in", *_KNOWN)
_NUMBER_OPS = ("eq", "neq", "lt", "lte", "gt", "gte", "between", *_KNOWN)
_DATE_OPS = ("on", "before", "after", "between", "in_last", "in_next", "more_than_ago", "preset", *_KNOWN)
OPERATORS: dict[str, tuple[str, ...]] = {
    "string": _TEXT_OPS,
    "text": _TEXT_OPS,
    "number": _NUMBER_OPS,
    "currency": _NUMBER_OPS,
    "date": _DATE_OPS,
    "datetime": _DATE_OPS,
    "bool": ("is_true", "is_false", *_KNOWN),
    "enumeration": ("in", "not_in", *_KNOWN),
    "user": ("in", "not_in", *_KNOWN),
}
NEGATIVE_OPERATORS = frozenset({"neq", "not_contains", "not_in"})
PRESETS: tuple[tuple[str, str], ...] = (
    ("before_today", "before today"),
    ("today", "today"),
    ("yesterday", "yesterday"),
    ("tomorrow", "tomorrow"),
    ("this_week", "this week"),
    ("last_week", "last week"),
    ("next_week", "next week"),
    ("this_month", "this month"),
    ("last_month", "last month"),
    ("next_month", "next month"),
    ("this_quarter", "this quarter"),
    ("last_quarter", "last quarter"),
    ("this_year", "this year"),
)
UNITS = ("days", "weeks", "months")
_TYPE_WORDS = {
    "string": "a text",
    "text": "a text",
    "number": "a number",
    "currency": "a number",
    "date": "a date",
    "datetime": "a date and time",
    "bool": "a yes/no value",
    "enumeration": "a choice",
    "user": "a user",
}
_NUMBER_RE = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")


class FilterError(ValidationError):
    """The filter was refused; the message says why, in words a user can read."""


@dataclass(frozen=True)
class FilterContext:
    """Who is filtering and when: `"me"` is `user_id`; relative dates count days in
    `time_zone` (an IANA name) around `now` (timezone-aware)."""

    user_id: int | None
    now: datetime
    time_zone: str = "UTC"

    def __post_init__(self) -> None:
        if self.now.tzinfo is None or self.now.utcoffset() is None:
            raise ValueError("FilterContext.now must be timezone-aware")
        self.zone()

    def zone(self) -> ZoneInfo:
        try:
            return ZoneInfo(self.time_zone)
        except Exception as exc:  # ZoneInfoNotFoundError, ValueError for odd names
            raise FilterError(f"Unknown time zone {_show(self.time_zone)}") from exc

    def today(self) -> date:
        return self.now.astimezone(self.zone()).date()


def operators_for(spec: PropertySpec) -> list[tuple[str, str]]:
    """(operator, English label) pairs that fit `spec`'s type, for the filter builder."""
    return [(op, OPERATOR_LABELS[op]) for op in OPERATORS.get(spec.type, ())]


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
        raise FilterError("A filter must be a group of conditions or a condition")
    if not raw:
        return None
    counts = {"conditions": 0, "groups": 0}
    out = _node(raw, props, 0, counts)
    return None if is_empty_group(out) else out


def _node(node: Any, props: dict[str, PropertySpec], depth: int, counts: dict[str, int]) -> dict:
    if not isinstance(node, dict):
        raise FilterError("Each part of a filter must be a group or a condition")
    if "property" in node or "operator" in node:
        counts["conditions"] += 1
        if counts["conditions"] > MAX_CONDITIONS:
            raise FilterError(f"A filter can have at most {MAX_CONDITIONS} conditions")
        return _condition(node, props)
    if len(node) != 1 or not ({"all", "any"} & set(node)):
        raise FilterError('A filter group must have exactly one of "all" or "any"')
    counts["groups"] += 1
    if depth + 1 > MAX_DEPTH:
        raise FilterError(f"Filter groups can be nested at most {MAX_DEPTH} levels deep")
    if counts["groups"] > MAX_GROUPS:
        raise FilterError(f"A filter can have at most {MAX_GROUPS} groups")
    key = "all" if "all" in node else "any"
    children = node[key]
    if not isinstance(children, list):
        raise FilterError(f'"{key}" must hold a list of conditions')
    if len(children) > MAX_CONDITIONS:
        raise FilterError(f"A filter can have at most {MAX_CONDITIONS} conditions")
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
        raise FilterError(f"Unexpected key {_show(sorted(map(str, extra))[0])} in a filter condition")
    name, op = node.get("property"), node.get("operator")
    if not isinstance(name, str) or not name:
        raise FilterError("Each filter condition needs a property")
    spec = props.get(name)
    if spec is None:
        raise FilterError(f"Unknown property {_show(name)}")
    if op is None:
        raise FilterError(f"Choose an operator for {spec.label}")
    if not isinstance(op, str) or op not in OPERATOR_LABELS:
        raise FilterError(f"Unknown operator {_show(op)} for {spec.label}")
    if op not in OPERATORS.get(spec.type, ()):
        raise FilterError(f"Operator {_show(op)} does not fit {spec.label} ({_TYPE_WORDS.get(spec.type, spec.type)})")
    out: dict[str, Any] = {"property": name, "operator": op}
    kind = value_kind(spec, op)
    value = node.get("value")
    if kind is None:
        if value is not None:
            raise FilterError(f"{spec.label} {OPERATOR_LABELS[op]} takes no value")
        return out
    if value is None:
        raise FilterError(f"Enter a value for {spec.label}")
    out["value"] = _VALUE_CHECKS[kind](value, spec)
    return out


def _text(value: Any, spec: PropertySpec) -> str:
    if not isinstance(value, str):
        raise FilterError(f"Value for {spec.label} must be a text")
    if not value:
        raise FilterError(f"Enter a value for {spec.label}")
    if len(value) > MAX_STRING:
        raise FilterError(f"Value for {spec.label} is too long (at most {MAX_STRING} characters)")
    if "\x00" in value:
        raise FilterError(f"Value for {spec.label} contains a NUL character")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise FilterError(f"Value for {spec.label} is not valid text") from exc
    return value


def _list(value: Any, spec: PropertySpec) -> list:
    if not isinstance(value, list):
        raise FilterError(f"Values for {spec.label} must be a list")
    if not value:
        raise FilterError(f"Choose at least one value for {spec.label}")
    if len(value) > MAX_LIST:
        raise FilterError(f"Too many values for {spec.label} (at most {MAX_LIST})")
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
    msg = f"Value for {spec.label} must be a number"
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
        raise FilterError(f'Value for {spec.label} must have a "min" and a "max"')
    low, high = _number(value["min"], spec), _number(value["max"], spec)
    if low > high:
        raise FilterError(f"The minimum for {spec.label} is larger than the maximum")
    return {"min": low, "max": high}


def _date(value: Any, spec: PropertySpec) -> str:
    msg = f"Value for {spec.label} must be a date like 2026-01-31"
    if not isinstance(value, str) or not _DATE_RE.fullmatch(value):
        raise FilterError(msg)
    try:
        day = date.fromisoformat(value)
    except ValueError as exc:
        raise FilterError(msg) from exc
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        raise FilterError(f"Value for {spec.label} must be a date between the years {MIN_YEAR} and {MAX_YEAR}")
    return day.isoformat()


def _date_range(value: Any, spec: PropertySpec) -> dict[str, str]:
    if not isinstance(value, dict) or set(value) != {"from", "to"}:
        raise FilterError(f'Value for {spec.label} must have a "from" and a "to" date')
    start, end = _date(value["from"], spec), _date(value["to"], spec)
    if start > end:
        raise FilterError(f"The start date for {spec.label} is after the end date")
    return {"from": start, "to": end}


def _period(value: Any, spec: PropertySpec) -> dict[str, Any]:
    if not isinstance(value, dict) or set(value) != {"amount", "unit"}:
        raise FilterError(f'Value for {spec.label} must have an "amount" and a "unit"')
    amount, unit = value["amount"], value["unit"]
    if isinstance(amount, bool) or not isinstance(amount, int) or not 1 <= amount <= MAX_AMOUNT:
        raise FilterError(f"The amount for {spec.label} must be a whole number from 1 to {MAX_AMOUNT}")
    if not isinstance(unit, str) or unit not in UNITS:
        raise FilterError(f"The unit for {spec.label} must be days, weeks or months")
    return {"amount": amount, "unit": unit}


def _preset(value: Any, spec: PropertySpec) -> str:
    if not isinstance(value, str) or value not in dict(PRESETS):
        raise FilterError(f"Unknown period {_show(value)} for {spec.label}")
    return value


def _options(value: Any, spec: PropertySpec) -> list:
    items = _list(value, spec)
    allowed = spec.option_values or frozenset(key for key, _ in spec.options)
    if allowed:
        for item in items:
            if not isinstance(item, str) or item not in allowed:
                raise FilterError(f"{_show(item)} is not an option of {spec.label}")
        return _dedupe(items)
    out: list = []
    for item in items:
        if isinstance(item, int) and not isinstance(item, bool) and abs(item) <= MAX_ID:
            out.append(item)
        elif isinstance(item, str):
            out.append(_text(item, spec))
        else:
            raise FilterError(f"{_show(item)} is not a valid value for {spec.label}")
    return _dedupe(out)


def _users(value: Any, spec: PropertySpec) -> list:
    for item in _list(value, spec):
        if item == "me" and isinstance(item, str):
            continue
        if isinstance(item, bool) or not isinstance(item, int) or not 1 <= item <= MAX_ID:
            raise FilterError(f'Values for {spec.label} must be user ids or "me"')
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


def _show(value: Any) -> str:
    """A user's value quoted for a message, cut short."""
    if isinstance(value, str):
        text = value[:100]
    elif value is None or isinstance(value, bool | float) or (isinstance(value, int) and abs(value) < 10**15):
        text = json.dumps(value)
    else:
        return {list: "a list", dict: "an object"}.get(type(value), "a value")
    text = text.encode("utf-8", "replace").decode("utf-8").replace("\x00", "")
    return "'" + (text if len(text) <= 60 else text[:57] + "...") + "'"
