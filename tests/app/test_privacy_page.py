"""AppTests for the privacy statement page, in both languages."""

from __future__ import annotations

from pathlib import Path

import pytest

from dshub.config import settings
from tests.app.conftest import assert_clean, texts


@pytest.mark.parametrize(
    "lang, title, retention_off, heading",
    [
        ("nl", "Privacyverklaring", "geen bewaartermijn ingesteld", "Wat we bewaren"),
        ("en", "Privacy statement", "No retention period is set", "What is stored"),
    ],
)
def test_privacy_page_in_both_languages(open_page, lang, title, retention_off, heading):
    at = open_page("app_pages/privacy.py", lang=lang)
    assert_clean(at)
    assert [t.value for t in at.title] == [title]  # one h1, then h2 sections: no skipped levels
    assert heading == at.header[0].value and len(at.header) == 5
    assert not at.subheader
    page = texts(at)
    assert retention_off in page
    cited = (
        ("Article 15", "Article 17", "Article 5(1)(e)")
        if lang == "en"
        else ("artikel 15", "artikel 17", "artikel 5, lid 1, onder e")
    )
    assert all(article in page for article in cited)
    assert "2016/679" in page and ("4 december 2026" in page or "4 December 2026" in page)
    assert "workshop export CODE" in page and "workshop delete CODE" in page


def test_privacy_page_states_the_configured_retention(open_page, monkeypatch):
    monkeypatch.setenv("DSHUB_RETENTION_DAYS", "365")
    settings.cache_clear()
    at = open_page("app_pages/privacy.py", lang="en")
    assert_clean(at)
    assert "deleted automatically 365 days after their date" in texts(at)


def test_privacy_page_is_listed_in_the_navigation():
    """Registered with url_path "privacy" and visible in the menu (the tests above reach it by switch_page)."""
    app = (Path(__file__).resolve().parents[2] / "app.py").read_text(encoding="utf-8")
    line = next(line for line in app.splitlines() if "app_pages/privacy.py" in line)
    assert 'url_path="privacy"' in line and "hidden" not in line


@pytest.mark.parametrize(
    "lang, said", [("nl", "Een instelling van de server klopt niet"), ("en", "A server setting is not valid")]
)
def test_a_bad_setting_is_shown_on_every_page_not_a_traceback(open_page, monkeypatch, lang, said):
    monkeypatch.setenv("DSHUB_RETENTION_DAYS", "a year")
    settings.cache_clear()
    for page in (None, "app_pages/privacy.py"):
        at = open_page(page, lang=lang)
        assert not at.exception, [e.value for e in at.exception]
        assert said in at.error[0].value and "DSHUB_RETENTION_DAYS" in at.code[0].value
