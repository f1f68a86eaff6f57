"""Overview → "Health score summary" (SPEC §3.1): for one active score profile (a drop-down
when there are several), the average score, the share of customers At risk / Neutral /
Healthy with a "[X] customers" link to exactly those customers, data coverage, a score
distribution and the average score over time. Hidden while no profile is active.

Not cached: the three queries read one covering index and take tens of milliseconds on
100,000 customers, and a recompute shows on the next page load (SPEC §5)."""

from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from cslib import charts, health, i18n
from cslib.errors import CsError
from cslib.health import CATEGORY_COLORS, category_label, category_series
from cslib.i18n import _, ngettext
from cslib.models import utcnow
from cslib.permissions import Actor, has_full_use
from cslib.ui import session
from cslib.ui.md import md

PROFILE_KEY = "overview_health_profile"
CUSTOMERS_PAGE = "pages/customers.py"


def render(actor: Actor, viewed: Actor) -> None:  # noqa: ARG001 - the whole base, whoever is viewed
    with session.reading() as s:
        profiles = health.active_profiles(s)
    if not profiles:
        return
    with st.container(border=True):
        head, pick = st.columns([3, 2], vertical_alignment="bottom")
        head.subheader(_("Health score summary"), anchor=False)
        profile = _pick_profile(profiles, pick)
        now = utcnow()
        try:
            with session.reading() as s:
                summary = health.summary(s, actor, profile.id, now=now)
                if summary.customers:
                    bins = health.distribution(s, actor, profile.id)
                    history = health.over_time(s, actor, profile.id, now=now, live=summary)
        except CsError as exc:
            st.error(md(str(exc)), icon=":material/error:")
            return
        if not summary.customers:
            st.info(
                _(
                    "No customers are scored by “{profile}” yet: scores appear once it has been computed.",
                    profile=md(profile.name),
                ),
                icon=":material/hourglass_empty:",
            )
            return
        st.caption(
            ngettext(
                "All {n} customer scored by “{profile}”: the whole customer base, not only yours.",
                "All {n} customers scored by “{profile}”: the whole customer base, not only yours.",
                summary.customers,
                profile=md(profile.name),
            )
        )
        _tiles(actor, profiles, profile, summary, health.average_change(history))
        left, right = st.columns(2)
        left.plotly_chart(distribution_figure(bins), width="stretch", config=charts.config(), key="health_dist")
        right.plotly_chart(over_time_figure(history), width="stretch", config=charts.config(), key="health_trend")
        if len(history) < 2:
            right.caption(_("Only today so far: the line grows as the scores are recomputed day by day."))


def _pick_profile(profiles: list[health.ProfileChoice], slot) -> health.ProfileChoice:  # noqa: ANN001
    """The primary profile unless the user picked another (remembered for the session)."""
    by_id = {p.id: p for p in profiles}
    if st.session_state.get(PROFILE_KEY) not in by_id:
        st.session_state[PROFILE_KEY] = profiles[0].id
    if len(profiles) > 1:
        slot.selectbox(_("Score profile"), list(by_id), format_func=lambda i: by_id[i].name, key=PROFILE_KEY)
    return by_id[st.session_state[PROFILE_KEY]]


def _tiles(
    actor: Actor,
    profiles: list[health.ProfileChoice],
    profile: health.ProfileChoice,
    summary: health.Summary,
    change: float | None,
) -> None:
    lang = actor.language
    cells = st.columns([1.3, 1, 1, 1], border=True)
    with cells[0]:
        delta = None if change is None else _change_text(change, lang)
        st.metric(_("Average score"), i18n.number(summary.avg_score, lang), delta=delta, delta_color="normal")
        st.caption(_coverage(summary.coverage, lang))
    for cell, category in zip(cells[1:], health.CATEGORIES, strict=True):
        with cell:
            # Our own label and colour constants, no user text: safe as HTML.
            st.html(
                f'<div style="font-weight:600;color:{CATEGORY_COLORS[category]}">'
                f'<span style="font-size:1.1em">●</span> {html.escape(category_label(category))}</div>'
            )
            st.metric(
                _("{category} share", category=category_label(category)),
                i18n.percent(summary.percents[category] / 100, lang, fixed=True),
                label_visibility="collapsed",
            )
            count = ngettext("{n} customer", "{n} customers", summary.counts[category])
            if has_full_use(actor) and summary.counts[category]:
                st.page_link(
                    CUSTOMERS_PAGE,
                    label=count,
                    icon=":material/arrow_forward:",
                    query_params=health.customers_link(profiles, profile.id, category),
                )
            else:
                st.caption(count)


def _change_text(change: float, lang: str) -> str:
    """The average's move over 30 days: "+2.5 in 30 days" (the sign says up or down)."""
    amount = ("+" if change > 0 else "") + i18n.number(change, lang)
    return _("{change} in 30 days", change=amount)


def _coverage(coverage: float | None, lang: str) -> str:
    if coverage is None:
        return ""
    pct = i18n.percent(round(coverage, 2), lang, digits=0)
    return _("Data coverage: {percent} of points from real data (missing inputs are left out).", percent=pct)


def distribution_figure(bins: dict[str, list[int]]) -> go.Figure:
    """Stacked bars: customers per score band, split by category."""
    frame = pd.DataFrame({c: bins.get(c, [0] * health.BANDS) for c in health.CATEGORIES}, index=health.BAND_LABELS)
    return charts.stacked_bars_figure(
        frame,
        category_series(),
        title=_("Score distribution"),
        x_title=_("Health score"),
        y_title=_("Customers"),
        hover=customers_text,
    )


def customers_text(n: float) -> str:
    """A bar's hover text: "3 customers"."""
    return ngettext("{n} customer", "{n} customers", int(n))


def over_time_figure(history: pd.DataFrame) -> go.Figure:
    """Average score (solid, left axis 0–100) and each category's share of customers
    (dotted, right axis 0–100 %), one point per day."""
    shares = [(key, _("{category} %", category=label), colour) for key, label, colour in category_series()]
    return charts.over_time_figure(
        history,
        shares,
        value="avg_score",
        value_label=_("Average score"),
        title=_("Average score over time"),
        y_title=_("Average score"),
        y2_title=_("Share of customers (%)"),
    )
