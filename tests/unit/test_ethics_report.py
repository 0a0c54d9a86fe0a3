"""The archivable report: contents, escaping of team text, accessibility basics, Markdown and JSON."""

from __future__ import annotations

import itertools
import json
import re
from datetime import date, datetime
from html.parser import HTMLParser
from pathlib import Path

import jinja2
import markupsafe
import pytest

from dshub.content import load_file
from dshub.ethics.content import EthicsCases, EthicsContent
from dshub.ethics.logic import EthicsRecord, ValueJudgement, make_decision, routing_advice, signals
from dshub.ethics.report import report_data, report_filename, report_html, report_json, report_markdown
from dshub.i18n import t


def escape(text: str) -> str:
    """``text`` as the report's templates escape it (Jinja2's autoescape, markupsafe)."""
    return str(markupsafe.escape(text))


QDIR = Path(__file__).resolve().parents[2] / "questionnaires"
WHEN = datetime(2026, 10, 9, 15, 30)
SCRIPT = "<script>alert('owned')</script>"


@pytest.fixture(scope="module")
def content() -> EthicsContent:
    return load_file(QDIR / "ethics.yaml")


@pytest.fixture(scope="module")
def cases() -> EthicsCases:
    return load_file(QDIR / "catalogue.yaml").ethics_cases()


ANSWERS = {
    "uses_model": "machine_learning",
    "decides_about_people": "yes",
    "purpose": f"Help households early {SCRIPT}",
    "personal_data": "yes",
    "explainable": "unknown",
    "outputs": ["map"],
    "small_areas": "yes",
    # hidden: built_by is not "supplier"
    "built_by": "own_team",
    "supplier_insight": "no",
}


@pytest.fixture()
def record(content) -> EthicsRecord:
    rec = EthicsRecord.new(
        content,
        title=f"Debt signals {SCRIPT}",
        description="Pilot & test <b>bold</b>",
        case_id="debt_prevention",
        session_date=date(2026, 10, 9),
        roles_present=["policy", "privacy_officer", "Wethouder <i>x</i>"],
    )
    return rec.model_copy(
        update={
            "answers": ANSWERS,
            "notes": {"small_areas": f"Team note {SCRIPT}", "supplier_insight": "HIDDEN-NOTE"},
            "values": [
                ValueJudgement(value_id="privacy", judgement="partly", note="Map too detailed"),
                ValueJudgement(value_id="care", judgement="honoured"),
            ],
            "decision": make_decision(
                "adjust",
                f"Coarser map first {SCRIPT}",
                [
                    {"text": "Use postcode-4 areas", "owner_role": "data_analyst", "due": "2026-11-30"},
                    {"text": f"Ask the client council {SCRIPT}", "owner_role": "Team lead", "due": "2026-12-15"},
                ],
            ),
        }
    )


def _html(record, content, cases, lang="en"):
    return report_html(record, content, cases, lang=lang, generated_at=WHEN)


def test_html_contains_concerns_actions_decision_and_routing(record, content, cases):
    out = _html(record, content, cases)
    sig = signals(content, record.answers)
    assert sig.concerns and sig.actions
    for s in sig.concerns + sig.actions:
        assert escape(s.text.en) in out
    assert "Find out: " + escape(content.question("explainable").text.en) in out
    assert "Adjust" in out and "Coarser map first" in out
    assert "Use postcode-4 areas" in out and "Data analyst" in out and "2026-11-30" in out
    assert "Team lead" in out  # free-text owner role kept as typed
    for adv in routing_advice(content, record.answers).values():
        assert escape(adv.name.en) in out
    dpia = routing_advice(content, record.answers)["dpia"]
    assert dpia.outcome_id == "required" and escape(content.rule("dpia").outcomes[0].advice.en) in out
    assert escape(content.rule("dpia").triggers[0].reason.en) in out  # profiling reason


def test_html_contains_project_case_roles_values_and_version(record, content, cases):
    out = _html(record, content, cases)
    case = cases.case("debt_prevention")
    assert escape(case.title.en) in out and escape(case.description.en) in out
    for d in case.datasets:
        assert escape(d.name.en) in out
    assert "2026-10-09" in out
    assert "Policy" in out and "Privacy officer or DPO" in out
    assert "Partly honoured" in out and "Map too detailed" in out and "Honoured" in out
    assert f"version {content.version}" in out
    assert "Utrecht Data School" in out and "DEDA" in out and "dshub" in out


def test_team_text_cannot_inject_html(record, content, cases):
    for lang in ("nl", "en"):
        out = _html(record, content, cases, lang)
        assert "<script" not in out and "<b>bold" not in out and "<i>x" not in out
        assert escape(f"Team note {SCRIPT}") in out
        assert escape(f"Ask the client council {SCRIPT}") in out
        assert escape(f"Help households early {SCRIPT}") in out  # a text answer
        assert "&lt;script&gt;" in out


class _Outline(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def test_html_is_self_contained_and_accessible(record, content, cases):
    out = _html(record, content, cases, "nl")
    assert out.startswith("<!DOCTYPE html>")
    parser = _Outline()
    parser.feed(out)
    tags = [tag for tag, _ in parser.tags]
    assert ("html", {"lang": "nl"}) in parser.tags
    assert tags.count("h1") == 1 and tags.count("main") == 1 and "style" in tags
    headings = [int(tag[1]) for tag in tags if re.fullmatch(r"h[1-6]", tag)]
    assert headings[0] == 1 and all(b - a <= 1 for a, b in itertools.pairwise(headings))  # no skipped levels
    assert tags.count("table") == tags.count("caption") == tags.count("thead") > 3
    assert all(attrs.get("scope") in ("col", "row") for tag, attrs in parser.tags if tag == "th")
    for tag, attrs in parser.tags:  # nothing loaded from elsewhere, no scripts
        assert tag not in ("script", "link", "img", "iframe")
        assert "src" not in attrs and not any(k.startswith("on") for k in attrs)


def test_only_visible_answers_appear(record, content, cases):
    out = _html(record, content, cases)
    md = report_markdown(record, content, cases, lang="en", generated_at=WHEN)
    doc = json.loads(report_json(record, content, cases, lang="en", generated_at=WHEN))
    hidden_q = escape(content.question("supplier_insight").text.en)
    for text in (out, md, json.dumps(doc)):
        assert "HIDDEN-NOTE" not in text
    assert hidden_q not in out
    assert "supplier_insight" not in doc["record"]["answers"]
    assert "small_areas" in doc["record"]["answers"]


def test_markdown_report(record, content, cases):
    md = report_markdown(record, content, cases, lang="en", generated_at=WHEN)
    assert md.startswith("# Ethical data assistant report: Debt signals")
    assert "<script" not in md and "&lt;script&gt;" in md
    for s in signals(content, record.answers).concerns:
        assert " ".join(s.text.en.split()[:5]) in md
    assert "## Decision" in md and "Adjust" in md and "Coarser map first" in md
    assert "| Use postcode-4 areas | Data analyst | 2026-11-30 | No |" in md
    assert "## Routing advice" in md and "### DPIA (data protection impact assessment): required" in md
    assert "Find out: " in md
    assert "Utrecht Data School" in md
    nl = report_markdown(record, content, cases, lang="nl", generated_at=WHEN)
    assert "## Besluit" in nl and "Bijstellen" in nl and "Zoek uit: " in nl


def test_json_report_loads_back_as_a_record(record, content, cases):
    text = report_json(record, content, cases, lang="en", generated_at=WHEN)
    doc = json.loads(text)
    assert doc["format"] == "dshub.ethics.report"
    assert doc["report"]["decision"]["outcome"] == "adjust"
    assert [c["question_id"] for c in doc["report"]["concerns"]] == [
        s.question_id for s in signals(content, record.answers).concerns
    ]
    assert len(doc["report"]["actions"]) == 2 and doc["report"]["actions"][1]["owner"] == "Team lead"
    assert {r["id"]: r["advisable"] for r in doc["report"]["routing"]} == {
        "dpia": True,
        "iama": True,
        "algorithm_register": True,
        "ai_act": True,
    }
    loaded = EthicsRecord.from_json(text, content)
    assert loaded.decision == record.decision and loaded.values == record.values
    assert loaded.answers == {k: v for k, v in record.answers.items() if k != "supplier_insight"}


def test_report_data_counts_and_set_aside(record, content, cases):
    data = record.to_dict()
    data["answers"]["retired_question"] = "yes"
    data["content_version"] = "0.1"
    old = EthicsRecord.from_json(json.dumps(data), content)
    d = report_data(old, content, cases, lang="en", generated_at=WHEN)
    assert d["set_aside"][0]["item_id"] == "retired_question"
    assert d["content"]["loaded_from_version"] == "0.1"
    out = _html(old, content, cases)
    assert "Answers set aside" in out and "retired_question" in out and "continued from version 0.1" in out
    visible = sum(theme["visible"] for theme in d["themes"])
    assert d["progress"]["visible"] == visible
    assert d["progress"]["answered"] == len(ANSWERS) - 1  # supplier_insight is hidden


def test_set_aside_items_show_names_not_ids(record, content, cases):
    doc = json.loads(report_json(record, content, cases, lang="en", generated_at=WHEN))
    doc["record"]["answers"] |= {"retired_question": "machine_learning", "gone_too": "yes"}
    doc["record"]["values"].append({"value_id": "thrift", "judgement": "partly", "note": "Costs"})
    doc["report"]["themes"][0]["questions"].append(
        {"id": "retired_question", "text": "Which old method?", "answer": "Learning system", "answered": True}
    )
    doc["report"]["values"].append({"id": "thrift", "name": "Thrift", "judgement_label": "Partly honoured"})
    old = EthicsRecord.from_json(json.dumps(doc), content)
    named = {a.item_id: (a.label, a.answer) for a in old.set_aside}
    assert named == {
        "retired_question": ("Which old method?", "Learning system"),
        "gone_too": ("", ""),
        "thrift": ("Thrift", "Partly honoured"),
    }
    d = report_data(old, content, cases, lang="en", generated_at=WHEN)
    shown = [(a["label"], a["answer"]) for a in d["set_aside"]]
    assert shown == [("Which old method?", "Learning system"), ("gone_too", "Yes"), ("Thrift", "Partly honoured")]
    out = _html(old, content, cases)
    assert "Which old method?" in out and "retired_question" not in out and "machine_learning" not in out
    md = report_markdown(old, content, cases, lang="en", generated_at=WHEN)
    assert "Which old method?: Learning system" in md and "thrift" not in md


def test_report_without_decision_or_case(content):
    rec = EthicsRecord.new(content, title="", session_date=date(2026, 1, 2))
    out = report_html(rec, content, None, lang="nl", generated_at=WHEN)
    assert "Naamloos project" in out and "Er is nog geen besluit genomen." in out
    md = report_markdown(rec, content, None, lang="en", generated_at=WHEN)
    assert "No decision has been taken yet." in md and "The answers raised no concerns." in md


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_report_without_answers_never_says_an_instrument_is_not_needed(content, lang):
    rec = EthicsRecord.new(content, title="Fresh", session_date=date(2026, 1, 2))
    d = report_data(rec, content, None, lang=lang, generated_at=WHEN)
    assert [r["status_id"] for r in d["routing"]] == ["incomplete"] * 4
    not_needed = t("ethics.report.not_advisable", lang)
    out = report_html(rec, content, None, lang=lang, generated_at=WHEN)
    md = report_markdown(rec, content, None, lang=lang, generated_at=WHEN)
    for rule in content.routing:
        assert escape(rule.otherwise.get(lang)) not in out and rule.otherwise.get(lang) not in md
    assert not_needed not in out and not_needed not in md
    assert out.count(escape(t("ethics.report.incomplete", lang))) == 4
    assert escape(t("ethics.report.answer_first", lang)) in out
    assert escape(content.question("uses_model").text.get(lang)) in out  # what to answer first
    assert escape(t("ethics.report.incomplete_instruments", lang)) in out  # named in the summary too


def test_versions_not_kept_and_find_outs_left_off_are_on_record(record, content, cases):
    from dshub.ethics.logic import NotKept

    kept = NotKept(
        item_id="small_areas",
        label="Small areas?",
        text=f"No\nNote: {SCRIPT}",
        value={"value": "no"},
        on=date(2026, 10, 9),
    )
    rec = record.model_copy(update={"not_kept": [kept]})
    out = _html(rec, content, cases)
    assert "Versions not kept" in out and "Small areas?" in out and SCRIPT not in out
    assert "No<br>Note: " + escape(SCRIPT) in out
    md = report_markdown(rec, content, cases, lang="en", generated_at=WHEN)
    assert "## Versions not kept" in md and "**Small areas?** (2026-10-09)" in md
    assert EthicsRecord.from_json(report_json(rec, content, cases), content).not_kept == [kept]
    # The record's "explainable" is "don't know yet"; its find-out is not on the action list.
    missing = "Find out: " + content.question("explainable").text.en
    assert report_data(rec, content, cases, lang="en")["find_outs_not_listed"] == [missing]
    assert "not put on the action list" in out and escape(missing) in out
    assert "not put on the action list" in md
    assert "Versions not kept" not in _html(record, content, cases)


def test_report_filename(record):
    assert report_filename(record, "html") == "ethics-debt-signals-script-alert-owned-script-2026-10-09.html"
    blank = record.model_copy(update={"project": record.project.model_copy(update={"title": "", "case_id": None})})
    assert report_filename(blank, ".md") == "ethics-project-2026-10-09.md"


# --------------------------------------------------------------------------- the templates

HOSTILE = "<script>x</script> | *bold* _it_ # heading\n\nnext line [link](u) `code`"


@pytest.fixture()
def hostile(record, content) -> EthicsRecord:
    """The record with hostile team text in every free-text field, line breaks included."""
    from dshub.ethics.logic import NotKept

    data = record.to_dict()
    data["project"] |= {"title": "T " + HOSTILE, "description": "D " + HOSTILE}
    data["roles_present"] = ["policy", "R " + HOSTILE]
    data["answers"]["purpose"] = "P " + HOSTILE
    data["answers"]["retired_question"] = "yes"  # set aside when loaded
    rec = EthicsRecord.from_json(json.dumps(data), content)
    return rec.model_copy(
        update={
            "notes": {"small_areas": "N " + HOSTILE},
            "values": [ValueJudgement(value_id="privacy", judgement="partly", note="V " + HOSTILE)],
            "decision": make_decision(
                "adjust", "M " + HOSTILE, [{"text": "A " + HOSTILE, "owner_role": "O " + HOSTILE, "due": "2026-11-30"}]
            ),
            "not_kept": [
                NotKept(item_id="small_areas", label="L " + HOSTILE, text="K " + HOSTILE, on=date(2026, 10, 9))
            ],
        }
    )


@pytest.fixture(scope="module")
def hostile_legal():
    """The legal facts with hostile source titles and notes, and a URL with brackets."""
    from dshub.content import load_content
    from dshub.legal.content import LegalFacts

    data = load_content(QDIR).get("legal_facts", LegalFacts).model_dump(mode="json")
    for fact in data["facts"]:
        fact["sources"][0] |= {"url": "https://example.org/wiki/Foo_(bar)", "title": "S " + HOSTILE}
        fact |= {"certainty": "reported", "note": {"nl": "Noot " + HOSTILE, "en": "Note " + HOSTILE}}
    return LegalFacts.model_validate(data)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_hostile_text_is_text_in_the_html(hostile, content, cases, hostile_legal, lang):
    out = report_html(hostile, content, cases, lang=lang, generated_at=WHEN, legal=hostile_legal, municipality=SCRIPT)
    parser = _Outline()
    parser.feed(out)
    assert not {"script", "i", "b", "code"} & {tag for tag, _ in parser.tags}
    first, second = (escape(part) for part in HOSTILE.split("\n\n"))
    for prefix in ("T", "D", "R", "P", "N", "V", "M", "A", "O", "L", "K"):  # every field, its line breaks kept
        assert f"{prefix} {first}<br><br>{second}" in out, prefix
    note = "Noot" if lang == "nl" else "Note"
    assert f"S {first}" in out and f"{note} {first}" in out  # legal content too
    assert 'href="https://example.org/wiki/Foo_(bar)"' in out
    assert f'<p class="running-header">{escape(SCRIPT)} – ' in out


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_hostile_text_is_text_in_the_markdown(hostile, content, cases, hostile_legal, lang):
    md = report_markdown(
        hostile, content, cases, lang=lang, generated_at=WHEN, legal=hostile_legal, municipality=SCRIPT
    )
    assert "<script" not in md and "&lt;script&gt;" in md
    escaped = (
        "&lt;script&gt;x&lt;/script&gt; \\| \\*bold\\* \\_it\\_ \\# heading next line \\[link\\]\\(u\\) \\`code\\`"
    )
    note = "Noot" if lang == "nl" else "Note"
    for prefix in ("T", "D", "R", "P", "N", "V", "M", "A", "O", "L", "K", "S", note):  # every field, on one line
        assert f"{prefix} {escaped}" in md, prefix
    lines = md.splitlines()
    assert not [line for line in lines if line.startswith("next line")]
    headings = [line for line in lines if line.startswith("#")]
    assert all(re.match(r"#{1,3} \S", line) for line in headings)
    assert not [line for line in headings if "heading" in line and "\\# heading" not in line]
    tables = re.findall(r"(?m)(?:^\|.*\|\n)+", md)
    assert len(tables) == 3  # datasets, action list, values
    for table in tables:  # every row has as many cells as the header
        rows = [re.split(r"(?<!\\)\|", row)[1:-1] for row in table.splitlines()]
        assert len({len(row) for row in rows}) == 1, table
    assert "(https://example.org/wiki/Foo_%28bar%29)" in md  # the link cannot end early


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_both_languages_render_every_section(hostile, content, cases, lang):
    from dshub.ethics.report import report_view

    d = report_data(hostile, content, cases, lang=lang, generated_at=WHEN)
    sections = report_view(d).sections
    assert {"set_aside", "not_kept", "pre_iama"} <= set(sections)  # the fixture shows every section
    out = _html(hostile, content, cases, lang)
    md = report_markdown(hostile, content, cases, lang=lang, generated_at=WHEN)
    assert f'<html lang="{lang}">' in out
    assert escape(t("ethics.report.summary", lang)) in out and t("ethics.report.summary", lang) not in md
    for key in (
        "ethics.report.project",
        "ethics.report.decision",
        "ethics.report.values",
        "ethics.report.concerns",
        "ethics.report.routing",
        "ethics.pre_iama.heading",
        "ethics.report.answers",
        "ethics.report.set_aside",
        "ethics.report.not_kept",
    ):
        heading = t(key, lang)
        assert f">{escape(heading)}</h2>" in out and f"\n## {heading}\n" in md, key
    for text in (out, md):
        assert "ethics.report." not in text and "ethics.pre_iama." not in text  # no message key left untranslated
    other = "en" if lang == "nl" else "nl"
    assert t("ethics.report.answers", other) not in out + md


@pytest.mark.parametrize("fmt", ["html", "md"])
@pytest.mark.parametrize(
    "remove",
    [
        lambda d: d.pop("disclaimer"),
        lambda d: d.pop("credit"),
        lambda d: d["project"].pop("description"),
        lambda d: d["routing"][0].pop("text"),
        lambda d: d["themes"][0]["questions"][0].pop("answer"),
        lambda d: d["decision"].pop("motivation"),
    ],
)
def test_a_missing_value_is_an_error_not_empty_text(record, content, cases, fmt, remove):
    from dshub.ethics.report import html_from_data, markdown_from_data

    d = report_data(record, content, cases, lang="en", generated_at=WHEN)
    render = html_from_data if fmt == "html" else markdown_from_data
    assert render(d)
    remove(d)
    with pytest.raises(jinja2.UndefinedError):
        render(d)


@pytest.mark.parametrize("template", ["ethics.html.j2", "ethics.md.j2"])
def test_a_section_a_template_lacks_is_an_error(record, content, cases, template):
    import dataclasses

    from markupsafe import Markup

    from dshub.ethics.report import report_view
    from dshub.reports import jinja

    view = report_view(report_data(record, content, cases, lang="en", generated_at=WHEN))
    extra = {"page_css": Markup(""), "running_header": "running-header"} if template.endswith(".html.j2") else {}
    assert jinja.render(template, view=view, report=view.data, t=view.t, **extra)
    unknown = dataclasses.replace(view, sections=(*view.sections, "appendix"))
    with pytest.raises(jinja2.UndefinedError):
        jinja.render(template, view=unknown, report=unknown.data, t=unknown.t, **extra)
