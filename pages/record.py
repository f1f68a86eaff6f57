"""Record page: one record's properties, activities and associations (/record?type=company&id=123)."""

import streamlit as st

from cslib.record_view import RECORD_PAGE_TYPES
from cslib.ui import nav
from cslib.ui.record_panel import render_record_panel

st.set_page_config(page_title="Record · Customer Success", layout="wide")
actor = nav.guard("record")


def refuse(message: str) -> None:
    st.error(message, icon=":material/error:")
    st.markdown("[Go to the Overview](/)")
    st.stop()


object_type = st.query_params.get("type", "")
raw_id = st.query_params.get("id", "").strip()
if object_type not in RECORD_PAGE_TYPES:
    kinds = ", ".join(f"“{t}”" for t in RECORD_PAGE_TYPES)
    refuse(f"This link does not say which kind of record to show (type must be {kinds}).")
if not raw_id.isdecimal() or not 0 < int(raw_id) < 2**63:
    refuse("This link does not say which record to show: its id must be a whole number, like ?id=123.")

shown = render_record_panel(actor, object_type, int(raw_id), key="recpage", full_page=True)
if shown is None:
    st.markdown("[Go to the Overview](/)")
elif str(shown) != raw_id:  # merged into another record: point the URL at it
    st.query_params["id"] = str(shown)
