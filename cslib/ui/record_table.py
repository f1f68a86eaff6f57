"""A page of records as a table: click a cell to open that record, click a column header
to sort the whole list by it (server-side; the grid's own page-local sort is off).
Amounts, numbers, dates and times are written by Babel in the reader's language and the
user's time zone (the grid's own formats follow the browser, not the reader), so the
grid shows them as text; headers are the properties' labels in the reader's language."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime

import pandas as pd
import streamlit as st

from cslib import i18n
from cslib.i18n import _
from cslib.lists import Page
from cslib.properties import PropertySpec

WIDE = {"title": 230, "name": 200, "associated": 170}
FORMATTED = ("currency", "number", "date", "datetime")  # shown as text written by Babel


@dataclass(frozen=True)
class TableEvent:
    open_id: int | None = None
    sort: tuple[str, str] | None = None


def column_config(
    props: dict[str, PropertySpec], columns: list[str], sort: list[dict], *, with_time: bool = False
) -> dict:
    """Headers (the sorted one with an arrow) and widths of a page's columns, whose values
    `display_frame` wrote as text (date-times with the time of day too `with_time`)."""
    first = sort[0] if sort else {}
    config: dict = {"id": None}
    for name in columns:
        spec = props[name]
        label = spec.label
        if first.get("property") == name:
            label += " ↑" if first.get("direction") == "asc" else " ↓"
        if spec.type in ("currency", "number"):
            config[name] = st.column_config.TextColumn(label, alignment="right")
        elif spec.type == "date":
            config[name] = st.column_config.TextColumn(label)
        elif spec.type == "datetime":
            config[name] = st.column_config.TextColumn(label, width=140 if with_time else None)
        elif spec.type == "bool":
            config[name] = st.column_config.CheckboxColumn(label)
        elif spec.type in ("enumeration", "user"):
            config[name] = st.column_config.TextColumn(label, width=95 if spec.type == "enumeration" else 120)
        else:
            config[name] = st.column_config.TextColumn(label, width=WIDE.get(spec.name))
    return config


def display_frame(
    rows: pd.DataFrame,
    props: dict[str, PropertySpec],
    currency: str,
    time_zone: str,
    *,
    with_time: bool = False,
) -> pd.DataFrame:
    """`rows` (a list page's values) with amounts, numbers, dates and date-times written in
    the reader's language: "$120,000" / "120.000 US$", "Nov 22, 2026" / "22. nov. 2026",
    date-times in `time_zone`. Empty values stay empty (the grid shows "—")."""
    out = rows.copy()
    for name in out.columns:
        spec = props.get(name)
        if spec is None or spec.type not in FORMATTED:
            continue
        out[name] = pd.Series(
            [_text(spec.type, v, currency, time_zone, with_time) for v in rows[name]], index=rows.index, dtype="object"
        )
    return out


def _text(kind: str, value: object, currency: str, time_zone: str, with_time: bool) -> str | None:
    if value is None or value is pd.NaT or (isinstance(value, float) and math.isnan(value)):
        return None
    if kind == "currency":
        return i18n.money(float(value), currency)
    if kind == "number":
        return i18n.number(value)
    if kind == "datetime" and isinstance(value, datetime):
        if with_time:
            return i18n.moment(value, time_zone=time_zone)
        return i18n.day(value.astimezone(i18n.zone(time_zone)).date())
    if isinstance(value, date):
        return i18n.day(value if not isinstance(value, datetime) else value.date())
    return str(value)


def _generation_key(key: str) -> str:
    return f"{key}__gen"


def table_key(key: str, page: Page) -> str:
    """The grid's widget key: new per page and after each redraw, so a click is acted on once."""
    return f"{key}_{page.page}_{st.session_state.get(_generation_key(key), 0)}"


def redraw(key: str) -> None:
    """Draw the grid afresh on the next run (clicks and ticks forgotten)."""
    st.session_state[_generation_key(key)] = st.session_state.get(_generation_key(key), 0) + 1


def ticked_ids(key: str, page: Page) -> set[int] | None:
    """Ids of the rows ticked on this page, from the click that caused this run (None when
    the grid has not reported any), readable before the grid is drawn."""
    raw = st.session_state.get(table_key(key, page))
    if not raw:
        return None
    ids = [int(i) for i in page.rows["id"]]
    return {ids[r] for r in (raw.get("selection") or {}).get("rows") or [] if 0 <= r < len(ids)}


def render_table(
    page: Page,
    props: dict[str, PropertySpec],
    sort: list[dict],
    *,
    key: str,
    currency: str = "USD",
    time_zone: str = "UTC",
    with_time: bool = False,
    ticked: set[int] | None = None,
    empty: str | None = None,
    hint: str | None = None,
) -> TableEvent:
    """A page as a grid: a cell click opens its record, a header click sorts by its column.
    With `ticked` (ids), rows get tick boxes, those ids ticked (see `ticked_ids`). `empty`
    and `hint` (in the reader's language) replace the general texts."""
    if page.rows.empty:
        st.info(empty or _("No records match these filters."))
        return TableEvent()
    columns = [c for c in page.rows.columns if c != "id"]
    ids = [int(i) for i in page.rows["id"]]
    modes = ["single-cell", "single-column"] + (["multi-row"] if ticked is not None else [])
    state = st.dataframe(
        display_frame(page.rows, props, currency, time_zone, with_time=with_time),
        hide_index=True,
        column_order=columns,
        column_config=column_config(props, columns, sort, with_time=with_time),
        on_select="rerun",
        selection_mode=modes,
        selection_default={"selection": {"rows": [i for i, t in enumerate(ids) if t in ticked]}} if ticked else None,
        key=table_key(key, page),
        height=min(38 + 35 * len(page.rows), 38 + 35 * 25),
        placeholder="—",
    )
    st.caption(hint or _("Click a name to preview the record; click a column header to sort by it."))
    selection = state.get("selection", {}) if state else {}
    if selection.get("columns"):
        redraw(key)
        name = selection["columns"][0]
        first = sort[0] if sort else {}
        direction = "desc" if first.get("property") == name and first.get("direction") == "asc" else "asc"
        return TableEvent(sort=(name, direction))
    if selection.get("cells"):
        redraw(key)
        return TableEvent(open_id=ids[selection["cells"][0][0]])
    return TableEvent()
