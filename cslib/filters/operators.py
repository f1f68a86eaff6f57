"""The filter model's words and limits: operators per property type with their labels,
relative-date periods, units, the size limits, and `FilterError`. Import from
`cslib.filters`.

Labels are English, marked with `N_`: pages show them through `_()` (`operators_for` does
it for the builder). Operator keys, periods and units are stable codes in filters and links."""

from __future__ import annotations

import json
from typing import Any

from cslib.errors import ValidationError
from cslib.i18n import N_, _

MAX_DEPTH = 4  # groups inside groups, counting the outermost group
MAX_CONDITIONS = 50
MAX_GROUPS = 50
MAX_STRING = 1000
MAX_LIST = 500
MAX_AMOUNT = 3650
MIN_YEAR, MAX_YEAR = 1000, 8999

OPERATOR_LABELS: dict[str, str] = {
    "eq": N_("is equal to"),
    "neq": N_("is not equal to"),
    "contains": N_("contains"),
    "not_contains": N_("doesn't contain"),
    "starts_with": N_("starts with"),
    "in": N_("is any of"),
    "not_in": N_("is none of"),
    "lt": N_("is less than"),
    "lte": N_("is less than or equal to"),
    "gt": N_("is greater than"),
    "gte": N_("is greater than or equal to"),
    "between": N_("is between"),
    "on": N_("is on"),
    "before": N_("is before"),
    "after": N_("is after"),
    "in_last": N_("is in the last"),
    "in_next": N_("is in the next"),
    "more_than_ago": N_("is more than … ago"),
    "preset": N_("is in the period"),
    "is_true": N_("is true"),
    "is_false": N_("is false"),
    "is_known": N_("is known"),
    "is_unknown": N_("is unknown"),
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
    ("before_today", N_("before today")),
    ("today", N_("today")),
    ("yesterday", N_("yesterday")),
    ("tomorrow", N_("tomorrow")),
    ("this_week", N_("this week")),
    ("last_week", N_("last week")),
    ("next_week", N_("next week")),
    ("this_month", N_("this month")),
    ("last_month", N_("last month")),
    ("next_month", N_("next month")),
    ("this_quarter", N_("this quarter")),
    ("last_quarter", N_("last quarter")),
    ("this_year", N_("this year")),
)
UNITS = ("days", "weeks", "months")
TYPE_WORDS = {
    "string": N_("a text"),
    "text": N_("a text"),
    "number": N_("a number"),
    "currency": N_("a number"),
    "date": N_("a date"),
    "datetime": N_("a date and time"),
    "bool": N_("a yes/no value"),
    "enumeration": N_("a choice"),
    "user": N_("a user"),
}


class FilterError(ValidationError):
    """The filter was refused; the message says why, in words a user can read."""


def show(value: Any) -> str:
    """A user's value quoted for a message, cut short (as in the filter's JSON: 'text')."""
    if isinstance(value, str):
        text = value[:100]
    elif value is None or isinstance(value, bool | float) or (isinstance(value, int) and abs(value) < 10**15):
        text = json.dumps(value)
    else:
        return {list: _("a list"), dict: _("an object")}.get(type(value)) or _("a value")
    text = text.encode("utf-8", "replace").decode("utf-8").replace("\x00", "")
    return "'" + (text if len(text) <= 60 else text[:57] + "...") + "'"
