"""What every chart shares (see the package's docstring for how figures are built and
how they follow the reader's language): plotly's `config` and `separators` in the
reader's language, `day_format`, the common layout and bars."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import cache

import pandas as pd
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


def base_layout(title: str, **axes: dict) -> dict:
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


def bar_traces(bins: pd.DataFrame, series: Sequence[Series], hover: Hover, **bar: object) -> list[dict]:
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


def faded(hex_color: str, alpha: float = 0.12) -> str:
    h = hex_color.lstrip("#")
    r, g, b = (int(h[i : i + 2], 16) for i in (0, 2, 4))
    return f"rgba({r},{g},{b},{alpha})"
