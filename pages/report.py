"""Report builder: make or change a report, with a live preview."""

import streamlit as st

from cslib.i18n import _
from cslib.ui import nav
from cslib.ui.reports import builder

actor = nav.guard("report")  # first: it sets the reader's language for this run
st.set_page_config(page_title=_("Report builder · Customer Success"), layout="wide")
builder.render(actor)
