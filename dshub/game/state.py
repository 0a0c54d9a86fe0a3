"""Pure state machine for a running game.

The facilitator's console sends commands; :func:`apply` turns the current
:class:`GameState` and one command into the next state, or raises
:class:`IllegalTransition` with an i18n key (``game.error.*``) and parameters.
Every applied command raises ``version`` by one, so the store can refuse a
write made against an old state (optimistic concurrency). States travel
through the database as JSON via :meth:`GameState.to_dict` / :meth:`GameState.from_dict`.

Phases::

    lobby --start_game--> intro --open_question--> question_open --lock--> locked
    --reveal--> revealed --next--> question_open (next card) | intro (next round) | finished

``pause`` is possible from every phase but ``finished`` and remembers the
phase to ``resume`` to; a pause during an open question stops its timer, which
runs on with the time it had left after ``resume``; ``finish`` ends the game from anywhere.

The awareness pulse: the "before" pulse is open until the first card is revealed (so late
joiners can still give it); the "after" pulse opens when the facilitator opens it
(``open_end_pulse``, any time after the start) and at the end of the game.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any, ClassVar

from dshub.i18n import t

SCHEMA = 1
MAX_PAUSE_MESSAGE = 200
MINUTES_PER_DAY = 24 * 60


class Phase(StrEnum):
    LOBBY = "lobby"
    INTRO = "intro"
    QUESTION_OPEN = "question_open"
    LOCKED = "locked"
    REVEALED = "revealed"
    PAUSED = "paused"
    FINISHED = "finished"


ACTIVE = frozenset({Phase.INTRO, Phase.QUESTION_OPEN, Phase.LOCKED, Phase.REVEALED})


class GameError(Exception):
    """An error the user should read: an i18n key plus parameters."""

    def __init__(self, key: str, **params: Any):
        self.key = key
        self.params = params
        super().__init__(f"{key} {params}" if params else key)

    def message(self, lang: str) -> str:
        params = dict(self.params)
        for name in ("phase", "command"):
            if name in params:
                params[name] = t(f"game.{name}.{params[name]}", lang)
        return t(self.key, lang, **params)


class IllegalTransition(GameError):
    """A command that is not possible in the current state."""


class InvalidState(ValueError):
    """A serialised or constructed state that breaks the rules (a bug or a damaged record)."""


# --------------------------------------------------------------------------- state


@dataclass(frozen=True)
class GameState:
    """Where a running game is. Build one with :func:`new_game`."""

    agenda: tuple[str, ...]
    card_counts: Mapping[str, int]
    phase: Phase = Phase.LOBBY
    round_index: int = 0
    card_index: int = 0
    skipped: frozenset[str] = frozenset()
    revealed: tuple[tuple[str, int], ...] = ()
    paused_phase: Phase | None = None
    pause_message: str | None = None
    deadline: float | None = None
    timer_left: float | None = None  # seconds the timer still had when a pause stopped it
    show_leaderboard: bool = False
    end_pulse_open: bool = False  # the facilitator opened the end-of-day pulse before the end
    planned_start: int | None = None  # planned start of the game, minutes after midnight (local time)
    version: int = 0

    # ---- derived views for pages and services

    @property
    def effective_phase(self) -> Phase:
        """The phase, looking through a pause."""
        if self.phase is Phase.PAUSED:
            assert self.paused_phase is not None  # a pause always keeps the phase it paused (check_state)
            return self.paused_phase
        return self.phase

    @property
    def current_round_id(self) -> str | None:
        """The round on screen, or ``None`` in the lobby and after the end."""
        return self.agenda[self.round_index] if self.effective_phase in ACTIVE else None

    @property
    def open_card(self) -> tuple[str, int] | None:
        """``(round_id, card_index)`` teams may answer now (not while paused), else ``None``."""
        if self.phase is Phase.QUESTION_OPEN:
            return self.agenda[self.round_index], self.card_index
        return None

    def is_revealed(self, round_id: str, card_index: int) -> bool:
        return (round_id, card_index) in self.revealed

    def upcoming(self) -> list[str]:
        """Rounds still to come, in agenda order, skipped ones left out."""
        if self.effective_phase is Phase.FINISHED:
            return []
        start = 0 if self.effective_phase is Phase.LOBBY else self.round_index + 1
        return [r for r in self.agenda[start:] if r not in self.skipped]

    @property
    def next_opens_card(self) -> bool:
        """After this reveal, Next opens another card of the same round (rather than an intro or the end)."""
        return (
            self.effective_phase is Phase.REVEALED
            and self.card_index + 1 < self.card_counts[self.agenda[self.round_index]]
        )

    def played_rounds(self) -> list[str]:
        """Rounds with at least one revealed card, in agenda order (for the debrief)."""
        done = {r for r, _ in self.revealed}
        return [r for r in self.agenda if r in done]

    def pulse_open(self, moment: str) -> bool:
        """Whether participants may give the awareness pulse for ``moment`` ("before" or "after") now."""
        phase = self.effective_phase
        if moment == "before":
            return phase is not Phase.FINISHED and not self.revealed and not self.end_pulse_open
        if moment == "after":
            return phase is Phase.FINISHED or self.end_pulse_open
        return False

    def timer_expired(self, now: float) -> bool:
        return self.phase is Phase.QUESTION_OPEN and self.deadline is not None and now >= self.deadline

    # ---- serialisation

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA,
            "agenda": list(self.agenda),
            "card_counts": dict(self.card_counts),
            "phase": self.phase.value,
            "round_index": self.round_index,
            "card_index": self.card_index,
            "skipped": sorted(self.skipped),
            "revealed": [[r, i] for r, i in self.revealed],
            "paused_phase": self.paused_phase.value if self.paused_phase else None,
            "pause_message": self.pause_message,
            "deadline": self.deadline,
            "timer_left": self.timer_left,
            "show_leaderboard": self.show_leaderboard,
            "end_pulse_open": self.end_pulse_open,
            "planned_start": self.planned_start,
            "version": self.version,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> GameState:
        """Rebuild a state from :meth:`to_dict` output; raise :class:`InvalidState` if it is damaged."""
        try:
            if data.get("schema") != SCHEMA:
                raise InvalidState(f"unsupported game state schema {data.get('schema')!r}")
            deadline = data["deadline"]
            if deadline is not None and (isinstance(deadline, bool) or not isinstance(deadline, (int, float))):
                raise InvalidState(f"deadline: expected a number, got {deadline!r}")
            timer_left = data.get("timer_left")  # absent in states stored before the timer could pause
            if timer_left is not None and (isinstance(timer_left, bool) or not isinstance(timer_left, (int, float))):
                raise InvalidState(f"timer_left: expected a number, got {timer_left!r}")
            message = data["pause_message"]
            if message is not None and not isinstance(message, str):
                raise InvalidState(f"pause_message: expected a text, got {message!r}")
            state = cls(
                agenda=tuple(_strs(data["agenda"], "agenda")),
                card_counts={str(k): _int(v, "card_counts") for k, v in dict(data["card_counts"]).items()},
                phase=Phase(data["phase"]),
                round_index=_int(data["round_index"], "round_index"),
                card_index=_int(data["card_index"], "card_index"),
                skipped=frozenset(_strs(data["skipped"], "skipped")),
                revealed=tuple((str(r), _int(i, "revealed")) for r, i in data["revealed"]),
                paused_phase=Phase(data["paused_phase"]) if data["paused_phase"] is not None else None,
                pause_message=message,
                deadline=float(deadline) if deadline is not None else None,
                timer_left=float(timer_left) if timer_left is not None else None,
                show_leaderboard=_bool(data["show_leaderboard"], "show_leaderboard"),
                end_pulse_open=_bool(data.get("end_pulse_open", False), "end_pulse_open"),
                planned_start=_int(start, "planned_start")
                if (start := data.get("planned_start")) is not None
                else None,
                version=_int(data["version"], "version"),
            )
        except InvalidState:
            raise
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise InvalidState(f"damaged game state: {exc!r}") from None
        check_state(state)
        return state


def _int(value: Any, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidState(f"{what}: expected a whole number, got {value!r}")
    return value


def _bool(value: Any, what: str) -> bool:
    if not isinstance(value, bool):
        raise InvalidState(f"{what}: expected true or false, got {value!r}")
    return value


def _strs(values: Any, what: str) -> list[str]:
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise InvalidState(f"{what}: expected a list of texts, got {values!r}")
    return values


def check_state(s: GameState) -> None:
    """Raise :class:`InvalidState` if ``s`` breaks a rule every reachable state keeps."""

    def need(ok: bool, what: str) -> None:
        if not ok:
            raise InvalidState(f"invalid game state: {what}")

    need(len(set(s.agenda)) == len(s.agenda), "agenda has a round twice")
    need(set(s.agenda) == set(s.card_counts), "agenda and card_counts name different rounds")
    need(all(isinstance(n, int) and n >= 1 for n in s.card_counts.values()), "a round has no cards")
    need(s.skipped <= set(s.agenda), "a skipped round is not on the agenda")
    need(s.version >= 0, "negative version")
    need(s.planned_start is None or 0 <= s.planned_start < MINUTES_PER_DAY, "planned start is not a time of day")
    need(isinstance(s.phase, Phase), "unknown phase")
    paused = s.phase is Phase.PAUSED
    need(paused == (s.paused_phase is not None) == (s.pause_message is not None), "pause fields do not match the phase")
    need(s.paused_phase not in (Phase.PAUSED, Phase.FINISHED), "paused from an impossible phase")
    eff = s.effective_phase
    need(
        s.deadline is None or (eff is Phase.QUESTION_OPEN and math.isfinite(s.deadline)),
        "a timer is set while no question is open",
    )
    need(
        s.timer_left is None
        or (
            paused
            and eff is Phase.QUESTION_OPEN
            and s.deadline is None
            and math.isfinite(s.timer_left)
            and s.timer_left >= 0
        ),
        "a stopped timer outside a paused question",
    )
    need(len(set(s.revealed)) == len(s.revealed), "a card is revealed twice")
    for r, i in s.revealed:
        need(r in s.card_counts and 0 <= i < s.card_counts[r], f"revealed card {r}[{i}] does not exist")
    need(0 <= s.round_index <= max(len(s.agenda) - 1, 0), "round_index out of range")
    if eff is Phase.LOBBY:
        need(
            s.round_index == 0 and s.card_index == 0 and not s.revealed and not s.end_pulse_open,
            "the lobby has progress",
        )
    if eff in ACTIVE:
        current = s.agenda[s.round_index]
        need(current not in s.skipped, "the current round is skipped")
        need(0 <= s.card_index < s.card_counts[current], "card_index out of range")
    if eff is Phase.INTRO:
        need(s.card_index == 0, "an intro is not at the first card")
    if eff is Phase.REVEALED:
        need((s.agenda[s.round_index], s.card_index) in s.revealed, "revealed phase without a reveal")


def new_game(card_counts: Mapping[str, int], agenda: Sequence[str] | None = None) -> GameState:
    """A game in the lobby. ``card_counts``: cards per round id (``GameContent.card_counts()``)."""
    state = GameState(agenda=tuple(agenda if agenda is not None else card_counts), card_counts=dict(card_counts))
    check_state(state)
    return state


# --------------------------------------------------------------------------- commands


@dataclass(frozen=True)
class Command:
    name: ClassVar[str] = ""


@dataclass(frozen=True)
class StartGame(Command):
    name: ClassVar[str] = "start_game"


@dataclass(frozen=True)
class StartRound(Command):
    """Go to the intro of ``round_id`` now (an upcoming round; a skipped one is un-skipped)."""

    name: ClassVar[str] = "start_round"
    round_id: str


@dataclass(frozen=True)
class OpenQuestion(Command):
    """Open the current card for answers; ``deadline`` (epoch seconds) starts an optional timer."""

    name: ClassVar[str] = "open_question"
    deadline: float | None = None


@dataclass(frozen=True)
class SetTimer(Command):
    """Set or clear (``None``) the timer of the open question."""

    name: ClassVar[str] = "set_timer"
    deadline: float | None = None


@dataclass(frozen=True)
class Lock(Command):
    name: ClassVar[str] = "lock"


@dataclass(frozen=True)
class Reveal(Command):
    name: ClassVar[str] = "reveal"


@dataclass(frozen=True)
class Next(Command):
    """After a reveal: open the next card, or go to the next round's intro, or finish.

    ``deadline`` (epoch seconds) starts a timer on the next card when Next opens one; it is
    ignored when Next goes to an intro or finishes (a round opens its first card with OpenQuestion).
    """

    name: ClassVar[str] = "next"
    deadline: float | None = None


@dataclass(frozen=True)
class SkipRound(Command):
    """Skip ``round_id`` (an upcoming round), or the current round when ``None``."""

    name: ClassVar[str] = "skip_round"
    round_id: str | None = None


@dataclass(frozen=True)
class UnskipRound(Command):
    """Put a skipped round that is still to come back on the agenda (undo a skip)."""

    name: ClassVar[str] = "unskip_round"
    round_id: str


@dataclass(frozen=True)
class Reorder(Command):
    """New agenda order; played rounds and the current one keep their place."""

    name: ClassVar[str] = "reorder"
    agenda: tuple[str, ...]


@dataclass(frozen=True)
class Pause(Command):
    """Pause every screen with ``message``; pausing again changes the message."""

    name: ClassVar[str] = "pause"
    message: str = ""
    at: float | None = None  # when it was given; stops an open question's timer (the service fills it in)


@dataclass(frozen=True)
class Resume(Command):
    """Back to the paused phase; a stopped timer runs on from ``at`` with the time it had left."""

    name: ClassVar[str] = "resume"
    at: float | None = None


@dataclass(frozen=True)
class ShowBoard(Command):
    name: ClassVar[str] = "show_board"


@dataclass(frozen=True)
class HideBoard(Command):
    name: ClassVar[str] = "hide_board"


@dataclass(frozen=True)
class SetPlannedStart(Command):
    """Set (minutes after midnight, local time) or clear (``None``) the planned start of the game."""

    name: ClassVar[str] = "set_planned_start"
    minute: int | None = None


@dataclass(frozen=True)
class OpenEndPulse(Command):
    """Let participants give the end-of-day pulse now (it also opens by itself at the end)."""

    name: ClassVar[str] = "open_end_pulse"


@dataclass(frozen=True)
class CloseEndPulse(Command):
    name: ClassVar[str] = "close_end_pulse"


@dataclass(frozen=True)
class Finish(Command):
    name: ClassVar[str] = "finish"


COMMANDS: tuple[type[Command], ...] = (
    StartGame,
    StartRound,
    OpenQuestion,
    SetTimer,
    Lock,
    Reveal,
    Next,
    SkipRound,
    UnskipRound,
    Reorder,
    Pause,
    Resume,
    ShowBoard,
    HideBoard,
    OpenEndPulse,
    CloseEndPulse,
    SetPlannedStart,
    Finish,
)

# A refused (command, phase) pair with a more helpful message than the generic one.
_REFUSALS: dict[tuple[str, Phase], str] = {
    ("start_game", Phase.INTRO): "game.error.already_started",
    ("start_game", Phase.QUESTION_OPEN): "game.error.already_started",
    ("start_game", Phase.LOCKED): "game.error.already_started",
    ("start_game", Phase.REVEALED): "game.error.already_started",
    ("open_question", Phase.QUESTION_OPEN): "game.error.already_open",
    ("open_question", Phase.LOCKED): "game.error.already_locked",
    ("open_question", Phase.REVEALED): "game.error.use_next",
    ("set_timer", Phase.INTRO): "game.error.not_open",
    ("set_timer", Phase.LOCKED): "game.error.not_open",
    ("set_timer", Phase.REVEALED): "game.error.not_open",
    ("lock", Phase.INTRO): "game.error.not_open",
    ("lock", Phase.LOCKED): "game.error.already_locked",
    ("lock", Phase.REVEALED): "game.error.already_revealed",
    ("reveal", Phase.INTRO): "game.error.not_open",
    ("reveal", Phase.QUESTION_OPEN): "game.error.lock_first",
    ("reveal", Phase.REVEALED): "game.error.already_revealed",
    ("next", Phase.INTRO): "game.error.open_first",
    ("next", Phase.QUESTION_OPEN): "game.error.reveal_first",
    ("next", Phase.LOCKED): "game.error.reveal_first",
    ("start_round", Phase.QUESTION_OPEN): "game.error.round_in_progress",
    ("start_round", Phase.LOCKED): "game.error.round_in_progress",
}


def _refuse(s: GameState, command: Command) -> IllegalTransition:
    if s.phase is Phase.FINISHED:
        return IllegalTransition("game.error.finished")
    if s.phase is Phase.PAUSED:
        return IllegalTransition("game.error.paused")
    if s.phase is Phase.LOBBY:
        return IllegalTransition("game.error.not_started")
    key = _REFUSALS.get((command.name, s.phase), "game.error.not_allowed")
    return IllegalTransition(key, command=command.name, phase=s.phase.value)


def _require(s: GameState, command: Command, allowed: frozenset[Phase] | set[Phase]) -> None:
    if s.phase not in allowed:
        raise _refuse(s, command)


def _check_deadline(deadline: float | None) -> None:
    if deadline is not None and (isinstance(deadline, bool) or not math.isfinite(deadline) or deadline <= 0):
        raise IllegalTransition("game.error.bad_deadline")


def _next_playable(s: GameState, start: int) -> int | None:
    for i in range(start, len(s.agenda)):
        if s.agenda[i] not in s.skipped:
            return i
    return None


def _enter_round(s: GameState, index: int | None) -> GameState:
    """Go to the intro of the round at ``index``, or finish when there is none."""
    if index is None:
        return replace(s, phase=Phase.FINISHED, card_index=0, deadline=None)
    return replace(s, phase=Phase.INTRO, round_index=index, card_index=0, deadline=None)


def _known_round(s: GameState, round_id: str) -> int:
    if round_id not in s.agenda:
        raise IllegalTransition("game.error.unknown_round", round=round_id)
    return s.agenda.index(round_id)


# ---- one function per command


def _start_game(s: GameState, c: StartGame) -> GameState:
    _require(s, c, {Phase.LOBBY})
    first = _next_playable(s, 0)
    if first is None:
        raise IllegalTransition("game.error.empty_agenda")
    return _enter_round(s, first)


def _start_round(s: GameState, c: StartRound) -> GameState:
    _require(s, c, {Phase.INTRO, Phase.REVEALED})
    index = _known_round(s, c.round_id)
    if index < s.round_index or (index == s.round_index and s.phase is Phase.REVEALED):
        raise IllegalTransition("game.error.round_played", round=c.round_id)
    if index == s.round_index:
        raise IllegalTransition("game.error.round_current", round=c.round_id)
    # The chosen round takes the current slot (intro: the current round was not started and
    # moves one back) or the slot right after the finished current round.
    slot = s.round_index if s.phase is Phase.INTRO else s.round_index + 1
    rest = [r for r in s.agenda if r != c.round_id]
    agenda = tuple(rest[:slot] + [c.round_id] + rest[slot:])
    return _enter_round(replace(s, agenda=agenda, skipped=s.skipped - {c.round_id}), slot)


def _open_question(s: GameState, c: OpenQuestion) -> GameState:
    _require(s, c, {Phase.INTRO})
    _check_deadline(c.deadline)
    return replace(s, phase=Phase.QUESTION_OPEN, deadline=c.deadline)


def _set_timer(s: GameState, c: SetTimer) -> GameState:
    _require(s, c, {Phase.QUESTION_OPEN})
    _check_deadline(c.deadline)
    return replace(s, deadline=c.deadline)


def _lock(s: GameState, c: Lock) -> GameState:
    _require(s, c, {Phase.QUESTION_OPEN})
    return replace(s, phase=Phase.LOCKED, deadline=None)


def _reveal(s: GameState, c: Reveal) -> GameState:
    _require(s, c, {Phase.LOCKED})
    card = (s.agenda[s.round_index], s.card_index)
    return replace(s, phase=Phase.REVEALED, revealed=s.revealed + (card,))


def _next(s: GameState, c: Next) -> GameState:
    _require(s, c, {Phase.REVEALED})
    if s.next_opens_card:
        _check_deadline(c.deadline)
        return replace(s, phase=Phase.QUESTION_OPEN, card_index=s.card_index + 1, deadline=c.deadline)
    return _enter_round(s, _next_playable(s, s.round_index + 1))


def _skip_round(s: GameState, c: SkipRound) -> GameState:
    _require(s, c, ACTIVE | {Phase.LOBBY})
    if c.round_id is None and s.phase is Phase.LOBBY:
        raise IllegalTransition("game.error.not_started")
    target = s.round_index if c.round_id is None else _known_round(s, c.round_id)
    round_id = s.agenda[target]
    if s.phase in ACTIVE and target == s.round_index:
        skipped = replace(s, skipped=s.skipped | {round_id})
        return _enter_round(skipped, _next_playable(skipped, target + 1))
    if s.phase in ACTIVE and target < s.round_index:
        raise IllegalTransition("game.error.round_played", round=round_id)
    if round_id in s.skipped:
        raise IllegalTransition("game.error.round_skipped", round=round_id)
    return replace(s, skipped=s.skipped | {round_id})


def _unskip_round(s: GameState, c: UnskipRound) -> GameState:
    _require(s, c, ACTIVE | {Phase.LOBBY})
    index = _known_round(s, c.round_id)
    if c.round_id not in s.skipped:
        raise IllegalTransition("game.error.round_not_skipped", round=c.round_id)
    if s.phase in ACTIVE and index <= s.round_index:
        raise IllegalTransition("game.error.round_passed", round=c.round_id)
    return replace(s, skipped=s.skipped - {c.round_id})


def _reorder(s: GameState, c: Reorder) -> GameState:
    _require(s, c, ACTIVE | {Phase.LOBBY})
    agenda = tuple(c.agenda)
    missing = [r for r in s.agenda if r not in agenda]
    unknown = [r for r in agenda if r not in s.card_counts]
    if missing or unknown or len(set(agenda)) != len(agenda):
        raise IllegalTransition(
            "game.error.reorder_mismatch", missing=", ".join(missing) or "-", unknown=", ".join(unknown) or "-"
        )
    fixed = 0 if s.phase is Phase.LOBBY else s.round_index + 1
    if agenda[:fixed] != s.agenda[:fixed]:
        raise IllegalTransition("game.error.reorder_past")
    return replace(s, agenda=agenda)


def _pause(s: GameState, c: Pause) -> GameState:
    message = " ".join(str(c.message).split())
    if s.phase is Phase.FINISHED:
        raise _refuse(s, c)
    if not message or len(message) > MAX_PAUSE_MESSAGE:
        raise IllegalTransition("game.error.pause_message", max=MAX_PAUSE_MESSAGE)
    if s.phase is Phase.PAUSED:
        return replace(s, pause_message=message)
    if s.deadline is not None and c.at is not None:
        _check_deadline(c.at)
        return replace(
            s,
            phase=Phase.PAUSED,
            paused_phase=s.phase,
            pause_message=message,
            deadline=None,
            timer_left=max(0.0, s.deadline - c.at),
        )
    return replace(s, phase=Phase.PAUSED, paused_phase=s.phase, pause_message=message)


def _resume(s: GameState, c: Resume) -> GameState:
    if s.phase is not Phase.PAUSED:
        if s.phase is Phase.FINISHED:
            raise _refuse(s, c)
        raise IllegalTransition("game.error.not_paused")
    assert s.paused_phase is not None  # a pause always keeps the phase it paused (check_state)
    if s.timer_left is None:
        return replace(s, phase=s.paused_phase, paused_phase=None, pause_message=None)
    if c.at is None:
        raise IllegalTransition("game.error.bad_deadline")
    _check_deadline(c.at)
    return replace(
        s, phase=s.paused_phase, paused_phase=None, pause_message=None, deadline=c.at + s.timer_left, timer_left=None
    )


def _show_board(s: GameState, c: ShowBoard) -> GameState:
    return replace(s, show_leaderboard=True)


def _hide_board(s: GameState, c: HideBoard) -> GameState:
    return replace(s, show_leaderboard=False)


def _set_planned_start(s: GameState, c: SetPlannedStart) -> GameState:
    if s.phase is Phase.FINISHED:
        raise _refuse(s, c)
    minute = c.minute
    if minute is not None and (
        isinstance(minute, bool) or not isinstance(minute, int) or not 0 <= minute < MINUTES_PER_DAY
    ):
        raise IllegalTransition("game.error.bad_start_time")
    return replace(s, planned_start=minute)


def _open_end_pulse(s: GameState, c: OpenEndPulse) -> GameState:
    _require(s, c, ACTIVE | {Phase.PAUSED})
    if s.effective_phase is Phase.LOBBY:
        raise IllegalTransition("game.error.not_started")
    if s.end_pulse_open:
        raise IllegalTransition("game.error.pulse_already_open")
    return replace(s, end_pulse_open=True)


def _close_end_pulse(s: GameState, c: CloseEndPulse) -> GameState:
    _require(s, c, ACTIVE | {Phase.PAUSED})
    if s.effective_phase is Phase.LOBBY:
        raise IllegalTransition("game.error.not_started")
    if not s.end_pulse_open:
        raise IllegalTransition("game.error.pulse_not_open")
    return replace(s, end_pulse_open=False)


def _finish(s: GameState, c: Finish) -> GameState:
    if s.phase is Phase.FINISHED:
        raise _refuse(s, c)
    return replace(s, phase=Phase.FINISHED, paused_phase=None, pause_message=None, deadline=None, timer_left=None)


_HANDLERS: dict[type, Callable[[GameState, Any], GameState]] = {
    StartGame: _start_game,
    StartRound: _start_round,
    OpenQuestion: _open_question,
    SetTimer: _set_timer,
    Lock: _lock,
    Reveal: _reveal,
    Next: _next,
    SkipRound: _skip_round,
    UnskipRound: _unskip_round,
    Reorder: _reorder,
    Pause: _pause,
    Resume: _resume,
    ShowBoard: _show_board,
    HideBoard: _hide_board,
    SetPlannedStart: _set_planned_start,
    OpenEndPulse: _open_end_pulse,
    CloseEndPulse: _close_end_pulse,
    Finish: _finish,
}


def apply(state: GameState, command: Command) -> GameState:
    """The state after ``command``, with ``version`` one higher; raise :class:`IllegalTransition` if refused."""
    handler = _HANDLERS.get(type(command))
    if handler is None:
        raise TypeError(f"not a game command: {command!r}")
    new = handler(state, command)
    return replace(new, version=state.version + 1)


__all__ = [
    "ACTIVE",
    "COMMANDS",
    "CloseEndPulse",
    "Command",
    "Finish",
    "GameError",
    "GameState",
    "HideBoard",
    "IllegalTransition",
    "InvalidState",
    "Lock",
    "Next",
    "OpenEndPulse",
    "OpenQuestion",
    "Pause",
    "Phase",
    "Reorder",
    "Resume",
    "Reveal",
    "SetPlannedStart",
    "SetTimer",
    "ShowBoard",
    "SkipRound",
    "StartGame",
    "StartRound",
    "UnskipRound",
    "apply",
    "check_state",
    "new_game",
]
