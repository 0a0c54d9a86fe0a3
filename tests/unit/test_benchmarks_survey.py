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
        "start_small",
        "no_staff_or_funding",
        "rarely_fixed_location",
        "all_policy_areas",
        "social_domain_safety_leading",
        "mostly_demand_driven",
        "mostly_descriptive_diagnostic",
        "prediction_less_common",
        "knowledge_aspect_half",
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
    assert (
        survey.share("analysis_predictive") < survey.share("analysis_diagnostic") < survey.share("analysis_descriptive")
    )
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


# --------------------------------------------------------------------------- what the sources state


def _states(d: dict, source: str = "vng_2019_news") -> dict:
    return d["sources"][source]["states"]


def _says(text: str) -> dict:
    return {"says": {"nl": text, "en": text}}


def _one_problem(err: ContentError, path: str):
    """The single problem at ``path``; every problem names the file and has a line and a fix."""
    found = [p for p in err.problems if p.path == path]
    assert len(found) == 1, err.message
    (p,) = found
    assert p.file.endswith("/survey.yaml")
    assert p.line is not None and p.fix
    return p


def test_every_published_item_is_listed_with_its_number_by_its_source():
    survey = load_survey_file()
    items = list(survey.stated_items())
    published = [i for i in items if i.status == "published"]
    # 48 and 38, the three lab types and every finding; everything else is an estimate
    assert {i.id for i in published} == {
        "labs_identified",
        "n_labs.overall",
        *LAB_TYPES,
        *(f.id for f in survey.findings),
    }
    for item in published:
        entry = survey.sources[item.source].states[item.id]
        assert entry.says.nl and entry.says.en
        if item.value is not None:
            assert entry.value == item.value, item.id
    assert survey.sources["vng_2019_news"].states["labs_identified"].value == 48
    assert survey.sources["vng_2019_news"].states["n_labs.overall"].value == 38
    stated = {k for s in survey.sources.values() for k in s.states}
    assert stated == {i.id for i in published}  # no entry for an estimate or an unknown id


def test_published_figure_not_listed_by_its_source_is_refused(tmp_path):
    err = _broken(tmp_path, lambda d: _states(d).pop("labs_identified"))
    p = _one_problem(err, "labs_identified")
    assert p.what == (
        "figure 'labs_identified' is published from 'vng_2019_news', but "
        "sources.vng_2019_news.states has no entry 'labs_identified', so nothing records that the "
        "source states it"
    )
    assert "add 'labs_identified:' under sources.vng_2019_news.states" in p.fix and "'value: 48'" in p.fix
    assert "make it 'status: estimate' with a 'reasoning'" in p.fix
    assert len(err.problems) == 1


def test_finding_and_lab_type_not_listed_are_refused(tmp_path):
    def change(d):
        _states(d).pop("start_small")
        _states(d).pop("collaborating")

    err = _broken(tmp_path, change)
    finding = _one_problem(err, "findings[1]")
    assert "finding 'start_small' is published from 'vng_2019_news'" in finding.what
    assert "reword the finding to what the source states, or remove it" in finding.fix
    lab_type = _one_problem(err, "lab_types[1]")
    assert "lab type 'collaborating'" in lab_type.what
    assert len(err.problems) == 2


def test_an_estimate_relabelled_published_needs_its_source_to_state_it(tmp_path):
    def change(d):
        overall = d["indicators"]["fixed_location"]["overall"]
        overall.update(status="published", source="vng_2019_news")
        overall.pop("reasoning")
        by_type = d["indicators"]["n_labs"]["by_type"]
        by_type.update(status="published", source="vng_2019_news")

    err = _broken(tmp_path, change)
    p = _one_problem(err, "indicators.fixed_location.overall")
    assert "figure 'fixed_location.overall' is published from 'vng_2019_news'" in p.what and "'value: 6'" in p.fix
    p = _one_problem(err, "indicators.n_labs.by_type")
    assert "'value: {independent: 22, collaborating: 10, cbs_data_center: 6}'" in p.fix
    assert len(err.problems) == 2


def test_published_value_must_equal_the_stated_value(tmp_path):
    err = _broken(tmp_path, lambda d: _states(d)["labs_identified"].update(value=47))
    p = _one_problem(err, "labs_identified.value")
    assert p.what == (
        "figure 'labs_identified' is 48, but sources.vng_2019_news.states.labs_identified records "
        "that the source states 47"
    )
    assert p.fix.startswith("use the number the source states")
    assert len(err.problems) == 1


def test_published_per_type_values_must_equal_the_stated_ones(tmp_path):
    def change(d):
        d["indicators"]["n_labs"]["by_type"].update(status="published", source="vng_2019_news")
        _states(d)["n_labs.by_type"] = {
            **_says("per type"),
            "value": {"independent": 21, "collaborating": 11, "cbs_data_center": 6},
        }

    err = _broken(tmp_path, change)
    p = _one_problem(err, "indicators.n_labs.by_type.values")
    assert "is {independent: 22, collaborating: 10, cbs_data_center: 6}" in p.what
    assert "states {independent: 21, collaborating: 11, cbs_data_center: 6}" in p.what
    assert len(err.problems) == 1


def test_published_number_needs_a_stated_number(tmp_path):
    err = _broken(tmp_path, lambda d: _states(d)["n_labs.overall"].pop("value"))
    p = _one_problem(err, "sources.vng_2019_news.states.n_labs.overall")
    assert "figure 'n_labs.overall' is 38, but this entry records no number the source states" == p.what
    assert "add 'value: 38'" in p.fix and "'derivation'" in p.fix


def test_stated_value_must_have_the_figure_s_shape(tmp_path):
    err = _broken(tmp_path, lambda d: _states(d)["n_labs.overall"].update(value={"independent": 38}))
    p = _one_problem(err, "sources.vng_2019_news.states.n_labs.overall.value")
    assert "has one number, and so must the value the source states" in p.what


def test_states_entry_for_an_unknown_id_is_refused(tmp_path):
    err = _broken(tmp_path, lambda d: _states(d).update({"labs_identifed": {**_says("typo"), "value": 48}}))
    p = _one_problem(err, "sources.vng_2019_news.states.labs_identifed")
    assert p.what == "'labs_identifed' is not a figure or finding in this file"
    assert p.fix.startswith("did you mean 'labs_identified'?")
    assert len(err.problems) == 1


def test_states_entry_for_an_estimate_is_refused(tmp_path):
    err = _broken(tmp_path, lambda d: _states(d).update({"fixed_location.overall": {**_says("x"), "value": 6}}))
    p = _one_problem(err, "sources.vng_2019_news.states.fixed_location.overall")
    assert p.what == "figure 'fixed_location.overall' is an estimate, so no source states it"
    assert "remove this entry" in p.fix
    assert len(err.problems) == 1


def test_states_entry_under_another_source_is_refused(tmp_path):
    def change(d):
        d["sources"]["other"] = {
            **d["sources"]["vng_2019_news"],
            "title": "Other",
            "states": {"labs_identified": {**_says("48"), "value": 48}},
        }

    err = _broken(tmp_path, change)
    p = _one_problem(err, "sources.other.states.labs_identified")
    assert p.what == "figure 'labs_identified' is published from 'vng_2019_news', not from 'other'"


def test_a_finding_id_may_not_repeat_a_lab_type_id(tmp_path):
    err = _broken(tmp_path, lambda d: d["findings"][0].update(id="independent"))
    p = _one_problem(err, "findings[0].id")
    assert "used by a lab type and a finding" in p.what


def _derived(d, from_=("n_labs.overall", "knowledge_aspect_half")):
    """Make 19 of 38 (knowledge_focus) a published figure derived from 'half' and 38."""
    _states(d)["knowledge_aspect_half"]["value"] = 0.5
    _states(d)["knowledge_focus.overall"] = _says("half of the labs")
    overall = d["indicators"]["knowledge_focus"]["overall"]
    overall.update(
        status="published",
        source="vng_2019_news",
        derivation={"from": list(from_), "text": {"nl": "helft van 38", "en": "half of 38"}},
    )
    overall.pop("reasoning")


def test_a_derived_figure_names_the_stated_values_it_uses(tmp_path):
    data = yaml.safe_load(SURVEY_FILE.read_text(encoding="utf-8"))
    _derived(data)
    path = tmp_path / "survey.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    fig = load_survey(path).figure("knowledge_focus")
    assert (fig.value, fig.status, fig.derivation.en) == (19, "published", "half of 38")
    assert status_label(fig).key == "benchmarks.status.published_derived"


def test_a_derivation_must_name_stated_values(tmp_path):
    def change(d):
        _derived(d, from_=("n_labs.overall", "knowledge_aspect_half", "labs_participating"))
        _states(d)["knowledge_aspect_half"].pop("value")

    err = _broken(tmp_path, change)
    p = _one_problem(err, "indicators.knowledge_focus.overall.derivation.from[1]")
    assert p.what == (
        "the derivation of figure 'knowledge_focus.overall' names 'knowledge_aspect_half', but "
        "sources.vng_2019_news.states records no value for it"
    )
    p = _one_problem(err, "indicators.knowledge_focus.overall.derivation.from[2]")
    assert "names 'labs_participating', but sources.vng_2019_news.states does not list it" in p.what
    assert len(err.problems) == 2


def test_a_derived_figure_still_needs_its_own_states_entry(tmp_path):
    def change(d):
        _derived(d)
        _states(d).pop("knowledge_focus.overall")

    err = _broken(tmp_path, change)
    p = _one_problem(err, "indicators.knowledge_focus.overall")
    assert "has no entry 'knowledge_focus.overall'" in p.what


def test_an_estimate_cannot_have_a_derivation(tmp_path):
    def change(d):
        d["indicators"]["knowledge_focus"]["overall"]["derivation"] = {
            "from": ["n_labs.overall"],
            "text": {"nl": "helft", "en": "half"},
        }

    err = _broken(tmp_path, change)
    p = _one_problem(err, "indicators.knowledge_focus.overall.derivation")
    assert "is an estimate, so it cannot have a 'derivation'" in p.what


def test_a_states_entry_needs_words(tmp_path):
    err = _broken(tmp_path, lambda d: _states(d)["start_small"].pop("says"))
    p = _one_problem(err, "sources.vng_2019_news.states.start_small.says")
    assert "add the field 'says'" in p.fix


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
    for phrase in (
        "van verkeer en ruimte tot welzijn en duurzaamheid",
        "het sociaal domein en veiligheid zijn",
        "de organisatie met data werkt",
    ):
        assert phrase not in ours, phrase
    survey = load_survey()
    area = next(f for f in survey.findings if f.id == "all_policy_areas")
    for fact in ("verkeer", "ruimtelijke ordening", "welzijn", "duurzaamheid"):
        assert fact in area.text.nl
