"""The signed-in user's corner of the sidebar: who they are, the language they read, and
Sign out. A new language is saved by the selectbox's callback, before the page runs, so
the same run draws the page in it: the URL, the filters and the open record stay."""

from __future__ import annotations

import streamlit as st

from cslib import i18n, users
from cslib.errors import CsError
from cslib.i18n import _
from cslib.permissions import Actor, visible_tabs
from cslib.ui import notifications, session
from cslib.ui.md import md

LANGUAGE_KEY = "profile_language"
AUTOMATIC = "auto"


def _language_label(code: str) -> str:
    return _("Automatic") if code == AUTOMATIC else i18n.LANGUAGES[code]


def _save_language(actor: Actor) -> None:
    picked = st.session_state.get(LANGUAGE_KEY)
    try:
        with session.writing() as s:
            users.set_own_language(s, actor, None if picked == AUTOMATIC else picked)
    except CsError as exc:
        st.session_state["profile_language_error"] = str(exc)


def render_sidebar(actor: Actor) -> None:
    with st.sidebar:
        notifications.render_bell(actor)
        st.markdown(f"**{md(actor.name)}**")
        st.caption(md(actor.email))
        if not visible_tabs(actor):
            st.caption(_("Your account has no workspace access."))
        chosen = session.language_choice() or AUTOMATIC
        options = [AUTOMATIC, *i18n.LANGUAGES]
        st.session_state[LANGUAGE_KEY] = chosen
        st.selectbox(
            _("Language"),
            options,
            format_func=_language_label,
            key=LANGUAGE_KEY,
            on_change=_save_language,
            args=(actor,),
            help=_("Automatic: the workspace's default language, else your browser's."),
        )
        error = st.session_state.pop("profile_language_error", None)
        if error:
            st.error(md(error))
        if st.button(_("Sign out"), icon=":material/logout:", key="sign_out"):
            session.sign_out()
            st.rerun()
