"""Content model for the catalogue (``kind: catalogue``, ``questionnaires/catalogue.yaml``).

Entry ids are stable: the ethics assistant stores a team's chosen case by entry id and game cards name
the entry they draw on. Checks at load time, each with its place in the file and a fix:

* ids unique; every ``method`` and ``domain`` from the controlled lists below;
* dummy columns unique, the dummy file named after a safe file name ending in ``.csv``;
* (across files) every ``ethics_themes`` id is a theme of the ethics assistant, and a
  ``maturity_level`` exists in the maturity model (when those files are in the same folder).

That each dummy CSV exists and has exactly the columns its entry describes is checked by
:func:`dshub.catalogue.dummy.check_files` (``python -m dshub validate``), since the CSVs live in
``data/catalogue/``, not among the content files.
"""

from __future__ import annotations

from typing import Annotated, Any, ClassVar, Literal

from pydantic import Field, StringConstraints, model_validator

from dshub.content.base import ContentFile, ContentModel, Ident, Loc, LocatedProblems, Text, register_kind, unique_ids
from dshub.ethics.content import Case, Dataset, EthicsCases

DOMAINS: tuple[str, ...] = ("social", "physical", "debt", "safety", "operations")
METHODS: tuple[str, ...] = (
    "descriptive",
    "forecast",
    "classification",
    "clustering",
    "geo_analysis",
    "text_analysis",
    "optimisation",
    "process_mining",
)
COLUMN_TYPES: tuple[str, ...] = ("text", "integer", "decimal", "date", "boolean")

Domain = Literal["social", "physical", "debt", "safety", "operations"]
Method = Literal[
    "descriptive",
    "forecast",
    "classification",
    "clustering",
    "geo_analysis",
    "text_analysis",
    "optimisation",
    "process_mining",
]
ColumnType = Literal["text", "integer", "decimal", "date", "boolean"]
CsvName = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*\.csv$", max_length=80)]
ColumnName = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)]


class CatalogueDataset(ContentModel):
    """A dataset the entry needs. ``legal_basis``: the general ground on which a municipality may use it,
    in words; ``legal``: the facts in ``legal.yaml`` (instrument ``data_use``) it rests on, which carry
    their sources and the date they were checked."""

    name: Text
    source: Text
    owner: Text
    personal_data: bool
    legal_basis: Text
    legal: list[Ident] = Field(default_factory=list)
    note: Text | None = None


class MethodInfo(ContentModel):
    id: Method
    explanation: Text


class Effort(ContentModel):
    skills: Text
    time: Text


class Column(ContentModel):
    name: ColumnName
    type: ColumnType
    description: Text


class Dummy(ContentModel):
    """The synthetic CSV for this entry (in ``data/catalogue/``): its file name, row count and columns."""

    file: CsvName
    rows: int = Field(ge=10, le=1000)
    columns: list[Column] = Field(min_length=2)

    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]


class Entry(ContentModel):
    id: Ident
    domain: Domain
    title: Text
    challenge: Text
    question: Text
    datasets: list[CatalogueDataset] = Field(min_length=1)
    method: MethodInfo
    effort: Effort
    ethics_themes: list[Ident] = Field(min_length=1)
    maturity_level: int = Field(ge=1, le=5)
    steps: list[Text] = Field(min_length=3)
    origin: Text
    dummy: Dummy

    @property
    def personal_data(self) -> bool:
        """Whether any dataset this entry needs holds personal data."""
        return any(d.personal_data for d in self.datasets)


@register_kind
class Catalogue(ContentFile):
    KIND: ClassVar[str] = "catalogue"

    kind: Literal["catalogue"]
    entries: list[Entry] = Field(min_length=1)

    @model_validator(mode="after")
    def _check(self) -> Catalogue:
        unique_ids(self.entries, "entry")
        problems: list[tuple[Loc, str, str]] = []
        files: dict[str, str] = {}
        for i, entry in enumerate(self.entries):
            names = entry.dummy.column_names()
            for j, name in enumerate(names):
                if name in names[:j]:
                    problems.append(
                        (
                            ("entries", i, "dummy", "columns", j, "name"),
                            f"entry {entry.id!r}: dummy column {name!r} is listed twice",
                            "give every column its own name",
                        )
                    )
            themes = entry.ethics_themes
            for j, theme in enumerate(themes):
                if theme in themes[:j]:
                    problems.append(
                        (
                            ("entries", i, "ethics_themes", j),
                            f"entry {entry.id!r}: ethics theme {theme!r} is listed twice",
                            "list each theme once",
                        )
                    )
            if entry.dummy.file in files:
                problems.append(
                    (
                        ("entries", i, "dummy", "file"),
                        f"entry {entry.id!r}: dummy file "
                        f"{entry.dummy.file!r} is also used by entry {files[entry.dummy.file]!r}",
                        "give each entry its own file, e.g. '<entry id>.csv'",
                    )
                )
            files.setdefault(entry.dummy.file, entry.id)
        if problems:
            raise LocatedProblems(problems)
        return self

    def cross_check(self, bundle: Any) -> list[tuple[tuple[str | int, ...], str, str]]:
        """Ethics themes must exist in the ethics assistant, maturity levels in the maturity model, legal facts
        in ``legal.yaml`` (and a dataset with personal data names at least one).

        A folder without those files has nothing to check against (as for the game's dilemmas).
        """
        problems: list[tuple[Loc, str, str]] = []
        assistants = [f for f in bundle.files.values() if getattr(f, "kind", None) == "ethics_assistant"]
        if assistants:
            themes = [theme.id for f in assistants for theme in f.themes]
            for i, entry in enumerate(self.entries):
                for j, theme in enumerate(entry.ethics_themes):
                    if theme not in themes:
                        problems.append(
                            (
                                ("entries", i, "ethics_themes", j),
                                f"entry {entry.id!r} names ethics theme {theme!r}, which the ethics assistant "
                                f"({', '.join(f.id for f in assistants)}) does not have",
                                f"use one of the assistant's themes ({', '.join(themes)}) or fix the spelling",
                            )
                        )
        facts = [f for f in bundle.files.values() if getattr(f, "kind", None) == "legal_facts"]
        if facts:
            known = {fact.id for f in facts for fact in f.facts}
            for i, entry in enumerate(self.entries):
                for k, dataset in enumerate(entry.datasets):
                    for j, fact in enumerate(dataset.legal):
                        if fact not in known:
                            problems.append(
                                (
                                    ("entries", i, "datasets", k, "legal", j),
                                    f"entry {entry.id!r} names legal fact {fact!r}, which legal.yaml does not have",
                                    "use the id of a fact in legal.yaml (instrument data_use), or add the fact there "
                                    "with its sources and the date it was checked",
                                )
                            )
                    if dataset.personal_data and not dataset.legal:
                        problems.append(
                            (
                                ("entries", i, "datasets", k, "legal"),
                                f"entry {entry.id!r}: dataset {dataset.name.en!r} holds personal data but names no "
                                "legal fact",
                                "add 'legal: [gdpr_6_1_e_public_task, ...]' with the facts of legal.yaml it rests on",
                            )
                        )
        models = [f for f in bundle.files.values() if getattr(f, "kind", None) == "maturity_model"]
        if models:
            levels = sorted({lv.level for m in models for lv in m.levels})
            for i, entry in enumerate(self.entries):
                if entry.maturity_level not in levels:
                    problems.append(
                        (
                            ("entries", i, "maturity_level"),
                            f"entry {entry.id!r} needs maturity level {entry.maturity_level}, which the "
                            "maturity model does not have",
                            f"use one of: {', '.join(map(str, levels))}",
                        )
                    )
        return problems

    # ---- look-ups

    def entry(self, entry_id: str) -> Entry | None:
        return next((e for e in self.entries if e.id == entry_id), None)

    def ethics_cases(self) -> EthicsCases:
        """The entries as the ethics assistant's ready cases (same ids, so stored case ids keep working)."""
        cases = [
            Case(
                id=e.id,
                title=e.title,
                description=e.challenge,
                datasets=[
                    Dataset(name=d.name, owner=d.owner, personal_data=d.personal_data, note=d.note) for d in e.datasets
                ],
            )
            for e in self.entries
        ]
        return EthicsCases(id=self.id, version=self.version, title=self.title, cases=cases)


def catalogue_of(bundle: Any) -> Catalogue | None:
    """The catalogue in a content bundle (the first file of kind ``catalogue``), or None."""
    return next((f for f in bundle.files.values() if isinstance(f, Catalogue)), None)


def ethics_cases(bundle: Any) -> EthicsCases:
    """The ethics assistant's ready cases: the catalogue's entries (none when there is no catalogue)."""
    catalogue = catalogue_of(bundle)
    if catalogue is None:
        return EthicsCases(id="catalogue", version="0.0", title=Text(nl="Geen catalogus", en="No catalogue"), cases=[])
    return catalogue.ethics_cases()


__all__ = [
    "COLUMN_TYPES",
    "DOMAINS",
    "METHODS",
    "Catalogue",
    "CatalogueDataset",
    "Column",
    "Dummy",
    "Effort",
    "Entry",
    "MethodInfo",
    "catalogue_of",
    "ethics_cases",
]
