"""The game screens' shared parts: constants, the guard, texts, charts, the live watcher, the board view."""

from __future__ import annotations

import functools
import json
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pandas as pd
import pyarrow as pa
import streamlit as st

from dshub.charts.game import (
    FONT_SIZE,
    format_number,
)
from dshub.content import ContentBundle
from dshub.errors import UserError
from dshub.game.content import (
    VOTES,
    ChoiceCard,
    DataCaseCard,
    DilemmaCard,
    EstimateCard,
    GameContent,
)
from dshub.game.state import (
    GameState,
    Phase,
)
from dshub.services import game as game_service
from dshub.ui import live as live_ui
from dshub.ui.core import (
    base_url,
    guarded,
    lang,
    plain,
    show_chart,
    tr,
)

REFRESH = "2s"  # while a game cannot load: how often to try again
# How often a screen looks for changes: the projector quickly, a team quickly while a question is
# open and slowly while nothing is asked, the console in between. A look costs about what a bare
# Streamlit page costs (see docs/benchmarks.md).
EVERY = {"board": 1.0, "console": 2.0, "team_open": 2.0, "team_idle": 3.0}
BOARD_VIEW = "game_board_view"  # the console's toggle for the presenter mode (kept in the address as ?view=board)
CONSOLE_PATH = "game-console"  # the console's url_path in app.py
LOCAL_ZONE = "Europe/Amsterdam"  # the agenda's clock: Dutch municipalities

_STYLE = """<style>
.st-key-game_board p, .st-key-game_board li, .st-key-game_board label {
  font-size: 1.6rem !important; line-height: 1.4;
}
.st-key-game_board h2 { font-size: 2.6rem !important; }
.st-key-game_board h3 { font-size: 2.1rem !important; }
.st-key-game_screen p, .st-key-game_screen li { font-size: 1.15rem; }
.st-key-game_pause p { font-size: 2rem !important; font-weight: 600; }
</style>"""
# The presenter mode (the board view) on a projector: full screen, no app chrome, see presenter.css.
_BOARD_STYLE = "<style>" + ((Path(__file__).parent.parent / "presenter.css").read_text(encoding="utf-8")) + "</style>"


def inject_game_style(*, board: bool = False) -> None:
    st.html(_BOARD_STYLE if board else _STYLE)


def game_guarded(fn):
    """Like ``guarded``, but a refused game command shows its message with translated phase and command names."""

    @functools.wraps(fn)
    def inner(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except game_service.GameRefused as exc:
            st.error(exc.message(lang()), icon=":material/block:")
        return None

    return guarded(inner)


def game_of(content: ContentBundle, content_id: str) -> GameContent:
    return game_service.pick_game(content, content_id)


# --------------------------------------------------------------------------- texts


def answer_text(game: GameContent, card: Any, value: Any, lang_: str) -> str:
    """A team's answer as one line of plain text (user text is not escaped here; use ``plain`` for markdown)."""
    if not isinstance(value, dict):
        return "–"
    if isinstance(card, ChoiceCard):
        texts = {o.id: o.text.get(lang_) for o in card.options}
        parts = [texts.get(o, o) for o in value.get("options", [])]
        if value.get("text"):
            parts.append(f"“{value['text']}”")
        return "; ".join(parts) or "–"
    if isinstance(card, EstimateCard):
        return f"{format_number(float(value.get('value', 0)), lang_)} {card.unit.get(lang_)}"
    if isinstance(card, DataCaseCard):
        return "; ".join(game.dataset(d).name.get(lang_) for d in value.get("datasets", []) if d in card.deck) or "–"
    if isinstance(card, DilemmaCard):
        vote = tr(f"game.vote.{value.get('vote')}") if value.get("vote") in VOTES else "–"
        return f"{vote}: {value.get('argument', '')}"
    return "–"


def timer_line(state: GameState, *, heading: bool = True) -> None:
    """The time left on the open question; a pause shows the stopped timer (``heading``: as an h3)."""
    if state.deadline is not None:
        left, key = max(0, int(state.deadline - time.time())), "game.timer.left"
    elif state.timer_left is not None:
        left, key = int(state.timer_left), "game.timer.stopped"
    else:
        return
    text = f":material/timer: {tr(key, minutes=left // 60, seconds=f'{left % 60:02d}')}"
    st.markdown(f"### {text}" if heading else text)


def chart(make, key: str, *, same_as: tuple, font_size: int = FONT_SIZE, height: int | None = None) -> None:
    """A plotly chart with its text alternative (a one-line summary and the table in an expander).

    ``make()`` returns (figure, table, summary); it runs once per process for every screen that
    shows the same chart, named by ``same_as`` (every input: ids, language, size, the data).

    The summary may hold teams' own names, so it is shown as plain text. Every chart keeps its own
    layout (``theme=None``): Streamlit's chart theme would reset the fonts and turn the dark text
    light grey, too little contrast on the white background.

    ``height`` (pixels) draws the chart for the presenter mode: that height, no title (a heading
    on the screen says it) and the summary only as the chart's ``alt`` text, so a screen fits the
    projector without scrolling.
    """

    def build():
        fig, table, summary = make()
        if height is not None:
            fig.update_layout(height=height, title_text="", margin_t=10)
        return _for_screens(fig, table, summary)

    fig, table, summary = live_ui.shared(("game_chart", *same_as, lang(), font_size, height), build)
    show_chart(fig, key, summary)
    if height is not None:
        return
    if summary:
        st.caption(plain(summary))
    with st.expander(tr("game.chart.as_table"), key=f"{key}_table"):
        st.dataframe(table, hide_index=True, key=f"{key}_frame")


def _for_screens(fig, table, summary):
    """A chart as every screen draws it: the table already in Arrow form (Streamlit converts a pandas
    frame on every draw, a few milliseconds that three hundred devices would repeat)."""
    if isinstance(table, pd.DataFrame):
        table = pa.Table.from_pandas(table, preserve_index=False)
    return fig, table, summary


def frozen(data: Any) -> str:
    """Data (answers, names, scores) as a stable text, to name a shared chart by what it shows."""
    return json.dumps(data, sort_keys=True, default=repr, ensure_ascii=False)


def watch(db, workshop_id: int, drawn, topics, state: GameState, *, every: float, tick=None) -> None:
    """The game page's watcher (see :mod:`dshub.ui.live`): it also reruns when the question's timer runs
    out. Each tick draws ``tick(counters)``, by default the timer (it must not query unless the
    counters say its own part changed)."""
    deadline = state.deadline if state.effective_phase is Phase.QUESTION_OPEN else None
    live_ui.watch(
        db,
        workshop_id,
        drawn,
        topics,
        every=every,
        due=deadline,
        tick=tick or (lambda _now: timer_line(state)),
        key="game_watch",
    )


def wait_for_game(load) -> None:
    """While the game cannot load (the facilitator has to restart it): try again every REFRESH; rerun when it loads."""

    @st.fragment(run_every=REFRESH)
    def _wait():
        try:
            load()
        except UserError:
            return
        st.rerun()

    _wait()


# --------------------------------------------------------------------------- presenter mode (the board view)


def board_view_on() -> bool:
    """Whether this session shows the console as the presenter mode (the board view, for the projector).

    A first open of the console with ``?view=board`` turns it on, so a reload of the projector's
    tab keeps it; afterwards the console's toggle (:data:`BOARD_VIEW`) decides.
    """
    if BOARD_VIEW not in st.session_state:
        st.session_state[BOARD_VIEW] = st.query_params.get("view") == "board"
    return bool(st.session_state[BOARD_VIEW])


def presenting(url_path: str) -> bool:
    """Whether the page at ``url_path`` is drawn in the presenter mode: no sidebar, no app chrome.

    For the router (app.py), which hides the sidebar and the language switch for it.
    """
    return url_path == CONSOLE_PATH and board_view_on()


def sync_board_view() -> None:
    """Keep the board view in the address (``?view=board``), so a reload of the projector's tab keeps it."""
    if st.session_state.get(BOARD_VIEW):
        st.query_params["view"] = "board"
    elif "view" in st.query_params:
        del st.query_params["view"]


def board_toggle(*, board: bool) -> None:
    """The switch between the console and the presenter mode in this tab."""
    st.toggle(
        tr("game.console.board_view"),
        key=BOARD_VIEW,
        on_change=sync_board_view,
        help=None if board else tr("game.console.board_view.help"),
    )  # the projector shows only the game


def presenter_url(key: str) -> str:
    """The console in the presenter mode, in this language: for the projector's tab. It holds the
    facilitator key (the facilitator's own laptop opens it); the presenter never shows it."""
    return f"{base_url()}/{CONSOLE_PATH}?{urlencode({'key': key, 'view': 'board', 'lang': lang()})}"


def presenter_link(key: str) -> None:
    """On the console: open the presenter mode in a new tab (to drag to the projector)."""
    st.link_button(
        tr("game.console.presenter_open"),
        presenter_url(key),
        icon=":material/open_in_new:",
        help=tr("game.console.presenter_open.help"),
        key="game_presenter_link",
    )


@game_guarded
def send_command(db, key: str, content: ContentBundle, command, version: int) -> None:
    """Send ``command`` (or, if callable, what it returns at click time) against the version the button showed."""
    game_service.send(db, key, content, command() if callable(command) else command, expected_version=version)


def command_button(
    db,
    key: str,
    content: ContentBundle,
    view: game_service.ConsoleView,
    command,
    *,
    primary: bool = False,
    label: str | None = None,
    widget_key: str | None = None,
    container=None,
    icon: str | None = None,
) -> None:
    """A button that sends ``command``, or ``functools.partial(make, CommandType)`` to make it when clicked."""
    name = command.args[0].name if isinstance(command, functools.partial) else command.name
    (container or st).button(
        label or tr(f"game.command.{name}"),
        key=widget_key or f"game_cmd_{name}",
        icon=icon,
        type="primary" if primary else "secondary",
        on_click=send_command,
        args=(db, key, content, command, view.state.version),
    )


def seed(key: str, value: Any) -> None:
    """Give a widget its starting value once; afterwards the widget keeps what the user chose."""
    if key not in st.session_state:
        st.session_state[key] = value
