"""One Feed item: icon, contact and company (links to their records), what happened with
the tool named (and linked where it has an address), the time ago with the exact time on
hover, and the item's follow-up buttons (Note, Email, Call, Task, Meeting: the record
panel's own, icons only) and Delete. A follow-up opens the record panel's composer under
the item, on the item's contact."""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import datetime

import streamlit as st

from cslib import feed, i18n, records
from cslib.i18n import _
from cslib.models import utcnow
from cslib.permissions import Actor
from cslib.ui.icons import ACTIVITY_ICONS
from cslib.ui.md import md, same_tab_link
from cslib.ui.record import render_buttons, render_composer


def item_key(item: feed.FeedItem) -> str:
    return f"feed:item:{item.id}"


def _tool(sequence_link: Callable[[str], str]) -> Callable[[str, str | None, str], str]:
    """Tools as links: a sequence narrows the Feed to it, a page or form opens its address
    (in a new tab: it is a web page of the customer's or ours, not this app)."""

    def draw(name: str, url: str | None, kind: str) -> str:
        if kind == "sequence":
            return same_tab_link(name, sequence_link(name))
        if url:
            return f"[{md(name)}]({url})"
        return md(name) if kind == "link" else f"**{md(name)}**"

    return draw


def _when(at: datetime, actor: Actor) -> str:
    """ "3 hours ago", the exact time in the reader's zone showing on hover (escaped HTML)."""
    ago = i18n.ago(utcnow() - at)
    exact = i18n.moment(at, None, actor.time_zone)
    return f'<span title="{html.escape(exact)}">{html.escape(ago)}</span>'


def _who(item: feed.FeedItem) -> str:
    contact = same_tab_link(item.contact_name, records.record_url("contact", item.contact_id), bold=True)
    if item.company_id is None:
        return contact
    company = same_tab_link(item.company_name or _("(no name)"), records.record_url("company", item.company_id))
    return f"{contact} · {company}"


def render_item(
    actor: Actor,
    item: feed.FeedItem,
    users: dict[int, str],
    *,
    sequence_link: Callable[[str], str],
    on_delete: Callable[[feed.FeedItem], None] | None,
) -> None:
    key = item_key(item)
    words = feed.describe(item, users, _tool(sequence_link), text=md)
    with st.container(border=True, key=f"{key}:box"):
        icon, body, when = st.columns([0.45, 8.4, 1.8], vertical_alignment="top")
        # Not a heading: 25 of them would crowd a screen reader.
        icon.markdown(ACTIVITY_ICONS.get(item.type, ":material/bolt:"))
        body.markdown(_who(item), unsafe_allow_html=True)
        body.markdown(words.text, unsafe_allow_html=True)
        if words.detail:
            body.caption(md(words.detail))
        with body:
            render_buttons(actor, key=key, compact=True)
        when.markdown(_when(item.occurred_at, actor), unsafe_allow_html=True)
        if on_delete is not None:
            with when, st.container(horizontal=True, horizontal_alignment="right"):
                st.button(
                    "",
                    icon=":material/delete:",
                    key=f"{key}:delete",
                    help=_("Delete this notification from your Feed (the activity stays on the record)"),
                    on_click=on_delete,
                    args=(item,),
                )
        also = (("company", item.company_id),) if item.company_id else ()
        render_composer(actor, "contact", item.contact_id, item.contact_name, key=key, also=also)
