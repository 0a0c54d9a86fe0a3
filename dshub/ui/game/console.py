"""The facilitator's console: controls, game chooser, pause and board, restart, and the console screen."""

from __future__ import annotations

import functools
import time

import streamlit as st

from dshub.content import ContentBundle
from dshub.game.content import (
    GameContent,
)
from dshub.game.state import (
    CloseEndPulse,
    Finish,
    HideBoard,
    Lock,
    Next,
    OpenEndPulse,
    OpenQuestion,
    Pause,
    Phase,
    Resume,
    Reveal,
    SetTimer,
    ShowBoard,
    SkipRound,
    StartGame,
)
from dshub.services import game as game_service
from dshub.ui.core import (
    flash,
    label_of,
    lang,
    tr,
)
from dshub.ui.game.agenda import agenda_editor, schedule_line
from dshub.ui.game.bricks import bricks_panel, correction_panel
from dshub.ui.game.common import (
    EVERY,
    command_button,
    game_guarded,
    game_of,
    seed,
    send_command,
    timer_line,
    watch,
)
from dshub.ui.game.shared import (
    answered_line,
    answers_table,
    bricks_strip,
    ethics_link_for,
    finale,
    leaderboard,
    phase_line,
    pulse_line,
    shared_screen,
)

# --------------------------------------------------------------------------- console


def _timed(command_type):
    """``command_type`` with a deadline from the timer input, made at click time."""
    minutes = st.session_state.get("game_timer_minutes") or 0
    return command_type(deadline=time.time() + minutes * 60 if minutes else None)


def _timer_input() -> None:
    st.number_input(tr("game.console.timer_minutes"), min_value=0, max_value=60, step=1, key="game_timer_minutes")


def console_controls(db, key: str, content: ContentBundle, view: game_service.ConsoleView) -> None:
    """The buttons that move the game on, for the phase it is in."""
    state = view.state
    phase = state.phase
    with st.container(border=True, key="game_controls"):
        phase_line(state)
        if phase is Phase.LOBBY:
            game_chooser(db, key, content, view)
            command_button(db, key, content, view, StartGame(), primary=True)
        elif phase is Phase.INTRO:
            _timer_input()
            command_button(db, key, content, view, functools.partial(_timed, OpenQuestion), primary=True)
            command_button(db, key, content, view, SkipRound(), label=tr("game.console.skip_current"))
        elif phase is Phase.QUESTION_OPEN:
            command_button(db, key, content, view, Lock(), primary=True)
            _timer_input()
            command_button(db, key, content, view, functools.partial(_timed, SetTimer))
        elif phase is Phase.LOCKED:
            command_button(db, key, content, view, Reveal(), primary=True)
        elif phase is Phase.REVEALED:
            if state.next_opens_card:  # Next opens the round's next card at once: with the timer, if one is set
                _timer_input()
                command_button(db, key, content, view, functools.partial(_timed, Next), primary=True)
            else:
                command_button(db, key, content, view, Next(), primary=True)
        elif phase is Phase.PAUSED:
            command_button(db, key, content, view, Resume(), primary=True)
        if phase is not Phase.FINISHED:
            _pause_and_board(db, key, content, view)


def game_chooser(db, key: str, content: ContentBundle, view: game_service.ConsoleView) -> None:
    """In the lobby: which game file this session plays (the standard one or a facilitator's own)."""
    games = {g.id: g for g in game_service.available_games(content)}
    current = lang()
    if len(games) < 2:
        st.caption(tr("game.console.game_chosen", title=games[view.content_id].title.get(current)))
        return
    seed("game_choose", view.content_id)
    if st.session_state["game_choose"] not in games:
        st.session_state["game_choose"] = view.content_id
    left, right = st.columns([3, 1], vertical_alignment="bottom")
    labels = {
        gid: tr(
            "game.console.game_option",
            title=g.title.get(current),
            id=gid,
            rounds=len(g.rounds),
            minutes=g.total_minutes(),
        )
        for gid, g in games.items()
    }
    left.selectbox(
        tr("game.console.choose_game"),
        list(games),
        key="game_choose",
        help=tr("game.console.choose_game.help"),
        format_func=label_of(labels),
    )
    right.button(
        tr("game.console.use_game"),
        key="game_choose_use",
        on_click=_choose_game,
        args=(db, key, content, view.state.version),
        disabled=st.session_state["game_choose"] == view.content_id,
    )


@game_guarded
def _choose_game(db, key: str, content: ContentBundle, version: int) -> None:
    chosen = game_service.choose_game(db, key, content, st.session_state["game_choose"], expected_version=version)
    flash(tr("game.console.game_chosen", title=game_of(content, chosen.content_id).title.get(lang())))


def _pause_and_board(db, key: str, content: ContentBundle, view: game_service.ConsoleView) -> None:
    state = view.state
    left, right = st.columns(2)
    with left:
        with st.form("game_pause_form", border=False):
            seed("game_pause_message", tr("game.console.pause_default"))
            st.text_input(tr("game.console.pause_message"), max_chars=200, key="game_pause_message")
            label = tr("game.console.pause_update") if state.phase is Phase.PAUSED else tr("game.command.pause")
            st.form_submit_button(
                label,
                key="game_cmd_pause",
                on_click=send_command,
                args=(db, key, content, functools.partial(_pause_command), state.version),
            )
    with right:
        command_button(
            db, key, content, view, HideBoard() if state.show_leaderboard else ShowBoard(), widget_key="game_cmd_board"
        )
        if state.phase is not Phase.LOBBY:
            command_button(
                db,
                key,
                content,
                view,
                CloseEndPulse() if state.end_pulse_open else OpenEndPulse(),
                widget_key="game_cmd_end_pulse",
            )
        confirm = st.checkbox(tr("game.console.finish_confirm"), key="game_finish_confirm")
        if confirm:
            command_button(db, key, content, view, Finish())


def _pause_command() -> Pause:
    return Pause(message=st.session_state.get("game_pause_message", ""))


def restart_panel(db, key: str, content: ContentBundle, *, version: int | None = None, expanded: bool = False) -> None:
    """Restart the game from the lobby (after the game file changed, or to play again), after a confirmation."""
    with st.expander(tr("game.console.restart_heading"), expanded=expanded, key="game_restart_box"):
        st.markdown(tr("game.console.restart_help"))
        confirmed = st.checkbox(tr("game.console.restart_confirm"), key="game_restart_confirm")
        st.button(
            tr("game.console.restart"),
            key="game_restart",
            type="primary" if expanded else "secondary",
            disabled=not confirmed,
            on_click=_restart,
            args=(db, key, content, version),
        )


@game_guarded
def _restart(db, key: str, content: ContentBundle, version: int | None) -> None:
    if not st.session_state.get("game_restart_confirm"):
        return
    game_service.restart_game(db, key, content, expected_version=version)
    st.session_state["game_restart_confirm"] = False
    flash(tr("game.console.restarted"))


# --------------------------------------------------------------------------- the console screen


def console_screen(db, key: str, content: ContentBundle, view: game_service.ConsoleView) -> None:
    """The facilitator's console: controls, the screen teams see, bricks and agenda."""
    game = game_of(content, view.content_id)
    state = view.state
    console_controls(db, key, content, view)
    if state.effective_phase is Phase.FINISHED:
        correction_panel(db, key, content, view, game)  # late corrections still reach the podium (live below)
        restart_panel(db, key, content, version=state.version)
        with st.container(key="game_screen"):
            _console_live(view, game)
        watch(db, view.workshop.id, view.live, view.watched, state, every=EVERY["console"])
        return
    main, side = st.columns([3, 2], gap="large")

    def tick(_now: object) -> None:
        timer_line(state)
        schedule_line(view, game)

    with side:
        watch(db, view.workshop.id, view.live, view.watched, state, every=EVERY["console"], tick=tick)
        _console_live(view, game)
        agenda_editor(db, key, content, view, game)
        if state.phase is not Phase.LOBBY:
            restart_panel(db, key, content, version=state.version)
    with main, st.container(key="game_screen"):
        if state.effective_phase is Phase.INTRO:
            rnd = game.round(state.agenda[state.round_index])
            if rnd.facilitator:
                st.info(rnd.facilitator.get(lang()), icon=":material/tips_and_updates:")
        shared_screen(
            game,
            state,
            view.card,
            view.answers,
            view.board,
            show_options=True,
            key="game_console",
            content=content,
            ethics_link=ethics_link_for(view.workshop, "app_pages/ethics_overview.py", key=key),
        )
        if view.card is not None and state.effective_phase in (Phase.LOCKED, Phase.REVEALED):
            answers_table(game, view.card.card_id, view.answers, view.board)
        bricks_panel(db, key, content, view, game)
        correction_panel(db, key, content, view, game)


def _console_live(view: game_service.ConsoleView, game: GameContent) -> None:
    """Who answered, bricks, the pulse count and the standings (the timer and clock are the watcher's)."""
    state = view.state
    if view.card is not None and state.effective_phase is Phase.QUESTION_OPEN:
        answered_line(view.board)
    if state.effective_phase is Phase.FINISHED:
        finale(game, view.board, "game_console")
        return
    bricks_strip(view.board, "game_bricks", 2)
    pulse_line(view.board, state)
    leaderboard(game, view.board, "game_leaderboard")
