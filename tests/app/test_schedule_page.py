"""The Schedule tab through AppTest: the period from the link, controls that write the link,
bad link values explained, a clicked event's summary with "Start meeting", admins viewing
someone else's schedule, and the Overview's "Today's schedule" card. The calendar itself
is a custom component (an UnknownElement here): its click is faked through session_state."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from cslib import i18n
from cslib.config import PROJECT_ROOT
from cslib.db import read_session, write_session
from cslib.models import Meeting, MeetingAttendee, Task, User, WorkspaceSettings
from cslib.schedule import ScheduleLink
from cslib.ui.md import md
from cslib.ui.schedule.page import calendar_key
from tests.app.signed_in import plain, run_as
from tests.factories import make_user

PAGE = str(PROJECT_ROOT / "pages" / "schedule.py")
WEDNESDAY = date(2026, 11, 18)
CARD = """
from cslib.ui import session
from cslib.ui.overview.schedule import render_today
from cslib.users import get_actor

actor = session.current_actor()
with session.reading() as s:
    viewed = get_actor(s, int(__import__("streamlit").session_state.get("viewed", actor.id)))
render_today(actor, viewed)
"""


@pytest.fixture
def db(app_database):
    with write_session(app_database) as s:
        s.add(WorkspaceSettings(id=1, account_created_on=date(2025, 1, 1)))
        carl = make_user(s, email="csm@example.com", name="Carl Csm", time_zone="Europe/Copenhagen")
        olga = make_user(s, email="olga@example.com", name="Olga Other", time_zone="America/New_York")
        make_user(s, email="admin@example.com", name="Ada Admin", is_super_admin=True)
        qbr = Meeting(
            title="QBR with Acme",
            start_at=datetime(2026, 11, 18, 9, tzinfo=UTC),
            end_at=datetime(2026, 11, 18, 10, tzinfo=UTC),
            organizer_id=carl.id,
            location="Video call",
            meeting_url="https://meet.example.com/abc-defg-hij",
        )
        s.add(qbr)
        s.flush()
        s.add(MeetingAttendee(meeting_id=qbr.id, user_id=carl.id))
        s.add(Task(title="Send renewal quote", assignee_id=carl.id, due_at=datetime(2026, 11, 19, 13, tzinfo=UTC)))
        s.add(Task(title="Saturday catch-up", assignee_id=carl.id, due_at=datetime(2026, 11, 21, 13, tzinfo=UTC)))
        s.add(Task(title="Olga's task", assignee_id=olga.id, due_at=datetime(2026, 11, 18, 13, tzinfo=UTC)))
    return app_database


def _user_id(db, email: str) -> int:
    with read_session(db) as s:
        return s.scalar(select(User.id).where(User.email == email))


def _open(db, email: str, script: str = PAGE, state: dict | None = None, **params: str) -> AppTest:
    at = AppTest.from_file(script, default_timeout=30) if script == PAGE else AppTest.from_string(script)
    return run_as(db, email, at, state=state, **params)


def _text(at) -> str:
    return "\n".join([m.value for m in at.markdown] + [c.value for c in at.caption])


def _calendars(at) -> list:
    return list(at.main.get("component_instance"))


def test_a_week_from_the_link_shows_its_title_and_counts(db):
    at = _open(db, "csm@example.com", view="week", date=WEDNESDAY.isoformat())
    assert not at.exception
    assert "### " + md("Nov 15\u2009–\u200921, 2026") in _text(at)
    assert "1 meeting and 2 tasks in this week." in _text(at)
    assert "times in Europe/Copenhagen" in _text(at)
    assert at.segmented_control(key="sch_view").value == "week"
    assert len(_calendars(at)) == 1


def test_an_empty_period_still_shows_the_calendar_and_says_so(db):
    at = _open(db, "csm@example.com", view="day", date="2026-11-22")
    assert not at.exception
    assert "No tasks or meetings on this day." in _text(at)
    assert len(_calendars(at)) == 1
    assert not [t for t in at.toggle if t.key == "sch_weekends"]  # only in week and month views


def test_controls_write_the_link(db):
    at = _open(db, "csm@example.com", view="week", date=WEDNESDAY.isoformat())
    at.segmented_control(key="sch_view").set_value("month").run()
    assert at.query_params["view"] == "month" and "November 2026" in _text(at)
    at.button(key="sch_next").click().run()
    assert at.query_params["date"] == "2026-12-18" and "December 2026" in _text(at)
    at.button(key="sch_today").click().run()
    assert "date" not in at.query_params
    at.toggle(key="sch_weekends").set_value(True).run()
    assert at.query_params["weekends"] == "hide"
    at.selectbox(key="sch_tz").set_value("Pacific/Honolulu").run()
    assert at.query_params["tz"] == "Pacific/Honolulu" and "times in Pacific/Honolulu" in _text(at)
    assert not at.exception


def test_hidden_weekends_leave_weekend_events_out(db):
    at = _open(db, "csm@example.com", view="week", date=WEDNESDAY.isoformat(), weekends="hide")
    assert "1 meeting and 1 task in this week." in _text(at)


def test_save_as_my_time_zone(db):
    at = _open(db, "csm@example.com", view="week", tz="Pacific/Honolulu")
    at.button(key="sch_save_tz").click().run()
    assert not at.exception
    with read_session(db) as s:
        assert s.scalar(select(User.time_zone).where(User.email == "csm@example.com")) == "Pacific/Honolulu"
    assert "tz" not in at.query_params
    assert not [b for b in at.button if b.key == "sch_save_tz"]


@pytest.mark.parametrize(
    ("params", "note"),
    [
        ({"view": "year"}, "view “year” is not valid"),
        ({"date": "2026-02-30"}, "date “2026-02-30” is not a date"),
        ({"tz": "Mars/Base"}, "time zone “Mars/Base” is not known"),
        ({"weekends": "sometimes"}, "weekends setting “sometimes” is not valid"),
        ({"user": "x"}, "user “x” is not a user id"),
    ],
)
def test_bad_link_values_say_so_and_the_calendar_still_shows(db, params, note):
    at = _open(db, "csm@example.com", **params)
    assert not at.exception
    assert any(note in plain(w.value) for w in at.warning), [w.value for w in at.warning]
    assert len(_calendars(at)) == 1


def test_clicking_a_meeting_opens_its_summary_with_start_meeting(db):
    with read_session(db) as s:
        meeting_id = s.scalar(select(Meeting.id))
    carl = _user_id(db, "csm@example.com")
    key = calendar_key(ScheduleLink("week", WEDNESDAY), carl, "Europe/Copenhagen", WEDNESDAY)
    click = {"callback": "eventClick", "eventClick": {"event": {"id": f"meeting-{meeting_id}"}, "view": {}}}
    at = _open(db, "csm@example.com", state={key: click}, view="week", date=WEDNESDAY.isoformat())
    assert not at.exception
    assert at.query_params["event"] == f"meeting-{meeting_id}"
    assert "QBR with Acme" in _text(at)
    assert md("Wednesday, November 18, 2026, 10:00\u202fAM – 11:00\u202fAM") in _text(at)
    [button] = at.get("link_button")
    assert button.proto.label == "Start meeting" and button.proto.url == "https://meet.example.com/abc-defg-hij"
    at.run()  # the component repeats its value on every run: the summary is not opened twice
    assert at.query_params["event"] == f"meeting-{meeting_id}"
    at.button(key="sch_close").click().run()
    assert "event" not in at.query_params and "QBR with Acme" not in _text(at)


def test_a_bad_event_in_the_link_is_explained(db):
    at = _open(db, "csm@example.com", event="meeting-abc")
    assert not at.exception
    assert any("is not a task or meeting" in w.value for w in at.warning)


def test_a_csm_cannot_open_someone_elses_schedule(db):
    olga = _user_id(db, "olga@example.com")
    at = _open(db, "csm@example.com", user=str(olga), view="week", date=WEDNESDAY.isoformat())
    assert not at.exception
    assert any("Only admins" in w.value for w in at.warning)
    assert "Olga's task" not in _text(at) and "1 meeting and 2 tasks" in _text(at)


def test_an_admin_picks_whose_schedule(db):
    carl = _user_id(db, "csm@example.com")
    at = _open(db, "admin@example.com", view="week", date=WEDNESDAY.isoformat())
    assert "No tasks or meetings in this week." in _text(at)
    at.selectbox(key="sch_user").set_value(carl).run()
    assert at.query_params["user"] == str(carl)
    assert "Carl Csm's tasks and meetings" in _text(at) and "1 meeting and 2 tasks" in _text(at)


def test_todays_card_lists_the_viewed_users_day_in_their_time_zone(db):
    with write_session(db) as s:
        carl = s.scalar(select(User).where(User.email == "csm@example.com"))
        today = i18n.today_in(carl.time_zone)
        noon = datetime.combine(today, datetime.min.time(), i18n.zone(carl.time_zone)) + timedelta(hours=12)
        call = Meeting(
            title="Check-in with Ann",
            start_at=noon,
            end_at=noon + timedelta(minutes=30),
            organizer_id=carl.id,
            meeting_url="https://meet.example.com/today",
        )
        s.add(call)
        s.add(Task(title="Prepare the QBR deck", assignee_id=carl.id, due_at=noon - timedelta(hours=2)))
        carl_id = carl.id
    at = _open(db, "admin@example.com", script=CARD, state={"viewed": carl_id})
    assert not at.exception
    text = _text(at)
    assert "Today's schedule" in [h.value for h in at.subheader]
    assert "1 meeting, 1 task" in text and "times in Europe/Copenhagen" in text
    assert text.index(md("Prepare the QBR deck")) < text.index(md("Check-in with Ann"))
    assert [b.proto.label for b in at.get("link_button")] == ["Start meeting"]
    assert "Open Schedule" in text and f"user={carl_id}" in text


def test_todays_card_with_nothing_today(db):
    at = _open(db, "olga@example.com", script=CARD)
    assert not at.exception
    assert [i.value for i in at.info] == ["Nothing scheduled today."]
    assert "0 meetings, 0 tasks" in _text(at)
