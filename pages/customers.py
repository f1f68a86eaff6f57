"""Customers: saved views, filters and a paged table of customer records, with previews."""

import streamlit as st

from cslib.ui import list_page, nav

st.set_page_config(page_title="Customers · Customer Success", layout="wide")
actor = nav.guard("customers")
list_page.render(actor, "company", noun="customer", key="customers")
