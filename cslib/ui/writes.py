"""Writes from any page: one transaction per write with the error shown in place, a
success toast after the rerun, and the version a form was drawn with (no lost updates)."""

from __future__ import annotations

from collections.abc import Callable, Iterable

import streamlit as st
from sqlalchemy.orm import Session

from cslib.errors import CsError
from cslib.ui import session
from cslib.ui.md import md

FLASH_KEY = "_settings_flash"


def show_flash() -> None:
    """The success message of the write that caused this rerun, once."""
    message = st.session_state.pop(FLASH_KEY, None)
    if message:
        st.toast(message, icon=":material/check_circle:")


def run_write(
    action: Callable[[Session], object],
    *,
    success: str | Callable[[object], str],
    clear: Iterable[str] = (),
    show_error: bool = True,
    escape: bool = False,
) -> CsError | None:
    """Run `action` in its own write transaction. On a CsError show its message (unless
    `show_error` is False; with `escape`, as literal text, for messages that may quote what
    the user typed), keep every typed value and return the error; on success forget the
    `clear` keys (prefixes), toast `success` (or `success(result)`) and rerun (so it never
    returns)."""
    try:
        with session.writing() as s:
            result = action(s)
    except CsError as exc:
        if show_error:
            st.error(md(str(exc), one_line=False) if escape else str(exc), icon=":material/error:")
        return exc
    forget(*clear)
    st.session_state[FLASH_KEY] = success(result) if callable(success) else success
    st.rerun()
    return None  # not reached: st.rerun() raises


def forget(*prefixes: str) -> None:
    """Drop session_state keys starting with any prefix, so their widgets redraw from the db."""
    if not prefixes:
        return
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
