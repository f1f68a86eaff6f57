"""Entry point: sign-in, navigation built for the signed-in user, and the Overview tab."""

import streamlit as st

from cslib.permissions import visible_tabs
from cslib.ui import nav, session
from cslib.ui.md import md
from cslib.ui.overview import render as render_overview

st.set_page_config(page_title="Customer Success", page_icon=":material/support_agent:", layout="wide")


def overview() -> None:
    render_overview(nav.guard("overview"))


def sidebar(actor) -> None:  # noqa: ANN001
    with st.sidebar:
        st.markdown(f"**{md(actor.name)}**")
        st.caption(md(actor.email))
        if not visible_tabs(actor):
            st.caption("Your account has no workspace access.")
        if st.button("Sign out", icon=":material/logout:", key="sign_out"):
            session.sign_out()
            st.rerun()


actor = session.current_actor()
page = nav.build(actor, overview)
if actor is not None:
    sidebar(actor)
page.run()
