"""Paper answer sheets: the fallback for a table without a device or a room without wifi.

:func:`layout` turns the content (the session's game, the maturity scan it answers, the awareness
pulse) into one numbered list of questions: game questions ``G1``, ``G2``... with a letter per option
(``A``, ``B``...), scan questions ``S1``... with the levels 1 to 5 and ``?`` (don't know), pulse statements
``P1``... with 1 to 5 before and after. The printed sheet and the entry form
(``app_pages/paper.py``) are both drawn from it, so a sheet is typed in by its numbers and letters.

:func:`render_html` draws one sheet per team (and a blank one for a new team) from the Jinja2 template
``templates/paper.html.j2`` (autoescaped; ``lang``, headings in order, tables with captions and header
cells with ``scope``); :func:`render_pdf` lays it out on A4 (:mod:`dshub.reports.pdf`): the
municipality, the date and the team at the top of every page, "pagina 2 van 9" at the bottom. Every
sheet carries a QR code (a ``data:`` PNG) that opens its entry form; the form asks for the facilitator
key, which is never printed.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any
from urllib.parse import urlencode

from dshub.content.base import Text
from dshub.game.content import (
    VOTES,
    DataCaseCard,
    DilemmaCard,
    EstimateCard,
    GameContent,
    LookCloserCard,
    QuizCard,
)
from dshub.i18n import format_date, normalize_lang, t
from dshub.maturity.content import MaturityModel, Scan
from dshub.reports import jinja, pdf

PAGE = "paper"  # url_path of the entry form
NEW_TEAM = "new"  # the ``team`` of the blank sheet for a team that is not in the session yet
LETTERS = "ABCDEFGHIJKLMNOP"
LEVELS = (1, 2, 3, 4, 5)
DONT_KNOW = "dk"  # stored like the scan page's "don't know" (dshub.services.maturity.DONT_KNOW)
DONT_KNOW_MARK = "?"
SCALE = (1, 2, 3, 4, 5)
MIME = pdf.MIME

# Kinds of game question on a sheet.
SINGLE, MULTIPLE, ESTIMATE, DATASETS, DILEMMA = "single", "multiple", "estimate", "datasets", "dilemma"


# --------------------------------------------------------------------------- the layout


@dataclass(frozen=True)
class Choice:
    letter: str
    id: str  # the option, dataset or vote id that is stored
    text: Text


@dataclass(frozen=True)
class GameQuestion:
    number: str  # "G1"
    card_id: str
    round_id: str
    kind: str  # SINGLE, MULTIPLE, ESTIMATE, DATASETS or DILEMMA
    question: Text
    context: Text | None = None  # a dilemma's situation, a data case's context
    choices: tuple[Choice, ...] = ()
    allow_text: bool = False  # a look-closer card: a line for the team's own words
    unit: Text | None = None  # an estimate's unit
    max_choices: int | None = None

    def choice(self, letter: str) -> Choice:
        for c in self.choices:
            if c.letter == letter.strip().upper():
                return c
        raise KeyError(f"{self.number} has no option {letter!r}")


@dataclass(frozen=True)
class GameRound:
    round_id: str
    title: Text
    questions: tuple[GameQuestion, ...]


@dataclass(frozen=True)
class ScanQuestion:
    number: str  # "S1"
    item_id: str
    dimension: Text
    question: Text
    levels: tuple[Text, ...]  # the statement for level 1..5


@dataclass(frozen=True)
class PulseQuestion:
    number: str  # "P1"
    statement_id: str
    text: Text


@dataclass(frozen=True)
class SheetLayout:
    game_title: Text | None
    rounds: tuple[GameRound, ...]
    scan: Scan | None
    scan_questions: tuple[ScanQuestion, ...]
    pulse: tuple[PulseQuestion, ...]
    pulse_low: Text | None = None
    pulse_high: Text | None = None

    def game_questions(self) -> tuple[GameQuestion, ...]:
        return tuple(q for r in self.rounds for q in r.questions)

    def game_question(self, number_or_card: str) -> GameQuestion:
        for q in self.game_questions():
            if number_or_card in (q.number, q.card_id):
                return q
        raise KeyError(number_or_card)


def _choices(items: list[tuple[str, Text]]) -> tuple[Choice, ...]:
    return tuple(Choice(LETTERS[i], ident, text) for i, (ident, text) in enumerate(items))


def _vote_text(vote: str) -> Text:
    return Text(nl=t(f"game.vote.{vote}", "nl"), en=t(f"game.vote.{vote}", "en"))


def _game_question(number: str, round_id: str, card: Any, game: GameContent) -> GameQuestion:
    if isinstance(card, (LookCloserCard, QuizCard)):  # the choice cards
        return GameQuestion(
            number,
            card.id,
            round_id,
            MULTIPLE if card.multiple else SINGLE,
            card.question,
            choices=_choices([(o.id, o.text) for o in card.options]),
            allow_text=isinstance(card, LookCloserCard) and card.allow_text,
        )
    if isinstance(card, EstimateCard):
        return GameQuestion(number, card.id, round_id, ESTIMATE, card.question, unit=card.unit)
    if isinstance(card, DataCaseCard):
        assert card.question is not None  # a data case takes its question from the catalogue on load (resolve)
        return GameQuestion(
            number,
            card.id,
            round_id,
            DATASETS,
            card.question,
            card.context,
            choices=_choices([(d, game.dataset(d).name) for d in card.deck]),
            max_choices=card.max_choices,
        )
    if isinstance(card, DilemmaCard):
        return GameQuestion(
            number,
            card.id,
            round_id,
            DILEMMA,
            card.question,
            card.situation,
            choices=_choices([(v, _vote_text(v)) for v in VOTES]),
        )
    raise TypeError(f"not a game card: {card!r}")


def layout(
    game: GameContent | None, model: MaturityModel | None, scan: Scan | None, agenda: Sequence[str] | None = None
) -> SheetLayout:
    """The numbered questions of a sheet: the game's rounds (``game`` None: no game part, and no pulse)
    in the order of ``agenda`` (the round ids the session plays, as the console ordered them, skipped
    rounds left out; None: every round in file order), the items of ``scan`` (None: no scan part), the
    pulse statements."""
    rounds = []
    n = 0
    if game is not None:
        by_id = {rnd.id: rnd for rnd in game.rounds}
        order = [by_id[r] for r in agenda if r in by_id] if agenda is not None else game.rounds
        for rnd in order:
            questions = []
            for card in rnd.cards:
                n += 1
                questions.append(_game_question(f"G{n}", rnd.id, card, game))
            rounds.append(GameRound(rnd.id, rnd.title, tuple(questions)))
    scan_questions: tuple[ScanQuestion, ...] = ()
    if model is not None and scan is not None:
        scan_questions = tuple(
            ScanQuestion(f"S{i}", item.id, model.dimension(item.dimension).label, item.text, tuple(item.options))
            for i, item in enumerate(model.items_for(scan), start=1)
        )
    pulse: tuple[PulseQuestion, ...] = ()
    if game is not None:
        pulse = tuple(PulseQuestion(f"P{i}", s.id, s.text) for i, s in enumerate(game.pulse.statements, start=1))
    return SheetLayout(
        game.title if game else None,
        tuple(rounds),
        scan if scan_questions else None,
        scan_questions,
        pulse,
        game.pulse.low if game else None,
        game.pulse.high if game else None,
    )


# --------------------------------------------------------------------------- the sheets


@dataclass(frozen=True)
class SheetTeam:
    key: str  # the team id, or NEW_TEAM for the blank sheet
    name: str | None  # None: the blank sheet
    municipality: str | None = None  # in a regional session: the municipality the team comes from


@dataclass(frozen=True)
class PaperSheets:
    """What the sheets of one session show (built by :func:`dshub.services.paper.sheets_for_facilitator`)."""

    code: str
    municipality: str
    title: str
    event_date: date | None
    teams: tuple[SheetTeam, ...]  # the session's teams, then the blank sheet
    layout: SheetLayout
    base_url: str
    municipalities: tuple[str, ...] = ()  # a regional session's municipalities (the blank sheet ticks one)


def entry_url(base_url: str, code: str, team: str, lang: str | None = None) -> str:
    """The entry form of one sheet: code and team only (the facilitator key is never printed)."""
    query = ({"lang": lang} if lang and lang != "nl" else {}) | {"code": code, "team": team}
    return f"{base_url.rstrip('/')}/{PAGE}?{urlencode(query)}"


@functools.lru_cache(maxsize=256)
def qr_data_url(url: str) -> str:
    import segno

    return segno.make(url, error="m").png_data_uri(scale=4, border=2, dark="#000000", light="#ffffff")


def _context(sheets: PaperSheets, lang: str) -> dict[str, Any]:
    from markupsafe import Markup

    def tx(value: Text | None) -> str:
        return value.get(lang) if value is not None else ""

    lay = sheets.layout
    rounds = [
        {
            "title": tx(r.title),
            "questions": [
                {
                    "number": q.number,
                    "kind": q.kind,
                    "question": tx(q.question),
                    "context": tx(q.context),
                    "choices": [{"letter": c.letter, "text": tx(c.text)} for c in q.choices],
                    "allow_text": q.allow_text,
                    "unit": tx(q.unit),
                    "max_choices": q.max_choices,
                }
                for q in r.questions
            ],
        }
        for r in lay.rounds
    ]
    scan = [
        {
            "number": q.number,
            "dimension": tx(q.dimension),
            "question": tx(q.question),
            "levels": [tx(x) for x in q.levels],
        }
        for q in lay.scan_questions
    ]
    pulse = [{"number": q.number, "text": tx(q.text)} for q in lay.pulse]
    teams = [
        {
            "name": team.name,
            "municipality": team.municipality,
            "url": entry_url(sheets.base_url, sheets.code, team.key, lang),
            "qr": qr_data_url(entry_url(sheets.base_url, sheets.code, team.key, lang)),
        }
        for team in sheets.teams
    ]
    return {
        "lang": lang,
        "t": lambda key, **params: t(key, lang, **params),
        "page_css": Markup(pdf.page_css(lang)),
        "code": sheets.code,
        "municipality": sheets.municipality,
        "title": sheets.title,
        "date": format_date(sheets.event_date, lang) if sheets.event_date else "",
        "teams": teams,
        "municipalities": sheets.municipalities,
        "game_title": tx(lay.game_title),
        "rounds": rounds,
        "scan": scan,
        "scan_kind": lay.scan,
        "levels": LEVELS,
        "dont_know": DONT_KNOW_MARK,
        "pulse": pulse,
        "scale": SCALE,
        "pulse_low": tx(lay.pulse_low),
        "pulse_high": tx(lay.pulse_high),
    }


def render_html(sheets: PaperSheets, lang: str = "nl") -> str:
    """All sheets as one HTML page (one section per team)."""
    lang = normalize_lang(lang)
    return jinja.render("paper.html.j2", **_context(sheets, lang))


def render_pdf(sheets: PaperSheets, lang: str = "nl") -> bytes:
    """The sheets on A4, each team's sheet numbered on its own ("pagina 1 van 3" for that team), so a
    table can hand out its pages without counting through the other teams'."""
    lang = normalize_lang(lang)
    return pdf.htmls_to_pdf([render_html(replace(sheets, teams=(team,)), lang) for team in sheets.teams])


def file_name(code: str, lang: str = "nl") -> str:
    return f"{t('paper.file_stem', normalize_lang(lang))}-{code}.pdf"


__all__ = [
    "DONT_KNOW",
    "NEW_TEAM",
    "PAGE",
    "Choice",
    "GameQuestion",
    "GameRound",
    "PaperSheets",
    "PulseQuestion",
    "ScanQuestion",
    "SheetLayout",
    "SheetTeam",
    "entry_url",
    "file_name",
    "layout",
    "qr_data_url",
    "render_html",
    "render_pdf",
]
