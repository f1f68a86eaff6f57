"""The "Health score" section of a company's record panel and record page: the score with
its category badge, the change over 7 and 30 days, data coverage, a 90-day sparkline, the
points per group and criterion (each input in words), the factor dragging the score down
most, and the score history. A profile picker when several active profiles score the
customer. Nothing at all while no profile is active.

Not cached: one customer's explanation is a handful of primary-key and index look-ups,
and a recompute must show on the next draw."""

from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from cslib import charts, health, i18n, records
from cslib.errors import CsError
from cslib.health import CATEGORY_COLORS, CATEGORY_LABELS
from cslib.models import utcnow
from cslib.permissions import Actor
from cslib.ui import session
from cslib.ui.health_badge import category_badge
from cslib.ui.md import md
from cslib.ui.record.about import Context

CHART_CONFIG = {"displayModeBar": False, "displaylogo": False, "staticPlot": False}
NOT_SCORED = (
    "Not scored: this customer is outside every health score profile's segment "
    "(or none of a profile's criteria has data for it yet)."
)
MUTED = "#7c98b6"
LINE = "#eaf0f6"


def render_record_health(actor: Actor, company_id: int, ctx: Context, *, key: str, full_page: bool = False) -> None:
    """Draw the section for one company; nothing while no health profile is active."""
    pick_key = f"{key}:health:profile"
    try:
        with session.reading() as s:
            profiles = health.scored_profiles(s, actor, company_id)
            explanation = None
            if profiles:
                chosen = _chosen(profiles, pick_key)
                explanation = health.explain(
                    s,
                    actor,
                    company_id,
                    profile_id=chosen,
                    now=utcnow(),
                    language=ctx.language,
                    currency=ctx.currency,
                )
            active = bool(profiles) or health.any_active_profile(s)
    except CsError as exc:
        st.error(md(str(exc)), icon=":material/error:")
        return
    if not active:
        return
    if explanation is None:
        st.caption(f":material/monitor_heart: {NOT_SCORED}")
        return
    with st.container(border=True, key=f"{key}-health"):
        _head(profiles, explanation, ctx, pick_key)
        # The page has room for a wider table; the panel (a dialog) keeps the halves even.
        summary, table = st.columns([2, 3] if full_page else [1, 1], gap="large")
        with summary:
            _summary(explanation, ctx)
            _drag(explanation)
            _sparkline(explanation, key=key)
        with table:
            _groups(explanation, ctx)
        _history(explanation, ctx)


def _chosen(profiles: list[health.ProfileChoice], pick_key: str) -> int:
    """The primary profile unless the user picked another one that still scores the customer."""
    ids = [p.id for p in profiles]
    if st.session_state.get(pick_key) not in ids:
        st.session_state[pick_key] = ids[0]
    return int(st.session_state[pick_key])


def _head(profiles: list[health.ProfileChoice], ex: health.Explanation, ctx: Context, pick_key: str) -> None:
    computed = records.moment(ex.computed_at, ctx.language, ctx.time_zone)
    if len(profiles) == 1:
        st.markdown(f"**Health score** &nbsp; :gray[“{md(ex.profile_name)}” · computed {md(computed)}]")
        return
    title, pick = st.columns([3, 2], vertical_alignment="center")
    title.markdown(f"**Health score** &nbsp; :gray[computed {md(computed)}]")
    names = {p.id: p.name for p in profiles}
    pick.selectbox(
        "Score profile",
        list(names),
        format_func=lambda i: f"Profile: {names[i]}",
        key=pick_key,
        label_visibility="collapsed",
        help="Several health score profiles score this customer; the first is its primary score.",
    )


def _summary(ex: health.Explanation, ctx: Context) -> None:
    score = i18n.number(ex.score, ctx.language)
    st.html(
        '<div style="display:flex;align-items:center;gap:10px;flex-wrap:wrap">'
        f'<span style="font-size:2.4rem;font-weight:700;line-height:1.1">{html.escape(score)}</span>'
        f'<span style="color:{MUTED};font-size:0.85rem;margin-left:-6px">/ 100</span>'
        f"{category_badge(ex.category)}</div>"
    )
    st.markdown(changes_text(ex.change_7, ex.change_30, ctx.language))
    if ex.coverage < 0.9995:
        pct = i18n.number(round(ex.coverage * 100), ctx.language)
        st.caption(f"{pct} % of points from real data: groups with no data are left out.")


def changes_text(change_7: float | None, change_30: float | None, language: str = "en") -> str:
    """ "▲ 4 in 7 days · ▼ 10 in 30 days" in green and red; what is unknown is left out."""
    if change_7 == 0 and change_30 == 0:
        return ":gray[No change in 30 days]"
    parts = []
    for change, days in ((change_7, 7), (change_30, 30)):
        if change is None:
            continue
        amount = i18n.number(abs(round(change, 1)), language)
        if change > 0:
            parts.append(f":green[▲ {amount} in {days} days]")
        elif change < 0:
            parts.append(f":red[▼ {amount} in {days} days]")
        else:
            parts.append(f":gray[no change in {days} days]")
    return " · ".join(parts) if parts else ":gray[No earlier score to compare with yet.]"


def _sparkline(ex: health.Explanation, *, key: str) -> None:
    if len(ex.trend) < 2:  # one dot says nothing: wait for a second day
        st.caption("The trend line starts once the score has been recomputed on another day.")
        return
    st.plotly_chart(
        sparkline_figure(ex), width="stretch", config=CHART_CONFIG, key=f"{key}:health:spark:{ex.profile_id}"
    )
    st.caption(f"Last {health.TREND_DAYS} days")


def _drag(ex: health.Explanation) -> None:
    if ex.drag is not None:
        amount = health.points_text(ex.drag.points)
        unit = "point" if ex.drag.points == 1 else "points"
        st.markdown(f":material/trending_down: Biggest drag: **{md(ex.drag.label)}** ({health.MINUS}{amount} {unit})")
    elif ex.score < 100:
        st.caption("Every criterion with data gives its best points.")


def _signed(value: float | None) -> str:
    if value is None:
        return "—"
    text = health.points_text(value)
    return f"+{text}" if value > 0 else text


def _cell(text: str, *, right: bool = False, muted: bool = False, bold: bool = False, indent: bool = False) -> str:
    style = ["padding:3px 6px", f"border-bottom:1px solid {LINE}", "vertical-align:top"]
    if right:
        style.append("text-align:right;white-space:nowrap")
    if muted:
        style.append(f"color:{MUTED}")
    if bold:
        style.append("font-weight:600")
    if indent:
        style.append("padding-left:18px")
    return f'<td style="{";".join(style)}">{text}</td>'


def groups_html(ex: health.Explanation, language: str = "en") -> str:
    """Groups and their criteria as a small table: points "18 of 40", each criterion's
    points and input in words; user text escaped."""
    rows = []
    for g in ex.groups:
        name = html.escape(g.name)
        of = i18n.number(g.max_points, language)
        if g.missing:
            rows.append(
                "<tr>"
                + _cell(name, bold=True)
                + _cell("no data — left out", muted=True)
                + _cell(f"— of {of}", right=True, muted=True)
                + "</tr>"
            )
        else:
            got = i18n.number(round(g.points or 0.0, 1), language)
            rows.append(
                "<tr>"
                + _cell(name, bold=True)
                + _cell(_bar(g))
                + _cell(f"{got} of {of}", right=True, bold=True)
                + "</tr>"
            )
        for c in g.criteria:
            # In a group left out as a whole, the group row already says so.
            left_out = c.missing and c.value_text == health.NO_DATA and not g.missing
            value = "no data — left out" if left_out else c.value_text
            rows.append(
                "<tr>"
                + _cell(html.escape(c.label), indent=True)
                + _cell(html.escape(value), muted=True)
                + _cell(_signed(c.points), right=True, muted=c.missing)
                + "</tr>"
            )
    return (
        '<table style="width:100%;border-collapse:collapse;font-size:0.85rem;line-height:1.35">'
        + "".join(rows)
        + "</table>"
    )


def _bar(g: health.GroupLine) -> str:
    share = 0.0 if not g.max_points else max(0.0, min(1.0, (g.points or 0.0) / g.max_points))
    return (
        f'<div style="background:{LINE};border-radius:3px;height:6px;margin-top:7px;min-width:60px">'
        f'<div style="background:#516f90;width:{share * 100:.0f}%;height:6px;border-radius:3px"></div></div>'
    )


def _groups(ex: health.Explanation, ctx: Context) -> None:
    if ex.groups:
        st.html(groups_html(ex, ctx.language))
    else:
        st.caption("This profile has no criteria.")


def history_lines(ex: health.Explanation, language: str = "en", time_zone: str | None = "UTC") -> list[str]:
    """One markdown line per score event, newest first."""
    lines = []
    for h in ex.history:
        when = records.moment(h.at, language, time_zone)
        new = i18n.number(h.new_score, language)
        move = new if h.old_score is None else f"{i18n.number(h.old_score, language)} → {new}"
        category = CATEGORY_LABELS.get(h.new_category, h.new_category)
        if h.old_category and h.old_category != h.new_category:
            category = f"{CATEGORY_LABELS.get(h.old_category, h.old_category)} → {category}"
        lines.append(f"- **{md(when)}** · {md(move)} ({md(category)}) · {md(h.trigger)}  \n  :gray[{md(h.reason)}]")
    return lines


def _history(ex: health.Explanation, ctx: Context) -> None:
    label = f"Score history ({len(ex.history)}{'+' if len(ex.history) >= health.HISTORY_LIMIT else ''})"
    with st.expander(label, icon=":material/history:"):
        lines = history_lines(ex, ctx.language, ctx.time_zone)
        if lines:
            st.markdown("\n".join(lines))
        else:
            st.caption("No changes recorded yet.")


def sparkline_figure(ex: health.Explanation, *, height: int = 90) -> go.Figure:
    """The 90-day trend as a small line on a 0–100 scale, thresholds as faint dotted lines,
    no axes or legend; coloured like the current category."""
    return charts.sparkline_figure(
        pd.DataFrame(list(ex.trend), columns=["day", "score"]),
        color=CATEGORY_COLORS.get(ex.category, "#33475b"),
        marks=[t for t in (ex.thresholds.get("healthy"), ex.thresholds.get("neutral")) if t is not None],
        x_range=(ex.trend_from, ex.trend_to),
        height=height,
    )
