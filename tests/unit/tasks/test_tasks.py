"""Tasks (cslib.tasks, SPEC §3.5): the built-in task lists and their due-date sets across
time zones, the Overview task cards, every bulk action over picked and "all matching"
selections, the "Start all tasks" queue and the task panel; plus the pieces they rely on
(the "before today" preset, list time zones, the "Associated record" property and the
completion stamp). On SQLite and (with CS_TEST_PG_URL) PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, insert, select

from cslib import lists, records, tasks, views
from cslib.activities import create_task
from cslib.db import write_session
from cslib.errors import NotFound, ValidationError
from cslib.filters import PRESETS, FilterError, preset_days
from cslib.models import Association, Contact, PropertyHistory, Task, View
from cslib.permissions import PermissionDenied
from cslib.properties import properties_for
from cslib.tasks import Selection
from cslib.views import BUILTIN_FILTERS, BUILTIN_VIEWS, DEFAULT_COLUMNS
from tests.factories import (
    make_actor,
    make_company,
    make_pipeline,
    make_record,
    make_task,
    make_user,
    make_workspace,
    stages_of,
)

HNL, TBU = "Pacific/Honolulu", "Pacific/Tongatapu"  # UTC−10 and UTC+13, no daylight saving
# One instant, two calendar days: Tuesday 10 March 12:00 in Honolulu, Wednesday 11 March 11:00 in Tonga.
NOW = datetime(2026, 3, 10, 22, 0, tzinfo=UTC)
EARLIER = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
US, S = timedelta(microseconds=1), timedelta(seconds=1)
MINE = {"property": "assignee_id", "operator": "in", "value": ["me"]}
HIGH = {"property": "priority", "operator": "in", "value": ["high"]}
KEYS = ("overdue", "due_today", "due_tomorrow")
OPEN_STATUSES = ["not_started", "in_progress", "waiting", "deferred"]


def midnight(zone: str, day: int) -> datetime:
    """The instant March `day`, 2026 starts in `zone`."""
    return datetime(2026, 3, day, tzinfo=ZoneInfo(zone)).astimezone(UTC)


@pytest.fixture(autouse=True)
def workspace(session):
    return make_workspace(session)


@pytest.fixture
def task_views(session) -> dict[str, View]:
    views.ensure_builtin_views(session, "task")
    rows = session.scalars(select(View).where(View.object_type == "task", View.builtin_key.is_not(None)))
    return {v.builtin_key: v for v in rows}


@pytest.fixture
def me(session):
    return make_actor(session, name="Mia Me")


@pytest.fixture
def other(session):
    return make_actor(session, name="Olga Other")


@pytest.fixture
def admin(session):
    return make_actor(session, name="Ada Admin", is_super_admin=True)


def _task(session, assignee, title: str = "Follow up", **kw) -> Task:
    return make_task(session, assignee=assignee, title=title, **{"created_at": EARLIER, "updated_at": EARLIER, **kw})


def _fresh(session, *items: Task) -> list[Task]:
    for t in items:
        session.refresh(t)
    return list(items)


def _history(session, task: Task) -> list[tuple]:
    return [
        tuple(r)
        for r in session.execute(
            select(
                PropertyHistory.property,
                PropertyHistory.old_value,
                PropertyHistory.new_value,
                PropertyHistory.source,
                PropertyHistory.changed_by_id,
                PropertyHistory.changed_at,
            )
            .where(PropertyHistory.object_type == "task", PropertyHistory.object_id == task.id)
            .order_by(PropertyHistory.id)
        )
    ]


def _history_count(session) -> int:
    return session.scalar(
        select(func.count()).select_from(PropertyHistory).where(PropertyHistory.object_type == "task")
    )


def _titles(session, actor, filters, *, sort=None, **kw) -> list[str]:
    page = lists.list_records(
        session,
        actor,
        "task",
        filters=list(filters),
        columns=["title"],
        sort=sort or [{"property": "due_at", "direction": "asc"}],
        page_size=200,
        now=kw.pop("now", NOW),
        **kw,
    )
    return list(page.rows["title"])


def _sets(session, actor, **kw) -> dict[str, set[str]]:
    return {key: set(_titles(session, actor, [BUILTIN_FILTERS[key]], **kw)) for key in (*KEYS, "all_completed")}


# --- built-in task views, filters and the "before today" preset -------------------------


def test_task_builtins_are_due_today_overdue_due_tomorrow_and_all_completed(session, me, task_views):
    assert [v.name for v in views.default_views(session, me, "task")] == [
        "Due today",
        "Overdue",
        "Due tomorrow",
        "All completed",
    ]
    assert [v.key for v in BUILTIN_VIEWS["task"]] == ["due_today", "overdue", "due_tomorrow", "all_completed"]
    for key, view in task_views.items():
        assert view.sharing == "everyone" and view.owner_id is None and view.is_default
        assert view.columns == DEFAULT_COLUMNS["task"]
        expected_sort = "completed_at" if key == "all_completed" else "due_at"
        direction = "desc" if key == "all_completed" else "asc"
        assert view.sort == [{"property": expected_sort, "direction": direction}]
    assert views.ensure_builtin_views(session, "task") == []
    assert session.scalar(select(func.count()).select_from(View).where(View.object_type == "task")) == 4


def test_task_builtin_filters_are_my_open_tasks_in_a_period_and_my_completed_tasks(session, task_views):
    mine_open = [MINE, {"property": "status", "operator": "in", "value": OPEN_STATUSES}]
    for key, preset in (("due_today", "today"), ("overdue", "before_today"), ("due_tomorrow", "tomorrow")):
        expected = {"all": [*mine_open, {"property": "due_at", "operator": "preset", "value": preset}]}
        assert BUILTIN_FILTERS[key] == expected
        assert views.effective_filter(session, task_views[key]) == expected
    completed = {"all": [MINE, {"property": "status", "operator": "in", "value": ["completed"]}]}
    assert views.effective_filter(session, task_views["all_completed"]) == completed


def test_effective_filter_of_a_task_builtin_is_a_copy(session, task_views):
    flt = views.effective_filter(session, task_views["overdue"])
    flt["all"][0]["value"].append(12345)
    flt["all"].clear()
    assert views.effective_filter(session, task_views["overdue"])["all"][0] == MINE
    assert BUILTIN_FILTERS["overdue"]["all"][0] == MINE and BUILTIN_FILTERS["due_today"]["all"][0] == MINE


def test_before_today_is_a_preset_open_at_the_start():
    assert ("before_today", "before today") in PRESETS
    assert preset_days("before_today", date(2026, 3, 10)) == (None, date(2026, 3, 10))


def test_before_today_on_a_date_property_counts_the_actors_day(session):
    tonga = make_actor(session, time_zone=TBU)
    yesterday = make_company(session, name="Yesterday", renewal_date=date(2026, 3, 10))
    make_company(session, name="Today in Tonga", renewal_date=date(2026, 3, 11))
    make_company(session, name="No renewal")
    flt = {"property": "renewal_date", "operator": "preset", "value": "before_today"}
    page = lists.list_records(
        session, tonga, "company", filters=[flt], columns=["name"], sort=[], now=NOW
    )  # 11 March in Tonga
    assert list(page.rows["name"]) == [yesterday.name]
    page = lists.list_records(
        session, tonga, "company", filters=[flt], columns=["name"], sort=[], now=NOW, time_zone=HNL
    )  # 10 March in Honolulu
    assert page.total == 0


# --- due-date sets across time zones (Honolulu UTC−10, Tonga UTC+13) ----------------------

BOUNDARY_DUES = {
    "long overdue": midnight(HNL, 10) - timedelta(days=30),
    "1us before Honolulu today": midnight(HNL, 10) - US,
    "Honolulu midnight today": midnight(HNL, 10),
    "1s before Tonga today": midnight(TBU, 11) - S,
    "Tonga midnight today": midnight(TBU, 11),
    "1us before Honolulu tomorrow": midnight(HNL, 11) - US,
    "Honolulu midnight tomorrow": midnight(HNL, 11),
    "1s before Tonga tomorrow": midnight(TBU, 12) - S,
    "Tonga midnight tomorrow": midnight(TBU, 12),
    "1us before Honolulu day after tomorrow": midnight(HNL, 12) - US,
    "Honolulu midnight day after tomorrow": midnight(HNL, 12),
    "1s before Tonga day after tomorrow": midnight(TBU, 13) - S,
    "Tonga midnight day after tomorrow": midnight(TBU, 13),
    "no due date": None,
}
EXPECTED = {
    HNL: {
        "overdue": {"long overdue", "1us before Honolulu today"},
        "due_today": {
            "Honolulu midnight today",
            "1s before Tonga today",
            "Tonga midnight today",
            "1us before Honolulu tomorrow",
        },
        "due_tomorrow": {
            "Honolulu midnight tomorrow",
            "1s before Tonga tomorrow",
            "Tonga midnight tomorrow",
            "1us before Honolulu day after tomorrow",
        },
    },
    TBU: {
        "overdue": {"long overdue", "1us before Honolulu today", "Honolulu midnight today", "1s before Tonga today"},
        "due_today": {
            "Tonga midnight today",
            "1us before Honolulu tomorrow",
            "Honolulu midnight tomorrow",
            "1s before Tonga tomorrow",
        },
        "due_tomorrow": {
            "Tonga midnight tomorrow",
            "1us before Honolulu day after tomorrow",
            "Honolulu midnight day after tomorrow",
            "1s before Tonga day after tomorrow",
        },
    },
}


@pytest.fixture
def two_zones(session, task_views):
    """A Honolulu and a Tonga user, each with a task at every boundary instant, plus tasks
    that belong in no due-date set: completed, someone else's, deleted."""
    hnl = make_actor(session, name="Hana Honolulu", time_zone=HNL)
    tbu = make_actor(session, name="Tevita Tonga", time_zone=TBU)
    stranger = make_user(session, name="Sam Stranger")
    for user in (hnl, tbu):
        for title, due in BOUNDARY_DUES.items():
            _task(session, user, title, due_at=due)
        noon_today = datetime(2026, 3, 10 if user is hnl else 11, 12, tzinfo=ZoneInfo(user.time_zone))
        _task(session, user, "completed, due today", due_at=noon_today, status="completed", completed_at=EARLIER)
        _task(session, stranger, "someone else's, due today", due_at=noon_today)
        _task(session, user, "deleted, due today", due_at=noon_today, deleted_at=EARLIER)
        _task(session, user, "deleted, completed", status="completed", completed_at=EARLIER, deleted_at=EARLIER)
    return hnl, tbu


def test_the_two_users_have_different_dates_at_the_same_instant():
    assert NOW.astimezone(ZoneInfo(HNL)).date() == date(2026, 3, 10)
    assert NOW.astimezone(ZoneInfo(TBU)).date() == date(2026, 3, 11)
    assert midnight(HNL, 10) == datetime(2026, 3, 10, 10, tzinfo=UTC)
    assert midnight(TBU, 11) == datetime(2026, 3, 10, 11, tzinfo=UTC)


@pytest.mark.parametrize("zone", [HNL, TBU])
def test_due_sets_follow_the_users_own_midnights(session, two_zones, zone):
    user = two_zones[0] if zone == HNL else two_zones[1]
    got = _sets(session, user)  # the actor's own time zone
    for key in KEYS:
        assert got[key] == EXPECTED[zone][key], key
    assert got["all_completed"] == {"completed, due today"}


def test_every_boundary_task_is_in_exactly_one_set_or_none(session, two_zones):
    for user in two_zones:
        got = _sets(session, user)
        for title in BOUNDARY_DUES:
            memberships = [k for k in KEYS if title in got[k]]
            assert len(memberships) <= 1, (user.time_zone, title, memberships)
        assert not (got["overdue"] | got["due_today"] | got["due_tomorrow"]) & {
            "completed, due today",
            "someone else's, due today",
            "deleted, due today",
        }


def test_boundaries_midnight_is_today_just_before_is_overdue_day_after_tomorrow_is_in_none(session, two_zones):
    hnl, tbu = _sets(session, two_zones[0]), _sets(session, two_zones[1])
    assert "Honolulu midnight today" in hnl["due_today"] and "1us before Honolulu today" in hnl["overdue"]
    assert "Tonga midnight today" in tbu["due_today"] and "1s before Tonga today" in tbu["overdue"]
    for got, title in ((hnl, "Honolulu midnight day after tomorrow"), (tbu, "Tonga midnight day after tomorrow")):
        assert all(title not in got[k] for k in KEYS)
    # Where the two local dates differ, the same due instant lands in different sets.
    assert "Honolulu midnight today" in hnl["due_today"] and "Honolulu midnight today" in tbu["overdue"]
    assert "Honolulu midnight tomorrow" in hnl["due_tomorrow"] and "Honolulu midnight tomorrow" in tbu["due_today"]


def test_list_time_zone_overrides_the_actors_zone(session, two_zones, admin):
    hnl, tbu = two_zones
    # The Honolulu user's own tasks, counted in Tonga days.
    assert _sets(session, hnl, time_zone=TBU)["overdue"] == EXPECTED[TBU]["overdue"]
    # An admin (in UTC) viewing as each user, in that user's time zone.
    for user, zone in ((hnl, HNL), (tbu, TBU)):
        got = _sets(session, admin, me=user.id, time_zone=zone)
        assert {k: got[k] for k in KEYS} == EXPECTED[zone]


def test_an_unknown_list_time_zone_is_refused(session, me):
    with pytest.raises(FilterError, match="Unknown time zone"):
        _titles(session, me, [BUILTIN_FILTERS["due_today"]], time_zone="Mars/Olympus_Mons")


def test_where_clauses_are_the_lists_conditions(session, two_zones):
    hnl, tbu = two_zones
    props = properties_for(session, "task")

    def titles(actor, **kw) -> set[str]:
        where = lists.where_clauses(actor, "task", props, [BUILTIN_FILTERS["due_today"]], now=NOW, **kw)
        return set(session.scalars(select(Task.title).where(*where)))

    assert titles(hnl) == EXPECTED[HNL]["due_today"]
    assert titles(hnl, time_zone=TBU) == EXPECTED[TBU]["due_today"]
    assert titles(hnl, me=tbu.id, time_zone=TBU) == EXPECTED[TBU]["due_today"]
    # Deleted tasks never match, even without filters.
    everything = lists.where_clauses(hnl, "task", props, [None], now=NOW)
    assert "deleted, due today" not in set(session.scalars(select(Task.title).where(*everything)))
    with pytest.raises(ValidationError, match="Filters must be a list"):
        lists.where_clauses(hnl, "task", props, BUILTIN_FILTERS["due_today"], now=NOW)


# --- Overview task cards ---------------------------------------------------------------------


def _card_titles(card) -> list[str]:
    return list(card.rows["title"])


@pytest.mark.parametrize("zone", [HNL, TBU])
def test_task_cards_give_totals_first_rows_and_the_matching_builtin_view(session, two_zones, task_views, zone):
    user = two_zones[0] if zone == HNL else two_zones[1]
    cards = tasks.task_cards(session, user, user_id=user.id, time_zone=zone, limit=3, now=NOW)
    assert [(c.key, c.title) for c in cards] == [
        ("due_today", "Tasks due today"),
        ("overdue", "Overdue tasks"),
        ("due_tomorrow", "Tasks due tomorrow"),
    ]
    for card in cards:
        assert card.total == len(EXPECTED[zone][card.key])
        expected_order = sorted(EXPECTED[zone][card.key], key=lambda t: BOUNDARY_DUES[t])[:3]
        assert _card_titles(card) == expected_order
        assert list(card.rows.columns) == ["id", "title", "due_at", "priority", "associated"]
        # "View more" opens the built-in view of the same key, which lists exactly these tasks.
        assert card.view_id == task_views[card.key].id
        view = session.get(View, card.view_id)
        assert view.builtin_key == card.key
        listed = _titles(session, user, [views.effective_filter(session, view)], sort=view.sort, time_zone=zone)
        assert listed[:3] == _card_titles(card) and len(listed) == card.total


def test_task_cards_for_another_user_need_view_as(session, two_zones, admin, me):
    hnl, _ = two_zones
    cards = tasks.task_cards(session, admin, user_id=hnl.id, time_zone=HNL, now=NOW)
    assert {c.key: c.total for c in cards} == {"due_today": 4, "overdue": 2, "due_tomorrow": 4}
    with pytest.raises(PermissionDenied):
        tasks.task_cards(session, me, user_id=hnl.id, time_zone=HNL, now=NOW)


def test_task_cards_count_deleted_and_completed_tasks_out(session, me, task_views):
    due = datetime(2026, 3, 10, 15, tzinfo=UTC)
    a, b, c = (_task(session, me, f"due today {i}", due_at=due + timedelta(minutes=i)) for i in range(3))
    tasks.complete_tasks(session, me, Selection.of([a.id]), now=NOW)
    tasks.delete_tasks(session, me, Selection.of([b.id]), confirmed=True, now=NOW)
    today = tasks.task_cards(session, me, user_id=me.id, time_zone="UTC", now=NOW)[0]
    assert today.total == 1 and list(today.rows["id"]) == [c.id]


def test_a_deleted_builtin_task_view_gives_its_card_no_link(session, me, admin, task_views):
    # builtin_view_ids promises "the built-in task views that still exist (an admin may delete one)".
    views.delete_view(session, admin, task_views["overdue"].id, confirmed=True)
    cards = {c.key: c for c in tasks.task_cards(session, me, user_id=me.id, time_zone="UTC", now=NOW)}
    assert cards["due_today"].view_id == task_views["due_today"].id
    for card in cards.values():  # every "View more" link opens a view that exists
        if card.view_id is not None:
            assert views.get_view(session, me, card.view_id).builtin_key == card.key
    assert cards["overdue"].view_id is None


def test_task_cards_show_the_associated_record(session, me, task_views):
    co = make_company(session, name="Acme Corp")
    create_task(session, me, title="Renewal call", due_at=NOW - timedelta(hours=1), associations=[("company", co.id)])
    today = tasks.task_cards(session, me, user_id=me.id, time_zone="UTC", now=NOW)[0]
    assert today.rows.loc[0, "associated"] == "Acme Corp"


# --- "Associated record" ---------------------------------------------------------------------


def _contact(session, first="Ann", last="Lee", email="ann@x.example", **kw) -> Contact:
    c = Contact(first_name=first, last_name=last, email=email, **kw)
    session.add(c)
    session.flush()
    return c


def _associated(session, actor) -> dict[str, str | None]:
    page = lists.list_records(
        session, actor, "task", filters=[], columns=["title", "associated"], sort=[], page_size=200, now=NOW
    )
    return dict(zip(page.rows["title"], page.rows["associated"], strict=True))


def _linked(session, me, title: str, *links: tuple[str, int]) -> Task:
    task = _task(session, me, title)
    for object_type, object_id in links:
        records.associate(session, me, "task", task.id, object_type, object_id)
    return task


def test_associated_record_prefers_a_company_then_a_record_then_a_contact(session, me):
    co = make_company(session, name="Acme Corp")
    deal = make_record(session, make_pipeline(session, "deal"), name="Acme expansion")
    ann = _contact(session)
    _linked(session, me, "all three", ("contact", ann.id), ("deal", deal.id), ("company", co.id))
    _linked(session, me, "deal and contact", ("contact", ann.id), ("deal", deal.id))
    _linked(session, me, "contact only", ("contact", ann.id))
    _linked(session, me, "nothing")
    assert _associated(session, me) == {
        "all three": "Acme Corp",
        "deal and contact": "Acme expansion",
        "contact only": "Ann Lee",
        "nothing": None,
    }


def test_associated_record_reads_links_stored_from_the_task_side(session, me):
    ticket = make_record(session, make_pipeline(session, "ticket"), name="Login broken")
    task = _linked(session, me, "ticket", ("ticket", ticket.id))
    stored = session.execute(
        select(Association.from_type, Association.from_id, Association.to_type, Association.to_id)
    ).all()
    assert stored == [("task", task.id, "ticket", ticket.id)]  # "task" sorts before "ticket"
    ann = _contact(session)
    _linked(session, me, "ticket and contact", ("contact", ann.id), ("ticket", ticket.id))
    got = _associated(session, me)
    assert got["ticket"] == "Login broken" and got["ticket and contact"] == "Login broken"


def test_associated_contact_is_named_or_else_its_email(session, me):
    _linked(session, me, "full name", ("contact", _contact(session, "Ann", "Lee").id))
    _linked(session, me, "first name only", ("contact", _contact(session, "Bo", None, "bo@x.example").id))
    _linked(session, me, "no name", ("contact", _contact(session, None, None, "noname@x.example").id))
    _linked(session, me, "blank name", ("contact", _contact(session, " ", "", "blank@x.example").id))
    assert _associated(session, me) == {
        "full name": "Ann Lee",
        "first name only": "Bo",
        "no name": "noname@x.example",
        "blank name": "blank@x.example",
    }


def test_associated_record_skips_deleted_records(session, me):
    co = make_company(session, name="Gone Inc")
    ticket = make_record(session, make_pipeline(session, "ticket"), name="Old ticket")
    ann = _contact(session)
    gone_contact = _contact(session, "Zed", "Gone", "zed@x.example")
    _linked(session, me, "deleted company", ("company", co.id), ("contact", ann.id))
    _linked(session, me, "deleted ticket", ("ticket", ticket.id), ("contact", ann.id))
    _linked(session, me, "deleted contact", ("contact", gone_contact.id))
    co.deleted_at = ticket.deleted_at = gone_contact.deleted_at = EARLIER
    session.flush()
    assert _associated(session, me) == {
        "deleted company": "Ann Lee",
        "deleted ticket": "Ann Lee",
        "deleted contact": None,
    }


def test_associated_record_can_be_filtered(session, me):
    co = make_company(session, name="Acme Corp")
    _linked(session, me, "acme", ("company", co.id))
    _linked(session, me, "ann", ("contact", _contact(session).id))
    _linked(session, me, "nothing")
    contains = {"property": "associated", "operator": "contains", "value": "acme"}
    unknown = {"property": "associated", "operator": "is_unknown"}
    assert _titles(session, me, [contains]) == ["acme"]
    assert _titles(session, me, [unknown]) == ["nothing"]


# --- completion stamp of a single edit -----------------------------------------------------------


def test_completing_a_task_stamps_completed_at_and_reopening_clears_it(session, me):
    task_id = create_task(session, me, title="Send QBR deck", due_at=NOW)
    version = records.update_properties(
        session, me, "task", task_id, {"status": "completed"}, expected_version=1, now=NOW
    )
    task = session.get(Task, task_id)
    assert (task.status, task.completed_at, version) == ("completed", NOW, 2)
    later = NOW + timedelta(hours=2)
    version = records.update_properties(
        session, me, "task", task_id, {"priority": "high"}, expected_version=version, now=later
    )
    assert session.get(Task, task_id).completed_at == NOW  # other edits leave the stamp alone
    version = records.update_properties(
        session, me, "task", task_id, {"status": "in_progress"}, expected_version=version, now=later
    )
    task = session.get(Task, task_id)
    assert (task.status, task.completed_at) == ("in_progress", None)
    records.update_properties(session, me, "task", task_id, {"status": "waiting"}, expected_version=version, now=later)
    assert session.get(Task, task_id).completed_at is None


def test_all_completed_lists_newest_completion_first(session, me, task_views):
    made = [_task(session, me, f"task {i}") for i in range(3)]
    for i, t in enumerate([made[1], made[0], made[2]]):
        records.update_properties(
            session, me, "task", t.id, {"status": "completed"}, expected_version=1, now=NOW + timedelta(minutes=i)
        )
    view = task_views["all_completed"]
    assert _titles(session, me, [views.effective_filter(session, view)], sort=view.sort) == [
        "task 2",
        "task 0",
        "task 1",
    ]


# --- bulk actions: complete ------------------------------------------------------------------------


def test_complete_picked_tasks(session, me):
    a, b = _task(session, me, "a"), _task(session, me, "b", status="in_progress")
    done = _task(session, me, "done", status="completed", completed_at=EARLIER)
    outside = _task(session, me, "outside")
    result = tasks.complete_tasks(session, me, Selection.of([a.id, b.id, done.id, a.id]), now=NOW)
    assert (result.selected, result.changed) == (3, 2)
    assert result.message == "Marked 2 tasks as completed. 1 other task was already completed."
    a, b, done, outside = _fresh(session, a, b, done, outside)
    for t, old in ((a, "not_started"), (b, "in_progress")):
        assert (t.status, t.completed_at, t.updated_at, t.version) == ("completed", NOW, NOW, 2)
        assert _history(session, t) == [("status", old, "completed", "bulk", me.id, NOW)]
    assert (done.completed_at, done.updated_at, done.version, _history(session, done)) == (EARLIER, EARLIER, 1, [])
    assert (outside.status, outside.version, _history(session, outside)) == ("not_started", 1, [])


def test_complete_all_matching_covers_every_page_and_only_what_matches_when_it_runs(session, me, other):
    due = datetime(2026, 3, 10, 15, tzinfo=UTC)
    mine = [_task(session, me, f"today {i:02}", due_at=due) for i in range(30)]
    tomorrow = _task(session, me, "tomorrow", due_at=due + timedelta(days=1))
    others = _task(session, other, "someone else's", due_at=due)
    gone = _task(session, me, "deleted", due_at=due, deleted_at=EARLIER)
    selection = Selection.all_matching([BUILTIN_FILTERS["due_today"]], me=me.id, time_zone="UTC")
    page = lists.list_records(
        session, me, "task", filters=[BUILTIN_FILTERS["due_today"]], columns=["title"], sort=[], now=NOW
    )
    assert (page.total, len(page.rows)) == (30, 25)
    assert tasks.count_selected(session, me, selection, now=NOW) == 30
    # Between choosing "select all 30" and running the action, one more task comes due today and one moves away.
    late = _task(session, me, "added later", due_at=due)
    mine[0].due_at = due + timedelta(days=2)
    session.flush()
    result = tasks.complete_tasks(session, me, selection, now=NOW)
    assert (result.selected, result.changed, result.message) == (30, 30, "Marked 30 tasks as completed.")
    done = set(session.scalars(select(Task.id).where(Task.status == "completed")))
    assert done == {t.id for t in mine[1:]} | {late.id}
    for t in _fresh(session, mine[0], tomorrow, others, gone):
        assert (t.status, t.completed_at) == ("not_started", None)
    assert _history_count(session) == 30
    assert tasks.count_selected(session, me, selection, now=NOW) == 0


def test_complete_all_matching_an_advanced_filter(session, me, other):
    high = [_task(session, me, "mine high", priority="high"), _task(session, other, "theirs high", priority="high")]
    low = _task(session, me, "low", priority="low")
    result = tasks.complete_tasks(session, me, Selection.all_matching([HIGH]), now=NOW)
    assert (result.selected, result.changed) == (2, 2)
    assert [t.status for t in _fresh(session, *high, low)] == ["completed", "completed", "not_started"]


# --- bulk actions: reopen --------------------------------------------------------------------------


def test_reopen_picked_tasks_goes_back_to_not_started(session, me):
    c1 = _task(session, me, "c1", status="completed", completed_at=EARLIER)
    c2 = _task(session, me, "c2", status="completed", completed_at=EARLIER)
    open_ = _task(session, me, "open", status="in_progress")
    outside = _task(session, me, "outside", status="completed", completed_at=EARLIER)
    result = tasks.reopen_tasks(session, me, Selection.of([c1.id, c2.id, open_.id]), now=NOW)
    assert (result.selected, result.changed) == (3, 2)
    assert result.message == "Marked 2 tasks as incomplete. 1 other task was not completed."
    c1, c2, open_, outside = _fresh(session, c1, c2, open_, outside)
    for t in (c1, c2):
        assert (t.status, t.completed_at, t.updated_at, t.version) == ("not_started", None, NOW, 2)
        assert _history(session, t) == [("status", "completed", "not_started", "bulk", me.id, NOW)]
    assert (open_.status, open_.version, open_.updated_at, _history(session, open_)) == ("in_progress", 1, EARLIER, [])
    assert (outside.status, outside.completed_at, outside.version) == ("completed", EARLIER, 1)


def test_reopen_all_my_completed_tasks(session, me, other):
    mine = [_task(session, me, f"mine {i}", status="completed", completed_at=EARLIER) for i in range(3)]
    theirs = _task(session, other, "theirs", status="completed", completed_at=EARLIER)
    result = tasks.reopen_tasks(session, me, Selection.all_matching([BUILTIN_FILTERS["all_completed"]]), now=NOW)
    assert (result.selected, result.changed, result.message) == (3, 3, "Marked 3 tasks as incomplete.")
    assert {t.status for t in _fresh(session, *mine)} == {"not_started"}
    assert _fresh(session, theirs)[0].status == "completed"


# --- bulk actions: assign --------------------------------------------------------------------------


def test_assign_picked_tasks(session, me, other):
    a, b = _task(session, me, "a"), _task(session, None, "unassigned")
    already = _task(session, other, "already")
    outside = _task(session, me, "outside")
    result = tasks.assign_tasks(session, me, Selection.of([a.id, b.id, already.id]), other.id, now=NOW)
    assert (result.selected, result.changed) == (3, 2)
    assert result.message == "Assigned 2 tasks to Olga Other. 1 other task was assigned to them already."
    a, b, already, outside = _fresh(session, a, b, already, outside)
    assert (a.assignee_id, a.version, a.updated_at) == (other.id, 2, NOW)
    assert _history(session, a) == [("assignee_id", str(me.id), str(other.id), "bulk", me.id, NOW)]
    assert _history(session, b) == [("assignee_id", None, str(other.id), "bulk", me.id, NOW)]
    assert (already.version, _history(session, already)) == (1, [])
    assert (outside.assignee_id, outside.version) == (me.id, 1)


def test_assign_all_matching_high_priority(session, me, other):
    high = [_task(session, me, f"high {i}", priority="high") for i in range(2)]
    low = _task(session, me, "low", priority="low")
    result = tasks.assign_tasks(session, me, Selection.all_matching([HIGH]), str(other.id), now=NOW)
    assert (result.selected, result.changed, result.message) == (2, 2, "Assigned 2 tasks to Olga Other.")
    assert [t.assignee_id for t in _fresh(session, *high, low)] == [other.id, other.id, me.id]


def test_assign_needs_an_active_user(session, me):
    t = _task(session, me)
    gone = make_user(session, is_active=False)
    with pytest.raises(ValidationError, match="Assigned to must be an active user"):
        tasks.assign_tasks(session, me, Selection.of([t.id]), gone.id, now=NOW)
    with pytest.raises(ValidationError, match="Assigned to must be an active user"):
        tasks.assign_tasks(session, me, Selection.of([t.id]), 987654, now=NOW)
    with pytest.raises(ValidationError, match="Pick the user to assign the tasks to"):
        tasks.assign_tasks(session, me, Selection.of([t.id]), None, now=NOW)
    assert (_fresh(session, t)[0].version, _history_count(session)) == (1, 0)


def test_assigning_to_a_user_with_braces_in_the_name_reports_it(session, me):
    t = _task(session, me)
    curly = make_user(session, name="Ann {Sales}")
    result = tasks.assign_tasks(session, me, Selection.of([t.id]), curly.id, now=NOW)
    assert result.message == "Assigned 1 task to Ann {Sales}."


# --- bulk actions: edit ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("prop", "value", "stored", "old_text", "new_text", "message"),
    [
        ("title", "  Renewal call ", "Renewal call", "Follow up", "Renewal call", "Set Title to “Renewal call” on"),
        ("type", "call", "call", "todo", "call", "Set Task type to Call on"),
        ("priority", "high", "high", "none", "high", "Set Priority to High on"),
        ("status", "in_progress", "in_progress", "not_started", "in_progress", "Set Status to In progress on"),
        (
            "due_at",
            "2026-03-20 17:00",
            datetime(2026, 3, 20, 17, tzinfo=UTC),
            "2026-03-12T09:00:00+00:00",
            "2026-03-20T17:00:00+00:00",
            "Set Due date to Mar 20, 2026, 17:00 UTC on",
        ),
    ],
)
def test_edit_sets_one_property_on_picked_tasks(session, me, prop, value, stored, old_text, new_text, message):
    due = datetime(2026, 3, 12, 9, tzinfo=UTC)
    a, b = _task(session, me, due_at=due), _task(session, me, due_at=due)
    same = _task(session, me, **({"due_at": due} | {prop: stored}))
    outside = _task(session, me, due_at=due)
    result = tasks.edit_tasks(session, me, Selection.of([a.id, b.id, same.id]), prop, value, now=NOW)
    assert (result.selected, result.changed) == (3, 2)
    assert result.message == f"{message} 2 tasks. 1 other task was set so already."
    a, b, same, outside = _fresh(session, a, b, same, outside)
    for t in (a, b):
        assert (getattr(t, prop), t.version, t.updated_at) == (stored, 2, NOW)
        assert _history(session, t) == [(prop, old_text, new_text, "bulk", me.id, NOW)]
    assert (same.version, same.updated_at, _history(session, same)) == (1, EARLIER, [])
    assert (records.history_text(getattr(outside, prop)), outside.version, outside.updated_at) == (old_text, 1, EARLIER)


def test_edit_status_to_completed_stamps_completed_at(session, me):
    a, b = _task(session, me, "a"), _task(session, me, "b", status="waiting")
    result = tasks.edit_tasks(session, me, Selection.of([a.id, b.id]), "status", "completed", now=NOW)
    assert result.message == "Marked 2 tasks as completed."
    for t in _fresh(session, a, b):
        assert (t.status, t.completed_at, t.version) == ("completed", NOW, 2)


def test_edit_status_back_to_open_clears_completed_at(session, me):
    done = _task(session, me, "done", status="completed", completed_at=EARLIER)
    result = tasks.edit_tasks(session, me, Selection.of([done.id]), "status", "deferred", now=NOW)
    assert result.message == "Set Status to Deferred on 1 task."
    (done,) = _fresh(session, done)
    assert (done.status, done.completed_at) == ("deferred", None)
    assert _history(session, done) == [("status", "completed", "deferred", "bulk", me.id, NOW)]


def test_edit_assignee_and_clearing_the_due_date(session, me, other):
    a, b = _task(session, me, "a", due_at=NOW), _task(session, me, "b", due_at=NOW)
    result = tasks.edit_tasks(session, me, Selection.of([a.id, b.id]), "assignee_id", other.id, now=NOW)
    assert result.changed == 2 and result.message == "Assigned 2 tasks to Olga Other."
    assert [t.assignee_id for t in _fresh(session, a, b)] == [other.id, other.id]
    result = tasks.edit_tasks(session, me, Selection.of([a.id, b.id]), "due_at", "", now=NOW)
    assert result.message == "Set Due date to empty on 2 tasks."
    assert [t.due_at for t in _fresh(session, a, b)] == [None, None]
    assert _history(session, a)[-1] == ("due_at", NOW.isoformat(), None, "bulk", me.id, NOW)


def test_edit_all_matching_due_today(session, me):
    due = datetime(2026, 3, 10, 15, tzinfo=UTC)
    today = [_task(session, me, f"today {i}", due_at=due) for i in range(3)]
    tomorrow = _task(session, me, "tomorrow", due_at=due + timedelta(days=1))
    selection = Selection.all_matching([BUILTIN_FILTERS["due_today"]], time_zone="UTC")
    result = tasks.edit_tasks(session, me, selection, "priority", "high", now=NOW)
    assert (result.selected, result.changed, result.message) == (3, 3, "Set Priority to High on 3 tasks.")
    assert [t.priority for t in _fresh(session, *today, tomorrow)] == ["high", "high", "high", "none"]


def test_edit_due_date_given_in_another_zone_is_stored_and_reported_in_utc(session, me):
    t = _task(session, me)
    nine_in_honolulu = datetime(2026, 3, 20, 9, tzinfo=ZoneInfo(HNL))
    result = tasks.edit_tasks(session, me, Selection.of([t.id]), "due_at", nine_in_honolulu, now=NOW)
    assert _fresh(session, t)[0].due_at == datetime(2026, 3, 20, 19, tzinfo=UTC)
    assert result.message == "Set Due date to Mar 20, 2026, 19:00 UTC on 1 task."


def test_edit_title_with_braces_reports_the_new_title(session, me):
    t = _task(session, me)
    result = tasks.edit_tasks(session, me, Selection.of([t.id]), "title", "Send {contract} to legal", now=NOW)
    assert _fresh(session, t)[0].title == "Send {contract} to legal"
    assert result.message == "Set Title to “Send {contract} to legal” on 1 task."


@pytest.mark.parametrize(
    ("prop", "value", "error"),
    [
        ("notes", "hello", "“Notes” can't be changed on many tasks at once."),
        ("completed_at", NOW, "“Completed at” can't be changed on many tasks at once."),
        ("associated", "Acme", "“Associated record” can't be changed on many tasks at once."),
        ("no_such_property", "x", "“no_such_property” can't be changed on many tasks at once."),
        ("title", "   ", "Title can't be empty."),
        ("title", None, "Title can't be empty."),
        ("type", "", "Task type can't be empty."),
        ("priority", None, "Priority can't be empty."),
        ("status", "", "Status can't be empty."),
        ("priority", "urgent", "“urgent” is not an option of Priority."),
        ("type", "meeting", "“meeting” is not an option of Task type."),
        ("status", "done", "“done” is not an option of Status."),
        ("due_at", "next tuesday", "Due date must be a date and time"),
        ("assignee_id", "nobody", "Assigned to must be a user."),
    ],
)
def test_edit_refusals_change_nothing(session, me, prop, value, error):
    t = _task(session, me)
    with pytest.raises(ValidationError) as exc:
        tasks.edit_tasks(session, me, Selection.of([t.id]), prop, value, now=NOW)
    assert str(exc.value).startswith(error)
    assert (_fresh(session, t)[0].version, _history_count(session)) == (1, 0)


def test_edit_to_an_inactive_user_is_refused(session, me):
    t = _task(session, me)
    gone = make_user(session, is_active=False)
    with pytest.raises(ValidationError, match="Assigned to must be an active user"):
        tasks.edit_tasks(session, me, Selection.of([t.id]), "assignee_id", gone.id, now=NOW)
    assert (_fresh(session, t)[0].assignee_id, _history_count(session)) == (me.id, 0)


def test_edit_title_longer_than_a_task_title_can_be_is_refused(session, me):
    # Task.title is String(300) and create_task refuses more than 300 characters.
    t = _task(session, me)
    with pytest.raises(ValidationError, match="300"):
        tasks.edit_tasks(session, me, Selection.of([t.id]), "title", "x" * 301, now=NOW)
    assert _fresh(session, t)[0].title == "Follow up"


# --- bulk actions: delete --------------------------------------------------------------------------


@pytest.mark.parametrize("confirmed", [False, None, "yes", 1])
def test_delete_needs_confirmation(session, me, confirmed):
    t = _task(session, me)
    with pytest.raises(ValidationError, match="Confirm that you want to delete the selected tasks"):
        tasks.delete_tasks(session, me, Selection.of([t.id]), confirmed=confirmed, now=NOW)
    assert (_fresh(session, t)[0].deleted_at, _history_count(session)) == (None, 0)


def test_delete_picked_tasks_they_vanish_from_lists_cards_and_counts(session, me, task_views):
    due = datetime(2026, 3, 10, 15, tzinfo=UTC)
    a, b, keep = (_task(session, me, t, due_at=due) for t in ("a", "b", "keep"))
    result = tasks.delete_tasks(session, me, Selection.of([a.id, b.id]), confirmed=True, now=NOW)
    assert (result.selected, result.changed, result.message) == (2, 2, "Deleted 2 tasks.")
    a, b, keep = _fresh(session, a, b, keep)
    for t in (a, b):
        assert (t.deleted_at, t.version, t.updated_at) == (NOW, 2, NOW)
        assert _history(session, t) == [("deleted_at", None, NOW.isoformat(), "bulk", me.id, NOW)]
    assert (keep.deleted_at, keep.version) == (None, 1)
    assert _titles(session, me, [MINE]) == ["keep"]
    assert _titles(session, me, [BUILTIN_FILTERS["due_today"]], time_zone="UTC") == ["keep"]
    assert tasks.task_cards(session, me, user_id=me.id, time_zone="UTC", now=NOW)[0].total == 1
    assert tasks.count_selected(session, me, Selection.of([a.id, b.id, keep.id])) == 1
    with pytest.raises(NotFound):
        tasks.task_detail(session, me, a.id)


def test_delete_all_overdue(session, me, other):
    overdue = [_task(session, me, f"late {i}", due_at=NOW - timedelta(days=i + 1)) for i in range(3)]
    today = _task(session, me, "today", due_at=NOW)
    theirs = _task(session, other, "theirs late", due_at=NOW - timedelta(days=1))
    selection = Selection.all_matching([BUILTIN_FILTERS["overdue"]], time_zone="UTC")
    result = tasks.delete_tasks(session, me, selection, confirmed=True, now=NOW)
    assert (result.selected, result.changed, result.message) == (3, 3, "Deleted 3 tasks.")
    assert all(t.deleted_at == NOW for t in _fresh(session, *overdue))
    assert [t.deleted_at for t in _fresh(session, today, theirs)] == [None, None]
    assert _titles(session, me, [BUILTIN_FILTERS["overdue"]], time_zone="UTC") == []


# --- rules every bulk action shares -------------------------------------------------------------

ACTIONS = {
    "complete": lambda s, actor, sel, user: tasks.complete_tasks(s, actor, sel, now=NOW),
    "reopen": lambda s, actor, sel, user: tasks.reopen_tasks(s, actor, sel, now=NOW),
    "assign": lambda s, actor, sel, user: tasks.assign_tasks(s, actor, sel, user.id, now=NOW),
    "edit": lambda s, actor, sel, user: tasks.edit_tasks(s, actor, sel, "priority", "high", now=NOW),
    "delete": lambda s, actor, sel, user: tasks.delete_tasks(s, actor, sel, confirmed=True, now=NOW),
}


@pytest.fixture(params=list(ACTIONS))
def action(request):
    return ACTIONS[request.param]


@pytest.mark.parametrize("selection", [Selection.of([]), Selection()])
def test_an_empty_selection_is_refused(session, me, action, selection):
    with pytest.raises(ValidationError, match="Select at least one task first"):
        action(session, me, selection, me)


def test_more_than_max_picked_ids_are_refused_but_max_picked_is_fine(session, me, action):
    t = _task(session, me, status="completed", completed_at=EARLIER)
    with pytest.raises(ValidationError, match="Pick at most 5,000 tasks one by one"):
        action(session, me, Selection.of(range(1, tasks.MAX_PICKED + 2)), me)
    assert _history_count(session) == 0
    picked = [t.id, *range(10**8, 10**8 + tasks.MAX_PICKED - 1)]  # all but one do not exist
    assert action(session, me, Selection.of(picked), me).selected == 1


@pytest.mark.parametrize("bad", [["1"], [1.0], [True], [0], [-3], [None], [1, "2"]])
def test_task_ids_must_be_whole_numbers(session, me, action, bad):
    with pytest.raises(ValidationError, match="Task ids must be whole numbers"):
        action(session, me, Selection.of(bad), me)


def test_a_user_without_a_service_seat_is_refused(session, me, action):
    t = _task(session, me, status="completed", completed_at=EARLIER)
    seatless = make_actor(session, has_service_seat=False)
    for selection in (Selection.of([t.id]), Selection.all_matching([None])):
        with pytest.raises(PermissionDenied):
            action(session, seatless, selection, me)
    (t,) = _fresh(session, t)
    assert (t.version, t.deleted_at, _history_count(session)) == (1, None, 0)


def test_acting_on_another_users_list_needs_view_as(session, me, other, admin, action):
    theirs = [_task(session, other, "open", priority="low"), _task(session, other, "done", status="completed")]
    mine = _task(session, me, "mine")
    for selection in (Selection.all_matching([MINE], me=other.id), Selection(ids=(theirs[0].id,), me=other.id)):
        with pytest.raises(PermissionDenied, match="Only admins can see another user's tasks"):
            action(session, me, selection, me)
    assert ([t.version for t in _fresh(session, *theirs)], _history_count(session)) == ([1, 1], 0)
    # An admin viewing the workspace as the other user acts on that user's tasks ("me" is them).
    result = action(session, admin, Selection.all_matching([MINE], me=other.id), me)
    assert result.selected == 2 and result.changed >= 1
    changed_by = set(
        session.scalars(select(PropertyHistory.changed_by_id).where(PropertyHistory.object_type == "task"))
    )
    assert changed_by == {admin.id} and _fresh(session, mine)[0].version == 1


def test_no_task_matching_changes_nothing(session, me):
    _task(session, me, priority="low")
    result = tasks.complete_tasks(session, me, Selection.all_matching([HIGH]), now=NOW)
    assert (result.selected, result.changed, result.message) == (0, 0, "No tasks matched, so nothing changed.")
    assert _history_count(session) == 0


def test_picked_deleted_tasks_are_left_out(session, me):
    live, gone = _task(session, me), _task(session, me, deleted_at=EARLIER)
    result = tasks.complete_tasks(session, me, Selection.of([live.id, gone.id]), now=NOW)
    assert (result.selected, result.changed) == (1, 1)
    assert _fresh(session, gone)[0].status == "not_started"


# --- thousands of tasks in one transaction ------------------------------------------------------


def test_completing_3000_tasks_is_one_transaction(engine, make_db):
    db = make_db(engine.dialect.name)
    with write_session(db) as s:
        make_workspace(s)
        me = make_actor(s, name="Bulk Me")
        rows = [
            dict(
                title=f"Task {i}",
                type="todo",
                priority="high" if i % 2 else "low",
                status="not_started",
                due_at=EARLIER + timedelta(minutes=i),
                assignee_id=me.id,
                created_at=EARLIER,
                updated_at=EARLIER,
                version=1,
            )
            for i in range(3000)
        ]
        s.execute(insert(Task), rows)
    everything = Selection.all_matching([MINE])

    def completed(s) -> int:
        return s.scalar(select(func.count()).select_from(Task).where(Task.status == "completed"))

    with pytest.raises(RuntimeError, match="after the bulk action"):
        with write_session(db) as s:
            assert tasks.complete_tasks(s, me, everything, now=NOW).changed == 3000
            assert completed(s) == 3000
            raise RuntimeError("after the bulk action")
    with write_session(db) as s:
        assert completed(s) == 0 and _history_count(s) == 0
        assert s.scalar(select(func.max(Task.version))) == 1
        result = tasks.complete_tasks(s, me, everything, now=NOW)
        assert (result.selected, result.changed, result.message) == (3000, 3000, "Marked 3,000 tasks as completed.")
    with write_session(db) as s:
        assert completed(s) == 3000 and _history_count(s) == 3000
        stamped = select(func.count()).select_from(Task).where(Task.completed_at == NOW, Task.version == 2)
        assert s.scalar(stamped) == 3000
        again = tasks.complete_tasks(s, me, everything, now=NOW)
        assert (again.selected, again.changed) == (3000, 0) and _history_count(s) == 3000


# --- the "Start all tasks" queue ------------------------------------------------------------------


def test_queue_follows_the_list_order_and_limit(session, me, other):
    a = _task(session, me, "a", due_at=NOW + timedelta(days=2))
    b = _task(session, me, "b", due_at=NOW - timedelta(days=1))
    c = _task(session, me, "c")  # no due date: last
    d = _task(session, me, "d", due_at=NOW)
    _task(session, me, "deleted", due_at=NOW, deleted_at=EARLIER)
    _task(session, other, "theirs", due_at=NOW)
    by_due = [{"property": "due_at", "direction": "asc"}]
    assert tasks.queue_ids(session, me, filters=[MINE], sort=by_due) == [b.id, d.id, a.id, c.id]
    assert tasks.queue_ids(session, me, filters=[MINE], sort=by_due, limit=2) == [b.id, d.id]
    by_title_desc = [{"property": "title", "direction": "desc"}]
    assert tasks.queue_ids(session, me, filters=[MINE], sort=by_title_desc) == [d.id, c.id, b.id, a.id]


def test_queue_of_the_overdue_list_runs_its_filter(session, me):
    now = datetime.now(UTC)
    late = _task(session, me, "late", due_at=now - timedelta(days=3))
    later = _task(session, me, "later", due_at=now - timedelta(days=2))
    _task(session, me, "future", due_at=now + timedelta(days=5))
    _task(session, me, "done late", due_at=now - timedelta(days=4), status="completed", completed_at=now)
    ids = tasks.queue_ids(
        session,
        me,
        filters=[BUILTIN_FILTERS["overdue"]],
        sort=[{"property": "due_at", "direction": "asc"}],
        time_zone="UTC",
    )
    assert ids == [late.id, later.id]


def test_queue_needs_a_seat_and_view_as_for_another_user(session, me, other, admin):
    _task(session, other, "theirs")
    seatless = make_actor(session, has_service_seat=False)
    with pytest.raises(PermissionDenied):
        tasks.queue_ids(session, seatless, filters=[MINE], sort=[])
    with pytest.raises(PermissionDenied):
        tasks.queue_ids(session, me, filters=[MINE], sort=[], me=other.id)
    assert len(tasks.queue_ids(session, admin, filters=[MINE], sort=[], me=other.id)) == 1


# --- the task panel -------------------------------------------------------------------------------


def test_task_detail_shows_the_task_and_key_facts_of_its_records(session, me):
    owner = make_user(session, name="Olive Owner")
    co = make_company(
        session,
        name="Acme Corp",
        owner_id=owner.id,
        arr=120000,
        lifecycle_stage="customer",
        renewal_date=date(2027, 1, 31),
    )
    gone = make_company(session, name="Gone Inc")
    pipeline = make_pipeline(session, "deal", stages=("Discovery", "Negotiation"))
    deal = make_record(
        session,
        pipeline,
        stages_of(session, pipeline)[1],
        name="Acme expansion",
        amount=5000,
        close_date=date(2026, 4, 30),
        owner_id=owner.id,
    )
    ticket = make_record(session, make_pipeline(session, "ticket"), name="Login broken")
    ann = _contact(session, job_title="CFO")
    task_id = create_task(
        session,
        me,
        title="Prepare renewal",
        priority="high",
        due_at=datetime(2026, 3, 11, 16, 30, tzinfo=UTC),
        notes="Bring the usage report.",
        associations=[("contact", ann.id), ("ticket", ticket.id), ("deal", deal.id), ("company", gone.id)],
    )
    records.associate(session, me, "company", co.id, "task", task_id)
    gone.deleted_at = EARLIER
    session.flush()

    detail = tasks.task_detail(session, me, task_id)
    assert (detail.id, detail.title, detail.priority, detail.status, detail.type) == (
        task_id,
        "Prepare renewal",
        "high",
        "not_started",
        "todo",
    )
    assert (detail.assignee_id, detail.assignee, detail.notes) == (me.id, "Mia Me", "Bring the usage report.")
    assert detail.due_at == datetime(2026, 3, 11, 16, 30, tzinfo=UTC) and detail.completed_at is None
    assert not detail.is_completed
    assert [(r.object_type, r.id, r.name) for r in detail.records] == [
        ("company", co.id, "Acme Corp"),
        ("deal", deal.id, "Acme expansion"),
        ("ticket", ticket.id, "Login broken"),
        ("contact", ann.id, "Ann Lee"),
    ]
    facts = {r.object_type: {f.label: f.value for f in r.facts} for r in detail.records}
    assert facts["company"]["Company owner"] == "Olive Owner"
    assert facts["company"]["Annual recurring revenue"] == "$120,000"
    assert facts["company"]["Lifecycle stage"] == "Customer"
    assert facts["company"]["Renewal date"] == "Jan 31, 2027"
    assert facts["company"]["Last activity date"] == "—"
    assert facts["deal"] == {
        "Stage": "Negotiation",
        "Amount": "$5,000",
        "Close date": "Apr 30, 2026",
        "Deal owner": "Olive Owner",
    }
    assert facts["contact"]["Email"] == "ann@x.example" and facts["contact"]["Job title"] == "CFO"


def test_task_detail_of_a_completed_task(session, me):
    t = _task(session, me, "done")
    tasks.complete_tasks(session, me, Selection.of([t.id]), now=NOW)
    detail = tasks.task_detail(session, me, t.id)
    assert detail.is_completed and detail.completed_at == NOW and detail.version == 2 and detail.records == ()


def test_task_detail_of_a_deleted_or_missing_task_is_not_found(session, me):
    gone = _task(session, me, deleted_at=EARLIER)
    for task_id in (gone.id, 987654321):
        with pytest.raises(NotFound, match="That task does not exist any more"):
            tasks.task_detail(session, me, task_id)
    with pytest.raises(PermissionDenied):
        tasks.task_detail(session, make_actor(session, has_service_seat=False), _task(session, me).id)
