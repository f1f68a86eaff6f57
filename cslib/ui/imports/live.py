"""The imports that run or ran: the one just started (progress, then its summary) and the
list of past imports with Undo. While an import is waiting, running or being undone, this
part of the page redraws itself every second (a fragment, as the Exports page does) and
the whole page once when nothing is pending any more."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from cslib import i18n, imports
from cslib.errors import NotFound
from cslib.i18n import _, ngettext
from cslib.imports import ImportInfo
from cslib.permissions import Actor
from cslib.properties import type_labels
from cslib.ui import nav, session
from cslib.ui.imports.check import error_download
from cslib.ui.imports.labels import PENDING, STATUS, counts, progress, status_label
from cslib.ui.md import md
from cslib.ui.writes import run_write

POLL_SECONDS = 1
WIDTHS = [1.8, 1.1, 1.3, 1.5, 1.7, 2.2]
# Where imported records show, per object: the page and the sentence that links to it.
WHERE = {
    "company": ("customers", "customers"),
    "contact": ("customers", "contacts"),
    "deal": ("revenue", "deals"),
    "task": ("actions", "tasks"),
}
HINTS = {
    "customers": lambda tab: _("See them on the {tab} tab.", tab=tab),
    "contacts": lambda tab: _("See them on their companies' pages: open a company on the {tab} tab.", tab=tab),
    "deals": lambda tab: _("See them on the {tab} tab and on their companies' pages.", tab=tab),
    "tasks": lambda tab: _("See them on the {tab} tab and on their records' pages.", tab=tab),
}


def render(actor: Actor, current: int | None, on_new: Callable[[], None]) -> None:
    """The started import `current` (if any) and the past imports, refreshed while pending."""
    infos, info = _read(actor, current)
    pending = (info is not None and info.status in PENDING) or any(i.status in PENDING for i in infos)
    labels = _plurals()
    fresh = [(infos, info)]  # this run's read draws the fragment once; its own reruns read again

    @st.fragment(run_every=POLL_SECONDS if pending else None)
    def live() -> None:
        now_infos, now_info = fresh.pop() if fresh else _read(actor, current)
        if (
            pending
            and not (now_info is not None and now_info.status in PENDING)
            and not any(i.status in PENDING for i in now_infos)
        ):
            st.rerun()  # finished: redraw the page, whose fragment then stops polling
        if now_info is not None:
            _panel(actor, now_info, labels, on_new)
            st.divider()
        _history(actor, now_infos, labels)

    live()


def _read(actor: Actor, current: int | None) -> tuple[list[ImportInfo], ImportInfo | None]:
    with session.reading() as s:
        infos = imports.list_imports(s, actor)
        try:
            info = imports.get_import(s, actor, current) if current is not None else None
        except NotFound:
            info = None
    return infos, info


def _plurals() -> dict[str, str]:
    with session.reading() as s:
        return {key: plural for key, (_one, plural) in type_labels(s).items()}


def _panel(actor: Actor, info: ImportInfo, labels: dict[str, str], on_new: Callable[[], None]) -> None:
    """The import just started: its progress, then what it did."""
    st.subheader(_("Import of “{name}”", name=info.file_name), anchor=False)
    st.caption(
        md(
            _(
                "{objects} · started {when}",
                objects=labels.get(info.object_type, info.object_type),
                when=_when(actor, info),
            )
        )
    )
    if info.status == "queued":
        st.progress(0.0, text=_("Waiting to start…"))
    elif info.status == "running":
        done = max(0, info.rows_done - 1)
        st.progress(
            progress(info),
            text=ngettext(
                "Importing… {done} of {n} row",
                "Importing… {done} of {n} rows",
                info.rows_total,
                done=i18n.number(min(done, info.rows_total)),
            ),
        )
    if info.status in ("queued", "running"):
        st.caption(
            _("The import runs in the background: you may leave this page. A notification tells you when it is done.")
        )
    elif info.status == "done":
        st.success(_("Done: the file is imported."), icon=":material/check_circle:")
    elif info.status == "failed":
        st.error(md(status_label(info)), icon=":material/error:")
        st.caption(_("What it wrote before it stopped stays, and can be undone below."))
    elif info.status == "undoing":
        st.progress(0.5, text=_("Undoing…"))
    elif info.status == "undone":
        st.info(_("This import was undone."), icon=":material/undo:")
    if info.status in ("done", "failed"):
        _summary(actor, info)
    if st.button(_("New import"), key="imp_new", icon=":material/add:"):
        on_new()
        st.rerun()  # the whole page: the wizard is outside this fragment


def _summary(actor: Actor, info: ImportInfo) -> None:
    figures = (
        (_("Created"), info.created),
        (_("Updated"), info.updated),
        (_("Unchanged"), info.unchanged),
        (_("Skipped"), info.skipped),
    )
    for col, (label, value) in zip(st.columns(len(figures)), figures, strict=True):
        col.metric(label, i18n.number(value))
    if info.skipped:
        with session.reading() as s:
            data = imports.error_file(s, actor, info.id)
        error_download(
            ngettext("Download the skipped row and why", "Download the {n} skipped rows and why", info.skipped),
            data,
            info,
            key=f"imp_skipped_{info.id}",
        )
    page, hint = WHERE.get(info.object_type, ("customers", "customers"))
    if info.created or info.updated:
        tab = f"[{md(nav.page_title(page))}](/{nav.PAGE_BY_KEY[page].url_path})"
        st.markdown(HINTS[hint](tab))


def _when(actor: Actor, info: ImportInfo) -> str:
    return i18n.moment(info.created_at, time_zone=actor.time_zone)


def _history(actor: Actor, infos: list[ImportInfo], labels: dict[str, str]) -> None:
    st.subheader(_("Past imports"), anchor=False)
    if not infos:
        st.caption(_("No imports yet."))
        return
    heads = (_("File"), _("By"), _("Started"), _("Status"), _("Result"), "")
    for col, head in zip(st.columns(WIDTHS, gap="small"), heads, strict=True):
        if head:
            col.markdown(f"**{head}**")
    for info in infos:
        _row(actor, info, labels)


def _row(actor: Actor, info: ImportInfo, labels: dict[str, str]) -> None:
    with st.container(key=f"imp_row_{info.id}"):
        name, who, when, status, result, action = st.columns(WIDTHS, gap="small", vertical_alignment="center")
        name.markdown(md(info.file_name))
        name.caption(md(labels.get(info.object_type, info.object_type)))
        who.markdown(md(info.user_name or i18n.MISSING))
        when.markdown(md(_when(actor, info)))
        label, icon, color = STATUS.get(info.status, STATUS["failed"])
        with status:
            st.badge(
                _(label),
                icon=icon,
                color=color,
                help=md(info.error) if info.status == "failed" and info.error else None,
            )
        # What an undone import once did, greyed: its records are gone.
        (result.caption if info.status == "undone" else result.markdown)(md(counts(info) or i18n.MISSING))
        if info.can_undo:
            with action:
                _undo(actor, info)


def _undo(actor: Actor, info: ImportInfo) -> None:
    with st.popover(_("Undo import"), icon=":material/undo:", key=f"imp_undo_{info.id}", width="stretch"):
        st.markdown(
            ngettext(
                "This deletes the {n} record it created and puts back the values it changed. "
                "Links it made are removed.",
                "This deletes the {n} records it created and puts back the values it changed. "
                "Links it made are removed.",
                info.created,
            )
        )
        if st.button(_("Undo import"), type="primary", key=f"imp_undo_yes_{info.id}"):
            run_write(
                lambda s: imports.undo_import(s, actor, info.id),
                success=_("Undoing “{name}”…", name=info.file_name),
            )
