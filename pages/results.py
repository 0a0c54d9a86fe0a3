"""Management dashboard (?key=results key, read-only; or the facilitator key, with targets and sharing)."""

import streamlit as st

from dshub.maturity.content import MaturityModel
from dshub.services import maturity
from dshub.ui import results
from dshub.ui.core import get_content, get_db, guarded, labeller, tr

db = get_db()
model = get_content().get("maturity", MaturityModel)
key = st.query_params.get("key")
st.title(tr("results.title"))


@guarded
def dashboard():
    view = st.radio(tr("results.view"), ["teams", "individuals", "all"], format_func=labeller("results.view"),
                    horizontal=True, key="results_view", index=None) or None
    dash = maturity.dashboard(db, model, key, view)
    results.header(dash)
    if dash.access.can_edit:
        results.facilitator_tools(db, model, dash, key)
    band = results.benchmark_band(db)
    radar = results.radar(dash, model, band)
    results.overall(dash)
    steps = results.next_steps(dash, model)
    results.role_gaps(dash, model)
    results.trend(dash, model)
    results.downloads(dash, model, radar, steps, band)


dashboard()
