"""Who is signed in, the engine, and short transactions for pages."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from cslib import users
from cslib.bootstrap import shared_engine
from cslib.config import get_settings
from cslib.db import read_session, write_session
from cslib.permissions import Actor

TOKEN_KEY = "auth_token"


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


def current_actor() -> Actor | None:
    token = session_token()
    if not token:
        return None
    with reading() as s:
        signed_in = users.resolve_token(s, token)
    if signed_in is None:
        return None
    if signed_in.needs_touch:
        with writing() as s:
            users.touch(s, token, session_days=get_settings().cs_session_days)
    return signed_in.actor


def sign_out() -> None:
    with writing() as s:
        users.sign_out(s, session_token())
    st.session_state.pop(TOKEN_KEY, None)
    st.session_state["signed_out"] = True
