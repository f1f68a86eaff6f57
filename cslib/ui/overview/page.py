"""The Overview tab: whose workspace is shown (view as), and the cards for that user."""

from __future__ import annotations

import streamlit as st

from cslib import i18n, lists
from cslib.errors import CsError
from cslib.i18n import _, ngettext
from cslib.permissions import Actor, can_view_as, has_full_use
from cslib.ui import session
from cslib.ui.md import md
from cslib.ui.overview import alerts, cards, health, reporting, schedule, tasks
from cslib.ui.writes import show_flash
from cslib.users import get_workspace, resolve_viewed_user, viewable_users

VIEW_AS_KEY = "view_as_user"


def _view_as(actor: Actor) -> Actor:
    """Admins pick whose Overview to see; everyone else sees their own."""
    if not can_view_as(actor):
        return actor
    with session.reading() as s:
        choices = viewable_users(s, actor)
    ids = [uid for uid, _name in choices]
    labels = dict(choices)
    if st.session_state.get(VIEW_AS_KEY) not in ids:
        st.session_state[VIEW_AS_KEY] = actor.id
    picked = st.selectbox(
        _("View as user"),
        ids,
        format_func=labels.get,
        key=VIEW_AS_KEY,
        help=_("See the workspace as this user sees it."),
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
        st.title(_("Overview"), anchor=False)
        if viewed.id == actor.id:
            st.caption(_("Signed in as **{name}** · showing your customers", name=md(actor.name)))
        else:
            st.caption(
                _(
                    "Signed in as **{name}** · showing {viewed}'s customers",
                    name=md(actor.name),
                    viewed=md(viewed.name),
                )
            )
    today = i18n.today_in(viewed.time_zone)
    with session.reading() as s:
        currency = get_workspace(s).currency
        summary = lists.owned_summary(s, actor, user_id=viewed.id, today=today)
        renewals = lists.upcoming_renewals(s, actor, user_id=viewed.id, today=today)
    _render_summary(summary, currency, actor.language)
    if summary.customers == 0:
        if viewed.id == actor.id:
            empty = _("No customers are assigned to you yet.")
        else:
            empty = _("No customers are assigned to {name} yet.", name=md(viewed.name))
        hint = _("Pick someone in “View as user” to see their workspace.") if can_view_as(actor) else ""
        st.info(f"{empty} {hint}".strip())
    if has_full_use(viewed):
        st.subheader(_("Recent actions"), anchor=False)
        alerts.render(actor, viewed)
        tasks.render(actor, viewed)
    cards.render(actor, viewed)
    health.render(actor, viewed)
    if has_full_use(viewed):
        schedule.render_today(actor, viewed)
    _render_renewals(renewals, summary, currency, actor.language)
    reporting.render(actor, viewed)


def _render_summary(summary: lists.OwnedSummary, currency: str, language: str) -> None:
    a, b, c = st.columns(3, border=True)
    a.metric(_("Customers owned"), i18n.number(summary.customers, language))
    b.metric(_("Total ARR"), i18n.money(summary.total_arr, currency, language))
    c.metric(
        ngettext("Renewals in the next {n} day", "Renewals in the next {n} days", lists.RENEWAL_WINDOW_DAYS),
        i18n.number(summary.renewals_due, language),
        delta=_("{amount} ARR up for renewal", amount=i18n.money(summary.renewals_arr, currency, language)),
        delta_color="off",
        delta_arrow="off",
    )


def _render_renewals(df, summary: lists.OwnedSummary, currency: str, language: str) -> None:  # noqa: ANN001
    with st.container(border=True):
        st.subheader(_("Upcoming renewals"), anchor=False)
        if df.empty:
            st.info(
                ngettext(
                    "No renewals due in the next {n} day.",
                    "No renewals due in the next {n} days.",
                    lists.RENEWAL_WINDOW_DAYS,
                )
            )
            return
        st.caption(_renewals_caption(len(df), summary.renewals_due))
        table = {
            _("Company"): df["name"],
            _("Renewal date"): [i18n.day(d, language) for d in df["renewal_date"]],
            _("Days left"): df["days_left"],
            _("ARR"): [i18n.money(v, currency, language) for v in df["arr"]],
        }
        st.dataframe(table, hide_index=True, width="stretch")


def _renewals_caption(shown: int, total: int) -> str:
    days = i18n.number(lists.RENEWAL_WINDOW_DAYS)
    if shown == total:
        return ngettext(
            "{n} customer renews in the next {days} days.",
            "{n} customers renew in the next {days} days.",
            total,
            days=days,
        )
    return ngettext(
        "The soonest {shown} of {n} customer renewing in the next {days} days.",
        "The soonest {shown} of {n} customers renewing in the next {days} days.",
        total,
        shown=i18n.number(shown),
        days=days,
    )
