"""The 2019 VNG datalab survey as a :class:`Benchmark`, with provenance per figure.

``data/benchmarks/survey_2019.yaml`` holds, for every figure, whether it was
**published** (and where) or is our **estimate** (and why). This module
validates that file and turns it into a :class:`Benchmark`: a set of
indicators, each with a figure overall and per lab type. The importer builds
the same structure from real per-lab records with status **imported**.

Indicator values with unit ``labs`` are counts of labs that have a property,
out of ``n`` labs in that scope (overall, or one lab type); ``share`` divides
the two. ``fte`` and ``year`` indicators are medians over the ``n`` labs.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, TypeVar, cast

from pydantic import BaseModel, Field, model_validator

from dshub.benchmarks.content import (
    ANALYSIS_TYPES,
    LAB_TYPES,
    OVERALL,
    PARTNERS,
    POLICY_DOMAINS,
    SCOPES,
    WAYS_OF_WORKING,
    LabTypeId,
    Message,
    Status,
)
from dshub.content.base import ContentModel, Ident, Loc, LocatedProblems, Text, Version, unique_ids
from dshub.content.loader import ContentError, Problem, load_yaml_as

DATA_DIR = Path(__file__).resolve().parents[2] / "data" / "benchmarks"
SURVEY_FILE = DATA_DIR / "survey_2019.yaml"

Unit = Literal["labs", "fte", "year"]
Topic = Literal["size", "organisation", "domains", "analysis", "way", "knowledge", "partners"]

# --------------------------------------------------------------------------- indicator catalogue


@dataclass(frozen=True)
class IndicatorDef:
    """What an indicator measures and how it is computed from lab records.

    ``field`` is the lab-record field; ``item`` the vocabulary entry for list or
    category fields (``None`` for yes/no fields, ``n_labs`` and "any partner").
    """

    id: str
    topic: str
    unit: str
    field: str | None = None
    item: str | None = None


def _catalogue() -> tuple[IndicatorDef, ...]:
    defs = [
        IndicatorDef("n_labs", "size", "labs"),
        IndicatorDef("dedicated_staff", "organisation", "labs", "dedicated_staff"),
        IndicatorDef("structural_funding", "organisation", "labs", "structural_funding"),
        IndicatorDef("fixed_location", "organisation", "labs", "fixed_location"),
        IndicatorDef("staff_fte_median", "organisation", "fte", "staff_fte"),
        IndicatorDef("year_started_median", "organisation", "year", "year_started"),
    ]
    defs += [IndicatorDef(f"domain_{d}", "domains", "labs", "policy_domains", d) for d in POLICY_DOMAINS]
    defs += [IndicatorDef(f"analysis_{a}", "analysis", "labs", "analysis_types", a) for a in ANALYSIS_TYPES]
    defs += [IndicatorDef(f"way_{w}", "way", "labs", "demand_driven", w) for w in WAYS_OF_WORKING]
    defs.append(IndicatorDef("knowledge_focus", "knowledge", "labs", "knowledge_focus"))
    defs.append(IndicatorDef("has_external_partner", "partners", "labs", "partners"))
    defs += [IndicatorDef(f"partner_{p}", "partners", "labs", "partners", p) for p in PARTNERS]
    return tuple(defs)


INDICATORS: tuple[IndicatorDef, ...] = _catalogue()
INDICATOR_DEFS: dict[str, IndicatorDef] = {d.id: d for d in INDICATORS}

# --------------------------------------------------------------------------- benchmark objects


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    publisher: str
    year: int
    kind: Text
    url: str | None = None
    note: Text | None = None


@dataclass(frozen=True)
class Figure:
    """One number with its provenance.

    ``n`` is the number of labs the value is about (the scope's size, or for
    imported data the records with a known value). ``reasoning`` explains an
    estimate; ``derivation`` explains a figure computed from published words
    (e.g. "half of the labs").
    """

    value: float
    n: int
    status: Status
    source: Source | None = None
    reasoning: Text | None = None
    derivation: Text | None = None

    @property
    def label(self) -> Message:
        return status_label(self)


@dataclass(frozen=True)
class Indicator:
    id: str
    topic: str
    unit: str
    figures: Mapping[str, Figure]
    finding: str | None = None

    def figure(self, scope: str = OVERALL) -> Figure | None:
        return self.figures.get(scope)

    def share(self, scope: str = OVERALL) -> float | None:
        """Fraction of labs in ``scope`` with this property (``labs`` unit only)."""
        fig = self.figures.get(scope)
        if self.unit != "labs" or fig is None or fig.n == 0:
            return None
        return fig.value / fig.n

    @property
    def label(self) -> Message:
        return Message(f"benchmarks.indicator.{self.id}")


@dataclass(frozen=True)
class LabType:
    id: str
    name: Text
    status: Status
    source: Source | None = None
    description: Text | None = None


@dataclass(frozen=True)
class Finding:
    """A published qualitative finding, in our own words."""

    id: str
    text: Text
    status: Status
    source: Source | None = None


@dataclass(frozen=True)
class Benchmark:
    """Indicators overall and per lab type, each figure labelled published / estimate / imported."""

    origin: Literal["survey", "records"]
    indicators: Mapping[str, Indicator]
    lab_types: tuple[LabType, ...] = ()
    findings: tuple[Finding, ...] = ()
    labs_identified: Figure | None = None
    sources: Mapping[str, Source] = field(default_factory=dict)
    #: The survey's published number of participating labs (38), kept when records replace
    #: the estimates so a statement about the survey never uses the number of loaded records.
    participants: Figure | None = None

    def indicator(self, indicator_id: str) -> Indicator:
        try:
            return self.indicators[indicator_id]
        except KeyError:
            raise KeyError(f"unknown benchmark indicator {indicator_id!r}") from None

    def figure(self, indicator_id: str, scope: str = OVERALL) -> Figure | None:
        return self.indicator(indicator_id).figure(scope)

    def known_figure(self, indicator_id: str, scope: str = OVERALL) -> Figure:
        """:meth:`figure` where it must exist (the survey has every figure for every scope): KeyError if not."""
        fig = self.figure(indicator_id, scope)
        if fig is None:
            raise KeyError(f"benchmark has no figure {indicator_id!r} for {scope!r}")
        return fig

    def share(self, indicator_id: str, scope: str = OVERALL) -> float | None:
        return self.indicator(indicator_id).share(scope)

    def n(self, scope: str = OVERALL) -> int:
        """Number of labs in ``scope`` (0 when there are none)."""
        fig = self.indicators["n_labs"].figure(scope)
        return int(fig.value) if fig is not None else 0

    @property
    def scopes(self) -> tuple[str, ...]:
        """Scopes that have at least one lab, overall first."""
        return tuple(s for s in SCOPES if self.n(s) > 0)

    def rows(self) -> list[dict[str, Any]]:
        """A flat, language-neutral table: one row per indicator and scope."""
        out = []
        for ind in self.indicators.values():
            for scope in SCOPES:
                fig = ind.figure(scope)
                if fig is None:
                    continue
                out.append(
                    {
                        "indicator": ind.id,
                        "topic": ind.topic,
                        "scope": scope,
                        "unit": ind.unit,
                        "value": fig.value,
                        "n": fig.n,
                        "share": ind.share(scope),
                        "status": fig.status,
                        "source": fig.source.title if fig.source else None,
                    }
                )
        return out

    def table(self, lang: str) -> list[dict[str, Any]]:
        """:meth:`rows` with translated labels: a text alternative for charts."""
        out = []
        for row in self.rows():
            fig = self.figure(row["indicator"], row["scope"])
            assert fig is not None  # rows() lists only the figures there are
            out.append(
                {
                    "indicator": Message(f"benchmarks.indicator.{row['indicator']}").render(lang),
                    "scope": Message(f"benchmarks.scope.{row['scope']}").render(lang),
                    "value": row["value"],
                    "n": row["n"],
                    "share": None if row["share"] is None else round(100 * row["share"]),
                    "status": status_label(fig).render(lang),
                    "reasoning": fig.reasoning.get(lang) if fig.reasoning else "",
                }
            )
        return out


def status_label(figure: Figure) -> Message:
    """The label shown next to a figure: published (source), estimate, or imported (n=...)."""
    if figure.status == "published":
        title = figure.source.title if figure.source else ""
        key = "benchmarks.status.published_derived" if figure.derivation else "benchmarks.status.published"
        return Message(key, {"source": title})
    if figure.status == "imported":
        return Message("benchmarks.status.imported", {"n": figure.n})
    return Message("benchmarks.status.estimate")


# --------------------------------------------------------------------------- file models

FileStatus = Literal["published", "estimate"]


#: A number a source states: one value, or one per lab type (for a ``<indicator>.by_type`` figure).
StatedValue = float | dict[LabTypeId, float]


class StatedSpec(ContentModel):
    """What a source states about one figure or finding: our own words, and the number if it gives one."""

    value: StatedValue | None = None
    says: Text


class SourceSpec(ContentModel):
    title: str
    publisher: str
    year: int
    kind: Text
    url: str | None = None
    note: Text | None = None
    #: Every figure or finding published from this source, by its id (see :meth:`SurveyFile.stated_items`):
    #: what the source states about it. A published figure the source does not list here is refused.
    states: dict[str, StatedSpec] = {}


class DerivationSpec(ContentModel):
    """How a published figure follows from numbers the source states (e.g. 19 as half of 38).

    ``from`` names entries of the source's ``states`` that record a value; ``text`` explains the
    arithmetic and its assumptions.
    """

    from_: tuple[str, ...] = Field(alias="from", min_length=1)
    text: Text


class FigureSpec(ContentModel):
    value: float
    status: FileStatus
    source: Ident | None = None
    reasoning: Text | Ident | None = None
    derivation: DerivationSpec | None = None


class ByTypeSpec(ContentModel):
    status: FileStatus
    source: Ident | None = None
    reasoning: Text | Ident | None = None
    values: dict[LabTypeId, float]


class IndicatorSpec(ContentModel):
    finding: Ident | None = None
    overall: FigureSpec
    by_type: ByTypeSpec


class LabTypeSpec(ContentModel):
    id: LabTypeId
    name: Text
    description: Text | None = None
    status: Literal["published"]
    source: Ident


class FindingSpec(ContentModel):
    id: Ident
    text: Text
    status: Literal["published"]
    source: Ident


class SurveyFile(ContentModel):
    """``data/benchmarks/survey_2019.yaml``."""

    id: Ident
    version: Version
    title: Text
    description: Text | None = None
    sources: dict[Ident, SourceSpec] = Field(min_length=1)
    reasonings: dict[Ident, Text] = {}
    labs_identified: FigureSpec
    lab_types: tuple[LabTypeSpec, ...]
    findings: tuple[FindingSpec, ...]
    indicators: dict[Ident, IndicatorSpec]

    @model_validator(mode="after")
    def _check(self) -> SurveyFile:
        problems: list[str] = []
        unique_ids(self.lab_types, "lab type")
        unique_ids(self.findings, "finding")
        if [lt.id for lt in self.lab_types] != list(LAB_TYPES):
            problems.append(f"lab_types must list exactly {', '.join(LAB_TYPES)} in that order")
        missing = [d.id for d in INDICATORS if d.id not in self.indicators]
        extra = sorted(set(self.indicators) - set(INDICATOR_DEFS))
        if missing:
            problems.append(f"indicators missing: {', '.join(missing)}; add them")
        if extra:
            problems.append(f"unknown indicators: {', '.join(extra)}; remove them or fix the spelling")

        def check_prov(where: str, status: str, source: str | None, reasoning: Text | str | None) -> None:
            if status == "published":
                if source is None:
                    problems.append(f"{where}: a published figure needs 'source'")
                elif source not in self.sources:
                    problems.append(f"{where}: unknown source {source!r}; use one of {', '.join(self.sources)}")
            if status == "estimate" and reasoning is None:
                problems.append(f"{where}: an estimate needs 'reasoning' (text or the id of an entry in 'reasonings')")
            if isinstance(reasoning, str) and reasoning not in self.reasonings:
                problems.append(f"{where}: unknown reasoning {reasoning!r}; define it under 'reasonings'")

        check_prov(
            "labs_identified", self.labs_identified.status, self.labs_identified.source, self.labs_identified.reasoning
        )
        for lt in self.lab_types:
            check_prov(f"lab type {lt.id}", lt.status, lt.source, None)
        finding_ids = {f.id for f in self.findings}
        for f in self.findings:
            check_prov(f"finding {f.id}", f.status, f.source, None)
        for ind_id, spec in self.indicators.items():
            check_prov(f"{ind_id}.overall", spec.overall.status, spec.overall.source, spec.overall.reasoning)
            check_prov(f"{ind_id}.by_type", spec.by_type.status, spec.by_type.source, spec.by_type.reasoning)
            if spec.finding is not None and spec.finding not in finding_ids:
                problems.append(f"{ind_id}: unknown finding {spec.finding!r}; use the id of an entry in 'findings'")
            missing_types = [t for t in LAB_TYPES if t not in spec.by_type.values]
            if missing_types:
                problems.append(f"{ind_id}.by_type.values: add {', '.join(missing_types)}")
        if not problems and "n_labs" in self.indicators:
            problems += self._check_numbers()
        located = [((), p, "correct the value as described") for p in problems] + self._check_states()
        if located:
            raise LocatedProblems(located)
        return self

    # ------------------------------------------------------------------ what the sources state

    def stated_items(self) -> Iterator[StatedItem]:
        """Everything in the file that carries a status, with the id a source's ``states`` lists it by.

        Ids: ``labs_identified``; a lab type's id; a finding's id; ``<indicator>.overall`` and
        ``<indicator>.by_type`` for the two figures of an indicator.
        """
        li = self.labs_identified
        yield StatedItem(
            "labs_identified", ("labs_identified",), li.status, li.source, li.value, "value", li.derivation
        )
        for i, lt in enumerate(self.lab_types):
            yield StatedItem(lt.id, ("lab_types", i), lt.status, lt.source, what="lab type")
        for i, f in enumerate(self.findings):
            yield StatedItem(f.id, ("findings", i), f.status, f.source, what="finding")
        for ind_id, spec in self.indicators.items():
            o, b = spec.overall, spec.by_type
            yield StatedItem(
                f"{ind_id}.overall",
                ("indicators", ind_id, "overall"),
                o.status,
                o.source,
                o.value,
                "value",
                o.derivation,
            )
            yield StatedItem(
                f"{ind_id}.by_type", ("indicators", ind_id, "by_type"), b.status, b.source, dict(b.values), "values"
            )

    def _check_states(self) -> list[LocProblem]:
        """Every published figure is listed, with the same number, in the ``states`` of its source.

        And every ``states`` entry is about a figure published from that source. Returns
        ``(place, what is wrong, how to fix it)`` per problem.
        """
        problems: list[LocProblem] = []
        items: dict[str, StatedItem] = {}
        for item in self.stated_items():
            if item.id in items:
                problems.append(
                    _problem(
                        item.loc + ("id",),
                        f"the id {item.id!r} is used by a {items[item.id].what} and a {item.what}; "
                        "a source's 'states' could not tell them apart",
                        "give the finding an id that no lab type uses (and not 'labs_identified')",
                    )
                )
                continue
            items[item.id] = item
        for item in items.values():
            if item.status == "published" and item.source in self.sources:
                problems += self._check_published(item)
            elif item.status == "estimate" and item.derivation is not None:
                problems.append(
                    _problem(
                        item.loc + ("derivation",),
                        f"{item.label} is an estimate, so it cannot have a 'derivation' "
                        "(that is for published figures computed from numbers a source states)",
                        "explain the estimate in 'reasoning' and remove 'derivation'",
                    )
                )
        for sid, source in self.sources.items():
            for key in source.states:
                problems += self._check_state_entry(sid, key, items)
        return problems

    def _check_published(self, item: StatedItem) -> list[LocProblem]:
        """A published figure against the ``states`` entry of its (existing) source."""
        sid = str(item.source)
        states = self.sources[sid].states
        entry = states.get(item.id)
        here = ("sources", sid, "states", item.id)
        if entry is None:
            value = "" if item.value is None else f" and 'value: {_fmt(item.value)}'"
            otherwise = {
                "figure": "make it 'status: estimate' with a 'reasoning'",
                "finding": "reword the finding to what the source states, or remove it",
                "lab type": "the survey file cannot use it (its lab types are the published ones)",
            }[item.what]
            return [
                _problem(
                    item.loc,
                    f"{item.label} is published from {sid!r}, but sources.{sid}.states has no entry {item.id!r}, "
                    "so nothing records that the source states it",
                    f"add '{item.id}:' under sources.{sid}.states with 'says' (what the source states, in our own "
                    f"words, nl and en){value}; if the source does not state it, {otherwise}",
                )
            ]
        if entry.value is not None and isinstance(entry.value, dict) != isinstance(item.value, dict):
            per_type = "{" + ", ".join(f"{t}: ..." for t in LAB_TYPES) + "}"
            want = f"one number per lab type ({per_type})" if isinstance(item.value, dict) else "one number"
            return [
                _problem(
                    here + ("value",),
                    f"{item.label} has {want}, and so must the value the source states",
                    f"write the stated value as {want}",
                )
            ]
        if item.value is None:
            return []
        if item.derivation is not None:
            return [
                _problem(
                    item.loc + ("derivation", "from", j),
                    f"the derivation of {item.label} names {name!r}, but sources.{sid}.states "
                    + ("does not list it" if states.get(name) is None else "records no value for it"),
                    f"name entries of sources.{sid}.states that record a number the source states "
                    "(e.g. n_labs.overall), or add that number to the entry as 'value'",
                )
                for j, name in enumerate(item.derivation.from_)
                if states.get(name) is None or states[name].value is None
            ]
        if entry.value is None:
            return [
                _problem(
                    here,
                    f"{item.label} is {_fmt(item.value)}, but this entry records no number the source states",
                    f"add 'value: {_fmt(item.value)}' if the source states that number; if the number is our "
                    "arithmetic on the source's words, give the figure a 'derivation' naming the stated values it "
                    "uses; otherwise make the figure an estimate",
                )
            ]
        if entry.value != item.value:
            derive = "; if it is computed from stated numbers, add a 'derivation'"
            if isinstance(item.value, dict):
                derive = ""  # per-type figures have no derivation
            return [
                _problem(
                    item.loc + (str(item.value_key),),
                    f"{item.label} is {_fmt(item.value)}, but sources.{sid}.states.{item.id} records that the source "
                    f"states {_fmt(entry.value)}",
                    f"use the number the source states; if the entry misrecords the source, correct it there{derive}",
                )
            ]
        return []

    def _check_state_entry(self, sid: str, key: str, items: Mapping[str, StatedItem]) -> list[LocProblem]:
        """A ``states`` entry must be about a figure published from this source."""
        here = ("sources", sid, "states", key)
        item = items.get(key)
        if item is None:
            close = difflib.get_close_matches(key, list(items), n=1)
            hint = f"did you mean {close[0]!r}? " if close else ""
            return [
                _problem(
                    here,
                    f"{key!r} is not a figure or finding in this file",
                    f"{hint}use 'labs_identified', a lab type id, a finding id, or '<indicator>.overall' / "
                    "'<indicator>.by_type'; remove the entry if the figure is gone",
                )
            ]
        if item.status != "published":
            return [
                _problem(
                    here,
                    f"{item.label} is an estimate, so no source states it",
                    "remove this entry; or, if the source does state it, make the figure "
                    f"'status: published' with 'source: {sid}'",
                )
            ]
        if item.source != sid and item.source in self.sources:
            return [
                _problem(
                    here,
                    f"{item.label} is published from {item.source!r}, not from {sid!r}",
                    f"move this entry to sources.{item.source}.states, or set the figure's source to {sid!r}",
                )
            ]
        return []

    def _check_numbers(self) -> list[str]:
        """Counts must be whole, fit their scope and add up across lab types."""
        problems: list[str] = []
        n_spec = self.indicators["n_labs"]
        n: dict[str, float] = {OVERALL: n_spec.overall.value}
        n.update(n_spec.by_type.values.items())
        if self.labs_identified.value < n[OVERALL]:
            problems.append("labs_identified is smaller than n_labs.overall; participants cannot outnumber labs found")
        for ind_id, spec in self.indicators.items():
            d = INDICATOR_DEFS.get(ind_id)
            if d is None:
                continue
            values: dict[str, float] = {OVERALL: spec.overall.value}
            values.update(spec.by_type.values.items())
            if d.unit == "labs":
                for scope, v in values.items():
                    if v != int(v) or v < 0 or v > n[scope]:
                        problems.append(f"{ind_id} ({scope}): {v:g} must be a whole number from 0 to {n[scope]:g}")
                total = sum(spec.by_type.values.values())
                if total != spec.overall.value:
                    problems.append(
                        f"{ind_id}: the lab types add up to {total:g}, not to the overall {spec.overall.value:g}; "
                        "make the per-type estimates add up"
                    )
            elif d.unit == "fte" and any(v < 0 for v in values.values()):
                problems.append(f"{ind_id}: FTE cannot be negative")
            elif d.unit == "year" and any(not 1990 <= v <= 2030 or v != int(v) for v in values.values()):
                problems.append(f"{ind_id}: use a whole year between 1990 and 2030")

        def val(i: str, scope: str) -> float:
            s = self.indicators[i]
            return s.overall.value if scope == OVERALL else s.by_type.values[cast(LabTypeId, scope)]

        for scope in SCOPES:
            ways = sum(val(f"way_{w}", scope) for w in WAYS_OF_WORKING)
            if ways != n[scope]:
                problems.append(f"way_* ({scope}): demand + supply + both = {ways:g}, must equal n_labs {n[scope]:g}")
            partners = [val(f"partner_{p}", scope) for p in PARTNERS]
            anyp = val("has_external_partner", scope)
            if not max(partners) <= anyp <= sum(partners):
                problems.append(
                    f"has_external_partner ({scope}): {anyp:g} must lie between the largest partner count "
                    f"({max(partners):g}) and their sum ({sum(partners):g})"
                )
        partnered: tuple[LabTypeId, ...] = ("collaborating", "cbs_data_center")
        for lab_type in partnered:
            if self.indicators["has_external_partner"].by_type.values[lab_type] != n[lab_type]:
                problems.append(
                    f"has_external_partner ({lab_type}): {lab_type} labs have partners by definition; "
                    f"set it to n_labs ({n[lab_type]:g})"
                )
        if self.indicators["partner_cbs"].by_type.values["cbs_data_center"] != n["cbs_data_center"]:
            problems.append("partner_cbs (cbs_data_center): every CBS data centre works with CBS; set it to n_labs")
        return problems


@dataclass(frozen=True)
class StatedItem:
    """A figure, lab type or finding of the survey file, as the ``states`` check sees it."""

    id: str
    loc: Loc
    status: str
    source: str | None
    value: StatedValue | None = None
    value_key: str | None = None
    derivation: DerivationSpec | None = None
    what: str = "figure"

    @property
    def label(self) -> str:
        return f"{self.what} {self.id!r}"


LocProblem = tuple[Loc, str, str]


def _problem(loc: Loc, what: str, fix: str) -> LocProblem:
    """One problem for :class:`LocatedProblems`: its place in the file, what is wrong, how to fix it."""
    return loc, what, fix


def _fmt(value: StatedValue) -> str:
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{k}: {v:g}" for k, v in value.items()) + "}"
    return f"{value:g}"


# --------------------------------------------------------------------------- loading

M = TypeVar("M", bound=BaseModel)


def load_data_yaml(path: Path, model: type[M]) -> M:
    """Parse and validate a YAML data file; problems become one :class:`ContentError` with lines."""
    return load_yaml_as(Path(path), model, f"{path.parent.name}/{path.name}")


def _text(reasoning: Text | str | None, reasonings: Mapping[str, Text]) -> Text | None:
    if isinstance(reasoning, str):
        return reasonings[reasoning]
    return reasoning


def benchmark_from_survey(survey: SurveyFile) -> Benchmark:
    """Turn a validated survey file into a :class:`Benchmark`."""
    sources = {
        sid: Source(sid, s.title, s.publisher, s.year, s.kind, s.url, s.note) for sid, s in survey.sources.items()
    }

    def fig(value: float, n: int, spec: FigureSpec | ByTypeSpec) -> Figure:
        return Figure(
            value=value,
            n=n,
            status=spec.status,
            source=sources.get(spec.source) if spec.source else None,
            reasoning=_text(spec.reasoning, survey.reasonings),
            derivation=spec.derivation.text if isinstance(spec, FigureSpec) and spec.derivation else None,
        )

    n_spec = survey.indicators["n_labs"]
    n: dict[str, int] = {OVERALL: int(n_spec.overall.value)}
    n.update((t, int(v)) for t, v in n_spec.by_type.values.items())
    indicators = {}
    for d in INDICATORS:
        spec = survey.indicators[d.id]
        figures = {OVERALL: fig(spec.overall.value, n[OVERALL], spec.overall)}
        for t in LAB_TYPES:
            figures[t] = fig(spec.by_type.values[t], n[t], spec.by_type)
        indicators[d.id] = Indicator(d.id, d.topic, d.unit, figures, spec.finding)
    li = survey.labs_identified
    return Benchmark(
        origin="survey",
        indicators=indicators,
        lab_types=tuple(
            LabType(lt.id, lt.name, lt.status, sources[lt.source], lt.description) for lt in survey.lab_types
        ),
        findings=tuple(Finding(f.id, f.text, f.status, sources[f.source]) for f in survey.findings),
        labs_identified=fig(li.value, int(li.value), li),
        sources=sources,
        participants=indicators["n_labs"].figure(OVERALL),
    )


def load_survey_file(path: Path | None = None) -> SurveyFile:
    return load_data_yaml(Path(path or SURVEY_FILE), SurveyFile)


def load_survey(path: Path | None = None) -> Benchmark:
    """Load ``data/benchmarks/survey_2019.yaml`` as a :class:`Benchmark` (raises ContentError)."""
    return benchmark_from_survey(load_survey_file(path))


# --------------------------------------------------------------------------- start-a-datalab advice

ADVICE_FILE = DATA_DIR / "start_advice.yaml"


class AdviceItem(ContentModel):
    id: Ident
    title: Text
    body: Text
    #: What the advice builds on: finding ids from the survey file, ``published_dos`` (the
    #: three do's the news page names) or ``own_addition`` (ours, not from the survey).
    basis: tuple[Ident, ...] = Field(min_length=1)


class StartAdvice(ContentModel):
    id: Ident
    version: Version
    title: Text
    note: Text
    source: Ident
    items: tuple[AdviceItem, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _check(self) -> StartAdvice:
        unique_ids(self.items, "advice")
        return self


def load_start_advice(path: Path | None = None, survey: SurveyFile | None = None) -> StartAdvice:
    """Load the advice; every ``basis`` must be a survey finding, ``published_dos`` or ``own_addition``."""
    path = Path(path or ADVICE_FILE)
    advice = load_data_yaml(path, StartAdvice)
    survey = survey or load_survey_file()
    known = {f.id for f in survey.findings} | {"published_dos", "own_addition"}
    problems = []
    for i, item in enumerate(advice.items):
        for b in item.basis:
            if b not in known:
                problems.append(
                    Problem(
                        path.name,
                        f"items[{i}].basis",
                        None,
                        f"unknown basis {b!r}",
                        "use a finding id from survey_2019.yaml, published_dos or own_addition",
                    )
                )
    if advice.source not in survey.sources:
        problems.append(
            Problem(
                path.name, "source", None, f"unknown source {advice.source!r}", "use a source id from survey_2019.yaml"
            )
        )
    if problems:
        raise ContentError(problems)
    return advice
