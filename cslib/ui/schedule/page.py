"""The Schedule tab: a calendar of one user's tasks and meetings (day, week, month), drawn
by streamlit-calendar (FullCalendar) with our own controls above it, so the page always
knows the visible range and asks the database for just that. Everything on screen is in
the URL (view, date, tz, weekends, user, event), so links and reloads keep it."""

from __future__ import annotations

import html
from datetime import date, datetime

import streamlit as st
from streamlit_calendar import calendar

from cslib import i18n, schedule
from cslib.errors import CsError
from cslib.i18n import N_, _, ngettext, pgettext
from cslib.permissions import Actor, can_view_as
from cslib.schedule import ScheduleLink
from cslib.ui import session
from cslib.ui.md import link_notes, md
from cslib.ui.record import record_link
from cslib.ui.view_as import user_picker, viewed_in_link
from cslib.ui.writes import run_write, show_flash
from cslib.users import set_own_time_zone, time_zone_choices

PREFIX = "sch_"
VIEW_REFUSED = N_("{error} Showing your own schedule.")
GEN_KEY = "sch_cal_gen"  # bumped after each click: a fresh calendar never repeats its last value
HEIGHT = {"day": 720, "week": 720, "month": 760}
CSS = """
.fc { font-family: "Source Sans Pro", "Source Sans 3", system-ui, sans-serif; font-size: 14px; }
.fc .fc-event { cursor: pointer; }
.fc .cs-done .fc-event-title { text-decoration: line-through; }
.fc .fc-event-title { font-weight: 600; }
.fc .fc-timegrid-slot { height: 2.4em; }
.fc .fc-timegrid-event .fc-event-main { padding: 1px 3px; line-height: 1.2; }
.fc .fc-timegrid-event-short .fc-event-time:after { content: "\\00a0"; }
.fc .fc-daygrid-event { padding: 1px 3px; }
.fc .fc-event-past { opacity: 0.8; }
.fc .fc-day-today { background: rgba(21, 101, 192, 0.06) !important; }
"""


def _link() -> ScheduleLink:
    link, notes = schedule.parse_link(st.query_params.to_dict())
    link_notes(notes)
    return link


def _go(link: ScheduleLink) -> None:
    """Put `link` into the URL (an open event summary closes)."""
    st.query_params.from_dict(schedule.link_params(link))


def _changed(field: str, actor: Actor) -> None:
    """on_change of a control: the new value goes into the URL, which the run then draws."""
    link, _notes = schedule.parse_link(st.query_params.to_dict())
    value = st.session_state[f"{PREFIX}{field}"]
    if field == "view" and value in schedule.VIEWS:
        link = link.with_(view=value)
    elif field == "tz":
        link = link.with_(time_zone=None if value == schedule.time_zone_or_utc(actor.time_zone) else value)
    elif field == "weekends":
        link = link.with_(hide_weekends=bool(value))
    elif field == "user":
        link = link.with_(user_id=None if value == actor.id else value)
    _go(link)


def _move(day: date | None) -> None:
    link, _notes = schedule.parse_link(st.query_params.to_dict())
    _go(link.with_(day=day))


def calendar_key(link: ScheduleLink, user_id: int, time_zone: str, anchor: date, generation: int = 0) -> str:
    """Changes with everything FullCalendar only reads when it starts (view, date, zone,
    weekends, language), so the calendar is drawn afresh when they change."""
    weekends = "noweekends" if link.hide_weekends and link.view != "day" else "weekends"
    language = i18n.current()  # FullCalendar's day names and texts follow the reader's language
    return f"sch_cal_{link.view}_{anchor.isoformat()}_{time_zone}_{weekends}_{user_id}_{language}_{generation}"


def _viewed(actor: Actor, link: ScheduleLink) -> Actor:
    """Whose schedule: the signed-in user, or (for admins) the one in the link."""
    viewed, note = viewed_in_link(actor, link.user_id, VIEW_REFUSED)
    if note:
        link_notes([note])
    return viewed


def _set_widgets(link: ScheduleLink, time_zone: str, viewed: Actor) -> None:
    """Widgets show what the URL says (the URL is the one source of truth)."""
    st.session_state[f"{PREFIX}view"] = link.view
    st.session_state[f"{PREFIX}tz"] = time_zone
    st.session_state[f"{PREFIX}weekends"] = link.hide_weekends
    st.session_state[f"{PREFIX}user"] = viewed.id


def _controls(actor: Actor, link: ScheduleLink, per: schedule.Period, tz: str, viewed: Actor) -> None:
    _set_widgets(link, tz, viewed)
    left, right = st.columns([5, 2], vertical_alignment="center")
    with left, st.container(horizontal=True, vertical_alignment="center", gap="small"):
        back, ahead = (schedule.step(link.view, per.anchor, n) for n in (-1, 1))
        previous, following = _steps(link.view)
        st.button(_("Today"), key=f"{PREFIX}today", help=_("Go to today"), on_click=_move, args=(None,))
        st.button("←", key=f"{PREFIX}prev", help=previous, on_click=_move, args=(back,))
        st.button("→", key=f"{PREFIX}next", help=following, on_click=_move, args=(ahead,))
        st.markdown(f"#### {md(per.title)}")
    with right, st.container(horizontal=True, horizontal_alignment="right"):
        st.segmented_control(
            _("View"),
            list(schedule.VIEWS),
            format_func={view: _(label) for view, label in schedule.VIEWS.items()}.get,
            required=True,
            key=f"{PREFIX}view",
            label_visibility="collapsed",
            on_change=_changed,
            args=("view", actor),
        )
    a, b, c = st.columns([2, 2, 3], vertical_alignment="bottom")
    a.selectbox(_("Time zone"), time_zone_choices(), key=f"{PREFIX}tz", on_change=_changed, args=("tz", actor))
    with b:
        if tz != actor.time_zone and b.button(
            _("Save as my time zone"),
            key=f"{PREFIX}save_tz",
            help=_("Your profile says {zone}.", zone=actor.time_zone),
        ):
            run_write(
                lambda s: _save_time_zone(s, actor, link, tz), success=_("Your time zone is now {zone}.", zone=tz)
            )
        if link.view != "day":
            st.toggle(_("Hide weekends"), key=f"{PREFIX}weekends", on_change=_changed, args=("weekends", actor))
    if can_view_as(actor):
        with c:
            _user_picker(actor)


def _save_time_zone(s, actor: Actor, link: ScheduleLink, tz: str) -> None:  # noqa: ANN001
    set_own_time_zone(s, actor, tz)
    _go(link.with_(time_zone=None))


def _user_picker(actor: Actor) -> None:
    user_picker(
        actor,
        f"{PREFIX}user",
        label=_("Schedule of"),
        help=_("Admins can see anyone's schedule."),
        on_change=_changed,
        args=("user", actor),
    )


def _options(link: ScheduleLink, per: schedule.Period, tz: str) -> dict:
    now = datetime.now(i18n.zone(tz)).replace(tzinfo=None, second=0, microsecond=0)  # same options within a minute
    options = {
        "initialView": schedule.FULLCALENDAR_VIEWS[link.view],
        "initialDate": per.anchor.isoformat(),
        "headerToolbar": False,
        "timeZone": "UTC",  # times arrive as wall-clock time in `tz` (no time-zone plugin)
        "now": now.isoformat(),
        "weekends": not (link.hide_weekends and link.view != "day"),
        "firstDay": per.first_day,
        "height": HEIGHT[link.view],
        "scrollTime": "08:00:00",
        "nowIndicator": True,
        "allDaySlot": False,
        "editable": False,
        "selectable": False,
        "navLinks": False,
        "eventDisplay": "block",
        "dayMaxEvents": True,
        "fixedWeekCount": False,
        "slotEventOverlap": False,
        # The grid shows when in week and month views: titles get the room there.
        "displayEventTime": link.view == "day",
        "displayEventEnd": False,
        "eventTimeFormat": {"hour": "numeric", "minute": "2-digit", "meridiem": "short"},
        "eventOrder": "order,start,title",
        "eventMaxStack": 3 if link.view == "week" else None,
        # Day and month names come from the browser's Intl in this language; "+2 more" is ours.
        "locale": i18n.current(),
        "moreLinkText": _("more"),
    }
    return {k: v for k, v in options.items() if v is not None}


def _take_click(key: str) -> None:
    """An event click becomes ?event=…; the calendar is then drawn under a new key, so its
    old value (the component repeats it on every rerun) is never acted on twice."""
    value = st.session_state.get(key)
    if not isinstance(value, dict) or value.get("callback") != "eventClick":
        return
    event = (value.get("eventClick") or {}).get("event") or {}
    st.session_state[GEN_KEY] = st.session_state.get(GEN_KEY, 0) + 1
    if isinstance(event.get("id"), str):
        st.query_params["event"] = event["id"]


def _steps(view: str) -> tuple[str, str]:
    """The help of the back and forward buttons."""
    if view == "day":
        return _("Previous day"), _("Next day")
    if view == "month":
        return _("Previous month"), _("Next month")
    return _("Previous week"), _("Next week")


def _caption(result: schedule.CalendarEvents, per: schedule.Period) -> str:
    if not result.events:
        return {
            "day": _("No tasks or meetings on this day."),
            "week": _("No tasks or meetings in this week."),
            "month": _("No tasks or meetings in this month."),
        }[per.view]
    meetings = ngettext("{n} meeting", "{n} meetings", result.meetings)
    tasks = ngettext("{n} task", "{n} tasks", result.tasks)
    if result.meetings and result.tasks:
        things = _("{meetings} and {tasks}", meetings=meetings, tasks=tasks)
    else:
        things = meetings if result.meetings else tasks
    text = {
        "day": _("{things} on this day.", things=things),
        "week": _("{things} in this week.", things=things),
        "month": _("{things} in this month.", things=things),
    }[per.view]
    if result.truncated:
        only = ngettext(
            "Only the first {n} of each is shown: pick a shorter view to see them all.",
            "Only the first {n} of each are shown: pick a shorter view to see them all.",
            schedule.MAX_EVENTS,
        )
        text = f"{text} {only}"
    return text


def _legend() -> str:
    """Chips in the calendar's colours (our constants only: nothing here comes from users)."""
    chips = (("task", _("Task")), ("meeting", _("Meeting")), ("done", _("Completed or canceled")))
    return '<div style="text-align:right">' + _chips(chips) + "</div>"


def _chips(chips: tuple[tuple[str, str], ...]) -> str:
    return " ".join(
        f'<span style="display:inline-block;padding:0 .5em;margin-right:.4em;border-radius:4px;'
        f"background:{schedule.COLOURS[k][0]};border:1px solid {schedule.COLOURS[k][1]};"
        f'color:{schedule.COLOURS[k][2]};font-size:.8rem">{html.escape(label)}</span>'
        for k, label in chips
    )


def render(actor: Actor) -> None:
    show_flash()
    link = _link()
    viewed = _viewed(actor, link)
    tz = link.time_zone or schedule.time_zone_or_utc(actor.time_zone)
    anchor = link.day or i18n.today_in(tz)
    per = schedule.period(link.view, anchor, actor.language)
    head, legend = st.columns([3, 2], vertical_alignment="bottom")
    head.title(_("Schedule"), anchor=False)
    if viewed.id == actor.id:
        head.caption(_("Your tasks and meetings · times in {zone}", zone=tz))
    else:
        head.caption(_("{name}'s tasks and meetings · times in {zone}", name=md(viewed.name), zone=tz))
    legend.markdown(_legend(), unsafe_allow_html=True)
    _controls(actor, link, per, tz, viewed)
    start, end = schedule.day_bounds(per.first, tz)[0], schedule.day_bounds(per.end, tz)[0]
    try:
        with session.reading() as s:
            result = schedule.calendar_events(
                s, actor, user_id=viewed.id, start=start, end=end, time_zone=tz, weekends=not link.hide_weekends
            )
    except CsError as exc:
        st.error(md(str(exc)), icon=":material/error:")
        return
    key = calendar_key(link, viewed.id, tz, anchor, st.session_state.get(GEN_KEY, 0))
    _take_click(key)
    key = calendar_key(link, viewed.id, tz, anchor, st.session_state.get(GEN_KEY, 0))
    calendar(events=result.events, options=_options(link, per, tz), custom_css=CSS, callbacks=["eventClick"], key=key)
    st.caption(_caption(result, per))
    event_id = st.query_params.get("event")
    if event_id:
        _summary(actor, event_id, tz)


def _closed() -> None:
    st.query_params.pop("event", None)


def _summary(actor: Actor, event_id: str, tz: str) -> None:
    try:
        with session.reading() as s:
            info = schedule.event_summary(s, actor, event_id, time_zone=tz)
    except CsError as exc:
        link_notes([str(exc)])
        return

    @st.dialog(_("Meeting") if info.kind == "meeting" else _("Task"), width="medium", on_dismiss=_closed)
    def dialog() -> None:
        render_summary(info)
        if st.button(pgettext("dialog", "Close"), key=f"{PREFIX}close"):
            _closed()
            st.rerun()

    dialog()


def render_summary(info: schedule.EventSummary) -> None:
    """An event's summary: when, facts, notes, people, linked records; "Start meeting"."""
    title = f"~~{md(info.title)}~~" if info.done else md(info.title)
    st.markdown(f"#### {title}")
    st.markdown(f":material/schedule: {md(info.when)}")
    if info.kind == "meeting" and info.meeting_url and not info.done:
        st.link_button(_("Start meeting"), info.meeting_url, type="primary", icon=":material/videocam:")
    facts = _facts(info)
    if facts:
        st.markdown("  \n".join(f"**{label}:** {md(value)}" for label, value in facts))
    notes = info.notes if info.kind == "task" else info.description
    if notes:
        st.markdown(_("**Notes**") if info.kind == "task" else _("**Description**"))
        st.markdown(md(notes, one_line=False))
    if info.records:
        st.markdown(_("**Associated records**"))
        for rec in info.records:
            name, link = st.columns([3, 1], vertical_alignment="center")
            name.markdown(f"{md(rec.type_label)}: **{md(rec.name)}**")
            if rec.url:
                with link:
                    record_link(_("Open record"), rec.object_type, rec.id, icon=":material/open_in_new:")


def _facts(info: schedule.EventSummary) -> list[tuple[str, str]]:
    if info.kind == "task":
        pairs = [(_("Status"), info.status), (_("Priority"), info.priority), (_("Type"), info.task_type)]
        pairs.append((_("Assigned to"), info.assignee or _("No one")))
    else:
        pairs = [(_("Status"), info.status), (_("Location"), info.location), (_("Organizer"), info.organizer)]
        pairs.append((_("Attendees"), ", ".join(info.attendees) if info.attendees else None))
    return [(label, value) for label, value in pairs if value]
