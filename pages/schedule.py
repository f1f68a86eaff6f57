"""Schedule: a calendar of the user's tasks and meetings (day, week, month)."""

import streamlit as st

from cslib.i18n import _
from cslib.ui import nav, schedule

actor = nav.guard("schedule")  # first: it sets the reader's language for this run
st.set_page_config(page_title=_("Schedule · Customer Success"), layout="wide")
schedule.render(actor)
