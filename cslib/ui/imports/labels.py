"""The words of the Import section: statuses, the locales a file may be written in, the
objects, whose Record IDs a file holds, and an import's counts."""

from __future__ import annotations

from cslib.i18n import N_, _, ngettext
from cslib.imports import ImportInfo

# status: (label, icon, badge colour)
STATUS = {
    "draft": (N_("Draft"), ":material/edit_note:", "gray"),
    "queued": (N_("Waiting to start"), ":material/schedule:", "gray"),
    "running": (N_("Importing…"), ":material/autorenew:", "blue"),
    "done": (N_("Done"), ":material/check_circle:", "green"),
    "failed": (N_("Stopped"), ":material/error:", "red"),
    "undoing": (N_("Undoing…"), ":material/autorenew:", "orange"),
    "undone": (N_("Undone"), ":material/undo:", "gray"),
}
PENDING = ("queued", "running", "undoing")
# How each locale writes numbers and dates (as the engine reads them).
LOCALE_NAMES = {"en": N_("English"), "da": N_("Danish"), "pl": N_("Polish")}
LOCALE_EXAMPLES = {"en": ("1,234.56", "12/31/2025"), "da": ("1.234,56", "31-12-2025"), "pl": ("1 234,56", "31.12.2025")}
RECORD_IDS = {
    "auto": N_("Decide from the IDs"),
    "ours": N_("IDs from this workspace"),
    "source": N_("IDs from another system"),
}


def locale_label(code: str) -> str:
    number, day = LOCALE_EXAMPLES[code]
    return _("{language} · {number} · {date}", language=_(LOCALE_NAMES[code]), number=number, date=day)


def status_label(info: ImportInfo) -> str:
    """The status in words; a stopped import says why."""
    if info.status == "failed" and info.error:
        return _("Stopped: {error}", error=info.error)
    return _(STATUS.get(info.status, STATUS["failed"])[0])


def counts(info: ImportInfo) -> str:
    """ "12 created · 3 updated · 2 skipped": the counts that are not zero."""
    parts = [
        ngettext("{n} created", "{n} created", info.created) if info.created else "",
        ngettext("{n} updated", "{n} updated", info.updated) if info.updated else "",
        ngettext("{n} unchanged", "{n} unchanged", info.unchanged) if info.unchanged else "",
        ngettext("{n} skipped", "{n} skipped", info.skipped) if info.skipped else "",
    ]
    return " · ".join(p for p in parts if p)


def progress(info: ImportInfo) -> float:
    """Share of the rows written; `rows_done` is the last row number written, and the
    header is row 1."""
    if info.rows_total <= 0:
        return 1.0 if info.status == "done" else 0.0
    return min(1.0, max(0.0, (info.rows_done - 1) / info.rows_total))
