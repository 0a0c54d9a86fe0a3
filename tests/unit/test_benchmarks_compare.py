"""The datalab profile questionnaire and the comparison of a profile with the benchmark."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from dshub.benchmarks.compare import compare_profile, normalise_answers
from dshub.benchmarks.content import FIELD_ANSWER, FIELD_OPTIONS, DatalabProfile
from dshub.benchmarks.importer import REQUIRED_COLUMNS, benchmark_from_records, import_lab_records
from dshub.benchmarks.survey import load_survey
from dshub.content import ContentError, load_file

ROOT = Path(__file__).resolve().parents[2]
PROFILE = ROOT / "questionnaires" / "datalab_profile.yaml"
DATA = ROOT / "tests" / "data" / "benchmarks"

ANSWERS = {
    "lab_type": "independent",
    "year_started": 2019,
    "staff_fte": "0,5",
    "dedicated_staff": "nee",
    "structural_funding": False,
    "fixed_location": False,
    "policy_domains": ["social_domain", "safety"],
    "analysis_types": "descriptive;predictive",
    "demand_driven": "demand",
    "knowledge_focus": True,
    "partners": [],
}


@pytest.fixture(scope="module")
def survey():
    return load_survey()


def _find(comparisons, indicator, scope="overall"):
    (c,) = [c for c in comparisons if c.indicator_id == indicator and c.scope == scope]
    return c


# --------------------------------------------------------------------------- questionnaire


def test_profile_questionnaire_loads_through_the_content_loader():
    profile = load_file(PROFILE)
    assert isinstance(profile, DatalabProfile) and profile.kind == "datalab_profile"
    assert {q.id for q in profile.questions} == set(FIELD_ANSWER)
    for q in profile.questions:
        assert q.text.nl and q.text.en
        if q.id in FIELD_OPTIONS:
            assert set(FIELD_OPTIONS[q.id]) <= {o.id for o in q.options}


def _edited(tmp_path, change) -> ContentError:
    data = yaml.safe_load(PROFILE.read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / "profile.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with pytest.raises(ContentError) as info:
        load_file(path, tmp_path)
    return info.value


def test_profile_question_missing_an_option_is_refused(tmp_path):
    def change(d):
        q = next(q for q in d["questions"] if q["id"] == "analysis_types")
        q["options"] = [o for o in q["options"] if o["id"] != "predictive"]

    err = _edited(tmp_path, change)
    assert "question 'analysis_types' misses option(s) predictive" in err.message
    assert err.problems[0].path == "questions[7]"


def test_profile_option_outside_the_vocabulary_is_refused(tmp_path):
    def change(d):
        q = next(q for q in d["questions"] if q["id"] == "partners")
        q["options"].append({"id": "aliens", "label": {"nl": "Buitenaardsen", "en": "Aliens"}})

    assert "unknown option(s) aliens" in _edited(tmp_path, change).message


def test_profile_with_wrong_answer_kind_is_refused(tmp_path):
    def change(d):
        q = next(q for q in d["questions"] if q["id"] == "fixed_location")
        q["answer"] = "number"

    assert "question 'fixed_location' must have answer: yes_no" in _edited(tmp_path, change).message


def test_profile_without_lab_type_question_is_refused(tmp_path):
    err = _edited(tmp_path, lambda d: d.update(questions=[q for q in d["questions"] if q["id"] != "lab_type"]))
    assert "needs a 'lab_type' question" in err.message


# --------------------------------------------------------------------------- comparisons


def test_normalise_answers_accepts_words_commas_and_lists():
    a = normalise_answers({**ANSWERS, "unknown_key": 1, "fixed_location": "maybe", "year_started": "soon"})
    assert a["staff_fte"] == 0.5 and a["dedicated_staff"] is False
    assert a["analysis_types"] == ("descriptive", "predictive")
    assert "fixed_location" not in a and "year_started" not in a and "unknown_key" not in a
    assert normalise_answers({"lab_type": "Zelfstandig", "partners": "universiteit;geen_idee"}) == {
        "lab_type": "independent",
        "partners": ("knowledge_institution",),
    }


def test_predictive_statement_with_estimate_label(survey):
    comps = compare_profile(ANSWERS, survey)
    c = _find(comps, "analysis_predictive")
    assert c.has is True and c.status == "estimate" and c.reasoning is not None
    assert (c.value, c.n) == (11, 38)
    assert c.render("en") == (
        "You do predictive analysis; estimated share of surveyed labs (all labs) that do: "
        "about 11 of 38 (29%) [estimate]"
    )
    assert c.render("nl") == (
        "Jullie doen voorspellende analyse; geschat aandeel onderzochte labs (alle labs) waarvoor dit geldt: "
        "circa 11 van 38 (29%) [schatting]"
    )


def test_comparisons_per_lab_type_mark_the_own_type(survey):
    comps = compare_profile(ANSWERS, survey)
    per_type = [c for c in comps if c.indicator_id == "analysis_predictive"]
    assert [c.scope for c in per_type] == ["overall", "independent", "collaborating", "cbs_data_center"]
    assert [c.own_type for c in per_type] == [False, True, False, False]
    assert "about 5 of 22 (23%)" in per_type[1].render("en")
    assert "independent municipal labs" in per_type[1].render("en")


def test_things_you_do_not_do_are_compared_too(survey):
    c = _find(compare_profile(ANSWERS, survey), "analysis_prescriptive")
    assert c.has is False
    assert c.render("en").startswith("You do not do prescriptive analysis")


def test_half_of_the_labs_is_labelled_as_an_estimate(survey):
    c = _find(compare_profile(ANSWERS, survey), "knowledge_focus")
    assert c.status == "estimate"  # "half of the labs" is words; 19 of 38 is our arithmetic
    text = c.render("en")
    assert "19 of 38 (50%)" in text and "estimate" in text and "published" not in text


def test_lab_type_and_medians(survey):
    comps = compare_profile(ANSWERS, survey)
    first = comps[0]
    assert first.indicator_id == "n_labs" and first.scope == "independent" and first.own_type
    assert "about 22 of 38 (58%)" in first.render("en")
    fte = _find(comps, "staff_fte_median")
    assert fte.has is None and fte.answer == 0.5
    assert fte.render("nl") == (
        "Bij jullie werkt in totaal ongeveer 0,5 fte aan data-analyse; geschatte mediaan van de onderzochte labs "
        "(alle labs): 0,8 fte [schatting]"
    )


def test_only_your_own_way_of_working_is_compared(survey):
    comps = compare_profile(ANSWERS, survey)
    assert {c.indicator_id for c in comps if c.topic == "way"} == {"way_demand"}


def test_no_lab_compares_with_the_published_counts(survey):
    comps = compare_profile({"lab_type": "none", "analysis_types": ["descriptive"]}, survey)
    first = comps[0]
    assert first.indicator_id == "n_labs" and not first.own_type
    assert first.render("en") == (
        "You do not have a data lab (yet); in 2019, 48 municipal data labs were found, 38 of which took part "
        "in the survey [published (Onderzoek gemeentelijke datalabs: grote ambities, klein beginnen)]"
    )
    assert not any(c.own_type for c in comps)


def test_unanswered_questions_give_no_comparison(survey):
    comps = compare_profile({"analysis_types": ["diagnostic"]}, survey)
    assert {c.topic for c in comps} == {"analysis"}
    assert compare_profile({}, survey) == []


def test_scopes_can_be_restricted(survey):
    comps = compare_profile(ANSWERS, survey, scopes=["overall"])
    assert {c.scope for c in comps} == {"overall", "independent"}  # the lab-type statement stays


def test_imported_benchmark_changes_the_labels(survey):
    r = import_lab_records((DATA / "good_comma.csv").read_bytes(), "good_comma.csv")
    imported = benchmark_from_records(r.records, base=survey)
    comps = compare_profile(ANSWERS, imported)
    c = _find(comps, "analysis_predictive")
    assert c.status == "imported"
    assert c.render("en") == (
        "You do predictive analysis; share in the loaded lab records (all labs) that do: 2 of 4 (50%) "
        "[from loaded lab records (n=4)]"
    )
    assert all(c.status == "imported" for c in comps)
    # a type with one record still compares; scopes without records are skipped
    assert {c.scope for c in comps} == {"overall", "independent", "collaborating", "cbs_data_center"}
    only_indep = benchmark_from_records([x for x in r.records if x.type == "independent"])
    assert {c.scope for c in compare_profile(ANSWERS, only_indep)} == {"overall", "independent"}


def test_no_lab_with_loaded_records_keeps_the_published_38_and_labels_the_records_apart(survey):
    r = import_lab_records((DATA / "good_comma.csv").read_bytes(), "good_comma.csv")
    imported = benchmark_from_records(r.records, base=survey)
    assert imported.n() == 5 and imported.participants.value == 38
    for lab_type in ("none", "planned"):
        published, records = [
            c for c in compare_profile({"lab_type": lab_type}, imported) if c.indicator_id == "n_labs"
        ]
        assert (published.value, published.n, published.status) == (38, 38, "published")
        assert published.benchmark.render("en") == (
            "in 2019, 48 municipal data labs were found, 38 of which took part in the survey"
        )
        assert "[published (Onderzoek gemeentelijke datalabs" in published.render("en")
        assert "waarvan er 38 meededen" in published.render("nl")
        assert (records.value, records.status) == (5, "imported")
        assert records.benchmark.render("en") == "the loaded records describe 5 labs"
        assert records.status_label.render("en") == "from loaded lab records (n=5)"
        assert "5 of which" not in published.render("en") + records.render("en")
    # records without the survey as base: only what the records say
    bare = benchmark_from_records(r.records)
    (only,) = [c for c in compare_profile({"lab_type": "none"}, bare) if c.indicator_id == "n_labs"]
    assert only.status == "imported" and "5 labs" in only.render("en")


def test_profile_description_counts_its_questions_and_partners_offer_none():
    profile = load_file(PROFILE)
    assert len(profile.questions) == 11
    assert profile.description.en.startswith("Eleven short questions")
    assert profile.description.nl.startswith("Elf korte vragen")
    partners = profile.question("partners")
    assert partners.options[0].id == "none"
    assert "choose nothing" not in partners.text.en.lower() and "kies niets" not in partners.text.nl.lower()


@pytest.mark.parametrize("answer", [["none"], "none", "geen", [], ["None"]])
def test_explicit_none_means_no_partners_like_the_importer(survey, answer):
    assert normalise_answers({"partners": answer}) == {"partners": ()}
    comps = compare_profile({"partners": answer}, survey)
    anyp = _find(comps, "has_external_partner")
    assert anyp.has is False and anyp.render("en").startswith("You work without external partners;")
    assert all(c.has is False for c in comps if c.indicator_id.startswith("partner_"))
    # the same as a lab record with partners "none"
    header = ",".join(REQUIRED_COLUMNS)
    record = import_lab_records(f"{header}\nx,independent,,,,,,,,,,none\n", "x.csv").records[0]
    assert record.partners == ()


def test_none_next_to_real_options_is_dropped_and_an_unanswered_question_stays_unanswered(survey):
    assert normalise_answers({"partners": ["none", "cbs"]}) == {"partners": ("cbs",)}
    assert normalise_answers({"partners": None}) == {}
    assert not [c for c in compare_profile({"partners": None}, survey) if c.topic == "partners"]
