"""Whole numbers that arrive as text (link parameters such as ?page=2, ?id=123, ?user=7,
ids inside a link's filter, a component's event id): one strict parser, and the note a
page shows when a link's value is dropped."""

from __future__ import annotations

import numbers

from cslib.errors import quote

MAX_ID = 2**31 - 1  # integer columns on PostgreSQL
MAX_DIGITS = 19  # far below int()'s 4,300-digit limit, and cheap to convert


def parse_int(raw: object, *, low: int = 1, high: int = MAX_ID) -> int | None:
    """`raw` as an int from `low` to `high`, or None; never raises.

    Text must be ASCII digits only, at most MAX_DIGITS of them: no sign, spaces, "0x10",
    "1_000", or Unicode digits such as "²" and "٣" (which `str.isdigit()` accepts and
    `int()` either refuses or reads). Integers (not bools) are only range-checked."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, numbers.Integral):
        value = int(raw)
    elif isinstance(raw, str) and 0 < len(raw) <= MAX_DIGITS and raw.isascii() and raw.isdigit():
        value = int(raw)
    else:
        return None
    return value if low <= value <= high else None


def ignored(what: str, raw: object) -> str:
    """The note for a link value that was dropped, quoting it (cut short, no control
    characters): The link's page number “²” is not valid and was ignored."""
    return f"The link's {what} {quote(raw)} is not valid and was ignored."


def int_param(raw: str | None, what: str, notes: list[str], *, low: int = 1, high: int = MAX_ID) -> int | None:
    """A link parameter as a whole number: None when it is absent, or not valid (then with a
    note in `notes` naming it as `what`)."""
    if raw in (None, ""):
        return None
    number = parse_int(raw, low=low, high=high)
    if number is None:
        notes.append(ignored(what, raw))
    return number
