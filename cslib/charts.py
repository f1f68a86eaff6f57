"""Plotly figures, the one home for charts: pure functions from data (a DataFrame, a few
numbers and words) to a Figure, which the UI draws with st.plotly_chart. No database, no
Streamlit and no domain vocabulary here: callers pass the series to draw as
(column, label, colour) triples and the titles, so reports and dashboards can reuse them.

Figures are built in one constructor call from plain dicts: plotly validates every
property assignment, and update_* calls or make_subplots cost tens of milliseconds a
chart, on every rerun of a page.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, timedelta

import pandas as pd
import plotly.graph_objects as go

Series = tuple[str, str, str]  # (column of the data, label in the legend, colour)
MIN_SPAN_DAYS = 6  # a chart over time spans at least a week


def _layout(title: str, **axes: dict) -> dict:
    return dict(
        title=dict(text=title),
        height=320,
        margin=dict(l=8, r=8, t=40, b=8),
        legend=dict(orientation="h", yanchor="top", y=-0.2, xanchor="left", x=0, traceorder="normal"),
        hovermode="x unified",
        **axes,
    )


def _bars(bins: pd.DataFrame, series: Sequence[Series], hover: str, **bar: object) -> list[dict]:
    """One bar trace per series column, over the index of `bins`, to be stacked."""
    x = bins.index.tolist()
    return [
        dict(type="bar", x=x, y=bins[column].tolist(), name=label, marker=dict(color=color), hovertemplate=hover, **bar)
        for column, label, color in series
    ]


def stacked_bars_figure(
    bins: pd.DataFrame, series: Sequence[Series], *, title: str, x_title: str, y_title: str, hover: str
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
    hover: str,
) -> go.Figure:
    """Touching bars on a 0–100 axis, one per 10-point band (the index of `bins`: the band
    centres), each stacked from the series columns, with dotted vertical lines at `marks`."""
    bars = [
        bar | {"hovertemplate": f"{hover}<extra>{bar['name']}</extra>"} for bar in _bars(bins, series, hover, width=9.4)
    ]
    lines = [
        dict(type="line", x0=v, x1=v, y0=0, y1=1, yref="paper", line=dict(color="#6b6f76", width=1, dash="dot"))
        for v in marks
    ]
    layout = dict(
        title=dict(text=title),
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
    share (dotted, right axis 0–100 %), one point per row of `df` (column "day")."""
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
            name=f"{label} %",
            mode=mode,
            line=dict(color=color, width=2, dash="dot"),
            hovertemplate="%{y:.1f} %",
            yaxis="y2",
        )
        for column, label, color in series
    ]
    xaxis = dict(tickformat="%b %d")
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
    trend: pd.DataFrame, *, color: str, marks: Iterable[float], x_range: tuple[date, date], height: int = 90
) -> go.Figure:
    """A small line of `trend` (columns day and score) on a 0–100 scale over `x_range`,
    `marks` as faint dotted lines, no axes or legend."""
    days = trend["day"].tolist()
    scores = trend["score"].tolist()
    fig = go.Figure(
        go.Scatter(
            x=days,
            y=scores,
            mode="lines+markers" if len(days) < 2 else "lines",
            line={"color": color, "width": 2, "shape": "hv"},
            marker={"color": color, "size": 6},
            fill="tozeroy",
            fillcolor=_fade(color),
            hovertemplate="%{x|%b %-d, %Y}: %{y:.1f}<extra></extra>",
            name="Score",
        )
    )
    for mark in marks:
        fig.add_hline(y=float(mark), line={"color": "#cbd6e2", "width": 1, "dash": "dot"})
    fig.update_layout(
        height=height,
        margin={"l": 0, "r": 0, "t": 4, "b": 0},
        showlegend=False,
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
