"""The floor: the cheapest page that still refreshes itself like the game pages do.

One ``st.fragment(run_every="2s")`` showing the time. ``python -m bench.load.run floor``
measures what N clients holding this page cost the server; the game scenario's
``--with-floor`` compares the game's cost per participant-second with it.
"""

import time

import streamlit as st


@st.fragment(run_every="2s")
def clock() -> None:
    st.write(time.strftime("%H:%M:%S"))


clock()
