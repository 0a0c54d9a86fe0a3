"""Maturity charts: expected traces, text alternatives that match the data, i18n and contrast."""

from __future__ import annotations

import json
import math
import re

import numpy as np
import pandas as pd
import plotly.io as pio
import pytest

from dshub.charts import TEMPLATE, TITLE_CHARS
from dshub.charts.maturity import (
    BENCHMARK_COLOUR,
    HEATMAP_SCALE,
    MEAN_COLOUR,
    TARGET_COLOUR,
    TEXT_COLOUR,
    TREND_COLOURS,
    BenchmarkBand,
    contrast_ratio,
    disagreement_figure,
    disagreement_summary,
    disagreement_table,
    radar_figure,
    radar_summary,
    radar_table,
    role_gap_heatmap,
    role_gap_summary,
    role_gap_table,
    role_label,
    trend_figure,
    trend_summary,
    trend_table,
)
from dshub.content import load_content
from dshub.i18n import t
from dshub.maturity.content import MaturityModel
from dshub.maturity.scoring import MaturityResult, score

MODEL: MaturityModel = load_content().get("maturity", MaturityModel)
DIMS = [d.id for d in MODEL.dimensions]
FIRST_ITEM = {d: next(i.id for i in MODEL.items if i.dimension == d) for d in DIMS}


def _answers(spec: dict[str, dict[str, tuple[str | None, list[int]]]], assessed_at: str | None = None) -> pd.DataFrame:
    """``{group: {respondent: (role, [value per dimension in model order])}}``; 0 means no answer."""
    rows = []
    for group, people in spec.items():
        for resp, (role, values) in people.items():
            for dim, v in zip(DIMS, values):
                if v:
                    rows.append(
                        {
                            "group": group,
                            "respondent": resp,
                            "role": role,
                            "item_id": FIRST_ITEM[dim],
                            "value": v,
                            **({"assessed_at": assessed_at} if assessed_at else {}),
                        }
                    )
    return pd.DataFrame(rows)


SPEC = {
    "ws": {
        "t1": ("beleid", [1, 2, 3, 4, 5, 1, 2, 3, 4]),
        "t2": ("ict", [3, 2, 3, 4, 5, 5, 2, 3, 0]),
        "t3": ("beleid", [2, 2, 4, 4, 4, 3, 2, 3, 0]),
    },
    "other": {"x": (None, [5, 5, 5, 5, 5, 5, 5, 5, 5])},
}


@pytest.fixture(scope="module")
def result() -> MaturityResult:
    return score(_answers(SPEC), MODEL)


@pytest.fixture(scope="module")
def ws(result: MaturityResult) -> pd.DataFrame:
    return result.dimensions[(result.dimensions["group"] == "ws").to_numpy()].set_index("dimension").reindex(DIMS)


def _kinds(fig) -> list[str]:
    return [tr.meta["kind"] for tr in fig.data]


def _by_kind(fig, kind: str):
    (trace,) = [tr for tr in fig.data if tr.meta["kind"] == kind]
    return trace


# --------------------------------------------------------------------------- radar


def test_radar_has_band_and_mean_line(result: MaturityResult, ws: pd.DataFrame) -> None:
    fig = radar_figure(result.dimensions, MODEL, "nl", group="ws")
    assert _kinds(fig) == ["spread", "mean"]
    mean = _by_kind(fig, "mean")
    assert list(mean.r[:-1]) == pytest.approx(ws["mean"].tolist(), nan_ok=True)
    assert mean.r[-1] == mean.r[0] and mean.theta[-1] == mean.theta[0]  # closed polygon
    assert [th.replace("<br>", " ") for th in mean.theta[:-1]] == [d.short.nl for d in MODEL.dimensions]
    assert all(len(line) <= 12 for th in mean.theta for line in th.split("<br>"))  # spoke labels fit a phone
    assert mean.name == t("maturity.chart.mean", "nl")
    band = _by_kind(fig, "spread")
    assert band.fill == "toself" and band.name == t("maturity.chart.band_iqr", "nl")
    assert set(band.r) == set(ws["q1"]) | set(ws["q3"])
    assert fig.layout.title.text == t("maturity.chart.radar.title_group", "nl", group="ws")


def test_radar_minmax_band_target_and_benchmark(result: MaturityResult, ws: pd.DataFrame) -> None:
    targets = {"data": 4, "analytics": 3}
    bench = BenchmarkBand({d: 2.0 for d in DIMS}, {d: 3.5 for d in DIMS}, estimate=True)
    fig = radar_figure(result.dimensions, MODEL, "en", group="ws", band="minmax", targets=targets, benchmark=bench)
    assert _kinds(fig) == ["benchmark", "spread", "target", "mean"]
    assert set(_by_kind(fig, "spread").r) == set(ws["min"]) | set(ws["max"])
    assert _by_kind(fig, "spread").name == t("maturity.chart.band_minmax", "en")
    target = _by_kind(fig, "target")
    assert target.r[DIMS.index("data")] == 4 and target.r[DIMS.index("analytics")] == 3
    assert math.isnan(target.r[DIMS.index("governance")])
    assert target.line.dash == "dash"
    benchmark = _by_kind(fig, "benchmark")
    assert benchmark.name == "Benchmark (estimate)" and set(benchmark.r) == {2.0, 3.5}
    assert benchmark.fill == "toself"


def test_benchmark_label_without_estimate_and_from_other_shapes() -> None:
    assert BenchmarkBand({}, {}, estimate=False).legend("nl") == t("maturity.chart.benchmark", "nl")
    assert BenchmarkBand({}, {}).legend("nl") == "Vergelijking (schatting)"
    assert BenchmarkBand({}, {}, label="Peers").legend("en") == "Peers"

    class Band:
        def __init__(self, low: float, high: float):
            self.low, self.high = low, high

    band = BenchmarkBand.from_bands({"data": Band(2, 3)})
    assert (band.low, band.high, band.estimate) == ({"data": 2.0}, {"data": 3.0}, True)
    peers = pd.DataFrame({"dimension": ["data", "analytics"], "q1": [1.5, None], "q3": [2.5, None]})
    band = BenchmarkBand.from_frame(peers, low="q1", high="q3", estimate=False)
    assert band.low == {"data": 1.5} and band.high == {"data": 2.5}


def test_partial_benchmark_is_drawn_in_pieces_not_pulled_to_the_centre(result: MaturityResult) -> None:
    bench = BenchmarkBand(
        {"data": 2.0, "analytics": 2.0, "governance": 3.0}, {"data": 3.0, "analytics": 3.0, "governance": 4.0}
    )
    trace = _by_kind(radar_figure(result.dimensions, MODEL, group="ws", benchmark=bench), "benchmark")
    values = [v for v in trace.r if v is not None]
    assert 0 not in values and None in trace.r
    assert set(values) == {2.0, 3.0, 4.0}


def test_radar_hover_shows_the_level_descriptor(result: MaturityResult, ws: pd.DataFrame) -> None:
    mean = _by_kind(radar_figure(result.dimensions, MODEL, "en", group="ws"), "mean")
    strategy = mean.text[0]
    level = math.floor(ws.loc["strategy_value", "mean"])
    first_words = " ".join(MODEL.descriptor("strategy_value", level).descriptor.en.split()[:5])
    assert first_words in strategy.replace("<br>", " ")
    assert MODEL.level_label(level, "en") in strategy
    # Analytics: answered by one respondent only; still a descriptor.
    assert "Respondents: 1" in mean.text[DIMS.index("analytics")]


def test_radar_needs_a_group_when_there_are_several(result: MaturityResult) -> None:
    with pytest.raises(ValueError, match="pass group="):
        radar_figure(result.dimensions, MODEL)
    single = result.dimensions[(result.dimensions["group"] == "other").to_numpy()]
    assert _kinds(radar_figure(single, MODEL)) == ["spread", "mean"]


def test_radar_uses_the_latest_assessment() -> None:
    old = _answers({"g": {"a": (None, [1] * 9)}}, "2024-01-01")
    new = _answers({"g": {"a": (None, [4] * 9)}}, "2025-01-01")
    res = score(pd.concat([old, new]), MODEL)
    mean = _by_kind(radar_figure(res.dimensions, MODEL, group="g"), "mean")
    assert set(mean.r) == {4.0}


def test_radar_table_matches_the_data(result: MaturityResult, ws: pd.DataFrame) -> None:
    table = radar_table(
        result.dimensions,
        MODEL,
        "en",
        group="ws",
        targets={"data": 4},
        benchmark=BenchmarkBand({"data": 2.0}, {"data": 3.0}),
    )
    assert table["Dimension"].tolist() == [d.label.en for d in MODEL.dimensions]
    assert table["Mean"].tolist() == pytest.approx(ws["mean"].round(2).tolist(), nan_ok=True)
    assert table["Lowest"].tolist() == pytest.approx(ws["min"].round(2).tolist(), nan_ok=True)
    assert table["Highest"].tolist() == pytest.approx(ws["max"].round(2).tolist(), nan_ok=True)
    assert table["First quartile"].tolist() == pytest.approx(ws["q1"].round(2).tolist(), nan_ok=True)
    assert table["Respondents"].tolist() == ws["n"].tolist()
    assert table["Opinions differ"].tolist() == ["yes" if v else "no" for v in ws["disagreement"]]
    row = table.set_index("Dimension").loc["Data: quality, access and sharing"]
    assert row["Target"] == 4
    # The band is our estimate, and the headers (which go to CSV, Excel and the report) say so.
    assert (row["Benchmark low (our estimate)"], row["Benchmark high (our estimate)"]) == (2.0, 3.0)
    assert "Benchmark low" not in table.columns
    measured = radar_table(
        result.dimensions,
        MODEL,
        "nl",
        group="ws",
        benchmark=BenchmarkBand({"data": 2.0}, {"data": 3.0}, estimate=False),
    )
    assert {"Vergelijking laag", "Vergelijking hoog"} <= set(measured.columns)
    assert (
        "Vergelijking laag (onze schatting)"
        in radar_table(
            result.dimensions, MODEL, "nl", group="ws", benchmark=BenchmarkBand({"data": 2.0}, {"data": 3.0})
        ).columns
    )
    level = math.floor(ws.loc["data", "mean"])
    assert row["Level"] == f"{level} {MODEL.level_label(level, 'en')}"
    assert row["What this level looks like"] == MODEL.descriptor("data", level).descriptor.en


def test_radar_summary_names_highest_lowest_and_disagreement(result: MaturityResult, ws: pd.DataFrame) -> None:
    text = radar_summary(result.dimensions, MODEL, "en", group="ws", targets={"data": 5})
    high = MODEL.dimension(ws["mean"].idxmax()).label.en
    low = MODEL.dimension(ws["mean"].idxmin()).label.en
    assert f"Highest mean: {high}" in text and f"Lowest mean: {low}" in text
    assert "Based on the answers of 3 respondents." in text
    assert "respondent" not in radar_summary(result.dimensions, MODEL, "en", group="ws", respondents=False)
    disputed = [MODEL.dimension(d).label.en for d in DIMS if ws.loc[d, "disagreement"]]
    assert disputed and all(label in text for label in disputed)
    assert f"The dimension with a target does not reach it yet: {MODEL.dimension('data').label.en} (" in text
    assert "below the target" in text
    assert "The dimension with a target reaches it." in radar_summary(
        result.dimensions, MODEL, "en", group="ws", targets={"data": 1}
    )
    two = radar_summary(result.dimensions, MODEL, "en", group="ws", targets={"data": 5, "analytics": 5})
    assert "2 of the 2 dimensions with a target do not reach it yet" in two


def test_radar_summary_places_the_means_against_the_benchmark_band(result: MaturityResult, ws: pd.DataFrame) -> None:
    # A band from 2.5 to 3.5 on every dimension: count where each scored mean falls.
    band = BenchmarkBand({d: 2.5 for d in DIMS}, {d: 3.5 for d in DIMS}, label="Data labs 2019 (our estimate)")
    text = radar_summary(result.dimensions, MODEL, "en", group="ws", benchmark=band)
    means = ws["mean"].dropna()
    below = [MODEL.dimension(d).label.en for d in means.index if means[d] < 2.5]
    above = [MODEL.dimension(d).label.en for d in means.index if means[d] > 3.5]
    within = len(means) - len(below) - len(above)
    assert below and above  # the fixture has both, so the test checks both lists
    assert (
        f"Against Data labs 2019 (our estimate): the mean lies within the band on {within} of the "
        f"{len(means)} dimensions; below it on: {', '.join(below)}; above it on: {', '.join(above)}."
    ) in text
    assert "Against" not in radar_summary(result.dimensions, MODEL, "en", group="ws")


def test_radar_summary_in_dutch_uses_decimal_comma(result: MaturityResult) -> None:
    text = radar_summary(result.dimensions, MODEL, "nl", group="ws")
    assert "Hoogste gemiddelde" in text and "maturity." not in text
    # "met 4,3 (niveau 4, Verankeren)": the level does not read as a second number after the score
    assert re.search(r"met \d,\d \(niveau \d, [A-Z]", text)
    assert not re.search(r"\d,\d, \d", text)
    assert not re.search(r"\d\.\d", text)


# --------------------------------------------------------------------------- role gap


def test_role_gap_heatmap_matches_role_means(result: MaturityResult) -> None:
    fig = role_gap_heatmap(result.role_gaps.means, MODEL, "en", group="ws")
    (heat,) = fig.data
    assert heat.meta["kind"] == "role_gap"
    assert list(heat.y) == ["beleid", "ict"] and list(heat.x) == [d.short.en for d in MODEL.dimensions]
    means = result.role_gaps.means
    ws = means[(means["group"] == "ws").to_numpy()]
    for _, row in ws.iterrows():
        assert heat.z[list(heat.y).index(row["role"])][DIMS.index(row["dimension"])] == pytest.approx(row["mean"])
    # ict did not answer analytics: an empty cell, not a zero.
    assert math.isnan(heat.z[1][DIMS.index("analytics")])
    assert (heat.zmin, heat.zmax) == (1, 5)
    assert fig.layout.title.text == "Perception by role: ws"


def test_role_gap_table_and_summary_match(result: MaturityResult) -> None:
    table = role_gap_table(result.role_gaps.means, MODEL, "nl", group="ws")
    assert list(table.columns) == ["Dimensie", "beleid", "ict"]
    assert table["Dimensie"].tolist() == [d.label.nl for d in MODEL.dimensions]
    # beleid on strategy: t1 1 and t3 2 -> 1.5; ict 3.
    assert table.loc[0, "beleid"] == 1.5 and table.loc[0, "ict"] == 3.0
    gaps = result.role_gaps.gaps
    top = gaps[(gaps["group"] == "ws").to_numpy()].iloc[0]
    text = role_gap_summary(gaps, MODEL, "en", group="ws")
    assert text.startswith(f"Roles differ most on {MODEL.dimension(top['dimension']).label.en}")
    assert top["high_role"] in text and top["low_role"] in text
    assert role_gap_summary(gaps, MODEL, "en", group="other") == t("maturity.summary.role_gap_none", "en")


def test_role_ids_are_shown_as_translated_role_names() -> None:
    spec = {
        "ws": {
            "a": ("information_management", [2] * 9),
            "b": ("information_management", [2] * 9),
            "c": ("policy", [4] * 9),
            "d": ("policy", [4] * 9),
        }
    }
    res = score(_answers(spec), MODEL, min_role_respondents=2)
    heat = role_gap_heatmap(res.role_gaps.means, MODEL, "nl").data[0]
    assert list(heat.y) == ["Informatievoorziening", "Beleid"]
    assert "Rol: Informatievoorziening" in heat.customdata[0][0]
    table = role_gap_table(res.role_gaps.means, MODEL, "en")
    assert list(table.columns) == ["Dimension", "Information management", "Policy"]
    text = role_gap_summary(res.role_gaps.gaps, MODEL, "en")
    assert "Policy 4.0 against Information management 2.0" in text and "information_management" not in text
    assert role_label("not_a_role", "en") == "not_a_role"  # unknown ids stay readable, no message key


# --------------------------------------------------------------------------- disagreement


def test_disagreement_lists_the_flagged_questions_with_lowest_and_highest() -> None:
    data, analytics = FIRST_ITEM["data"], FIRST_ITEM["analytics"]
    rows = pd.DataFrame(
        [
            {"group": "g", "respondent": r, "role": None, "item_id": item, "value": v}
            for item, values in ((data, (1, 4, 2)), (analytics, (3, 4, 3)))
            for r, v in zip(("a", "b", "c"), values)
        ]
    )
    items = score(rows, MODEL).items
    table = disagreement_table(items, MODEL, "en")
    assert len(table) == 1  # analytics differs by one level only
    row = table.iloc[0]
    assert row["Question"] == MODEL.item(data).text.en
    assert row["Dimension"] == MODEL.dimension("data").label.en
    assert row["Lowest"] == f"1 {MODEL.level_label(1, 'en')}" and row["Highest"] == f"4 {MODEL.level_label(4, 'en')}"
    assert row["Mean"] == pytest.approx(2.33) and row["Answers"] == 3
    fig = disagreement_figure(items, MODEL, "en")
    assert [tr_.x[0] for tr_ in fig.data if tr_.meta["kind"] in ("lowest", "highest")] == [1.0, 4.0]
    assert {tr_.marker.symbol for tr_ in fig.data if tr_.meta["kind"] in ("lowest", "highest")} == {"circle", "diamond"}
    text = disagreement_summary(items, MODEL, "nl")
    assert text.startswith("Bij 1 vraag lopen") and MODEL.item(data).text.nl in text
    labels = list(fig.data[1].y)
    assert labels[0].replace("<br>", " ").endswith(MODEL.item(data).text.en)  # the whole question, not cut off
    assert "…" not in labels[0] and all(len(line) <= 42 for line in labels[0].split("<br>")[1:])
    calm = score(rows[rows["item_id"] == analytics], MODEL).items
    assert disagreement_table(calm, MODEL, "en").empty and list(disagreement_table(calm, MODEL, "en").columns)
    assert disagreement_summary(calm, MODEL, "en") == t("maturity.summary.disagreement_items_none", "en")
    assert disagreement_figure(calm, MODEL, "en").data == ()


# --------------------------------------------------------------------------- trend


@pytest.fixture(scope="module")
def trend_result() -> MaturityResult:
    first = _answers(
        {"g": {"a": (None, [1, 2, 3, 4, 5, 1, 2, 3, 4]), "b": (None, [1, 2, 3, 4, 5, 1, 2, 3, 4])}}, "2024-05-01"
    )
    second = _answers(
        {"g": {"a": (None, [3, 2, 3, 4, 4, 1, 2, 3, 4]), "b": (None, [3, 2, 3, 4, 4, 1, 2, 3, 4])}}, "2025-05-01"
    )
    return score(pd.concat([first, second]), MODEL)


def test_trend_figure_has_one_line_per_dimension(trend_result: MaturityResult) -> None:
    fig = trend_figure(trend_result.history, MODEL, "nl")
    assert _kinds(fig) == ["trend"] * len(DIMS)
    by_dim = {tr.meta["dimension"]: tr for tr in fig.data}
    assert list(by_dim["strategy_value"].y) == [1.0, 3.0]
    assert list(by_dim["strategy_value"].x) == ["2024-05-01", "2025-05-01"]
    assert by_dim["governance"].name == "Organisatie en sturing"
    assert len({tr.line.color for tr in fig.data}) == len(DIMS)
    assert len({tr.marker.symbol for tr in fig.data}) == len(DIMS)  # not by colour alone
    only = trend_figure(trend_result.history, MODEL, "nl", dimensions=["data"])
    assert [tr.meta["dimension"] for tr in only.data] == ["data"]


def test_trend_table_and_summary_match(trend_result: MaturityResult) -> None:
    table = trend_table(trend_result.history, MODEL, "en")
    assert table["Assessment"].tolist() == ["2024-05-01", "2025-05-01"]
    assert table["Strategy and public value"].tolist() == [1.0, 3.0]
    assert table["Organisation and governance"].tolist() == [5.0, 4.0]
    text = trend_summary(trend_result.history, MODEL, "en")
    assert text == (
        "2 assessments, from 2024-05-01 to 2025-05-01. "
        "Largest rise: Strategy and public value (+2.0). Largest fall: Organisation and governance (-1.0)."
    )
    one = trend_result.history[(trend_result.history["assessed_at"] == "2024-05-01").to_numpy()]
    assert "one assessment" in trend_summary(one, MODEL, "en")


# --------------------------------------------------------------------------- empty input, i18n, contrast


def test_empty_results_give_empty_charts_and_texts() -> None:
    empty = score(None, MODEL)
    assert _kinds(radar_figure(empty.dimensions, MODEL)) == []
    assert radar_summary(empty.dimensions, MODEL, "en") == t("maturity.summary.empty", "en")
    assert len(radar_table(empty.dimensions, MODEL)) == len(DIMS)
    assert role_gap_table(empty.role_gaps.means, MODEL).shape == (len(DIMS), 1)
    assert role_gap_summary(empty.role_gaps.gaps, MODEL, "nl") == t("maturity.summary.role_gap_none", "nl")
    assert trend_figure(empty.history, MODEL).data == ()
    assert trend_table(empty.history, MODEL, "nl").empty
    assert trend_summary(empty.history, MODEL, "nl") == t("maturity.summary.empty", "nl")
    role_gap_heatmap(empty.role_gaps.means, MODEL)  # does not raise


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_no_untranslated_keys_in_figures(result: MaturityResult, trend_result: MaturityResult, lang: str) -> None:
    figs = [
        radar_figure(
            result.dimensions,
            MODEL,
            lang,
            group="ws",
            targets={"data": 3},
            benchmark=BenchmarkBand({"data": 2.0}, {"data": 3.0}),
        ),
        role_gap_heatmap(result.role_gaps.means, MODEL, lang, group="ws"),
        trend_figure(trend_result.history, MODEL, lang),
    ]
    for fig in figs:
        assert "maturity." not in json.dumps(fig.to_plotly_json(), default=str)
    tables = [
        radar_table(result.dimensions, MODEL, lang, group="ws", targets={"data": 3}),
        role_gap_table(result.role_gaps.means, MODEL, lang, group="ws"),
        trend_table(trend_result.history, MODEL, lang),
    ]
    for table in tables:
        assert not any(str(c).startswith("maturity.") for c in table.columns)


def test_titles_differ_by_language(result: MaturityResult) -> None:
    nl = radar_figure(result.dimensions, MODEL, "nl", group="ws").layout.title.text
    en = radar_figure(result.dimensions, MODEL, "en", group="ws").layout.title.text
    assert nl != en and nl.startswith("Volwassenheid") and en.startswith("Maturity")


@pytest.mark.parametrize("colour", [MEAN_COLOUR, TARGET_COLOUR, BENCHMARK_COLOUR, TEXT_COLOUR, *TREND_COLOURS])
def test_colours_have_aa_contrast_on_white(colour: str) -> None:
    assert contrast_ratio(colour) >= 4.5


def test_heatmap_text_is_readable_on_every_cell_colour() -> None:
    for _, cell in HEATMAP_SCALE:
        assert contrast_ratio(TEXT_COLOUR, cell) >= 4.5


def test_contrast_ratio_reference_values() -> None:
    assert contrast_ratio("#000000") == pytest.approx(21.0)
    assert contrast_ratio("#FFFFFF") == pytest.approx(1.0)
    assert contrast_ratio("#767676") == pytest.approx(4.54, abs=0.01)
    assert np.isclose(contrast_ratio("#777777"), 4.48, atol=0.01)


# --------------------------------------------------------------------------- layout and readability


def _all_figures(result: MaturityResult, lang: str) -> list:
    rows = pd.DataFrame(
        [
            {"group": "g", "respondent": r, "role": None, "item_id": FIRST_ITEM["data"], "value": v}
            for r, v in zip("abc", (1, 4, 2))
        ]
    )
    hist = pd.concat([_answers({"g": {"a": (None, [1] * 9)}}, "2024"), _answers({"g": {"a": (None, [3] * 9)}}, "2025")])
    return [
        radar_figure(result.dimensions, MODEL, lang, group="ws", targets={"data": 4}),
        role_gap_heatmap(result.role_gaps.means, MODEL, lang, group="ws"),
        trend_figure(score(hist, MODEL).history, MODEL, lang),
        disagreement_figure(score(rows, MODEL).items, MODEL, lang),
    ]


@pytest.mark.parametrize(("lang", "marks"), [("nl", ",."), ("en", ".,")])
def test_every_chart_uses_the_languages_decimal_mark(result: MaturityResult, lang: str, marks: str) -> None:
    for fig in _all_figures(result, lang):
        assert fig.layout.separators == marks  # plotly's own numbers (ticks, hover) read 7,5 in Dutch


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_chart_text_is_dark_and_large_enough(result: MaturityResult, lang: str) -> None:
    for fig in _all_figures(result, lang):
        assert fig.layout.font.color == TEXT_COLOUR and fig.layout.font.size >= 13
        assert fig.layout.font.family.startswith('"Source Sans"')  # the page's typeface
        assert fig.layout.template == pio.templates[TEMPLATE]  # the app's one chart template


def test_disagreement_chart_fits_a_phone_and_its_labels_are_dark() -> None:
    rows = pd.DataFrame(
        [
            {"group": "g", "respondent": r, "role": None, "item_id": FIRST_ITEM["data"], "value": v}
            for r, v in zip("abc", (1, 4, 2))
        ]
    )
    fig = disagreement_figure(score(rows, MODEL).items, MODEL, "nl")
    # No plotly legend (it would run off a phone): the key is a title line with the same symbols.
    assert fig.layout.showlegend is False
    title_lines = fig.layout.title.text.split("<br>")
    key = re.sub(r"<[^>]+>", "", title_lines[2])
    assert key == "● Laagste  ◆ Hoogste  | Gemiddelde" and len(key) <= TITLE_CHARS
    lines = fig.layout.title.text.count("<br>") + 1  # the top margin holds the title and the key
    assert fig.layout.margin.t >= lines * fig.layout.title.font.size * 1.2
    assert fig.layout.xaxis.tickvals == (1, 2, 3, 4, 5) and fig.layout.xaxis.ticktext is None  # numbers only
    levels = title_lines[3:]  # the level names: full width at the top, not centred under the plot
    assert all(len(line) <= TITLE_CHARS for line in levels)
    assert "2\u00a0Experimenteren" in " ".join(levels)  # number and name never split
    assert fig.layout.yaxis.tickfont.color == TEXT_COLOUR and fig.layout.yaxis.tickfont.size >= 13
    assert fig.layout.xaxis.tickfont.color == TEXT_COLOUR
    assert fig.layout.yaxis.automargin


def test_radar_ring_labels_have_a_white_halo_above_the_lines(result: MaturityResult) -> None:
    axis = radar_figure(result.dimensions, MODEL, "nl", group="ws", targets={"data": 4}).layout.polar.radialaxis
    assert axis.layer == "above traces" and "#FFFFFF" in axis.tickfont.shadow
    assert axis.tickfont.color == TEXT_COLOUR and axis.tickfont.size >= 13
    assert axis.tickangle == axis.angle  # measured from the axis: upright numbers


def test_the_radar_rows_sliced_once_give_the_same_figure_table_and_summary(result: MaturityResult) -> None:
    from dshub.maturity.scoring import radar_rows

    radar = radar_rows(result.dimensions, MODEL, "ws")
    assert list(radar.rows.index) == DIMS and radar.group == "ws"
    targets = dict.fromkeys(DIMS, 4)
    assert (
        radar_figure(radar, MODEL, "en", targets=targets).to_json()
        == radar_figure(result.dimensions, MODEL, "en", group="ws", targets=targets).to_json()
    )
    assert radar_table(radar, MODEL, "en").equals(radar_table(result.dimensions, MODEL, "en", group="ws"))
    assert radar_summary(radar, MODEL, "en") == radar_summary(result.dimensions, MODEL, "en", group="ws")
    with pytest.raises(ValueError):
        radar_rows(result.dimensions, MODEL)  # two groups: which one must be said
