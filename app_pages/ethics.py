"""Ethical data assistant for a team (?p=token): project, questions per theme, values, decision, report.

One shared record per team, usable from several devices; see dshub/services/ethics.py.
Without a token the page explains how to join, or how to use it standalone for an own project.
"""

import streamlit as st

from dshub.catalogue.content import ethics_cases
from dshub.ethics.content import EthicsContent
from dshub.legal.content import LegalFacts
from dshub.services import ethics
from dshub.ui import ethics as ui
from dshub.ui.core import get_content, get_db, guarded, lang, tr
from dshub.ui.programme import follow

db = get_db()
bundle = get_content()
content = bundle.get("ethics", EthicsContent)
cases = ethics_cases(bundle)  # the catalogue's entries are the ready cases
legal = next(iter(bundle.of_kind(LegalFacts)), None)  # the advice cites its rules when the file is there
token = st.query_params.get("p") or st.session_state.get("participant_token")
lg = lang()
st.title(content.title.get(lg))


@guarded
def assistant():
    sheet = ethics.team_sheet(db, content, token)
    follow(sheet.workshop, token, "ethics", hold=ui.unsaved())  # the part the facilitator opened
    ctx = ui.Ctx(db, content, cases, token, lg, legal)
    ui.team_line(sheet)
    ui.live_toggle()
    step = ui.step_picker()
    if step == "project":
        ui.project_step(ctx, sheet)
    elif step == "questions":
        ui.questions_step(ctx)
    elif step == "values":
        ui.values_step(ctx, sheet)
    elif step == "decision":
        ui.decision_step(ctx, sheet)
    else:
        ui.report_step(ctx, sheet)


if token:
    st.write(content.description.get(lg))
    assistant()
else:
    ui.standalone_help()

st.divider()
st.caption(tr("ethics.credit"))
