"""The day's programme for the projector (?key=facilitator key): what is on now, what comes next."""

import streamlit as st

from dshub.ui.core import get_db
from dshub.ui.programme import board

board(get_db(), st.query_params.get("key"))
