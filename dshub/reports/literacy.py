"""The awareness day as a record for the municipality's AI-literacy file (AI Act, Article 4).

:class:`LiteracyRecord` is the view model a service builds from one session
(:func:`dshub.services.literacy.record_for_facilitator`); the renderers here are pure:

* :func:`render_html`: one self-contained page from the Jinja2 template
  ``templates/literacy.html.j2`` (autoescape on, so a municipality name such as ``<b>&`` is text),
  with print CSS for A4, a ``lang`` attribute, headings in order and tables with captions and
  header cells with ``scope``. Print it to PDF from the browser, or:
* :func:`render_pdf`: that same HTML as a PDF (:mod:`dshub.reports.pdf`): the municipality and the
  date of the day in the page header, "pagina 1 van 2" in the footer.
* :func:`render_csv`: one row per fact (section, item, measure, value), UTF-8 with a BOM so Excel
  reads the accents. Dutch: ``;`` between fields and a decimal comma; English: ``,`` and a decimal
  point. Dates are ISO 8601 (2026-12-01) in both.

The record holds counts only: no names (not even team names), no participant tokens and no
text participants typed. Content texts (round titles, lessons, themes, statements) are kept in
both languages (:class:`~dshub.content.base.Text`) so one record renders in either.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from dshub.content.base import Text
from dshub.i18n import format_date, format_datetime, format_number, normalize_lang, t
from dshub.legal.content import LegalFact
from dshub.reports import csvfile, jinja, pdf

LEGAL_FACT = "ai_act_art4_literacy"  # the fact in questionnaires/legal.yaml this record answers to
SCALE = (1, 2, 3, 4, 5)  # the awareness pulse's scores (dshub.game.content.AwarenessPulse.SCALE)
FORMATS = ("html", "csv", "pdf")
MIME = {"html": "text/html", "csv": csvfile.MIME, "pdf": pdf.MIME}


# --------------------------------------------------------------------------- the view model


@dataclass(frozen=True)
class RoleCount:
    """A role and the number of teams (in a self-assessment: participants) with it at the table."""

    role: str
    label: Text
    count: int


@dataclass(frozen=True)
class RoundPlayed:
    """A round of the game that was played; ``title`` and ``lesson`` are None when the game file no
    longer has the round."""

    round_id: str
    title: Text | None
    lesson: Text | None


@dataclass(frozen=True)
class GamePart:
    title: Text | None  # the game's title (None: the game file is gone)
    rounds: tuple[RoundPlayed, ...] = ()
    readable: bool = True  # False: the game's stored state could not be read


@dataclass(frozen=True)
class PulseTally:
    """Answers per score 1..5 for one statement at one moment."""

    counts: tuple[int, ...] = (0,) * len(SCALE)

    @property
    def n(self) -> int:
        return sum(self.counts)

    @property
    def mean(self) -> float | None:
        return sum(s * c for s, c in zip(SCALE, self.counts)) / self.n if self.n else None


@dataclass(frozen=True)
class PulseResult:
    statement: str
    text: Text | None  # None: the game file no longer has the statement
    before: PulseTally = field(default_factory=PulseTally)
    after: PulseTally = field(default_factory=PulseTally)


@dataclass(frozen=True)
class ThemeCount:
    theme: str
    title: Text
    teams: int


@dataclass(frozen=True)
class EthicsPart:
    teams: int  # teams (or participants without a team) that answered at least one question
    themes: tuple[ThemeCount, ...] = ()


@dataclass(frozen=True)
class ScanCount:
    scan: str  # "quick" or "full"
    owners: int  # teams and participants answering for themselves with that scan


@dataclass(frozen=True)
class ScanPart:
    setting: str  # "quick", "full" or "both" (each team chooses)
    teams: int
    individuals: int
    by_scan: tuple[ScanCount, ...] = ()  # only when each team chose


@dataclass(frozen=True)
class LiteracyRecord:
    """Everything the record shows about one session. ``game``, ``pulse``, ``ethics`` and ``scan`` are
    None when that part was not in the session; ``code`` only names the file."""

    code: str
    municipality: str
    title: str
    kind: str
    event_date: date | None
    first_activity: date | None
    last_activity: date | None
    modules: tuple[str, ...]
    teams: int
    participants: int
    roles: tuple[RoleCount, ...]
    game: GamePart | None
    pulse: tuple[PulseResult, ...] | None
    ethics: EthicsPart | None
    scan: ScanPart | None
    generated_at: datetime
    legal: LegalFact | None = None  # AI Act Art. 4 with its source and check date, from the legal facts
    from_paper: int = 0  # answers typed in from paper answer sheets (dshub.services.paper)


# --------------------------------------------------------------------------- shared wording


def _text(value: Text | None, lang: str, fallback: str = "") -> str:
    return value.get(lang) if value is not None else fallback


def _day(value: date | None, lang: str) -> str:
    return value.isoformat() if value is not None else t("literacy.not_set", lang)


def _round_title(r: RoundPlayed, lang: str) -> str:
    return _text(r.title, lang, t("literacy.game.unknown_round", lang, id=r.round_id))


def _scan_label(scan: str, lang: str) -> str:
    return t(f"literacy.scan.{scan}", lang)


def _count_key(record: LiteracyRecord, base: str) -> str:
    return f"{base}.{'assessment' if record.kind == 'assessment' else 'workshop'}"


def _session_facts(record: LiteracyRecord, lang: str) -> list[tuple[str, str, str]]:
    """(fact id, label, value) for the session table."""

    def fact(name: str, value: str) -> tuple[str, str, str]:
        return name, t(f"literacy.session.{name}", lang), value

    facts = [
        fact("municipality", record.municipality),
        fact("title", record.title),
        fact("kind", t(f"literacy.kind.{record.kind}", lang)),
        fact("date", _day(record.event_date, lang)),
    ]
    if record.first_activity is not None:
        facts += [
            fact("first_activity", _day(record.first_activity, lang)),
            fact("last_activity", _day(record.last_activity, lang)),
        ]
    facts += [
        fact("modules", ", ".join(t(f"module.{m}", lang) for m in record.modules) or t("literacy.none", lang)),
        fact("teams", str(record.teams)),
        fact("participants", str(record.participants)),
    ]
    if record.from_paper:
        facts.append(fact("from_paper", str(record.from_paper)))
    return facts


# --------------------------------------------------------------------------- HTML


def _html_context(record: LiteracyRecord, lang: str) -> dict[str, Any]:
    """What the template shows, as plain text in ``lang`` (the template escapes it)."""
    from markupsafe import Markup

    def mean(tally: PulseTally) -> str:
        return format_number(tally.mean, lang, 1)

    pulse = None
    if record.pulse is not None:
        pulse = [
            {
                "text": _text(p.text, lang, p.statement),
                "before": {"n": p.before.n, "mean": mean(p.before), "counts": p.before.counts},
                "after": {"n": p.after.n, "mean": mean(p.after), "counts": p.after.counts},
            }
            for p in record.pulse
        ]
    game = None
    if record.game is not None:
        game = {
            "title": _text(record.game.title, lang, "–"),
            "readable": record.game.readable,
            "rounds": [
                {"title": _round_title(r, lang), "lesson": _text(r.lesson, lang, "–")} for r in record.game.rounds
            ],
        }
    ethics = None
    if record.ethics is not None:
        ethics = {
            "teams": record.ethics.teams,
            "themes": [{"title": th.title.get(lang), "teams": th.teams} for th in record.ethics.themes],
        }
    scan = None
    if record.scan is not None:
        scan = {
            "label": _scan_label(record.scan.setting, lang),
            "teams": record.scan.teams,
            "individuals": record.scan.individuals,
            "by_scan": [
                {
                    "label": t("literacy.scan.teams_by_scan", lang, scan=_scan_label(c.scan, lang).lower()),
                    "owners": c.owners,
                }
                for c in record.scan.by_scan
            ],
        }
    return {
        "lang": lang,
        "t": lambda key, **params: t(key, lang, **params),
        "page_css": Markup(pdf.page_css(lang)),  # our own CSS, with no text from users in it
        "municipality": record.municipality,
        "title": record.title,
        "date": format_date(record.event_date, lang) if record.event_date else "",
        "session_facts": [(label, value) for _, label, value in _session_facts(record, lang)],
        "roles": [{"label": r.label.get(lang), "count": r.count} for r in record.roles],
        "roles_caption": t(_count_key(record, "literacy.roles.caption"), lang),
        "roles_count": t(_count_key(record, "literacy.roles.count"), lang),
        "game": game,
        "pulse": pulse,
        "pulse_answers": sum(p.before.n + p.after.n for p in record.pulse or ()),
        "scale": SCALE,
        "ethics": ethics,
        "scan": scan,
        "legal": _legal(record, lang),
        "generated": format_datetime(record.generated_at, lang),
    }


def _legal(record: LiteracyRecord, lang: str) -> dict[str, Any] | None:
    fact = record.legal
    if fact is None:
        return None
    return {
        "basis": fact.legal_basis.get(lang),
        "title": fact.title.get(lang),
        "url": fact.primary_source.url,
        "source": fact.primary_source.title,
        "since": format_date(fact.applies_from, lang),
        "checked": format_date(fact.checked, lang),
        "checked_iso": fact.checked.isoformat(),
        "note": fact.note.get(lang) if fact.note else "",
    }


def render_html(record: LiteracyRecord, lang: str = "nl") -> str:
    """The record as one self-contained, printable HTML page in ``lang``."""
    lang = normalize_lang(lang)
    return jinja.render("literacy.html.j2", **_html_context(record, lang))


def render_pdf(record: LiteracyRecord, lang: str = "nl") -> bytes:
    """The record as a PDF: :func:`render_html`'s page laid out for A4 (see :mod:`dshub.reports.pdf`)."""
    return pdf.html_to_pdf(render_html(record, lang))


# --------------------------------------------------------------------------- CSV


def _decimal(value: float | None, lang: str, digits: int = 1) -> str:
    """A number for a spreadsheet in ``lang`` (see :mod:`dshub.reports.csvfile`); empty when missing."""
    return "" if value is None else csvfile.number(value, lang, digits)


def facts(record: LiteracyRecord, lang: str = "nl") -> list[tuple[str, str, str, str]]:
    """The record as rows of (section, item, measure, value), all text in ``lang``."""
    lang = normalize_lang(lang)
    rows: list[tuple[str, str, str, str]] = []

    def add(section: str, item: str, value: Any, measure: str = "") -> None:
        rows.append((section, item, measure, "" if value is None else str(value)))

    about = t("literacy.csv.about", lang)
    add(
        about,
        t("literacy.csv.statement", lang),
        " ".join(
            [
                t("literacy.about.text", lang, municipality=record.municipality),
                t("literacy.about.limits", lang),
                t("literacy.about.privacy", lang),
            ]
        ),
    )
    legal = _legal(record, lang)
    if legal is not None:
        add(about, t("literacy.csv.source", lang), legal["url"], legal["basis"])
        add(about, t("literacy.csv.checked", lang), legal["checked_iso"])
        if legal["note"]:
            add(about, t("literacy.csv.note", lang), legal["note"])
    add(about, t("literacy.csv.generated", lang), record.generated_at.isoformat(timespec="minutes"))

    section = t("literacy.session.heading", lang)
    for name, item, value in _session_facts(record, lang):
        if name == "modules":  # one row per part of the day
            for module in record.modules:
                add(section, t("literacy.session.module", lang), t(f"module.{module}", lang))
        else:
            add(section, item, value)

    section = t("literacy.roles.heading", lang)
    for role in record.roles:
        add(section, role.label.get(lang), role.count, t(_count_key(record, "literacy.roles.count"), lang))

    section = t("literacy.game.heading", lang)
    if record.game is None:
        add(section, t("literacy.session.module", lang), t("literacy.not_part", lang))
    else:
        add(section, t("literacy.game.name", lang), _text(record.game.title, lang))
        if not record.game.readable:
            add(section, t("literacy.game.rounds_played", lang), t("literacy.game.unreadable", lang))
        else:
            add(section, t("literacy.game.rounds_played", lang), len(record.game.rounds))
        for r in record.game.rounds:
            add(section, _round_title(r, lang), _text(r.lesson, lang), t("literacy.game.lesson", lang))

    section = t("literacy.pulse.heading", lang)
    if record.pulse is None:
        add(section, t("literacy.session.module", lang), t("literacy.not_part", lang))
    for p in record.pulse or ():
        text = _text(p.text, lang, p.statement)
        for moment, tally in (("before", p.before), ("after", p.after)):
            add(section, text, tally.n, t(f"literacy.pulse.{moment}_answers", lang))
            add(section, text, _decimal(tally.mean, lang), t(f"literacy.pulse.{moment}_mean", lang))
            for score, n in zip(SCALE, tally.counts):
                add(section, text, n, t(f"literacy.pulse.{moment}_score", lang, score=score))

    section = t("literacy.ethics.heading", lang)
    if record.ethics is None:
        add(section, t("literacy.session.module", lang), t("literacy.not_part", lang))
    else:
        add(section, t("literacy.ethics.teams", lang), record.ethics.teams)
        for theme in record.ethics.themes:
            add(section, theme.title.get(lang), theme.teams, t("literacy.ethics.count", lang))

    section = t("literacy.scan.heading", lang)
    if record.scan is None:
        add(section, t("literacy.session.module", lang), t("literacy.not_part", lang))
    else:
        add(section, t("literacy.scan.scan", lang), _scan_label(record.scan.setting, lang))
        add(section, t("literacy.scan.teams", lang), record.scan.teams)
        add(section, t("literacy.scan.individuals", lang), record.scan.individuals)
        for c in record.scan.by_scan:
            add(section, t("literacy.scan.teams_by_scan", lang, scan=_scan_label(c.scan, lang).lower()), c.owners)
    return rows


def render_csv(record: LiteracyRecord, lang: str = "nl") -> bytes:
    """The record as CSV bytes (see :mod:`dshub.reports.csvfile`): one row per fact, a header row first."""
    lang = normalize_lang(lang)
    header = [t(f"literacy.csv.{c}", lang) for c in ("section", "item", "measure", "value")]
    return csvfile.rows_to_csv(header, facts(record, lang), lang)


def render(record: LiteracyRecord, fmt: str, lang: str = "nl") -> bytes:
    """The record in ``fmt`` ("html", "csv" or "pdf") as the bytes of the file."""
    if fmt == "csv":
        return render_csv(record, lang)
    if fmt == "pdf":
        return render_pdf(record, lang)
    if fmt == "html":
        return render_html(record, lang).encode("utf-8")
    raise ValueError(f"unknown format {fmt!r}; use one of: {', '.join(FORMATS)}")


def file_name(code: str, fmt: str, lang: str = "nl") -> str:
    """``dshub-ai-geletterdheid-ABCDEF.html`` (the stem in ``lang``)."""
    return f"dshub-{t('literacy.file_stem', normalize_lang(lang))}-{code}.{fmt}"


__all__ = [
    "FORMATS",
    "LEGAL_FACT",
    "MIME",
    "SCALE",
    "EthicsPart",
    "GamePart",
    "LiteracyRecord",
    "PulseResult",
    "PulseTally",
    "RoleCount",
    "RoundPlayed",
    "ScanCount",
    "ScanPart",
    "ThemeCount",
    "facts",
    "file_name",
    "render",
    "render_csv",
    "render_html",
    "render_pdf",
]
