"""Live screens: change counters per topic, the shared version check, and the board shared by every screen."""

from __future__ import annotations

import contextlib

from sqlalchemy import event

from dshub.game.state import Lock, OpenQuestion, Reveal, ShowBoard, StartGame
from dshub.services import game, live, workshops
from dshub.store.db import Database

CARD = "lc_truncated_axis"
ANSWER = {"options": ["axis_not_zero"]}


@contextlib.contextmanager
def statements(db: Database):
    """Every SQL statement sent while the block runs (BEGIN and COMMIT are not statements)."""
    seen: list[str] = []

    def count(conn, cursor, statement, *args):
        if not statement.lstrip().upper().startswith(("BEGIN", "COMMIT", "ROLLBACK")):
            seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        event.remove(db.engine, "before_cursor_execute", count)


def send(db, day, content, command):
    version = game.console_view(db, day["key"], content).state.version
    return game.send(db, day["key"], content, command, expected_version=version)


def counters(db, day):
    with db.read() as session:
        return live.read(session, day["id"])


def open_card(db, day, content):
    send(db, day, content, StartGame())
    send(db, day, content, OpenQuestion())


def test_each_write_moves_only_the_topics_whose_screens_change(db, day, content):
    red, blue = live.team(day["red"]), live.team(day["blue_team"])
    open_card(db, day, content)
    before = counters(db, day)

    game.submit_member_choice(db, content, day["red1"], CARD, ANSWER)  # only Rood's devices show it
    after = counters(db, day)
    assert after[red] == before[red] + 1
    assert {t: v for t, v in after.items() if t != red} == {t: v for t, v in before.items() if t != red}

    game.confirm_team_answer(db, content, day["red2"], CARD, ANSWER)  # Rood's devices and the board
    moved = counters(db, day)
    assert moved[red] == after[red] + 1 and moved[live.BOARD] == after[live.BOARD] + 1
    assert moved[live.GAME] == after[live.GAME] and moved.get(blue) == after.get(blue)

    send(db, day, content, Lock())  # every screen
    assert counters(db, day)[live.GAME] == moved[live.GAME] + 1


def test_joining_and_renaming_move_the_board_and_the_team(db, day, content):
    before = counters(db, day)
    workshops.rename_team(db, day["key"], int(day["blue_team"]), "Groen")
    after = counters(db, day)
    topic = live.team(day["blue_team"])
    assert after[live.BOARD] == before[live.BOARD] + 1 and after[topic] == before[topic] + 1


def test_a_tick_with_no_change_sends_no_query(db, day, content):
    open_card(db, day, content)
    view = game.team_view(db, content, day["red1"])
    live.versions(db, day["id"])  # another device of the process looked a moment ago
    with statements(db) as seen:
        for _ in range(50):  # fifty devices tick
            assert not live.changed(view.live, live.versions(db, day["id"]), view.watched)
    assert seen == []


def test_a_cold_tick_is_one_indexed_read_and_never_loads_the_view(db, day, content):
    open_card(db, day, content)
    view = game.team_view(db, content, day["red1"])
    with statements(db) as seen:
        assert not live.changed(view.live, live.versions(db, day["id"], max_age=0), view.watched)
    assert len(seen) == 1 and "live_topic" in seen[0]


def test_a_teammates_confirm_reaches_the_other_devices_at_the_next_tick(db, day, content):
    open_card(db, day, content)
    mine, theirs = game.team_view(db, content, day["red1"]), game.team_view(db, content, day["blue"])
    live.versions(db, day["id"])  # warm
    game.confirm_team_answer(db, content, day["red2"], CARD, ANSWER)  # a commit in this process: the cache forgets
    now = live.versions(db, day["id"])
    assert live.changed(mine.live, now, mine.watched)
    assert not live.changed(theirs.live, now, theirs.watched)  # Blauw's screens have nothing new to draw
    board = game.console_view(db, day["key"], content)
    assert live.changed(board.live, {**board.live, live.BOARD: board.live[live.BOARD] + 1}, board.watched)


def test_another_process_write_is_seen_within_max_age(db, day, content):
    open_card(db, day, content)
    view = game.team_view(db, content, day["red1"])
    live.versions(db, day["id"])  # warm in "this" process
    other = Database(db.url)  # a second app process on the same database
    try:
        game.confirm_team_answer(other, content, day["red2"], CARD, ANSWER)
    finally:
        other.dispose()
    assert live.changed(view.live, live.versions(db, day["id"], max_age=0), view.watched)


def test_standings_on_a_team_screen_follow_every_team(db, day, content):
    open_card(db, day, content)
    quiet = game.team_view(db, content, day["blue"])
    assert live.BOARD not in quiet.watched  # another team's confirm is no reason to redraw
    send(db, day, content, ShowBoard())
    assert live.BOARD in game.team_view(db, content, day["blue"]).watched


def test_the_board_is_computed_once_per_change_and_never_stale(db, day, content):
    open_card(db, day, content)
    game.team_view(db, content, day["red1"])  # the first screen computes the board
    with statements(db) as shared:
        game.team_view(db, content, day["red2"])
    cold = Database(db.url)  # a process without the shared board
    try:
        with statements(cold) as fresh:
            game.team_view(cold, content, day["red2"])
    finally:
        cold.dispose()
    assert len(shared) < len(fresh)  # the answers and pulse scans are shared

    game.confirm_team_answer(db, content, day["red1"], CARD, ANSWER)
    assert game.team_view(db, content, day["blue"]).board.answered == {day["red"]}
    assert game.console_view(db, day["key"], content).board.answered == {day["red"]}
    send(db, day, content, Lock())
    send(db, day, content, Reveal())
    view = game.team_view(db, content, day["blue"])
    assert view.board.results.totals[day["red"]] > view.board.results.totals[day["blue_team"]]
