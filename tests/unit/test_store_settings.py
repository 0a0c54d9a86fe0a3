"""The typed workshop settings: tolerant on read (damaged values dropped with a log line, unknown keys
kept), strict on write, and one normalised JSON shape."""

from __future__ import annotations

import logging
from datetime import time
from types import SimpleNamespace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from dshub.store.settings import (
    ProgrammePart,
    ProgrammeSetting,
    WorkshopSettings,
    normalise,
    read_settings,
    validate_settings,
    write_settings,
)


def test_a_damaged_value_is_dropped_with_a_log_line_and_the_rest_is_kept(caplog):
    with caplog.at_level(logging.WARNING, logger="dshub.store.settings"):
        s = read_settings(
            {
                "scan": "medium",
                "size_class": "small",
                "peer_opt_in": "yes",
                "lab_type": "free text",
                "targets": {"data": 4, "people": "x"},
                "history_links": [3, False, "4"],
                "own": [1, 2],
            }
        )
    assert (s.scan, s.size_class, s.peer_opt_in, s.lab_type) == (None, "small", None, None)
    assert s.targets == {"data": 4} and s.history_links == (3,)
    assert s.dump() == {"size_class": "small", "targets": {"data": 4}, "history_links": [3], "own": [1, 2]}
    logged = caplog.text
    for word in ("'scan'", "'peer_opt_in'", "'lab_type'", "target", "history link"):
        assert word in logged


@pytest.mark.parametrize("raw", [None, "garbage", 7, [], {}])
def test_anything_that_is_not_settings_reads_as_empty(raw):
    assert read_settings(raw) == WorkshopSettings() and read_settings(raw).dump() == {}


def test_programme_parts_are_read_one_by_one():
    s = read_settings(
        {
            "programme": {
                "parts": [
                    {"kind": "game", "at": "09:30:15"},
                    {"kind": "karaoke"},
                    "x",
                    {"kind": "scan", "at": "25:99"},
                ],
                "current": 1,
            }
        }
    )
    assert s.programme == ProgrammeSetting(
        parts=(ProgrammePart(kind="game", at=time(9, 30)), ProgrammePart(kind="scan")), current=1
    )
    assert s.dump()["programme"] == {
        "parts": [{"kind": "game", "at": "09:30"}, {"kind": "scan", "at": None}],
        "current": 1,
    }
    assert read_settings({"programme": {"parts": [], "current": True}}).programme.current is None
    assert read_settings({"programme": {"parts": [{"kind": "game"}], "current": 1}}).programme.current is None
    assert read_settings({"programme": "garbage"}).programme is None


@pytest.mark.parametrize(
    "bad",
    [
        {"scan": "medium"},
        {"peer_opt_in": "yes"},
        {"lab_type": "free text"},
        {"size_class": 3},
        {"targets": {"data": "4"}},
        {"history_links": [True]},
        {"programme": {"parts": [{"kind": "karaoke"}]}},
        {"programme": {"parts": [{"kind": "game", "at": "25:99"}]}},
        {"programme": {"parts": [{"kind": "game"}], "current": 1}},
    ],
)
def test_writing_refuses_what_reading_would_drop(bad):
    with pytest.raises(ValidationError):
        validate_settings(bad)
    row = SimpleNamespace(settings={"scan": "quick"})
    with pytest.raises(ValidationError):
        write_settings(row, bad)
    assert row.settings == {"scan": "quick"}  # nothing written


def test_writing_stores_the_normalised_shape_and_keeps_unknown_keys():
    row = SimpleNamespace(settings=None)
    written = write_settings(row, {"scan": "both", "own": "kept", "history_links": []})
    assert row.settings == {"scan": "both", "own": "kept"} and written.scan == "both"
    changed = read_settings(row.settings).but(
        programme=ProgrammeSetting(parts=(ProgrammePart(kind="game", at=time(10, 0)),))
    )
    write_settings(row, changed)
    assert row.settings == {
        "scan": "both",
        "own": "kept",
        "programme": {"parts": [{"kind": "game", "at": "10:00"}], "current": None},
    }
    with pytest.raises(ValidationError):
        read_settings(row.settings).but(scan="medium")


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=8,
)
KEYS = st.sampled_from(
    ["scan", "size_class", "lab_type", "peer_opt_in", "targets", "history_links", "programme", "demo", "other"]
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.dictionaries(KEYS, JSON | st.just("both") | st.just({"parts": [{"kind": "game", "at": "09:00"}]}), max_size=6)
)
def test_reading_never_fails_and_normalising_is_idempotent(raw):
    clean = normalise(raw)
    assert normalise(clean) == clean
    assert validate_settings(clean).dump() == clean  # what reading keeps, writing accepts
