"""Entry point: `streamlit run app.py` serves Home.py plus the sign-in and health routes."""

import streamlit as st

from cslib.web import ROUTES, lifespan

app = st.App("Home.py", routes=ROUTES, lifespan=lifespan)
