"""Entry point: `streamlit run app.py` serves Home.py plus the sign-in and health routes,
with security headers on every response."""

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

from cslib.web import MIDDLEWARE, ROUTES, lifespan

# Home.py builds the navigation for each user. Without this, the first request after a
# start would run pages/x.py directly (Streamlit's old folder-based multipage mode) until
# some session has run st.navigation.
PagesManager.uses_pages_directory = False

app = st.App("Home.py", routes=ROUTES, middleware=MIDDLEWARE, lifespan=lifespan)
