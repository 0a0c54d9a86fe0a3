"""The day's programme: the facilitator's planner, a participant screen that follows, the projector page."""

from __future__ import annotations

from datetime import time

import pytest

from dshub.services import programme, workshops
from tests.app.conftest import assert_clean, texts


@pytest.fixture
def created(db):
    return workshops.create_workshop(db, title="Dag", municipality="Dongen", base_url="https://dshub.test/")


def test_the_facilitator_plans_the_day_and_moves_the_room(open_page, db, created):
    key = created.facilitator_key
    at = open_page("app_pages/facilitate.py", lang="en", key=key)
    assert_clean(at)
    for kind in ("welcome", "scan", "results", "pulse_end"):  # every part is ticked at first
        at.checkbox(key=f"programme_use_{kind}").uncheck()
    at.run()
    at.time_input(key="programme_at_game").set_value(time(10, 15))
    at.button(key="programme_save").click().run()
    assert_clean(at)
    plan = programme.for_facilitator(db, key)[1]
    assert [(p.kind, p.at) for p in plan.parts] == [("pulse_start", None), ("game", time(10, 15)), ("ethics", None)]
    assert plan.current is None
    at.button(key="programme_next").click().run()
    assert programme.for_facilitator(db, key)[1].current == 0
    assert at.button(key="programme_next").label == "Next: Game"
    at.button(key="programme_open_2").click().run()
    assert programme.for_facilitator(db, key)[1].now.kind == "ethics"
    assert at.button(key="programme_open_2").disabled
    assert not [b for b in at.button if b.key == "programme_next"]  # the last part is open: no "next"


def test_a_late_joiner_lands_in_the_open_part(open_page, db, created):
    key = created.facilitator_key
    programme.plan(db, key, [("welcome", None), ("ethics", None)])
    programme.open_part(db, key, 1)
    joined = workshops.join(db, code=created.workshop.code, new_team_name="Tafel 1")
    at = open_page("app_pages/join.py", lang="en", p=joined.token)
    assert_clean(at)
    assert at.title[0].value == "Ethical data assistant"  # switched to the part that is open
    assert "Now: Ethical data assistant" in texts(at)


def test_the_projector_shows_what_is_on(open_page, db, created):
    key = created.facilitator_key
    programme.plan(db, key, [("game", time(9, 0)), ("scan", time(11, 30))])
    programme.open_part(db, key, 0)
    at = open_page("app_pages/programme.py", lang="nl", key=key)
    assert_clean(at)
    shown = texts(at)
    assert "Nu: Spel" in shown and "11:30" in shown and "▶ Spel" in shown
