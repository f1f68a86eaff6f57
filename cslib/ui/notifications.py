"""The sidebar's bell: the unread count on every page (one indexed COUNT), and in its
popover the newest notifications, each with its time, a link that opens it (and marks it
read) and Dismiss, plus "Mark all as read".

The bell is a fragment with a lazy popover: the list is read only while the popover is
open, and opening it or acting in it reruns the bell alone, not the page (those reruns read
the session's language, see cslib.ui.session); the buttons act in callbacks (before the bell
is drawn again) and draw no text there."""

from __future__ import annotations

from datetime import UTC, datetime

import streamlit as st

from cslib import i18n, notifications
from cslib.errors import CsError
from cslib.i18n import _, ngettext
from cslib.notifications import NotificationInfo
from cslib.permissions import Actor
from cslib.ui import session
from cslib.ui.md import md

BELL_KEY = "notifications_bell"
ERROR_KEY = "_notifications_error"
BELL = ":material/notifications:"
MOST_SHOWN = 99  # the badge says "99+" past this


def render_bell(actor: Actor) -> None:
    """The bell with the actor's unread count; call it inside `with st.sidebar:`."""
    _bell(actor)


@st.fragment
def _bell(actor: Actor) -> None:
    with session.reading() as s:
        unread = notifications.unread_count(s, actor)
    label = f"{BELL} {_badge(unread)}" if unread else BELL
    help_text = ngettext("{n} unread notification", "{n} unread notifications", unread)
    bell = st.popover(label, help=help_text, key=BELL_KEY, on_change="rerun")
    if bell.open:
        with bell:
            _panel(actor, unread)


def _badge(unread: int) -> str:
    return i18n.number(unread) if unread <= MOST_SHOWN else f"{i18n.number(MOST_SHOWN)}+"


def _panel(actor: Actor, unread: int) -> None:
    error = st.session_state.pop(ERROR_KEY, None)
    if error:
        st.error(md(error), icon=":material/error:")
    with session.reading() as s:
        items = notifications.list_notifications(s, actor)
    if not items:
        st.caption(_("No notifications yet."))
        return
    st.button(
        _("Mark all as read"),
        icon=":material/done_all:",
        key="notifications_mark_all",
        disabled=unread == 0,
        on_click=_mark_all_read,
        args=(actor,),
    )
    now = datetime.now(UTC)
    for item in items:
        _item(actor, item, now)


def _item(actor: Actor, item: NotificationInfo, now: datetime) -> None:
    with st.container(border=True, key=f"notification_{item.id}"):
        title = md(item.title)
        st.markdown(title if item.read else f"**{title}**")
        if item.body:
            st.markdown(md(item.body, one_line=False))
        st.caption(
            i18n.ago(now - item.created_at, actor.language),
            help=i18n.moment(item.created_at, actor.language, actor.time_zone),
        )
        with st.container(horizontal=True, gap="small"):
            if item.link:
                st.link_button(
                    _("Open"),
                    item.link,
                    icon=":material/open_in_new:",
                    key=f"notification_open_{item.id}",
                    on_click=_mark_read,
                    args=(actor, item.id),
                )
            st.button(
                _("Dismiss"),
                icon=":material/close:",
                key=f"notification_dismiss_{item.id}",
                on_click=_dismiss,
                args=(actor, item.id),
            )


def _write(actor: Actor, action) -> None:  # noqa: ANN001
    """Run one write for the bell's callbacks; an error is kept for the panel to show.

    The popover's label (the count) is part of its identity: a new count makes a new
    popover, drawn closed. Saying it is open keeps it open for the next action."""
    st.session_state[BELL_KEY] = True
    try:
        with session.writing() as s:
            action(s)
    except CsError as exc:
        st.session_state[ERROR_KEY] = str(exc)


def _mark_read(actor: Actor, notification_id: int) -> None:
    _write(actor, lambda s: notifications.mark_read(s, actor, notification_id))


def _dismiss(actor: Actor, notification_id: int) -> None:
    _write(actor, lambda s: notifications.dismiss(s, actor, notification_id))


def _mark_all_read(actor: Actor) -> None:
    _write(actor, lambda s: notifications.mark_all_read(s, actor))
