"""A page of records as a table: click a cell to open that record, click a column header
to sort the whole list by it (server-side; the grid's own page-local sort is off)."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from cslib.listing import Page
from cslib.properties import PropertySpec

WIDE = {"title": 230, "name": 200, "associated": 170}


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
            config[name] = st.column_config.DateColumn(label, format="MMM D, YYYY")
        elif spec.type == "datetime":
            fmt = "MMM D, YYYY, HH:mm" if with_time else "MMM D, YYYY"
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


def render_table(
    page: Page,
    props: dict[str, PropertySpec],
    sort: list[dict],
    *,
    key: str,
    currency: str = "USD",
    time_zone: str = "UTC",
) -> TableEvent:
    if page.rows.empty:
        st.info("No records match these filters.")
        return TableEvent()
    columns = [c for c in page.rows.columns if c != "id"]
    gen_key = f"{key}__gen"
    generation = st.session_state.setdefault(gen_key, 0)
    state = st.dataframe(
        page.rows,
        hide_index=True,
        column_order=columns,
        column_config=column_config(props, columns, sort, currency, time_zone),
        on_select="rerun",
        selection_mode=["single-cell", "single-column"],
        key=f"{key}_{generation}",
        height=min(38 + 35 * len(page.rows), 38 + 35 * 25),
        placeholder="—",
    )
    st.caption("Click a name to preview the record; click a column header to sort by it.")
    selection = state.get("selection", {}) if state else {}
    if selection.get("columns"):
        st.session_state[gen_key] = generation + 1
        name = selection["columns"][0]
        first = sort[0] if sort else {}
        direction = "desc" if first.get("property") == name and first.get("direction") == "asc" else "asc"
        return TableEvent(sort=(name, direction))
    if selection.get("cells"):
        st.session_state[gen_key] = generation + 1
        row = selection["cells"][0][0]
        return TableEvent(open_id=int(page.rows.iloc[row]["id"]))
    return TableEvent()
