"""The Schedule tab and the Overview's "Today's schedule": one user's tasks and meetings in
a time range as calendar events and as today's list, what a click on an event shows, and
the tab's period (day, week, month) and the state kept in its link.

Other packages import only the names below (`from cslib.schedule import X` or
`schedule.X`).

Modules, lowest first (each imports only those above it):
- link: periods, stepping back and forward, the link's state (pure, no database);
- events: checks, calendar events of a range, today's schedule;
- summary: one event's summary (when, facts, people, linked records).
"""

from cslib.schedule.events import (
    COLOURS,
    FULL_USE_DENIED,
    MAX_EVENTS,
    MAX_RANGE,
    MEETING_OUTCOMES,
    OTHERS_DENIED,
    OVERVIEW_DENIED,
    TASK_MINUTES,
    TODAY_LIMIT,
    CalendarEvents,
    ScheduleItem,
    TodaySchedule,
    calendar_events,
    check_time_zone,
    check_user,
    clock,
    day_bounds,
    time_zone_or_utc,
    today_schedule,
    web_url,
)
from cslib.schedule.link import (
    DEFAULT_VIEW,
    FULLCALENDAR_VIEWS,
    VIEWS,
    Period,
    ScheduleLink,
    link_params,
    parse_link,
    period,
    step,
    week_start,
)
from cslib.schedule.summary import EventSummary, LinkedRecord, event_summary, parse_event_id, when_text

__all__ = [
    "COLOURS",
    "DEFAULT_VIEW",
    "FULLCALENDAR_VIEWS",
    "FULL_USE_DENIED",
    "MAX_EVENTS",
    "MAX_RANGE",
    "MEETING_OUTCOMES",
    "OTHERS_DENIED",
    "OVERVIEW_DENIED",
    "TASK_MINUTES",
    "TODAY_LIMIT",
    "VIEWS",
    "CalendarEvents",
    "EventSummary",
    "LinkedRecord",
    "Period",
    "ScheduleItem",
    "ScheduleLink",
    "TodaySchedule",
    "calendar_events",
    "check_time_zone",
    "check_user",
    "clock",
    "day_bounds",
    "event_summary",
    "link_params",
    "parse_event_id",
    "parse_link",
    "period",
    "step",
    "time_zone_or_utc",
    "today_schedule",
    "web_url",
    "week_start",
    "when_text",
]
