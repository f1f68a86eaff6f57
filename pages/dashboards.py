"""Dashboards: shared grids of reports, for everyone or for teams."""

import streamlit as st

from cslib.i18n import _
from cslib.ui import dashboards, nav

actor = nav.guard("dashboards")  # first: it sets the reader's language for this run
st.set_page_config(page_title=_("Dashboards · Customer Success"), layout="wide")
dashboards.render(actor)
