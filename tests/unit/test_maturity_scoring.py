"""Maturity scoring: bounds, coverage, spread, disagreement, role gaps, targets, history, bad input."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dshub.content import load_content
from dshub.i18n import catalog, t
from dshub.maturity.content import MaturityModel
from dshub.maturity.scoring import (
    AREA_COLUMNS,
    DIMENSION_COLUMNS,
    HISTORY_COLUMNS,
    IGNORED_COLUMNS,
    ITEM_COLUMNS,
    OVERALL_COLUMNS,
    RESPONDENT_AREA_COLUMNS,
    RESPONDENT_COLUMNS,
    ROLE_GAP_COLUMNS,
    ROLE_MEAN_COLUMNS,
    TARGET_COLUMNS,
    AnswersError,
    TargetError,
    latest,
    level_for,
    levels_for,
    score,
    stored_targets,
    suggested_targets,
    target_gaps,
    validate_targets,
)

MODEL: MaturityModel = load_content().get("maturity", MaturityModel)
DATA_ITEMS = [i.id for i in MODEL.items if i.dimension == "data"]
ANALYTICS_ITEMS = [i.id for i in MODEL.items if i.dimension == "analytics"]


def frame(rows: list[tuple], assessed: bool = False) -> pd.DataFrame:
    """Rows of (group, respondent, role, item_id, value[, assessed_at])."""
    cols = ["group", "respondent", "role", "item_id", "value"] + (["assessed_at"] if assessed else [])
    return pd.DataFrame.from_records(rows, columns=cols)


def dim_row(result, group: str, dimension: str) -> pd.Series:
    d = result.dimensions
    (idx,) = np.flatnonzero((d["group"] == group).to_numpy() & (d["dimension"] == dimension).to_numpy())
    return d.iloc[idx]


def resp_row(result, respondent: str, dimension: str) -> pd.Series:
    r = result.respondents
    (idx,) = np.flatnonzero((r["respondent"] == respondent).to_numpy() & (r["dimension"] == dimension).to_numpy())
    return r.iloc[idx]


# --------------------------------------------------------------------------- levels


@pytest.mark.parametrize(
    ("value", "level"),
    [(1.0, 1), (1.99, 1), (2.0, 2), (2.5, 2), (2.9999999999, 3), (4.99, 4), (5.0, 5), (0.4, 1), (7.0, 5)],
)
def test_level_is_the_score_rounded_down(value: float, level: int) -> None:
    assert level_for(value) == level
    assert levels_for(pd.Series([value])).iloc[0] == level


def test_missing_score_has_no_level() -> None:
    assert level_for(None) is None and level_for(float("nan")) is None
    assert levels_for(np.array([np.nan, 3.0])).isna().tolist() == [True, False]


# --------------------------------------------------------------------------- respondent scores


def test_dimension_score_is_mean_of_answered_items_and_dont_know_is_excluded() -> None:
    rows = [
        ("g", "r1", "beleid", DATA_ITEMS[0], 2),
        ("g", "r1", "beleid", DATA_ITEMS[1], 3),
        ("g", "r1", "beleid", DATA_ITEMS[2], None),
        ("g", "r1", "beleid", ANALYTICS_ITEMS[0], 5),
    ]
    res = score(frame(rows), MODEL, scan="full")
    data = resp_row(res, "r1", "data")
    assert data["score"] == 2.5
    assert data["level"] == 2
    assert (data["answered"], data["dont_know"], data["asked"]) == (2, 1, len(DATA_ITEMS))
    assert data["coverage"] == pytest.approx(2 / len(DATA_ITEMS))
    assert resp_row(res, "r1", "analytics")["score"] == 5.0
    # A dimension without any answer: no score, coverage 0, but still a row.
    gov = resp_row(res, "r1", "governance")
    assert math.isnan(gov["score"]) and pd.isna(gov["level"]) and gov["coverage"] == 0.0
    assert len(res.respondents) == len(MODEL.dimensions)
    assert list(res.respondents.columns) == list(RESPONDENT_COLUMNS)


def test_asked_depends_on_scan() -> None:
    quick_data = [i.id for i in MODEL.items_for("quick") if i.dimension == "data"]
    rows = [("g", "r1", None, quick_data[0], 4), ("g", "r1", None, DATA_ITEMS[-1], None)]
    assert DATA_ITEMS[-1] not in quick_data
    by_rows = resp_row(score(frame(rows), MODEL), "r1", "data")
    assert (by_rows["asked"], by_rows["coverage"]) == (2, 0.5)
    quick = resp_row(score(frame(rows), MODEL, scan="quick"), "r1", "data")
    assert quick["asked"] == len(quick_data) + 1  # quick items plus the extra row outside the quickscan
    full = resp_row(score(frame(rows), MODEL, scan="full"), "r1", "data")
    assert full["asked"] == len(DATA_ITEMS)


def _with_scan(rows: list[tuple]) -> pd.DataFrame:
    """Rows of (group, respondent, role, item_id, value, scan)."""
    return pd.DataFrame.from_records(rows, columns=["group", "respondent", "role", "item_id", "value", "scan"])


def test_each_respondent_is_scored_on_its_own_scan() -> None:
    quick_data = [i for i in DATA_ITEMS if MODEL.item(i).quickscan]
    extra_data = [i for i in DATA_ITEMS if i not in quick_data]
    assert quick_data and extra_data
    rows = [("g", "quick_team", None, i, 4, "quick") for i in quick_data]
    rows += [("g", "quick_team", None, extra_data[0], 1, "quick")]  # answered before going back to quick
    rows += [("g", "full_team", None, i, 2, "full") for i in quick_data + extra_data[:1]]
    res = score(_with_scan(rows), MODEL, scan="full")  # the argument does not apply to rows with a scan
    quick = resp_row(res, "quick_team", "data")
    assert (quick["score"], quick["answered"], quick["asked"]) == (4.0, len(quick_data), len(quick_data))
    full = resp_row(res, "full_team", "data")
    assert (full["score"], full["answered"], full["asked"]) == (2.0, len(quick_data) + 1, len(DATA_ITEMS))
    assert full["coverage"] == pytest.approx((len(quick_data) + 1) / len(DATA_ITEMS))
    assert resp_row(res, "quick_team", "analytics")["asked"] == len(
        [i for i in MODEL.items_for("quick") if i.dimension == "analytics"]
    )
    data = dim_row(res, "g", "data")
    assert (data["mean"], data["n"]) == (3.0, 2)  # every respondent weighs equally, whatever its scan
    items = res.items.set_index("item_id")
    assert extra_data[0] in items.index and items.loc[extra_data[0], "n"] == 1  # only the full team's answer
    assert res.outside_scan == 1
    assert [(n.key, n.params) for n in res.notes] == [
        ("maturity.note.outside_scan", {"count": 1}),
        ("maturity.note.mixed_scans", {"quick": 1, "full": 1}),
    ]


def test_without_a_scan_column_or_value_the_argument_applies_as_before() -> None:
    quick_data = [i for i in DATA_ITEMS if MODEL.item(i).quickscan]
    rows = [("g", "r1", None, quick_data[0], 4), ("g", "r1", None, DATA_ITEMS[-1], 2)]
    assert DATA_ITEMS[-1] not in quick_data
    before = resp_row(score(frame(rows), MODEL, scan="quick"), "r1", "data")
    for value in (None, "medium"):  # no scan of its own, or one that is not a scan: the argument applies
        res = score(_with_scan([(*r, value) for r in rows]), MODEL, scan="quick")
        row = resp_row(res, "r1", "data")
        assert (row["score"], row["asked"]) == (before["score"], before["asked"]) == (3.0, len(quick_data) + 1)
        assert res.outside_scan == 0 and not res.notes


def test_one_scan_for_everyone_gives_no_mixed_note() -> None:
    rows = [("g", r, None, i.id, 3, "full") for r in ("a", "b") for i in MODEL.items]
    res = score(_with_scan(rows), MODEL)
    assert not res.notes and (res.respondents["coverage"] == 1.0).all()


def test_only_dont_knows_gives_no_score_but_a_well_formed_result() -> None:
    rows = [("g", f"r{n}", None, item.id, None) for n in range(3) for item in MODEL.items_for("quick")]
    res = score(frame(rows), MODEL, scan="quick")
    assert res.respondents["score"].isna().all()
    assert (res.respondents["coverage"] == 0).all()
    assert (res.dimensions["n"] == 0).all() and res.dimensions["mean"].isna().all()
    assert (res.dimensions["respondents"] == 3).all()
    assert not res.dimensions["disagreement"].any()
    assert math.isnan(res.overall["overall"].iloc[0])
    assert res.role_gaps.gaps.empty
    assert res.areas["score"].isna().all()


def test_respondent_and_group_area_scores() -> None:
    rows = [
        ("g", "r1", None, DATA_ITEMS[0], 2),
        ("g", "r1", None, ANALYTICS_ITEMS[0], 4),
        ("g", "r2", None, DATA_ITEMS[0], 4),
    ]
    res = score(frame(rows), MODEL)
    ra = res.respondent_areas
    assert list(ra.columns) == list(RESPONDENT_AREA_COLUMNS)
    r1 = ra[(ra["respondent"] == "r1").to_numpy() & (ra["area"] == "methods").to_numpy()].iloc[0]
    assert (r1["score"], r1["dimensions"]) == (3.0, 2)
    # Group: data mean 3, analytics mean 4 -> methods 3.5 (each dimension weighs equally).
    methods = res.areas[(res.areas["area"] == "methods").to_numpy()].iloc[0]
    assert methods["score"] == 3.5 and methods["level"] == 3
    assert list(res.areas.columns) == list(AREA_COLUMNS)


# --------------------------------------------------------------------------- aggregation


def test_spread_statistics_per_group_and_dimension() -> None:
    values = [1, 2, 4, 5]
    rows = [("g", f"r{n}", None, DATA_ITEMS[0], v) for n, v in enumerate(values)]
    rows += [("h", "s1", None, DATA_ITEMS[0], 3)]
    res = score(frame(rows), MODEL)
    g = dim_row(res, "g", "data")
    assert (g["n"], g["respondents"], g["mean"], g["min"], g["max"]) == (4, 4, 3.0, 1.0, 5.0)
    assert g["q1"] == pytest.approx(np.percentile(values, 25))
    assert g["q3"] == pytest.approx(np.percentile(values, 75))
    assert g["iqr"] == pytest.approx(g["q3"] - g["q1"])
    h = dim_row(res, "h", "data")
    assert (h["n"], h["mean"], h["iqr"]) == (1, 3.0, 0.0)
    assert list(res.dimensions.columns) == list(DIMENSION_COLUMNS)
    assert res.groups == ["g", "h"]


def test_disagreement_on_an_item() -> None:
    rows = [
        ("g", "r1", None, DATA_ITEMS[0], 2),
        ("g", "r2", None, DATA_ITEMS[0], 4),
        ("g", "r1", None, ANALYTICS_ITEMS[0], 2),
        ("g", "r2", None, ANALYTICS_ITEMS[0], 3),
    ]
    res = score(frame(rows), MODEL)
    items = res.items.set_index("item_id")
    assert bool(items.loc[DATA_ITEMS[0], "disagreement"]) and items.loc[DATA_ITEMS[0], "spread"] == 2
    assert not bool(items.loc[ANALYTICS_ITEMS[0], "disagreement"])
    assert dim_row(res, "g", "data")["disagreement"] and dim_row(res, "g", "data")["disagreement_items"] == 1
    assert not dim_row(res, "g", "analytics")["disagreement"]
    assert list(res.items.columns) == list(ITEM_COLUMNS)


def test_disagreement_on_dimension_scores_without_item_disagreement() -> None:
    # Different items, so no single item is disputed, but the dimension scores are 1 and 3.
    rows = [("g", "r1", None, DATA_ITEMS[0], 1), ("g", "r2", None, DATA_ITEMS[1], 3)]
    row = dim_row(score(frame(rows), MODEL), "g", "data")
    assert row["disagreement"] and row["disagreement_items"] == 0


def test_disagreement_threshold_is_configurable() -> None:
    rows = [("g", "r1", None, DATA_ITEMS[0], 2), ("g", "r2", None, DATA_ITEMS[0], 3)]
    assert not dim_row(score(frame(rows), MODEL), "g", "data")["disagreement"]
    assert dim_row(score(frame(rows), MODEL, threshold=1), "g", "data")["disagreement"]


def test_overall_is_mean_of_dimension_means() -> None:
    rows = [
        ("g", "r1", None, DATA_ITEMS[0], 2),
        ("g", "r1", None, ANALYTICS_ITEMS[0], 5),
        ("g", "r2", None, DATA_ITEMS[0], 4),
    ]
    res = score(frame(rows), MODEL)
    ov = res.overall.iloc[0]
    assert ov["overall"] == pytest.approx((3.0 + 5.0) / 2)
    assert (ov["respondents"], ov["dimensions_scored"], ov["level"]) == (2, 2, 4)
    assert list(res.overall.columns) == list(OVERALL_COLUMNS)


# --------------------------------------------------------------------------- role gaps


def test_role_perception_gap() -> None:
    rows = [
        ("g", "p1", "beleid", DATA_ITEMS[0], 4),
        ("g", "p2", "beleid", DATA_ITEMS[0], 4),
        ("g", "i1", "ict", DATA_ITEMS[0], 2),
        ("g", "p1", "beleid", ANALYTICS_ITEMS[0], 3),
        ("g", "i1", "ict", ANALYTICS_ITEMS[0], 2),
        ("g", "x1", None, DATA_ITEMS[0], 1),
    ]  # no role: left out of the role view
    res = score(frame(rows), MODEL)
    means = res.role_gaps.means.set_index(["dimension", "role"])
    assert means.loc[("data", "beleid"), "mean"] == 4.0 and means.loc[("data", "beleid"), "n"] == 2
    assert means.loc[("data", "ict"), "mean"] == 2.0
    assert list(res.role_gaps.means.columns) == list(ROLE_MEAN_COLUMNS)
    gaps = res.role_gaps.gaps
    assert list(gaps.columns) == list(ROLE_GAP_COLUMNS)
    assert gaps["dimension"].tolist() == ["data", "analytics"]  # largest gap first
    top = gaps.iloc[0]
    assert (top["gap"], top["high_role"], top["low_role"], top["roles"], top["rank"]) == (2.0, "beleid", "ict", 2, 1)
    assert gaps.iloc[1]["rank"] == 2 and gaps.iloc[1]["gap"] == 1.0


def test_role_gap_needs_two_roles_and_respects_min_respondents() -> None:
    rows = [
        ("g", "p1", "beleid", DATA_ITEMS[0], 4),
        ("g", "p2", "beleid", DATA_ITEMS[0], 2),
        ("g", "i1", "ict", DATA_ITEMS[0], 1),
    ]
    assert score(frame(rows[:2]), MODEL).role_gaps.gaps.empty
    assert len(score(frame(rows), MODEL).role_gaps.gaps) == 1
    res = score(frame(rows), MODEL, min_role_respondents=2)
    assert res.role_gaps.gaps.empty and res.role_gaps.means["role"].tolist() == ["beleid"]


def test_equal_role_means_still_name_two_roles() -> None:
    rows = [("g", "p1", "beleid", DATA_ITEMS[0], 3), ("g", "i1", "ict", DATA_ITEMS[0], 3)]
    top = score(frame(rows), MODEL).role_gaps.gaps.iloc[0]
    assert top["gap"] == 0 and {top["high_role"], top["low_role"]} == {"beleid", "ict"}


# --------------------------------------------------------------------------- targets


@pytest.mark.parametrize(
    ("value", "key"),
    [
        (0, "maturity.error.target_out_of_range"),
        (6, "maturity.error.target_out_of_range"),
        (-1, "maturity.error.target_out_of_range"),
        (3.5, "maturity.error.target_not_whole"),
        ("3", "maturity.error.target_not_whole"),
        (True, "maturity.error.target_not_whole"),
    ],
)
def test_invalid_target_raises_a_translatable_error(value, key: str) -> None:
    with pytest.raises(TargetError) as info:
        validate_targets({"data": value}, MODEL)
    assert info.value.key == key
    assert info.value.params["dimension"] == "data"
    assert key in catalog()
    assert isinstance(info.value, ValueError)


@pytest.mark.parametrize("value", [7, 2.5])
def test_target_error_message_names_the_dimension_not_its_id(value) -> None:
    with pytest.raises(TargetError) as info:
        validate_targets({"data": value}, MODEL)
    for lang in ("nl", "en"):
        text = t(info.value.key, lang, **info.value.params)
        assert MODEL.dimension("data").label.get(lang) in text and str(value) in text
        assert "{" not in text


def test_stored_targets_drop_what_is_no_longer_valid_with_notes() -> None:
    targets, notes = stored_targets(
        {"data": 4, "removed_dimension": 3, "old_one": 2, "analytics": 9, "governance": None}, MODEL
    )
    assert targets == {"data": 4}
    assert [n.key for n in notes] == ["maturity.note.targets_unknown_dimensions", "maturity.note.target_ignored"]
    assert notes[0].params == {"count": 2}
    ignored = t(notes[1].key, "en", **notes[1].params)
    assert MODEL.dimension("analytics").label.en in ignored and "(9)" in ignored and "analytics " not in ignored
    assert stored_targets({"data": 4}, MODEL) == ({"data": 4}, ())
    assert stored_targets(None, MODEL) == ({}, ())


def test_target_for_unknown_dimension() -> None:
    with pytest.raises(TargetError) as info:
        validate_targets({"dat": 3}, MODEL)
    assert info.value.key == "maturity.error.target_unknown_dimension" and info.value.key in catalog()


def test_valid_targets_are_cleaned() -> None:
    assert validate_targets({"analytics": 3.0, "data": 4, "governance": None}, MODEL) == {"data": 4, "analytics": 3}
    assert validate_targets(None, MODEL) == {}


def test_suggested_targets_by_size() -> None:
    small = suggested_targets(MODEL, "small")
    assert small == suggested_targets(MODEL, inhabitants=12_000)
    assert small["analytics"] <= 3
    assert suggested_targets(MODEL, inhabitants=150_000) == MODEL.suggested_targets("large")
    with pytest.raises(ValueError):
        suggested_targets(MODEL)


def test_target_gaps_and_priority_list() -> None:
    rows = [
        ("g", "r1", None, DATA_ITEMS[0], 2),
        ("g", "r1", None, ANALYTICS_ITEMS[0], 3),
        ("g", "r1", None, MODEL.items_for("quick")[0].id, 4),
    ]
    res = score(frame(rows), MODEL)
    gaps = target_gaps(res.dimensions, {"data": 4, "analytics": 4, "strategy_value": 3, "governance": 2}, MODEL)
    assert list(gaps.columns) == list(TARGET_COLUMNS)
    assert gaps["dimension"].tolist()[:3] == ["data", "analytics", "strategy_value"]
    by = gaps.set_index("dimension")
    assert by.loc["data", "gap"] == 2.0 and by.loc["data", "priority"] == 1 and not by.loc["data", "met"]
    assert by.loc["analytics", "gap"] == 1.0 and by.loc["analytics", "priority"] == 2
    assert by.loc["strategy_value", "gap"] == -1.0 and bool(by.loc["strategy_value", "met"])
    assert pd.isna(by.loc["strategy_value", "priority"])
    # Governance has a target but no score; dimensions without a target have no gap.
    assert pd.isna(by.loc["governance", "gap"]) and pd.isna(by.loc["governance", "met"])
    assert pd.isna(by.loc["technology", "target"])
    with pytest.raises(TargetError):
        target_gaps(res.dimensions, {"data": 9}, MODEL)


# --------------------------------------------------------------------------- history


def test_history_gives_a_trend_per_dimension() -> None:
    rows = [
        ("g", "r1", None, DATA_ITEMS[0], 2, "2024-03-01"),
        ("g", "r2", None, DATA_ITEMS[0], 2, "2024-03-01"),
        ("g", "r1", None, DATA_ITEMS[0], 3, "2025-03-01"),
        ("g", "r2", None, DATA_ITEMS[0], 4, "2025-03-01"),
        ("h", "s1", None, DATA_ITEMS[0], 5, "2025-03-01"),
    ]
    res = score(frame(rows, assessed=True), MODEL)
    assert list(res.history.columns) == list(HISTORY_COLUMNS)
    g_data = res.history[(res.history["group"] == "g").to_numpy() & (res.history["dimension"] == "data").to_numpy()]
    assert g_data["assessed_at"].tolist() == ["2024-03-01", "2025-03-01"]
    assert g_data["mean"].tolist() == [2.0, 3.5]
    assert math.isnan(g_data["change"].iloc[0]) and g_data["change"].iloc[1] == 1.5
    assert "assessed_at" in res.dimensions.columns and "assessed_at" in res.overall.columns
    # Respondents are scored per assessment: r1 appears twice.
    assert (res.respondents["respondent"] == "r1").sum() == 2 * len(MODEL.dimensions)
    now = latest(res.dimensions)
    assert set(now["assessed_at"]) == {"2025-03-01"} and set(now["group"]) == {"g", "h"}


def test_history_is_empty_without_assessments() -> None:
    res = score(frame([("g", "r1", None, DATA_ITEMS[0], 2)]), MODEL)
    assert res.history.empty and list(res.history.columns) == list(HISTORY_COLUMNS)
    assert latest(res.dimensions) is res.dimensions


# --------------------------------------------------------------------------- bad input


def test_answers_to_removed_items_are_ignored_and_reported() -> None:
    base = [("g", "r1", None, DATA_ITEMS[0], 3)]
    res = score(
        frame(
            base
            + [
                ("g", "r1", None, "data_old_question", 1),
                ("g", "r2", None, "data_old_question", 1),
                ("g", "r1", None, "gone", 5),
            ]
        ),
        MODEL,
    )
    assert res.ignored_items.to_dict("list") == {"item_id": ["data_old_question", "gone"], "answers": [2, 1]}
    assert list(res.ignored_items.columns) == list(IGNORED_COLUMNS)
    assert resp_row(res, "r1", "data")["score"] == 3.0
    assert "r2" not in set(res.respondents["respondent"])  # only answered removed items
    (note,) = [n for n in res.notes if n.key == "maturity.note.ignored_items"]
    assert note.params == {"answers": 3, "items": 2} and note.key in catalog()


def test_invalid_values_count_as_dont_know() -> None:
    rows = [
        ("g", "r1", None, DATA_ITEMS[0], 9),
        ("g", "r1", None, DATA_ITEMS[1], 2.5),
        ("g", "r1", None, DATA_ITEMS[2], "abc"),
        ("g", "r1", None, DATA_ITEMS[3], 0),
        ("g", "r1", None, DATA_ITEMS[4], "4"),
    ]
    res = score(frame(rows), MODEL)
    data = resp_row(res, "r1", "data")
    assert (data["score"], data["answered"], data["dont_know"]) == (4.0, 1, 4)
    assert res.invalid_values == 4
    assert any(n.key == "maturity.note.invalid_values" for n in res.notes)


def test_rows_without_ids_are_dropped_and_counted() -> None:
    rows = [
        ("g", "r1", None, DATA_ITEMS[0], 3),
        (None, "r2", None, DATA_ITEMS[0], 1),
        ("g", None, None, DATA_ITEMS[0], 1),
        ("g", "r3", None, None, 1),
    ]
    res = score(frame(rows), MODEL)
    assert res.dropped_rows == 3 and set(res.respondents["respondent"]) == {"r1"}


def test_last_answer_wins_for_duplicates() -> None:
    rows = [("g", "r1", None, DATA_ITEMS[0], 1), ("g", "r1", None, DATA_ITEMS[0], 4)]
    assert resp_row(score(frame(rows), MODEL), "r1", "data")["score"] == 4.0


def test_role_is_the_first_role_given() -> None:
    rows = [
        ("g", "r1", None, DATA_ITEMS[0], 1),
        ("g", "r1", "beleid", DATA_ITEMS[1], 4),
        ("g", "r1", "ict", DATA_ITEMS[2], 4),
    ]
    assert set(score(frame(rows), MODEL).respondents["role"]) == {"beleid"}


@pytest.mark.parametrize("answers", [None, pd.DataFrame(), frame([]), frame([], assessed=True)])
def test_empty_input_gives_empty_well_formed_frames(answers) -> None:
    res = score(answers, MODEL)
    assert res.empty and res.groups == []
    for attr, cols in [
        ("respondents", RESPONDENT_COLUMNS),
        ("respondent_areas", RESPONDENT_AREA_COLUMNS),
        ("dimensions", DIMENSION_COLUMNS),
        ("areas", AREA_COLUMNS),
        ("items", ITEM_COLUMNS),
        ("overall", OVERALL_COLUMNS),
    ]:
        got = getattr(res, attr)
        assert got.empty
        expected = list(cols)
        if answers is not None and "assessed_at" in answers.columns:
            expected.insert(1, "assessed_at")
        assert list(got.columns) == expected, attr
    assert res.role_gaps.means.empty and res.role_gaps.gaps.empty and res.history.empty
    assert [n.key for n in res.notes] == ["maturity.note.no_answers"]
    assert target_gaps(res.dimensions, {"data": 3}, MODEL).empty


def test_missing_columns_raise_a_translatable_error() -> None:
    with pytest.raises(AnswersError) as info:
        score(pd.DataFrame({"respondent": ["r"], "group": ["g"], "item_id": [DATA_ITEMS[0]]}), MODEL)
    assert info.value.key == "maturity.error.missing_columns" and info.value.key in catalog()
    assert info.value.params["columns"] == "role, value"


def test_unknown_scan_is_rejected() -> None:
    with pytest.raises(ValueError):
        score(frame([("g", "r1", None, DATA_ITEMS[0], 3)]), MODEL, scan="medium")  # type: ignore[arg-type]  # on purpose: an unknown scan


# --------------------------------------------------------------------------- properties


ITEM_IDS = [i.id for i in MODEL.items][:12] + ["removed_item"]
answer_rows = st.lists(
    st.tuples(
        st.sampled_from(["g1", "g2", "g3"]),
        st.sampled_from([f"r{n}" for n in range(6)]),
        st.sampled_from([None, "beleid", "ict", "uitvoering"]),
        st.sampled_from(ITEM_IDS),
        st.one_of(st.none(), st.integers(1, 5)),
    ),
    max_size=80,
)


def _reference_dimension_means(rows: list[tuple]) -> dict[tuple[str, str], float]:
    """Straightforward pandas version of the documented rules, to check the vectorised code."""
    df = frame(rows)
    df = df[df["item_id"].isin({i.id for i in MODEL.items}).to_numpy()]
    df = df.drop_duplicates(["group", "respondent", "item_id"], keep="last")
    df = df.assign(dimension=df["item_id"].map(MODEL.item_dimensions()), value=df["value"].astype(float))
    per_resp = df.groupby(["group", "respondent", "dimension"])["value"].mean()
    return per_resp.groupby(level=["group", "dimension"]).mean().to_dict()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(answer_rows)
def test_properties_of_scores_and_aggregates(rows: list[tuple]) -> None:
    res = score(frame(rows), MODEL, scan="full")
    r = res.respondents
    scored = r["score"].dropna()
    assert ((scored >= 1) & (scored <= 5)).all()
    assert r["coverage"].between(0, 1).all()
    assert (r["level"].dropna().between(1, 5)).all()
    d = res.dimensions
    has = d["mean"].notna()
    eps = 1e-9
    assert (d.loc[has, "min"] <= d.loc[has, "mean"] + eps).all() and (
        d.loc[has, "mean"] <= d.loc[has, "max"] + eps
    ).all()
    assert (d.loc[has, "min"] <= d.loc[has, "q1"] + eps).all() and (d.loc[has, "q1"] <= d.loc[has, "q3"] + eps).all()
    assert (d.loc[has, "q3"] <= d.loc[has, "max"] + eps).all()
    assert (d["n"] <= d["respondents"]).all()
    assert ((d["mean"] >= 1) & (d["mean"] <= 5) | ~has).all()
    assert (d["disagreement"] == (d["disagreement_items"] > 0) | ((d["max"] - d["min"]).fillna(0) >= 2)).all()
    it = res.items
    assert (it["disagreement"] == (it["spread"].fillna(0) >= 2)).all()
    assert (res.role_gaps.gaps["gap"] >= 0).all()
    # Same numbers as the straightforward reference implementation.
    ref = _reference_dimension_means(rows)
    got = {(g, dim): m for g, dim, m in zip(d["group"], d["dimension"], d["mean"]) if not math.isnan(m)}
    ref = {k: v for k, v in ref.items() if not math.isnan(v)}
    assert got.keys() == ref.keys()
    assert all(got[k] == pytest.approx(ref[k]) for k in ref)
    ignored = sum(1 for row in rows if row[3] == "removed_item")
    assert int(res.ignored_items["answers"].sum()) == ignored


@settings(max_examples=100, deadline=None)
@given(st.lists(st.one_of(st.none(), st.integers(1, 5)), min_size=1, max_size=len(DATA_ITEMS)))
def test_respondent_score_matches_mean_of_answers(values: list[int | None]) -> None:
    rows = [("g", "r", None, item, v) for item, v in zip(DATA_ITEMS, values)]
    row = resp_row(score(frame(rows), MODEL, scan="full"), "r", "data")
    answered = [v for v in values if v is not None]
    assert row["answered"] == len(answered) and row["dont_know"] == len(values) - len(answered)
    assert row["coverage"] == pytest.approx(len(answered) / len(DATA_ITEMS))
    if answered:
        assert row["score"] == pytest.approx(sum(answered) / len(answered))
        assert row["level"] == math.floor(sum(answered) / len(answered) + 1e-9)
    else:
        assert math.isnan(row["score"])
