"""Record page: one record's properties, activities and associations (/record?type=company&id=123,
/record?type=deal&id=7, a custom object's key as type)."""

import streamlit as st

from cslib.i18n import _
from cslib.ui import nav
from cslib.ui.record import record_page_types, render_record_panel
from cslib.validation import parse_int

actor = nav.guard("record")  # sets the reader's language first
st.set_page_config(page_title=_("Record · Customer Success"), layout="wide")


def refuse(message: str) -> None:
    st.error(message, icon=":material/error:")
    st.markdown(_("[Go to the Overview](/)"))
    st.stop()


object_type = st.query_params.get("type", "")
record_id = parse_int(st.query_params.get("id", ""))
page_types = record_page_types()
if object_type not in page_types:
    kinds = ", ".join(f"“{t}”" for t in page_types)
    refuse(_("This link does not say which kind of record to show (type must be {types}).", types=kinds))
if record_id is None:
    refuse(_("This link does not say which record to show: its id must be a whole number, like ?id=123."))

shown = render_record_panel(actor, object_type, record_id, key="recpage", full_page=True)
if shown is None:
    st.markdown(_("[Go to the Overview](/)"))
elif shown != record_id:  # merged into another record: point the URL at it
    st.query_params["id"] = str(shown)
