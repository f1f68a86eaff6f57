"""Tabs an admin can view as another user (Schedule, Feed): whose tab the link asks for,
and the picker of the users the actor may view, whose value the tab keeps in its link."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from cslib.errors import CsError
from cslib.i18n import _
from cslib.permissions import Actor
from cslib.ui import session
from cslib.users import resolve_viewed_user, viewable_users


def viewed_in_link(actor: Actor, user_id: int | None, refused: str) -> tuple[Actor, str | None]:
    """Whose tab a link asks for: the actor, or (for admins) the user in the link. When
    that is refused, the actor and a note: `refused` (an N_ message with {error})."""
    if user_id is None or user_id == actor.id:
        return actor, None
    try:
        with session.reading() as s:
            return resolve_viewed_user(s, actor, user_id), None
    except CsError as exc:
        return actor, _(refused, error=str(exc))


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
