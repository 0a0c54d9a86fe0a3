"""Streamlit glue: the only part of dshub that imports streamlit."""

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager


def _leave_pages_folder_mode() -> None:
    """Make sure every page runs inside app.py's frame, also for the very first visitor.

    Streamlit treats a folder called ``pages/`` next to the main script as the old
    multipage mode until ``st.navigation`` has been called once in the process. A first
    visitor who arrives on a deep link (``/join?code=...``) right after a restart would
    get the page script run on its own: no language switch, no styles, the raw file list
    as navigation, and that for every visitor until someone opens ``/``. Every page
    imports ``dshub.ui``, so the first page run switches the process over and reruns the
    request through app.py.
    """
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


_leave_pages_folder_mode()
