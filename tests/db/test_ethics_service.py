"""Ethics assistant use cases against a real database (SQLite and PostgreSQL)."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from dshub.catalogue.content import ethics_cases
from dshub.content import load_content
from dshub.errors import Conflict, Forbidden, Invalid
from dshub.ethics.content import EthicsContent
from dshub.ethics.logic import team_status
from dshub.ethics.report import report_filename, report_json
from dshub.services import ethics, workshops
from dshub.store.models import Answer, AnswerHistory

BUNDLE = load_content()
CONTENT = BUNDLE.get("ethics", EthicsContent)
CASES = ethics_cases(BUNDLE)
LATER = (date.today() + timedelta(days=30)).isoformat()


@pytest.fixture
def session(db):
    created = workshops.create_workshop(db, title="Dag", municipality="Dongen", base_url="https://dshub.test")
    code = created.workshop.code
    a1 = workshops.join(db, code=code, new_team_name="Tafel 1", roles=["policy", "communication"])
    a2 = workshops.join(db, code=code, team_id=a1.membership.team.id)  # a second device at the same table
    b = workshops.join(db, code=code, new_team_name="Tafel 2")
    return created, a1.token, a2.token, b.token


def answer(db, token, qid, value, **kw):
    sheet = ethics.team_sheet(db, CONTENT, token)
    return ethics.save_question(db, CONTENT, token, qid, value, expected=sheet.revision(qid), **kw)


def history_count(db) -> int:
    with db.read() as s:
        return s.scalar(select(func.count()).select_from(AnswerHistory))


def test_a_team_record_is_shared_by_its_devices_and_reloads(db, session):
    _, a1, a2, b = session
    answer(db, a1, "decides_about_people", "yes", note="  we think so  ")
    answer(db, a2, "application_area", ["enforcement", "services"])
    ethics.save_project(
        db,
        CONTENT,
        CASES,
        a1,
        title="",
        description="Pilot",
        case_id="wmo_forecast",
        roles=["policy", "legal"],
        expected={},
    )
    ethics.save_values(
        db, CONTENT, a2, [{"value_id": "equality", "judgement": "partly", "note": "small areas"}], expected=0
    )
    ethics.save_decision(
        db,
        CONTENT,
        a1,
        outcome="adjust",
        motivation="Too early",
        actions=[{"text": "Ask the DPO", "owner_role": "privacy_officer", "due": LATER}],
        expected={},
    )

    record = ethics.record_for(db, CONTENT, a2)
    assert record.answers == {"decides_about_people": "yes", "application_area": ["services", "enforcement"]}
    assert record.notes == {"decides_about_people": "we think so"}
    assert record.project.case_id == "wmo_forecast" and record.project.description == "Pilot"
    assert record.roles_present == ["policy", "legal"]
    assert [(v.value_id, v.judgement, v.note) for v in record.values] == [("equality", "partly", "small areas")]
    assert record.decision.outcome == "adjust"
    assert [(a.text, a.owner_role, a.due.isoformat()) for a in record.decision.actions] == [
        ("Ask the DPO", "privacy_officer", LATER)
    ]
    # The other team has its own, empty record; its roles default to the roles at its table (none).
    other = ethics.team_sheet(db, CONTENT, b)
    assert other.record.answers == {} and not other.started and other.record.roles_present == []


def test_roles_default_to_the_roles_at_the_table_until_saved(db, session):
    _, a1, _, _ = session
    assert ethics.record_for(db, CONTENT, a1).roles_present == ["policy", "communication"]


def test_a_stale_save_raises_conflict_with_the_newer_answer_and_overwrites_nothing(db, session):
    _, a1, a2, _ = session
    shown = ethics.team_sheet(db, CONTENT, a1).revision("personal_data")  # both devices show "nothing yet"
    assert shown == 0
    ethics.save_question(db, CONTENT, a2, "personal_data", "yes", expected=0)
    before = history_count(db)
    with pytest.raises(Conflict) as info:
        ethics.save_question(db, CONTENT, a1, "personal_data", "no", expected=shown)
    assert info.value.current == ethics.Stored("personal_data", "yes", None, 1)
    assert ethics.record_for(db, CONTENT, a1).answers["personal_data"] == "yes"
    assert history_count(db) == before
    # Having seen the newer version, the device may save over it.
    saved = ethics.save_question(db, CONTENT, a1, "personal_data", "no", expected=info.value.current.revision)
    assert saved.revision == 2 and ethics.record_for(db, CONTENT, a2).answers["personal_data"] == "no"


def test_saving_the_same_answer_again_is_no_conflict(db, session):
    _, a1, a2, _ = session
    ethics.save_question(db, CONTENT, a2, "personal_data", "yes", expected=0)
    assert ethics.save_question(db, CONTENT, a1, "personal_data", "yes", expected=0).revision == 1


def test_a_stale_decision_save_changes_neither_decision_nor_actions(db, session):
    _, a1, a2, _ = session
    first = ethics.save_decision(
        db,
        CONTENT,
        a1,
        outcome="go",
        motivation="Fine",
        actions=[{"text": "Publish", "owner_role": "communication", "due": LATER}],
        expected={},
    )
    shown = {k: v.revision for k, v in first.items()}
    ethics.save_decision(
        db, CONTENT, a2, outcome="stop", motivation="Not fine", actions=[], expected=shown
    )  # a tablemate decides again
    with pytest.raises(Conflict):
        ethics.save_decision(
            db,
            CONTENT,
            a1,
            outcome="adjust",
            motivation="Mine",
            actions=[{"text": "Mine", "owner_role": "policy", "due": LATER}],
            expected=shown,
        )
    record = ethics.record_for(db, CONTENT, a1)
    assert (record.decision.outcome, record.decision.motivation, record.decision.actions) == ("stop", "Not fine", [])


def test_project_and_values_saves_check_revisions_too(db, session):
    _, a1, a2, _ = session
    ethics.save_project(db, CONTENT, CASES, a2, title="Ours", description="", case_id=None, roles=[], expected={})
    with pytest.raises(Conflict):
        ethics.save_project(db, CONTENT, CASES, a1, title="Mine", description="", case_id=None, roles=[], expected={})
    ethics.save_values(db, CONTENT, a2, [{"value_id": "privacy"}], expected=0)
    with pytest.raises(Conflict):
        ethics.save_values(db, CONTENT, a1, [{"value_id": "care"}], expected=0)
    record = ethics.record_for(db, CONTENT, a1)
    assert record.project.title == "Ours" and [v.value_id for v in record.values] == ["privacy"]


def test_hidden_answers_are_kept_but_not_counted(db, session):
    created, a1, _, _ = session
    answer(db, a1, "uses_model", "descriptive")
    answer(db, a1, "decides_about_people", "yes")
    answer(db, a1, "explainable", "no")  # a follow-up, visible because decisions are about people
    status = ethics.team_progress(db, CONTENT, created.facilitator_key).teams[0].status
    assert status.progress.themes["algorithm"].answered == 3
    concerns_with_branch = status.concerns

    answer(db, a1, "decides_about_people", "no")  # the branch closes
    status = ethics.team_progress(db, CONTENT, created.facilitator_key).teams[0].status
    algorithm = status.progress.themes["algorithm"]
    assert (algorithm.answered, algorithm.visible) == (2, 3)
    assert status.concerns < concerns_with_branch
    record = ethics.record_for(db, CONTENT, a1)
    assert record.answers["explainable"] == "no"  # kept, so it returns when the branch reopens
    assert status == team_status(CONTENT, {"uses_model": "descriptive", "decides_about_people": "no"})


def test_facilitator_overview_counts_per_team(db, session):
    created, a1, _, b = session
    answer(db, a1, "decides_about_people", "yes")
    answer(db, a1, "personal_data", "unknown")
    ethics.save_project(
        db, CONTENT, CASES, a1, title="", description="", case_id="ses_indication", roles=[], expected={}
    )
    ethics.save_decision(
        db,
        CONTENT,
        a1,
        outcome="adjust",
        motivation="Why",
        actions=[
            {"text": "A", "owner_role": "policy", "due": LATER},
            {"text": "B", "owner_role": "legal", "due": LATER},
        ],
        expected={},
    )
    overview = ethics.team_progress(db, CONTENT, created.facilitator_key)
    assert [t.name for t in overview.teams] == ["Tafel 1", "Tafel 2"]
    one, two = overview.teams
    expected = team_status(CONTENT, {"decides_about_people": "yes", "personal_data": "unknown"})
    assert one.status == expected
    assert (one.status.concerns, one.status.actions, one.status.find_outs) == (1, 2, 1)
    assert (one.case_id, one.action_list, one.outcome) == ("ses_indication", 2, "adjust")
    assert one.status.progress.themes["source"].answered == 1
    assert (two.status.progress.answered, two.status.concerns, two.action_list, two.outcome) == (0, 0, 0, None)

    workshops.remove_team(db, created.facilitator_key, overview.teams[1].team_id)
    assert [t.name for t in ethics.team_progress(db, CONTENT, created.facilitator_key).teams] == ["Tafel 1"]
    with pytest.raises(Forbidden):
        ethics.team_progress(db, CONTENT, "not-the-key")
    with pytest.raises(Forbidden):
        answer(db, b, "personal_data", "yes")  # the removed team's device


def test_a_participant_without_a_team_has_a_record_of_their_own(db):
    created = workshops.create_workshop(
        db, title="Zelf", municipality="Dongen", base_url="https://x", kind="assessment", modules=["ethics"]
    )
    p = workshops.join(db, code=created.workshop.code)
    answer(db, p.token, "personal_data", "yes")
    sheet = ethics.team_sheet(db, CONTENT, p.token)
    assert sheet.team_name is None and sheet.record.answers == {"personal_data": "yes"}
    teams = ethics.team_progress(db, CONTENT, created.facilitator_key).teams
    assert [(t.name, t.status.progress.answered) for t in teams] == [(None, 1)]


def test_json_report_round_trip_continues_in_another_session(db, session):
    _, a1, _, _ = session
    answer(db, a1, "decides_about_people", "yes", note="Maybe")
    answer(db, a1, "explainable", "no")
    answer(db, a1, "purpose", "Plan care budgets")
    ethics.save_project(
        db,
        CONTENT,
        CASES,
        a1,
        title="Wmo",
        description="Forecast",
        case_id="wmo_forecast",
        roles=["policy"],
        expected={},
    )
    ethics.save_values(db, CONTENT, a1, [{"value_id": "care", "judgement": "honoured"}], expected=0)
    ethics.save_decision(
        db,
        CONTENT,
        a1,
        outcome="adjust",
        motivation="Explain first",
        actions=[{"text": "Explain results", "owner_role": "data_analyst", "due": LATER}],
        expected={},
    )
    original = ethics.record_for(db, CONTENT, a1)
    text = report_json(original, CONTENT, CASES, lang="en")

    later = workshops.create_workshop(
        db, title="Later", municipality="Dongen", base_url="https://x", modules=["ethics"]
    )
    team = workshops.join(db, code=later.workshop.code, new_team_name="Project")
    loaded = ethics.load_record(db, CONTENT, team.token, text.encode())
    assert loaded.answers == 3 and loaded.set_aside == ()
    again = ethics.record_for(db, CONTENT, team.token)
    for field in ("answers", "notes", "project", "roles_present", "values", "decision"):
        assert getattr(again, field) == getattr(original, field), field
    # Each item is an ordinary answer with a revision: the next save is checked as usual.
    assert ethics.team_sheet(db, CONTENT, team.token).revision("explainable") == 1


def test_loading_replaces_the_record_and_sets_aside_what_the_content_no_longer_knows(db, session):
    _, a1, _, b = session
    answer(db, b, "personal_data", "no")
    answer(db, b, "data_quality", "checked")
    doc = json.loads(report_json(ethics.record_for(db, CONTENT, a1), CONTENT, CASES))
    doc["record"]["answers"] = {"personal_data": "yes", "retired_question": "yes"}
    doc["record"]["content_version"] = "0.9.0"
    loaded = ethics.load_record(db, CONTENT, b, json.dumps(doc))
    assert [(s.item_id, s.reason) for s in loaded.set_aside] == [("retired_question", "unknown_question")]
    assert loaded.from_version == "0.9.0"
    record = ethics.record_for(db, CONTENT, b)
    assert record.answers == {"personal_data": "yes"}  # data_quality was cleared: the file is the record now
    assert [s.item_id for s in record.set_aside] == ["retired_question"]  # kept for the report
    assert record.loaded_from_version == "0.9.0"
    with db.read() as s:  # the cleared answer is still in the history
        row = s.scalars(select(Answer).where(Answer.item_id == "data_quality")).one()
        assert row.value is None and row.revision == 2


def test_bad_input_is_refused_with_messages(db, session):
    _, a1, _, _ = session
    with pytest.raises(Invalid) as info:
        ethics.save_question(db, CONTENT, a1, "personal_data", "perhaps", expected=0)
    assert info.value.key == "ethics.error.answer_invalid"
    with pytest.raises(Invalid):
        ethics.save_question(db, CONTENT, a1, "_decision", "go", expected=0)
    with pytest.raises(ethics.InputProblems) as info:
        ethics.save_decision(
            db,
            CONTENT,
            a1,
            outcome="adjust",
            motivation=" ",
            actions=[{"text": "x", "owner_role": "", "due": "2001-01-01"}],
            expected={},
        )
    assert [p.key for p in info.value.problems] == [
        "ethics.error.motivation_required",
        "ethics.error.action_owner_required",
        "ethics.error.action_due_past",
    ]
    assert info.value.messages("en")[0] == "Write down why you reach this decision."
    with pytest.raises(ethics.InputProblems) as info:
        ethics.save_project(
            db, CONTENT, CASES, a1, title="", description="", case_id=None, roles=["wizard"], expected={}
        )
    assert {p.key for p in info.value.problems} == {"ethics.error.title_required", "ethics.page.error.role_unknown"}
    with pytest.raises(ethics.InputProblems) as info:
        ethics.load_record(db, CONTENT, a1, b"{not json")
    assert info.value.problems[0].key == "ethics.record.error.not_json"
    assert not ethics.team_sheet(db, CONTENT, a1).started


def test_an_action_saved_earlier_may_be_past_due_when_the_team_comes_back(db, session):
    _, a1, _, _ = session
    action = {"text": "Ask the DPO", "owner_role": "privacy_officer", "due": "2026-01-10"}
    ethics.save_decision(
        db, CONTENT, a1, outcome="go", motivation="ok", actions=[action], expected={}, today=date(2026, 1, 1)
    )
    shown = ethics.team_sheet(db, CONTENT, a1)
    saved = ethics.save_decision(
        db,
        CONTENT,
        a1,
        outcome="go",
        motivation="ok, later",
        actions=[action],
        expected={k: shown.revision(k) for k in (ethics.DECISION, ethics.ACTIONS)},
        today=date(2026, 2, 1),
    )
    assert saved[ethics.DECISION].revision == 2


def test_a_closed_session_refuses_saves(db, session):
    created, a1, _, _ = session
    workshops.set_workshop_status(db, created.facilitator_key, "closed")
    with pytest.raises(Forbidden):
        ethics.save_question(db, CONTENT, a1, "personal_data", "yes", expected=0)
    with pytest.raises(Forbidden):
        ethics.team_sheet(db, CONTENT, a1)


def _backdate(db, days: int) -> None:
    """Pretend the team's items were first saved ``days`` ago."""
    with db.write() as s:
        for row in s.scalars(select(Answer).where(Answer.instrument == ethics.INSTRUMENT)):
            row.created_at = row.created_at - timedelta(days=days)


def test_without_an_event_date_the_record_keeps_the_day_it_was_first_saved(db, session):
    created, a1, a2, b = session
    assert created.workshop.event_date is None
    assert ethics.record_for(db, CONTENT, a1).session_date == date.today()  # nothing saved yet
    answer(db, a1, "uses_model", "rules")
    assert ethics.record_for(db, CONTENT, a1).session_date == date.today()
    _backdate(db, 3)  # three days later the team comes back and goes on
    answer(db, a2, "personal_data", "yes")
    record = ethics.record_for(db, CONTENT, a1)
    assert record.session_date == date.today() - timedelta(days=3)
    assert report_filename(record, "html").endswith(f"-{record.session_date.isoformat()}.html")
    assert ethics.record_for(db, CONTENT, b).session_date == date.today()  # another team, nothing saved yet


def test_an_event_date_is_the_records_date(db):
    day = date.today() + timedelta(days=5)
    created = workshops.create_workshop(
        db, title="Dag", municipality="Dongen", base_url="https://dshub.test", event_date=day
    )
    joined = workshops.join(db, code=created.workshop.code, new_team_name="Tafel 1")
    answer(db, joined.token, "uses_model", "rules")
    assert ethics.record_for(db, CONTENT, joined.token).session_date == day


def test_a_version_not_kept_is_added_to_the_record_and_survives_a_load(db, session):
    _, a1, a2, b = session
    first = ethics.set_aside_version(
        db,
        CONTENT,
        a1,
        item_id="uses_model",
        label="What kind of analysis?",
        text="Rules",
        value={"value": "rules", "note": None},
    )
    ethics.set_aside_version(
        db,
        CONTENT,
        a2,
        item_id=ethics.DECISION,
        label="Decision",
        text="- Decision: Go",
        value={"ethics_action_due_0": date(2026, 12, 1)},
    )  # a date is stored as text
    record = ethics.record_for(db, CONTENT, a1)
    assert [(n.item_id, n.text) for n in record.not_kept] == [("uses_model", "Rules"), ("_decision", "- Decision: Go")]
    assert record.not_kept[0] == first and record.not_kept[1].value == {"ethics_action_due_0": "2026-12-01"}
    assert record.answers == {}  # never counted as an answer
    assert ethics.record_for(db, CONTENT, b).not_kept == []  # the other team's record is its own
    with pytest.raises(Invalid):
        ethics.set_aside_version(db, CONTENT, a1, item_id="no_such_question", label="?", text="x")

    # Loading a report keeps both the file's versions not kept and the team's own.
    ethics.set_aside_version(db, CONTENT, b, item_id="personal_data", label="Personal data?", text="Yes")
    ethics.load_record(db, CONTENT, b, report_json(record, CONTENT, CASES).encode())
    assert [n.text for n in ethics.record_for(db, CONTENT, b).not_kept] == ["Rules", "- Decision: Go", "Yes"]


def test_starting_a_catalogue_case_keeps_the_teams_own_project_aside(db, session):
    _, a1, a2, _ = session
    ethics.save_project(
        db,
        CONTENT,
        CASES,
        a1,
        title="Slimme vuilnisbakken",
        description="Sensoren in de wijk",
        case_id=None,
        roles=["policy"],
        expected={},
    )
    started = ethics.start_case(db, CONTENT, CASES, a2, "debt_prevention")
    assert (started.changed, started.replaced) == (True, True)
    record = ethics.record_for(db, CONTENT, a1)
    assert record.project.case_id == "debt_prevention" and record.project.title == ""
    [kept] = record.not_kept
    assert kept.item_id == ethics.PROJECT
    assert "Slimme vuilnisbakken" in kept.text and "Sensoren in de wijk" in kept.text
    assert kept.value["title"] == "Slimme vuilnisbakken"
    # Again: nothing changes, nothing more is set aside.
    again = ethics.start_case(db, CONTENT, CASES, a1, "debt_prevention")
    assert not again.changed and len(ethics.record_for(db, CONTENT, a1).not_kept) == 1
    # From one case to another: no own project to keep.
    ethics.start_case(db, CONTENT, CASES, a1, "wmo_forecast")
    assert len(ethics.record_for(db, CONTENT, a1).not_kept) == 1


def test_the_questions_view_holds_the_themes_visible_questions_their_signals_and_progress(db, session):
    _, a1, a2, _ = session
    answer(db, a1, "uses_model", "descriptive")
    answer(db, a1, "decides_about_people", "no")
    closed = ethics.questions_view(db, CONTENT, a2, "algorithm")
    assert "explainable" not in [
        qv.question.id for qv in closed.questions
    ]  # hidden while decisions are not about people
    answer(db, a1, "decides_about_people", "yes")
    answer(db, a1, "personal_data", "unknown")  # another theme: not in this view's questions
    view = ethics.questions_view(db, CONTENT, a2, "algorithm")
    ids = [qv.question.id for qv in view.questions]
    assert ids == [q.id for q in CONTENT.questions() if CONTENT.theme_of(q.id).id == "algorithm"]
    assert "explainable" in ids and "personal_data" not in ids
    by_id = {qv.question.id: qv for qv in view.questions}
    assert [s.kind for s in by_id["decides_about_people"].raised] == ["concern", "action"]  # concerns first
    assert by_id["uses_model"].raised == () and by_id["explainable"].stored is None
    assert by_id["decides_about_people"].stored.revision == view.sheet.revision("decides_about_people") > 0
    assert (view.progress.themes["algorithm"].answered, view.progress.answered) == (2, 3)
    assert view.progress == team_status(CONTENT, view.sheet.record.answers).progress
    assert not view.has_project
    ethics.save_project(db, CONTENT, CASES, a1, title="Pilot", description="", case_id=None, roles=[], expected={})
    assert ethics.questions_view(db, CONTENT, a2, "algorithm").has_project


def test_the_decision_view_holds_the_summary_routing_and_the_action_lists_start(db, session):
    _, a1, _, _ = session
    answer(db, a1, "decides_about_people", "yes")
    answer(db, a1, "personal_data", "unknown")
    sheet = ethics.team_sheet(db, CONTENT, a1)
    view = ethics.decision_view(CONTENT, sheet, "en")
    assert [s.question_id for s in view.concerns] == ["decides_about_people"]
    assert [(s.kind, s.question_id) for s in view.actions] == [
        ("action", "decides_about_people"),
        ("find_out", "personal_data"),
    ]
    assert [s.question_id for s in view.find_outs] == ["personal_data"]
    assert view.progress.answered == 2
    assert {item["id"] for item in view.routing} == {rule.id for rule in CONTENT.routing}
    assert all(item["name"] == CONTENT.routing[n].name.en for n, item in enumerate(view.routing))
    # Before any decision the action list starts from what the answers raised.
    assert [a["source"] for a in view.suggested] == [s.key for s in view.actions]
    assert ethics.starting_actions(CONTENT, sheet, "en") == view.suggested
    assert view.dismissed == frozenset()
    find_out = view.find_outs[0].key
    assert view.missing_find_outs([{"source": "other"}]) == view.find_outs
    assert view.missing_find_outs([{"source": find_out}]) == ()

    ethics.save_decision(
        db,
        CONTENT,
        a1,
        outcome="adjust",
        motivation="Later",
        dismissed=[find_out],
        actions=[{"text": "Ask the DPO", "owner_role": "privacy_officer", "due": LATER}],
        expected={},
    )
    decided = ethics.decision_view(CONTENT, ethics.team_sheet(db, CONTENT, a1), "en")
    assert decided.dismissed == {find_out}
    assert [a["text"] for a in ethics.starting_actions(CONTENT, decided.sheet, "en")] == ["Ask the DPO"]


def test_a_title_with_a_broken_character_is_saved_cleaned_not_refused_with_a_traceback(db, session):
    _, a1, _, _ = session
    ethics.save_project(
        db,
        CONTENT,
        CASES,
        a1,
        title="Pilot\ud800 wijk",
        description="Eerste\ud800 stap",
        case_id=None,
        roles=[],
        expected={},
    )
    project = ethics.record_for(db, CONTENT, a1).project
    assert (project.title, project.description) == ("Pilot wijk", "Eerste stap")
