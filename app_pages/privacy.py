"""Privacy statement: what is stored, for how long, who can see it, how to export and delete."""

import streamlit as st

from dshub.config import settings
from dshub.ui.core import tr

st.title(tr("privacy.page.title"))
st.write(tr("privacy.page.intro"))
st.header(tr("privacy.page.stored.heading"))
st.markdown(tr("privacy.page.stored"))
st.header(tr("privacy.page.retention.heading"))
st.write(tr("privacy.page.retention"))
days = settings().retention_days
st.info(tr("privacy.page.retention.set", days=days) if days else tr("privacy.page.retention.off"),
        icon=":material/schedule:")
st.header(tr("privacy.page.access.heading"))
st.markdown(tr("privacy.page.access"))
st.header(tr("privacy.page.rights.heading"))
st.markdown(tr("privacy.page.rights"))
st.header(tr("privacy.page.law.heading"))
st.markdown(tr("privacy.page.law"))
