"""Branching, progress, signals, routing, values, decision and the record of the ethical data assistant."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dshub.content import load_file
from dshub.ethics.content import UNKNOWN, EthicsCases, EthicsContent
from dshub.ethics.logic import (
    ActionItem,
    AnswerError,
    DecisionInputError,
    EthicsRecord,
    RecordError,
    ValueJudgement,
    answer_label,
    answer_problems,
    choices,
    compare_answers,
    compare_records,
    effective_answers,
    make_decision,
    missing_find_outs,
    normalize_answer,
    progress,
    routing_advice,
    signals,
    suggested_actions,
    team_status,
    validate_decision,
    validate_project,
    validate_values,
    visible_questions,
)
from dshub.ethics.report import report_markdown

QDIR = Path(__file__).resolve().parents[2] / "questionnaires"


@pytest.fixture(scope="module")
def content() -> EthicsContent:
    return load_file(QDIR / "ethics.yaml")


@pytest.fixture(scope="module")
def cases() -> EthicsCases:
    return load_file(QDIR / "catalogue.yaml").ethics_cases()


def ids(questions) -> list[str]:
    return [q.id for q in questions]


# Answers that open every branch of the real content.
OPEN_ALL = {
    "uses_model": "machine_learning",
    "decides_about_people": "yes",
    "personal_data": "yes",
    "outputs": ["map", "person_list"],
    "publish_results": "open_data",
    "built_by": "supplier",
}

T = {"nl": "tekst", "en": "text"}


def _t(label: str) -> dict:
    return {"nl": f"{label} nl", "en": f"{label} en"}


def mini_content() -> EthicsContent:
    """A small content with a chain of conditions: a -> b -> c -> d."""
    return EthicsContent.model_validate(
        {
            "id": "mini",
            "kind": "ethics_assistant",
            "version": "1.0",
            "title": T,
            "phases": [{"id": "p", "title": T}],
            "themes": [
                {
                    "id": "t1",
                    "phase": "p",
                    "title": T,
                    "intro": T,
                    "questions": [
                        {
                            "id": "a",
                            "type": "yes_no_unknown",
                            "text": _t("A?"),
                            "help": T,
                            "signals": {"yes": {"concern": _t("a-yes concern")}},
                        },
                        {
                            "id": "b",
                            "type": "single",
                            "text": _t("B?"),
                            "help": T,
                            "options": [{"id": "x", "label": _t("X")}, {"id": "y", "label": _t("Y")}],
                            "signals": {"x": {"action": _t("b-x action")}},
                            "show_if": {"question": "a", "equals": "yes"},
                        },
                    ],
                },
                {
                    "id": "t2",
                    "phase": "p",
                    "title": T,
                    "intro": T,
                    "questions": [
                        {
                            "id": "c",
                            "type": "multi",
                            "text": _t("C?"),
                            "help": T,
                            "options": [{"id": "m1", "label": _t("M1")}, {"id": "m2", "label": _t("M2")}],
                            "signals": {
                                "m1": {"concern": _t("c-m1 concern"), "action": _t("c-m1 action")},
                                "m2": {"action": _t("c-m2 action")},
                            },
                            "show_if": {"question": "b", "equals": "x"},
                        },
                        {
                            "id": "d",
                            "type": "text",
                            "text": _t("D?"),
                            "help": T,
                            "show_if": {
                                "all_of": [
                                    {"question": "c", "includes": "m1"},
                                    {"not": {"question": "a", "equals": "no"}},
                                ]
                            },
                        },
                        {"id": "e", "type": "yes_no_unknown", "text": _t("E?"), "help": T},
                    ],
                },
            ],
            "values": [{"id": "v1", "name": T, "explanation": T}, {"id": "v2", "name": T, "explanation": T}],
            "core_values_min": 1,
            "core_values_max": 2,
            "routing": [
                {
                    "id": "r",
                    "name": _t("R"),
                    "advice": _t("do R"),
                    "otherwise": _t("no R"),
                    "threshold": 2,
                    "triggers": [
                        {"id": "t_c", "when": {"question": "c", "includes": "m1"}, "reason": _t("c has m1")},
                        {"id": "t_e", "when": {"question": "e", "equals": "yes"}, "reason": _t("e is yes")},
                        {
                            "id": "t_b",
                            "when": {"question": "b", "equals": "y"},
                            "reason": _t("b is y"),
                            "sufficient": True,
                        },
                    ],
                }
            ],
        }
    )


# --------------------------------------------------------------------------- answers


def test_normalize_answer_shapes(content):
    yn, single, multi = (content.question(q) for q in ("personal_data", "who_access", "outputs"))
    assert normalize_answer(yn, "YES ") == "yes"
    assert normalize_answer(yn, False) == "no"
    assert normalize_answer(yn, "") is None and normalize_answer(yn, None) is None
    assert normalize_answer(single, "named") == "named"
    assert normalize_answer(single, "unknown") == UNKNOWN
    assert normalize_answer(multi, ["map", "tables", "map"]) == ["tables", "map"]  # option order, no repeats
    assert normalize_answer(multi, ["unknown"]) == UNKNOWN == normalize_answer(multi, "unknown")
    assert normalize_answer(multi, []) is None
    text = content.question("purpose")
    assert normalize_answer(text, "  Fewer evictions.  ") == "Fewer evictions."
    assert normalize_answer(text, "   ") is None
    with pytest.raises(AnswerError) as info:
        normalize_answer(text, "x" * 2001)
    assert info.value.key == "ethics.error.text_too_long"
    with pytest.raises(AnswerError) as info:
        normalize_answer(multi, ["unknown", "map"])
    assert info.value.key == "ethics.error.unknown_exclusive"
    with pytest.raises(AnswerError) as info:
        normalize_answer(single, "everyone")
    assert info.value.key == "ethics.error.answer_invalid"
    with pytest.raises(AnswerError):
        normalize_answer(yn, "maybe")


def test_answer_problems_flags_unknown_questions_and_bad_values(content):
    problems = answer_problems(content, {"personal_data": "maybe", "ghost": "yes", "retention": "no"})
    assert problems["personal_data"].key == "ethics.error.answer_invalid"
    assert problems["ghost"].key == "ethics.error.unknown_question"
    assert "retention" not in problems


def test_text_answers_count_but_raise_no_signals(content):
    answers = {"purpose": "Help households before debts grow"}
    assert progress(content, answers).themes["responsibility"].answered == 1
    assert signals(content, answers) == signals(content, {})
    assert answer_label(content.question("purpose"), answers["purpose"], "nl") == answers["purpose"]


def test_choices_always_offer_dont_know_last(content):
    for q in content.questions():
        if q.type != "text":
            values = [v for v, _ in choices(q, "en")]
            assert values[-1] == UNKNOWN and values.count(UNKNOWN) == 1
    assert dict(choices(content.question("personal_data"), "en"))["unknown"] == "Don't know yet"
    assert answer_label(content.question("outputs"), ["map", "tables"], "en") == "Tables or figures in a report, Map"


# --------------------------------------------------------------------------- branching


def test_without_answers_only_unconditional_questions_show(content):
    shown = ids(visible_questions(content, {}))
    assert shown == [q.id for q in content.questions() if q.show_if is None or q.id == "reidentification"]
    assert "identity_protection" not in shown and "legal_basis" not in shown


def test_personal_data_opens_privacy_branch(content):
    shown = ids(visible_questions(content, {"personal_data": "yes"}))
    for qid in (
        "identity_protection",
        "minimal_data",
        "legal_basis",
        "dpia_status",
        "special_categories",
        "combines_sources",
    ):
        assert qid in shown
    closed = ids(visible_questions(content, {"personal_data": "no"}))
    for qid in ("identity_protection", "legal_basis", "dpia_status", "reidentification"):
        assert qid not in closed
    unsure = ids(visible_questions(content, {"personal_data": "unknown"}))
    assert "special_categories" in unsure and "legal_basis" not in unsure


def test_decisions_about_people_open_bias_and_explainability(content):
    shown = ids(visible_questions(content, {"decides_about_people": "yes"}))
    for qid in ("explainable", "human_review", "objection_route", "proxy_features", "bias_tested"):
        assert qid in shown
    assert "bias_tested" not in ids(visible_questions(content, {"decides_about_people": "no"}))


def test_multi_choice_includes_and_nested_conditions(content):
    assert "small_areas" in ids(visible_questions(content, {"outputs": ["tables", "map"]}))
    assert "small_areas" not in ids(visible_questions(content, {"outputs": ["tables"]}))
    assert "processor_agreement" not in ids(visible_questions(content, {"built_by": "supplier"}))
    assert "processor_agreement" in ids(visible_questions(content, {"built_by": "supplier", "personal_data": "yes"}))
    assert "processor_agreement" in ids(
        visible_questions(content, {"storage_location": "external_cloud", "personal_data": "yes"})
    )


def test_open_all_shows_every_question(content):
    assert ids(visible_questions(content, OPEN_ALL)) == ids(content.questions())


def test_hidden_answer_does_not_open_a_chain():
    c = mini_content()
    # b is answered "x", but b is hidden (a is no): c and d stay hidden
    answers = {"a": "no", "b": "x", "c": ["m1"], "d": "text"}
    assert ids(visible_questions(c, answers)) == ["a", "e"]
    assert effective_answers(c, answers) == {"a": "no"}
    assert ids(visible_questions(c, {**answers, "a": "yes"})) == ["a", "b", "c", "d", "e"]
    # `not` over an unanswered question is true: d shows as long as a is not "no"
    assert "d" in ids(visible_questions(c, {"a": "yes", "b": "x", "c": ["m1", "m2"]}))


# --------------------------------------------------------------------------- "a hidden question's answer never counts"

_JUNK = st.sampled_from([None, "", "maybe", 7, ["nonsense"], True])


def _answer_strategy(question):
    if question.type == "yes_no_unknown":
        return st.one_of(st.sampled_from(["yes", "no", "unknown"]), _JUNK)
    if question.type == "single":
        return st.one_of(st.sampled_from([o.id for o in question.options] + ["unknown"]), _JUNK)
    if question.type == "multi":
        opts = [o.id for o in question.options]
        return st.one_of(
            st.lists(st.sampled_from(opts), unique=True, max_size=len(opts)),
            st.just("unknown"),
            st.just(["unknown"]),
            _JUNK,
        )
    return st.one_of(st.text(max_size=12), st.none())


def _answers_strategy(content):
    return st.fixed_dictionaries({}, optional={q.id: _answer_strategy(q) for q in content.questions()})


def _everything(content, answers):
    """Every observable result that answers feed into."""
    from datetime import datetime

    record = EthicsRecord.new(content, title="P", session_date=date(2026, 1, 1)).model_copy(
        update={"answers": answers, "notes": {qid: f"note {qid}" for qid in answers}}
    )
    return (
        ids(visible_questions(content, answers)),
        effective_answers(content, answers),
        progress(content, answers),
        signals(content, answers),
        routing_advice(content, answers),
        report_markdown(record, content, lang="en", generated_at=datetime(2026, 1, 1, 9, 0)),
    )


def _check_hidden_answers_never_count(content, answers, replacement):
    shown = set(ids(visible_questions(content, answers)))
    assert set(effective_answers(content, answers)) <= shown
    hidden = [q for q in content.questions() if q.id not in shown]
    without = {k: v for k, v in answers.items() if k in shown}
    changed = dict(without)
    for q in hidden:
        changed[q.id] = replacement.draw(_answer_strategy(q))
    expected = _everything(content, without)
    assert _everything(content, answers) == expected
    assert _everything(content, changed) == expected


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_property_hidden_answers_never_count_real_content(content, data):
    answers = data.draw(_answers_strategy(content))
    _check_hidden_answers_never_count(content, answers, data)


@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_property_hidden_answers_never_count_chained_content(data):
    c = mini_content()
    answers = data.draw(_answers_strategy(c))
    _check_hidden_answers_never_count(c, answers, data)


# --------------------------------------------------------------------------- progress


def test_progress_per_theme(content):
    answers = {
        "uses_model": "descriptive",
        "application_area": ["policy"],
        "decides_about_people": "no",
        "personal_data": "no",
        "data_sources": "unknown",
        "legal_basis": "consent",
    }
    p = progress(content, answers)
    assert list(p.themes) == [t.id for t in content.themes]
    algo = p.themes["algorithm"]
    assert (algo.answered, algo.visible) == (3, 3) and algo.complete  # explainable stays hidden
    source = p.themes["source"]
    assert (source.answered, source.visible, source.unknown) == (2, 3, 1)
    assert not p.themes["anonymisation"].applicable  # personal data "no" hides the whole theme
    assert p.themes["privacy"].visible == 0  # legal_basis answered but hidden: not counted
    assert p.answered == 5 and p.unknown == 1
    assert p.visible == len(visible_questions(content, answers))


# --------------------------------------------------------------------------- signals


def test_signals_carry_question_and_theme(content):
    sig = signals(content, {"uses_model": "machine_learning", "outputs": ["map", "person_list"]})
    concern_keys = [s.key for s in sig.concerns]
    assert concern_keys == ["uses_model.machine_learning.concern", "outputs.person_list.concern"]
    first = sig.concerns[0]
    assert (first.question_id, first.theme_id, first.phase_id) == ("uses_model", "algorithm", "collect")
    assert first.text == content.question("uses_model").signals["machine_learning"].concern
    assert [s.key for s in sig.actions] == ["uses_model.machine_learning.action", "outputs.person_list.action"]


def test_dont_know_yields_a_find_out_action_for_every_choice_question(content):
    for q in content.questions():
        if q.type == "text":
            continue
        sig = signals(content, {**OPEN_ALL, q.id: "unknown"})
        mine = [s for s in sig.actions if s.question_id == q.id]
        assert [s.kind for s in mine] == ["find_out"], q.id
        assert mine[0].text.en == f"Find out: {q.text.en}"
        assert mine[0].text.nl == f"Zoek uit: {q.text.nl}"
        assert not [s for s in sig.concerns if s.question_id == q.id]


def test_signals_in_a_small_content():
    c = mini_content()
    sig = signals(c, {"a": "yes", "b": "x", "c": ["m1", "m2"], "e": "unknown"})
    assert [s.key for s in sig.concerns] == ["a.yes.concern", "c.m1.concern"]
    assert [s.key for s in sig.actions] == ["b.x.action", "c.m1.action", "c.m2.action", "e.unknown.find_out"]
    assert [s.question_id for s in sig.find_outs] == ["e"]
    assert [(s.theme_id, s.text.en) for s in sig.concerns] == [("t1", "a-yes concern en"), ("t2", "c-m1 concern en")]


def test_suggested_actions_seed_the_action_list(content):
    items = suggested_actions(content, {"retention": "no", "owner_named": "unknown"}, "en")
    assert [i.source for i in items] == ["retention.no.action", "owner_named.unknown.find_out"]
    assert items[1].text.startswith("Find out: ") and items[0].owner_role == "" and items[0].due is None


# --------------------------------------------------------------------------- routing


def test_without_answers_no_instrument_is_advisable_and_none_is_ruled_out(content):
    advice = routing_advice(content, {})
    assert list(advice) == ["dpia", "ai_act", "iama", "algorithm_register"]
    assert not any(a.advisable for a in advice.values())
    shown = ids(visible_questions(content, {}))
    for rule_id, adv in advice.items():
        # Unanswered is not "no": the advice is incomplete, never "does not seem needed".
        assert adv.status == "incomplete", rule_id
        assert adv.may_become_advisable and adv.text != content.rule(rule_id).otherwise
        assert adv.text.en.startswith(f"No advice on {content.rule(rule_id).name.en} yet")
        assert adv.unanswered and set(adv.unanswered) <= set(shown)
        assert list(adv.unanswered) == sorted(adv.unanswered, key=content.position)
        assert all(o.unanswered_questions and not o.unknown_questions for o in adv.open)
    assert "decides_about_people" in advice["iama"].unanswered
    assert "uses_model" in advice["ai_act"].unanswered


def test_a_trigger_waiting_for_an_unanswered_question_is_open(content):
    answers = {"personal_data": "yes", "scale": "large"}
    dpia = routing_advice(content, answers)["dpia"]
    assert [h.trigger_id for h in dpia.hits] == ["large_scale"] and not dpia.advisable
    assert dpia.status == "incomplete" and "combines_sources" in dpia.unanswered
    combined = next(o for o in dpia.open if o.trigger_id == "combined_datasets")
    assert combined.unanswered_questions == ("combines_sources",) and combined.unknown_questions == ()
    assert combined.questions == ("combines_sources",)
    # Answering it "yes" settles the advice; answering every question it waits for "no" rules it out.
    assert routing_advice(content, {**answers, "combines_sources": "yes"})["dpia"].status == "advisable"


def test_answering_everything_a_rule_waits_for_settles_it(content):
    answers = {
        "uses_model": "descriptive",
        "application_area": ["policy"],
        "decides_about_people": "no",
        "groups_affected": "no",
        "built_by": "own",
        "personal_data": "no",
        "proxy_features": "no",
    }
    advice = routing_advice(content, answers)
    for rule_id in ("iama", "algorithm_register", "ai_act"):
        adv = advice[rule_id]
        assert (adv.status, adv.unanswered, adv.open) == ("not_advisable", (), ()), rule_id
        assert adv.text == content.rule(rule_id).otherwise


def test_routing_status_in_a_small_content():
    c = mini_content()
    # Nothing answered: t_e (e shown, unanswered) and t_b (b hidden until a is answered) are open.
    empty = routing_advice(c, {})["r"]
    assert empty.status == "incomplete" and empty.unanswered == ("a", "e")
    assert {o.trigger_id for o in empty.open} == {"t_b", "t_c", "t_e"}
    # a is "no": b and c stay hidden, so only t_e can fire - below the threshold: ruled out even though e is open.
    ruled_out = routing_advice(c, {"a": "no"})["r"]
    assert ruled_out.status == "not_advisable" and ruled_out.unanswered == ()
    assert [o.trigger_id for o in ruled_out.open] == ["t_e"]
    assert ruled_out.text == c.rule("r").otherwise
    # Only "don't know yet" stands in the way: may become advisable, not incomplete.
    found_out = routing_advice(c, {"a": "yes", "b": "unknown", "e": "no"})["r"]
    assert found_out.status == "may_become_advisable" and found_out.unanswered == ()


def test_dpia_needs_two_criteria_unless_one_is_sufficient(content):
    one = routing_advice(content, {"personal_data": "yes", "combines_sources": "yes"})["dpia"]
    assert not one.advisable and [h.trigger_id for h in one.hits] == ["combined_datasets"]
    two = routing_advice(content, {"personal_data": "yes", "combines_sources": "yes", "scale": "large"})["dpia"]
    assert two.advisable and two.outcome_id == "advised" and two.text == content.rule("dpia").outcomes[1].advice
    assert [h.trigger_id for h in two.hits] == ["large_scale", "combined_datasets"]
    assert two.hits[1].answers == (("combines_sources", "yes"),)
    assert two.hits[0].answers == (("scale", "large"),)
    profiling = routing_advice(
        content, {"personal_data": "yes", "decides_about_people": "yes", "uses_model": "statistical"}
    )["dpia"]
    assert profiling.outcome_id == "required" and [h.trigger_id for h in profiling.hits] == ["profiling_with_effect"]
    assert dict(profiling.hits[0].answers) == {
        "personal_data": "yes",
        "decides_about_people": "yes",
        "uses_model": "statistical",
    }


def test_iama_register_and_ai_act(content):
    advice = routing_advice(content, {"decides_about_people": "yes"})
    assert advice["iama"].advisable and advice["algorithm_register"].advisable
    assert not advice["ai_act"].advisable
    assert advice["iama"].hits[0].answers == (("decides_about_people", "yes"),)
    ml = routing_advice(content, {"uses_model": "machine_learning", "application_area": ["services"]})
    assert ml["ai_act"].outcome_id == "minimal"  # no decisions about persons (yet): not Annex III
    assert [h.trigger_id for h in ml["ai_act"].hits] == ["learning_system"]
    assert ml["ai_act"].provisional and "decides_about_people" in ml["ai_act"].unanswered
    assert ml["iama"].outcome_id == "advised" and not ml["dpia"].advisable
    descriptive = routing_advice(content, {"uses_model": "descriptive", "application_area": ["services"]})
    assert not any(a.advisable for a in descriptive.values())


def test_hidden_answers_do_not_trigger_routing(content):
    answers = {
        "decides_about_people": "no",
        "human_review": "automatic",
        "personal_data": "no",
        "scale": "large",
        "special_categories": ["health"],
        "combines_sources": "yes",
    }
    advice = routing_advice(content, answers)
    assert not advice["dpia"].hits and not advice["dpia"].advisable


def test_dont_know_leaves_routing_open(content):
    answers = {"personal_data": "yes", "scale": "large", "special_categories": "unknown"}
    dpia = routing_advice(content, answers)["dpia"]
    assert not dpia.advisable and [h.trigger_id for h in dpia.hits] == ["large_scale"]
    waiting = {o.trigger_id for o in dpia.open if o.unknown_questions}
    assert waiting == {"special_categories_large_scale", "financial_situation", "sensitive_data", "vulnerable_people"}
    assert all(o.unknown_questions == ("special_categories",) for o in dpia.open if o.unknown_questions)
    assert dpia.may_become_advisable
    settled = routing_advice(content, {**answers, "special_categories": ["none"]})["dpia"]
    assert not any(o.unknown_questions for o in settled.open)
    # Every other question DPIA looks at answered "no" as well: nothing left open.
    done = {
        **answers,
        "special_categories": ["none"],
        "uses_model": "descriptive",
        "decides_about_people": "no",
        "data_sources": ["own_records"],
        "combines_sources": "no",
        "vulnerable_groups": "no",
        "application_area": ["policy"],
    }
    closed = routing_advice(content, done)["dpia"]
    assert (closed.status, closed.open, closed.may_become_advisable) == ("not_advisable", (), False)


def test_routing_threshold_and_sufficient_in_small_content():
    c = mini_content()
    base = {"a": "yes", "b": "x"}
    assert not routing_advice(c, {**base, "c": ["m1"]})["r"].advisable
    both = routing_advice(c, {**base, "c": ["m1"], "e": "yes"})["r"]
    assert both.advisable and [h.trigger_id for h in both.hits] == ["t_c", "t_e"]
    assert routing_advice(c, {"a": "yes", "b": "y"})["r"].advisable
    # b unknown: t_b might fire once found out, so might t_c (c opens when b is x) - but not both at once
    pending = routing_advice(c, {"a": "yes", "b": "unknown", "e": "no"})["r"]
    assert {o.trigger_id for o in pending.open} == {"t_b", "t_c"}
    assert pending.may_become_advisable  # via the sufficient t_b
    no_way = routing_advice(c, {"a": "yes", "b": "x", "c": "unknown", "e": "no"})["r"]
    assert [o.trigger_id for o in no_way.open] == ["t_c"]
    assert not no_way.may_become_advisable  # t_c alone is below the threshold of 2


def test_team_status_for_the_facilitator(content):
    status = team_status(content, {"decides_about_people": "yes", "retention": "unknown"})
    assert status.concerns == 1 and status.find_outs == 1 and status.actions == 2
    assert status.advisable == ("iama", "algorithm_register")
    assert status.progress.answered == 2


def test_compare_answers(content):
    diff = compare_answers(content, {"personal_data": "yes", "legal_basis": "consent"}, {"personal_data": "no"})
    assert [(d.question_id, d.before, d.after) for d in diff] == [
        ("personal_data", "yes", "no"),
        ("legal_basis", "consent", None),
    ]


def test_compare_records(content):
    base = EthicsRecord.new(content, session_date=date(2026, 1, 1))
    told = {"text": "Tell the council", "owner_role": "communication", "due": "2026-12-01"}
    find = {
        "text": "Find out: retention",
        "owner_role": "policy",
        "due": "2026-12-01",
        "source": "retention.unknown.find_out",
    }
    before = base.model_copy(
        update={
            "answers": {"personal_data": "yes", "retention": "unknown", "decides_about_people": "no"},
            "notes": {"personal_data": "Addresses", "human_review": "hidden note"},
            "values": [ValueJudgement(value_id="privacy", judgement="partly", note="Map")],
            "decision": make_decision("go", "Fine", [told, find]),
        }
    )
    after = base.model_copy(
        update={
            "answers": {"personal_data": "yes", "retention": "yes", "decides_about_people": "no"},
            "notes": {"personal_data": "Addresses and ages"},
            "values": [ValueJudgement(value_id="privacy", judgement="honoured"), ValueJudgement(value_id="care")],
            "decision": make_decision(
                "adjust",
                "Fine",
                [
                    {**find, "text": "Find out how long we keep it", "done": True},
                    {"text": "Ask the client council", "owner_role": "policy", "due": "2026-12-01"},
                ],
            ),
        }
    )
    diff = compare_records(content, before, after)
    assert [(d.question_id, d.before, d.after) for d in diff.answers] == [("retention", "unknown", "yes")]
    assert [(d.question_id, d.before, d.after) for d in diff.notes] == [
        ("personal_data", "Addresses", "Addresses and ages")
    ]  # the note of a hidden question does not count
    assert diff.outcome == ("go", "adjust") and diff.motivation is None
    changes = [(d.change, d.before.text if d.before else None, d.after.text if d.after else None) for d in diff.actions]
    assert changes == [
        ("changed", "Find out: retention", "Find out how long we keep it"),  # matched on source
        ("added", None, "Ask the client council"),
        ("removed", "Tell the council", None),
    ]
    assert [(d.value_id, d.before is not None, d.after is not None) for d in diff.values] == [
        ("privacy", True, True),
        ("care", False, True),
    ]
    assert not diff.same and compare_records(content, before, before).same
    no_decision = compare_records(content, base, after)
    assert no_decision.outcome == (None, "adjust") and no_decision.motivation == ("", "Fine")


# --------------------------------------------------------------------------- values and decision


def test_validate_values(content):
    ok = [
        ValueJudgement(value_id="privacy", judgement="honoured"),
        {"value_id": "equality", "judgement": "partly", "note": "postcode as a feature"},
    ]
    assert validate_values(content, ok) == []
    keys = lambda errs: [(e.field, e.key) for e in errs]  # noqa: E731
    assert keys(validate_values(content, [])) == [("values", "ethics.error.values_too_few")]
    too_many = [{"value_id": v.id, "judgement": "honoured"} for v in content.values[:6]]
    assert ("values", "ethics.error.values_too_many") in keys(validate_values(content, too_many))
    assert keys(validate_values(content, [{"value_id": "greed", "judgement": "honoured"}])) == [
        ("values[0].value_id", "ethics.error.value_unknown")
    ]
    assert keys(
        validate_values(
            content, [{"value_id": "care", "judgement": "honoured"}, {"value_id": "care", "judgement": "honoured"}]
        )
    ) == [("values[1].value_id", "ethics.error.value_duplicate")]
    assert keys(validate_values(content, [{"value_id": "care"}])) == [
        ("values[0].judgement", "ethics.error.judgement_required")
    ]
    assert validate_values(content, [{"value_id": "care"}], require_judgement=False) == []
    assert keys(validate_values(content, [{"value_id": "care", "judgement": "not_honoured", "note": " "}])) == [
        ("values[0].note", "ethics.error.judgement_note_required")
    ]
    assert keys(validate_values(content, [{"value_id": "care", "judgement": "great"}])) == [
        ("values[0].judgement", "ethics.error.judgement_invalid")
    ]


def test_validate_decision_error_keys():
    def keys(*args, **kwargs):
        return [(e.field, e.key) for e in validate_decision(*args, **kwargs)]

    assert keys("go", "Low risk, well prepared.", []) == []
    assert keys(None, "", []) == [
        ("outcome", "ethics.error.outcome_required"),
        ("motivation", "ethics.error.motivation_required"),
    ]
    assert keys("maybe", "x", []) == [("outcome", "ethics.error.outcome_invalid")]
    assert keys("adjust", "x", []) == [("actions", "ethics.error.actions_required")]
    bad = [
        {"text": " ", "owner_role": "", "due": None},
        {"text": "DPIA", "owner_role": "privacy_officer", "due": "31-12-2026"},
    ]
    assert keys("adjust", "x", bad) == [
        ("actions[0].text", "ethics.error.action_text_required"),
        ("actions[0].owner_role", "ethics.error.action_owner_required"),
        ("actions[0].due", "ethics.error.action_due_required"),
        ("actions[1].due", "ethics.error.action_due_invalid"),
    ]
    past = [ActionItem(text="x", owner_role="policy", due=date(2020, 1, 1))]
    assert keys("stop", "x", past, today=date(2026, 1, 1)) == [("actions[0].due", "ethics.error.action_due_past")]
    assert keys("stop", "x", past) == []
    err = validate_decision("adjust", "x", [{"text": "", "owner_role": "p", "due": "2030-01-01"}])[0]
    assert err.message("en") == "Action 1: describe what needs to be done."
    assert err.message("nl").startswith("Actiepunt 1")


def test_make_decision(content):
    decision = make_decision(
        "adjust",
        "  Needs a DPIA first. ",
        [
            {
                "text": "Do a DPIA",
                "owner_role": "privacy_officer",
                "due": "2026-12-31",
                "source": "dpia_status.not_yet.action",
            }
        ],
    )
    assert decision.outcome == "adjust" and decision.motivation == "Needs a DPIA first."
    assert decision.actions[0].due == date(2026, 12, 31)
    with pytest.raises(DecisionInputError) as info:
        make_decision("adjust", "", [])
    assert [e.field for e in info.value.errors] == ["motivation", "actions"]


def test_make_decision_keeps_what_was_left_off_the_list_on_purpose(content):
    action = {"text": "Find out", "owner_role": "policy", "due": "2026-12-31", "source": "retention.unknown.find_out"}
    decision = make_decision(
        "go",
        "Fine",
        [action],
        dismissed=["owner_named.unknown.find_out", "retention.unknown.find_out", "owner_named.unknown.find_out", ""],
    )
    assert decision.dismissed == ["owner_named.unknown.find_out"]  # listed ones and repeats dropped
    record = EthicsRecord.new(content, session_date=date(2026, 1, 1)).model_copy(update={"decision": decision})
    assert EthicsRecord.from_json(record.to_json(), content).decision.dismissed == ["owner_named.unknown.find_out"]


def test_missing_find_outs_match_on_source(content):
    answers = {"retention": "unknown", "owner_named": "unknown", "uses_model": "rules"}
    listed = [
        ActionItem(text="Renamed by the team", source="retention.unknown.find_out"),
        {"text": "Own action", "source": None},
    ]
    missing = missing_find_outs(content, answers, listed)
    assert [s.key for s in missing] == ["owner_named.unknown.find_out"]
    assert missing_find_outs(content, answers, [*listed, {"source": "owner_named.unknown.find_out"}]) == ()
    assert missing_find_outs(content, {}, []) == ()
    hidden = {"decides_about_people": "no", "human_review": "unknown"}  # a hidden "don't know" raises nothing
    assert missing_find_outs(content, hidden, []) == ()


def test_validate_project(cases):
    assert validate_project("Wmo", "", None) == []
    assert [e.key for e in validate_project("", "", None)] == ["ethics.error.title_required"]
    assert validate_project("", "", "wmo_forecast", cases) == []
    assert [e.key for e in validate_project("", "", "nope", cases)] == ["ethics.error.case_unknown"]


# --------------------------------------------------------------------------- the record


def _full_record(content) -> EthicsRecord:
    record = EthicsRecord.new(
        content,
        title="Wmo <forecast>",
        description="Per wijk",
        case_id="wmo_forecast",
        session_date=date(2026, 10, 9),
        roles_present=["policy", "operations", "policy"],
    )
    return record.model_copy(
        update={
            "answers": {"personal_data": "yes", "legal_basis": "unknown", "outputs": ["map"]},
            "notes": {"legal_basis": "ask legal"},
            "values": [ValueJudgement(value_id="privacy", judgement="partly", note="pseudonymise first")],
            "decision": make_decision(
                "adjust", "Not yet", [{"text": "Find the legal basis", "owner_role": "legal", "due": "2026-12-01"}]
            ),
        }
    )


def test_record_json_round_trip(content):
    record = _full_record(content)
    assert record.roles_present == ["policy", "operations"]
    text = record.to_json()
    assert json.loads(text)["format"] == "dshub.ethics.record"
    again = EthicsRecord.from_json(text, content)
    assert again == record
    assert again.decision.actions[0].due == date(2026, 12, 1)


def test_answers_unknown_in_this_version_are_set_aside(content):
    data = _full_record(content).to_dict()
    data["content_version"] = "0.9"
    data["answers"]["old_question"] = "yes"
    data["answers"]["who_access"] = "everyone"  # no longer an option
    data["notes"]["old_question"] = "we discussed this at length"
    data["notes"]["gone_too"] = "only a note"
    data["values"].append({"value_id": "thrift", "judgement": "honoured", "note": ""})
    record = EthicsRecord.from_json(json.dumps(data), content)
    assert record.content_version == content.version and record.loaded_from_version == "0.9"
    assert "old_question" not in record.answers and "who_access" not in record.answers
    aside = {(a.kind, a.item_id): a for a in record.set_aside}
    assert aside[("answer", "old_question")].note == "we discussed this at length"
    assert aside[("answer", "old_question")].reason == "unknown_question"
    assert aside[("answer", "who_access")].reason == "invalid_value"
    assert aside[("note", "gone_too")].note == "only a note"
    assert aside[("value", "thrift")].reason == "unknown_value"
    assert all(a.content_version == "0.9" for a in record.set_aside)
    assert record.answers["personal_data"] == "yes"
    # loading again keeps what was set aside and sets nothing aside twice
    assert EthicsRecord.from_json(record.to_json(), content).set_aside == record.set_aside


@pytest.mark.parametrize(
    "report",
    [
        {
            "themes": [
                {"questions": [{"id": "old_question", "text": "Q" * 5000, "answered": True, "answer": "A" * 9000}]}
            ],
            "values": [{"id": "thrift", "name": "N" * 5000, "judgement_label": "J" * 9000}],
        },
        {"themes": 5, "values": 3},
        {"themes": [{"questions": 7}, "not a theme"], "values": ["not a value"]},
    ],
)
def test_a_hostile_report_cannot_make_the_loaded_record_invalid(content, report):
    data = _full_record(content).to_dict()
    data["answers"]["old_question"] = "yes"
    data["values"].append({"value_id": "thrift", "judgement": "honoured", "note": ""})
    record = EthicsRecord.from_json(json.dumps({"record": data, "report": report}), content)
    # what was set aside is stored and rebuilt later: it must still validate
    again = EthicsRecord.model_validate(record.to_dict())
    assert {(a.kind, a.item_id) for a in again.set_aside} == {("answer", "old_question"), ("value", "thrift")}
    assert all(len(a.label) <= 1000 for a in again.set_aside)


def test_a_deeply_nested_file_is_refused_with_a_message(content):
    with pytest.raises(RecordError) as info:
        EthicsRecord.from_json("[" * 100_000 + "]" * 100_000, content)
    assert [p.key for p in info.value.problems] == ["ethics.record.error.not_a_record"]


@pytest.mark.parametrize(
    "text, key",
    [
        ("{not json", "ethics.record.error.not_json"),
        ('{"hello": 1}', "ethics.record.error.not_a_record"),
        ("[1, 2]", "ethics.record.error.not_a_record"),
        ('{"format": "dshub.ethics.record", "format_version": ' + "9" * 5000 + "}", "ethics.record.error.not_valid"),
        ('{"n": NaN}', "ethics.record.error.not_valid"),
        ('{"n": -Infinity}', "ethics.record.error.not_valid"),
        ('{"format": "dshub.ethics.record", "format_version": 99}', "ethics.record.error.newer_format"),
        (
            '{"format": "dshub.ethics.record", "format_version": 1, "content_id": "maturity"}',
            "ethics.record.error.other_content",
        ),
    ],
)
def test_record_load_errors(content, text, key):
    with pytest.raises(RecordError) as info:
        EthicsRecord.from_json(text, content)
    assert [p.key for p in info.value.problems] == [key]
    assert all(m and "ethics." not in m for m in info.value.messages("nl") + info.value.messages("en"))


def test_record_load_reports_bad_fields(content):
    data = _full_record(content).to_dict()
    data["decision"]["outcome"] = "maybe"
    data["session_date"] = "yesterday"
    del data["content_version"]
    with pytest.raises(RecordError) as info:
        EthicsRecord.from_dict(data, content)
    fields = {p.field: p.key for p in info.value.problems}
    assert fields == {
        "content_version": "ethics.record.error.missing",
        "session_date": "ethics.record.error.invalid",
        "decision.outcome": "ethics.record.error.invalid",
    }
    assert "decision.outcome" in str(info.value)
