"""Customer Success workspace: the data layer. Nothing here imports streamlit, except cslib.ui."""
