"""Entry point: sign-in, navigation built for the signed-in user, and the Overview tab."""

import streamlit as st

from cslib.ui import nav, profile, session
from cslib.ui.overview import render as render_overview

st.set_page_config(page_title="Customer Success", page_icon=":material/support_agent:", layout="wide")


def overview() -> None:
    render_overview(nav.guard("overview"))


actor = session.current_actor()
page = nav.build(actor, overview)
if actor is not None:
    profile.render_sidebar(actor)
page.run()
