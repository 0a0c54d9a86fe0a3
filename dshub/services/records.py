"""The rules of a shared team record, one per feature: pure functions, no Streamlit, no database.

Several devices at one table show and edit the same saved items (the ethics record, the scan's
answers, the game's team answer). Every saved item has a revision. A screen remembers the revision
it loaded (``seen``) and the values it loaded (``loaded``); from those and what is stored now:

* **dirty**: the widgets differ from what the screen loaded (edits on this device);
* **stale**: the stored revision moved on since the screen loaded it (a tablemate saved).

What happens then is the feature's :class:`Policy`:

* ``CONFLICT_PANEL`` (ethics assistant): a stale screen without edits reloads by itself; with edits
  it offers the newer version. Saves pass the revision the screen loaded; a refused save shows both
  versions (keep mine / take theirs, mine kept aside).
* ``LAST_SAVE_WINS`` (the scan): saves overwrite; a stale screen is refreshed and told so.
* ``CONFIRM_EXPECTED`` (the game's team answer): the confirm passes the revision the screen loaded;
  a refused confirm shows the teammate's confirmed answer instead.

The Streamlit side that applies these rules is :mod:`dshub.ui.record`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

Sync = Literal["load", "keep", "offer"]
ConflictShow = Literal["panel", "theirs", "none"]


@dataclass(frozen=True)
class Policy:
    """How one feature shares its record between devices."""

    name: str
    expected: bool  # saves pass the revision the screen loaded (a save over newer work is refused)
    refresh_dirty: bool  # a stale screen with edits is refreshed anyway (and told), instead of offered
    conflict: ConflictShow  # what a refused save shows


CONFLICT_PANEL = Policy("conflict_panel", expected=True, refresh_dirty=False, conflict="panel")
LAST_SAVE_WINS = Policy("last_save_wins", expected=False, refresh_dirty=True, conflict="none")
CONFIRM_EXPECTED = Policy("confirm_expected", expected=True, refresh_dirty=False, conflict="theirs")


def is_dirty(loaded: Mapping[str, Any], now: Mapping[Any, Any]) -> bool:
    """Edits on this device: a value the screen loaded differs from the value now.

    ``now`` is typically streamlit's session state, whose keys may be ``str`` or ``int``.
    """
    return any(now.get(key) != value for key, value in loaded.items())


def stale_items(seen: Mapping[str, int], stored: Mapping[str, int], items: Iterable[str]) -> list[str]:
    """The items whose stored revision is not the one the screen loaded (0: nothing saved / seen)."""
    return [item for item in items if seen.get(item, 0) != stored.get(item, 0)]


def sync(policy: Policy, *, loaded: bool, reload: bool = False, stale: bool, dirty: bool) -> Sync:
    """What a screen does with its widgets when it is drawn.

    ``load``: fill them from the stored record (first time, on request, or newer and nothing lost);
    ``offer``: keep this device's edits and say a newer version exists; ``keep``: nothing to do.
    """
    if not loaded or reload:
        return "load"
    if not stale:
        return "keep"
    if not dirty or policy.refresh_dirty:
        return "load"
    return "offer"


def expected_revision(policy: Policy, seen: int) -> int | None:
    """The revision a save passes: the one the screen loaded, or None (overwrite) for last save wins."""
    return seen if policy.expected else None


__all__ = [
    "CONFIRM_EXPECTED",
    "CONFLICT_PANEL",
    "LAST_SAVE_WINS",
    "Policy",
    "expected_revision",
    "is_dirty",
    "stale_items",
    "sync",
]
