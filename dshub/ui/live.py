"""The watcher every live screen ends with: rerun the page when something it shows has changed.

A live screen draws everything, inputs and changing parts alike, in the normal script
run, so a refresh can never eat a click or a keystroke. Then it calls :func:`watch`: a
small ``st.fragment(run_every=...)`` that, on each tick, compares the workshop's change
counters (:func:`dshub.services.live.versions`, shared by every session of the process)
with the ones the page was drawn with, and reruns the page only when a topic it shows
has moved. A tick with no change sends no query and draws no chart: it costs about what
a bare Streamlit fragment costs (see docs/benchmarks.md).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Hashable, Iterable, Mapping
from typing import Any

import streamlit as st

from dshub.services import live
from dshub.ui.core import guarded


def watch(
    db,
    workshop_id: int,
    drawn: Mapping[str, int] | None,
    topics: Iterable[str],
    *,
    every: float | str | None,
    due: float | None = None,
    tick: Callable[[Mapping[str, int]], None] | None = None,
    key: str = "live_watch",
) -> None:
    """Every ``every`` seconds: rerun the page if one of ``topics`` moved past ``drawn`` or the clock
    passed ``due`` (a timer that runs out); else draw ``tick(counters)`` (a timer, a clock; it may read
    more only when ``counters`` say its own part changed).
    ``every`` None: no ticks (live updates paused by the user)."""
    drawn = dict(drawn or {})
    topics = tuple(topics)

    @st.fragment(run_every=every)
    @guarded
    def _watch():
        now = live.versions(db, workshop_id)
        if live.changed(drawn, now, topics) or (due is not None and time.time() >= due):
            st.rerun()
        if tick is not None:
            tick(now)

    with st.container(key=key):
        _watch()


_shared = live.Shared(256)


def shared(key: Hashable, build: Callable[[], Any]) -> Any:
    """``build()``, or what it returned before for the same ``key`` in this process.

    For what a room of screens draws alike: a plotly figure costs about 30 ms to build
    (validation), so 300 devices drawing the same chart after a reveal would cost nine
    seconds; shared, it costs one build. ``key`` must name every input (ids, language, the
    data itself); the value must never be changed by its users.
    """
    return _shared.get(key, build)
