"""Exports: the files the user exported, their status, and download links while they last."""

import streamlit as st

from cslib.i18n import _
from cslib.ui import exports, nav

actor = nav.guard("exports")  # first: it sets the reader's language for this run
st.set_page_config(page_title=_("{page} · Customer Success", page=_("Exports")), layout="wide")
exports.render(actor)
