"""Scoring for the awareness-day game: bricks per team, per card, per round.

Never by speed: no function here takes a time. Inputs are plain values:

* a team's answer per card is a dict, checked by :func:`normalise_answer`:

  ========================  =============================================================
  quiz, look_closer          ``{"options": ["option_id", ...], "text": "..."}``
                             (single-choice quiz: exactly one option; ``text`` only on
                             look_closer, where options may be empty if there is a text)
  estimate                   ``{"value": 350}``
  data_case                  ``{"datasets": ["dataset_id", ...]}``
  dilemma                    ``{"vote": "go" | "adjust" | "stop", "argument": "one line"}``
  pulse statement            ``{"score": 1..5}``
  ========================  =============================================================

* dilemma bricks come only from the facilitator (``awards``); every other card is
  scored from its key, and the facilitator can correct any result (``adjustments``).
"""

from __future__ import annotations

import json
import math
import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from dshub.game.content import (
    VOTES,
    AwarenessPulse,
    Card,
    ChoiceCard,
    DataCaseCard,
    DilemmaCard,
    EstimateCard,
    GameContent,
    LookCloserCard,
)
from dshub.game.state import GameError, GameState

MAX_TEXT = 280
MAX_ARGUMENT = 200
FLOAT_SLACK = 1e-9


class InvalidAnswer(GameError):
    """An answer value that does not fit its card (i18n key ``game.answer.*``)."""


# --------------------------------------------------------------------------- answers


def _one_line(value: Any, limit: int, key_missing: str | None) -> str:
    text = " ".join(str(value or "").split())
    if not text and key_missing:
        raise InvalidAnswer(key_missing)
    if len(text) > limit:
        raise InvalidAnswer("game.answer.too_long", max=limit)
    return text


def _id_list(value: Any, name: str) -> list[str]:
    items = value.get(name, [])
    if not isinstance(items, (list, tuple)) or not all(isinstance(i, str) for i in items):
        raise InvalidAnswer("game.answer.bad_shape")
    return list(items)


def normalise_answer(card: Card, value: Any) -> dict[str, Any]:
    """Check a team's (or member's) answer to ``card``; return it in canonical form.

    Canonical means: known keys only, ids in the card's order without repeats, texts on one
    line. Raise :class:`InvalidAnswer` with a key the page can show.
    """
    if not isinstance(value, Mapping):
        raise InvalidAnswer("game.answer.bad_shape")
    if isinstance(card, ChoiceCard):
        chosen = _id_list(value, "options")
        known = card.option_ids()
        for option in chosen:
            if option not in known:
                raise InvalidAnswer("game.answer.unknown_option", option=option)
        options = [o for o in known if o in chosen]
        out: dict[str, Any] = {"options": options}
        if isinstance(card, LookCloserCard) and card.allow_text:
            text = _one_line(value.get("text"), MAX_TEXT, None)
            if text:
                out["text"] = text
        if not card.multiple and len(options) > 1:
            raise InvalidAnswer("game.answer.one_option")
        if not options and "text" not in out:
            raise InvalidAnswer("game.answer.empty")
        return out
    if isinstance(card, EstimateCard):
        guess = value.get("value")
        if isinstance(guess, bool) or not isinstance(guess, (int, float)) or not math.isfinite(guess):
            raise InvalidAnswer("game.answer.not_a_number")
        if guess <= 0:
            raise InvalidAnswer("game.answer.not_positive")
        return {"value": float(guess)}
    if isinstance(card, DataCaseCard):
        chosen = _id_list(value, "datasets")
        for dataset in chosen:
            if dataset not in card.deck:
                raise InvalidAnswer("game.answer.unknown_dataset", dataset=dataset)
        datasets = [d for d in card.deck if d in chosen]
        if not datasets:
            raise InvalidAnswer("game.answer.empty")
        if card.max_choices is not None and len(datasets) > card.max_choices:
            raise InvalidAnswer("game.answer.too_many", max=card.max_choices)
        return {"datasets": datasets}
    if isinstance(card, DilemmaCard):
        vote = value.get("vote")
        if vote not in VOTES:
            raise InvalidAnswer("game.answer.bad_vote")
        return {"vote": vote, "argument": _one_line(value.get("argument"), MAX_ARGUMENT, "game.answer.no_argument")}
    raise TypeError(f"not a game card: {card!r}")


def normalise_pulse_answer(value: Any) -> dict[str, int]:
    """``{"score": n}`` with n on the pulse scale 1..5."""
    score = value.get("score") if isinstance(value, Mapping) else None
    if isinstance(score, bool) or not isinstance(score, int) or score not in AwarenessPulse.SCALE:
        raise InvalidAnswer("game.answer.bad_score", low=AwarenessPulse.SCALE[0], high=AwarenessPulse.SCALE[-1])
    return {"score": score}


# --------------------------------------------------------------------------- one card


def estimate_bricks(card: EstimateCard, guess: float) -> int:
    """Bricks for a guess by its log-ratio to the true value: the first band it falls in."""
    if not (guess > 0 and math.isfinite(guess)):
        return 0
    distance = abs(math.log(guess / card.answer))
    for band in card.bands:
        if distance <= math.log(band.within) + FLOAT_SLACK:
            return band.bricks
    return 0


def score_answer(card: Card, value: Any) -> int | None:
    """Bricks one answer earns from the key; ``None`` for a dilemma (the facilitator awards those)."""
    answer = normalise_answer(card, value)
    if isinstance(card, ChoiceCard):
        chosen = set(answer["options"])
        hits = len(chosen & set(card.correct))
        misses = len(chosen) - hits
        if not card.multiple:
            return card.bricks * hits
        return max(0, hits * card.bricks - misses * card.penalty)
    if isinstance(card, EstimateCard):
        return estimate_bricks(card, answer["value"])
    if isinstance(card, DataCaseCard):
        verdicts = card.verdicts()
        return sum(card.bricks.for_verdict(verdicts[d]) for d in answer["datasets"])
    return None


# --------------------------------------------------------------------------- team answers


@dataclass(frozen=True)
class ChoiceGroup:
    """One distinct answer within a team and the members who chose it."""

    value: Any
    members: tuple[str, ...]


@dataclass(frozen=True)
class TeamAnswer:
    """What a team's members chose, and the one answer the team confirmed.

    ``value`` is the confirmed answer, or ``None`` while nobody confirmed: member choices
    alone never count as the team's answer, even when everybody agrees.
    """

    value: Any | None
    confirmed_by: str | None
    groups: tuple[ChoiceGroup, ...]
    undecided: tuple[str, ...]

    @property
    def confirmed(self) -> bool:
        return self.value is not None

    @property
    def unanimous(self) -> bool:
        """Every member chose, and all chose the same."""
        return len(self.groups) == 1 and not self.undecided


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)


def team_answer_from_members(
    member_choices: Mapping[str, Any | None],
    confirmed: Any | None = None,
    confirmed_by: str | None = None,
) -> TeamAnswer:
    """Group ``member_choices`` (member -> answer or ``None``) and attach the team's confirmation.

    The confirmed answer wins, also when it differs from what most members chose.
    Groups are ordered by size (largest first), then by first appearance.
    """
    groups: dict[str, list[str]] = {}
    values: dict[str, Any] = {}
    undecided = []
    for member, choice in member_choices.items():
        if choice is None:
            undecided.append(member)
            continue
        key = _canonical(choice)
        groups.setdefault(key, []).append(member)
        values.setdefault(key, choice)
    ordered = sorted(groups, key=lambda k: -len(groups[k]))
    return TeamAnswer(
        value=confirmed,
        confirmed_by=confirmed_by if confirmed is not None else None,
        groups=tuple(ChoiceGroup(values[k], tuple(groups[k])) for k in ordered),
        undecided=tuple(undecided),
    )


def answer_distribution(card: Card, team_answers: Mapping[str, Any | None]) -> dict[str, list[str]]:
    """Per option / dataset / vote: the teams that chose it, in the card's order.

    For estimates use :func:`estimate_guesses`. Invalid answers and ``None`` are left out.
    """
    if isinstance(card, ChoiceCard):
        out: dict[str, list[str]] = {o: [] for o in card.option_ids()}
        field_name = "options"
    elif isinstance(card, DataCaseCard):
        out = {d: [] for d in card.deck}
        field_name = "datasets"
    elif isinstance(card, DilemmaCard):
        out = {v: [] for v in VOTES}
        field_name = "vote"
    else:
        raise TypeError(f"no option distribution for {type(card).__name__}; use estimate_guesses")
    for team, value in team_answers.items():
        answer = _valid(card, value)
        if answer is None:
            continue
        chosen = answer[field_name]
        for item in [chosen] if isinstance(chosen, str) else chosen:
            out[item].append(team)
    return out


def estimate_guesses(card: EstimateCard, team_answers: Mapping[str, Any | None]) -> dict[str, float]:
    """Per team: its guess (teams without a valid guess are left out)."""
    out = {}
    for team, value in team_answers.items():
        answer = _valid(card, value)
        if answer is not None:
            out[team] = answer["value"]
    return out


def _valid(card: Card, value: Any) -> dict[str, Any] | None:
    if value is None:
        return None
    try:
        return normalise_answer(card, value)
    except InvalidAnswer:
        return None


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class Adjustment:
    """A facilitator's correction: ``bricks`` (may be negative) for ``team``.

    ``card_id`` ties it to a card (and so to that card's round); without it, the bricks
    count in the total only.
    """

    team: str
    bricks: int
    card_id: str | None = None
    reason: str = ""


@dataclass(frozen=True)
class Standing:
    rank: int
    team: str
    bricks: int


@dataclass(frozen=True)
class Results:
    """Bricks per team: per card, per round, adjustments not tied to a card, and totals."""

    teams: tuple[str, ...]
    start_bricks: int
    by_card: dict[str, dict[str, int]]
    by_round: dict[str, dict[str, int]]
    general: dict[str, int]
    totals: dict[str, int]
    invalid: tuple[tuple[str, str, str], ...] = field(default=())

    def leaderboard(self) -> list[Standing]:
        """Teams by total, most bricks first. Equal totals share a rank (1, 1, 3); ties keep team order."""
        order = sorted(range(len(self.teams)), key=lambda i: (-self.totals[self.teams[i]], i))
        standings: list[Standing] = []
        for position, i in enumerate(order, start=1):
            team = self.teams[i]
            bricks = self.totals[team]
            rank = standings[-1].rank if standings and standings[-1].bricks == bricks else position
            standings.append(Standing(rank, team, bricks))
        return standings

    def podium(self) -> list[Standing]:
        """The standings with rank 1 to 3; a tie can put more than three teams on it."""
        return [s for s in self.leaderboard() if s.rank <= 3]


def revealed_card_ids(state: GameState, game: GameContent) -> list[str]:
    """Ids of the cards revealed so far: only those count on the board."""
    return [game.round(r).cards[i].id for r, i in state.revealed]


def tally(
    game: GameContent,
    teams: Sequence[str],
    answers: Mapping[str, Mapping[str, Any | None]],
    *,
    awards: Mapping[str, Mapping[str, int]] | None = None,
    adjustments: Iterable[Adjustment] = (),
    revealed: Iterable[str] | None = None,
) -> Results:
    """Add everything up.

    ``answers``: card id -> team -> confirmed team answer (or ``None``).
    ``awards``: dilemma card id -> team -> bricks the facilitator gave (0..``max_bricks``).
    ``adjustments``: corrections, added on top; one tied to a card counts once that card is
    revealed, like the card itself (so a correction made while answers are locked stays hidden).
    ``revealed``: card ids that count (see :func:`revealed_card_ids`); ``None`` counts all.
    Answers that no longer fit their card (e.g. content changed) score 0 and are listed
    in ``Results.invalid`` as ``(card_id, team, key)``.
    """
    teams = tuple(teams)
    counted = None if revealed is None else set(revealed)
    by_card: dict[str, dict[str, int]] = {}
    by_round: dict[str, dict[str, int]] = {}
    card_round: dict[str, str] = {}
    invalid: list[tuple[str, str, str]] = []
    awards = awards or {}
    for card_id in awards:
        _, card = game.card(card_id)
        if not isinstance(card, DilemmaCard):
            raise ValueError(f"awards are for dilemma cards; {card_id!r} is a {type(card).__name__}")
    for rnd in game.rounds:
        for card in rnd.cards:
            card_round[card.id] = rnd.id
            if counted is not None and card.id not in counted:
                continue
            scores = dict.fromkeys(teams, 0)
            if isinstance(card, DilemmaCard):
                for team, bricks in awards.get(card.id, {}).items():
                    if team in scores:
                        scores[team] = min(max(int(bricks), 0), card.max_bricks)
            else:
                for team, value in answers.get(card.id, {}).items():
                    if team not in scores or value is None:
                        continue
                    try:
                        scores[team] = score_answer(card, value) or 0
                    except InvalidAnswer as exc:
                        invalid.append((card.id, team, exc.key))
            by_card[card.id] = scores
    general = dict.fromkeys(teams, 0)
    for adj in adjustments:
        if adj.team not in general:
            continue
        if adj.card_id is None:
            general[adj.team] += adj.bricks
        else:
            if adj.card_id not in card_round:
                raise ValueError(f"adjustment for unknown card {adj.card_id!r}")
            if counted is not None and adj.card_id not in counted:
                continue  # not revealed yet
            by_card.setdefault(adj.card_id, dict.fromkeys(teams, 0))[adj.team] += adj.bricks
    for card_id, scores in by_card.items():
        round_scores = by_round.setdefault(card_round[card_id], dict.fromkeys(teams, 0))
        for team, bricks in scores.items():
            round_scores[team] += bricks
    ordered_rounds = {r.id: by_round[r.id] for r in game.rounds if r.id in by_round}
    totals = {
        team: game.start_bricks + general[team] + sum(scores[team] for scores in ordered_rounds.values())
        for team in teams
    }
    return Results(teams, game.start_bricks, by_card, ordered_rounds, general, totals, tuple(invalid))


# --------------------------------------------------------------------------- pulse


@dataclass(frozen=True)
class PulseRow:
    statement_id: str
    n_before: int
    mean_before: float | None
    n_after: int
    mean_after: float | None

    @property
    def change(self) -> float | None:
        if self.mean_before is None or self.mean_after is None:
            return None
        return self.mean_after - self.mean_before


def pulse_summary(
    pulse: AwarenessPulse,
    before: Mapping[str, Sequence[int]],
    after: Mapping[str, Sequence[int]],
) -> list[PulseRow]:
    """Mean score per statement at the start and at the end (statement id -> scores 1..5)."""
    rows = []
    for st in pulse.statements:
        b = [s for s in before.get(st.id, ()) if s in AwarenessPulse.SCALE]
        a = [s for s in after.get(st.id, ()) if s in AwarenessPulse.SCALE]
        rows.append(
            PulseRow(st.id, len(b), statistics.fmean(b) if b else None, len(a), statistics.fmean(a) if a else None)
        )
    return rows


__all__ = [
    "Adjustment",
    "ChoiceGroup",
    "InvalidAnswer",
    "PulseRow",
    "Results",
    "Standing",
    "TeamAnswer",
    "answer_distribution",
    "estimate_bricks",
    "estimate_guesses",
    "normalise_answer",
    "normalise_pulse_answer",
    "pulse_summary",
    "revealed_card_ids",
    "score_answer",
    "tally",
]
