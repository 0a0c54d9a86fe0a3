"""Paper answer sheets: print them (one per team, plus a blank one), and type them in afterwards.

* :func:`sheets_for_facilitator` / :func:`sheets_for_code` (the CLI): the view model of the PDF
  (:mod:`dshub.reports.paper`), with the session's teams and the numbered questions of its game, its
  scan and the awareness pulse.
* :func:`entry_view`: what the entry form shows for one sheet (the same numbered questions, what the
  team has stored). The form needs the facilitator key; the QR code on a sheet carries only the code
  and the team (a sheet may be left on a table, so it holds no secret).
* :func:`submit_sheet`: one sheet typed in, in one transaction. The answers are the same rows the
  devices write (team scope): game answers (instrument ``game``), scan answers (``maturity``) and the
  pulse (``pulse``, item ``<statement>@before|after``; on team scope, one score per sheet). Every value
  written is marked ``source="paper"`` (:attr:`dshub.store.models.Answer.source`), which the exports
  show. A field left empty changes nothing; a value equal to the stored one is not written again, so
  typing the same sheet twice changes nothing (and an evidence note typed on a device is kept).

A sheet typed in does not depend on the game's state: the answers are stored as the team's answers
and count like any other once their card is revealed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dshub.content import ContentBundle
from dshub.errors import Forbidden, Invalid, NotFound
from dshub.game.content import GameContent
from dshub.game.scoring import InvalidAnswer, normalise_answer
from dshub.game.state import GameState, InvalidState
from dshub.i18n import t
from dshub.maturity.content import MaturityModel
from dshub.reports import paper as sheet
from dshub.services import game as game_service
from dshub.services import live, maturity, workshops
from dshub.store.answers import save_answer, team_scope
from dshub.store.db import Database
from dshub.store.models import Answer, Team, Workshop, WorkshopMunicipality

SOURCE = "paper"
INSTRUMENTS = (game_service.INSTRUMENT, maturity.INSTRUMENT, game_service.PULSE_INSTRUMENT)


class SheetRefused(Invalid):
    """A value on the sheet that does not fit its question: says which question (``G3``) and why."""

    def __init__(self, number: str, reason_key: str, **reason_params: Any):
        super().__init__("paper.error.answer", number=number, reason=reason_key)
        self.number, self.reason_key, self.reason_params = number, reason_key, reason_params

    def message(self, lang: str) -> str:
        return t("paper.error.answer", lang, number=self.number, reason=t(self.reason_key, lang, **self.reason_params))


# --------------------------------------------------------------------------- the sheets (PDF)


@dataclass(frozen=True)
class _Game:
    content: GameContent
    agenda: tuple[str, ...] | None  # the rounds as the console plays them (None: not opened yet, file order)


def _game(session: Session, workshop: Workshop, content: ContentBundle) -> _Game | None:
    if game_service.MODULE not in (workshop.modules or ()):
        return None
    row = game_service.session_row(session, workshop)  # the game the session plays, else the default one
    game = game_service.pick_game(content, row.content_id if row is not None else None)
    agenda = None
    if row is not None:
        try:
            state = GameState.from_dict(row.state)
        except InvalidState:
            state = None  # the console says the state is damaged; a sheet still prints, in file order
        if state is not None:
            agenda = tuple(r for r in state.agenda if r not in state.skipped)
    return _Game(game, agenda)


def _layout(
    session: Session,
    workshop: Workshop,
    content: ContentBundle,
    game: _Game | None = None,
    *,
    every_round: bool = False,
) -> sheet.SheetLayout:
    """The sheet's questions: the game's rounds as the console orders them (skipped rounds left out), or
    with ``every_round`` all of them (checking a sheet printed before a round was skipped)."""
    game = game or _game(session, workshop, content)
    model = content.get("maturity", MaturityModel) if "maturity" in (workshop.modules or ()) else None
    # The session's scan: the quickscan for a workshop (also when each team may choose: a team on
    # paper answers the quickscan, part of either scan), the full scan for a self-assessment.
    return sheet.layout(
        game.content if game else None,
        model,
        maturity.scan_of(workshop) if model else None,
        None if game is None or every_round else game.agenda,
    )


def _active_teams(session: Session, workshop_id: int) -> tuple[sheet.SheetTeam, ...]:
    rows = session.execute(
        select(Team.id, Team.name, WorkshopMunicipality.name.label("municipality"))
        .outerjoin(WorkshopMunicipality, WorkshopMunicipality.id == Team.municipality_id)
        .where(Team.workshop_id == workshop_id, Team.removed_at.is_(None))
        .order_by(Team.id)
    ).all()
    return tuple(sheet.SheetTeam(str(r.id), r.name, r.municipality) for r in rows)


def _places(session: Session, workshop_id: int) -> tuple[workshops.MunicipalityInfo, ...]:
    """The session's municipalities when it is regional (a new team says which one it comes from)."""
    places = workshops.municipality_infos(session, workshop_id)
    return places if len(places) > 1 else ()


def _sheets(session: Session, workshop: Workshop, content: ContentBundle, base_url: str) -> sheet.PaperSheets:
    teams = (*_active_teams(session, workshop.id), sheet.SheetTeam(sheet.NEW_TEAM, None))
    return sheet.PaperSheets(
        workshop.code,
        workshop.municipality,
        workshop.title,
        workshop.event_date,
        teams,
        _layout(session, workshop, content),
        base_url,
        tuple(p.name for p in _places(session, workshop.id)),
    )


def sheets_for_facilitator(db: Database, content: ContentBundle, key: str | None, base_url: str) -> sheet.PaperSheets:
    with db.read() as session:
        return _sheets(session, workshops.workshop_for_facilitator(session, key), content, base_url)


def sheets_for_code(db: Database, content: ContentBundle, code: str | None, base_url: str) -> sheet.PaperSheets:
    """For the CLI (an administrator on the server): the session with this join code."""
    with db.read() as session:
        workshop = session.scalars(select(Workshop).where(Workshop.code == (code or "").strip().upper())).one_or_none()
        if workshop is None:
            raise NotFound("error.code_unknown")
        return _sheets(session, workshop, content, base_url)


# --------------------------------------------------------------------------- typing a sheet in


@dataclass(frozen=True)
class StoredSheet:
    """What a team has stored for the questions of a sheet (from a device or from paper)."""

    game: dict[str, Any] = field(default_factory=dict)  # card id -> answer value
    scan: dict[str, int | str] = field(default_factory=dict)  # item id -> 1..5 or "dk"
    pulse: dict[str, dict[str, int]] = field(default_factory=dict)  # moment -> statement -> 1..5
    from_paper: int = 0  # how many of the team's answers came from paper


@dataclass(frozen=True)
class EntryView:
    workshop: workshops.WorkshopInfo
    layout: sheet.SheetLayout
    teams: tuple[sheet.SheetTeam, ...]  # the session's teams, then the blank sheet
    team: sheet.SheetTeam | None  # the sheet being typed in (None: none chosen yet, or not found)
    stored: StoredSheet
    municipalities: tuple[workshops.MunicipalityInfo, ...] = ()  # regional: a new team picks one


@dataclass(frozen=True)
class SheetEntry:
    """One sheet as typed in: game answers by card id (the card's answer value, see
    :func:`dshub.game.scoring.normalise_answer`), scan levels by item id (1..5 or ``"dk"``), pulse scores
    by moment (``before``/``after``) and statement id. Leave out what the sheet leaves empty."""

    game: Mapping[str, Any] = field(default_factory=dict)
    scan: Mapping[str, int | str] = field(default_factory=dict)
    pulse: Mapping[str, Mapping[str, int]] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not (self.game or self.scan or any(self.pulse.values()))


@dataclass(frozen=True)
class Submitted:
    team: sheet.SheetTeam
    changed: int  # answers written (new or different)
    unchanged: int  # answers already stored with that value


def _workshop(session: Session, key: str | None, code: str | None) -> Workshop:
    workshop = workshops.workshop_for_facilitator(session, key)
    if code and code.strip().upper() != workshop.code:
        raise Forbidden("paper.entry.wrong_session", code=code.strip().upper()[:6])
    return workshop


def _team(session: Session, workshop: Workshop, team: str | None) -> sheet.SheetTeam | None:
    if team is None or team == "":
        return None
    if team == sheet.NEW_TEAM:
        return sheet.SheetTeam(sheet.NEW_TEAM, None)
    found = next((t for t in _active_teams(session, workshop.id) if t.key == str(team)), None)
    if found is None:
        raise NotFound("error.team_not_found")
    return found


def _stored(session: Session, workshop_id: int, team_id: int) -> StoredSheet:
    rows = session.execute(
        select(Answer.instrument, Answer.item_id, Answer.value, Answer.source).where(
            Answer.workshop_id == workshop_id, Answer.scope == team_scope(team_id), Answer.instrument.in_(INSTRUMENTS)
        )
    ).all()
    stored = StoredSheet()
    for r in rows:
        if r.instrument == game_service.INSTRUMENT:
            stored.game[r.item_id] = r.value
        elif r.instrument == maturity.INSTRUMENT:
            stored.scan[r.item_id] = r.value
        else:
            statement, _, moment = r.item_id.partition("@")
            score = r.value.get("score") if isinstance(r.value, dict) else None
            if moment in game_service.MOMENTS and isinstance(score, int):
                stored.pulse.setdefault(moment, {})[statement] = score
    return StoredSheet(stored.game, stored.scan, stored.pulse, sum(1 for r in rows if r.source == SOURCE))


def entry_view(
    db: Database, content: ContentBundle, key: str | None, *, code: str | None = None, team: str | None = None
) -> EntryView:
    """The entry form of one sheet: ``code`` (from the QR code) must be the facilitator's session."""
    with db.read() as session:
        workshop = _workshop(session, key, code)
        chosen = _team(session, workshop, team)
        stored = (
            _stored(session, workshop.id, int(chosen.key))
            if chosen is not None and chosen.key != sheet.NEW_TEAM
            else StoredSheet()
        )
        return EntryView(
            workshops.WorkshopInfo.of(workshop),
            _layout(session, workshop, content),
            (*_active_teams(session, workshop.id), sheet.SheetTeam(sheet.NEW_TEAM, None)),
            chosen,
            stored,
            _places(session, workshop.id),
        )


def parse_number(text: str | None) -> float | None:
    """A number as people type it: ``1200``, ``1.200``/``1,200`` are not guessed at: a single comma or
    dot is the decimal mark (``3,5`` = ``3.5``); with both, the last one is. Empty: None; else ValueError."""
    raw = "".join(str(text or "").split())
    if not raw:
        return None
    if "," in raw and "." in raw:
        decimal = "," if raw.rfind(",") > raw.rfind(".") else "."
        raw = raw.replace("." if decimal == "," else ",", "").replace(",", ".")
    else:
        raw = raw.replace(",", ".")
    value = float(raw)
    if value != value or value in (float("inf"), float("-inf")):
        raise ValueError(text)
    return value


def _checked(layout: sheet.SheetLayout, game: GameContent | None, entry: SheetEntry) -> list[tuple[str, str, Any]]:
    """(instrument, item id, value) for every filled-in field, checked; the first bad one is refused."""
    out: list[tuple[str, str, Any]] = []
    for card_id, value in entry.game.items():
        try:
            question = layout.game_question(card_id)
        except KeyError:
            raise Invalid("paper.error.unknown_question", number=card_id) from None
        if question.kind == sheet.ESTIMATE and isinstance(value, Mapping) and isinstance(value.get("value"), str):
            try:
                value = {"value": parse_number(value["value"])}
            except ValueError:
                raise Invalid("paper.error.bad_number", number=question.number, value=value["value"][:40]) from None
        assert game is not None  # the layout has game questions only when there is a game
        try:
            normalised = normalise_answer(game.card(card_id)[1], value)
        except InvalidAnswer as exc:
            raise SheetRefused(question.number, exc.key, **exc.params) from None
        out.append((game_service.INSTRUMENT, card_id, normalised))
    scan_items = {q.item_id: q.number for q in layout.scan_questions}
    for item_id, level in entry.scan.items():
        if item_id not in scan_items:
            raise Invalid("paper.error.unknown_question", number=item_id)
        if isinstance(level, bool) or level not in (*sheet.LEVELS, sheet.DONT_KNOW):
            raise SheetRefused(scan_items[item_id], "maturity.error.bad_value")
        out.append((maturity.INSTRUMENT, item_id, level))
    statements = {q.statement_id: q.number for q in layout.pulse}
    for moment, scores in entry.pulse.items():
        if moment not in game_service.MOMENTS:
            raise Invalid("game.pulse.bad_input")
        for statement, score in scores.items():
            if statement not in statements:
                raise Invalid("paper.error.unknown_question", number=statement)
            if isinstance(score, bool) or score not in sheet.SCALE:
                raise SheetRefused(statements[statement], "game.answer.bad_score", low=1, high=5)
            out.append((game_service.PULSE_INSTRUMENT, f"{statement}@{moment}", {"score": score}))
    return out


def submit_sheet(
    db: Database,
    content: ContentBundle,
    key: str | None,
    team: str,
    entry: SheetEntry,
    *,
    code: str | None = None,
    new_team_name: str | None = None,
    municipality_id: int | None = None,
) -> Submitted:
    """Store one typed-in sheet for ``team`` (a team id, or ``"new"`` with ``new_team_name`` and, in a
    regional session, the ``municipality_id`` ticked on the sheet), in one transaction: everything is
    checked first, so a bad field stores nothing. Idempotent (see the module)."""
    with db.write() as session:
        workshop = _workshop(session, key, code)
        chosen = _team(session, workshop, team)
        if chosen is None:
            raise NotFound("error.team_not_found")
        game = _game(session, workshop, content)
        # Every round: a sheet printed before the console skipped a round may hold answers for it.
        values = _checked(
            _layout(session, workshop, content, game, every_round=True), game.content if game else None, entry
        )
        if not values:
            raise Invalid("paper.entry.nothing")
        if chosen.key == sheet.NEW_TEAM:
            if not (new_team_name or "").strip():
                raise Invalid("paper.error.new_team_name")
            # The same name as on a device (or a second time) lands in that team: idempotent. In a
            # regional session the team comes from the municipality ticked on the sheet, as on joining.
            row = workshops.team_for(session, workshop, new_team_name=new_team_name, municipality_id=municipality_id)
            session.flush()
            chosen = sheet.SheetTeam(str(row.id), row.name)
        team_id = int(chosen.key)
        scope = team_scope(team_id)
        current = {
            (r.instrument, r.item_id): r
            for r in session.execute(
                select(Answer.instrument, Answer.item_id, Answer.value, Answer.note).where(
                    Answer.workshop_id == workshop.id, Answer.scope == scope, Answer.instrument.in_(INSTRUMENTS)
                )
            ).all()
        }
        game_version = game.content.version if game else ""
        versions = {
            game_service.INSTRUMENT: game_version,
            game_service.PULSE_INSTRUMENT: game_version,
            maturity.INSTRUMENT: content.get("maturity", MaturityModel).version
            if "maturity" in (workshop.modules or ())
            else "",
        }
        changed = 0
        for instrument, item_id, value in values:
            old = current.get((instrument, item_id))
            if old is not None and old.value == value:
                continue  # already stored (from a device or an earlier typing): nothing changes, not even the source
            save_answer(
                session,
                workshop_id=workshop.id,
                team_id=team_id,
                instrument=instrument,
                item_id=item_id,
                value=value,
                note=old.note if old is not None else None,
                content_version=versions[instrument],
                source=SOURCE,
            )
            changed += 1
        if changed:
            live.bump(session, workshop.id, live.BOARD, live.PULSE, live.team(team_id), live.scan(scope))
        return Submitted(chosen, changed, len(values) - changed)


def from_paper_count(session: Session, workshop_id: int) -> int:
    """Answers of the session entered from paper (inside the caller's transaction)."""
    return (
        session.scalar(
            select(func.count()).select_from(Answer).where(Answer.workshop_id == workshop_id, Answer.source == SOURCE)
        )
        or 0
    )


__all__ = [
    "SOURCE",
    "EntryView",
    "SheetEntry",
    "SheetRefused",
    "StoredSheet",
    "Submitted",
    "entry_view",
    "from_paper_count",
    "parse_number",
    "sheets_for_code",
    "sheets_for_facilitator",
    "submit_sheet",
]
