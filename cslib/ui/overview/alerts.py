"""The Overview's "Alerts" card (SPEC §3.1 Recent actions): the 25 newest active alerts on
the viewed user's customers (snoozed ones hidden until their day), how many there are, and
"View all" to Actions → Alerts filtered to the same customers. Hidden while no health score
profile is active (no alert can be raised then)."""

from __future__ import annotations

import html

import pandas as pd
import streamlit as st

from cslib import alerts, i18n
from cslib.errors import CsError
from cslib.filters import to_json
from cslib.i18n import _, ngettext
from cslib.models import utcnow
from cslib.permissions import Actor
from cslib.records import record_url
from cslib.ui import session
from cslib.ui.health_badge import category_badge
from cslib.ui.md import md

ACTIONS_PAGE = "pages/actions.py"
ROW_HEIGHT = 34
SHOWN_WITHOUT_SCROLL = 8
LINK_STYLE = (
    "font-weight:600;color:inherit;text-decoration:underline;"
    "text-decoration-color:rgba(128,128,128,.45);text-underline-offset:3px"
)


def render(actor: Actor, viewed: Actor) -> None:
    now = utcnow()
    try:
        with session.reading() as s:
            if not alerts.any_active_profile(s):
                return
            rows = alerts.newest_active(s, actor, owner_id=viewed.id, now=now)
            total = alerts.count_active(s, actor, owner_id=viewed.id, now=now)
            link = alerts.owner_filter(s, "me" if viewed.id == actor.id else viewed.id)
    except CsError as exc:
        st.error(md(str(exc)), icon=":material/error:")
        return
    mine = viewed.id == actor.id
    with st.container(border=True):
        head, more = st.columns([4, 1], vertical_alignment="bottom")
        head.subheader(_("Alerts"), anchor=False)
        with more:
            st.page_link(
                ACTIONS_PAGE,
                label=_("View all"),
                icon=":material/arrow_forward:",
                query_params={"tab": "alerts", "adv": to_json(link)},
            )
        if rows.empty:
            st.caption(_empty_text(mine, viewed.name))
            return
        st.caption(count_text(total, len(rows), mine, viewed.name))
        height = "content" if len(rows) <= SHOWN_WITHOUT_SCROLL else ROW_HEIGHT * SHOWN_WITHOUT_SCROLL + 20
        with st.container(height=height, border=False):
            st.html(card_html(rows, now, several_profiles=rows["profile_id"].nunique() > 1))


def _empty_text(mine: bool, name: str) -> str:
    if mine:
        return _("No active alerts on your customers: their health status has not changed lately.")
    return _("No active alerts on {user}'s customers: their health status has not changed lately.", user=md(name))


def count_text(total: int, shown: int, mine: bool, name: str) -> str:
    """ "2 active alerts on your customers. …" or "The newest 25 of 40 active alerts on Olga's
    customers. …" (the user's name through md())."""
    if total > shown:
        if mine:
            text = ngettext(
                "The newest {shown} of {n} active alert on your customers.",
                "The newest {shown} of {n} active alerts on your customers.",
                total,
                shown=i18n.number(shown),
            )
        else:
            text = ngettext(
                "The newest {shown} of {n} active alert on {user}'s customers.",
                "The newest {shown} of {n} active alerts on {user}'s customers.",
                total,
                shown=i18n.number(shown),
                user=md(name),
            )
    elif mine:
        text = ngettext("{n} active alert on your customers.", "{n} active alerts on your customers.", total)
    else:
        text = ngettext(
            "{n} active alert on {user}'s customers.", "{n} active alerts on {user}'s customers.", total, user=md(name)
        )
    expiry = _("Alerts expire 14 days after they are raised.")
    return f"{text} {expiry}"


def card_html(rows: pd.DataFrame, now, *, several_profiles: bool) -> str:  # noqa: ANN001
    """The alerts as a compact table: customer (link to its record), old → new status with
    scores, when raised and when it expires. User text is escaped."""
    out = ['<table style="width:100%;border-collapse:collapse;font-size:.9rem">']
    for r in rows.itertuples():
        name = html.escape(str(r.customer or _("(no name)")))
        profile = (
            f'<div style="opacity:.6;font-size:.8rem">{html.escape(str(r.profile))}</div>' if several_profiles else ""
        )
        raised_text = _("raised {when}", when=alerts.ago(r.raised_at.to_pydatetime(), now))
        expires_text = _("expires {when}", when=alerts.expires_in(r.expires_at.to_pydatetime(), now))
        out.append(
            f'<tr style="border-bottom:1px solid rgba(128,128,128,.2);height:{ROW_HEIGHT}px">'
            f'<td style="padding:4px 6px"><a href="{record_url(r.object_type, r.object_id)}" target="_self" '
            f'style="{LINK_STYLE}">{name}</a>{profile}</td>'
            f'<td style="padding:4px 6px;white-space:nowrap">{category_badge(r.old_category)} '
            f'<span style="opacity:.6">→</span> {category_badge(r.new_category)}</td>'
            f'<td style="padding:4px 6px;white-space:nowrap">{html.escape(r.score_change)}</td>'
            f'<td style="padding:4px 6px;white-space:nowrap;opacity:.7">{html.escape(raised_text)}</td>'
            f'<td style="padding:4px 6px;white-space:nowrap;opacity:.7">{html.escape(expires_text)}</td>'
            "</tr>"
        )
    out.append("</table>")
    return "".join(out)
