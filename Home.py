"""Entry point: sign-in, navigation built for the signed-in user, and the Overview tab."""

import streamlit as st

from cslib.i18n import _
from cslib.ui import nav, profile, session
from cslib.ui.overview import render as render_overview


def overview() -> None:
    render_overview(nav.guard("overview"))


actor = session.current_actor()  # first: it sets the reader's language for this run
st.set_page_config(page_title=_("Customer Success"), page_icon=":material/support_agent:", layout="wide")
page = nav.build(actor, overview)
if actor is not None:
    profile.render_sidebar(actor)
page.run()
