"""Streamlit glue: the only part of dshub that imports streamlit."""
