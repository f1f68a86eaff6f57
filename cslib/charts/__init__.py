"""Plotly figures, the one home for charts: pure functions from data (a DataFrame, a few
numbers and words) to a Figure, which the UI draws with st.plotly_chart. No database, no
Streamlit and no domain vocabulary here: callers pass the series to draw with their labels
and colours, and the titles, so the Overview, reports and dashboards share them.

Figures are built in one constructor call from plain dicts: plotly validates every
property assignment, and update_* calls or make_subplots cost tens of milliseconds a
chart, on every rerun of a page.

Language: callers pass every word already translated; the numbers and days plotly draws
itself (axis ticks, hover headers) follow the reader's language through `config()` (month
and day names) and each figure's `separators`, both read from Babel's data for the
reader's locale. Hover texts are made by the callers through `cslib.i18n`, never by plotly.

Modules, lowest first:
- base: the reader's language for plotly, the shared layout and bars;
- health: the health score's figures (Overview);
- reports: bars, lines, donut and funnel of a report.
"""

from cslib.charts.base import MIN_SPAN_DAYS, Series, config, day_format, separators
from cslib.charts.health import over_time_figure, score_bands_figure, sparkline_figure, stacked_bars_figure
from cslib.charts.reports import NO_VALUE_COLOR, PALETTE, Trace, bar_figure, donut_figure, funnel_figure, line_figure

__all__ = [
    "MIN_SPAN_DAYS",
    "NO_VALUE_COLOR",
    "PALETTE",
    "Series",
    "Trace",
    "bar_figure",
    "config",
    "day_format",
    "donut_figure",
    "funnel_figure",
    "line_figure",
    "over_time_figure",
    "score_bands_figure",
    "separators",
    "sparkline_figure",
    "stacked_bars_figure",
]
