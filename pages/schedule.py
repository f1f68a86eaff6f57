"""Schedule: a calendar of the user's tasks and meetings (day, week, month)."""

import streamlit as st

from cslib.ui import nav, schedule

st.set_page_config(page_title="Schedule · Customer Success", layout="wide")
actor = nav.guard("schedule")
schedule.render(actor)
