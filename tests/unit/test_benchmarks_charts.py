"""Benchmark chart: shares per topic, estimates hatched and labelled in words, a table with the same numbers."""

from __future__ import annotations

from pathlib import Path

import plotly.io as pio
import pytest

from dshub.benchmarks import benchmark_from_records, import_lab_records, load_survey
from dshub.charts import TEMPLATE
from dshub.charts.benchmarks import COLOURS, SHARE_TOPICS, shares_figure, shares_table
from dshub.charts.maturity import contrast_ratio

DATA = Path(__file__).resolve().parents[1] / "data" / "benchmarks"


@pytest.fixture(scope="module")
def survey():
    return load_survey()


@pytest.mark.parametrize("colour", sorted(COLOURS.values()))
def test_colours_meet_wcag_aa_on_white(colour):
    assert contrast_ratio(colour) >= 4.5


def _figures(bar) -> list[str]:
    """The figures line under each bar's label (they sit there, not beside the bar, to fit a phone)."""
    return [label.split("<br>")[-1] for label in bar.y]


@pytest.mark.parametrize("topic", SHARE_TOPICS)
def test_the_table_holds_what_the_chart_shows(survey, topic):
    fig = shares_figure(survey, topic, "en")
    table = shares_table(survey, topic, "en")
    bar = fig.data[0]
    assert len(table) == len(bar.x) > 0
    assert list(bar.x)[::-1] == list(table["Share (%)"])  # bars run bottom-up
    assert all(f"of {n})" in text for text, n in zip(_figures(bar)[::-1], table["n"]))
    assert list(bar.text)[::-1] == [f"{share}%" for share in table["Share (%)"]]


def test_estimates_are_hatched_and_say_so(survey):
    fig = shares_figure(survey, "analysis", "nl")
    bar = fig.data[0]
    assert set(bar.marker.pattern.shape) == {"/"}
    assert all(text.endswith("· schatting") for text in _figures(bar))
    assert fig.layout.title.text == "Analyses: aandeel labs (alle labs)"
    knowledge = shares_figure(survey, "knowledge", "en").data[0]
    assert _figures(knowledge)[0] == "50% (19 of 38) · estimate" and knowledge.marker.pattern.shape == ("/",)


def test_imported_records_are_solid_and_labelled(survey):
    records = import_lab_records((DATA / "good_comma.csv").read_bytes(), "good_comma.csv").records
    imported = benchmark_from_records(records, base=survey)
    table = shares_table(imported, "analysis", "en")
    assert set(table["Source"]) == {"from loaded lab records (n=4)"}
    bar = shares_figure(imported, "analysis", "en").data[0]
    assert set(bar.marker.pattern.shape) == {""} and all(t.endswith("· loaded records") for t in _figures(bar))


@pytest.mark.parametrize(("lang", "marks"), [("nl", ",."), ("en", ".,")])
def test_the_chart_uses_the_languages_decimal_mark(survey, lang, marks):
    fig = shares_figure(survey, "analysis", lang)
    assert fig.layout.separators == marks
    assert fig.layout.font.color == "#1A1A1A" and fig.layout.font.size >= 13
    assert fig.layout.font.family.startswith('"Source Sans"')  # the page's typeface
    assert fig.layout.template == pio.templates[TEMPLATE]  # the app's one chart template
