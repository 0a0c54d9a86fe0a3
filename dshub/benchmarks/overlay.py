"""Maturity overlay: a benchmark band per maturity dimension, derived from survey indicators.

The mapping lives in ``data/benchmarks/maturity_mapping.yaml`` and is our own
estimate (the survey published nothing about maturity levels). For each
dimension it lists *terms*: a survey indicator, a weight and a piecewise-linear
curve from the indicator's value to a maturity level (1-5). For ``labs``
indicators the value is the share of labs (0-1); for ``fte`` and ``year``
indicators it is the median. The band centre is the weighted mean of the term
levels; the band is centre +/- ``half_width``, kept within 1..5. A dimension
without terms uses its ``base`` level.
"""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Literal, NamedTuple

from pydantic import Field, model_validator

from dshub.benchmarks.content import OVERALL, Message, Status
from dshub.benchmarks.survey import DATA_DIR, INDICATOR_DEFS, Benchmark, load_data_yaml
from dshub.content.base import ContentModel, Ident, Text, Version

MAPPING_FILE = DATA_DIR / "maturity_mapping.yaml"

#: The maturity model's dimensions (fixed ids, shared with the maturity feature).
DIMENSIONS: tuple[str, ...] = (
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
LEVEL_MIN, LEVEL_MAX = 1.0, 5.0


class Term(ContentModel):
    indicator: Ident
    weight: float = Field(gt=0, le=10)
    #: ``[[value, level], ...]`` with strictly increasing values; levels 1..5.
    points: tuple[tuple[float, float], ...] = Field(min_length=2)

    @model_validator(mode="after")
    def _check(self) -> Term:
        d = INDICATOR_DEFS.get(self.indicator)
        if d is None:
            raise ValueError(f"unknown indicator {self.indicator!r}; use an indicator id from survey_2019.yaml")
        xs = [p[0] for p in self.points]
        if any(b <= a for a, b in itertools.pairwise(xs)):
            raise ValueError(f"{self.indicator}: the values in 'points' must increase strictly; sort them")
        if any(not LEVEL_MIN <= p[1] <= LEVEL_MAX for p in self.points):
            raise ValueError(f"{self.indicator}: every level in 'points' must lie between 1 and 5")
        if d.unit == "labs" and (xs[0] < 0 or xs[-1] > 1):
            raise ValueError(f"{self.indicator} is a share of labs: its 'points' values must lie between 0 and 1")
        return self

    def level(self, x: float) -> float:
        pts = self.points
        if x <= pts[0][0]:
            return pts[0][1]
        for (x0, y0), (x1, y1) in itertools.pairwise(pts):
            if x <= x1:
                return y0 + (x - x0) / (x1 - x0) * (y1 - y0)
        return pts[-1][1]


class DimensionMapping(ContentModel):
    reasoning: Text
    half_width: float = Field(gt=0, le=2)
    base: float | None = Field(default=None, ge=LEVEL_MIN, le=LEVEL_MAX)
    terms: tuple[Term, ...] = ()

    @model_validator(mode="after")
    def _check(self) -> DimensionMapping:
        if not self.terms and self.base is None:
            raise ValueError("a dimension without terms needs a 'base' level")
        return self


class MaturityMapping(ContentModel):
    id: Ident
    version: Version
    title: Text
    status: Literal["estimate"]
    note: Text
    dimensions: dict[str, DimensionMapping]

    @model_validator(mode="after")
    def _check(self) -> MaturityMapping:
        missing = [d for d in DIMENSIONS if d not in self.dimensions]
        extra = sorted(set(self.dimensions) - set(DIMENSIONS))
        if missing or extra:
            parts = []
            if missing:
                parts.append(f"missing dimension(s) {', '.join(missing)}: add them")
            if extra:
                parts.append(f"unknown dimension(s) {', '.join(extra)}: use only {', '.join(DIMENSIONS)}")
            raise ValueError("; ".join(parts))
        return self


class Band(NamedTuple):
    """Benchmark band on the 1-5 scale; ``status`` is that of the weakest input figure."""

    low: float
    high: float
    status: Status


def load_maturity_mapping(path: Path | None = None) -> MaturityMapping:
    return load_data_yaml(Path(path or MAPPING_FILE), MaturityMapping)


_STRENGTH = {"estimate": 0, "imported": 1, "published": 2}


def maturity_band(
    benchmark: Benchmark,
    mapping: MaturityMapping | None = None,
    scope: str = OVERALL,
) -> dict[str, Band]:
    """Band (low, high, status) per dimension, for ``scope`` (overall or a lab type).

    A dimension whose terms have no figure in this scope (and no ``base``) is left out.
    The band itself is always our estimate (see the mapping's ``note``); ``status``
    tells what it was computed from.
    """
    mapping = mapping or load_maturity_mapping()
    out: dict[str, Band] = {}
    for dim in DIMENSIONS:
        spec = mapping.dimensions[dim]
        total = weight = 0.0
        statuses: list[Status] = []
        for term in spec.terms:
            ind = benchmark.indicators.get(term.indicator)
            fig = ind.figure(scope) if ind else None
            if ind is None or fig is None or fig.n == 0:
                continue
            x = ind.share(scope) if ind.unit == "labs" else fig.value
            assert x is not None  # share() is None only for a missing or empty figure, skipped above
            total += term.weight * term.level(float(x))
            weight += term.weight
            statuses.append(fig.status)
        if weight:
            centre = total / weight
            status: Status = min(statuses, key=_STRENGTH.__getitem__)
        elif spec.base is not None:
            centre, status = spec.base, "estimate"
        else:
            continue
        low = max(LEVEL_MIN, round(centre - spec.half_width, 1))
        high = min(LEVEL_MAX, round(centre + spec.half_width, 1))
        out[dim] = Band(low, high, status)
    return out


def overlay_label(benchmark: Benchmark, bands: dict[str, Band]) -> Message:
    """Legend text for the overlay: always "our estimate", plus what it is based on."""
    statuses = {b.status for b in bands.values()}
    if benchmark.origin == "records" and statuses <= {"imported", "estimate"} and "imported" in statuses:
        basis = Message("benchmarks.overlay.basis.imported", {"n": benchmark.n()})
    else:
        basis = Message("benchmarks.overlay.basis.survey")
    return Message("benchmarks.overlay.label", {"basis": basis})
