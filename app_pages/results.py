"""Management dashboard (?key=results key, read-only; a municipality's own results key in a regional session;
or the facilitator key, with targets and sharing)."""

import streamlit as st

from dshub.maturity.content import MaturityModel
from dshub.services import maturity
from dshub.ui import results, results_admin, results_downloads
from dshub.ui.core import get_content, get_db, guarded, tr

db = get_db()
model = get_content().get("maturity", MaturityModel)
key = st.query_params.get("key")
st.title(tr("results.title"))


@guarded
def dashboard():
    group_slot = st.empty()  # a regional session: which group (region or municipality) is shown
    view_slot = st.empty()  # the view selector goes here once we know which view is shown
    dash = maturity.dashboard(
        db, model, key, st.session_state.get("results_view"), st.session_state.get("results_group")
    )
    results.group_selector(group_slot, dash)
    results.view_selector(view_slot, dash)
    results.header(dash)
    if dash.access.can_edit:
        results_admin.facilitator_tools(db, model, dash, key)
    results.benchmark_link(dash, key)
    if not dash.shown:  # the n >= 5 rule: say why, show nothing of the group
        results.hidden(dash)
        return
    band = results.benchmark_band(db)
    radar = results.radar(dash, model, band)
    results.overall(dash)
    steps = results.next_steps(dash, model)
    disagreement = results.disagreement(dash, model)
    roles, role_table = results.role_gaps(dash, model)
    trend = results.trend(dash, model)
    figures = [f for f in (radar.report, disagreement, roles, trend) if f is not None]
    results_downloads.downloads(dash, model, radar, figures, steps, role_table, band)


dashboard()
