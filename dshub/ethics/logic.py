"""Pure logic of the ethical data assistant: branching, progress, signals, routing, decision, record.

Everything here takes plain values and returns plain values; nothing touches
streamlit or a database. ``answers`` is always a mapping ``question_id -> value``
in the shapes described in :mod:`dshub.ethics.content` (raw values are
normalised; invalid ones are ignored by the logic and reported by
:func:`answer_problems`).

The one rule that holds everywhere: **an answer to a hidden question never
counts** — not for other conditions, progress, signals, routing or the report.
All functions go through :func:`effective_answers` to guarantee that.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import Any, Final, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from dshub.content.base import Text
from dshub.ethics.content import (
    UNKNOWN,
    YES_NO_UNKNOWN,
    EthicsCases,
    EthicsContent,
    Question,
    RoutingOutcome,
    RoutingRule,
    holds,
    iter_atoms,
)
from dshub.ethics.search import (  # re-exported: the answer rules are part of this module's interface
    MAX_COMBINATIONS_LIVE,
    MAX_TEXT_ANSWER,
    AnswerError,
    _closure,
    _exists,
    _short,
    _walk,
    condition_satisfiable,
    normalize_answer,
)
from dshub.i18n import t

MAX_NOTE = 2000
MAX_MOTIVATION = 5000
MAX_ACTION_TEXT = 1000
MAX_SHORT = 200
MAX_DESCRIPTION = 5000

# --------------------------------------------------------------------------- answers


def answer_problems(content: EthicsContent, answers: Mapping[str, Any]) -> dict[str, AnswerError]:
    """Answers the UI should flag: unknown question ids and values that fit no question."""
    problems: dict[str, AnswerError] = {}
    for qid, value in answers.items():
        if not content.has_question(qid):
            problems[qid] = AnswerError("ethics.error.unknown_question", question=qid)
            continue
        try:
            normalize_answer(content.question(qid), value)
        except AnswerError as exc:
            problems[qid] = exc
    return problems


def visible_questions(content: EthicsContent, answers: Mapping[str, Any]) -> list[Question]:
    """The questions to show, in order, given the answers so far."""
    return _walk(content, answers)[0]


def effective_answers(content: EthicsContent, answers: Mapping[str, Any]) -> dict[str, Any]:
    """Canonical answers of visible questions only: the answers that count."""
    return _walk(content, answers)[1]


def is_visible(content: EthicsContent, answers: Mapping[str, Any], question_id: str) -> bool:
    return any(q.id == question_id for q in visible_questions(content, answers))


def choices(question: Question, lang: str) -> list[tuple[str, str]]:
    """``(value, label)`` pairs to offer for a choice question, "don't know yet" last."""
    if question.type == "yes_no_unknown":
        return [(v, t(f"ethics.answer.{v}", lang)) for v in YES_NO_UNKNOWN]
    if question.type in ("single", "multi"):
        return [(o.id, o.label.get(lang)) for o in question.options] + [(UNKNOWN, t("ethics.answer.unknown", lang))]
    return []


def answer_label(question: Question, value: Any, lang: str) -> str:
    """Readable form of a (canonical or raw) answer in ``lang``."""
    try:
        value = normalize_answer(question, value)
    except AnswerError:
        return _short(value)
    if value is None:
        return t("ethics.answer.none", lang)
    if question.type == "text":
        return value
    labels = dict(choices(question, lang))
    if isinstance(value, list):
        option_ids: list[str] = value  # normalize_answer: a multi answer is a list of option ids
        return ", ".join(labels.get(v, v) for v in option_ids)
    return labels.get(value, value)


# --------------------------------------------------------------------------- progress


@dataclass(frozen=True)
class ThemeProgress:
    theme_id: str
    phase_id: str
    answered: int
    visible: int
    unknown: int

    @property
    def applicable(self) -> bool:
        """False when no question of the theme is visible (it does not apply to this project)."""
        return self.visible > 0

    @property
    def complete(self) -> bool:
        return self.answered >= self.visible

    @property
    def fraction(self) -> float:
        return self.answered / self.visible if self.visible else 1.0


@dataclass(frozen=True)
class Progress:
    """Per theme (in content order) and in total; "don't know yet" counts as answered."""

    themes: dict[str, ThemeProgress]
    answered: int
    visible: int
    unknown: int

    @property
    def complete(self) -> bool:
        return self.answered >= self.visible

    @property
    def fraction(self) -> float:
        return self.answered / self.visible if self.visible else 1.0


def progress(content: EthicsContent, answers: Mapping[str, Any]) -> Progress:
    visible, effective = _walk(content, answers)
    shown = {q.id for q in visible}
    themes = {}
    for theme in content.themes:
        ids = [q.id for q in theme.questions if q.id in shown]
        themes[theme.id] = ThemeProgress(
            theme.id,
            theme.phase,
            sum(1 for i in ids if i in effective),
            len(ids),
            sum(1 for i in ids if effective.get(i) == UNKNOWN),
        )
    return Progress(themes, len(effective), len(visible), sum(1 for v in effective.values() if v == UNKNOWN))


# --------------------------------------------------------------------------- signals

SignalKind = Literal["concern", "action", "find_out"]


@dataclass(frozen=True)
class Signal:
    """A concern or action raised by one answer, with the question and theme that raised it."""

    kind: SignalKind
    question_id: str
    theme_id: str
    phase_id: str
    answer: str
    text: Text

    @property
    def key(self) -> str:
        """Stable id, e.g. ``personal_data.yes.action``; used as an action's ``source``."""
        return f"{self.question_id}.{self.answer}.{self.kind}"


@dataclass(frozen=True)
class Signals:
    concerns: tuple[Signal, ...]
    actions: tuple[Signal, ...]  # written actions and generated "find out" actions, in question order

    @property
    def find_outs(self) -> tuple[Signal, ...]:
        return tuple(s for s in self.actions if s.kind == "find_out")


def find_out_text(question: Question) -> Text:
    """The generated action for a "don't know yet" answer."""
    return Text(
        nl=t("ethics.signal.find_out", "nl", question=question.text.nl),
        en=t("ethics.signal.find_out", "en", question=question.text.en),
    )


def signals(content: EthicsContent, answers: Mapping[str, Any]) -> Signals:
    visible, effective = _walk(content, answers)
    concerns: list[Signal] = []
    actions: list[Signal] = []
    for q in visible:
        value = effective.get(q.id)
        if value is None or q.type == "text":
            continue
        theme = content.theme_of(q.id)
        if value == UNKNOWN:
            actions.append(Signal("find_out", q.id, theme.id, theme.phase, UNKNOWN, find_out_text(q)))
            continue
        for chosen in value if isinstance(value, list) else [value]:
            sig = q.signals.get(chosen)
            if sig is None:
                continue
            if sig.concern is not None:
                concerns.append(Signal("concern", q.id, theme.id, theme.phase, chosen, sig.concern))
            if sig.action is not None:
                actions.append(Signal("action", q.id, theme.id, theme.phase, chosen, sig.action))
    return Signals(tuple(concerns), tuple(actions))


# --------------------------------------------------------------------------- routing


@dataclass(frozen=True)
class TriggerHit:
    trigger_id: str
    reason: Text
    sufficient: bool
    answers: tuple[tuple[str, Any], ...]  # (question_id, canonical answer) the trigger looked at


@dataclass(frozen=True)
class OpenTrigger:
    """A trigger that could still fire once open questions are answered or "don't know yet" is found out."""

    trigger_id: str
    reason: Text
    unknown_questions: tuple[str, ...]  # answered "don't know yet"
    unanswered_questions: tuple[str, ...] = ()  # shown, but not answered yet

    @property
    def questions(self) -> tuple[str, ...]:
        """Every question this trigger still waits for."""
        return self.unanswered_questions + self.unknown_questions


RoutingStatus = Literal["advisable", "incomplete", "may_become_advisable", "not_advisable"]
ROUTING_STATUSES: tuple[str, ...] = ("advisable", "incomplete", "may_become_advisable", "not_advisable")


@dataclass(frozen=True)
class RoutingAdvice:
    rule_id: str
    name: Text
    advisable: bool  # some outcome holds
    text: Text  # the outcome's advice; a "not complete yet" text when incomplete; else "otherwise"
    threshold: int  # of the outcome that holds, or of the strongest outcome when none does
    hits: tuple[TriggerHit, ...]  # the outcome's reasons; with no outcome, every trigger that fired
    open: tuple[OpenTrigger, ...]  # triggers of stronger outcomes that could still fire
    may_become_advisable: bool  # a stronger outcome than the current one could still hold
    unanswered: tuple[str, ...] = ()  # shown questions an open trigger waits for, not answered yet (content order)
    outcome: RoutingOutcome | None = None  # the outcome that holds
    rule: RoutingRule | None = None

    @property
    def reasons(self) -> tuple[TriggerHit, ...]:
        return self.hits

    @property
    def status(self) -> RoutingStatus:
        """``incomplete``: could become advisable and questions it depends on are simply not answered yet;
        ``may_become_advisable``: only "don't know yet" answers stand in the way."""
        if self.advisable:
            return "advisable"
        if self.may_become_advisable and self.unanswered:
            return "incomplete"
        if self.may_become_advisable:
            return "may_become_advisable"
        return "not_advisable"

    @property
    def outcome_id(self) -> str | None:
        return self.outcome.id if self.outcome is not None else None

    @property
    def provisional(self) -> bool:
        """An outcome holds, but a stronger one still could once open questions are answered."""
        return self.advisable and self.may_become_advisable

    def legal_ids(self) -> list[str]:
        """The legal facts behind this advice: the rule's, the outcome's, its obligations' and its reasons'."""
        ids: list[str] = list(self.rule.legal) if self.rule is not None else []
        if self.outcome is not None:
            ids += self.outcome.legal + ([self.outcome.applies_from] if self.outcome.applies_from else [])
            ids += [ob.fact for ob in self.outcome.obligations]
        by_id = {tr.id: tr for tr in self.rule.triggers} if self.rule is not None else {}
        ids += [i for hit in self.hits if hit.trigger_id in by_id for i in by_id[hit.trigger_id].legal]
        return list(dict.fromkeys(ids))


def incomplete_text(rule: RoutingRule) -> Text:
    """What the advice says while questions it depends on are unanswered."""
    return Text(
        nl=t("ethics.routing.incomplete", "nl", name=rule.name.nl),
        en=t("ethics.routing.incomplete", "en", name=rule.name.en),
    )


def _outcome_holds(outcome: RoutingOutcome, effective: Mapping[str, Any]) -> bool:
    hits = [tr for tr in outcome.triggers if holds(tr.when, effective)]
    return any(tr.sufficient for tr in hits) or len(hits) >= outcome.threshold


def _holding_outcome(rule: RoutingRule, effective: Mapping[str, Any]) -> RoutingOutcome | None:
    return next((o for o in rule.outcomes if _outcome_holds(o, effective)), None)


def _rule_fires(rule: RoutingRule, effective: Mapping[str, Any]) -> bool:
    return _holding_outcome(rule, effective) is not None


def routing_advice(content: EthicsContent, answers: Mapping[str, Any]) -> dict[str, RoutingAdvice]:
    """Per instrument (in content order): the outcome that holds, if any, and the answers that led to it.

    Outcomes are tried strongest first. A trigger of a stronger outcome stays
    *open* while a question it depends on is shown but unanswered, or answered
    "don't know yet": an unanswered question never counts as "no". A rule whose
    outcome could still rise through an unanswered question is ``incomplete``
    (see :attr:`RoutingAdvice.status`) when nothing holds yet, ``provisional`` otherwise.
    """
    visible, effective = _walk(content, answers)
    shown = {q.id for q in visible}
    unknown = {qid for qid, v in effective.items() if v == UNKNOWN}
    unanswered = shown - set(effective)
    out: dict[str, RoutingAdvice] = {}
    for rule in content.routing:
        holding = _holding_outcome(rule, effective)
        stronger = rule.outcomes[: rule.outcomes.index(holding)] if holding is not None else rule.outcomes
        hits = []
        for outcome in [holding] if holding is not None else rule.outcomes:
            for trigger in outcome.triggers:
                if holds(trigger.when, effective):
                    asked = dict.fromkeys(a.question for a in iter_atoms(trigger.when))
                    hits.append(
                        TriggerHit(
                            trigger.id,
                            trigger.reason,
                            trigger.sufficient,
                            tuple((qid, effective[qid]) for qid in asked if qid in effective),
                        )
                    )
        open_triggers = []
        rising = False
        for outcome in stronger:
            open_here = []
            for trigger in outcome.triggers:
                if holds(trigger.when, effective):
                    continue
                scope = _closure(content, [trigger.when])
                pending = [qid for qid in scope if qid in unknown or qid in unanswered]
                if not pending:
                    continue
                # Hidden, unanswered and "don't know yet" questions may still take any answer.
                free = [qid for qid in scope if qid not in effective or qid in unknown]
                if (
                    _exists(content, effective, free, partial(holds, trigger.when), scope, MAX_COMBINATIONS_LIVE)
                    is not False
                ):
                    open_here.append(
                        OpenTrigger(
                            trigger.id,
                            trigger.reason,
                            tuple(q for q in pending if q in unknown),
                            tuple(q for q in pending if q in unanswered),
                        )
                    )
            if not open_here:
                continue
            open_triggers += open_here
            if rising:
                continue
            # Cheap upper bound first: even if every open trigger fired, would that be enough?
            open_ids = {o.trigger_id for o in open_here}
            fired_here = sum(1 for tr in outcome.triggers if holds(tr.when, effective))
            could = (
                any(tr.sufficient for tr in outcome.triggers if tr.id in open_ids)
                or fired_here + len(open_here) >= outcome.threshold
            )
            if could:  # then check that they can fire together
                scope = _closure(content, [tr.when for tr in outcome.triggers])
                free = [qid for qid in scope if qid not in effective or qid in unknown]
                found = _exists(
                    content, effective, free, partial(_outcome_holds, outcome), scope, MAX_COMBINATIONS_LIVE
                )
                rising = found is not False
        waiting = {q for o in open_triggers for q in o.unanswered_questions}
        still_open = tuple(sorted(waiting, key=content.position)) if rising else ()
        if holding is not None:
            text = holding.advice
        elif still_open:
            text = incomplete_text(rule)
        else:
            text = rule.otherwise
        threshold = (holding or rule.outcomes[0]).threshold
        out[rule.id] = RoutingAdvice(
            rule.id,
            rule.name,
            holding is not None,
            text,
            threshold,
            tuple(hits),
            tuple(open_triggers),
            rising,
            still_open,
            holding,
            rule,
        )
    return out


# --------------------------------------------------------------------------- summary for the facilitator


@dataclass(frozen=True)
class TeamStatus:
    progress: Progress
    concerns: int
    actions: int
    find_outs: int
    advisable: tuple[str, ...]  # routing rule ids that are advisable


def team_status(content: EthicsContent, answers: Mapping[str, Any]) -> TeamStatus:
    """What the facilitator's live view shows per team."""
    sig = signals(content, answers)
    effective = effective_answers(content, answers)  # advisable or not only: no search over open answers
    return TeamStatus(
        progress(content, answers),
        len(sig.concerns),
        len(sig.actions),
        len(sig.find_outs),
        tuple(rule.id for rule in content.routing if _rule_fires(rule, effective)),
    )


@dataclass(frozen=True)
class AnswerDifference:
    question_id: str
    theme_id: str
    before: Any  # canonical answer or None (not answered or hidden)
    after: Any


def compare_answers(
    content: EthicsContent, before: Mapping[str, Any], after: Mapping[str, Any]
) -> list[AnswerDifference]:
    """Questions whose answer that counts differs between two sets of answers (e.g. two saved records)."""
    eff_a, eff_b = effective_answers(content, before), effective_answers(content, after)
    return [
        AnswerDifference(q.id, content.theme_of(q.id).id, eff_a.get(q.id), eff_b.get(q.id))
        for q in content.questions()
        if eff_a.get(q.id) != eff_b.get(q.id)
    ]


@dataclass(frozen=True)
class NoteDifference:
    question_id: str
    before: str  # "" when there was no note (or the question was hidden)
    after: str


@dataclass(frozen=True)
class ActionDifference:
    change: Literal["added", "removed", "changed"]
    before: ActionItem | None
    after: ActionItem | None


@dataclass(frozen=True)
class ValueDifference:
    value_id: str
    before: ValueJudgement | None  # None: not picked
    after: ValueJudgement | None


@dataclass(frozen=True)
class RecordComparison:
    """What differs between two records, e.g. a saved report (``before``) and the team's record now (``after``)."""

    answers: tuple[AnswerDifference, ...]
    notes: tuple[NoteDifference, ...]
    outcome: tuple[str | None, str | None] | None  # (before, after) when they differ
    motivation: tuple[str, str] | None
    actions: tuple[ActionDifference, ...]
    values: tuple[ValueDifference, ...]

    @property
    def same(self) -> bool:
        return not (self.answers or self.notes or self.outcome or self.motivation or self.actions or self.values)


def _action_key(action: ActionItem) -> tuple[str, str]:
    return ("source", action.source) if action.source else ("text", " ".join(action.text.lower().split()))


def compare_records(content: EthicsContent, before: EthicsRecord, after: EthicsRecord) -> RecordComparison:
    """Differences per question (answers that count, and notes), in the decision, the action list and the values.

    Actions are matched on their source (the answer that raised them), else on their text.
    """
    shown_a = {q.id for q in visible_questions(content, before.answers)}
    shown_b = {q.id for q in visible_questions(content, after.answers)}
    notes = []
    for q in content.questions():
        note_a = before.notes.get(q.id, "") if q.id in shown_a else ""
        note_b = after.notes.get(q.id, "") if q.id in shown_b else ""
        if note_a.strip() != note_b.strip():
            notes.append(NoteDifference(q.id, note_a, note_b))
    dec_a, dec_b = before.decision, after.decision
    out_a, out_b = (dec_a.outcome if dec_a else None), (dec_b.outcome if dec_b else None)
    mot_a, mot_b = (dec_a.motivation if dec_a else ""), (dec_b.motivation if dec_b else "")
    acts_a = {_action_key(a): a for a in (dec_a.actions if dec_a else [])}
    acts_b = {_action_key(a): a for a in (dec_b.actions if dec_b else [])}
    actions = []
    for key, item in acts_b.items():
        old = acts_a.get(key)
        if old is None:
            actions.append(ActionDifference("added", None, item))
        elif old != item:
            actions.append(ActionDifference("changed", old, item))
    actions += [ActionDifference("removed", item, None) for key, item in acts_a.items() if key not in acts_b]
    vals_a = {v.value_id: v for v in before.values}
    vals_b = {v.value_id: v for v in after.values}
    values = [
        ValueDifference(vid, vals_a.get(vid), vals_b.get(vid))
        for vid in dict.fromkeys([*vals_b, *vals_a])
        if vals_a.get(vid) != vals_b.get(vid)
    ]
    return RecordComparison(
        answers=tuple(compare_answers(content, before.answers, after.answers)),
        notes=tuple(notes),
        outcome=(out_a, out_b) if out_a != out_b else None,
        motivation=(mot_a, mot_b) if mot_a.strip() != mot_b.strip() else None,
        actions=tuple(actions),
        values=tuple(values),
    )


# --------------------------------------------------------------------------- values and decision

Judgement = Literal["honoured", "partly", "not_honoured"]
JUDGEMENTS: tuple[str, ...] = ("honoured", "partly", "not_honoured")
Outcome = Literal["go", "adjust", "stop"]
OUTCOMES: tuple[str, ...] = ("go", "adjust", "stop")


@dataclass(frozen=True)
class FieldError:
    """One input problem for the UI: ``field`` names the input, ``key`` is an i18n message key."""

    field: str
    key: str
    # `dataclasses.field`, spelled out: the attribute `field` above shadows a bare `field` for type checkers.
    params: dict[str, Any] = dataclasses.field(default_factory=dict)

    def message(self, lang: str) -> str:
        return t(self.key, lang, **self.params)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ValueJudgement(_Model):
    """A core value the team picked, and how well the project design honours it."""

    value_id: str = Field(max_length=64)
    judgement: Judgement | None = None
    note: str = Field(default="", max_length=MAX_NOTE)


class ActionItem(_Model):
    text: str = Field(max_length=MAX_ACTION_TEXT)
    owner_role: str = Field(default="", max_length=MAX_SHORT)
    due: date | None = None
    source: str | None = Field(default=None, max_length=MAX_SHORT)  # Signal.key it came from, if any
    done: bool = False


class Decision(_Model):
    outcome: Outcome
    motivation: str = Field(max_length=MAX_MOTIVATION)
    actions: list[ActionItem] = Field(default_factory=list)
    # Sources (Signal.key) of raised actions the team deliberately left off the list; a "find out"
    # missing from the list that is not here is new and gets added to the list by itself.
    dismissed: list[str] = Field(default_factory=list, max_length=200)


def _get(item: Any, name: str, default: Any = None) -> Any:
    if isinstance(item, Mapping):
        return item.get(name, default)
    return getattr(item, name, default)


def _blank(value: Any) -> bool:
    return not isinstance(value, str) or not value.strip()


def validate_values(
    content: EthicsContent, judgements: Sequence[ValueJudgement | Mapping[str, Any]], *, require_judgement: bool = True
) -> list[FieldError]:
    """Check the values phase: how many core values, known ids, a judgement each, a note when not fully honoured.

    Use ``require_judgement=False`` while the team is still picking.
    """
    errors: list[FieldError] = []
    n = len(judgements)
    if n < content.core_values_min:
        errors.append(FieldError("values", "ethics.error.values_too_few", {"min": content.core_values_min}))
    if n > content.core_values_max:
        errors.append(FieldError("values", "ethics.error.values_too_many", {"max": content.core_values_max}))
    seen: set[str] = set()
    for i, item in enumerate(judgements):
        vid = _get(item, "value_id")
        if content.value(vid) is None:
            errors.append(FieldError(f"values[{i}].value_id", "ethics.error.value_unknown", {"value": str(vid)}))
            continue
        if vid in seen:
            errors.append(FieldError(f"values[{i}].value_id", "ethics.error.value_duplicate", {"value": vid}))
        seen.add(vid)
        judgement = _get(item, "judgement")
        note = _get(item, "note", "") or ""
        if judgement is None:
            if require_judgement:
                errors.append(FieldError(f"values[{i}].judgement", "ethics.error.judgement_required", {"value": vid}))
        elif judgement not in JUDGEMENTS:
            errors.append(FieldError(f"values[{i}].judgement", "ethics.error.judgement_invalid", {"value": vid}))
        elif judgement != "honoured" and _blank(note):
            errors.append(FieldError(f"values[{i}].note", "ethics.error.judgement_note_required", {"value": vid}))
        if isinstance(note, str) and len(note) > MAX_NOTE:
            errors.append(FieldError(f"values[{i}].note", "ethics.error.too_long", {"max": MAX_NOTE}))
    return errors


def _parse_due(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    if isinstance(value, str):
        if not value.strip():
            return None
        return date.fromisoformat(value.strip())
    raise ValueError(value)


def validate_decision(
    outcome: Any, motivation: Any, actions: Sequence[ActionItem | Mapping[str, Any]], *, today: date | None = None
) -> list[FieldError]:
    """Check the decision input; an empty list means it can be saved.

    Fields: ``outcome``, ``motivation``, ``actions``, ``actions[i].text``,
    ``actions[i].owner_role``, ``actions[i].due``. With ``today``, a due date
    in the past is an error too.
    """
    errors: list[FieldError] = []
    if outcome is None or outcome == "":
        errors.append(FieldError("outcome", "ethics.error.outcome_required"))
    elif outcome not in OUTCOMES:
        errors.append(FieldError("outcome", "ethics.error.outcome_invalid", {"value": _short(outcome)}))
    if _blank(motivation):
        errors.append(FieldError("motivation", "ethics.error.motivation_required"))
    elif len(motivation) > MAX_MOTIVATION:
        errors.append(FieldError("motivation", "ethics.error.too_long", {"max": MAX_MOTIVATION}))
    if outcome == "adjust" and not actions:
        errors.append(FieldError("actions", "ethics.error.actions_required"))
    for i, action in enumerate(actions):
        n = i + 1
        text = _get(action, "text")
        if _blank(text):
            errors.append(FieldError(f"actions[{i}].text", "ethics.error.action_text_required", {"n": n}))
        elif len(text) > MAX_ACTION_TEXT:
            errors.append(FieldError(f"actions[{i}].text", "ethics.error.too_long", {"max": MAX_ACTION_TEXT}))
        owner = _get(action, "owner_role")
        if _blank(owner):
            errors.append(FieldError(f"actions[{i}].owner_role", "ethics.error.action_owner_required", {"n": n}))
        elif len(owner) > MAX_SHORT:
            errors.append(FieldError(f"actions[{i}].owner_role", "ethics.error.too_long", {"max": MAX_SHORT}))
        try:
            due = _parse_due(_get(action, "due"))
        except (ValueError, TypeError):
            errors.append(FieldError(f"actions[{i}].due", "ethics.error.action_due_invalid", {"n": n}))
            continue
        if due is None:
            errors.append(FieldError(f"actions[{i}].due", "ethics.error.action_due_required", {"n": n}))
        elif today is not None and due < today:
            errors.append(
                FieldError(f"actions[{i}].due", "ethics.error.action_due_past", {"n": n, "due": due.isoformat()})
            )
    return errors


class DecisionInputError(ValueError):
    def __init__(self, errors: list[FieldError]):
        self.errors = errors
        super().__init__("; ".join(f"{e.field}: {e.message('en')}" for e in errors))


def make_decision(
    outcome: Any,
    motivation: Any,
    actions: Sequence[ActionItem | Mapping[str, Any]],
    *,
    today: date | None = None,
    dismissed: Iterable[str] = (),
) -> Decision:
    """Build a :class:`Decision` from UI input, or raise :class:`DecisionInputError` with all problems.

    ``dismissed``: sources of raised actions the team left off the list (kept, so they are not re-added).
    """
    errors = validate_decision(outcome, motivation, actions, today=today)
    if errors:
        raise DecisionInputError(errors)
    items = [
        a
        if isinstance(a, ActionItem)
        else ActionItem(
            text=a["text"].strip(),
            owner_role=a["owner_role"].strip(),
            due=_parse_due(a.get("due")),
            source=a.get("source"),
            done=bool(a.get("done", False)),
        )
        for a in actions
    ]
    listed = {a.source for a in items}
    left_off = [s for s in dict.fromkeys(dismissed) if isinstance(s, str) and s and s not in listed]
    return Decision(outcome=outcome, motivation=motivation.strip(), actions=items, dismissed=left_off[:200])


def missing_find_outs(
    content: EthicsContent, answers: Mapping[str, Any], actions: Iterable[ActionItem | Mapping[str, Any]]
) -> tuple[Signal, ...]:
    """The "find out" actions the answers raise that are not on the action list (matched on ``source``).

    Not an error - a team may decide without them - but worth a warning when it decides.
    """
    listed = {_get(a, "source") for a in actions}
    return tuple(s for s in signals(content, answers).find_outs if s.key not in listed)


def suggested_actions(content: EthicsContent, answers: Mapping[str, Any], lang: str) -> list[ActionItem]:
    """The actions and "find out" items the answers raised, as a starting action list (owner and due empty)."""
    return [ActionItem(text=s.text.get(lang), source=s.key) for s in signals(content, answers).actions]


def validate_project(
    title: Any, description: Any, case_id: Any = None, cases: EthicsCases | None = None
) -> list[FieldError]:
    """A project needs a title, unless the team works on a ready case."""
    errors: list[FieldError] = []
    if case_id:
        if cases is not None and cases.case(case_id) is None:
            errors.append(FieldError("case_id", "ethics.error.case_unknown", {"case": _short(case_id)}))
    elif _blank(title):
        errors.append(FieldError("title", "ethics.error.title_required"))
    if isinstance(title, str) and len(title) > MAX_SHORT:
        errors.append(FieldError("title", "ethics.error.too_long", {"max": MAX_SHORT}))
    if isinstance(description, str) and len(description) > MAX_DESCRIPTION:
        errors.append(FieldError("description", "ethics.error.too_long", {"max": MAX_DESCRIPTION}))
    return errors


# --------------------------------------------------------------------------- the record

RECORD_FORMAT: Final = "dshub.ethics.record"
RECORD_FORMAT_VERSION = 1


class ProjectInfo(_Model):
    title: str = Field(default="", max_length=MAX_SHORT)
    description: str = Field(default="", max_length=MAX_DESCRIPTION)
    case_id: str | None = Field(default=None, max_length=64)


MAX_LABEL = 1000


class SetAside(_Model):
    """Something from a saved record the current content no longer knows; kept, not lost."""

    kind: Literal["answer", "note", "value"]
    item_id: str
    value: Any = None
    note: str = ""
    reason: Literal["unknown_question", "invalid_value", "unknown_value"]
    content_version: str
    # Readable forms from the JSON report it came from (in that report's language), when there was one:
    label: str = Field(default="", max_length=MAX_LABEL)  # the question's text or the value's name
    answer: str = Field(default="", max_length=MAX_TEXT_ANSWER)  # the answer or judgement, as the report showed it


def set_aside_label(content: EthicsContent, item: SetAside, lang: str) -> str:
    """What a set-aside item was about, readable: never a raw id when a name is known."""
    if item.kind in ("answer", "note") and content.has_question(item.item_id):
        return content.question(item.item_id).text.get(lang)
    if item.kind == "value" and (value := content.value(item.item_id)) is not None:
        return value.name.get(lang)
    return item.label or item.item_id


def set_aside_value(item: SetAside, lang: str) -> str:
    """The set-aside answer or judgement, readable where the report it came from said how."""
    if item.answer:
        return item.answer
    if item.kind == "value" and item.value in JUDGEMENTS:
        return t(f"ethics.judgement.{item.value}", lang)
    if item.value in YES_NO_UNKNOWN:
        return t(f"ethics.answer.{item.value}", lang)
    if isinstance(item.value, (list, tuple)):
        return ", ".join(map(str, item.value))
    return "" if item.value is None else str(item.value)


def _report_labels(report: Any) -> dict[tuple[str, str], tuple[str, str]]:
    """``(kind, id) -> (label, answer)`` from the readable part of a JSON report (best effort).

    The file may be anything: only lists of objects with texts are read, and texts are cut
    to what :class:`SetAside` keeps, so a hostile file cannot make the stored record invalid.
    """

    def dicts(value: Any) -> list[dict]:
        return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []

    def text(value: Any, limit: int) -> str:
        return value[:limit] if isinstance(value, str) else ""

    labels: dict[tuple[str, str], tuple[str, str]] = {}
    if not isinstance(report, dict):
        return labels
    for theme in dicts(report.get("themes")):
        for q in dicts(theme.get("questions")):
            if isinstance(q.get("id"), str) and isinstance(q.get("text"), str):
                label = text(q["text"], MAX_LABEL)
                labels[("answer", q["id"])] = (
                    label,
                    text(q.get("answer"), MAX_TEXT_ANSWER) if q.get("answered") else "",
                )
                labels[("note", q["id"])] = (label, "")
    for v in dicts(report.get("values")):
        if isinstance(v.get("id"), str) and isinstance(v.get("name"), str):
            labels[("value", v["id"])] = (text(v["name"], MAX_LABEL), text(v.get("judgement_label"), MAX_TEXT_ANSWER))
    return labels


MAX_NOT_KEPT_TEXT = 20_000
MAX_NOT_KEPT = 200


class NotKept(_Model):
    """A version the team chose not to keep when two devices saved the same item: kept, never counted."""

    item_id: str = Field(max_length=64)  # question id, or _project / _values / _decision
    label: str = Field(max_length=MAX_SHORT * 2)  # what it was about, in the words of the device that set it aside
    text: str = Field(max_length=MAX_NOT_KEPT_TEXT)  # the version, readable
    value: Any = None  # the version as it was on that device
    on: date


class RecordError(ValueError):
    """A record file that cannot be loaded; ``problems`` are :class:`FieldError` for the UI."""

    def __init__(self, problems: list[FieldError]):
        self.problems = problems
        super().__init__("; ".join(p.message("en") for p in problems))

    def messages(self, lang: str) -> list[str]:
        return [p.message(lang) for p in self.problems]


def _no_constant(name: str) -> Any:
    """JSON's NaN, Infinity and -Infinity: never in a report (and not storable in PostgreSQL's JSONB)."""
    raise ValueError(f"{name} is not a valid number in a report")


class EthicsRecord(_Model):
    """Everything one team produced, as one archivable, reloadable unit."""

    format: Literal["dshub.ethics.record"] = RECORD_FORMAT
    format_version: int = RECORD_FORMAT_VERSION
    content_id: str
    content_version: str
    loaded_from_version: str | None = None  # set when a record of another content version was loaded
    project: ProjectInfo = Field(default_factory=ProjectInfo)
    session_date: date = Field(default_factory=date.today)
    roles_present: list[str] = Field(default_factory=list, max_length=50)
    answers: dict[str, Any] = Field(default_factory=dict)
    notes: dict[str, str] = Field(default_factory=dict)
    values: list[ValueJudgement] = Field(default_factory=list, max_length=50)
    decision: Decision | None = None
    set_aside: list[SetAside] = Field(default_factory=list)
    not_kept: list[NotKept] = Field(default_factory=list, max_length=MAX_NOT_KEPT)

    @field_validator("roles_present")
    @classmethod
    def _roles(cls, roles: list[str]) -> list[str]:
        out: list[str] = []
        for role in roles:
            role = role.strip()
            if len(role) > MAX_SHORT:
                raise ValueError(f"a role may be at most {MAX_SHORT} characters")
            if role and role not in out:
                out.append(role)
        return out

    @field_validator("notes")
    @classmethod
    def _notes(cls, notes: dict[str, str]) -> dict[str, str]:
        if any(len(n) > MAX_NOTE for n in notes.values()):
            raise ValueError(f"a note may be at most {MAX_NOTE} characters")
        return {k: v for k, v in notes.items() if v.strip()}

    @classmethod
    def new(
        cls,
        content: EthicsContent,
        *,
        title: str = "",
        description: str = "",
        case_id: str | None = None,
        session_date: date | None = None,
        roles_present: Iterable[str] = (),
    ) -> EthicsRecord:
        return cls(
            content_id=content.id,
            content_version=content.version,
            project=ProjectInfo(title=title, description=description, case_id=case_id),
            session_date=session_date or date.today(),
            roles_present=list(roles_present),
        )

    def to_dict(self) -> dict[str, Any]:
        return self.model_dump(mode="json")

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2)

    @classmethod
    def from_json(cls, text: str | bytes, content: EthicsContent) -> EthicsRecord:
        """Load a saved record (or a JSON report, which embeds one) to continue or compare.

        Raises :class:`RecordError` with readable problems. Answers, notes and
        values the current content does not know are moved to ``set_aside``.
        """
        try:
            data = json.loads(text, parse_constant=_no_constant)
        except RecursionError:  # nested deeper than any report: not one of ours
            raise RecordError([FieldError("format", "ethics.record.error.not_a_record")]) from None
        except UnicodeDecodeError:
            raise RecordError([FieldError("", "ethics.record.error.not_json", {"line": 1, "column": 1})]) from None
        except json.JSONDecodeError as exc:
            raise RecordError(
                [FieldError("", "ethics.record.error.not_json", {"line": exc.lineno, "column": exc.colno})]
            ) from None
        except ValueError:  # a number dshub never writes: longer than Python's int-string limit, NaN, Infinity
            raise RecordError([FieldError("", "ethics.record.error.not_valid")]) from None
        return cls.from_dict(data, content)

    @classmethod
    def from_dict(cls, data: Any, content: EthicsContent) -> EthicsRecord:
        labels: dict[tuple[str, str], tuple[str, str]] = {}
        if isinstance(data, dict) and isinstance(data.get("record"), dict):
            labels = _report_labels(data.get("report"))  # names for what may have to be set aside
            data = data["record"]  # a JSON report
        if not isinstance(data, dict) or data.get("format") != RECORD_FORMAT:
            raise RecordError([FieldError("format", "ethics.record.error.not_a_record")])
        version = data.get("format_version")
        if not isinstance(version, int) or version > RECORD_FORMAT_VERSION:
            raise RecordError(
                [FieldError("format_version", "ethics.record.error.newer_format", {"version": _short(version)})]
            )
        if data.get("content_id") != content.id:
            raise RecordError(
                [
                    FieldError(
                        "content_id",
                        "ethics.record.error.other_content",
                        {"found": _short(data.get("content_id")), "expected": content.id},
                    )
                ]
            )
        try:
            record = cls.model_validate(data)
        except ValidationError as exc:
            problems = []
            for err in exc.errors(include_url=False):
                where = ".".join(str(p) for p in err["loc"])
                key = "ethics.record.error.missing" if err["type"] == "missing" else "ethics.record.error.invalid"
                problems.append(FieldError(where, key, {"field": where, "problem": err["msg"]}))
            raise RecordError(problems) from None
        migrated = record.migrated(content)
        if not labels:
            return migrated
        named = [
            a
            if a.label
            else a.model_copy(update=dict(zip(("label", "answer"), labels[(a.kind, a.item_id)])))
            if (a.kind, a.item_id) in labels
            else a
            for a in migrated.set_aside
        ]
        return migrated.model_copy(update={"set_aside": named})

    def migrated(self, content: EthicsContent) -> EthicsRecord:
        """This record fitted to ``content``: unknown or invalid items set aside with a note, not dropped."""
        aside = list(self.set_aside)
        answers: dict[str, Any] = {}
        notes = dict(self.notes)
        for qid, value in self.answers.items():
            if not content.has_question(qid):
                aside.append(
                    SetAside(
                        kind="answer",
                        item_id=qid,
                        value=value,
                        note=notes.pop(qid, ""),
                        reason="unknown_question",
                        content_version=self.content_version,
                    )
                )
                continue
            try:
                canonical = normalize_answer(content.question(qid), value)
            except AnswerError:
                aside.append(
                    SetAside(
                        kind="answer",
                        item_id=qid,
                        value=value,
                        note=notes.pop(qid, ""),
                        reason="invalid_value",
                        content_version=self.content_version,
                    )
                )
                continue
            if canonical is not None:
                answers[qid] = canonical
        for qid in [q for q in notes if not content.has_question(q)]:
            aside.append(
                SetAside(
                    kind="note",
                    item_id=qid,
                    note=notes.pop(qid),
                    reason="unknown_question",
                    content_version=self.content_version,
                )
            )
        values = []
        for item in self.values:
            if content.value(item.value_id) is None:
                aside.append(
                    SetAside(
                        kind="value",
                        item_id=item.value_id,
                        value=item.judgement,
                        note=item.note,
                        reason="unknown_value",
                        content_version=self.content_version,
                    )
                )
            else:
                values.append(item)
        changed_version = self.content_version != content.version
        return self.model_copy(
            update={
                "answers": answers,
                "notes": notes,
                "values": values,
                "set_aside": aside,
                "content_version": content.version,
                "loaded_from_version": self.content_version if changed_version else self.loaded_from_version,
            }
        )


__all__ = [
    "JUDGEMENTS",
    "OUTCOMES",
    "ROUTING_STATUSES",
    "ActionDifference",
    "ActionItem",
    "AnswerDifference",
    "AnswerError",
    "Decision",
    "DecisionInputError",
    "EthicsRecord",
    "FieldError",
    "NotKept",
    "NoteDifference",
    "OpenTrigger",
    "Progress",
    "ProjectInfo",
    "RecordComparison",
    "RecordError",
    "RoutingAdvice",
    "RoutingStatus",
    "SetAside",
    "Signal",
    "Signals",
    "TeamStatus",
    "ThemeProgress",
    "TriggerHit",
    "ValueDifference",
    "ValueJudgement",
    "answer_label",
    "answer_problems",
    "choices",
    "compare_answers",
    "compare_records",
    "condition_satisfiable",
    "effective_answers",
    "find_out_text",
    "incomplete_text",
    "is_visible",
    "make_decision",
    "missing_find_outs",
    "normalize_answer",
    "progress",
    "routing_advice",
    "set_aside_label",
    "set_aside_value",
    "signals",
    "suggested_actions",
    "team_status",
    "validate_decision",
    "validate_project",
    "validate_values",
    "visible_questions",
]
