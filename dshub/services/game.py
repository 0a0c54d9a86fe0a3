"""Use cases for the awareness-day game: the facilitator's console, the teams' screens, the board.

Every public function is one user action and runs in one transaction. The pure
core lives in :mod:`dshub.game` (state machine, scoring); this module loads and
stores it:

* ``game_session`` (one row per workshop) holds the :class:`~dshub.game.state.GameState`
  as JSON and its ``version``. A facilitator command is written with
  ``UPDATE .. WHERE version = <the version the console showed>``; a stale console
  gets :class:`~dshub.errors.Conflict` (``game.error.stale``) and nothing changes.
* Team answers are answers with instrument ``game`` on team scope (item: card id),
  each member's own choice instrument ``game_choice`` on participant scope, the
  awareness pulse instrument ``pulse`` per participant (item ``<statement>@before`` or
  ``@after``). Bricks the facilitator gives are answers with instrument
  ``game_award`` on team scope: item ``award:<card id>`` for a dilemma award (0 to the
  card's ``max_bricks``) and ``correct:<card id>`` or ``correct`` for a correction
  (a signed number of bricks and a reason, set rather than added, so a second click
  does not count twice; one tied to a card counts once that card is revealed).
  ``answer_history`` keeps every earlier value of all of them.
* The timer: a question whose deadline has passed counts as locked everywhere at
  once. Reads show it locked (without writing); the next write stores the lock.
* A restart (:func:`restart_game`, e.g. after the game file changed mid-event) puts the
  session back in the lobby. The game's answers, choices and bricks so far stay in the
  database with their history, archived under the instrument ``<instrument>~v<version>``
  (the version of the game session they belonged to), so they no longer count.

Nothing depends on the facilitator's browser: every screen is rebuilt from the database.
"""

from __future__ import annotations

import threading
import time
import weakref
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, cast

from sqlalchemy import CursorResult, Engine, and_, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from dshub.content import ContentBundle
from dshub.errors import Conflict, Forbidden, Invalid, NotFound
from dshub.game.content import DilemmaCard, GameContent
from dshub.game.scoring import (
    Adjustment,
    InvalidAnswer,
    Results,
    TeamAnswer,
    normalise_answer,
    normalise_pulse_answer,
    revealed_card_ids,
    tally,
    team_answer_from_members,
)
from dshub.game.state import (
    CloseEndPulse,
    Command,
    GameError,
    GameState,
    InvalidState,
    Lock,
    OpenEndPulse,
    Pause,
    Phase,
    Resume,
    apply,
    new_game,
)
from dshub.services import live
from dshub.services.workshops import WorkshopInfo, seat_for_token, workshop_for_facilitator
from dshub.store.answers import save_answer
from dshub.store.db import Database
from dshub.store.models import Answer, GameSession, Participant, Team, Workshop, utcnow

PREFERRED_GAME = "game_awareness_day"
MODULE = "game"
INSTRUMENT = "game"
CHOICE_INSTRUMENT = "game_choice"
AWARD_INSTRUMENT = "game_award"
PULSE_INSTRUMENT = "pulse"
MOMENTS = ("before", "after")
MAX_CORRECTION = 20
MAX_REASON = 200
AWARD_PREFIX = "award:"
CORRECT_ITEM = "correct"
# What a restart archives (the pulse is about the day, not one run of the game, and stays).
GAME_INSTRUMENTS = (INSTRUMENT, CHOICE_INSTRUMENT, AWARD_INSTRUMENT)
# Errors that keep the game from loading, which a restart resolves.
RESTARTABLE = frozenset({"game.error.content_changed", "game.error.content_missing", "game.error.state_damaged"})


class GameRefused(Invalid):
    """A refused command or answer; wraps the core's :class:`GameError`, whose parameters need translating."""

    def __init__(self, error: GameError):
        super().__init__(error.key, **error.params)
        self.error = error

    def message(self, lang: str) -> str:
        return self.error.message(lang)


def _refused(key: str, **params: Any) -> GameRefused:
    return GameRefused(GameError(key, **params))


# --------------------------------------------------------------------------- views


@dataclass(frozen=True)
class TeamRef:
    key: str  # the team id as text: how teams are named in dshub.game.scoring
    name: str


@dataclass(frozen=True)
class CardRef:
    """The card on screen: its round, place in the round, id, and whether its key is shown."""

    round_id: str
    index: int
    card_id: str
    revealed: bool


@dataclass(frozen=True)
class Board:
    """What the live board shows: who answered, bricks, the pulse so far, and (at the end) the lessons."""

    teams: tuple[TeamRef, ...]
    results: Results
    answered: frozenset[str]
    played_rounds: tuple[str, ...]
    pulse_before: dict[str, list[int]] = field(default_factory=dict)
    pulse_after: dict[str, list[int]] = field(default_factory=dict)

    @property
    def names(self) -> dict[str, str]:
        return {t.key: t.name for t in self.teams}


@dataclass(frozen=True)
class ConsoleView:
    workshop: WorkshopInfo
    content_id: str
    state: GameState
    card: CardRef | None
    answers: dict[str, Any]  # team key -> confirmed answer to the card on screen
    awards: dict[str, int]  # team key -> dilemma bricks given for the card on screen
    corrections: dict[tuple[str, str | None], int]  # (team key, card id or None) -> bricks
    board: Board
    adjustments: tuple[Adjustment, ...] = ()  # every correction with its reason, in team order
    revealed_ids: tuple[str, ...] = ()  # revealed card ids in the order they were revealed
    live: Mapping[str, int] = field(default_factory=dict)  # the change counters this view was read at

    @property
    def watched(self) -> tuple[str, ...]:
        """The live topics the console and the projector follow."""
        return (live.GAME, live.BOARD, live.PULSE)

    def correctable_cards(self) -> list[str]:
        """Card ids bricks can be corrected for now: every revealed card, and the locked one on screen."""
        card = self.card
        locked = card is not None and not card.revealed and self.state.effective_phase is Phase.LOCKED
        return list(self.revealed_ids) + ([card.card_id] if card is not None and locked else [])


@dataclass(frozen=True)
class ConfirmedAnswer:
    value: Any
    revision: int
    confirmed_by: str | None  # the member's number in the team ("1", "2", ...)


@dataclass(frozen=True)
class TeamView:
    workshop: WorkshopInfo
    content_id: str
    team: TeamRef
    me: str  # this device's member number in the team
    state: GameState
    card: CardRef | None
    answer: ConfirmedAnswer | None
    choices: TeamAnswer | None  # every member's choice for the card on screen
    my_choice: Any | None
    board: Board
    pulse: dict[str, int]  # "<statement>@<moment>" -> score of this participant
    live: Mapping[str, int] = field(default_factory=dict)  # the change counters this view was read at

    @property
    def watched(self) -> tuple[str, ...]:
        """The live topics a team's screen follows: the game and its own team; all teams' bricks only
        while it shows the standings. The pulse's tally is left to the console and the projector."""
        topics: tuple[str, ...] = (live.GAME, live.team(self.team.key), live.PROGRAMME)
        if self.state.show_leaderboard or self.state.effective_phase is Phase.FINISHED:
            topics += (live.BOARD,)
        return topics

    @property
    def bricks(self) -> int:
        return self.board.results.totals.get(self.team.key, self.board.results.start_bricks)

    def card_bricks(self) -> int | None:
        """Bricks this team earned with the card on screen, once it is revealed."""
        if self.card is None or not self.card.revealed:
            return None
        return self.board.results.by_card.get(self.card.card_id, {}).get(self.team.key, 0)


@dataclass(frozen=True)
class SavedChoice:
    card_id: str
    value: Any
    revision: int


# --------------------------------------------------------------------------- helpers


def pick_game(content: ContentBundle, content_id: str | None = None) -> GameContent:
    """The game a session plays: ``content_id`` if stored, else ``game_awareness_day``, else the first game."""
    if content_id is not None:
        try:
            return content.get(content_id, GameContent)
        except KeyError:
            raise NotFound("game.error.content_missing", id=content_id) from None
    games = content.of_kind(GameContent)
    if not games:
        raise NotFound("game.error.no_game")
    return next((g for g in games if g.id == PREFERRED_GAME), games[0])


def available_games(content: ContentBundle) -> list[GameContent]:
    """Every game in the content, ``game_awareness_day`` first, then by id (what the console offers)."""
    return sorted(content.of_kind(GameContent), key=lambda g: (g.id != PREFERRED_GAME, g.id))


def _now(now: float | None) -> float:
    return time.time() if now is None else now


def _settle(state: GameState, now: float) -> GameState:
    """The state with an expired timer applied: the question locks itself."""
    return apply(state, Lock()) if state.timer_expired(now) else state


def _check_module(workshop: Workshop) -> None:
    if MODULE not in (workshop.modules or ()):
        raise Forbidden("game.error.module_off")


@dataclass
class _Loaded:
    workshop_id: int
    row_id: int | None
    stored_version: int
    game: GameContent
    state: GameState
    timer_locked: bool = False  # the timer ran out since the last write: ``state`` is locked


def session_row(session: Session, workshop: Workshop, *, lock: bool = False):
    """The workshop's game session row; ``lock`` holds it until the transaction ends (PostgreSQL),
    so writes that depend on the game's state (answers, commands, a restart) take turns."""
    query = select(GameSession.id, GameSession.content_id, GameSession.state, GameSession.version).where(
        GameSession.workshop_id == workshop.id
    )
    return session.execute(query.with_for_update() if lock else query).one_or_none()


def _load(session: Session, workshop: Workshop, content: ContentBundle, now: float, *, lock: bool = False) -> _Loaded:
    """The game of ``workshop`` (a lobby if the facilitator has not opened it yet), timer applied."""
    row = session_row(session, workshop, lock=lock)
    if row is None:
        game = pick_game(content)
        state = new_game(game.card_counts())
        return _Loaded(workshop.id, None, state.version, game, state)
    game = pick_game(content, row.content_id)
    try:
        state = GameState.from_dict(row.state)
    except InvalidState:
        raise Conflict("game.error.state_damaged") from None
    if dict(state.card_counts) != game.card_counts():
        raise Conflict("game.error.content_changed", id=game.id)
    settled = _settle(state, now)
    return _Loaded(workshop.id, row.id, row.version, game, settled, settled is not state)


def _create(session: Session, workshop: Workshop, content: ContentBundle) -> None:
    """Create the workshop's game session unless it exists (also under concurrent first opens)."""
    game = pick_game(content)
    state = new_game(game.card_counts())
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    session.execute(
        insert(GameSession)
        .values(
            workshop_id=workshop.id,
            content_id=game.id,
            content_version=game.version,
            state=state.to_dict(),
            version=state.version,
            updated_at=utcnow(),
        )
        .on_conflict_do_nothing(index_elements=["workshop_id"])
    )
    live.bump(session, workshop.id, live.GAME)


def _store(session: Session, loaded: _Loaded, new: GameState, game: GameContent | None = None) -> None:
    """Write ``new`` (and, when given, a new ``game`` to play) if nobody wrote since ``loaded`` was read.

    Else raise Conflict and change nothing.
    """
    values: dict[str, Any] = {"state": new.to_dict(), "version": new.version, "updated_at": utcnow()}
    if game is not None:
        values.update(content_id=game.id, content_version=game.version)
    # Session.execute is typed as returning Result; an UPDATE gives a CursorResult (rowcount).
    result = cast(
        "CursorResult[Any]",
        session.execute(
            update(GameSession)
            .where(GameSession.id == loaded.row_id, GameSession.version == loaded.stored_version)
            .values(**values)
            .execution_options(synchronize_session=False)
        ),
    )
    if result.rowcount != 1:
        raise Conflict("game.error.stale")
    live.bump(session, loaded.workshop_id, live.GAME)
    loaded.stored_version = new.version
    loaded.state = new
    if game is not None:
        loaded.game = game


def _load_for_write(session: Session, workshop: Workshop, content: ContentBundle, now: float) -> _Loaded:
    """Load and lock (creating the session if needed) and store an expired timer's lock."""
    loaded = _load(session, workshop, content, now, lock=True)
    if loaded.row_id is None:
        _create(session, workshop, content)
        loaded = _load(session, workshop, content, now, lock=True)
    if loaded.state.version != loaded.stored_version:
        _store(session, loaded, loaded.state)
    return loaded


def _card_on_screen(state: GameState, game: GameContent) -> CardRef | None:
    if state.effective_phase not in (Phase.QUESTION_OPEN, Phase.LOCKED, Phase.REVEALED):
        return None
    round_id, index = state.agenda[state.round_index], state.card_index
    card_id = game.round(round_id).cards[index].id
    return CardRef(round_id, index, card_id, state.is_revealed(round_id, index))


def _teams(session: Session, workshop_id: int) -> tuple[TeamRef, ...]:
    rows = session.execute(
        select(Team.id, Team.name).where(Team.workshop_id == workshop_id, Team.removed_at.is_(None)).order_by(Team.id)
    ).all()
    return tuple(TeamRef(str(r.id), r.name) for r in rows)


def _answers(session: Session, workshop_id: int, instrument: str) -> Sequence[Any]:
    return session.execute(
        select(
            Answer.team_id, Answer.participant_id, Answer.item_id, Answer.value, Answer.revision, Answer.saved_by
        ).where(Answer.workshop_id == workshop_id, Answer.instrument == instrument)
    ).all()


@dataclass(frozen=True)
class _Scores:
    answers: dict[str, dict[str, Any]]  # card id -> team key -> confirmed answer
    awards: dict[str, dict[str, int]]  # dilemma card id -> team key -> bricks
    adjustments: list[Adjustment]


def _scores(session: Session, workshop_id: int, game: GameContent) -> _Scores:
    """Every confirmed team answer, dilemma award and correction (for cards the game still has)."""
    answers: dict[str, dict[str, Any]] = {}
    for row in _answers(session, workshop_id, INSTRUMENT):
        answers.setdefault(row.item_id, {})[str(row.team_id)] = row.value
    awards: dict[str, dict[str, int]] = {}
    adjustments: list[Adjustment] = []
    for row in _answers(session, workshop_id, AWARD_INSTRUMENT):
        bricks = int((row.value or {}).get("bricks", 0))
        kind, _, card_id = row.item_id.partition(":")
        try:
            card = game.card(card_id)[1] if card_id else None
        except KeyError:
            continue  # the content no longer has this card
        if kind == "award" and isinstance(card, DilemmaCard):
            awards.setdefault(card_id, {})[str(row.team_id)] = bricks
        elif kind == CORRECT_ITEM:
            reason = (row.value or {}).get("reason") or ""
            adjustments.append(Adjustment(str(row.team_id), bricks, card_id or None, str(reason)))
    return _Scores(answers, awards, adjustments)


def _pulse(session: Session, workshop_id: int) -> tuple[dict[str, list[int]], dict[str, list[int]]]:
    before: dict[str, list[int]] = {}
    after: dict[str, list[int]] = {}
    for row in _answers(session, workshop_id, PULSE_INSTRUMENT):
        statement, _, moment = row.item_id.partition("@")
        score = (row.value or {}).get("score")
        if isinstance(score, int):
            (before if moment == "before" else after).setdefault(statement, []).append(score)
    return before, after


# Scores and board, shared by every screen of a workshop in this process. Three hundred devices
# redrawing after the facilitator opens a card need the same board: it is computed once. The key
# holds every counter the board depends on, read before the data in the same transaction, so a
# shared board is never older than its key.
_shared: weakref.WeakKeyDictionary[Engine, live.Shared] = weakref.WeakKeyDictionary()
_shared_lock = threading.Lock()


def _shared_boards(session: Session) -> live.Shared:
    engine = session.get_bind().engine
    with _shared_lock:
        cache = _shared.get(engine)
        if cache is None:
            cache = _shared[engine] = live.Shared(32)
        return cache


def _scores_and_board(
    session: Session, workshop_id: int, loaded: _Loaded, card: CardRef | None, counters: Mapping[str, int] | None
) -> tuple[_Scores, Board]:
    """Scores and board, shared between the screens of this process while nothing they show changed.

    ``counters``: the workshop's live counters read at the start of this transaction; ``None``
    (in a write transaction) computes afresh.
    """

    def build() -> tuple[_Scores, Board]:
        scores = _scores(session, workshop_id, loaded.game)
        return scores, _board(session, workshop_id, loaded, card, scores)

    if counters is None:
        return build()
    key = (
        workshop_id,
        loaded.game.id,
        loaded.game.version,
        loaded.stored_version,
        loaded.timer_locked,
        counters.get(live.GAME, 0),
        counters.get(live.BOARD, 0),
        counters.get(live.PULSE, 0),
    )
    return _shared_boards(session).get(key, build)


def _board(session: Session, workshop_id: int, loaded: _Loaded, card: CardRef | None, scores: _Scores) -> Board:
    game, state = loaded.game, loaded.state
    teams = _teams(session, workshop_id)
    keys = [t.key for t in teams]
    results = tally(
        game,
        keys,
        scores.answers,
        awards=scores.awards,
        adjustments=scores.adjustments,
        revealed=revealed_card_ids(state, game),
    )
    answered = frozenset(scores.answers.get(card.card_id, {})).intersection(keys) if card else frozenset()
    before, after = _pulse(session, workshop_id)
    return Board(teams, results, answered, tuple(state.played_rounds()), before, after)


# --------------------------------------------------------------------------- facilitator


def _facilitator(session: Session, key: str | None) -> Workshop:
    workshop = workshop_for_facilitator(session, key)
    _check_module(workshop)
    return workshop


def _console(
    session: Session, workshop: Workshop, loaded: _Loaded, counters: Mapping[str, int] | None = None
) -> ConsoleView:
    card = _card_on_screen(loaded.state, loaded.game)
    scores, board = _scores_and_board(session, workshop.id, loaded, card, counters)
    answers = (
        {team: value for team, value in scores.answers.get(card.card_id, {}).items() if team in board.names}
        if card
        else {}
    )
    corrections = {(a.team, a.card_id): a.bricks for a in scores.adjustments}
    order = {t.key: i for i, t in enumerate(board.teams)}
    adjustments = tuple(
        sorted(
            (a for a in scores.adjustments if a.team in order and a.bricks),
            key=lambda a: (order[a.team], a.card_id or ""),
        )
    )
    return ConsoleView(
        WorkshopInfo.of(workshop),
        loaded.game.id,
        loaded.state,
        card,
        answers,
        scores.awards.get(card.card_id, {}) if card else {},
        corrections,
        board,
        adjustments,
        tuple(revealed_card_ids(loaded.state, loaded.game)),
        dict(counters) if counters is not None else live.read(session, workshop.id),
    )


def open_console(db: Database, key: str | None, content: ContentBundle, *, now: float | None = None) -> ConsoleView:
    """The console as it is now; the first open creates the workshop's game session, and an expired
    timer is stored. Only those two take a write transaction: an ordinary page load is a read."""
    with db.read() as session:
        workshop = _facilitator(session, key)
        counters = live.read(session, workshop.id)
        loaded = _load(session, workshop, content, _now(now))
        if loaded.row_id is not None and not loaded.timer_locked:
            return _console(session, workshop, loaded, counters)
    with db.write() as session:
        workshop = _facilitator(session, key)
        loaded = _load_for_write(session, workshop, content, _now(now))
        return _console(session, workshop, loaded)


def console_view(db: Database, key: str | None, content: ContentBundle, *, now: float | None = None) -> ConsoleView:
    """The console as it is now (read only; for the live refresh)."""
    with db.read() as session:
        workshop = _facilitator(session, key)
        counters = live.read(session, workshop.id)
        return _console(session, workshop, _load(session, workshop, content, _now(now)), counters)


def send(
    db: Database,
    key: str | None,
    content: ContentBundle,
    command: Command,
    *,
    expected_version: int,
    now: float | None = None,
) -> GameState:
    """Apply a console command made against ``expected_version``; a newer state raises Conflict.

    An expired timer is stored first, so a command meant for an open question that has
    meanwhile locked itself is refused as stale rather than applied to the wrong phase.
    """
    with db.write() as session:
        workshop = _facilitator(session, key)
        loaded = _load_for_write(session, workshop, content, _now(now))
        if loaded.timer_locked and expected_version == loaded.state.version - 1:
            if isinstance(command, Lock):
                return loaded.state  # the timer already locked: the facilitator gets what they asked for
            raise Conflict("game.error.timer_locked")
        if loaded.state.version != expected_version:
            raise Conflict("game.error.stale")
        if isinstance(command, (Pause, Resume)):
            command = replace(command, at=_now(now))  # the pause stops the timer at the server's clock
        try:
            new = apply(loaded.state, command)
        except GameError as exc:
            raise GameRefused(exc) from None
        _store(session, loaded, new)
        return new


def choose_game(
    db: Database,
    key: str | None,
    content: ContentBundle,
    content_id: str,
    *,
    expected_version: int,
    now: float | None = None,
) -> ConsoleView:
    """Play the game ``content_id`` (a facilitator's own game file) in this session; only in the lobby.

    The lobby starts afresh for the chosen game's agenda; the planned start time is kept.
    """
    with db.write() as session:
        workshop = _facilitator(session, key)
        loaded = _load_for_write(session, workshop, content, _now(now))
        if loaded.state.version != expected_version:
            raise Conflict("game.error.stale")
        if loaded.state.phase is not Phase.LOBBY:
            raise _refused("game.error.choose_in_lobby")
        game = pick_game(content, content_id)
        if game.id != loaded.game.id:
            fresh = replace(
                new_game(game.card_counts()), version=loaded.state.version + 1, planned_start=loaded.state.planned_start
            )
            _store(session, loaded, fresh, game)
        return _console(session, workshop, loaded)


def restart_game(
    db: Database,
    key: str | None,
    content: ContentBundle,
    content_id: str | None = None,
    *,
    expected_version: int | None = None,
    now: float | None = None,
) -> ConsoleView:
    """Put the session's game back in the lobby with the game file as it is now (``content_id``, else the
    session's game if it still exists, else the default game).

    For when the game file changed mid-event (or to play again): every screen can load the game
    again. The game's team answers, member choices and bricks so far are archived, not deleted
    (see the module notes); the awareness pulse and the planned start time are kept.
    ``expected_version``, when given, refuses a restart made from a console that is out of date.
    """
    with db.write() as session:
        workshop = _facilitator(session, key)
        row = session_row(session, workshop, lock=True)  # no answer slips in between archive and restart
        if row is None:  # nothing was played yet
            return _console(session, workshop, _load_for_write(session, workshop, content, _now(now)))
        if expected_version is not None and expected_version != row.version:
            raise Conflict("game.error.stale")
        if content_id is None and row.content_id not in content.files:
            game = pick_game(content)  # the session's game file is gone: the default game
        else:
            game = pick_game(content, content_id or row.content_id)
        try:
            planned_start = GameState.from_dict(row.state).planned_start
        except InvalidState:
            planned_start = None
        session.execute(
            update(Answer)
            .where(Answer.workshop_id == workshop.id, Answer.instrument.in_(GAME_INSTRUMENTS))
            .values(instrument=Answer.instrument + f"~v{row.version}", updated_at=utcnow())
            .execution_options(synchronize_session=False)
        )
        fresh = replace(new_game(game.card_counts()), version=row.version + 1, planned_start=planned_start)
        loaded = _Loaded(workshop.id, row.id, row.version, game, fresh)
        _store(session, loaded, fresh, game)
        return _console(session, workshop, loaded)


def open_pulse_in(session: Session, workshop: Workshop, content: ContentBundle, moment: str) -> bool:
    """Open the awareness pulse for ``moment`` where the game allows it, inside the caller's transaction
    (the day's programme opening its pulse part). Returns whether the pulse is open now.

    * ``after``: the console's "open the end pulse" once the game has started (it opens by itself at the
      end); in the lobby it cannot open yet.
    * ``before``: open until the first card is revealed; an end pulse opened early is closed again so the
      start pulse shows. After a reveal it cannot open again (the "before" would not be before).
    """
    loaded = _load_for_write(session, workshop, content, _now(None))
    state = loaded.state
    if moment == "after" and not state.pulse_open("after") and state.effective_phase is not Phase.LOBBY:
        _store(session, loaded, apply(state, OpenEndPulse()))
    elif moment == "before" and state.end_pulse_open and not state.revealed:
        _store(session, loaded, apply(state, CloseEndPulse()))
    return loaded.state.pulse_open(moment)


def pulse_is_open(session: Session, workshop: Workshop, content: ContentBundle, moment: str) -> bool:
    """Whether participants can give the pulse for ``moment`` now (inside the caller's transaction)."""
    return _load(session, workshop, content, _now(None)).state.pulse_open(moment)


def _team_of(session: Session, workshop: Workshop, team_key: str) -> Team:
    team = session.get(Team, int(team_key)) if str(team_key).isdigit() else None
    if team is None or team.workshop_id != workshop.id or team.removed_at is not None:
        raise NotFound("error.team_not_found")
    return team


def _card_or_refuse(game: GameContent, card_id: str) -> Any:
    try:
        return game.card(card_id)[1]
    except KeyError:
        raise _refused("game.award.unknown_card") from None


def _check_scored_card(state: GameState, game: GameContent, card_id: str | None) -> None:
    """Bricks for a card are given once its answers are locked (or it is revealed)."""
    if card_id is None:
        return
    _card_or_refuse(game, card_id)
    rnd, _ = game.card(card_id)
    index = [c.id for c in rnd.cards].index(card_id)
    current = _card_on_screen(state, game)
    locked_now = (
        current is not None and current.card_id == card_id and state.effective_phase in (Phase.LOCKED, Phase.REVEALED)
    )
    if not (locked_now or state.is_revealed(rnd.id, index)):
        raise _refused("game.award.not_yet")


def _bricks(value: Any, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise _refused("game.award.range", low=low, high=high)
    return value


def award_bricks(
    db: Database,
    key: str | None,
    content: ContentBundle,
    card_id: str,
    awards: Mapping[str, int],
    *,
    now: float | None = None,
) -> dict[str, int]:
    """Give teams bricks for their reasoning on a dilemma card (team key -> 0 to the card's maximum).

    An award replaces the team's earlier award for that card, so saving twice never counts twice.
    """
    with db.write() as session:
        workshop = _facilitator(session, key)
        loaded = _load_for_write(session, workshop, content, _now(now))
        card = _card_or_refuse(loaded.game, card_id)
        if not isinstance(card, DilemmaCard):
            raise _refused("game.award.not_dilemma")
        _check_scored_card(loaded.state, loaded.game, card_id)
        checked = {team: _bricks(bricks, 0, card.max_bricks) for team, bricks in awards.items()}
        for team_key, bricks in checked.items():
            save_answer(
                session,
                workshop_id=workshop.id,
                team_id=_team_of(session, workshop, team_key).id,
                instrument=AWARD_INSTRUMENT,
                item_id=AWARD_PREFIX + card_id,
                value={"bricks": bricks},
                content_version=loaded.game.version,
            )
        live.bump(session, workshop.id, live.BOARD, *(live.team(t) for t in checked))
        return checked


def correct_bricks(
    db: Database,
    key: str | None,
    content: ContentBundle,
    corrections: Mapping[str, int],
    card_id: str | None = None,
    *,
    reason: str = "",
    now: float | None = None,
) -> dict[str, int]:
    """Set teams' corrections (team key -> signed bricks) for a locked or revealed card, or overall (``None``).

    A correction replaces the team's earlier correction for the same card (or the overall one);
    ``reason`` (one line, optional) is kept with it and shown on the console.
    """
    checked = {team: _bricks(bricks, -MAX_CORRECTION, MAX_CORRECTION) for team, bricks in corrections.items()}
    reason = " ".join(str(reason or "").split())
    if len(reason) > MAX_REASON:
        raise _refused("game.award.reason_too_long", max=MAX_REASON)
    value = {"bricks": 0, "reason": reason} if reason else {"bricks": 0}
    with db.write() as session:
        workshop = _facilitator(session, key)
        loaded = _load_for_write(session, workshop, content, _now(now))
        _check_scored_card(loaded.state, loaded.game, card_id)
        item = f"{CORRECT_ITEM}:{card_id}" if card_id else CORRECT_ITEM
        for team_key, bricks in checked.items():
            save_answer(
                session,
                workshop_id=workshop.id,
                team_id=_team_of(session, workshop, team_key).id,
                instrument=AWARD_INSTRUMENT,
                item_id=item,
                value={**value, "bricks": bricks},
                content_version=loaded.game.version,
            )
        live.bump(session, workshop.id, live.BOARD, *(live.team(t) for t in checked))
        return checked


# --------------------------------------------------------------------------- teams


@dataclass
class _Player:
    participant: Participant
    workshop: Workshop
    team: Team


def _player(session: Session, token: str | None) -> _Player:
    seat = seat_for_token(session, token, removed_team_key="game.play.team_removed")
    _check_module(seat.workshop)
    if seat.team is None:
        raise Forbidden("game.play.no_team")
    return _Player(seat.participant, seat.workshop, seat.team)


def _members(session: Session, team_id: int) -> dict[int, str]:
    """Participant id -> member number in the team ("1", "2", ... in joining order); no names are kept."""
    ids = session.scalars(select(Participant.id).where(Participant.team_id == team_id).order_by(Participant.id))
    return {pid: str(n) for n, pid in enumerate(ids, start=1)}


def team_view(db: Database, content: ContentBundle, token: str | None, *, now: float | None = None) -> TeamView:
    """What a team's device shows: the facilitator's state, the open card, the team's answer and choices, bricks."""
    with db.read() as session:
        player = _player(session, token)
        workshop, me = player.workshop, player.participant.id
        counters = live.read(session, workshop.id)  # before the data they guard
        loaded = _load(session, workshop, content, _now(now))
        card = _card_on_screen(loaded.state, loaded.game)
        members = _members(session, player.team.id)
        answer = choices = my_choice = None
        if card is not None:  # the team's answer and its members' choices, in one statement
            rows = session.execute(
                select(Answer.instrument, Answer.participant_id, Answer.value, Answer.revision, Answer.saved_by).where(
                    Answer.workshop_id == workshop.id,
                    Answer.item_id == card.card_id,
                    or_(
                        and_(Answer.instrument == INSTRUMENT, Answer.team_id == player.team.id),
                        and_(Answer.instrument == CHOICE_INSTRUMENT, Answer.participant_id.in_(list(members))),
                    ),
                )
            ).all()
            picked = {r.participant_id: r.value for r in rows if r.instrument == CHOICE_INSTRUMENT}
            team_row = next((r for r in rows if r.instrument == INSTRUMENT), None)
            if team_row is not None:
                answer = ConfirmedAnswer(team_row.value, team_row.revision, members.get(team_row.saved_by))
            choices = team_answer_from_members(
                {n: picked.get(pid) for pid, n in members.items()},
                answer.value if answer else None,
                answer.confirmed_by if answer else None,
            )
            my_choice = picked.get(me)
        pulse: dict[str, Any] = dict(
            session.execute(
                select(Answer.item_id, Answer.value).where(
                    Answer.workshop_id == workshop.id,
                    Answer.participant_id == me,
                    Answer.instrument == PULSE_INSTRUMENT,
                )
            ).all()
        )
        return TeamView(
            WorkshopInfo.of(workshop),
            loaded.game.id,
            TeamRef(str(player.team.id), player.team.name),
            members.get(me, "?"),
            loaded.state,
            card,
            answer,
            choices,
            my_choice,
            _scores_and_board(session, workshop.id, loaded, card, counters)[1],
            {item: v["score"] for item, v in pulse.items() if isinstance(v, dict) and "score" in v},
            counters,
        )


def _open_card(loaded: _Loaded, card_id: str) -> Any:
    """The card if teams may answer it now; else a refusal that says why."""
    state = loaded.state
    if state.phase is Phase.PAUSED:
        raise _refused("game.play.refused_paused")
    if state.phase is Phase.FINISHED:
        raise _refused("game.error.finished")
    current = _card_on_screen(state, loaded.game)
    if current is None or current.card_id != card_id:
        raise _refused("game.play.refused_not_open")
    if state.phase is not Phase.QUESTION_OPEN:
        raise _refused("game.play.refused_locked")
    return loaded.game.card(card_id)[1]


def _normalised(card: Any, value: Any) -> dict[str, Any]:
    try:
        return normalise_answer(card, value)
    except InvalidAnswer as exc:
        raise GameRefused(exc) from None


def submit_member_choice(
    db: Database, content: ContentBundle, token: str | None, card_id: str, value: Any, *, now: float | None = None
) -> SavedChoice:
    """Store what this member would answer (shown to the team; it never counts by itself)."""
    with db.write() as session:
        player = _player(session, token)
        loaded = _load_for_write(session, player.workshop, content, _now(now))
        answer = _normalised(_open_card(loaded, card_id), value)
        saved = save_answer(
            session,
            workshop_id=player.workshop.id,
            participant_id=player.participant.id,
            instrument=CHOICE_INSTRUMENT,
            item_id=card_id,
            value=answer,
            content_version=loaded.game.version,
        )
        live.bump(session, player.workshop.id, live.team(player.team.id))
        return SavedChoice(card_id, saved.value, saved.revision)


def confirm_team_answer(
    db: Database,
    content: ContentBundle,
    token: str | None,
    card_id: str,
    value: Any,
    *,
    expected_revision: int | None = None,
    now: float | None = None,
) -> SavedChoice:
    """Confirm the team's one answer to the open card; it can change until the facilitator locks.

    ``expected_revision`` is the revision of the team answer this screen showed (0: none):
    if a teammate confirmed something else meanwhile, Conflict carries their answer.
    The confirming member's own choice is stored too.
    """
    with db.write() as session:
        player = _player(session, token)
        loaded = _load_for_write(session, player.workshop, content, _now(now))
        answer = _normalised(_open_card(loaded, card_id), value)
        version = loaded.game.version
        try:
            saved = save_answer(
                session,
                workshop_id=player.workshop.id,
                team_id=player.team.id,
                instrument=INSTRUMENT,
                item_id=card_id,
                value=answer,
                content_version=version,
                saved_by=player.participant.id,
                expected_revision=expected_revision,
            )
        except Conflict as exc:
            raise Conflict("game.play.teammate_confirmed", current=exc.current) from None
        save_answer(
            session,
            workshop_id=player.workshop.id,
            participant_id=player.participant.id,
            instrument=CHOICE_INSTRUMENT,
            item_id=card_id,
            value=answer,
            content_version=version,
        )
        live.bump(session, player.workshop.id, live.team(player.team.id), live.BOARD)
        return SavedChoice(card_id, saved.value, saved.revision)


def save_pulse(
    db: Database,
    content: ContentBundle,
    token: str | None,
    moment: str,
    scores: Mapping[str, int],
    *,
    now: float | None = None,
) -> dict[str, int]:
    """Store this participant's awareness-pulse scores (statement id -> 1..5) for ``before`` or ``after``.

    ``before`` is open until the first card is revealed; ``after`` once the facilitator opens it or the
    game has finished (see :meth:`GameState.pulse_open`).
    """
    if moment not in MOMENTS:
        raise Invalid("game.pulse.bad_input")
    with db.write() as session:
        player = _player(session, token)
        loaded = _load(session, player.workshop, content, _now(now))
        if not loaded.state.pulse_open(moment):
            raise _refused(f"game.pulse.closed_{moment}")
        known = [s.id for s in loaded.game.pulse.statements]
        unknown = [s for s in scores if s not in known]
        if unknown:
            raise Invalid("game.pulse.bad_input")
        if not scores:
            raise _refused("game.pulse.empty")
        saved = {}
        for statement in known:
            if statement not in scores:
                continue
            try:
                value = normalise_pulse_answer({"score": scores[statement]})
            except InvalidAnswer as exc:
                raise GameRefused(exc) from None
            save_answer(
                session,
                workshop_id=player.workshop.id,
                participant_id=player.participant.id,
                instrument=PULSE_INSTRUMENT,
                item_id=f"{statement}@{moment}",
                value=value,
                content_version=loaded.game.version,
            )
            saved[statement] = value["score"]
        live.bump(session, player.workshop.id, live.PULSE)
        return saved


__all__ = [
    "AWARD_INSTRUMENT",
    "CHOICE_INSTRUMENT",
    "INSTRUMENT",
    "MOMENTS",
    "PULSE_INSTRUMENT",
    "Board",
    "CardRef",
    "ConfirmedAnswer",
    "ConsoleView",
    "GameRefused",
    "SavedChoice",
    "TeamRef",
    "TeamView",
    "available_games",
    "award_bricks",
    "choose_game",
    "confirm_team_answer",
    "console_view",
    "correct_bricks",
    "open_console",
    "open_pulse_in",
    "pick_game",
    "pulse_is_open",
    "restart_game",
    "save_pulse",
    "send",
    "submit_member_choice",
    "team_view",
]
