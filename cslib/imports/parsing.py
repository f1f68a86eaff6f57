"""Values of an import file in the locale the user picks: numbers, dates, times and yes/no,
and the type a new property would get from a column's values.

Ambiguity is refused, never guessed: a number or date that only makes sense in another
locale is an error that names the expected form, so "1.234,56" in an English file does not
silently become 1.234. The rules:
- English: "," groups thousands (in threes), "." is the decimal point.
- Danish: "," is always the decimal comma ("1,234" is 1.234); "." or a space groups
  thousands, in threes ("1.5" is refused: neither a Danish decimal nor a thousands group).
- Polish: "," is always the decimal comma; a space (also U+00A0, U+202F) groups thousands;
  a "." is refused.
- Everywhere: a currency sign or code before or after ($, €, £, kr., zł, USD, DKK, PLN,
  EUR, …), a leading "-" (or U+2212) or "+", an exponent ("1.5E+06", as Excel writes big
  numbers), and a trailing "%" that divides by 100 ("25%" is 0.25, the value the same cell
  holds in an XLSX file). NaN and infinity are refused.
- Dates: ISO "2025-12-31" (and the CRM export form "2025-12-31 14:30") in every locale;
  English "12/31/2025" (month first, also "1/5/2025"); Danish and Polish "31-12-2025",
  "31.12.2025", "31/12/2025" (day first). Years have four digits: "1/5/25" is refused (which
  century is a guess).
- Times after a date: "14:30", "14:30:15", "14.30" (Danish), "2:30 PM"; ISO "T" and an offset
  or "Z", which then wins over the user's time zone.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta, timezone

from cslib import i18n
from cslib.errors import ValidationError, quote
from cslib.i18n import N_, _

LOCALES = ("en", "da", "pl")

# The characters that make a spreadsheet run a cell as a formula; an export puts an
# apostrophe before them (cslib.exports' cells module keeps its own copy of this list).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
TEXT_AFTER = 1000  # a value longer than this makes a new property long text

_CURRENCY = r"(?:[$€£]|US\$|kr\.?|zł|USD|EUR|DKK|PLN|GBP|SEK|NOK|CHF)"
_SPACES = "\u00a0\u202f "
_NUMBER = {
    "en": re.compile(r"(?P<int>\d{1,3}(?:,\d{3})+|\d*)(?:\.(?P<frac>\d*))?"),
    "da": re.compile(r"(?P<int>\d{1,3}(?:\.\d{3})+|\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d*)(?:,(?P<frac>\d*))?"),
    "pl": re.compile(r"(?P<int>\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d*)(?:,(?P<frac>\d*))?"),
}
_AROUND = re.compile(
    rf"^(?P<sign>[-+\u2212]?)\s*(?:{_CURRENCY}\s*)?(?P<sign2>[-+\u2212]?)\s*"
    rf"(?P<body>[\d.,\s\u00a0\u202f]*\d[\d.,\s\u00a0\u202f]*?)(?P<exp>[eE][-+]?\d{{1,3}})?"
    rf"\s*(?:{_CURRENCY}|,-)?\s*(?P<pct>%?)$"
)
_NUMBER_EXAMPLE = {"en": "1,234.56", "da": "1.234,56", "pl": "1 234,56"}
_NUMBER_MESSAGE = {
    "en": N_("{value} is not a number in English format (like {example})."),
    "da": N_("{value} is not a number in Danish format (like {example})."),
    "pl": N_("{value} is not a number in Polish format (like {example})."),
}

_TIME = r"(?:(?:T|\s+)(?P<hour>\d{1,2})[:.](?P<minute>\d{2})(?:[:.](?P<second>\d{2})(?:[.,]\d{1,6})?)?" + (
    r"\s*(?P<ampm>[AaPp]\.?[Mm]\.?)?\s*(?P<offset>Z|[-+]\d{2}(?::?\d{2})?)?)?"
)
_ISO = re.compile(rf"^(?P<year>\d{{4}})-(?P<month>\d{{1,2}})-(?P<day>\d{{1,2}}){_TIME}$")
_LOCAL_DATE = {
    "en": re.compile(rf"^(?P<month>\d{{1,2}})/(?P<day>\d{{1,2}})/(?P<year>\d{{4}}){_TIME}$"),
    "da": re.compile(rf"^(?P<day>\d{{1,2}})(?P<sep>[-./])(?P<month>\d{{1,2}})(?P=sep)(?P<year>\d{{4}}){_TIME}$"),
}
_LOCAL_DATE["pl"] = _LOCAL_DATE["da"]
_DATE_EXAMPLE = {"en": "12/31/2025", "da": "31-12-2025", "pl": "31.12.2025"}
_DATE_MESSAGE = {
    "en": N_("{value} is not a date in English format (like {example} or 2025-12-31)."),
    "da": N_("{value} is not a date in Danish format (like {example} or 2025-12-31)."),
    "pl": N_("{value} is not a date in Polish format (like {example} or 2025-12-31)."),
}

_TRUE = frozenset({"yes", "y", "true", "1", "ja", "j", "sand", "tak", "t", "prawda"})
_FALSE = frozenset({"no", "n", "false", "0", "nej", "falsk", "nie", "fałsz", "falsz"})


class ParseError(ValidationError):
    """A value of the file is not what its column needs; the message names it and the form."""


def unneutralise(text: str) -> str:
    """`text` without the apostrophe an export put before a formula-like start ("'=SUM(A1)"
    is "=SUM(A1)"); any other leading apostrophe ("'Tis") is the user's own."""
    if text.startswith("'") and text[1:2] and text[1] in FORMULA_STARTS:
        return text[1:]
    return text


def _locale(locale: str) -> str:
    if locale not in LOCALES:
        raise ValueError(f"unknown import locale {locale!r}")
    return locale


# --- numbers --------------------------------------------------------------------------


def parse_number(raw: object, locale: str) -> float:
    """A number from an XLSX cell or from text written in `locale` (see the module's rules)."""
    locale = _locale(locale)
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        value = float(raw)
    elif isinstance(raw, str):
        value = _number_text(unneutralise(raw.strip()), locale)
    else:
        value = None
    if value is None or not math.isfinite(value):
        raise _number_error(raw, locale)
    return value


def _number_text(text: str, locale: str) -> float | None:
    around = _AROUND.match(text)
    if not around or (around["sign"] and around["sign2"]):
        return None
    body = around["body"].strip(_SPACES)
    number = _NUMBER[locale].fullmatch(body)
    if not number or not (number["int"] or number["frac"]):
        return None
    digits = re.sub(r"[^\d]", "", number["int"]) or "0"
    value = float(f"{digits}.{number['frac'] or '0'}{around['exp'] or ''}")
    if around["sign"] in ("-", "\u2212") or around["sign2"] in ("-", "\u2212"):
        value = -value
    return value / 100 if around["pct"] else value


def _number_error(raw: object, locale: str) -> ParseError:
    return ParseError(_(_NUMBER_MESSAGE[locale], value=quote(raw), example=_NUMBER_EXAMPLE[locale]))


# --- dates and times ------------------------------------------------------------------


def _date_match(text: str, locale: str) -> re.Match[str] | None:
    return _ISO.match(text) or _LOCAL_DATE[locale].match(text)


def _day(found: re.Match[str]) -> date | None:
    try:
        return date(int(found["year"]), int(found["month"]), int(found["day"]))
    except ValueError:
        return None


def parse_date(raw: object, locale: str) -> date:
    """A calendar day: an XLSX date, ISO text, or the locale's form; a time after it is
    ignored (the CRM's "2025-12-31 14:30")."""
    locale = _locale(locale)
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    found = _date_match(unneutralise(raw.strip()), locale) if isinstance(raw, str) else None
    day = _day(found) if found else None
    if day is None or (found["hour"] is not None and _clock(found) is None):
        raise _date_error(raw, locale)
    return day


def _clock(found: re.Match[str]) -> time | None:
    """The time of day of a match (midnight when it has none); None when impossible."""
    if found["hour"] is None:
        return time()
    hour, minute, second = int(found["hour"]), int(found["minute"]), int(found["second"] or 0)
    ampm = (found["ampm"] or "").lower()[:1]
    if ampm:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if ampm == "p" else 0)
    try:
        return time(hour, minute, second)
    except ValueError:
        return None


def _offset(text: str) -> timezone | None:
    if text == "Z":
        return UTC
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    try:
        return timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:] or 0)))
    except ValueError:  # beyond ±24 hours
        return None


def parse_datetime(raw: object, locale: str, zone: str) -> datetime:
    """A moment in UTC: a date alone is midnight in `zone`, a time without an offset is in
    `zone` (so is an XLSX date-time), an ISO offset or "Z" is kept."""
    locale = _locale(locale)
    local = i18n.zone(zone)
    if isinstance(raw, datetime):
        moment = raw if raw.tzinfo else raw.replace(tzinfo=local)
        return moment.astimezone(UTC)
    if isinstance(raw, date):
        return datetime.combine(raw, time(), local).astimezone(UTC)
    found = _date_match(unneutralise(raw.strip()), locale) if isinstance(raw, str) else None
    day = _day(found) if found else None
    clock = _clock(found) if day else None
    zone_info = (_offset(found["offset"]) if found["offset"] else local) if clock else None
    if zone_info is None:
        raise ParseError(
            _(
                "{value} is not a date and time in the form {example}.",
                value=quote(raw),
                example=f"{_DATE_EXAMPLE[locale]} 14:30",
            )
        )
    return datetime.combine(day, clock, zone_info).astimezone(UTC)


def _date_error(raw: object, locale: str) -> ParseError:
    return ParseError(_(_DATE_MESSAGE[locale], value=quote(raw), example=_DATE_EXAMPLE[locale]))


# --- yes / no -------------------------------------------------------------------------


def parse_bool(raw: object, locale: str) -> bool:
    """Yes or no in any of the three languages (yes/no, ja/nej, tak/nie, true/false, 1/0)."""
    _locale(locale)
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, int | float) and raw in (0, 1):
        return bool(raw)
    word = raw.strip().casefold() if isinstance(raw, str) else None
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    raise ParseError(_("{value} is not yes or no (like yes, no, true, false, 1 or 0).", value=quote(raw)))


# --- a column's type ------------------------------------------------------------------


def guess_type(samples: Iterable[object], locale: str) -> str:
    """The type of a new property for a column: "number", "date", "datetime", "bool",
    "string" or "text", the narrowest that every non-empty value fits. Columns of only 0
    and 1 are numbers (counts, flags alike); numbers with a leading zero ("0421", postcodes,
    phone numbers) are strings, so the zero is kept; "text" when a value is over 1,000
    characters; "string" when the column is empty."""
    locale = _locale(locale)
    fits = {"bool", "number", "date", "datetime"}
    binary_only, seen, has_time = True, False, False
    for value in samples:
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        seen = True
        if isinstance(value, str) and len(value) > TEXT_AFTER:
            return "text"
        if fits:
            binary_only &= _is_binary(value)
            has_time |= _drop_misfits(fits, value, locale)
    if not seen:
        return "string"
    if "bool" in fits and not binary_only:
        return "bool"
    if "number" in fits:
        return "number"
    if "date" in fits:
        return "datetime" if has_time else "date"
    return "string"


def _is_binary(value: object) -> bool:
    return value in (0, 1) and not isinstance(value, bool) or (isinstance(value, str) and value.strip() in ("0", "1"))


def _fits(parse, value: object, *args: str) -> bool:
    try:
        parse(value, *args)
    except ParseError:
        return False
    return True


def _drop_misfits(fits: set[str], value: object, locale: str) -> bool:
    """Remove from `fits` the types `value` is not; True when it is a date with a time."""
    if "bool" in fits and not _fits(parse_bool, value, locale):
        fits.discard("bool")
    if "number" in fits and (not _fits(parse_number, value, locale) or _leading_zero(value)):
        fits.discard("number")
    if "date" in fits:
        if isinstance(value, datetime):
            return value.time() != time()
        found = _date_match(value.strip(), locale) if isinstance(value, str) else None
        if isinstance(value, date) or (found and _day(found) and _clock(found) is not None):
            return bool(found and found["hour"] is not None and _clock(found) != time())
        fits.discard("date")
    return False


def _leading_zero(value: object) -> bool:
    return isinstance(value, str) and len(value.strip()) > 1 and value.strip()[0] == "0" and value.strip()[1].isdigit()
