"""Content model for legal facts (kind ``legal_facts``).

One fact is one rule the app relies on when it routes a data project to a follow-up
instrument (DPIA, AI Act, IAMA, algorithm register, EU database, AI literacy). Each fact
says in one sentence what the rule is, where it is laid down, from when it applies, which
sources were checked (the primary source first) and on which date, and how sure we are:

``confirmed``  checked against a primary source (the legal text, the regulator, the government)
``reported``   only secondary sources confirm it; ``note`` says so
``uncertain``  sources disagree or could not be checked; ``note`` says what is open

The UI shows the oldest ``checked`` date of the facts it uses as the "stand van zaken"
(:meth:`LegalFacts.as_of`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Annotated, ClassVar, Literal

from pydantic import Field, PrivateAttr, StringConstraints, ValidationInfo, field_validator, model_validator

from dshub.content.base import ContentFile, ContentModel, Ident, Text, Url, register_kind, unique_ids

Instrument = Literal["dpia", "ai_act", "iama", "algorithm_register", "eu_database", "ai_literacy", "data_use"]
INSTRUMENTS: tuple[str, ...] = (
    "dpia",
    "ai_act",
    "iama",
    "algorithm_register",
    "eu_database",
    "ai_literacy",
    "data_use",
)

Certainty = Literal["confirmed", "reported", "uncertain"]
CERTAINTIES: tuple[str, ...] = ("confirmed", "reported", "uncertain")

Line = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class Source(ContentModel):
    """A place where the fact can be checked."""

    title: Line
    url: Url
    publisher: Line | None = None


class LegalFact(ContentModel):
    id: Ident
    instrument: Instrument
    title: Text
    legal_basis: Text
    applies_from: dt.date
    sources: list[Source]
    checked: dt.date
    certainty: Certainty
    note: Text | None = None

    @field_validator("sources")
    @classmethod
    def _some_source(cls, value: list[Source], info: ValidationInfo) -> list[Source]:
        if not value:
            raise ValueError(
                f"fact {info.data.get('id', '?')!r} has no sources; add at least one, "
                "the primary source (the legal text or the authority's own page) first"
            )
        return value

    @field_validator("checked")
    @classmethod
    def _not_in_future(cls, value: dt.date, info: ValidationInfo) -> dt.date:
        today = dt.date.today()
        if value > today:
            raise ValueError(
                f"fact {info.data.get('id', '?')!r} says it was checked on {value.isoformat()}, "
                f"which is after today ({today.isoformat()}); write the date the sources were "
                "actually checked"
            )
        return value

    @model_validator(mode="after")
    def _note_when_not_confirmed(self) -> LegalFact:
        if self.certainty != "confirmed" and self.note is None:
            raise ValueError(
                f"fact {self.id!r} is {self.certainty!r} and needs a 'note' (nl and en) that says in "
                "plain words what is not certain; add it, or set certainty to 'confirmed' once a "
                "primary source confirms the fact"
            )
        return self

    @property
    def primary_source(self) -> Source:
        return self.sources[0]

    @property
    def confirmed(self) -> bool:
        return self.certainty == "confirmed"


@register_kind
class LegalFacts(ContentFile):
    KIND: ClassVar[str] = "legal_facts"

    kind: Literal["legal_facts"]
    facts: list[LegalFact] = Field(min_length=1)

    _by_id: dict[str, LegalFact] = PrivateAttr(default_factory=dict)

    @field_validator("facts")
    @classmethod
    def _unique(cls, value: list[LegalFact]) -> list[LegalFact]:
        unique_ids(value, "legal fact")
        return value

    @model_validator(mode="after")
    def _index(self) -> LegalFacts:
        self._by_id = {f.id: f for f in self.facts}
        return self

    def fact(self, fact_id: str) -> LegalFact:
        """The fact with this id; a :class:`KeyError` that names the id when there is none."""
        try:
            return self._by_id[fact_id]
        except KeyError:
            raise KeyError(
                f"no legal fact with id {fact_id!r} in {self.id!r}; check the id against questionnaires/legal.yaml"
            ) from None

    def as_of(self, ids: Iterable[str]) -> dt.date:
        """The 'stand van zaken' for these facts: the oldest date on which one of them was checked."""
        dates = [self.fact(i).checked for i in ids]
        if not dates:
            raise ValueError("as_of needs at least one fact id")
        return min(dates)

    def by_instrument(self, instrument: str) -> list[LegalFact]:
        """The facts about one instrument, in file order."""
        if instrument not in INSTRUMENTS:
            raise ValueError(f"unknown instrument {instrument!r}; use one of: {', '.join(INSTRUMENTS)}")
        return [f for f in self.facts if f.instrument == instrument]


__all__ = ["CERTAINTIES", "INSTRUMENTS", "LegalFact", "LegalFacts", "Source"]
