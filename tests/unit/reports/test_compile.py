"""The builder's compilation: every measure (count, sum, average, minimum, maximum) with
every kind of group-by (none, choice, user, text, yes/no, number ranges, date buckets
day/week/month/quarter on a date and on a date-time, standard and custom, two group-bys),
checked against the same answer computed here in Python over the same rows. Then the
edges a reader would notice, with their labels: weeks start on Monday, quarter
boundaries, the viewer's time zone moving an event to the next day, negative numbers in
ranges (floor, not truncation). On SQLite and (with CS_TEST_PG_URL) PostgreSQL."""

from __future__ import annotations

import math
from collections import defaultdict
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from cslib.models import PropertyDefinition
from tests.factories import make_object_type
from tests.unit.reports.world import at, company, ctx, definition, labelled, run, workspace

CPH = "Europe/Copenhagen"
SOFT = "computer_software"
MEASURES = [("count", None), ("sum", "arr"), ("avg", "arr"), ("min", "nps"), ("max", "nps")]


def customs(session):
    make_object_type(session, "company")
    for name, type_ in (("active", "bool"), ("signed_on", "date"), ("last_login", "datetime")):
        session.add(PropertyDefinition(object_type="company", name=name, label=name.title(), type=type_))
    session.flush()


def stamp(text: str) -> datetime:
    return datetime.fromisoformat(text)


def data(session):
    """Six live customers and a deleted one; every date-time is one whose day in
    Copenhagen is the same in winter and summer time (SQLite buckets with the offset at
    the moment of the report; see cslib.reports.compile)."""
    people = workspace(session)
    customs(session)
    ada, bob = people.ada.id, people.bob.id
    rows = [
        # industry, owner, country, arr, nps, renewal, created (UTC), active, signed_on, last_login
        (SOFT, ada, "Denmark", 100.0, -15, date(2026, 3, 31), "2026-11-15T23:30+00:00", True, "2026-03-31",
         "2026-11-15T23:30:00+00:00"),
        (SOFT, ada, "Poland", 250.5, -10, date(2026, 4, 1), "2026-11-16T00:10+00:00", False, "2026-04-01",
         "2026-11-22T12:00:00+00:00"),
        ("retail", bob, "Denmark", None, -1, date(2026, 12, 31), "2026-11-22T22:00+00:00", None, None,
         "2026-11-23T00:00:00+00:00"),
        ("retail", None, None, 40.0, 0, date(2027, 1, 1), "2026-12-31T23:30+00:00", True, "2027-01-01", None),
        (None, bob, "", 10.0, 9, None, "2026-03-31T23:30+00:00", True, None, "2026-03-31T23:30:00+00:00"),
        (SOFT, bob, "Poland", -20.5, 10, date(2026, 6, 30), "2026-07-01T21:00+00:00", False, "2026-06-30",
         None),
    ]  # fmt: skip
    names = "industry owner_id country arr nps renewal_date created_at active signed_on last_login".split()
    live = []
    for values in rows:
        row = dict(zip(names, values, strict=True))
        custom = {k: row[k] for k in ("active", "signed_on", "last_login") if row[k] is not None}
        company(
            session,
            **{k: row[k] for k in names[:6]},
            created_at=stamp(row["created_at"]),
            custom=custom,
        )
        live.append(row)
    company(session, industry=SOFT, owner_id=ada, arr=9999.0, nps=50, created_at=at("2026-11-16"),
            deleted_at=at("2026-11-17"))  # fmt: skip
    return people, live


# --- the answer computed in Python -------------------------------------------------------------


def bucket_start(day: date, bucket: str) -> date:
    if bucket == "day":
        return day
    if bucket == "week":
        return date.fromordinal(day.toordinal() - day.weekday())
    if bucket == "month":
        return day.replace(day=1)
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def key_of(row: dict, group: dict, tz: str):
    value = row[group["property"]]
    if value is None:
        return None
    if group["property"] == "country" and value == "":
        return None  # an empty text is "no value", as in filters
    if "bin" in group:
        return math.floor(value / group["bin"]) * float(group["bin"])
    if "bucket" in group:
        if isinstance(value, str) and "T" in value or group["property"] == "created_at":
            day = stamp(value).astimezone(ZoneInfo(tz)).date()
        else:
            day = value if isinstance(value, date) else date.fromisoformat(value)
        return bucket_start(day, group["bucket"])
    return value


def expected(rows: list[dict], groups: list[dict], function: str, prop: str | None, tz: str) -> dict:
    found: dict[tuple, list] = defaultdict(list)
    for row in rows:
        found[tuple(key_of(row, g, tz) for g in groups)].append(row)
    out = {}
    for key, members in found.items():
        values = [m[prop] for m in members if prop and m[prop] is not None]
        if function == "count":
            out[key] = len(members)
        elif not values:
            out[key] = None
        else:
            out[key] = {"sum": sum, "min": min, "max": max, "avg": lambda v: sum(v) / len(v)}[function](values)
    return out


GROUPINGS = {
    "none": [],
    "choice": [{"property": "industry"}],
    "user": [{"property": "owner_id"}],
    "text": [{"property": "country"}],
    "yes/no": [{"property": "active"}],
    "number range": [{"property": "nps", "bin": 10}],
    "currency range": [{"property": "arr", "bin": 100}],
    "date day": [{"property": "renewal_date", "bucket": "day"}],
    "date week": [{"property": "renewal_date", "bucket": "week"}],
    "date month": [{"property": "renewal_date", "bucket": "month"}],
    "date quarter": [{"property": "renewal_date", "bucket": "quarter"}],
    "date-time day": [{"property": "created_at", "bucket": "day"}],
    "date-time week": [{"property": "created_at", "bucket": "week"}],
    "date-time month": [{"property": "created_at", "bucket": "month"}],
    "date-time quarter": [{"property": "created_at", "bucket": "quarter"}],
    "custom date month": [{"property": "signed_on", "bucket": "month"}],
    "custom date quarter": [{"property": "signed_on", "bucket": "quarter"}],
    "custom date-time day": [{"property": "last_login", "bucket": "day"}],
    "custom date-time week": [{"property": "last_login", "bucket": "week"}],
    "choice and user": [{"property": "industry"}, {"property": "owner_id"}],
    "month and yes/no": [{"property": "created_at", "bucket": "month"}, {"property": "active"}],
    "range and text": [{"property": "nps", "bin": 10}, {"property": "country"}],
}


@pytest.mark.parametrize("tz", ["UTC", CPH])
@pytest.mark.parametrize("grouping", GROUPINGS, ids=list(GROUPINGS))
def test_every_measure_and_group_by_gives_the_answer_computed_by_hand(session, grouping, tz):
    people, rows = data(session)
    groups = GROUPINGS[grouping]
    for function, prop in MEASURES:
        raw = definition("company", *groups, function=function, prop=prop, limit=100)
        if not groups:
            raw["chart"] = "kpi"
        result = run(session, raw, ctx(people.ada, tz=tz))
        want = expected(rows, groups, function, prop, tz)
        got = {tuple(r[:-1]): r[-1] for r in result.rows}
        assert len(got) == len(result.rows), "a group came twice"
        if not groups:
            got = {(): result.rows[0][0]}
        assert got == pytest.approx(want), (function, prop)
        if function in ("count", "sum") and groups:
            assert result.total == pytest.approx(sum(v or 0 for v in want.values()))


def test_a_kpi_or_table_without_group_by_is_one_value(session):
    people, rows = data(session)
    kpi = run(session, definition("company", function="sum", prop="arr"), ctx(people.ada))
    assert kpi.rows == ((380.0,),) and kpi.total == 380.0 and kpi.format(380.0) == "$380"
    table = run(session, definition("company", chart="table"), ctx(people.ada))
    assert table.rows == ((6,),)
    nothing = run(session, definition("company", function="avg", prop="arr", filter=_none()), ctx(people.ada))
    assert nothing.rows == ((None,),) and nothing.empty and nothing.format(None) == "–"


def _none() -> dict:
    return {"all": [{"property": "name", "operator": "eq", "value": "nobody"}]}


def test_weeks_start_on_monday(session):
    people, _rows = data(session)
    result = run(session, definition("company", {"property": "last_login", "bucket": "week"}), ctx(people.ada))
    # Sun 15 Nov and Sun 22 Nov are in the weeks starting Mon 9 and Mon 16; Mon 23 starts one.
    assert labelled(result) == [
        ("Mar 30", 1),
        ("Nov 9", 1),
        ("Nov 16", 1),
        ("Nov 23", 1),
        ("(No value)", 2),
    ]
    assert [r[0] for r in result.rows][:4] == [date(2026, 3, 30), date(2026, 11, 9), date(2026, 11, 16),
                                               date(2026, 11, 23)]  # fmt: skip
    assert result.dimensions[0].title == "Last_Login (week)"


def test_quarters_end_on_their_last_day(session):
    people, _rows = data(session)
    result = run(session, definition("company", {"property": "renewal_date", "bucket": "quarter"}), ctx(people.ada))
    assert labelled(result) == [("Q1 2026", 1), ("Q2 2026", 2), ("Q4 2026", 1), ("Q1 2027", 1), ("(No value)", 1)]
    month = run(session, definition("company", {"property": "renewal_date", "bucket": "month"}), ctx(people.ada))
    assert labelled(month)[:2] == [("Mar 2026", 1), ("Apr 2026", 1)]
    day = run(session, definition("company", {"property": "renewal_date", "bucket": "day"}), ctx(people.ada))
    assert labelled(day)[:2] == [("Mar 31, 2026", 1), ("Apr 1, 2026", 1)]


def test_the_viewers_time_zone_moves_a_late_evening_event_to_the_next_day(session):
    people, _rows = data(session)
    by_day = definition("company", {"property": "created_at", "bucket": "day"})
    utc = dict(labelled(run(session, by_day, ctx(people.ada))))
    cph = dict(labelled(run(session, by_day, ctx(people.ada, tz=CPH))))
    # 23:30 UTC on Sunday 15 November is 00:30 on Monday 16 November in Copenhagen.
    assert (utc["Nov 15, 2026"], utc["Nov 16, 2026"]) == (1, 1)
    assert "Nov 15, 2026" not in cph and cph["Nov 16, 2026"] == 2
    # 23:30 UTC on 31 December is already the next year's first quarter there.
    by_quarter = definition("company", {"property": "created_at", "bucket": "quarter"})
    assert labelled(run(session, by_quarter, ctx(people.ada))) == [("Q1 2026", 1), ("Q3 2026", 1), ("Q4 2026", 4)]
    assert labelled(run(session, by_quarter, ctx(people.ada, tz=CPH))) == [
        ("Q2 2026", 1),
        ("Q3 2026", 1),
        ("Q4 2026", 3),
        ("Q1 2027", 1),
    ]


def test_negative_numbers_fall_in_the_range_below_them(session):
    people, _rows = data(session)
    result = run(session, definition("company", {"property": "nps", "bin": 10}), ctx(people.ada))
    # -15 → [-20, -10), -10 and -1 → [-10, 0), 0 and 9 → [0, 10), 10 → [10, 20)
    assert labelled(result) == [("-20–-10", 1), ("-10–0", 2), ("0–10", 2), ("10–20", 1)]
    assert [r[0] for r in result.rows] == [-20.0, -10.0, 0.0, 10.0]
    money = run(session, definition("company", {"property": "arr", "bin": 0.5}), ctx(people.ada))
    assert [r[0] for r in money.rows] == [-20.5, 10.0, 40.0, 100.0, 250.5, None]
    fine = run(session, definition("company", {"property": "arr", "bin": 2.5}), ctx(people.ada))
    assert [r[0] for r in fine.rows][:1] == [-22.5]  # floor(-8.2) = -9, not -8
    assert labelled(fine)[0] == ("-22.5–-20", 1)


def test_an_empty_text_and_no_text_are_one_no_value_group(session):
    people, _rows = data(session)
    result = run(session, definition("company", {"property": "country"}), ctx(people.ada))
    assert labelled(result) == [("Denmark", 2), ("Poland", 2), ("(No value)", 2)]


def test_two_group_bys_keep_the_largest_first_groups_with_their_parts_in_order(session):
    people, _rows = data(session)
    raw = definition("company", {"property": "owner_id"}, {"property": "industry"}, sort="value_desc", limit=2)
    result = run(session, raw, ctx(people.ada))
    # Bob has 3 customers, Ada 2, nobody 1: the limit keeps two owners; industries in
    # their list's order (Computer Software before Retail), no industry last.
    assert labelled(result) == [
        ("Bob", "Computer Software", 1),
        ("Bob", "Retail", 1),
        ("Bob", "(No value)", 1),
        ("Ada", "Computer Software", 2),
    ]
    assert result.total == 5
    assert [d.title for d in result.dimensions] == ["Company owner", "Industry"]
    smallest = run(session, raw | {"sort": "value_asc"}, ctx(people.ada))
    assert [r[:1] for r in labelled(smallest)] == [("No owner",), ("Ada",)]


def test_a_single_group_by_is_cut_at_the_limit_after_sorting(session):
    people, _rows = data(session)
    raw = definition("company", {"property": "nps", "bin": 10}, sort="value_desc", limit=2)
    result = run(session, raw, ctx(people.ada))
    assert labelled(result) == [("-10–0", 2), ("0–10", 2)]  # ties: in the ranges' order
    by_label = run(session, raw | {"sort": "label"}, ctx(people.ada))
    assert labelled(by_label) == [("-20–-10", 1), ("-10–0", 2)]
    choices = run(session, definition("company", {"property": "industry"}, limit=1), ctx(people.ada))
    assert labelled(choices) == [("Computer Software", 3)]  # the list's first option
