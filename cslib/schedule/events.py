"""Schedule tab and the Overview's "Today's schedule": one user's tasks and meetings in a
time range, as FullCalendar events and as today's list, and the checks the event summaries share.

Decisions where the spec is silent:
- A task is a 30-minute event at its due time. Completed tasks stay on the calendar (the
  day's record of work), greyed and struck through; tasks without a due date are not shown.
- Meetings the user organises or attends. Canceled ones stay, greyed and struck through.
- The calendar bundles no time-zone plugin: times are sent as wall-clock ISO strings in the
  chosen time zone, without offset, and the calendar runs with `timeZone: "UTC"`.
- A range is at most 62 days and each kind at most MAX_EVENTS events (earliest first);
  `CalendarEvents.truncated` says when more were left out.
- Viewing someone else's schedule needs the view-as permission, as on the Overview.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pandas as pd
from babel.dates import format_time
from sqlalchemy import func, select, union
from sqlalchemy.orm import Session

from cslib import query
from cslib.activities import MAX_MEETING
from cslib.errors import ValidationError
from cslib.i18n import N_, _, locale_for, ngettext, pgettext
from cslib.models import Association, Company, Meeting, MeetingAttendee, Task, live
from cslib.permissions import READ_DENIED, Actor, can_use_workspace, can_view_as, has_full_use, require
from cslib.properties import TASK_STATUSES
from cslib.users import time_zone_choices

TASK_MINUTES = 30
MAX_RANGE = timedelta(days=62)
MAX_EVENTS = 1000
TODAY_LIMIT = 12
MEETING_OUTCOMES = ("scheduled", "completed", "no_show", "rescheduled", "canceled")
# Tasks warm amber, meetings blue; done and canceled grey (struck through by the page's CSS).
COLOURS = {
    "task": ("#FFF1D6", "#D98E04", "#4A3200"),
    "meeting": ("#1565C0", "#0D47A1", "#FFFFFF"),
    "done": ("#ECEFF1", "#B0BEC5", "#607D8B"),
}
FULL_USE_DENIED = N_("Your account cannot open the Schedule: it needs workspace access and a Service seat.")
OVERVIEW_DENIED = READ_DENIED
OTHERS_DENIED = N_("Only admins can see someone else's schedule.")


@dataclass(frozen=True)
class CalendarEvents:
    events: list[dict]
    tasks: int
    meetings: int
    truncated: bool


@dataclass(frozen=True)
class ScheduleItem:
    event_id: str
    kind: str
    title: str
    time: str
    start: datetime  # local wall-clock time, aware
    done: bool
    status: str | None
    location: str | None
    meeting_url: str | None
    company: str | None


@dataclass(frozen=True)
class TodaySchedule:
    items: list[ScheduleItem]
    tasks: int
    meetings: int

    @property
    def more(self) -> int:
        return self.tasks + self.meetings - len(self.items)


# --- checks --------------------------------------------------------------------------------


def check_user(actor: Actor, user_id: int) -> None:
    """`actor` may see their own schedule, and anyone's with the view-as permission."""
    require(user_id == actor.id or can_view_as(actor), OTHERS_DENIED)


def check_time_zone(time_zone: object) -> ZoneInfo:
    """The zone named `time_zone`; ValidationError when it is not an IANA name."""
    name = str(time_zone or "")
    if name not in time_zone_choices():
        raise ValidationError(
            _("“{name}” is not a time zone. Pick one from the list, e.g. Europe/Copenhagen.", name=name[:60])
        )
    return ZoneInfo(name)


def outcome_label(outcome: str | None) -> str | None:
    """A meeting's outcome in the reader's language (an unknown one as it is). A context
    keeps them apart from task statuses: a meeting is "Completed" in other words than a task."""
    labels = {
        "scheduled": pgettext("meeting outcome", "Scheduled"),
        "completed": pgettext("meeting outcome", "Completed"),
        "no_show": pgettext("meeting outcome", "No show"),
        "rescheduled": pgettext("meeting outcome", "Rescheduled"),
        "canceled": pgettext("meeting outcome", "Canceled"),
    }
    return labels.get(outcome or "", outcome)


def task_status_label(status: str | None) -> str | None:
    """A task's status in the reader's language (the labels come from cslib.properties)."""
    label = dict(TASK_STATUSES).get(status or "")
    return _(label) if label else status


def time_zone_or_utc(time_zone: object) -> str:
    """`time_zone` when it names a zone, else "UTC" (a profile saved before zones were checked)."""
    return time_zone if isinstance(time_zone, str) and time_zone in time_zone_choices() else "UTC"


def web_url(url: str | None) -> str | None:
    """Only http(s) links become a "Start meeting" button (imported rows were not checked)."""
    parts = urlsplit(url or "")
    return url if parts.scheme.lower() in ("http", "https") and parts.netloc else None


def _check_range(start: datetime, end: datetime) -> None:
    if not isinstance(start, datetime) or not isinstance(end, datetime) or not start.tzinfo or not end.tzinfo:
        raise ValidationError(_("A schedule range needs a start and an end with a time zone."))
    if end <= start:
        raise ValidationError(_("A schedule range must end after it starts."))
    if end - start > MAX_RANGE:
        raise ValidationError(
            ngettext(
                "A schedule range can span at most {n} day.",
                "A schedule range can span at most {n} days.",
                MAX_RANGE.days,
            )
        )


# --- queries -------------------------------------------------------------------------------


def _tasks_stmt(user_id: int, start: datetime, end: datetime):  # noqa: ANN202
    return select(Task.id, Task.title, Task.status, Task.due_at).where(
        Task.assignee_id == user_id, live(Task), Task.due_at >= start, Task.due_at < end
    )


def _meeting_ids(user_id: int, start: datetime, end: datetime):  # noqa: ANN202
    """Meetings the user organises or attends that overlap [start, end). A meeting lasts at
    most MAX_MEETING, so `start_at` is bounded on both sides and the indexes serve it."""
    window = (
        live(Meeting),
        Meeting.start_at >= start - MAX_MEETING,
        Meeting.start_at < end,
        Meeting.end_at > start,
    )
    organised = select(Meeting.id).where(Meeting.organizer_id == user_id, *window)
    attended = (
        select(Meeting.id)
        .join(MeetingAttendee, MeetingAttendee.meeting_id == Meeting.id)
        .where(MeetingAttendee.user_id == user_id, *window)
    )
    return union(organised, attended).subquery("mine")


def _meetings_stmt(user_id: int, start: datetime, end: datetime):  # noqa: ANN202
    mine = _meeting_ids(user_id, start, end)
    cols = (Meeting.id, Meeting.title, Meeting.start_at, Meeting.end_at, Meeting.outcome)
    return select(*cols, Meeting.location, Meeting.meeting_url).join(mine, mine.c.id == Meeting.id)


def _rows(session: Session, stmt) -> Iterator:  # noqa: ANN001
    """Rows of `stmt` (through cslib.query) with plain Python values: datetimes, None."""
    df = query.frame(session, stmt, max_rows=MAX_EVENTS + 1)
    for row in df.astype(object).itertuples(index=False):
        yield type(row)(*(_plain(v) for v in row))


def _plain(value: object) -> object:
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    return None if value is None or value is pd.NaT or (isinstance(value, float) and value != value) else value


def _walls(values: pd.Series, tz: ZoneInfo) -> list[str]:
    """UTC timestamps as wall-clock ISO strings in `tz`, without offset (vectorised: a month
    view can hold a thousand events)."""
    return pd.to_datetime(values, utc=True).dt.tz_convert(tz).dt.strftime("%Y-%m-%dT%H:%M:%S").tolist()


def _event(kind: str, row_id: int, title: str, start: str, end: str, done: bool) -> dict:
    bg, border, text = COLOURS["done" if done else kind]
    return {
        "id": f"{kind}-{row_id}",
        "title": title,
        "start": start,
        "end": end,
        "backgroundColor": bg,
        "borderColor": border,
        "textColor": text,
        "classNames": [f"cs-{kind}"] + (["cs-done"] if done else []),
        # Where a day has more events than fit (month view), meetings first, done ones last.
        "order": 2 if done else (0 if kind == "meeting" else 1),
    }


def _meeting_events(df: pd.DataFrame, tz: ZoneInfo) -> list[dict]:
    if df.empty:
        return []
    events = []
    columns = (
        df["id"],
        df["title"],
        _walls(df["start_at"], tz),
        _walls(df["end_at"], tz),
        df["outcome"],
        df["meeting_url"],
    )
    for row_id, title, start, end, outcome, url in zip(*columns, strict=True):
        events.append(_event("meeting", int(row_id), str(title), start, end, outcome == "canceled"))
        if isinstance(url, str) and web_url(url):  # lets the page (and tests) tell meetings with a link apart
            events[-1]["classNames"].append("cs-link")
    return events


def _task_events(df: pd.DataFrame, tz: ZoneInfo) -> list[dict]:
    if df.empty:
        return []
    due = pd.to_datetime(df["due_at"], utc=True)
    ends = _walls(due + pd.Timedelta(minutes=TASK_MINUTES), tz)
    columns = (df["id"], df["title"], _walls(due, tz), ends, df["status"] == "completed")
    return [_event("task", int(i), str(t), s, e, bool(d)) for i, t, s, e, d in zip(*columns, strict=True)]


def calendar_events(
    session: Session,
    actor: Actor,
    *,
    user_id: int,
    start: datetime,
    end: datetime,
    time_zone: str,
    weekends: bool = True,
) -> CalendarEvents:
    """FullCalendar events ("task-12", "meeting-5") of `user_id`'s tasks due in [start, end)
    and the meetings they organise or attend overlapping it, in wall-clock time of
    `time_zone`. With `weekends` False, events starting on a Saturday or Sunday are left out."""
    require(has_full_use(actor), FULL_USE_DENIED)
    check_user(actor, user_id)
    tz = check_time_zone(time_zone)
    _check_range(start, end)
    cap = MAX_EVENTS + 1
    tasks_q = _tasks_stmt(user_id, start, end).order_by(Task.due_at, Task.id).limit(cap)
    meetings_q = _meetings_stmt(user_id, start, end).order_by(Meeting.start_at, Meeting.id).limit(cap)
    tasks = query.frame(session, tasks_q, max_rows=cap)
    meetings = query.frame(session, meetings_q, max_rows=cap)
    truncated = len(tasks) > MAX_EVENTS or len(meetings) > MAX_EVENTS
    events = _meeting_events(meetings.head(MAX_EVENTS), tz) + _task_events(tasks.head(MAX_EVENTS), tz)
    if not weekends:
        events = [e for e in events if date.fromisoformat(e["start"][:10]).weekday() < 5]
    n_tasks = sum(e["id"].startswith("task-") for e in events)
    return CalendarEvents(events, n_tasks, len(events) - n_tasks, truncated)


def clock(value: datetime, language: str | None = None) -> str:
    """'9:00 AM' (English), '09.00' (Danish), '09:00' (Polish); the reader's language unless given."""
    return format_time(value, format="short", locale=locale_for(language))


# --- today ---------------------------------------------------------------------------------


def day_bounds(day: date, time_zone: str) -> tuple[datetime, datetime]:
    """Local midnight of `day` and of the next day in `time_zone` (23 or 25 hours apart on
    daylight-saving days)."""
    tz = check_time_zone(time_zone)
    return datetime.combine(day, time(0), tz), datetime.combine(day + timedelta(days=1), time(0), tz)


def _companies(session: Session, kind: str, ids: list[int]) -> dict[int, str]:
    """The first linked live company (by name) of each task or meeting, in one query.
    Company sorts before task and meeting, so it is always the `from` side of the pair."""
    if not ids:
        return {}
    a = Association
    stmt = (
        select(a.to_id, Company.name)
        .join(Company, Company.id == a.from_id)
        .where(a.to_type == kind, a.to_id.in_(ids), a.from_type == "company", live(Company))
        .order_by(a.to_id, func.lower(Company.name))
    )
    out: dict[int, str] = {}
    for to_id, name in _rows(session, stmt):
        out.setdefault(int(to_id), str(name))
    return out


def _span(start: datetime, end: datetime, day: date, language: str | None) -> str:
    left = clock(start, language) if start.date() == day else "…"
    right = clock(end, language) if end.date() == day else "…"
    return f"{left} – {right}"


def today_schedule(
    session: Session, actor: Actor, *, user_id: int, today: date, time_zone: str, limit: int = TODAY_LIMIT
) -> TodaySchedule:
    """`user_id`'s tasks due on `today` and meetings on it (local day in `time_zone`), by
    time; at most `limit` items, with the day's totals."""
    require(can_use_workspace(actor), OVERVIEW_DENIED)
    check_user(actor, user_id)
    tz = check_time_zone(time_zone)
    start, end = day_bounds(today, time_zone)
    tasks_q, meetings_q = _tasks_stmt(user_id, start, end), _meetings_stmt(user_id, start, end)
    tasks = list(_rows(session, tasks_q.order_by(Task.due_at, Task.id).limit(limit)))
    meetings = list(_rows(session, meetings_q.order_by(Meeting.start_at, Meeting.id).limit(limit)))
    n_tasks = query.scalar(session, select(func.count()).select_from(tasks_q.subquery()))
    n_meetings = query.scalar(session, select(func.count()).select_from(_meeting_ids(user_id, start, end)))
    lang = actor.language
    task_co = _companies(session, "task", [r.id for r in tasks])
    meeting_co = _companies(session, "meeting", [r.id for r in meetings])
    items = [
        ScheduleItem(
            f"task-{r.id}",
            "task",
            r.title,
            clock(r.due_at.astimezone(tz), lang),
            r.due_at.astimezone(tz),
            r.status == "completed",
            task_status_label(r.status),
            None,
            None,
            task_co.get(r.id),
        )
        for r in tasks
    ]
    items += [
        ScheduleItem(
            f"meeting-{r.id}",
            "meeting",
            r.title,
            _span(r.start_at.astimezone(tz), r.end_at.astimezone(tz), today, lang),
            r.start_at.astimezone(tz),
            r.outcome == "canceled",
            outcome_label(r.outcome),
            r.location,
            web_url(r.meeting_url),
            meeting_co.get(r.id),
        )
        for r in meetings
    ]
    items.sort(key=lambda i: (i.start, i.kind != "meeting", i.event_id))
    return TodaySchedule(items[:limit], int(n_tasks or 0), int(n_meetings or 0))
