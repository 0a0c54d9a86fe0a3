"""The game's timetable: planned round times from a start time, and the overrun against the clock."""

from __future__ import annotations

import pytest

from dshub.game.schedule import format_clock, overrun, plan
from dshub.game.state import (
    Finish,
    IllegalTransition,
    Lock,
    Next,
    OpenQuestion,
    Reveal,
    SetPlannedStart,
    SkipRound,
    StartGame,
    apply,
    new_game,
)

MINUTES = {"r1": 20, "r2": 10, "r3": 30}
COUNTS = {"r1": 1, "r2": 1, "r3": 1}
NINE = 9 * 60


def run(state, *commands):
    for command in commands:
        state = apply(state, command)
    return state


def test_without_a_start_time_there_is_no_plan():
    s = new_game(COUNTS)
    assert plan(s, MINUTES) == {} and overrun(s, MINUTES, NINE) is None


def test_every_round_starts_when_the_rounds_before_it_end():
    s = run(new_game(COUNTS), SetPlannedStart(NINE))
    slots = plan(s, MINUTES)
    assert [(r, format_clock(x.start), format_clock(x.end)) for r, x in slots.items()] == [
        ("r1", "09:00", "09:20"),
        ("r2", "09:20", "09:30"),
        ("r3", "09:30", "10:00"),
    ]
    skipped = apply(s, SkipRound("r2"))  # a skipped round has no time; the rest moves up
    assert {r: format_clock(x.start) for r, x in plan(skipped, MINUTES).items()} == {"r1": "09:00", "r3": "09:20"}


def test_overrun_in_the_lobby_and_during_a_round():
    s = run(new_game(COUNTS), SetPlannedStart(NINE))
    assert overrun(s, MINUTES, NINE - 5) == 0
    assert overrun(s, MINUTES, NINE + 7) == 7  # the game should have started 7 minutes ago
    s = run(s, StartGame(), OpenQuestion())
    assert overrun(s, MINUTES, NINE + 20) == 0  # r1 is planned until 09:20
    assert overrun(s, MINUTES, NINE + 26) == 6
    s = run(s, Lock(), Reveal(), Next())  # r2's intro, planned 09:20-09:30
    assert overrun(s, MINUTES, NINE + 29) == 0 and overrun(s, MINUTES, NINE + 41) == 11
    assert overrun(apply(s, Finish()), MINUTES, NINE + 90) is None


def test_a_plan_across_midnight():
    s = run(new_game(COUNTS), SetPlannedStart(23 * 60 + 50))
    assert format_clock(plan(s, MINUTES)["r3"].start) == "00:20"
    s = run(s, StartGame())
    assert overrun(s, MINUTES, 5) == 0 and overrun(s, MINUTES, 15) == 5  # r1 ends at 00:10


@pytest.mark.parametrize("minute", [-1, 24 * 60, 9.5, True])
def test_a_start_time_must_be_a_time_of_day(minute):
    with pytest.raises(IllegalTransition) as info:
        apply(new_game(COUNTS), SetPlannedStart(minute))
    assert info.value.key == "game.error.bad_start_time"


def test_the_start_time_can_change_and_be_cleared_until_the_end():
    s = run(new_game(COUNTS), SetPlannedStart(NINE), StartGame(), SetPlannedStart(NINE + 15))
    assert s.planned_start == NINE + 15
    assert apply(s, SetPlannedStart(None)).planned_start is None
    with pytest.raises(IllegalTransition):
        run(s, Finish(), SetPlannedStart(NINE))
