"""The shared-record rules (dshub.services.records): dirty, stale, what each policy does, expected revisions."""

from __future__ import annotations

import pytest

from dshub.services import records
from dshub.services.records import CONFIRM_EXPECTED, CONFLICT_PANEL, LAST_SAVE_WINS


def test_dirty_means_a_loaded_value_differs_from_the_value_now():
    loaded = {"title": "Pilot", "roles": ["policy"]}
    assert not records.is_dirty(loaded, {"title": "Pilot", "roles": ["policy"], "other": 1})
    assert records.is_dirty(loaded, {"title": "Pilot!", "roles": ["policy"]})
    assert records.is_dirty(loaded, {"title": "Pilot"})  # a widget gone counts as changed
    assert not records.is_dirty({}, {"title": "x"})  # nothing loaded: nothing to differ from


def test_stale_items_are_the_ones_whose_stored_revision_moved_on():
    assert records.stale_items({"a": 2, "b": 1}, {"a": 2, "b": 3}, ["a", "b"]) == ["b"]
    assert records.stale_items({}, {"a": 1}, ["a"]) == ["a"]  # saved elsewhere before this screen saw it
    assert records.stale_items({"a": 0}, {}, ["a"]) == []  # nothing saved, nothing seen
    assert records.stale_items({"a": 1}, {"a": 2}, []) == []


@pytest.mark.parametrize("policy", [CONFLICT_PANEL, LAST_SAVE_WINS, CONFIRM_EXPECTED])
def test_every_policy_loads_first_on_request_and_when_newer_and_untouched(policy):
    assert records.sync(policy, loaded=False, stale=False, dirty=False) == "load"
    assert records.sync(policy, loaded=True, reload=True, stale=False, dirty=True) == "load"
    assert records.sync(policy, loaded=True, stale=True, dirty=False) == "load"
    assert records.sync(policy, loaded=True, stale=False, dirty=True) == "keep"


def test_a_stale_screen_with_edits_is_offered_the_newer_version_or_refreshed_by_policy():
    assert records.sync(CONFLICT_PANEL, loaded=True, stale=True, dirty=True) == "offer"
    assert records.sync(CONFIRM_EXPECTED, loaded=True, stale=True, dirty=True) == "offer"
    assert records.sync(LAST_SAVE_WINS, loaded=True, stale=True, dirty=True) == "load"


def test_saves_pass_the_loaded_revision_except_when_the_last_save_wins():
    assert records.expected_revision(CONFLICT_PANEL, 4) == 4
    assert records.expected_revision(CONFIRM_EXPECTED, 0) == 0
    assert records.expected_revision(LAST_SAVE_WINS, 4) is None


def test_each_policy_says_what_a_refused_save_shows():
    assert (CONFLICT_PANEL.conflict, CONFIRM_EXPECTED.conflict, LAST_SAVE_WINS.conflict) == ("panel", "theirs", "none")


# --------------------------------------------------------------------------- dshub.ui.record, with a plain dict as session state


class _Sheet:
    def __init__(self, **revisions: int):
        self.revisions = revisions

    def revision(self, item_id: str) -> int:
        return self.revisions.get(item_id, 0)


@pytest.fixture
def state(monkeypatch):
    import streamlit as st

    fake: dict = {}
    monkeypatch.setattr(st, "session_state", fake)
    return fake


def _group(stored: dict):
    from dshub.ui.record import Group

    return Group("form", ("_item",), "form_text", lambda ctx, sheet: dict(stored), lambda: {}, None, None)


@pytest.mark.parametrize(("policy", "refreshed"), [(CONFLICT_PANEL, False), (LAST_SAVE_WINS, True)])
def test_a_group_with_edits_keeps_them_or_is_refreshed_by_policy(state, policy, refreshed):
    from dshub.ui.record import Record

    record, stored = Record("t", policy, "t"), {"form_text": "saved"}
    group = _group(stored)
    record.sync_group(None, group, _Sheet(_item=1))
    assert state["form_text"] == "saved" and record.seen()["_item"] == 1 and not record.dirty(group)
    state["form_text"] = "typed here"
    assert record.dirty(group)
    stored["form_text"] = "a tablemate's"
    record.sync_group(None, group, _Sheet(_item=2))
    assert record.stale(group, _Sheet(_item=2)) is not refreshed
    assert state["form_text"] == ("a tablemate's" if refreshed else "typed here")
    record.request_reload(group)  # "show the newer version"
    record.sync_group(None, group, _Sheet(_item=2))
    assert state["form_text"] == "a tablemate's" and not record.dirty(group)


def test_items_are_synced_and_counted_and_a_typed_note_is_kept(state):
    from dshub.ui.record import Record, Shown

    record = Record("t", LAST_SAVE_WINS, "t")
    assert record.sync_items([Shown("q", "v_q", "n_q", 1, "yes", "note")]) == []  # first load: no news
    assert (state["v_q"], state["n_q"]) == ("yes", "note")
    state["n_q"] = "being typed"
    assert record.sync_items([Shown("q", "v_q", "n_q", 2, "no", "note")], keep_typed_note=True) == ["q"]
    assert (state["v_q"], state["n_q"]) == ("no", "being typed")  # same stored note: not pushed over typing
    assert record.sync_items([Shown("q", "v_q", "n_q", 2, "no", "note")]) == []  # nothing new
    del state["v_q"]  # off screen (another page part); meanwhile saved elsewhere
    assert record.sync_items([Shown("q", "v_q", "n_q", 3, "yes", "")]) == []
    del state["v_q"]
    assert record.sync_items([Shown("q", "v_q", "n_q", 4, "no", "")], count_offscreen=True) == ["q"]
    record.conflicts()["q"] = {"value": "mine"}
    assert record.sync_items([Shown("q", "v_q", "n_q", 5, "yes", "")]) == []  # the panel says it
    assert record.sync_items([Shown("r", "v_r", "n_r", 0, None, "")], skip_unsaved=True) == []
    assert "v_r" not in state
    assert record.expected("q") is None and Record("u", CONFLICT_PANEL, "u").expected("q") == 0


def test_the_three_record_screens_share_the_module_each_with_its_policy(state):
    from dshub.services.records import CONFIRM_EXPECTED
    from dshub.ui import maturity as scan_ui
    from dshub.ui.ethics import common as ethics_ui
    from dshub.ui.game import team as game_team

    assert (ethics_ui.RECORD.policy, scan_ui.RECORD.policy, game_team.RECORD.policy) == (
        CONFLICT_PANEL,
        LAST_SAVE_WINS,
        CONFIRM_EXPECTED,
    )
    # The game's team answer: a confirm passes the revision the screen was drawn with (0: none yet).
    assert game_team.RECORD.expected("card") == 0
    game_team.RECORD.saved_item("card", 3)
    assert game_team.RECORD.expected("card") == 3
