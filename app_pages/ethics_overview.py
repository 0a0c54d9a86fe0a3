"""Facilitator's overview of the ethical data assistant (?key=facilitator key): per team, live."""

import streamlit as st

from dshub.catalogue.content import ethics_cases
from dshub.ethics.content import EthicsContent
from dshub.ui.core import get_content, get_db, page_link, tr
from dshub.ui.ethics import live_overview

db = get_db()
bundle = get_content()
content = bundle.get("ethics", EthicsContent)
cases = ethics_cases(bundle)  # the catalogue's entries are the ready cases
key = st.query_params.get("key")
st.title(tr("ethics.page.overview.title"))

if key:
    st.write(tr("ethics.page.overview.intro"))
    live_overview(db, content, cases, key)
    page_link("app_pages/facilitate.py", label=tr("ethics.page.overview.back"), icon=":material/arrow_back:", key=key)
else:
    st.warning(tr("ethics.page.overview.need_key"))
    page_link("app_pages/facilitate.py", label=tr("nav.facilitate"), icon=":material/co_present:")

st.divider()
st.caption(tr("ethics.credit"))
