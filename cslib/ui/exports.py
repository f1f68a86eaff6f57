"""The Exports page: the user's own exports, newest first, with their status, size and a
download link while the file lasts. While one is still queued or building, the list
refreshes itself every few seconds, and stops once none is.

Downloads are plain links to the permission-checked route (cslib.web), never
st.download_button: the file goes from disk to the browser without passing through the
Streamlit session."""

from __future__ import annotations

from datetime import UTC

import streamlit as st

from cslib import exports, i18n
from cslib.config import get_settings
from cslib.exports import ExportInfo
from cslib.i18n import N_, _, ngettext, pgettext
from cslib.permissions import Actor
from cslib.properties import type_labels
from cslib.ui import session
from cslib.ui.md import md
from cslib.validation import parse_int

POLL_SECONDS = 2
PENDING = ("queued", "building")
# status: (label, icon, badge colour, help)
STATUS = {
    "queued": (N_("Queued"), ":material/schedule:", "gray", N_("Waiting for its turn to be built.")),
    "building": (N_("Building"), ":material/autorenew:", "blue", N_("The file is being written.")),
    "ready": (N_("Ready"), ":material/check_circle:", "green", N_("The file can be downloaded.")),
    "failed": (N_("Failed"), ":material/error:", "red", N_("The file could not be built. Export the list again.")),
    "expired": (N_("Expired"), ":material/timer_off:", "gray", N_("The download link has expired.")),
}
WIDTHS = [2.2, 1.3, 1.1, 1.0, 1.4, 1.6, 1.5]
GAP = "xsmall"
# The linked export (?export=ID): tinted, with the tint spread past the row by a shadow, so
# its cells stay in line with the headers above.
HIGHLIGHT_CSS = (
    "<style>.st-key-export_row_{id} {{ background: rgba(255, 214, 0, 0.14); border-radius: 0.5rem;"
    " box-shadow: 0 0 0 0.5rem rgba(255, 214, 0, 0.14); }}</style>"
)


def render(actor: Actor) -> None:
    """The page: heading and the list (the menu shows it to users with the export permission)."""
    st.title(_("Exports"), anchor=False)
    days = get_settings().cs_export_days
    st.caption(
        ngettext(
            "Files you exported from Customers, Projects and Revenue. Each can be downloaded for {n} day.",
            "Files you exported from Customers, Projects and Revenue. Each can be downloaded for {n} days.",
            days,
        )
    )
    highlight = parse_int(st.query_params.get("export") or "")  # a bad value is ignored
    with session.reading() as s:
        pending = any(e.status in PENDING for e in exports.list_exports(s, actor))

    @st.fragment(run_every=POLL_SECONDS if pending else None)
    def listing() -> None:
        infos, labels = _read(actor)
        if pending and not any(e.status in PENDING for e in infos):
            st.rerun()  # all built: redraw the page, whose fragment then stops polling
        _draw(actor, infos, labels, highlight)

    listing()


def _read(actor: Actor) -> tuple[list[ExportInfo], dict[str, str]]:
    with session.reading() as s:
        infos = exports.list_exports(s, actor)
        labels = {key: plural for key, (_one, plural) in type_labels(s).items()}
    return infos, labels


def _draw(actor: Actor, infos: list[ExportInfo], labels: dict[str, str], highlight: int | None) -> None:
    if not infos:
        st.info(_("No exports yet. Use Export on Customers, Projects or Revenue."), icon=":material/download:")
        return
    heads = (pgettext("export", "Name"), _("Status"), _("Rows"), _("Size"), _("Created"), _("Expires"), "")
    for col, head in zip(st.columns(WIDTHS, gap=GAP), heads, strict=True):
        if head:
            col.markdown(f"**{head}**")
    for info in infos:
        _row(actor, info, labels, highlighted=info.id == highlight)


def _row(actor: Actor, info: ExportInfo, labels: dict[str, str], *, highlighted: bool) -> None:
    if highlighted:
        st.html(HIGHLIGHT_CSS.format(id=int(info.id)))
    with st.container(key=f"export_row_{info.id}"):
        cells = st.columns(WIDTHS, gap=GAP, vertical_alignment="center")
        name, status, rows, size, created, expires, download = cells
        name.markdown(f"**{md(info.name)}**")
        name.caption(md(_kind(info, labels)))
        label, icon, color, help_text = STATUS.get(info.status, STATUS["failed"])
        with status:
            st.badge(_(label), icon=icon, color=color, help=_(help_text))
        # md(): a Danish date such as "12. mar." would start a numbered list
        rows.markdown(md(i18n.number(info.row_count)))
        size.markdown(md(i18n.file_size(info.size_bytes)))
        created.markdown(md(i18n.moment(info.created_at, time_zone=actor.time_zone)))
        expires.markdown(md(_expiry(actor, info)))
        if info.download_path:
            download.link_button(
                _("Download"),
                info.download_path,
                key=f"export_download_{info.id}",
                width="stretch",
            )


def _kind(info: ExportInfo, labels: dict[str, str]) -> str:
    """What the file holds and its format: "Companies · XLSX", "… · zip of 3 files"."""
    parts = [labels.get(info.object_type, info.object_type), exports.FORMATS.get(info.format, info.format.upper())]
    if info.part_count and info.part_count > 1:
        parts.append(ngettext("zip of {n} file", "zip of {n} files", info.part_count))
    return " · ".join(parts)


def _expiry(actor: Actor, info: ExportInfo) -> str:
    if info.status == "expired":
        return _("Expired")
    if info.status != "ready" or info.expires_at is None:
        return i18n.MISSING
    at = info.expires_at if info.expires_at.tzinfo else info.expires_at.replace(tzinfo=UTC)
    return _("Expires on {date}", date=i18n.day(i18n.today_in(actor.time_zone, now=at)))
