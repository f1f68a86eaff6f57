"""Step 3 of an import: what it will do (new records, updates, rows with problems among
the rows checked), its first rows as they will be saved, the problems by row with a
downloadable error file, and the button that starts it.

The preview reads the file and the database, so it is kept in session_state per import,
choices and language: reruns of the page (typing elsewhere, a toast) cost nothing."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from cslib import i18n, imports
from cslib.i18n import _, ngettext
from cslib.imports import ImportInfo, Preview
from cslib.permissions import Actor
from cslib.ui import session
from cslib.ui.md import md
from cslib.ui.writes import run_write

PREVIEW_KEY = "imp_preview"
ERRORS_SHOWN = 200
# Objects whose records a file without Record IDs cannot find again (no domain, no e-mail).
NOT_FOUND_AGAIN = ("deal", "task")


def error_download(label: str, data: bytes, info: ImportInfo, *, key: str, help: str | None = None) -> None:
    """The button that downloads an import's skipped rows (or the preview's) as CSV."""
    st.download_button(
        label,
        data,
        file_name=error_file_name(info.file_name),
        mime="text/csv",
        on_click="ignore",
        icon=":material/download:",
        key=key,
        help=help,
    )


def error_file_name(file_name: str) -> str:
    return _("{file} – errors.csv", file=Path(file_name).stem or file_name)


def _cached(actor: Actor, info: ImportInfo) -> tuple[Preview, bytes | None]:
    key = (info.id, info.object_type, info.locale, info.record_ids, info.mapping, i18n.current())
    kept = st.session_state.get(PREVIEW_KEY)
    if kept and kept[0] == key:
        return kept[1], kept[2]
    with st.spinner(_("Checking the rows…")), session.reading() as s:
        result = imports.preview(s, actor, info.id)
        errors = imports.error_file(s, actor, info.id, errors=result.errors) if result.errors else None
    st.session_state[PREVIEW_KEY] = (key, result, errors)
    return result, errors


def forget() -> None:
    st.session_state.pop(PREVIEW_KEY, None)


def render(actor: Actor, info: ImportInfo, object_label: str) -> None:
    result, error_bytes = _cached(actor, info)
    st.markdown(_summary(result))
    if result.checked < result.total:
        st.caption(
            _(
                "The other rows are checked as the import runs: rows with problems are skipped and listed "
                "in its summary."
            )
        )
    if result.frame.empty:
        st.info(_("The file has no rows to import."), icon=":material/info:")
    else:
        st.dataframe(result.frame, hide_index=True, key=f"imp_preview_{info.id}")
    if not any(t.kind == "record_id" for t in info.mapping) and info.object_type in NOT_FOUND_AGAIN:
        st.warning(
            _(
                "This file has no Record ID column: importing it again will create its {objects} again.",
                objects=object_label.lower(),
            ),
            icon=":material/content_copy:",
        )
    if result.errors:
        _problems(info, result, error_bytes)
    importable = result.creates + result.updates > 0 or result.checked < result.total
    if st.button(
        ngettext("Import {n} row", "Import {n} rows", info.rows_total),
        type="primary",
        icon=":material/upload:",
        key=f"imp_start_{info.id}",
        disabled=not importable,
        help=None if importable else _("No row of this file can be imported as it is."),
    ):
        run_write(
            lambda s: imports.start_import(s, actor, info.id),
            success=_("Started importing “{name}”.", name=info.file_name),
        )


def _summary(result: Preview) -> str:
    parts = [
        ngettext("**{n}** new record", "**{n}** new records", result.creates),
        ngettext("**{n}** update", "**{n}** updates", result.updates),
        ngettext("**{n}** row with problems", "**{n}** rows with problems", len(result.errors)),
    ]
    if result.checked < result.total:
        checked = ngettext("of the first {n} row checked", "of the first {n} rows checked", result.checked)
    else:
        checked = ngettext("{n} row checked", "all {n} rows checked", result.checked)
    return _("{results} ({checked})", results=", ".join(parts), checked=checked)


def _problems(info: ImportInfo, result: Preview, error_bytes: bytes | None) -> None:
    title = _("Rows with problems")
    st.markdown(f"**{title}**")
    shown = result.errors[:ERRORS_SHOWN]
    frame = pd.DataFrame([(n, message) for n, message in shown], columns=[_("Row"), _("Problem")])
    st.dataframe(
        frame,
        hide_index=True,
        key=f"imp_problems_{info.id}",
        column_config={
            _("Row"): st.column_config.NumberColumn(width=70, format="%d"),
            _("Problem"): st.column_config.TextColumn(width=1000),
        },
    )
    if len(result.errors) > ERRORS_SHOWN:
        st.caption(
            ngettext(
                "The first {n} problem is shown; the file below lists them all.",
                "The first {n} problems are shown; the file below lists them all.",
                ERRORS_SHOWN,
            )
        )
    if error_bytes:
        error_download(
            _("Download the rows with problems"),
            error_bytes,
            info,
            key=f"imp_errors_{info.id}",
            help=_("The file's own columns with “Row” and “Error” added: fix them and import the file again."),
        )
    st.caption(md(_("Rows with problems are skipped; the others are imported.")))
