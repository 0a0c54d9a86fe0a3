"""Privacy statement: what is stored, for how long, who can see it, how to export and delete."""

import streamlit as st

from dshub.config import settings
from dshub.ui.core import tr

st.title(tr("privacy.page.title"))
st.write(tr("privacy.page.intro"))
for section in ("stored", "retention", "access", "rights", "law"):
    st.header(tr(f"privacy.page.{section}.heading"))
    st.markdown(tr(f"privacy.page.{section}"))
    if section == "retention":  # the period this server actually keeps sessions
        days = settings().retention_days
        st.info(
            tr("privacy.page.retention.set", days=days) if days else tr("privacy.page.retention.off"),
            icon=":material/schedule:",
        )
