"""Languages: the message catalogs (English is the source, Danish and Polish are translated)
and every number, amount, date and time a person reads, formatted with Babel in the
reader's locale, so nothing is formatted by hand.

The language is per script run, never per process: `use(language)` sets it for the code
that runs inside (a page run, a write, a test), and `_`, `ngettext`, `pgettext` and the
formats read it from a context variable. Two users in two languages on one server each get
their own. Code that runs outside any page (the worker, the command line) gets English.

    _("Saved “{name}”.", name=view.name)              # named placeholders, filled after translation
    ngettext("{n} customer", "{n} customers", count)  # every count; Polish has three forms
    pgettext("deal", "Close")                         # one English word, two meanings
    N_("Due today")                                   # marks a constant; _() translates it when shown

Catalogs are `locale/<language>/LC_MESSAGES/messages.po`, read once per process (no
compile step: README's two commands stay the only set-up). `scripts/catalogs` extracts
the strings and updates the catalogs; tests/unit/test_catalogs.py keeps them complete.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime, timedelta
from functools import cache
from gettext import NullTranslations
from io import BytesIO
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel import Locale
from babel.dates import format_date, format_time, format_timedelta
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_compact_currency, format_currency, format_decimal, format_percent
from babel.support import Translations
from babel.units import format_unit

from cslib.config import PROJECT_ROOT

LANGUAGES = {"en": "English", "da": "Dansk", "pl": "Polski"}  # each in its own language
DEFAULT_LANGUAGE = "en"
LOCALES = {"en": "en_US", "da": "da_DK", "pl": "pl_PL"}
LOCALE_DIR = PROJECT_ROOT / "locale"
MISSING = "—"

_language: ContextVar[str | None] = ContextVar("language", default=None)
# Where the language of a run comes from when this thread has not set one: the UI registers
# the session's reader language here, because Streamlit reruns a dialog or fragment alone,
# on a thread that never ran the page that set it.
_fallback: Callable[[], object] | None = None


# --- which language -------------------------------------------------------------------


def supported(language: object) -> str | None:
    """A supported language code from "da", "da-DK", "pl_PL" or "PL"; None otherwise."""
    if not isinstance(language, str):
        return None
    code = re.split(r"[-_]", language.strip().lower(), maxsplit=1)[0]
    return code if code in LANGUAGES else None


def choose(user_choice: object = None, workspace_default: object = None, browser: object = None) -> str:
    """The language a person reads: their own choice, else the workspace default, else the
    browser's language, else English."""
    for candidate in (user_choice, workspace_default, browser):
        code = supported(candidate)
        if code:
            return code
    return DEFAULT_LANGUAGE


def current() -> str:
    code = _language.get()
    if code is None and _fallback is not None:
        code = supported(_fallback())
    return code or DEFAULT_LANGUAGE


def set_fallback(source: Callable[[], object] | None) -> None:
    """Where `current` looks when no language was set in this thread (see `_fallback`)."""
    global _fallback
    _fallback = source


@contextmanager
def use(language: object) -> Iterator[str]:
    """Run the block in `language` (unsupported codes mean English)."""
    token = _language.set(supported(language) or DEFAULT_LANGUAGE)
    try:
        yield current()
    finally:
        _language.reset(token)


def set_for_run(language: object) -> str:
    """Set the language for the rest of this script run (a page sets it first thing)."""
    _language.set(supported(language) or DEFAULT_LANGUAGE)
    return current()


def locale_for(language: str | None = None) -> str:
    return LOCALES.get(supported(language) or current(), LOCALES[DEFAULT_LANGUAGE])


# --- messages -------------------------------------------------------------------------


@cache
def translations(language: str) -> NullTranslations:
    """The catalog of `language`, read from its .po file (English: the source itself)."""
    path = LOCALE_DIR / language / "LC_MESSAGES" / "messages.po"
    if language == DEFAULT_LANGUAGE or not path.exists():
        return NullTranslations()
    with path.open("rb") as fh:
        catalog = read_po(fh, locale=language)
    compiled = BytesIO()
    write_mo(compiled, catalog, use_fuzzy=False)
    compiled.seek(0)
    return Translations(fp=compiled)


def _filled(text: str, values: dict[str, object]) -> str:
    return text.format(**values) if values else text


def _(message: str, /, **values: object) -> str:
    """`message` in the current language, with `values` filled into its {placeholders}."""
    return _filled(translations(current()).gettext(message), values)


def ngettext(singular: str, plural: str, n: int, /, **values: object) -> str:
    """The form for `n` (one, few, many: whatever the language has); `{n}` is `n` in the
    reader's number format unless given."""
    text = translations(current()).ngettext(singular, plural, n)
    return _filled(text, {"n": number(n), **values})


def pgettext(context: str, message: str, /, **values: object) -> str:
    """`message` where one English word has two meanings; `context` tells them apart."""
    return _filled(translations(current()).pgettext(context, message), values)


def npgettext(context: str, singular: str, plural: str, n: int, /, **values: object) -> str:
    text = translations(current()).npgettext(context, singular, plural, n)
    return _filled(text, {"n": number(n), **values})


def N_(message: str) -> str:  # noqa: N802 - the name gettext tools look for
    """Marks a constant for the catalog; `_(constant)` translates it where it is shown."""
    return message


# --- formats --------------------------------------------------------------------------


@cache
def _whole(locale: str, kind: str) -> str:
    """The locale's own currency or percent pattern without decimals ("#,##0 ¤" in Danish),
    so the symbol sits where readers of that language expect it."""
    formats = Locale.parse(locale).currency_formats if kind == "currency" else Locale.parse(locale).percent_formats
    return formats["standard" if kind == "currency" else None].pattern.split(";")[0].replace(".00", "")


def money(value: float | None, currency: str = "USD", language: str | None = None, *, compact: bool = False) -> str:
    if value is None:
        return MISSING
    if compact:
        return format_compact_currency(value, currency, locale=locale_for(language), fraction_digits=1)
    loc = locale_for(language)
    return format_currency(value, currency, locale=loc, format=_whole(loc, "currency"), currency_digits=False)


def number(value: float | None, language: str | None = None) -> str:
    return MISSING if value is None else format_decimal(value, locale=locale_for(language))


def percent(share: float | None, language: str | None = None, *, digits: int = 1, fixed: bool = False) -> str:
    """`share` 0.253 -> "25.3%" / "25,3 %" (Danish puts a space before %). Up to `digits`
    decimals; `fixed` always writes them ("58.0%"), so figures side by side line up."""
    if share is None:
        return MISSING
    loc = locale_for(language)
    whole = _whole(loc, "percent")
    at = whole.rindex("0") + 1
    pattern = whole[:at] + ("." + ("0" if fixed else "#") * digits if digits else "") + whole[at:]
    return format_percent(share, format=pattern, locale=loc)


_SIZE_UNITS = ("digital-byte", "digital-kilobyte", "digital-megabyte", "digital-gigabyte", "digital-terabyte")


def file_size(size: int | None, language: str | None = None) -> str:
    """A file's size in decimal units, as the reader writes them: "1.2 MB" / "1,2 MB";
    one decimal at most, so "999.96 kB" shows as "1 MB", never "1,000 kB"."""
    if size is None:
        return MISSING
    value = float(max(size, 0))
    unit = 0
    while round(value, 1) >= 1000 and unit < len(_SIZE_UNITS) - 1:
        value, unit = value / 1000, unit + 1
    return format_unit(value, _SIZE_UNITS[unit], length="short", format="#,##0.#", locale=locale_for(language))


def day(value: date | None, language: str | None = None, *, format: str = "medium") -> str:  # noqa: A002
    return MISSING if value is None else format_date(value, format=format, locale=locale_for(language))


def moment(value: datetime | None, language: str | None = None, time_zone: str | None = "UTC") -> str:
    """A point in time in the reader's zone and language: "Nov 2, 2026, 10:00" /
    "2. nov. 2026, 10:00" / "2 lis 2026, 10:00" (24-hour clock everywhere)."""
    if value is None:
        return MISSING
    local = (value if value.tzinfo else value.replace(tzinfo=ZoneInfo("UTC"))).astimezone(zone(time_zone))
    return f"{day(local.date(), language)}, {local:%H:%M}"


def clock(value: datetime | None, language: str | None = None, time_zone: str | None = "UTC") -> str:
    """The time of day in the reader's zone: "9:00 AM" / "09.00" / "09:00"."""
    if value is None:
        return MISSING
    return format_time(value, format="short", tzinfo=zone(time_zone), locale=locale_for(language))


def ago(delta: timedelta, language: str | None = None) -> str:
    """A span relative to now: "3 days ago" / "for 3 dage siden" / "3 dni temu"; a negative
    span is in the future ("in 2 hours")."""
    return format_timedelta(-delta, add_direction=True, locale=locale_for(language))


# --- time zones -----------------------------------------------------------------------


def zone(name: str | None) -> ZoneInfo:
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def today_in(time_zone: str | None, now: datetime | None = None) -> date:
    """The calendar day it is for a user in `time_zone`."""
    now = now or datetime.now(ZoneInfo("UTC"))
    return now.astimezone(zone(time_zone)).date()
