"""Growing peer benchmark from completed (opted-in) maturity assessments.

Input: a long pandas DataFrame with one row per assessment and dimension:
``assessment_id, size_class (small|medium|large), lab_type, dimension, score``.
The caller selects which assessments may be used (completed, workshop opted in).

Output: per grouping (``all``, ``size_class``, ``lab_type``), group and dimension
the number of assessments ``n`` and, only when ``n >= MIN_GROUP_SIZE``, the mean
and the first and third quartile. Smaller groups are suppressed: ``n`` is shown,
the statistics are not. To stop a suppressed group being worked out by
subtracting the shown groups from the total, suppression is extended to the next
smallest group until the suppressed groups together hold at least
``MIN_GROUP_SIZE`` assessments (or all groups are suppressed).
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from typing import Any

import pandas as pd

from dshub.benchmarks.content import LAB_TYPE_NONE, LAB_TYPE_PLANNED, LAB_TYPES, Message
from dshub.reports import csvfile

MIN_GROUP_SIZE = 5
SIZE_CLASSES: tuple[str, ...] = ("small", "medium", "large")
PEER_LAB_TYPES: tuple[str, ...] = (*LAB_TYPES, LAB_TYPE_NONE, LAB_TYPE_PLANNED)
GROUPINGS: tuple[str, ...] = ("all", "size_class", "lab_type")
INPUT_COLUMNS: tuple[str, ...] = ("assessment_id", "size_class", "lab_type", "dimension", "score")
#: The only columns the anonymised export ever contains.
EXPORT_COLUMNS: tuple[str, ...] = (
    "grouping",
    "group",
    "dimension",
    "n",
    "mean",
    "q1",
    "q3",
    "suppressed",
    "suppression",
)
#: ``suppression`` values: shown, fewer than ``min_n`` assessments, or hidden to protect a small group.
SUPPRESSION_REASONS: tuple[str, ...] = ("", "below_min", "complementary")
UNKNOWN_GROUP = "unknown"
ALL_GROUP = "all"


def _clean(scores: pd.DataFrame) -> pd.DataFrame:
    missing = [c for c in INPUT_COLUMNS if c not in scores.columns]
    if missing:
        raise ValueError(f"peer scores lack column(s) {', '.join(missing)}; pass {', '.join(INPUT_COLUMNS)}")
    df = scores.loc[:, list(INPUT_COLUMNS)].copy()
    df["score"] = pd.to_numeric(df["score"], errors="coerce")
    df = df.dropna(subset=["assessment_id", "dimension", "score"])
    bad = sorted(set(df["size_class"].dropna().astype(str)) - set(SIZE_CLASSES))
    if bad:
        raise ValueError(f"unknown size_class value(s) {', '.join(bad)}; use {', '.join(SIZE_CLASSES)}")
    bad = sorted(set(df["lab_type"].dropna().astype(str)) - set(PEER_LAB_TYPES))
    if bad:
        raise ValueError(
            f"unknown lab_type value(s) {', '.join(bad)}; use {', '.join(PEER_LAB_TYPES)} "
            "(free text could identify a municipality in the export)"
        )
    for col in ("size_class", "lab_type"):
        df[col] = df[col].astype("string").fillna(UNKNOWN_GROUP)
    # One score per assessment and dimension: average repeated rows first, so n counts assessments.
    return df.groupby(["assessment_id", "size_class", "lab_type", "dimension"], as_index=False, observed=True)[
        ["score"]
    ].mean()


def _suppress(table: pd.DataFrame, min_n: int) -> pd.Series:
    """Primary (n < min_n) plus complementary suppression within each grouping and dimension."""
    suppressed = table["n"] < min_n
    for _, idx in table.groupby(["grouping", "dimension"], observed=True).groups.items():
        if len(idx) < 2:
            continue
        part = table.loc[idx].sort_values("n")
        hidden = suppressed.loc[part.index].copy()
        while 0 < part.loc[hidden, "n"].sum() < min_n and not hidden.all():
            hidden.loc[part.index[~hidden.to_numpy()][0]] = True
        suppressed.loc[part.index] = hidden
    return suppressed


def peer_benchmark(
    scores: pd.DataFrame,
    groupings: Sequence[str] = GROUPINGS,
    min_n: int = MIN_GROUP_SIZE,
) -> pd.DataFrame:
    """Peer statistics per grouping, group and dimension (columns: :data:`EXPORT_COLUMNS`).

    ``mean``, ``q1`` and ``q3`` are NaN where ``suppressed`` is True; ``n`` is always given.
    """
    if min_n < MIN_GROUP_SIZE:
        raise ValueError(f"min_n must be at least {MIN_GROUP_SIZE}")
    unknown = [g for g in groupings if g not in GROUPINGS]
    if unknown:
        raise ValueError(f"unknown grouping(s) {', '.join(unknown)}; use {', '.join(GROUPINGS)}")
    df = _clean(scores)
    parts = []
    for grouping in groupings:
        keyed = df.assign(group=ALL_GROUP if grouping == "all" else df[grouping])
        stats = (
            keyed.groupby(["group", "dimension"], observed=True)["score"]
            .agg(n="count", mean="mean", q1=lambda s: s.quantile(0.25), q3=lambda s: s.quantile(0.75))
            .reset_index()
        )
        stats.insert(0, "grouping", grouping)
        parts.append(stats)
    if not parts or all(p.empty for p in parts):
        return pd.DataFrame({c: pd.Series(dtype="object") for c in EXPORT_COLUMNS})
    table = pd.concat(parts, ignore_index=True)
    table["n"] = table["n"].astype(int)
    table["suppressed"] = _suppress(table, min_n)
    table["suppression"] = ""
    table.loc[table["suppressed"], "suppression"] = "complementary"
    table.loc[table["n"] < min_n, "suppression"] = "below_min"
    for col in ("mean", "q1", "q3"):
        table[col] = table[col].astype(float).round(2).where(~table["suppressed"])
    table["group"] = table["group"].astype(str)
    table["dimension"] = table["dimension"].astype(str)
    return table.loc[:, list(EXPORT_COLUMNS)].sort_values(["grouping", "group", "dimension"], ignore_index=True)


def suppression_note(row: Mapping[Hashable, Any], min_n: int = MIN_GROUP_SIZE) -> Message | None:
    """Why a row shows no statistics (``None`` when it does); n is part of the message.

    ``row``: one row of the peer table, column name to value (``DataFrame.to_dict("records")``)."""
    reason = row.get("suppression") or ("below_min" if row.get("suppressed") else "")
    if not reason:
        return None
    return Message(f"benchmarks.peers.suppressed.{reason}", {"n": int(row["n"]), "min_n": min_n})


def visible(table: pd.DataFrame) -> pd.DataFrame:
    """Only the rows that may be shown with statistics."""
    return table.loc[~table["suppressed"]].reset_index(drop=True)


def peer_benchmark_csv(table: pd.DataFrame, lang: str = "nl") -> bytes:
    """Anonymised CSV of a :func:`peer_benchmark` table, as a spreadsheet in ``lang`` reads it
    (:mod:`dshub.reports.csvfile`: Dutch ``;`` and ``3,5``, English ``,`` and ``3.5``, UTF-8 with BOM).

    Only :data:`EXPORT_COLUMNS` are written (never assessment ids or municipality
    names, whatever else the frame holds); suppressed statistics are empty.
    """
    missing = [c for c in EXPORT_COLUMNS if c not in table.columns]
    if missing:
        raise ValueError(f"not a peer benchmark table: missing {', '.join(missing)}; use peer_benchmark() first")
    out = table.loc[:, list(EXPORT_COLUMNS)].copy()
    for col in ("mean", "q1", "q3"):
        out[col] = out[col].where(~out["suppressed"].astype(bool))
    return csvfile.frame_to_csv(out, lang)
