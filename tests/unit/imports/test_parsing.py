"""Values in the locale the user picks: each locale's own forms are read, another locale's
forms are refused with the expected form named, never silently misread."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from cslib import i18n
from cslib.imports.parsing import (
    ParseError,
    guess_type,
    parse_bool,
    parse_date,
    parse_datetime,
    parse_number,
    unneutralise,
)


def refusal(parse, *args) -> str:
    with pytest.raises(ParseError) as caught:
        parse(*args)
    return str(caught.value)


@pytest.mark.parametrize(
    ("locale", "text", "value"),
    [
        ("en", "1,234.56", 1234.56),
        ("en", "1234.56", 1234.56),
        ("en", "-1,234", -1234.0),
        ("en", ".5", 0.5),
        ("en", "$1,200", 1200.0),
        ("en", "-$1,200.50", -1200.5),
        ("en", "USD 99", 99.0),
        ("en", "1.5E+06", 1_500_000.0),
        ("en", "25%", 0.25),
        ("en", "'-1500", -1500.0),
        ("da", "1.234,56", 1234.56),
        ("da", "1234,56", 1234.56),
        ("da", "-5", -5.0),
        ("da", "1,234", 1.234),
        ("da", "1.234", 1234.0),
        ("da", "1.234,50 kr.", 1234.5),
        ("da", "DKK 12.345.678,9", 12345678.9),
        ("da", "12,5 %", 0.125),
        ("pl", "1 234,56", 1234.56),
        ("pl", "1\u00a0234,56", 1234.56),
        ("pl", "1\u202f234\u202f567", 1234567.0),
        ("pl", "1234,56", 1234.56),
        ("pl", "-5,5 zł", -5.5),
        ("pl", "€ 10", 10.0),
    ],
)
def test_numbers_in_each_locales_own_form(locale, text, value):
    assert parse_number(text, locale) == pytest.approx(value)


def test_xlsx_numbers_pass_through_and_booleans_are_not_numbers():
    assert parse_number(7, "da") == 7.0
    assert parse_number(1234.5, "pl") == 1234.5
    assert refusal(parse_number, True, "en") == "“True” is not a number in English format (like 1,234.56)."


@pytest.mark.parametrize(
    ("locale", "text", "message"),
    [
        ("en", "1.234,56", "“1.234,56” is not a number in English format (like 1,234.56)."),
        ("en", "1,5", "“1,5” is not a number in English format (like 1,234.56)."),
        ("en", "1 234", "“1 234” is not a number in English format (like 1,234.56)."),
        ("da", "1,234.56", "“1,234.56” is not a number in Danish format (like 1.234,56)."),
        ("da", "1.5", "“1.5” is not a number in Danish format (like 1.234,56)."),
        ("pl", "1.234,56", "“1.234,56” is not a number in Polish format (like 1 234,56)."),
        ("pl", "1,234.56", "“1,234.56” is not a number in Polish format (like 1 234,56)."),
        ("en", "nan", "“nan” is not a number in English format (like 1,234.56)."),
        ("en", "inf", "“inf” is not a number in English format (like 1,234.56)."),
        ("en", "1e999", "“1e999” is not a number in English format (like 1,234.56)."),
        ("en", "--5", "“--5” is not a number in English format (like 1,234.56)."),
        ("en", "twelve", "“twelve” is not a number in English format (like 1,234.56)."),
        ("en", "", "“” is not a number in English format (like 1,234.56)."),
    ],
)
def test_numbers_in_another_locales_form_are_refused(locale, text, message):
    assert refusal(parse_number, text, locale) == message


def test_a_refusal_is_in_the_readers_language():
    with i18n.use("pl"):
        message = refusal(parse_number, "1,234.56", "pl")
    assert message.startswith("„1,234.56”")


@pytest.mark.parametrize(
    ("locale", "text", "day"),
    [
        ("en", "12/31/2025", date(2025, 12, 31)),
        ("en", "1/5/2025", date(2025, 1, 5)),
        ("en", "2025-12-31", date(2025, 12, 31)),
        ("en", "2025-12-31 14:30", date(2025, 12, 31)),
        ("en", "12/31/2025 2:30 PM", date(2025, 12, 31)),
        ("da", "31-12-2025", date(2025, 12, 31)),
        ("da", "31.12.2025", date(2025, 12, 31)),
        ("da", "1/2/2025", date(2025, 2, 1)),
        ("da", "2025-12-31 14:30:15", date(2025, 12, 31)),
        ("pl", "31.12.2025", date(2025, 12, 31)),
        ("pl", "05-01-2025", date(2025, 1, 5)),
        ("pl", "29/02/2024", date(2024, 2, 29)),
    ],
)
def test_dates_in_each_locales_own_form(locale, text, day):
    assert parse_date(text, locale) == day


@pytest.mark.parametrize(
    ("locale", "text", "message"),
    [
        ("da", "31-02-2025", "“31-02-2025” is not a date in Danish format (like 31-12-2025 or 2025-12-31)."),
        ("en", "31/12/2025", "“31/12/2025” is not a date in English format (like 12/31/2025 or 2025-12-31)."),
        ("en", "13/31/2025", "“13/31/2025” is not a date in English format (like 12/31/2025 or 2025-12-31)."),
        ("pl", "12/31/2025", "“12/31/2025” is not a date in Polish format (like 31.12.2025 or 2025-12-31)."),
        ("pl", "31.12-2025", "“31.12-2025” is not a date in Polish format (like 31.12.2025 or 2025-12-31)."),
        ("en", "1/5/25", "“1/5/25” is not a date in English format (like 12/31/2025 or 2025-12-31)."),
        (
            "en",
            "2025-12-31 25:00",
            "“2025-12-31 25:00” is not a date in English format (like 12/31/2025 or 2025-12-31).",
        ),
        ("da", "tomorrow", "“tomorrow” is not a date in Danish format (like 31-12-2025 or 2025-12-31)."),
    ],
)
def test_impossible_or_foreign_dates_are_refused_with_the_expected_form(locale, text, message):
    assert refusal(parse_date, text, locale) == message


def test_xlsx_dates_pass_through():
    assert parse_date(date(2025, 1, 2), "en") == date(2025, 1, 2)
    assert parse_date(datetime(2025, 1, 2, 23, 59), "da") == date(2025, 1, 2)


@pytest.mark.parametrize(
    ("locale", "text", "utc"),
    [
        ("en", "12/31/2025", datetime(2025, 12, 30, 23, 0, tzinfo=UTC)),
        ("en", "12/31/2025 2:30 PM", datetime(2025, 12, 31, 13, 30, tzinfo=UTC)),
        ("en", "12/31/2025 12:05 AM", datetime(2025, 12, 30, 23, 5, tzinfo=UTC)),
        ("en", "2025-07-01 14:30", datetime(2025, 7, 1, 12, 30, tzinfo=UTC)),
        ("en", "2025-07-01T14:30:15", datetime(2025, 7, 1, 12, 30, 15, tzinfo=UTC)),
        ("en", "2025-07-01T14:30:15Z", datetime(2025, 7, 1, 14, 30, 15, tzinfo=UTC)),
        ("en", "2025-07-01T14:30:15.250+05:30", datetime(2025, 7, 1, 9, 0, 15, tzinfo=UTC)),
        ("da", "31-12-2025 14.30", datetime(2025, 12, 31, 13, 30, tzinfo=UTC)),
        ("pl", "31.12.2025 08:00:00", datetime(2025, 12, 31, 7, 0, tzinfo=UTC)),
    ],
)
def test_datetimes_are_in_the_users_zone_unless_they_carry_an_offset(locale, text, utc):
    assert parse_datetime(text, locale, "Europe/Copenhagen") == utc


def test_xlsx_datetimes_are_in_the_users_zone():
    assert parse_datetime(datetime(2025, 7, 1, 14, 30), "en", "Europe/Warsaw") == datetime(
        2025, 7, 1, 12, 30, tzinfo=UTC
    )
    assert parse_datetime(date(2025, 7, 1), "en", "UTC") == datetime(2025, 7, 1, tzinfo=UTC)
    aware = datetime(2025, 7, 1, 14, 30, tzinfo=timezone(timedelta(hours=-4)))
    assert parse_datetime(aware, "en", "Europe/Warsaw") == datetime(2025, 7, 1, 18, 30, tzinfo=UTC)


@pytest.mark.parametrize("text", ["12/31/2025 14:30 PM", "12/31/2025 0:30 AM", "2025-12-31T10:00+25:00", "noon"])
def test_impossible_times_are_refused(text):
    assert (
        refusal(parse_datetime, text, "en", "UTC") == f"“{text}” is not a date and time in the form 12/31/2025 14:30."
    )


@pytest.mark.parametrize(
    ("raw", "value"),
    [("Yes", True), ("no", False), ("TRUE", True), ("false", False), ("1", True), ("0", False), ("Ja", True)]
    + [("nej", False), ("Tak", True), ("NIE", False), (True, True), (0, False), (1.0, True)],
)
def test_yes_and_no_in_any_language(raw, value):
    assert parse_bool(raw, "en") is value


def test_other_words_are_not_yes_or_no():
    assert refusal(parse_bool, "maybe", "da") == "“maybe” is not yes or no (like yes, no, true, false, 1 or 0)."
    assert refusal(parse_bool, 2, "en") == "“2” is not yes or no (like yes, no, true, false, 1 or 0)."


@pytest.mark.parametrize(
    ("text", "result"),
    [
        ("'=SUM(A1)", "=SUM(A1)"),
        ("'+45 1234", "+45 1234"),
        ("'-1500", "-1500"),
        ("'@user", "@user"),
        ("'\tindented", "\tindented"),
        ("'Tis the season", "'Tis the season"),
        ("''=x", "''=x"),
        ("'", "'"),
        ("=SUM(A1)", "=SUM(A1)"),
    ],
)
def test_unneutralise_removes_only_the_exports_apostrophe(text, result):
    assert unneutralise(text) == result


@pytest.mark.parametrize(
    ("locale", "values", "kind"),
    [
        ("en", ["1,234.56", "", "-5", None], "number"),
        ("da", ["1.234,56", "7"], "number"),
        ("en", ["1", "0", "1"], "number"),
        ("en", [1, 0, 1.0], "number"),
        ("en", ["yes", "no", "1"], "bool"),
        ("da", ["Ja", "Nej"], "bool"),
        ("en", [True, False], "bool"),
        ("en", ["12/31/2025", "2025-01-02"], "date"),
        ("da", ["31-12-2025", "2025-01-02 00:00"], "date"),
        ("en", [date(2025, 1, 2), datetime(2025, 1, 3)], "date"),
        ("en", ["2025-01-02 14:30", "12/31/2025"], "datetime"),
        ("en", [datetime(2025, 1, 3, 9, 15)], "datetime"),
        ("en", ["0421", "2100"], "string"),
        ("en", ["Acme", "12"], "string"),
        ("da", ["1,234.56"], "string"),
        ("en", ["", None, "  "], "string"),
        ("en", [], "string"),
        ("en", ["short", "x" * 1001], "text"),
    ],
)
def test_guess_type_picks_the_narrowest_type_every_value_fits(locale, values, kind):
    assert guess_type(values, locale) == kind


def test_an_unknown_locale_is_a_programming_error():
    with pytest.raises(ValueError):
        parse_number("1", "de")
