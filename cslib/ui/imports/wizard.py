"""The Import section: the wizard (object, locale, file; the columns; the preview and
Start) while the user prepares an import, the started import's progress and summary
after, and the past imports below.

State kept in session_state: the import on screen (`CURRENT`), which uploaded file became
which draft (`UPLOADS`, by the uploader's file id: a rerun never uploads a file again), the
file's first rows (`SAMPLE_KEY`) and the last refused choices with their message
(`REFUSED_KEY`), so a refused mapping is not saved again on every rerun."""

from __future__ import annotations

import streamlit as st

from cslib import imports
from cslib.config import get_settings
from cslib.errors import CsError, NotFound
from cslib.i18n import N_, _, ngettext, pgettext
from cslib.imports import LOCALES, OBJECTS, ImportInfo, Target
from cslib.permissions import Actor
from cslib.properties import type_labels
from cslib.ui import session
from cslib.ui.imports import check, columns, live
from cslib.ui.imports.columns import Sample
from cslib.ui.imports.labels import locale_label
from cslib.ui.md import md

CURRENT = "imp_current"
UPLOADS = "imp_uploads"
UPLOADER_GENERATION = "imp_uploader_generation"
SAMPLE_KEY = "imp_sample"
REFUSED_KEY = "imp_refused"
SAMPLE_ROWS = 100  # rows read for the values shown and the type of a new property
# Streamlit's uploader writes "Upload" and "50MB per file • CSV, XLSX" in English only
# (FACTS.md, "Message catalogs"): the button's word is swapped for ours, and the line under
# it is hidden, since our caption says the same in the reader's language.
FILE_HELP = N_("Comma-, semicolon- or tab-separated text in any common encoding, or the first sheet of an XLSX file.")
DROPZONE = ".st-key-imp_upload [data-testid='stFileUploaderDropzone']"
DROPZONE_CSS = (
    "<style>{zone} button p {{ font-size: 0; }}"
    " {zone} button p::after {{ content: {label}; font-size: 0.875rem; }}"
    " {zone} [data-testid='stFileUploaderDropzoneInstructions'] {{ display: none; }}</style>"
)


def render(actor: Actor) -> None:
    current = _current(actor)
    if current is None or current.status == "draft":
        _wizard(actor, current)
        st.divider()
        live.render(actor, None, new_import)
    else:
        live.render(actor, current.id, new_import)


def new_import() -> None:
    """Start again: forget the import on screen and empty the uploader (a new key: the
    browser would otherwise send the old file back)."""
    st.session_state.pop(CURRENT, None)
    check.forget()
    st.session_state[UPLOADER_GENERATION] = st.session_state.get(UPLOADER_GENERATION, 0) + 1


def _current(actor: Actor) -> ImportInfo | None:
    import_id = st.session_state.get(CURRENT)
    if import_id is None:
        return None
    try:
        with session.reading() as s:
            return imports.get_import(s, actor, import_id)
    except NotFound:
        st.session_state.pop(CURRENT, None)
        return None


def _wizard(actor: Actor, draft: ImportInfo | None) -> None:
    with session.reading() as s:
        plurals = {key: plural for key, (_one, plural) in type_labels(s).items()}
    st.subheader(_("1. Choose a file"), anchor=False)
    left, right = st.columns(2, gap="medium")
    object_type = left.selectbox(
        _("The file holds"), OBJECTS, format_func=lambda o: plurals.get(o, o), key="imp_object"
    )
    language = actor.language if actor.language in LOCALES else "en"
    locales = {code: locale_label(code) for code in LOCALES}  # in this run's language
    locale = right.selectbox(
        _("Dates and numbers are written in"),
        LOCALES,
        index=LOCALES.index(language),
        format_func=lambda code: locales.get(code, code),
        key="imp_locale",
    )
    mb = get_settings().cs_import_max_mb
    st.html(DROPZONE_CSS.format(zone=DROPZONE, label=css_string(pgettext("file upload button", "Upload"))))
    with st.container(key="imp_upload"):
        uploaded = st.file_uploader(
            _("CSV or Excel file"),
            type=["csv", "xlsx"],
            key=f"imp_file_{st.session_state.get(UPLOADER_GENERATION, 0)}",
            max_upload_size=mb,
            help=_(FILE_HELP),
        )
    st.caption(_("Up to {mb} MB. The first row must hold the column names.", mb=mb))
    if uploaded is None:
        st.session_state.pop(CURRENT, None)
        return
    import_id = _upload(actor, uploaded, object_type)
    if import_id is None:
        return
    st.session_state[CURRENT] = import_id
    if draft is None or draft.id != import_id:
        with session.reading() as s:
            draft = imports.get_import(s, actor, import_id)
    sample = _sample(actor, import_id)
    st.caption(
        md(
            _(
                "{file}: {rows}, {columns}",
                file=draft.file_name,
                rows=ngettext("{n} row", "{n} rows", draft.rows_total),
                columns=ngettext("{n} column", "{n} columns", len(sample.headers)),
            )
        )
    )
    st.subheader(_("2. Map the columns"), anchor=False)
    st.caption(_("Each column fills the property chosen for it. Columns set to “Don't import” are left out."))
    mapping, record_ids = columns.render(actor, draft, sample, object_type, locale)
    saved = _save(actor, draft, object_type, locale, mapping, record_ids)
    if saved is None:
        return
    st.subheader(_("3. Check and import"), anchor=False)
    check.render(actor, saved, plurals.get(saved.object_type, saved.object_type))


def _upload(actor: Actor, uploaded, object_type: str) -> int | None:  # noqa: ANN001 - Streamlit's UploadedFile
    """The draft made of this uploaded file (once per file); None, with the reason shown,
    when the file cannot be imported."""
    uploads = st.session_state.setdefault(UPLOADS, {})
    known = uploads.get(uploaded.file_id)
    if known is None:
        try:
            with session.writing() as s:
                known = imports.upload(s, actor, uploaded.name, uploaded.getvalue(), object_type=object_type).id
        except CsError as exc:
            known = str(exc)
        uploads[uploaded.file_id] = known
    if isinstance(known, str):
        st.error(md(known, one_line=False), icon=":material/error:")
        return None
    return known


def _sample(actor: Actor, import_id: int) -> Sample:
    kept = st.session_state.get(SAMPLE_KEY)
    if isinstance(kept, Sample) and kept.import_id == import_id:
        return kept
    with session.reading() as s:
        table = imports.table_of(s, actor, import_id)
    rows = []
    for _number, cells in table.rows():
        rows.append(tuple(cells))
        if len(rows) >= SAMPLE_ROWS:
            break
    sample = Sample(import_id, tuple(table.headers), tuple(rows))
    st.session_state[SAMPLE_KEY] = sample
    return sample


def _save(
    actor: Actor, draft: ImportInfo, object_type: str, locale: str, mapping: list[Target], record_ids: str
) -> ImportInfo | None:
    """The draft with the choices on screen saved; None, with the reason shown, when they
    cannot be (a property chosen twice, nothing that tells records apart...)."""
    wanted = (object_type, locale, record_ids, tuple(mapping))
    if wanted == (draft.object_type, draft.locale, draft.record_ids, draft.mapping):
        return draft
    refused = st.session_state.get(REFUSED_KEY)
    if refused and refused[0] == (draft.id, wanted):
        message = refused[1]
    else:
        try:
            with session.writing() as s:
                return imports.set_choices(
                    s, actor, draft.id, object_type=object_type, mapping=mapping, locale=locale, record_ids=record_ids
                )
        except CsError as exc:
            message = str(exc)
            st.session_state[REFUSED_KEY] = ((draft.id, wanted), message)
    st.error(md(message, one_line=False), icon=":material/error:")
    return None


def css_string(text: str) -> str:
    """`text` as a quoted CSS string: quotes, backslashes and "<" (which could end the style
    element) escaped, line breaks dropped."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3c ").replace("\n", " ")
    return f'"{escaped}"'
