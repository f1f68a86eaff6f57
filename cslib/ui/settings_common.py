"""Helpers shared by the settings tabs: one transaction per write with the error shown in
place, a success toast after the rerun, and the version a form was drawn with."""

from __future__ import annotations

from collections.abc import Callable, Iterable

import streamlit as st
from sqlalchemy.orm import Session

from cslib.errors import CsError
from cslib.ui import session

FLASH_KEY = "_settings_flash"


def show_flash() -> None:
    """The success message of the write that caused this rerun, once."""
    message = st.session_state.pop(FLASH_KEY, None)
    if message:
        st.toast(message, icon=":material/check_circle:")


def run_write(action: Callable[[Session], object], *, success: str, clear: Iterable[str] = ()) -> None:
    """Run `action` in its own write transaction. On a CsError show its message and keep
    every typed value; on success forget the `clear` keys (prefixes), toast and rerun."""
    try:
        with session.writing() as s:
            action(s)
    except CsError as exc:
        st.error(str(exc), icon=":material/error:")
        return
    forget(*clear)
    st.session_state[FLASH_KEY] = success
    st.rerun()


def forget(*prefixes: str) -> None:
    """Drop session_state keys starting with any prefix, so their widgets redraw from the db."""
    for key in [k for k in st.session_state if isinstance(k, str) and k.startswith(prefixes)]:
        del st.session_state[key]


def drawn_version(key: str, version: int) -> int:
    """The version a record had when its form was first drawn. Kept across reruns, so an
    edit made meanwhile by someone else shows as a conflict instead of being overwritten."""
    return st.session_state.setdefault(key, version)


def reload_button(prefix: str, key: str) -> None:
    """Throw away unsaved edits and read the record again (after a conflict)."""
    if st.button(
        "Reload",
        key=key,
        type="tertiary",
        icon=":material/refresh:",
        help="Discard unsaved changes in this form and show the saved values.",
    ):
        forget(prefix)
        st.rerun()
