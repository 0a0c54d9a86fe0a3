"""Downloadable reports (HTML, CSV, Excel, PNG); pure functions, no Streamlit."""
