"""Streamlit glue: the only part of dshub that imports streamlit.

The page scripts live in ``app_pages/``, not ``pages/``: Streamlit treats a folder called
``pages/`` next to the main script as its old multipage mode until ``st.navigation`` has run
once in the process, so the first visitor of every fresh process (a restart, a second app
process behind nginx, a browser that fails over to a restarted one) would get the wrong page.
"""
