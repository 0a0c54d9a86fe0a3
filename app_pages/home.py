"""Start page: what you can do here."""

import streamlit as st

from dshub.ui.core import page_link, tr

st.title(tr("home.title"))
st.write(tr("home.intro"))

cards = [
    ("app_pages/join.py", "home.join", ":material/group_add:", None),
    ("app_pages/facilitate.py", "home.facilitate", ":material/co_present:", None),
    ("app_pages/facilitate.py", "home.assessment", ":material/radar:", {"kind": "assessment"}),
    ("app_pages/benchmark.py", "home.benchmark", ":material/leaderboard:", None),
]
for i, (target, key, icon, query) in enumerate(cards):
    if i % 2 == 0:
        cols = st.columns(2)
    with cols[i % 2].container(border=True):
        st.header(tr(f"{key}.title"))
        st.write(tr(f"{key}.text"))
        page_link(target, label=tr(f"{key}.link"), icon=icon, **(query or {}))

st.caption(tr("home.privacy"))
