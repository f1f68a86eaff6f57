"""The ten library reports (cslib.reports.LIBRARY), each run from its stored row at a fixed
moment over hand-made data with known answers: the groups a reader sees (labels), their
values, order and total. On SQLite and (with CS_TEST_PG_URL) PostgreSQL."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from cslib import reports
from cslib.models import Task
from tests.factories import make_health_profile
from tests.unit.reports.world import (
    NOW,
    TODAY,
    activity,
    alert,
    at,
    company,
    ctx,
    days_ago,
    deal,
    labelled,
    rollups,
    run,
    sales_pipeline,
    workspace,
)


def library_run(session, key, actor, context=None):
    """The library report `key` as stored, run at NOW for `actor`."""
    report = reports.get_report(session, actor, reports.ensure_library(session)[key])
    assert report.is_library and not report.can_edit
    return run(session, report.definition, context or ctx(actor))


def task(session, assignee=None, *, done_at=None, due=None, status=None, **kw):
    row = Task(
        title="Follow up",
        assignee_id=assignee.id if assignee else None,
        status=status or ("completed" if done_at else "not_started"),
        completed_at=done_at,
        due_at=due,
        **kw,
    )
    session.add(row)
    session.flush()
    return row


def test_the_library_is_ten_rows_made_once_and_seen_by_everyone(session):
    people = workspace(session)
    ids = reports.ensure_library(session)
    assert reports.ensure_library(session) == ids  # idempotent
    assert list(ids) == [r.key for r in reports.LIBRARY] and len(ids) == 10
    seen = reports.visible_reports(session, people.bob)
    assert [r.name for r in seen] == [
        "Health score distribution",
        "Average health score over time",
        "Customers per health category by owner",
        "Renewals due by month",
        "Revenue by pipeline stage",
        "Tasks completed per week by owner",
        "Overdue tasks by owner",
        "Alerts raised per week by direction",
        "Activity volume by type",
        "Customers without activity in 30 days",
    ]
    assert all(r.is_library and not r.can_edit for r in seen)
    for r in seen:  # every stored definition is valid as it is
        reports.validate(session, r.definition)


def test_health_score_distribution_counts_customers_per_10_point_band_and_status(session):
    people = workspace(session)
    for score, category in (
        (5, "at_risk"),
        (35, "at_risk"),
        (39.9, "at_risk"),
        (45, "neutral"),
        (48, "at_risk"),  # another profile's thresholds: same band, other status
        (70, "healthy"),
        (100, "healthy"),
    ):
        company(session, health_score=score, health_category=category)
    company(session, health_score=None)  # not scored: left out
    company(session, health_score=50, health_category="neutral", deleted_at=NOW)

    result = library_run(session, "health_distribution", people.ada)
    assert labelled(result) == [
        ("0–10", "At risk", 1),
        ("30–40", "At risk", 2),
        ("40–50", "At risk", 1),
        ("40–50", "Neutral", 1),
        ("70–80", "Healthy", 1),
        ("100–110", "Healthy", 1),
    ]
    assert result.total == 7 and result.value_kind == "count"
    assert result.measure_title == "Number of customers"
    assert [d.title for d in result.dimensions] == ["Health score", "Health status"]
    assert result.definition.chart == "stacked_bar"


def test_average_health_score_over_time_reads_the_primary_profiles_weekly_rollups(session):
    people = workspace(session)
    primary = make_health_profile(session, priority=1)
    other = make_health_profile(session, priority=2)
    draft = make_health_profile(session, priority=0, status="draft")
    rollups(
        session,
        primary,
        {
            date(2026, 5, 17): 10.0,  # more than six months before 18 November: left out
            date(2026, 5, 18): 40.0,  # exactly six months: in
            date(2026, 5, 24): 50.0,  # Sunday: the same week as Monday 18 May
            date(2026, 11, 15): 50.0,  # Sunday of the week of 9 November
            date(2026, 11, 16): 60.0,
            date(2026, 11, 17): 70.0,
        },
    )
    rollups(session, other, {date(2026, 11, 16): 99.0})
    rollups(session, draft, {date(2026, 11, 16): 1.0})

    result = library_run(session, "health_over_time", people.ada)
    assert labelled(result) == [("May 18", 45.0), ("Nov 9", 50.0), ("Nov 16", 65.0)]
    assert [r[0] for r in result.rows] == [date(2026, 5, 18), date(2026, 11, 9), date(2026, 11, 16)]
    assert result.total is None  # an average has no total
    assert result.measure_title == "Average of Health score" and result.value_kind == "number"


def test_customers_per_health_category_by_owner_puts_the_largest_owner_first(session):
    people = workspace(session)
    for owner, category in (
        (people.ada, "healthy"),
        (people.ada, "healthy"),
        (people.ada, "at_risk"),
        (people.bob, "neutral"),
        (people.bob, None),
        (None, "at_risk"),
    ):
        company(session, owner_id=owner.id if owner else None, health_category=category)

    result = library_run(session, "health_by_owner", people.ada)
    assert labelled(result) == [
        ("Ada", "At risk", 1),  # a bar's parts in the statuses' order
        ("Ada", "Healthy", 2),
        ("Bob", "Neutral", 1),
        ("Bob", "(No value)", 1),
        ("No owner", "At risk", 1),
    ]
    assert result.total == 6


def test_customers_by_owner_follows_the_workspaces_owner_property(session):
    people = workspace(session, owner_property="csm_owner_id")
    company(session, owner_id=people.ada.id, csm_owner_id=people.bob.id, health_category="healthy")
    result = library_run(session, "health_by_owner", people.ada)
    assert labelled(result) == [("Bob", "Healthy", 1)]
    assert result.dimensions[0].title == "CSM owner"


def test_renewals_due_by_month_sums_arr_of_the_next_twelve_months(session):
    people = workspace(session)
    for renewal, arr in (
        (TODAY - timedelta(days=1), 1000),  # yesterday: past
        (TODAY, 100),
        (date(2026, 11, 30), 200),
        (date(2027, 1, 15), 50),
        (date(2027, 1, 31), None),  # renews, but no ARR to add
        (date(2027, 11, 18), 400),  # twelve months from today: in
        (date(2027, 11, 19), 1000),  # one day later: out
    ):
        company(session, renewal_date=renewal, arr=arr)

    result = library_run(session, "renewals_by_month", people.ada)
    assert labelled(result) == [("Nov 2026", 300.0), ("Jan 2027", 50.0), ("Nov 2027", 400.0)]
    assert result.total == 750.0
    assert result.value_kind == reports.MONEY and result.format(300.0) == "$300"
    assert result.measure_title == "Sum of Annual recurring revenue"
    assert result.dimensions[0].title == "Renewal date (month)"


def test_revenue_funnel_counts_each_stage_with_every_later_open_or_won_stage(session):
    people = workspace(session)
    sales, (new, demo, proposal, won, lost) = sales_pipeline(session, "Sales", 0)
    partners, (p_new, *_) = sales_pipeline(session, "Partners", 1)
    for stage, amount in ((new, 100), (new, 50), (demo, 200), (proposal, 300), (won, 400), (lost, 1000)):
        deal(session, sales, stage, amount)
    deal(session, sales, demo, None)  # no amount: adds nothing
    deal(session, sales, new, 5000, deleted_at=NOW)
    deal(session, partners, p_new, 7000)  # the second pipeline is not in the funnel

    result = library_run(session, "revenue_funnel", people.ada)
    assert labelled(result) == [("New", 1050.0), ("Demo", 900.0), ("Proposal", 700.0), ("Won", 400.0)]
    assert [r[0] for r in result.rows] == [new.id, demo.id, proposal.id, won.id]
    assert result.value_kind == reports.MONEY and result.definition.chart == "funnel"


def test_tasks_completed_per_week_by_owner_over_the_last_twelve_weeks(session):
    people = workspace(session)
    ada, bob = people.ada, people.bob
    task(session, ada, done_at=at("2026-11-17", 9))
    task(session, ada, done_at=at("2026-11-16", 0, 30))
    task(session, bob, done_at=at("2026-11-16", 8))
    task(session, bob, done_at=at("2026-11-15", 23))  # Sunday: the week before
    task(session, ada, done_at=at("2026-08-26", 0, 0))  # first moment of the twelve weeks
    task(session, bob, done_at=at("2026-08-25", 23, 59))  # a minute before: out
    task(session, ada, done_at=at("2026-11-17"), status="in_progress")  # reopened: not completed
    task(session, ada, done_at=at("2026-11-17"), deleted_at=NOW)

    result = library_run(session, "tasks_completed_weekly", ada)
    assert labelled(result) == [
        ("Aug 24", "Ada", 1),
        ("Nov 9", "Bob", 1),
        ("Nov 16", "Ada", 2),
        ("Nov 16", "Bob", 1),
    ]
    assert result.total == 5
    assert [d.title for d in result.dimensions] == ["Completed at (week)", "Assigned to"]


def test_overdue_tasks_by_owner_counts_open_tasks_due_before_today(session):
    people = workspace(session)
    ada, bob = people.ada, people.bob
    task(session, ada, due=days_ago(2))
    task(session, ada, due=at("2026-11-17", 23, 59))
    task(session, ada, due=at("2026-11-18", 0, 1))  # due today: not overdue yet
    task(session, ada, due=days_ago(3), done_at=days_ago(1))  # done
    task(session, ada, due=None)
    for _i in range(3):
        task(session, bob, due=days_ago(10), status="in_progress")
    task(session, None, due=days_ago(1), status="waiting")

    result = library_run(session, "overdue_by_owner", ada)
    assert labelled(result) == [("Bob", 3), ("Ada", 2), ("No owner", 1)]
    assert result.total == 6


def test_overdue_tasks_count_days_in_the_readers_time_zone(session):
    people = workspace(session)
    # 23:30 UTC on 17 November is already 18 November (today) in Copenhagen.
    task(session, people.ada, due=at("2026-11-17", 23, 30))
    assert labelled(library_run(session, "overdue_by_owner", people.ada)) == [("Ada", 1)]
    copenhagen = ctx(people.ada, tz="Europe/Copenhagen")
    assert library_run(session, "overdue_by_owner", people.ada, copenhagen).rows == ()


def test_alerts_raised_per_week_by_direction(session):
    people = workspace(session)
    acme = company(session)
    alert(session, acme, "down", at("2026-11-16", 8))
    alert(session, acme, "down", at("2026-11-18", 8))
    alert(session, acme, "up", at("2026-11-17", 8))
    alert(session, acme, "up", at("2026-11-01", 8))  # a Sunday: week of 26 October
    alert(session, acme, "down", at("2026-08-25", 23))  # before the twelve weeks
    alert(session, acme, "down", at("2026-11-17"), object_type="deal")  # not a customer's

    result = library_run(session, "alerts_weekly", people.ada)
    assert labelled(result) == [
        ("Oct 26", "Improved", 1),
        ("Nov 16", "Got worse", 2),
        ("Nov 16", "Improved", 1),
    ]
    assert result.total == 4


def test_activity_volume_by_type_over_the_last_30_days_largest_first(session):
    people = workspace(session)
    for kind, n in (("call", 3), ("note", 2), ("email_open", 1)):
        for _i in range(n):
            activity(session, kind, days_ago(1), people.ada)
    activity(session, "note", at("2026-10-19", 0, 0))  # first moment of the 30 days
    for _i in range(5):
        activity(session, "meeting", at("2026-10-18", 23, 59))  # out

    result = library_run(session, "activity_by_type", people.ada)
    assert labelled(result) == [("Call", 3), ("Note", 3), ("Email opened", 1)]
    assert result.total == 7


def test_customers_without_activity_in_30_days_is_a_kpi_of_old_or_no_activity(session):
    people = workspace(session)
    company(session, last_activity_at=at("2026-10-18", 23))  # more than 30 days ago
    company(session, last_activity_at=at("2026-10-19", 0))  # exactly 30 days: recent
    company(session, last_activity_at=days_ago(1))
    company(session, last_activity_at=None)  # never
    company(session, last_activity_at=None, deleted_at=NOW)

    result = library_run(session, "no_recent_activity", people.ada)
    assert result.rows == ((2,),) and result.total == 2 and result.dimensions == ()
    assert result.format(result.total) == "2"


@pytest.mark.parametrize("key", [r.key for r in reports.LIBRARY])
def test_every_library_report_runs_for_a_reader_on_an_empty_workspace(session, key):
    people = workspace(session)
    view = reports.report_view(session, people.bob, reports.ensure_library(session)[key])
    assert view.error is None and view.result is not None and view.result.empty
    assert view.report.library_key == key


def test_a_funnel_shows_a_stage_nobody_is_in_with_the_deals_that_went_past_it(session):
    people = workspace(session)
    sales, (new, demo, proposal, won, lost) = sales_pipeline(session)
    deal(session, sales, new, 100)
    deal(session, sales, won, 400)
    deal(session, sales, lost, 1000)
    result = library_run(session, "revenue_funnel", people.ada)
    assert labelled(result) == [("New", 500.0), ("Demo", 400.0), ("Proposal", 400.0), ("Won", 400.0)]
    count = run(session, result.definition.as_json() | {"measure": {"function": "count"}}, ctx(people.ada))
    assert labelled(count) == [("New", 2), ("Demo", 1), ("Proposal", 1), ("Won", 1)]
