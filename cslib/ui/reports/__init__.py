"""Reports on screen: one report drawn with its click-through (`render_report`), and the
report builder page."""

from cslib.ui.reports.chart import render_report, url_of

BUILDER_PAGE = "pages/report.py"

__all__ = ["BUILDER_PAGE", "render_report", "url_of"]
