"""A shared team record on screen: drafts in session state, dirty and stale detection, one conflict panel.

The rules (what is dirty, what is stale, what a policy does about it) are the pure functions of
:mod:`dshub.services.records`; this module keeps what a screen loaded in ``st.session_state`` and
applies them. One :class:`Record` per feature, named by its ``prefix`` (the session-state and
widget-key prefix) and carrying the feature's :class:`~dshub.services.records.Policy`:

* items saved as they are given (ethics questions, scan answers): :meth:`Record.sync_items`;
* groups of widgets saved with a button (ethics project, values, decision): :class:`Group` with
  :meth:`Record.sync_group`, :meth:`Record.dirty`, :meth:`Record.committed`, :meth:`Record.watch`;
* a refused save: :meth:`Record.conflict_panel` (both versions; the team chooses, nothing is lost).

Session state per record (``<prefix>_...``): ``seen`` (item -> revision the screen loaded or saved),
``snap`` (group -> widget values loaded), ``conflicts`` (slot -> this device's refused version),
``pending_newer`` (groups with a newer version waiting), ``notes`` (item -> note last shown).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import streamlit as st

from dshub.services import live, records
from dshub.services.records import Policy
from dshub.ui.core import guarded, tr


class Revisions(Protocol):
    """What a screen drew: the stored revision per item (0: nothing saved)."""

    def revision(self, item_id: str) -> int: ...


@dataclass(frozen=True)
class Shown:
    """One item saved as it is given: its widget keys and what is stored for it now."""

    marker: Hashable  # the item in ``seen`` (an id, or a tuple such as (mode, item))
    value_key: str
    note_key: str
    revision: int  # 0: nothing stored
    value: Any  # the widget value for the stored answer
    note: str


@dataclass(frozen=True)
class Group:
    """A set of widgets saved together; ``state`` maps the saved items to widget values."""

    name: str
    items: tuple[str, ...]
    anchor: str  # a widget key that exists whenever the group is on screen
    state: Callable[[Any, Any], dict[str, Any]]  # (ctx, sheet) -> widget values of the stored version
    collect: Callable[[], dict[str, Any]]  # the widget values now (read at callback time, never from args)
    save: Callable[[Any, dict, dict[str, int]], dict[str, Any]]  # (ctx, mine, expected) -> stored items
    describe: Callable[[Any, dict], str]  # (ctx, widget values) -> markdown for the conflict panel


@dataclass(frozen=True)
class Record:
    prefix: str  # session-state and widget-key prefix
    policy: Policy
    messages: str  # i18n prefix of the conflict panel's and the watcher's texts

    def _state(self, name: str, default: Any) -> Any:
        return st.session_state.setdefault(f"{self.prefix}_{name}", default)

    def seen(self) -> dict[Any, int]:
        return self._state("seen", {})

    def conflicts(self) -> dict[str, dict[str, Any]]:
        return self._state("conflicts", {})

    def pending_newer(self) -> set[str]:
        """Groups whose watcher found a tablemate's newer version that this device has not taken in yet."""
        return self._state("pending_newer", set())

    def _snaps(self) -> dict[str, dict[str, Any]]:
        return self._state("snap", {})

    def expected(self, item: Hashable) -> int | None:
        """The revision a save of ``item`` passes under this record's policy."""
        return records.expected_revision(self.policy, self.seen().get(item, 0))

    # ----------------------------------------------------------------------- items saved as given

    def sync_items(
        self,
        shown: Sequence[Shown],
        *,
        keep_typed_note: bool = False,
        skip_unsaved: bool = False,
        count_offscreen: bool = False,
    ) -> list[Hashable]:
        """Copy items saved on other devices into this device's widgets; returns the ones that changed.

        Streamlit forgets a widget's state while it is off screen, so a missing key is filled too.
        ``keep_typed_note``: the note is set only when the note itself changed (or its field was off
        screen), never because of a tablemate's new answer. ``skip_unsaved``: leave items with nothing
        stored alone. ``count_offscreen``: an item whose widget was off screen counts as changed too.
        An item in conflict is not counted (the panel says it).
        """
        seen, notes, changed = self.seen(), self._state("notes", {}), []
        for item in shown:
            if skip_unsaved and item.revision == 0:
                continue
            on_screen = item.value_key in st.session_state
            if on_screen and seen.get(item.marker, 0) == item.revision:
                continue
            counts = item.marker in seen if count_offscreen else on_screen
            if counts and item.marker not in self.conflicts() and seen.get(item.marker, 0) != item.revision:
                changed.append(item.marker)
            st.session_state[item.value_key] = item.value
            if not keep_typed_note or item.note_key not in st.session_state or notes.get(item.marker) != item.note:
                st.session_state[item.note_key] = item.note
            seen[item.marker] = item.revision
            notes[item.marker] = item.note
        return changed

    def saved_item(self, marker: Hashable, revision: int, note: str = "") -> None:
        """This device saved ``marker``: its screen now shows that revision."""
        self.seen()[marker] = revision
        self._state("notes", {})[marker] = note

    # ----------------------------------------------------------------------- groups saved with a button

    def dirty(self, group: Group) -> bool:
        return records.is_dirty(self._snaps().get(group.name, {}), st.session_state)

    def stale(self, group: Group, sheet: Revisions) -> bool:
        stored = {i: sheet.revision(i) for i in group.items}
        return bool(records.stale_items(self.seen(), stored, group.items))

    def loaded(self, group: Group) -> bool:
        return group.name in self._snaps()

    def apply(self, ctx: Any, group: Group, sheet: Revisions) -> None:
        values = group.state(ctx, sheet)
        for key, value in values.items():
            st.session_state[key] = value
        for item in group.items:
            self.seen()[item] = sheet.revision(item)
        self._snaps()[group.name] = values

    def snap(self, group: Group) -> dict[str, Any]:
        """The widget values the group loaded (to count widgets added on screen as loaded, not edited)."""
        return self._snaps().setdefault(group.name, {})

    def sync_group(self, ctx: Any, group: Group, sheet: Revisions) -> None:
        """Fill the widgets from the saved record: first time, on request, or when newer and (policy) allowed."""
        loaded = group.anchor in st.session_state and self.loaded(group)
        reload = st.session_state.pop(f"{self.prefix}_reload_{group.name}", False)
        stale = loaded and not reload and self.stale(group, sheet)
        action = records.sync(self.policy, loaded=loaded, reload=reload, stale=stale, dirty=stale and self.dirty(group))
        if action == "load":
            self.apply(ctx, group, sheet)

    def request_reload(self, group: Group) -> None:
        st.session_state[f"{self.prefix}_reload_{group.name}"] = True
        self.conflicts().pop(group.name, None)

    def committed(self, group: Group, saved: dict[str, Any], mine: dict[str, Any]) -> None:
        """A save of ``mine`` went through: ``saved`` maps items to what was stored (with a revision)."""
        for item, stored in saved.items():
            self.seen()[item] = stored.revision
        self._snaps()[group.name] = mine

    def revisions(self, group: Group) -> dict[str, int]:
        """The revisions to pass when saving the group: the ones this screen loaded."""
        return {i: self.seen().get(i, 0) for i in group.items}

    def watch(
        self,
        db: Any,
        group: Group,
        drawn: Any,
        read: Callable[[], Any],
        every: str | None,
        on_reload: Callable[[], object] | None = None,
    ) -> None:
        """Every ``every``: bring in a tablemate's newer version, or say there is one if this device has edits.

        ``drawn`` is the sheet the page drew (``live`` counters, ``workshop.id``, ``topic``); ``read``
        reads it again. The record is read only after its live topic moved (:mod:`dshub.services.live`):
        a tick with nothing new sends no query.
        """
        seen = dict(drawn.live or {})
        self.pending_newer().discard(group.name)  # drawn now: the watcher starts from this sheet

        @st.fragment(run_every=every)
        @guarded
        def _check():
            now = live.versions(db, drawn.workshop.id)
            if live.changed(seen, now, [live.PROGRAMME]):
                st.rerun(scope="app")  # the facilitator opened another part: follow it (edits are kept)
            if not live.changed(seen, now, [drawn.topic]) and group.name not in self.pending_newer():
                return
            sheet = read()
            seen.update(sheet.live or {})
            if not self.stale(group, sheet) or group.name in self.conflicts():
                return
            if not self.dirty(group) or self.policy.refresh_dirty:
                st.rerun(scope="app")
            self.pending_newer().add(group.name)  # keep saying so on later ticks, until the page redraws
            st.info(tr(f"{self.messages}.newer_elsewhere"), icon=":material/sync:")
            if st.button(tr(f"{self.messages}.show_newer"), key=f"{self.prefix}_show_newer_{group.name}"):
                self.request_reload(group)
                if on_reload is not None:
                    on_reload()
                st.rerun(scope="app")

        _check()

    # ----------------------------------------------------------------------- the conflict panel

    def conflict_panel(
        self,
        slot: str,
        subject: str,
        saved_md: str,
        mine_md: str,
        on_keep: Callable,
        on_mine: Callable,
        args: tuple = (),
    ) -> None:
        """Both versions side by side; the team chooses which one stays. Nothing is lost either way.

        ``on_keep`` takes theirs (the saved version stays; this device's goes aside); ``on_mine`` saves
        this device's version over it. ``subject`` names what is in conflict in the button labels, so
        every button on the page is distinct.
        """
        st.warning(tr(f"{self.messages}.conflict"), icon=":material/sync_problem:")
        left, right = st.columns(2)
        with left.container(border=True, key=f"{self.prefix}_conflict_saved_{slot}"):
            st.markdown(f"**{tr(f'{self.messages}.conflict.saved')}**")
            st.markdown(saved_md)
            st.button(
                tr(f"{self.messages}.conflict.keep_saved", subject=subject),
                key=f"{self.prefix}_conflict_keep_{slot}",
                on_click=on_keep,
                args=args,
            )
        if self.policy.conflict != "panel":
            return  # the teammate's version is the answer: nothing of this device's to put over it
        with right.container(border=True, key=f"{self.prefix}_conflict_mine_{slot}"):
            st.markdown(f"**{tr(f'{self.messages}.conflict.mine')}**")
            st.markdown(mine_md)
            st.button(
                tr(f"{self.messages}.conflict.use_mine", subject=subject),
                key=f"{self.prefix}_conflict_use_{slot}",
                on_click=on_mine,
                args=args,
            )


__all__ = ["Group", "Record", "Revisions", "Shown"]
