import re
from pathlib import Path

import pytest

from dshub.i18n import catalog, format_number, normalize_lang, t

ROOT = Path(__file__).resolve().parents[2]


def test_every_message_has_dutch_and_english():
    for key, texts in catalog().items():
        assert texts["nl"].strip() and texts["en"].strip(), key


def test_placeholders_match_between_languages():
    for key, texts in catalog().items():
        assert set(re.findall(r"{(\w+)}", texts["nl"])) == set(re.findall(r"{(\w+)}", texts["en"])), key


def test_every_literal_key_used_in_code_exists():
    pattern = re.compile(r"""\btr?\(\s*["']([a-z_]+(?:\.[a-z0-9_]+)+)["']""")
    used = set()
    for path in [*ROOT.glob("app_pages/*.py"), *ROOT.glob("dshub/**/*.py"), ROOT / "app.py"]:
        used |= set(pattern.findall(path.read_text(encoding="utf-8")))
    missing = sorted(k for k in used if k not in catalog())
    assert not missing, f"message keys used in code but not defined: {missing}"
    assert len(used) > 20  # the scan really found the keys


def test_t_formats_and_falls_back_to_dutch():
    assert t("error.rate_limited", "en", minutes=10) == "Too many wrong codes. Wait 10 minutes and try again."
    assert normalize_lang("EN-gb") == "en"
    assert normalize_lang("de") == "nl"
    assert t("no.such.key", "nl") == "no.such.key"


@pytest.mark.parametrize("value,lang,digits,trim,expected", [
    (3.0, "nl", 1, False, "3,0"),
    (3.0, "en", 1, False, "3.0"),
    (3.25, "nl", 1, False, "3,3"),  # half up, as a reader rounds (binary 3.25 would go to 3.2)
    (2.675, "en", 2, False, "2.68"),
    (1234.5, "nl", 1, False, "1.234,5"),
    (1234.5, "en", 1, False, "1,234.5"),
    (12.0, "nl", 1, True, "12"),
    (2.50, "en", 2, True, "2.5"),
    (-0.04, "nl", 1, False, "0,0"),  # never a negative zero
    (None, "nl", 1, False, "-"),
    (float("nan"), "en", 1, False, "-"),
])
def test_format_number(value, lang, digits, trim, expected):
    assert format_number(value, lang, digits, trim=trim) == expected
