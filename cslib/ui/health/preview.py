"""Settings › Health scores: the live preview of the scores an unsaved profile would give
(recomputed as the draft changes while it stays fast, on request once it is slow)."""

from __future__ import annotations

import json
import time

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from cslib import charts, health, i18n
from cslib.errors import CsError
from cslib.i18n import _, ngettext
from cslib.ui import session
from cslib.ui.health.state import PREVIEW_KEY
from cslib.ui.md import md

AUTO_PREVIEW_SECONDS = 0.6  # a slower preview (a big base) is refreshed on request only


def render_preview(draft: dict) -> dict | None:
    """Draw the preview; returns what it shows (None while not computed)."""
    st.markdown("**" + _("Preview") + "**")
    st.caption(_("What this profile would give today, before you save it."))
    signature = json.dumps([draft["definition"], draft["segment"], draft["thresholds"]], sort_keys=True, default=str)
    cached = st.session_state.get(PREVIEW_KEY)
    fresh = cached is not None and cached["signature"] == signature
    auto = cached is None or cached["seconds"] <= AUTO_PREVIEW_SECONDS
    if not fresh and not auto:
        note = st.empty()
        fresh = not st.button(_("Update preview"), key="hs_w_preview", icon=":material/refresh:")
        if fresh:  # not clicked: keep showing the last one, marked as such
            note.caption(_("The preview is not up to date with your changes."))
    if not fresh:
        cached = _compute_preview(draft, signature)
        st.session_state[PREVIEW_KEY] = cached
    if cached is None:
        return None
    if cached["error"]:
        st.info(
            _("The preview appears once the profile is complete. {problem}", problem=md(cached["error"])),
            icon=":material/info:",
        )
    else:
        _show_preview(cached["result"], cached["thresholds"])
    return cached


def _compute_preview(draft: dict, signature: str) -> dict:
    started = time.perf_counter()
    out = {"signature": signature, "result": None, "error": None, "thresholds": None}
    try:
        thresholds = health.validate_thresholds(draft["thresholds"])
        with session.reading() as s:
            segment = health.validate_segment(s, draft["segment"])
            out["result"] = health.preview(s, definition=draft["definition"], segment=segment, thresholds=thresholds)
        out["thresholds"] = thresholds
    except CsError as exc:
        out["error"] = str(exc)
    out["seconds"] = time.perf_counter() - started
    return out


def _show_preview(p: health.Preview, thresholds: dict) -> None:
    if not p.customers:
        st.info(_("No companies are in this segment."), icon=":material/info:")
        return
    a, b = st.columns(2)
    a.metric(_("Average score"), i18n.number(None if p.avg_score is None else round(p.avg_score, 1)))
    b.metric(
        _("Data coverage"),
        i18n.percent(None if p.coverage is None else round(p.coverage, 2), digits=0),
        help=_("The average share of points that come from real data: groups without any data are left out."),
    )
    percents = health.shares(p.counts)
    cols = st.columns(3)
    for col, (key, label, _colour) in zip(cols, health.category_series(), strict=True):
        col.metric(
            label,
            i18n.number(p.counts.get(key, 0)),
            i18n.percent(percents.get(key, 0) / 100),
            delta_color="off",
            delta_arrow="off",
        )
    st.caption(scored_text(p.scored, p.customers))
    st.plotly_chart(preview_figure(p.bins, thresholds), width="stretch", config=charts.config(), key="hs_preview_chart")


def scored_text(scored: int, customers: int) -> str:
    """ "3 customers scored of 4 companies in the segment; 1 company without any data is
    not scored." (each count with its own plural)."""
    companies = ngettext("{n} company", "{n} companies", customers)
    text = ngettext(
        "{n} customer scored of {companies} in the segment.",
        "{n} customers scored of {companies} in the segment.",
        scored,
        companies=companies,
    )
    left_out = customers - scored
    if left_out:
        text += " " + ngettext(
            "{n} company without any data is not scored.", "{n} companies without any data are not scored.", left_out
        )
    return text


def preview_figure(bins: list[int], thresholds: dict) -> go.Figure:
    """Customers per 10-point band; each bar in the colour of its lowest score's status, and
    dotted lines where Neutral and Healthy begin."""
    centres = [10 * i + 5 for i in range(len(bins))]
    category = [health.category_for(10 * i, thresholds) for i in range(len(bins))]
    series = health.category_series()
    frame = pd.DataFrame(
        {key: [n if cat == key else 0 for n, cat in zip(bins, category, strict=True)] for key, *_rest in series},
        index=centres,
    )
    return charts.score_bands_figure(
        frame,
        series,
        marks=(thresholds["neutral"], thresholds["healthy"]),
        title=_("Score distribution"),
        x_title=_("Health score"),
        y_title=_("Customers"),
        hover=lambda n: ngettext("{n} customer", "{n} customers", int(n)),
    )
