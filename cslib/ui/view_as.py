"""The "whose workspace" picker of tabs an admin can view as another user (Schedule, Feed):
a select of the users the actor may view, whose value the tab keeps in its link."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from cslib.permissions import Actor
from cslib.ui import session
from cslib.users import viewable_users


def user_picker(
    actor: Actor,
    key: str,
    *,
    label: str,
    help: str,
    on_change: Callable,
    args: tuple,  # noqa: A002 - st's name
) -> None:
    """A select of viewable users under `key`, whose value the caller set from its link
    (a user no longer viewable shows as the actor)."""
    with session.reading() as s:
        choices = dict(viewable_users(s, actor))
    if st.session_state.get(key) not in choices:
        st.session_state[key] = actor.id
        choices.setdefault(actor.id, actor.name)
    st.selectbox(label, list(choices), format_func=choices.get, key=key, help=help, on_change=on_change, args=args)
