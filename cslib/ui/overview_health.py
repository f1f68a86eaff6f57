"""Overview → "Health score summary" (SPEC §3.1): for one active score profile (a drop-down
when there are several), the average score, the share of customers At risk / Neutral /
Healthy with a "[X] customers" link to exactly those customers, data coverage, a score
distribution and the average score over time. Hidden while no profile is active.

Not cached: the three queries read one covering index and take tens of milliseconds on
100,000 customers, and a recompute shows on the next page load (SPEC §5)."""

from __future__ import annotations

import streamlit as st
from babel.numbers import format_decimal

from cslib import health_summary as hs
from cslib import i18n
from cslib.errors import CsError
from cslib.health import CATEGORY_COLORS
from cslib.models import utcnow
from cslib.permissions import Actor, has_full_use
from cslib.ui import session
from cslib.ui.md import md

PROFILE_KEY = "overview_health_profile"
CUSTOMERS_PAGE = "pages/customers.py"
CHART_CONFIG = {"displayModeBar": False, "displaylogo": False}


def render(actor: Actor, viewed: Actor) -> None:  # noqa: ARG001 - the whole base, whoever is viewed
    with session.reading() as s:
        profiles = hs.active_profiles(s)
    if not profiles:
        return
    with st.container(border=True):
        head, pick = st.columns([3, 2], vertical_alignment="bottom")
        head.subheader("Health score summary", anchor=False)
        profile = _pick_profile(profiles, pick)
        now = utcnow()
        try:
            with session.reading() as s:
                summary = hs.summary(s, actor, profile.id, now=now)
                if summary.customers:
                    bins = hs.distribution(s, actor, profile.id)
                    history = hs.over_time(s, actor, profile.id, now=now, live=summary)
        except CsError as exc:
            st.error(md(str(exc)), icon=":material/error:")
            return
        if not summary.customers:
            st.info(
                f"No customers are scored by “{md(profile.name)}” yet: scores appear once it has been computed.",
                icon=":material/hourglass_empty:",
            )
            return
        st.caption(
            f"All {i18n.plural(summary.customers, 'customer')} scored by “{md(profile.name)}”: "
            "the whole customer base, not only yours."
        )
        _tiles(actor, profiles, profile, summary, hs.change_since(history))
        left, right = st.columns(2)
        left.plotly_chart(hs.distribution_figure(bins), width="stretch", config=CHART_CONFIG, key="health_dist")
        right.plotly_chart(hs.over_time_figure(history), width="stretch", config=CHART_CONFIG, key="health_trend")
        if len(history) < 2:
            right.caption("Only today so far: the line grows as the scores are recomputed day by day.")


def _pick_profile(profiles: list[hs.ProfileChoice], slot) -> hs.ProfileChoice:  # noqa: ANN001
    """The primary profile unless the user picked another (remembered for the session)."""
    by_id = {p.id: p for p in profiles}
    if st.session_state.get(PROFILE_KEY) not in by_id:
        st.session_state[PROFILE_KEY] = profiles[0].id
    if len(profiles) > 1:
        slot.selectbox("Score profile", list(by_id), format_func=lambda i: by_id[i].name, key=PROFILE_KEY)
    return by_id[st.session_state[PROFILE_KEY]]


def _tiles(
    actor: Actor,
    profiles: list[hs.ProfileChoice],
    profile: hs.ProfileChoice,
    summary: hs.Summary,
    change: float | None,
) -> None:
    lang = actor.language
    cells = st.columns([1.3, 1, 1, 1], border=True)
    with cells[0]:
        delta = None if change is None else f"{'+' if change > 0 else ''}{i18n.number(change, lang)} in 30 days"
        st.metric("Average score", i18n.number(summary.avg_score, lang), delta=delta, delta_color="normal")
        st.caption(_coverage(summary.coverage, lang))
    for cell, category in zip(cells[1:], hs.CATEGORIES, strict=True):
        with cell:
            # Our own label and colour constants, no user text: safe as HTML.
            st.html(
                f'<div style="font-weight:600;color:{CATEGORY_COLORS[category]}">'
                f'<span style="font-size:1.1em">●</span> {hs.LABELS[category]}</div>'
            )
            st.metric(
                f"{hs.LABELS[category]} share", _percent(summary.percents[category], lang), label_visibility="collapsed"
            )
            count = i18n.plural(summary.counts[category], "customer")
            if has_full_use(actor) and summary.counts[category]:
                st.page_link(
                    CUSTOMERS_PAGE,
                    label=count,
                    icon=":material/arrow_forward:",
                    query_params=hs.customers_link(profiles, profile.id, category),
                )
            else:
                st.caption(count)


def _percent(value: float, lang: str) -> str:
    """Always one decimal ("58.0%"), so the three tiles line up."""
    return f"{format_decimal(value, format='#,##0.0', locale=i18n.locale_for(lang))}%"


def _coverage(coverage: float | None, lang: str) -> str:
    if coverage is None:
        return ""
    pct = i18n.number(round(coverage * 100), lang)
    return f"Data coverage: {pct}% of points from real data (missing inputs are left out)."
