"""Ethics content loads through the shared loader; every kind of broken condition gives a clear error."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml

from dshub.catalogue.content import ethics_cases
from dshub.content import ContentError, load_content
from dshub.ethics.content import UNKNOWN, EthicsCases, EthicsContent, iter_atoms

QDIR = Path(__file__).resolve().parents[2] / "questionnaires"
REAL = QDIR / "ethics.yaml"


@pytest.fixture(scope="module")
def bundle():
    return load_content()


@pytest.fixture(scope="module")
def content(bundle) -> EthicsContent:
    return bundle.get("ethics", EthicsContent)


@pytest.fixture(scope="module")
def cases(bundle) -> EthicsCases:
    return ethics_cases(bundle)


_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


@pytest.fixture(scope="module")
def parsed() -> dict:
    return yaml.load(REAL.read_text(encoding="utf-8"), Loader=_Loader)


@pytest.fixture()
def raw(parsed) -> dict:
    return copy.deepcopy(parsed)


def _load(tmp_path: Path, data: dict) -> EthicsContent:
    text = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False)
    (tmp_path / "ethics.yaml").write_text(text, encoding="utf-8")
    return load_content(tmp_path).get("ethics", EthicsContent)


def _problem(tmp_path: Path, data: dict) -> str:
    with pytest.raises(ContentError) as info:
        _load(tmp_path, data)
    (problem,) = info.value.problems
    assert problem.file == "ethics.yaml"
    return str(problem)


def _question(data: dict, qid: str) -> dict:
    return next(q for th in data["themes"] for q in th["questions"] if q["id"] == qid)


# --------------------------------------------------------------------------- the real files


def test_real_files_load_through_the_shared_loader(content, cases):
    assert content.kind == "ethics_assistant"
    assert cases.id == "catalogue"  # the ready cases are the catalogue's entries
    assert content.version and cases.version


def test_themes_follow_the_data_life_cycle_plus_security(content):
    by_phase = {p.id: [t.id for t in content.themes if t.phase == p.id] for p in content.phases}
    assert by_phase == {
        "collect": ["algorithm", "source"],
        "use": ["anonymisation", "visualisation"],
        "store": ["access", "open_access"],
        "general": ["responsibility", "communication", "transparency", "privacy", "bias", "security"],
    }


def test_question_counts_and_help(content):
    questions = content.questions()
    assert 30 <= len(questions) <= 45
    for theme in content.themes:
        assert 2 <= len(theme.questions) <= 4, theme.id
    assert {q.type for q in questions} == {"yes_no_unknown", "single", "multi", "text"}
    for q in questions:
        for text in (q.text, q.help):
            assert text.nl.strip() and text.en.strip() and text.nl != text.en, q.id


def test_branches_cover_the_issue_examples(content):
    conditional = {q.id: {a.question for a in iter_atoms(q.show_if)} for q in content.questions() if q.show_if}
    # personal data opens anonymisation, legal basis and DPIA questions
    for qid in ("identity_protection", "minimal_data", "legal_basis", "dpia_status"):
        assert "personal_data" in conditional[qid]
    # a model that decides about people opens bias and explainability follow-ups
    for qid in ("explainable", "proxy_features", "bias_tested"):
        assert "decides_about_people" in conditional[qid]
    assert len(conditional) >= 10


def test_values_roles_and_routing_rules(content):
    ids = {v.id for v in content.values}
    assert {
        "transparency",
        "equality",
        "privacy",
        "efficiency",
        "care",
        "lawfulness",
        "openness",
        "justice",
        "autonomy",
        "security",
    } <= ids
    assert content.core_values_min <= content.core_values_max <= len(content.values)
    # the AI Act class comes before the instruments that depend on it (IAMA as FRIA, EU database)
    assert [r.id for r in content.routing] == ["dpia", "ai_act", "iama", "algorithm_register"]
    for rule in content.routing:
        assert rule.triggers and rule.otherwise_name is not None
        for outcome in rule.outcomes:
            assert outcome.name is not None and outcome.advice.nl != outcome.advice.en, (rule.id, outcome.id)
    assert [o.id for o in content.rule("dpia").outcomes] == ["required", "advised"]
    assert [o.id for o in content.rule("ai_act").outcomes] == ["prohibited", "high_risk", "transparency", "minimal"]
    assert "35" in content.rule("dpia").otherwise.en or "35" in " ".join(
        tr.reason.en for tr in content.rule("dpia").triggers
    )


def test_no_signal_is_written_for_dont_know(content):
    for q in content.questions():
        assert UNKNOWN not in q.signals


def test_cases(cases, bundle):
    # The six cases of the former ethics_cases.yaml keep their ids: stored records refer to them.
    ids = [c.id for c in cases.cases]
    assert {
        "wmo_forecast",
        "ses_indication",
        "social_budget_forecast",
        "debt_prevention",
        "domestic_violence_map",
        "energy_dashboard",
    } <= set(ids)
    assert ids == [e.id for e in bundle.get("catalogue").entries]  # every catalogue entry is offered
    assert len(ids) == len(set(ids))
    for case in cases.cases:
        assert case.description.nl and case.description.en
        assert case.datasets
        for d in case.datasets:
            assert isinstance(d.personal_data, bool)


def test_bare_yaml_yes_no_read_as_answer_words(tmp_path, raw):
    text = REAL.read_text(encoding="utf-8").replace('equals: "yes"', "equals: yes").replace('"no":', "no:")
    (tmp_path / "ethics.yaml").write_text(text, encoding="utf-8")
    loaded = load_content(tmp_path).get("ethics", EthicsContent)
    assert loaded.question("identity_protection").show_if.equals == "yes"
    assert "no" in loaded.question("explainable").signals


# --------------------------------------------------------------------------- broken conditions


def test_unknown_question_in_condition(tmp_path, raw):
    _question(raw, "explainable")["show_if"] = {"question": "nope", "equals": "yes"}
    msg = _problem(tmp_path, raw)
    assert "question 'explainable'" in msg and "unknown question 'nope'" in msg


def test_condition_on_itself(tmp_path, raw):
    _question(raw, "explainable")["show_if"] = {"question": "explainable", "equals": "yes"}
    assert "refers to the question itself" in _problem(tmp_path, raw)


def test_condition_on_a_later_question(tmp_path, raw):
    _question(raw, "uses_model")["show_if"] = {"question": "personal_data", "equals": "yes"}
    msg = _problem(tmp_path, raw)
    assert "'uses_model'" in msg and "'personal_data', which comes later" in msg and "move" in msg


def test_cycle(tmp_path, raw):
    # explainable already depends on uses_model; make uses_model depend on explainable
    _question(raw, "uses_model")["show_if"] = {"question": "explainable", "equals": "yes"}
    msg = _problem(tmp_path, raw)
    assert "cycle" in msg and "'uses_model'" in msg and "'explainable'" in msg
    assert "comes later" not in msg  # reported once, as a cycle


def test_equals_value_that_is_not_an_option(tmp_path, raw):
    _question(raw, "human_review")["show_if"] = {"question": "decides_about_people", "equals": "maybe"}
    msg = _problem(tmp_path, raw)
    assert "'maybe'" in msg and "use one of: yes, no, unknown" in msg


def test_includes_on_a_question_that_is_not_multi(tmp_path, raw):
    _question(raw, "human_review")["show_if"] = {"question": "decides_about_people", "includes": "yes"}
    assert "use 'equals' instead" in _problem(tmp_path, raw)


def test_equals_on_a_multi_question(tmp_path, raw):
    _question(raw, "small_areas")["show_if"] = {"question": "outputs", "equals": "map"}
    assert "write 'includes: map'" in _problem(tmp_path, raw)


def test_includes_an_option_the_question_does_not_have(tmp_path, raw):
    _question(raw, "small_areas")["show_if"] = {"question": "outputs", "includes": "hologram"}
    msg = _problem(tmp_path, raw)
    assert "'hologram'" in msg and "not one of its options" in msg


def test_condition_on_a_text_question(tmp_path, raw):
    _question(raw, "objection_route")["show_if"] = {"question": "purpose", "equals": "yes"}
    assert "tests text question 'purpose'" in _problem(tmp_path, raw)


def test_contradicting_condition_is_impossible(tmp_path, raw):
    _question(raw, "human_review")["show_if"] = {
        "all_of": [
            {"question": "decides_about_people", "equals": "yes"},
            {"question": "decides_about_people", "equals": "no"},
        ]
    }
    msg = _problem(tmp_path, raw)
    assert "'human_review'" in msg and "can never be true" in msg


def test_condition_on_a_question_hidden_in_exactly_that_case_is_impossible(tmp_path, raw):
    # identity_protection only shows when personal_data is yes
    _question(raw, "human_review")["show_if"] = {
        "all_of": [
            {"question": "personal_data", "equals": "no"},
            {"question": "identity_protection", "equals": "anonymised"},
        ]
    }
    assert "can never be true" in _problem(tmp_path, raw)


def test_duplicate_question_id(tmp_path, raw):
    _question(raw, "retention")["id"] = "who_access"
    msg = _problem(tmp_path, raw)
    assert "'who_access' is used twice" in msg


def test_duplicate_option_id(tmp_path, raw):
    q = _question(raw, "who_access")
    q["options"][1]["id"] = q["options"][0]["id"]
    assert "used more than once" in _problem(tmp_path, raw)


def test_routing_rule_with_unknown_question(tmp_path, raw):
    raw["routing"][0]["outcomes"][0]["triggers"][0]["when"] = {"question": "ghost", "equals": "yes"}
    msg = _problem(tmp_path, raw)
    assert "routing rule 'dpia'" in msg and "unknown question 'ghost'" in msg


def test_routing_rule_with_unknown_option(tmp_path, raw):
    raw["routing"][2]["outcomes"][1]["triggers"][0]["when"] = {
        "question": "decides_about_people",
        "equals": "sometimes",
    }
    msg = _problem(tmp_path, raw)
    assert "routing rule 'iama'" in msg and "'sometimes'" in msg


def test_routing_trigger_that_can_never_fire(tmp_path, raw):
    raw["routing"][1]["outcomes"][0]["triggers"][0]["when"] = {
        "all_of": [{"question": "uses_model", "equals": "rules"}, {"question": "uses_model", "equals": "statistical"}]
    }
    msg = _problem(tmp_path, raw)
    assert "routing rule 'ai_act'" in msg and "never fire" in msg


def test_malformed_condition(tmp_path, raw):
    _question(raw, "explainable")["show_if"] = {"when": "always"}
    msg = _problem(tmp_path, raw)
    assert "show_if" in msg and "any_of" in msg and "'question'" in msg


def test_condition_with_both_equals_and_includes(tmp_path, raw):
    _question(raw, "small_areas")["show_if"] = {"question": "outputs", "equals": "unknown", "includes": "map"}
    assert "exactly one of 'equals' or 'includes'" in _problem(tmp_path, raw)


def test_signal_for_dont_know_is_refused(tmp_path, raw):
    _question(raw, "retention")["signals"]["unknown"] = {"action": {"nl": "x", "en": "x"}}
    assert "find out" in _problem(tmp_path, raw)


def test_signal_for_an_answer_the_question_does_not_have(tmp_path, raw):
    _question(raw, "who_access")["signals"]["everyone"] = {"action": {"nl": "x", "en": "x"}}
    assert "'everyone'" in _problem(tmp_path, raw)


def test_theme_in_unknown_phase(tmp_path, raw):
    raw["themes"][0]["phase"] = "harvest"
    assert "phase 'harvest'" in _problem(tmp_path, raw)


def test_unchanged_copy_loads(tmp_path, raw):
    # Guards the tests above: they fail because of the change they make, not because of the copy.
    assert _load(tmp_path, copy.deepcopy(raw)).questions()
