"""The game state machine: happy path, refusals with the right key, pause, agenda, JSON, invariants."""

from __future__ import annotations

import json
from dataclasses import FrozenInstanceError, replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dshub.game.state import (
    CloseEndPulse,
    Finish,
    GameState,
    HideBoard,
    IllegalTransition,
    InvalidState,
    Lock,
    Next,
    OpenEndPulse,
    OpenQuestion,
    Pause,
    Phase,
    Reorder,
    Resume,
    Reveal,
    SetPlannedStart,
    SetTimer,
    ShowBoard,
    SkipRound,
    StartGame,
    StartRound,
    UnskipRound,
    apply,
    check_state,
    new_game,
)
from dshub.i18n import catalog

COUNTS = {"r1": 2, "r2": 1, "r3": 3}


def run(state: GameState, *commands) -> GameState:
    for command in commands:
        state = apply(state, command)
    return state


def refused(state: GameState, command) -> IllegalTransition:
    with pytest.raises(IllegalTransition) as info:
        apply(state, command)
    assert info.value.key in catalog(), f"{info.value.key} has no message"
    return info.value


@pytest.fixture
def lobby() -> GameState:
    return new_game(COUNTS)


# --------------------------------------------------------------------------- happy path


def test_full_game(lobby):
    s = apply(lobby, StartGame())
    assert (s.phase, s.current_round_id, s.card_index, s.version) == (Phase.INTRO, "r1", 0, 1)
    s = apply(s, OpenQuestion(deadline=1_000.0))
    assert s.phase is Phase.QUESTION_OPEN and s.deadline == 1_000.0 and s.open_card == ("r1", 0)
    assert s.timer_expired(1_000.0) and not s.timer_expired(999.0)
    s = apply(s, Lock())
    assert s.phase is Phase.LOCKED and s.deadline is None and s.open_card is None
    s = apply(s, Reveal())
    assert s.phase is Phase.REVEALED and s.is_revealed("r1", 0)
    s = apply(s, Next())  # second card of r1 opens at once
    assert (s.phase, s.current_round_id, s.card_index) == (Phase.QUESTION_OPEN, "r1", 1)
    s = run(s, Lock(), Reveal(), Next())  # r1 done: intro of r2
    assert (s.phase, s.current_round_id, s.card_index) == (Phase.INTRO, "r2", 0)
    s = run(s, OpenQuestion(), Lock(), Reveal(), Next())
    assert (s.phase, s.current_round_id) == (Phase.INTRO, "r3")
    s = run(s, OpenQuestion(), Lock(), Reveal(), Next(), Lock(), Reveal(), Next(), Lock(), Reveal(), ShowBoard())
    assert s.show_leaderboard
    s = apply(s, Next())
    assert s.phase is Phase.FINISHED and s.current_round_id is None
    assert s.played_rounds() == ["r1", "r2", "r3"]
    assert len(s.revealed) == 6
    assert s.version == 23  # one per applied command


def test_next_can_start_a_timer_on_the_next_card(lobby):
    s = run(lobby, StartGame(), OpenQuestion(deadline=100.0), Lock(), Reveal())
    assert s.next_opens_card
    s = apply(s, Next(deadline=500.0))
    assert (s.open_card, s.deadline) == (("r1", 1), 500.0) and s.timer_expired(500.0)
    s = run(s, Lock(), Reveal())
    assert not s.next_opens_card  # the last card of r1: Next goes to r2's intro, where no timer runs
    s = apply(s, Next(deadline=900.0))
    assert s.phase is Phase.INTRO and s.deadline is None
    s = run(lobby, StartGame(), OpenQuestion(), Lock(), Reveal())
    assert refused(s, Next(deadline=-5.0)).key == "game.error.bad_deadline"
    assert apply(s, Next()).deadline is None


def test_every_command_bumps_the_version_by_one(lobby):
    s = lobby
    for i, command in enumerate([StartGame(), ShowBoard(), HideBoard(), OpenQuestion(), SetTimer(5.0)], start=1):
        s = apply(s, command)
        assert s.version == i


def test_state_is_immutable_and_apply_is_pure(lobby):
    before = lobby.to_dict()
    apply(lobby, StartGame())
    assert lobby.to_dict() == before
    with pytest.raises(FrozenInstanceError):
        lobby.phase = Phase.INTRO  # type: ignore[misc]  # on purpose: assigning to a frozen state must fail


# --------------------------------------------------------------------------- refusals


def _at(lobby, phase: Phase) -> GameState:
    steps = {
        Phase.LOBBY: [],
        Phase.INTRO: [StartGame()],
        Phase.QUESTION_OPEN: [StartGame(), OpenQuestion()],
        Phase.LOCKED: [StartGame(), OpenQuestion(), Lock()],
        Phase.REVEALED: [StartGame(), OpenQuestion(), Lock(), Reveal()],
        Phase.PAUSED: [StartGame(), Pause("koffie")],
        Phase.FINISHED: [StartGame(), Finish()],
    }[phase]
    return run(lobby, *steps)


REFUSALS = [
    # lobby
    (Phase.LOBBY, OpenQuestion(), "game.error.not_started"),
    (Phase.LOBBY, Lock(), "game.error.not_started"),
    (Phase.LOBBY, Reveal(), "game.error.not_started"),
    (Phase.LOBBY, Next(), "game.error.not_started"),
    (Phase.LOBBY, StartRound("r2"), "game.error.not_started"),
    (Phase.LOBBY, SkipRound(), "game.error.not_started"),
    (Phase.LOBBY, SetTimer(5.0), "game.error.not_started"),
    (Phase.LOBBY, Resume(), "game.error.not_paused"),
    (Phase.LOBBY, OpenEndPulse(), "game.error.not_started"),
    (Phase.LOBBY, CloseEndPulse(), "game.error.not_started"),
    # intro
    (Phase.INTRO, StartGame(), "game.error.already_started"),
    (Phase.INTRO, Lock(), "game.error.not_open"),
    (Phase.INTRO, Reveal(), "game.error.not_open"),
    (Phase.INTRO, SetTimer(5.0), "game.error.not_open"),
    (Phase.INTRO, Next(), "game.error.open_first"),
    (Phase.INTRO, StartRound("r1"), "game.error.round_current"),
    (Phase.INTRO, Resume(), "game.error.not_paused"),
    # question open
    (Phase.QUESTION_OPEN, StartGame(), "game.error.already_started"),
    (Phase.QUESTION_OPEN, OpenQuestion(), "game.error.already_open"),
    (Phase.QUESTION_OPEN, Reveal(), "game.error.lock_first"),
    (Phase.QUESTION_OPEN, Next(), "game.error.reveal_first"),
    (Phase.QUESTION_OPEN, StartRound("r2"), "game.error.round_in_progress"),
    (Phase.QUESTION_OPEN, Resume(), "game.error.not_paused"),
    # locked
    (Phase.LOCKED, StartGame(), "game.error.already_started"),
    (Phase.LOCKED, OpenQuestion(), "game.error.already_locked"),
    (Phase.LOCKED, Lock(), "game.error.already_locked"),
    (Phase.LOCKED, SetTimer(5.0), "game.error.not_open"),
    (Phase.LOCKED, Next(), "game.error.reveal_first"),
    (Phase.LOCKED, StartRound("r2"), "game.error.round_in_progress"),
    # revealed
    (Phase.REVEALED, StartGame(), "game.error.already_started"),
    (Phase.REVEALED, OpenQuestion(), "game.error.use_next"),
    (Phase.REVEALED, Lock(), "game.error.already_revealed"),
    (Phase.REVEALED, Reveal(), "game.error.already_revealed"),
    (Phase.REVEALED, SetTimer(5.0), "game.error.not_open"),
    (Phase.REVEALED, StartRound("r1"), "game.error.round_played"),
    (Phase.REVEALED, Resume(), "game.error.not_paused"),
    # paused: only resume, pause (new message), board and finish
    (Phase.PAUSED, StartGame(), "game.error.paused"),
    (Phase.PAUSED, OpenQuestion(), "game.error.paused"),
    (Phase.PAUSED, Lock(), "game.error.paused"),
    (Phase.PAUSED, Reveal(), "game.error.paused"),
    (Phase.PAUSED, Next(), "game.error.paused"),
    (Phase.PAUSED, SkipRound(), "game.error.paused"),
    (Phase.PAUSED, Reorder(("r1", "r3", "r2")), "game.error.paused"),
    (Phase.PAUSED, StartRound("r2"), "game.error.paused"),
    # finished: nothing but the board
    (Phase.FINISHED, StartGame(), "game.error.finished"),
    (Phase.FINISHED, OpenQuestion(), "game.error.finished"),
    (Phase.FINISHED, Next(), "game.error.finished"),
    (Phase.FINISHED, Pause("x"), "game.error.finished"),
    (Phase.FINISHED, Resume(), "game.error.finished"),
    (Phase.FINISHED, Finish(), "game.error.finished"),
    (Phase.FINISHED, SkipRound("r3"), "game.error.finished"),
    (Phase.FINISHED, Reorder(("r1", "r3", "r2")), "game.error.finished"),
    (Phase.FINISHED, OpenEndPulse(), "game.error.finished"),
    (Phase.INTRO, CloseEndPulse(), "game.error.pulse_not_open"),
]


@pytest.mark.parametrize(("phase", "command", "key"), REFUSALS, ids=lambda v: getattr(v, "name", str(v)))
def test_illegal_transition_is_refused_with_its_key(lobby, phase, command, key):
    state = _at(lobby, phase)
    assert state.effective_phase is phase or state.phase is phase
    assert refused(state, command).key == key


def test_every_phase_and_command_pair_is_either_allowed_or_refused_with_a_message(lobby):
    commands = [
        StartGame(),
        StartRound("r3"),
        OpenQuestion(),
        SetTimer(5.0),
        Lock(),
        Reveal(),
        Next(),
        SkipRound(),
        SkipRound("r3"),
        Reorder(("r1", "r3", "r2")),
        Pause("p"),
        Resume(),
        ShowBoard(),
        HideBoard(),
        OpenEndPulse(),
        CloseEndPulse(),
        SetPlannedStart(600),
        UnskipRound("r3"),
        Finish(),
    ]
    for phase in Phase:
        for command in commands:
            try:
                check_state(apply(_at(lobby, phase), command))
            except IllegalTransition as exc:
                for lang in ("nl", "en"):
                    message = exc.message(lang)
                    assert message and not message.startswith("game.") and "{" not in message


def test_messages_are_translated_with_phase_names(lobby):
    exc = IllegalTransition("game.error.not_allowed", command="lock", phase="intro")
    assert exc.message("en") == "'Lock answers' is not possible now (phase: introduction)."
    assert exc.message("nl") == "'Antwoorden sluiten' kan nu niet (fase: introductie)."


def test_bad_pause_message_and_deadline(lobby):
    s = apply(lobby, StartGame())
    assert refused(s, Pause("   ")).key == "game.error.pause_message"
    assert refused(s, Pause("x" * 201)).key == "game.error.pause_message"
    assert refused(s, OpenQuestion(deadline=float("nan"))).key == "game.error.bad_deadline"
    assert refused(s, OpenQuestion(deadline=-1)).key == "game.error.bad_deadline"


def test_empty_agenda(lobby):
    s = run(lobby, SkipRound("r1"), SkipRound("r2"), SkipRound("r3"))
    assert refused(s, StartGame()).key == "game.error.empty_agenda"


def test_unknown_round(lobby):
    s = apply(lobby, StartGame())
    assert refused(s, StartRound("r9")).key == "game.error.unknown_round"
    assert refused(s, SkipRound("r9")).key == "game.error.unknown_round"
    assert refused(s, SkipRound("r9")).params == {"round": "r9"}


# --------------------------------------------------------------------------- pause


@pytest.mark.parametrize("phase", [Phase.LOBBY, Phase.INTRO, Phase.QUESTION_OPEN, Phase.LOCKED, Phase.REVEALED])
def test_pause_and_resume_restore_the_phase(lobby, phase):
    s = _at(lobby, phase)
    paused = apply(s, Pause("  Koffie tot   10:30 "))
    assert paused.phase is Phase.PAUSED and paused.effective_phase is phase
    assert paused.pause_message == "Koffie tot 10:30"
    assert paused.open_card is None  # no answering while paused
    again = apply(paused, Pause("Nog vijf minuten"))
    assert again.paused_phase is phase and again.pause_message == "Nog vijf minuten"
    resumed = apply(again, Resume())
    assert resumed.phase is phase and resumed.pause_message is None and resumed.paused_phase is None
    assert replace(resumed, version=s.version) == s


def test_a_pause_stops_the_timer_and_resume_runs_it_on(lobby):
    s = run(lobby, StartGame(), OpenQuestion(deadline=50.0), Pause("even wachten", at=30.0))
    assert s.deadline is None and s.timer_left == 20.0 and not s.timer_expired(1e9)
    s = apply(s, Pause("nog even", at=40.0))  # a new message does not touch the stopped timer
    assert s.timer_left == 20.0
    resumed = apply(s, Resume(at=300.0))  # a long coffee break costs the teams no time
    assert resumed.deadline == 320.0 and resumed.timer_left is None
    assert not resumed.timer_expired(319.0) and resumed.timer_expired(320.0)
    assert GameState.from_dict(s.to_dict()) == s


def test_a_pause_after_the_deadline_leaves_no_time_and_resume_needs_a_clock(lobby):
    s = run(lobby, StartGame(), OpenQuestion(deadline=50.0), Pause("p", at=70.0))
    assert s.timer_left == 0.0
    assert refused(s, Resume()).key == "game.error.bad_deadline"
    assert apply(s, Resume(at=80.0)).timer_expired(80.0)


def test_a_pause_without_a_clock_keeps_the_deadline(lobby):
    s = run(lobby, StartGame(), OpenQuestion(deadline=50.0), Pause("even wachten"))
    assert s.deadline == 50.0 and not s.timer_expired(60.0)  # the open_card is hidden while paused
    assert apply(s, Resume()).timer_expired(60.0)


def test_a_state_stored_before_timers_could_pause_still_loads(lobby):
    data = run(lobby, StartGame(), OpenQuestion(deadline=50.0)).to_dict()
    del data["timer_left"]
    assert GameState.from_dict(data).deadline == 50.0


def test_board_and_finish_work_while_paused(lobby):
    s = run(lobby, StartGame(), Pause("p"), ShowBoard())
    assert s.show_leaderboard and s.phase is Phase.PAUSED
    s = apply(s, Finish())
    assert s.phase is Phase.FINISHED and s.pause_message is None


# --------------------------------------------------------------------------- awareness pulse


def test_the_start_pulse_stays_open_for_late_joiners_until_the_first_reveal(lobby):
    s = lobby
    assert s.pulse_open("before") and not s.pulse_open("after")
    s = run(s, StartGame(), OpenQuestion(), Lock())
    assert s.pulse_open("before")
    s = apply(s, Reveal())
    assert not s.pulse_open("before") and not s.pulse_open("after")
    assert not s.pulse_open("during")


def test_the_facilitator_opens_the_end_pulse_any_time_after_the_start(lobby):
    s = run(lobby, StartGame(), OpenEndPulse())
    assert s.pulse_open("after") and not s.pulse_open("before")
    assert refused(s, OpenEndPulse()).key == "game.error.pulse_already_open"
    paused = apply(s, Pause("koffie"))
    assert paused.pulse_open("after")
    closed = apply(paused, CloseEndPulse())
    assert not closed.pulse_open("after") and closed.pulse_open("before")
    finished = apply(closed, Finish())
    assert finished.pulse_open("after") and not finished.pulse_open("before")
    assert GameState.from_dict(json.loads(json.dumps(s.to_dict()))) == s


def test_a_state_stored_before_the_end_pulse_could_open_still_loads(lobby):
    data = apply(lobby, StartGame()).to_dict()
    del data["end_pulse_open"]
    assert GameState.from_dict(data).end_pulse_open is False


# --------------------------------------------------------------------------- agenda


def test_reorder_in_lobby(lobby):
    s = apply(lobby, Reorder(("r3", "r1", "r2")))
    assert apply(s, StartGame()).current_round_id == "r3"


def test_reorder_keeps_past_and_current_in_place(lobby):
    s = run(lobby, StartGame(), OpenQuestion())
    assert refused(s, Reorder(("r2", "r1", "r3"))).key == "game.error.reorder_past"
    s = apply(s, Reorder(("r1", "r3", "r2")))
    assert s.agenda == ("r1", "r3", "r2") and s.current_round_id == "r1"
    assert s.upcoming() == ["r3", "r2"]


def test_reorder_must_be_a_permutation(lobby):
    e = refused(lobby, Reorder(("r1", "r2")))
    assert e.key == "game.error.reorder_mismatch" and e.params["missing"] == "r3"
    e = refused(lobby, Reorder(("r1", "r2", "r3", "r4")))
    assert e.params["unknown"] == "r4"
    assert refused(lobby, Reorder(("r1", "r1", "r2", "r3"))).key == "game.error.reorder_mismatch"


def test_skip_current_round_moves_to_next_intro(lobby):
    s = run(lobby, StartGame(), OpenQuestion(), SkipRound())
    assert (s.phase, s.current_round_id, s.card_index) == (Phase.INTRO, "r2", 0)
    assert "r1" in s.skipped and s.played_rounds() == []


def test_skip_upcoming_round_is_jumped_over(lobby):
    s = run(lobby, StartGame(), SkipRound("r2"))
    assert s.current_round_id == "r1" and s.upcoming() == ["r3"]
    assert refused(s, SkipRound("r2")).key == "game.error.round_skipped"
    s = run(s, OpenQuestion(), Lock(), Reveal(), Next(), Lock(), Reveal(), Next())
    assert s.current_round_id == "r3"
    assert refused(s, SkipRound("r1")).key == "game.error.round_played"


def test_a_skip_in_the_lobby_can_be_undone(lobby):
    s = run(lobby, SkipRound("r1"), SkipRound("r2"))
    assert s.upcoming() == ["r3"]
    s = apply(s, UnskipRound("r1"))
    assert s.skipped == {"r2"} and s.upcoming() == ["r1", "r3"]
    assert apply(s, StartGame()).current_round_id == "r1"
    assert refused(s, UnskipRound("r1")).key == "game.error.round_not_skipped"
    assert refused(s, UnskipRound("r9")).key == "game.error.unknown_round"


def test_an_upcoming_skip_can_be_undone_during_the_game_but_a_passed_round_stays_skipped(lobby):
    s = run(lobby, StartGame(), SkipRound("r3"), OpenQuestion())
    s = apply(s, UnskipRound("r3"))
    assert "r3" not in s.skipped and s.upcoming() == ["r2", "r3"]
    s = run(s, SkipRound())  # skip r1 while it is on screen: r2's intro
    assert s.current_round_id == "r2"
    e = refused(s, UnskipRound("r1"))
    assert e.key == "game.error.round_passed" and e.params == {"round": "r1"}
    assert refused(apply(s, Pause("p")), UnskipRound("r3")).key == "game.error.paused"
    assert refused(apply(s, Finish()), UnskipRound("r1")).key == "game.error.finished"


def test_skipping_the_last_round_finishes(lobby):
    s = run(lobby, Reorder(("r2", "r1", "r3")), SkipRound("r1"), SkipRound("r3"), StartGame(), SkipRound())
    assert s.phase is Phase.FINISHED


def test_start_round_jumps_ahead_and_unskips(lobby):
    s = run(lobby, SkipRound("r3"), StartGame(), StartRound("r3"))
    # r3 takes the slot of r1, which was not started yet and now comes next
    assert s.agenda == ("r3", "r1", "r2") and s.current_round_id == "r3" and "r3" not in s.skipped
    assert s.phase is Phase.INTRO and s.upcoming() == ["r1", "r2"]


def test_start_round_after_a_reveal_ends_the_current_round(lobby):
    s = run(lobby, StartGame(), OpenQuestion(), Lock(), Reveal(), StartRound("r3"))
    assert s.agenda == ("r1", "r3", "r2") and s.current_round_id == "r3" and s.round_index == 1
    assert refused(s, StartRound("r1")).key == "game.error.round_played"
    assert s.played_rounds() == ["r1"]


# --------------------------------------------------------------------------- serialisation


def test_json_round_trip_at_every_phase(lobby):
    for phase in Phase:
        state = _at(lobby, phase)
        data = json.loads(json.dumps(state.to_dict()))
        assert GameState.from_dict(data) == state


def test_json_round_trip_keeps_agenda_skips_and_reveals(lobby):
    s = run(
        lobby,
        SkipRound("r2"),
        Reorder(("r3", "r1", "r2")),
        StartGame(),
        OpenQuestion(deadline=12.5),
        Lock(),
        Reveal(),
        ShowBoard(),
        Pause("Lunch"),
    )
    assert GameState.from_dict(json.loads(json.dumps(s.to_dict()))) == s


@pytest.mark.parametrize(
    "damage",
    [
        {"schema": 99},
        {"phase": "dancing"},
        {"round_index": "0"},
        {"version": True},
        {"agenda": ["r1", "r2"]},
        {"card_counts": {"r1": 0, "r2": 1, "r3": 3}},
        {"skipped": ["r9"]},
        {"revealed": [["r1", 7]]},
        {"pause_message": "p"},
        {"deadline": 10.0},
        {"deadline": "soon"},
        {"show_leaderboard": "yes"},
        {"planned_start": 24 * 60},
        {"planned_start": "09:30"},
    ],
)
def test_damaged_state_is_refused(lobby, damage):
    data = {**lobby.to_dict(), **damage}
    with pytest.raises(InvalidState):
        GameState.from_dict(data)


def test_missing_field_is_refused(lobby):
    data = lobby.to_dict()
    del data["phase"]
    with pytest.raises(InvalidState):
        GameState.from_dict(data)


# --------------------------------------------------------------------------- property: no invalid state

ROUNDS = ["a", "b", "c", "d"]
round_ids = st.sampled_from(ROUNDS + ["zz"])
clock = st.one_of(st.none(), st.floats(min_value=1, max_value=1e9))  # a command's "at" (None: no clock)
commands = st.one_of(
    st.just(StartGame()),
    st.builds(StartRound, round_ids),
    st.builds(OpenQuestion, st.one_of(st.none(), st.floats(min_value=1, max_value=1e9))),
    st.builds(SetTimer, st.one_of(st.none(), st.floats(min_value=1, max_value=1e9))),
    st.just(Lock()),
    st.just(Reveal()),
    st.builds(Next, st.one_of(st.none(), st.floats(min_value=1, max_value=1e9))),
    st.builds(SkipRound, st.one_of(st.none(), round_ids)),
    st.builds(UnskipRound, round_ids),
    st.builds(Reorder, st.permutations(ROUNDS).map(tuple)),
    # Pause and Resume with and without a clock, as the service (always a clock) and older callers send them.
    st.builds(Pause, st.sampled_from(["koffie", "", "lunch"]), clock),
    st.builds(Resume, clock),
    st.just(ShowBoard()),
    st.just(HideBoard()),
    st.just(OpenEndPulse()),
    st.builds(SetPlannedStart, st.one_of(st.none(), st.integers(min_value=-5, max_value=24 * 60 + 5))),
    st.just(CloseEndPulse()),
    st.just(Finish()),
)
# The command that moves a game forward from each phase. Mixing these in keeps random
# sequences from getting stuck in refusals, so they reach deep into a game.
FORWARD = {
    Phase.LOBBY: StartGame(),
    Phase.INTRO: OpenQuestion(),
    Phase.QUESTION_OPEN: Lock(),
    Phase.LOCKED: Reveal(),
    Phase.REVEALED: Next(),
    Phase.PAUSED: Resume(at=5e8),
    Phase.FINISHED: Next(),
}


@settings(max_examples=300, deadline=None)
@given(
    counts=st.lists(st.integers(min_value=1, max_value=3), min_size=4, max_size=4),
    steps=st.lists(st.one_of(st.none(), commands), min_size=30, max_size=120),
)
def test_random_command_sequences_never_produce_an_invalid_state(counts, steps):
    """Each step is a random command, or (None) the command that moves the game forward."""
    state = new_game(dict(zip(ROUNDS, counts)))
    for step in steps:
        command = FORWARD[state.phase] if step is None else step
        try:
            new = apply(state, command)
        except IllegalTransition as exc:
            assert exc.key in catalog()
            continue
        check_state(new)
        assert new.version == state.version + 1
        assert sorted(new.agenda) == ROUNDS
        assert set(state.revealed) <= set(new.revealed)  # reveals are never lost
        if state.phase is Phase.FINISHED:
            assert new.phase is Phase.FINISHED
        if (
            isinstance(command, Pause)
            and command.at is not None
            and state.deadline is not None
            and state.phase is not Phase.PAUSED
        ):
            assert new.deadline is None and new.timer_left == max(0.0, state.deadline - command.at)  # timer stops
        if isinstance(command, Resume) and state.timer_left is not None:
            assert new.deadline == command.at + state.timer_left  # and runs on with the time it had left
        assert GameState.from_dict(new.to_dict()) == new
        state = new


# --------------------------------------------------------------------------- messages


def test_every_game_message_key_exists_in_both_languages():
    import re
    import typing
    from pathlib import Path

    from dshub.game import content
    from dshub.game.state import COMMANDS

    root = Path(__file__).resolve().parents[2]
    sources = [*sorted((root / "dshub" / "game").glob("*.py")), root / "dshub" / "charts" / "game.py"]
    literal = {k for path in sources for k in re.findall(r'"(game\.[a-z_]+\.[a-z_]+)"', path.read_text())}
    families = {
        "phase": [p.value for p in Phase],
        "command": [c.name for c in COMMANDS],
        "vote": list(content.VOTES),
        "verdict": typing.get_args(content.Verdict),
        "round_type": list(content.ROUND_TYPES),
        "flaw": list(content.FLAW_TYPES),
        "personal_data": typing.get_args(content.PersonalData),
        "quality": typing.get_args(content.Quality),
        "availability": typing.get_args(content.Availability),
    }
    keys = literal | {f"game.{family}.{v}" for family, values in families.items() for v in values}
    assert len(literal) > 40  # the scan found the keys
    missing = sorted(k for k in keys if k not in catalog())
    assert not missing
    assert all(set(catalog()[k]) == {"nl", "en"} for k in keys)
