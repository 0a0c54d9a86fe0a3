"""The AI-literacy record (dshub.reports.literacy): HTML and CSV from a view model, in both languages."""

from __future__ import annotations

import csv
import dataclasses
import io
import itertools
import re
from datetime import UTC, date, datetime
from html.parser import HTMLParser

import pytest

from dshub.content import load_content
from dshub.content.base import Text
from dshub.legal.content import LegalFacts
from dshub.reports.literacy import (
    LEGAL_FACT,
    EthicsPart,
    GamePart,
    LiteracyRecord,
    PulseResult,
    PulseTally,
    RoleCount,
    RoundPlayed,
    ScanCount,
    ScanPart,
    ThemeCount,
    facts,
    file_name,
    render,
    render_csv,
    render_html,
)

BOM = b"\xef\xbb\xbf"
ART4 = load_content().get("legal_facts", LegalFacts).fact(LEGAL_FACT)
SOURCE_URL = ART4.primary_source.url


def make_record(**changes) -> LiteracyRecord:
    record = LiteracyRecord(
        code="ABCDEF",
        municipality="Dongen",
        title="Data Awareness Dag",
        kind="workshop",
        event_date=date(2026, 12, 1),
        first_activity=date(2026, 12, 1),
        last_activity=date(2026, 12, 2),
        modules=("game", "ethics", "maturity"),
        teams=3,
        participants=7,
        roles=(
            RoleCount("policy", Text(nl="Beleid", en="Policy"), 2),
            RoleCount("management", Text(nl="Management", en="Management"), 0),
            RoleCount("privacy_officer", Text(nl="Privacyfunctionaris", en="Privacy officer"), 1),
        ),
        game=GamePart(
            Text(nl="Datadag-spel", en="Data day game"),
            (
                RoundPlayed(
                    "round_quiz",
                    Text(nl="Quizronde", en="Quiz round"),
                    Text(nl="Vraag altijd naar de bron.", en="Always ask for the source."),
                ),
                RoundPlayed("round_gone", None, None),
            ),
        ),
        # before: scores 1, 2, 3, 3 -> 2.25 (half up: 2.3); after: 4, 4, 5 -> 4.33
        pulse=(
            PulseResult(
                "pulse_know_data",
                Text(nl="Ik weet welke gegevens", en="I know which data"),
                PulseTally((1, 1, 2, 0, 0)),
                PulseTally((0, 0, 0, 2, 1)),
            ),
            PulseResult("pulse_empty", Text(nl="Niemand antwoordde", en="Nobody answered")),
        ),
        ethics=EthicsPart(
            2,
            (
                ThemeCount("privacy", Text(nl="Privacy", en="Privacy"), 2),
                ThemeCount("bias", Text(nl="Vooringenomenheid", en="Bias"), 1),
            ),
        ),
        scan=ScanPart("both", 2, 1, (ScanCount("quick", 2), ScanCount("full", 1))),
        generated_at=datetime(2026, 12, 4, 10, 30, tzinfo=UTC),
        legal=ART4,
    )
    return dataclasses.replace(record, **changes)


def csv_rows(data: bytes, delimiter: str) -> list[list[str]]:
    assert data.startswith(BOM)
    return list(csv.reader(io.StringIO(data[len(BOM) :].decode("utf-8"), newline=""), delimiter=delimiter))


# --------------------------------------------------------------------------- HTML


@pytest.mark.parametrize(
    "lang, title, checked, lesson, mean_before",
    [
        ("nl", "dossier AI-geletterdheid", "nagekeken op 4 december 2026", "Vraag altijd naar de bron.", "2,3"),
        ("en", "AI-literacy file", "checked on 4 December 2026", "Always ask for the source.", "2.3"),
    ],
)
def test_html_in_both_languages(lang, title, checked, lesson, mean_before):
    page = render_html(make_record(), lang)
    assert f'<html lang="{lang}">' in page
    assert title in page and checked in page and lesson in page
    assert f'<a href="{SOURCE_URL}">' in page and ART4.legal_basis.get(lang).split(",")[0] in page
    assert f'<td class="num">{mean_before}</td>' in page
    assert "2026-12-01" in page  # dates in ISO 8601 in both languages
    other = render_html(make_record(), "en" if lang == "nl" else "nl")
    assert other != page


def test_html_shows_every_part_of_the_day():
    page = render_html(make_record(), "en")
    for text in (
        "Quiz round",
        "(round round_gone: no longer in the game)",
        "Privacy officer",
        "Bias",
        "Quick or full scan (each team chooses)",
        "Teams and participants with the full scan",
        "I know which data",
        "Distribution: Nobody answered",
    ):
        assert text in page, text
    # The pulse summary: before 4 answers (mean 2.3), after 3 answers (mean 4.3); no answers: "-".
    assert re.search(
        r"I know which data</th><td class=\"num\">4</td><td class=\"num\">2.3</td>\s*"
        r"<td class=\"num\">3</td><td class=\"num\">4.3</td>",
        page,
    )
    assert re.search(r"Nobody answered</th><td class=\"num\">0</td><td class=\"num\">-</td>", page)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_part_that_was_not_in_the_session_says_so(lang):
    page = render_html(make_record(game=None, pulse=None, ethics=None, scan=None, modules=()), lang)
    said = "Dit was geen onderdeel van deze sessie." if lang == "nl" else "This was not part of this session."
    assert page.count(said) == 4
    rows = csv_rows(
        render_csv(make_record(game=None, pulse=None, ethics=None, scan=None), lang), ";" if lang == "nl" else ","
    )
    assert sum(said in r[3] for r in rows) == 4


def test_no_rounds_no_pulse_answers_no_themes_say_so():
    page = render_html(
        make_record(
            game=GamePart(Text(nl="Spel", en="Game")),
            ethics=EthicsPart(0),
            pulse=(PulseResult("s", Text(nl="Uitspraak", en="Statement")),),
        ),
        "nl",
    )
    for said in (
        "Er is geen ronde gespeeld.",
        "Niemand heeft de peiling ingevuld.",
        "Geen team heeft een vraag van de assistent beantwoord.",
    ):
        assert said in page
    unreadable = render_html(make_record(game=GamePart(None, readable=False)), "en")
    assert "The state of the game could not be read" in unreadable


def test_html_escapes_the_municipality_and_title():
    page = render_html(make_record(municipality="<b>&", title="<script>alert(1)</script>"), "nl")
    assert "<b>&" not in page and "<script>alert" not in page
    assert "&lt;b&gt;&amp;" in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    # also inside the statement, where the name sits in a translated sentence
    assert "Dit verslag legt vast dat &lt;b&gt;&amp; een bewustwordingsactiviteit" in page


class _Outline(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.style = ""
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_style = tag == "style"

    def handle_endtag(self, tag):
        self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.style += data


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_html_is_printable_and_accessible(lang):
    outline = _Outline()
    outline.feed(render_html(make_record(), lang))
    tags = [tag for tag, _ in outline.tags]
    assert tags[0] == "html" and outline.tags[0][1] == {"lang": lang}
    assert "title" in tags and "main" in tags and "script" not in tags and "img" not in tags
    headings = [int(tag[1]) for tag in tags if re.fullmatch(r"h[1-6]", tag)]
    assert headings.count(1) == 1 and headings[0] == 1
    assert all(b - a <= 1 for a, b in itertools.pairwise(headings))  # no skipped levels
    tables = [i for i, tag in enumerate(tags) if tag == "table"]
    assert len(tables) >= 6
    assert all(tags[i + 1] == "caption" for i in tables)  # every table has a caption, first
    assert all(attrs.get("scope") in ("col", "row") for tag, attrs in outline.tags if tag == "th")
    assert re.search(r"@page\s*\{[^}]*size:\s*A4", outline.style)
    assert "@media print" in outline.style
    assert not re.search(r"(src|href)=\"(?!https://eur-lex)", render_html(make_record(), lang))  # self-contained


# --------------------------------------------------------------------------- CSV


def test_csv_in_dutch_uses_semicolons_and_a_decimal_comma():
    rows = csv_rows(render_csv(make_record(), "nl"), ";")
    assert rows[0] == ["onderdeel", "onderwerp", "gegeven", "waarde"]
    assert all(len(r) == 4 for r in rows)
    by_fact = {(r[0], r[1], r[2]): r[3] for r in rows}
    pulse = "Peiling aan het begin en aan het eind"
    assert by_fact[(pulse, "Ik weet welke gegevens", "Voor: gemiddelde")] == "2,3"
    assert by_fact[(pulse, "Ik weet welke gegevens", "Na: gemiddelde")] == "4,3"
    assert by_fact[(pulse, "Ik weet welke gegevens", "Voor: antwoorden")] == "4"
    assert by_fact[(pulse, "Ik weet welke gegevens", "Voor: score 3")] == "2"
    assert by_fact[(pulse, "Niemand antwoordde", "Na: gemiddelde")] == ""  # no answers: no average
    assert by_fact[("De sessie", "Datum van de dag", "")] == "2026-12-01"
    assert by_fact[("Rollen aan tafel", "Beleid", "Teams met deze rol aan tafel")] == "2"
    assert by_fact[("Spel", "Quizronde", "Les")] == "Vraag altijd naar de bron."
    assert by_fact[("Ethische data-assistent", "Privacy", "Teams")] == "2"
    assert by_fact[("Over dit verslag", "Bron gecontroleerd op", "")] == "2026-12-04"
    assert SOURCE_URL in by_fact.values()
    assert [r[3] for r in rows if r[1] == "Onderdeel van de dag"] == [
        "Spel",
        "Ethische data-assistent",
        "Volwassenheidsscan",
    ]  # one row per part of the day


def test_csv_in_english_uses_commas_and_a_decimal_point():
    data = render_csv(make_record(), "en")
    rows = csv_rows(data, ",")
    assert rows[0] == ["section", "item", "measure", "value"]
    assert all(len(r) == 4 for r in rows)
    by_fact = {(r[0], r[1], r[2]): r[3] for r in rows}
    pulse = "Pulse at the start and at the end"
    assert by_fact[(pulse, "I know which data", "Before: average")] == "2.3"
    assert by_fact[(pulse, "I know which data", "After: average")] == "4.3"
    assert by_fact[("Maturity scan", "Scan", "")] == "Quick or full scan (each team chooses)"
    assert by_fact[("The session", "Participants (devices that joined)", "")] == "7"
    assert b"\r\n" in data  # the line ends spreadsheets expect


def test_csv_has_one_row_per_fact():
    record = make_record()
    rows = facts(record, "en")
    assert len({r[:3] for r in rows if r[2]}) == len([r for r in rows if r[2]])  # no fact twice
    pulse_rows = [r for r in rows if r[0] == "Pulse at the start and at the end"]
    assert len(pulse_rows) == len(record.pulse) * 2 * (2 + 5)  # answers, average and 5 scores, before and after


def test_csv_keeps_user_text_as_text_and_defuses_formulas():
    rows = csv_rows(render_csv(make_record(municipality='=HYPERLINK("http://x";"klik")', title="<b>&"), "nl"), ";")
    by_item = {r[1]: r[3] for r in rows if r[0] == "De sessie"}
    assert by_item["Gemeente"] == '\'=HYPERLINK("http://x";"klik")'
    assert by_item["Titel"] == "<b>&"  # CSV is not HTML: the text stays as typed


# --------------------------------------------------------------------------- privacy and files


def _strings(value, path="record"):
    """Every plain string in the view model with where it sits (Text values of content are skipped)."""
    if isinstance(value, Text):
        return
    if dataclasses.is_dataclass(value):
        for f in dataclasses.fields(value):
            yield from _strings(getattr(value, f.name), f"{path}.{f.name}")
    elif isinstance(value, (tuple, list)):
        for i, v in enumerate(value):
            yield from _strings(v, f"{path}[{i}]")
    elif isinstance(value, str):
        yield path, value


def test_the_view_model_has_no_place_for_names_or_typed_text():
    """Only the session's own fields and ids are plain strings: a record cannot carry team names,
    tokens or anything participants typed (the service test checks what it fills in)."""
    allowed = re.compile(
        r"record\.(code|municipality|title|kind|modules\[\d+\]|roles\[\d+\]\.role|"
        r"game\.rounds\[\d+\]\.round_id|pulse\[\d+\]\.statement|ethics\.themes\[\d+\]\.theme|"
        r"scan\.setting|scan\.by_scan\[\d+\]\.scan)"
    )
    paths = [p for p, _ in _strings(make_record())]
    assert paths and all(allowed.fullmatch(p) for p in paths), [p for p in paths if not allowed.fullmatch(p)]
    assert not [f.name for f in dataclasses.fields(LiteracyRecord) if re.search("name|token|note|text", f.name)]


def test_file_names_and_formats():
    assert file_name("ABCDEF", "html", "nl") == "dshub-ai-geletterdheid-ABCDEF.html"
    assert file_name("ABCDEF", "csv", "en") == "dshub-ai-literacy-ABCDEF.csv"
    assert render(make_record(), "csv", "en").startswith(BOM)
    assert render(make_record(), "html", "en").decode("utf-8").startswith("<!DOCTYPE html>")
    assert file_name("ABCDEF", "pdf", "nl") == "dshub-ai-geletterdheid-ABCDEF.pdf"
    assert render(make_record(), "pdf", "en").startswith(b"%PDF-")
    with pytest.raises(ValueError):
        render(make_record(), "docx", "en")
