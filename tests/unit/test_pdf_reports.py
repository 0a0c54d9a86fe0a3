"""PDF reports (dshub.reports.pdf): made from the reports' own HTML, read back with pypdf.

Each PDF must carry its title, the municipality and the session's date (in the page header), "page 1 of N"
in the language of the report, and nothing may be fetched from outside while it is made.
"""

from __future__ import annotations

import re
import socket
from datetime import date, datetime
from pathlib import Path

import pytest

from dshub.content import load_content, load_file
from dshub.ethics.logic import EthicsRecord, ValueJudgement, make_decision
from dshub.ethics.report import report_html, report_pdf
from dshub.legal.content import LegalFacts
from dshub.reports import pdf
from dshub.reports.literacy import render_html, render_pdf
from tests.support.pdf import images as images_in
from tests.support.pdf import page_texts, reader
from tests.unit.test_literacy_report import make_record

QDIR = Path(__file__).resolve().parents[2] / "questionnaires"
PAGE = {"nl": r"pagina (\d+) van (\d+)", "en": r"page (\d+) of (\d+)"}


def assert_numbered(texts: list[str], lang: str) -> None:
    """Every page says "page i of N" (in ``lang``), with N the number of pages."""
    assert texts, "no pages"
    for i, text in enumerate(texts, start=1):
        found = re.findall(PAGE[lang], text)
        assert (str(i), str(len(texts))) in found, (i, text[-200:])


# --------------------------------------------------------------------------- the shared machinery


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:9/chart.png",
        "https://example.org/style.css",
        "file:///etc/passwd",
        "ftp://example.org/x",
        "HTTP://127.0.0.1:9/x",
    ],
)
def test_the_url_fetcher_refuses_everything_but_data_urls(url):
    with pytest.raises(ValueError, match="loads nothing from outside"):
        pdf.url_fetcher()(url)


def test_the_url_fetcher_gives_data_urls():
    response = pdf.url_fetcher()("data:text/plain;base64,aGFsbG8=")
    assert response.read() == b"hallo"


def test_making_a_pdf_opens_no_connection_and_reads_no_file(monkeypatch, tmp_path):
    secret = tmp_path / "secret.css"
    secret.write_text("body { background: red }")

    def no_network(*args, **kwargs):
        raise AssertionError(f"a PDF opened a connection: {args}")

    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket.socket, "connect", no_network)
    html = (
        f"<html lang='nl'><head><title>T</title><link rel='stylesheet' href='file://{secret}'>"
        "<link rel='stylesheet' href='http://127.0.0.1:9/x.css'></head><body><p>Tekst</p>"
        "<img src='http://127.0.0.1:9/x.png' alt='x'><img src='https://example.org/y.png' alt='y'>"
        "<img alt='punt' src='data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4"
        "nGP4z8DwHwAFAAH/iZk9HQAAAABJRU5ErkJggg=='></body></html>"
    )
    data = pdf.html_to_pdf(html)
    assert "Tekst" in page_texts(data)[0]
    assert len(images_in(data)) == 1  # only the data: image


def test_page_css_puts_the_page_numbers_in_the_language_and_escapes_text():
    assert '"pagina " counter(page) " van " counter(pages)' in pdf.page_css("nl")
    assert '"page " counter(page) " of " counter(pages)' in pdf.page_css("en")
    assert "string-set: running-header content()" in pdf.page_css("nl")
    quoted = pdf.css_string('a "b" \\ </style>')
    inner = quoted[1:-1]
    assert quoted[0] == quoted[-1] == '"' and '"' not in inner and "<" not in inner and "/" not in inner


# --------------------------------------------------------------------------- the AI-literacy record


@pytest.mark.parametrize(
    "lang, title, day",
    [
        ("nl", "Verslag van een bewustwordingsactiviteit voor het dossier AI-geletterdheid", "1 december 2026"),
        ("en", "Record of an awareness activity for the AI-literacy file", "1 December 2026"),
    ],
)
def test_the_literacy_record_as_pdf(lang, title, day):
    record = make_record(municipality="Dongen <b>&", title="Data Awareness Dag")
    data = render_pdf(record, lang)
    texts = page_texts(data)
    assert title in texts[0]
    header = f"Dongen <b>& – Data Awareness Dag – {day}"
    assert all(header in text for text in texts)  # the page header on every page, the name as typed
    assert_numbered(texts, lang)
    info = reader(data)
    assert info.metadata.title.startswith(title.split(" voor ")[0].split(" for ")[0])
    assert "running-header" in render_html(record, lang)  # the same HTML as the HTML download


# --------------------------------------------------------------------------- the ethics report


@pytest.fixture(scope="module")
def ethics_parts():
    content = load_file(QDIR / "ethics.yaml")
    cases = load_file(QDIR / "catalogue.yaml").ethics_cases()
    record = EthicsRecord.new(
        content,
        title="Schuldsignalen <i>pilot</i>",
        case_id="debt_prevention",
        session_date=date(2026, 10, 9),
        roles_present=["policy"],
    )
    record = record.model_copy(
        update={
            "answers": {"uses_model": "machine_learning", "decides_about_people": "yes", "personal_data": "yes"},
            "values": [ValueJudgement(value_id="privacy", judgement="partly", note="Kaart te gedetailleerd")],
            "decision": make_decision(
                "adjust",
                "Eerst een grovere kaart",
                [{"text": "Postcode-4 gebruiken", "owner_role": "data_analyst", "due": "2026-11-30"}],
            ),
        }
    )
    legal = next(iter(load_content().of_kind(LegalFacts)), None)
    return record, content, cases, legal


@pytest.mark.parametrize(
    "lang, title, day",
    [
        ("nl", "Verslag ethische data-assistent", "9 oktober 2026"),
        ("en", "Ethical data assistant report", "9 October 2026"),
    ],
)
def test_the_ethics_report_as_pdf(ethics_parts, lang, title, day):
    record, content, cases, legal = ethics_parts
    about = {
        "lang": lang,
        "legal": legal,
        "municipality": "Gemeente <Dongen>",
        "generated_at": datetime(2026, 10, 9, 15, 30),
    }
    data = report_pdf(record, content, cases, **about)
    texts = page_texts(data)
    assert title in texts[0] and "Schuldsignalen <i>pilot</i>" in texts[0]
    assert all(f"Gemeente <Dongen> – {day}" in text for text in texts)
    assert_numbered(texts, lang)
    assert len(texts) > 1
    html = report_html(record, content, cases, **about)
    assert "Gemeente &lt;Dongen&gt; – " + day in html  # the header is the HTML's own (escaped) text


# --------------------------------------------------------------------------- the results report and JSON


def make_dashboard(municipality: str = "Dongen"):
    """A results dashboard as the service builds it: two teams, one at level 2 and one at 4 on every
    quickscan question (so every question is flagged as differing), and two people per role."""
    import pandas as pd

    from dshub.maturity.content import MaturityModel
    from dshub.maturity.scoring import score, target_gaps
    from dshub.services.maturity import Dashboard, ResultsAccess
    from dshub.services.workshops import WorkshopInfo

    model = load_content().get("maturity", MaturityModel)
    ws = WorkshopInfo(
        7,
        "ABCDEF",
        "workshop",
        "Data Awareness Dag",
        municipality,
        date(2026, 12, 1),
        ("maturity",),
        "open",
        datetime(2027, 1, 1),
        {},
    )
    rows = [
        {"group": "7", "respondent": f"7/team:{team}", "role": None, "item_id": item.id, "value": level}
        for team, level in ((1, 2), (2, 4))
        for item in model.items_for("quick")
    ]
    result = score(pd.DataFrame(rows), model, scan="quick")
    people = [
        {"group": "7", "respondent": f"7/p:{n}", "role": role, "item_id": item.id, "value": level}
        for n, (role, level) in enumerate((("policy", 1), ("policy", 2), ("operations", 5), ("operations", 4)))
        for item in model.items_for("quick")
    ]
    roles = score(pd.DataFrame(people), model, scan="quick").role_gaps
    targets = {d.id: 3 for d in model.dimensions}
    dash = Dashboard(
        ResultsAccess(ws, True),
        "teams",
        result,
        targets,
        targets,
        target_gaps(result.dimensions, targets, model),
        pd.DataFrame(),
        {"teams": 2, "individuals": 4},
        roles,
        (),
        (),
    )
    return dash, model


def report_figures(dash, model, lang):
    """The figures the results page hands to the downloads (dshub.ui.results_downloads), with a benchmark band."""
    from dshub.charts import maturity as charts
    from dshub.reports.maturity import ReportFigure

    band = charts.BenchmarkBand(
        {d.id: 2.0 for d in model.dimensions},
        {d.id: 3.5 for d in model.dimensions},
        estimate=True,
        note="Onze schatting",
    )
    radar = charts.radar_figure(
        dash.result.dimensions, model, lang, group=dash.group, targets=dash.targets, benchmark=band, title="Radar"
    )
    differ = charts.disagreement_figure(dash.result.items, model, lang, group=dash.group, title="Verschil")
    return [
        ReportFigure("Radar", radar, "radar summary", note=band.note),
        ReportFigure(
            "Verschil",
            differ,
            "disagreement summary",
            table=charts.disagreement_table(dash.result.items, model, lang, group=dash.group),
        ),
    ], band


@pytest.fixture(scope="module", params=["nl", "en"])
def results_pdf(request):
    from dshub.reports import maturity as reports

    lang = request.param
    dash, model = make_dashboard("Gemeente <Dongen> & Co")
    figures, band = report_figures(dash, model, lang)
    images = reports.chart_images(figures)  # Chromium (kaleido), once per language
    return (
        lang,
        dash,
        model,
        figures,
        band,
        images,
        reports.pdf_report(dash, model, lang, figures=figures, benchmark=band, images=images),
    )


def test_the_results_report_as_pdf(results_pdf):
    lang, _dash, _model, _figures, _band, _images, data = results_pdf
    texts = page_texts(data)
    title = {"nl": "Volwassenheid datagedreven werken", "en": "Data-driven working maturity"}[lang]
    day = {"nl": "1 december 2026", "en": "1 December 2026"}[lang]
    assert title in texts[0]
    assert all(f"Gemeente <Dongen> & Co – Data Awareness Dag – {day}" in text for text in texts)
    assert_numbered(texts, lang)
    assert {"nl": "Volgende stappen", "en": "Next steps"}[lang] in " ".join(texts)
    assert {"nl": "3,0", "en": "3.0"}[lang] in " ".join(texts)  # the tables' numbers as the language writes them
    assert reader(data).metadata.title == f"{title} – Gemeente <Dongen> & Co"


def test_the_results_pdf_embeds_each_chart_as_an_image(results_pdf):
    _lang, _dash, _model, figures, _band, images, data = results_pdf
    assert len(images) == len(figures) and all(i.startswith(b"\x89PNG\r\n\x1a\n") for i in images)
    pictures = images_in(data)
    assert len(pictures) == len(figures)
    assert pictures[0]["/Width"] == 900 * 2  # drawn at twice the layout's width, sharp on paper


def test_without_chart_images_the_pdf_has_none():
    """The check above can fail: a report made without the charts' images embeds no picture."""
    from dshub.reports import maturity as reports

    dash, model = make_dashboard()
    figures, band = report_figures(dash, model, "en")
    data = reports.pdf_report(dash, model, "en", figures=figures, benchmark=band, images=[])
    assert images_in(data) == []
    assert "radar summary" in " ".join(page_texts(data))  # the text alternative is still there


def test_the_pdf_is_the_html_report_with_images_for_print(results_pdf):
    from dshub.reports import maturity as reports

    lang, dash, model, figures, band, images, _data = results_pdf
    page = reports.html_report(dash, model, lang, figures=figures, benchmark=band, images=images)
    assert page.count("<img class='print-chart'") == len(figures) and "src='data:image/png;base64," in page
    assert "@media screen { img.print-chart { display: none } }" in page  # interactive charts on screen
    assert "Plotly.newPlot" in page and ".screen-chart { display: none }" in page  # the PNGs on paper
    assert "Gemeente &lt;Dongen&gt; &amp; Co" in page and "<Dongen>" not in page
    assert "class='running-header'" in page


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_all_results_as_json(lang):
    import json

    from dshub.reports import maturity as reports

    dash, model = make_dashboard()
    _figures, band = report_figures(dash, model, lang)
    when = datetime(2026, 12, 1, 15, 30, tzinfo=__import__("datetime").timezone.utc)
    doc = json.loads(reports.results_json(dash, model, lang, band, generated_at=when))
    assert doc["format"] == "dshub.maturity.results" and doc["format_version"] == 1 and doc["lang"] == lang
    assert doc["generated_at"] == "2026-12-01T15:30:00+00:00"
    assert doc["session"] == {
        "code": "ABCDEF",
        "municipality": "Dongen",
        "title": "Data Awareness Dag",
        "kind": "workshop",
        "date": "2026-12-01",
        "scan": "quick",
    }
    assert doc["content"] == {"id": model.id, "version": model.version}
    assert doc["respondents"] == {"teams": 2, "individuals": 4, "entered_from_paper": 0} and doc["view"] == "teams"
    assert [d["id"] for d in doc["dimensions"]] == [d.id for d in model.dimensions]
    first = doc["dimensions"][0]
    assert first["score"] == 3.0 and first["lowest"] == 2.0 and first["highest"] == 4.0  # numbers, not "3,0"
    assert first["respondents"] == 2 and first["level"] == 3 and first["opinions_differ"] is True
    assert (
        first["target"] == 3
        and first["gap"] == 0.0
        and first["benchmark"] == {"low": 2.0, "high": 3.5, "estimate": True}
    )
    assert first["label"] == model.dimensions[0].label.get(lang)
    assert doc["overall"]["score"] == 3.0 and doc["overall"]["respondents"] == 2
    assert len(doc["opinions_differ"]) == len(model.items_for("quick"))
    assert doc["opinions_differ"][0]["lowest"] == 2.0 and doc["opinions_differ"][0]["answers"] == 2
    assert {r["role"] for r in doc["roles"]} == {"policy", "operations"}
    assert all(isinstance(r["mean"], float) and isinstance(r["respondents"], int) for r in doc["roles"])


def test_the_json_keys_are_the_same_in_both_languages():
    import json

    from dshub.reports import maturity as reports

    def shape(value):
        if isinstance(value, dict):
            return {k: shape(v) for k, v in value.items() if k != "levels"}
        if isinstance(value, list):
            return [shape(v) for v in value[:1]]
        return type(value).__name__

    dash, model = make_dashboard()
    nl, en = (json.loads(reports.results_json(dash, model, lang)) for lang in ("nl", "en"))
    assert shape(nl) == shape(en) and nl["dimensions"][0]["label"] != en["dimensions"][0]["label"]
