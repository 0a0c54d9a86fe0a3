"""Conditions of the ethical data assistant: answer words, condition models, evaluation.

The lowest layer of :mod:`dshub.ethics`: it imports nothing from the other ethics modules, so
:mod:`dshub.ethics.content` (the models that hold conditions) and :mod:`dshub.ethics.search`
(which evaluates them over answer combinations) can both build on it without importing each other.
The names are re-exported by :mod:`dshub.ethics.content`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Annotated, Any

from pydantic import ConfigDict, Field, WrapValidator, field_validator, model_validator
from pydantic_core import PydanticCustomError

from dshub.content.base import ContentModel, Ident

YES = "yes"
NO = "no"
UNKNOWN = "unknown"
YES_NO_UNKNOWN = (YES, NO, UNKNOWN)


def _yaml_bool_to_word(value: Any) -> Any:
    """YAML 1.1 reads a bare ``yes`` / ``no`` as a boolean; we mean the answer words."""
    if value is True:
        return YES
    if value is False:
        return NO
    return value


class Atom(ContentModel):
    """Test one earlier answer: ``equals`` a value or (multi) ``includes`` an option."""

    question: Ident
    equals: Ident | None = None
    includes: Ident | None = None

    _words = field_validator("equals", "includes", mode="before")(_yaml_bool_to_word)

    @model_validator(mode="after")
    def _one_test(self) -> Atom:
        if (self.equals is None) == (self.includes is None):
            raise ValueError(
                f"the condition on question {self.question!r} needs exactly one of 'equals' or 'includes'; "
                "write 'equals: <value>' (or 'includes: <option>' for a multiple-choice question)"
            )
        return self

    @property
    def value(self) -> str:
        if self.equals is not None:
            return self.equals
        assert self.includes is not None  # _one_test: exactly one of `equals` / `includes` is set
        return self.includes


class AnyOf(ContentModel):
    any_of: list[Condition] = Field(min_length=1)


class AllOf(ContentModel):
    all_of: list[Condition] = Field(min_length=1)


class Not(ContentModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    negated: Condition = Field(alias="not")


ConditionNode = Atom | AnyOf | AllOf | Not

_CONDITION_HELP = (
    "a condition is a mapping with 'question' plus 'equals' or 'includes', "
    "or one of 'any_of', 'all_of' (a list of conditions) or 'not' (one condition)"
)


def _dispatch_condition(value: Any, handler: Any) -> Any:
    """Validate a condition with the model its keys name; keeps error paths free of tags."""
    if isinstance(value, (Atom, AnyOf, AllOf, Not)):
        return value
    if not isinstance(value, dict):
        raise PydanticCustomError("value_error", "this is not a condition; " + _CONDITION_HELP)
    if "question" in value:
        return Atom.model_validate(value)
    groups = [key for key in ("any_of", "all_of", "not") if key in value]
    if len(groups) != 1:
        raise PydanticCustomError(
            "value_error",
            "this condition has keys {keys}; " + _CONDITION_HELP,
            {"keys": ", ".join(map(str, value)) or "(none)"},
        )
    models: dict[str, type[AnyOf] | type[AllOf] | type[Not]] = {"any_of": AnyOf, "all_of": AllOf, "not": Not}
    model = models[groups[0]]
    return model.model_validate(value)


Condition = Annotated[Any, WrapValidator(_dispatch_condition)]

AnyOf.model_rebuild()
AllOf.model_rebuild()
Not.model_rebuild()


def iter_atoms(cond: ConditionNode | None) -> Iterator[Atom]:
    """Every :class:`Atom` in ``cond``, depth first, in the order written."""
    if cond is None:
        return
    if isinstance(cond, Atom):
        yield cond
    elif isinstance(cond, AnyOf):
        for sub in cond.any_of:
            yield from iter_atoms(sub)
    elif isinstance(cond, AllOf):
        for sub in cond.all_of:
            yield from iter_atoms(sub)
    elif isinstance(cond, Not):
        yield from iter_atoms(cond.negated)


def holds(cond: ConditionNode | None, answers: Mapping[str, Any]) -> bool:
    """Evaluate ``cond`` against canonical answers of *visible* questions only.

    ``answers`` must contain only visible, answered questions (see
    :func:`dshub.ethics.search.effective_answers`); a missing question makes an
    atom false.
    """
    if cond is None:
        return True
    if isinstance(cond, Atom):
        value = answers.get(cond.question)
        if value is None:
            return False
        if cond.includes is not None:
            return isinstance(value, (list, tuple)) and cond.includes in value
        return value == cond.equals
    if isinstance(cond, AnyOf):
        return any(holds(sub, answers) for sub in cond.any_of)
    if isinstance(cond, AllOf):
        return all(holds(sub, answers) for sub in cond.all_of)
    if isinstance(cond, Not):
        return not holds(cond.negated, answers)
    raise TypeError(f"not a condition: {cond!r}")
