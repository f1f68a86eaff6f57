"""Actions: task views with bulk actions, "+ Create task" and the "Start all tasks" queue;
"Alerts" (`?tab=alerts`) lists health alerts."""

import streamlit as st

from cslib.i18n import _
from cslib.ui import alerts as alerts_ui
from cslib.ui import nav
from cslib.ui import tasks as tasks_ui

actor = nav.guard("actions")  # sets the reader's language first
st.set_page_config(page_title=_("Actions · Customer Success"), layout="wide")
if alerts_ui.tab_switch() == "alerts":
    alerts_ui.render(actor)
else:
    tasks_ui.render(actor)
