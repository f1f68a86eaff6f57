"""Actions: task views with bulk actions, "+ Create task" and the "Start all tasks" queue."""

import streamlit as st

from cslib.ui import nav, task_list

st.set_page_config(page_title="Actions · Customer Success", layout="wide")
actor = nav.guard("actions")
task_list.render(actor)
