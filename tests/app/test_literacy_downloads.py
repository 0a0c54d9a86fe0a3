"""The facilitator page offers the day as a record for the AI-literacy file (PDF, HTML and CSV), in both languages."""

from __future__ import annotations

import pytest

from dshub.content import load_content
from dshub.services import workshops
from tests.app.conftest import assert_clean, texts
from tests.support.pdf import page_texts


def _buttons(at) -> dict[str, object]:
    """Download buttons by key (a widget's id ends with its key)."""
    return {b.proto.id.rsplit("-", 1)[-1]: b.proto for b in at.get("download_button")}


@pytest.mark.parametrize(
    "lang, html_label, csv_label, pdf_label, help_text, heading, separator, numbered",
    [
        (
            "nl",
            "Verslag downloaden (HTML, af te drukken als PDF)",
            "Verslag downloaden (CSV)",
            "Verslag downloaden (PDF)",
            "Artikel 4 van de AI-verordening",
            "Verslag van een bewustwordingsactiviteit",
            b";",
            "pagina 1 van",
        ),
        (
            "en",
            "Download the record (HTML, printable as PDF)",
            "Download the record (CSV)",
            "Download the record (PDF)",
            "Article 4 of the AI Act",
            "Record of an awareness activity",
            b",",
            "page 1 of",
        ),
    ],
)
def test_the_facilitator_downloads_the_literacy_record(
    open_page, db, lang, html_label, csv_label, pdf_label, help_text, heading, separator, numbered
):
    created = workshops.create_workshop(db, title="Dag", municipality="<b>Dongen</b>", base_url="https://dshub.test")
    joined = workshops.join(db, code=created.workshop.code, new_team_name="Team Jan de Vries", roles=["policy"])
    at = open_page("app_pages/facilitate.py", lang=lang, key=created.facilitator_key)
    assert_clean(at)
    buttons = _buttons(at)
    assert buttons["literacy_html"].label == html_label
    assert buttons["literacy_csv"].label == csv_label
    assert buttons["literacy_pdf"].label == pdf_label
    # Built when clicked (deferred) and the click does not rerun the page.
    assert all(
        buttons[k].deferred_file_id and buttons[k].ignore_rerun
        for k in ("literacy_html", "literacy_csv", "literacy_pdf")
    )
    assert help_text in texts(at)

    from dshub.ui.workshop import literacy_file  # what the buttons give when clicked

    page = literacy_file(db, load_content(), created.facilitator_key, "html", lang).decode("utf-8")
    assert f'<html lang="{lang}">' in page and heading in page
    assert "&lt;b&gt;Dongen&lt;/b&gt;" in page and "<b>Dongen" not in page
    sheet = literacy_file(db, load_content(), created.facilitator_key, "csv", lang)
    assert sheet.startswith(b"\xef\xbb\xbf") and sheet.splitlines()[0].count(separator) == 3
    document = " ".join(page_texts(literacy_file(db, load_content(), created.facilitator_key, "pdf", lang)))
    assert heading in document and "<b>Dongen</b>" in document and numbered in document
    for secret in ("Team Jan de Vries", joined.token, created.facilitator_key):
        assert secret not in page and secret.encode() not in sheet and secret not in document


def test_no_record_buttons_before_a_session_exists(open_page):
    at = open_page("app_pages/facilitate.py", lang="en")
    assert_clean(at)
    assert not {"literacy_html", "literacy_csv", "literacy_pdf"} & set(_buttons(at))
