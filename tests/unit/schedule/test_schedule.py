"""Schedule data: a user's tasks and meetings in a range as calendar events, in the chosen
time zone; event summaries; today's list for the Overview; permissions; the period and
link state of the Schedule tab."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from cslib import schedule
from cslib.errors import NotFound, ValidationError
from cslib.models import Contact, Meeting, MeetingAttendee, Task
from cslib.permissions import PermissionDenied
from cslib.records import associate
from cslib.schedule import events as schedule_events
from tests.factories import make_actor, make_company, make_task

WEEK_START = datetime(2026, 11, 16, tzinfo=UTC)
WEEK_END = datetime(2026, 11, 23, tzinfo=UTC)
HONOLULU, TONGA = "Pacific/Honolulu", "Pacific/Tongatapu"  # UTC-10 and UTC+13 in November


def _utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def _task(session, assignee, due, title="Call back", **kw) -> Task:
    return make_task(session, assignee=assignee, due_at=due, title=title, **kw)


def _meeting(session, organizer, start, minutes=30, title="QBR", attendees=(), contacts=(), **kw) -> Meeting:
    meeting = Meeting(
        title=title,
        start_at=start,
        end_at=start + timedelta(minutes=minutes),
        organizer_id=organizer.id if organizer else None,
        **kw,
    )
    session.add(meeting)
    session.flush()
    for user in attendees:
        session.add(MeetingAttendee(meeting_id=meeting.id, user_id=user.id))
    for contact in contacts:
        session.add(MeetingAttendee(meeting_id=meeting.id, contact_id=contact.id))
    session.flush()
    return meeting


def _events(session, actor, *, user=None, start=WEEK_START, end=WEEK_END, tz="UTC", **kw) -> schedule.CalendarEvents:
    user_id = (user or actor).id
    return schedule.calendar_events(session, actor, user_id=user_id, start=start, end=end, time_zone=tz, **kw)


def _ids(result: schedule.CalendarEvents) -> list[str]:
    return [e["id"] for e in result.events]


# --- calendar events -----------------------------------------------------------------------


def test_tasks_due_in_the_range_start_included_end_excluded(session):
    me, other = make_actor(session), make_actor(session)
    first = _task(session, me, WEEK_START)
    inside = _task(session, me, _utc(2026, 11, 18, 9))
    _task(session, me, WEEK_END)  # the end is exclusive
    _task(session, me, WEEK_START - timedelta(seconds=1))
    _task(session, me, None)  # no due date: not on a calendar
    _task(session, other, _utc(2026, 11, 18, 9))
    result = _events(session, me)
    assert _ids(result) == [f"task-{first.id}", f"task-{inside.id}"]
    assert (result.tasks, result.meetings, result.truncated) == (2, 0, False)
    event = result.events[1]
    assert (event["start"], event["end"]) == ("2026-11-18T09:00:00", "2026-11-18T09:30:00")
    assert event["classNames"] == ["cs-task"]


def test_meetings_overlapping_the_range_count_even_when_they_start_before_it(session):
    me = make_actor(session)
    across = _meeting(session, me, WEEK_START - timedelta(minutes=30), minutes=60, title="Across midnight")
    _meeting(session, me, WEEK_START - timedelta(minutes=30), minutes=30, title="Ends as the range starts")
    _meeting(session, me, WEEK_END, title="Starts as the range ends")
    result = _events(session, me)
    assert _ids(result) == [f"meeting-{across.id}"]
    assert result.events[0]["start"] == "2026-11-15T23:30:00"


def test_meetings_i_organise_or_attend_each_once_but_not_others(session):
    me, other = make_actor(session), make_actor(session)
    mine = _meeting(session, me, _utc(2026, 11, 17, 9), attendees=[me], title="Mine")
    invited = _meeting(session, other, _utc(2026, 11, 17, 10), attendees=[other, me], title="Invited")
    _meeting(session, other, _utc(2026, 11, 17, 11), attendees=[other], title="Not mine")
    assert _ids(_events(session, me)) == [f"meeting-{mine.id}", f"meeting-{invited.id}"]
    assert _ids(_events(session, other)) == [f"meeting-{invited.id}", f"meeting-{invited.id + 1}"]


def test_deleted_tasks_and_meetings_are_left_out(session):
    me = make_actor(session)
    now = datetime.now(UTC)
    _task(session, me, _utc(2026, 11, 17, 9), deleted_at=now)
    _meeting(session, me, _utc(2026, 11, 17, 9), deleted_at=now)
    assert _events(session, me).events == []


def test_completed_tasks_and_canceled_meetings_are_greyed_and_colours_differ(session):
    me = make_actor(session)
    _task(session, me, _utc(2026, 11, 17, 9), status="completed")
    _task(session, me, _utc(2026, 11, 17, 10))
    _meeting(session, me, _utc(2026, 11, 17, 11), outcome="canceled")
    _meeting(session, me, _utc(2026, 11, 17, 12))
    by_class = {tuple(e["classNames"]): e["backgroundColor"] for e in _events(session, me).events}
    assert set(by_class) == {("cs-task", "cs-done"), ("cs-task",), ("cs-meeting", "cs-done"), ("cs-meeting",)}
    assert by_class[("cs-task",)] != by_class[("cs-meeting",)]
    assert by_class[("cs-task", "cs-done")] == by_class[("cs-meeting", "cs-done")] == schedule.COLOURS["done"][0]


def test_the_same_instant_is_a_different_day_in_honolulu_and_tonga(session):
    me = make_actor(session)
    _task(session, me, _utc(2026, 11, 20, 20))
    _meeting(session, me, _utc(2026, 11, 20, 20), minutes=60)
    honolulu = _events(session, me, start=_utc(2026, 11, 19), end=_utc(2026, 11, 23), tz=HONOLULU).events
    tonga = _events(session, me, start=_utc(2026, 11, 19), end=_utc(2026, 11, 23), tz=TONGA).events
    assert {e["start"] for e in honolulu} == {"2026-11-20T10:00:00"}
    assert {e["start"] for e in tonga} == {"2026-11-21T09:00:00"}
    assert {e["end"] for e in tonga} == {"2026-11-21T09:30:00", "2026-11-21T10:00:00"}


def test_hidden_weekends_drop_events_starting_on_saturday_or_sunday(session):
    me = make_actor(session)
    friday = _task(session, me, _utc(2026, 11, 20, 9))
    _task(session, me, _utc(2026, 11, 21, 9))  # Saturday
    _meeting(session, me, _utc(2026, 11, 22, 9))  # Sunday
    assert len(_events(session, me).events) == 3
    assert _ids(_events(session, me, weekends=False)) == [f"task-{friday.id}"]
    # Saturday 09:00 UTC is still Friday in Honolulu
    assert len(_events(session, me, weekends=False, tz=HONOLULU).events) == 2


def test_too_many_events_are_cut_and_flagged(session, monkeypatch):
    me = make_actor(session)
    for hour in range(4):
        _task(session, me, _utc(2026, 11, 17, 9 + hour))
    monkeypatch.setattr(schedule_events, "MAX_EVENTS", 3)  # where calendar_events reads it
    result = _events(session, me)
    assert (result.tasks, result.truncated) == (3, True)


@pytest.mark.parametrize(
    ("start", "end", "tz", "message"),
    [
        (datetime(2026, 11, 16), datetime(2026, 11, 23), "UTC", "with a time zone"),
        (WEEK_END, WEEK_START, "UTC", "must end after it starts"),
        (WEEK_START, WEEK_START + timedelta(days=63), "UTC", "at most 62 days"),
        (WEEK_START, WEEK_END, "Mars/Olympus", "is not a time zone"),
    ],
)
def test_bad_ranges_and_zones_are_refused_with_a_message(session, start, end, tz, message):
    me = make_actor(session)
    with pytest.raises(ValidationError, match=message):
        _events(session, me, start=start, end=end, tz=tz)


# --- permissions ---------------------------------------------------------------------------


def test_only_admins_see_someone_elses_calendar(session):
    csm, other = make_actor(session), make_actor(session)
    admin = make_actor(session, manage_settings=True)
    _task(session, other, _utc(2026, 11, 17, 9))
    with pytest.raises(PermissionDenied, match="Only admins"):
        _events(session, csm, user=other)
    assert len(_events(session, admin, user=other).events) == 1


def test_the_schedule_needs_a_seat_but_todays_card_does_not(session):
    no_seat = make_actor(session, is_super_admin=True, has_service_seat=False)
    csm = make_actor(session)
    _task(session, csm, _utc(2026, 11, 22, 9))
    with pytest.raises(PermissionDenied, match="Service seat"):
        _events(session, no_seat)
    day = schedule.today_schedule(session, no_seat, user_id=csm.id, today=date(2026, 11, 22), time_zone="UTC")
    assert day.tasks == 1


def test_no_workspace_access_sees_no_card(session):
    outsider = make_actor(session, workspace_access=False)
    with pytest.raises(PermissionDenied, match="no workspace access"):
        schedule.today_schedule(session, outsider, user_id=outsider.id, today=date(2026, 11, 22), time_zone="UTC")


# --- event summary -------------------------------------------------------------------------


def _contact(session, first="Ann", last="Lee") -> Contact:
    contact = Contact(first_name=first, last_name=last, email=f"{first.lower()}@example.com")
    session.add(contact)
    session.flush()
    return contact


def test_a_task_summary_has_its_facts_and_linked_records_with_links(session):
    me = make_actor(session, name="Mia Me", language="en")
    company = make_company(session, name="Acme")
    task = _task(
        session, me, _utc(2026, 11, 20, 20), title="Send renewal quote", priority="high", notes="Use Q4 prices"
    )
    associate(session, me, "task", task.id, "company", company.id)
    info = schedule.event_summary(session, me, f"task-{task.id}", time_zone=TONGA)
    assert (info.kind, info.title, info.status, info.priority, info.task_type) == (
        "task",
        "Send renewal quote",
        "Not started",
        "High",
        "To-do",
    )
    assert info.when == "Due Saturday, November 21, 2026, 9:00\u202fAM"
    assert (info.assignee, info.notes, info.done) == ("Mia Me", "Use Q4 prices", False)
    [record] = info.records
    assert (record.type_label, record.name, record.url) == ("Company", "Acme", f"/record?type=company&id={company.id}")


def test_a_meeting_summary_lists_people_and_the_meeting_link(session):
    me, colleague = make_actor(session, name="Mia Me"), make_actor(session, name="Carl Colleague")
    ann = _contact(session)
    meeting = _meeting(
        session,
        me,
        _utc(2026, 11, 20, 20),
        minutes=60,
        attendees=[me, colleague],
        contacts=[ann],
        location="Video call",
        meeting_url="https://meet.example.com/abc",
        description="Agenda: renewal",
    )
    associate(session, me, "meeting", meeting.id, "contact", ann.id)
    info = schedule.event_summary(session, colleague, f"meeting-{meeting.id}", time_zone=HONOLULU)
    assert info.when == "Friday, November 20, 2026, 10:00\u202fAM – 11:00\u202fAM"
    assert info.attendees == ("Mia Me", "Carl Colleague", "Ann Lee")
    assert (info.organizer, info.location, info.description) == ("Mia Me", "Video call", "Agenda: renewal")
    assert info.meeting_url == "https://meet.example.com/abc"
    # Contacts have a record page (since the Feed links to them): the summary links there.
    assert [(r.type_label, r.name, r.url) for r in info.records] == [
        ("Contact", "Ann Lee", f"/record?type=contact&id={ann.id}")
    ]


def test_a_meeting_link_that_is_not_a_web_address_gets_no_button(session):
    me = make_actor(session)
    meeting = _meeting(session, me, _utc(2026, 11, 20, 20), meeting_url="javascript:alert(1)")
    assert schedule.event_summary(session, me, f"meeting-{meeting.id}", time_zone="UTC").meeting_url is None


@pytest.mark.parametrize("bad", ["", "task", "task-", "task-0", "task-abc", "note-3", "task-1 OR 1=1", None, 12])
def test_bad_event_ids_are_refused_with_a_message(session, bad):
    me = make_actor(session)
    with pytest.raises(ValidationError, match="is not a task or meeting"):
        schedule.event_summary(session, me, bad, time_zone="UTC")


def test_unknown_and_deleted_events_are_not_found(session):
    me = make_actor(session)
    gone = _task(session, me, _utc(2026, 11, 20, 9), deleted_at=datetime.now(UTC))
    with pytest.raises(NotFound, match="task does not exist"):
        schedule.event_summary(session, me, f"task-{gone.id}", time_zone="UTC")
    with pytest.raises(NotFound, match="meeting does not exist"):
        schedule.event_summary(session, me, "meeting-999999999", time_zone="UTC")


def test_someone_elses_event_opens_for_admins_only(session):
    csm, other = make_actor(session), make_actor(session)
    admin = make_actor(session, manage_settings=True)
    task = _task(session, other, _utc(2026, 11, 20, 9))
    meeting = _meeting(session, other, _utc(2026, 11, 20, 9), attendees=[other])
    for event_id in (f"task-{task.id}", f"meeting-{meeting.id}"):
        with pytest.raises(PermissionDenied, match="Only admins"):
            schedule.event_summary(session, csm, event_id, time_zone="UTC")
        assert schedule.event_summary(session, admin, event_id, time_zone="UTC").title


# --- today ---------------------------------------------------------------------------------


def test_today_is_the_local_day_of_the_time_zone(session):
    me = make_actor(session)
    late = _task(session, me, _utc(2026, 11, 22, 9, 30))  # Nov 21 23:30 Honolulu, Nov 22 22:30 Tonga
    early = _task(session, me, _utc(2026, 11, 22, 10))  # Nov 22 00:00 Honolulu, Nov 22 23:00 Tonga
    _task(session, me, _utc(2026, 11, 22, 11))  # Nov 23 00:00 in Tonga
    honolulu = schedule.today_schedule(session, me, user_id=me.id, today=date(2026, 11, 22), time_zone=HONOLULU)
    tonga = schedule.today_schedule(session, me, user_id=me.id, today=date(2026, 11, 22), time_zone=TONGA)
    assert [i.event_id for i in honolulu.items] == [f"task-{early.id}", f"task-{early.id + 1}"]
    assert [i.event_id for i in tonga.items] == [f"task-{late.id}", f"task-{early.id}"]
    assert [i.time for i in tonga.items] == ["10:30\u202fPM", "11:00\u202fPM"]


def test_today_mixes_tasks_and_meetings_by_time_with_companies_and_totals(session):
    me, other = make_actor(session), make_actor(session)
    acme, beta = make_company(session, name="Acme"), make_company(session, name="Beta")
    done = _task(session, me, _utc(2026, 11, 22, 8), status="completed", title="Prep notes")
    qbr = _meeting(session, other, _utc(2026, 11, 22, 9), attendees=[me], meeting_url="https://meet.example.com/x")
    call = _task(session, me, _utc(2026, 11, 22, 9), title="Call Ann")
    associate(session, me, "meeting", qbr.id, "company", beta.id)
    associate(session, me, "meeting", qbr.id, "company", acme.id)
    day = schedule.today_schedule(session, me, user_id=me.id, today=date(2026, 11, 22), time_zone="UTC", limit=2)
    assert [i.event_id for i in day.items] == [f"task-{done.id}", f"meeting-{qbr.id}"]
    assert (day.tasks, day.meetings, day.more) == (2, 1, 1)
    first, second = day.items
    assert (first.done, first.status) == (True, "Completed")
    assert (second.company, second.meeting_url, second.time) == (
        "Acme",
        "https://meet.example.com/x",
        "9:00\u202fAM – 9:30\u202fAM",
    )
    assert call.id not in [i.event_id for i in day.items]


def test_only_admins_see_someone_elses_day(session):
    csm, other = make_actor(session), make_actor(session)
    with pytest.raises(PermissionDenied, match="Only admins"):
        schedule.today_schedule(session, csm, user_id=other.id, today=date(2026, 11, 22), time_zone="UTC")


def test_a_daylight_saving_day_has_25_hours():
    start, end = schedule.day_bounds(date(2026, 10, 25), "Europe/Copenhagen")
    assert end.astimezone(UTC) - start.astimezone(UTC) == timedelta(hours=25)


# --- period and link -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("view", "language", "first", "end", "title"),
    [
        ("day", "en", date(2026, 11, 22), date(2026, 11, 23), "Sunday, November 22, 2026"),
        ("week", "en", date(2026, 11, 22), date(2026, 11, 29), "Nov 22\u2009–\u200928, 2026"),
        ("week", "da", date(2026, 11, 16), date(2026, 11, 23), "16.–22. nov. 2026"),
        ("month", "en", date(2026, 11, 1), date(2026, 12, 6), "November 2026"),
        ("month", "da", date(2026, 10, 26), date(2026, 12, 7), "November 2026"),
    ],
)
def test_periods_start_on_the_languages_first_weekday(view, language, first, end, title):
    p = schedule.period(view, date(2026, 11, 22), language)
    assert (p.first, p.end, p.title) == (first, end, title)
    assert p.first_day == (0 if language == "en" else 1)


def test_stepping_months_keeps_the_day_where_it_exists():
    assert schedule.step("month", date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert schedule.step("month", date(2026, 12, 15), 1) == date(2027, 1, 15)
    assert schedule.step("week", date(2026, 11, 22), -1) == date(2026, 11, 15)
    assert schedule.step("day", date(2100, 12, 31), 1) == date(2100, 12, 31)


def test_a_link_round_trips_and_bad_values_are_ignored_with_a_note():
    link = schedule.ScheduleLink("month", date(2026, 11, 2), HONOLULU, True, 3)
    assert schedule.parse_link(schedule.link_params(link)) == (link, [])
    bad = {"view": "year", "date": "2026-13-01", "tz": "Mars/Base", "weekends": "maybe", "user": "1 OR 1=1"}
    parsed, notes = schedule.parse_link(bad)
    assert parsed == schedule.ScheduleLink()
    assert len(notes) == 5 and "“year”" in notes[0] and "“Mars/Base”" in notes[2]
