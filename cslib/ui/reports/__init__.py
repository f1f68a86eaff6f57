"""Reports on screen: one report drawn with its click-through (`render_report`), and the
report builder page."""

import streamlit as st

from cslib.ui.md import same_tab_link
from cslib.ui.reports.chart import render_report, url_of

BUILDER_PAGE = "pages/report.py"


def builder_link(label: str, report_id: int | None = None) -> None:
    """A link to the report builder (a report opened in it, with `report_id`), in the same
    tab; an anchor, so it also draws on a page run without the app's navigation."""
    params = {"id": str(report_id)} if report_id is not None else {}
    st.markdown(same_tab_link(label, url_of(BUILDER_PAGE, params).rstrip("?")), unsafe_allow_html=True)


__all__ = ["BUILDER_PAGE", "builder_link", "render_report", "url_of"]
