"""The server-side list (cslib.lists) and the computed "assigned at" property, on SQLite
and (with CS_TEST_PG_URL) PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pandas as pd
import pytest

from cslib import records
from cslib.errors import ValidationError
from cslib.filters import FilterError
from cslib.lists import display_columns, list_records
from cslib.models import PropertyDefinition, PropertyHistory
from cslib.permissions import PermissionDenied
from cslib.properties import properties_for
from tests.factories import (
    make_actor,
    make_company,
    make_object_type,
    make_pipeline,
    make_record,
    make_user,
    stages_of,
)

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
LAST_30 = {"amount": 30, "unit": "days"}


def ids(page) -> list[int]:
    return [int(i) for i in page.rows["id"]]


def listing(session, actor, *, filters=(), columns=("name",), sort=(), **kw):
    return list_records(
        session, actor, "company", filters=list(filters), columns=list(columns), sort=list(sort), now=NOW, **kw
    )


def define(session, name: str, type_: str, options=None) -> None:
    make_object_type(session, "company")
    session.add(PropertyDefinition(object_type="company", name=name, label=name.title(), type=type_, options=options))
    session.flush()


# --- paging --------------------------------------------------------------------------------


def test_pages_count_the_total_and_clamp_the_page_number(session):
    me = make_actor(session)
    made = [make_company(session, name=f"C{i}") for i in range(7)]
    first = listing(session, me, page_size=3)
    assert (first.total, first.pages, first.page, first.page_size) == (7, 3, 1, 3)
    assert ids(first) == [c.id for c in made[:3]]
    last = listing(session, me, page=3, page_size=3)
    assert ids(last) == [made[6].id]
    assert listing(session, me, page=99, page_size=3).page == 3
    assert ids(listing(session, me, page=99, page_size=3)) == [made[6].id]
    assert listing(session, me, page=0, page_size=3).page == 1
    assert listing(session, me, page=-5, page_size=3).page == 1


def test_an_empty_list_is_one_empty_page_with_the_columns(session):
    me = make_actor(session)
    page = listing(session, me, columns=["name", "owner_id", "arr"])
    assert (page.total, page.pages, page.page) == (0, 1, 1)
    assert list(page.rows.columns) == ["id", "name", "owner_id", "arr"] and page.rows.empty


@pytest.mark.parametrize("size", [0, 201, -1, 2.5, True])
def test_page_size_must_be_1_to_200(session, size):
    me = make_actor(session)
    with pytest.raises(ValidationError, match="Rows per page"):
        listing(session, me, page_size=size)


# --- sorting -------------------------------------------------------------------------------

T0 = datetime(2026, 1, 1, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("prop", "values"),
    [
        ("name", ["b", "a", "c"]),
        ("city", ["Oslo", None, "Aarhus"]),
        ("arr", [10.0, None, 2.5]),
        ("nps", [3, -5, None]),
        ("renewal_date", [date(2027, 1, 1), None, date(2026, 12, 1)]),
        ("last_activity_at", [T0, T0 - timedelta(days=3), None]),
        ("lifecycle_stage", ["lead", None, "customer"]),
    ],
)
def test_sort_each_standard_type_both_ways_with_unknown_values_last(session, prop, values):
    me = make_actor(session)
    made = [make_company(session, **({"name": f"n{i}"} | {prop: v})) for i, v in enumerate(values)]
    known = sorted((v, c.id) for v, c in zip(values, made, strict=True) if v is not None)
    unknown = [c.id for v, c in zip(values, made, strict=True) if v is None]
    asc = listing(session, me, sort=[{"property": prop, "direction": "asc"}])
    desc = listing(session, me, sort=[{"property": prop, "direction": "desc"}])
    assert ids(asc) == [i for _, i in known] + unknown
    assert ids(desc) == [i for _, i in reversed(known)] + unknown


def test_sort_by_a_user_property_sorts_by_the_users_name(session):
    me = make_actor(session)
    zed, amy = make_user(session, name="Zed Young"), make_user(session, name="Amy Adams")
    by_zed = make_company(session, owner_id=zed.id)
    by_amy = make_company(session, owner_id=amy.id)
    nobody = make_company(session, owner_id=None)
    asc = listing(session, me, columns=["owner_id"], sort=[{"property": "owner_id", "direction": "asc"}])
    desc = listing(session, me, columns=["owner_id"], sort=[{"property": "owner_id", "direction": "desc"}])
    assert ids(asc) == [by_amy.id, by_zed.id, nobody.id]
    assert ids(desc) == [by_zed.id, by_amy.id, nobody.id]
    assert list(asc.rows["owner_id"]) == ["Amy Adams", "Zed Young", None]


@pytest.mark.parametrize(
    ("type_", "values", "order"),
    [
        ("number", [5, None, 1.5], [2, 0]),
        ("date", ["2027-01-02", "2026-03-04", None], [1, 0]),
        ("bool", [True, False, None], [1, 0]),
        ("enumeration", ["pro", None, "free"], [2, 0]),
        ("string", ["beta", "Alpha", None], [1, 0]),
    ],
)
def test_sort_custom_properties_both_ways_with_unknown_values_last(session, type_, values, order):
    options = [{"value": "free", "label": "Free"}, {"value": "pro", "label": "Pro"}] if type_ == "enumeration" else None
    define(session, "extra", type_, options)
    me = make_actor(session)
    made = [make_company(session, custom={} if v is None else {"extra": v}) for v in values]
    unknown = [c.id for v, c in zip(values, made, strict=True) if v is None]
    asc = listing(session, me, columns=["extra"], sort=[{"property": "extra", "direction": "asc"}])
    desc = listing(session, me, columns=["extra"], sort=[{"property": "extra", "direction": "desc"}])
    assert ids(asc) == [made[i].id for i in order] + unknown
    assert ids(desc) == [made[i].id for i in reversed(order)] + unknown


@pytest.mark.parametrize(
    "sort",
    [
        [{"property": "lifecycle_stage", "direction": "asc"}, {"property": "arr", "direction": "asc"}],
        [{"property": "lifecycle_stage", "direction": "desc"}, {"property": "arr", "direction": "desc"}],
        [{"property": "arr", "direction": "desc"}],
        [{"property": "city", "direction": "desc"}],
    ],
)
def test_ties_are_broken_by_id_so_pages_neither_overlap_nor_skip(session, sort):
    me = make_actor(session)
    made = [make_company(session, arr=100.0 if i % 3 else None, city="x", lifecycle_stage="lead") for i in range(11)]
    whole = ids(listing(session, me, sort=sort, page_size=200))
    paged = [i for number in (1, 2, 3) for i in ids(listing(session, me, sort=sort, page=number, page_size=4))]
    assert paged == whole and sorted(whole) == [c.id for c in made]
    with_arr = [c.id for i, c in enumerate(made) if i % 3]
    if sort[-1]["property"] == "arr":  # the known values first, each group in id order
        head, tail = whole[: len(with_arr)], whole[len(with_arr) :]
        assert sorted(head) == with_arr and head in (sorted(head), sorted(head, reverse=True))
        assert tail in (sorted(tail), sorted(tail, reverse=True))
    else:
        assert whole in (sorted(whole), sorted(whole, reverse=True))


def test_unknown_columns_and_sort_keys_are_refused_readably(session):
    me = make_actor(session)
    with pytest.raises(ValidationError, match="no property “nope” to show"):
        listing(session, me, columns=["name", "nope"])
    with pytest.raises(ValidationError, match="no property “nope” to sort by"):
        listing(session, me, sort=[{"property": "nope", "direction": "asc"}])
    with pytest.raises(ValidationError, match="asc or desc"):
        listing(session, me, sort=[{"property": "name", "direction": "up"}])
    with pytest.raises(ValidationError, match="no property “nope”"):
        display_columns(session, "company", ["nope"])
    assert display_columns(session, "company", ["name", "owner_id", "assigned_at:owner_id"]) == {
        "name": "Company name",
        "owner_id": "Company owner",
        "assigned_at:owner_id": "Company owner assigned date",
    }


def test_pipeline_records_show_pipeline_and_stage_names_and_sort_by_stage_order(session):
    me = make_actor(session)
    pipeline = make_pipeline(session, "deal", name="Sales", stages=("New", "Won"))
    new, won = stages_of(session, pipeline)
    late = make_record(session, pipeline, won, name="Late", amount=5.0)
    early = make_record(session, pipeline, new, name="Early")
    make_record(session, make_pipeline(session, "project"), name="A project")
    page = list_records(
        session,
        me,
        "deal",
        filters=[],
        columns=["name", "pipeline_id", "stage_id", "amount"],
        sort=[{"property": "stage_id", "direction": "asc"}],
    )
    assert ids(page) == [early.id, late.id] and page.total == 2
    assert list(page.rows["stage_id"]) == ["New", "Won"] and set(page.rows["pipeline_id"]) == {"Sales"}
    desc = list_records(
        session, me, "deal", filters=[], columns=["name"], sort=[{"property": "stage_id", "direction": "desc"}]
    )
    assert ids(desc) == [late.id, early.id]


# --- filters and what is listed ------------------------------------------------------------


def test_filters_are_anded_and_none_filters_nothing(session):
    me = make_actor(session)
    mine_big = make_company(session, owner_id=me.id, arr=500.0)
    make_company(session, owner_id=me.id, arr=5.0)
    make_company(session, arr=500.0)
    owned = {"property": "owner_id", "operator": "in", "value": ["me"]}
    big = {"all": [{"property": "arr", "operator": "gt", "value": 100}]}
    page = listing(session, me, filters=[owned, None, big, {}])
    assert ids(page) == [mine_big.id] and page.total == 1
    with pytest.raises(FilterError):
        listing(session, me, filters=[{"property": "arr", "operator": "contains", "value": "x"}])


def test_deleted_and_merged_records_are_never_listed(session):
    me = make_actor(session)
    live = make_company(session)
    make_company(session, deleted_at=NOW)
    make_company(session, merged_into_id=live.id)
    page = listing(session, me)
    assert ids(page) == [live.id] and page.total == 1


def test_the_frame_holds_display_values(session):
    define(session, "plan", "enumeration", [{"value": "pro", "label": "Professional"}])
    define(session, "sponsor", "user")
    me = make_actor(session)
    ann = make_user(session, name="Ann Lee")
    c = make_company(
        session,
        name="Acme",
        owner_id=ann.id,
        lifecycle_stage="customer",
        arr=1200,
        nps=7,
        renewal_date=date(2027, 3, 1),
        last_activity_at=datetime(2026, 11, 1, 8, 30, tzinfo=UTC),
        custom={"plan": "pro", "sponsor": me.id},
    )
    columns = [
        "name",
        "owner_id",
        "lifecycle_stage",
        "arr",
        "nps",
        "renewal_date",
        "last_activity_at",
        "plan",
        "sponsor",
    ]
    row = listing(session, me, columns=columns).rows.iloc[0]
    assert row["id"] == c.id and row["name"] == "Acme"
    assert (row["owner_id"], row["sponsor"]) == ("Ann Lee", me.name)
    assert (row["lifecycle_stage"], row["plan"]) == ("Customer", "Professional")
    assert isinstance(row["arr"], float) and row["arr"] == 1200.0 and row["nps"] == 7.0
    assert type(row["renewal_date"]) is date and row["renewal_date"] == date(2027, 3, 1)
    assert row["last_activity_at"] == datetime(2026, 11, 1, 8, 30, tzinfo=UTC)
    assert row["last_activity_at"].tzinfo is not None


def test_missing_values_show_as_missing(session):
    me = make_actor(session)
    make_company(session, owner_id=None, arr=None, renewal_date=None, last_activity_at=None)
    row = listing(session, me, columns=["owner_id", "arr", "renewal_date", "last_activity_at"]).rows.iloc[0]
    assert row["owner_id"] is None and row["renewal_date"] is None
    assert pd.isna(row["arr"]) and pd.isna(row["last_activity_at"])


def test_lists_need_workspace_access_and_a_seat(session):
    make_company(session)
    with pytest.raises(PermissionDenied, match="Service seat"):
        listing(session, make_actor(session, has_service_seat=False))
    with pytest.raises(PermissionDenied, match="no workspace access"):
        listing(session, make_actor(session, workspace_access=False))
    # A super admin without a seat sees the Overview's customer view cards.
    assert listing(session, make_actor(session, is_super_admin=True, has_service_seat=False)).total >= 1


def test_me_can_be_another_user_only_for_admins(session):
    csm, other = make_actor(session), make_actor(session)
    admin = make_actor(session, manage_settings=True)
    theirs = make_company(session, owner_id=other.id)
    owned = {"property": "owner_id", "operator": "in", "value": ["me"]}
    assert ids(listing(session, admin, filters=[owned], me=other.id)) == [theirs.id]
    with pytest.raises(PermissionDenied):
        listing(session, csm, filters=[owned], me=other.id)


# --- "assigned at": when the current owner was assigned ------------------------------------


def assign(session, actor, company, user_id, days_ago: float):
    records.update_properties(
        session,
        actor,
        "company",
        company.id,
        {"owner_id": user_id},
        expected_version=company.version,
        now=NOW - timedelta(days=days_ago),
    )


def test_assigned_at_is_a_read_only_datetime_per_user_property(session):
    define(session, "sponsor", "user")
    props = properties_for(session, "company")
    for base, label in (("owner_id", "Company owner"), ("csm_owner_id", "CSM owner"), ("sponsor", "Sponsor")):
        spec = props[f"assigned_at:{base}"]
        assert (spec.label, spec.type, spec.group) == (f"{label} assigned date", "datetime", "Ownership")
        assert spec.readonly and spec.computed == "assigned_at" and spec.based_on.name == base


def test_assigned_in_the_last_30_days_counts_the_latest_assignment_of_the_current_owner(session):
    me, other = make_actor(session), make_actor(session)
    recent, old, back, away = (make_company(session, name=n) for n in ("recent", "old", "back", "away"))
    assign(session, me, recent, me.id, 10)
    assign(session, me, old, me.id, 40)
    assign(session, me, back, me.id, 60)
    assign(session, me, back, other.id, 50)
    assign(session, me, back, me.id, 5)  # re-assigned to someone else and back: counts from now
    assign(session, me, away, me.id, 3)
    assign(session, me, away, other.id, 45 / 24 / 60)  # then given away: not mine any more
    owned = {"property": "owner_id", "operator": "in", "value": ["me"]}
    assigned = {"property": "assigned_at:owner_id", "operator": "in_last", "value": LAST_30}
    page = listing(session, me, filters=[owned, assigned], columns=["name", "assigned_at:owner_id"])
    assert set(page.rows["name"]) == {"recent", "back"}
    shown = dict(zip(page.rows["name"], page.rows["assigned_at:owner_id"], strict=True))
    assert shown["back"] == NOW - timedelta(days=5) and shown["recent"] == NOW - timedelta(days=10)
    # Everyone's: "away" was assigned to its current owner 45 minutes ago.
    assert {*listing(session, me, filters=[assigned]).rows["name"]} == {"recent", "back", "away"}


def test_assigned_at_filters_sorts_and_knows_when_history_is_silent(session):
    me = make_actor(session)
    a, b = make_company(session, name="a"), make_company(session, name="b")
    silent = make_company(session, name="silent", owner_id=me.id)  # owner set without history
    make_company(session, name="unowned")
    assign(session, me, a, me.id, 20)
    assign(session, me, a, None, 10)
    assign(session, me, a, me.id, 2)
    assign(session, me, b, me.id, 8)
    prop = "assigned_at:owner_id"

    def names(*flts, sort=()):
        return list(listing(session, me, filters=flts, sort=sort).rows["name"])

    # The newest assignment decides: "a" has one 20 days ago but its latest is 2 days ago.
    older = {"property": prop, "operator": "more_than_ago", "value": {"amount": 7, "unit": "days"}}
    assert names(older) == ["b"]
    assert names({"property": prop, "operator": "in_last", "value": {"amount": 5, "unit": "days"}}) == ["a"]
    assert names({"property": prop, "operator": "is_unknown"}) == ["silent", "unowned"]
    assert names({"property": prop, "operator": "is_known"}) == ["a", "b"]
    assert names({"property": prop, "operator": "before", "value": (NOW - timedelta(days=5)).date().isoformat()}) == [
        "b"
    ]
    assert names(sort=[{"property": prop, "direction": "desc"}]) == ["a", "b", "silent", "unowned"]
    assert names(sort=[{"property": prop, "direction": "asc"}]) == ["b", "a", "silent", "unowned"]
    assert silent.owner_id == me.id


def test_assigned_at_filter_and_column_agree_on_history_written_directly(session):
    """The filter and the column are separate SQL: the same rows must give the same answer."""
    me = make_actor(session)
    c = make_company(session, owner_id=me.id)
    for days, value in ((30, str(me.id)), (12, "999"), (11, str(me.id)), (1, "999")):
        session.add(
            PropertyHistory(
                object_type="company",
                object_id=c.id,
                property="owner_id",
                old_value=None,
                new_value=value,
                changed_at=NOW - timedelta(days=days),
            )
        )
    session.flush()
    value = listing(session, me, columns=["assigned_at:owner_id"]).rows.iloc[0]["assigned_at:owner_id"]
    assert value == NOW - timedelta(days=11)
    for amount, expected in ((10, []), (11, [c.id]), (12, [c.id])):
        flt = {"property": "assigned_at:owner_id", "operator": "in_last", "value": {"amount": amount, "unit": "days"}}
        assert ids(listing(session, me, filters=[flt])) == expected


def test_assigned_at_works_for_custom_user_properties(session):
    define(session, "sponsor", "user")
    me, other = make_actor(session), make_actor(session)
    recent, old = make_company(session, name="recent"), make_company(session, name="old")
    for company, days in ((recent, 3), (old, 45)):
        records.update_properties(
            session,
            me,
            "company",
            company.id,
            {"sponsor": other.id},
            expected_version=company.version,
            now=NOW - timedelta(days=days),
        )
    flt = {"property": "assigned_at:sponsor", "operator": "in_last", "value": LAST_30}
    page = listing(session, me, filters=[flt], columns=["sponsor", "assigned_at:sponsor"])
    assert ids(page) == [recent.id]
    assert page.rows.iloc[0]["sponsor"] == other.name
    assert page.rows.iloc[0]["assigned_at:sponsor"] == NOW - timedelta(days=3)
    by_sponsor = listing(session, me, sort=[{"property": "sponsor", "direction": "asc"}, {"property": "name"}])
    assert ids(by_sponsor) == [old.id, recent.id]
