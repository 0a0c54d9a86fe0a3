"""Widgets for the game pages: the shared game screen, the team's answer form, the console and the board.

Live refresh: each page draws everything, inputs and live parts alike, in the normal
script run, and ends with one small watcher (``st.fragment(run_every=...)``). On a tick
the watcher compares the workshop's change counters (:mod:`dshub.services.live`, shared
by every session of the process) with the ones the page was drawn with and reruns the
page only when a topic it shows has moved; otherwise it redraws the timer and nothing
else: no query, no chart. Inputs never sit in the refreshing part, so a tick cannot eat
a click or a keystroke. How often a screen looks depends on what it is for (see
:data:`EVERY`).

Actions run in ``on_click`` callbacks with the version (or answer revision) the screen
was drawn with. A callback runs even when the rerun no longer draws its button (the
facilitator locked, another console moved on), so the service refuses it with a
message instead of the click being lost without a word.
"""

from __future__ import annotations

import datetime
import functools
import json
import re
import time
import zoneinfo
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pandas as pd
import pyarrow as pa
import streamlit as st

from dshub.charts.game import (
    FONT_SIZE,
    answer_distribution_figure,
    answer_distribution_summary,
    answer_distribution_table,
    bricks_board_figure,
    bricks_board_summary,
    bricks_board_table,
    format_number,
    look_closer_figure,
    look_closer_summary,
    look_closer_table,
    pulse_figure,
    pulse_figure_summary,
    pulse_table,
)
from dshub.content import ContentBundle
from dshub.errors import Conflict, UserError
from dshub.ethics.content import EthicsContent
from dshub.game import schedule
from dshub.game.content import (
    VOTES,
    ChoiceCard,
    DataCaseCard,
    DilemmaCard,
    EstimateCard,
    GameContent,
    LookCloserCard,
)
from dshub.game.scoring import MAX_ARGUMENT, MAX_TEXT
from dshub.game.state import (
    CloseEndPulse,
    Finish,
    GameState,
    HideBoard,
    Lock,
    Next,
    OpenEndPulse,
    OpenQuestion,
    Pause,
    Phase,
    Reorder,
    Resume,
    Reveal,
    SetPlannedStart,
    SetTimer,
    ShowBoard,
    SkipRound,
    StartGame,
    StartRound,
    UnskipRound,
)
from dshub.services import game as game_service
from dshub.services import live
from dshub.ui import live as live_ui
from dshub.ui.core import base_url, flash, focus_point, guarded, lang, page_link, plain, request_focus, show_chart, tr

REFRESH = "2s"  # while a game cannot load: how often to try again
# How often a screen looks for changes: the projector quickly, a team quickly while a question is
# open and slowly while nothing is asked, the console in between. A look costs about what a bare
# Streamlit page costs (see docs/benchmarks.md).
EVERY = {"board": 1.0, "console": 2.0, "team_open": 2.0, "team_idle": 3.0}
TEAM_REVISION = "game_team_revision"
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
_BOARD_STYLE = "<style>" + (Path(__file__).with_name("presenter.css").read_text(encoding="utf-8")) + "</style>"


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


# --------------------------------------------------------------------------- the game screen (all roles)


_LIST_START = re.compile(r"^(\s*\d+)([.)])(\s)")


def markdown_text(text: str) -> str:
    """Content text for st.markdown that starts with a number ("342. In 2018 ...") as a sentence,
    not as an ordered list that starts at 342."""
    return _LIST_START.sub(r"\1\\\2\3", text)


def round_type_label(rnd) -> str | None:
    """The round's type, or None when the round's title already says it (``Kijk nog eens · Kijk nog eens``)."""
    label = tr(f"game.round_type.{rnd.type}")
    return None if label.strip().casefold() == rnd.title.get(lang()).strip().casefold() else label


def round_header(game: GameContent, round_id: str, state) -> None:
    rnd = game.round(round_id)
    playable = [r for r in state.agenda if r not in state.skipped]
    number = playable.index(round_id) + 1 if round_id in playable else 0
    kind = round_type_label(rnd)
    st.caption(tr("game.screen.round", n=number, total=len(playable), type=kind) if kind
               else tr("game.screen.round_number", n=number, total=len(playable)))
    st.header(rnd.title.get(lang()))


def card_panel(game: GameContent, ref: game_service.CardRef, *, show_options: bool, key: str,
               font_size: int = FONT_SIZE) -> None:
    """The question on screen; a look-closer chart as drawn and, after the reveal, corrected."""
    rnd, card = game.card(ref.card_id)
    current = lang()
    st.caption(tr("game.screen.card", n=ref.index + 1, total=len(rnd.cards)))
    if isinstance(card, DilemmaCard):
        st.markdown(card.situation.get(current))
    st.subheader(card.question.get(current))
    if isinstance(card, DataCaseCard) and card.context:
        st.markdown(card.context.get(current))
    if isinstance(card, EstimateCard):
        st.caption(tr("game.screen.unit", unit=card.unit.get(current)))
    if isinstance(card, LookCloserCard):
        for corrected in (False, True) if ref.revealed else (False,):
            chart(lambda corrected=corrected: (
                      look_closer_figure(card.chart, current, corrected=corrected, font_size=font_size),
                      look_closer_table(card.chart, current, corrected=corrected),
                      look_closer_summary(card.chart, current, corrected=corrected)),
                  f"{key}_corrected" if corrected else f"{key}_chart",
                  same_as=("look_closer", game.id, game.version, card.id, corrected), font_size=font_size)
    if show_options and isinstance(card, ChoiceCard):
        st.markdown("\n".join(f"- {o.text.get(current)}" for o in card.options))
    if show_options and isinstance(card, DataCaseCard):
        st.markdown("\n".join(f"- {game.dataset(d).name.get(current)}" for d in card.deck))


def _dataset_caption(game: GameContent, dataset_id: str) -> str:
    ds = game.dataset(dataset_id)
    current = lang()
    return " · ".join([ds.owner.get(current), tr(f"game.personal_data.{ds.personal_data}"),
                       tr(f"game.quality.{ds.quality}"), tr(f"game.availability.{ds.availability}")])


def reveal_panel(game: GameContent, ref: game_service.CardRef, answers: dict[str, Any] | None, names: dict[str, str],
                 key: str, *, content: ContentBundle | None = None, ethics_link: EthicsLink | None = None,
                 font_size: int = FONT_SIZE) -> None:
    """After the reveal: what the teams answered against the key (``answers``: all teams), and the explanation.

    A dilemma also names the ethics assistant's themes it leads into (``ethics_link``: where to continue).
    """
    _, card = game.card(ref.card_id)
    current = lang()
    if answers is not None:
        chart(lambda: (answer_distribution_figure(game, card.id, answers, current, reveal=True, team_names=names,
                                                  font_size=font_size),
                       answer_distribution_table(game, card.id, answers, current, reveal=True, team_names=names),
                       answer_distribution_summary(game, card.id, answers, current, reveal=True)),
              f"{key}_distribution", font_size=font_size,
              same_as=("distribution", game.id, game.version, card.id, frozen(answers), frozen(names)))
    st.markdown(f"#### {tr('game.screen.key')}")
    if isinstance(card, ChoiceCard):
        st.markdown("\n".join(f"- ✓ {o.text.get(current)}" for o in card.options if o.id in card.correct))
    elif isinstance(card, EstimateCard):
        st.markdown(tr("game.screen.true_value", value=format_number(card.answer, current), unit=card.unit.get(current)))
        source = card.source
        parts = [source.text.get(current)] + ([str(source.year)] if source.year else [])
        st.caption(tr("game.screen.source", source=", ".join(parts)) + (f" — {source.url}" if source.url else ""))
        if card.note:
            st.caption(card.note.get(current))
    elif isinstance(card, DataCaseCard):
        verdicts = {k.dataset: k for k in card.key}
        st.markdown("\n".join(
            f"- **{game.dataset(d).name.get(current)}**: {tr(f'game.verdict.{verdicts[d].verdict}')} "
            f"— {verdicts[d].reason.get(current)}" for d in card.deck))
    elif isinstance(card, DilemmaCard):
        st.markdown("\n".join(f"- {c.get(current)}" for c in card.considerations))
    st.info(markdown_text(card.reveal.get(current)), icon=":material/lightbulb:")
    if isinstance(card, DilemmaCard):
        ethics_themes(content, card, ethics_link)


EthicsLink = tuple[str, dict[str, str]]  # the page to continue on and its query parameters


def ethics_link_for(workshop, page: str, **params: str) -> EthicsLink | None:
    """A link to the ethics assistant when it is one of the session's parts."""
    return (page, params) if "ethics" in workshop.modules else None


def ethics_themes(content: ContentBundle | None, card: DilemmaCard, link: EthicsLink | None) -> None:
    """The ethics assistant's themes a dilemma leads into, and the way to continue there."""
    if content is None or not card.ethics_themes:
        return
    current = lang()
    titles = {theme.id: theme.title.get(current) for a in content.of_kind(EthicsContent) for theme in a.themes}
    named = [titles[t] for t in card.ethics_themes if t in titles]
    if not named:
        return
    with st.container(border=True, key=f"game_ethics_{card.id}"):
        st.markdown(f"#### :material/balance: {tr('game.ethics.heading')}")
        st.markdown(tr("game.ethics.themes", themes=", ".join(named)))
        if link is not None:
            page_link(link[0], label=tr("game.ethics.open"), icon=":material/arrow_forward:",
                      **link[1])


def answers_table(game: GameContent, card_id: str, answers: dict[str, Any], board: game_service.Board) -> None:
    """Per team: its confirmed answer (and its bricks for the card once revealed), as plain text."""
    _, card = game.card(card_id)
    scored = board.results.by_card.get(card_id)
    rows = [{tr("game.table.team"): team.name,
             tr("game.table.answer"): answer_text(game, card, answers.get(team.key), lang()),
             **({tr("game.table.bricks"): scored.get(team.key, 0)} if scored is not None else {})}
            for team in board.teams]
    if rows:
        st.dataframe(rows, hide_index=True, key=f"game_answers_{card_id}")


def pause_screen(message: str | None) -> None:
    with st.container(key="game_pause", border=True):
        st.header(f":material/pause_circle: {tr('game.screen.paused')}", anchor=False)  # the screen's h2
        st.markdown(plain(message or ""))


def bricks_strip(board: game_service.Board, key: str, columns: int = 4) -> None:
    """Bricks per team in team order, and who answered the card on screen (marked with text, not colour)."""
    if not board.teams:
        st.info(tr("game.board.no_teams"))
        return
    cols = st.columns(min(columns, len(board.teams)))
    for i, team in enumerate(board.teams):
        with cols[i % len(cols)].container(border=True, key=f"{key}_{team.key}"):
            st.markdown(f"**{plain(team.name)}**")
            st.markdown(tr("game.board.bricks", n=board.results.totals.get(team.key, 0)))
            if team.key in board.answered:
                st.caption(f":material/check_circle: {tr('game.board.answered')}")


def answered_line(board: game_service.Board) -> None:
    done = [t.name for t in board.teams if t.key in board.answered]
    waiting = [t.name for t in board.teams if t.key not in board.answered]
    st.markdown(tr("game.board.answered_count", n=len(done), total=len(board.teams)))
    if waiting:
        st.caption(tr("game.board.waiting_for", teams=plain(", ".join(waiting))))


def leaderboard(game: GameContent, board: game_service.Board, key: str, font_size: int = FONT_SIZE) -> None:
    current = lang()
    st.markdown(f"### {tr('game.board.leaderboard')}")
    chart(lambda: (bricks_board_figure(game, board.results, current, board.names, font_size=font_size),
                   bricks_board_table(game, board.results, current, board.names),
                   bricks_board_summary(game, board.results, current, board.names)), key, font_size=font_size,
          same_as=("bricks", game.id, game.version, repr(board.results), frozen(board.names)))


def finale(game: GameContent, board: game_service.Board, key: str, font_size: int = FONT_SIZE) -> None:
    """Podium, the debrief with the lesson of every played round, and the awareness pulse."""
    current = lang()
    st.header(tr("game.board.podium"))
    podium = board.results.podium()
    if podium:
        for col, standing in zip(st.columns(len(podium)), podium):
            with col.container(border=True, key=f"{key}_podium_{standing.team}"):
                st.markdown(f"### {tr('game.board.place', rank=standing.rank)}")
                st.markdown(f"**{plain(board.names.get(standing.team, ''))}**")
                st.markdown(tr("game.board.bricks", n=standing.bricks))
    st.header(tr("game.board.debrief"))
    st.markdown(game.debrief.get(current))
    for round_id in board.played_rounds:
        rnd = game.round(round_id)
        st.markdown(f"**{rnd.title.get(current)}** — {rnd.lesson.get(current)}")
    if board.pulse_before or board.pulse_after:
        chart(lambda: (pulse_figure(game.pulse, board.pulse_before, board.pulse_after, current, font_size=font_size),
                       pulse_table(game.pulse, board.pulse_before, board.pulse_after, current),
                       pulse_figure_summary(game.pulse, board.pulse_before, board.pulse_after, current)),
              f"{key}_pulse", font_size=font_size,
              same_as=("pulse", game.id, game.version, frozen(board.pulse_before), frozen(board.pulse_after)))


def pulse_line(board: game_service.Board, state: GameState) -> None:
    """How many people gave the awareness pulse so far, and which pulse is open."""

    def people(scores: dict[str, list[int]]) -> int:
        return max((len(v) for v in scores.values()), default=0)

    open_now = [tr(f"game.pulse.open_{m}") for m in game_service.MOMENTS if state.pulse_open(m)]
    st.caption(tr("game.pulse.count", before=people(board.pulse_before), after=people(board.pulse_after),
                  open=", ".join(open_now) or tr("game.pulse.none_open")))


def _phase_line(state) -> None:
    st.caption(tr("game.screen.phase", phase=tr(f"game.phase.{state.effective_phase.value}")))


def shared_screen(game: GameContent, state, card: game_service.CardRef | None, answers: dict[str, Any] | None,
                  board: game_service.Board, *, show_options: bool, key: str, content: ContentBundle | None = None,
                  ethics_link: EthicsLink | None = None, font_size: int = FONT_SIZE) -> None:
    """What everyone sees for the current phase (the team page adds its form, the console its controls).

    ``answers``: every team's answer to the card on screen, for the distribution after the
    reveal; ``None`` on a team's device, which only sees its own answer. The finale (podium,
    debrief, pulse) is not drawn here but in each page's live section, so that it follows
    corrections and late pulse answers after the game has finished.
    """
    phase = state.effective_phase
    if state.phase is Phase.PAUSED:
        pause_screen(state.pause_message)
        return
    if phase is Phase.LOBBY:
        st.header(game.title.get(lang()))
        if game.setup:
            st.markdown(game.setup.get(lang()))
        st.info(tr("game.screen.lobby"), icon=":material/hourglass_empty:")
    elif phase is Phase.INTRO:
        round_header(game, state.agenda[state.round_index], state)
        st.markdown(game.round(state.agenda[state.round_index]).intro.get(lang()))
    elif card is not None:
        round_header(game, card.round_id, state)
        card_panel(game, card, show_options=show_options, key=key, font_size=font_size)
        if card.revealed:
            reveal_panel(game, card, answers, board.names, key, content=content, ethics_link=ethics_link,
                         font_size=font_size)
        elif phase is Phase.LOCKED:
            st.info(tr("game.screen.locked"), icon=":material/lock:")


# --------------------------------------------------------------------------- team page


def _seed(key: str, value: Any) -> None:
    """Give a widget its starting value once; afterwards the widget keeps what the user chose."""
    if key not in st.session_state:
        st.session_state[key] = value


def _answer_key(card: Any, part: str) -> str:
    return f"game_ans_{card.id}_{part}"


def _answer_inputs(game: GameContent, card: Any, default: dict | None) -> None:
    """The inputs for ``card`` (inside a form), filled with ``default`` the first time."""
    current = lang()
    default = default or {}
    if isinstance(card, ChoiceCard):
        texts = {o.id: o.text.get(current) for o in card.options}
        if card.multiple:
            st.markdown(tr("game.play.pick_several"))
            for option in card.options:
                _seed(_answer_key(card, option.id), option.id in default.get("options", []))
                st.checkbox(texts[option.id], key=_answer_key(card, option.id))
        else:
            _seed(_answer_key(card, "option"), (default.get("options") or [None])[0])
            st.radio(tr("game.play.pick_one"), list(texts), index=None, format_func=texts.get,
                     key=_answer_key(card, "option"))
        if isinstance(card, LookCloserCard) and card.allow_text:
            _seed(_answer_key(card, "text"), default.get("text", ""))
            st.text_input(tr("game.play.own_words"), max_chars=MAX_TEXT, key=_answer_key(card, "text"))
    elif isinstance(card, EstimateCard):
        _seed(_answer_key(card, "value"), default.get("value"))
        st.number_input(tr("game.play.guess", unit=card.unit.get(current)), min_value=0.0, value=None,
                        step=1.0 if card.integer else 0.1, format="%.0f" if card.integer else "%.2f",
                        key=_answer_key(card, "value"))
    elif isinstance(card, DataCaseCard):
        st.markdown(tr("game.play.pick_datasets", max=card.max_choices or len(card.deck)))
        # Compact for phones (a bordered box per dataset made this card 4,000 px tall at 375 px):
        # the name to tick, then what it holds and its facts in small type.
        for dataset_id in card.deck:
            ds = game.dataset(dataset_id)
            _seed(_answer_key(card, dataset_id), dataset_id in default.get("datasets", []))
            st.checkbox(f"**{ds.name.get(current)}**", key=_answer_key(card, dataset_id))
            st.caption(f"{ds.description.get(current)} ({_dataset_caption(game, dataset_id)})")
    elif isinstance(card, DilemmaCard):
        votes = {v: tr(f"game.vote.{v}") for v in VOTES}
        _seed(_answer_key(card, "vote"), default.get("vote"))
        st.radio(tr("game.play.vote"), list(votes), index=None, format_func=votes.get, horizontal=True,
                 key=_answer_key(card, "vote"))
        _seed(_answer_key(card, "argument"), default.get("argument", ""))
        st.text_input(tr("game.play.argument"), max_chars=MAX_ARGUMENT, key=_answer_key(card, "argument"))


def _answer_value(card: Any) -> dict[str, Any]:
    """The answer the inputs of ``card`` describe (read from session state, so callbacks can use it)."""
    state = st.session_state
    if isinstance(card, ChoiceCard):
        if card.multiple:
            value: dict[str, Any] = {"options": [o.id for o in card.options if state.get(_answer_key(card, o.id))]}
        else:
            pick = state.get(_answer_key(card, "option"))
            value = {"options": [pick] if pick else []}
        if isinstance(card, LookCloserCard) and card.allow_text:
            value["text"] = state.get(_answer_key(card, "text"), "")
        return value
    if isinstance(card, EstimateCard):
        return {"value": state.get(_answer_key(card, "value"))}
    if isinstance(card, DataCaseCard):
        return {"datasets": [d for d in card.deck if state.get(_answer_key(card, d))]}
    if isinstance(card, DilemmaCard):
        return {"vote": state.get(_answer_key(card, "vote")), "argument": state.get(_answer_key(card, "argument"), "")}
    raise TypeError(f"not a game card: {card!r}")


def answer_form(db, content: ContentBundle, token: str, view: game_service.TeamView, game: GameContent) -> None:
    """Each member's choice and the team's confirmed answer for the open card."""
    _, card = game.card(view.card.card_id)
    # The revision of the team answer this screen was drawn with: confirming over a newer one is refused once.
    st.session_state.setdefault(TEAM_REVISION, {})[card.id] = view.answer.revision if view.answer else 0
    default = view.answer.value if view.answer else view.my_choice
    with st.form("game_answer_form"):
        _answer_inputs(game, card, default)
        st.caption(tr("game.play.form_help"))
        left, right = st.columns(2)
        left.form_submit_button(tr("game.play.save_choice"), key="game_save_choice", on_click=_submit_answer,
                                args=(db, content, token, card, False), width="stretch", wrap=True)
        right.form_submit_button(tr("game.play.confirm"), type="primary", key="game_confirm",
                                 on_click=_submit_answer, args=(db, content, token, card, True), width="stretch",
                                 wrap=True)


@game_guarded
def _submit_answer(db, content, token, card, confirm) -> None:
    revisions = st.session_state.setdefault(TEAM_REVISION, {})
    value = _answer_value(card)
    if confirm:
        try:
            saved = game_service.confirm_team_answer(db, content, token, card.id, value,
                                                     expected_revision=revisions.get(card.id))
        except Conflict as exc:
            if exc.current is not None:  # the user now sees the teammate's answer; the next confirm may replace it
                revisions[card.id] = exc.current.revision
            raise
        revisions[card.id] = saved.revision
        flash(tr("game.play.confirmed"))
        request_focus("team_answer")
    else:
        game_service.submit_member_choice(db, content, token, card.id, value)
        flash(tr("game.play.choice_saved"))


def pulse_form(db, content: ContentBundle, token: str, game: GameContent, moment: str, saved: dict[str, int], *,
               collapsed: bool = False) -> None:
    """The awareness pulse (1-5 per statement) for ``before`` or ``after``; ``collapsed`` while a question is open."""
    current = lang()
    pulse = game.pulse
    done = all(f"{s.id}@{moment}" in saved for s in pulse.statements)
    with st.expander(tr(f"game.pulse.heading_{moment}"), expanded=not done and not collapsed,
                     key=f"game_pulse_{moment}_box"):
        if done:
            st.success(tr("game.pulse.thanks"), icon=":material/check_circle:")
        with st.form(f"game_pulse_{moment}"):
            st.markdown(pulse.intro.get(current))
            st.caption(tr("game.pulse.scale", low=pulse.low.get(current), high=pulse.high.get(current)))
            keys = {s.id: f"game_pulse_{moment}_{s.id}" for s in pulse.statements}
            for statement in pulse.statements:
                _seed(keys[statement.id], saved.get(f"{statement.id}@{moment}"))
                st.radio(statement.text.get(current), list(pulse.SCALE), index=None, horizontal=True,
                         key=keys[statement.id])
            st.form_submit_button(tr("game.pulse.submit"), key=f"game_pulse_{moment}_submit", on_click=_save_pulse,
                                  args=(db, content, token, moment, keys))


@game_guarded
def _save_pulse(db, content, token, moment, keys) -> None:
    scores = {sid: st.session_state.get(key) for sid, key in keys.items()}
    game_service.save_pulse(db, content, token, moment, {k: v for k, v in scores.items() if v is not None})
    flash(tr("game.pulse.saved"))


def team_screen(db, content: ContentBundle, token: str, view: game_service.TeamView) -> None:
    """A team's device: the facilitator's state, the answer form, and the live part."""
    game = game_of(content, view.content_id)
    st.markdown(tr("game.play.team", team=plain(view.team.name)))
    with st.container(key="game_screen"):
        shared_screen(game, view.state, view.card, None, view.board, show_options=False, key="game_team",
                      content=content, ethics_link=ethics_link_for(view.workshop, "app_pages/ethics.py", p=token))
        if view.state.open_card is not None and view.card is not None:
            answer_form(db, content, token, view, game)
    # The team's own live part (its answer, members' choices, bricks) is redrawn by the watcher itself
    # when a teammate saves: five devices re-read one team view instead of rerunning the whole page.
    team_topic = live.team(view.team.key)
    latest = {"view": view, "drawn": dict(view.live)}

    def team_part(now):
        shown = latest["view"]
        if live.changed(latest["drawn"], now, [team_topic]):
            shown = game_service.team_view(db, content, token)
            if shown.state.version != view.state.version:  # the game moved on as well: draw it all
                st.rerun()
            latest.update(view=shown, drawn=dict(shown.live))
        timer_line(shown.state)
        with st.container(key="game_team_live"):
            _team_live(shown, game)

    asking = view.state.effective_phase is Phase.QUESTION_OPEN
    watch(db, view.workshop.id, view.live, [t for t in view.watched if t != team_topic], view.state,
          every=EVERY["team_open" if asking else "team_idle"], tick=team_part)
    if view.state.effective_phase is Phase.FINISHED:
        finale(game, view.board, "game_team")
    elif view.state.show_leaderboard:
        leaderboard(game, view.board, "game_team_board")
    for moment in game_service.MOMENTS:
        if view.state.pulse_open(moment):
            pulse_form(db, content, token, game, moment, view.pulse,  # one input at a time: the question first
                       collapsed=view.state.effective_phase is Phase.QUESTION_OPEN)


def _team_live(view: game_service.TeamView, game: GameContent) -> None:
    state = view.state
    st.metric(tr("game.play.our_bricks", bricks=game.bricks.get(lang())), view.bricks)
    if view.card is not None and state.phase is not Phase.PAUSED:
        _, card = game.card(view.card.card_id)
        if view.answer is not None:
            with focus_point("team_answer"):
                st.success(tr("game.play.team_answer",
                              answer=plain(answer_text(game, card, view.answer.value, lang()))),
                           icon=":material/how_to_vote:")
        elif state.phase is Phase.QUESTION_OPEN:
            st.warning(tr("game.play.no_team_answer"), icon=":material/pending:")
        if view.choices is not None and view.choices.groups:
            lines = []
            for group in view.choices.groups:
                who = ", ".join(tr("game.play.member_you") if m == view.me else tr("game.play.member", n=m)
                                for m in group.members)
                lines.append(f"- {plain(who)}: {plain(answer_text(game, card, group.value, lang()))}")
            st.markdown(tr("game.play.choices") + "\n" + "\n".join(lines))
        bricks = view.card_bricks()
        if bricks is not None:
            st.markdown(tr("game.play.card_bricks", n=bricks))


def watch(db, workshop_id: int, drawn, topics, state: GameState, *, every: float, tick=None) -> None:
    """The game page's watcher (see :mod:`dshub.ui.live`): it also reruns when the question's timer runs
    out. Each tick draws ``tick(counters)``, by default the timer (it must not query unless the
    counters say its own part changed)."""
    deadline = state.deadline if state.effective_phase is Phase.QUESTION_OPEN else None
    live_ui.watch(db, workshop_id, drawn, topics, every=every, due=deadline,
                  tick=tick or (lambda _now: timer_line(state)), key="game_watch")


# --------------------------------------------------------------------------- console


@game_guarded
def _send(db, key: str, content: ContentBundle, command, version: int) -> None:
    """Send ``command`` (or, if callable, what it returns at click time) against the version the button showed."""
    game_service.send(db, key, content, command() if callable(command) else command, expected_version=version)


def command_button(db, key: str, content: ContentBundle, view: game_service.ConsoleView, command, *,
                   primary: bool = False, label: str | None = None, widget_key: str | None = None,
                   container=None, icon: str | None = None) -> None:
    """A button that sends ``command``, or ``functools.partial(make, CommandType)`` to make it when clicked."""
    name = command.args[0].name if isinstance(command, functools.partial) else command.name
    (container or st).button(label or tr(f"game.command.{name}"), key=widget_key or f"game_cmd_{name}", icon=icon,
                             type="primary" if primary else "secondary", on_click=_send,
                             args=(db, key, content, command, view.state.version))


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
        _phase_line(state)
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
    _seed("game_choose", view.content_id)
    if st.session_state["game_choose"] not in games:
        st.session_state["game_choose"] = view.content_id
    left, right = st.columns([3, 1], vertical_alignment="bottom")
    labels = {gid: tr("game.console.game_option", title=g.title.get(current), id=gid, rounds=len(g.rounds),
                      minutes=g.total_minutes()) for gid, g in games.items()}
    left.selectbox(tr("game.console.choose_game"), list(games), key="game_choose",
                   help=tr("game.console.choose_game.help"), format_func=labels.get)
    right.button(tr("game.console.use_game"), key="game_choose_use", on_click=_choose_game,
                 args=(db, key, content, view.state.version),
                 disabled=st.session_state["game_choose"] == view.content_id)


@game_guarded
def _choose_game(db, key: str, content: ContentBundle, version: int) -> None:
    chosen = game_service.choose_game(db, key, content, st.session_state["game_choose"], expected_version=version)
    flash(tr("game.console.game_chosen", title=game_of(content, chosen.content_id).title.get(lang())))


def _pause_and_board(db, key: str, content: ContentBundle, view: game_service.ConsoleView) -> None:
    state = view.state
    left, right = st.columns(2)
    with left:
        with st.form("game_pause_form", border=False):
            _seed("game_pause_message", tr("game.console.pause_default"))
            st.text_input(tr("game.console.pause_message"), max_chars=200, key="game_pause_message")
            label = tr("game.console.pause_update") if state.phase is Phase.PAUSED else tr("game.command.pause")
            st.form_submit_button(label, key="game_cmd_pause", on_click=_send, args=(
                db, key, content, functools.partial(_pause_command), state.version))
    with right:
        command_button(db, key, content, view, HideBoard() if state.show_leaderboard else ShowBoard(),
                       widget_key="game_cmd_board")
        if state.phase is not Phase.LOBBY:
            command_button(db, key, content, view, CloseEndPulse() if state.end_pulse_open else OpenEndPulse(),
                           widget_key="game_cmd_end_pulse")
        confirm = st.checkbox(tr("game.console.finish_confirm"), key="game_finish_confirm")
        if confirm:
            command_button(db, key, content, view, Finish())


def _pause_command() -> Pause:
    return Pause(message=st.session_state.get("game_pause_message", ""))


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
    movable = list(state.agenda[0 if state.phase is Phase.LOBBY else state.round_index + 1:])
    for round_id in state.agenda:
        rnd = game.round(round_id)
        status = ("current" if round_id == current_round else "skipped" if round_id in state.skipped
                  else "played" if round_id in played else "upcoming")
        with st.container(border=True, key=f"game_agenda_{round_id}"):
            slot = slots.get(round_id)
            when = (tr("game.console.planned_at", start=schedule.format_clock(slot.start),
                       end=schedule.format_clock(slot.end)) + " · ") if slot else ""
            kind = round_type_label(rnd)
            st.markdown(f"**{rnd.title.get(current)}** · " + (f"{kind} · " if kind else "") + when
                        + f"{tr('game.console.minutes', n=rnd.minutes)} · {tr(f'game.console.status.{status}')}")
            if round_id not in movable or state.phase is Phase.PAUSED:
                continue
            # A row that wraps: every button keeps its whole label in the narrow side column.
            row = st.container(horizontal=True, gap="small", key=f"game_agenda_actions_{round_id}")
            i = movable.index(round_id)
            if i > 0:
                command_button(db, key, content, view, Reorder(_swap(state.agenda, round_id, movable[i - 1])),
                               label=tr("game.console.up"), widget_key=f"game_agenda_up_{round_id}", container=row,
                               icon=":material/arrow_upward:")
            if i < len(movable) - 1:
                command_button(db, key, content, view, Reorder(_swap(state.agenda, round_id, movable[i + 1])),
                               label=tr("game.console.down"), widget_key=f"game_agenda_down_{round_id}",
                               container=row, icon=":material/arrow_downward:")
            if round_id not in state.skipped:
                command_button(db, key, content, view, SkipRound(round_id), label=tr("game.console.skip"),
                               widget_key=f"game_agenda_skip_{round_id}", container=row, icon=":material/skip_next:")
            else:
                command_button(db, key, content, view, UnskipRound(round_id),
                               widget_key=f"game_agenda_unskip_{round_id}", container=row, icon=":material/undo:")
            if phase in (Phase.INTRO, Phase.REVEALED):
                command_button(db, key, content, view, StartRound(round_id), label=tr("game.console.start_now"),
                               widget_key=f"game_agenda_start_{round_id}", container=row,
                               icon=":material/play_arrow:")


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
    st.time_input(tr("game.console.start_time"), value=None, key="game_start_time", step=300,  # None: clearable
                  help=tr("game.console.start_time.help"), on_change=_send,
                  args=(db, key, content, _start_command, state.version))


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
    slot = schedule.plan(state, minutes).get(state.agenda[state.round_index]) if state.effective_phase in (
        Phase.INTRO, Phase.QUESTION_OPEN, Phase.LOCKED, Phase.REVEALED) else None
    parts = [tr("game.console.now", now=schedule.format_clock(now))]
    if slot is not None:
        parts.append(tr("game.console.planned_at", start=schedule.format_clock(slot.start),
                        end=schedule.format_clock(slot.end)))
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


def bricks_panel(db, key: str, content: ContentBundle, view: game_service.ConsoleView, game: GameContent) -> None:
    """Award bricks for the reasoning on the dilemma on screen, per team, once the answers are locked."""
    card = view.card
    if card is None or view.state.effective_phase not in (Phase.LOCKED, Phase.REVEALED) or not view.board.teams:
        return
    _, content_card = game.card(card.card_id)
    if not isinstance(content_card, DilemmaCard):
        return
    with st.form("game_bricks_form"):
        st.markdown(f"#### {tr('game.console.award_heading')}")
        widgets = {}
        for team in view.board.teams:
            widgets[team.key] = f"game_award_{card.card_id}_{team.key}"
            _seed(widgets[team.key], view.awards.get(team.key, 0))
            st.number_input(plain(team.name), min_value=0, max_value=content_card.max_bricks, step=1,
                            key=widgets[team.key])
        st.form_submit_button(tr("game.console.save_bricks"), key="game_bricks_save", on_click=_save_awards,
                              args=(db, key, content, card.card_id, widgets))


@game_guarded
def _save_awards(db, key, content, card_id, widgets) -> None:
    values = {team: st.session_state.get(widget, 0) for team, widget in widgets.items()}
    game_service.award_bricks(db, key, content, card_id, values)
    flash(tr("game.console.bricks_saved"))


OVERALL = "__overall__"  # the correction panel's choice for a correction not tied to a card


def _card_label(game: GameContent, card_id: str) -> str:
    rnd, card = game.card(card_id)
    current = lang()
    index = next(i for i, c in enumerate(rnd.cards) if c.id == card_id)
    question = " ".join(card.question.get(current).split())
    question = question if len(question) <= 60 else question[:59] + "…"
    return tr("game.console.fix_card_option", round=rnd.title.get(current), n=index + 1, question=question)


def correction_panel(db, key: str, content: ContentBundle, view: game_service.ConsoleView, game: GameContent) -> None:
    """Correct a team's bricks for any revealed card (or the locked one on screen), or overall, with a reason."""
    teams = {t.key: t.name for t in view.board.teams}
    if not teams:
        return
    cards = view.correctable_cards()
    card_labels = {OVERALL: tr("game.console.fix_overall"), **{c: _card_label(game, c) for c in cards}}
    on_screen = view.card.card_id if view.card is not None and view.card.card_id in cards else OVERALL
    if st.session_state.get("game_fix_card_for") != on_screen:  # a new card on screen: offer that card first
        st.session_state["game_fix_card_for"] = on_screen
        st.session_state["game_fix_card"] = on_screen
    if st.session_state.get("game_fix_card") not in card_labels:
        st.session_state["game_fix_card"] = on_screen
    if st.session_state.get("game_fix_team") not in teams:
        st.session_state["game_fix_team"] = next(iter(teams))
    with st.expander(tr("game.console.fix_heading"), key="game_fix_box",
                     expanded=view.state.effective_phase in (Phase.LOCKED, Phase.REVEALED, Phase.FINISHED)):
        st.caption(tr("game.console.fix_help", max=game_service.MAX_CORRECTION))
        left, right = st.columns(2)
        left.selectbox(tr("game.table.team"), list(teams), format_func=teams.get, key="game_fix_team")
        right.selectbox(tr("game.console.fix_card"), list(card_labels), format_func=card_labels.get,
                        key="game_fix_card")
        team, card_id = st.session_state["game_fix_team"], st.session_state["game_fix_card"]
        current = next((a for a in view.adjustments if a.team == team
                        and a.card_id == (None if card_id == OVERALL else card_id)), None)
        st.caption(tr("game.console.fix_current", bricks=f"{current.bricks:+d}", reason=plain(current.reason or "–"))
                   if current else tr("game.console.fix_none"))
        left, right = st.columns([1, 3])
        left.number_input(tr("game.console.fix_amount"), min_value=-game_service.MAX_CORRECTION,
                          max_value=game_service.MAX_CORRECTION, step=1, key="game_fix_amount")
        right.text_input(tr("game.console.fix_reason"), max_chars=game_service.MAX_REASON, key="game_fix_reason")
        st.button(tr("game.console.fix_save"), key="game_fix_save", on_click=_save_correction,
                  args=(db, key, content))
        if view.adjustments:
            rows = [{tr("game.table.team"): teams.get(a.team, a.team),
                     tr("game.console.fix_card"): card_labels.get(a.card_id or OVERALL) or _card_label(game, a.card_id),
                     tr("game.table.bricks_short"): a.bricks,
                     tr("game.console.fix_reason"): a.reason} for a in view.adjustments]
            st.dataframe(rows, hide_index=True, key="game_fix_list")


@game_guarded
def _save_correction(db, key: str, content: ContentBundle) -> None:
    state = st.session_state
    card_id = state.get("game_fix_card")
    game_service.correct_bricks(db, key, content, {state["game_fix_team"]: int(state.get("game_fix_amount") or 0)},
                                None if card_id in (None, OVERALL) else card_id,
                                reason=state.get("game_fix_reason") or "")
    state["game_fix_reason"] = ""
    flash(tr("game.console.bricks_saved"))


def restart_panel(db, key: str, content: ContentBundle, *, version: int | None = None, expanded: bool = False) -> None:
    """Restart the game from the lobby (after the game file changed, or to play again), after a confirmation."""
    with st.expander(tr("game.console.restart_heading"), expanded=expanded, key="game_restart_box"):
        st.markdown(tr("game.console.restart_help"))
        confirmed = st.checkbox(tr("game.console.restart_confirm"), key="game_restart_confirm")
        st.button(tr("game.console.restart"), key="game_restart", type="primary" if expanded else "secondary",
                  disabled=not confirmed, on_click=_restart, args=(db, key, content, version))


@game_guarded
def _restart(db, key: str, content: ContentBundle, version: int | None) -> None:
    if not st.session_state.get("game_restart_confirm"):
        return
    game_service.restart_game(db, key, content, expected_version=version)
    st.session_state["game_restart_confirm"] = False
    flash(tr("game.console.restarted"))


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
    st.toggle(tr("game.console.board_view"), key=BOARD_VIEW, on_change=sync_board_view,
              help=None if board else tr("game.console.board_view.help"))  # the projector shows only the game


def presenter_url(key: str) -> str:
    """The console in the presenter mode, in this language: for the projector's tab. It holds the
    facilitator key (the facilitator's own laptop opens it); the presenter never shows it."""
    return f"{base_url()}/{CONSOLE_PATH}?{urlencode({'key': key, 'view': 'board', 'lang': lang()})}"


def presenter_link(key: str) -> None:
    """On the console: open the presenter mode in a new tab (to drag to the projector)."""
    st.link_button(tr("game.console.presenter_open"), presenter_url(key), icon=":material/open_in_new:",
                   help=tr("game.console.presenter_open.help"), key="game_presenter_link")


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
    with side:
        watch(db, view.workshop.id, view.live, view.watched, state, every=EVERY["console"],
              tick=lambda _now: (timer_line(state), schedule_line(view, game)))
        _console_live(view, game)
        agenda_editor(db, key, content, view, game)
        if state.phase is not Phase.LOBBY:
            restart_panel(db, key, content, version=state.version)
    with main, st.container(key="game_screen"):
        if state.effective_phase is Phase.INTRO:
            rnd = game.round(state.agenda[state.round_index])
            if rnd.facilitator:
                st.info(rnd.facilitator.get(lang()), icon=":material/tips_and_updates:")
        shared_screen(game, state, view.card, view.answers, view.board, show_options=True, key="game_console",
                      content=content,
                      ethics_link=ethics_link_for(view.workshop, "app_pages/ethics_overview.py", key=key))
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
