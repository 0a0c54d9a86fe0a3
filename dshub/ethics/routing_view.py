"""The routing advice as shown on screen and in every report: one view model, in one language.

Each instrument gets its verdict ("DPIA: required", "AI Act: high-risk (Annex III)"), the
advice, the reasons with the answers behind them, what is still open, the duties that follow
with the date from which they apply, and the legal facts behind it all: article, source, the
date we checked it and, where a fact is not confirmed by a primary source, a note that says so.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from dshub.ethics.content import EthicsContent, holds
from dshub.ethics.logic import (
    RoutingAdvice,
    answer_label,
    effective_answers,
    routing_advice,
)
from dshub.i18n import format_date, t
from dshub.legal.content import LegalFact, LegalFacts


def verdict(adv: RoutingAdvice, lang: str) -> str:
    """The short verdict after the instrument's name."""
    if adv.outcome is not None:
        return adv.outcome.name.get(lang) if adv.outcome.name else t("ethics.report.advisable", lang)
    if adv.status == "not_advisable" and adv.rule is not None and adv.rule.otherwise_name is not None:
        return adv.rule.otherwise_name.get(lang)
    return t(f"ethics.report.{adv.status}", lang)


def _when(fact: LegalFact, lang: str, today: date) -> dict[str, Any]:
    ahead = fact.applies_from > today
    return {
        "date": fact.applies_from.isoformat(),
        "date_label": format_date(fact.applies_from, lang),
        "ahead": ahead,
        "when": t(
            "ethics.legal.applies_from" if ahead else "ethics.legal.applies_since",
            lang,
            date=format_date(fact.applies_from, lang),
        ),
    }


def fact_view(fact: LegalFact, lang: str, today: date | None = None) -> dict[str, Any]:
    """One legal fact as screens and reports show it: rule, basis, since when, sources, checked date, certainty."""
    today = today or date.today()
    return {
        "id": fact.id,
        "title": fact.title.get(lang),
        "basis": fact.legal_basis.get(lang),
        **_when(fact, lang, today),
        "sources": [{"title": s.title, "url": s.url} for s in fact.sources],
        "checked": fact.checked.isoformat(),
        "checked_label": format_date(fact.checked, lang),
        "certainty": fact.certainty,
        "certainty_label": t(f"ethics.legal.certainty.{fact.certainty}", lang),
        "note": fact.note.get(lang) if fact.note else "",
    }


def routing_items(
    content: EthicsContent,
    answers: dict[str, Any],
    lang: str,
    legal: LegalFacts | None = None,
    *,
    today: date | None = None,
) -> list[dict[str, Any]]:
    """Every instrument's advice as plain values in ``lang`` (not escaped)."""
    today = today or date.today()

    def qtext(qid: str) -> str:
        return content.question(qid).text.get(lang)

    items = []
    for adv in routing_advice(content, answers).values():
        trig = {tr.id: tr for tr in adv.rule.triggers} if adv.rule is not None else {}
        item: dict[str, Any] = {
            "id": adv.rule_id,
            "name": adv.name.get(lang),
            "advisable": adv.advisable,
            "status_id": adv.status,
            "outcome": adv.outcome_id,
            "status": verdict(adv, lang),
            "provisional": adv.provisional,
            "text": adv.text.get(lang),
            "answer_first": [qtext(q) for q in adv.unanswered],
            "reasons": [
                {
                    "reason": h.reason.get(lang),
                    "answers": [
                        {"question": qtext(qid), "answer": answer_label(content.question(qid), val, lang)}
                        for qid, val in h.answers
                    ],
                    "basis": [legal.fact(i).legal_basis.get(lang) for i in trig[h.trigger_id].legal]
                    if legal is not None and h.trigger_id in trig
                    else [],
                }
                for h in adv.hits
            ],
            "open": [{"reason": o.reason.get(lang), "questions": [qtext(q) for q in o.questions]} for o in adv.open],
            "when": "",
            "obligations": [],
            "sources": [],
            "as_of": "",
            "uncertain": False,
        }
        if legal is not None:
            ids = adv.legal_ids()
            facts = [legal.fact(i) for i in ids]
            if adv.outcome is not None and adv.outcome.applies_from:
                item["when"] = _when(legal.fact(adv.outcome.applies_from), lang, today)["when"]
            if adv.outcome is not None:
                item["obligations"] = [
                    {
                        "text": ob.text.get(lang),
                        "basis": legal.fact(ob.fact).legal_basis.get(lang),
                        **_when(legal.fact(ob.fact), lang, today),
                    }
                    for ob in adv.outcome.obligations
                ]
            item["sources"] = [fact_view(f, lang, today) for f in facts]
            item["uncertain"] = any(not f.confirmed for f in facts)
            if ids:
                item["as_of"] = format_date(legal.as_of(ids), lang)
        items.append(item)
    return items


def as_of(content: EthicsContent, legal: LegalFacts, lang: str) -> str:
    """The "stand van zaken" of the whole routing: the oldest check among every fact it can cite."""
    ids = [i for rule in content.routing for i in rule.legal_ids()]
    return format_date(legal.as_of(ids), lang) if ids else ""


PARTS: tuple[str, ...] = ("why", "what", "how", "rights")


def pre_iama(content: EthicsContent, answers: dict[str, Any], lang: str) -> dict[str, Any]:
    """The IAMA's questions that apply, each started with the team's own answers (the pre-IAMA).

    Shown when the IAMA is needed or advised; ``questions`` per part of the IAMA, in content order,
    with the answers that already start each one and the AI Act Art. 27 element it serves.
    """
    effective = effective_answers(content, answers)
    advice = routing_advice(content, answers).get("iama")
    applies = advice is not None and advice.advisable
    parts: list[dict[str, Any]] = []
    for part in PARTS:
        rows: list[dict[str, Any]] = []
        for item in content.pre_iama:
            if item.part != part or (item.show_if is not None and not holds(item.show_if, effective)):
                continue
            given = [
                {
                    "question": content.question(qid).text.get(lang),
                    "answer": answer_label(content.question(qid), effective[qid], lang),
                }
                for qid in item.prefill_from
                if qid in effective
            ]
            rows.append({"id": item.id, "text": item.text.get(lang), "art27": item.art27 or "", "answers": given})
        if rows:
            parts.append({"id": part, "title": t(f"ethics.pre_iama.part.{part}", lang), "questions": rows})
    return {
        "applies": applies,
        "parts": parts,
        "count": sum(len(p["questions"]) for p in parts),
        "started": sum(1 for p in parts for q in p["questions"] if q["answers"]),
    }
