"""Content models for the ethical data assistant.

One kind of content file:

``ethics_assistant``
    phases of the data life cycle, themes, questions with branching
    (``show_if``), signals per answer (concern / action), a list of values,
    the roles that can be present and routing rules that advise on follow-up
    instruments (DPIA, IAMA, algorithm register, AI-Act check).

The ready-made cases a team can work on when it has no project of its own are the entries of the
catalogue (``kind: catalogue``); :class:`EthicsCases` is the view of them the assistant uses.

Answer values per question type (the canonical form, see
:func:`dshub.ethics.logic.normalize_answer`):

``yes_no_unknown``  ``"yes"``, ``"no"`` or ``"unknown"`` (don't know yet)
``single``          one option id, or ``"unknown"``
``multi``           a non-empty list of option ids, or ``"unknown"``
``text``            a non-empty string

A condition is one of::

    {question: q, equals: v}     # answer to q is v (yes/no/unknown or an option id)
    {question: q, includes: v}   # multi question q: option v is among the choices
    {any_of: [cond, ...]}
    {all_of: [cond, ...]}
    {not: cond}

A condition only sees answers to questions that are visible themselves: an
answer to a hidden question never counts. A ``show_if`` may only refer to
questions that come earlier in the file (theme by theme, top to bottom).
"""

from __future__ import annotations

import itertools
from typing import Annotated, Any, ClassVar, Literal

from pydantic import (
    Field,
    PrivateAttr,
    StringConstraints,
    field_validator,
    model_validator,
)

from dshub.content.base import (
    ContentFile,
    ContentModel,
    Ident,
    Text,
    register_kind,
    unique_ids,
)
from dshub.ethics.conditions import (  # re-exported: content files and callers name them from here
    NO,
    UNKNOWN,
    YES,
    YES_NO_UNKNOWN,
    AllOf,
    AnyOf,
    Atom,
    Condition,
    ConditionNode,
    Not,
    _yaml_bool_to_word,
    holds,
    iter_atoms,
)
from dshub.ethics.search import condition_satisfiable

QuestionType = Literal["yes_no_unknown", "single", "multi", "text"]
QUESTION_TYPES: tuple[str, ...] = ("yes_no_unknown", "single", "multi", "text")


# --------------------------------------------------------------------------- questions


class Option(ContentModel):
    id: Ident
    label: Text
    help: Text | None = None


class SignalText(ContentModel):
    """What an answer raises: a concern (why it matters) and/or an action."""

    concern: Text | None = None
    action: Text | None = None

    @model_validator(mode="after")
    def _something(self) -> SignalText:
        if self.concern is None and self.action is None:
            raise ValueError("a signal needs a 'concern' or an 'action' (or both); add one or remove the signal")
        return self


class Question(ContentModel):
    id: Ident
    type: QuestionType
    text: Text
    help: Text
    options: list[Option] = Field(default_factory=list)
    signals: dict[Ident, SignalText] = Field(default_factory=dict)
    show_if: Condition | None = None

    @field_validator("signals", mode="before")
    @classmethod
    def _signal_keys(cls, value: Any) -> Any:
        if isinstance(value, dict):
            return {_yaml_bool_to_word(k): v for k, v in value.items()}
        return value

    @model_validator(mode="after")
    def _check(self) -> Question:
        where = f"question {self.id!r}"
        if self.type in ("single", "multi"):
            if len(self.options) < 2:
                raise ValueError(f"{where} is a {self.type} question and needs at least two 'options'; add them")
            unique_ids(self.options, f"{where}: option")
            if any(o.id == UNKNOWN for o in self.options):
                raise ValueError(
                    f"{where}: option id 'unknown' is reserved for \"don't know yet\", which every "
                    "choice question offers by itself; remove or rename that option"
                )
        elif self.options:
            raise ValueError(
                f"{where} is a {self.type} question and cannot have 'options'; remove them "
                "or change the type to single or multi"
            )
        if self.type == "text" and self.signals:
            raise ValueError(f"{where} is a text question and cannot raise signals; remove 'signals'")
        allowed = [v for v in self.values() if v != UNKNOWN]
        for key in self.signals:
            if key == UNKNOWN:
                raise ValueError(
                    f"{where}: no signal may be written for 'unknown'; \"don't know yet\" always "
                    "raises a generated 'find out' action. Remove the 'unknown' signal"
                )
            if key not in allowed:
                raise ValueError(
                    f"{where}: signal for {key!r}, which is not an answer to this question; "
                    f"use one of: {', '.join(allowed)}"
                )
        return self

    def values(self) -> tuple[str, ...]:
        """Every answer value a condition or signal may name (``unknown`` included)."""
        if self.type == "yes_no_unknown":
            return YES_NO_UNKNOWN
        if self.type in ("single", "multi"):
            return tuple(o.id for o in self.options) + (UNKNOWN,)
        return ()

    def option(self, option_id: str) -> Option | None:
        return next((o for o in self.options if o.id == option_id), None)


class Theme(ContentModel):
    id: Ident
    phase: Ident
    title: Text
    intro: Text
    questions: list[Question] = Field(min_length=1)


class Phase(ContentModel):
    id: Ident
    title: Text


class Value(ContentModel):
    id: Ident
    name: Text
    explanation: Text


class Role(ContentModel):
    id: Ident
    name: Text


class Trigger(ContentModel):
    id: Ident
    when: Condition
    reason: Text
    sufficient: bool = False
    legal: list[Ident] = Field(default_factory=list)  # ids in the legal facts file (questionnaires/legal.yaml)


class Obligation(ContentModel):
    """What follows from an outcome, backed by one legal fact (its date says from when it applies)."""

    fact: Ident
    text: Text


class RoutingOutcome(ContentModel):
    """One possible outcome of a routing rule, such as "DPIA required" or "high-risk AI system".

    It holds when a trigger marked ``sufficient`` fires, or when at least ``threshold`` of its
    triggers fire. ``applies_from`` names the legal fact whose date says from when the duties
    apply (shown as "from 2 December 2027" while that date is still ahead).
    """

    id: Ident
    name: Text | None = None  # the verdict shown, e.g. "required"; without it: "advisable"
    advice: Text
    threshold: int = Field(default=1, ge=1)
    triggers: list[Trigger] = Field(min_length=1)
    legal: list[Ident] = Field(default_factory=list)
    applies_from: Ident | None = None
    obligations: list[Obligation] = Field(default_factory=list)


class RoutingRule(ContentModel):
    """Advice on one follow-up instrument: the first of its ``outcomes`` that holds (strongest first).

    The short form of earlier versions (``advice``, ``threshold`` and ``triggers`` on the rule) is
    read as one outcome ``advisable``.
    """

    id: Ident
    name: Text
    outcomes: list[RoutingOutcome] = Field(min_length=1)
    otherwise: Text
    otherwise_name: Text | None = None  # the verdict when no outcome holds; without it: "not advisable"
    legal: list[Ident] = Field(default_factory=list)

    @model_validator(mode="before")
    @classmethod
    def _short_form(cls, data: Any) -> Any:
        if (
            isinstance(data, dict)
            and "outcomes" not in data
            and any(k in data for k in ("advice", "threshold", "triggers"))
        ):
            data = dict(data)
            outcome = {k: data.pop(k) for k in ("advice", "threshold", "triggers") if k in data}
            data["outcomes"] = [{"id": "advisable", **outcome}]
        return data

    @model_validator(mode="after")
    def _ids(self) -> RoutingRule:
        unique_ids(self.outcomes, f"routing rule {self.id!r}: outcome")
        unique_ids(self.triggers, f"routing rule {self.id!r}: trigger")
        return self

    @property
    def triggers(self) -> list[Trigger]:
        """Every trigger of every outcome, strongest outcome first."""
        return [tr for outcome in self.outcomes for tr in outcome.triggers]

    def legal_ids(self) -> list[str]:
        """Every legal fact this rule refers to, in order of first mention."""
        ids = list(self.legal)
        for outcome in self.outcomes:
            ids += outcome.legal + ([outcome.applies_from] if outcome.applies_from else [])
            ids += [ob.fact for ob in outcome.obligations]
            ids += [i for tr in outcome.triggers for i in tr.legal]
        return list(dict.fromkeys(ids))


class PreIamaQuestion(ContentModel):
    """A question of the IAMA that a team's ethics answers already start to answer (the pre-IAMA)."""

    id: Ident
    part: Literal["why", "what", "how", "rights"]
    text: Text
    art27: Annotated[str, StringConstraints(pattern=r"^27\(1\)\([a-f]\)$")] | None = None  # e.g. "27(1)(c)"
    prefill_from: list[Ident] = Field(default_factory=list)  # ethics questions whose answers start it
    show_if: Condition | None = None


# --------------------------------------------------------------------------- the file


@register_kind
class EthicsContent(ContentFile):
    KIND: ClassVar[str] = "ethics_assistant"

    kind: Literal["ethics_assistant"]
    phases: list[Phase] = Field(min_length=1)
    themes: list[Theme] = Field(min_length=1)
    values: list[Value] = Field(min_length=1)
    core_values_min: int = Field(default=1, ge=1)
    core_values_max: int = Field(default=5, ge=1)
    roles: list[Role] = Field(default_factory=list)
    routing: list[RoutingRule] = Field(default_factory=list)
    pre_iama: list[PreIamaQuestion] = Field(default_factory=list)

    _questions: dict[str, Question] = PrivateAttr(default_factory=dict)
    _theme_of: dict[str, Theme] = PrivateAttr(default_factory=dict)
    _order: dict[str, int] = PrivateAttr(default_factory=dict)
    _question_list: list[Question] = PrivateAttr(default_factory=list)

    @model_validator(mode="after")
    def _cross_references(self) -> EthicsContent:
        unique_ids(self.phases, "phase")
        unique_ids(self.themes, "theme")
        unique_ids(self.values, "value")
        unique_ids(self.roles, "role")
        unique_ids(self.routing, "routing rule")
        unique_ids(self.pre_iama, "pre_iama question")
        phase_ids = [p.id for p in self.phases]
        for theme in self.themes:
            if theme.phase not in phase_ids:
                raise ValueError(
                    f"theme {theme.id!r} names phase {theme.phase!r}, which does not exist; "
                    f"use one of: {', '.join(phase_ids)}"
                )
        questions: dict[str, Question] = {}
        for theme in self.themes:
            for q in theme.questions:
                if q.id in questions:
                    other = self._theme_of[q.id].id
                    raise ValueError(
                        f"question id {q.id!r} is used twice (themes {other!r} and {theme.id!r}); "
                        "question ids must be unique in the whole file, rename one"
                    )
                questions[q.id] = q
                self._question_list.append(q)
                self._theme_of[q.id] = theme
                self._order[q.id] = len(self._order)
        self._questions.update(questions)
        if self.core_values_min > self.core_values_max:
            raise ValueError(
                f"core_values_min ({self.core_values_min}) is larger than core_values_max "
                f"({self.core_values_max}); make the minimum at most the maximum"
            )
        if self.core_values_max > len(self.values):
            raise ValueError(
                f"core_values_max ({self.core_values_max}) is larger than the number of values "
                f"({len(self.values)}); lower it or add values"
            )

        problems = self._condition_problems()
        if not problems:
            problems = self._impossible_conditions()
        if problems:
            if len(problems) == 1:
                raise ValueError(problems[0])
            raise ValueError(f"{len(problems)} problems with conditions:\n  * " + "\n  * ".join(problems))
        return self

    # -- checks --------------------------------------------------------------------------

    def _atom_problem(self, where: str, atom: Atom) -> str | None:
        target = self._questions.get(atom.question)
        if target is None:
            return (
                f"{where} refers to unknown question {atom.question!r}; check the spelling or use the id "
                "of an existing question"
            )
        if target.type == "text":
            return (
                f"{where} tests text question {atom.question!r}; a condition can only test yes/no, single "
                "or multi questions, so point it at one of those"
            )
        if atom.includes is not None:
            if target.type != "multi":
                return (
                    f"{where} uses 'includes' on {atom.question!r}, which is a {target.type} question; "
                    f"use 'equals' instead ('includes' is for multiple-choice questions)"
                )
            if atom.includes not in target.values() or atom.includes == UNKNOWN:
                return (
                    f"{where} tests whether {atom.question!r} includes {atom.includes!r}, which is not one "
                    f"of its options; use one of: {', '.join(o.id for o in target.options)}"
                )
        else:
            if target.type == "multi" and atom.equals != UNKNOWN:
                return (
                    f"{where} uses 'equals: {atom.equals}' on multiple-choice question {atom.question!r}; "
                    f"write 'includes: {atom.equals}' (only 'equals: unknown' works on a multi question)"
                )
            if atom.equals not in target.values():
                return (
                    f"{where} tests {atom.question!r} for {atom.equals!r}, which that question can never "
                    f"have as answer; use one of: {', '.join(target.values())}"
                )
        return None

    def _condition_problems(self) -> list[str]:
        problems: list[str] = []
        deps: dict[str, list[str]] = {}
        for q in self.questions():
            where = f"question {q.id!r} (theme {self._theme_of[q.id].id!r}): show_if"
            deps[q.id] = []
            for atom in iter_atoms(q.show_if):
                if atom.question == q.id:
                    problems.append(
                        f"{where} refers to the question itself; a question can only depend on "
                        "earlier questions, so remove this condition or point it at another question"
                    )
                    continue
                problem = self._atom_problem(where, atom)
                if problem:
                    problems.append(problem)
                    if atom.question not in self._questions:
                        continue
                deps[q.id].append(atom.question)
        cycle_problems, cycle_edges = self._cycles(deps)
        problems.extend(cycle_problems)
        for q in self.questions():
            for dep in deps[q.id]:
                if (q.id, dep) in cycle_edges or self._order[dep] < self._order[q.id]:
                    continue
                problems.append(
                    f"question {q.id!r} (theme {self._theme_of[q.id].id!r}): show_if refers to {dep!r}, which "
                    f"comes later (theme {self._theme_of[dep].id!r}); a question can only depend on earlier "
                    f"answers, so move {dep!r} above {q.id!r} or drop the condition"
                )
        for rule in self.routing:
            for trigger in rule.triggers:
                where = f"routing rule {rule.id!r}, trigger {trigger.id!r}"
                for atom in iter_atoms(trigger.when):
                    problem = self._atom_problem(where, atom)
                    if problem:
                        problems.append(problem)
        for item in self.pre_iama:
            where = f"pre_iama question {item.id!r}"
            for qid in item.prefill_from:
                if qid not in self._questions:
                    problems.append(
                        f"{where}: prefill_from names question {qid!r}, which does not exist; "
                        "use the id of a question in this file"
                    )
            if item.show_if is not None:
                for atom in iter_atoms(item.show_if):
                    problem = self._atom_problem(where, atom)
                    if problem:
                        problems.append(problem)
        return problems

    @staticmethod
    def _cycles(deps: dict[str, list[str]]) -> tuple[list[str], set[tuple[str, str]]]:
        """Report each dependency cycle once, as ``'a' -> 'b' -> 'a'``; also return the edges in cycles."""
        problems: list[str] = []
        edges: set[tuple[str, str]] = set()
        state: dict[str, int] = {}  # 1 = on the stack, 2 = done
        seen: set[frozenset[str]] = set()

        def visit(node: str, stack: list[str]) -> None:
            state[node] = 1
            stack.append(node)
            for nxt in deps.get(node, []):
                if state.get(nxt) == 1:
                    cycle = stack[stack.index(nxt) :] + [nxt]
                    edges.update(itertools.pairwise(cycle))
                    if frozenset(cycle) not in seen:
                        seen.add(frozenset(cycle))
                        problems.append(
                            "a cycle in show_if conditions: "
                            + " -> ".join(repr(c) for c in cycle)
                            + "; each of these questions waits for the next, so none of them can ever appear. "
                            "Break the cycle by removing one of these conditions"
                        )
                elif state.get(nxt) is None:
                    visit(nxt, stack)
            stack.pop()
            state[node] = 2

        for node in deps:
            if node not in state:
                visit(node, [])
        return problems, edges

    def _impossible_conditions(self) -> list[str]:
        problems = []
        for q in self.questions():
            if q.show_if is not None and condition_satisfiable(self, q.show_if) is False:
                problems.append(
                    f"question {q.id!r} (theme {self._theme_of[q.id].id!r}): show_if can never be true for any "
                    "combination of answers (check for contradicting tests, or tests on a question that is hidden "
                    "in exactly that case), so the question would never appear; correct the condition"
                )
        for rule in self.routing:
            for trigger in rule.triggers:
                if condition_satisfiable(self, trigger.when) is False:
                    problems.append(
                        f"routing rule {rule.id!r}, trigger {trigger.id!r}: the condition can never be true for any "
                        "combination of answers, so it would never fire; correct the condition"
                    )
        return problems

    def cross_check(self, bundle: Any) -> list[tuple[tuple[str | int, ...], str, str]]:
        """Every legal fact the routing names must exist in a ``legal_facts`` file of the same folder.

        A folder without legal facts has nothing to check against (the advice then shows no
        sources). Returns ``(path in this file, what is wrong, how to fix it)`` per problem.
        """
        files = [f for f in bundle.files.values() if getattr(f, "kind", None) == "legal_facts"]
        if not files:
            return []
        known = {fact.id for f in files for fact in f.facts}
        refs: list[tuple[tuple[str | int, ...], str]] = []
        for r, rule in enumerate(self.routing):
            refs += [(("routing", r, "legal", i), fid) for i, fid in enumerate(rule.legal)]
            for o, outcome in enumerate(rule.outcomes):
                at: tuple[str | int, ...] = ("routing", r, "outcomes", o)
                refs += [((*at, "legal", i), fid) for i, fid in enumerate(outcome.legal)]
                if outcome.applies_from:
                    refs.append(((*at, "applies_from"), outcome.applies_from))
                refs += [((*at, "obligations", k, "fact"), ob.fact) for k, ob in enumerate(outcome.obligations)]
                for j, trigger in enumerate(outcome.triggers):
                    refs += [((*at, "triggers", j, "legal", i), fid) for i, fid in enumerate(trigger.legal)]
        return [
            (
                loc,
                f"legal fact {fid!r} does not exist in {', '.join(f.id for f in files)}",
                "use the id of a fact in questionnaires/legal.yaml, or add the fact there with its source",
            )
            for loc, fid in refs
            if fid not in known
        ]

    # -- lookups --------------------------------------------------------------------------

    def questions(self) -> list[Question]:
        """All questions in order: theme by theme, top to bottom."""
        return list(self._question_list)

    def question(self, question_id: str) -> Question:
        return self._questions[question_id]

    def has_question(self, question_id: str) -> bool:
        return question_id in self._questions

    def theme_of(self, question_id: str) -> Theme:
        return self._theme_of[question_id]

    def theme(self, theme_id: str) -> Theme:
        return next(t for t in self.themes if t.id == theme_id)

    def phase(self, phase_id: str) -> Phase:
        return next(p for p in self.phases if p.id == phase_id)

    def position(self, question_id: str) -> int:
        return self._order[question_id]

    def value(self, value_id: str) -> Value | None:
        return next((v for v in self.values if v.id == value_id), None)

    def role(self, role_id: str) -> Role | None:
        return next((r for r in self.roles if r.id == role_id), None)

    def rule(self, rule_id: str) -> RoutingRule:
        return next(r for r in self.routing if r.id == rule_id)


# --------------------------------------------------------------------------- cases


class Dataset(ContentModel):
    name: Text
    owner: Text
    personal_data: bool
    note: Text | None = None


class Case(ContentModel):
    id: Ident
    title: Text
    description: Text
    datasets: list[Dataset] = Field(min_length=1)


class EthicsCases(ContentModel):
    """The ready cases the assistant offers: built from the catalogue's entries (see
    :meth:`dshub.catalogue.content.Catalogue.ethics_cases`), so a case id is a catalogue entry id."""

    id: Ident
    version: str
    title: Text
    cases: list[Case] = Field(default_factory=list)

    @model_validator(mode="after")
    def _unique(self) -> EthicsCases:
        unique_ids(self.cases, "case")
        return self

    def case(self, case_id: str) -> Case | None:
        return next((c for c in self.cases if c.id == case_id), None)


__all__ = [
    "NO",
    "QUESTION_TYPES",
    "UNKNOWN",
    "YES",
    "YES_NO_UNKNOWN",
    "AllOf",
    "AnyOf",
    "Atom",
    "Case",
    "Condition",
    "ConditionNode",
    "Dataset",
    "EthicsCases",
    "EthicsContent",
    "Not",
    "Option",
    "Phase",
    "Question",
    "Role",
    "RoutingRule",
    "SignalText",
    "Theme",
    "Trigger",
    "Value",
    "holds",
    "iter_atoms",
]
