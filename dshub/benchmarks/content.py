"""Shared vocabulary, translatable messages and the ``datalab_profile`` content kind.

Everything the benchmark feature compares is expressed in one fixed vocabulary
(lab types, policy domains, analysis types, ways of working, partners). The
survey dataset, the lab-record importer and the profile questionnaire are all
checked against it, so a comparison never silently misses a category.

This module is imported by :func:`dshub.content.loader.import_kind_modules`, so
it stays light: pydantic only, no pandas, no file access.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import model_validator

from dshub.content.base import ContentFile, ContentModel, Ident, Text, register_kind, unique_ids

# --------------------------------------------------------------------------- vocabulary

Status = Literal["published", "estimate", "imported"]
STATUSES: tuple[str, ...] = ("published", "estimate", "imported")

LabTypeId = Literal["independent", "collaborating", "cbs_data_center"]
LAB_TYPES: tuple[LabTypeId, ...] = ("independent", "collaborating", "cbs_data_center")
OVERALL = "overall"
SCOPES: tuple[str, ...] = (OVERALL, *LAB_TYPES)

POLICY_DOMAINS: tuple[str, ...] = (
    "social_domain",
    "safety",
    "traffic_mobility",
    "spatial_planning",
    "sustainability",
    "welfare_health",
    "economy",
    "public_space",
    "finance_operations",
    "other",
)
ANALYSIS_TYPES: tuple[str, ...] = ("descriptive", "diagnostic", "predictive", "prescriptive")
WAYS_OF_WORKING: tuple[str, ...] = ("demand", "supply", "both")
PARTNERS: tuple[str, ...] = (
    "other_municipalities",
    "knowledge_institution",
    "cbs",
    "other_government",
    "private_sector",
    "other",
)

# Extra spellings accepted on import (after normalisation: lower case, accents
# removed, spaces and hyphens turned into underscores). Mostly Dutch words.
ALIASES: dict[str, dict[str, str]] = {
    "type": {
        "zelfstandig": "independent",
        "zelfstandig_gemeentelijk": "independent",
        "gemeentelijk": "independent",
        "samenwerkend": "collaborating",
        "samenwerking": "collaborating",
        "cbs": "cbs_data_center",
        "cbs_data_centre": "cbs_data_center",
        "urban_data_center": "cbs_data_center",
        "rural_data_center": "cbs_data_center",
        "udc": "cbs_data_center",
        "rdc": "cbs_data_center",
    },
    "policy_domains": {
        "sociaal_domein": "social_domain",
        "veiligheid": "safety",
        "verkeer": "traffic_mobility",
        "mobiliteit": "traffic_mobility",
        "verkeer_en_mobiliteit": "traffic_mobility",
        "ruimte": "spatial_planning",
        "ruimtelijke_ordening": "spatial_planning",
        "ruimte_en_wonen": "spatial_planning",
        "duurzaamheid": "sustainability",
        "energie": "sustainability",
        "welzijn": "welfare_health",
        "gezondheid": "welfare_health",
        "welzijn_en_gezondheid": "welfare_health",
        "economie": "economy",
        "openbare_ruimte": "public_space",
        "beheer_openbare_ruimte": "public_space",
        "bedrijfsvoering": "finance_operations",
        "financien": "finance_operations",
        "overig": "other",
        "anders": "other",
    },
    "analysis_types": {
        "beschrijvend": "descriptive",
        "diagnostisch": "diagnostic",
        "voorspellend": "predictive",
        "voorschrijvend": "prescriptive",
    },
    "demand_driven": {
        "vraag": "demand",
        "vraaggestuurd": "demand",
        "demand_driven": "demand",
        "aanbod": "supply",
        "aanbodgestuurd": "supply",
        "supply_driven": "supply",
        "beide": "both",
        "allebei": "both",
    },
    "partners": {
        "gemeenten": "other_municipalities",
        "andere_gemeenten": "other_municipalities",
        "kennisinstelling": "knowledge_institution",
        "kennisinstellingen": "knowledge_institution",
        "universiteit": "knowledge_institution",
        "university": "knowledge_institution",
        "hogeschool": "knowledge_institution",
        "overheid": "other_government",
        "provincie": "other_government",
        "province": "other_government",
        "rijk": "other_government",
        "bedrijven": "private_sector",
        "bedrijfsleven": "private_sector",
        "marktpartijen": "private_sector",
        "companies": "private_sector",
        "overig": "other",
        "anders": "other",
    },
}

YES_WORDS = frozenset({"yes", "y", "ja", "j", "true", "waar", "1"})
NO_WORDS = frozenset({"no", "n", "nee", "false", "onwaar", "0"})
NONE_WORDS = frozenset({"none", "geen", "-"})


def normalise_token(value: str) -> str:
    """Lower case, strip accents, turn spaces/hyphens/slashes into single underscores."""
    text = unicodedata.normalize("NFKD", value.strip().lower())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.sub(r"[\s\-/]+", "_", text).strip("_")


# --------------------------------------------------------------------------- messages


@dataclass(frozen=True)
class Message:
    """A translatable message: an i18n key plus parameters.

    Parameter values may themselves be :class:`Message` objects (rendered in the
    same language first), so feature code never builds language-specific text.
    Floats are rendered with one decimal at most, with a decimal comma in Dutch.
    """

    key: str
    params: dict[str, Any] = field(default_factory=dict)

    def render(self, lang: str) -> str:
        from dshub.i18n import normalize_lang, t

        lang = normalize_lang(lang)
        return t(self.key, lang, **{k: _render_param(v, lang) for k, v in self.params.items()})


def _render_param(value: Any, lang: str) -> Any:
    if isinstance(value, Message):
        return value.render(lang)
    if isinstance(value, float):
        from dshub.i18n import format_number  # imported late, like t above: i18n loads the content base

        return format_number(value, lang, trim=True)
    return value


# --------------------------------------------------------------------------- profile questionnaire

ProfileField = Literal[
    "lab_type",
    "year_started",
    "staff_fte",
    "dedicated_staff",
    "structural_funding",
    "fixed_location",
    "policy_domains",
    "analysis_types",
    "demand_driven",
    "knowledge_focus",
    "partners",
]
AnswerKind = Literal["single", "multi", "number", "yes_no"]

LAB_TYPE_NONE = "none"
LAB_TYPE_PLANNED = "planned"
#: The explicit "none of these" option of a multi-choice question (e.g. "we work without
#: partners"); the answer is then an empty tuple, as ``none`` in an imported lab record.
MULTI_NONE = "none"

#: The answer kind each profile field needs.
FIELD_ANSWER: dict[str, str] = {
    "lab_type": "single",
    "year_started": "number",
    "staff_fte": "number",
    "dedicated_staff": "yes_no",
    "structural_funding": "yes_no",
    "fixed_location": "yes_no",
    "policy_domains": "multi",
    "analysis_types": "multi",
    "demand_driven": "single",
    "knowledge_focus": "yes_no",
    "partners": "multi",
}
#: Options a choice question must offer (all of them: the comparison covers each one) ...
FIELD_OPTIONS: dict[str, tuple[str, ...]] = {
    "lab_type": (LAB_TYPE_NONE, *LAB_TYPES),
    "policy_domains": POLICY_DOMAINS,
    "analysis_types": ANALYSIS_TYPES,
    "demand_driven": WAYS_OF_WORKING,
    "partners": PARTNERS,
}
#: ... and options it may offer on top.
FIELD_EXTRA_OPTIONS: dict[str, tuple[str, ...]] = {
    "lab_type": (LAB_TYPE_PLANNED,),
    **{name: (MULTI_NONE,) for name, kind in FIELD_ANSWER.items() if kind == "multi"},
}


class ProfileOption(ContentModel):
    id: Ident
    label: Text


class ProfileQuestion(ContentModel):
    """One profile question. Its ``id`` is the lab-record field it asks about."""

    id: ProfileField
    answer: AnswerKind
    text: Text
    help: Text | None = None
    options: tuple[ProfileOption, ...] = ()
    min: float | None = None
    max: float | None = None
    unit: Text | None = None

    @model_validator(mode="after")
    def _check(self) -> ProfileQuestion:
        need = FIELD_ANSWER[self.id]
        if self.answer != need:
            raise ValueError(f"question {self.id!r} must have answer: {need} (it has {self.answer}); change 'answer'")
        if self.answer in ("single", "multi"):
            unique_ids(self.options, "option")
            have = {o.id for o in self.options}
            required = set(FIELD_OPTIONS[self.id])
            allowed = required | set(FIELD_EXTRA_OPTIONS.get(self.id, ()))
            missing = [o for o in FIELD_OPTIONS[self.id] if o not in have]
            unknown = sorted(have - allowed)
            if missing:
                raise ValueError(
                    f"question {self.id!r} misses option(s) {', '.join(missing)}; add them, "
                    "the benchmark compares every category"
                )
            if unknown:
                raise ValueError(
                    f"question {self.id!r} has unknown option(s) {', '.join(unknown)}; "
                    f"use only: {', '.join(sorted(allowed))}"
                )
        elif self.options:
            raise ValueError(f"question {self.id!r} is a {self.answer} question; remove its 'options'")
        if self.answer != "number" and (self.min is not None or self.max is not None):
            raise ValueError(f"question {self.id!r}: 'min'/'max' only apply to number questions; remove them")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"question {self.id!r}: 'min' is larger than 'max'; swap them")
        return self


@register_kind
class DatalabProfile(ContentFile):
    """A short questionnaire that puts a municipality's own data lab next to the 2019 survey."""

    KIND = "datalab_profile"

    intro: Text | None = None
    questions: tuple[ProfileQuestion, ...]

    @model_validator(mode="after")
    def _check(self) -> DatalabProfile:
        unique_ids(self.questions, "question")
        if not any(q.id == "lab_type" for q in self.questions):
            raise ValueError("the profile needs a 'lab_type' question; the comparison per lab type depends on it")
        return self

    def question(self, question_id: str) -> ProfileQuestion:
        for q in self.questions:
            if q.id == question_id:
                return q
        raise KeyError(question_id)


__all__ = [
    "ALIASES",
    "ANALYSIS_TYPES",
    "FIELD_ANSWER",
    "FIELD_OPTIONS",
    "LAB_TYPES",
    "LAB_TYPE_NONE",
    "LAB_TYPE_PLANNED",
    "MULTI_NONE",
    "OVERALL",
    "PARTNERS",
    "POLICY_DOMAINS",
    "SCOPES",
    "STATUSES",
    "WAYS_OF_WORKING",
    "DatalabProfile",
    "Message",
    "ProfileQuestion",
    "Status",
    "normalise_token",
]
