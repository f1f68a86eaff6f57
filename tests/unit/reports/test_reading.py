"""A report for a reader (`report_view`) and a dashboard's scope (`scope_filter`): the date
range applies to the date the report groups by, else the date its object is about; the
owners to its object's owner property; the health history has no owner and says so."""

from __future__ import annotations

from datetime import date

import pytest

from cslib import reports
from cslib.errors import NotFound
from cslib.models import Report, User
from cslib.permissions import PermissionDenied
from cslib.users import get_actor
from tests.factories import make_health_profile, make_task, make_team
from tests.unit.reports.world import (
    TODAY,
    activity,
    alert,
    at,
    company,
    ctx,
    days_ago,
    deal,
    definition,
    labelled,
    rollups,
    run,
    sales_pipeline,
    workspace,
)

LAST_30 = {"operator": "in_last", "value": {"amount": 30, "unit": "days"}}


def scope_of(session, raw: dict, scope: reports.Scope | None):  # noqa: ANN001
    return reports.scope_filter(session, reports.validate(session, raw), scope)


def test_no_scope_or_all_time_for_everyone_adds_nothing(session):
    workspace(session)
    raw = definition("company", {"property": "industry"})
    assert scope_of(session, raw, None) == (None, False)
    assert scope_of(session, raw, reports.Scope()) == (None, False)
    assert not reports.Scope().narrows and reports.Scope("this_year").narrows


@pytest.mark.parametrize(
    ("obj", "date_property"),
    [
        ("company", "created_at"),
        ("deal", "created_at"),
        ("task", "due_at"),
        ("alert", "raised_at"),
        ("activity", "occurred_at"),
        ("health", "day"),
    ],
)
def test_the_date_range_applies_to_the_date_the_object_is_about(session, obj, date_property):
    workspace(session)
    group = {"alert": "direction", "activity": "type"}.get(obj)
    raw = definition(obj, *([{"property": group}] if group else []))
    extra, ignored = scope_of(session, raw, reports.Scope("last_30_days"))
    assert extra == {"all": [{"property": date_property, **LAST_30}]} and not ignored


def test_the_date_range_applies_to_the_date_the_report_groups_by(session):
    workspace(session)
    by_renewal = definition("company", {"property": "industry"}, {"property": "renewal_date", "bucket": "month"})
    extra, _ignored = scope_of(session, by_renewal, reports.Scope("this_quarter"))
    assert extra == {"all": [{"property": "renewal_date", "operator": "preset", "value": "this_quarter"}]}
    months = scope_of(
        session, definition("task", {"property": "completed_at", "bucket": "week"}), reports.Scope("last_12_months")
    )
    assert months[0] == {
        "all": [{"property": "completed_at", "operator": "in_last", "value": {"amount": 12, "unit": "months"}}]
    }


@pytest.mark.parametrize(
    ("obj", "owner_property"),
    [
        ("company", "owner_id"),
        ("deal", "owner_id"),
        ("task", "assignee_id"),
        ("alert", "owner_id"),
        ("activity", "actor_id"),
    ],
)
def test_owners_apply_to_the_objects_owner_property(session, obj, owner_property):
    people = workspace(session)
    raw = definition(obj)
    extra, ignored = scope_of(session, raw, reports.Scope(user_ids=(people.ada.id, people.bob.id)))
    assert extra == {"all": [{"property": owner_property, "operator": "in", "value": [people.ada.id, people.bob.id]}]}
    assert not ignored


def test_customers_follow_the_workspaces_owner_property(session):
    people = workspace(session, owner_property="csm_owner_id")
    extra, _ignored = scope_of(session, definition("company"), reports.Scope(user_ids=(people.ada.id,)))
    assert extra == {"all": [{"property": "csm_owner_id", "operator": "in", "value": [people.ada.id]}]}


def test_the_health_history_has_no_owner_and_says_it_ignores_owners(session):
    people = workspace(session)
    raw = definition("health", {"property": "day", "bucket": "week"}, function="avg", prop="avg_score")
    assert scope_of(session, raw, reports.Scope(user_ids=(people.ada.id,))) == (None, True)
    extra, ignored = scope_of(session, raw, reports.Scope("this_month", (people.ada.id,)))
    assert extra == {"all": [{"property": "day", "operator": "preset", "value": "this_month"}]} and ignored


def test_a_scope_narrows_the_numbers_of_every_kind_of_report(session):
    people = workspace(session)
    ada, bob = people.ada, people.bob
    mine = company(session, owner_id=ada.id, industry="retail", created_at=days_ago(3))
    company(session, owner_id=ada.id, industry="retail", created_at=days_ago(40))
    theirs = company(session, owner_id=bob.id, industry="retail", created_at=days_ago(3))
    alert(session, mine, "down", days_ago(1))
    alert(session, theirs, "down", days_ago(1))
    alert(session, theirs, "up", days_ago(60))
    make_task(session, assignee=ada, due_at=days_ago(1))
    make_task(session, assignee=bob, due_at=days_ago(1))
    activity(session, "call", days_ago(1), ada)
    activity(session, "call", days_ago(1), bob)
    sales, (new, *_rest) = sales_pipeline(session)
    deal(session, sales, new, 10, owner_id=ada.id)
    deal(session, sales, new, 20, owner_id=bob.id)

    def total(raw: dict, scope: reports.Scope) -> float:
        d = reports.validate(session, raw)
        extra, _ignored = reports.scope_filter(session, d, scope)
        return reports.run_report(session, d, ctx(ada), scope=extra).total

    adas = reports.Scope(user_ids=(ada.id,))
    recent = reports.Scope("last_30_days")
    both = reports.Scope("last_7_days", (ada.id,))
    customers = definition("company", {"property": "industry"})
    assert [total(customers, s) for s in (reports.Scope(), adas, recent, both)] == [3, 2, 2, 1]
    alerts = definition("alert", {"property": "direction"})
    assert [total(alerts, s) for s in (reports.Scope(), adas, recent)] == [3, 1, 2]
    for obj in ("task", "activity"):
        assert total(definition(obj, {"property": "type"}), adas) == 1
    assert total(definition("deal", {"property": "stage_id"}, function="sum", prop="amount"), adas) == 10.0


def test_every_date_range_of_a_dashboard_counts_its_own_days(session):
    people = workspace(session)
    for day in (TODAY, date(2026, 10, 15), date(2026, 8, 15), date(2025, 12, 1)):
        company(session, created_at=at(day), renewal_date=day)
    expected = {
        "all": 4,
        "last_7_days": 1,
        "last_30_days": 1,
        "last_90_days": 2,  # 15 August is 95 days before 18 November
        "last_12_months": 4,
        "this_month": 1,
        "last_month": 1,
        "this_quarter": 2,
        "last_quarter": 1,
        "this_year": 3,
    }
    assert set(expected) == set(reports.DATE_RANGES)
    for key, count in expected.items():
        for raw in (definition("company"), definition("company", {"property": "renewal_date", "bucket": "day"})):
            d = reports.validate(session, raw)
            extra, _ignored = reports.scope_filter(session, d, reports.Scope(key))
            assert reports.run_report(session, d, ctx(people.ada), scope=extra).total == count, key


def test_report_view_runs_a_library_report_with_owners_and_says_when_it_ignores_them(session):
    people = workspace(session)
    ids = reports.ensure_library(session)
    company(session, owner_id=people.ada.id, health_category="healthy")
    company(session, owner_id=people.bob.id, health_category="at_risk")
    profile = make_health_profile(session)
    rollups(session, profile, {TODAY: 60.0})

    adas = reports.Scope(user_ids=(people.ada.id,))
    view = reports.report_view(session, people.bob, ids["health_by_owner"], scope=adas)
    assert view.error is None and not view.ignores_owners
    assert labelled(view.result) == [("Ada", "Healthy", 1)]
    history = reports.report_view(session, people.bob, ids["health_over_time"], scope=adas)
    assert history.ignores_owners and history.result.total is None and len(history.result.rows) == 1
    everyone = reports.report_view(session, people.bob, ids["health_by_owner"])
    assert everyone.result.total == 2 and not everyone.ignores_owners


def test_a_report_that_no_longer_fits_its_data_shows_why_instead_of_failing(session):
    people = workspace(session)
    kpi = {"object": "company", "measure": {"function": "count"}, "chart": "kpi"}
    mine = reports.save_report(session, people.ada, name="By plan", definition=kpi)
    row = session.get(Report, mine)
    row.config = kpi | {"group_by": [{"property": "plan"}], "chart": "bar"}  # "plan" was deleted since
    session.flush()
    view = reports.report_view(session, people.ada, mine)
    assert view.result is None and view.error == "This property cannot group a report."


def test_view_as_runs_the_viewed_users_report_as_they_see_it(session):
    people = workspace(session)
    session.get(User, people.ada.id).time_zone = "Europe/Copenhagen"
    session.flush()
    ada = get_actor(session, people.ada.id)
    make_task(session, assignee=ada, due_at=at("2026-11-15", 23, 30))  # 16 November in Copenhagen
    make_task(session, assignee=people.admin, due_at=at("2026-11-15", 12))
    raw = definition(
        "task",
        {"property": "due_at", "bucket": "day"},
        filter={"property": "assignee_id", "operator": "in", "value": ["me"]},
    )
    mine = reports.save_report(session, ada, name="My tasks by day", definition=raw)
    reports.add_to_overview(session, ada, mine)

    assert [r.name for r in reports.overview_reports(session, people.admin, user_id=ada.id)] == ["My tasks by day"]
    as_ada = reports.report_view(session, people.admin, mine, viewed_id=ada.id)
    assert as_ada.error is None and labelled(as_ada.result) == [("Nov 16, 2026", 1)]
    assert not as_ada.report.can_edit  # the admin does not edit Ada's private report
    own = reports.report_view(session, ada, mine)
    assert own.report.can_edit and labelled(own.result) == [("Nov 16, 2026", 1)]
    with pytest.raises(NotFound):
        reports.report_view(session, people.bob, mine)
    with pytest.raises(PermissionDenied):
        reports.report_view(session, people.bob, mine, viewed_id=ada.id)


def test_a_cached_view_still_says_what_its_reader_may_do(session):
    people = workspace(session)
    kpi = {"object": "company", "measure": {"function": "count"}, "chart": "kpi"}
    shared = reports.save_report(session, people.admin, name="Shared", definition=kpi, sharing="everyone")
    as_ada = reports.report_view(session, people.admin, shared, viewed_id=people.ada.id)
    assert as_ada.report.can_edit  # the admin edits shared reports
    own = reports.report_view(session, people.ada, shared)  # the same result, from the cache
    assert own.result is as_ada.result and not own.report.can_edit


def test_the_builders_preview_runs_an_unsaved_definition_for_its_author(session):
    people = workspace(session)
    company(session, owner_id=people.ada.id)
    company(session, owner_id=people.bob.id)
    mine = {"property": "owner_id", "operator": "in", "value": ["me"]}
    result = reports.preview(session, people.ada, definition("company", filter=mine))
    assert result.total == 1
    assert run(session, definition("company", filter=mine), ctx(people.bob)).total == 1


def test_a_teams_members_count_as_owners_and_an_empty_team_as_nobody(session):
    people = workspace(session)
    ada, bob, admin = (session.get(User, p.id) for p in (people.ada, people.bob, people.admin))
    team = make_team(session, "EMEA", members=[ada, admin])
    empty = make_team(session, "Nobody yet")
    for owner in (ada, bob, admin, None):
        company(session, owner_id=owner.id if owner else None)
    d = reports.validate(session, definition("company"))

    def total(scope: reports.Scope) -> float:
        extra, _ignored = reports.scope_filter(session, d, scope)
        return reports.run_report(session, d, ctx(people.ada), scope=extra).total

    assert total(reports.Scope(team_ids=(team.id,))) == 2
    assert total(reports.Scope(user_ids=(bob.id,), team_ids=(team.id,))) == 3
    assert total(reports.Scope(team_ids=(empty.id,))) == 0
    extra, _ignored = reports.scope_filter(session, d, reports.Scope(team_ids=(team.id,)))
    assert extra == {"all": [{"property": "owner_id", "operator": "in", "value": sorted([ada.id, admin.id])}]}
