"""Content model for the awareness-day game (``kind: game``).

A game file holds an agenda of rounds. Every round has a ``type`` that decides
what its cards look like:

``look_closer``
    a chart generated from data, with a declared flaw; teams say what is wrong.
``quiz``
    multiple-choice questions.
``estimate``
    numeric guesses scored by closeness (never by speed), with a source.
``data_case``
    a municipal question plus a deck of dataset cards; a key says which
    datasets help, and which would be personal data used without need.
``dilemma``
    an ethical dilemma; teams vote go / adjust / stop; the facilitator awards bricks.

Plus ``pulse``: 3-5 statements teams rate from 1 to 5 at the start and the end
of the day. Cross-references (keys, decks, unique ids) are checked at load time,
with a message that says what is wrong and how to fix it.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterator
from typing import Annotated, Any, ClassVar, Literal, get_args

from pydantic import ConfigDict, Field, WrapValidator, model_validator
from pydantic_core import PydanticCustomError

from dshub.content.base import ContentFile, ContentModel, Ident, Loc, Text, register_kind, unique_ids

# A label that reads the same in both languages (a year, a place name) may be a
# plain string; anything that needs translating is a Text.
Label = Text | str


def label_text(label: Label, lang: str) -> str:
    """The display text of a :data:`Label` in ``lang``."""
    return label.get(lang) if isinstance(label, Text) else label


def _label_key(label: Label) -> str:
    return label.nl if isinstance(label, Text) else label


def _by_type_name(*models: type[ContentModel]) -> dict[str, type[ContentModel]]:
    """Map each model's ``type`` literal to the model."""
    return {get_args(m.model_fields["type"].annotation)[0]: m for m in models}


def _by_type(models: dict[str, type[ContentModel]], what: str) -> WrapValidator:
    """Validate a mapping with the model its ``type`` names.

    Unlike pydantic's tagged unions this keeps the error path free of the tag,
    so the loader can point at the right line, and an unknown type gets a
    message that lists the allowed ones.
    """
    allowed = ", ".join(models)

    def dispatch(value: Any, handler: Any) -> Any:
        if isinstance(value, tuple(models.values())):
            return value
        if not isinstance(value, dict):
            raise PydanticCustomError("model_type", "put a mapping here (lines with 'key: value')")
        kind = value.get("type")
        model = models.get(kind) if isinstance(kind, str) else None
        if model is None:
            if kind is None:
                raise PydanticCustomError(
                    "value_error",
                    "this {what} has no 'type'; add 'type:' with one of: {allowed}",
                    {"what": what, "allowed": allowed},
                )
            raise PydanticCustomError(
                "value_error",
                "unknown {what} type {kind}; use one of: {allowed}",
                {"what": what, "kind": repr(kind), "allowed": allowed},
            )
        return model.model_validate(value)

    return WrapValidator(dispatch)


# --------------------------------------------------------------------------- shared parts


class Option(ContentModel):
    """One answer option of a choice card."""

    id: Ident
    text: Text


class ChoiceCard(ContentModel):
    """A card where teams pick one or more options; ``correct`` is the key.

    Single choice (``multiple: false``): the correct option earns ``bricks``.
    Multiple choice: every correct option earns ``bricks``, every wrong option
    costs ``penalty``; a card never scores below zero. The penalty keeps
    "tick everything" from paying off.
    """

    id: Ident
    options: list[Option] = Field(min_length=2, max_length=8)
    correct: list[Ident] = Field(min_length=1)
    multiple: bool = False
    bricks: int = Field(2, ge=1, le=10)
    penalty: int = Field(1, ge=0, le=10)
    reveal: Text

    @model_validator(mode="after")
    def _check_key(self):
        unique_ids(self.options, f"card {self.id!r}: option")
        ids = [o.id for o in self.options]
        for option_id in self.correct:
            if option_id not in ids:
                raise ValueError(
                    f"card {self.id!r}: 'correct' names option {option_id!r}, which is not one of this "
                    f"card's options ({', '.join(ids)}); fix the spelling or add that option"
                )
        if len(set(self.correct)) != len(self.correct):
            raise ValueError(f"card {self.id!r}: 'correct' names an option twice; list each option once")
        if not self.multiple and len(self.correct) != 1:
            raise ValueError(
                f"card {self.id!r}: a single-choice card needs exactly one option under 'correct'; "
                "keep one, or set 'multiple: true' if teams may pick several"
            )
        if len(self.correct) == len(self.options):
            raise ValueError(
                f"card {self.id!r}: every option is marked correct, so ticking everything wins; "
                "add at least one wrong option"
            )
        return self

    def option_ids(self) -> list[str]:
        return [o.id for o in self.options]


# --------------------------------------------------------------------------- look closer


class ChartPoint(ContentModel):
    """One data point. ``base`` is the number of cases behind ``y`` (the n)."""

    model_config = ConfigDict(coerce_numbers_to_str=True)

    x: Label
    y: float
    group: Label | None = None
    base: int | None = Field(None, ge=1)

    def group_text(self, lang: str) -> str:
        """The display text of ``group``; only a simpson_split chart groups its points (checked on load)."""
        assert self.group is not None, "only the points of a simpson_split chart have a group"
        return label_text(self.group, lang)


class TruncatedAxis(ContentModel):
    """The value axis starts at ``axis_start`` instead of zero, so small differences look big."""

    type: Literal["truncated_axis"]
    axis_start: float


class MissingBase(ContentModel):
    """Percentages or changes are shown without the number of cases behind them."""

    type: Literal["missing_base"]


class WrongAverage(ContentModel):
    """The mean of skewed values is presented as the typical value; the median tells otherwise."""

    type: Literal["wrong_average"]


class SimpsonSplit(ContentModel):
    """Totals per category point one way; split by ``group`` every group points the other way.

    ``y`` is the percentage within a group and ``base`` its number of cases; the
    misleading chart shows the totals (weighted by ``base``), the corrected one the groups.
    """

    type: Literal["simpson_split"]


FLAW_TYPES: dict[str, type[ContentModel]] = _by_type_name(TruncatedAxis, MissingBase, WrongAverage, SimpsonSplit)
Flaw = Annotated[TruncatedAxis | MissingBase | WrongAverage | SimpsonSplit, _by_type(FLAW_TYPES, "flaw")]


class ChartSpec(ContentModel):
    """A chart the app draws with plotly, and the flaw it is drawn with."""

    kind: Literal["bar", "line"] = "bar"
    title: Text
    x_title: Text
    y_title: Text
    unit: str = Field("", max_length=8)
    points: list[ChartPoint] = Field(min_length=2)
    flaw: Flaw

    @model_validator(mode="after")
    def _check_flaw(self):
        flaw = self.flaw
        grouped = [p for p in self.points if p.group is not None]
        if isinstance(flaw, SimpsonSplit):
            self._check_simpson()
            return self
        if grouped:
            raise ValueError(
                f"'group' is only used by the simpson_split flaw, not by {flaw.type}; remove 'group' from the points"
            )
        keys = [_label_key(p.x) for p in self.points]
        if len(set(keys)) != len(keys):
            raise ValueError("two points have the same 'x'; give every point its own x")
        ys = [p.y for p in self.points]
        if isinstance(flaw, TruncatedAxis):
            if not 0 < flaw.axis_start < min(ys):
                raise ValueError(
                    f"axis_start {flaw.axis_start:g} does not cut the axis: it must lie above 0 and below the "
                    f"smallest value ({min(ys):g}); choose a start in between"
                )
        elif isinstance(flaw, MissingBase):
            missing = [_label_key(p.x) for p in self.points if p.base is None]
            if missing:
                raise ValueError(
                    f"the missing_base flaw needs the number of cases behind every point; add 'base:' to "
                    f"{', '.join(missing)}"
                )
        elif isinstance(flaw, WrongAverage):
            if len(ys) < 3:
                raise ValueError("the wrong_average flaw needs at least 3 points; add points")
            mean, median = statistics.fmean(ys), statistics.median(ys)
            if abs(mean - median) < 0.1 * max(abs(median), 1e-9):
                raise ValueError(
                    f"mean ({mean:g}) and median ({median:g}) are almost equal, so the chart shows no flaw; "
                    "add an outlier or skew the values"
                )
        return self

    def _check_simpson(self) -> None:
        bad = [_label_key(p.x) for p in self.points if p.group is None or p.base is None]
        if bad:
            raise ValueError(
                f"the simpson_split flaw needs 'group' and 'base' on every point; add them to {', '.join(bad)}"
            )
        cells: dict[str, dict[str, ChartPoint]] = {}
        for p in self.points:
            assert p.group is not None  # every point has a group: checked just above
            row = cells.setdefault(_label_key(p.x), {})
            if _label_key(p.group) in row:
                raise ValueError(
                    f"x {_label_key(p.x)!r} has group {_label_key(p.group)!r} twice; give each x each group once"
                )
            row[_label_key(p.group)] = p
        groups = {frozenset(row) for row in cells.values()}
        if len(groups) != 1 or len(next(iter(groups))) < 2:
            raise ValueError("every x needs the same groups, and at least two; add the missing points")
        totals = self.totals()
        best = max(totals, key=totals.__getitem__)
        if list(totals.values()).count(totals[best]) > 1:
            raise ValueError("the totals are tied, so nothing reverses; change values or bases")
        for group in next(iter(groups)):
            leader = max(cells, key=lambda x: cells[x][group].y)
            if leader == best:
                raise ValueError(
                    f"{best!r} leads in the totals and also in group {group!r}, so the split does not reverse "
                    "the picture; in every group another x must score higher"
                )

    def totals(self) -> dict[str, float]:
        """Per x: the average of ``y`` weighted by ``base`` (the misleading total of a simpson_split)."""
        num: dict[str, float] = {}
        den: dict[str, float] = {}
        for p in self.points:
            key = _label_key(p.x)
            num[key] = num.get(key, 0.0) + p.y * (p.base or 1)
            den[key] = den.get(key, 0.0) + (p.base or 1)
        return {k: num[k] / den[k] for k in num}


class LookCloserCard(ChoiceCard):
    question: Text
    chart: ChartSpec
    multiple: bool = True
    allow_text: bool = True


# --------------------------------------------------------------------------- quiz


class QuizCard(ChoiceCard):
    question: Text


# --------------------------------------------------------------------------- estimate


class Source(ContentModel):
    text: Text
    url: Annotated[str, Field(pattern=r"^https?://\S+$")] | None = None
    year: int | None = Field(None, ge=1900, le=2100)


class Band(ContentModel):
    """Guesses within a factor ``within`` of the true value (either side) earn ``bricks``."""

    within: float = Field(gt=1)
    bricks: int = Field(ge=0, le=10)


DEFAULT_BANDS: tuple[Band, ...] = (Band(within=1.1, bricks=3), Band(within=1.25, bricks=2), Band(within=2.0, bricks=1))


class EstimateCard(ContentModel):
    id: Ident
    question: Text
    answer: float
    unit: Text
    source: Source | None = None
    integer: bool = True
    bands: tuple[Band, ...] = DEFAULT_BANDS
    note: Text | None = None
    reveal: Text

    @model_validator(mode="after")
    def _check(self):
        if self.source is None:
            raise ValueError(
                f"estimate {self.id!r} has no source; add 'source:' with a 'text:' (nl and en) saying where "
                "the true value comes from, so teams can check it"
            )
        if not (self.answer > 0 and math.isfinite(self.answer)):
            raise ValueError(
                f"estimate {self.id!r}: 'answer' must be a number above zero, because guesses are scored by "
                "their ratio to it"
            )
        if not self.bands:
            raise ValueError(f"estimate {self.id!r}: 'bands' is empty; add at least one band or leave 'bands' out")
        for a, b in zip(self.bands, self.bands[1:]):
            if not (a.within < b.within and a.bricks >= b.bricks):
                raise ValueError(
                    f"estimate {self.id!r}: order 'bands' from narrow to wide ('within' rising) with bricks "
                    "not rising, so a closer guess never earns less"
                )
        return self


# --------------------------------------------------------------------------- data case

PersonalData = Literal["none", "personal", "sensitive"]
Quality = Literal["low", "medium", "high"]
Availability = Literal["open", "internal", "agreement"]
Verdict = Literal["useful", "with_care", "not_useful", "no_need"]


class DatasetCard(ContentModel):
    """A dataset teams may pick. ``sensitive``: special categories or otherwise sensitive (health, debts)."""

    id: Ident
    name: Text
    owner: Text
    description: Text
    personal_data: PersonalData
    quality: Quality
    availability: Availability


class KeyEntry(ContentModel):
    """How the key judges picking ``dataset`` for this question, and why."""

    dataset: Ident
    verdict: Verdict
    reason: Text


class VerdictBricks(ContentModel):
    useful: int = Field(2, ge=1, le=10)
    with_care: int = Field(1, ge=0, le=10)
    not_useful: int = Field(0, ge=-10, le=0)
    no_need: int = Field(-2, ge=-10, le=-1)

    def for_verdict(self, verdict: Verdict) -> int:
        return getattr(self, verdict)


class DataCaseCard(ContentModel):
    """A data case. With ``catalogue: <entry id>`` the question and context come from that catalogue
    entry (filled in when the content folder loads, see :meth:`GameContent.resolve`); without it the
    card gives its own ``question``. The deck and the key stay game content: they are the scoring."""

    id: Ident
    catalogue: Ident | None = None
    question: Text | None = None
    context: Text | None = None
    deck: list[Ident] = Field(min_length=2)
    key: list[KeyEntry]
    max_choices: int | None = Field(None, ge=1)
    bricks: VerdictBricks = VerdictBricks()
    reveal: Text

    @model_validator(mode="after")
    def _check_key(self):
        if self.catalogue is None and self.question is None:
            raise ValueError(
                f"case {self.id!r} has no question; add 'catalogue: <entry id>' to take it from the "
                "catalogue, or write a 'question:' (nl and en)"
            )
        if len(set(self.deck)) != len(self.deck):
            raise ValueError(f"case {self.id!r}: 'deck' names a dataset twice; list each dataset once")
        keyed = [k.dataset for k in self.key]
        if len(set(keyed)) != len(keyed):
            raise ValueError(f"case {self.id!r}: the key judges a dataset twice; keep one entry per dataset")
        for ds in keyed:
            if ds not in self.deck:
                raise ValueError(
                    f"case {self.id!r}: the key judges dataset {ds!r}, which is not in this case's 'deck'; "
                    "add it to the deck or fix the spelling"
                )
        for ds in self.deck:
            if ds not in keyed:
                raise ValueError(
                    f"case {self.id!r}: dataset {ds!r} is in the deck but not in the key; add "
                    f"'- {{dataset: {ds}, verdict: ..., reason: ...}}' under 'key'"
                )
        if not any(k.verdict == "useful" for k in self.key):
            raise ValueError(f"case {self.id!r}: the key has no 'useful' dataset; mark at least one as useful")
        if self.max_choices is not None and self.max_choices > len(self.deck):
            raise ValueError(f"case {self.id!r}: 'max_choices' is larger than the deck; lower it or leave it out")
        return self

    def verdicts(self) -> dict[str, Verdict]:
        return {k.dataset: k.verdict for k in self.key}


# --------------------------------------------------------------------------- dilemma

VOTES: tuple[str, ...] = ("go", "adjust", "stop")


class DilemmaCard(ContentModel):
    id: Ident
    situation: Text
    question: Text
    considerations: list[Text] = []
    max_bricks: int = Field(3, ge=1, le=10)
    # Theme ids of the ethics assistant this dilemma leads into; checked against the ethics
    # content when the whole content folder loads (GameContent.cross_check).
    ethics_themes: list[Ident] = []
    reveal: Text


# --------------------------------------------------------------------------- rounds


class RoundBase(ContentModel):
    id: Ident
    title: Text
    intro: Text
    lesson: Text
    minutes: int = Field(ge=1, le=120)
    facilitator: Text | None = None


class LookCloserRound(RoundBase):
    type: Literal["look_closer"]
    cards: list[LookCloserCard] = Field(min_length=1)


class QuizRound(RoundBase):
    type: Literal["quiz"]
    cards: list[QuizCard] = Field(min_length=1)


class EstimateRound(RoundBase):
    type: Literal["estimate"]
    cards: list[EstimateCard] = Field(min_length=1)


class DataCaseRound(RoundBase):
    type: Literal["data_case"]
    cards: list[DataCaseCard] = Field(min_length=1)


class DilemmaRound(RoundBase):
    type: Literal["dilemma"]
    cards: list[DilemmaCard] = Field(min_length=1)


ROUND_TYPES: dict[str, type[ContentModel]] = _by_type_name(
    LookCloserRound, QuizRound, EstimateRound, DataCaseRound, DilemmaRound
)
Round = Annotated[
    LookCloserRound | QuizRound | EstimateRound | DataCaseRound | DilemmaRound, _by_type(ROUND_TYPES, "round")
]
Card = LookCloserCard | QuizCard | EstimateCard | DataCaseCard | DilemmaCard


# --------------------------------------------------------------------------- pulse


class PulseStatement(ContentModel):
    id: Ident
    text: Text


class AwarenessPulse(ContentModel):
    """Statements rated 1 (``low``) to 5 (``high``) at the start and the end of the day."""

    SCALE: ClassVar[tuple[int, ...]] = (1, 2, 3, 4, 5)

    intro: Text
    low: Text
    high: Text
    statements: list[PulseStatement] = Field(min_length=3, max_length=5)


# --------------------------------------------------------------------------- the game


@register_kind
class GameContent(ContentFile):
    KIND: ClassVar[str] = "game"

    bricks: Text
    start_bricks: int = Field(10, ge=0, le=100)
    setup: Text | None = None
    debrief: Text
    pulse: AwarenessPulse
    datasets: list[DatasetCard] = []
    rounds: list[Round] = Field(min_length=1)

    @model_validator(mode="after")
    def _check_references(self):
        seen: dict[str, str] = {}
        for what, ident in self._all_ids():
            if ident in seen:
                raise ValueError(
                    f"id {ident!r} is used for a {seen[ident]} and again for a {what}; every id in a game "
                    "file must be unique (answers are stored by id), so rename one"
                )
            seen[ident] = what
        datasets = {d.id: d for d in self.datasets}
        for rnd in self.rounds:
            if not isinstance(rnd, DataCaseRound):
                continue
            for card in rnd.cards:
                for ds in card.deck:
                    if ds not in datasets:
                        raise ValueError(
                            f"round {rnd.id!r}, case {card.id!r}: the deck names dataset {ds!r}, which is not "
                            f"under 'datasets' ({', '.join(datasets) or 'none defined'}); add the dataset card "
                            "or fix the spelling"
                        )
                for entry in card.key:
                    if entry.verdict == "no_need" and datasets[entry.dataset].personal_data == "none":
                        raise ValueError(
                            f"round {rnd.id!r}, case {card.id!r}: verdict 'no_need' is for personal data used "
                            f"without need, but dataset {entry.dataset!r} holds no personal data; use "
                            "'not_useful' instead"
                        )
        return self

    def _all_ids(self) -> Iterator[tuple[str, str]]:
        for d in self.datasets:
            yield "dataset", d.id
        for s in self.pulse.statements:
            yield "pulse statement", s.id
        for rnd in self.rounds:
            yield "round", rnd.id
            for card in rnd.cards:
                yield "card", card.id

    def cross_check(self, bundle: Any) -> list[tuple[tuple[str | int, ...], str, str]]:
        """Checks against the other content files (called by the loader once every file has loaded).

        A dilemma's ``ethics_themes`` must name themes of the ethics assistant (every file of kind
        ``ethics_assistant``); a folder without an ethics assistant has nothing to link to, so
        nothing is checked. Returns ``(path in this file, what is wrong, how to fix it)`` per problem.
        """
        problems = self._catalogue_problems(bundle)
        assistants = [f for f in bundle.files.values() if getattr(f, "kind", None) == "ethics_assistant"]
        if not assistants:
            return problems
        themes = [theme.id for f in assistants for theme in f.themes]
        for r, rnd in enumerate(self.rounds):
            if not isinstance(rnd, DilemmaRound):
                continue
            for c, card in enumerate(rnd.cards):
                for i, theme in enumerate(card.ethics_themes):
                    if theme not in themes:
                        problems.append(
                            (
                                ("rounds", r, "cards", c, "ethics_themes", i),
                                (
                                    f"dilemma {card.id!r} names ethics theme {theme!r}, which the ethics assistant "
                                    f"({', '.join(f.id for f in assistants)}) does not have"
                                ),
                                f"use one of the assistant's themes ({', '.join(themes)}) or fix the spelling",
                            )
                        )
        return problems

    @staticmethod
    def _catalogues(bundle: Any) -> list[Any]:
        return [f for f in bundle.files.values() if getattr(f, "kind", None) == "catalogue"]

    def _catalogue_problems(self, bundle: Any) -> list[tuple[Loc, str, str]]:
        """A data case's ``catalogue`` must name an entry of a catalogue file in the same folder."""
        catalogues = self._catalogues(bundle)
        known = [e.id for f in catalogues for e in f.entries]
        problems: list[tuple[Loc, str, str]] = []
        for r, rnd in enumerate(self.rounds):
            if not isinstance(rnd, DataCaseRound):
                continue
            for c, card in enumerate(rnd.cards):
                if card.catalogue is None or card.catalogue in known:
                    continue
                if not catalogues:
                    problems.append(
                        (
                            ("rounds", r, "cards", c, "catalogue"),
                            f"case {card.id!r} draws on catalogue entry {card.catalogue!r}, but this "
                            "folder has no catalogue file",
                            "put catalogue.yaml next to the game file, or give the card its own "
                            "'question:' instead of 'catalogue:'",
                        )
                    )
                else:
                    problems.append(
                        (
                            ("rounds", r, "cards", c, "catalogue"),
                            f"case {card.id!r} draws on catalogue entry {card.catalogue!r}, which the "
                            f"catalogue ({', '.join(f.id for f in catalogues)}) does not have",
                            f"use one of: {', '.join(known)}, or fix the spelling",
                        )
                    )
        return problems

    def resolve(self, bundle: Any) -> GameContent:
        """This game with each data case's question and context taken from its catalogue entry.

        Called by the loader once every file has loaded and the cross checks passed; a card's own
        ``context`` is kept when it gives one (the entry's challenge otherwise).
        """
        entries = {e.id: e for f in self._catalogues(bundle) for e in f.entries}
        rounds: list[Any] = []
        changed = False
        for rnd in self.rounds:
            if isinstance(rnd, DataCaseRound) and any(c.catalogue for c in rnd.cards):
                cards = [
                    c.model_copy(
                        update={
                            "question": entries[c.catalogue].question,
                            "context": c.context or entries[c.catalogue].challenge,
                        }
                    )
                    if c.catalogue in entries
                    else c
                    for c in rnd.cards
                ]
                rnd = rnd.model_copy(update={"cards": cards})
                changed = True
            rounds.append(rnd)
        return self.model_copy(update={"rounds": rounds}) if changed else self

    def ethics_theme_ids(self, card_id: str) -> list[str]:
        """The ethics themes a dilemma card leads into (empty for other cards)."""
        _, card = self.card(card_id)
        return list(card.ethics_themes) if isinstance(card, DilemmaCard) else []

    # ---- look-ups for services, scoring and charts

    def round(self, round_id: str) -> Round:
        for rnd in self.rounds:
            if rnd.id == round_id:
                return rnd
        raise KeyError(f"game {self.id!r} has no round {round_id!r}")

    def card(self, card_id: str) -> tuple[Round, Card]:
        """The round and card with ``card_id``."""
        for rnd in self.rounds:
            for card in rnd.cards:
                if card.id == card_id:
                    return rnd, card
        raise KeyError(f"game {self.id!r} has no card {card_id!r}")

    def dataset(self, dataset_id: str) -> DatasetCard:
        for d in self.datasets:
            if d.id == dataset_id:
                return d
        raise KeyError(f"game {self.id!r} has no dataset {dataset_id!r}")

    def card_counts(self) -> dict[str, int]:
        """Number of cards per round id, in file order (what :func:`dshub.game.state.new_game` needs)."""
        return {rnd.id: len(rnd.cards) for rnd in self.rounds}

    def total_minutes(self) -> int:
        return sum(rnd.minutes for rnd in self.rounds)


__all__ = [
    "DEFAULT_BANDS",
    "FLAW_TYPES",
    "ROUND_TYPES",
    "VOTES",
    "AwarenessPulse",
    "Band",
    "Card",
    "ChartPoint",
    "ChartSpec",
    "ChoiceCard",
    "DataCaseCard",
    "DataCaseRound",
    "DatasetCard",
    "DilemmaCard",
    "DilemmaRound",
    "EstimateCard",
    "EstimateRound",
    "GameContent",
    "KeyEntry",
    "Label",
    "LookCloserCard",
    "LookCloserRound",
    "MissingBase",
    "Option",
    "PulseStatement",
    "QuizCard",
    "QuizRound",
    "RoundBase",
    "SimpsonSplit",
    "Source",
    "TruncatedAxis",
    "VerdictBricks",
    "WrongAverage",
    "label_text",
]
