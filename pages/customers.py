"""Customers: saved views, filters and a paged table of customer records, with previews."""

import streamlit as st

from cslib.ui import lists, nav

st.set_page_config(page_title="Customers · Customer Success", layout="wide")
actor = nav.guard("customers")
lists.render(actor, "company", noun="customer", key="customers")
