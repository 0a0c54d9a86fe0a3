"""AppTests for the ethical data assistant pages: the team page (steps, branching, conflicts, decision)
and the facilitator's overview."""

from __future__ import annotations

import html
import json
from datetime import date, timedelta

import pytest

from dshub.catalogue.content import ethics_cases
from dshub.content import load_content
from dshub.ethics.content import EthicsContent
from dshub.ethics.logic import answer_label
from dshub.ethics.report import report_json
from dshub.i18n import t
from dshub.services import ethics, workshops
from dshub.ui.core import plain
from tests.app.conftest import assert_clean, html_tables, texts

BUNDLE = load_content()
CONTENT = BUNDLE.get("ethics", EthicsContent)
CASES = ethics_cases(BUNDLE)


@pytest.fixture
def team(db):
    created = workshops.create_workshop(db, title="Dag", municipality="Dongen", base_url="https://dshub.test")
    joined = workshops.join(db, code=created.workshop.code, new_team_name="Tafel 1", roles=["policy"])
    return created, joined


def step(open_page, token, name, lang="en"):
    at = open_page("app_pages/ethics.py", lang=lang, p=token)
    at.radio(key="ethics_step").set_value(name).run()
    assert_clean(at)
    return at


def keys(at) -> set[str]:
    return {
        w.key
        for kind in ("radio", "multiselect", "text_area", "text_input", "button", "selectbox")
        for w in getattr(at, kind)
        if w.key
    }


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
    assert not ethics.record_for(db, CONTENT, joined.token).not_kept  # "save mine": nothing to set aside


def test_keeping_the_saved_answer_keeps_this_devices_answer_aside(open_page, db, team):
    created, joined = team
    other = workshops.join(db, code=created.workshop.code, team_id=joined.membership.team.id)
    at = step(open_page, joined.token, "questions")
    ethics.save_question(db, CONTENT, other.token, "uses_model", "statistical", expected=0)
    at.text_input(key="ethics_note_uses_model").input("Our own idea")
    at.radio(key="ethics_q_uses_model").set_value("machine_learning").run()
    assert "saved this on another device" in texts(at)
    at.button(key="ethics_conflict_keep_uses_model").click().run()
    assert_clean(at)
    assert at.radio(key="ethics_q_uses_model").value == "statistical"
    assert "saved this on another device" not in texts(at)
    record = ethics.record_for(db, CONTENT, joined.token)
    assert record.answers["uses_model"] == "statistical" and "uses_model" not in record.notes
    [kept] = record.not_kept
    assert (kept.item_id, kept.label) == ("uses_model", CONTENT.question("uses_model").text.en)
    assert kept.text == answer_label(CONTENT.question("uses_model"), "machine_learning", "en") + "\nNote: Our own idea"
    assert kept.value == {"value": "machine_learning", "note": "Our own idea"}
    assert t("ethics.page.not_kept.notice", "en") in texts(at)


def test_project_step_saves_a_case_and_the_roles(open_page, db, team):
    _, joined = team
    at = step(open_page, joined.token, "project")
    assert at.multiselect(key="ethics_roles").value == ["policy"]  # the roles at the table
    at.selectbox(key="ethics_case").set_value("debt_prevention").run()
    assert CASES.case("debt_prevention").description.en.split(",")[0] in texts(at)
    assert not at.get("table")  # an accessible dshub table instead of st.table
    datasets = [b for b in _tables(at) if "Data the case uses" in b]
    assert len(datasets) == 1 and all(
        html.escape(d.name.en) in datasets[0] for d in CASES.case("debt_prevention").datasets
    )
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
        ("privacy_officer", due, "personal_data.unknown.find_out"),
        ("communication", due, None),
    ]
    assert "DPIA" in texts(at)  # routing advice is part of the summary


def _action_sources(at) -> dict[str, tuple[int, bool]]:
    """source -> (row id, kept) of the action rows on screen."""
    rows = at.session_state["ethics_action_rows"]
    return {
        at.session_state[f"ethics_action_source_{rid}"]: (rid, at.checkbox(key=f"ethics_action_keep_{rid}").value)
        for rid in rows
    }


def test_a_find_out_raised_after_the_decision_joins_the_list_and_leaving_it_off_is_warned(open_page, db, team):
    _, joined = team
    due = date.today() + timedelta(days=14)
    ethics.save_question(db, CONTENT, joined.token, "personal_data", "unknown", expected=0)
    ethics.save_decision(
        db,
        CONTENT,
        joined.token,
        outcome="adjust",
        motivation="First find out",
        expected={},
        actions=[
            {
                "text": "Find out about personal data",
                "owner_role": "privacy_officer",
                "due": due.isoformat(),
                "source": "personal_data.unknown.find_out",
            }
        ],
    )
    ethics.save_question(db, CONTENT, joined.token, "uses_model", "unknown", expected=0)  # after the decision

    at = step(open_page, joined.token, "decision")
    sources = _action_sources(at)
    assert sources["personal_data.unknown.find_out"] == (0, True)
    rid, kept = sources["uses_model.unknown.find_out"]  # added by itself, on the list
    assert kept
    assert at.text_input(key=f"ethics_action_text_{rid}").value == t(
        "ethics.signal.find_out", "en", question=CONTENT.question("uses_model").text.en
    )
    warning = t("ethics.page.actions.find_outs_missing.one", "en")
    assert warning.startswith("1 'find out' action raised by your answers is not")
    assert warning not in texts(at)

    # Leaving it off is allowed, with a warning that names it; it stays off after saving.
    at.checkbox(key=f"ethics_action_keep_{rid}").uncheck().run()
    assert warning in texts(at) and CONTENT.question("uses_model").text.en in texts(at)
    at.button(key="ethics_decision_save").click().run()
    assert_clean(at)
    decision = ethics.record_for(db, CONTENT, joined.token).decision
    assert [a.source for a in decision.actions] == ["personal_data.unknown.find_out"]
    assert decision.dismissed == ["uses_model.unknown.find_out"]

    at = step(open_page, joined.token, "decision")  # another device: offered again, not ticked, still warned
    assert _action_sources(at)["uses_model.unknown.find_out"][1] is False
    assert warning in texts(at)


def test_a_find_out_raised_while_the_decision_step_is_open_is_added(open_page, db, team):
    created, joined = team
    other = workshops.join(db, code=created.workshop.code, team_id=joined.membership.team.id)
    at = step(open_page, joined.token, "decision")
    at.text_area(key="ethics_motivation").input("Work in progress").run()
    assert at.session_state["ethics_action_rows"] == []
    ethics.save_question(db, CONTENT, other.token, "retention", "unknown", expected=0)  # a tablemate
    at.run()
    assert_clean(at)
    assert list(_action_sources(at)) == ["retention.unknown.find_out"]
    assert at.text_area(key="ethics_motivation").value == "Work in progress"  # this device's edit is kept


@pytest.mark.parametrize("lang,expected", [("nl", "Kies een of meer"), ("en", "Choose one or more")])
def test_ethics_multiselects_speak_the_page_language_and_offer_no_select_all(open_page, team, lang, expected):
    _, joined = team
    roles = step(open_page, joined.token, "project", lang).multiselect(key="ethics_roles")
    values = step(open_page, joined.token, "values", lang).multiselect(key="ethics_values_pick")
    questions = step(open_page, joined.token, "questions", lang).multiselect
    for widget in (roles, values, *questions):
        assert widget.proto.placeholder in (expected, t("ethics.page.question.pick", lang))
        assert not widget.proto.select_all
    assert roles.proto.placeholder == values.proto.placeholder == expected


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


@pytest.mark.parametrize("lang, pdf_label", [("nl", "Verslag (PDF)"), ("en", "Report (PDF)")])
def test_report_step_offers_four_downloads(open_page, team, lang, pdf_label):
    _, joined = team
    at = step(open_page, joined.token, "report", lang)
    buttons = {e.proto.id.rsplit("-", 1)[-1]: e.proto for e in at.get("download_button")}
    assert set(buttons) == {"ethics_download_pdf", "ethics_download_html", "ethics_download_md", "ethics_download_json"}
    labels = " ".join(str(b.label) for b in buttons.values())
    assert "HTML" in labels and "Markdown" in labels and "JSON" in labels
    pdf = buttons["ethics_download_pdf"]
    assert pdf.label == pdf_label
    # The PDF is made only when clicked (deferred) and the click does not rerun the page.
    assert pdf.deferred_file_id and pdf.ignore_rerun
    assert all(b.ignore_rerun for b in buttons.values())


def test_without_a_token_the_page_explains_joining_and_standalone_use(open_page):
    at = open_page("app_pages/ethics.py", lang="en")
    assert_clean(at)
    assert "First join" in at.warning[0].value
    assert "own project" in texts(at)


def test_join_and_facilitate_pages_link_to_the_ethics_pages(open_page, team):
    created, joined = team
    at = open_page("app_pages/join.py", lang="en", p=joined.token)
    assert_clean(at)
    links = {e.proto.page: e.proto for e in at.get("page_link")}
    assert links["ethics"].label == "Ethical data assistant"
    assert links["ethics"].query_string == f"p={joined.token}&lang=en"  # a new tab keeps the language
    at = open_page("app_pages/facilitate.py", lang="nl", key=created.facilitator_key)
    assert_clean(at)
    links = {e.proto.page: e.proto for e in at.get("page_link")}
    assert links["ethics-overview"].query_string == f"key={created.facilitator_key}"  # Dutch: the default


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_overview_shows_progress_per_team(open_page, db, team, lang):
    created, joined = team
    workshops.join(db, code=created.workshop.code, new_team_name="Tafel 2")
    ethics.save_question(db, CONTENT, joined.token, "decides_about_people", "yes", expected=0)
    ethics.save_question(db, CONTENT, joined.token, "personal_data", "unknown", expected=0)
    at = open_page("app_pages/ethics_overview.py", lang=lang, key=created.facilitator_key)
    assert_clean(at)
    algorithm, source = CONTENT.theme("algorithm").title.get(lang), CONTENT.theme("source").title.get(lang)
    names = [m.value for m in at.markdown if "Tafel" in m.value]
    assert [n.split("**")[1] for n in names] == ["Tafel 1", "Tafel 2"]
    themes = [c.value for c in at.caption if algorithm in c.value]  # one line per team, in team order
    assert f"{algorithm}: 1/4" in themes[0] and f"{source}: 1/4" in themes[0]
    assert f"{algorithm}: 0/3" in themes[1]  # without answers, the follow-up is hidden
    concerns = t("ethics.page.overview.concerns", lang)
    counts = [m.value.splitlines() for m in at.markdown if m.value.startswith(f"- {concerns}:")]
    assert counts == [
        [
            f"- {concerns}: **{c}**",
            f"- {t('ethics.page.overview.actions', lang)}: **{a}**",
            f"- {t('ethics.page.overview.listed', lang)}: **0**",
            f"- {t('ethics.page.overview.outcome', lang)}: **–**",
        ]
        for c, a in ((1, 2), (0, 0))
    ]  # a short list per team, not one run-on line
    assert {"nl": "2 teams, waarvan 1 begonnen", "en": "2 teams, 1 of them started"}[lang] in texts(at)


def test_overview_without_or_with_a_wrong_key(open_page):
    at = open_page("app_pages/ethics_overview.py", lang="en")
    assert_clean(at)
    assert "private facilitator link" in at.warning[0].value
    at = open_page("app_pages/ethics_overview.py", lang="en", key="wrong")
    assert not at.exception
    assert at.error  # a translated message, not a traceback


def stale_decision_save(open_page, db, team):
    """This device shows the decision form; a tablemate saves a decision first; then this device saves."""
    created, joined = team
    other = workshops.join(db, code=created.workshop.code, team_id=joined.membership.team.id)
    at = step(open_page, joined.token, "decision")
    ethics.save_decision(db, CONTENT, other.token, outcome="stop", motivation="Their reason", actions=[], expected={})
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

    # "Keep the saved version" does not throw this device's version away: it is in the record, readable.
    record = ethics.record_for(db, CONTENT, joined.token)
    assert record.decision.motivation == "Their reason"
    [kept] = record.not_kept
    assert (kept.item_id, kept.label) == (ethics.DECISION, "Decision")
    assert "My reason" in kept.text and "Go ahead" in kept.text and "\\" not in kept.text
    assert kept.value["ethics_motivation"] == "My reason"
    assert t("ethics.page.not_kept.notice", "en") in texts(at)
    at.radio(key="ethics_step").set_value("report").run()
    assert_clean(at)
    assert "Versions not kept" in texts(at) and "My reason" in texts(at)  # shown in a copyable code block


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
    ethics.save_project(
        db,
        CONTENT,
        CASES,
        other.token,
        title="",
        description="",
        case_id="energy_dashboard",
        roles=["policy", "legal"],
        expected={},
    )
    at.run()
    assert_clean(at)
    assert at.selectbox(key="ethics_case").value == "energy_dashboard"
    assert at.multiselect(key="ethics_roles").value == ["policy", "legal"]


def test_uploading_a_json_report_continues_and_reports_what_was_set_aside(open_page, db, team):
    created, joined = team
    ethics.save_question(db, CONTENT, joined.token, "personal_data", "yes", expected=0)
    doc = json.loads(report_json(ethics.record_for(db, CONTENT, joined.token), CONTENT, CASES))
    doc["record"]["answers"] |= {"retired_question": "yes", "decides_about_people": "no", "old_one": "a_b"}
    doc["report"]["themes"][0]["questions"].append(
        {"id": "old_one", "text": "An old *question*?", "answer": "Option A", "answered": True}
    )
    later = workshops.join(db, code=created.workshop.code, new_team_name="Tafel 9")
    ethics.save_question(db, CONTENT, later.token, "uses_model", "rules", expected=0)

    at = step(open_page, later.token, "report")
    assert at.button(key="ethics_upload_load").disabled  # this team already started: confirm first
    at.file_uploader(key="ethics_upload").set_value(("report.json", json.dumps(doc).encode(), "application/json"))
    at.checkbox(key="ethics_upload_confirm").check().run()
    at.button(key="ethics_upload_load").click().run()
    assert_clean(at)
    assert plain("retired_question") in texts(at) and "set aside" in texts(at)  # no name known: the id, as text
    assert plain("An old *question*?") + ": " + plain("Option A") in texts(at)  # the name the report gave it
    assert "old\\_one" not in texts(at) and "a\\_b" not in texts(at)
    record = ethics.record_for(db, CONTENT, later.token)
    assert record.answers == {"personal_data": "yes", "decides_about_people": "no"}
    assert [s.item_id for s in record.set_aside] == ["retired_question", "old_one"]


def test_uploading_something_else_shows_what_is_wrong(open_page, db, team):
    _, joined = team
    at = step(open_page, joined.token, "report")
    at.file_uploader(key="ethics_upload").set_value(("notes.json", b'{"hello": 1}', "application/json"))
    at.button(key="ethics_upload_load").click().run()
    assert not at.exception
    assert "This is not a saved session of the ethical data assistant" in " ".join(e.value for e in at.error)


def _tables(at) -> list[str]:
    return html_tables(at)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_comparing_with_a_saved_report_shows_the_differences_and_changes_nothing(open_page, db, team, lang):
    _, joined = team
    due = (date.today() + timedelta(days=10)).isoformat()
    ethics.save_question(db, CONTENT, joined.token, "personal_data", "yes", expected=0)
    ethics.save_question(db, CONTENT, joined.token, "uses_model", "rules", expected=0, note="Simple rules")
    ethics.save_decision(
        db,
        CONTENT,
        joined.token,
        outcome="go",
        motivation="Looks fine",
        expected={},
        actions=[{"text": "Tell the council", "owner_role": "communication", "due": due}],
    )
    saved = report_json(ethics.record_for(db, CONTENT, joined.token), CONTENT, CASES, lang=lang).encode()
    # Afterwards the team changes an answer, its decision and its action list.
    ethics.save_question(db, CONTENT, joined.token, "uses_model", "machine_learning", expected=1, note="Simple rules")
    sheet = ethics.team_sheet(db, CONTENT, joined.token)
    ethics.save_decision(
        db,
        CONTENT,
        joined.token,
        outcome="adjust",
        motivation="A model after all",
        expected={k: sheet.revision(k) for k in (ethics.DECISION, ethics.ACTIONS)},
        actions=[{"text": "Ask for a DPIA", "owner_role": "privacy_officer", "due": due}],
    )
    before = ethics.team_sheet(db, CONTENT, joined.token).stored

    at = step(open_page, joined.token, "report", lang)
    assert not _tables(at)
    at.file_uploader(key="ethics_compare_upload").set_value(("report.json", saved, "application/json")).run()
    assert_clean(at)
    tables = "\n".join(_tables(at))
    question = CONTENT.question("uses_model")
    assert html.escape(question.text.get(lang)) in tables
    assert html.escape(answer_label(question, "rules", lang)) in tables
    assert html.escape(answer_label(question, "machine_learning", lang)) in tables
    assert html.escape(CONTENT.question("personal_data").text.get(lang)) not in tables  # unchanged: not listed
    assert t("ethics.outcome.go", lang) in tables and t("ethics.outcome.adjust", lang) in tables
    assert "Looks fine" in tables and "A model after all" in tables
    assert "Tell the council" in tables and "Ask for a DPIA" in tables
    assert t("ethics.page.compare.change.added", lang) in tables
    assert t("ethics.page.compare.change.removed", lang) in tables
    assert ethics.team_sheet(db, CONTENT, joined.token).stored == before  # read-only

    at.file_uploader(key="ethics_compare_upload").set_value(
        (
            "same.json",
            report_json(ethics.record_for(db, CONTENT, joined.token), CONTENT, CASES).encode(),
            "application/json",
        )
    ).run()
    assert_clean(at)
    assert t("ethics.page.compare.same", lang) in texts(at) and not _tables(at)


def test_comparing_with_something_else_says_what_is_wrong(open_page, team):
    _, joined = team
    at = step(open_page, joined.token, "report")
    at.file_uploader(key="ethics_compare_upload").set_value(("x.json", b'{"hello": 1}', "application/json")).run()
    assert not at.exception
    assert "This is not a saved session of the ethical data assistant" in " ".join(e.value for e in at.error)


def _labels(at) -> list[str]:
    return [
        w.label
        for kind in (
            "radio",
            "multiselect",
            "text_area",
            "text_input",
            "button",
            "selectbox",
            "checkbox",
            "date_input",
            "toggle",
        )
        for w in getattr(at, kind)
    ]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_label_on_a_step_is_distinct(open_page, db, team, lang):
    """WCAG 2.4.6: per question its own note label, per action its own "done", per conflict its own buttons."""
    created, joined = team
    other = workshops.join(db, code=created.workshop.code, team_id=joined.membership.team.id)
    for qid in ("personal_data", "retention", "owner_named"):
        ethics.save_question(db, CONTENT, joined.token, qid, "unknown", expected=0)
    at = step(open_page, joined.token, "decision", lang)
    assert len(at.session_state["ethics_action_rows"]) == 3
    labels = _labels(at)
    assert len(labels) == len(set(labels)), sorted(lab for lab in labels if labels.count(lab) > 1)
    assert t("ethics.page.actions.done", lang, n=3) in labels

    at = step(open_page, joined.token, "questions", lang)
    # Two answers saved on another device while this one still shows the old ones: two conflicts at once.
    ethics.save_question(db, CONTENT, other.token, "uses_model", "rules", expected=0)
    ethics.save_question(db, CONTENT, other.token, "decides_about_people", "no", expected=0)
    at.radio(key="ethics_q_uses_model").set_value("statistical")
    at.radio(key="ethics_q_decides_about_people").set_value("yes").run()
    assert_clean(at)
    labels = _labels(at)
    assert len(labels) == len(set(labels)), sorted(lab for lab in labels if labels.count(lab) > 1)
    keep = [b.label for b in at.button if b.key and b.key.startswith("ethics_conflict_keep_")]
    assert len(keep) == 2
    notes = [w.label for w in at.text_input if w.key.startswith("ethics_note_")]
    assert len(notes) >= 3 and all(n != t("ethics.page.question.note", lang, question="") for n in notes)


@pytest.fixture
def refresh_timers(monkeypatch):
    """Every ``run_every`` a fragment is made with, in order (None: no timer)."""
    import streamlit as st

    seen: list = []
    real = st.fragment

    def recording(func=None, *, run_every=None, **kwargs):
        seen.append(run_every)
        return real(func, run_every=run_every, **kwargs)

    monkeypatch.setattr(st, "fragment", recording)
    return seen


def test_live_updates_of_the_team_page_can_be_paused(open_page, team, refresh_timers):
    """WCAG 2.2.2: the 5-second refresh stops while "pause live updates" is on, and comes back."""
    _, joined = team
    at = step(open_page, joined.token, "questions")
    refresh_timers.clear()
    at.run()
    assert refresh_timers and set(refresh_timers) == {"5s"}
    assert not at.toggle(key="ethics_live_pause").value
    refresh_timers.clear()
    at.toggle(key="ethics_live_pause").set_value(True).run()
    assert_clean(at)
    assert refresh_timers and set(refresh_timers) == {None}
    assert t("ethics.page.live.paused", "en") in texts(at)
    at.radio(key="ethics_step").set_value("decision").run()  # the decision step's watch is paused too
    assert set(refresh_timers) == {None}
    refresh_timers.clear()
    at.toggle(key="ethics_live_pause").set_value(False).run()
    assert set(refresh_timers) == {"5s"} and t("ethics.page.live.paused", "en") not in texts(at)


def test_the_facilitators_live_overview_can_be_paused(open_page, team, refresh_timers):
    created, _ = team
    at = open_page("app_pages/ethics_overview.py", lang="nl", key=created.facilitator_key)
    assert refresh_timers and refresh_timers[-1] == "3s"
    at.toggle(key="ethics_overview_live_pause").set_value(True).run()
    assert_clean(at)
    assert refresh_timers[-1] is None and t("ethics.page.live.paused", "nl") in texts(at)
    assert "Tafel 1" in texts(at)  # the overview itself still shows


@pytest.mark.parametrize(
    "n,nl,en", [(1, "1 zorgpunt", "1 concern"), (2, "2 zorgpunten", "2 concerns"), (0, "0 teams", "0 teams")]
)
def test_counts_use_the_singular_or_the_plural(n, nl, en):
    from dshub.ui.ethics import counted

    key = "ethics.count.team" if n == 0 else "ethics.count.concern"
    assert (counted(key, n, "nl"), counted(key, n, "en")) == (nl, en)


def test_every_counted_message_has_a_singular_and_a_plural():
    import re
    from pathlib import Path

    from dshub.i18n import catalog

    package = Path(__file__).resolve().parents[2] / "dshub" / "ui" / "ethics"  # one module per screen
    source = "\n".join(p.read_text(encoding="utf-8") for p in sorted(package.glob("*.py")))
    used = set(re.findall(r"""counted\(\s*["']([a-z_.]+)["']""", source))
    assert len(used) >= 6
    assert all(f"{key}.one" in catalog() and f"{key}.other" in catalog() for key in used), used
    assert not [k for k, v in catalog().items() if k.startswith("ethics.") and re.search(r"\w\((s|en|n)\)", v["nl"])]


def test_reasons_that_may_still_apply_are_one_list_under_one_heading(open_page, db, team):
    _, joined = team
    ethics.save_question(db, CONTENT, joined.token, "personal_data", "unknown", expected=0)
    at = step(open_page, joined.token, "decision")
    heading = t("ethics.report.open_reasons", "en")
    assert texts(at).count(heading) >= 1
    blocks = [m.value for m in at.markdown if heading in m.value]
    assert blocks and all(b.startswith(heading) and b.count(heading) == 1 and "\n- " in b for b in blocks)
    assert not [c.value for c in at.caption if heading in c.value]


@pytest.mark.parametrize(
    "lang, expected",
    [
        ("nl", "Dit bestand is geen geldig rapport"),
        ("en", "This file is not a valid report"),
    ],
)
def test_a_report_with_a_five_thousand_digit_number_is_not_a_valid_report(open_page, db, team, lang, expected):
    _, joined = team
    at = step(open_page, joined.token, "report", lang=lang)
    huge = b'{"format": "dshub.ethics.record", "format_version": ' + b"7" * 5000 + b"}"
    at.file_uploader(key="ethics_upload").set_value(("report.json", huge, "application/json"))
    at.button(key="ethics_upload_load").click().run()
    assert not at.exception
    errors = " ".join(e.value for e in at.error)
    assert expected in errors
    assert "went wrong" not in errors and "ging iets mis" not in errors


def test_the_summary_says_a_dpia_is_required_for_the_debt_case_and_cites_its_rules(open_page, db, team):
    from tests.unit.test_ethics_legal_routing import DEBT_CASE

    _, joined = team
    for qid, value in DEBT_CASE.items():
        ethics.save_question(db, CONTENT, joined.token, qid, value, expected=0)
    at = step(open_page, joined.token, "decision", lang="nl")
    shown = texts(at)
    assert f"**{plain('DPIA (gegevensbeschermingseffectbeoordeling)')}: verplicht**" in shown
    assert plain("(DPIA-lijst van de AP: financiële situatie)") in shown
    labels = [e.label for e in at.expander]
    assert any(label.startswith("Regels en bronnen (stand van zaken: ") for label in labels), labels
    assert f"**{plain('AVG art. 35 lid 1')}**" in shown  # the rule behind the DPIA advice, in its expander
