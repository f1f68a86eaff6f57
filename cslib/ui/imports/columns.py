"""Step 2 of an import: one row per column of the file, with its header, a few of its
values and what it fills (guessed, changeable; an unmapped column may become a new
property for admins), and whose Record IDs the file holds.

Option values are stable codes ("property:name", "record_id", "new", ...) shown through
`format_func`, so a change of language keeps every choice."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import streamlit as st

from cslib import imports
from cslib.i18n import _
from cslib.imports import ImportInfo, Target
from cslib.permissions import Actor, can_manage_settings
from cslib.properties import PROPERTY_TYPE_LABELS
from cslib.ui import session
from cslib.ui.imports.labels import RECORD_IDS
from cslib.ui.md import md

NEW = "new"
# Types a new property may take from a column (guess_type names one of these).
NEW_TYPES = ("string", "text", "number", "currency", "date", "datetime", "bool")
WIDTHS = [1.6, 2.0, 3.4]
SAMPLES_SHOWN = 3
SAMPLE_CHARS = 40


@dataclass(frozen=True)
class Sample:
    """The head of a file: its headers and first rows (kept for the draft's session)."""

    import_id: int
    headers: tuple[str, ...]
    rows: tuple[tuple[object, ...], ...]

    def column(self, index: int) -> list[object]:
        return [row[index] if index < len(row) else None for row in self.rows]


def code(target: Target) -> str:
    return f"{target.kind}:{target.name}" if target.name is not None and target.kind != NEW else target.kind


def decode(value: str) -> Target:
    kind, _sep, name = value.partition(":")
    return Target(kind, name or None)


def render(actor: Actor, info: ImportInfo, sample: Sample, object_type: str, locale: str) -> tuple[list[Target], str]:
    """Draw the mapping for `object_type` and return the mapping and Record IDs mode chosen."""
    with session.reading() as s:
        offered = imports.choices(s, object_type)
        labels = {code(t): imports.target_label(s, object_type, t) for t in offered}
        start = (
            list(info.mapping)
            if object_type == info.object_type
            else imports.guess_mapping(s, object_type, sample.headers)
        )
    options = list(labels)
    if can_manage_settings(actor):
        options.append(NEW)
        labels[NEW] = _("New property…")
    heads = (_("Column in the file"), _("First values"), _("Imports into"))
    for col, head in zip(st.columns(WIDTHS, gap="small"), heads, strict=True):
        col.markdown(f"**{head}**")
    mapping = [
        _row(info.id, object_type, index, header, sample.column(index), start[index], options, labels, locale)
        for index, header in enumerate(sample.headers)
    ]
    return mapping, _record_ids(info, mapping)


def _row(
    import_id: int,
    object_type: str,
    index: int,
    header: str,
    values: Sequence[object],
    start: Target,
    options: list[str],
    labels: dict[str, str],
    locale: str,
) -> Target:
    prefix = f"imp_map_{import_id}_{object_type}_{index}"
    name_cell, values_cell, target_cell = st.columns(WIDTHS, gap="small", vertical_alignment="center")
    name_cell.markdown(md(header) or "—")
    shown = [_short(v) for v in values if v not in (None, "")][:SAMPLES_SHOWN]
    values_cell.caption(" · ".join(md(v) for v in shown) if shown else _("(empty)"))
    first = code(start)
    chosen = target_cell.selectbox(
        _("Imports into"),
        options,
        index=options.index(first) if first in options else 0,
        format_func=lambda c: labels.get(c, c),
        key=f"{prefix}_target",
        label_visibility="collapsed",
    )
    if chosen != NEW:
        return decode(chosen)
    with target_cell:  # its name and type, under the choice
        return _new_property(prefix, header, values, start, locale)


def _new_property(prefix: str, header: str, values: Sequence[object], start: Target, locale: str) -> Target:
    """The label and type of the property a column becomes (type guessed from its values)."""
    kind, _sep, label = (start.name or "").partition(":") if start.kind == NEW else ("", "", "")
    kind = kind if kind in NEW_TYPES else imports.guess_type(values, locale)
    kinds = {k: _(PROPERTY_TYPE_LABELS[k]) for k in NEW_TYPES}
    name_part, type_part = st.columns(2, gap="small")
    label = name_part.text_input(
        _("Property name"),
        value=label or str(header).strip(),
        max_chars=120,
        key=f"{prefix}_label",
        label_visibility="collapsed",
        placeholder=_("Property name"),
    )
    kind = type_part.selectbox(
        _("Type"),
        NEW_TYPES,
        index=NEW_TYPES.index(kind) if kind in NEW_TYPES else 0,
        format_func=lambda k: kinds.get(k, k),
        key=f"{prefix}_type",
        label_visibility="collapsed",
    )
    return Target(NEW, f"{kind}:{label.strip()}")


def _record_ids(info: ImportInfo, mapping: Sequence[Target]) -> str:
    """Whose Record IDs the file holds, asked only when a column fills Record ID."""
    if not any(t.kind == "record_id" for t in mapping):
        return "auto"
    modes = list(RECORD_IDS)
    words = {mode: _(RECORD_IDS[mode]) for mode in modes}  # in this run's language
    return st.radio(
        _("Record IDs in this file are"),
        modes,
        index=modes.index(info.record_ids) if info.record_ids in modes else 0,
        format_func=lambda m: words.get(m, m),
        horizontal=True,
        key=f"imp_record_ids_{info.id}",
        help=_(
            "IDs from this workspace update the records they name. IDs from another system are kept on "
            "the records, so a later file that names them (e.g. in “Associated Company IDs”) finds them. "
            "Left to us, the IDs decide."
        ),
    )


def _short(value: object) -> str:
    text = " ".join(str(value).split())
    return text if len(text) <= SAMPLE_CHARS else text[: SAMPLE_CHARS - 1] + "…"
