"""Settings (admins): users and teams, workspace, pipelines and custom objects."""

import streamlit as st

from cslib.errors import CsError
from cslib.permissions import can_edit_health_scores, can_manage_users
from cslib.ui import health as health_settings
from cslib.ui import nav, settings, writes
from cslib.ui.md import md

st.set_page_config(page_title="Settings · Customer Success", layout="wide")
actor = nav.guard("settings")
st.title("Settings")
st.caption("Configure the Customer Success workspace for everyone.")
writes.show_flash()

sections = [
    ("Workspace", settings.render_workspace),
    ("Pipelines", settings.render_pipelines),
    ("Custom objects", settings.render_objects),
    ("System", settings.render_system),
]
if can_edit_health_scores(actor):
    sections.insert(2, ("Health scores", health_settings.render))
if can_manage_users(actor):
    sections.insert(0, ("Users & teams", settings.render_users))

for tab, (_, render) in zip(st.tabs([label for label, _ in sections], key="settings_tabs"), sections, strict=True):
    with tab:
        try:
            render(actor)
        except CsError as exc:  # e.g. something was deleted meanwhile: say so, keep the other tabs
            st.error(md(str(exc)), icon=":material/error:")
