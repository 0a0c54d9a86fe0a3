"""The archivable report of one ethics session: HTML (and the same HTML as a PDF), Markdown and JSON.

:func:`report_data` gathers everything in one language-resolved structure;
the renderers only format it. Only answers to visible questions appear. All
text is escaped on output (team text and content text alike), so nothing a
team types can inject markup. The HTML is self-contained (inline CSS, no
scripts, no external resources), printable to PDF and accessible: ``lang``
attribute, heading hierarchy, tables with captions and header cells.
The JSON embeds the record, so it can be loaded back with
:meth:`dshub.ethics.logic.EthicsRecord.from_json`.
"""

from __future__ import annotations

import html
import json
import re
from datetime import datetime
from typing import Any

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
from dshub.reports import pdf

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


# --------------------------------------------------------------------------- HTML

_CSS = """
:root { color-scheme: light; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; color: #1b1b1b;
       background: #fff; line-height: 1.5; margin: 0; }
main { max-width: 60rem; margin: 0 auto; padding: 2rem 1.5rem 3rem; }
h1 { font-size: 1.9rem; margin: 0 0 .25rem; }
h2 { font-size: 1.4rem; margin: 2.2rem 0 .6rem; border-bottom: 2px solid #1b1b1b; padding-bottom: .2rem; }
h3 { font-size: 1.1rem; margin: 1.4rem 0 .4rem; }
.subtitle { font-size: 1.15rem; margin: 0 0 .25rem; }
.running-header { color: #4a4a4a; margin: 0 0 1rem; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; margin: 0; }
dl.facts dt { font-weight: 600; }
dl.facts dd { margin: 0; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; }
caption { text-align: left; font-weight: 600; padding: .3rem 0; }
.sr-only { position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden;
           clip: rect(0, 0, 0, 0); white-space: nowrap; border: 0; }
th, td { border: 1px solid #6b6b6b; padding: .35rem .5rem; text-align: left; vertical-align: top; }
thead th { background: #e8e8e8; }
th[scope="row"] { font-weight: normal; }
.status { font-weight: 700; }
.muted { color: #4a4a4a; }
.note { font-style: italic; }
ul.plain { padding-left: 1.2rem; }
footer { margin-top: 3rem; border-top: 1px solid #6b6b6b; padding-top: .8rem; font-size: .9rem; color: #333; }
@media print {
  main { max-width: none; padding: 0; }
  h2 { break-after: avoid; }
  table, tr, li { break-inside: avoid; }
  thead { display: table-header-group; }
}
"""


def _e(value: Any) -> str:
    """Escape any text for HTML; line breaks in team text become <br>."""
    return html.escape("" if value is None else str(value), quote=True).replace("\n", "<br>")


def _table(
    caption: str, headers: list[str], rows: list[list[str]], *, row_header: bool = False, caption_visible: bool = False
) -> str:
    """Table with a caption and header cells; cells in ``rows`` must already be escaped.

    The caption is for screen readers only when a heading right above already says the same.
    """
    cls = "" if caption_visible else ' class="sr-only"'
    out = [f"<table><caption{cls}>{_e(caption)}</caption><thead><tr>"]
    out += [f'<th scope="col">{_e(h)}</th>' for h in headers]
    out.append("</tr></thead><tbody>")
    for row in rows:
        cells = []
        for i, cell in enumerate(row):
            if i == 0 and row_header:
                cells.append(f'<th scope="row">{cell}</th>')
            else:
                cells.append(f"<td>{cell}</td>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def _facts(pairs: list[tuple[str, str]]) -> str:
    """A definition list; values must already be escaped."""
    return '<dl class="facts">' + "".join(f"<dt>{_e(k)}</dt><dd>{v}</dd>" for k, v in pairs) + "</dl>"


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
    d = report_data(
        record, content, cases, lang=lang, generated_at=generated_at, legal=legal, municipality=municipality
    )
    lang = d["lang"]

    def tr(key: str, **params: Any) -> str:
        return _e(t(key, lang, **params))

    parts: list[str] = []
    add = parts.append
    add(
        f'<!DOCTYPE html>\n<html lang="{_e(lang)}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_e(d['heading'])}: {_e(d['title'])}</title>\n<style>{_CSS}{pdf.page_css(lang)}</style>\n"
        f"</head>\n<body>\n<main>\n"
    )
    # The municipality and the date also head every printed page (the running header, see dshub.reports.pdf).
    session = " – ".join(x for x in (d["municipality"], d["session_date_label"]) if x)
    add(
        f'<header><h1>{_e(d["heading"])}</h1><p class="subtitle">{_e(d["title"])}</p>'
        f'<p class="{pdf.RUNNING_HEADER}">{_e(session)}</p></header>\n'
    )

    # Summary
    decision = d["decision"]
    add(f'<section aria-labelledby="summary"><h2 id="summary">{tr("ethics.report.summary")}</h2>')
    add(
        _facts(
            [
                (
                    t("ethics.report.outcome", lang),
                    f'<span class="status">{_e(decision["outcome_label"])}</span>'
                    if decision
                    else tr("ethics.report.no_decision"),
                ),
                (t("ethics.report.concerns_count", lang), _e(len(d["concerns"]))),
                (t("ethics.report.actions_raised", lang), _e(len(d["actions_raised"]))),
                (t("ethics.report.action_list", lang), _e(len(d["actions"]))),
                (
                    t("ethics.report.advisable_instruments", lang),
                    _e(", ".join(r["name"] for r in d["routing"] if r["advisable"]) or t("ethics.report.none", lang)),
                ),
            ]
            + (
                [
                    (
                        t("ethics.report.incomplete_instruments", lang),
                        _e(", ".join(r["name"] for r in d["routing"] if r["status_id"] == "incomplete")),
                    )
                ]
                if any(r["status_id"] == "incomplete" for r in d["routing"])
                else []
            )
        )
    )
    add("</section>\n")

    # Project and case
    add(f'<section aria-labelledby="project"><h2 id="project">{tr("ethics.report.project")}</h2>')
    facts = [(t("ethics.report.project_title", lang), _e(d["title"]))]
    if d["project"]["description"]:
        facts.append((t("ethics.report.description", lang), _e(d["project"]["description"])))
    facts += [
        (t("ethics.report.session_date", lang), _e(d["session_date"])),
        (t("ethics.report.roles_present", lang), _e(", ".join(d["roles_present"]) or t("ethics.report.none", lang))),
        (
            t("ethics.report.progress", lang),
            tr("ethics.report.progress_value", answered=d["progress"]["answered"], visible=d["progress"]["visible"]),
        ),
    ]
    add(_facts(facts))
    case = d["case"]
    if case:
        add(f"<h3>{tr('ethics.report.case')}: {_e(case['title'])}</h3>")
        if case["description"]:
            add(f"<p>{_e(case['description'])}</p>")
        if case["datasets"]:
            rows = [
                [
                    _e(ds["name"]),
                    _e(ds["owner"]),
                    tr("ethics.answer.yes") if ds["personal_data"] else tr("ethics.answer.no"),
                    _e(ds["note"]),
                ]
                for ds in case["datasets"]
            ]
            add(
                _table(
                    t("ethics.report.datasets", lang),
                    [
                        t("ethics.report.dataset", lang),
                        t("ethics.report.owner", lang),
                        t("ethics.report.personal_data", lang),
                        t("ethics.report.note", lang),
                    ],
                    rows,
                    row_header=True,
                    caption_visible=True,
                )
            )
    add("</section>\n")

    # Decision and action list
    add(f'<section aria-labelledby="decision"><h2 id="decision">{tr("ethics.report.decision")}</h2>')
    if decision:
        add(
            _facts(
                [
                    (t("ethics.report.outcome", lang), f'<span class="status">{_e(decision["outcome_label"])}</span>'),
                    (t("ethics.report.motivation", lang), _e(decision["motivation"])),
                ]
            )
        )
    else:
        add(f'<p class="muted">{tr("ethics.report.no_decision")}</p>')
    add(f"<h3>{tr('ethics.report.action_list')}</h3>")
    if d["actions"]:
        rows = [
            [
                _e(a["text"]),
                _e(a["owner"]),
                _e(a["due"]),
                tr("ethics.answer.yes") if a["done"] else tr("ethics.answer.no"),
            ]
            for a in d["actions"]
        ]
        add(
            _table(
                t("ethics.report.action_list", lang),
                [
                    t("ethics.report.action", lang),
                    t("ethics.report.owner_role", lang),
                    t("ethics.report.due", lang),
                    t("ethics.report.done", lang),
                ],
                rows,
            )
        )
    else:
        add(f'<p class="muted">{tr("ethics.report.no_actions")}</p>')
    if d["find_outs_not_listed"]:
        add(
            f'<p>{tr("ethics.report.find_outs_not_listed")}</p><ul class="plain">'
            + "".join(f"<li>{_e(text)}</li>" for text in d["find_outs_not_listed"])
            + "</ul>"
        )
    add("</section>\n")

    # Values
    add(f'<section aria-labelledby="values"><h2 id="values">{tr("ethics.report.values")}</h2>')
    if d["values"]:
        rows = [
            [
                _e(v["name"]),
                _e(v["explanation"]),
                f'<span class="status">{_e(v["judgement_label"])}</span>',
                _e(v["note"]),
            ]
            for v in d["values"]
        ]
        add(
            _table(
                t("ethics.report.values", lang),
                [
                    t("ethics.report.value", lang),
                    t("ethics.report.meaning", lang),
                    t("ethics.report.judgement", lang),
                    t("ethics.report.note", lang),
                ],
                rows,
                row_header=True,
            )
        )
    else:
        add(f'<p class="muted">{tr("ethics.report.no_values")}</p>')
    add("</section>\n")

    # Concerns
    add(f'<section aria-labelledby="concerns"><h2 id="concerns">{tr("ethics.report.concerns")}</h2>')
    if d["concerns"]:
        rows = [
            [_e(c["theme"]), f'{_e(c["question"])}<br><span class="muted">{_e(c["answer"])}</span>', _e(c["text"])]
            for c in d["concerns"]
        ]
        add(
            _table(
                t("ethics.report.concerns", lang),
                [
                    t("ethics.report.theme", lang),
                    t("ethics.report.question_answer", lang),
                    t("ethics.report.why_it_matters", lang),
                ],
                rows,
            )
        )
    else:
        add(f'<p class="muted">{tr("ethics.report.no_concerns")}</p>')
    add(f"<h3>{tr('ethics.report.actions_raised')}</h3>")
    if d["actions_raised"]:
        rows = [[_e(a["kind_label"]), _e(a["theme"]), _e(a["question"]), _e(a["text"])] for a in d["actions_raised"]]
        add(
            _table(
                t("ethics.report.actions_raised", lang),
                [
                    t("ethics.report.kind", lang),
                    t("ethics.report.theme", lang),
                    t("ethics.report.question", lang),
                    t("ethics.report.action", lang),
                ],
                rows,
            )
        )
    else:
        add(f'<p class="muted">{tr("ethics.report.no_actions")}</p>')
    add("</section>\n")

    # Routing advice
    add(f'<section aria-labelledby="routing"><h2 id="routing">{tr("ethics.report.routing")}</h2>')
    add(f'<p class="muted">{_e(d["disclaimer"])}</p>')
    if d["legal_as_of"]:
        add(f"<p>{tr('ethics.legal.as_of', date=d['legal_as_of'])}</p>")
    for r in d["routing"]:
        when = f' <span class="muted">({_e(r["when"])})</span>' if r["when"] else ""
        add(f'<h3>{_e(r["name"])}: <span class="status">{_e(r["status"])}</span>{when}</h3><p>{_e(r["text"])}</p>')
        if r["provisional"]:
            add(f"<p>{tr('ethics.report.provisional')}</p>")
        if r["answer_first"]:
            add(f'<p>{tr("ethics.report.answer_first")}</p><ul class="plain">')
            add("".join(f"<li>{_e(q)}</li>" for q in r["answer_first"]) + "</ul>")
        if r["reasons"]:
            add(f'<p>{tr("ethics.report.reasons")}</p><ul class="plain">')
            for reason in r["reasons"]:
                answers = "; ".join(f"{_e(a['question'])} {_e('→')} {_e(a['answer'])}" for a in reason["answers"])
                add(
                    f"<li>{_e(reason['reason'])}"
                    + (f'<br><span class="muted">{answers}</span>' if answers else "")
                    + "</li>"
                )
            add("</ul>")
        if r["obligations"]:
            add(f'<p>{tr("ethics.legal.obligations")}</p><ul class="plain">')
            add(
                "".join(
                    f'<li>{_e(o["text"])} <span class="muted">({_e(o["basis"])}; {_e(o["when"])})</span></li>'
                    for o in r["obligations"]
                )
                + "</ul>"
            )
        if r["open"]:
            add(f'<p>{tr("ethics.report.open_reasons")}</p><ul class="plain">')
            for o in r["open"]:
                add(f'<li>{_e(o["reason"])}<br><span class="muted">{_e("; ".join(o["questions"]))}</span></li>')
            add("</ul>")
        if r["uncertain"]:
            add(f'<p class="muted">{tr("ethics.legal.uncertain")}</p>')
        if r["sources"]:
            add(f'<p>{tr("ethics.legal.sources", date=r["as_of"])}</p><ul class="plain">')
            for f in r["sources"]:
                links = ", ".join(f'<a href="{_e(src["url"])}">{_e(src["title"])}</a>' for src in f["sources"])
                note = f"<br><strong>{_e(f['certainty_label'])}</strong>: {_e(f['note'])}" if f["note"] else ""
                add(
                    f'<li>{_e(f["basis"])}: {_e(f["title"])}<br><span class="muted">{links} · '
                    f"{tr('ethics.legal.checked', date=f['checked_label'])}</span>{note}</li>"
                )
            add("</ul>")
    add("</section>\n")

    # Pre-IAMA: the IAMA's questions the team's answers already start
    pi = d["pre_iama"]
    if pi["applies"] and pi["parts"]:
        add(f'<section aria-labelledby="pre-iama"><h2 id="pre-iama">{tr("ethics.pre_iama.heading")}</h2>')
        add(f"<p>{tr('ethics.pre_iama.intro', started=pi['started'], count=pi['count'])}</p>")
        for part in pi["parts"]:
            add(f"<h3>{_e(part['title'])}</h3><ol>")
            for q in part["questions"]:
                mark = (
                    f' <span class="muted">({tr("ethics.pre_iama.art27", ref=q["art27"])})</span>' if q["art27"] else ""
                )
                given = (
                    (
                        "<br>"
                        + "<br>".join(
                            f'<span class="muted">{_e(a["question"])} {_e("→")}</span> {_e(a["answer"])}'
                            for a in q["answers"]
                        )
                    )
                    if q["answers"]
                    else (f'<br><span class="muted">{tr("ethics.pre_iama.not_started")}</span>')
                )
                add(f"<li>{_e(q['text'])}{mark}{given}</li>")
            add("</ol>")
        add("</section>\n")

    # Answers per theme
    add(f'<section aria-labelledby="answers"><h2 id="answers">{tr("ethics.report.answers")}</h2>')
    for theme in d["themes"]:
        add(
            f"<h3>{_e(theme['phase'])}: {_e(theme['title'])} "
            f'<span class="muted">({tr("ethics.report.progress_value", answered=theme["answered"], visible=theme["visible"])})'
            f"</span></h3>"
        )
        if not theme["questions"]:
            add(f'<p class="muted">{tr("ethics.report.not_applicable")}</p>')
            continue
        rows = [
            [
                _e(q["text"]),
                _e(q["answer"]) if q["answered"] else f'<span class="muted">{_e(q["answer"])}</span>',
                f'<span class="note">{_e(q["note"])}</span>' if q["note"] else "",
            ]
            for q in theme["questions"]
        ]
        add(
            _table(
                theme["title"],
                [t("ethics.report.question", lang), t("ethics.report.answer", lang), t("ethics.report.note", lang)],
                rows,
                row_header=True,
            )
        )
    add("</section>\n")

    if d["set_aside"]:
        add(f'<section aria-labelledby="set-aside"><h2 id="set-aside">{tr("ethics.report.set_aside")}</h2>')
        add(f'<p class="muted">{tr("ethics.report.set_aside_intro")}</p>')
        rows = [
            [_e(a["label"]), _e(a["answer"]), _e(a["note"]), _e(a["reason"]), _e(a["content_version"])]
            for a in d["set_aside"]
        ]
        add(
            _table(
                t("ethics.report.set_aside", lang),
                [
                    t("ethics.report.item", lang),
                    t("ethics.report.answer", lang),
                    t("ethics.report.note", lang),
                    t("ethics.report.reason", lang),
                    t("ethics.report.content_version", lang),
                ],
                rows,
            )
        )
        add("</section>\n")

    if d["not_kept"]:
        add(f'<section aria-labelledby="not-kept"><h2 id="not-kept">{tr("ethics.report.not_kept")}</h2>')
        add(f'<p class="muted">{tr("ethics.report.not_kept_intro")}</p>')
        rows = [[_e(n["label"]), _e(n["text"]), _e(n["on"])] for n in d["not_kept"]]
        add(
            _table(
                t("ethics.report.not_kept", lang),
                [
                    t("ethics.report.item", lang),
                    t("ethics.report.not_kept", lang),
                    t("ethics.report.not_kept_on", lang),
                ],
                rows,
                row_header=True,
            )
        )
        add("</section>\n")

    version = tr("ethics.report.version_line", title=d["content"]["title"], version=d["content"]["version"])
    if d["content"]["loaded_from_version"]:
        version += " " + tr("ethics.report.loaded_from", version=d["content"]["loaded_from_version"])
    add(
        f"<footer><p>{version}. {tr('ethics.report.generated', when=d['generated_at'])}</p>"
        f"<p>{_e(d['credit'])}</p></footer>\n"
    )
    add("</main>\n</body>\n</html>\n")
    return "".join(parts)


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


# --------------------------------------------------------------------------- Markdown

_MD_SPECIAL = re.compile(r"([\\`*_\[\]|#])")


def _m(value: Any) -> str:
    """Escape text for Markdown: no raw HTML, no formatting, safe inside table cells, one line."""
    text = html.escape("" if value is None else str(value), quote=False)
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return re.sub(r"\s*\n\s*", " ", text).strip()


def md_url(url: str) -> str:
    """A URL inside Markdown's (...): brackets encoded so the link cannot end early."""
    return url.replace("(", "%28").replace(")", "%29")


def _md_table(headers: list[str], rows: list[list[str]]) -> list[str]:
    out = ["| " + " | ".join(_m(h) for h in headers) + " |", "|" + "---|" * len(headers)]
    out += ["| " + " | ".join(rows_cell or " " for rows_cell in row) + " |" for row in rows]
    return out + [""]


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
    d = report_data(
        record, content, cases, lang=lang, generated_at=generated_at, legal=legal, municipality=municipality
    )
    lang = d["lang"]

    def tr(key: str, **params: Any) -> str:
        return _m(t(key, lang, **params))

    lines: list[str] = [f"# {_m(d['heading'])}: {_m(d['title'])}", ""]
    decision = d["decision"]

    lines += [f"## {tr('ethics.report.project')}", ""]
    lines.append(f"- **{tr('ethics.report.project_title')}:** {_m(d['title'])}")
    if d["project"]["description"]:
        lines.append(f"- **{tr('ethics.report.description')}:** {_m(d['project']['description'])}")
    if d["municipality"]:
        lines.append(f"- **{tr('ethics.report.municipality')}:** {_m(d['municipality'])}")
    lines.append(f"- **{tr('ethics.report.session_date')}:** {_m(d['session_date'])}")
    lines.append(
        f"- **{tr('ethics.report.roles_present')}:** "
        f"{_m(', '.join(d['roles_present']) or t('ethics.report.none', lang))}"
    )
    lines.append(
        f"- **{tr('ethics.report.progress')}:** "
        f"{tr('ethics.report.progress_value', answered=d['progress']['answered'], visible=d['progress']['visible'])}"
    )
    lines.append("")
    case = d["case"]
    if case:
        lines += [f"### {tr('ethics.report.case')}: {_m(case['title'])}", ""]
        if case["description"]:
            lines += [_m(case["description"]), ""]
        if case["datasets"]:
            lines += _md_table(
                [
                    t("ethics.report.dataset", lang),
                    t("ethics.report.owner", lang),
                    t("ethics.report.personal_data", lang),
                    t("ethics.report.note", lang),
                ],
                [
                    [
                        _m(ds["name"]),
                        _m(ds["owner"]),
                        tr("ethics.answer.yes" if ds["personal_data"] else "ethics.answer.no"),
                        _m(ds["note"]),
                    ]
                    for ds in case["datasets"]
                ],
            )

    lines += [f"## {tr('ethics.report.decision')}", ""]
    if decision:
        lines.append(f"- **{tr('ethics.report.outcome')}:** {_m(decision['outcome_label'])}")
        lines.append(f"- **{tr('ethics.report.motivation')}:** {_m(decision['motivation'])}")
    else:
        lines.append(tr("ethics.report.no_decision"))
    lines += ["", f"### {tr('ethics.report.action_list')}", ""]
    if d["actions"]:
        lines += _md_table(
            [
                t("ethics.report.action", lang),
                t("ethics.report.owner_role", lang),
                t("ethics.report.due", lang),
                t("ethics.report.done", lang),
            ],
            [
                [
                    _m(a["text"]),
                    _m(a["owner"]),
                    _m(a["due"]),
                    tr("ethics.answer.yes" if a["done"] else "ethics.answer.no"),
                ]
                for a in d["actions"]
            ],
        )
    else:
        lines += [tr("ethics.report.no_actions"), ""]
    if d["find_outs_not_listed"]:
        lines += [tr("ethics.report.find_outs_not_listed"), ""]
        lines += [f"- {_m(text)}" for text in d["find_outs_not_listed"]] + [""]

    lines += [f"## {tr('ethics.report.values')}", ""]
    if d["values"]:
        lines += _md_table(
            [t("ethics.report.value", lang), t("ethics.report.judgement", lang), t("ethics.report.note", lang)],
            [[_m(v["name"]), _m(v["judgement_label"]), _m(v["note"])] for v in d["values"]],
        )
    else:
        lines += [tr("ethics.report.no_values"), ""]

    lines += [f"## {tr('ethics.report.concerns')}", ""]
    if d["concerns"]:
        for c in d["concerns"]:
            lines.append(f"- **{_m(c['theme'])}** – {_m(c['question'])} ({_m(c['answer'])}): {_m(c['text'])}")
        lines.append("")
    else:
        lines += [tr("ethics.report.no_concerns"), ""]
    lines += [f"### {tr('ethics.report.actions_raised')}", ""]
    if d["actions_raised"]:
        for a in d["actions_raised"]:
            lines.append(f"- [{_m(a['kind_label'])}] **{_m(a['theme'])}** – {_m(a['text'])}")
        lines.append("")
    else:
        lines += [tr("ethics.report.no_actions"), ""]

    lines += [f"## {tr('ethics.report.routing')}", "", _m(d["disclaimer"]), ""]
    if d["legal_as_of"]:
        lines += [tr("ethics.legal.as_of", date=d["legal_as_of"]), ""]
    for r in d["routing"]:
        when = f" ({_m(r['when'])})" if r["when"] else ""
        lines += [f"### {_m(r['name'])}: {_m(r['status'])}{when}", "", _m(r["text"]), ""]
        if r["provisional"]:
            lines += [tr("ethics.report.provisional"), ""]
        if r["answer_first"]:
            lines += [tr("ethics.report.answer_first"), ""] + [f"- {_m(q)}" for q in r["answer_first"]] + [""]
        if r["reasons"]:
            lines += [tr("ethics.report.reasons"), ""]
            for reason in r["reasons"]:
                answers = "; ".join(f"{_m(a['question'])} → {_m(a['answer'])}" for a in reason["answers"])
                lines.append(f"- {_m(reason['reason'])}" + (f" ({answers})" if answers else ""))
            lines.append("")
        if r["obligations"]:
            lines += [tr("ethics.legal.obligations"), ""]
            lines += [f"- {_m(o['text'])} ({_m(o['basis'])}; {_m(o['when'])})" for o in r["obligations"]] + [""]
        if r["open"]:
            lines += [tr("ethics.report.open_reasons"), ""]
            for o in r["open"]:
                lines.append(f"- {_m(o['reason'])} ({_m('; '.join(o['questions']))})")
            lines.append("")
        if r["uncertain"]:
            lines += [tr("ethics.legal.uncertain"), ""]
        if r["sources"]:
            lines += [tr("ethics.legal.sources", date=r["as_of"]), ""]
            for f in r["sources"]:
                links = ", ".join(f"[{_m(src['title'])}]({md_url(src['url'])})" for src in f["sources"])
                note = f" **{_m(f['certainty_label'])}**: {_m(f['note'])}" if f["note"] else ""
                lines.append(
                    f"- {_m(f['basis'])}: {_m(f['title'])} ({links}; "
                    f"{tr('ethics.legal.checked', date=f['checked_label'])}){note}"
                )
            lines.append("")

    pi = d["pre_iama"]
    if pi["applies"] and pi["parts"]:
        lines += [
            f"## {tr('ethics.pre_iama.heading')}",
            "",
            tr("ethics.pre_iama.intro", started=pi["started"], count=pi["count"]),
            "",
        ]
        for part in pi["parts"]:
            lines += [f"### {_m(part['title'])}", ""]
            for n, q in enumerate(part["questions"], 1):
                mark = f" ({tr('ethics.pre_iama.art27', ref=q['art27'])})" if q["art27"] else ""
                lines.append(f"{n}. {_m(q['text'])}{mark}")
                lines += [f"   - {_m(a['question'])} → {_m(a['answer'])}" for a in q["answers"]] or [
                    f"   - {tr('ethics.pre_iama.not_started')}"
                ]
            lines.append("")

    lines += [f"## {tr('ethics.report.answers')}", ""]
    for theme in d["themes"]:
        progress_text = tr("ethics.report.progress_value", answered=theme["answered"], visible=theme["visible"])
        lines += [f"### {_m(theme['phase'])}: {_m(theme['title'])} ({progress_text})", ""]
        if not theme["questions"]:
            lines += [tr("ethics.report.not_applicable"), ""]
            continue
        for q in theme["questions"]:
            lines.append(f"- {_m(q['text'])} **{_m(q['answer'])}**")
            if q["note"]:
                lines.append(f"  - {tr('ethics.report.note')}: {_m(q['note'])}")
        lines.append("")

    if d["set_aside"]:
        lines += [f"## {tr('ethics.report.set_aside')}", "", tr("ethics.report.set_aside_intro"), ""]
        for a in d["set_aside"]:
            lines.append(
                f"- {_m(a['label'])}: {_m(a['answer'])} – {_m(a['reason'])}"
                + (f" ({_m(a['note'])})" if a["note"] else "")
            )
        lines.append("")

    if d["not_kept"]:
        lines += [f"## {tr('ethics.report.not_kept')}", "", tr("ethics.report.not_kept_intro"), ""]
        for n in d["not_kept"]:
            lines.append(f"- **{_m(n['label'])}** ({_m(n['on'])}): {_m(n['text'])}")
        lines.append("")

    version = tr("ethics.report.version_line", title=d["content"]["title"], version=d["content"]["version"])
    if d["content"]["loaded_from_version"]:
        version += " " + tr("ethics.report.loaded_from", version=d["content"]["loaded_from_version"])
    lines += ["---", "", f"{version}. {tr('ethics.report.generated', when=d['generated_at'])}", "", _m(d["credit"]), ""]
    return "\n".join(lines)


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
        "report": report_data(
            record, content, cases, lang=lang, generated_at=generated_at, legal=legal, municipality=municipality
        ),
    }
    return json.dumps(doc, ensure_ascii=False, indent=2)


def report_filename(record: EthicsRecord, extension: str) -> str:
    """A safe download name such as ``ethics-wmo-forecast-2026-11-23.html``."""
    base = record.project.title or record.project.case_id or "project"
    slug = re.sub(r"[^a-z0-9]+", "-", base.lower()).strip("-")[:40] or "project"
    return f"ethics-{slug}-{record.session_date.isoformat()}.{extension.lstrip('.')}"


__all__ = [
    "REPORT_FORMAT",
    "report_data",
    "report_filename",
    "report_html",
    "report_json",
    "report_markdown",
    "report_pdf",
]
