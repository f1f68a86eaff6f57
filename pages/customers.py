"""Customers: saved views, filters and a paged table of customer records, with previews."""

import streamlit as st

from cslib.i18n import _
from cslib.ui import lists, nav

st.set_page_config(page_title=_("{page} · Customer Success", page=_("Customers")), layout="wide")
actor = nav.guard("customers")
lists.render(actor, "company", noun="customer", key="customers", hooks=lists.ListHooks(export=True))
