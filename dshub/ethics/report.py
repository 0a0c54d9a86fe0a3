"""The archivable report of one ethics session: HTML (and the same HTML as a PDF), Markdown and JSON.

:func:`report_data` gathers everything in one language-resolved structure;
the renderers only format it: :func:`report_view` adds what the HTML and the
Markdown both derive from it, and the templates ``ethics.html.j2`` and
``ethics.md.j2`` (:mod:`dshub.reports.jinja`) lay it out. Only answers to
visible questions appear. All text is escaped on output (team text and
content text alike), so nothing a team types can inject markup. The HTML is self-contained (inline CSS, no
scripts, no external resources), printable to PDF and accessible: ``lang``
attribute, heading hierarchy, tables with captions and header cells.
The JSON embeds the record, so it can be loaded back with
:meth:`dshub.ethics.logic.EthicsRecord.from_json`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from markupsafe import Markup

from dshub.ethics.content import EthicsCases, EthicsContent
from dshub.ethics.logic import (
    EthicsRecord,
    answer_label,
    effective_answers,
    missing_find_outs,
    progress,
    set_aside_label,
    set_aside_value,
    signals,
    visible_questions,
)
from dshub.ethics.routing_view import as_of as routing_as_of
from dshub.ethics.routing_view import pre_iama
from dshub.ethics.routing_view import routing_items as routing_items_for
from dshub.i18n import format_date, normalize_lang, t
from dshub.legal.content import LegalFacts
from dshub.reports import jinja, pdf

REPORT_FORMAT = "dshub.ethics.report"
REPORT_FORMAT_VERSION = 1


# --------------------------------------------------------------------------- data


def _role_label(content: EthicsContent, role: str, lang: str) -> str:
    known = content.role(role)
    return known.name.get(lang) if known is not None else role


def report_data(
    record: EthicsRecord,
    content: EthicsContent,
    cases: EthicsCases | None = None,
    *,
    lang: str = "nl",
    generated_at: datetime | None = None,
    legal: LegalFacts | None = None,
    municipality: str = "",
) -> dict[str, Any]:
    """Everything the report shows, as plain JSON-able values in ``lang`` (not escaped).

    ``municipality``: the session's municipality, for the report's (and each PDF page's) header.
    """
    lang = normalize_lang(lang)
    generated_at = generated_at or datetime.now().astimezone()
    answers = record.answers
    visible = visible_questions(content, answers)
    effective = effective_answers(content, answers)
    prog = progress(content, answers)
    sig = signals(content, answers)

    case = cases.case(record.project.case_id) if cases is not None and record.project.case_id else None
    case_data = None
    if case is not None:
        case_data = {
            "id": case.id,
            "title": case.title.get(lang),
            "description": case.description.get(lang),
            "datasets": [
                {
                    "name": d.name.get(lang),
                    "owner": d.owner.get(lang),
                    "personal_data": d.personal_data,
                    "note": d.note.get(lang) if d.note else "",
                }
                for d in case.datasets
            ],
        }
    elif record.project.case_id:
        case_data = {"id": record.project.case_id, "title": record.project.case_id, "description": "", "datasets": []}
    title = (
        record.project.title.strip() or (case_data["title"] if case_data else "") or t("ethics.report.untitled", lang)
    )

    def qtext(qid: str) -> str:
        return content.question(qid).text.get(lang)

    themes = []
    shown = {q.id for q in visible}
    for theme in content.themes:
        tp = prog.themes[theme.id]
        themes.append(
            {
                "id": theme.id,
                "phase": content.phase(theme.phase).title.get(lang),
                "title": theme.title.get(lang),
                "answered": tp.answered,
                "visible": tp.visible,
                "questions": [
                    {
                        "id": q.id,
                        "text": q.text.get(lang),
                        "answer": answer_label(q, effective[q.id], lang)
                        if q.id in effective
                        else t("ethics.answer.none", lang),
                        "answered": q.id in effective,
                        "note": record.notes.get(q.id, ""),
                    }
                    for q in theme.questions
                    if q.id in shown
                ],
            }
        )

    def signal_item(s: Any) -> dict[str, Any]:
        return {
            "kind": s.kind,
            "kind_label": t(f"ethics.signal.kind.{s.kind}", lang),
            "theme": content.theme(s.theme_id).title.get(lang),
            "question_id": s.question_id,
            "question": qtext(s.question_id),
            "answer": answer_label(content.question(s.question_id), s.answer, lang),
            "text": s.text.get(lang),
        }

    values = []
    for v in record.values:
        known = content.value(v.value_id)
        values.append(
            {
                "id": v.value_id,
                "name": known.name.get(lang) if known else v.value_id,
                "explanation": known.explanation.get(lang) if known else "",
                "judgement": v.judgement,
                "judgement_label": t(f"ethics.judgement.{v.judgement}", lang)
                if v.judgement
                else t("ethics.report.not_judged", lang),
                "note": v.note,
            }
        )

    decision = None
    actions = []
    if record.decision is not None:
        decision = {
            "outcome": record.decision.outcome,
            "outcome_label": t(f"ethics.outcome.{record.decision.outcome}", lang),
            "motivation": record.decision.motivation,
        }
        actions = [
            {
                "text": a.text,
                "owner": _role_label(content, a.owner_role, lang) if a.owner_role else "",
                "due": a.due.isoformat() if a.due else "",
                "done": a.done,
            }
            for a in record.decision.actions
        ]
    # "Find out" actions the team left off its action list (allowed, but on record).
    not_listed = (
        [s.text.get(lang) for s in missing_find_outs(content, answers, record.decision.actions)]
        if record.decision is not None
        else []
    )

    routing_items = routing_items_for(content, answers, lang, legal, today=generated_at.date())

    return {
        "lang": lang,
        "title": title,
        "heading": t("ethics.report.title", lang),
        "project": {"title": record.project.title, "description": record.project.description},
        "case": case_data,
        "municipality": municipality,
        "session_date": record.session_date.isoformat(),
        "session_date_label": format_date(record.session_date, lang),
        "generated_at": generated_at.isoformat(timespec="minutes"),
        "roles_present": [_role_label(content, r, lang) for r in record.roles_present],
        "content": {
            "id": content.id,
            "title": content.title.get(lang),
            "version": record.content_version,
            "loaded_from_version": record.loaded_from_version,
        },
        "progress": {"answered": prog.answered, "visible": prog.visible, "unknown": prog.unknown},
        "themes": themes,
        "concerns": [signal_item(s) for s in sig.concerns],
        "actions_raised": [signal_item(s) for s in sig.actions],
        "values": values,
        "decision": decision,
        "actions": actions,
        "find_outs_not_listed": not_listed,
        "routing": routing_items,
        "legal_as_of": routing_as_of(content, legal, lang) if legal is not None else "",
        "pre_iama": pre_iama(content, answers, lang),
        "set_aside": [
            {
                "kind": a.kind,
                "item_id": a.item_id,
                "label": set_aside_label(content, a, lang),
                "value": a.value,
                "answer": set_aside_value(a, lang),
                "note": a.note,
                "reason": t(f"ethics.set_aside.{a.reason}", lang),
                "content_version": a.content_version,
            }
            for a in record.set_aside
        ],
        "not_kept": [
            {"item_id": n.item_id, "label": n.label, "text": n.text, "on": n.on.isoformat()} for n in record.not_kept
        ],
        "disclaimer": t("ethics.report.disclaimer", lang),
        "credit": t("ethics.credit", lang),
    }


# --------------------------------------------------------------------------- HTML and Markdown


@dataclass(frozen=True)
class Table:
    """A table both formats show alike: caption, column headers and rows of plain text."""

    caption: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class ReportView:
    """The one input of ``templates/ethics.html.j2`` and ``templates/ethics.md.j2``.

    ``data`` is :func:`report_data` as it is; the other fields are what both formats derive from it,
    so neither template computes them again. ``sections`` is the report's body in order (a section
    with nothing to show is left out): each template has one macro per section, and a section one
    of them lacks is an error when it renders. Every text is plain: the templates escape it.
    """

    lang: str
    data: dict[str, Any]
    sections: tuple[str, ...]
    session: str  # municipality – date: the HTML's header line, and so every PDF page's header
    roles: str  # the roles present, or "none"
    advisable: str  # the instruments the advice says to do, or "none"
    incomplete: str  # the instruments whose advice waits for answers ("" when none)
    version: str  # the questionnaire and its version (and the version the record was continued from)
    datasets: Table | None  # the case's datasets
    actions: Table | None  # the action list

    def t(self, key: str, **params: Any) -> str:
        return t(key, self.lang, **params)


def report_view(data: dict[str, Any]) -> ReportView:
    """What the templates render, from :func:`report_data`'s ``data``."""
    lang = data["lang"]

    def tr(key: str, **params: Any) -> str:
        return t(key, lang, **params)

    def yes_no(value: bool) -> str:
        return tr("ethics.answer.yes" if value else "ethics.answer.no")

    pi = data["pre_iama"]
    sections = (
        "project",
        "decision",
        "values",
        "concerns",
        "routing",
        *(("pre_iama",) if pi["applies"] and pi["parts"] else ()),
        "answers",
        *(("set_aside",) if data["set_aside"] else ()),
        *(("not_kept",) if data["not_kept"] else ()),
    )
    version = tr("ethics.report.version_line", title=data["content"]["title"], version=data["content"]["version"])
    if data["content"]["loaded_from_version"]:
        version += " " + tr("ethics.report.loaded_from", version=data["content"]["loaded_from_version"])
    case = data["case"]
    datasets = None
    if case and case["datasets"]:
        datasets = Table(
            tr("ethics.report.datasets"),
            (
                tr("ethics.report.dataset"),
                tr("ethics.report.owner"),
                tr("ethics.report.personal_data"),
                tr("ethics.report.note"),
            ),
            tuple((ds["name"], ds["owner"], yes_no(ds["personal_data"]), ds["note"]) for ds in case["datasets"]),
        )
    actions = None
    if data["actions"]:
        actions = Table(
            tr("ethics.report.action_list"),
            (
                tr("ethics.report.action"),
                tr("ethics.report.owner_role"),
                tr("ethics.report.due"),
                tr("ethics.report.done"),
            ),
            tuple((a["text"], a["owner"], a["due"], yes_no(a["done"])) for a in data["actions"]),
        )
    routing = data["routing"]
    return ReportView(
        lang=lang,
        data=data,
        sections=sections,
        session=" – ".join(x for x in (data["municipality"], data["session_date_label"]) if x),
        roles=", ".join(data["roles_present"]) or tr("ethics.report.none"),
        advisable=", ".join(r["name"] for r in routing if r["advisable"]) or tr("ethics.report.none"),
        incomplete=", ".join(r["name"] for r in routing if r["status_id"] == "incomplete"),
        version=version,
        datasets=datasets,
        actions=actions,
    )


def _context(view: ReportView) -> dict[str, Any]:
    return {"view": view, "report": view.data, "t": view.t}


def html_from_data(data: dict[str, Any]) -> str:
    """The HTML report of :func:`report_data`'s ``data`` (``templates/ethics.html.j2``, autoescaped)."""
    return jinja.render(
        "ethics.html.j2",
        **_context(report_view(data)),
        page_css=Markup(pdf.page_css(data["lang"])),
        running_header=pdf.RUNNING_HEADER,
    )


_LINE_BREAK = re.compile(r"\s*\n\s*")


def _one_line(value: Any) -> Any:
    """``value`` with every text on one line: in Markdown a line break could end a table row or a list item."""
    if isinstance(value, str):
        return _LINE_BREAK.sub(" ", value).strip()
    if isinstance(value, dict):
        return {k: _one_line(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_one_line(v) for v in value]
    return value


def markdown_from_data(data: dict[str, Any]) -> str:
    """The Markdown report of :func:`report_data`'s ``data`` (``templates/ethics.md.j2``, every value escaped)."""
    return jinja.render("ethics.md.j2", **_context(report_view(_one_line(data))))


def report_html(
    record: EthicsRecord,
    content: EthicsContent,
    cases: EthicsCases | None = None,
    *,
    lang: str = "nl",
    generated_at: datetime | None = None,
    legal: LegalFacts | None = None,
    municipality: str = "",
) -> str:
    """The report as a self-contained HTML page (see the module)."""
    return html_from_data(
        report_data(
            record, content, cases, lang=lang, generated_at=generated_at, legal=legal, municipality=municipality
        )
    )


def report_markdown(
    record: EthicsRecord,
    content: EthicsContent,
    cases: EthicsCases | None = None,
    *,
    lang: str = "nl",
    generated_at: datetime | None = None,
    legal: LegalFacts | None = None,
    municipality: str = "",
) -> str:
    """The report as Markdown: the same sections as the HTML page, without its summary."""
    return markdown_from_data(
        report_data(
            record, content, cases, lang=lang, generated_at=generated_at, legal=legal, municipality=municipality
        )
    )


def report_pdf(
    record: EthicsRecord,
    content: EthicsContent,
    cases: EthicsCases | None = None,
    *,
    lang: str = "nl",
    generated_at: datetime | None = None,
    legal: LegalFacts | None = None,
    municipality: str = "",
) -> bytes:
    """The report as a PDF: :func:`report_html`'s page laid out for A4 (see :mod:`dshub.reports.pdf`)."""
    return pdf.html_to_pdf(
        report_html(
            record, content, cases, lang=lang, generated_at=generated_at, legal=legal, municipality=municipality
        )
    )


# --------------------------------------------------------------------------- JSON


def report_json(
    record: EthicsRecord,
    content: EthicsContent,
    cases: EthicsCases | None = None,
    *,
    lang: str = "nl",
    generated_at: datetime | None = None,
    legal: LegalFacts | None = None,
    municipality: str = "",
) -> str:
    """The record (loadable with ``EthicsRecord.from_json``) plus the report as shown, in one JSON document.

    Unlike ``record.to_json()`` (the working copy, which keeps answers to
    questions that are hidden right now so they come back when a branch
    reopens), the archived record holds only answers to visible questions.
    """
    return json_from_data(
        record,
        content,
        report_data(
            record, content, cases, lang=lang, generated_at=generated_at, legal=legal, municipality=municipality
        ),
    )


def json_from_data(record: EthicsRecord, content: EthicsContent, data: dict[str, Any]) -> str:
    """The JSON document of :func:`report_json`, with :func:`report_data`'s ``data`` for ``record``."""
    # The report never contains answers (or notes) to questions that are hidden for these answers.
    shown = {q.id for q in visible_questions(content, record.answers)}
    archived = record.model_copy(
        update={
            "answers": {k: v for k, v in record.answers.items() if k in shown},
            "notes": {k: v for k, v in record.notes.items() if k in shown},
        }
    )
    doc = {
        "format": REPORT_FORMAT,
        "format_version": REPORT_FORMAT_VERSION,
        "record": archived.to_dict(),
        "report": data,
    }
    return json.dumps(doc, ensure_ascii=False, indent=2)


def report_filename(record: EthicsRecord, extension: str) -> str:
    """A safe download name such as ``ethics-wmo-forecast-2026-11-23.html``."""
    base = record.project.title or record.project.case_id or "project"
    slug = re.sub(r"[^a-z0-9]+", "-", base.lower()).strip("-")[:40] or "project"
    return f"ethics-{slug}-{record.session_date.isoformat()}.{extension.lstrip('.')}"


__all__ = [
    "REPORT_FORMAT",
    "ReportView",
    "Table",
    "html_from_data",
    "markdown_from_data",
    "report_data",
    "report_filename",
    "report_html",
    "report_json",
    "report_markdown",
    "report_pdf",
    "report_view",
]
