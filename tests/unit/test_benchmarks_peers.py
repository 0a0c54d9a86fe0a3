"""Peer benchmark: groups under 5 assessments are never shown (n is), and the export is anonymous."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dshub.benchmarks.peers import (
    EXPORT_COLUMNS,
    MIN_GROUP_SIZE,
    peer_benchmark,
    peer_benchmark_csv,
    suppression_note,
    visible,
)

DIMS = ("data", "analytics")


def _scores(groups: list[tuple[str, str, int]], seed: int = 0) -> pd.DataFrame:
    """``groups``: (size_class, lab_type, number of assessments)."""
    rng = np.random.default_rng(seed)
    rows, k = [], 0
    for size, lab_type, count in groups:
        for _ in range(count):
            k += 1
            for dim in DIMS:
                rows.append(
                    {
                        "assessment_id": f"A-{k:03d}",
                        "municipality": f"Gemeente {k}",
                        "size_class": size,
                        "lab_type": lab_type,
                        "dimension": dim,
                        "score": float(rng.integers(1, 6)),
                    }
                )
    return pd.DataFrame(rows)


def _row(table, grouping, group, dim="data"):
    (i,) = table.index[(table["grouping"] == grouping) & (table["group"] == group) & (table["dimension"] == dim)]
    return table.loc[i]


def test_statistics_for_groups_of_five_or_more():
    df = _scores([("small", "independent", 6), ("medium", "independent", 5), ("large", "none", 7)])
    t = peer_benchmark(df)
    small = _row(t, "size_class", "small")
    scores = df[(df.size_class == "small") & (df.dimension == "data")]["score"]
    assert small["n"] == 6 and not small["suppressed"]
    assert small["mean"] == pytest.approx(round(scores.mean(), 2))
    assert small["q1"] == pytest.approx(round(scores.quantile(0.25), 2))
    assert small["q3"] == pytest.approx(round(scores.quantile(0.75), 2))
    assert _row(t, "all", "all")["n"] == 18
    assert _row(t, "lab_type", "independent")["n"] == 11


def test_group_below_five_is_suppressed_but_n_is_shown():
    df = _scores([("small", "independent", 8), ("medium", "independent", 6), ("large", "none", 4)])
    t = peer_benchmark(df)
    large = _row(t, "size_class", "large")
    assert large["n"] == 4 and large["suppressed"] and large["suppression"] == "below_min"
    assert np.isnan(large["mean"]) and np.isnan(large["q1"]) and np.isnan(large["q3"])
    assert suppression_note(large).render("en") == "Not shown: fewer than 5 assessments (n=4)"
    assert suppression_note(_row(t, "size_class", "small")) is None
    assert (visible(t)["n"] >= MIN_GROUP_SIZE).all()


def test_a_lone_small_group_cannot_be_worked_out_from_the_total():
    # all = 13; small 6 + medium 5 shown would reveal large (2) by subtraction
    df = _scores([("small", "independent", 6), ("medium", "independent", 5), ("large", "none", 2)])
    t = peer_benchmark(df)
    assert _row(t, "size_class", "large")["suppression"] == "below_min"
    medium = _row(t, "size_class", "medium")
    assert medium["suppressed"] and medium["suppression"] == "complementary" and medium["n"] == 5
    assert not _row(t, "size_class", "small")["suppressed"]
    assert "cannot be worked out" in suppression_note(medium).render("en")


def test_everything_suppressed_when_there_are_too_few_assessments():
    t = peer_benchmark(_scores([("small", "independent", 3)]))
    assert t["suppressed"].all() and (t["n"] == 3).all()
    assert visible(t).empty


def test_repeated_rows_count_as_one_assessment():
    df = _scores([("small", "independent", 5)])
    doubled = pd.concat([df, df.assign(score=df["score"] + 0)])
    t = peer_benchmark(doubled)
    assert _row(t, "all", "all")["n"] == 5


def test_export_is_anonymous():
    df = _scores([("small", "independent", 6), ("medium", "cbs_data_center", 5), ("large", "none", 3)])
    table = peer_benchmark(df).assign(assessment_id="A-001", municipality="Gemeente 1")  # even if added later
    data = peer_benchmark_csv(table, "en")
    text = data.decode("utf-8-sig")
    exported = pd.read_csv(io.StringIO(text))
    assert tuple(exported.columns) == EXPORT_COLUMNS
    assert "assessment_id" not in exported.columns and "municipality" not in exported.columns
    assert "A-0" not in text and "Gemeente" not in text
    large = exported[(exported["group"] == "large")]
    assert large["mean"].isna().all() and (large["n"] == 3).all()


def test_export_requires_a_peer_table():
    with pytest.raises(ValueError, match="use peer_benchmark"):
        peer_benchmark_csv(pd.DataFrame({"assessment_id": [1]}))


def test_bad_input_is_rejected_with_a_clear_message():
    df = _scores([("small", "independent", 5)])
    with pytest.raises(ValueError, match="lack column"):
        peer_benchmark(df.drop(columns=["score"]))
    with pytest.raises(ValueError, match="unknown size_class value"):
        peer_benchmark(df.assign(size_class="huge"))
    with pytest.raises(ValueError, match="free text could identify"):
        peer_benchmark(df.assign(lab_type="Datalab Gemeente X"))
    with pytest.raises(ValueError, match="at least 5"):
        peer_benchmark(df, min_n=3)


def test_missing_lab_type_becomes_unknown():
    df = _scores([("small", "independent", 5)]).assign(lab_type=None)
    t = peer_benchmark(df, groupings=["lab_type"])
    assert set(t["group"]) == {"unknown"}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["small", "medium", "large"]),
            st.sampled_from(["independent", "collaborating", "cbs_data_center", "none"]),
            st.integers(0, 9),
        ),
        min_size=1,
        max_size=6,
    )
)
def test_no_shown_group_and_no_hidden_remainder_is_below_five(groups):
    df = _scores(groups)
    if df.empty:
        return
    t = peer_benchmark(df)
    assert (t.loc[~t["suppressed"], "n"] >= MIN_GROUP_SIZE).all()
    assert t.loc[t["suppressed"], ["mean", "q1", "q3"]].isna().all().all()
    for (_grouping, _dim), part in t.groupby(["grouping", "dimension"]):
        hidden = part.loc[part["suppressed"], "n"].sum()
        # what can be derived by subtracting shown groups from the total is never a small group
        assert hidden == 0 or hidden >= MIN_GROUP_SIZE or part["suppressed"].all()
