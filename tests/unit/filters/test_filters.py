"""The shared filter model: which companies each operator selects on the real database
(SQLite, and PostgreSQL when CS_TEST_PG_URL is set), validation messages, descriptions."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from cslib.filters import (
    MAX_CONDITIONS,
    OPERATORS,
    FilterContext,
    FilterError,
    add_months,
    combine_all,
    compile_filter,
    date_bounds,
    describe,
    operators_for,
    parse_json,
    preset_days,
    to_json,
    validate,
    value_kind,
)
from cslib.models import Company, ObjectType, Pipeline, PropertyDefinition, Record
from cslib.properties import properties_for, standard_properties
from tests.factories import company_props_with_customs, make_company, make_user

# Sunday 15 March 2026, 12:00 UTC = Sunday 02:00 in Honolulu (UTC-10) = Monday 16 March
# 01:00 in Auckland (UTC+13): the same instant is a different "today" and "this week".
NOW = datetime(2026, 3, 15, 12, 0, tzinfo=UTC)
HONOLULU = "Pacific/Honolulu"
AUCKLAND = "Pacific/Auckland"

PROPS = company_props_with_customs()


def ctx(user_id: int | None = None, tz: str = "UTC", now: datetime = NOW) -> FilterContext:
    return FilterContext(user_id=user_id, now=now, time_zone=tz)


def cond(prop: str, op: str, value=None) -> dict:
    c = {"property": prop, "operator": op}
    if value is not None:
        c["value"] = value
    return c


def names(session, flt, rows, context: FilterContext | None = None, props=PROPS) -> set[str]:
    """Names of the companies among `rows` that `flt` selects."""
    where = compile_filter(flt, props, context or ctx())
    stmt = select(Company.name).where(Company.id.in_([r.id for r in rows]), where)
    return set(session.scalars(stmt))


def companies(session, *specs: tuple[str, dict]) -> list[Company]:
    return [make_company(session, name=name, **values) for name, values in specs]


# --- text -----------------------------------------------------------------------------------


@pytest.fixture
def text_rows(session):
    return companies(
        session,
        ("Acme Corp", {"city": "Berlin", "custom": {"tier": "Gold"}}),
        ("acme labs", {"city": "", "custom": {"tier": "gold plus"}}),
        ("Beta 100%", {"city": None, "custom": {"tier": ""}}),
        ("under_score", {"city": "BERLIN", "custom": {}}),
        ("%off", {"city": "Paris", "custom": {"tier": None}}),
        ("a/b", {"city": "Rome", "custom": {"tier": "Silver"}}),
    )


ALL_TEXT = {"Acme Corp", "acme labs", "Beta 100%", "under_score", "%off", "a/b"}


@pytest.mark.parametrize(
    ("flt", "expected"),
    [
        (cond("name", "eq", "ACME CORP"), {"Acme Corp"}),
        (cond("name", "neq", "acme corp"), ALL_TEXT - {"Acme Corp"}),
        (cond("name", "contains", "ACME"), {"Acme Corp", "acme labs"}),
        (cond("name", "contains", "100%"), {"Beta 100%"}),
        (cond("name", "contains", "%"), {"Beta 100%", "%off"}),
        (cond("name", "contains", "_"), {"under_score"}),
        (cond("name", "contains", "r_s"), {"under_score"}),
        (cond("name", "contains", "e_s"), set()),
        (cond("name", "contains", "/"), {"a/b"}),
        (cond("name", "contains", "a/%"), set()),
        (cond("name", "not_contains", "acme"), ALL_TEXT - {"Acme Corp", "acme labs"}),
        (cond("name", "starts_with", "AC"), {"Acme Corp", "acme labs"}),
        (cond("name", "starts_with", "%"), {"%off"}),
        (cond("name", "starts_with", "_"), set()),
        (cond("name", "in", ["acme corp", "UNDER_SCORE", "nope"]), {"Acme Corp", "under_score"}),
        (cond("name", "not_in", ["acme corp", "a/b"]), ALL_TEXT - {"Acme Corp", "a/b"}),
        (cond("city", "eq", "berlin"), {"Acme Corp", "under_score"}),
        # Negative operators include unknown values ("" and NULL).
        (cond("city", "neq", "berlin"), {"acme labs", "Beta 100%", "%off", "a/b"}),
        (cond("city", "not_contains", "r"), {"acme labs", "Beta 100%"}),
        (cond("city", "not_in", ["Paris", "Rome"]), {"Acme Corp", "acme labs", "Beta 100%", "under_score"}),
        (cond("city", "is_known"), {"Acme Corp", "under_score", "%off", "a/b"}),
        (cond("city", "is_unknown"), {"acme labs", "Beta 100%"}),
        (cond("description", "is_unknown"), ALL_TEXT),
        # Custom text property (JSON): missing key, JSON null and "" are unknown.
        (cond("tier", "eq", "GOLD"), {"Acme Corp"}),
        (cond("tier", "contains", "gold"), {"Acme Corp", "acme labs"}),
        (cond("tier", "starts_with", "s"), {"a/b"}),
        (cond("tier", "in", ["silver", "gold"]), {"Acme Corp", "a/b"}),
        (cond("tier", "not_in", ["silver"]), ALL_TEXT - {"a/b"}),
        (cond("tier", "neq", "gold"), ALL_TEXT - {"Acme Corp"}),
        (cond("tier", "not_contains", "gold"), {"Beta 100%", "under_score", "%off", "a/b"}),
        (cond("tier", "is_known"), {"Acme Corp", "acme labs", "a/b"}),
        (cond("tier", "is_unknown"), {"Beta 100%", "under_score", "%off"}),
    ],
)
def test_text_operators(session, text_rows, flt, expected):
    assert names(session, flt, text_rows) == expected


# --- numbers ----------------------------------------------------------------------------------


@pytest.fixture
def number_rows(session):
    return companies(
        session,
        ("n100", {"arr": 100.0, "employees": 3, "custom": {"score": 1.5}}),
        ("n250", {"arr": 250.5, "employees": 4, "custom": {"score": 10}}),
        ("n1000", {"arr": 1000.0, "employees": None, "custom": {"score": -2}}),
        ("nneg", {"arr": -5.0, "employees": 0, "custom": {"score": None}}),
        ("nnone", {"arr": None, "employees": 12, "custom": {}}),
    )


ALL_NUM = {"n100", "n250", "n1000", "nneg", "nnone"}


@pytest.mark.parametrize(
    ("flt", "expected"),
    [
        (cond("arr", "eq", 250.5), {"n250"}),
        (cond("arr", "eq", "1000"), {"n1000"}),
        (cond("arr", "neq", 100), ALL_NUM - {"n100"}),
        (cond("arr", "lt", 250.5), {"n100", "nneg"}),
        (cond("arr", "lte", 250.5), {"n100", "n250", "nneg"}),
        (cond("arr", "gt", 250.5), {"n1000"}),
        (cond("arr", "gte", 250.5), {"n250", "n1000"}),
        (cond("arr", "between", {"min": 100, "max": 1000}), {"n100", "n250", "n1000"}),
        (cond("arr", "between", {"min": -5, "max": -5}), {"nneg"}),
        (cond("arr", "is_known"), ALL_NUM - {"nnone"}),
        (cond("arr", "is_unknown"), {"nnone"}),
        # An integer column compared with a fractional number is not rounded.
        (cond("employees", "gt", 3.5), {"n250", "nnone"}),
        (cond("employees", "eq", 3.5), set()),
        (cond("employees", "lte", 3.99), {"n100", "nneg"}),
        (cond("employees", "eq", 0), {"nneg"}),
        (cond("employees", "is_unknown"), {"n1000"}),
        (cond("score", "gt", 1), {"n100", "n250"}),
        (cond("score", "eq", 10), {"n250"}),
        (cond("score", "between", {"min": -2, "max": 1.5}), {"n100", "n1000"}),
        (cond("score", "neq", 10), ALL_NUM - {"n250"}),
        (cond("score", "is_unknown"), {"nneg", "nnone"}),
        (cond("id", "is_known"), ALL_NUM),
    ],
)
def test_number_operators(session, number_rows, flt, expected):
    assert names(session, flt, number_rows) == expected


# --- dates --------------------------------------------------------------------------------------


@pytest.fixture
def date_rows(session):
    return companies(
        session,
        ("d0309", {"renewal_date": date(2026, 3, 9), "custom": {"signed_on": "2026-03-09"}}),
        ("d0310", {"renewal_date": date(2026, 3, 10), "custom": {"signed_on": "2026-03-10"}}),
        ("d0315", {"renewal_date": date(2026, 3, 15), "custom": {"signed_on": "2026-03-15"}}),
        ("d0316", {"renewal_date": date(2026, 3, 16), "custom": {"signed_on": "2026-03-16"}}),
        ("d0228", {"renewal_date": date(2026, 2, 28), "custom": {"signed_on": "2026-02-28"}}),
        ("d0415", {"renewal_date": date(2026, 4, 15), "custom": {"signed_on": "2026-04-15"}}),
        ("d2025", {"renewal_date": date(2025, 12, 31), "custom": {"signed_on": "2025-12-31"}}),
        ("dnone", {"renewal_date": None, "custom": {}}),
    )


ALL_DATES = {"d0309", "d0310", "d0315", "d0316", "d0228", "d0415", "d2025", "dnone"}


@pytest.mark.parametrize("prop", ["renewal_date", "signed_on"])
@pytest.mark.parametrize(
    ("op", "value", "tz", "expected"),
    [
        ("on", "2026-03-10", "UTC", {"d0310"}),
        ("before", "2026-03-10", "UTC", {"d0309", "d0228", "d2025"}),
        ("after", "2026-03-15", "UTC", {"d0316", "d0415"}),
        ("between", {"from": "2026-03-09", "to": "2026-03-15"}, "UTC", {"d0309", "d0310", "d0315"}),
        ("between", {"from": "2026-03-10", "to": "2026-03-10"}, "UTC", {"d0310"}),
        # Today is 15 March in Honolulu and 16 March in Auckland.
        ("preset", "today", HONOLULU, {"d0315"}),
        ("preset", "today", AUCKLAND, {"d0316"}),
        ("preset", "yesterday", AUCKLAND, {"d0315"}),
        ("preset", "tomorrow", HONOLULU, {"d0316"}),
        ("preset", "this_week", HONOLULU, {"d0309", "d0310", "d0315"}),
        ("preset", "this_week", AUCKLAND, {"d0316"}),
        ("preset", "last_week", AUCKLAND, {"d0309", "d0310", "d0315"}),
        ("preset", "next_week", HONOLULU, {"d0316"}),
        ("preset", "this_month", HONOLULU, {"d0309", "d0310", "d0315", "d0316"}),
        ("preset", "last_month", HONOLULU, {"d0228"}),
        ("preset", "next_month", HONOLULU, {"d0415"}),
        ("preset", "this_quarter", HONOLULU, {"d0309", "d0310", "d0315", "d0316", "d0228"}),
        ("preset", "last_quarter", HONOLULU, {"d2025"}),
        ("preset", "this_year", HONOLULU, ALL_DATES - {"d2025", "dnone"}),
        # in_last N days: today and the N days before it.
        ("in_last", {"amount": 6, "unit": "days"}, HONOLULU, {"d0309", "d0310", "d0315"}),
        ("in_last", {"amount": 6, "unit": "days"}, AUCKLAND, {"d0310", "d0315", "d0316"}),
        ("in_last", {"amount": 1, "unit": "weeks"}, AUCKLAND, {"d0309", "d0310", "d0315", "d0316"}),
        ("in_last", {"amount": 1, "unit": "months"}, HONOLULU, {"d0228", "d0309", "d0310", "d0315"}),
        ("in_next", {"amount": 1, "unit": "days"}, HONOLULU, {"d0315", "d0316"}),
        ("in_next", {"amount": 1, "unit": "months"}, AUCKLAND, {"d0316", "d0415"}),
        ("more_than_ago", {"amount": 6, "unit": "days"}, HONOLULU, {"d0228", "d2025"}),
        ("more_than_ago", {"amount": 6, "unit": "days"}, AUCKLAND, {"d0309", "d0228", "d2025"}),
        ("is_known", None, "UTC", ALL_DATES - {"dnone"}),
        ("is_unknown", None, "UTC", {"dnone"}),
    ],
)
def test_date_operators(session, date_rows, prop, op, value, tz, expected):
    assert names(session, cond(prop, op, value), date_rows, ctx(tz=tz)) == expected


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


# Instants around NOW, with their local day in Honolulu (today = Sun 15 Mar) and Auckland
# (today = Mon 16 Mar).
INSTANTS = {
    "F": "2026-01-01T00:00:00",  # old
    "E": "2026-03-14T10:30:00",  # HNL Sat 14 00:30, AKL Sat 14 23:30
    "B": "2026-03-15T09:30:00",  # HNL Sat 14 23:30, AKL Sun 15 22:30
    "A": "2026-03-15T10:30:00",  # HNL Sun 15 00:30, AKL Sun 15 23:30
    "C": "2026-03-15T11:30:00",  # HNL Sun 15 01:30, AKL Mon 16 00:30
    "N": "2026-03-15T12:00:00",  # exactly now
    "D": "2026-03-16T10:30:00",  # HNL Mon 16 00:30, AKL Mon 16 23:30
    "H": "2026-03-17T10:00:00",  # HNL Tue 17 00:00 (start of the day), AKL Tue 17 23:00
    "G": "2026-03-17T10:30:00",  # HNL Tue 17 00:30, AKL Tue 17 23:30
}


@pytest.fixture
def instant_rows(session):
    rows = [
        make_company(session, name=key, last_activity_at=at(text), custom={"last_login": at(text).isoformat()})
        for key, text in INSTANTS.items()
    ]
    rows.append(make_company(session, name="none", last_activity_at=None, custom={}))
    return rows


@pytest.mark.parametrize("prop", ["last_activity_at", "last_login"])
@pytest.mark.parametrize(
    ("op", "value", "tz", "expected"),
    [
        ("preset", "today", HONOLULU, {"A", "C", "N"}),
        ("preset", "today", AUCKLAND, {"C", "N", "D"}),
        ("preset", "yesterday", HONOLULU, {"E", "B"}),
        ("preset", "yesterday", AUCKLAND, {"A", "B"}),
        ("preset", "tomorrow", HONOLULU, {"D"}),
        ("preset", "tomorrow", AUCKLAND, {"H", "G"}),
        ("preset", "this_week", HONOLULU, {"E", "B", "A", "C", "N"}),
        ("preset", "this_week", AUCKLAND, {"C", "N", "D", "H", "G"}),
        ("on", "2026-03-15", HONOLULU, {"A", "C", "N"}),
        ("on", "2026-03-15", AUCKLAND, {"B", "A"}),
        ("on", "2026-03-15", "UTC", {"B", "A", "C", "N"}),
        ("before", "2026-03-15", AUCKLAND, {"F", "E"}),
        ("after", "2026-03-15", HONOLULU, {"D", "H", "G"}),
        ("after", "2026-03-16", HONOLULU, {"H", "G"}),
        ("between", {"from": "2026-03-14", "to": "2026-03-15"}, AUCKLAND, {"E", "B", "A"}),
        # in_last: from the start of (today - N) up to now, inclusive.
        ("in_last", {"amount": 1, "unit": "days"}, HONOLULU, {"E", "B", "A", "C", "N"}),
        ("in_last", {"amount": 1, "unit": "days"}, AUCKLAND, {"B", "A", "C", "N"}),
        ("more_than_ago", {"amount": 1, "unit": "days"}, HONOLULU, {"F"}),
        ("more_than_ago", {"amount": 1, "unit": "days"}, AUCKLAND, {"F", "E"}),
        # in_next: from now to the end of (today + N).
        ("in_next", {"amount": 1, "unit": "days"}, HONOLULU, {"N", "D"}),
        ("in_next", {"amount": 1, "unit": "days"}, AUCKLAND, {"N", "D", "H", "G"}),
        ("is_known", None, "UTC", set(INSTANTS)),
        ("is_unknown", None, "UTC", {"none"}),
    ],
)
def test_datetime_operators_count_days_in_the_users_time_zone(session, instant_rows, prop, op, value, tz, expected):
    assert names(session, cond(prop, op, value), instant_rows, ctx(tz=tz)) == expected


def test_in_last_more_than_ago_and_future_split_the_known_values(session, instant_rows):
    for tz in (HONOLULU, AUCKLAND, "UTC"):
        c = ctx(tz=tz)
        recent = names(session, cond("last_activity_at", "in_last", {"amount": 1, "unit": "days"}), instant_rows, c)
        older = names(
            session, cond("last_activity_at", "more_than_ago", {"amount": 1, "unit": "days"}), instant_rows, c
        )
        assert recent.isdisjoint(older)
        assert recent | older | {"D", "H", "G"} == set(INSTANTS)


def test_months_are_calendar_months_clamped_to_the_last_day():
    assert add_months(date(2026, 3, 31), -1) == date(2026, 2, 28)
    assert add_months(date(2024, 3, 31), -1) == date(2024, 2, 29)
    assert add_months(date(2026, 1, 15), -13) == date(2024, 12, 15)
    assert add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)
    end_of_march = ctx(now=datetime(2026, 3, 31, 12, tzinfo=UTC))
    low, high, inclusive = date_bounds("in_last", {"amount": 1, "unit": "months"}, end_of_march, with_time=False)
    assert (low, high, inclusive) == (date(2026, 2, 28), date(2026, 4, 1), False)
    low, high, inclusive = date_bounds("in_last", {"amount": 2, "unit": "weeks"}, end_of_march, with_time=True)
    assert (low, high, inclusive) == (at("2026-03-17T00:00:00"), end_of_march.now, True)


def test_presets_cover_whole_periods_and_weeks_start_on_monday():
    sunday = date(2026, 3, 15)
    assert preset_days("this_week", sunday) == (date(2026, 3, 9), date(2026, 3, 16))
    assert preset_days("this_week", date(2026, 3, 16)) == (date(2026, 3, 16), date(2026, 3, 23))
    assert preset_days("last_quarter", date(2026, 1, 2)) == (date(2025, 10, 1), date(2026, 1, 1))
    assert preset_days("this_quarter", date(2026, 12, 31)) == (date(2026, 10, 1), date(2027, 1, 1))
    assert preset_days("last_month", date(2026, 1, 31)) == (date(2025, 12, 1), date(2026, 1, 1))
    assert preset_days("next_month", date(2026, 12, 5)) == (date(2027, 1, 1), date(2027, 2, 1))


def test_day_boundaries_follow_daylight_saving_time():
    # Auckland leaves daylight saving time on Sunday 5 April 2026 (UTC+13 -> UTC+12).
    c = ctx(tz=AUCKLAND, now=datetime(2026, 4, 5, 12, tzinfo=UTC))
    low, high, _ = date_bounds("preset", "today", c, with_time=True)
    assert (low, high) == (at("2026-04-05T12:00:00"), at("2026-04-06T12:00:00"))
    low, high, _ = date_bounds("preset", "yesterday", c, with_time=True)
    assert (low, high) == (at("2026-04-04T11:00:00"), at("2026-04-05T12:00:00"))


# --- yes/no, options, users -------------------------------------------------------------------


def test_bool_operators(session):
    rows = companies(
        session,
        ("yes", {"custom": {"active": True}}),
        ("no", {"custom": {"active": False}}),
        ("missing", {"custom": {}}),
        ("null", {"custom": {"active": None}}),
    )
    assert names(session, cond("active", "is_true"), rows) == {"yes"}
    assert names(session, cond("active", "is_false"), rows) == {"no"}
    assert names(session, cond("active", "is_known"), rows) == {"yes", "no"}
    assert names(session, cond("active", "is_unknown"), rows) == {"missing", "null"}


def test_enumeration_operators(session):
    rows = companies(
        session,
        ("lead", {"lifecycle_stage": "lead", "custom": {"plan": "free", "code": "7"}}),
        ("customer", {"lifecycle_stage": "customer", "custom": {"plan": "pro", "code": "x1"}}),
        ("other", {"lifecycle_stage": "other", "custom": {"plan": None}}),
        ("blank", {"lifecycle_stage": None, "custom": {"code": 8}}),
    )
    assert names(session, cond("lifecycle_stage", "in", ["lead", "customer"]), rows) == {"lead", "customer"}
    assert names(session, cond("lifecycle_stage", "not_in", ["lead"]), rows) == {"customer", "other", "blank"}
    assert names(session, cond("lifecycle_stage", "is_known"), rows) == {"lead", "customer", "other"}
    assert names(session, cond("lifecycle_stage", "is_unknown"), rows) == {"blank"}
    assert names(session, cond("plan", "in", ["pro"]), rows) == {"customer"}
    assert names(session, cond("plan", "not_in", ["pro"]), rows) == {"lead", "other", "blank"}
    assert names(session, cond("plan", "is_unknown"), rows) == {"other", "blank"}
    # No fixed options: ints and strings both work and match a JSON number or string.
    assert names(session, cond("code", "in", [7, "x1", 8]), rows) == {"lead", "customer", "blank"}
    assert names(session, cond("code", "not_in", ["7"]), rows) == {"customer", "other", "blank"}


def test_enumeration_without_options_on_an_id_column(session):
    session.add(ObjectType(key="deal", singular="Deal", plural="Deals", has_pipeline=True))
    session.flush()
    p1, p2 = Pipeline(object_type="deal", name="Sales"), Pipeline(object_type="deal", name="Renewals")
    session.add_all([p1, p2])
    session.flush()
    r1, r2, r3 = (
        Record(object_type="deal", name=n, pipeline_id=p) for n, p in (("r1", p1.id), ("r2", p2.id), ("r3", None))
    )
    session.add_all([r1, r2, r3])
    session.flush()
    props = {p.name: p for p in standard_properties("deal")}

    def pick(flt) -> set[str]:
        where = compile_filter(flt, props, ctx())
        return set(session.scalars(select(Record.name).where(Record.id.in_([r1.id, r2.id, r3.id]), where)))

    assert pick(cond("pipeline_id", "in", [p1.id])) == {"r1"}
    assert pick(cond("pipeline_id", "in", [str(p2.id), "not-a-number", "99999999999"])) == {"r2"}
    assert pick(cond("pipeline_id", "in", ["not-a-number"])) == set()
    assert pick(cond("pipeline_id", "not_in", [p1.id])) == {"r2", "r3"}
    assert pick(cond("pipeline_id", "is_unknown")) == {"r3"}


def test_user_operators_and_me(session):
    me, ann = make_user(session), make_user(session, name="Ann Lee")
    rows = companies(
        session,
        ("mine", {"owner_id": me.id, "custom": {"sponsor": me.id}}),
        ("anns", {"owner_id": ann.id, "custom": {"sponsor": ann.id}}),
        ("nobodys", {"owner_id": None, "custom": {}}),
    )
    c = ctx(user_id=me.id)
    assert names(session, cond("owner_id", "in", ["me"]), rows, c) == {"mine"}
    assert names(session, cond("owner_id", "in", ["me", ann.id]), rows, c) == {"mine", "anns"}
    assert names(session, cond("owner_id", "in", [ann.id]), rows, c) == {"anns"}
    assert names(session, cond("owner_id", "not_in", ["me"]), rows, c) == {"anns", "nobodys"}
    assert names(session, cond("owner_id", "is_known"), rows, c) == {"mine", "anns"}
    assert names(session, cond("owner_id", "is_unknown"), rows, c) == {"nobodys"}
    assert names(session, cond("owner_id", "in", ["me"]), rows, ctx(user_id=ann.id)) == {"anns"}
    # Nobody signed in: "me" is nobody.
    assert names(session, cond("owner_id", "in", ["me"]), rows, ctx(user_id=None)) == set()
    assert names(session, cond("owner_id", "not_in", ["me"]), rows, ctx(user_id=None)) == {"mine", "anns", "nobodys"}
    # Custom user property: ids stored in JSON.
    assert names(session, cond("sponsor", "in", ["me"]), rows, c) == {"mine"}
    assert names(session, cond("sponsor", "not_in", [ann.id]), rows, c) == {"mine", "nobodys"}
    assert names(session, cond("csm_owner_id", "is_unknown"), rows, c) == {"mine", "anns", "nobodys"}


# --- groups -------------------------------------------------------------------------------------


def test_and_or_groups_nest(session):
    me = make_user(session)
    rows = companies(
        session,
        ("big mine", {"owner_id": me.id, "arr": 5000.0, "country": "Germany"}),
        ("small mine", {"owner_id": me.id, "arr": 10.0, "country": "France"}),
        ("big other", {"owner_id": None, "arr": 9000.0, "country": "Germany"}),
        ("small other", {"owner_id": None, "arr": 5.0, "country": "Spain"}),
    )
    c = ctx(user_id=me.id)
    mine = cond("owner_id", "in", ["me"])
    big = cond("arr", "gte", 1000)
    assert names(session, {"all": [mine, big]}, rows, c) == {"big mine"}
    assert names(session, {"any": [mine, big]}, rows, c) == {"big mine", "small mine", "big other"}
    nested = {"any": [{"all": [mine, big]}, {"all": [cond("country", "eq", "spain"), cond("arr", "lt", 6)]}]}
    assert names(session, nested, rows, c) == {"big mine", "small other"}
    deep = {"all": [{"any": [{"all": [{"any": [mine, cond("country", "eq", "germany")]}]}]}, big]}
    assert names(session, deep, rows, c) == {"big mine", "big other"}
    # No filter, empty groups: everything.
    for nothing in (None, {}, {"all": []}, {"any": []}, {"all": [{"any": []}]}):
        assert names(session, nothing, rows, c) == {r.name for r in rows}
    assert names(session, {"any": [{"all": []}, cond("arr", "lt", 0)]}, rows, c) == {r.name for r in rows}
    assert names(session, {"all": [{"any": []}, big]}, rows, c) == {"big mine", "big other"}


@pytest.mark.parametrize(
    ("positive", "negative"),
    [
        (cond("city", "eq", "berlin"), cond("city", "neq", "berlin")),
        (cond("city", "contains", "r"), cond("city", "not_contains", "r")),
        (cond("tier", "in", ["gold", "silver"]), cond("tier", "not_in", ["gold", "silver"])),
        (cond("city", "is_known"), cond("city", "is_unknown")),
        (cond("tier", "is_known"), cond("tier", "is_unknown")),
    ],
)
def test_a_condition_and_its_negation_split_the_records(session, text_rows, positive, negative):
    yes, no = names(session, positive, text_rows), names(session, negative, text_rows)
    assert yes.isdisjoint(no) and yes | no == ALL_TEXT


def test_works_with_custom_properties_from_the_database(session):
    session.add(ObjectType(key="company", singular="Company", plural="Companies"))
    session.flush()
    session.add_all(
        [
            PropertyDefinition(
                object_type="company",
                name="region",
                label="Region",
                type="enumeration",
                options=[{"value": "emea", "label": "EMEA"}, {"value": "apac", "label": "APAC"}],
            ),
            PropertyDefinition(object_type="company", name="seats", label="Seats", type="number"),
        ]
    )
    session.flush()
    props = properties_for(session, "company")
    rows = companies(
        session,
        ("emea", {"custom": {"region": "emea", "seats": 40}}),
        ("apac", {"custom": {"region": "apac", "seats": 4}}),
    )
    flt = {"all": [cond("region", "in", ["emea", "apac"]), cond("seats", "gt", 10)]}
    assert names(session, flt, rows, props=props) == {"emea"}
    with pytest.raises(FilterError, match="'latam' is not an option of Region"):
        validate(cond("region", "in", ["latam"]), props)
    assert describe(flt, props, {}) == "Region is any of EMEA, APAC and Seats is greater than 10"


# --- validation ---------------------------------------------------------------------------------


def _deep(levels: int) -> dict:
    node: dict = cond("name", "eq", "x")
    for _ in range(levels):
        node = {"all": [node]}
    return node


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (cond("foo", "eq", "x"), "Unknown property 'foo'"),
        (cond("arr", "contains", "x"), "Operator 'contains' does not fit Annual recurring revenue (a number)"),
        (cond("name", "gt", 3), "Operator 'gt' does not fit Company name (a text)"),
        (cond("owner_id", "eq", 3), "Operator 'eq' does not fit Company owner (a user)"),
        (cond("name", "resembles", "x"), "Unknown operator 'resembles' for Company name"),
        (cond("created_at", "on", "31/01/2026"), "Value for Create date must be a date like 2026-01-31"),
        (cond("created_at", "on", "2026-02-30"), "Value for Create date must be a date like 2026-01-31"),
        (cond("created_at", "on", "20260131"), "Value for Create date must be a date like 2026-01-31"),
        (cond("created_at", "on", 20260131), "Value for Create date must be a date like 2026-01-31"),
        (cond("created_at", "on", "0001-01-01"), "between the years 1000 and 8999"),
        (cond("created_at", "between", {"from": "2026-02-01", "to": "2026-01-01"}), "start date"),
        (cond("created_at", "between", {"from": "2026-02-01"}), 'must have a "from" and a "to"'),
        (cond("created_at", "in_last", {"amount": 0, "unit": "days"}), "whole number from 1 to 3,650"),
        (cond("created_at", "in_last", {"amount": 3651, "unit": "days"}), "whole number from 1 to 3,650"),
        (cond("created_at", "in_last", {"amount": 2.5, "unit": "days"}), "whole number"),
        (cond("created_at", "in_last", {"amount": True, "unit": "days"}), "whole number"),
        (cond("created_at", "in_last", {"amount": 3, "unit": "years"}), "days, weeks or months"),
        (cond("created_at", "preset", "next_decade"), "Unknown period 'next_decade' for Create date"),
        (cond("arr", "gt", "lots"), "Value for Annual recurring revenue must be a number"),
        (cond("arr", "gt", float("nan")), "must be a number"),
        (cond("arr", "gt", float("inf")), "must be a number"),
        (cond("arr", "gt", "inf"), "must be a number"),
        (cond("arr", "gt", True), "must be a number"),
        (cond("arr", "gt", [1]), "must be a number"),
        (cond("arr", "gt", 10**400), "must be a number"),
        (cond("arr", "between", {"min": 5, "max": 1}), "minimum for Annual recurring revenue is larger"),
        (cond("arr", "between", [1, 5]), 'must have a "min" and a "max"'),
        (cond("name", "eq", 5), "Value for Company name must be a text"),
        (cond("name", "eq", ""), "Enter a value for Company name"),
        (cond("name", "eq", "x" * 1001), "too long"),
        (cond("name", "eq", "a\x00b"), "NUL"),
        (cond("name", "eq", "\ud800"), "not valid text"),
        (cond("name", "eq"), "Enter a value for Company name"),
        (cond("name", "in", []), "Choose at least one value for Company name"),
        (cond("name", "in", "acme"), "must be a list"),
        (cond("name", "in", ["a"] * 501), "Too many values"),
        (cond("name", "is_known", "x"), "Company name is known takes no value"),
        (cond("lifecycle_stage", "in", ["lead", "bogus"]), "'bogus' is not an option of Lifecycle stage"),
        (cond("lifecycle_stage", "in", [1]), "'1' is not an option of Lifecycle stage"),
        (cond("code", "in", [True]), "is not a valid value for Code"),
        (cond("owner_id", "in", ["you"]), 'must be user ids or "me"'),
        (cond("owner_id", "in", [0]), 'must be user ids or "me"'),
        (cond("owner_id", "in", [2**40]), 'must be user ids or "me"'),
        (cond("owner_id", "in", [True]), 'must be user ids or "me"'),
        ({"property": "name", "operator": "eq", "value": "x", "extra": 1}, "Unexpected key 'extra'"),
        ({"operator": "eq", "value": "x"}, "needs a property"),
        ({"property": 5, "operator": "eq", "value": "x"}, "needs a property"),
        ({"property": "name", "value": "x"}, "Choose an operator for Company name"),
        ({"property": "name", "operator": ["eq"], "value": "x"}, "Unknown operator a list for Company name"),
        ({"all": [], "any": []}, 'exactly one of "all" or "any"'),
        ({"none": []}, 'exactly one of "all" or "any"'),
        ({"all": cond("name", "eq", "x")}, '"all" must hold a list'),
        ({"all": ["name"]}, "must be a group or a condition"),
        ([cond("name", "eq", "x")], "must be a group of conditions or a condition"),
        ("name = 'x'", "must be a group of conditions or a condition"),
        (_deep(5), "nested at most 4 levels deep"),
        ({"all": [cond("name", "eq", str(i)) for i in range(MAX_CONDITIONS + 1)]}, "at most 50 conditions"),
        ({"all": [{"any": [cond("name", "eq", str(i)) for i in range(30)]}] * 2}, "at most 50 conditions"),
        ({"all": [{"any": []}] * 50}, "at most 50 groups"),
    ],
)
def test_validation_messages(raw, message):
    with pytest.raises(FilterError) as info:
        validate(raw, PROPS)
    assert message in str(info.value)


def test_validation_is_a_validation_error_and_compile_validates_too():
    from cslib.errors import ValidationError

    with pytest.raises(ValidationError):
        compile_filter(cond("foo", "eq", "x"), PROPS, ctx())


def test_deep_nesting_does_not_recurse_without_bound():
    node: object = cond("name", "eq", "x")
    for _ in range(100_000):
        node = {"any": [node]}
    with pytest.raises(FilterError, match="nested at most"):
        validate(node, PROPS)


def test_validate_normalises():
    raw = {
        "all": [
            cond("arr", "between", {"max": "20", "min": 3}),
            cond("employees", "eq", 7),
            cond("name", "in", ["a", "b", "a"]),
            cond("owner_id", "in", ["me", 3, 3]),
            {"property": "created_at", "operator": "is_known", "value": None},
            {"any": []},
            {"any": [cond("nps", "gt", 1), {"all": []}]},
        ]
    }
    out = validate(raw, PROPS)
    assert out == {
        "all": [
            cond("arr", "between", {"min": 3.0, "max": 20.0}),
            cond("employees", "eq", 7.0),
            cond("name", "in", ["a", "b"]),
            cond("owner_id", "in", ["me", 3]),
            cond("created_at", "is_known"),
        ]
    }
    assert isinstance(out["all"][1]["value"], float)
    assert validate(out, PROPS) == out
    assert raw["all"][2]["value"] == ["a", "b", "a"]  # the input is not changed
    assert validate(None, PROPS) is None and validate({}, PROPS) is None and validate({"all": []}, PROPS) is None


def test_filter_context_checks_its_time_zone_and_now():
    with pytest.raises(FilterError, match="Unknown time zone 'Mars/Olympus'"):
        FilterContext(user_id=1, now=NOW, time_zone="Mars/Olympus")
    with pytest.raises(FilterError, match="Unknown time zone"):
        FilterContext(user_id=1, now=NOW, time_zone="../../etc/passwd")
    with pytest.raises(TypeError, match="timezone-aware"):
        FilterContext(user_id=1, now=datetime(2026, 1, 1))
    assert FilterContext(user_id=1, now=NOW, time_zone=AUCKLAND).today() == date(2026, 3, 16)


# --- links, combining, UI helpers ---------------------------------------------------------------


def test_parse_json_for_links():
    flt = {"all": [cond("owner_id", "in", ["me"]), cond("name", "contains", 'Åcme "&" co')]}
    assert parse_json(to_json(flt)) == flt
    assert parse_json("") is None and parse_json("  ") is None and parse_json("null") is None
    assert to_json(None) == "" and to_json({}) == ""
    for bad in ("{", "[1, 2]", "42", '"text"', '{"all": [NaN]}', "[" * 5000 + "]" * 5000, "{'a': 1}"):
        with pytest.raises(FilterError, match="The filter in the link is not valid"):
            parse_json(bad)
    with pytest.raises(FilterError, match="too long"):
        parse_json(" " * 20_001)


def test_combine_all():
    a, b, c = cond("name", "eq", "x"), cond("arr", "gt", 1), cond("nps", "lt", 3)
    assert combine_all() is None
    assert combine_all(None, {}, {"all": []}) is None
    assert combine_all(a, None) == a
    assert combine_all(a, b) == {"all": [a, b]}
    assert combine_all({"all": [a, b]}, c) == {"all": [a, b, c]}
    assert combine_all({"any": [a, b]}, {"all": [c]}) == {"all": [{"any": [a, b]}, c]}
    assert validate(combine_all({"all": [a, b]}, {"any": [c, a]}), PROPS) == {"all": [a, b, {"any": [c, a]}]}


def test_combined_filters_select_the_intersection(session, number_rows):
    view = cond("arr", "gte", 100)
    bar = {"any": [cond("employees", "lt", 4), cond("score", "eq", -2)]}
    assert names(session, combine_all(view, bar), number_rows) == {"n100", "n1000"}


def test_operators_for_fit_each_type():
    by_name = {p.name: p for p in PROPS.values()}
    assert [op for op, _ in operators_for(by_name["name"])] == [
        "eq",
        "neq",
        "contains",
        "not_contains",
        "starts_with",
        "in",
        "not_in",
        "is_known",
        "is_unknown",
    ]
    assert ("in_last", "is in the last") in operators_for(by_name["created_at"])
    assert [op for op, _ in operators_for(by_name["active"])] == ["is_true", "is_false", "is_known", "is_unknown"]
    assert [op for op, _ in operators_for(by_name["owner_id"])] == ["in", "not_in", "is_known", "is_unknown"]
    assert "between" in dict(operators_for(by_name["arr"]))
    for spec in PROPS.values():
        ops = operators_for(spec)
        assert ops and all(isinstance(label, str) and label for _, label in ops)
        assert [op for op, _ in ops] == list(OPERATORS[spec.type])
    assert value_kind(by_name["created_at"], "in_last") == "period"
    assert value_kind(by_name["owner_id"], "in") == "users"
    assert value_kind(by_name["name"], "is_known") is None


def test_describe_reads_like_english():
    flt = {"all": [cond("owner_id", "in", ["me", 7]), cond("created_at", "in_last", {"amount": 30, "unit": "days"})]}
    assert describe(flt, PROPS, {7: "Ann Lee"}) == (
        "Company owner is any of me, Ann Lee and Create date is in the last 30 days"
    )
    nested = {
        "any": [
            cond("arr", "between", {"min": 1000, "max": 2500.5}),
            {"all": [cond("lifecycle_stage", "in", ["lead", "customer"]), cond("name", "contains", "acme")]},
            cond("renewal_date", "preset", "next_month"),
            cond("last_activity_at", "more_than_ago", {"amount": 1, "unit": "weeks"}),
            cond("city", "is_unknown"),
            cond("owner_id", "not_in", [99]),
            cond("active", "is_true"),
        ]
    }
    assert describe(nested, PROPS, {}) == (
        "Annual recurring revenue is between 1,000 and 2,500.5"
        ' or (Lifecycle stage is any of Lead, Customer and Company name contains "acme")'
        " or Renewal date is next month or Last activity date is more than 1 week ago"
        " or City is unknown or Company owner is none of user 99 or Active is true"
    )
    assert describe(None, PROPS, {}) == ""
    with pytest.raises(FilterError):
        describe(cond("foo", "eq", 1), PROPS, {})


def _sample(spec, kind):
    return {
        None: None,
        "text": "a",
        "texts": ["a"],
        "number": 1,
        "number_range": {"min": 1, "max": 2},
        "date": "2026-01-01",
        "date_range": {"from": "2026-01-01", "to": "2026-01-02"},
        "period": {"amount": 3, "unit": "weeks"},
        "preset": "this_quarter",
        "options": sorted(spec.option_values) or ["x", 3],
        "users": ["me", 1],
    }[kind]


@pytest.mark.parametrize("spec", list(PROPS.values()), ids=lambda spec: spec.name)
def test_every_operator_of_every_property_compiles_and_runs(session, spec):
    make_company(session, custom={})
    for op, _ in operators_for(spec):
        flt = cond(spec.name, op, _sample(spec, value_kind(spec, op)))
        session.execute(select(Company.id).where(compile_filter(flt, PROPS, ctx(user_id=1)))).all()


@pytest.mark.parametrize("object_type", ["contact", "task", "deal", "ticket", "project"])
def test_every_operator_runs_on_the_other_object_types(session, object_type):
    from cslib.properties import model_for

    model = model_for(object_type)
    props = {p.name: p for p in standard_properties(object_type)}
    for spec in props.values():
        for op, _ in operators_for(spec):
            flt = cond(spec.name, op, _sample(spec, value_kind(spec, op)))
            session.execute(select(model.id).where(compile_filter(flt, props, ctx(user_id=1)))).all()


def test_conditions_lists_every_condition_at_any_depth_and_skips_junk():
    from cslib.filters import conditions

    flt = {"all": [{"property": "nps", "operator": "lt", "value": 3}, {"any": [{"property": "arr"}, 7, None]}]}
    assert [c["property"] for c in conditions(flt)] == ["nps", "arr"]
    assert conditions(None) == [] and conditions({"any": "x"}) == []
