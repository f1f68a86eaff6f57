"""Settings (admins): users and teams, workspace, pipelines and custom objects."""

import streamlit as st

from cslib.errors import CsError
from cslib.permissions import can_edit_health_scores, can_manage_users
from cslib.ui import health as health_settings
from cslib.ui import (
    nav,
    settings_objects,
    settings_pipelines,
    settings_system,
    settings_users,
    settings_workspace,
)
from cslib.ui.md import md
from cslib.ui.settings_common import show_flash

st.set_page_config(page_title="Settings · Customer Success", layout="wide")
actor = nav.guard("settings")
st.title("Settings")
st.caption("Configure the Customer Success workspace for everyone.")
show_flash()

sections = [
    ("Workspace", settings_workspace.render),
    ("Pipelines", settings_pipelines.render),
    ("Custom objects", settings_objects.render),
    ("System", settings_system.render),
]
if can_edit_health_scores(actor):
    sections.insert(2, ("Health scores", health_settings.render))
if can_manage_users(actor):
    sections.insert(0, ("Users & teams", settings_users.render))

for tab, (_, render) in zip(st.tabs([label for label, _ in sections], key="settings_tabs"), sections, strict=True):
    with tab:
        try:
            render(actor)
        except CsError as exc:  # e.g. something was deleted meanwhile: say so, keep the other tabs
            st.error(md(str(exc)), icon=":material/error:")
