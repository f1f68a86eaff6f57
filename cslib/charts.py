"""Plotly figures, the one home for charts: pure functions from data (a DataFrame, a few
numbers and words) to a Figure, which the UI draws with st.plotly_chart. No database, no
Streamlit and no domain vocabulary here: callers pass the series to draw as
(column, label, colour) triples and the titles, so reports and dashboards can reuse them.

Figures are built in one constructor call from plain dicts: plotly validates every
property assignment, and update_* calls or make_subplots cost tens of milliseconds a
chart, on every rerun of a page.

Language: callers pass every word already translated; the numbers and days plotly draws
itself (axis ticks, hover headers) follow the reader's language through `config()` (month
and day names) and each figure's `separators`, both read from Babel's data for the
reader's locale. Hover texts are made here through `cslib.i18n`, never by plotly.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from datetime import date, timedelta
from functools import cache

import pandas as pd
import plotly.graph_objects as go
from babel import Locale
from babel.numbers import get_decimal_symbol, get_group_symbol

from cslib import i18n

Series = tuple[str, str, str]  # (column of the data, label in the legend, colour)
MIN_SPAN_DAYS = 6  # a chart over time spans at least a week
BASE_CONFIG = {"displayModeBar": False, "displaylogo": False}
_DATE_TOKEN = re.compile(r"'[^']*'|y+|M+|d+")
_D3 = {"MMMM": "%B", "MMM": "%b", "MM": "%m", "M": "%-m", "dd": "%d", "d": "%-d"}


# --- the reader's language ------------------------------------------------------------


def config(**extra: object) -> dict:
    """st.plotly_chart's `config` in the reader's language: plotly's month and day names,
    decimal and thousands separators (English is plotly's own)."""
    out = {**BASE_CONFIG, **extra}
    language = i18n.current()
    if language != i18n.DEFAULT_LANGUAGE:
        out |= {"locale": language, "locales": {language: {"format": _plotly_format(i18n.locale_for(language))}}}
    return out


@cache
def _plotly_format(locale: str) -> dict:
    loc = Locale.parse(locale)
    days, months = loc.days["format"], loc.months["format"]
    sunday_first = [6, 0, 1, 2, 3, 4, 5]  # plotly's weeks start on Sunday; Babel's on Monday (0)
    return {
        "days": [days["wide"][i] for i in sunday_first],
        "shortDays": [days["abbreviated"][i] for i in sunday_first],
        "months": [months["wide"][i] for i in range(1, 13)],
        "shortMonths": [months["abbreviated"][i] for i in range(1, 13)],
        "decimal": get_decimal_symbol(locale),
        "thousands": get_group_symbol(locale),
    }


def separators() -> str:
    """Plotly's `separators` (decimal, then thousands) in the reader's number format."""
    locale = i18n.locale_for()
    return get_decimal_symbol(locale) + get_group_symbol(locale)


@cache
def _day_format(locale: str, skeleton: str) -> str:
    """A d3 time format for a Babel skeleton in `locale`: "MMMd" -> "%b %-d" (en_US),
    "%-d. %b" (da_DK), "%-d %b" (pl_PL)."""
    pattern = Locale.parse(locale).datetime_skeletons[skeleton].pattern

    def token(m: re.Match) -> str:
        t = m.group(0)
        if t.startswith("'"):
            return t[1:-1] or "'"
        return "%Y" if t.startswith("y") else _D3.get(t, t)

    return _DATE_TOKEN.sub(token, pattern)


def day_format(skeleton: str = "MMMd") -> str:
    return _day_format(i18n.locale_for(), skeleton)


def _layout(title: str, **axes: dict) -> dict:
    return dict(
        title=dict(text=title),
        separators=separators(),
        height=320,
        margin=dict(l=8, r=8, t=40, b=8),
        legend=dict(orientation="h", yanchor="top", y=-0.2, xanchor="left", x=0, traceorder="normal"),
        hovermode="x unified",
        **axes,
    )


Hover = Callable[[float], str]  # a bar's value -> its hover text ("3 customers")


def _bars(bins: pd.DataFrame, series: Sequence[Series], hover: Hover, **bar: object) -> list[dict]:
    """One bar trace per series column, over the index of `bins`, to be stacked."""
    x = bins.index.tolist()
    return [
        dict(
            type="bar",
            x=x,
            y=bins[column].tolist(),
            name=label,
            marker=dict(color=color),
            customdata=[hover(v) for v in bins[column].tolist()],
            hovertemplate="%{customdata}",
            **bar,
        )
        for column, label, color in series
    ]


def stacked_bars_figure(
    bins: pd.DataFrame, series: Sequence[Series], *, title: str, x_title: str, y_title: str, hover: Hover
) -> go.Figure:
    """Stacked bars: one bar per row of `bins` (its index labels the x axis, as categories),
    split into one part per series column."""
    bars = _bars(bins, series, hover)
    layout = _layout(
        title,
        barmode="stack",
        xaxis=dict(title=dict(text=x_title), type="category", tickangle=0, tickfont=dict(size=10)),
        yaxis=dict(title=dict(text=y_title), rangemode="tozero", tickformat=",d"),
    )
    return go.Figure(dict(data=bars, layout=layout))


def score_bands_figure(
    bins: pd.DataFrame,
    series: Sequence[Series],
    *,
    marks: Iterable[float],
    title: str,
    x_title: str,
    y_title: str,
    hover: Hover,
) -> go.Figure:
    """Touching bars on a 0–100 axis, one per 10-point band (the index of `bins`: the band
    centres), each stacked from the series columns, with dotted vertical lines at `marks`."""
    bars = [
        bar | {"hovertemplate": f"%{{customdata}}<extra>{bar['name']}</extra>"}
        for bar in _bars(bins, series, hover, width=9.4)
    ]
    lines = [
        dict(type="line", x0=v, x1=v, y0=0, y1=1, yref="paper", line=dict(color="#6b6f76", width=1, dash="dot"))
        for v in marks
    ]
    layout = dict(
        title=dict(text=title),
        separators=separators(),
        height=320,
        margin=dict(l=8, r=8, t=40, b=40),
        barmode="stack",
        bargap=0,
        shapes=lines,
        legend=dict(orientation="h", yanchor="top", y=-0.3, xanchor="left", x=0, traceorder="normal"),
        xaxis=dict(title=dict(text=x_title), range=[0, 100], tickvals=list(range(0, 101, 10))),
        yaxis=dict(title=dict(text=y_title), rangemode="tozero", tickformat=",d"),
    )
    return go.Figure(dict(data=bars, layout=layout))


def over_time_figure(
    df: pd.DataFrame,
    series: Sequence[Series],
    *,
    value: str,
    value_label: str,
    title: str,
    y_title: str,
    y2_title: str,
) -> go.Figure:
    """The `value` column as a solid line (left axis 0–100) and each series column as a
    share (dotted, right axis 0–100 %), one point per row of `df` (column "day"). The
    series' labels are the legend's as given ("At risk %")."""
    mode = "lines+markers" if len(df) < 3 else "lines"
    days = list(df["day"])
    lines = [
        dict(
            type="scatter",
            x=days,
            y=list(df[value]),
            name=value_label,
            mode=mode,
            line=dict(color="#31333f", width=3),
            hovertemplate="%{y:.1f}",
        )
    ]
    lines += [
        dict(
            type="scatter",
            x=days,
            y=list(df[column]),
            name=label,
            mode=mode,
            line=dict(color=color, width=2, dash="dot"),
            customdata=[i18n.percent(v / 100) for v in df[column]],
            hovertemplate="%{customdata}",
            yaxis="y2",
        )
        for column, label, color in series
    ]
    xaxis = dict(tickformat=day_format("MMMd"), hoverformat=day_format("yMMMd"))
    if len(df) and df["day"].iloc[-1] - df["day"].iloc[0] < pd.Timedelta(days=MIN_SPAN_DAYS):
        # A new series has a point or two: show a week, or plotly ticks hours ("Nov 21" twice).
        last = df["day"].iloc[-1]
        xaxis["range"] = [last - pd.Timedelta(days=MIN_SPAN_DAYS, hours=12), last + pd.Timedelta(hours=12)]
    layout = _layout(
        title,
        xaxis=xaxis,
        yaxis=dict(title=dict(text=y_title), range=[0, 100]),
        yaxis2=dict(title=dict(text=y2_title), range=[0, 100], overlaying="y", side="right", showgrid=False),
    )
    return go.Figure(dict(data=lines, layout=layout))


def sparkline_figure(
    trend: pd.DataFrame,
    *,
    color: str,
    marks: Iterable[float],
    x_range: tuple[date, date],
    height: int = 90,
    name: str = "",
) -> go.Figure:
    """A small line of `trend` (columns day and score) on a 0–100 scale over `x_range`,
    `marks` as faint dotted lines, no axes or legend; `name` names the line."""
    days = trend["day"].tolist()
    scores = trend["score"].tolist()
    hover = [f"{i18n.day(d)}: {i18n.number(round(s, 1))}" for d, s in zip(days, scores, strict=True)]
    fig = go.Figure(
        go.Scatter(
            x=days,
            y=scores,
            mode="lines+markers" if len(days) < 2 else "lines",
            line={"color": color, "width": 2, "shape": "hv"},
            marker={"color": color, "size": 6},
            fill="tozeroy",
            fillcolor=_fade(color),
            customdata=hover,
            hovertemplate="%{customdata}<extra></extra>",
            name=name,
        )
    )
    for mark in marks:
        fig.add_hline(y=float(mark), line={"color": "#cbd6e2", "width": 1, "dash": "dot"})
    fig.update_layout(
        height=height,
        margin={"l": 0, "r": 0, "t": 4, "b": 0},
        showlegend=False,
        separators=separators(),
        paper_bgcolor="rgba(0,0,0,0)",
        plot_bgcolor="rgba(0,0,0,0)",
        xaxis={
            "visible": False,
            "fixedrange": True,
            "range": [x_range[0] - timedelta(hours=12), x_range[1] + timedelta(hours=12)],
        },
        yaxis={"visible": False, "range": [0, 104], "fixedrange": True},
        hovermode="x",
    )
    return fig


def _fade(hex_color: str, alpha: float = 0.12) -> str:
    h = hex_color.lstrip("#")
    r, g, b = (int(h[i : i + 2], 16) for i in (0, 2, 4))
    return f"rgba({r},{g},{b},{alpha})"
