"""Pure, vectorised scoring of maturity-scan answers.

Input is one pandas DataFrame of answers, one row per answer, with columns:

* ``respondent`` (str): a team record or an individual respondent;
* ``group`` (str): workshop or municipality id;
* ``role`` (str or None): the respondent's role, may be missing;
* ``item_id`` (str): an item id of the maturity model;
* ``value`` (int 1..5, or None/NaN for "don't know");
* ``assessed_at`` (optional): identifies the assessment round, e.g. the date the
  scan was opened, shared by all answers of that round. When the column is
  present, every group-level result is given per group *and* assessment; that
  is what the trend (:func:`history`) uses and :func:`latest` selects from.
* ``scan`` (optional): ``"quick"`` or ``"full"``, the scan the respondent answered
  at, for sessions where each team chooses (see **Own scan** below). Missing or
  any other value: the ``scan`` argument of :func:`score` applies to that row.

The entry point is :func:`score`; targets are applied afterwards with
:func:`target_gaps`.

Rules (documented here once, used everywhere below):

* **Unknown items** (not in the given content version, e.g. removed in a newer
  version) are ignored and reported in :attr:`MaturityResult.ignored_items`;
  they never raise.
* **Invalid values** (not a whole number 1..5) are treated as "don't know" and
  counted in :attr:`MaturityResult.invalid_values`. Rows without respondent,
  group or item id are dropped and counted in ``dropped_rows``.
* **Duplicates**: if one respondent answered the same item twice in one
  assessment, the last row wins.
* **Dimension score**: the mean of the respondent's answered items in that
  dimension, on 1.0..5.0; "don't know" is excluded. ``coverage`` is
  ``answered / asked``, where ``asked`` is the number of items of the scan in
  that dimension (``scan="quick"`` or ``"full"``) plus any other items the
  respondent has a row for; with ``scan=None`` it is the number of rows
  (answered plus don't-know). Coverage is 0.0 when nothing was asked.
* **Own scan** (the ``scan`` column): a respondent with a scan of its own is
  scored on the items of that scan only: a row at ``"quick"`` for an item outside
  the quickscan is left out (counted in :attr:`MaturityResult.outside_scan`, with a
  note), and ``asked`` is the number of items of its own scan in the dimension.
  The rows of one respondent should carry one scan; if they differ, the widest
  counts for ``asked``. Scores of respondents at different scans are on the same
  scale (every item has one answer per level, and the quickscan items are part of
  the full scan), so group statistics take every respondent as usual; when both
  scans occur, a note says how many respondents answered each.
* **Level**: the level reached is the score rounded *down* (2.9 -> level 2,
  3.0 -> level 3). Rounding down is deliberate: a level counts as reached only
  when the average reaches it, which offsets the known optimism of
  self-assessments and keeps the "next step" advice meaningful.
* **Area score**: for a respondent the mean of their dimension scores in that
  area; for a group the mean of the group's dimension means in that area (each
  dimension weighs equally).
* **Group aggregation**: every respondent weighs equally: the group statistics
  (mean, min, max, quartiles with linear interpolation, IQR) are taken over the
  respondents' dimension scores. ``n`` is the number of respondents with a
  score in that dimension.
* **Disagreement**: within a group, an item is flagged when its answers differ
  by ``threshold`` (default 2) levels or more; a dimension is flagged when one
  of its items is, or when the respondents' dimension scores differ by the
  threshold or more.
* **Overall score**: the mean of the dimension means. It is a secondary figure;
  show the dimension profile first.

Every result is a DataFrame with fixed columns (see the ``*_COLUMNS``
constants); an empty input gives empty frames with those columns.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from numbers import Real
from typing import Any

import numpy as np
import pandas as pd
from pandas.api.extensions import ExtensionArray

from dshub.maturity.content import MAX_LEVEL, MIN_LEVEL, MaturityModel, Scan

REQUIRED_COLUMNS: tuple[str, ...] = ("respondent", "group", "role", "item_id", "value")
ASSESSED_AT = "assessed_at"
SCAN = "scan"
_SCANS: tuple[Scan, ...] = ("quick", "full")
_SCAN_CODES: dict[str, int] = {s: i for i, s in enumerate(_SCANS)}  # per respondent: -1 = no scan of its own

RESPONDENT_COLUMNS = (
    "group",
    "respondent",
    "role",
    "dimension",
    "area",
    "score",
    "level",
    "answered",
    "dont_know",
    "asked",
    "coverage",
)
RESPONDENT_AREA_COLUMNS = ("group", "respondent", "role", "area", "score", "level", "dimensions")
DIMENSION_COLUMNS = (
    "group",
    "dimension",
    "area",
    "respondents",
    "n",
    "mean",
    "min",
    "max",
    "q1",
    "q3",
    "iqr",
    "level",
    "answered",
    "dont_know",
    "asked",
    "coverage",
    "disagreement",
    "disagreement_items",
)
AREA_COLUMNS = ("group", "area", "score", "level", "dimensions")
ITEM_COLUMNS = ("group", "item_id", "dimension", "n", "dont_know", "mean", "min", "max", "spread", "disagreement")
OVERALL_COLUMNS = ("group", "respondents", "overall", "level", "dimensions_scored", "coverage")
ROLE_MEAN_COLUMNS = ("group", "dimension", "role", "mean", "n")
ROLE_GAP_COLUMNS = ("group", "dimension", "gap", "high_role", "high_mean", "low_role", "low_mean", "roles", "rank")
HISTORY_COLUMNS = ("group", ASSESSED_AT, "dimension", "mean", "n", "level", "change")
TARGET_COLUMNS = ("group", "dimension", "area", "score", "level", "target", "gap", "met", "priority")
IGNORED_COLUMNS = ("item_id", "answers")

_EPS = 1e-9


# --------------------------------------------------------------------------- errors and notes


class ScoringError(ValueError):
    """A problem with scoring input; ``key``/``params`` give a translatable message (``dshub.i18n.t``)."""

    def __init__(self, key: str, message: str, **params: Any):
        super().__init__(message)
        self.key = key
        self.params = params


class AnswersError(ScoringError):
    """The answers frame lacks required columns."""


class TargetError(ScoringError):
    """A target level is not a whole number 1..5, or names an unknown dimension."""


@dataclass(frozen=True)
class Note:
    """Something the user should know about the input; render with ``t(note.key, lang, **note.params)``."""

    key: str
    params: dict[str, Any] = field(default_factory=dict)


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class RoleGaps:
    """Perception gap between roles.

    ``means``: per group, dimension and role the mean dimension score and ``n``
    respondents (:data:`ROLE_MEAN_COLUMNS`). ``gaps``: per group and dimension the
    difference between the highest and the lowest role mean, with both roles;
    sorted per group from the largest gap down, ``rank`` 1 is the dimension where
    roles differ most (:data:`ROLE_GAP_COLUMNS`). Respondents without a role are
    left out; a dimension needs at least two roles to have a gap.
    """

    means: pd.DataFrame
    gaps: pd.DataFrame


@dataclass(frozen=True)
class MaturityResult:
    """Everything :func:`score` computes. Group-level frames carry ``assessed_at`` when the input did.

    * ``respondents`` - per respondent and dimension (:data:`RESPONDENT_COLUMNS`)
    * ``respondent_areas`` - per respondent and area (:data:`RESPONDENT_AREA_COLUMNS`)
    * ``dimensions`` - per group and dimension: statistics, spread, disagreement (:data:`DIMENSION_COLUMNS`)
    * ``areas`` - per group and area (:data:`AREA_COLUMNS`)
    * ``items`` - per group and item: answer spread and disagreement flag (:data:`ITEM_COLUMNS`)
    * ``role_gaps`` - :class:`RoleGaps`
    * ``overall`` - per group: the secondary overall figure (:data:`OVERALL_COLUMNS`)
    * ``history`` - per group, assessment and dimension with change since the previous assessment
      (:data:`HISTORY_COLUMNS`); empty without ``assessed_at``
    * ``ignored_items`` - answers to items not in this content version (:data:`IGNORED_COLUMNS`)
    * ``invalid_values`` / ``dropped_rows`` - counts of bad input that was neutralised
    * ``outside_scan`` - answers left out because they lie outside the respondent's own scan
    * ``notes`` - translatable notes about the points above
    """

    respondents: pd.DataFrame
    respondent_areas: pd.DataFrame
    dimensions: pd.DataFrame
    areas: pd.DataFrame
    items: pd.DataFrame
    role_gaps: RoleGaps
    overall: pd.DataFrame
    history: pd.DataFrame
    ignored_items: pd.DataFrame
    invalid_values: int = 0
    dropped_rows: int = 0
    outside_scan: int = 0
    content_version: str = ""
    notes: tuple[Note, ...] = ()

    @property
    def empty(self) -> bool:
        return self.respondents.empty

    @property
    def groups(self) -> list[str]:
        return list(pd.unique(self.dimensions["group"])) if not self.dimensions.empty else []


# --------------------------------------------------------------------------- levels


def level_for(score: float | None) -> int | None:
    """Level reached for a score on 1..5 (rounded down), ``None`` for a missing score."""
    if score is None or pd.isna(score):
        return None
    return int(min(MAX_LEVEL, max(MIN_LEVEL, math.floor(score + _EPS))))


def levels_for(scores: pd.Series | np.ndarray) -> pd.Series:
    """Vectorised :func:`level_for`; returns a nullable ``Int64`` series."""
    arr = np.asarray(scores, dtype=float)
    lv = np.clip(np.floor(arr + _EPS), MIN_LEVEL, MAX_LEVEL)  # NaN stays NaN
    index = scores.index if isinstance(scores, pd.Series) else None
    mask = np.isnan(lv)
    return pd.Series(pd.arrays.IntegerArray(np.where(mask, 0, lv).astype(np.int64), mask), index=index)


# --------------------------------------------------------------------------- preparation


def _empty(columns: Iterable[str], dtypes: Mapping[str, str] | None = None) -> pd.DataFrame:
    dtypes = dtypes or {}
    return pd.DataFrame({c: pd.Series(dtype=dtypes.get(c, "str")) for c in columns})


def _labels(values: Iterable[str]) -> ExtensionArray:
    """Labels as a pandas array; ``.take(codes)`` on it is fast and needs no string conversion."""
    return pd.Index(list(values), dtype="str").array


def _take(labels: ExtensionArray, codes: np.ndarray) -> ExtensionArray:
    """``labels[codes]``, with -1 giving a missing value."""
    return labels.take(codes, allow_fill=True)


@dataclass(frozen=True)
class PreparedAnswers:
    """Cleaned answers as integer codes (fast to aggregate) plus the labels to decode them.

    Per answer: ``resp`` (respondent index), ``item`` (position in ``model.items``),
    ``value`` (float, NaN = don't know). Per respondent: ``resp_gkey`` (group
    index), ``resp_id`` (respondent id), ``resp_role`` (index into ``roles``, -1 =
    no role), ``resp_scan`` (the respondent's own scan: 0 quick, 1 full, -1 none).
    Per group index: ``gkey_group`` and, when the input has assessments,
    ``gkey_assessed``. Respondents are ordered by group, assessment and id.
    """

    resp: np.ndarray
    item: np.ndarray
    value: np.ndarray
    resp_gkey: np.ndarray
    resp_id: ExtensionArray
    resp_role: np.ndarray
    gkey_group: ExtensionArray
    gkey_assessed: ExtensionArray | None
    roles: ExtensionArray
    ignored_items: pd.DataFrame
    invalid_values: int
    dropped_rows: int
    resp_scan: np.ndarray | None = None
    outside_scan: int = 0

    @property
    def has_assessments(self) -> bool:
        return self.gkey_assessed is not None

    @property
    def n_respondents(self) -> int:
        return len(self.resp_gkey)

    @property
    def n_groups(self) -> int:
        return len(self.gkey_group)

    def group_columns(self, gkey: np.ndarray) -> dict[str, ExtensionArray]:
        """``group`` (and ``assessed_at``) columns for an array of group indexes."""
        cols = {"group": _take(self.gkey_group, gkey)}
        if self.gkey_assessed is not None:
            cols[ASSESSED_AT] = _take(self.gkey_assessed, gkey)
        return cols

    def frame(self, model: MaturityModel) -> pd.DataFrame:
        """The cleaned answers as a readable DataFrame (for inspection and export)."""
        gk = self.resp_gkey[self.resp]
        return pd.DataFrame(
            {
                **self.group_columns(gk),
                "respondent": _take(self.resp_id, self.resp),
                "role": _take(self.roles, self.resp_role[self.resp]),
                "item_id": _take(_labels(i.id for i in model.items), self.item),
                "value": self.value,
            }
        )


def _check_columns(answers: pd.DataFrame | None) -> pd.DataFrame:
    if answers is None or (len(answers) == 0 and not set(REQUIRED_COLUMNS) <= set(answers.columns)):
        extra = {ASSESSED_AT: answers[ASSESSED_AT]} if answers is not None and ASSESSED_AT in answers else {}
        return pd.DataFrame({**{c: pd.Series(dtype="object") for c in REQUIRED_COLUMNS}, **extra})
    missing = [c for c in REQUIRED_COLUMNS if c not in answers.columns]
    if missing:
        raise AnswersError(
            "maturity.error.missing_columns",
            f"the answers need the columns {', '.join(REQUIRED_COLUMNS)}; missing: {', '.join(missing)}",
            columns=", ".join(missing),
        )
    return answers


def prepare_answers(answers: pd.DataFrame | None, model: MaturityModel) -> PreparedAnswers:
    """Validate and clean an answers frame (see the module docstring for the rules)."""
    answers = _check_columns(answers)
    has_a = ASSESSED_AT in answers.columns
    g_codes, g_uni = pd.factorize(answers["group"], sort=True)
    r_codes, r_uni = pd.factorize(answers["respondent"], sort=True)
    i_codes, i_uni = pd.factorize(answers["item_id"])
    role_codes, role_uni = pd.factorize(answers["role"], sort=True)
    keep = (g_codes >= 0) & (r_codes >= 0) & (i_codes >= 0)
    a_codes, a_uni = np.zeros(len(answers), dtype=np.int64), None  # no dates: every row in one slot
    if has_a:
        a_codes, a_uni = pd.factorize(answers[ASSESSED_AT], sort=True)
        keep &= a_codes >= 0
    dropped = int(len(answers) - keep.sum())

    # Item ids -> positions in the model, through the (few) distinct ids only.
    pos = {item.id: n for n, item in enumerate(model.items)}
    uni_pos = np.fromiter(
        (pos.get(x, -1) if isinstance(x, str) else -1 for x in i_uni), dtype=np.int64, count=len(i_uni)
    )
    item = np.where(i_codes >= 0, uni_pos[np.maximum(i_codes, 0)] if len(uni_pos) else -1, -1)
    unknown = keep & (item < 0)
    if unknown.any():
        counts = np.bincount(i_codes[unknown], minlength=len(i_uni))
        nz = np.flatnonzero(counts)
        ignored = pd.DataFrame(
            {"item_id": pd.Index(i_uni[nz]).astype(str).array, "answers": counts[nz].astype(np.int64)}
        )
        ignored = ignored.sort_values("item_id", kind="stable").reset_index(drop=True)
        keep &= item >= 0
    else:
        ignored = _empty(IGNORED_COLUMNS, {"answers": "int64"})

    # Own scan per row (-1: none); a quickscan row for an item outside the quickscan is left out.
    depth = np.full(len(answers), -1, dtype=np.int64)
    if SCAN in answers.columns:
        s_codes, s_uni = pd.factorize(answers[SCAN])
        uni_depth = np.fromiter(
            (_SCAN_CODES.get(x, -1) if isinstance(x, str) else -1 for x in s_uni), dtype=np.int64, count=len(s_uni)
        )
        if len(uni_depth):
            depth = np.where(s_codes >= 0, uni_depth[np.maximum(s_codes, 0)], -1)
    quick_item = np.array([i.quickscan for i in model.items], dtype=bool)
    outside = keep & (item >= 0) & (depth == _SCAN_CODES["quick"]) & ~quick_item[np.maximum(item, 0)]
    outside_scan = int(outside.sum())
    keep &= ~outside

    raw = answers["value"]
    values = pd.to_numeric(raw, errors="coerce").to_numpy(dtype=float, na_value=np.nan)[keep]
    given = raw.notna().to_numpy()[keep]
    with np.errstate(invalid="ignore"):
        valid = (values >= MIN_LEVEL) & (values <= MAX_LEVEL) & (np.floor(values) == values)
    invalid = int((given & ~valid).sum())
    values = np.where(valid, values, np.nan)

    g_codes, r_codes, item, role_codes = g_codes[keep], r_codes[keep], item[keep], role_codes[keep]
    depth = depth[keep]
    a_codes = a_codes[keep]
    n_a = 1 if a_uni is None else max(len(a_uni), 1)
    gkey_raw = g_codes.astype(np.int64) * n_a + a_codes
    gkey, gkey_uni = pd.factorize(gkey_raw, sort=True)
    n_r = max(len(r_uni), 1)
    resp, resp_uni = pd.factorize(gkey.astype(np.int64) * n_r + r_codes, sort=True)
    resp = resp.astype(np.int64)
    gkey_uni = np.asarray(gkey_uni, dtype=np.int64)
    resp_uni = np.asarray(resp_uni, dtype=np.int64)
    n_resp = len(resp_uni)
    # A respondent's own scan: the widest its rows name (one scan per respondent is the normal case).
    resp_scan = np.full(n_resp, -1, dtype=np.int64)
    np.maximum.at(resp_scan, resp, depth)

    # One answer per respondent and item: the last row wins.
    n_items = len(model.items)
    key = resp * n_items + item
    if n_resp and np.bincount(key, minlength=n_resp * n_items).max() > 1:
        last = ~pd.Index(key).duplicated(keep="last")
        resp, item, values, role_codes = resp[last], item[last], values[last], role_codes[last]

    # Role per respondent: the first role given.
    resp_role = np.full(n_resp, -1, dtype=np.int64)
    has_role = role_codes >= 0
    if has_role.any():
        first = pd.Series(role_codes[has_role]).groupby(resp[has_role], sort=False).first()
        resp_role[first.index.to_numpy()] = first.to_numpy()

    return PreparedAnswers(
        resp=resp,
        item=item.astype(np.int64),
        value=values,
        resp_gkey=resp_uni // n_r,
        resp_id=_take(r_uni.array, resp_uni % n_r),
        resp_role=resp_role,
        gkey_group=_take(g_uni.array, gkey_uni // n_a),
        gkey_assessed=None if a_uni is None else _take(a_uni.array, gkey_uni % n_a),
        roles=role_uni.array,
        ignored_items=ignored,
        invalid_values=invalid,
        dropped_rows=dropped,
        resp_scan=resp_scan,
        outside_scan=outside_scan,
    )


# --------------------------------------------------------------------------- helpers


def _group_cols(has_assessments: bool) -> list[str]:
    return ["group", ASSESSED_AT] if has_assessments else ["group"]


def _with_assessed(columns: tuple[str, ...], has_assessments: bool) -> list[str]:
    cols = list(columns)
    if has_assessments:
        cols.insert(1, ASSESSED_AT)
    return cols


def _group_stats(key: np.ndarray, x: np.ndarray, n_keys: int) -> dict[str, np.ndarray]:
    """Per key 0..n_keys-1: size, n (non-missing), mean, min, max, q1, q3 of ``x``.

    Quartiles use linear interpolation (as numpy's and pandas' default). Vectorised:
    one lexsort, no Python loop over groups.
    """
    ok = ~np.isnan(x)
    size = np.bincount(key, minlength=n_keys)
    n = np.bincount(key[ok], minlength=n_keys)
    total = np.bincount(key[ok], weights=x[ok], minlength=n_keys)
    xs = x[ok][np.lexsort((x[ok], key[ok]))]
    start = np.concatenate(([0], np.cumsum(n)[:-1]))
    has = n > 0

    def quantile(p: float) -> np.ndarray:
        if not len(xs):
            return np.full(n_keys, np.nan)
        h = (np.maximum(n, 1) - 1) * p
        lo = np.floor(h).astype(np.int64)
        hi = np.ceil(h).astype(np.int64)
        a = xs[np.where(has, start + lo, 0)]
        b = xs[np.where(has, start + hi, 0)]
        return np.where(has, a + (h - lo) * (b - a), np.nan)

    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(has, total / np.maximum(n, 1), np.nan)
    return {
        "size": size,
        "n": n,
        "mean": mean,
        "min": quantile(0.0),
        "max": quantile(1.0),
        "q1": quantile(0.25),
        "q3": quantile(0.75),
    }


def _coverage(answered: np.ndarray, asked: np.ndarray) -> np.ndarray:
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(asked > 0, answered / np.maximum(asked, 1), 0.0)


# --------------------------------------------------------------------------- respondent level


def respondent_scores(prepared: PreparedAnswers, model: MaturityModel, scan: Scan | None = None) -> pd.DataFrame:
    """Per respondent and dimension (:data:`RESPONDENT_COLUMNS`), plus internal ``_``-columns.

    One row for every respondent and every dimension of the model (respondents in
    group order, dimensions in model order); a dimension without answers has a
    missing score and level and coverage 0.
    """
    has_a = prepared.has_assessments
    cols = _with_assessed(RESPONDENT_COLUMNS, has_a) + ["_resp", "_gkey", "_dim", "_role"]
    n_resp = prepared.n_respondents
    if n_resp == 0:
        return _empty(cols, _RESPONDENT_DTYPES)
    dim_ids = [d.id for d in model.dimensions]
    n_dims = len(dim_ids)
    item_dim = _item_dims(model)
    flat = prepared.resp * n_dims + item_dim[prepared.item]
    size = n_resp * n_dims
    ok = ~np.isnan(prepared.value)
    rows = np.bincount(flat, minlength=size)
    answered = np.bincount(flat[ok], minlength=size)
    total = np.bincount(flat[ok], weights=prepared.value[ok], minlength=size)
    with np.errstate(invalid="ignore", divide="ignore"):
        score_ = np.where(answered > 0, total / np.maximum(answered, 1), np.nan)
    if scan is None:
        asked = rows
    else:
        in_scan = _in_scan(model, scan)
        per_dim = np.bincount(item_dim[in_scan], minlength=n_dims)
        outside = ~in_scan[prepared.item]
        asked = np.tile(per_dim, n_resp) + np.bincount(flat[outside], minlength=size)
    own = prepared.resp_scan
    if own is not None and (own >= 0).any():
        # Respondents with a scan of their own were asked its items (rows outside it were left out).
        per_scan = np.stack([np.bincount(item_dim[_in_scan(model, s)], minlength=n_dims) for s in _SCANS])
        asked = np.where(np.repeat(own >= 0, n_dims), per_scan[np.maximum(own, 0)].ravel(), asked)

    resp_idx = np.repeat(np.arange(n_resp, dtype=np.int64), n_dims)
    dim_idx = np.tile(np.arange(n_dims, dtype=np.int64), n_resp)
    gk = prepared.resp_gkey[resp_idx]
    role = prepared.resp_role[resp_idx]
    areas = model.dimension_areas()
    out = pd.DataFrame(
        {
            **prepared.group_columns(gk),
            "respondent": _take(prepared.resp_id, resp_idx),
            "role": _take(prepared.roles, role),
            "dimension": _take(_labels(dim_ids), dim_idx),
            "area": _take(_labels(areas[d] for d in dim_ids), dim_idx),
            "score": score_,
            "level": levels_for(score_).array,
            "answered": answered.astype(np.int64),
            "dont_know": (rows - answered).astype(np.int64),
            "asked": asked.astype(np.int64),
            "coverage": _coverage(answered, asked),
            "_resp": resp_idx,
            "_gkey": gk,
            "_dim": dim_idx,
            "_role": role,
        }
    )
    return out[cols]


_RESPONDENT_DTYPES = {
    "score": "float64",
    "level": "Int64",
    "answered": "int64",
    "dont_know": "int64",
    "asked": "int64",
    "coverage": "float64",
    "_resp": "int64",
    "_gkey": "int64",
    "_dim": "int64",
    "_role": "int64",
}


def _in_scan(model: MaturityModel, scan: Scan) -> np.ndarray:
    """Per item of the model (in model order): whether the scan asks it."""
    scan_ids = {it.id for it in model.items_for(scan)}
    return np.array([it.id in scan_ids for it in model.items], dtype=bool)


def _item_dims(model: MaturityModel) -> np.ndarray:
    pos = {d.id: n for n, d in enumerate(model.dimensions)}
    return np.array([pos[i.dimension] for i in model.items], dtype=np.int64)


def respondent_area_scores(resp: pd.DataFrame, model: MaturityModel) -> pd.DataFrame:
    """Per respondent and area: mean of that respondent's dimension scores in the area."""
    has_a = ASSESSED_AT in resp.columns
    cols = _with_assessed(RESPONDENT_AREA_COLUMNS, has_a)
    if resp.empty:
        return _empty(cols, {"score": "float64", "level": "Int64", "dimensions": "int64"})
    n_dims = len(model.dimensions)
    scores = resp["score"].to_numpy(dtype=float).reshape(-1, n_dims)
    n_resp = scores.shape[0]
    area_ids = [a.id for a in model.areas]
    dim_area = np.array([area_ids.index(d.area) for d in model.dimensions])
    area_scores = np.full((n_resp, len(area_ids)), np.nan)
    area_counts = np.zeros((n_resp, len(area_ids)), dtype=np.int64)
    for a in range(len(area_ids)):
        block = scores[:, dim_area == a]
        cnt = (~np.isnan(block)).sum(axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            area_scores[:, a] = np.where(cnt > 0, np.nansum(block, axis=1) / np.maximum(cnt, 1), np.nan)
        area_counts[:, a] = cnt
    first_rows = np.arange(n_resp) * n_dims
    base = resp.iloc[np.repeat(first_rows, len(area_ids))]
    flat_scores = area_scores.ravel()
    out = pd.DataFrame(
        {
            **{c: base[c].array for c in _with_assessed(("group", "respondent", "role"), has_a)},
            "area": _take(_labels(area_ids), np.tile(np.arange(len(area_ids)), n_resp)),
            "score": flat_scores,
            "level": levels_for(flat_scores).array,
            "dimensions": area_counts.ravel(),
        }
    )
    return out[cols]


# --------------------------------------------------------------------------- group level


def item_stats(prepared: PreparedAnswers, model: MaturityModel, threshold: int = 2) -> pd.DataFrame:
    """Per group and item (:data:`ITEM_COLUMNS`, plus ``_gkey``/``_item``): spread and disagreement."""
    has_a = prepared.has_assessments
    cols = _with_assessed(ITEM_COLUMNS, has_a) + ["_gkey", "_item"]
    if prepared.n_respondents == 0:
        return _empty(
            cols,
            {
                "n": "int64",
                "dont_know": "int64",
                "mean": "float64",
                "min": "float64",
                "max": "float64",
                "spread": "float64",
                "disagreement": "bool",
                "_gkey": "int64",
                "_item": "int64",
            },
        )
    n_items = len(model.items)
    n_keys = prepared.n_groups * n_items
    key = prepared.resp_gkey[prepared.resp] * n_items + prepared.item
    v = prepared.value
    ok = ~np.isnan(v)
    size = np.bincount(key, minlength=n_keys)
    n = np.bincount(key[ok], minlength=n_keys)
    total = np.bincount(key[ok], weights=v[ok], minlength=n_keys)
    # Values are whole levels 1..5: min and max follow from which levels occur.
    present = np.stack([np.bincount(key[v == lv], minlength=n_keys) > 0 for lv in range(MIN_LEVEL, MAX_LEVEL + 1)])
    levels = np.arange(MIN_LEVEL, MAX_LEVEL + 1, dtype=float)[:, None]
    has = n > 0
    vmin = np.where(has, np.where(present, levels, np.inf).min(axis=0), np.nan)
    vmax = np.where(has, np.where(present, levels, -np.inf).max(axis=0), np.nan)
    sel = np.flatnonzero(size)
    gk, it = sel // n_items, sel % n_items
    spread = (vmax - vmin)[sel]
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(has, total / np.maximum(n, 1), np.nan)[sel]
    out = pd.DataFrame(
        {
            **prepared.group_columns(gk),
            "item_id": _take(_labels(i.id for i in model.items), it),
            "dimension": _take(_labels(i.dimension for i in model.items), it),
            "n": n[sel].astype(np.int64),
            "dont_know": (size - n)[sel].astype(np.int64),
            "mean": mean,
            "min": vmin[sel],
            "max": vmax[sel],
            "spread": spread,
            "disagreement": np.nan_to_num(spread, nan=0.0) >= threshold - _EPS,
            "_gkey": gk.astype(np.int64),
            "_item": it.astype(np.int64),
        }
    )
    return out[cols]


_DIMENSION_DTYPES = {
    **{c: "float64" for c in ("mean", "min", "max", "q1", "q3", "iqr", "coverage")},
    "respondents": "int64",
    "n": "int64",
    "level": "Int64",
    "answered": "int64",
    "dont_know": "int64",
    "asked": "int64",
    "disagreement": "bool",
    "disagreement_items": "int64",
    "_gkey": "int64",
    "_dim": "int64",
}


def dimension_stats(
    prepared: PreparedAnswers, resp: pd.DataFrame, items: pd.DataFrame, model: MaturityModel, threshold: int = 2
) -> pd.DataFrame:
    """Per group and dimension (:data:`DIMENSION_COLUMNS`, plus ``_gkey``/``_dim``)."""
    has_a = prepared.has_assessments
    cols = _with_assessed(DIMENSION_COLUMNS, has_a) + ["_gkey", "_dim"]
    if resp.empty:
        return _empty(cols, _DIMENSION_DTYPES)
    n_dims = len(model.dimensions)
    n_keys = prepared.n_groups * n_dims
    key = resp["_gkey"].to_numpy() * n_dims + resp["_dim"].to_numpy()
    st = _group_stats(key, resp["score"].to_numpy(dtype=float), n_keys)
    sums = {
        c: np.bincount(key, weights=resp[c].to_numpy(), minlength=n_keys).astype(np.int64)
        for c in ("answered", "dont_know", "asked")
    }
    if not items.empty:
        ikey = items["_gkey"].to_numpy() * n_dims + _item_dims(model)[items["_item"].to_numpy()]
        flagged = np.bincount(ikey, weights=items["disagreement"].to_numpy(), minlength=n_keys).astype(np.int64)
    else:
        flagged = np.zeros(n_keys, dtype=np.int64)
    sel = np.flatnonzero(st["size"])
    gk, dm = sel // n_dims, sel % n_dims
    dim_ids = [d.id for d in model.dimensions]
    areas = model.dimension_areas()
    spread = (st["max"] - st["min"])[sel]
    out = pd.DataFrame(
        {
            **prepared.group_columns(gk),
            "dimension": _take(_labels(dim_ids), dm),
            "area": _take(_labels(areas[d] for d in dim_ids), dm),
            "respondents": st["size"][sel].astype(np.int64),
            "n": st["n"][sel].astype(np.int64),
            "mean": st["mean"][sel],
            "min": st["min"][sel],
            "max": st["max"][sel],
            "q1": st["q1"][sel],
            "q3": st["q3"][sel],
            "iqr": (st["q3"] - st["q1"])[sel],
            "level": levels_for(st["mean"][sel]).array,
            "answered": sums["answered"][sel],
            "dont_know": sums["dont_know"][sel],
            "asked": sums["asked"][sel],
            "coverage": _coverage(sums["answered"][sel], sums["asked"][sel]),
            "disagreement": (flagged[sel] > 0) | (np.nan_to_num(spread, nan=0.0) >= threshold - _EPS),
            "disagreement_items": flagged[sel],
            "_gkey": gk.astype(np.int64),
            "_dim": dm.astype(np.int64),
        }
    )
    return out[cols]


def area_stats(prepared: PreparedAnswers, dims: pd.DataFrame, model: MaturityModel) -> pd.DataFrame:
    """Per group and area (:data:`AREA_COLUMNS`): mean of the group's dimension means in the area."""
    has_a = prepared.has_assessments
    cols = _with_assessed(AREA_COLUMNS, has_a)
    if dims.empty:
        return _empty(cols, {"score": "float64", "level": "Int64", "dimensions": "int64"})
    area_ids = [a.id for a in model.areas]
    n_areas = len(area_ids)
    dim_area = np.array([area_ids.index(d.area) for d in model.dimensions], dtype=np.int64)
    key = dims["_gkey"].to_numpy() * n_areas + dim_area[dims["_dim"].to_numpy()]
    mean = dims["mean"].to_numpy(dtype=float)
    ok = ~np.isnan(mean)
    n_keys = prepared.n_groups * n_areas
    present = np.bincount(key, minlength=n_keys)
    cnt = np.bincount(key[ok], minlength=n_keys)
    total = np.bincount(key[ok], weights=mean[ok], minlength=n_keys)
    sel = np.flatnonzero(present)
    with np.errstate(invalid="ignore", divide="ignore"):
        score_ = np.where(cnt > 0, total / np.maximum(cnt, 1), np.nan)[sel]
    out = pd.DataFrame(
        {
            **prepared.group_columns(sel // n_areas),
            "area": _take(_labels(area_ids), sel % n_areas),
            "score": score_,
            "level": levels_for(score_).array,
            "dimensions": cnt[sel].astype(np.int64),
        }
    )
    return out[cols]


def overall_stats(prepared: PreparedAnswers, dims: pd.DataFrame) -> pd.DataFrame:
    """Per group (:data:`OVERALL_COLUMNS`): the overall figure, a secondary number only."""
    has_a = prepared.has_assessments
    cols = _with_assessed(OVERALL_COLUMNS, has_a)
    if dims.empty:
        return _empty(
            cols,
            {
                "respondents": "int64",
                "overall": "float64",
                "level": "Int64",
                "dimensions_scored": "int64",
                "coverage": "float64",
            },
        )
    n = prepared.n_groups
    gk = dims["_gkey"].to_numpy()
    mean = dims["mean"].to_numpy(dtype=float)
    ok = ~np.isnan(mean)
    cnt = np.bincount(gk[ok], minlength=n)
    with np.errstate(invalid="ignore", divide="ignore"):
        overall = np.where(cnt > 0, np.bincount(gk[ok], weights=mean[ok], minlength=n) / np.maximum(cnt, 1), np.nan)
    answered = np.bincount(gk, weights=dims["answered"].to_numpy(), minlength=n)
    asked = np.bincount(gk, weights=dims["asked"].to_numpy(), minlength=n)
    respondents = np.bincount(prepared.resp_gkey, minlength=n)
    out = pd.DataFrame(
        {
            **prepared.group_columns(np.arange(n)),
            "respondents": respondents.astype(np.int64),
            "overall": overall,
            "level": levels_for(overall).array,
            "dimensions_scored": cnt.astype(np.int64),
            "coverage": _coverage(answered, asked),
        }
    )
    return out[cols]


def role_gaps(
    prepared: PreparedAnswers, resp: pd.DataFrame, model: MaturityModel, min_respondents: int = 1
) -> RoleGaps:
    """Per-role means per dimension and, per group, the dimensions where roles differ most.

    A role counts for a dimension when at least ``min_respondents`` respondents with
    that role have a score there (raise it so one person's view is not shown as a role).
    """
    has_a = prepared.has_assessments
    mcols = _with_assessed(ROLE_MEAN_COLUMNS, has_a)
    gcols = _with_assessed(ROLE_GAP_COLUMNS, has_a)
    empty = RoleGaps(
        _empty(mcols, {"mean": "float64", "n": "int64"}),
        _empty(
            gcols, {"gap": "float64", "high_mean": "float64", "low_mean": "float64", "roles": "int64", "rank": "int64"}
        ),
    )
    if resp.empty:
        return empty
    role = resp["_role"].to_numpy()
    sc = resp["score"].to_numpy(dtype=float)
    ok = (role >= 0) & ~np.isnan(sc)
    if not ok.any():
        return empty
    n_dims = len(model.dimensions)
    n_roles = len(prepared.roles)
    gkd_all = resp["_gkey"].to_numpy() * n_dims + resp["_dim"].to_numpy()
    key = gkd_all[ok] * n_roles + role[ok]
    uk, inv = np.unique(key, return_inverse=True)
    cnt = np.bincount(inv)
    mean = np.bincount(inv, weights=sc[ok]) / cnt
    keep = cnt >= min_respondents
    uk, cnt, mean = uk[keep], cnt[keep], mean[keep]
    gkd, rl = uk // n_roles, uk % n_roles
    gk, dm = gkd // n_dims, gkd % n_dims
    dim_labels = _labels(d.id for d in model.dimensions)
    means = pd.DataFrame(
        {
            **prepared.group_columns(gk),
            "dimension": _take(dim_labels, dm),
            "role": _take(prepared.roles, rl),
            "mean": mean,
            "n": cnt.astype(np.int64),
        }
    )[mcols]
    if not len(uk):
        return RoleGaps(means, empty.gaps)

    # Per (group, dimension): sort by mean, high first, ties by role name (role codes are sorted by
    # name). The first row is the high role, the last the low role.
    order = np.lexsort((rl, -mean, gkd))
    gkd_s = gkd[order]
    first = np.flatnonzero(np.r_[True, gkd_s[1:] != gkd_s[:-1]])
    last = np.r_[first[1:] - 1, len(gkd_s) - 1]
    n_per = last - first + 1
    multi = n_per >= 2
    hi, lo = order[first[multi]], order[last[multi]]
    g_gk, g_dm = gk[hi], dm[hi]
    gap = mean[hi] - mean[lo]
    # Rank per group: largest gap first, ties in model order.
    rorder = np.lexsort((g_dm, -gap, g_gk))
    g_sorted = g_gk[rorder]
    starts = np.flatnonzero(np.r_[True, g_sorted[1:] != g_sorted[:-1]])
    rank = np.arange(len(rorder)) - np.repeat(starts, np.diff(np.r_[starts, len(rorder)])) + 1
    hi, lo, g_gk, g_dm, gap = hi[rorder], lo[rorder], g_gk[rorder], g_dm[rorder], gap[rorder]
    gaps = pd.DataFrame(
        {
            **prepared.group_columns(g_gk),
            "dimension": _take(dim_labels, g_dm),
            "gap": gap,
            "high_role": _take(prepared.roles, rl[hi]),
            "high_mean": mean[hi],
            "low_role": _take(prepared.roles, rl[lo]),
            "low_mean": mean[lo],
            "roles": n_per[multi][rorder].astype(np.int64),
            "rank": rank.astype(np.int64),
        }
    )[gcols]
    return RoleGaps(means, gaps)


def history(dims: pd.DataFrame) -> pd.DataFrame:
    """Trend per group and dimension over assessments (:data:`HISTORY_COLUMNS`).

    ``change`` is the difference with the group's previous assessment of that
    dimension. Needs ``assessed_at`` in the group statistics; without it the
    result is empty.
    """
    if dims.empty or ASSESSED_AT not in dims.columns:
        return _empty(
            HISTORY_COLUMNS,
            {ASSESSED_AT: "object", "mean": "float64", "n": "int64", "level": "Int64", "change": "float64"},
        )
    out = dims[["group", ASSESSED_AT, "dimension", "mean", "n", "level"]].copy()
    out["_order"] = np.arange(len(out))
    out = out.sort_values(["group", "dimension", ASSESSED_AT], kind="stable")
    out["change"] = out.groupby(["group", "dimension"], sort=False)["mean"].diff()
    out = out.sort_values("_order")
    return out[list(HISTORY_COLUMNS)].reset_index(drop=True)


def latest(frame: pd.DataFrame) -> pd.DataFrame:
    """Keep only each group's most recent assessment (a frame without ``assessed_at`` is returned as is)."""
    if frame.empty or ASSESSED_AT not in frame.columns:
        return frame
    last = frame.groupby("group")[ASSESSED_AT].transform("max")
    return frame[(frame[ASSESSED_AT] == last).to_numpy()].reset_index(drop=True)


# --------------------------------------------------------------------------- targets


def _target_error(dim: str, value: Any, model: MaturityModel) -> TargetError | None:
    """What is wrong with one target (``None`` when it is fine or empty)."""
    dim_ids = [d.id for d in model.dimensions]
    if dim not in dim_ids:
        return TargetError(
            "maturity.error.target_unknown_dimension",
            f"unknown dimension {dim!r} in targets; use one of: {', '.join(dim_ids)}",
            dimension=dim,
        )
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    # ``label`` is the dimension's Text: messages use {label.nl} / {label.en}, so users read the name, not the id.
    label = model.dimension(dim).label
    if isinstance(value, bool) or not isinstance(value, Real) or float(value) != int(float(value)):
        return TargetError(
            "maturity.error.target_not_whole",
            f"target for {dim!r} must be a whole level from 1 to 5, got {value!r}",
            dimension=dim,
            label=label,
            value=value,
        )
    if not MIN_LEVEL <= int(float(value)) <= MAX_LEVEL:
        return TargetError(
            "maturity.error.target_out_of_range",
            f"target for {dim!r} must be from 1 to 5, got {value!r}",
            dimension=dim,
            label=label,
            value=value,
        )
    return None


def validate_targets(targets: Mapping[str, Any] | None, model: MaturityModel) -> dict[str, int]:
    """Check management's target levels; returns ``{dimension: level}`` in model order.

    ``None`` (or NaN) means "no target" for that dimension. Raises :class:`TargetError`
    for an unknown dimension or a target that is not a whole number from 1 to 5.
    """
    clean: dict[str, int] = {}
    for dim, value in (targets or {}).items():
        error = _target_error(dim, value, model)
        if error is not None:
            raise error
        if value is not None and not (isinstance(value, float) and math.isnan(value)):
            clean[dim] = int(value)
    return {d.id: clean[d.id] for d in model.dimensions if d.id in clean}


def stored_targets(targets: Mapping[str, Any] | None, model: MaturityModel) -> tuple[dict[str, int], tuple[Note, ...]]:
    """Targets saved earlier, read forgivingly: what :func:`validate_targets` would refuse is left out.

    A target for a dimension that is no longer in the model (the content changed)
    or a value that is not a level 1..5 is dropped with a :class:`Note`, so the
    dashboard still shows everything else. Returns ``(targets, notes)``.
    """
    kept: dict[str, Any] = {}
    unknown: list[str] = []
    notes: list[Note] = []
    for dim, value in (targets or {}).items():
        error = _target_error(dim, value, model)
        if error is None:
            kept[dim] = value
        elif error.key == "maturity.error.target_unknown_dimension":
            unknown.append(dim)
        else:
            notes.append(Note("maturity.note.target_ignored", {"label": error.params["label"], "value": value}))
    if unknown:
        notes.insert(0, Note("maturity.note.targets_unknown_dimensions", {"count": len(unknown)}))
    return validate_targets(kept, model), tuple(notes)


def suggested_targets(
    model: MaturityModel, size_class: str | None = None, inhabitants: int | None = None
) -> dict[str, int]:
    """ "Good enough" targets per dimension for a size class (or a number of inhabitants)."""
    if size_class is None:
        if inhabitants is None:
            raise ValueError("give a size class or a number of inhabitants")
        size_class = model.size_class_for(inhabitants).id
    return model.suggested_targets(size_class)


def target_gaps(dims: pd.DataFrame, targets: Mapping[str, Any] | None, model: MaturityModel) -> pd.DataFrame:
    """Gap = target - score per group and dimension, ordered as a priority list.

    Rows are ordered per group (and assessment) by gap, largest first; dimensions
    without a target or without a score come last. ``priority`` numbers the
    dimensions whose target is not met (1 = largest gap); ``met`` is True when
    the score reaches the target.
    """
    clean = validate_targets(targets, model)
    has_a = ASSESSED_AT in dims.columns
    cols = _with_assessed(TARGET_COLUMNS, has_a)
    if dims.empty:
        return _empty(
            cols,
            {
                "score": "float64",
                "level": "Int64",
                "target": "Int64",
                "gap": "float64",
                "met": "boolean",
                "priority": "Int64",
            },
        )
    gcols = _group_cols(has_a)
    out = dims[gcols + ["dimension", "area", "mean", "level"]].rename(columns={"mean": "score"}).copy()
    out["target"] = out["dimension"].map(clean).astype("Int64")  # no target: NA
    out["gap"] = (out["target"].astype("Float64") - out["score"]).astype(float)
    met = pd.array(out["gap"].to_numpy() <= _EPS, dtype="boolean")
    met[np.isnan(out["gap"].to_numpy())] = pd.NA
    out["met"] = met
    dim_pos = {d.id: n for n, d in enumerate(model.dimensions)}
    out["_d"] = out["dimension"].map(dim_pos)
    out["_g"] = out["gap"].fillna(-np.inf)
    out = out.sort_values(gcols + ["_g", "_d"], ascending=[True] * len(gcols) + [False, True], kind="stable")
    open_ = (out["gap"] > _EPS).to_numpy()
    rank = out.assign(_o=open_.astype(int)).groupby(gcols, sort=False)["_o"].cumsum()
    out["priority"] = pd.array(np.where(open_, rank, 0), dtype="Int64")
    out.loc[~open_, "priority"] = pd.NA
    return out[cols].reset_index(drop=True)


# --------------------------------------------------------------------------- everything at once


def score(
    answers: pd.DataFrame | None,
    model: MaturityModel,
    *,
    scan: Scan | None = None,
    threshold: int = 2,
    min_role_respondents: int = 1,
) -> MaturityResult:
    """Score answers and aggregate them per group (see the module docstring for all rules)."""
    prepared = prepare_answers(answers, model)
    resp = respondent_scores(prepared, model, scan)
    items = item_stats(prepared, model, threshold)
    dims = dimension_stats(prepared, resp, items, model, threshold)
    notes: list[Note] = []
    if not prepared.ignored_items.empty:
        notes.append(
            Note(
                "maturity.note.ignored_items",
                {"answers": int(prepared.ignored_items["answers"].sum()), "items": len(prepared.ignored_items)},
            )
        )
    if prepared.invalid_values:
        notes.append(Note("maturity.note.invalid_values", {"count": prepared.invalid_values}))
    if prepared.dropped_rows:
        notes.append(Note("maturity.note.dropped_rows", {"count": prepared.dropped_rows}))
    if prepared.outside_scan:
        notes.append(Note("maturity.note.outside_scan", {"count": prepared.outside_scan}))
    own = prepared.resp_scan if prepared.resp_scan is not None else np.empty(0, dtype=np.int64)
    by_scan = np.bincount(own[own >= 0], minlength=len(_SCAN_CODES))
    if by_scan.all():  # both scans occur
        notes.append(Note("maturity.note.mixed_scans", {s: int(by_scan[c]) for s, c in _SCAN_CODES.items()}))
    if resp.empty:
        notes.append(Note("maturity.note.no_answers"))
    public_dims = _public(dims)
    return MaturityResult(
        respondents=_public(resp),
        respondent_areas=respondent_area_scores(resp, model),
        dimensions=public_dims,
        areas=area_stats(prepared, dims, model),
        items=_public(items),
        role_gaps=role_gaps(prepared, resp, model, min_role_respondents),
        overall=overall_stats(prepared, dims),
        history=history(public_dims),
        ignored_items=prepared.ignored_items,
        invalid_values=prepared.invalid_values,
        dropped_rows=prepared.dropped_rows,
        outside_scan=prepared.outside_scan,
        content_version=model.version,
        notes=tuple(notes),
    )


def _public(frame: pd.DataFrame) -> pd.DataFrame:
    return frame[[c for c in frame.columns if not c.startswith("_")]]


def one_group(frame: pd.DataFrame, group: str | None, what: str) -> tuple[pd.DataFrame, str | None]:
    """Rows of one group; ``group`` may be omitted when the frame holds a single group."""
    if frame.empty:
        return frame, group
    groups = list(pd.unique(frame["group"]))
    if group is None:
        if len(groups) > 1:
            raise ValueError(f"{what} holds {len(groups)} groups; pass group= (one of: {', '.join(map(str, groups))})")
        group = groups[0]
    return frame[(frame["group"] == group).to_numpy()].reset_index(drop=True), group


def by_dimension(frame: pd.DataFrame, model: MaturityModel) -> pd.DataFrame:
    """One row per model dimension, in model order (missing dimensions give empty rows)."""
    ids = [d.id for d in model.dimensions]
    if frame.empty:
        return pd.DataFrame(index=pd.Index(ids, name="dimension"))
    if frame["dimension"].duplicated().any():
        raise ValueError("the frame holds several rows per dimension; select one group and one assessment")
    return frame.set_index("dimension").reindex(ids)


@dataclass(frozen=True)
class RadarRows:
    """One group's dimension statistics of its latest round, one row per model dimension in model order
    (indexed by dimension id): what the radar's figure, table and summary (and the report) all read.
    Made once per page by :func:`radar_rows` (the results service puts it in its dashboard)."""

    rows: pd.DataFrame
    group: str | None


def radar_rows(dimensions: pd.DataFrame, model: MaturityModel, group: str | None = None) -> RadarRows:
    """Slice :attr:`MaturityResult.dimensions` once for the radar: ``group`` (may be omitted for a frame
    of one group), its latest assessment, one row per dimension."""
    sub, group = one_group(dimensions, group, "the dimension statistics")
    return RadarRows(by_dimension(latest(sub), model), group)


__all__ = [
    "ASSESSED_AT",
    "REQUIRED_COLUMNS",
    "SCAN",
    "AnswersError",
    "MaturityResult",
    "Note",
    "PreparedAnswers",
    "RadarRows",
    "RoleGaps",
    "ScoringError",
    "TargetError",
    "area_stats",
    "by_dimension",
    "dimension_stats",
    "history",
    "item_stats",
    "latest",
    "level_for",
    "levels_for",
    "one_group",
    "overall_stats",
    "prepare_answers",
    "radar_rows",
    "respondent_area_scores",
    "respondent_scores",
    "role_gaps",
    "score",
    "stored_targets",
    "suggested_targets",
    "target_gaps",
    "validate_targets",
]
