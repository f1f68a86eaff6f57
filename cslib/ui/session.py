"""Who is signed in, the language they read, the engine, and short transactions for pages.

The language is set for each script run (`cslib.i18n.set_for_run`) as soon as the reader is
known. Each rerun runs in a new thread, and widget callbacks run before the script body sets
it, so callbacks only change state: every text is drawn by the script body. A dialog's or a
fragment's own rerun skips the page: it reads the language the page last set for the session."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace

import streamlit as st
from sqlalchemy import Engine
from sqlalchemy.orm import Session
from streamlit.runtime.scriptrunner import get_script_run_ctx

from cslib import i18n, users
from cslib.bootstrap import shared_engine
from cslib.config import get_settings
from cslib.db import read_session, write_session
from cslib.permissions import Actor

TOKEN_KEY = "auth_token"
CHOICE_KEY = "_language_choice"  # the signed-in user's own choice (None: automatic)
READING_KEY = "_language_reading"  # the language the page last set for this session


@st.cache_resource(show_spinner=False)
def get_engine() -> Engine:
    return shared_engine()


@contextmanager
def reading() -> Iterator[Session]:
    with read_session(get_engine()) as s:
        yield s


@contextmanager
def writing() -> Iterator[Session]:
    with write_session(get_engine()) as s:
        yield s


def session_token() -> str | None:
    """The sign-in token: from this session's state (set by tests and after sign-in) or
    from the HttpOnly cookie the /auth/login route set (survives reloads and new tabs)."""
    token = st.session_state.get(TOKEN_KEY) or st.context.cookies.get(users.COOKIE_NAME)
    return token if isinstance(token, str) else None


def browser_language() -> str | None:
    """The browser's language ("da-DK"), when Streamlit knows it."""
    locale = getattr(st.context, "locale", None)
    return locale if isinstance(locale, str) else None


def apply_language(user_choice: str | None, workspace_default: str | None) -> str:
    """Pick the reader's language (their choice, the workspace default, the browser's,
    English) and use it for the rest of this run, and for this session's dialog and
    fragment reruns, which run without the page (see i18n.set_fallback)."""
    language = i18n.set_for_run(i18n.choose(user_choice, workspace_default, browser_language()))
    st.session_state[READING_KEY] = language
    return language


def _session_language() -> str | None:
    """The language this session's page last set; None outside a script run (the worker)."""
    if get_script_run_ctx(suppress_warning=True) is None:
        return None
    return st.session_state.get(READING_KEY)


i18n.set_fallback(_session_language)


def language_choice() -> str | None:
    """The signed-in user's own choice of language, as read with their session this run."""
    return st.session_state.get(CHOICE_KEY)


def current_actor() -> Actor | None:
    """The signed-in user, with `language` the one they read; sets it for this run. Signed
    out: None, and the run uses the workspace default or the browser's language."""
    token = session_token()
    with reading() as s:
        signed_in = users.resolve_token(s, token) if token else None
        workspace_default = users.workspace_language(s)
    if signed_in is None:
        apply_language(None, workspace_default)
        return None
    if signed_in.needs_touch:
        with writing() as s:
            users.touch(s, token, session_days=get_settings().cs_session_days)
    st.session_state[CHOICE_KEY] = signed_in.actor.language
    return replace(signed_in.actor, language=apply_language(signed_in.actor.language, workspace_default))


def sign_out() -> None:
    with writing() as s:
        users.sign_out(s, session_token())
    st.session_state.pop(TOKEN_KEY, None)
    st.session_state["signed_out"] = True
