"""Writing engagement from a record: logging a note, call, e-mail or meeting, and creating
tasks and meetings linked to records.

Decisions where the spec is silent:
- An activity logged on a contact or a pipeline record also carries the first company
  linked to it (lowest id), so it shows on that company's timeline as well — as the demo
  data and the original do.
- `last_activity_at` is a system property: it is moved forward with a plain UPDATE that
  does not bump the record's version, so logging a note never makes an open property
  form stale.
- A task without an assignee is assigned to its creator. A meeting whose end is already
  past is also logged as a "meeting" activity on the record it was created from; a future
  one is "scheduled" and shows under the record's associated meetings.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from cslib import i18n, reactions
from cslib.errors import ValidationError, quote
from cslib.i18n import N_, _, pgettext
from cslib.models import Activity, Association, Company, Contact, Meeting, MeetingAttendee, Record, Task, utcnow
from cslib.permissions import Actor, can_edit_records, require
from cslib.properties import TASK_PRIORITIES, TASK_TYPES
from cslib.records import associate, ensure_live, is_associated, known_types
from cslib.users import active_user_id
from cslib.validation import clean_text, parse_int

EDIT_DENIED = N_("Your account cannot log activities: it needs workspace access and a Service seat.")

LOGGABLE = ("note", "call", "email", "meeting")
# (code, English label); the label is translated where it is shown: _(label).
CALL_OUTCOMES = (
    ("connected", N_("Connected")),
    ("left_voicemail", N_("Left voicemail")),
    ("no_answer", N_("No answer")),
    ("busy", N_("Busy")),
    ("wrong_number", N_("Wrong number")),
)
# TRANSLATORS: whether a logged e-mail was sent or received.
EMAIL_DIRECTIONS = (("outgoing", N_("Sent")), ("incoming", N_("Received")))
MAX_SUBJECT = 300
MAX_BODY = 65_535
MAX_CALL_MINUTES = 24 * 60
MAX_MEETING = timedelta(hours=24)
FUTURE_SLACK = timedelta(minutes=5)


def timeline_column(session: Session, object_type: str):  # noqa: ANN202
    """The activities column that ties an activity to a record of `object_type`."""
    if object_type == "company":
        return Activity.company_id
    if object_type == "contact":
        return Activity.contact_id
    if object_type in known_types(session) and object_type not in ("task", "meeting"):
        return Activity.record_id
    raise ValidationError(_("Records of type {type} have no activity timeline.", type=quote(str(object_type)[:40])))


def _text(value: object, field: str, max_len: int, *, required: bool = False) -> str | None:
    """`value` stripped (None when empty); `field` is the field's label, already translated."""
    text = clean_text(value, field, max_len, required=required)
    if "\x00" in text:
        raise ValidationError(_("{field} cannot contain a NUL character.", field=field))
    return text or None


def _when(value: object, field: str) -> datetime:
    if not isinstance(value, datetime):
        raise ValidationError(_("{field} must be a date and time.", field=field))
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _first_linked(session: Session, object_type: str, object_id: int, other_type: str) -> int | None:
    """The lowest id of a `other_type` record linked to the record (no liveness check: it
    only decides which company timeline also shows an activity)."""
    a = Association
    ids = [
        session.scalar(
            select(a.to_id)
            .where(a.from_type == object_type, a.from_id == object_id, a.to_type == other_type)
            .order_by(a.to_id)
            .limit(1)
        ),
        session.scalar(
            select(a.from_id)
            .where(a.to_type == object_type, a.to_id == object_id, a.from_type == other_type)
            .order_by(a.from_id)
            .limit(1)
        ),
    ]
    found = [i for i in ids if i is not None]
    return min(found) if found else None


def _call_details(details: Mapping) -> dict:
    out: dict = {"direction": "outbound"}
    minutes = details.get("duration_min")
    if minutes is not None and minutes != "":
        try:
            value = float(minutes)
        except (TypeError, ValueError):
            raise ValidationError(_("Call duration must be a number of minutes.")) from None
        if isinstance(minutes, bool) or not 0 <= value <= MAX_CALL_MINUTES:
            raise ValidationError(
                _("Call duration must be between 0 and {n} minutes.", n=i18n.number(MAX_CALL_MINUTES))
            )
        out["duration_s"] = round(value * 60)
    outcome = details.get("outcome")
    if outcome:
        if outcome not in dict(CALL_OUTCOMES):
            raise ValidationError(_("{value} is not a call outcome.", value=quote(str(outcome)[:40])))
        out["outcome"] = outcome
    direction = details.get("direction")
    if direction:
        if direction not in ("inbound", "outbound"):
            raise ValidationError(_("A call is inbound or outbound."))
        out["direction"] = direction
    return out


def _email_details(details: Mapping) -> dict:
    direction = details.get("direction") or "outgoing"
    if direction not in dict(EMAIL_DIRECTIONS):
        raise ValidationError(_("An e-mail is sent (outgoing) or received (incoming)."))
    out = {"direction": direction}
    to = _text(details.get("to"), _("Recipient"), 254)
    if to:
        out["to"] = to
    return out


def _details(kind: str, details: Mapping | None) -> dict:
    details = dict(details or {})
    allowed = {"call": {"duration_min", "outcome", "direction"}, "email": {"direction", "to"}}.get(kind, set())
    extra = sorted(set(details) - allowed)
    if extra:
        raise ValidationError(_("A logged {kind} has no detail {detail}.", kind=kind, detail=quote(str(extra[0])[:40])))
    if kind == "call":
        return _call_details(details)
    if kind == "email":
        return _email_details(details)
    return {}


def _touch(session: Session, company_id: int | None, object_type: str, object_id: int, at: datetime) -> None:
    """Move last_activity_at forward (never back) without bumping versions."""
    targets = [(Company, company_id)] if company_id else []
    if object_type == "contact":
        targets.append((Contact, object_id))
    elif object_type != "company":
        targets.append((Record, object_id))
    for model, rid in targets:
        session.execute(
            update(model)
            .where(model.id == rid, or_(model.last_activity_at.is_(None), model.last_activity_at < at))
            .values(last_activity_at=at)
            .execution_options(synchronize_session=False)
        )
        for obj in list(session.identity_map.values()):
            if isinstance(obj, model) and obj.id == rid:
                session.expire(obj, ["last_activity_at"])


def log_activity(
    session: Session,
    actor: Actor,
    object_type: str,
    object_id: int,
    *,
    type: str,  # noqa: A002
    subject: str | None,
    body: str | None,
    occurred_at: datetime | None = None,
    details: Mapping | None = None,
    company_id: int | None = None,
) -> int:
    """Log a note, call, e-mail or meeting on a record; returns the activity id. A note
    needs a body, an e-mail and a meeting a subject. Call details: `duration_min`,
    `outcome` (CALL_OUTCOMES), `direction`; e-mail details: `direction`, `to`.
    `company_id` picks which linked company's timeline also shows it (the Feed's item
    names one); by default the first linked company's."""
    require(can_edit_records(actor), EDIT_DENIED)
    if type not in LOGGABLE:
        raise ValidationError(
            _(
                "{type} cannot be logged by hand: log a note, call, email or meeting.",
                type=quote(str(type)[:40]),
            )
        )
    timeline_column(session, object_type)
    record_id = ensure_live(session, object_type, object_id)
    subject = _text(subject, _("Subject"), MAX_SUBJECT, required=type in ("email", "meeting"))
    body = _text(body, _("The note") if type == "note" else _("Description"), MAX_BODY, required=type == "note")
    now = utcnow()
    at = now if occurred_at is None else _when(occurred_at, _("Date"))
    if at > now + FUTURE_SLACK:
        raise ValidationError(_("An activity cannot be logged in the future."))
    clean = _details(type, details)
    company = _linked_company(session, object_type, record_id, company_id)
    return _write_activity(session, actor, object_type, record_id, type, subject, body, at, clean, company_id=company)


def _linked_company(session: Session, object_type: str, record_id: int, company_id: object) -> int | None:
    """`company_id` when it is a company linked to the record; None (the default) without one."""
    if company_id is None or object_type == "company":
        return None
    refused = ValidationError(_("That company is not linked to this record, so its timeline cannot show the activity."))
    linked = parse_int(company_id) if isinstance(company_id, int) else None  # ids only, in an id's range
    if linked is None or not is_associated(session, "company", linked, object_type, record_id):
        raise refused
    return linked


def _write_activity(
    session: Session,
    actor: Actor,
    object_type: str,
    record_id: int,
    kind: str,
    subject: str | None,
    body: str | None,
    at: datetime,
    details: dict,
    *,
    contact_id: int | None = None,
    company_id: int | None = None,
) -> int:
    if object_type == "company":
        company_id = record_id
    elif company_id is None:
        company_id = _first_linked(session, object_type, record_id, "company")
    if object_type == "contact":
        contact_id = record_id
    activity = Activity(
        type=kind,
        occurred_at=at,
        actor_id=actor.id or None,
        company_id=company_id,
        contact_id=contact_id,
        record_id=record_id if object_type not in ("company", "contact") else None,
        subject=subject,
        body=body,
        details=details,
    )
    session.add(activity)
    session.flush()
    _touch(session, company_id, object_type, record_id, at)
    if company_id is not None:
        reactions.publish(session, reactions.RECORDS_CHANGED, "company", [company_id])
    return activity.id


def _associations(session: Session, pairs: Iterable[tuple[str, int]]) -> list[tuple[str, int]]:
    out: list[tuple[str, int]] = []
    for object_type, object_id in pairs:
        pair = (str(object_type), ensure_live(session, object_type, object_id))
        if pair not in out:
            out.append(pair)
    return out


def _assignee(session: Session, actor: Actor, assignee_id: object) -> int | None:
    if assignee_id is None or assignee_id == "":
        return actor.id or None
    return active_user_id(
        session, assignee_id, _("Assigned to"), inactive=_("A task can only be assigned to an active user.")
    )


def create_task(
    session: Session,
    actor: Actor,
    *,
    title: str,
    type: str = "todo",  # noqa: A002
    priority: str = "none",
    due_at: datetime | None = None,
    assignee_id: int | None = None,
    notes: str | None = None,
    associations: Iterable[tuple[str, int]] = (),
) -> int:
    """A task linked to the given records; returns its id."""
    require(can_edit_records(actor), EDIT_DENIED)
    title = _text(title, _("Task title"), MAX_SUBJECT, required=True)
    if type not in dict(TASK_TYPES):
        raise ValidationError(_("{value} is not a task type.", value=quote(str(type)[:40])))
    if priority not in dict(TASK_PRIORITIES):
        raise ValidationError(_("{value} is not a task priority.", value=quote(str(priority)[:40])))
    due = None if due_at is None else _when(due_at, _("Due date"))
    notes = _text(notes, _("Notes"), MAX_BODY)
    links = _associations(session, associations)
    task = Task(
        title=title,
        type=type,
        priority=priority,
        status="not_started",
        due_at=due,
        assignee_id=_assignee(session, actor, assignee_id),
        created_by_id=actor.id or None,
        notes=notes,
    )
    session.add(task)
    session.flush()
    for object_type, object_id in links:
        associate(session, actor, "task", task.id, object_type, object_id)
    return task.id


def _meeting_url(value: object) -> str | None:
    url = _text(value, _("Meeting link"), 500)
    if url is None:
        return None
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc or any(c.isspace() for c in url):
        raise ValidationError(_("Meeting link must be a web address starting with http:// or https://."))
    return url


def create_meeting(
    session: Session,
    actor: Actor,
    *,
    title: str,
    start_at: datetime,
    end_at: datetime,
    meeting_url: str | None = None,
    location: str | None = None,
    description: str | None = None,
    associations: Iterable[tuple[str, int]] = (),
) -> int:
    """A meeting organised by the actor, linked to the given records (linked contacts
    attend); returns its id."""
    require(can_edit_records(actor), EDIT_DENIED)
    title = _text(title, _("Meeting title"), MAX_SUBJECT, required=True)
    start, end = _when(start_at, pgettext("meeting", "Start")), _when(end_at, pgettext("meeting", "End"))
    if end <= start:
        raise ValidationError(_("A meeting must end after it starts."))
    if end - start > MAX_MEETING:
        raise ValidationError(_("A meeting can last at most 24 hours."))
    url = _meeting_url(meeting_url)
    location = _text(location, _("Location"), 200)
    description = _text(description, _("Description"), MAX_BODY)
    links = _associations(session, associations)
    past = end <= utcnow()
    meeting = Meeting(
        title=title,
        start_at=start,
        end_at=end,
        organizer_id=actor.id or None,
        location=location,
        meeting_url=url,
        description=description,
        outcome="completed" if past else "scheduled",
    )
    session.add(meeting)
    session.flush()
    session.add(MeetingAttendee(meeting_id=meeting.id, user_id=actor.id or None))
    for object_type, object_id in links:
        associate(session, actor, "meeting", meeting.id, object_type, object_id)
        if object_type == "contact":
            session.add(MeetingAttendee(meeting_id=meeting.id, contact_id=object_id))
    session.flush()
    if past and links:
        _log_meeting(session, actor, meeting, links)
    return meeting.id


def _log_meeting(session: Session, actor: Actor, meeting: Meeting, links: list[tuple[str, int]]) -> None:
    """A past meeting goes on the timeline of the record it was created from (the first
    link), with the first linked contact."""
    object_type, object_id = next(((t, i) for t, i in links if t not in ("task", "meeting")), (None, None))
    if object_type is None:
        return
    contact = next((i for t, i in links if t == "contact"), None)
    minutes = int((meeting.end_at - meeting.start_at).total_seconds() // 60)
    details = {"meeting_id": meeting.id, "duration_min": minutes}
    _write_activity(
        session,
        actor,
        object_type,
        object_id,
        "meeting",
        meeting.title,
        meeting.description,
        meeting.start_at,
        details,
        contact_id=contact,
    )
