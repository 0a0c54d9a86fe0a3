"""The game service against a real database (SQLite and PostgreSQL): rounds, concurrency, refusals, reconnects."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, select, update

from dshub.content import ContentBundle
from dshub.errors import Conflict, Forbidden, NotFound
from dshub.game.content import GameContent
from dshub.game.state import (
    CloseEndPulse,
    Finish,
    Lock,
    Next,
    OpenEndPulse,
    OpenQuestion,
    Pause,
    Phase,
    Resume,
    Reveal,
    ShowBoard,
    StartGame,
    StartRound,
)
from dshub.services import game, workshops
from dshub.store.db import Database
from dshub.store.models import Answer, AnswerHistory, GameSession

T0 = 1_900_000_000.0  # a fixed "now" for timer tests


def send(db, day, content, command, now=None):
    version = game.console_view(db, day["key"], content, now=now).state.version
    return game.send(db, day["key"], content, command, expected_version=version, now=now)


def refused(key, fn, *args, **kwargs):
    with pytest.raises(game.GameRefused) as info:
        fn(*args, **kwargs)
    assert info.value.key == key
    assert info.value.message("en") != key  # the key has a message
    return info.value


def count(db, instrument, model=Answer):
    with db.read() as s:
        if model is Answer:
            return s.scalar(select(func.count()).select_from(Answer).where(Answer.instrument == instrument))
        return s.scalar(
            select(func.count())
            .select_from(AnswerHistory)
            .join(Answer, Answer.id == AnswerHistory.answer_id)
            .where(Answer.instrument == instrument)
        )


# --------------------------------------------------------------------------- a full round


def test_a_full_round_from_lobby_to_podium(db, day, content):
    view = game.open_console(db, day["key"], content)
    assert view.content_id == "game_awareness_day" and view.state.phase is Phase.LOBBY and view.state.version == 0
    assert [t.name for t in view.board.teams] == ["Rood", "Blauw"]
    assert view.board.results.totals == {day["red"]: 10, day["blue_team"]: 10}
    assert game.open_console(db, day["key"], content).state.version == 0  # opening again creates nothing new
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(GameSession)) == 1

    game.save_pulse(db, content, day["red1"], "before", {"pulse_know_data": 2})
    send(db, day, content, StartGame())
    send(db, day, content, OpenQuestion())
    team = game.team_view(db, content, day["red1"])
    assert team.card.card_id == "lc_truncated_axis" and not team.card.revealed and team.answer is None
    # A late joiner still gives the pulse at the start, until the first card is revealed.
    game.save_pulse(db, content, day["red1"], "before", {"pulse_know_data": 2, "pulse_question_charts": 3})

    # Each member chooses; the team sees every choice; one member confirms the team answer.
    game.submit_member_choice(db, content, day["red1"], "lc_truncated_axis", {"options": ["axis_not_zero"]})
    game.submit_member_choice(
        db, content, day["red2"], "lc_truncated_axis", {"options": ["nothing_wrong"], "text": "  looks   fine "}
    )
    team = game.team_view(db, content, day["red2"])
    assert team.me == "2" and team.my_choice == {"options": ["nothing_wrong"], "text": "looks fine"}
    assert {g.members for g in team.choices.groups} == {("1",), ("2",)} and not team.choices.confirmed
    game.confirm_team_answer(
        db, content, day["red1"], "lc_truncated_axis", {"options": ["axis_not_zero"]}, expected_revision=0
    )
    game.confirm_team_answer(
        db, content, day["blue"], "lc_truncated_axis", {"options": ["axis_not_zero", "nothing_wrong"]}
    )
    team = game.team_view(db, content, day["red2"])
    assert team.answer.value == {"options": ["axis_not_zero"]} and team.answer.confirmed_by == "1"
    console = game.console_view(db, day["key"], content)
    assert console.board.answered == {day["red"], day["blue_team"]}
    assert console.board.results.totals == {day["red"]: 10, day["blue_team"]: 10}  # nothing counts before the reveal

    send(db, day, content, Lock())
    send(db, day, content, Reveal())
    console = game.console_view(db, day["key"], content)
    assert console.card.revealed and set(console.answers) == {day["red"], day["blue_team"]}
    # Rood: one correct option (2). Blauw: one correct (2) minus one wrong (1).
    assert console.board.results.totals == {day["red"]: 12, day["blue_team"]: 11}
    game.correct_bricks(db, day["key"], content, {day["blue_team"]: 2}, "lc_truncated_axis")
    game.correct_bricks(db, day["key"], content, {day["blue_team"]: 1}, "lc_truncated_axis")  # replaces, not adds
    assert game.team_view(db, content, day["blue"]).bricks == 12
    assert game.team_view(db, content, day["red1"]).card_bricks() == 2

    # The dilemma round: the facilitator jumps to it and awards bricks for the reasoning.
    send(db, day, content, StartRound("round_dilemma"))
    send(db, day, content, OpenQuestion())
    argument = {"vote": "adjust", "argument": "Zonder nationaliteit en met een mens die beslist."}
    game.confirm_team_answer(db, content, day["red2"], "dilemma_debt_model", argument)
    game.confirm_team_answer(db, content, day["blue"], "dilemma_debt_model", {"vote": "go", "argument": "Helpt vroeg."})
    send(db, day, content, Lock())
    game.award_bricks(db, day["key"], content, "dilemma_debt_model", {day["red"]: 3, day["blue_team"]: 1})
    send(db, day, content, Reveal())
    send(db, day, content, ShowBoard())
    team = game.team_view(db, content, day["blue"])
    assert team.state.show_leaderboard and team.card_bricks() == 1
    assert [(s.rank, s.team, s.bricks) for s in team.board.results.leaderboard()] == [
        (1, day["red"], 15),
        (2, day["blue_team"], 13),
    ]

    refused("game.pulse.closed_before", game.save_pulse, db, content, day["red1"], "before", {"pulse_know_data": 5})
    refused("game.pulse.closed_after", game.save_pulse, db, content, day["red1"], "after", {"pulse_know_data": 4})
    send(db, day, content, OpenEndPulse())  # the facilitator opens the end-of-day pulse before the last card
    game.save_pulse(db, content, day["red1"], "after", {"pulse_know_data": 4})
    assert send(db, day, content, Next()).open_card == ("round_dilemma", 1)  # the second dilemma opens at once
    send(db, day, content, Finish())
    board = game.console_view(db, day["key"], content).board
    assert game.console_view(db, day["key"], content).state.phase is Phase.FINISHED
    assert [s.team for s in board.results.podium()] == [day["red"], day["blue_team"]]
    assert board.played_rounds == ("round_look_closer", "round_dilemma")  # lessons of the rounds played
    assert board.pulse_before == {"pulse_know_data": [2], "pulse_question_charts": [3]}
    assert board.pulse_after == {"pulse_know_data": [4]}
    assert game.team_view(db, content, day["red1"]).pulse == {
        "pulse_know_data@before": 2,
        "pulse_question_charts@before": 3,
        "pulse_know_data@after": 4,
    }


def test_stale_console_gets_a_conflict_and_nothing_changes(db, day, content):
    game.open_console(db, day["key"], content)
    game.send(db, day["key"], content, StartGame(), expected_version=0)
    with pytest.raises(Conflict) as info:  # a second console still showing version 0
        game.send(db, day["key"], content, Pause(message="Koffie"), expected_version=0)
    assert info.value.key == "game.error.stale"
    state = game.console_view(db, day["key"], content).state
    assert state.phase is Phase.INTRO and state.version == 1


def test_illegal_command_is_refused_with_a_translated_message(db, day, content):
    game.open_console(db, day["key"], content)
    error = refused("game.error.not_started", game.send, db, day["key"], content, Reveal(), expected_version=0)
    assert error.message("nl").startswith("Het spel is nog niet begonnen")
    send(db, day, content, StartGame())
    error = refused("game.error.not_open", game.send, db, day["key"], content, Reveal(), expected_version=1)
    assert "Open the question first" in error.message("en")
    refused("game.error.pause_message", send, db, day, content, Pause(message="   "))
    assert game.console_view(db, day["key"], content).state.version == 1


def test_answers_are_refused_unless_the_question_is_open(db, day, content):
    answer = {"options": ["axis_not_zero"]}
    refused(
        "game.play.refused_not_open", game.confirm_team_answer, db, content, day["red1"], "lc_truncated_axis", answer
    )  # not even started: the game session does not exist yet
    send(db, day, content, StartGame())
    refused(
        "game.play.refused_not_open", game.submit_member_choice, db, content, day["red1"], "lc_truncated_axis", answer
    )
    send(db, day, content, OpenQuestion())
    refused(
        "game.play.refused_not_open",
        game.confirm_team_answer,
        db,
        content,
        day["red1"],
        "lc_missing_base",
        {"options": ["no_counts"]},
    )  # another card than the open one
    refused(
        "game.answer.empty", game.confirm_team_answer, db, content, day["red1"], "lc_truncated_axis", {"options": []}
    )
    game.confirm_team_answer(db, content, day["red1"], "lc_truncated_axis", answer)
    send(db, day, content, Pause(message="Koffie"))
    refused(
        "game.play.refused_paused",
        game.confirm_team_answer,
        db,
        content,
        day["red1"],
        "lc_truncated_axis",
        {"options": ["nothing_wrong"]},
    )
    send(db, day, content, Resume())
    send(db, day, content, Lock())
    refused(
        "game.play.refused_locked",
        game.confirm_team_answer,
        db,
        content,
        day["red2"],
        "lc_truncated_axis",
        {"options": ["nothing_wrong"]},
    )
    refused(
        "game.play.refused_locked",
        game.submit_member_choice,
        db,
        content,
        day["red2"],
        "lc_truncated_axis",
        {"options": ["nothing_wrong"]},
    )
    assert game.team_view(db, content, day["red2"]).answer.value == answer  # the locked answer stands
    assert count(db, "game") == 1


def test_a_teammates_newer_confirmation_is_not_overwritten_blindly(db, day, content):
    send(db, day, content, StartGame())
    send(db, day, content, OpenQuestion())
    game.confirm_team_answer(
        db, content, day["red1"], "lc_truncated_axis", {"options": ["axis_not_zero"]}, expected_revision=0
    )
    with pytest.raises(Conflict) as info:  # red2's screen still showed "no team answer"
        game.confirm_team_answer(
            db, content, day["red2"], "lc_truncated_axis", {"options": ["nothing_wrong"]}, expected_revision=0
        )
    assert info.value.key == "game.play.teammate_confirmed"
    assert info.value.current.value == {"options": ["axis_not_zero"]}
    saved = game.confirm_team_answer(
        db,
        content,
        day["red2"],
        "lc_truncated_axis",
        {"options": ["nothing_wrong"]},
        expected_revision=info.value.current.revision,
    )
    assert saved.revision == 2
    assert game.team_view(db, content, day["red1"]).answer.confirmed_by == "2"


def test_the_timer_locks_the_question_by_itself(db, day, content):
    send(db, day, content, StartGame(), now=T0)
    send(db, day, content, OpenQuestion(deadline=T0 + 60), now=T0)
    game.confirm_team_answer(db, content, day["red1"], "lc_truncated_axis", {"options": ["axis_not_zero"]}, now=T0 + 59)
    open_version = game.console_view(db, day["key"], content, now=T0 + 59).state.version
    # After the deadline every screen shows the question locked, without anyone writing.
    assert game.team_view(db, content, day["blue"], now=T0 + 61).state.phase is Phase.LOCKED
    refused(
        "game.play.refused_locked",
        game.confirm_team_answer,
        db,
        content,
        day["blue"],
        "lc_truncated_axis",
        {"options": ["axis_not_zero"]},
        now=T0 + 61,
    )
    # A console that still showed the open question: Lock is what happened anyway; anything else is stale.
    with pytest.raises(Conflict) as info:
        game.send(db, day["key"], content, Reveal(), expected_version=open_version, now=T0 + 62)
    assert info.value.key == "game.error.timer_locked"
    locked = game.send(db, day["key"], content, Lock(), expected_version=open_version, now=T0 + 62)
    assert locked.phase is Phase.LOCKED and locked.deadline is None
    with db.read() as s:  # the lock is stored now
        assert s.scalar(select(GameSession.version)) == open_version + 1
    game.send(db, day["key"], content, Reveal(), expected_version=open_version + 1, now=T0 + 63)
    assert game.console_view(db, day["key"], content).board.results.totals[day["red"]] == 12


def test_a_pause_stops_the_timer_at_the_servers_clock(db, day, content):
    send(db, day, content, StartGame(), now=T0)
    send(db, day, content, OpenQuestion(deadline=T0 + 60), now=T0)
    send(db, day, content, Pause(message="Koffie"), now=T0 + 20)
    # Ten minutes of coffee: the question neither locks nor loses time.
    assert game.team_view(db, content, day["blue"], now=T0 + 620).state.timer_left == 40
    resumed = send(db, day, content, Resume(), now=T0 + 620)
    assert resumed.phase is Phase.QUESTION_OPEN and resumed.deadline == T0 + 660
    game.confirm_team_answer(
        db, content, day["red1"], "lc_truncated_axis", {"options": ["axis_not_zero"]}, now=T0 + 650
    )
    assert game.team_view(db, content, day["blue"], now=T0 + 661).state.phase is Phase.LOCKED


def test_a_reconnecting_team_keeps_its_bricks_and_the_state_survives_the_console(db, day, content):
    send(db, day, content, StartGame())
    send(db, day, content, OpenQuestion())
    game.confirm_team_answer(db, content, day["red1"], "lc_truncated_axis", {"options": ["axis_not_zero"]})
    send(db, day, content, Lock())
    send(db, day, content, Reveal())
    send(db, day, content, Next())
    before = game.team_view(db, content, day["red1"])
    # A new server process (the facilitator's browser closed, a team's tablet reconnects).
    fresh = Database(db.url)
    try:
        again = game.team_view(fresh, content, day["red1"])
        console = game.console_view(fresh, day["key"], content)
    finally:
        fresh.dispose()
    assert again.bricks == before.bricks == 12
    assert again.state == before.state and again.card.card_id == "lc_missing_base"
    assert console.state.phase is Phase.QUESTION_OPEN and console.state.revealed == (("round_look_closer", 0),)


def test_concurrent_confirms_do_not_duplicate(db, day, content):
    members = [workshops.join(db, code=day["code"], team_id=int(day["red"])).token for _ in range(4)]
    members += [day["red1"], day["red2"]]
    send(db, day, content, StartGame())
    send(db, day, content, OpenQuestion())
    options = ["axis_not_zero", "years_shuffled", "actually_falling", "nothing_wrong"]
    barrier = threading.Barrier(len(members))

    def confirm(i):
        barrier.wait()
        return game.confirm_team_answer(
            db, content, members[i], "lc_truncated_axis", {"options": [options[i % len(options)]]}
        ).revision

    with ThreadPoolExecutor(len(members)) as pool:
        revisions = sorted(pool.map(confirm, range(len(members))))
    assert count(db, "game") == 1  # one team answer, however many confirmed at once
    assert count(db, "game_choice") == len(members)  # and every member's own choice
    with db.read() as s:
        row = s.execute(select(Answer.revision, Answer.value).where(Answer.instrument == "game")).one()
    assert row.revision == count(db, "game", AnswerHistory) == max(revisions)  # every change kept in history
    assert game.team_view(db, content, day["red1"]).answer.value == row.value


def test_concurrent_commands_apply_once(db, day, content, monkeypatch):
    game.open_console(db, day["key"], content)
    barrier = threading.Barrier(4)
    in_transaction = threading.Barrier(4)
    real_apply = game.apply

    def apply_after_everyone_read(state, command):
        # All four consoles have read version 0 before any writes (PostgreSQL); SQLite lets only one
        # writer in at a time, so there the wait times out and they go on one by one.
        try:
            in_transaction.wait(timeout=1)
        except threading.BrokenBarrierError:
            pass
        return real_apply(state, command)

    monkeypatch.setattr(game, "apply", apply_after_everyone_read)

    def start(_):
        barrier.wait()
        try:
            game.send(db, day["key"], content, StartGame(), expected_version=0)
            return "ok"
        except (Conflict, game.GameRefused):
            return "refused"

    with ThreadPoolExecutor(4) as pool:
        outcomes = sorted(pool.map(start, range(4)))
    assert outcomes == ["ok", "refused", "refused", "refused"]
    assert game.console_view(db, day["key"], content).state.version == 1


def test_bricks_rules(db, day, content):
    send(db, day, content, StartGame())
    send(db, day, content, StartRound("round_dilemma"))
    send(db, day, content, OpenQuestion())
    refused("game.award.not_yet", game.award_bricks, db, day["key"], content, "dilemma_debt_model", {day["red"]: 2})
    send(db, day, content, Lock())
    refused("game.award.range", game.award_bricks, db, day["key"], content, "dilemma_debt_model", {day["red"]: 4})
    refused("game.award.not_yet", game.correct_bricks, db, day["key"], content, {day["red"]: 1}, "quiz_cbs")
    refused("game.award.range", game.correct_bricks, db, day["key"], content, {day["red"]: 21})
    refused("game.award.unknown_card", game.correct_bricks, db, day["key"], content, {day["red"]: 1}, "no_such")
    with pytest.raises(NotFound):
        game.award_bricks(db, day["key"], content, "dilemma_debt_model", {"999": 1})
    game.award_bricks(db, day["key"], content, "dilemma_debt_model", {day["red"]: 2})
    game.correct_bricks(db, day["key"], content, {day["blue_team"]: -3})  # overall, not tied to a card
    send(db, day, content, Reveal())
    refused("game.award.not_dilemma", game.award_bricks, db, day["key"], content, "lc_truncated_axis", {day["red"]: 1})
    view = game.console_view(db, day["key"], content)
    assert view.awards == {day["red"]: 2}
    assert view.corrections == {(day["blue_team"], None): -3}
    assert view.board.results.totals == {day["red"]: 12, day["blue_team"]: 7}


def test_who_may_do_what(db, day, content):
    with pytest.raises(Forbidden):
        game.open_console(db, "wrong key", content)
    with pytest.raises(NotFound):
        game.team_view(db, content, "no such token")
    other = workshops.create_workshop(
        db, title="Scan", municipality="Tilburg", base_url="http://x", modules=["maturity"]
    )
    with pytest.raises(Forbidden) as info:
        game.open_console(db, other.facilitator_key, content)
    assert info.value.key == "game.error.module_off"
    workshops.remove_team(db, day["key"], int(day["blue_team"]))
    with pytest.raises(Forbidden) as info:
        game.team_view(db, content, day["blue"])
    assert info.value.key == "game.play.team_removed"
    assert [t.name for t in game.open_console(db, day["key"], content).board.teams] == ["Rood"]


def test_a_session_keeps_its_game_and_falls_back_to_the_first_game(db, day, content):
    own = content.get("game_awareness_day", GameContent).model_copy(update={"id": "game_own"})
    only_own = ContentBundle(files={"game_own": own})
    assert game.open_console(db, day["key"], only_own).content_id == "game_own"
    with pytest.raises(NotFound) as info:  # the stored game is gone from the content
        game.console_view(db, day["key"], content)
    assert info.value.key == "game.error.content_missing"


def _with_own_game(content: ContentBundle) -> ContentBundle:
    """The shipped content plus a facilitator's own game: a copy with a new id and a shorter agenda."""
    base = content.get("game_awareness_day", GameContent)
    own = base.model_copy(update={"id": "game_own", "rounds": [base.round("round_quiz"), base.round("round_dilemma")]})
    return ContentBundle(files={**content.files, "game_own": own})


def test_the_facilitator_chooses_their_own_game_in_the_lobby(db, day, content):
    both = _with_own_game(content)
    assert [g.id for g in game.available_games(both)] == ["game_awareness_day", "game_own"]
    view = game.open_console(db, day["key"], both)
    assert view.content_id == "game_awareness_day"
    with pytest.raises(Conflict):  # a console drawn for an older version
        game.choose_game(db, day["key"], both, "game_own", expected_version=view.state.version - 1)
    with pytest.raises(NotFound):
        game.choose_game(db, day["key"], both, "game_nope", expected_version=view.state.version)
    chosen = game.choose_game(db, day["key"], both, "game_own", expected_version=view.state.version)
    assert chosen.content_id == "game_own" and chosen.state.agenda == ("round_quiz", "round_dilemma")
    assert chosen.state.version == view.state.version + 1 and chosen.state.phase is Phase.LOBBY
    with db.read() as s:
        assert s.scalar(select(GameSession.content_id)) == "game_own"
    # Every screen now plays the chosen game.
    send(db, day, both, StartGame())
    assert game.team_view(db, both, day["red1"]).state.current_round_id == "round_quiz"
    refused(
        "game.error.choose_in_lobby",
        game.choose_game,
        db,
        day["key"],
        both,
        "game_awareness_day",
        expected_version=game.console_view(db, day["key"], both).state.version,
    )


def test_the_pulse_is_open_at_the_right_moments(db, day, content):
    pulse = {"pulse_know_data": 3}
    refused("game.pulse.closed_after", game.save_pulse, db, content, day["blue"], "after", pulse)
    game.save_pulse(db, content, day["blue"], "before", pulse)  # the lobby: no game session yet
    send(db, day, content, StartGame())
    send(db, day, content, OpenEndPulse())  # opened early: the pulse at the start closes
    refused("game.pulse.closed_before", game.save_pulse, db, content, day["red1"], "before", pulse)
    game.save_pulse(db, content, day["blue"], "after", {"pulse_know_data": 4})
    send(db, day, content, CloseEndPulse())
    refused("game.pulse.closed_after", game.save_pulse, db, content, day["blue"], "after", pulse)
    game.save_pulse(db, content, day["red1"], "before", pulse)  # nothing revealed yet
    send(db, day, content, Finish())
    game.save_pulse(db, content, day["red2"], "after", {"pulse_know_data": 5})  # open by itself at the end
    board = game.console_view(db, day["key"], content).board
    assert board.pulse_before == {"pulse_know_data": [3, 3]} and sorted(board.pulse_after["pulse_know_data"]) == [4, 5]


def test_corrections_keep_their_reason_and_count_once_their_card_is_revealed(db, day, content):
    send(db, day, content, StartGame())
    send(db, day, content, OpenQuestion())
    send(db, day, content, Lock())
    game.correct_bricks(db, day["key"], content, {day["red"]: 3}, "lc_truncated_axis", reason="  good   point ")
    refused(
        "game.award.reason_too_long", game.correct_bricks, db, day["key"], content, {day["red"]: 1}, reason="x" * 201
    )
    view = game.console_view(db, day["key"], content)
    assert view.correctable_cards() == ["lc_truncated_axis"]
    assert [(a.team, a.bricks, a.card_id, a.reason) for a in view.adjustments] == [
        (day["red"], 3, "lc_truncated_axis", "good point")
    ]
    assert view.board.results.totals[day["red"]] == 10  # hidden until the reveal, like the card itself
    send(db, day, content, Reveal())
    assert game.console_view(db, day["key"], content).board.results.totals[day["red"]] == 13
    send(db, day, content, Next())
    send(db, day, content, Finish())
    game.correct_bricks(db, day["key"], content, {day["red"]: 1}, "lc_truncated_axis")  # after the end, too
    view = game.console_view(db, day["key"], content)
    assert view.correctable_cards() == ["lc_truncated_axis"] and view.board.results.totals[day["red"]] == 11
    assert view.adjustments[0].reason == ""  # a new correction replaces the old one, reason included


def test_a_restart_after_the_game_changed_mid_event_keeps_the_answers_in_the_history(db, day, content):
    send(db, day, content, StartGame())
    send(db, day, content, OpenQuestion())
    game.save_pulse(db, content, day["red1"], "before", {"pulse_know_data": 2})
    game.confirm_team_answer(db, content, day["red1"], "lc_truncated_axis", {"options": ["axis_not_zero"]})
    send(db, day, content, Lock())
    game.correct_bricks(db, day["key"], content, {day["red"]: 2})
    send(db, day, content, Reveal())
    stored = game.console_view(db, day["key"], content).state.version
    # The facilitator adds a card to the first round of the running game.
    base = content.get("game_awareness_day", GameContent)
    first = base.rounds[0]
    extra = first.cards[0].model_copy(update={"id": "lc_extra"})
    changed_game = base.model_copy(
        update={"rounds": [first.model_copy(update={"cards": [*first.cards, extra]}), *base.rounds[1:]]}
    )
    changed = ContentBundle(files={**content.files, "game_awareness_day": changed_game})
    for blocked in (
        lambda: game.console_view(db, day["key"], changed),
        lambda: game.team_view(db, changed, day["blue"]),
    ):
        with pytest.raises(Conflict) as info:
            blocked()
        assert info.value.key == "game.error.content_changed" and info.value.key in game.RESTARTABLE
    with pytest.raises(Conflict):  # a console that is out of date cannot restart
        game.restart_game(db, day["key"], changed, expected_version=stored - 1)

    view = game.restart_game(db, day["key"], changed)
    assert view.state.phase is Phase.LOBBY and view.state.version == stored + 1
    assert view.state.card_counts["round_look_closer"] == len(first.cards) + 1
    assert view.board.results.totals == {day["red"]: 10, day["blue_team"]: 10}  # the score starts again
    assert game.team_view(db, changed, day["red1"]).state.phase is Phase.LOBBY  # every screen loads again
    with db.read() as s:
        rows = dict(s.execute(select(Answer.instrument, func.count()).group_by(Answer.instrument)).all())
        history = s.scalar(select(func.count()).select_from(AnswerHistory))
    assert rows == {f"game~v{stored}": 1, f"game_choice~v{stored}": 1, f"game_award~v{stored}": 1, "pulse": 1}
    assert history >= 4  # every answer keeps its history
    assert view.board.pulse_before == {"pulse_know_data": [2]}  # the pulse is about the day and stays
    # Played again: the old answer does not come back.
    send(db, day, changed, StartGame())
    send(db, day, changed, OpenQuestion())
    assert game.team_view(db, changed, day["red1"]).answer is None


def test_a_restart_also_recovers_a_missing_game_file_and_a_damaged_state(db, day, content):
    own = _with_own_game(content)
    view = game.open_console(db, day["key"], own)
    game.choose_game(db, day["key"], own, "game_own", expected_version=view.state.version)
    with pytest.raises(NotFound):  # the own game file was removed
        game.console_view(db, day["key"], content)
    assert game.restart_game(db, day["key"], content).content_id == "game_awareness_day"  # the default game
    with db.write() as s:
        s.execute(update(GameSession).values(state={"schema": 1, "phase": "dancing"}))
    with pytest.raises(Conflict) as info:
        game.console_view(db, day["key"], content)
    assert info.value.key == "game.error.state_damaged"
    assert game.restart_game(db, day["key"], content).state.phase is Phase.LOBBY


def test_a_team_answer_waits_for_a_restart_holding_the_game(db, day, content):
    """A restart archives the answers and resets the game in one transaction; an answer given at
    that moment waits for it (PostgreSQL row lock), so it is never archived half-way or lost."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("SQLite runs one write transaction at a time anyway")
    import threading

    send(db, day, content, StartGame())
    send(db, day, content, OpenQuestion())
    done = threading.Event()
    with db.engine.connect() as holder:  # what restart_game holds while it archives
        tx = holder.begin()
        holder.execute(select(GameSession.id).with_for_update())
        worker = threading.Thread(
            target=lambda: (
                game.confirm_team_answer(db, content, day["red1"], "lc_truncated_axis", {"options": ["axis_not_zero"]}),
                done.set(),
            )
        )
        worker.start()
        assert not done.wait(1.0)  # the answer waits for the lock
        tx.commit()
    worker.join(10)
    assert done.is_set() and count(db, "game") == 1
