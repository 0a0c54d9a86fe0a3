"""The console's agenda: the rounds in order, skipping, the planned start and the schedule line."""

from __future__ import annotations

import datetime
import zoneinfo

import streamlit as st

from dshub.content import ContentBundle
from dshub.game import schedule
from dshub.game.content import (
    GameContent,
)
from dshub.game.state import (
    GameState,
    Phase,
    Reorder,
    SetPlannedStart,
    SkipRound,
    StartRound,
    UnskipRound,
)
from dshub.services import game as game_service
from dshub.ui.core import (
    lang,
    tr,
)
from dshub.ui.game.common import LOCAL_ZONE, command_button, send_command
from dshub.ui.game.shared import round_type_label


def agenda_editor(db, key: str, content: ContentBundle, view: game_service.ConsoleView, game: GameContent) -> None:
    """The rounds with planned minutes; rounds still to come can move, be skipped or start now."""
    state = view.state
    current = lang()
    phase = state.effective_phase
    current_round = state.current_round_id
    planned = sum(game.round(r).minutes for r in state.agenda if r not in state.skipped)
    st.markdown(f"### {tr('game.console.agenda')}")
    st.caption(tr("game.console.agenda_total", minutes=planned))
    start_time_input(db, key, content, view)
    slots = schedule.plan(state, _round_minutes(game, state))
    played = set(state.played_rounds())
    movable = list(state.agenda[0 if state.phase is Phase.LOBBY else state.round_index + 1 :])
    for round_id in state.agenda:
        rnd = game.round(round_id)
        status = (
            "current"
            if round_id == current_round
            else "skipped"
            if round_id in state.skipped
            else "played"
            if round_id in played
            else "upcoming"
        )
        with st.container(border=True, key=f"game_agenda_{round_id}"):
            slot = slots.get(round_id)
            when = (
                (
                    tr(
                        "game.console.planned_at",
                        start=schedule.format_clock(slot.start),
                        end=schedule.format_clock(slot.end),
                    )
                    + " · "
                )
                if slot
                else ""
            )
            kind = round_type_label(rnd)
            st.markdown(
                f"**{rnd.title.get(current)}** · "
                + (f"{kind} · " if kind else "")
                + when
                + f"{tr('game.console.minutes', n=rnd.minutes)} · {tr(f'game.console.status.{status}')}"
            )
            if round_id not in movable or state.phase is Phase.PAUSED:
                continue
            # A row that wraps: every button keeps its whole label in the narrow side column.
            row = st.container(horizontal=True, gap="small", key=f"game_agenda_actions_{round_id}")
            i = movable.index(round_id)
            if i > 0:
                command_button(
                    db,
                    key,
                    content,
                    view,
                    Reorder(_swap(state.agenda, round_id, movable[i - 1])),
                    label=tr("game.console.up"),
                    widget_key=f"game_agenda_up_{round_id}",
                    container=row,
                    icon=":material/arrow_upward:",
                )
            if i < len(movable) - 1:
                command_button(
                    db,
                    key,
                    content,
                    view,
                    Reorder(_swap(state.agenda, round_id, movable[i + 1])),
                    label=tr("game.console.down"),
                    widget_key=f"game_agenda_down_{round_id}",
                    container=row,
                    icon=":material/arrow_downward:",
                )
            if round_id not in state.skipped:
                command_button(
                    db,
                    key,
                    content,
                    view,
                    SkipRound(round_id),
                    label=tr("game.console.skip"),
                    widget_key=f"game_agenda_skip_{round_id}",
                    container=row,
                    icon=":material/skip_next:",
                )
            else:
                command_button(
                    db,
                    key,
                    content,
                    view,
                    UnskipRound(round_id),
                    widget_key=f"game_agenda_unskip_{round_id}",
                    container=row,
                    icon=":material/undo:",
                )
            if phase in (Phase.INTRO, Phase.REVEALED):
                command_button(
                    db,
                    key,
                    content,
                    view,
                    StartRound(round_id),
                    label=tr("game.console.start_now"),
                    widget_key=f"game_agenda_start_{round_id}",
                    container=row,
                    icon=":material/play_arrow:",
                )


def _round_minutes(game: GameContent, state: GameState) -> dict[str, int]:
    return {r: game.round(r).minutes for r in state.agenda}


def local_minute() -> int:
    """Now, as minutes after midnight in the Netherlands (the server's local time if the zone is unknown)."""
    try:
        now = datetime.datetime.now(zoneinfo.ZoneInfo(LOCAL_ZONE))
    except zoneinfo.ZoneInfoNotFoundError:  # pragma: no cover - tzdata missing
        now = datetime.datetime.now()
    return now.hour * 60 + now.minute


def start_time_input(db, key: str, content: ContentBundle, view: game_service.ConsoleView) -> None:
    """The optional planned start of the game; every round's planned time follows from it."""
    state = view.state
    if state.phase is Phase.FINISHED:
        return
    start = state.planned_start
    if st.session_state.get("game_start_time_for", -1) != start:  # first draw, or a change on another console
        st.session_state["game_start_time_for"] = start
        st.session_state["game_start_time"] = None if start is None else datetime.time(start // 60, start % 60)
    st.time_input(
        tr("game.console.start_time"),
        value=None,
        key="game_start_time",
        step=300,  # None: clearable
        help=tr("game.console.start_time.help"),
        on_change=send_command,
        args=(db, key, content, _start_command, state.version),
    )


def _start_command() -> SetPlannedStart:
    value = st.session_state.get("game_start_time")
    return SetPlannedStart(None if value is None else value.hour * 60 + value.minute)


def schedule_line(view: game_service.ConsoleView, game: GameContent) -> None:
    """Now against the plan: the planned time of the current round and how far the game runs over."""
    state = view.state
    minutes = _round_minutes(game, state)
    now = local_minute()
    behind = schedule.overrun(state, minutes, now)
    if behind is None:
        return
    slot = (
        schedule.plan(state, minutes).get(state.agenda[state.round_index])
        if state.effective_phase in (Phase.INTRO, Phase.QUESTION_OPEN, Phase.LOCKED, Phase.REVEALED)
        else None
    )
    parts = [tr("game.console.now", now=schedule.format_clock(now))]
    if slot is not None:
        parts.append(
            tr("game.console.planned_at", start=schedule.format_clock(slot.start), end=schedule.format_clock(slot.end))
        )
    if behind:
        key = "game.console.late_start" if state.effective_phase is Phase.LOBBY else "game.console.overrun"
        st.warning(" · ".join(parts) + " · " + tr(key, n=behind), icon=":material/schedule:")
    else:
        st.caption(":material/schedule: " + " · ".join(parts) + " · " + tr("game.console.on_time"))


def _swap(agenda: tuple[str, ...], a: str, b: str) -> tuple[str, ...]:
    order = list(agenda)
    i, j = order.index(a), order.index(b)
    order[i], order[j] = order[j], order[i]
    return tuple(order)
