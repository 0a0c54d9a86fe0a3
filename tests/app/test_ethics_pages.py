"""AppTests for the ethical data assistant pages: the team page (steps, branching, conflicts, decision)
and the facilitator's overview."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from dshub.content import load_content
from dshub.ethics.content import EthicsCases, EthicsContent
from dshub.ethics.report import report_json
from dshub.i18n import t
from dshub.services import ethics, workshops
from dshub.ui.core import plain
from tests.app.conftest import assert_clean, texts

BUNDLE = load_content()
CONTENT = BUNDLE.get("ethics", EthicsContent)
CASES = BUNDLE.get("ethics_cases", EthicsCases)


@pytest.fixture
def team(db):
    created = workshops.create_workshop(db, title="Dag", municipality="Dongen", base_url="https://dshub.test")
    joined = workshops.join(db, code=created.workshop.code, new_team_name="Tafel 1", roles=["policy"])
    return created, joined


def step(open_page, token, name, lang="en"):
    at = open_page("pages/ethics.py", lang=lang, p=token)
    at.radio(key="ethics_step").set_value(name).run()
    assert_clean(at)
    return at


def keys(at) -> set[str]:
    return {w.key for kind in ("radio", "multiselect", "text_area", "text_input", "button", "selectbox")
            for w in getattr(at, kind) if w.key}


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("name", ["project", "questions", "values", "decision", "report"])
def test_every_step_renders_in_both_languages(open_page, team, lang, name):
    _, joined = team
    at = step(open_page, joined.token, name, lang)
    assert t("ethics.credit", lang) in texts(at)
    assert t(f"ethics.page.step.{name}", lang) in [o for o in at.radio(key="ethics_step").options]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_follow_up_question_appears_after_an_answer_and_the_signal_shows(open_page, db, team, lang):
    _, joined = team
    at = step(open_page, joined.token, "questions", lang)
    assert "ethics_q_decides_about_people" in keys(at)
    assert "ethics_q_explainable" not in keys(at)
    at.radio(key="ethics_q_decides_about_people").set_value("yes").run()
    assert_clean(at)
    assert "ethics_q_explainable" in keys(at)
    concern = CONTENT.question("decides_about_people").signals["yes"].concern.get(lang)
    assert any(concern.split(".")[0] in w.value for w in at.warning)
    assert ethics.record_for(db, CONTENT, joined.token).answers == {"decides_about_people": "yes"}
    total = CONTENT.theme("algorithm")
    assert f"{total.title.get(lang)}: 1/4" in texts(at)


def test_a_tablemates_answer_appears_and_a_stale_save_keeps_both(open_page, db, team):
    created, joined = team
    other = workshops.join(db, code=created.workshop.code, team_id=joined.membership.team.id)
    at = step(open_page, joined.token, "questions")
    ethics.save_question(db, CONTENT, other.token, "uses_model", "rules", expected=0)
    at.run()
    assert at.radio(key="ethics_q_uses_model").value == "rules"
    assert "changed on another device" in texts(at)

    # Both devices show "rules"; the tablemate saves first, this device's save is stale.
    ethics.save_question(db, CONTENT, other.token, "uses_model", "statistical", expected=1)
    at.radio(key="ethics_q_uses_model").set_value("machine_learning").run()
    assert_clean(at)
    assert "saved this on another device" in texts(at)
    assert "Statistical model" in texts(at) and "Learning system" in texts(at)  # both, side by side
    assert ethics.record_for(db, CONTENT, joined.token).answers["uses_model"] == "statistical"
    assert at.radio(key="ethics_q_uses_model").value == "statistical"

    at.button(key="ethics_conflict_use_uses_model").click().run()
    assert_clean(at)
    assert ethics.record_for(db, CONTENT, joined.token).answers["uses_model"] == "machine_learning"
    assert at.radio(key="ethics_q_uses_model").value == "machine_learning"
    assert "saved this on another device" not in texts(at)


def test_project_step_saves_a_case_and_the_roles(open_page, db, team):
    _, joined = team
    at = step(open_page, joined.token, "project")
    assert at.multiselect(key="ethics_roles").value == ["policy"]  # the roles at the table
    at.selectbox(key="ethics_case").set_value("debt_prevention").run()
    assert CASES.case("debt_prevention").description.en.split(",")[0] in texts(at)
    at.button(key="ethics_project_save").click().run()
    assert_clean(at)
    record = ethics.record_for(db, CONTENT, joined.token)
    assert (record.project.case_id, record.roles_present) == ("debt_prevention", ["policy"])


def test_own_project_without_a_name_is_refused_with_a_message(open_page, db, team):
    _, joined = team
    at = step(open_page, joined.token, "project")
    at.radio(key="ethics_project_mode").set_value("own").run()
    at.button(key="ethics_project_save").click().run()
    assert not at.exception
    assert "Give the project a name" in " ".join(e.value for e in at.error)
    assert ethics.record_for(db, CONTENT, joined.token).project.title == ""


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_decision_errors_are_messages_and_nothing_is_saved(open_page, db, team, lang):
    _, joined = team
    ethics.save_question(db, CONTENT, joined.token, "personal_data", "unknown", expected=0)
    at = step(open_page, joined.token, "decision", lang)
    assert at.text_input(key="ethics_action_text_0").value.startswith(t("ethics.signal.find_out", lang, question=""))
    at.radio(key="ethics_outcome").set_value("adjust").run()
    at.button(key="ethics_decision_save").click().run()
    assert not at.exception
    errors = " ".join(e.value for e in at.error)
    assert t("ethics.error.motivation_required", lang) in errors
    assert t("ethics.error.action_owner_required", lang, n=1) in errors
    assert t("ethics.error.action_due_required", lang, n=1) in errors
    assert ethics.record_for(db, CONTENT, joined.token).decision is None


def test_a_decision_with_its_action_list_is_saved(open_page, db, team):
    _, joined = team
    ethics.save_question(db, CONTENT, joined.token, "personal_data", "unknown", expected=0)
    due = date.today() + timedelta(days=14)
    at = step(open_page, joined.token, "decision")
    at.radio(key="ethics_outcome").set_value("adjust")
    at.text_area(key="ethics_motivation").input("Find out about personal data first")
    at.selectbox(key="ethics_action_owner_0").set_value("privacy_officer")
    at.date_input(key="ethics_action_due_0").set_value(due)
    at.button(key="ethics_action_add").click().run()
    at.text_input(key="ethics_action_text_1").input("Tell the council")
    at.selectbox(key="ethics_action_owner_1").set_value("communication")
    at.date_input(key="ethics_action_due_1").set_value(due)
    at.button(key="ethics_decision_save").click().run()
    assert_clean(at)
    decision = ethics.record_for(db, CONTENT, joined.token).decision
    assert decision.outcome == "adjust"
    assert [(a.owner_role, a.due, a.source) for a in decision.actions] == [
        ("privacy_officer", due, "personal_data.unknown.find_out"), ("communication", due, None)]
    assert "DPIA" in texts(at)  # routing advice is part of the summary


def test_values_need_a_note_when_not_fully_honoured(open_page, db, team):
    _, joined = team
    at = step(open_page, joined.token, "values")
    at.multiselect(key="ethics_values_pick").set_value(["privacy"]).run()
    at.radio(key="ethics_value_judgement_privacy").set_value("partly")
    at.button(key="ethics_values_save").click().run()
    assert not at.exception
    assert "Explain why the project does not fully honour 'Privacy'" in " ".join(e.value for e in at.error)
    at.text_input(key="ethics_value_note_privacy").input("Small areas")
    at.button(key="ethics_values_save").click().run()
    assert_clean(at)
    values = ethics.record_for(db, CONTENT, joined.token).values
    assert [(v.value_id, v.judgement, v.note) for v in values] == [("privacy", "partly", "Small areas")]


def test_report_step_offers_three_downloads(open_page, team):
    _, joined = team
    at = step(open_page, joined.token, "report")
    labels = " ".join(str(e.proto.label) for e in at.get("download_button"))
    assert "HTML" in labels and "Markdown" in labels and "JSON" in labels


def test_without_a_token_the_page_explains_joining_and_standalone_use(open_page):
    at = open_page("pages/ethics.py", lang="en")
    assert_clean(at)
    assert "First join" in at.warning[0].value
    assert "own project" in texts(at)


def test_join_and_facilitate_pages_link_to_the_ethics_pages(open_page, team):
    created, joined = team
    at = open_page("pages/join.py", lang="en", p=joined.token)
    assert_clean(at)
    links = {e.proto.page: e.proto for e in at.get("page_link")}
    assert links["ethics"].label == "Ethical data assistant"
    assert links["ethics"].query_string == f"p={joined.token}"
    at = open_page("pages/facilitate.py", lang="en", key=created.facilitator_key)
    assert_clean(at)
    links = {e.proto.page: e.proto for e in at.get("page_link")}
    assert links["ethics_overview"].query_string == f"key={created.facilitator_key}"


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_overview_shows_progress_per_team(open_page, db, team, lang):
    created, joined = team
    workshops.join(db, code=created.workshop.code, new_team_name="Tafel 2")
    ethics.save_question(db, CONTENT, joined.token, "decides_about_people", "yes", expected=0)
    ethics.save_question(db, CONTENT, joined.token, "personal_data", "unknown", expected=0)
    at = open_page("pages/ethics_overview.py", lang=lang, key=created.facilitator_key)
    assert_clean(at)
    algorithm, source = CONTENT.theme("algorithm").title.get(lang), CONTENT.theme("source").title.get(lang)
    names = [m.value for m in at.markdown if "Tafel" in m.value]
    assert [n.split("**")[1] for n in names] == ["Tafel 1", "Tafel 2"]
    themes = [c.value for c in at.caption if algorithm in c.value]  # one line per team, in team order
    assert f"{algorithm}: 1/4" in themes[0] and f"{source}: 1/4" in themes[0]
    assert f"{algorithm}: 0/3" in themes[1]  # without answers, the follow-up is hidden
    counts = [m.value for m in at.markdown if m.value.startswith(t("ethics.page.overview.counts", lang, concerns=0,
                                                                   actions=0, listed=0, outcome="–")[:5])]
    assert counts == [t("ethics.page.overview.counts", lang, concerns=c, actions=a, listed=0, outcome="–")
                      for c, a in ((1, 2), (0, 0))]
    assert t("ethics.page.overview.count", lang, teams=2, started=1) in texts(at)


def test_overview_without_or_with_a_wrong_key(open_page):
    at = open_page("pages/ethics_overview.py", lang="en")
    assert_clean(at)
    assert "private facilitator link" in at.warning[0].value
    at = open_page("pages/ethics_overview.py", lang="en", key="wrong")
    assert not at.exception
    assert at.error  # a translated message, not a traceback


def stale_decision_save(open_page, db, team):
    """This device shows the decision form; a tablemate saves a decision first; then this device saves."""
    created, joined = team
    other = workshops.join(db, code=created.workshop.code, team_id=joined.membership.team.id)
    at = step(open_page, joined.token, "decision")
    ethics.save_decision(db, CONTENT, other.token, outcome="stop", motivation="Their reason", actions=[],
                         expected={})
    at.radio(key="ethics_outcome").set_value("go")
    at.text_area(key="ethics_motivation").input("My reason")
    at.button(key="ethics_decision_save").click().run()
    assert_clean(at)
    return at, joined


def test_a_stale_decision_save_shows_both_versions_and_can_keep_the_saved_one(open_page, db, team):
    at, joined = stale_decision_save(open_page, db, team)
    shown = texts(at)
    assert "saved this on another device" in shown and "Their reason" in shown and "My reason" in shown
    assert ethics.record_for(db, CONTENT, joined.token).decision.motivation == "Their reason"
    assert at.text_area(key="ethics_motivation").value == "My reason"  # the attempt is still on screen

    at.button(key="ethics_conflict_keep_decision").click().run()
    assert_clean(at)
    assert at.text_area(key="ethics_motivation").value == "Their reason"
    assert at.radio(key="ethics_outcome").value == "stop"
    assert "saved this on another device" not in texts(at)


def test_a_stale_decision_save_can_save_my_version(open_page, db, team):
    at, joined = stale_decision_save(open_page, db, team)
    at.button(key="ethics_conflict_use_decision").click().run()
    assert_clean(at)
    decision = ethics.record_for(db, CONTENT, joined.token).decision
    assert (decision.outcome, decision.motivation) == ("go", "My reason")
    assert "saved this on another device" not in texts(at)


def test_an_untouched_project_form_shows_a_tablemates_save(open_page, db, team):
    created, joined = team
    other = workshops.join(db, code=created.workshop.code, team_id=joined.membership.team.id)
    at = step(open_page, joined.token, "project")
    ethics.save_project(db, CONTENT, CASES, other.token, title="", description="", case_id="energy_dashboard",
                        roles=["policy", "legal"], expected={})
    at.run()
    assert_clean(at)
    assert at.selectbox(key="ethics_case").value == "energy_dashboard"
    assert at.multiselect(key="ethics_roles").value == ["policy", "legal"]


def test_uploading_a_json_report_continues_and_reports_what_was_set_aside(open_page, db, team):
    created, joined = team
    ethics.save_question(db, CONTENT, joined.token, "personal_data", "yes", expected=0)
    doc = json.loads(report_json(ethics.record_for(db, CONTENT, joined.token), CONTENT, CASES))
    doc["record"]["answers"] |= {"retired_question": "yes", "decides_about_people": "no"}
    later = workshops.join(db, code=created.workshop.code, new_team_name="Tafel 9")
    ethics.save_question(db, CONTENT, later.token, "uses_model", "rules", expected=0)

    at = step(open_page, later.token, "report")
    assert at.button(key="ethics_upload_load").disabled  # this team already started: confirm first
    at.file_uploader(key="ethics_upload").set_value(("report.json", json.dumps(doc).encode(), "application/json"))
    at.checkbox(key="ethics_upload_confirm").check().run()
    at.button(key="ethics_upload_load").click().run()
    assert_clean(at)
    assert plain("retired_question") in texts(at) and "set aside" in texts(at)  # shown as plain text
    record = ethics.record_for(db, CONTENT, later.token)
    assert record.answers == {"personal_data": "yes", "decides_about_people": "no"}
    assert [s.item_id for s in record.set_aside] == ["retired_question"]


def test_uploading_something_else_shows_what_is_wrong(open_page, db, team):
    _, joined = team
    at = step(open_page, joined.token, "report")
    at.file_uploader(key="ethics_upload").set_value(("notes.json", b'{"hello": 1}', "application/json"))
    at.button(key="ethics_upload_load").click().run()
    assert not at.exception
    assert "This is not a saved session of the ethical data assistant" in " ".join(e.value for e in at.error)
