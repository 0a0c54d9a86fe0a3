"""The awareness day as a record for the municipality's AI-literacy file (AI Act, Article 4).

One public function per caller, each reading the session once, in one read transaction, and
returning the complete view model :class:`~dshub.reports.literacy.LiteracyRecord` (render it with
:mod:`dshub.reports.literacy`):

* :func:`record_for_facilitator`: the facilitator page (facilitator key);
* :func:`record_for_code`: the command line (join code; whoever runs it has the database).

What counts (see also the notes the record itself prints):

* Teams are the session's teams the facilitator did not remove; participants are the devices in
  those teams (in a self-assessment, the respondents without a team).
* Roles: per team the union of the roles its members ticked when joining and the roles the team named
  in the ethical data assistant (``_roles``, only roles the assistant knows); the record gives per role
  the number of teams with it.
  Nothing else about participants is read: no tokens (they are only stored hashed anyway), no names,
  no notes or other text participants typed, and team names are left out too.
* Game: the rounds with at least one revealed card (:meth:`GameState.played_rounds`), with title and
  lesson from the game file the session plays. The pulse: every participant's score per statement,
  before and after, as counts per score.
* Ethics: per theme of the assistant, the teams that answered at least one of its questions.
* Maturity scan: the session's scan (quick, full, or each team's own choice) and how many teams and
  participants answering for themselves saved at least one answer.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dshub import security
from dshub.content import ContentBundle
from dshub.content.base import Text
from dshub.errors import NotFound
from dshub.ethics.content import EthicsContent
from dshub.game.content import GameContent
from dshub.game.state import GameState, InvalidState
from dshub.i18n import t
from dshub.legal.content import LegalFact, LegalFacts
from dshub.reports.literacy import (
    LEGAL_FACT,
    SCALE,
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
)
from dshub.services import ethics, game, maturity, workshops
from dshub.store.answers import participant_scope, team_scope
from dshub.store.db import Database
from dshub.store.models import Answer, GameSession, Participant, Team, Workshop

ETHICS_CONTENT = "ethics"  # the assistant the ethics pages use
_INSTRUMENTS = (ethics.INSTRUMENT, maturity.INSTRUMENT, maturity.DEPTH_INSTRUMENT, game.PULSE_INSTRUMENT)


def _local_day(moment: datetime | None) -> date | None:
    """The day of a stored moment in the server's time zone (as the ethics report dates a record)."""
    return moment.astimezone().date() if moment is not None else None


def _by_code(session: Session, code: str | None) -> Workshop:
    normal = security.normalize_code(code)
    workshop = session.scalars(select(Workshop).where(Workshop.code == normal)).one_or_none() if normal else None
    if workshop is None:
        raise NotFound("error.code_unknown")
    return workshop


def _role_labels(ethics_content: EthicsContent | None) -> dict[str, Text]:
    """Role id -> name: the join form's roles first (their app labels), then the assistant's own."""
    labels = {r: Text(nl=t(f"role.{r}", "nl"), en=t(f"role.{r}", "en")) for r in workshops.ROLES}
    for role in ethics_content.roles if ethics_content is not None else ():
        labels.setdefault(role.id, role.name)
    return labels


def _roles(tables: dict[str, set[str]], labels: dict[str, Text]) -> tuple[RoleCount, ...]:
    """Per role the number of tables (teams, or respondents without a team) with it: the join form's
    roles always (also at zero), the assistant's other roles once present. A role neither knows is left
    out: it can only come from a loaded report file, where a team may have typed anything."""
    counts: dict[str, int] = {}
    for roles in tables.values():
        for role in roles:
            counts[role] = counts.get(role, 0) + 1
    return tuple(
        RoleCount(r, label, counts.get(r, 0)) for r, label in labels.items() if r in workshops.ROLES or counts.get(r)
    )


def _ethics_content(content: ContentBundle) -> EthicsContent | None:
    if ETHICS_CONTENT in content.files and isinstance(content.files[ETHICS_CONTENT], EthicsContent):
        return content.get(ETHICS_CONTENT, EthicsContent)
    found = content.of_kind(EthicsContent)
    return found[0] if found else None


def _game_part(session: Session, workshop: Workshop, content: ContentBundle) -> tuple[GamePart, GameContent | None]:
    row = session.execute(
        select(GameSession.content_id, GameSession.state).where(GameSession.workshop_id == workshop.id)
    ).one_or_none()
    try:
        played_game = game.pick_game(content, row.content_id if row is not None else None)
    except NotFound:  # the session's game file (or every game file) is gone
        played_game = None
    title = played_game.title if played_game is not None else None
    if row is None:  # the console was never opened: nothing was played
        return GamePart(title), played_game
    try:
        state = GameState.from_dict(row.state)
    except InvalidState:
        return GamePart(title, readable=False), played_game
    rounds = []
    for round_id in state.played_rounds():
        try:
            rnd = played_game.round(round_id) if played_game is not None else None
        except KeyError:
            rnd = None
        rounds.append(RoundPlayed(round_id, rnd.title if rnd else None, rnd.lesson if rnd else None))
    return GamePart(title, tuple(rounds)), played_game


def _pulse(rows: Iterable[Any], played_game: GameContent | None) -> tuple[PulseResult, ...]:
    counts: dict[str, dict[str, list[int]]] = {}
    for row in rows:
        statement, _, moment = row.item_id.partition("@")
        score = (row.value or {}).get("score") if isinstance(row.value, dict) else None
        if moment not in game.MOMENTS or isinstance(score, bool) or score not in SCALE:
            continue
        tally = counts.setdefault(statement, {m: [0] * len(SCALE) for m in game.MOMENTS})
        tally[moment][SCALE.index(score)] += 1
    texts = {s.id: s.text for s in played_game.pulse.statements} if played_game is not None else {}
    order = list(texts) + sorted(s for s in counts if s not in texts)
    empty = {m: [0] * len(SCALE) for m in game.MOMENTS}
    return tuple(
        PulseResult(
            s,
            texts.get(s),
            PulseTally(tuple(counts.get(s, empty)["before"])),
            PulseTally(tuple(counts.get(s, empty)["after"])),
        )
        for s in order
    )


def _ethics_part(rows: Iterable[Any], tables: dict[str, set[str]], assistant: EthicsContent | None) -> EthicsPart:
    """Per theme the tables that answered at least one of its questions (a cleared answer does not count)."""
    by_theme: dict[str, set[str]] = {}
    for row in rows:
        if (
            row.scope not in tables
            or row.item_id in ethics.RESERVED
            or row.value is None
            or assistant is None
            or not assistant.has_question(row.item_id)
        ):
            continue
        by_theme.setdefault(assistant.theme_of(row.item_id).id, set()).add(row.scope)
    themes = tuple(
        ThemeCount(th.id, th.title, len(by_theme[th.id]))
        for th in (assistant.themes if assistant is not None else ())
        if th.id in by_theme
    )
    return EthicsPart(len(set().union(*by_theme.values())) if by_theme else 0, themes)


def _scan_part(workshop: Workshop, answers: Iterable[Any], depths: Iterable[Any], active_teams: set[int]) -> ScanPart:
    teams: set[int] = set()
    individuals: set[int] = set()
    for row in answers:
        if row.value is None:
            continue
        if row.team_id is not None and row.team_id in active_teams:
            teams.add(row.team_id)
        elif row.participant_id is not None:
            individuals.add(row.participant_id)
    setting = maturity.scan_setting(workshop)
    by_scan: tuple[ScanCount, ...] = ()
    if setting == "both":  # each owner's own choice; an owner that never chose answers the quickscan
        chosen = {r.scope: r.value for r in depths if r.item_id == maturity.DEPTH_ITEM}
        owners = [team_scope(i) for i in teams] + [participant_scope(i) for i in individuals]
        per_scan = {
            s: sum(1 for o in owners if (chosen.get(o) if chosen.get(o) in maturity.SCANS else "quick") == s)
            for s in maturity.SCANS
        }
        by_scan = tuple(ScanCount(s, n) for s, n in per_scan.items())
    return ScanPart(setting, len(teams), len(individuals), by_scan)


def _record(session: Session, workshop: Workshop, content: ContentBundle, now: datetime | None) -> LiteracyRecord:
    wid = workshop.id
    active_teams = set(session.scalars(select(Team.id).where(Team.workshop_id == wid, Team.removed_at.is_(None))))
    people = session.execute(
        select(Participant.id, Participant.team_id, Participant.roles, Participant.created_at).where(
            Participant.workshop_id == wid
        )
    ).all()
    counted = [p for p in people if p.team_id is None or p.team_id in active_teams]
    # A "table": an active team, or a respondent without a team (a self-assessment).
    tables: dict[str, set[str]] = {team_scope(i): set() for i in active_teams}
    for p in counted:
        scope = team_scope(p.team_id) if p.team_id is not None else participant_scope(p.id)
        tables.setdefault(scope, set()).update(r for r in p.roles or () if isinstance(r, str))
    rows = session.execute(
        select(
            Answer.scope, Answer.team_id, Answer.participant_id, Answer.instrument, Answer.item_id, Answer.value
        ).where(Answer.workshop_id == wid, Answer.instrument.in_(_INSTRUMENTS))
    ).all()
    by_instrument: dict[str, list[Any]] = {}
    for row in rows:
        by_instrument.setdefault(row.instrument, []).append(row)
    first_answer, last_answer = session.execute(
        select(func.min(Answer.created_at), func.max(Answer.updated_at)).where(Answer.workshop_id == wid)
    ).one()

    assistant = _ethics_content(content)
    ethics_rows = by_instrument.get(ethics.INSTRUMENT, [])
    for row in ethics_rows:  # the roles a team named in the assistant count as present
        if row.item_id == ethics.ROLES and row.scope in tables and isinstance(row.value, list):
            tables[row.scope].update(r for r in row.value if isinstance(r, str))

    modules = tuple(m for m in workshops.MODULES if m in (workshop.modules or ()))
    game_part = pulse = ethics_part = scan_part = None
    if game.MODULE in modules:
        game_part, played_game = _game_part(session, workshop, content)
        pulse = _pulse(by_instrument.get(game.PULSE_INSTRUMENT, []), played_game)
    if "ethics" in modules:
        ethics_part = _ethics_part(ethics_rows, tables, assistant)
    if "maturity" in modules:
        scan_part = _scan_part(
            workshop,
            by_instrument.get(maturity.INSTRUMENT, []),
            by_instrument.get(maturity.DEPTH_INSTRUMENT, []),
            active_teams,
        )

    moments = [m for m in (first_answer, last_answer, *(p.created_at for p in counted)) if m is not None]
    return LiteracyRecord(
        code=workshop.code,
        municipality=workshop.municipality,
        title=workshop.title,
        kind=workshop.kind,
        event_date=workshop.event_date,
        first_activity=_local_day(min(moments)) if moments else None,
        last_activity=_local_day(max(moments)) if moments else None,
        modules=modules,
        teams=len(active_teams),
        participants=len(counted),
        roles=_roles(tables, _role_labels(assistant)),
        game=game_part,
        pulse=pulse,
        ethics=ethics_part,
        scan=scan_part,
        generated_at=now or datetime.now().astimezone(),
        legal=_art4(content),
        from_paper=session.scalar(
            select(func.count()).select_from(Answer).where(Answer.workshop_id == wid, Answer.source == "paper")
        )
        or 0,
    )


def _art4(content: ContentBundle) -> LegalFact | None:
    """AI Act Art. 4 as the legal facts file states it (None when the folder has no legal facts)."""
    for facts in content.of_kind(LegalFacts):
        if any(f.id == LEGAL_FACT for f in facts.facts):
            return facts.fact(LEGAL_FACT)
    return None


def record_for_facilitator(
    db: Database, content: ContentBundle, key: str | None, *, now: datetime | None = None
) -> LiteracyRecord:
    """The AI-literacy record of the facilitator's session."""
    with db.read() as session:
        return _record(session, workshops.workshop_for_facilitator(session, key), content, now)


def record_for_code(
    db: Database, content: ContentBundle, code: str | None, *, now: datetime | None = None
) -> LiteracyRecord:
    """The AI-literacy record of the session with this join code (command line; case, spaces and dashes
    do not matter)."""
    with db.read() as session:
        return _record(session, _by_code(session, code), content, now)


__all__ = ["record_for_code", "record_for_facilitator"]
