"""The list grid writes amounts, numbers and dates in the reader's language and time zone
(the grid's own formats would follow the browser instead)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pandas as pd

from cslib import i18n
from cslib.properties import PropertySpec
from cslib.ui.record_table import display_frame

PROPS = {
    "arr": PropertySpec("company", "arr", "ARR", "currency"),
    "employees": PropertySpec("company", "employees", "Employees", "number"),
    "renewal_date": PropertySpec("company", "renewal_date", "Renewal date", "date"),
    "created_at": PropertySpec("company", "created_at", "Create date", "datetime"),
    "name": PropertySpec("company", "name", "Name", "string"),
}
ROWS = pd.DataFrame(
    {
        "id": [1, 2],
        "name": ["Acme", "Beta"],
        "arr": [120000.0, None],
        "employees": [1250, None],
        "renewal_date": [date(2026, 11, 22), None],
        "created_at": [datetime(2026, 1, 31, 23, 30, tzinfo=UTC), None],
    }
)


def test_values_are_written_in_the_readers_language_and_zone():
    with i18n.use("da"):
        out = display_frame(ROWS, PROPS, "DKK", "Europe/Copenhagen", with_time=True)
    assert out.loc[0, "arr"] == "120.000\xa0kr."
    assert out.loc[0, "employees"] == "1.250"
    assert out.loc[0, "renewal_date"] == "22. nov. 2026"
    assert out.loc[0, "created_at"] == "1. feb. 2026, 00:30"  # 23:30 UTC is past midnight in Copenhagen
    assert out.loc[0, "name"] == "Acme"
    assert out.loc[1, ["arr", "employees", "renewal_date", "created_at"]].isna().all()


def test_english_keeps_its_own_formats():
    out = display_frame(ROWS, PROPS, "USD", "UTC")
    assert list(out.loc[0, ["arr", "employees", "renewal_date", "created_at"]]) == [
        "$120,000",
        "1,250",
        "Nov 22, 2026",
        "Jan 31, 2026",
    ]
