"""Shared parts of the ethics screens: the context, saving with messages, the step picker, live refresh, groups saved with a button."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import streamlit as st

from dshub.errors import Conflict, UserError
from dshub.ethics.content import EthicsCases, EthicsContent
from dshub.i18n import plural, t
from dshub.legal.content import LegalFacts
from dshub.services import ethics
from dshub.services.records import CONFLICT_PANEL
from dshub.store.db import Database
from dshub.ui.core import labeller, plain, tr
from dshub.ui.record import Group, Record

log = logging.getLogger("dshub")

STEPS = ("project", "questions", "values", "decision", "report")


@dataclass(frozen=True)
class Ctx:
    db: Database
    content: EthicsContent
    cases: EthicsCases
    token: str
    lang: str
    legal: LegalFacts | None = None


def _ss() -> Any:
    return st.session_state


RECORD = Record("ethics", CONFLICT_PANEL, "ethics.page")  # the team's shared record (see dshub.ui.record)


def _seen() -> dict[str, int]:
    return RECORD.seen()


def _conflicts() -> dict[str, dict[str, Any]]:
    return RECORD.conflicts()


def counted(key: str, n: int, lang: str, **params: Any) -> str:
    """The message for ``n`` things (``<key>.one`` / ``<key>.other``, see :func:`dshub.i18n.plural`)."""
    return plural(key, lang, n, **params)


def _msgs() -> dict[str, list[str]]:
    return _ss().setdefault("ethics_msgs", {})


def _attempt(ctx: Ctx, slot: str, fn: Callable[[], Any], mine: dict[str, Any] | None = None) -> Any:
    """Run a save from a callback: problems become messages at ``slot``, a conflict keeps ``mine``."""
    _msgs().pop(slot, None)
    if _ss().get("ethics_not_kept") == slot:
        _ss().pop("ethics_not_kept")
    try:
        result = fn()
    except Conflict:
        _conflicts()[slot] = mine or {}
        return None
    except ethics.InputProblems as exc:
        _msgs()[slot] = exc.messages(ctx.lang)
    except UserError as exc:
        _msgs()[slot] = [t(exc.key, ctx.lang, **exc.params)]
    except Exception:
        log.exception("ethics save failed")
        _msgs()[slot] = [t("error.generic", ctx.lang)]
    else:
        _conflicts().pop(slot, None)
        _ss()["ethics_saved"] = slot  # shown next to what was saved (a toast misbehaves in fragment callbacks)
        return result
    return None


def _show_msgs(slot: str) -> None:
    """Problems with the last save of ``slot``, or a short "saved" note when it went well."""
    for message in _msgs().get(slot, []):
        st.error(message, icon=":material/error:")
    if _ss().get("ethics_not_kept") == slot:
        st.info(tr("ethics.page.not_kept.notice"), icon=":material/inventory_2:")
    elif _ss().get("ethics_saved") == slot:
        st.caption(":material/check: " + tr("ethics.page.saved"))


_UNPLAIN = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|<>~$:])")


def _unplain(markdown: str) -> str:
    """Undo :func:`plain` escaping: the readable text of a description made for st.markdown."""
    return _UNPLAIN.sub(r"\1", markdown)


def _set_aside_mine(ctx: Ctx, slot: str, item_id: str, label: str, text: str, value: Any) -> bool:
    """Keep this device's version of ``item_id`` in the record's "not kept" list; True when done."""
    kept = _attempt(
        ctx,
        slot,
        lambda: ethics.set_aside_version(
            ctx.db, ctx.content, ctx.token, item_id=item_id, label=label, text=text, value=value
        ),
        _conflicts().get(slot),
    )
    if kept is None:
        return False
    _ss()["ethics_not_kept"] = slot
    return True


def short_label(text: str, limit: int = 60) -> str:
    """``text`` cut at a word boundary, to name a question inside another widget's label."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + "…"


def _conflict_panel(
    slot: str, subject: str, saved_md: str, mine_md: str, on_keep: Callable, on_mine: Callable, args: tuple = ()
) -> None:
    RECORD.conflict_panel(slot, subject, saved_md, mine_md, on_keep, on_mine, args)


def team_line(sheet: ethics.EthicsSheet) -> None:
    if sheet.team_name is not None:
        st.caption(tr("ethics.page.team_line", team=plain(sheet.team_name)))
    else:
        st.caption(tr("ethics.page.individual_line"))


LIVE_PAUSE = "ethics_live_pause"
OVERVIEW_LIVE_PAUSE = "ethics_overview_live_pause"


def live_toggle(key: str = LIVE_PAUSE) -> bool:
    """A switch to stop the automatic refresh (WCAG 2.2.2); True while paused."""
    paused = st.toggle(tr("ethics.page.live.pause"), key=key, help=tr("ethics.page.live.pause_help"))
    if paused:
        st.caption(":material/pause_circle: " + tr("ethics.page.live.paused"))
    return paused


def _every(seconds: str, key: str = LIVE_PAUSE) -> str | None:
    """The refresh interval for a live fragment, or None (no timer) while live updates are paused."""
    return None if st.session_state.get(key) else seconds


def step_picker() -> str:
    return st.radio(
        tr("ethics.page.step"), STEPS, format_func=labeller("ethics.page.step"), horizontal=True, key="ethics_step"
    )


def _go_to_step(step: str) -> None:
    st.session_state["ethics_step"] = step


def next_step_button(step: str) -> None:
    position = STEPS.index(step)
    if position + 1 < len(STEPS):
        following = STEPS[position + 1]
        st.button(
            tr("ethics.page.next_step", step=tr(f"ethics.page.step.{following}")),
            key="ethics_next_step",
            on_click=_go_to_step,
            args=(following,),
        )


# --------------------------------------------------------------------------- groups saved with a button


def _sync_group(ctx: Ctx, group: Group, sheet: ethics.EthicsSheet) -> None:
    RECORD.sync_group(ctx, group, sheet)


def _dirty(group: Group) -> bool:
    return RECORD.dirty(group)


def _request_reload(ctx: Ctx, group: Group, *_: Any) -> None:
    RECORD.request_reload(group)
    _msgs().pop(group.name, None)


_GROUP_LABEL = {
    "project": "ethics.report.project",
    "values": "ethics.report.values",
    "decision": "ethics.report.decision",
}


def _discard_mine(ctx: Ctx, group: Group, mine: dict, revisions: dict[str, int]) -> None:
    """Keep the saved version: this device's goes to the record's "not kept" list, then the form reloads."""
    if _set_aside_mine(
        ctx, group.name, group.items[0], tr(_GROUP_LABEL[group.name]), _unplain(group.describe(ctx, mine)), mine
    ):
        RECORD.request_reload(group)


def _commit(ctx: Ctx, group: Group, mine: dict, revisions: dict[str, int]) -> None:
    saved = _attempt(ctx, group.name, lambda: group.save(ctx, mine, revisions), mine)
    if saved is not None:
        RECORD.committed(group, saved, mine)


def _save_group(ctx: Ctx, group: Group) -> None:
    _commit(ctx, group, group.collect(), RECORD.revisions(group))


def _group_footer(ctx: Ctx, group: Group, sheet: ethics.EthicsSheet, label: str) -> None:
    """Save button, problems, a conflict (both versions side by side) and the live watch."""
    st.button(tr(label), type="primary", key=f"ethics_{group.name}_save", on_click=_save_group, args=(ctx, group))
    _show_msgs(group.name)
    pending = _conflicts().get(group.name)
    if pending is not None:
        revisions = {i: sheet.revision(i) for i in group.items}  # the saved version shown next to the attempt
        _conflict_panel(
            group.name,
            tr(f"ethics.page.conflict.subject.{group.name}"),
            group.describe(ctx, group.state(ctx, sheet)),
            group.describe(ctx, pending),
            _discard_mine,
            _commit,
            (ctx, group, pending, revisions),
        )
    RECORD.watch(
        ctx.db,
        group,
        sheet,
        lambda: ethics.team_sheet(ctx.db, ctx.content, ctx.token),
        _every("5s"),
        on_reload=lambda: _msgs().pop(group.name, None),
    )


def _collect(keys: tuple[str, ...]) -> dict[str, Any]:
    return {k: st.session_state.get(k) for k in keys}


def _role_name(ctx: Ctx, role_id: str) -> str:
    role = ctx.content.role(role_id)
    return role.name.get(ctx.lang) if role else role_id
