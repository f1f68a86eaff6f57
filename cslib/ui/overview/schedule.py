"""Overview → "Today's schedule": the viewed user's tasks and meetings of today, in their
time zone, with "Start meeting" for meetings with a link and a way into the Schedule tab."""

from __future__ import annotations

import streamlit as st
from streamlit.errors import StreamlitAPIException

from cslib import i18n, schedule
from cslib.errors import CsError
from cslib.i18n import _, ngettext
from cslib.permissions import Actor
from cslib.ui import session
from cslib.ui.md import md, md_link

SCHEDULE_PAGE = "pages/schedule.py"
CARD_LIMIT = 8


def render_today(actor: Actor, viewed: Actor) -> None:
    """A bordered card; reads only the viewed user's items of their local today."""
    tz = schedule.time_zone_or_utc(viewed.time_zone)
    today = i18n.today_in(tz)
    with st.container(border=True):
        st.subheader(_("Today's schedule"), anchor=False)
        try:
            with session.reading() as s:
                day = schedule.today_schedule(s, actor, user_id=viewed.id, today=today, time_zone=tz, limit=CARD_LIMIT)
        except CsError as exc:
            st.error(md(str(exc)), icon=":material/error:")
            return
        st.caption(
            _(
                "{day} · {counts} · times in {zone}",
                day=md(i18n.day(today, actor.language)),
                counts=_counts(day),
                zone=tz,
            )
        )
        if not day.items:
            st.info(_("Nothing scheduled today."), icon=":material/event_available:")
        for item in day.items:
            _item(item)
        if day.more:
            st.caption(ngettext("…and {n} more item today.", "…and {n} more items today.", day.more))
        _schedule_link(actor, viewed)


def _counts(day: schedule.TodaySchedule) -> str:
    meetings = ngettext("{n} meeting", "{n} meetings", day.meetings)
    tasks = ngettext("{n} task", "{n} tasks", day.tasks)
    return f"{meetings}, {tasks}"


def _item(item: schedule.ScheduleItem) -> None:
    """One compact row: time, title (struck through when the task is completed or the
    meeting canceled), what it is about, and "Start meeting" for a meeting with a link."""
    if item.kind == "meeting":
        icon = ":material/event_busy:" if item.done else ":material/event:"
    else:
        icon = ":material/check_circle:" if item.done else ":material/radio_button_unchecked:"
    title = f"~~{md(item.title)}~~" if item.done else f"**{md(item.title)}**"
    company = item.company if item.company and item.company not in item.title else None
    detail = " · ".join(md(f) for f in (company, item.location) if f)
    when, text, action = st.columns([2, 6, 3], vertical_alignment="center", gap="small")
    when.markdown(_gray(md(item.time)))
    text.markdown(f"{icon} {title}" + (f"  \n{_gray(detail)}" if detail else ""))
    if item.meeting_url and not item.done:
        action.link_button(_("Start meeting"), item.meeting_url, icon=":material/videocam:", width="stretch")


def _schedule_link(actor: Actor, viewed: Actor) -> None:
    params = {"view": "day"} | ({"user": str(viewed.id)} if viewed.id != actor.id else {})
    label = _("Open Schedule")
    try:
        st.page_link(SCHEDULE_PAGE, label=label, icon=":material/arrow_forward:", query_params=params)
    except StreamlitAPIException:  # the page is not registered (a page run on its own, as in tests)
        st.markdown(md_link(label, "/schedule?" + "&".join(f"{k}={v}" for k, v in params.items())))


def _gray(markdown: str) -> str:
    """Markdown (user text already through md()) in grey, Streamlit's colour directive."""
    return f":gray[{markdown}]"
