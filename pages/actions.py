"""Actions: task views with bulk actions, "+ Create task" and the "Start all tasks" queue;
"Alerts" (`?tab=alerts`) lists health alerts."""

import streamlit as st

from cslib.ui import alert_list, nav, task_list

st.set_page_config(page_title="Actions · Customer Success", layout="wide")
actor = nav.guard("actions")
if alert_list.tab_switch() == "alerts":
    alert_list.render(actor)
else:
    task_list.render(actor)
