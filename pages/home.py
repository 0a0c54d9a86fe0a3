"""Start page: what you can do here."""

import streamlit as st

from dshub.ui.core import tr

st.title(tr("home.title"))
st.write(tr("home.intro"))

cards = [
    ("pages/join.py", "home.join", ":material/group_add:"),
    ("pages/facilitate.py", "home.facilitate", ":material/co_present:"),
    ("pages/benchmark.py", "home.benchmark", ":material/leaderboard:"),
]
for col, (target, key, icon) in zip(st.columns(len(cards)), cards):
    with col.container(border=True):
        st.subheader(tr(f"{key}.title"))
        st.write(tr(f"{key}.text"))
        st.page_link(target, label=tr(f"{key}.link"), icon=icon)

st.caption(tr("home.privacy"))
