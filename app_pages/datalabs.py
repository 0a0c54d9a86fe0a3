"""Data labs: a factsheet per lab (from the loaded lab records, else your own profile), a comparison with
your own lab, and an offline map of the Netherlands (labs by type, CBS data centres, the session's
municipalities) with the same content as a table.

Open to everyone. With ?p=<participant token> the team's municipality and saved profile are used; with
?key=<a results key> of a regional session its municipalities are outlined on the map.
"""

import streamlit as st

from dshub.benchmarks import DatalabProfile
from dshub.services import datalabs
from dshub.ui import datalabs as ui
from dshub.ui.benchmark_profile import answers_in_session
from dshub.ui.core import get_content, get_db, guarded, tr

db = get_db()
content = get_content()
token = st.query_params.get("p")
results_key = st.query_params.get("key")
profile = content.get("datalab_profile", DatalabProfile)
st.title(tr("datalabs.nav"))
st.write(tr("datalabs.page.intro"))
ctx = ui.reader_context(db, token, results_key)
own = ui.municipality_select(datalabs.municipality_names(), ctx.own_municipality)
answers = datalabs.saved_profile(db, token) if token else answers_in_session(profile)
view = guarded(datalabs.datalabs_view)(db, answers, own, ctx.session_municipalities)
if view is None:  # the guard has shown what went wrong
    st.stop()
guarded(ui.factsheets_section)(view, profile)
guarded(ui.map_section)(view)
