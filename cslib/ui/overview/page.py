"""The Overview tab: whose workspace is shown (view as), and the cards for that user."""

from __future__ import annotations

import streamlit as st

from cslib import i18n, lists
from cslib.errors import CsError
from cslib.permissions import Actor, can_view_as, has_full_use
from cslib.ui import session
from cslib.ui.md import md
from cslib.ui.overview import alerts, cards, health, schedule, tasks
from cslib.ui.writes import show_flash
from cslib.users import get_workspace, resolve_viewed_user, viewable_users

VIEW_AS_KEY = "view_as_user"


def _view_as(actor: Actor) -> Actor:
    """Admins pick whose Overview to see; everyone else sees their own."""
    if not can_view_as(actor):
        return actor
    with session.reading() as s:
        choices = viewable_users(s, actor)
    ids = [uid for uid, _ in choices]
    labels = dict(choices)
    if st.session_state.get(VIEW_AS_KEY) not in ids:
        st.session_state[VIEW_AS_KEY] = actor.id
    picked = st.selectbox(
        "View as user", ids, format_func=labels.get, key=VIEW_AS_KEY, help="See the workspace as this user sees it."
    )
    with session.reading() as s:
        return resolve_viewed_user(s, actor, picked)


def render(actor: Actor) -> None:
    show_flash()  # "Reordered.", "… is no longer a default view." from the Manage menu
    head, pick = st.columns([3, 2], vertical_alignment="bottom")
    with pick:
        try:
            viewed = _view_as(actor)
        except CsError as exc:
            st.error(md(str(exc)))
            viewed = actor
    with head:
        st.title("Overview", anchor=False)
        who = "your" if viewed.id == actor.id else f"{md(viewed.name)}'s"
        st.caption(f"Signed in as **{md(actor.name)}** · showing {who} customers")
    today = i18n.today_in(viewed.time_zone)
    with session.reading() as s:
        currency = get_workspace(s).currency
        summary = lists.owned_summary(s, actor, user_id=viewed.id, today=today)
        renewals = lists.upcoming_renewals(s, actor, user_id=viewed.id, today=today)
    _render_summary(summary, currency, actor.language)
    if summary.customers == 0:
        hint = " Pick someone in “View as user” to see their workspace." if can_view_as(actor) else ""
        st.info(f"No customers are assigned to {'you' if viewed.id == actor.id else md(viewed.name)} yet.{hint}")
    if has_full_use(viewed):
        st.subheader("Recent actions", anchor=False)
        alerts.render(actor, viewed)
        tasks.render(actor, viewed)
    cards.render(actor, viewed)
    health.render(actor, viewed)
    if has_full_use(viewed):
        schedule.render_today(actor, viewed)
    _render_renewals(renewals, summary, currency, actor.language)


def _render_summary(summary: lists.OwnedSummary, currency: str, language: str) -> None:
    a, b, c = st.columns(3, border=True)
    a.metric("Customers owned", i18n.number(summary.customers, language))
    b.metric("Total ARR", i18n.money(summary.total_arr, currency, language))
    c.metric(
        f"Renewals in the next {lists.RENEWAL_WINDOW_DAYS} days",
        i18n.number(summary.renewals_due, language),
        delta=f"{i18n.money(summary.renewals_arr, currency, language)} ARR up for renewal",
        delta_color="off",
        delta_arrow="off",
    )


def _render_renewals(df, summary: lists.OwnedSummary, currency: str, language: str) -> None:  # noqa: ANN001
    with st.container(border=True):
        st.subheader("Upcoming renewals", anchor=False)
        if df.empty:
            st.info(f"No renewals due in the next {lists.RENEWAL_WINDOW_DAYS} days.")
            return
        st.caption(_renewals_caption(len(df), summary.renewals_due))
        table = {
            "Company": df["name"],
            "Renewal date": [i18n.day(d, language) for d in df["renewal_date"]],
            "Days left": df["days_left"],
            "ARR": [i18n.money(v, currency, language) for v in df["arr"]],
        }
        st.dataframe(table, hide_index=True, width="stretch")


def _renewals_caption(shown: int, total: int) -> str:
    window = f"in the next {lists.RENEWAL_WINDOW_DAYS} days"
    if shown == total:
        return f"{i18n.plural(total, 'customer')} {'renews' if total == 1 else 'renew'} {window}."
    return f"The soonest {shown} of {i18n.plural(total, 'customer')} renewing {window}."
