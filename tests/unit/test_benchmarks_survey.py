"""The survey benchmark: published figures exact, every estimate explained, broken files refused."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from dshub.benchmarks.content import LAB_TYPES, SCOPES, Message
from dshub.benchmarks.survey import (
    INDICATORS,
    SURVEY_FILE,
    load_start_advice,
    load_survey,
    load_survey_file,
    status_label,
)
from dshub.content import ContentError
from dshub.i18n import catalog

SOURCE_TITLE = "Onderzoek gemeentelijke datalabs: grote ambities, klein beginnen"


@pytest.fixture(scope="module")
def survey():
    return load_survey()


def test_published_counts_are_exact(survey):
    assert survey.labs_identified.value == 48
    assert survey.labs_identified.status == "published"
    n = survey.figure("n_labs")
    assert (n.value, n.status) == (38, "published")
    assert survey.n() == 38
    assert survey.labs_identified.source.title == SOURCE_TITLE
    assert survey.labs_identified.source.publisher == "VNG Realisatie"
    assert survey.labs_identified.source.year == 2019


def test_three_published_lab_types(survey):
    assert [lt.id for lt in survey.lab_types] == ["independent", "collaborating", "cbs_data_center"]
    assert all(lt.status == "published" and lt.source.title == SOURCE_TITLE for lt in survey.lab_types)


def test_per_type_counts_are_estimates_that_add_up(survey):
    per_type = [survey.figure("n_labs", t) for t in LAB_TYPES]
    assert all(f.status == "estimate" and f.reasoning is not None for f in per_type)
    assert sum(f.value for f in per_type) == 38


def test_published_findings_are_all_there(survey):
    ids = {f.id for f in survey.findings}
    assert {
        "start_small", "no_staff_or_funding", "rarely_fixed_location", "all_policy_areas",
        "social_domain_safety_leading", "mostly_demand_driven", "mostly_descriptive_diagnostic",
        "prediction_less_common", "knowledge_aspect_half",
    } <= ids
    assert all(f.status == "published" and f.source.title == SOURCE_TITLE for f in survey.findings)


def test_every_figure_has_provenance(survey):
    seen = {"published": 0, "estimate": 0}
    for ind in survey.indicators.values():
        for scope in SCOPES:
            fig = ind.figure(scope)
            assert fig is not None, (ind.id, scope)
            seen[fig.status] += 1
            if fig.status == "estimate":
                assert fig.reasoning is not None, (ind.id, scope)
                assert fig.reasoning.nl and fig.reasoning.en
            else:
                assert fig.status == "published" and fig.source is not None, (ind.id, scope)
    assert seen["published"] == 1  # n_labs 38; "half" (knowledge_focus) is words, so 19 is an estimate
    assert seen["estimate"] == len(INDICATORS) * len(SCOPES) - 1


def test_half_of_the_labs_is_an_estimate_derived_from_words(survey):
    fig = survey.figure("knowledge_focus")
    assert (fig.value, fig.n, fig.status) == (19, 38, "estimate")  # the page says "half", not 19
    assert survey.share("knowledge_focus") == 0.5
    assert "38" in fig.reasoning.en and "half" in fig.reasoning.en
    assert all(survey.figure("knowledge_focus", t).status == "estimate" for t in LAB_TYPES)


def test_estimates_respect_the_published_findings(survey):
    # "mostly no permanent staff or funding", "rarely a fixed location", "mostly demand-driven",
    # "prediction less common than description", "social domain and safety leading"
    assert survey.share("dedicated_staff") < 0.5
    assert survey.share("structural_funding") < 0.5
    assert survey.share("fixed_location") < 0.25
    assert survey.share("way_demand") > 0.5
    assert survey.share("analysis_predictive") < survey.share("analysis_diagnostic") < survey.share(
        "analysis_descriptive")
    domains = sorted((i for i in survey.indicators.values() if i.topic == "domains"), key=lambda i: -i.share())
    assert {domains[0].id, domains[1].id} == {"domain_social_domain", "domain_safety"}
    assert all(i.figure().value > 0 for i in domains)  # all policy areas are served


def test_status_labels_render_in_both_languages(survey):
    est = status_label(survey.figure("structural_funding"))
    pub = status_label(survey.figure("n_labs"))
    assert est.render("en") == "estimate" and est.render("nl") == "schatting"
    assert SOURCE_TITLE in pub.render("en") and pub.render("en").startswith("published")
    assert pub.render("nl").startswith("gepubliceerd")


def test_table_is_a_text_alternative(survey):
    rows = survey.table("en")
    assert len(rows) == len(INDICATORS) * len(SCOPES)
    first = next(r for r in rows if r["indicator"] == "Number of labs" and r["scope"] == "all labs")
    assert first["value"] == 38 and first["status"].startswith("published")


def test_every_indicator_scope_and_vocabulary_label_exists():
    keys = catalog()
    for d in INDICATORS:
        assert f"benchmarks.indicator.{d.id}" in keys
        if d.item:
            prefix = {"domains": "domain", "analysis": "analysis", "way": "way", "partners": "partner"}[d.topic]
            assert f"benchmarks.{prefix}.{d.item}" in keys
    for scope in SCOPES:
        assert f"benchmarks.scope.{scope}" in keys
    for status in ("published", "published_derived", "estimate", "imported"):
        assert f"benchmarks.status.{status}" in keys
        assert f"benchmarks.compare.share.{status}" in keys
        assert f"benchmarks.compare.median_fte.{status}" in keys
        assert f"benchmarks.compare.median_year.{status}" in keys


# --------------------------------------------------------------------------- broken files


def _broken(tmp_path: Path, change) -> ContentError:
    data = yaml.safe_load(SURVEY_FILE.read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / "survey.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with pytest.raises(ContentError) as info:
        load_survey(path)
    return info.value


def test_estimate_without_reasoning_is_refused(tmp_path):
    err = _broken(tmp_path, lambda d: d["indicators"]["fixed_location"]["overall"].pop("reasoning"))
    assert "fixed_location.overall: an estimate needs 'reasoning'" in err.message


def test_published_without_source_is_refused(tmp_path):
    err = _broken(tmp_path, lambda d: d["labs_identified"].pop("source"))
    assert "labs_identified: a published figure needs 'source'" in err.message


def test_per_type_counts_must_add_up(tmp_path):
    def change(d):
        d["indicators"]["analysis_predictive"]["by_type"]["values"]["independent"] += 1
    err = _broken(tmp_path, change)
    assert "analysis_predictive: the lab types add up to 12, not to the overall 11" in err.message


def test_count_cannot_exceed_scope(tmp_path):
    def change(d):
        d["indicators"]["partner_cbs"]["by_type"]["values"]["cbs_data_center"] = 7
        d["indicators"]["partner_cbs"]["overall"]["value"] = 7
    err = _broken(tmp_path, change)
    assert re.search(r"partner_cbs \(cbs_data_center\): 7 must be a whole number from 0 to 6", err.message)


def test_missing_indicator_is_named(tmp_path):
    err = _broken(tmp_path, lambda d: d["indicators"].pop("way_both"))
    assert "indicators missing: way_both; add them" in err.message


def test_unknown_status_is_located_with_line(tmp_path):
    def change(d):
        d["indicators"]["n_labs"]["overall"]["status"] = "rumour"
    err = _broken(tmp_path, change)
    (p,) = err.problems
    assert p.path == "indicators.n_labs.overall.status" and p.line is not None
    assert "'published' or 'estimate'" in p.what


def test_the_real_file_passes_its_own_checks():
    survey = load_survey_file()
    assert survey.id == "survey_2019" and set(survey.sources) == {"vng_2019_news"}


# --------------------------------------------------------------------------- start advice


def test_start_advice_is_our_summary_with_known_basis():
    advice = load_start_advice()
    assert "not the report's list" in advice.note.en
    assert "niet de lijst" in advice.note.nl
    bases = {b for item in advice.items for b in item.basis}
    assert "published_dos" in bases and "own_addition" in bases
    ids = {i.id for i in advice.items}
    assert {"bounded_first_question", "analysts_with_experts", "support_for_results"} <= ids
    assert all(i.title.nl and i.title.en and i.body.nl and i.body.en for i in advice.items)
    assert Message("benchmarks.advice.note").render("en").startswith("Our summary")


def test_start_advice_with_unknown_basis_is_refused(tmp_path):
    text = (SURVEY_FILE.parent / "start_advice.yaml").read_text(encoding="utf-8")
    path = tmp_path / "advice.yaml"
    path.write_text(text.replace("basis: [mostly_demand_driven]", "basis: [made_up]"), encoding="utf-8")
    with pytest.raises(ContentError) as info:
        load_start_advice(path)
    assert "unknown basis 'made_up'" in info.value.message


def test_findings_and_advice_are_in_our_own_words():
    """Published facts are kept, but not the news page's sentences (review: near-copies were rewritten)."""
    from dshub.benchmarks.survey import ADVICE_FILE, SURVEY_FILE

    ours = (SURVEY_FILE.read_text(encoding="utf-8") + ADVICE_FILE.read_text(encoding="utf-8")).lower()
    ours = " ".join(ours.replace(">-", " ").split())
    for phrase in ("van verkeer en ruimte tot welzijn en duurzaamheid", "het sociaal domein en veiligheid zijn",
                   "de organisatie met data werkt"):
        assert phrase not in ours, phrase
    survey = load_survey()
    area = next(f for f in survey.findings if f.id == "all_policy_areas")
    for fact in ("verkeer", "ruimtelijke ordening", "welzijn", "duurzaamheid"):
        assert fact in area.text.nl
