"""The day's programme against a real database (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import time

import pytest

from dshub.content import load_content
from dshub.errors import Forbidden, Invalid
from dshub.game.state import Lock, OpenQuestion, Reveal, StartGame
from dshub.services import game, live, programme, workshops


@pytest.fixture
def created(db):
    return workshops.create_workshop(
        db, title="Data Awareness Dag", municipality="Dongen", base_url="https://dshub.example.nl/"
    )


def _version(db, workshop_id: int) -> int:
    with db.read() as session:
        return live.read(session, workshop_id).get(live.PROGRAMME, 0)


def test_plan_open_and_follow(db, created):
    key, wid = created.facilitator_key, created.workshop.id
    plan = programme.plan(
        db,
        key,
        [
            ("pulse_start", time(9, 30)),
            ("game", time(9, 45)),
            ("ethics", None),
            ("scan", time(11, 0)),
            ("results", None),
        ],
    )
    assert [p.kind for p in plan.parts] == ["pulse_start", "game", "ethics", "scan", "results"]
    assert plan.current is None and plan.next.kind == "pulse_start" and plan.parts[0].at == time(9, 30)
    assert _version(db, wid) == 1
    opened = programme.open_part(db, key, 2)
    assert opened.now.kind == "ethics" and opened.now.page == "ethics" and opened.next.kind == "scan"
    assert _version(db, wid) == 2
    # Opening the part that is open again (a double click, a retry) changes nothing and moves no screen.
    assert programme.open_part(db, key, 2) == opened and _version(db, wid) == 2
    # A participant's membership carries the programme and the counter it was read at.
    joined = workshops.join(db, code=created.workshop.code, new_team_name="Tafel 1")
    member = workshops.membership(db, joined.token)
    assert programme.read(member.workshop.settings) == opened and member.live[live.PROGRAMME] == 2
    info, again = programme.for_facilitator(db, key)
    assert again == opened and info.id == wid


def test_replanning_keeps_the_open_part_when_it_is_still_there(db, created):
    key = created.facilitator_key
    programme.plan(db, key, [("game", None), ("ethics", None), ("scan", None)])
    programme.open_part(db, key, 1)
    moved = programme.plan(db, key, [("ethics", time(10, 0)), ("game", None)])
    assert moved.now.kind == "ethics" and moved.current == 0
    dropped = programme.plan(db, key, [("game", None)])
    assert dropped.current is None


def test_bad_plans_and_parts_are_refused_with_a_key(db):
    only_scan = workshops.create_workshop(
        db, title="Dag", municipality="Dongen", base_url="http://x", modules=["maturity"]
    )
    key = only_scan.facilitator_key
    with pytest.raises(Invalid) as info:
        programme.plan(db, key, [("game", None)])  # no game in this session
    assert info.value.key == "error.unknown_choice"
    with pytest.raises(Invalid) as info:
        programme.plan(db, key, [("scan", None), ("scan", None)])
    assert info.value.key == "programme.error.twice"
    programme.plan(db, key, [("welcome", None), ("scan", None)])
    with pytest.raises(Invalid) as info:
        programme.open_part(db, key, 5)
    assert info.value.key == "programme.error.no_such_part"
    with pytest.raises(Forbidden):
        programme.open_part(db, "wrong key", 0)


def test_an_unreadable_programme_counts_as_not_planned():
    assert not programme.read({"programme": "garbage"}).planned
    assert not programme.read(None).planned
    odd = programme.read({"programme": {"parts": [{"kind": "game", "at": "25:99"}, {"kind": "karaoke"}], "current": 7}})
    assert [p.kind for p in odd.parts] == ["game"] and odd.parts[0].at is None and odd.current is None


def test_a_pulse_part_opens_the_games_pulse_where_the_game_allows_it(db, created):
    content = load_content()
    key = created.facilitator_key
    programme.plan(db, key, [("pulse_start", None), ("game", None), ("pulse_end", None)])

    def step(command):
        version = game.console_view(db, key, content).state.version
        return game.send(db, key, content, command, expected_version=version)

    def pulse(moment):
        return game.console_view(db, key, content).state.pulse_open(moment)

    # Before the game starts the end pulse cannot open: the facilitator is told so.
    programme.open_part(db, key, 2, content)
    assert not pulse("after") and programme.pulse_notice(db, key, content) == "programme.pulse_shut.after"
    programme.open_part(db, key, 0, content)
    assert pulse("before") and programme.pulse_notice(db, key, content) is None
    step(StartGame())
    # The game runs: the end pulse part opens the end pulse (as the console's button does), in one go.
    programme.open_part(db, key, 2, content)
    assert pulse("after") and not pulse("before") and programme.pulse_notice(db, key, content) is None
    programme.open_part(db, key, 2, content)  # again: nothing changes, no error
    # Back to the start pulse while nothing is revealed: the early end pulse closes, the start pulse opens.
    programme.open_part(db, key, 0, content)
    assert pulse("before") and not pulse("after")
    # After the first reveal the start pulse cannot open again.
    step(OpenQuestion())
    step(Lock())
    step(Reveal())
    programme.open_part(db, key, 1, content)
    programme.open_part(db, key, 0, content)
    assert not pulse("before") and programme.pulse_notice(db, key, content) == "programme.pulse_shut.before"
    # Without content (a caller that only moves screens) the game is left as it is.
    programme.open_part(db, key, 2)
    assert not pulse("after")
