"""A page of records as a table: click a cell to open that record, click a column header
to sort the whole list by it (server-side; the grid's own page-local sort is off)."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from cslib import i18n
from cslib.i18n import _
from cslib.lists import Page
from cslib.properties import PropertySpec

WIDE = {"title": 230, "name": 200, "associated": 170}
# The grid's own date patterns (day.js), as each language writes a day; the time of day is
# on the 24-hour clock, as `cslib.i18n.moment` writes it.
DAY_FORMATS = {"en": "MMM D, YYYY", "da": "DD.MM.YYYY", "pl": "DD.MM.YYYY"}


@dataclass(frozen=True)
class TableEvent:
    open_id: int | None = None
    sort: tuple[str, str] | None = None


def column_config(
    props: dict[str, PropertySpec],
    columns: list[str],
    sort: list[dict],
    currency: str,
    time_zone: str,
    *,
    with_time: bool = False,
) -> dict:
    """Headers (the sorted one with an arrow) and formats of a page's columns; date-times
    show the time of day too `with_time`."""
    first = sort[0] if sort else {}
    day = DAY_FORMATS.get(i18n.current(), DAY_FORMATS["en"])
    config: dict = {"id": None}
    for name in columns:
        spec = props[name]
        label = spec.label
        if first.get("property") == name:
            label += " ↑" if first.get("direction") == "asc" else " ↓"
        if spec.type == "currency":
            config[name] = st.column_config.NumberColumn(label, format="dollar" if currency == "USD" else "localized")
        elif spec.type == "number":
            config[name] = st.column_config.NumberColumn(label, format="localized")
        elif spec.type == "date":
            config[name] = st.column_config.DateColumn(label, format=day)
        elif spec.type == "datetime":
            fmt = f"{day}, HH:mm" if with_time else day
            config[name] = st.column_config.DatetimeColumn(
                label, format=fmt, timezone=time_zone, width=140 if with_time else None
            )
        elif spec.type == "bool":
            config[name] = st.column_config.CheckboxColumn(label)
        elif spec.type in ("enumeration", "user"):
            config[name] = st.column_config.TextColumn(label, width=95 if spec.type == "enumeration" else 120)
        else:
            config[name] = st.column_config.TextColumn(label, width=WIDE.get(spec.name))
    return config


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
    and `hint` replace the usual texts (already in the reader's language)."""
    if page.rows.empty:
        st.info(empty or _("No records match these filters."))
        return TableEvent()
    columns = [c for c in page.rows.columns if c != "id"]
    ids = [int(i) for i in page.rows["id"]]
    modes = ["single-cell", "single-column"] + (["multi-row"] if ticked is not None else [])
    state = st.dataframe(
        page.rows,
        hide_index=True,
        column_order=columns,
        column_config=column_config(props, columns, sort, currency, time_zone, with_time=with_time),
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
