"""A broken content file shows the one clear message on every page, never a traceback."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import streamlit as st

from dshub.config import settings
from tests.app.conftest import assert_clean

SOURCE = Path(__file__).resolve().parents[2] / "questionnaires"


def _break(text: str, kind: str) -> bytes:
    if kind == "control character":
        return text.replace("version:", "version:\x1b", 1).encode()
    if kind == "encoding":
        return text.replace("id:", "# caf\xe9\nid:", 1).encode("latin-1", errors="replace")
    if kind == "duplicate key":
        return (text + "\nid: twice\n").encode()
    if kind == "wrong type":
        return text.replace("kind:", "kind: [x]\nold_kind:", 1).encode()
    raise AssertionError(kind)


@pytest.mark.parametrize(
    "kind, expected",
    [
        ("control character", "U+001B"),
        ("encoding", "not UTF-8"),
        ("duplicate key", "written twice"),
        ("wrong type", "unknown or missing kind"),
    ],
)
def test_a_broken_content_file_gives_one_message_on_every_page(open_page, tmp_path, monkeypatch, kind, expected):
    folder = tmp_path / "content"
    shutil.copytree(SOURCE, folder)
    target = folder / "maturity.yaml"
    target.write_bytes(_break(target.read_text(encoding="utf-8"), kind))
    monkeypatch.setenv("DSHUB_CONTENT_DIR", str(folder))
    settings.cache_clear()
    st.cache_resource.clear()
    for page, lang, said in (
        (None, "en", "Ask the administrator"),
        ("app_pages/join.py", "nl", "Laat de beheerder"),
        ("app_pages/privacy.py", "en", "Ask the administrator"),
    ):
        at = open_page(page, lang=lang)
        assert not at.exception, [e.value for e in at.exception]
        assert said in at.error[0].value
        message = at.code[0].value
        assert "maturity.yaml" in message and expected in message and "Fix:" in message


def test_good_content_shows_no_message(open_page):
    assert_clean(open_page("app_pages/privacy.py", lang="en"))
