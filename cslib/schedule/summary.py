"""A schedule event's summary (what a click on a calendar event shows): when, in the
user's time zone and language; a task's status, priority, type, assignee and notes; a
meeting's place, people, description and link; the records it is linked to."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from cslib import i18n
from cslib.errors import NotFound, ValidationError
from cslib.i18n import _
from cslib.models import Contact, Meeting, MeetingAttendee, Task, User, live
from cslib.permissions import Actor, can_view_as, has_full_use, require
from cslib.properties import TASK_PRIORITIES, TASK_TYPES, type_labels
from cslib.records import associated, contact_name, has_record_page, record_url
from cslib.schedule.events import (
    FULL_USE_DENIED,
    OTHERS_DENIED,
    check_time_zone,
    check_user,
    clock,
    outcome_label,
    task_status_label,
    web_url,
)
from cslib.users import names_for

_EVENT_ID = re.compile(r"(task|meeting)-([1-9][0-9]{0,17})")


@dataclass(frozen=True)
class LinkedRecord:
    object_type: str
    type_label: str
    id: int
    name: str
    url: str | None  # None where the type has no record page yet


@dataclass(frozen=True)
class EventSummary:
    """What a click on an event shows. Task fields are None for meetings and vice versa."""

    kind: str
    id: int
    title: str
    when: str
    status: str | None = None
    done: bool = False
    priority: str | None = None
    task_type: str | None = None
    assignee: str | None = None
    notes: str | None = None
    organizer: str | None = None
    location: str | None = None
    description: str | None = None
    meeting_url: str | None = None
    attendees: tuple[str, ...] = ()
    records: tuple[LinkedRecord, ...] = ()


def parse_event_id(event_id: object) -> tuple[str, int]:
    """('task', 12) from 'task-12'; ValidationError for anything else."""
    match = _EVENT_ID.fullmatch(str(event_id or "").strip())
    if match is None:
        raise ValidationError(_("“{id}” is not a task or meeting of the schedule.", id=str(event_id)[:40]))
    return match[1], int(match[2])


def _day(value: date, language: str | None) -> str:
    return i18n.day(value, language, format="full")


def when_text(start: datetime, end: datetime | None, time_zone: str, language: str | None = None) -> str:
    """'Sunday, November 22, 2026, 9:00 AM – 10:00 AM' in the zone given, in the reader's
    language unless `language` is given."""
    tz = check_time_zone(time_zone)
    a = start.astimezone(tz)
    text = f"{_day(a.date(), language)}, {clock(a, language)}"
    if end is None:
        return text
    b = end.astimezone(tz)
    if b.date() == a.date():
        return f"{text} – {clock(b, language)}"
    return f"{text} – {_day(b.date(), language)}, {clock(b, language)}"


def _label(choices: tuple[tuple[str, str], ...], code: str | None) -> str | None:
    """A task field's label in the reader's language (the labels come from cslib.properties)."""
    label = dict(choices).get(code or "")
    return _(label) if label else code


def _linked(session: Session, actor: Actor, kind: str, row_id: int) -> tuple[LinkedRecord, ...]:
    df = associated(session, actor, kind, row_id, limit=20)
    labels = {k: singular for k, (singular, _plural) in type_labels(session).items()} | {"meeting": _("Meeting")}
    return tuple(
        LinkedRecord(t, labels.get(t, t), int(i), str(n), record_url(t, int(i)) if has_record_page(t) else None)
        for t, i, n in zip(df["other_type"], df["id"], df["name"], strict=True)
    )


def _task_summary(session: Session, actor: Actor, task: Task, time_zone: str) -> EventSummary:
    check_user(actor, task.assignee_id or 0)
    assignee = names_for(session, [task.assignee_id]).get(task.assignee_id) if task.assignee_id else None
    return EventSummary(
        kind="task",
        id=task.id,
        title=task.title,
        when=_("Due {when}", when=when_text(task.due_at, None, time_zone, actor.language))
        if task.due_at
        else _("No due date"),
        status=task_status_label(task.status),
        done=task.status == "completed",
        priority=_label(TASK_PRIORITIES, task.priority),
        task_type=_label(TASK_TYPES, task.type),
        assignee=assignee,
        notes=task.notes,
        records=_linked(session, actor, "task", task.id),
    )


def _attendees(session: Session, meeting_id: int) -> tuple[list[int], list[str]]:
    """(user ids, display names) of a meeting's attendees: users by name, then contacts."""
    rows = session.execute(
        select(MeetingAttendee.user_id, User.name, Contact.first_name, Contact.last_name, Contact.email)
        .outerjoin(User, User.id == MeetingAttendee.user_id)
        .outerjoin(Contact, Contact.id == MeetingAttendee.contact_id)
        .where(MeetingAttendee.meeting_id == meeting_id)
        .order_by(MeetingAttendee.user_id.is_(None), MeetingAttendee.id)
    ).all()
    user_ids = [r.user_id for r in rows if r.user_id is not None]
    names = [r.name if r.user_id is not None else contact_name(r.first_name, r.last_name, r.email) for r in rows]
    return user_ids, [n for n in names if n]


def _meeting_summary(session: Session, actor: Actor, meeting: Meeting, time_zone: str) -> EventSummary:
    user_ids, names = _attendees(session, meeting.id)
    if actor.id != meeting.organizer_id and actor.id not in user_ids:
        require(can_view_as(actor), OTHERS_DENIED)
    organizer = names_for(session, [meeting.organizer_id]).get(meeting.organizer_id) if meeting.organizer_id else None
    return EventSummary(
        kind="meeting",
        id=meeting.id,
        title=meeting.title,
        when=when_text(meeting.start_at, meeting.end_at, time_zone, actor.language),
        status=outcome_label(meeting.outcome),
        done=meeting.outcome == "canceled",
        organizer=organizer,
        location=meeting.location,
        description=meeting.description,
        meeting_url=web_url(meeting.meeting_url),
        attendees=tuple(names),
        records=_linked(session, actor, "meeting", meeting.id),
    )


def event_summary(session: Session, actor: Actor, event_id: str, *, time_zone: str) -> EventSummary:
    """The summary of "task-12" or "meeting-5", times in `time_zone`. Only the people on
    the event (and admins) may open it."""
    require(has_full_use(actor), FULL_USE_DENIED)
    kind, row_id = parse_event_id(event_id)
    check_time_zone(time_zone)
    model = Task if kind == "task" else Meeting
    row = session.scalar(select(model).where(model.id == row_id, live(model)))
    if row is None:
        raise NotFound(
            _("That task does not exist (any more).")
            if kind == "task"
            else _("That meeting does not exist (any more).")
        )
    if kind == "task":
        return _task_summary(session, actor, row, time_zone)
    return _meeting_summary(session, actor, row, time_zone)
