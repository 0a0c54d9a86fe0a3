"""The report step's downloads come from one service call: four files, the PDF made only when asked for."""

from __future__ import annotations

import json
from datetime import date

from dshub.content import load_file
from dshub.ethics.logic import EthicsRecord
from dshub.services import ethics
from tests.support import REPO_ROOT

QDIR = REPO_ROOT / "questionnaires"


def test_report_downloads_offers_four_files_and_makes_the_pdf_only_when_asked(monkeypatch):
    content = load_file(QDIR / "ethics.yaml")
    cases = load_file(QDIR / "catalogue.yaml").ethics_cases()
    record = EthicsRecord.new(content, title="Wmo forecast <b>", session_date=date(2026, 11, 23))
    made = []
    monkeypatch.setattr(ethics, "report_pdf", lambda *args, **kwargs: made.append(kwargs) or b"%PDF-")
    downloads = ethics.report_downloads(record, content, cases, lang="en", municipality="Dongen")
    assert [(d.ext, d.file_name, d.mime) for d in downloads] == [
        ("pdf", "ethics-wmo-forecast-b-2026-11-23.pdf", "application/pdf"),
        ("html", "ethics-wmo-forecast-b-2026-11-23.html", "text/html"),
        ("md", "ethics-wmo-forecast-b-2026-11-23.md", "text/markdown"),
        ("json", "ethics-wmo-forecast-b-2026-11-23.json", "application/json"),
    ]
    pdf, page, md, doc = (d.data for d in downloads)
    assert made == [] and callable(pdf)  # not made yet
    assert pdf() == b"%PDF-" and made == [{"lang": "en", "legal": None, "municipality": "Dongen"}]
    assert isinstance(page, str) and "Wmo forecast &lt;b&gt;" in page and "Dongen" in page
    assert isinstance(md, str) and md.startswith("# Ethical data assistant report: Wmo forecast &lt;b&gt;")
    assert isinstance(doc, str) and json.loads(doc)["report"]["municipality"] == "Dongen"
