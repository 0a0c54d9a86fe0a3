"""Legal facts load through the shared loader; each fact is sourced and dated; broken facts fail clearly."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from dshub.content import ContentError, load_content
from dshub.content.base import registered_kinds
from dshub.legal import CERTAINTIES, INSTRUMENTS, LegalFacts

QDIR = Path(__file__).resolve().parents[2] / "questionnaires"
REAL = QDIR / "legal.yaml"

# The ethics routing (written separately) refers to exactly these ids: they must stay.
ROUTING_IDS = {
    "gdpr_35_1_high_risk",
    "gdpr_35_3_a_profiling",
    "gdpr_35_3_b_special_large_scale",
    "gdpr_35_3_c_public_monitoring",
    "edpb_dpia_criteria",
    "ap_dpia_list",
    "ap_list_fraud",
    "ap_list_financial",
    "ap_list_health",
    "ap_list_cooperation",
    "ap_list_profiling",
    "ap_list_cameras",
    "ap_list_iot",
    "ap_list_blacklists",
    "ai_act_art3_ai_system",
    "ai_act_art4_literacy",
    "ai_act_art5_prohibited",
    "ai_act_art50_transparency",
    "ai_act_annex_iii_high_risk",
    "ai_act_annex_i_high_risk",
    "ai_act_art26_deployer",
    "ai_act_art27_fria",
    "ai_act_art49_eu_database",
    "ai_act_omnibus_2026",
    "iama_2026",
    "algorithm_register_national",
}


@pytest.fixture(scope="module")
def facts() -> LegalFacts:
    return load_content().get("legal_facts", LegalFacts)


# --------------------------------------------------------------------------- the shipped file


def test_kind_is_registered_by_the_loader():
    load_content()
    assert registered_kinds()["legal_facts"] is LegalFacts


def test_real_file_loads_with_every_routing_id(facts):
    assert facts.kind == "legal_facts"
    assert ROUTING_IDS <= {f.id for f in facts.facts}


def test_every_fact_has_a_source_a_past_check_date_and_bilingual_text(facts):
    today = dt.date.today()
    for f in facts.facts:
        assert f.sources, f.id
        assert all(s.url.startswith("https://") for s in f.sources), f.id
        assert f.checked <= today, f.id
        assert f.instrument in INSTRUMENTS and f.certainty in CERTAINTIES, f.id
        for text in (f.title, f.legal_basis):
            assert text.nl and text.en and text.nl != text.en, f.id


def test_facts_that_are_not_confirmed_explain_why(facts):
    open_facts = [f for f in facts.facts if not f.confirmed]
    assert open_facts, "the Omnibus-dependent facts are only reported; the file should say so"
    for f in open_facts:
        assert f.note is not None and f.note.nl and f.note.en, f.id


def test_dates_that_the_routing_shows(facts):
    assert facts.fact("gdpr_35_3_c_public_monitoring").applies_from == dt.date(2018, 5, 25)
    assert facts.fact("ai_act_art5_prohibited").applies_from == dt.date(2025, 2, 2)
    assert facts.fact("ai_act_art4_literacy").applies_from == dt.date(2025, 2, 2)
    assert facts.fact("ai_act_art50_transparency").applies_from == dt.date(2026, 8, 2)
    assert facts.fact("ai_act_annex_iii_high_risk").applies_from == dt.date(2027, 12, 2)
    assert facts.fact("ai_act_annex_i_high_risk").applies_from == dt.date(2028, 8, 2)
    assert facts.fact("ai_act_omnibus_2026").applies_from == dt.date(2026, 7, 27)


def test_omnibus_dependent_facts_are_not_marked_confirmed(facts):
    # We could not read the Omnibus on EUR-Lex: what rests on it may not claim more certainty than that.
    for fid in (
        "ai_act_omnibus_2026",
        "ai_act_annex_iii_high_risk",
        "ai_act_annex_i_high_risk",
        "ai_act_art4_literacy",
        "ai_act_art26_deployer",
        "ai_act_art27_fria",
        "ai_act_art49_eu_database",
    ):
        assert facts.fact(fid).certainty != "confirmed", fid


# --------------------------------------------------------------------------- helpers


def test_fact_lookup_and_unknown_id(facts):
    assert facts.fact("iama_2026").instrument == "iama"
    with pytest.raises(KeyError, match="no legal fact with id 'iama_2021'"):
        facts.fact("iama_2021")


def test_as_of_is_the_oldest_check_date(tmp_path):
    data = _minimal()
    data["facts"].append(_fact("second", checked="2026-01-15"))
    data["facts"].append(_fact("third", checked="2025-11-30"))
    lf = load_content(_write(tmp_path, data)).get("legal_test", LegalFacts)
    assert lf.as_of(["only", "second"]) == dt.date(2026, 1, 15)
    assert lf.as_of(["only", "second", "third"]) == dt.date(2025, 11, 30)
    assert lf.as_of(["only"]) == dt.date(2026, 12, 1)
    with pytest.raises(ValueError, match="at least one fact id"):
        lf.as_of([])
    with pytest.raises(KeyError, match="'nope'"):
        lf.as_of(["only", "nope"])


def test_by_instrument(facts):
    dpia = facts.by_instrument("dpia")
    assert {f.instrument for f in dpia} == {"dpia"}
    assert "ap_list_cooperation" in {f.id for f in dpia}
    assert [f.id for f in facts.by_instrument("eu_database")] == ["ai_act_art49_eu_database"]
    with pytest.raises(ValueError, match="unknown instrument 'gdpr'"):
        facts.by_instrument("gdpr")


# --------------------------------------------------------------------------- validation errors


def _fact(fid="only", **over) -> dict:
    fact = {
        "id": fid,
        "instrument": "dpia",
        "title": {"nl": "Een regel.", "en": "A rule."},
        "legal_basis": {"nl": "AVG art. 35", "en": "GDPR Art. 35"},
        "applies_from": "2018-05-25",
        "sources": [{"title": "GDPR", "url": "https://eur-lex.europa.eu/eli/reg/2016/679/oj"}],
        "checked": "2026-12-01",
        "certainty": "confirmed",
    }
    fact.update(over)
    return fact


def _minimal() -> dict:
    return {
        "id": "legal_test",
        "kind": "legal_facts",
        "version": "1.0.0",
        "title": {"nl": "Feiten", "en": "Facts"},
        "facts": [_fact()],
    }


def _write(tmp_path: Path, data: dict) -> Path:
    (tmp_path / "legal.yaml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return tmp_path


def _problem(tmp_path: Path, data: dict):
    with pytest.raises(ContentError) as info:
        load_content(_write(tmp_path, data))
    (p,) = info.value.problems
    assert p.file == "legal.yaml" and p.line is not None and "Traceback" not in info.value.message
    return p


def test_minimal_file_loads(tmp_path):
    lf = load_content(_write(tmp_path, _minimal())).get("legal_test", LegalFacts)
    assert lf.fact("only").primary_source.url.startswith("https://eur-lex")


def test_reported_fact_without_note_is_refused(tmp_path):
    data = _minimal()
    data["facts"][0]["certainty"] = "reported"
    p = _problem(tmp_path, data)
    assert p.path == "facts[0]"
    assert "fact 'only' is 'reported' and needs a 'note'" in p.what


def test_uncertain_fact_with_note_loads(tmp_path):
    data = _minimal()
    data["facts"][0].update(certainty="uncertain", note={"nl": "Bronnen verschillen.", "en": "Sources differ."})
    lf = load_content(_write(tmp_path, data)).get("legal_test", LegalFacts)
    assert not lf.fact("only").confirmed


def test_checked_in_the_future_is_refused(tmp_path):
    data = _minimal()
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    data["facts"][0]["checked"] = tomorrow.isoformat()
    p = _problem(tmp_path, data)
    assert p.path == "facts[0].checked"
    assert f"checked on {tomorrow.isoformat()}, which is after today" in p.what


def test_checked_today_is_accepted(tmp_path):
    data = _minimal()
    data["facts"][0]["checked"] = dt.date.today().isoformat()
    assert load_content(_write(tmp_path, data)).get("legal_test", LegalFacts).as_of(["only"]) == dt.date.today()


def test_duplicate_fact_id_is_refused(tmp_path):
    data = _minimal()
    data["facts"].append(_fact("only", instrument="ai_act"))
    p = _problem(tmp_path, data)
    assert p.path == "facts"
    assert "legal fact id 'only' is used more than once" in p.what


def test_fact_without_sources_is_refused(tmp_path):
    data = _minimal()
    data["facts"][0]["sources"] = []
    p = _problem(tmp_path, data)
    assert p.path == "facts[0].sources"
    assert "fact 'only' has no sources" in p.what and "primary source" in p.what


@pytest.mark.parametrize(
    "field, value, fix",
    [
        ("instrument", "gdpr", "dpia"),
        ("certainty", "likely", "confirmed"),
        ("applies_from", "25 May 2018", "2026-12-04"),
    ],
)
def test_bad_values_name_what_is_allowed(tmp_path, field, value, fix):
    data = _minimal()
    data["facts"][0][field] = value
    p = _problem(tmp_path, data)
    assert p.path == f"facts[0].{field}"
    assert fix in p.fix


def test_source_needs_a_web_address(tmp_path):
    data = _minimal()
    data["facts"][0]["sources"] = [{"title": "GDPR", "url": "eur-lex.europa.eu"}]
    p = _problem(tmp_path, data)
    assert p.path == "facts[0].sources[0].url" and "https://" in p.fix
