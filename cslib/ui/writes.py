"""Writes from any page: one transaction per write with the error shown in place, a
success toast after the rerun, and the version a form was drawn with (no lost updates).

A form that can hit a conflict keeps its widgets under `form_keys(prefix)` and offers
`reload_button(prefix, ...)`. Forgetting a widget's session_state key does not change what
the browser shows while the widget keeps its key (the browser sends its old value back on
the next interaction), so Reload also moves the form to a new generation of keys: every
field is drawn afresh from the saved values, and the drawn version is read again."""

from __future__ import annotations

from collections.abc import Callable, Iterable

import streamlit as st
from sqlalchemy.orm import Session

from cslib.errors import ConflictError, CsError
from cslib.i18n import _
from cslib.ui import session
from cslib.ui.md import md

FLASH_KEY = "_settings_flash"
# {form prefix: generation}; not under any form's prefix, so forget(prefix) keeps it.
GENERATIONS_KEY = "_form_generations"


class Markdown(str):
    """A success message that is markdown on purpose (a link of ours), with every piece of
    user text in it already through md(). Any other message is shown as literal text."""


def show_flash() -> None:
    """The success message of the write that caused this rerun, once."""
    message = st.session_state.pop(FLASH_KEY, None)
    if message:
        text = message if isinstance(message, Markdown) else md(message)  # quotes names, typed values
        st.toast(text, icon=":material/check_circle:")


def run_write(
    action: Callable[[Session], object],
    *,
    success: str | Callable[[object], str],
    clear: Iterable[str] = (),
    show_error: bool = True,
    form: str | None = None,
) -> CsError | None:
    """Run `action` in its own write transaction. On a CsError show its message (unless
    `show_error` is False), keep every typed value and return the error; on success forget
    the `clear` keys (prefixes), toast `success` (or `success(result)`) and rerun (so it
    never returns). Messages are plain sentences that may quote names and typed values:
    both the error and the toast show them as literal text. With `form` (a form's
    prefix), a ConflictError is remembered for `conflict_notice(form, ...)`, which shows
    it with a Reload button until reloaded."""
    try:
        with session.writing() as s:
            result = action(s)
    except CsError as exc:
        if form is not None and isinstance(exc, ConflictError):
            st.session_state[_conflict_key(form)] = str(exc)
        elif show_error:
            st.error(md(str(exc), one_line=False), icon=":material/error:")  # messages may quote user text
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


def generation(prefix: str) -> int:
    """How often the form under `prefix` was reloaded in this session."""
    return st.session_state.get(GENERATIONS_KEY, {}).get(prefix, 0)


def form_keys(prefix: str) -> str:
    """The prefix for the widget keys of the form under `prefix`: `prefix` itself until the
    form is first reloaded, then `prefix` + "r<generation>:". Keys stay under `prefix`,
    so `forget(prefix)` still drops them."""
    n = generation(prefix)
    return f"{prefix}r{n}:" if n else prefix


def reload_form(prefix: str, *also: str) -> None:
    """Throw away the form's unsaved edits (and the `also` prefixes) and draw it afresh
    from the database: new widget keys, so the browser shows the saved values, and a new
    drawn version. Reruns."""
    renew_keys(prefix)
    forget(prefix, *also)
    st.rerun()


def renew_keys(*prefixes: str) -> None:
    """Move the forms under `prefixes` to their next generation of widget keys (see
    `form_keys`), for a form that reloads itself its own way."""
    generations = st.session_state.setdefault(GENERATIONS_KEY, {})
    for prefix in prefixes:
        generations[prefix] = generations.get(prefix, 0) + 1


def reload_button(prefix: str, key: str, *, label: str | None = None, also: Iterable[str] = ()) -> None:
    """Throw away unsaved edits and read the record again (after a conflict). `label`, if
    given, is already translated; the default is "Reload"."""
    if st.button(
        label or _("Reload"),
        key=key,
        type="tertiary",
        icon=":material/refresh:",
        help=_("Discard unsaved changes in this form and show the saved values."),
    ):
        reload_form(prefix, *also)


def _conflict_key(prefix: str) -> str:
    return f"{prefix}conflict"


def conflict_notice(prefix: str, key: str) -> bool:
    """After a refused stale save of the form under `prefix` (see `run_write(form=...)`):
    the message and a Reload button, on every run until Reload (the form keeps what the
    user typed meanwhile). Returns whether it was shown."""
    message = st.session_state.get(_conflict_key(prefix))
    if not message:
        return False
    st.error(md(message, one_line=False), icon=":material/sync_problem:")
    reload_button(prefix, key)
    return True
