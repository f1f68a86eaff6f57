"""Timeline (newest first, keyset pages), logging activities, creating tasks and meetings
from a record, and following records: results, validation messages and permissions."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from cslib import activities as act
from cslib import records
from cslib.errors import NotFound, ValidationError
from cslib.models import Activity, Company, Contact, Meeting, MeetingAttendee, Task, utcnow
from cslib.permissions import PermissionDenied
from tests.factories import make_actor, make_company, make_pipeline, make_record, make_user

T = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


def _contact(session, first="Ann", last="Lee") -> Contact:
    c = Contact(first_name=first, last_name=last, email=f"{first.lower()}@x.example")
    session.add(c)
    session.flush()
    return c


def _activity(session, kind="note", at=T, **kw) -> Activity:
    a = Activity(type=kind, occurred_at=at, details=kw.pop("details", {}), **kw)
    session.add(a)
    session.flush()
    return a


def _count(session, model, *where) -> int:
    return session.scalar(select(func.count()).select_from(model).where(*where))


# --- timeline ---------------------------------------------------------------------------


def test_timeline_is_newest_first_with_labels_names_and_summaries(session):
    me = make_actor(session, name="Carl Csm")
    co = make_company(session)
    ann = _contact(session)
    _activity(session, "note", T, company_id=co.id, actor_id=me.id, body="Renewal looks good.")
    _activity(
        session,
        "email_open",
        T + timedelta(hours=1),
        company_id=co.id,
        contact_id=ann.id,
        subject="Newsletter",
        details={"campaign": "Product marketing"},
    )
    _activity(
        session,
        "sequence_enrollment",
        T + timedelta(hours=2),
        company_id=co.id,
        contact_id=ann.id,
        subject="Onboarding",
        details={"sequence": "Onboarding", "enrolled_by_id": me.id},
    )
    _activity(
        session,
        "call",
        T + timedelta(hours=3),
        company_id=co.id,
        actor_id=me.id,
        contact_id=ann.id,
        details={"duration_s": 720, "outcome": "connected", "direction": "outbound"},
    )
    _activity(session, "note", T, company_id=make_company(session).id, body="Other company")
    df = act.timeline(session, me, "company", co.id)
    assert list(df["type_label"]) == ["Call", "Enrolled in sequence", "Email opened", "Note"]
    rows = df.to_dict("records")
    assert rows[0]["facts"] == "Connected · 12 min · Outbound" and rows[0]["contact_name"] == "Ann Lee"
    assert rows[1]["summary"] == "Enrolled by Carl Csm"
    assert rows[2]["summary"] == "Campaign: Product marketing" and rows[2]["actor_name"] is None
    assert rows[3]["summary"] == "Renewal looks good." and rows[3]["actor_name"] == "Carl Csm"
    assert rows[3]["subject"] is None and rows[3]["contact_name"] is None
    assert list(df.columns) == list(act.TIMELINE_COLUMNS)
    assert df.attrs["has_more"] is False


def test_load_older_pages_by_time_then_id_without_gaps_or_repeats(session):
    me = make_actor(session)
    co = make_company(session)
    same = [_activity(session, "note", T, company_id=co.id, body=f"tie {i}").id for i in range(5)]
    older = [_activity(session, "note", T - timedelta(days=d), company_id=co.id, body="old").id for d in (1, 2)]
    seen, cursor = [], None
    while True:
        page = act.timeline(session, me, "company", co.id, before=cursor, limit=3)
        seen += list(page["id"])
        if not page.attrs["has_more"]:
            break
        cursor = page.attrs["cursor"]
    assert seen == sorted(same, reverse=True) + older
    last = act.timeline(session, me, "company", co.id, before=(T - timedelta(days=2), older[-1]))
    assert last.empty and last.attrs["cursor"] is None and last.attrs["has_more"] is False


def test_timeline_of_a_contact_and_of_a_deal_and_a_type_filter(session):
    me = make_actor(session)
    co, ann = make_company(session), _contact(session)
    deal = make_record(session, make_pipeline(session, "deal"))
    _activity(session, "page_view", T, company_id=co.id, contact_id=ann.id, details={"url": "https://x.example/p"})
    _activity(session, "note", T, company_id=co.id, record_id=deal.id, body="Deal note")
    assert list(act.timeline(session, me, "contact", ann.id)["summary"]) == ["https://x.example/p"]
    assert list(act.timeline(session, me, "deal", deal.id)["summary"]) == ["Deal note"]
    assert list(act.timeline(session, me, "company", co.id, types=["note"])["type"]) == ["note"]
    assert len(act.timeline(session, me, "company", co.id, types=["note", "page_view"])) == 2


def test_timeline_refuses_unknown_types_tasks_and_readers_without_access(session):
    me = make_actor(session)
    co = make_company(session)
    with pytest.raises(ValidationError, match="“tweet” is not an activity type"):
        act.timeline(session, me, "company", co.id, types=["tweet"])
    with pytest.raises(ValidationError, match="have no activity timeline"):
        act.timeline(session, me, "task", 1)
    with pytest.raises(PermissionDenied):
        act.timeline(session, make_actor(session, workspace_access=False), "company", co.id)


# --- logging ----------------------------------------------------------------------------


def test_logging_a_note_moves_last_activity_forward_without_bumping_the_version(session):
    me = make_actor(session)
    co = make_company(session, last_activity_at=T)
    version = co.version
    aid = act.log_activity(session, me, "company", co.id, type="note", subject=None, body="  Called the CFO.  ")
    row = session.get(Activity, aid)
    assert (row.type, row.body, row.company_id, row.actor_id) == ("note", "Called the CFO.", co.id, me.id)
    session.refresh(co)
    assert co.last_activity_at == row.occurred_at and co.version == version
    act.log_activity(
        session, me, "company", co.id, type="note", subject=None, body="Old news", occurred_at=T - timedelta(days=9)
    )
    session.refresh(co)
    assert co.last_activity_at == row.occurred_at  # an older activity never moves it back
    assert list(act.timeline(session, me, "company", co.id, limit=1)["body"]) == ["Called the CFO."]


def test_a_call_on_a_contact_also_shows_on_its_company(session):
    me = make_actor(session)
    co, ann = make_company(session), _contact(session)
    records.associate(session, me, "company", co.id, "contact", ann.id)
    aid = act.log_activity(
        session,
        me,
        "contact",
        ann.id,
        type="call",
        subject="Call",
        body="Agreed on a QBR.",
        occurred_at=T,
        details={"duration_min": 12.5, "outcome": "connected"},
    )
    row = session.get(Activity, aid)
    assert (row.contact_id, row.company_id) == (ann.id, co.id)
    assert row.details == {"direction": "outbound", "duration_s": 750, "outcome": "connected"}
    assert list(act.timeline(session, me, "company", co.id)["facts"]) == ["Connected · 12 min · Outbound"]
    session.refresh(ann)
    assert ann.last_activity_at == T
    assert session.get(Company, co.id).last_activity_at == T


def test_an_email_on_a_deal_is_logged_with_its_direction(session):
    me = make_actor(session)
    deal = make_record(session, make_pipeline(session, "deal"))
    aid = act.log_activity(
        session,
        me,
        "deal",
        deal.id,
        type="email",
        subject="Proposal",
        body="Attached.",
        details={"direction": "incoming"},
    )
    row = session.get(Activity, aid)
    assert (row.record_id, row.company_id, row.details) == (deal.id, None, {"direction": "incoming"})


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"type": "note", "body": "   "}, "The note cannot be empty"),
        ({"type": "email", "subject": "", "body": "x"}, "Subject cannot be empty"),
        ({"type": "meeting", "subject": None, "body": None}, "Subject cannot be empty"),
        ({"type": "email", "subject": "s" * 301, "body": "x"}, "Subject can be at most 300 characters"),
        ({"type": "note", "body": "x" * 65_536}, "The note can be at most 65,535 characters"),
        ({"type": "note", "body": "a\x00b"}, "NUL"),
        ({"type": "email_open", "subject": "x"}, "cannot be logged by hand"),
        ({"type": "call", "details": {"duration_min": -1}}, "between 0 and 1,440 minutes"),
        ({"type": "call", "details": {"duration_min": "long"}}, "must be a number of minutes"),
        ({"type": "call", "details": {"outcome": "shouted"}}, "“shouted” is not a call outcome"),
        ({"type": "call", "details": {"mood": "good"}}, "has no detail “mood”"),
        ({"type": "email", "subject": "s", "details": {"direction": "sideways"}}, "sent \\(outgoing\\) or received"),
        ({"type": "note", "body": "x", "occurred_at": "yesterday"}, "Date must be a date and time"),
        ({"type": "note", "body": "x", "occurred_at": "FUTURE"}, "cannot be logged in the future"),
    ],
)
def test_bad_activities_are_refused_with_a_message(session, kwargs, message):
    me = make_actor(session)
    co = make_company(session)
    kwargs = {"subject": None, "body": None} | kwargs
    if kwargs.get("occurred_at") == "FUTURE":
        kwargs["occurred_at"] = utcnow() + timedelta(hours=1)
    with pytest.raises(ValidationError, match=message):
        act.log_activity(session, me, "company", co.id, **kwargs)
    assert _count(session, Activity, Activity.company_id == co.id) == 0


def test_logging_needs_a_seat_and_a_live_record(session):
    co = make_company(session)
    with pytest.raises(PermissionDenied, match="workspace access and a Service seat"):
        act.log_activity(
            session, make_actor(session, has_service_seat=False), "company", co.id, type="note", subject=None, body="x"
        )
    co.deleted_at = T
    session.flush()
    with pytest.raises(NotFound, match="does not exist"):
        act.log_activity(session, make_actor(session), "company", co.id, type="note", subject=None, body="x")
    with pytest.raises(ValidationError, match="have no activity timeline"):
        act.log_activity(session, make_actor(session), "meeting", 1, type="note", subject=None, body="x")


# --- tasks and meetings -----------------------------------------------------------------


def test_a_task_created_from_a_company_is_linked_and_assigned_to_its_creator(session):
    me = make_actor(session)
    co = make_company(session)
    tid = act.create_task(
        session, me, title=" Send the deck ", priority="high", due_at=T, associations=[("company", co.id)]
    )
    task = session.get(Task, tid)
    assert (task.title, task.type, task.priority, task.status) == ("Send the deck", "todo", "high", "not_started")
    assert (task.assignee_id, task.created_by_id, task.due_at) == (me.id, me.id, T)
    assert records.association_counts(session, me, "company", co.id) == {"task": 1}
    other = make_user(session)
    tid2 = act.create_task(session, me, title="For Bo", assignee_id=other.id, type="call", notes="Ring twice")
    assert session.get(Task, tid2).assignee_id == other.id


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"title": "  "}, "Task title cannot be empty"),
        ({"title": "t" * 301}, "Task title can be at most 300"),
        ({"title": "x", "type": "dance"}, "“dance” is not a task type"),
        ({"title": "x", "priority": "urgent!"}, "“urgent!” is not a task priority"),
        ({"title": "x", "due_at": "soon"}, "Due date must be a date and time"),
        ({"title": "x", "assignee_id": "INACTIVE"}, "only be assigned to an active user"),
        ({"title": "x", "assignee_id": "bob"}, "Assigned to must be a user"),
        ({"title": "x", "associations": [("company", 999_999)]}, "That company does not exist"),
    ],
)
def test_bad_tasks_are_refused_with_a_message(session, kwargs, message):
    me = make_actor(session)
    if kwargs.get("assignee_id") == "INACTIVE":
        kwargs["assignee_id"] = make_user(session, is_active=False).id
    before = _count(session, Task)
    with pytest.raises((ValidationError, NotFound), match=message):
        act.create_task(session, me, **kwargs)
    assert _count(session, Task) == before


def test_a_future_meeting_is_scheduled_with_attendees_and_no_activity(session):
    me = make_actor(session)
    co, ann = make_company(session), _contact(session)
    start = utcnow() + timedelta(days=2)
    mid = act.create_meeting(
        session,
        me,
        title="QBR",
        start_at=start,
        end_at=start + timedelta(minutes=45),
        meeting_url="https://meet.example.com/abc",
        location="Video call",
        associations=[("company", co.id), ("contact", ann.id)],
    )
    meeting = session.get(Meeting, mid)
    assert (meeting.outcome, meeting.organizer_id, meeting.meeting_url) == (
        "scheduled",
        me.id,
        "https://meet.example.com/abc",
    )
    attendees = session.execute(
        select(MeetingAttendee.user_id, MeetingAttendee.contact_id).where(MeetingAttendee.meeting_id == mid)
    ).all()
    assert sorted(attendees, key=str) == sorted([(me.id, None), (None, ann.id)], key=str)
    assert records.association_counts(session, me, "company", co.id) == {"meeting": 1}
    assert _count(session, Activity, Activity.company_id == co.id) == 0


def test_a_past_meeting_is_also_logged_on_the_timeline(session):
    me = make_actor(session)
    co = make_company(session)
    act.create_meeting(
        session, me, title="Kick-off", start_at=T, end_at=T + timedelta(hours=1), associations=[("company", co.id)]
    )
    df = act.timeline(session, me, "company", co.id)
    assert list(zip(df["type_label"], df["subject"], df["facts"], strict=True)) == [("Meeting", "Kick-off", "60 min")]
    session.refresh(co)
    assert co.last_activity_at == T


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"title": ""}, "Meeting title cannot be empty"),
        ({"end_at": T}, "must end after it starts"),
        ({"end_at": T - timedelta(minutes=5)}, "must end after it starts"),
        ({"end_at": T + timedelta(hours=25)}, "at most 24 hours"),
        ({"start_at": None}, "Start must be a date and time"),
        ({"meeting_url": "javascript:alert(1)"}, "starting with http:// or https://"),
        ({"meeting_url": "ftp://files.example.com"}, "starting with http:// or https://"),
        ({"meeting_url": "https://"}, "starting with http:// or https://"),
        ({"meeting_url": "https://meet.example.com/a b"}, "starting with http:// or https://"),
        ({"location": "l" * 201}, "Location can be at most 200"),
    ],
)
def test_bad_meetings_are_refused_with_a_message(session, kwargs, message):
    me = make_actor(session)
    values = {"title": "QBR", "start_at": T, "end_at": T + timedelta(hours=1)} | kwargs
    before = _count(session, Meeting)
    with pytest.raises(ValidationError, match=message):
        act.create_meeting(session, me, **values)
    assert _count(session, Meeting) == before


def test_tasks_and_meetings_need_a_seat(session):
    no_seat = make_actor(session, has_service_seat=False)
    with pytest.raises(PermissionDenied):
        act.create_task(session, no_seat, title="x")
    with pytest.raises(PermissionDenied):
        act.create_meeting(session, no_seat, title="x", start_at=T, end_at=T + timedelta(hours=1))


# --- following --------------------------------------------------------------------------


def test_follow_and_unfollow_are_idempotent(session):
    me = make_actor(session)
    co = make_company(session)
    assert act.is_following(session, me, "company", co.id) is False
    assert act.follow(session, me, "company", co.id) is True
    assert act.follow(session, me, "company", co.id) is False
    assert act.is_following(session, me, "company", co.id) is True
    assert act.is_following(session, make_actor(session), "company", co.id) is False
    assert act.unfollow(session, me, "company", co.id) is True
    assert act.unfollow(session, me, "company", co.id) is False
    assert act.is_following(session, me, "company", co.id) is False


def test_following_needs_a_seat_and_a_live_record(session):
    co = make_company(session)
    with pytest.raises(PermissionDenied, match="Following records needs"):
        act.follow(session, make_actor(session, has_service_seat=False), "company", co.id)
    with pytest.raises(PermissionDenied):
        act.unfollow(session, make_actor(session, has_service_seat=False), "company", co.id)
    with pytest.raises(PermissionDenied):
        act.is_following(session, make_actor(session, workspace_access=False), "company", co.id)
    with pytest.raises(NotFound):
        act.follow(session, make_actor(session), "company", 999_999)
