"""Change counters for live screens: is there anything new to draw?

A live screen (a team's device, the console, the projector) redraws only when something
it shows has changed. Every write that changes what a *topic* shows bumps that topic's
counter in the same transaction (:func:`bump`); a screen remembers the counters it was
drawn with and compares them with :func:`versions` on every refresh tick.

Topics (see :class:`dshub.store.models.LiveTopic`):

* ``game``: the game's state (phase, open card, pause, timer, agenda);
* ``board``: what the projector shows: teams, who answered, bricks, the pulse;
* ``team:<id>``: one team's answer, its members' choices, its name and members;
* ``pulse``: the awareness pulse's answers (the console and projector tally them);
* ``scan:<scope>``: one team's (or one respondent's) maturity-scan answers and its choice of scan;
* ``ethics:<scope>``: one team's (or one respondent's) ethics record.

:func:`versions` is shared by every session of the process: it reads the workshop's
counters (one indexed read) at most once per ``max_age`` seconds, so three hundred
devices ticking every two seconds cost a handful of reads, not hundreds. A write made
in this process forgets the cached counters when it commits, so screens in the same
process see it on their next tick; another process's write is seen within ``max_age``.
"""

from __future__ import annotations

import threading
import time
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable, Mapping
from typing import Any

from sqlalchemy import event, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from dshub.store.db import Database
from dshub.store.models import LiveTopic

GAME = "game"
BOARD = "board"
PULSE = "pulse"
PROGRAMME = "programme"  # the day's programme: which part is open (dshub.services.programme)
MAX_AGE = 0.2  # seconds another process's change may take to be noticed (plus the screen's tick)
_TOUCHED = "dshub_live_touched"


def team(team_id: int | str) -> str:
    return f"team:{team_id}"


def ethics(scope: str) -> str:
    """The ethics assistant's record of one team (or one respondent)."""
    return f"ethics:{scope}"


def scan(scope: str) -> str:
    """The maturity scan's answers of one owner (``team:<id>`` or ``participant:<id>``)."""
    return f"scan:{scope}"


def bump(session: Session, workshop_id: int, *topics: str) -> None:
    """Count a change of ``topics`` of ``workshop_id`` (inside the caller's write transaction)."""
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    for topic in dict.fromkeys(topics):
        stmt = insert(LiveTopic).values(workshop_id=workshop_id, topic=topic, version=1)
        session.execute(
            stmt.on_conflict_do_update(index_elements=["workshop_id", "topic"], set_={"version": LiveTopic.version + 1})
        )
    session.info.setdefault(_TOUCHED, set()).add(workshop_id)


def read(session: Session, workshop_id: int) -> dict[str, int]:
    """Every counter of the workshop, inside the caller's transaction (read it before the data it guards)."""
    return dict(
        session.execute(select(LiveTopic.topic, LiveTopic.version).where(LiveTopic.workshop_id == workshop_id)).all()
    )


def changed(drawn: Mapping[str, int], now: Mapping[str, int], topics: Iterable[str]) -> bool:
    """Whether any of ``topics`` moved past the counter a screen was drawn with.

    Only a higher counter counts: the shared cache may still hold counters older than the
    ones a screen was just drawn with, which is no reason to redraw.
    """
    return any(now.get(t, 0) > drawn.get(t, 0) for t in topics)


class _Cache:
    """The newest counters per workshop known to this process, with when they were read."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.entries: dict[int, tuple[float, dict[str, int]]] = {}

    def forget(self, workshop_ids: Iterable[int]) -> None:
        with self.lock:
            for workshop_id in workshop_ids:
                self.entries.pop(workshop_id, None)


_caches: weakref.WeakKeyDictionary[Database, _Cache] = weakref.WeakKeyDictionary()
_caches_lock = threading.Lock()


def _cache(db: Database) -> _Cache:
    with _caches_lock:
        cache = _caches.get(db)
        if cache is None:
            cache = _caches[db] = _Cache()
        return cache


@event.listens_for(Session, "after_commit")
def _forget_on_commit(session: Session) -> None:
    """A committed write of this process: every screen's next tick reads the new counters."""
    touched = session.info.pop(_TOUCHED, None)
    if touched:
        with _caches_lock:
            caches = list(_caches.values())
        for cache in caches:
            cache.forget(touched)


class Shared:
    """Values built once per process for every screen that shows the same thing: a bounded,
    thread-safe store, newest kept. A key must name every input of the value, and the value
    must never be changed by those who get it."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.lock = threading.Lock()
        self.items: OrderedDict[Hashable, Any] = OrderedDict()

    def get(self, key: Hashable, build: Callable[[], Any]) -> Any:
        """What ``build()`` returned for ``key`` before, or its value now (built outside the lock:
        two sessions may build the same value once each, which does no harm)."""
        with self.lock:
            if key in self.items:
                self.items.move_to_end(key)
                return self.items[key]
        value = build()
        with self.lock:
            self.items[key] = value
            while len(self.items) > self.size:
                self.items.popitem(last=False)
        return value


def versions(db: Database, workshop_id: int, *, max_age: float = MAX_AGE) -> Mapping[str, int]:
    """The workshop's counters, read at most once per ``max_age`` seconds per process."""
    cache = _cache(db)
    now = time.monotonic()
    entry = cache.entries.get(workshop_id)
    if entry is not None and now - entry[0] < max_age:
        return entry[1]
    with db.read() as session:
        fresh = read(session, workshop_id)
    with cache.lock:
        cache.entries[workshop_id] = (now, fresh)
    return fresh


__all__ = [
    "BOARD",
    "GAME",
    "MAX_AGE",
    "PULSE",
    "Shared",
    "bump",
    "changed",
    "ethics",
    "read",
    "scan",
    "team",
    "versions",
]
