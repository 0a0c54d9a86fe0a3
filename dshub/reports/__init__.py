"""Downloadable reports (HTML and the same HTML as PDF, CSV, JSON, Excel, PNG); pure functions, no Streamlit."""
