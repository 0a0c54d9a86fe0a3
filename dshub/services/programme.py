"""The day's programme: the parts of the day in order, with planned times, and which part is open.

The facilitator plans the parts (welcome, start pulse, game, ethics assistant, maturity scan,
results for management, end pulse) and moves the room from one part to the next. Every
participant screen watches the live counter ``programme`` and follows to the page of the part that
is open; a late joiner lands in it; the projector page shows what is on and what comes next.

Stored in the workshop's ``settings`` under ``programme``: ``{"parts": [{"kind": ..., "at":
"HH:MM" | null}], "current": index | null}``. Each function below is one user action in one
transaction; opening a part is idempotent (it names the part, not "the next one").
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import time
from typing import Any, cast

from dshub.content import ContentBundle
from dshub.errors import Invalid
from dshub.services import game as game_service
from dshub.services import live, workshops
from dshub.store.db import Database
from dshub.store.settings import (
    PROGRAMME_KINDS,
    ProgrammeKind,
    ProgrammePart,
    ProgrammeSetting,
    WorkshopSettings,
    read_settings,
    write_settings,
)

TOPIC = live.PROGRAMME
SETTING = "programme"
KINDS: tuple[str, ...] = PROGRAMME_KINDS
# The module a part needs in the session (None: always possible).
MODULE: dict[str, str | None] = {
    "welcome": None,
    "pulse_start": "game",
    "game": "game",
    "ethics": "ethics",
    "scan": "maturity",
    "results": "maturity",
    "pulse_end": "game",
}
# Where a participant's screen goes when the part opens (None: the join page, eyes on the projector).
PARTICIPANT_PAGE: dict[str, str | None] = {
    "welcome": None,
    "pulse_start": "game",
    "game": "game",
    "ethics": "ethics",
    "scan": "scan",
    "results": None,
    "pulse_end": "game",
}
MAX_PARTS = len(KINDS)
# The awareness pulse a part opens in the game: its moment.
PULSE_MOMENT: dict[str, str] = {"pulse_start": "before", "pulse_end": "after"}


@dataclass(frozen=True)
class Part:
    kind: str
    at: time | None  # planned start

    @property
    def page(self) -> str | None:
        return PARTICIPANT_PAGE[self.kind]


@dataclass(frozen=True)
class Programme:
    parts: tuple[Part, ...]
    current: int | None  # the open part (index), None before the facilitator opens the first

    @property
    def planned(self) -> bool:
        return bool(self.parts)

    @property
    def now(self) -> Part | None:
        return self.parts[self.current] if self.current is not None else None

    @property
    def next(self) -> Part | None:
        nxt = 0 if self.current is None else self.current + 1
        return self.parts[nxt] if nxt < len(self.parts) else None

    @property
    def next_index(self) -> int | None:
        nxt = 0 if self.current is None else self.current + 1
        return nxt if nxt < len(self.parts) else None


def _time(value: Any) -> time | None:
    if isinstance(value, time):
        return value.replace(second=0, microsecond=0)
    if isinstance(value, str) and value:
        try:
            return time.fromisoformat(value).replace(second=0, microsecond=0)
        except ValueError:
            return None
    return None


def read(settings: WorkshopSettings | Mapping[str, Any] | None) -> Programme:
    """The programme in a workshop's settings; anything unreadable counts as not planned (never an error,
    see :func:`dshub.store.settings.read_settings`)."""
    stored = read_settings(settings).programme
    if stored is None:
        return Programme((), None)
    return Programme(tuple(Part(p.kind, p.at) for p in stored.parts), stored.current)


def _store(workshop, programme: Programme) -> None:
    # A part's kind is a ProgrammeKind: plan() admits only allowed_kinds(), read() only stored kinds
    # (and ProgrammePart validates it again).
    value = ProgrammeSetting(
        parts=tuple(ProgrammePart(kind=cast(ProgrammeKind, p.kind), at=p.at) for p in programme.parts),
        current=programme.current,
    )
    write_settings(workshop, read_settings(workshop.settings).but(**{SETTING: value}))


def allowed_kinds(modules: Sequence[str]) -> tuple[str, ...]:
    """The parts a session with these modules can have, in the usual order of a day."""
    return tuple(k for k in KINDS if MODULE[k] is None or MODULE[k] in modules)


def for_facilitator(db: Database, key: str | None) -> tuple[workshops.WorkshopInfo, Programme]:
    with db.read() as session:
        workshop = workshops.workshop_for_facilitator(session, key)
        return workshops.WorkshopInfo.of(workshop), read(workshop.settings)


def plan(db: Database, key: str | None, parts: Sequence[tuple[str, time | None]]) -> Programme:
    """Set the parts of the day in order. The open part stays open if it is still in the plan."""
    kinds = [kind for kind, _ in parts]
    with db.write() as session:
        workshop = workshops.workshop_for_facilitator(session, key, lock=True)
        allowed = allowed_kinds(workshop.modules or ())
        for kind in kinds:
            if kind not in allowed:
                raise Invalid("error.unknown_choice", field="programme", value=kind)
        if len(set(kinds)) != len(kinds):
            raise Invalid("programme.error.twice")
        old = read(workshop.settings)
        current = None
        if old.now is not None and old.now.kind in kinds:
            current = kinds.index(old.now.kind)
        new = Programme(tuple(Part(kind, _time(at)) for kind, at in parts), current)
        if new != old:
            _store(workshop, new)
            live.bump(session, workshop.id, TOPIC)
        return new


def open_part(db: Database, key: str | None, index: int | None, content: ContentBundle | None = None) -> Programme:
    """Open part ``index`` for the whole room (None: back to before the start). Opening the part that
    is already open changes nothing, so a double click or a retry never skips a part.

    With ``content``, a pulse part also opens the game's pulse for its moment, in the same transaction
    (:func:`dshub.services.game.open_pulse_in`); :func:`pulse_notice` says when the game does not allow it.
    """
    with db.write() as session:
        workshop = workshops.workshop_for_facilitator(session, key, lock=True)
        old = read(workshop.settings)
        if index is not None and not 0 <= index < len(old.parts):
            raise Invalid("programme.error.no_such_part")
        new = Programme(old.parts, index)
        if new != old:
            _store(workshop, new)
            live.bump(session, workshop.id, TOPIC)
        if content is not None and new.now is not None and new.now.kind in PULSE_MOMENT:
            game_service.open_pulse_in(session, workshop, content, PULSE_MOMENT[new.now.kind])
        return new


def pulse_notice(db: Database, key: str | None, content: ContentBundle) -> str | None:
    """When the open part is a pulse that the game cannot open (the start pulse after the first reveal,
    the end pulse before the game started): the message key that says so; else None."""
    with db.read() as session:
        workshop = workshops.workshop_for_facilitator(session, key)
        now = read(workshop.settings).now
        if now is None or now.kind not in PULSE_MOMENT:
            return None
        moment = PULSE_MOMENT[now.kind]
        return (
            None if game_service.pulse_is_open(session, workshop, content, moment) else f"programme.pulse_shut.{moment}"
        )


@dataclass(frozen=True)
class Board:
    """What the projector shows: the session, the programme and the counter it was drawn with."""

    workshop: workshops.WorkshopInfo
    programme: Programme
    live: Mapping[str, int]


def board(db: Database, key: str | None) -> Board:
    """The programme for the projector page, with the counters it is drawn with (read before the data)."""
    with db.read() as session:
        workshop = workshops.workshop_for_facilitator(session, key)
        counters = live.read(session, workshop.id)
        session.refresh(workshop)  # the settings as of after the counters: a change in between is seen next tick
        return Board(workshops.WorkshopInfo.of(workshop), read(workshop.settings), counters)
