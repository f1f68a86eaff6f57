"""Report figures: bars (one series or stacked), lines, a donut and a funnel, from
categories and series of values the caller names and colours. Every point carries its
hover text, written by the caller in the reader's language (money, counts), so plotly
never formats a value itself; the axes use the reader's separators.

Bars and line points are selectable (st.plotly_chart's on_select): a click returns the
trace (`curve_number`: the series) and the point (`point_index`: the category), which the
caller maps back to the keys behind them. Hovering is per point, never "x unified": with
a unified hover a click on a stacked bar may select another part of the stack."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import plotly.graph_objects as go

from cslib.charts.base import separators

PALETTE = (
    "#3b6ea8",
    "#e0894a",
    "#4f9d8f",
    "#c4586c",
    "#8a6bb8",
    "#b59a3c",
    "#5d8f3f",
    "#7f8c99",
    "#d4739d",
    "#3f9fc4",
)
NO_VALUE_COLOR = "#b8c2cc"


@dataclass(frozen=True)
class Trace:
    """One series: its legend name, a value per category (None: none) with its hover
    text, and its colour (None: the palette's next)."""

    name: str
    values: Sequence[float | None]
    hover: Sequence[str]
    color: str | None = None


def _layout(title: str, x_title: str, y_title: str, *, legend: bool, height: int) -> dict:
    return dict(
        title=dict(text=title, font=dict(size=15)),
        separators=separators(),
        height=height,
        margin=dict(l=8, r=8, t=44 if title else 28, b=8),
        showlegend=legend,
        legend=dict(orientation="h", yanchor="bottom", y=1.0, xanchor="left", x=0, traceorder="normal"),
        hovermode="closest",
        clickmode="event+select",
        dragmode=False,
        xaxis=dict(title=dict(text=wrapped(x_title)), type="category", automargin=True, tickfont=dict(size=11)),
        yaxis=dict(title=dict(text=wrapped(y_title)), rangemode="tozero", tickformat=",~r", automargin=True),
        plot_bgcolor="rgba(0,0,0,0)",
    )


def wrapped(title: str, width: int = 34) -> str:
    """An axis title on lines of at most about `width` characters (plotly never wraps one,
    and a long one, "Sum of Annual recurring revenue (USD)" in Danish, runs off the chart)."""
    lines: list[str] = []
    for word in title.split(" "):
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return "<br>".join(lines)


def _color(trace: Trace, i: int) -> str:
    return trace.color or PALETTE[i % len(PALETTE)]


def bar_figure(
    categories: Sequence[str],
    traces: Sequence[Trace],
    *,
    title: str,
    x_title: str,
    y_title: str,
    height: int = 340,
    horizontal: bool = False,
) -> go.Figure:
    """Bars over `categories`, stacked when there are several traces (a second group-by).
    `horizontal` lays them across, the first category on top: names (owners, activity
    types) then read level instead of tilted under the bars."""
    place = "y" if horizontal else "x"
    data = [
        dict(
            type="bar",
            orientation="h" if horizontal else "v",
            **{place: list(categories), ("x" if horizontal else "y"): list(t.values)},
            name=t.name,
            marker=dict(color=_color(t, i)),
            customdata=list(t.hover),
            hovertemplate="%{" + place + "}<br>%{customdata}<extra>" + (t.name if len(traces) > 1 else "") + "</extra>",
        )
        for i, t in enumerate(traces)
    ]
    layout = _layout(title, x_title, y_title, legend=len(traces) > 1, height=height)
    layout["barmode"] = "stack"
    if horizontal:
        layout["xaxis"], layout["yaxis"] = layout["yaxis"], layout["xaxis"]
        layout["yaxis"]["autorange"] = "reversed"
    return go.Figure(dict(data=data, layout=layout))


def line_figure(
    categories: Sequence[str],
    traces: Sequence[Trace],
    *,
    title: str,
    x_title: str,
    y_title: str,
    height: int = 340,
) -> go.Figure:
    """A line per trace over ordered `categories` (date buckets, number ranges), with
    markers to hover and click."""
    data = [
        dict(
            type="scatter",
            mode="lines+markers",
            x=list(categories),
            y=list(t.values),
            name=t.name,
            line=dict(color=_color(t, i), width=3),
            marker=dict(size=8, color=_color(t, i)),
            customdata=list(t.hover),
            hovertemplate="%{x}<br>%{customdata}<extra></extra>",
            connectgaps=False,
        )
        for i, t in enumerate(traces)
    ]
    layout = _layout(title, x_title, y_title, legend=len(traces) > 1, height=height)
    layout["yaxis"]["rangemode"] = "normal"
    return go.Figure(dict(data=data, layout=layout))


def donut_figure(
    labels: Sequence[str],
    values: Sequence[float],
    hover: Sequence[str],
    colors: Sequence[str | None],
    *,
    title: str,
    center: str = "",
    height: int = 340,
) -> go.Figure:
    """Slices of a whole; `center` is written in the hole (the total)."""
    data = [
        dict(
            type="pie",
            hole=0.55,
            labels=list(labels),
            values=list(values),
            marker=dict(colors=[c or PALETTE[i % len(PALETTE)] for i, c in enumerate(colors)]),
            customdata=list(hover),
            hovertemplate="%{label}<br>%{customdata}<extra></extra>",
            textinfo="percent",
            sort=False,
            direction="clockwise",
        )
    ]
    layout = _layout(title, "", "", legend=True, height=height)
    layout.pop("xaxis")
    layout.pop("yaxis")
    layout["legend"] = dict(orientation="v", x=1.02, y=0.5)
    layout["annotations"] = [dict(text=center, showarrow=False, font=dict(size=16), x=0.5, y=0.5)] if center else []
    return go.Figure(dict(data=data, layout=layout))


def funnel_figure(
    stages: Sequence[str],
    values: Sequence[float],
    texts: Sequence[str],
    *,
    title: str,
    color: str = PALETTE[0],
    height: int = 340,
) -> go.Figure:
    """Stages top to bottom, each bar as wide as its value, `texts` written on the bars
    (the value and the conversion from the stage before)."""
    data = [
        dict(
            type="funnel",
            y=list(stages),
            x=list(values),
            text=list(texts),
            textinfo="text",
            textposition="auto",  # inside where it fits, else beside the bar
            constraintext="none",
            textfont=dict(size=12),
            marker=dict(color=color),
            connector=dict(line=dict(color="#cbd6e2", width=1)),
            hovertemplate="%{y}<br>%{text}<extra></extra>",
        )
    ]
    layout = _layout(title, "", "", legend=False, height=max(height, 60 + 44 * len(stages)))
    layout["yaxis"] = dict(automargin=True, type="category")
    widest = max((v for v in values if v is not None), default=0) or 1
    # Bars are centred on 0; room on the right for the numbers beside the narrow ones.
    layout["xaxis"] = dict(visible=False, range=[-widest / 2, widest * 1.5])
    return go.Figure(dict(data=data, layout=layout))
