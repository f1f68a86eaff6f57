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

from cslib import charts, health, i18n
from cslib.errors import CsError
from cslib.health import CATEGORY_COLORS, category_label
from cslib.i18n import N_, _, ngettext
from cslib.models import utcnow
from cslib.permissions import Actor
from cslib.ui import session
from cslib.ui.choices import fixed
from cslib.ui.health_badge import category_badge
from cslib.ui.md import md
from cslib.ui.record.about import Context

NOT_SCORED = N_(
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
        st.caption(f":material/monitor_heart: {_(NOT_SCORED)}")
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
        _history(explanation, ctx, key=key)


def _chosen(profiles: list[health.ProfileChoice], pick_key: str) -> int:
    """The primary profile unless the user picked another one that still scores the customer."""
    ids = [p.id for p in profiles]
    if st.session_state.get(pick_key) not in ids:
        st.session_state[pick_key] = ids[0]
    return int(st.session_state[pick_key])


def _head(profiles: list[health.ProfileChoice], ex: health.Explanation, ctx: Context, pick_key: str) -> None:
    computed = i18n.moment(ex.computed_at, ctx.language, ctx.time_zone)
    if len(profiles) == 1:
        note = _("“{profile}” · computed {when}", profile=md(ex.profile_name), when=md(computed))
        st.markdown(_heading(note))
        return
    title, pick = st.columns([3, 2], vertical_alignment="center")
    title.markdown(_heading(_("computed {when}", when=md(computed))))
    names = {p.id: p.name for p in profiles}
    pick.selectbox(
        _("Score profile"),
        list(names),
        format_func=fixed({i: _("Profile: {name}", name=n) for i, n in names.items()}),
        key=pick_key,
        label_visibility="collapsed",
        help=_("Several health score profiles score this customer; the first is its primary score."),
    )


def _heading(note: str) -> str:
    """ "**Health score** · when it was computed", the note in grey (markdown)."""
    return "**" + _("Health score") + "** &nbsp; :gray[" + note + "]"


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
        pct = i18n.percent(round(ex.coverage, 2), ctx.language, digits=0)
        st.caption(_("{percent} of points from real data: groups with no data are left out.", percent=pct))


def changes_text(change_7: float | None, change_30: float | None, language: str | None = None) -> str:
    """ "▲ 4 in 7 days · ▼ 10 in 30 days" in green and red; what is unknown is left out."""
    if change_7 == 0 and change_30 == 0:
        return ":gray[" + _("No change in 30 days") + "]"
    parts = []
    for change, days in ((change_7, 7), (change_30, 30)):
        if change is None:
            continue
        amount = i18n.number(abs(round(change, 1)), language)
        span = ngettext("{amount} in {n} day", "{amount} in {n} days", days, amount=amount)
        if change > 0:
            parts.append(f":green[▲ {span}]")
        elif change < 0:
            parts.append(f":red[▼ {span}]")
        else:
            parts.append(":gray[" + ngettext("no change in {n} day", "no change in {n} days", days) + "]")
    return " · ".join(parts) if parts else ":gray[" + _("No earlier score to compare with yet.") + "]"


def _sparkline(ex: health.Explanation, *, key: str) -> None:
    if len(ex.trend) < 2:  # one dot says nothing: wait for a second day
        st.caption(_("The trend line starts once the score has been recomputed on another day."))
        return
    st.plotly_chart(
        sparkline_figure(ex),
        width="stretch",
        config=charts.config(staticPlot=False),
        key=f"{key}:health:spark:{ex.profile_id}",
    )
    st.caption(ngettext("Last {n} day", "Last {n} days", health.TREND_DAYS))


def _drag(ex: health.Explanation) -> None:
    if ex.drag is not None:
        st.markdown(f":material/trending_down: {drag_text(ex.drag)}")
    elif ex.score < 100:
        st.caption(_("Every criterion with data gives its best points."))


def drag_text(drag: health.Drag) -> str:
    """ "Biggest drag: **NPS score** (−12 points)" (the label through md())."""
    points = drag.points
    amount = health.MINUS + health.points_text(points)
    whole = int(points) if float(points).is_integer() else 2  # a fraction reads as "points"
    return ngettext(
        "Biggest drag: **{criterion}** ({n} point)",
        "Biggest drag: **{criterion}** ({n} points)",
        whole,
        criterion=md(drag.label),
        n=amount,
    )


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
                + _cell(html.escape(_("no data — left out")), muted=True)
                + _cell(html.escape(_("{points} of {max}", points="—", max=of)), right=True, muted=True)
                + "</tr>"
            )
        else:
            got = i18n.number(round(g.points or 0.0, 1), language)
            rows.append(
                "<tr>"
                + _cell(name, bold=True)
                + _cell(_bar(g))
                + _cell(html.escape(_("{points} of {max}", points=got, max=of)), right=True, bold=True)
                + "</tr>"
            )
        for c in g.criteria:
            # In a group left out as a whole, the group row already says so.
            left_out = c.missing and c.value_text == _(health.NO_DATA) and not g.missing
            value = _("no data — left out") if left_out else c.value_text
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
        st.caption(_("This profile has no criteria."))


def history_lines(ex: health.Explanation, language: str | None = None, time_zone: str | None = "UTC") -> list[str]:
    """One markdown line per score event, newest first."""
    lines = []
    for h in ex.history:
        when = i18n.moment(h.at, language, time_zone)
        new = i18n.number(h.new_score, language)
        move = new if h.old_score is None else f"{i18n.number(h.old_score, language)} → {new}"
        category = category_label(h.new_category)
        if h.old_category and h.old_category != h.new_category:
            category = f"{category_label(h.old_category)} → {category}"
        lines.append(f"- **{md(when)}** · {md(move)} ({md(category)}) · {md(h.trigger)}  \n  :gray[{md(h.reason)}]")
    return lines


def _history(ex: health.Explanation, ctx: Context, *, key: str) -> None:
    count = i18n.number(len(ex.history)) + ("+" if len(ex.history) >= health.HISTORY_LIMIT else "")
    label = _("Score history ({count})", count=count)
    with st.expander(label, icon=":material/history:", key=f"{key}:health:history:{ex.profile_id}"):
        lines = history_lines(ex, ctx.language, ctx.time_zone)
        if lines:
            st.markdown("\n".join(lines))
        else:
            st.caption(_("No changes recorded yet."))


def sparkline_figure(ex: health.Explanation, *, height: int = 90) -> go.Figure:
    """The 90-day trend as a small line on a 0–100 scale, thresholds as faint dotted lines,
    no axes or legend; coloured like the current category."""
    return charts.sparkline_figure(
        pd.DataFrame(list(ex.trend), columns=["day", "score"]),
        color=CATEGORY_COLORS.get(ex.category, "#33475b"),
        marks=[t for t in (ex.thresholds.get("healthy"), ex.thresholds.get("neutral")) if t is not None],
        x_range=(ex.trend_from, ex.trend_to),
        height=height,
        name=_("Score"),
    )
