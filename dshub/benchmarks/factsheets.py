"""Factsheets of data labs: one lab's facts in words, and two labs side by side (pure, no Streamlit).

A factsheet comes from a loaded lab record (:func:`from_record`) or from the datalab profile a user filled
in on the benchmark page (:func:`from_profile`). Choice values are shown with the profile questionnaire's
own option labels, so the factsheet and the questionnaire use the same words. An empty value means
"unknown" and says so; an explicit "none" (no partners) says "none".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from dshub.benchmarks.compare import normalise_answers
from dshub.benchmarks.content import DatalabProfile
from dshub.benchmarks.importer import LabRecord
from dshub.i18n import format_number, t

#: The facts a factsheet shows, in this order (each a row; label key ``datalabs.fact.<field>``).
FIELDS: tuple[str, ...] = (
    "type",
    "municipalities",
    "year_started",
    "staff_fte",
    "dedicated_staff",
    "structural_funding",
    "fixed_location",
    "partners",
    "policy_domains",
    "analysis_types",
    "demand_driven",
    "knowledge_focus",
    "lessons",
)
_QUESTION_OF = {"type": "lab_type"}  # factsheet field -> profile question id, where they differ
PROFILE_KEY = "profile"


@dataclass(frozen=True)
class Factsheet:
    """One lab's facts. ``key`` is stable (``lab:<lab_id>`` or ``profile``); ``origin`` says where they come
    from. ``type`` is a lab type id, or (from a profile) ``none`` / ``planned``."""

    key: str
    title: str | None  # None: the user's own profile (rendered as "your profile")
    origin: Literal["records", "profile"]
    type: str | None = None
    municipalities: tuple[str, ...] = ()
    year_started: int | None = None
    staff_fte: float | None = None
    dedicated_staff: bool | None = None
    structural_funding: bool | None = None
    fixed_location: bool | None = None
    partners: tuple[str, ...] | None = None
    policy_domains: tuple[str, ...] | None = None
    analysis_types: tuple[str, ...] | None = None
    demand_driven: str | None = None
    knowledge_focus: bool | None = None
    lessons: str | None = None
    notes: str | None = None

    def label(self, lang: str) -> str:
        return self.title if self.title else t("datalabs.factsheet.own_profile", lang)

    def value(self, field: str, profile: DatalabProfile, lang: str) -> str:
        """One fact in words (``unknown`` when not known)."""
        v = getattr(self, field)
        if field == "municipalities":
            return ", ".join(v) if v else t("datalabs.fact.unknown", lang)
        if v is None:
            return t("datalabs.fact.unknown", lang)
        if isinstance(v, bool):
            return t(f"benchmarks.answer.{'yes' if v else 'no'}", lang)
        if field == "staff_fte":
            return t("datalabs.fact.fte", lang, fte=format_number(float(v), lang, trim=True))
        if field == "year_started":
            return str(int(v))
        if field == "lessons":
            return str(v)
        if field == "type":  # in the third person (the questionnaire's labels say "our own lab")
            return t(f"datalabs.type.{v}", lang)
        labels = _option_labels(profile, _QUESTION_OF.get(field, field), lang)
        if isinstance(v, tuple):
            return ", ".join(labels.get(x, str(x)) for x in v) if v else t("datalabs.fact.none", lang)
        return labels.get(v, v)

    def rows(self, profile: DatalabProfile, lang: str) -> list[tuple[str, str]]:
        """(fact, value) for every field, in :data:`FIELDS` order."""
        return [(t(f"datalabs.fact.{f}", lang), self.value(f, profile, lang)) for f in FIELDS]


def _option_labels(profile: DatalabProfile, question_id: str, lang: str) -> dict[str, str]:
    try:
        return {o.id: o.label.get(lang) for o in profile.question(question_id).options}
    except KeyError:
        return {}


def from_record(record: LabRecord) -> Factsheet:
    return Factsheet(
        key=f"lab:{record.lab_id}",
        title=record.name or record.lab_id,
        origin="records",
        type=record.type,
        municipalities=tuple(record.municipalities or ()),
        year_started=record.year_started,
        staff_fte=record.staff_fte,
        dedicated_staff=record.dedicated_staff,
        structural_funding=record.structural_funding,
        fixed_location=record.fixed_location,
        partners=record.partners,
        policy_domains=record.policy_domains,
        analysis_types=record.analysis_types,
        demand_driven=record.demand_driven,
        knowledge_focus=record.knowledge_focus,
        lessons=record.lessons,
        notes=record.notes,
    )


def from_profile(answers: Mapping[str, Any], municipality: str | None = None) -> Factsheet | None:
    """The user's own profile answers as a factsheet (``None`` when nothing was answered)."""
    clean = normalise_answers(dict(answers))
    if not clean:
        return None
    fields = {f: clean.get(_QUESTION_OF.get(f, f)) for f in FIELDS if f not in ("municipalities", "lessons")}
    for f in ("partners", "policy_domains", "analysis_types"):
        if isinstance(listed := fields[f], list):
            fields[f] = tuple(listed)
    if fields["year_started"] is not None:
        fields["year_started"] = int(fields["year_started"])
    return Factsheet(
        key=PROFILE_KEY, title=None, origin="profile", municipalities=(municipality,) if municipality else (), **fields
    )


def comparison(left: Factsheet, right: Factsheet, profile: DatalabProfile, lang: str) -> list[dict[str, str]]:
    """Two factsheets side by side: one row per fact with both values and whether they are the same."""
    rows = []
    for f in FIELDS:
        a, b = left.value(f, profile, lang), right.value(f, profile, lang)
        unknown = t("datalabs.fact.unknown", lang)
        same = (
            ""
            if unknown in (a, b)
            else t("datalabs.compare.same", lang)
            if a == b
            else t("datalabs.compare.different", lang)
        )
        rows.append({"fact": t(f"datalabs.fact.{f}", lang), "left": a, "right": b, "same": same})
    return rows


def labs_in(factsheets: Sequence[Factsheet], municipality: str | None) -> tuple[Factsheet, ...]:
    """The factsheets of labs in ``municipality`` (an official name)."""
    if not municipality:
        return ()
    return tuple(f for f in factsheets if municipality in f.municipalities)
