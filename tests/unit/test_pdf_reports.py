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


@pytest.mark.parametrize("url", ["http://127.0.0.1:9/chart.png", "https://example.org/style.css",
                                 "file:///etc/passwd", "ftp://example.org/x", "HTTP://127.0.0.1:9/x"])
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
    html = (f"<html lang='nl'><head><title>T</title><link rel='stylesheet' href='file://{secret}'>"
            "<link rel='stylesheet' href='http://127.0.0.1:9/x.css'></head><body><p>Tekst</p>"
            "<img src='http://127.0.0.1:9/x.png' alt='x'><img src='https://example.org/y.png' alt='y'>"
            "<img alt='punt' src='data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4"
            "nGP4z8DwHwAFAAH/iZk9HQAAAABJRU5ErkJggg=='></body></html>")
    data = pdf.html_to_pdf(html)
    assert "Tekst" in page_texts(data)[0]
    assert sum(len(p.images) for p in reader(data).pages) == 1  # only the data: image


def test_page_css_puts_the_page_numbers_in_the_language_and_escapes_text():
    assert '"pagina " counter(page) " van " counter(pages)' in pdf.page_css("nl")
    assert '"page " counter(page) " of " counter(pages)' in pdf.page_css("en")
    assert "string-set: running-header content()" in pdf.page_css("nl")
    quoted = pdf.css_string('a "b" \\ </style>')
    inner = quoted[1:-1]
    assert quoted[0] == quoted[-1] == '"' and '"' not in inner and "<" not in inner and "/" not in inner


# --------------------------------------------------------------------------- the AI-literacy record


@pytest.mark.parametrize("lang, title, day", [
    ("nl", "Verslag van een bewustwordingsactiviteit voor het dossier AI-geletterdheid", "1 december 2026"),
    ("en", "Record of an awareness activity for the AI-literacy file", "1 December 2026"),
])
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
    cases = load_file(QDIR / "ethics_cases.yaml")
    record = EthicsRecord.new(content, title="Schuldsignalen <i>pilot</i>", case_id="debt_prevention",
                              session_date=date(2026, 10, 9), roles_present=["policy"])
    record = record.model_copy(update={
        "answers": {"uses_model": "machine_learning", "decides_about_people": "yes", "personal_data": "yes"},
        "values": [ValueJudgement(value_id="privacy", judgement="partly", note="Kaart te gedetailleerd")],
        "decision": make_decision("adjust", "Eerst een grovere kaart", [
            {"text": "Postcode-4 gebruiken", "owner_role": "data_analyst", "due": "2026-11-30"}]),
    })
    legal = next(iter(load_content().of_kind(LegalFacts)), None)
    return record, content, cases, legal


@pytest.mark.parametrize("lang, title, day", [
    ("nl", "Verslag ethische data-assistent", "9 oktober 2026"),
    ("en", "Ethical data assistant report", "9 October 2026"),
])
def test_the_ethics_report_as_pdf(ethics_parts, lang, title, day):
    record, content, cases, legal = ethics_parts
    about = {"lang": lang, "legal": legal, "municipality": "Gemeente <Dongen>",
             "generated_at": datetime(2026, 10, 9, 15, 30)}
    data = report_pdf(record, content, cases, **about)
    texts = page_texts(data)
    assert title in texts[0] and "Schuldsignalen <i>pilot</i>" in texts[0]
    assert all(f"Gemeente <Dongen> – {day}" in text for text in texts)
    assert_numbered(texts, lang)
    assert len(texts) > 1
    html = report_html(record, content, cases, **about)
    assert "Gemeente &lt;Dongen&gt; – " + day in html  # the header is the HTML's own (escaped) text
