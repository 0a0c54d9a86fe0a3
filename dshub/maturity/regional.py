"""Regional sessions: which groups of maturity results may be shown to whom (pure, no database).

A regional session puts several municipalities in one room. Its maturity results are given per
municipality and for the region as a whole (every municipality together). Whether a group may be
shown depends on how many respondents it has and on who is looking: see :data:`MIN_RESPONDENTS`
and :func:`visibility`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

MIN_RESPONDENTS = 5
"""The fewest respondents a group needs before its maturity results are shown to anyone outside it.

A group is one municipality of a regional session, or the region (all its municipalities together).

*Respondent* means what the results page counts and scores in the view it shows: a team's shared
answers in the view "teams" (one respondent per team, however many people sat at the table), a
person answering for themselves in the view "individuals", and both in the view "all". A
respondent counts when it answered at least one question of the current content.

* A municipality always sees its own results (through its own read-only link), whatever the
  number: it is not "others" to itself.
* Everyone else (the facilitator, the session's read-only link, another municipality's link) sees a
  municipality on its own only from ``MIN_RESPONDENTS`` respondents on; below that the page says
  "fewer than 5 respondents" and shows no figure of it.
* The region is shown only when it has at least ``MIN_RESPONDENTS`` respondents.
* No shown figure may give a hidden group away by subtraction: when the region is shown, the
  municipalities hidden from the same reader must hold at least ``MIN_RESPONDENTS`` respondents
  together (else more are hidden), and a municipality sees the region only when the rest of the
  region (the region without itself) has at least ``MIN_RESPONDENTS`` respondents or none.
"""

REGION = "region"
#: Why a group is not shown: no answers yet; fewer than MIN_RESPONDENTS; hidden so that a smaller
#: hidden group cannot be worked out from the region's figures; (the region, to one municipality) the
#: rest of the region has fewer than MIN_RESPONDENTS, which that municipality could work out.
Reason = Literal["no_answers", "below_min", "complementary", "rest_below_min"]
REASONS: tuple[str, ...] = ("no_answers", "below_min", "complementary", "rest_below_min")


@dataclass(frozen=True)
class Shown:
    """Whether one group's results may be shown to the reader, and if not, why."""

    group: str
    respondents: int
    visible: bool
    reason: Reason | None = None


def _own_group(group: str, n: int) -> Shown:
    return Shown(group, n, n > 0, None if n > 0 else "no_answers")


def _group(group: str, n: int, min_n: int) -> Shown:
    if n <= 0:
        return Shown(group, 0, False, "no_answers")
    if n < min_n:
        return Shown(group, n, False, "below_min")
    return Shown(group, n, True)


def visibility(counts: Mapping[str, int], viewer: str | None = None, min_n: int = MIN_RESPONDENTS) -> dict[str, Shown]:
    """Which groups the reader may see: one entry per municipality the reader may know about, and
    one for :data:`REGION` (the rules are in :data:`MIN_RESPONDENTS`).

    ``counts`` holds the respondents per municipality (every municipality of the session, also those
    without answers). ``viewer`` is the municipality reading its own link, or None for everyone else
    (the facilitator, the session's read-only link). A municipality's reader learns only about
    itself and the region, so the result then has those two entries.
    """
    if min_n < 1:
        raise ValueError("min_n must be at least 1")
    counts = {g: max(0, int(n)) for g, n in counts.items()}
    if REGION in counts:
        raise ValueError(f"{REGION!r} is the region, not a municipality")
    total = sum(counts.values())
    region = _group(REGION, total, min_n)
    if viewer is not None:
        if viewer not in counts:
            raise ValueError(f"unknown municipality {viewer!r}")
        own = counts[viewer]
        rest = total - own
        if region.visible and 0 < rest < min_n:
            region = Shown(REGION, total, False, "rest_below_min")
        return {viewer: _own_group(viewer, own), REGION: region}
    shown = {g: _group(g, n, min_n) for g, n in counts.items()}
    if region.visible:
        # The region minus the shown municipalities is the hidden ones together: hide the smallest shown
        # municipality until that remainder is empty or at least min_n respondents.
        hidden = sum(s.respondents for s in shown.values() if not s.visible)
        while 0 < hidden < min_n:
            candidates = sorted((s for s in shown.values() if s.visible), key=lambda s: s.respondents)
            if not candidates:
                break
            smallest = candidates[0]
            shown[smallest.group] = Shown(smallest.group, smallest.respondents, False, "complementary")
            hidden += smallest.respondents
    return {**shown, REGION: region}


__all__ = ["MIN_RESPONDENTS", "REASONS", "REGION", "Reason", "Shown", "visibility"]
