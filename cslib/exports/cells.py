"""Property values as cells of a file: numbers stay numbers, dates stay dates, choices and
users become their names, and no text is ever run as a formula.

OWASP (CSV injection, ASVS 5.3.10): a cell whose text starts with =, +, -, @, a tab or a
carriage return may run as a formula when a spreadsheet opens the file. CSV text like that
gets a leading apostrophe (the import strips it again); XLSX text is written as a string
cell with Excel's quote prefix, which shows the text as typed and keeps it text when edited.
Numbers are written as numbers, so a negative ARR stays -1500, not "'-1500".
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import date, datetime
from zoneinfo import ZoneInfo

from cslib.properties import PropertySpec
from cslib.validation import as_date, as_utc

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
Cell = str | int | float | bool | date | datetime | None
Convert = Callable[[object], Cell]


def is_risky(text: str) -> bool:
    """True when a spreadsheet could read `text` as a formula."""
    return text.startswith(FORMULA_STARTS)


def neutralised(text: str) -> str:
    """`text` for a CSV cell: a leading apostrophe when it could run as a formula."""
    return f"'{text}" if is_risky(text) else text


def converter(spec: PropertySpec, names: dict, zone: ZoneInfo) -> Convert:
    """How a raw column value of `spec` becomes a cell. `names` maps raw values of user,
    pipeline and stage properties to names; datetimes are shown in `zone` (the exporting
    user's time zone), without an offset, as spreadsheets expect."""
    if spec.type == "user" or (spec.type == "enumeration" and names):
        return lambda v: _named(v, names)
    if spec.type == "enumeration":
        return lambda v: None if v is None else spec.option_label(v)
    if spec.type in ("number", "currency"):
        return _number
    if spec.type == "date":
        return as_date
    if spec.type == "datetime":
        return lambda v: _local(v, zone)
    if spec.type == "bool":
        return lambda v: None if v is None else bool(v)
    return lambda v: None if v is None else str(v)


def _named(value: object, names: dict) -> str | None:
    if value is None:
        return None
    try:
        key = int(value)
    except (TypeError, ValueError):
        return str(value)
    return names.get(key, str(key))


def _number(value: object) -> int | float | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    if not math.isfinite(number):
        return None
    return int(number) if number.is_integer() and abs(number) < 2**53 else number


def _local(value: object, zone: ZoneInfo) -> datetime | None:
    aware = as_utc(value)
    return None if aware is None else aware.astimezone(zone).replace(tzinfo=None, microsecond=0)


def csv_text(cell: Cell) -> str:
    """A cell as CSV text: ISO dates, '.' decimals, true/false, neutralised text."""
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return "true" if cell else "false"
    if isinstance(cell, datetime):
        return cell.isoformat(sep=" ")
    if isinstance(cell, date):
        return cell.isoformat()
    if isinstance(cell, int | float):
        return repr(cell)
    return neutralised(cell)
