"""Answers and the search over answer combinations: normalising, the visible walk, satisfiability.

Takes plain values and returns plain values. It needs the content models only as types, so
:mod:`dshub.ethics.content` can call :func:`condition_satisfiable` while validating a file without
an import cycle (content -> search -> conditions; logic builds on all three and re-exports these names).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from dshub.ethics.conditions import (
    NO,
    UNKNOWN,
    YES,
    YES_NO_UNKNOWN,
    ConditionNode,
    holds,
    iter_atoms,
)

if TYPE_CHECKING:  # types only: importing content here at run time would close the cycle again
    from dshub.ethics.content import EthicsContent, Question

MAX_TEXT_ANSWER = 2000


class AnswerError(ValueError):
    """An answer value that does not fit its question; ``key`` is an i18n message key."""

    def __init__(self, key: str, **params: Any):
        self.key = key
        self.params = params
        super().__init__(f"{key} {params}" if params else key)


def normalize_answer(question: Question, value: Any) -> Any:
    """Return the canonical answer, or ``None`` when ``value`` is no answer (empty).

    Canonical shapes: yes_no_unknown -> ``"yes" | "no" | "unknown"``; single ->
    option id or ``"unknown"``; multi -> list of option ids in option order, or
    ``"unknown"`` (``["unknown"]`` is accepted too); text -> stripped string.
    Raises :class:`AnswerError` for a value that can never be an answer.
    """
    if value is None:
        return None
    if question.type == "text":
        if not isinstance(value, str):
            raise AnswerError("ethics.error.answer_not_text")
        text = value.strip()
        if len(text) > MAX_TEXT_ANSWER:
            raise AnswerError("ethics.error.text_too_long", max=MAX_TEXT_ANSWER)
        return text or None
    if question.type == "yes_no_unknown":
        if value is True:
            return YES
        if value is False:
            return NO
        if isinstance(value, str):
            word = value.strip().lower()
            if not word:
                return None
            if word in YES_NO_UNKNOWN:
                return word
        raise AnswerError("ethics.error.answer_invalid", value=_short(value))
    if question.type == "single":
        if isinstance(value, str):
            word = value.strip()
            if not word:
                return None
            if word in question.values():
                return word
        raise AnswerError("ethics.error.answer_invalid", value=_short(value))
    # multi
    if isinstance(value, str):
        value = [value] if value.strip() else []
    if not isinstance(value, (list, tuple, set, frozenset)) or not all(isinstance(v, str) for v in value):
        raise AnswerError("ethics.error.answer_invalid", value=_short(value))
    chosen = {v.strip() for v in value if v.strip()}
    if not chosen:
        return None
    if UNKNOWN in chosen:
        if len(chosen) > 1:
            raise AnswerError("ethics.error.unknown_exclusive")
        return UNKNOWN
    known = [o.id for o in question.options]
    wrong = sorted(chosen - set(known))
    if wrong:
        raise AnswerError("ethics.error.answer_invalid", value=", ".join(wrong))
    return [o for o in known if o in chosen]


def _short(value: Any) -> str:
    text = str(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _walk(
    content: EthicsContent, answers: Mapping[str, Any], questions: Sequence[Question] | None = None
) -> tuple[list[Question], dict[str, Any]]:
    """Visible questions in order and their canonical answers; one pass, since conditions look back.

    ``questions`` restricts the walk to a subset in content order that is closed under
    ``show_if`` dependencies (see :func:`_closure`).
    """
    visible: list[Question] = []
    effective: dict[str, Any] = {}
    for q in content.questions() if questions is None else questions:
        if q.show_if is not None and not holds(q.show_if, effective):
            continue
        visible.append(q)
        try:
            value = normalize_answer(q, answers.get(q.id))
        except AnswerError:
            value = None
        if value is not None:
            effective[q.id] = value
    return visible, effective


# --------------------------------------------------------------------------- searching answer combinations

MAX_COMBINATIONS = 20_000  # content validation (once, at load)
MAX_COMBINATIONS_LIVE = 2_000  # routing advice (on every screen refresh); beyond it we over-approximate


def _closure(content: EthicsContent, conds: Iterable[ConditionNode]) -> list[str]:
    """Questions the conditions test, plus those their visibility depends on, in content order."""
    todo = [a.question for c in conds for a in iter_atoms(c) if content.has_question(a.question)]
    found: set[str] = set()
    while todo:
        qid = todo.pop()
        if qid in found:
            continue
        found.add(qid)
        todo.extend(a.question for a in iter_atoms(content.question(qid).show_if) if content.has_question(a.question))
    return sorted(found, key=content.position)


def _tested_options(content: EthicsContent, qid: str) -> list[str]:
    """Options of a multi question that any condition in the content tests with ``includes``."""
    conds = [q.show_if for q in content.questions()] + [tr.when for r in content.routing for tr in r.triggers]
    wanted = {a.includes for c in conds for a in iter_atoms(c) if a.question == qid and a.includes}
    return [o.id for o in content.question(qid).options if o.id in wanted]


def _domain(content: EthicsContent, qid: str) -> list[Any]:
    """Every answer state of ``qid`` that can make a difference to a condition (``None`` = no answer)."""
    q = content.question(qid)
    if q.type == "multi":
        opts = _tested_options(content, qid)
        subsets = [list(c) for n in range(len(opts) + 1) for c in itertools.combinations(opts, n)]
        # An empty subset stands for "only options no condition tests"; it is still an answer.
        other = next((o.id for o in q.options if o.id not in opts), None)
        subsets = [s or ([other] if other else s) for s in subsets]
        return [None, UNKNOWN] + [s for s in subsets if s]
    if q.type == "text":
        return [None, "text"]
    return [None, *q.values()]


def _exists(
    content: EthicsContent,
    base: Mapping[str, Any],
    free: Sequence[str],
    predicate: Callable[[dict[str, Any]], bool],
    scope: Sequence[str],
    limit: int = MAX_COMBINATIONS,
) -> bool | None:
    """Is there an answer to the ``free`` questions that makes ``predicate`` true? ``None``: too many to try.

    ``scope`` is a dependency-closed set of question ids (see :func:`_closure`); only those are walked.
    """
    domains = [_domain(content, qid) for qid in free]
    total = 1
    for d in domains:
        total *= len(d)
        if total > limit:
            return None
    questions = [content.question(qid) for qid in scope]
    for combo in itertools.product(*domains):
        trial = dict(base)
        for qid, value in zip(free, combo):
            if value is None:
                trial.pop(qid, None)
            else:
                trial[qid] = value
        if predicate(_walk(content, trial, questions)[1]):
            return True
    return False


def condition_satisfiable(content: EthicsContent, cond: ConditionNode) -> bool | None:
    """Can ``cond`` be true for some combination of answers? ``None`` if too many combinations to check."""
    scope = _closure(content, [cond])
    return _exists(content, {}, scope, lambda eff: holds(cond, eff), scope)
