"""Revenue: the revenue pipelines chosen in Settings (deals, subscriptions) as a table or a board."""

import streamlit as st

from cslib.i18n import _
from cslib.ui import boards, nav

actor = nav.guard("revenue")
st.set_page_config(page_title=_("{page} · Customer Success", page=_("Revenue")), layout="wide")
boards.render_revenue_tab(actor)
