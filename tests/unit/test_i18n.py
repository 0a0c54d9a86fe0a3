import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from dshub.i18n import catalog, format_date, format_datetime, format_number, normalize_lang, plural, plural_category, t

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


@pytest.mark.parametrize(
    "value,lang,digits,trim,expected",
    [
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
    ],
)
def test_format_number(value, lang, digits, trim, expected):
    assert format_number(value, lang, digits, trim=trim) == expected


@pytest.mark.parametrize(
    "count,lang,expected",
    [
        (1, "nl", "1 team"),
        (0, "nl", "0 teams"),
        (2, "nl", "2 teams"),
        (1, "en", "1 team"),
        (21, "en", "21 teams"),
        (1.5, "en", "1.5 teams"),  # CLDR: only a whole 1 is "one" in Dutch and English
    ],
)
def test_plural_picks_the_message_by_babels_plural_rules(count, lang, expected):
    assert plural("facilitate.lobby.teams", lang, count) == expected
    assert plural_category(count, lang) == ("one" if count == 1 else "other")


def test_plural_falls_back_to_other_and_takes_extra_parameters(monkeypatch):
    import dshub.i18n as i18n

    messages = {"x.count.other": {"nl": "{n} van {total}", "en": "{n} of {total}"}}
    monkeypatch.setattr(i18n, "catalog", lambda: messages)
    assert plural("x.count", "en", 1, total=3) == "1 of 3"  # no .one message: the .other one
    messages["x.count.one"] = {"nl": "een van {total}", "en": "one of {total}"}
    assert (plural("x.count", "nl", 1, total=3), plural("x.count", "nl", 2, total=3)) == ("een van 3", "2 van 3")


def test_plural_messages_follow_one_key_convention():
    keys = set(catalog())
    singular = {k[: -len(".one")] for k in keys if k.endswith(".one")}
    assert len(singular) >= 15  # the scan found the plural messages
    assert all(f"{base}.other" in keys for base in singular), sorted(b for b in singular if f"{b}.other" not in keys)
    assert all(base not in keys for base in singular), "a plural message keeps its plural under <key>.other"
    old_style = [
        k for k in keys if re.search(r"_(one|other)$", k) and not k.endswith(("_other", "pick_one", "tick_one"))
    ]
    assert not old_style, old_style
    sources = [*ROOT.glob("app_pages/*.py"), *ROOT.glob("dshub/**/*.py")]
    by_hand = [
        str(p.relative_to(ROOT))
        for p in sources
        if p.name != "i18n.py"
        if re.search(
            r"""["'][a-z_]+\.[a-z0-9_.]*?(?<!pick|tick)(_one|_other|\.one)["']|}[._](one|other)["']|["']one["'] if|== 1 else tr?\(""",
            p.read_text(encoding="utf-8"),
        )
    ]
    assert not by_hand, f"pick singular or plural with dshub.i18n.plural: {by_hand}"


@pytest.mark.parametrize("lang,expected", [("nl", "4 december 2026"), ("en", "4 December 2026")])
def test_dates_and_moments_in_the_readers_language(lang, expected):
    assert format_date(date(2026, 12, 4), lang) == expected
    assert format_date(datetime(2026, 12, 4, 23, 0), lang) == expected
    assert format_datetime(datetime(2026, 12, 4, 9, 5, tzinfo=UTC), lang) == f"{expected} 09:05 UTC"
    assert format_datetime(datetime(2026, 12, 4, 9, 5), lang) == f"{expected} 09:05"


def test_no_date_is_shown_in_a_fixed_numeric_format():
    sources = [*ROOT.glob("app_pages/*.py"), *ROOT.glob("dshub/**/*.py")]
    fixed = [str(p.relative_to(ROOT)) for p in sources if re.search(r"%d-%m-%Y|%Y-%m-%d %H", p.read_text("utf-8"))]
    assert not fixed, f"show dates with dshub.i18n.format_date / format_datetime: {fixed}"
