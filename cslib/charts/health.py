"""The health score's figures (Overview): score bands, stacked bars, the average over
time and the sparkline of one customer."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, timedelta

import pandas as pd
import plotly.graph_objects as go

from cslib import i18n
from cslib.charts.base import MIN_SPAN_DAYS, Hover, Series, bar_traces, base_layout, day_format, faded, separators


def stacked_bars_figure(
    bins: pd.DataFrame, series: Sequence[Series], *, title: str, x_title: str, y_title: str, hover: Hover
) -> go.Figure:
    """Stacked bars: one bar per row of `bins` (its index labels the x axis, as categories),
    split into one part per series column."""
    bars = bar_traces(bins, series, hover)
    layout = base_layout(
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
        for bar in bar_traces(bins, series, hover, width=9.4)
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
    layout = base_layout(
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
            fillcolor=faded(color),
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
