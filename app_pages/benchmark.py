"""Benchmark: the 2019 survey of municipal data labs, your datalab profile against it, advice, peers, data.

Open to everyone. With ?p=<participant token> (from the join page) the profile is
saved for the participant's team; without it the profile stays in the browser tab.
With ?key=<a municipality's own results key> (from its results page in a regional session)
the page first puts that municipality's maturity scores next to the region's.
"""

import streamlit as st

from dshub.benchmarks import DatalabProfile
from dshub.errors import NotFound
from dshub.maturity.content import MaturityModel
from dshub.services import benchmarks
from dshub.ui import benchmark_admin as admin_ui
from dshub.ui import benchmark_profile as profile_ui
from dshub.ui import benchmarks as ui
from dshub.ui.core import get_content, get_db, guarded, plain, show_user_error, tr

db = get_db()
content = get_content()
token = st.query_params.get("p")
results_key = st.query_params.get("key")
st.title(tr("nav.benchmark"))
st.write(tr("benchmarks.page.intro"))
in_use = guarded(benchmarks.benchmark_in_use)(db)
if in_use is None:  # the guard has shown what went wrong
    st.stop()
current = in_use.benchmark
ui.unusable_records_notice(in_use.unusable)


@guarded
def survey_section():
    st.header(tr("benchmarks.survey.heading"))
    ui.survey_at_a_glance(benchmarks.survey(), current)
    ui.shares_chart(current)
    ui.overlay_reasoning(
        benchmarks.overlay_for(current), benchmarks.maturity_mapping(), content.get("maturity", MaturityModel)
    )


def saved_profile():
    """(saved answers, their revisions, note on where they are kept, save action); standalone without a valid token."""
    if token:
        try:
            own = benchmarks.profile_answers(db, token)
        except NotFound as exc:
            show_user_error(exc)
        else:
            where = (
                tr("benchmarks.profile.saved_team", team=plain(own.team_name), workshop=plain(own.workshop_title))
                if own.team_name
                else tr("benchmarks.profile.saved_participant", workshop=plain(own.workshop_title))
            )
            return own.answers, own.revisions, where, save_answer
    return {}, None, tr("benchmarks.profile.unsaved"), None


def save_answer(question_id, value, expected_revision):
    """Save one answer over the revision this device showed (a teammate's newer one raises Conflict)."""
    return benchmarks.save_profile_answer(
        db,
        token,
        content.get("datalab_profile", DatalabProfile),
        question_id,
        value,
        expected_revision=expected_revision,
    )


@guarded
def profile_section():
    saved, revisions, where, on_save = saved_profile()
    profile_ui.profile_comparison(
        content.get("datalab_profile", DatalabProfile), current, where, saved, on_save, revisions
    )


@guarded
def advice_section():
    ui.start_advice(benchmarks.start_advice(), benchmarks.survey())


@guarded
def peers_section():
    model = content.get("maturity", MaturityModel)
    ui.peer_section(benchmarks.peer_table(db, model), model)


@guarded
def data_section():
    admin_ui.data_status(in_use.dataset)
    admin_ui.admin_actions(db, in_use.dataset or in_use.unusable)  # unusable records can be reset too


@guarded
def region_section():
    model = content.get("maturity", MaturityModel)
    ui.region_section(benchmarks.region_comparison(db, model, results_key), model)


if results_key:
    region_section()

tabs = st.tabs([tr(f"benchmarks.tab.{name}") for name in ("survey", "profile", "advice", "peers", "data")])
for tab, section in zip(tabs, (survey_section, profile_section, advice_section, peers_section, data_section)):
    with tab:
        section()
