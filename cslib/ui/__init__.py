"""Streamlit widgets and page plumbing shared by every page (the only cslib part that
imports streamlit)."""
