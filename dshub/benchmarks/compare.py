"""Put a municipality's datalab profile next to the benchmark.

:func:`compare_profile` takes the answers to ``questionnaires/datalab_profile.yaml``
(a plain dict: question id -> value) and a :class:`Benchmark` and returns one
:class:`Comparison` per indicator and scope (overall and per lab type). Each
comparison carries translatable messages (i18n key + params), never finished
text, and the status label of the benchmark figure it uses.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from dshub.benchmarks.content import (
    ALIASES,
    FIELD_ANSWER,
    FIELD_OPTIONS,
    LAB_TYPE_NONE,
    LAB_TYPE_PLANNED,
    LAB_TYPES,
    NO_WORDS,
    NONE_WORDS,
    OVERALL,
    YES_WORDS,
    Message,
    Status,
    normalise_token,
)
from dshub.benchmarks.survey import INDICATORS, Benchmark, Figure, IndicatorDef, status_label
from dshub.content.base import Text

TOPIC_ORDER = ("size", "organisation", "analysis", "domains", "way", "knowledge", "partners")


@dataclass(frozen=True)
class Comparison:
    """One statement "you ...; share of surveyed labs that do: ..." with its provenance.

    ``answer`` is the municipality's (normalised) answer; ``has`` says whether it
    has the property counted by a ``labs`` indicator (``None`` for medians).
    ``value``/``n``/``share`` describe the benchmark figure for ``scope``;
    ``own_type`` marks the scope that is the municipality's own lab type.
    """

    indicator_id: str
    topic: str
    scope: str
    own_type: bool
    answer: Any
    has: bool | None
    value: float
    n: int
    share: float | None
    status: Status
    you: Message
    benchmark: Message
    status_label: Message
    reasoning: Text | None = None
    derivation: Text | None = None

    @property
    def statement(self) -> Message:
        return Message("benchmarks.compare.statement", {"you": self.you, "benchmark": self.benchmark})

    def render(self, lang: str) -> str:
        return Message(
            "benchmarks.compare.with_label", {"statement": self.statement, "label": self.status_label}
        ).render(lang)


# --------------------------------------------------------------------------- answers


def _yes_no(v: Any) -> bool | None:
    if isinstance(v, bool):
        return v
    if isinstance(v, str):
        token = normalise_token(v)
        if token in YES_WORDS:
            return True
        if token in NO_WORDS:
            return False
    return None


def _number(v: Any) -> float | None:
    if isinstance(v, bool) or v is None:
        return None
    try:
        x = float(str(v).strip().replace(",", ".")) if isinstance(v, str) else float(v)
    except (TypeError, ValueError):
        return None
    return x if x == x and x >= 0 else None


def _choice(name: str, v: Any) -> str | None:
    if not isinstance(v, str):
        return None
    token = normalise_token(v)
    alias_key = {"lab_type": "type"}.get(name, name)
    token = ALIASES.get(alias_key, {}).get(token, token)
    return token if token in FIELD_OPTIONS[name] or (name == "lab_type" and token == LAB_TYPE_PLANNED) else None


def _choices(name: str, v: Any) -> tuple[str, ...] | None:
    """Option ids in the answer; ``none`` (or an empty list) means "none of these": ``()``.

    ``none`` next to real options is dropped (the options count), so a stray tick never
    hides an answer; the page lets only one of the two stand.
    """
    if v is None:
        return None
    if isinstance(v, str):
        v = [p for p in v.replace(",", ";").split(";") if p.strip()]
    if not isinstance(v, Iterable):
        return None
    out = []
    for item in v:
        token = normalise_token(str(item))
        if token in NONE_WORDS:
            continue
        token = ALIASES.get(name, {}).get(token, token)
        if token in FIELD_OPTIONS[name] and token not in out:
            out.append(token)
    return tuple(out)


def normalise_answers(answers: Mapping[str, Any]) -> dict[str, Any]:
    """Clean profile answers; unknown keys and unusable values are dropped (= unanswered).

    Yes/no answers may be booleans or words (yes/no/ja/nee); multi-choice answers
    a list of option ids or a ``;``-separated string; numbers may use a decimal comma.
    """
    out: dict[str, Any] = {}
    for name, kind in FIELD_ANSWER.items():
        if name not in answers or answers[name] is None:
            continue
        v = answers[name]
        value: bool | float | str | tuple[str, ...] | None
        if kind == "yes_no":
            value = _yes_no(v)
        elif kind == "number":
            value = _number(v)
        elif kind == "single":
            value = _choice(name, v)
        else:
            value = _choices(name, v)
        if value is not None:
            out[name] = value
    return out


# --------------------------------------------------------------------------- statements

_SIMPLE_YES_NO = ("dedicated_staff", "structural_funding", "fixed_location", "knowledge_focus")
_ITEM_TOPICS = {"domains": "domain", "analysis": "analysis", "partners": "partner"}


def _you(d: IndicatorDef, answers: Mapping[str, Any]) -> tuple[Message, Any, bool | None] | None:
    """The "you ..." part, the answer it is based on and whether you have the property."""
    if d.field is None or d.field not in answers:
        return None
    answer = answers[d.field]
    if d.unit == "fte":
        return Message("benchmarks.compare.you.staff_fte", {"value": float(answer)}), answer, None
    if d.unit == "year":
        return Message("benchmarks.compare.you.year_started", {"value": int(answer)}), answer, None
    if d.id in _SIMPLE_YES_NO:
        has = bool(answer)
        return Message(f"benchmarks.compare.you.{d.id}.{'yes' if has else 'no'}"), answer, has
    if d.id == "has_external_partner":
        has = bool(answer)
        return Message(f"benchmarks.compare.you.has_external_partner.{'yes' if has else 'no'}"), answer, has
    if d.topic == "way":
        if answer != d.item:  # only the way of working you chose is compared
            return None
        return Message("benchmarks.compare.you.way", {"item": Message(f"benchmarks.way.{d.item}")}), answer, True
    prefix = _ITEM_TOPICS[d.topic]
    has = d.item in answer
    msg = Message(
        f"benchmarks.compare.you.{prefix}.{'yes' if has else 'no'}", {"item": Message(f"benchmarks.{prefix}.{d.item}")}
    )
    return msg, answer, has


def _status_key(fig: Figure) -> str:
    return "published_derived" if fig.status == "published" and fig.derivation else fig.status


def _benchmark_msg(unit: str, fig: Figure, scope: str, share: float | None) -> Message:
    scope_msg = Message(f"benchmarks.scope.{scope}")
    if unit == "labs":
        pct = round(100 * share) if share is not None else 0
        return Message(
            f"benchmarks.compare.share.{_status_key(fig)}",
            {"count": int(fig.value), "n": fig.n, "pct": pct, "scope": scope_msg},
        )
    value: float | int = int(fig.value) if unit == "year" else float(fig.value)
    return Message(
        f"benchmarks.compare.median_{unit}.{_status_key(fig)}", {"value": value, "n": fig.n, "scope": scope_msg}
    )


def _lab_type_comparisons(benchmark: Benchmark, lab_type: str) -> list[Comparison]:
    """How many surveyed labs are of your type (or, without a lab, how many labs there were).

    Without a lab of your own, the published survey counts (48 found, 38 took part) are stated
    with their own label; with loaded records, how many labs those describe follows as a
    separate statement with the "loaded lab records" label, so the two are never mixed.
    """
    if lab_type in LAB_TYPES:
        fig = benchmark.figure("n_labs", lab_type)
        total = benchmark.figure("n_labs", OVERALL)
        if fig is None or total is None:
            return []
        you = Message("benchmarks.compare.you.lab_type", {"type": Message(f"benchmarks.type.{lab_type}")})
        share = fig.value / total.value if total.value else None
        bench = Message(
            f"benchmarks.compare.type_count.{_status_key(fig)}",
            {
                "count": int(fig.value),
                "n": int(total.value),
                "pct": round(100 * (share or 0)),
                "scope": Message(f"benchmarks.scope.{lab_type}"),
            },
        )
        return [
            Comparison(
                "n_labs",
                "size",
                lab_type,
                True,
                lab_type,
                True,
                fig.value,
                int(total.value),
                share,
                fig.status,
                you,
                bench,
                status_label(fig),
                fig.reasoning,
                fig.derivation,
            )
        ]
    you = Message("benchmarks.compare.you.planned" if lab_type == LAB_TYPE_PLANNED else "benchmarks.compare.you.no_lab")
    fig = benchmark.figure("n_labs", OVERALL)
    ident = benchmark.labs_identified
    took_part = benchmark.participants or (fig if benchmark.origin == "survey" else None)
    out = []
    if ident is not None and took_part is not None:
        bench = Message("benchmarks.compare.labs_found", {"identified": int(ident.value), "n": int(took_part.value)})
        out.append(
            Comparison(
                "n_labs",
                "size",
                OVERALL,
                False,
                lab_type,
                False,
                took_part.value,
                int(took_part.value),
                None,
                took_part.status,
                you,
                bench,
                status_label(took_part),
                took_part.reasoning,
                took_part.derivation,
            )
        )
    if fig is not None and fig is not took_part:
        bench = Message("benchmarks.compare.labs_in_records", {"n": int(fig.value)})
        out.append(
            Comparison(
                "n_labs",
                "size",
                OVERALL,
                False,
                lab_type,
                False,
                fig.value,
                int(fig.value),
                None,
                fig.status,
                you,
                bench,
                status_label(fig),
                fig.reasoning,
                fig.derivation,
            )
        )
    return out


def compare_profile(
    profile_answers: Mapping[str, Any],
    benchmark: Benchmark,
    scopes: Sequence[str] | None = None,
) -> list[Comparison]:
    """Comparisons for every answered profile question, overall and per lab type.

    ``scopes`` defaults to every scope the benchmark has labs for (overall first).
    Unanswered questions and scopes without a figure produce no comparison.
    Sorted by topic, then indicator, then scope (overall, the own type, the rest).
    """
    answers = normalise_answers(profile_answers)
    lab_type = answers.get("lab_type")
    scopes = tuple(scopes) if scopes is not None else benchmark.scopes
    out: list[Comparison] = []
    if lab_type is not None:
        out += _lab_type_comparisons(benchmark, lab_type)
    for d in INDICATORS:
        if d.id == "n_labs" or d.id not in benchmark.indicators:
            continue
        you = _you(d, answers)
        if you is None:
            continue
        msg, answer, has = you
        ind = benchmark.indicators[d.id]
        for scope in scopes:
            fig = ind.figure(scope)
            if fig is None or fig.n == 0:
                continue
            share = ind.share(scope)
            out.append(
                Comparison(
                    d.id,
                    d.topic,
                    scope,
                    scope == lab_type,
                    answer,
                    has,
                    fig.value,
                    fig.n,
                    share,
                    fig.status,
                    msg,
                    _benchmark_msg(d.unit, fig, scope, share),
                    status_label(fig),
                    fig.reasoning,
                    fig.derivation,
                )
            )
    order = {d.id: i for i, d in enumerate(INDICATORS)}

    def key(c: Comparison) -> tuple[int, int, int]:
        scope_rank = 0 if c.scope == OVERALL else 1 if c.own_type else 2 + LAB_TYPES.index(c.scope)
        return TOPIC_ORDER.index(c.topic), order[c.indicator_id], scope_rank

    return sorted(out, key=key)


__all__ = ["LAB_TYPE_NONE", "Comparison", "compare_profile", "normalise_answers"]
