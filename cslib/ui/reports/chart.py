"""One report drawn: its chart (or KPI number, or table), "No data yet" when there is
nothing to draw, a "View data" table with a link to each group's list, and the
click-through: a click on a bar or point opens the list of exactly those records."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

import pandas as pd
import streamlit as st

from cslib import charts, health, i18n, reports
from cslib.i18n import _
from cslib.permissions import Actor, can_open_tab
from cslib.reports import ReportResult, ReportView
from cslib.ui import session
from cslib.ui.md import md, same_tab_link

# Colours that mean the same everywhere: health statuses, and an alert's direction.
DIRECTION_COLORS = {"down": health.CATEGORY_COLORS["at_risk"], "up": health.CATEGORY_COLORS["healthy"]}
COLORED = {
    "health_category": health.CATEGORY_COLORS,
    "new_category": health.CATEGORY_COLORS,
    "old_category": health.CATEGORY_COLORS,
    "direction": DIRECTION_COLORS,
}


def render_report(
    view: ReportView,
    reader: Actor,
    *,
    key: str,
    scope: reports.Scope | None = None,
    toolbar: Callable[[], None] | None = None,
    height: int = 340,
) -> None:
    """Draw `view` in a bordered card; `toolbar` draws buttons beside the title. Bars open
    their list only for a `reader` who may open the tab listing them."""
    with st.container(border=True):
        head, tools = st.columns([7, 1], vertical_alignment="top")
        head.markdown(f"**{md(view.report.name)}**")
        if view.report.description:
            head.caption(md(view.report.description))
        if toolbar is not None:
            with tools:
                toolbar()
        if view.error:
            st.warning(_("This report cannot run: {reason}", reason=md(view.error)))
            return
        result = view.result
        if view.ignores_owners:
            st.caption(_("The owner filter does not apply to this report."))
        if result.empty:
            st.info(_("No data yet"), icon=":material/bar_chart:")
            return
        tab = reports.list_tab(result.definition.object)
        links = _links(result, scope) if tab and can_open_tab(reader, tab) else {}
        _draw(result, key=key, links=links, height=height)
        with st.expander(_("View data")):
            _data_table(result, links)


def _draw(result: ReportResult, *, key: str, links: dict, height: int) -> None:
    d = result.definition
    if d.chart == "kpi":
        value = result.rows[0][-1]
        st.metric(result.measure_title, result.format(value))
        link = links.get(())
        if link:
            st.markdown(same_tab_link(_("View the records"), url_of(*link)), unsafe_allow_html=True)
        return
    if d.chart == "table":
        _data_table(result, links)
        return
    figure, keys_of = _figure(result, height)
    event = st.plotly_chart(
        figure,
        config=charts.config(),
        key=key,
        on_select="rerun" if links else "ignore",
        selection_mode=("points",),
        width="stretch",
    )
    if links and event and event.selection and event.selection.points:
        point = event.selection.points[0]
        keys = keys_of(point.get("curve_number", 0), point.get("point_index", point.get("point_number", 0)))
        target = links.get(keys)
        if target:
            st.switch_page(target[0], query_params=target[1])


def _figure(result: ReportResult, height: int):  # noqa: ANN202
    """The figure and a function from a clicked (trace, point) to the group keys."""
    d = result.definition
    first = result.dimensions[0]
    title = result.measure_title
    values = {tuple(r[:-1]): r[-1] for r in result.rows}
    if d.chart == "donut":
        vals = [values.get((k,), 0) or 0 for k in first.keys]
        colors = [_color(first.property, k) for k in first.keys]
        center = result.format(result.total) if result.total is not None else ""
        fig = charts.donut_figure(
            first.labels, vals, [result.format(v) for v in vals], colors, title="", center=center, height=height
        )
        return fig, lambda _c, p: (first.keys[p],)
    if d.chart == "funnel":
        vals = [values.get((k,), 0) or 0 for k in first.keys]
        texts = _funnel_texts(result, vals)
        return charts.funnel_figure(first.labels, vals, texts, title="", height=height), lambda _c, p: (first.keys[p],)
    if len(result.dimensions) == 1:
        vals = [values.get((k,)) for k in first.keys]
        traces = [charts.Trace(title, vals, [result.format(v) for v in vals], _single_color(first))]
        keys_of = lambda _c, p: (first.keys[p],)  # noqa: E731
    else:
        second = result.dimensions[1]
        traces = []
        for k2, label2 in zip(second.keys, second.labels, strict=True):
            vals = [values.get((k1, k2)) for k1 in first.keys]
            traces.append(charts.Trace(label2, vals, [result.format(v) for v in vals], _color(second.property, k2)))
        keys_of = lambda c, p: (first.keys[p], second.keys[c])  # noqa: E731
    y_title = title if result.value_kind != reports.MONEY else f"{title} ({result.currency})"
    if d.chart == "line":
        figure = charts.line_figure(first.labels, traces, title="", x_title=first.title, y_title=y_title, height=height)
        return figure, keys_of
    across = len(result.dimensions) == 1 and d.group_by[0].bucket is None and d.group_by[0].bin is None
    figure = charts.bar_figure(
        first.labels,
        traces,
        title="",
        x_title=first.title,
        y_title=y_title,
        height=max(height, 60 + 26 * len(first.labels)) if across else height,
        horizontal=across,
    )
    return figure, keys_of


def _single_color(dim: reports.Dimension) -> str | None:
    return None if dim.property not in COLORED else charts.PALETTE[0]


def _color(prop: str, key: object) -> str | None:
    if key is None:
        return charts.NO_VALUE_COLOR
    return COLORED.get(prop, {}).get(key)


def _funnel_texts(result: ReportResult, values: list[float]) -> list[str]:
    out = []
    for i, v in enumerate(values):
        if i == 0 or not values[i - 1]:
            out.append(result.format(v, compact=True))
        else:
            out.append(f"{result.format(v, compact=True)} · {i18n.percent(v / values[i - 1])}")
    return out


def _links(result: ReportResult, scope: reports.Scope | None) -> dict[tuple, tuple[str, dict[str, str]]]:
    """{group keys: (page, URL parameters)} of every group of the result (none when no
    tab lists the report's records)."""
    d = result.definition
    if not reports.can_drill(d):
        return {}
    out = {}
    with session.reading() as s:
        extra, _ignored = reports.scope_filter(s, d, scope)
        if d.chart == "kpi":
            link = reports.drill_link(s, d, (), scope=extra)
            return {(): link} if link else {}
        stages = [r[0] for r in result.rows] if d.chart == "funnel" else []
        for r in result.rows:
            keys = tuple(r[:-1])
            later = tuple(stages[stages.index(keys[0]) :]) if stages else ()
            link = reports.drill_link(s, d, keys, scope=extra, funnel_keys=later)
            if link:
                out[keys] = link
    return out


def url_of(page: str, params: dict[str, str]) -> str:
    """The address of a page script with parameters: pages/customers.py → /customers?…"""
    path = page.removeprefix("pages/").removesuffix(".py")
    return f"/{path}?{urlencode(params)}"


def _data_table(result: ReportResult, links: dict) -> None:
    table: dict[str, list] = {}
    for level, dim in enumerate(result.dimensions):
        table[dim.title] = [result.label(level, r[level]) for r in result.rows]
    table[result.measure_title] = [result.format(r[-1]) for r in result.rows]
    if result.definition.chart == "funnel":
        vals = [r[-1] or 0 for r in result.rows]
        table[_("Conversion from the stage before")] = [
            "" if i == 0 or not vals[i - 1] else i18n.percent(v / vals[i - 1]) for i, v in enumerate(vals)
        ]
    column_config = {}
    if links:
        name = _("List")
        table[name] = [url_of(*links[tuple(r[:-1])]) if tuple(r[:-1]) in links else None for r in result.rows]
        column_config[name] = st.column_config.LinkColumn(name, display_text=_("Open list"))
    st.dataframe(pd.DataFrame(table), hide_index=True, width="stretch", column_config=column_config)
