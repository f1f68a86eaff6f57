"""Feed: sales activity of the contacts at the companies the user owns."""

import streamlit as st

from cslib.i18n import _
from cslib.ui import feed, nav

actor = nav.guard("feed")  # first: it sets the reader's language for this run
st.set_page_config(page_title=_("Feed · Customer Success"), layout="wide")
feed.render(actor)
