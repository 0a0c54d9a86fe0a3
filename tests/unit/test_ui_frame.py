"""The frame script that puts the page language and Streamlit's own texts into the user's language."""

from __future__ import annotations

import json
import re

import pytest

from dshub.ui.core import _STREAMLIT_TEXTS, _frame_script

# DOMPurify (Streamlit's st.html sanitiser) removes an element without element children whose
# text holds "<" followed by "/" or a word character: the script would silently never run.
DOMPURIFY_DROPS = re.compile(r"<[/\w]")


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_script_survives_streamlits_sanitiser(lang):
    html = _frame_script(lang)
    assert html.startswith("<script>") and html.endswith("</script>")
    body = html[len("<script>") : -len("</script>")]
    assert not DOMPURIFY_DROPS.search(body), DOMPURIFY_DROPS.search(body)
    assert f'"lang": "{lang}"' in body


def test_every_english_text_is_streamlits_exact_wording():
    """The script recognises Streamlit's texts by their English side: these are the strings in its bundle."""
    config = json.loads(re.search(r"const cfg = (\{.*?\});\n", _frame_script("nl"), re.S).group(1))
    english = {text["en"] for rule in config["rules"] for text in rule["texts"]}
    assert {
        "Skip to main content",
        "Help for {label}",
        "Press Enter to submit form",
        "Press Enter to apply",
        "Drag and drop file here",
        "Browse files",
    } <= english
    assert len(config["rules"]) == len(_STREAMLIT_TEXTS)
    dutch = {text["nl"] for rule in config["rules"] for text in rule["texts"]}
    assert "Naar de inhoud" in dutch and not dutch & english
