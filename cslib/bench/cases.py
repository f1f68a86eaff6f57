"""The read cases: each page-data function of a tab as a user with many customers sees it.
Later issues add their cases to `cases()`."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Engine, func, select

from cslib import lists
from cslib.bench.feed_cases import feed_cases
from cslib.bench.report_cases import report_cases
from cslib.bench.timing import Case
from cslib.db import read_session
from cslib.i18n import today_in
from cslib.models import Company, User, utcnow
from cslib.permissions import Actor
from cslib.users import get_workspace


def busiest_owner(engine: Engine) -> Actor:
    with read_session(engine) as s:
        owner_id = s.scalar(select(Company.owner_id).group_by(Company.owner_id).order_by(func.count().desc()).limit(1))
        return Actor.from_user(s.get(User, owner_id))


def cases(engine: Engine) -> list[Case]:
    me = busiest_owner(engine)
    today = today_in(me.time_zone)
    return [
        Case(
            "Overview: owned summary (count, ARR, renewals)",
            lambda s: lists.owned_summary(s, me, user_id=me.id, today=today),
        ),
        Case("Overview: upcoming renewals table", lambda s: lists.upcoming_renewals(s, me, user_id=me.id, today=today)),
        *listing_cases(engine, me),
        *task_cases(engine, me),
        *schedule_cases(me, today),
        *health_overview_cases(engine, me),
        *board_cases(engine, me),
        *feed_cases(engine, me),
        *report_cases(me),
    ]


def first_pipeline(engine: Engine, object_type: str) -> int:
    """The id of the first pipeline of `object_type` (Deals: "Sales pipeline")."""
    from cslib.models import Pipeline

    with read_session(engine) as s:
        return s.scalar(
            select(Pipeline.id).where(Pipeline.object_type == object_type).order_by(Pipeline.display_order, Pipeline.id)
        )


def board_cases(engine: Engine, me: Actor) -> list[Case]:
    """The Revenue and Projects boards as the tabs open them (the object's default sort,
    25 cards per stage): all deals, the busiest owner's deals, all projects; and the
    conversion strip above each."""
    from cslib import boards
    from cslib.properties import properties_for
    from cslib.views import default_sort

    with read_session(engine) as s:
        projects = get_workspace(s).projects_object
        sorts = {t: default_sort(t, properties_for(s, t)) for t in ("deal", projects)}
    sales, onboarding = first_pipeline(engine, "deal"), first_pipeline(engine, projects)
    mine = {"property": "owner_id", "operator": "in", "value": ["me"]}

    def board(object_type: str, pipeline_id: int, filters: list) -> Callable:
        return lambda s: boards.load_board(
            s, me, object_type, pipeline_id, filters=filters, sort=sorts[object_type], time_zone=me.time_zone
        )

    def strip(object_type: str, pipeline_id: int) -> Callable:
        return lambda s: boards.stage_flow(s, me, object_type, pipeline_id, filters=[], time_zone=me.time_zone)

    return [
        Case("Revenue board: Sales pipeline (counts, sums, 25 cards per stage)", board("deal", sales, [])),
        Case("Revenue board: Sales pipeline, owned by me", board("deal", sales, [mine])),
        Case("Projects board: first pipeline (counts, 25 cards per stage)", board(projects, onboarding, [])),
        Case("Revenue: conversion strip (90 days)", strip("deal", sales)),
        Case("Projects: conversion strip (90 days)", strip(projects, onboarding)),
    ]


def schedule_cases(me: Actor, today) -> list[Case]:  # noqa: ANN001
    """The Schedule's week and month, and the Overview's today's schedule card."""
    from cslib import schedule

    def bounds(view: str):  # noqa: ANN202
        p = schedule.period(view, today, me.language)
        return schedule.day_bounds(p.first, me.time_zone)[0], schedule.day_bounds(p.end, me.time_zone)[0]

    (w0, w1), (m0, m1) = bounds("week"), bounds("month")
    return [
        Case(
            "Schedule: week events",
            lambda s: schedule.calendar_events(s, me, user_id=me.id, start=w0, end=w1, time_zone=me.time_zone),
        ),
        Case(
            "Schedule: month events",
            lambda s: schedule.calendar_events(s, me, user_id=me.id, start=m0, end=m1, time_zone=me.time_zone),
        ),
        Case(
            "Overview: today's schedule",
            lambda s: schedule.today_schedule(s, me, user_id=me.id, today=today, time_zone=me.time_zone),
        ),
    ]


def task_cases(engine: Engine, me: Actor) -> list[Case]:
    """Each Overview task card, and page 1 + count of each built-in task view (as the
    Actions tab runs it: the view's columns and sort)."""
    from cslib import tasks, views
    from cslib.views import BUILTIN_FILTERS

    out = [
        Case(
            f"Overview card: {title}",
            lambda s, key=key: tasks.task_card(s, me, key, user_id=me.id, time_zone=me.time_zone, view_ids={}),
        )
        for key, title in tasks.TASK_CARDS
    ]
    with read_session(engine) as s:
        builtins = [v for v in views.list_views(s, me, "task") if v.builtin_key in BUILTIN_FILTERS]
    for view in builtins:

        def run(s, view=view):  # noqa: ANN001, ANN202
            flt = views.effective_filter(s, view)
            return lists.list_records(s, me, "task", filters=[flt], columns=view.columns, sort=list(view.sort))

        out.append(Case(f"Tasks view {view.name}: page 1 + count", run))
    return out


def health_overview_cases(engine: Engine, me: Actor) -> list[Case]:
    """The Overview's health card for each active profile (summary, distribution, over time,
    and all three as the card runs them), and the Customers list its "At risk" link opens."""
    from cslib import health
    from cslib.lists import parse
    from cslib.properties import properties_for
    from cslib.views import default_sort

    now = utcnow()
    with read_session(engine) as s:
        profiles = health.active_profiles(s)
        props = properties_for(s, "company")
    sort = default_sort("company", props)  # the "All customers" list the links open

    def card(s, pid: int):  # noqa: ANN001, ANN202
        live = health.summary(s, me, pid, now=now)
        return health.distribution(s, me, pid), health.over_time(s, me, pid, now=now, live=live)

    out = []
    for p in profiles:
        link = parse(health.customers_link(profiles, p.id, "at_risk"), props)
        out += [
            Case(f"Health {p.name}: summary", lambda s, i=p.id: health.summary(s, me, i, now=now)),
            Case(f"Health {p.name}: distribution", lambda s, i=p.id: health.distribution(s, me, i)),
            Case(f"Health {p.name}: over time (90 days)", lambda s, i=p.id: health.over_time(s, me, i, now=now)),
            Case(f"Health {p.name}: card + both charts", lambda s, i=p.id: card(s, i)),
            Case(
                f"Health {p.name}: at-risk link, page 1 + count",
                lambda s, f=link.advanced, c=list(link.columns): lists.list_records(
                    s, me, "company", filters=[f], columns=c, sort=sort
                ),
            ),
        ]
    return out


LIST_COLUMNS = ["name", "domain", "lifecycle_stage", "arr", "renewal_date", "last_activity_at", "health_category"]
LIST_SORTS = (
    ("name", "asc"),
    ("arr", "desc"),
    ("renewal_date", "asc"),
    ("<owner>", "asc"),
    ("lifecycle_stage", "asc"),
    ("last_activity_at", "desc"),
    ("plan", "asc"),
)


def listing_cases(engine: Engine, me: Actor) -> list[Case]:
    """The Customers list: first page + total count of (a) "Owned by me", (b) "Assigned in
    the last 30 days" (mine, and everyone's), (c) last activity in the last 30 days,
    (d) everything; then sorts on (a) and (d)."""
    with read_session(engine) as s:
        owner = get_workspace(s).owner_property
    last_30 = {"amount": 30, "unit": "days"}
    mine = {"property": owner, "operator": "in", "value": ["me"]}
    assigned = {"property": f"assigned_at:{owner}", "operator": "in_last", "value": last_30}
    active = {"property": "last_activity_at", "operator": "in_last", "value": last_30}
    columns = [*LIST_COLUMNS[:2], owner, *LIST_COLUMNS[2:]]
    sets = {
        "(a) owned by me": [mine],
        "(b) assigned to me in 30 days": [mine, assigned],
        "(b') assigned (anyone) in 30 days": [assigned],
        "(c) last activity in 30 days": [active],
        "(d) all": [],
    }

    def case(name: str, filters: list, sort: list) -> Case:
        def run(s):  # noqa: ANN001, ANN202
            return lists.list_records(s, me, "company", filters=filters, columns=columns, sort=sort)

        return Case(name, run)

    out = [case(f"Customers {label}: page 1 + count", flts, []) for label, flts in sets.items()]
    for label in ("(a) owned by me", "(d) all"):
        for prop, direction in LIST_SORTS:
            prop = owner if prop == "<owner>" else prop
            sort = [{"property": prop, "direction": direction}]
            out.append(case(f"Customers {label[:3]} sorted by {prop} {direction}", sets[label], sort))
    return out
