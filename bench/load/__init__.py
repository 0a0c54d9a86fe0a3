"""Load generator that speaks Streamlit's own websocket protocol (see README.md)."""
