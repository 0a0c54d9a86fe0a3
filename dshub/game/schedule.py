"""The game's timetable: planned start of every round from an optional start time, and the overrun.

Pure functions over a :class:`~dshub.game.state.GameState` and the planned minutes per round
(``GameContent.round(id).minutes``). Times are minutes after midnight, local time; a plan that
runs past midnight simply keeps counting (``format_clock`` wraps it).

* Each round that is not skipped starts when the rounds before it in the agenda (not skipped)
  are planned to end; skipped rounds have no planned time.
* The overrun compares *now* with the plan: in the lobby with the planned start of the first
  round (a late start), during a round with the planned end of the current round.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from dshub.game.state import ACTIVE, MINUTES_PER_DAY, GameState, Phase


@dataclass(frozen=True)
class RoundSlot:
    round_id: str
    start: int  # minutes after midnight (may pass 24:00)
    end: int


def plan(state: GameState, minutes: Mapping[str, int]) -> dict[str, RoundSlot]:
    """Planned start and end of every round that is not skipped; empty without a planned start."""
    if state.planned_start is None:
        return {}
    slots: dict[str, RoundSlot] = {}
    clock = state.planned_start
    for round_id in state.agenda:
        if round_id in state.skipped:
            continue
        slots[round_id] = RoundSlot(round_id, clock, clock + minutes[round_id])
        clock += minutes[round_id]
    return slots


def overrun(state: GameState, minutes: Mapping[str, int], now: int) -> int | None:
    """Minutes the game is behind the plan at ``now`` (minutes after midnight); 0 when on time.

    ``None`` when there is nothing to compare: no planned start, or the game has finished.
    In the lobby it is how late the first round starts; during a round, how far the current
    round has run past its planned end.
    """
    slots = plan(state, minutes)
    phase = state.effective_phase
    if not slots or phase is Phase.FINISHED:
        return None
    if phase is Phase.LOBBY:
        target = next(iter(slots.values())).start
    elif phase in ACTIVE and state.agenda[state.round_index] in slots:
        target = slots[state.agenda[state.round_index]].end
    else:
        return None
    return max(0, _since(target, now))


def _since(target: int, now: int) -> int:
    """``now - target`` in minutes, for clock times that may be either side of midnight (within 12 hours)."""
    diff = (now - target) % MINUTES_PER_DAY
    return diff - MINUTES_PER_DAY if diff > MINUTES_PER_DAY // 2 else diff


def format_clock(minute: int) -> str:
    """``HH:MM`` for minutes after midnight (wrapping past 24:00)."""
    minute %= MINUTES_PER_DAY
    return f"{minute // 60:02d}:{minute % 60:02d}"


__all__ = ["RoundSlot", "format_clock", "overrun", "plan"]
