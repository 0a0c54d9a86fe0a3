"""Maturity overlay: a band within 1..5 for all nine dimensions, from data marked as our estimate."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from dshub.benchmarks.content import SCOPES
from dshub.benchmarks.importer import benchmark_from_records, import_lab_records
from dshub.benchmarks.overlay import (
    DIMENSIONS,
    MAPPING_FILE,
    Band,
    MaturityMapping,
    load_maturity_mapping,
    maturity_band,
    overlay_label,
)
from dshub.benchmarks.survey import load_survey
from dshub.content import ContentError

DATA = Path(__file__).resolve().parents[1] / "data" / "benchmarks"


@pytest.fixture(scope="module")
def survey():
    return load_survey()


@pytest.fixture(scope="module")
def mapping():
    return load_maturity_mapping()


def test_dimension_ids_are_the_fixed_nine():
    assert DIMENSIONS == (
        "strategy_value",
        "ethics_law",
        "leadership_change",
        "people_skills",
        "governance",
        "technology",
        "collaboration",
        "data",
        "analytics",
    )


def test_mapping_is_marked_as_our_estimate(mapping):
    assert mapping.status == "estimate"
    assert "our own" in mapping.note.en.lower() and "eigen" in mapping.note.nl
    assert all(d.reasoning.nl and d.reasoning.en for d in mapping.dimensions.values())


@pytest.mark.parametrize("scope", SCOPES)
def test_band_within_scale_for_every_dimension_and_scope(survey, mapping, scope):
    bands = maturity_band(survey, mapping, scope)
    assert set(bands) == set(DIMENSIONS)
    for dim, band in bands.items():
        assert isinstance(band, Band)
        low, high, status = band  # plain tuple unpacking works
        assert 1 <= low < high <= 5, (dim, band)
        assert status == "estimate"


def test_bands_reflect_the_survey(survey, mapping):
    overall = maturity_band(survey, mapping)
    # "start small": the surveyed labs sit around experimenting, nowhere near embedding
    assert all(b.low < 2.5 and b.high <= 3.5 for b in overall.values())
    # CBS data centres (seconded staff, funding) sit higher on people and leadership
    cbs = maturity_band(survey, mapping, "cbs_data_center")
    assert cbs["people_skills"].low > overall["people_skills"].low
    assert maturity_band(survey, mapping, "collaborating")["collaboration"].low > overall["collaboration"].low


def test_imported_records_flip_the_band_status(survey, mapping):
    r = import_lab_records((DATA / "good_comma.csv").read_bytes(), "good_comma.csv")
    imported = benchmark_from_records(r.records, base=survey)
    bands = maturity_band(imported, mapping)
    assert bands["analytics"].status == "imported"
    assert bands["ethics_law"].status == "estimate"  # no survey indicator: base level
    assert all(1 <= b.low <= b.high <= 5 for b in bands.values())
    assert overlay_label(imported, bands).render("en") == (
        "Data labs 2019: band (our estimate, based on loaded lab records, n=5)"
    )
    assert "our estimate" in overlay_label(survey, maturity_band(survey, mapping)).render("en")


def test_extreme_values_stay_within_scale(survey, mapping):
    r = import_lab_records(
        "lab_id,type,year_started,staff_fte,dedicated_staff,structural_funding,fixed_location,policy_domains,"
        "analysis_types,demand_driven,knowledge_focus,partners\n"
        "a,cbs_data_center,1990,100,yes,yes,yes,social_domain,descriptive;diagnostic;predictive;prescriptive,"
        "both,yes,cbs;other_municipalities;knowledge_institution\n",
        "x.csv",
    )
    bands = maturity_band(benchmark_from_records(r.records), mapping)
    assert all(1 <= b.low <= b.high <= 5 for b in bands.values())
    assert bands["analytics"].low > maturity_band(survey, mapping)["analytics"].low


def test_band_is_clipped_to_the_scale(survey, mapping):
    data = mapping.model_dump()
    data["dimensions"]["ethics_law"].update(base=4.5, half_width=2)
    data["dimensions"]["data"]["terms"] = [
        {"indicator": "analysis_descriptive", "weight": 1, "points": [[0, 1], [1, 1]]}
    ]
    data["dimensions"]["data"]["half_width"] = 2
    bands = maturity_band(survey, MaturityMapping.model_validate(data))
    assert bands["ethics_law"] == (2.5, 5.0, "estimate")
    assert bands["data"] == (1.0, 3.0, "estimate")


def _broken(tmp_path, change) -> ContentError:
    data = yaml.safe_load(MAPPING_FILE.read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / "mapping.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ContentError) as info:
        load_maturity_mapping(path)
    return info.value


def test_mapping_missing_a_dimension_is_refused(tmp_path):
    err = _broken(tmp_path, lambda d: d["dimensions"].pop("governance"))
    assert "missing dimension(s) governance" in err.message


def test_mapping_with_unknown_indicator_or_bad_curve_is_refused(tmp_path):
    def unknown(d):
        d["dimensions"]["data"]["terms"][0]["indicator"] = "vibes"

    assert "unknown indicator 'vibes'" in _broken(tmp_path, unknown).message

    def unsorted(d):
        d["dimensions"]["data"]["terms"][0]["points"] = [[1, 2], [0, 1]]

    assert "must increase strictly" in _broken(tmp_path, unsorted).message

    def off_scale(d):
        d["dimensions"]["data"]["terms"][0]["points"] = [[0, 0], [1, 6]]

    assert "between 1 and 5" in _broken(tmp_path, off_scale).message
