"""The list's "Export" button and dialog (Customers, Projects, Revenue): file format, export
name, language of column headers, and Customize (all domains, which properties, which
associations). The export takes the list exactly as drawn (its filters, columns, sort and
view); the worker builds the file and the Exports page lists it.

The dialog opens from a session_state flag (one dialog per run; the flag also survives the
dialog's own reruns), and its widgets live under PREFIX, forgotten when it opens afresh."""

from __future__ import annotations

import streamlit as st

from cslib import exports, i18n
from cslib.config import get_settings
from cslib.errors import CsError
from cslib.exports import ASSOCIATION_CHOICES, FORMATS, MAX_NAME, PROPERTY_CHOICES, ExportOptions
from cslib.i18n import _, ngettext
from cslib.lists import ALL_RECORDS
from cslib.ui import session
from cslib.ui.choices import fixed, translated
from cslib.ui.lists.context import ListContext
from cslib.ui.md import md
from cslib.ui.writes import forget

PREFIX = "ex_"
OPEN_KEY = f"{PREFIX}open"  # the list key whose dialog is open; under PREFIX, so forgotten with it
DONE_KEY = "_export_done"  # the export just queued, confirmed once on the next run
COMPANY = "company"  # the object whose records can have several domains


def render_button(key: str) -> None:
    """The "Export" button of list `key`; opens the dialog."""
    if st.button(_("Export"), icon=":material/download:", key=f"{key}_export"):
        forget(PREFIX)  # a fresh dialog: no name or choices left from an earlier one
        st.session_state[OPEN_KEY] = key
        st.rerun()


def is_open(key: str) -> bool:
    return st.session_state.get(OPEN_KEY) == key


def render_dialog(shown: ListContext) -> bool:
    """Draw the dialog if it is open for this list. Returns whether it is drawn (a run has
    room for one dialog)."""
    if not is_open(shown.key):
        return False

    @st.dialog(_("Export"), on_dismiss=_close)
    def dialog() -> None:
        _form(shown)

    dialog()
    return True


def _close() -> None:
    st.session_state.pop(OPEN_KEY, None)


def _default_name(shown: ListContext) -> str:
    """The view's name and today's date in the reader's language ("Owned by me 12. mar. 2026")."""
    today = i18n.day(i18n.today_in(shown.actor.time_zone))
    return f"{shown.view.name} {today}"[:MAX_NAME]


def _form(shown: ListContext) -> None:
    file_format = st.selectbox(_("File format"), list(FORMATS), format_func=fixed(FORMATS), key=f"{PREFIX}format")
    name = st.text_input(
        _("Export name"),
        value=_default_name(shown),
        max_chars=MAX_NAME,
        key=f"{PREFIX}name",
        help=_("The name of the file you download."),
    )
    languages = list(i18n.LANGUAGES)
    language = st.selectbox(
        _("Language of column headers"),
        languages,
        index=languages.index(i18n.current()),
        format_func=fixed(i18n.LANGUAGES),
        key=f"{PREFIX}language",
        help=_("Headers of standard properties are translated; the values in the columns are not."),
    )
    with st.expander(_("Customize"), icon=":material/tune:"):
        choices = _customize(shown.object_type)
    days = get_settings().cs_export_days
    st.caption(
        ngettext(
            "The file is built in the background. You'll be notified when it's ready; "
            "its download link expires after {n} day.",
            "The file is built in the background. You'll be notified when it's ready; "
            "its download link expires after {n} days.",
            days,
        )
    )
    go, cancel = st.columns([1, 1])
    if cancel.button(_("Cancel"), key=f"{PREFIX}cancel", type="tertiary", width="stretch"):
        forget(PREFIX)
        st.rerun()
    if go.button(_("Export"), key=f"{PREFIX}go", type="primary", icon=":material/download:", width="stretch"):
        _submit(shown, ExportOptions(name, file_format, language, **choices))


def _customize(object_type: str) -> dict:
    """The Customize section: which properties and associations, and all domains (companies)."""
    all_domains = False
    if object_type == COMPANY:
        all_domains = st.checkbox(
            _("Include all domains"),
            key=f"{PREFIX}domains",
            help=_("For companies with several domains: every domain name, not only the primary one."),
        )
    properties = st.radio(
        _("Properties included in the export"),
        list(PROPERTY_CHOICES),
        format_func=translated(PROPERTY_CHOICES),
        key=f"{PREFIX}properties",
    )
    with_associations = properties == "all_associations"
    associations = st.radio(
        _("Associations included in the export"),
        list(ASSOCIATION_CHOICES),
        index=list(ASSOCIATION_CHOICES).index("capped"),
        format_func=translated(ASSOCIATION_CHOICES),
        key=f"{PREFIX}associations",
        disabled=not with_associations,
    )
    if not with_associations:
        st.caption(_("Associations are exported with “All properties and associations”."))
    return {"properties": properties, "associations": associations, "all_domains": all_domains}


def _submit(shown: ListContext, options: ExportOptions) -> None:
    """Queue the export; on a refusal say why in the dialog and keep what was typed."""
    view_id = None if shown.view.id == ALL_RECORDS else shown.view.id  # "All records" is no saved view
    try:
        with session.writing() as s:
            export_id = exports.request_export(
                s,
                shown.actor,
                shown.object_type,
                options,
                filters=shown.filters,
                columns=shown.columns,
                sort=shown.sort,
                view_id=view_id,
            )
    except CsError as exc:
        st.error(md(str(exc), one_line=False), icon=":material/error:")
        return
    forget(PREFIX)  # closes the dialog (OPEN_KEY is under PREFIX)
    st.session_state[DONE_KEY] = {"id": export_id, "name": " ".join(options.name.split())}
    st.rerun()


def render_confirmation() -> None:
    """The confirmation of the export queued on the previous run, once, with a link to it:
    a message on the page rather than a toast, which cut it short behind "view more"."""
    done = st.session_state.pop(DONE_KEY, None)
    if not done:
        return
    link = "[" + _("Open Exports") + f"]({exports.EXPORTS_PAGE}?export={int(done['id'])})"
    text = _(
        "Your export “{name}” is being built. You'll be notified when it's ready. {link}",
        name=md(done["name"]),
        link=link,
    )
    st.success(text, icon=":material/download:")
