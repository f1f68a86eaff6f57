"""Settings › Workspace: name, default language, owner property, the projects object,
revenue pipelines."""

from __future__ import annotations

import streamlit as st

from cslib import i18n, users
from cslib.i18n import _
from cslib.permissions import Actor
from cslib.ui import session
from cslib.ui.md import md
from cslib.ui.writes import drawn_version, form_keys, reload_button, run_write

PREFIX = "ws_"


def bold(text: str) -> str:
    return f"**{text}**"


def render(actor: Actor) -> None:
    with session.reading() as s:
        ws = users.get_workspace(s)
        name, created_on, version = ws.name, ws.account_created_on, ws.version
        owner, projects, revenue = ws.owner_property, ws.projects_object, list(ws.revenue_pipeline_ids or [])
        language = ws.default_language or users.BROWSER_LANGUAGE
        owners = dict(users.owner_property_choices(s))
        objects = dict(users.projects_object_choices(s, created_on))
        pipelines = dict(users.revenue_pipeline_choices(s))
    languages = dict(users.default_language_choices())
    expected = drawn_version(f"{PREFIX}version", version)
    k = form_keys(PREFIX)  # renewed by Reload, so the fields show the saved values
    st.subheader(_("Workspace"))
    st.caption(_("These settings apply to everyone in the workspace."))
    with st.form("workspace_form"):
        top = st.columns(2, gap="large")
        new_name = top[0].text_input(_("Workspace name"), value=name, key=f"{k}name", max_chars=120)
        language_keys = list(languages)
        new_language = top[1].selectbox(
            _("Default language"),
            language_keys,
            index=language_keys.index(language) if language in languages else 0,
            format_func=languages.get,
            key=f"{k}language",
            help=_("The language of users who have not picked one in their profile."),
        )
        left, right = st.columns(2, gap="large")
        with left, st.container(border=True):
            st.markdown(bold(_("Owner property")))
            st.caption(
                _("Decides which customers are “mine”: the Overview, the “Owned by me” view and the Feed use it.")
            )
            owner_keys = list(owners)
            new_owner = st.selectbox(
                _("Owner property"),
                owner_keys,
                index=owner_keys.index(owner) if owner in owners else 0,
                format_func=owners.get,
                key=f"{k}owner",
                label_visibility="collapsed",
            )
        with right, st.container(border=True):
            st.markdown(bold(_("Projects object")))
            st.caption(
                _(
                    "The object shown on the projects tab, which takes its name. "
                    "This account was created on {date}. {note}",
                    date=i18n.day(created_on),
                    note=users.projects_choice_note(created_on),
                )
            )
            keys = list(objects)
            if projects is None:
                st.info(
                    _(
                        "Not set up yet: the projects tab offers to activate the Projects object. "
                        "Pick an object here to set it up now."
                    ),
                    icon=":material/info:",
                )
            elif projects not in objects:
                st.warning(
                    _("The current object ({object}) is no longer offered. Pick another one.", object=md(projects))
                )
            new_projects = st.radio(
                _("Projects object"),
                keys,
                index=keys.index(projects) if projects in objects else None,
                format_func=objects.get,
                key=f"{k}projects",
                label_visibility="collapsed",
            )
        with st.container(border=True):
            st.markdown(bold(_("Revenue pipelines")))
            st.caption(_("Deal and subscription pipelines shown on the Revenue tab."))
            new_revenue = st.multiselect(
                _("Revenue pipelines"),
                list(pipelines),
                default=[p for p in revenue if p in pipelines],
                format_func=pipelines.get,
                key=f"{k}revenue",
                label_visibility="collapsed",
                placeholder=_("No revenue pipelines: the Revenue tab will be empty"),
            )
        if st.form_submit_button(_("Save"), type="primary", key=f"{PREFIX}save"):
            run_write(
                lambda s: users.update_workspace(
                    s,
                    actor,
                    expected_version=expected,
                    name=new_name,
                    default_language=new_language,
                    owner_property=new_owner,
                    projects_object=new_projects,
                    revenue_pipeline_ids=new_revenue,
                ),
                success=_("Saved the workspace settings."),
                clear=(PREFIX,),
            )
    reload_button(PREFIX, f"{PREFIX}reload")
