"""The routing outcomes the law asks for: DPIA required / advised / not needed, the AI Act class."""

from __future__ import annotations

from pathlib import Path

import pytest

from dshub.content import load_file
from dshub.ethics.content import EthicsContent
from dshub.ethics.logic import routing_advice

QDIR = Path(__file__).resolve().parents[2] / "questionnaires"

# The debt-prevention case as its description reads: signals about arrears from housing
# associations, energy and water companies and health insurers, linked to the municipality's own
# records, so that a debt counsellor contacts the households on the list.
DEBT_CASE = {
    "uses_model": "rules",
    "application_area": ["services"],
    "decides_about_people": "yes",
    "data_sources": ["own_records", "partners"],
    "personal_data": "yes",
    "combines_sources": "yes",
    "special_categories": ["finances", "bsn"],
    "scale": "medium",
}
# A benefits-fraud risk model: a statistical score selects recipients for a check.
ANNEX_III = {
    "uses_model": "statistical",
    "application_area": ["services", "enforcement"],
    "decides_about_people": "yes",
    "ai_practices": ["none"],
    "personal_data": "yes",
}


@pytest.fixture(scope="module")
def content() -> EthicsContent:
    return load_file(QDIR / "ethics.yaml")


def test_the_debt_prevention_case_requires_a_dpia_with_its_reasons(content):
    dpia = routing_advice(content, DEBT_CASE)["dpia"]
    assert dpia.outcome_id == "required" and dpia.status == "advisable"
    assert [h.trigger_id for h in dpia.hits] == ["financial_situation", "partners_sharing"]
    assert dict(dpia.hits[0].answers) == {
        "special_categories": ["finances", "bsn"],
        "scale": "medium",
        "combines_sources": "yes",
    }
    assert "ap_list_financial" in dpia.legal_ids() and "ap_list_cooperation" in dpia.legal_ids()
    assert "gdpr_35_1_high_risk" in dpia.legal_ids()  # the rule's own basis is always cited
    assert not dpia.provisional  # nothing stronger than "required"


def test_one_mandatory_trigger_is_enough_and_criteria_alone_only_advise(content):
    # Two EDPB criteria (large scale, linked sources) without a listed case: advised, not required.
    advised = routing_advice(
        content,
        {
            "personal_data": "yes",
            "scale": "large",
            "combines_sources": "yes",
            "special_categories": ["none"],
            "uses_model": "descriptive",
            "application_area": ["policy"],
            "data_sources": ["own_records"],
        },
    )["dpia"]
    assert advised.outcome_id == "advised" and not advised.provisional
    assert advised.outcome.name.en == "advised" and "edpb_dpia_criteria" in advised.legal_ids()
    # Large-scale monitoring with sensors in public space: GDPR 35(3)(c) on its own.
    monitoring = routing_advice(content, {"data_sources": ["sensors"], "personal_data": "yes", "scale": "large"})[
        "dpia"
    ]
    assert monitoring.outcome_id == "required"
    assert "public_monitoring_large_scale" in [h.trigger_id for h in monitoring.hits]
    # Nothing personal: not needed, in those words.
    none = routing_advice(
        content,
        {
            "personal_data": "no",
            "uses_model": "descriptive",
            "data_sources": ["cbs"],
            "combines_sources": "no",
            "application_area": ["policy"],
        },
    )["dpia"]
    assert none.status == "not_advisable" and none.rule.otherwise_name.en == "not needed"


def test_an_advised_dpia_that_may_still_become_required_says_so(content):
    adv = routing_advice(content, {"personal_data": "yes", "scale": "large", "combines_sources": "yes"})["dpia"]
    assert adv.outcome_id == "advised" and adv.provisional
    assert {"uses_model", "special_categories"} <= set(adv.unanswered)
    assert {o.trigger_id for o in adv.open} >= {"financial_situation", "profiling_large_scale"}


def test_an_annex_iii_project_is_high_risk_from_its_date_with_the_deployer_duties(content):
    advice = routing_advice(content, ANNEX_III)
    ai = advice["ai_act"]
    assert ai.outcome_id == "high_risk" and ai.outcome.applies_from == "ai_act_annex_iii_high_risk"
    assert [h.trigger_id for h in ai.hits] == ["benefits_and_services", "enforcement_selection"]
    assert [ob.fact for ob in ai.outcome.obligations] == [
        "ai_act_art4_literacy",
        "ai_act_art26_deployer",
        "ai_act_art27_fria",
        "ai_act_art49_eu_database",
    ]
    # The same answers make the IAMA the FRIA and the EU database registration a duty.
    assert advice["iama"].outcome_id == "fria" and advice["iama"].outcome.applies_from == "ai_act_art27_fria"
    assert advice["algorithm_register"].outcome_id == "eu_database"


def test_prohibited_transparency_minimal_and_no_ai(content):
    base = {"uses_model": "machine_learning", "application_area": ["policy"], "decides_about_people": "no"}
    prohibited = routing_advice(content, {**base, "ai_practices": ["social_scoring", "chatbot"]})["ai_act"]
    assert prohibited.outcome_id == "prohibited"  # the strongest outcome wins
    assert [(h.trigger_id, h.answers) for h in prohibited.hits] == [
        ("prohibited_practice", (("ai_practices", ["social_scoring", "chatbot"]),))
    ]
    chatbot = routing_advice(content, {**base, "ai_practices": ["chatbot"]})["ai_act"]
    assert chatbot.outcome_id == "transparency"
    minimal = routing_advice(content, {**base, "ai_practices": ["none"]})["ai_act"]
    assert minimal.outcome_id == "minimal" and not minimal.provisional
    rules = routing_advice(
        content, {"uses_model": "rules", "application_area": ["services"], "decides_about_people": "yes"}
    )["ai_act"]
    assert rules.status == "not_advisable" and rules.rule.otherwise_name.en == "no AI system"
    # A biometric identification system is high-risk, not prohibited, for a municipality.
    face = routing_advice(content, {**base, "ai_practices": ["biometric_identification"]})["ai_act"]
    assert face.outcome_id == "high_risk"


def test_pre_iama_lists_the_iama_questions_started_by_the_team_answers(content):
    from dshub.ethics.routing_view import pre_iama

    pi = pre_iama(content, ANNEX_III, "en")
    assert pi["applies"] and [p["id"] for p in pi["parts"]] == ["why", "what", "how", "rights"]
    rows = {q["id"]: q for p in pi["parts"] for q in p["questions"]}
    assert pi["count"] == len(content.pre_iama) == len(rows)
    work = rows["work_process"]
    assert work["art27"] == "27(1)(a)"
    assert [a["question"] for a in work["answers"]] == [
        content.question("application_area").text.en,
        content.question("decides_about_people").text.en,
    ]
    assert not rows["human_oversight"]["answers"]  # human_review not answered yet
    assert pi["started"] == sum(1 for q in rows.values() if q["answers"]) > 0
    # A descriptive analysis for policy: no IAMA, so no pre-IAMA in the report.
    assert not pre_iama(
        content, {"uses_model": "descriptive", "application_area": ["policy"], "decides_about_people": "no"}, "en"
    )["applies"]


def test_pre_iama_content_errors_are_located(tmp_path):
    import yaml

    from dshub.content import ContentError, load_content

    data = yaml.safe_load((QDIR / "ethics.yaml").read_text(encoding="utf-8"))
    data["pre_iama"][0]["prefill_from"] = ["ghost"]
    (tmp_path / "ethics.yaml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with pytest.raises(ContentError) as info:
        load_content(tmp_path)
    assert "pre_iama question 'purpose_problem'" in info.value.message and "'ghost'" in info.value.message


@pytest.fixture(scope="module")
def legal():
    from dshub.content import load_content
    from dshub.legal.content import LegalFacts

    return load_content(QDIR).get("legal_facts", LegalFacts)


def test_the_advice_cites_each_rule_with_its_source_date_and_certainty(content, legal):
    from datetime import date

    from dshub.ethics.routing_view import routing_items

    items = {i["id"]: i for i in routing_items(content, ANNEX_III, "en", legal, today=date(2026, 12, 4))}
    ai = items["ai_act"]
    assert ai["status"] == "high-risk (Annex III)" and ai["when"] == "applies from 2 December 2027"
    assert [o["when"] for o in ai["obligations"]] == [
        "applies since 2 February 2025",
        "applies from 2 December 2027",
        "applies from 2 December 2027",
        "applies from 2 December 2027",
    ]
    assert all(o["basis"] for o in ai["obligations"])
    for item in items.values():
        assert item["sources"] and item["as_of"]
        for fact in item["sources"]:
            assert fact["sources"][0]["url"].startswith("https://") and fact["checked"]
            assert fact["certainty"] == "confirmed" or fact["note"]  # an unconfirmed fact says why
    assert ai["uncertain"]  # the 2026 amendment is known from secondary sources only (see legal.yaml)
    nl = {i["id"]: i for i in routing_items(content, ANNEX_III, "nl", legal, today=date(2026, 12, 4))}
    assert nl["ai_act"]["when"] == "geldt vanaf 2 december 2027"
    # Once the date has passed, the same duty "applies since".
    later = {i["id"]: i for i in routing_items(content, ANNEX_III, "en", legal, today=date(2028, 1, 1))}
    assert later["ai_act"]["when"] == "applies since 2 December 2027"
    dpia = items["dpia"]
    assert dpia["status"] == "required" and dpia["reasons"][0]["basis"]


def test_the_report_shows_the_legal_position_and_links_its_sources(content, legal):
    from datetime import datetime

    from dshub.ethics.logic import EthicsRecord, ProjectInfo
    from dshub.ethics.report import report_html, report_markdown

    record = EthicsRecord(
        content_id=content.id,
        content_version=content.version,
        project=ProjectInfo(title="Fraud risk score"),
        answers=ANNEX_III,
        session_date=datetime(2026, 12, 4).date(),
    )
    out = report_html(record, content, None, lang="nl", legal=legal, generated_at=datetime(2026, 12, 4, 10))
    assert "Stand van zaken: " in out and "geldt vanaf 2 december 2027" in out
    assert 'href="https://eur-lex.europa.eu/' in out and "Pre-IAMA" in out
    assert "niet alle regels achter dit advies zijn in de officiële tekst nagekeken" in out
    md = report_markdown(record, content, None, lang="en", legal=legal, generated_at=datetime(2026, 12, 4, 10))
    assert "Legal position as of" in md and "](https://eur-lex.europa.eu/" in md and "## Pre-IAMA" in md


def test_an_unknown_legal_fact_id_is_a_located_content_error(tmp_path):
    import shutil

    import yaml

    from dshub.content import ContentError, load_content

    data = yaml.safe_load((QDIR / "ethics.yaml").read_text(encoding="utf-8"))
    data["routing"][0]["outcomes"][0]["triggers"][0]["legal"] = ["gdpr_article_99"]
    (tmp_path / "ethics.yaml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    shutil.copy(QDIR / "legal.yaml", tmp_path / "legal.yaml")
    with pytest.raises(ContentError) as info:
        load_content(tmp_path)
    (problem,) = info.value.problems
    assert "'gdpr_article_99'" in str(problem) and "routing[0].outcomes[0].triggers[0].legal[0]" in str(problem)
