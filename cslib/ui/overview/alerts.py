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
    whose = "your" if viewed.id == actor.id else f"{md(viewed.name)}'s"
    with st.container(border=True):
        head, more = st.columns([4, 1], vertical_alignment="bottom")
        head.subheader("Alerts", anchor=False)
        with more:
            st.page_link(
                ACTIONS_PAGE,
                label="View all",
                icon=":material/arrow_forward:",
                query_params={"tab": "alerts", "adv": to_json(link)},
            )
        if rows.empty:
            st.caption(f"No active alerts on {whose} customers: their health status has not changed lately.")
            return
        count = i18n.plural(total, "active alert")
        shown = f"The newest {len(rows)} of {count}" if total > len(rows) else count
        st.caption(f"{shown} on {whose} customers. Alerts expire 14 days after they are raised.")
        height = "content" if len(rows) <= SHOWN_WITHOUT_SCROLL else ROW_HEIGHT * SHOWN_WITHOUT_SCROLL + 20
        with st.container(height=height, border=False):
            st.html(card_html(rows, now, several_profiles=rows["profile_id"].nunique() > 1))


def card_html(rows: pd.DataFrame, now, *, several_profiles: bool) -> str:  # noqa: ANN001
    """The alerts as a compact table: customer (link to its record), old → new status with
    scores, when raised and when it expires. User text is escaped."""
    out = ['<table style="width:100%;border-collapse:collapse;font-size:.9rem">']
    for r in rows.itertuples():
        name = html.escape(str(r.customer or "(no name)"))
        profile = (
            f'<div style="opacity:.6;font-size:.8rem">{html.escape(str(r.profile))}</div>' if several_profiles else ""
        )
        raised = r.raised_at.to_pydatetime()
        expires = r.expires_at.to_pydatetime()
        out.append(
            f'<tr style="border-bottom:1px solid rgba(128,128,128,.2);height:{ROW_HEIGHT}px">'
            f'<td style="padding:4px 6px"><a href="{record_url(r.object_type, r.object_id)}" target="_self" '
            f'style="{LINK_STYLE}">{name}</a>{profile}</td>'
            f'<td style="padding:4px 6px;white-space:nowrap">{category_badge(r.old_category)} '
            f'<span style="opacity:.6">→</span> {category_badge(r.new_category)}</td>'
            f'<td style="padding:4px 6px;white-space:nowrap">{html.escape(r.score_change)}</td>'
            f'<td style="padding:4px 6px;white-space:nowrap;opacity:.7">raised {alerts.ago(raised, now)}</td>'
            f'<td style="padding:4px 6px;white-space:nowrap;opacity:.7">expires {alerts.expires_in(expires, now)}</td>'
            "</tr>"
        )
    out.append("</table>")
    return "".join(out)
