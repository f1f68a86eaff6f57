"""Settings (admins): users and teams, workspace, pipelines, custom objects and import.
Users with only the Import permission see the Import section alone."""

import streamlit as st

from cslib.errors import CsError
from cslib.i18n import _
from cslib.permissions import can_edit_health_scores, can_import, can_manage_settings, can_manage_users
from cslib.ui import health as health_settings
from cslib.ui import imports as import_section
from cslib.ui import nav, settings, writes
from cslib.ui.md import md

actor = nav.guard("settings")  # first: it sets the reader's language for this run
st.set_page_config(page_title=_("Settings · Customer Success"), layout="wide")
st.title(_("Settings"))
writes.show_flash()


def _draw(render) -> None:  # noqa: ANN001
    try:
        render(actor)
    except CsError as exc:  # e.g. something was deleted meanwhile: say so, keep the other tabs
        st.error(md(str(exc)), icon=":material/error:")


if not can_manage_settings(actor):
    st.caption(_("Bring your team's companies, contacts, deals and tasks in from files."))
    _draw(import_section.render)
    st.stop()

st.caption(_("Configure the Customer Success workspace for everyone."))
sections = [
    (_("Workspace"), settings.render_workspace),
    (_("Pipelines"), settings.render_pipelines),
    (_("Custom objects"), settings.render_objects),
    (_("System"), settings.render_system),
]
if can_import(actor):
    sections.insert(3, (_("Import"), import_section.render))
if can_edit_health_scores(actor):
    sections.insert(2, (_("Health scores"), health_settings.render))
if can_manage_users(actor):
    sections.insert(0, (_("Users & teams"), settings.render_users))

tabs = st.tabs([label for label, _render in sections], key="settings_tabs")
for tab, (_label, render) in zip(tabs, sections, strict=True):
    with tab:
        _draw(render)
