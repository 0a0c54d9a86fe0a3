"""Imported lab records replace the estimates, and every label says so (with n)."""

from __future__ import annotations

from pathlib import Path

import pytest

from dshub.benchmarks.content import LAB_TYPES, OVERALL, SCOPES
from dshub.benchmarks.importer import benchmark_from_records, import_lab_records
from dshub.benchmarks.survey import INDICATORS, load_survey, status_label

DATA = Path(__file__).resolve().parents[1] / "data" / "benchmarks"


@pytest.fixture(scope="module")
def survey():
    return load_survey()


@pytest.fixture(scope="module")
def records():
    r = import_lab_records((DATA / "good_comma.csv").read_bytes(), "good_comma.csv")
    assert r.ok
    return r.records


@pytest.fixture(scope="module")
def imported(records, survey):
    return benchmark_from_records(records, base=survey)


def test_every_indicator_is_computed_and_imported(imported):
    assert imported.origin == "records"
    assert set(imported.indicators) == {d.id for d in INDICATORS}
    for ind in imported.indicators.values():
        for fig in ind.figures.values():
            assert fig.status == "imported" and fig.reasoning is None and fig.source is None


def test_values_replace_the_estimates(imported, survey):
    assert imported.n() == 5 and survey.n() == 38
    assert [imported.n(t) for t in LAB_TYPES] == [3, 1, 1]
    # lab_05 is all unknown, so n drops to 4 for these
    fig = imported.figure("analysis_predictive")
    assert (fig.value, fig.n) == (2, 4)
    assert imported.share("analysis_predictive") == 0.5
    assert imported.figure("domain_social_domain").value == 3
    assert imported.figure("has_external_partner").value == 3  # lab_01 has "none"
    assert imported.figure("partner_cbs", "cbs_data_center").value == 1
    assert imported.figure("way_supply").value == 1
    assert imported.figure("staff_fte_median").value == pytest.approx(1.25)  # median of 0.6, 1.5, 1, 3
    assert imported.figure("year_started_median").value == 2017  # lower median of 2016..2018
    assert imported.figure("dedicated_staff", "independent").n == 2


def test_labels_switch_from_estimate_to_imported_with_n(imported, survey):
    before = status_label(survey.figure("analysis_predictive"))
    after = status_label(imported.figure("analysis_predictive"))
    assert before.render("en") == "estimate"
    assert after.render("en") == "from loaded lab records (n=4)"
    assert after.render("nl") == "uit geladen labgegevens (n=4)"
    assert status_label(imported.figure("n_labs")).render("en") == "from loaded lab records (n=5)"


def test_published_context_is_kept_from_the_base(imported):
    assert imported.labs_identified.value == 48 and imported.labs_identified.status == "published"
    assert len(imported.lab_types) == 3 and imported.findings
    assert imported.indicators["knowledge_focus"].finding == "knowledge_aspect_half"


def test_types_without_records_have_no_figures(records):
    only_independent = [r for r in records if r.type == "independent"]
    b = benchmark_from_records(only_independent)
    assert b.scopes == (OVERALL, "independent")
    assert b.n("collaborating") == 0
    assert b.figure("analysis_descriptive", "collaborating") is None
    assert b.labs_identified is None and b.findings == ()


def test_all_unknown_values_give_no_figure(records):
    b = benchmark_from_records([r for r in records if r.lab_id == "lab_05"])
    assert b.n() == 1
    assert b.figure("staff_fte_median") is None and b.figure("analysis_predictive") is None


def test_rows_cover_every_scope_with_figures(imported):
    rows = imported.rows()
    assert {r["scope"] for r in rows} == set(SCOPES)
    assert all(r["status"] == "imported" for r in rows)


def test_a_stored_record_reads_back_unchanged(records):
    """The service stores ``model_dump(mode="json")`` (lists) and validates it again on read."""
    from dshub.benchmarks.importer import LabRecord

    for rec in records:
        assert LabRecord.model_validate(rec.model_dump(mode="json")) == rec
    none_partners = next(r for r in records if r.lab_id == "lab_01")
    assert none_partners.partners == () and none_partners.model_dump(mode="json")["partners"] == []
