"""Projects (or Services, Tickets, a custom object, per Settings): pipelines as a table or a board."""

import streamlit as st

from cslib.i18n import _
from cslib.ui import boards, nav

actor = nav.guard("projects")
st.set_page_config(page_title=_("{page} · Customer Success", page=nav.page_title("projects")), layout="wide")
boards.render_projects_tab(actor)
