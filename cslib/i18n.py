"""Numbers, money, dates and plurals for display (Babel), so pages never format by hand."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel.dates import format_date
from babel.numbers import format_compact_currency, format_currency, format_decimal

LOCALES = {"en": "en_US", "da": "da_DK", "pl": "pl_PL"}


def locale_for(language: str) -> str:
    return LOCALES.get(language, "en_US")


def money(value: float | None, currency: str = "USD", language: str = "en", *, compact: bool = False) -> str:
    if value is None:
        return "—"
    if compact:
        return format_compact_currency(value, currency, locale=locale_for(language), fraction_digits=1)
    return format_currency(value, currency, locale=locale_for(language), format="¤#,##0", currency_digits=False)


def number(value: float | None, language: str = "en") -> str:
    return "—" if value is None else format_decimal(value, locale=locale_for(language))


def day(value: date | None, language: str = "en") -> str:
    return "—" if value is None else format_date(value, format="medium", locale=locale_for(language))


def plural(n: int, singular: str, plural_form: str | None = None) -> str:
    """'1 customer', '2 customers', '0 customers' (English)."""
    word = singular if n == 1 else (plural_form or f"{singular}s")
    return f"{format_decimal(n, locale='en_US')} {word}"


def zone(name: str | None) -> ZoneInfo:
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def today_in(time_zone: str | None, now: datetime | None = None) -> date:
    """The calendar day it is for a user in `time_zone`."""
    now = now or datetime.now(ZoneInfo("UTC"))
    return now.astimezone(zone(time_zone)).date()
