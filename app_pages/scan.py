"""Maturity scan for a participant (?p=token): as a team or individually, saved as answers are given."""

import streamlit as st

from dshub.maturity.content import MaturityModel
from dshub.services import live, maturity, workshops
from dshub.ui.core import get_content, get_db, guarded, labeller, lang, page_link, tr
from dshub.ui.live import watch
from dshub.ui.maturity import (
    dimension_intro,
    item_widgets,
    next_dimension_button,
    progress_overview,
    scan_choice,
    team_line,
)
from dshub.ui.programme import follow

db = get_db()
model = get_content().get("maturity", MaturityModel)
token = st.query_params.get("p") or st.session_state.get("participant_token")
lg = lang()
st.title(model.title.get(lg))


@guarded
def scan():
    member = workshops.membership(db, token)
    modes = ["team", "individual"] if member.team else ["individual"]
    mode = (
        st.radio(tr("scan.mode"), modes, format_func=labeller("scan.mode"), horizontal=True, key="scan_mode")
        if len(modes) > 1
        else modes[0]
    )
    dims = [d.id for d in model.dimensions]
    dimension = st.selectbox(
        tr("scan.dimension"), dims, format_func=lambda d: model.dimension(d).label.get(lg), key="scan_dimension"
    )

    sheet = maturity.scan_sheet(db, token, mode)
    follow(sheet.workshop, token, "scan")  # the part the facilitator opened
    team_line(sheet)
    scan_choice(db, model, token, sheet)  # only when the session lets each team choose
    progress_overview(model, maturity.progress(model, sheet.scan, sheet.answers))
    dimension_intro(model, dimension)
    item_widgets(db, model, token, sheet, dimension)  # never inside the refreshing part: no lost clicks
    next_dimension_button(dims, dimension)
    watch(db, sheet.workshop.id, sheet.live, [sheet.topic, live.PROGRAMME], every=5.0)  # tablemates, programme


if token:
    st.write(model.description.get(lg))
    scan()
else:
    st.warning(tr("scan.need_token"))
    page_link("app_pages/join.py", label=tr("home.join.link"), icon=":material/group_add:")
