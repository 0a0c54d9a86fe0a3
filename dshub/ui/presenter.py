"""The presenter mode: the game console's board view, full screen on the projector.

One 16:9 screen per phase, readable from the back of the room and without scrolling at
1280×720 and 1920×1080 (``presenter.css`` sizes the type to the window and hides the app's
sidebar, header and toolbar; app.py leaves out the language switch):

* the lobby and each round's introduction: the join code, a QR code and the short join link,
  and the teams as they arrive;
* a question: the question (with its chart or options), how many teams answered, the timer;
* after the reveal: the answer, the answer distribution and the standings;
* at the end: the podium, the standings and the awareness pulse before and after.

It is drawn from the console's view model (:class:`dshub.services.game.ConsoleView`) and
refreshes like the console: one watcher (``game_watch``) that reruns the page only when the
game, the board or the pulse moved, and otherwise redraws the timer. Nothing here reads
the database.

The projected page never shows the facilitator key: the join link and the QR code carry
only the join code.
"""

from __future__ import annotations

import html
from typing import Any
from urllib.parse import urlsplit

import streamlit as st

from dshub.charts.game import (
    VERDICT_MARKS,
    answer_distribution_figure,
    answer_distribution_summary,
    answer_distribution_table,
    format_number,
    look_closer_figure,
    look_closer_summary,
    look_closer_table,
    pulse_figure,
    pulse_figure_summary,
    pulse_table,
)
from dshub.content import ContentBundle
from dshub.game.content import (
    VOTES,
    ChoiceCard,
    DataCaseCard,
    DilemmaCard,
    EstimateCard,
    GameContent,
    LookCloserCard,
)
from dshub.game.state import GameState, Phase
from dshub.i18n import plural
from dshub.services import game as game_service
from dshub.services import workshops
from dshub.ui.core import base_url, lang, lang_param, plain, tr
from dshub.ui.game import EVERY, board_toggle, chart, frozen, game_of, markdown_text, timer_line, watch
from dshub.ui.workshop import join_code, qr_png

FONT_SIZE = 20  # the charts' type, in pixels (the page's type grows with the window; a chart's does not)
CHART_HEIGHT = 420  # pixels: a chart beside the text, below a question of two lines, at 1280×720
REVEAL_HEIGHT = 380  # pixels: the answers after the reveal, below a question of two lines, above the standings
PULSE_HEIGHT = 400  # pixels: the pulse below the podium
QUESTION_LINE = 64  # characters: a question this long stays on one line (the type grows with the width)
VERDICTS = ("useful", "with_care", "not_useful", "no_need")


def presenter_screen(db, content: ContentBundle, view: game_service.ConsoleView) -> None:
    """The game for the projector, for the phase it is in, and the switch back to the console."""
    game = game_of(content, view.content_id)
    state = view.state
    phase = state.effective_phase

    def live(timer: bool = True) -> None:  # the page's one watcher; it draws the timer where it is called
        watch(
            db,
            view.workshop.id,
            view.live,
            view.watched,
            state,
            every=EVERY["board"],
            tick=lambda _now: timer_line(state, heading=False) if timer else None,
        )

    with st.container(key="game_board"):
        if state.phase is Phase.PAUSED:
            _paused(state, live)
        elif phase is Phase.LOBBY:
            _lobby(game, view, live)
        elif phase is Phase.INTRO:
            _intro(game, view, live)
        elif phase is Phase.FINISHED:
            _finished(game, view, live)
        elif view.card is not None and view.card.revealed:
            _revealed(game, view, live)
        elif view.card is not None:
            _question(game, view, live)
        else:  # pragma: no cover - every phase is handled above
            live()
    board_toggle(board=True)


# --------------------------------------------------------------------------- joining


def short_link(join_url: str) -> str:
    """The join page's address as people type it: no ``https://``, no code (they type the code there)."""
    parts = urlsplit(join_url)
    return f"{parts.netloc}{parts.path}"


def _join_panel(view: game_service.ConsoleView, *, compact: bool) -> None:
    """How to join: the short link, the code and a QR code (which carries the code; never the facilitator key)."""
    ws = view.workshop
    with st.container(key="game_present_join_compact" if compact else "game_present_join"):
        st.header(tr("game.present.join"), anchor=False)
        if not ws.is_open:
            st.markdown(f":material/lock: {tr('game.present.closed')}")
            return
        join_url = workshops.build_links(base_url(), ws.code, lang=lang_param().get("lang")).join_url
        text, qr = (st.container(), st.container()) if compact else st.columns([3, 2], vertical_alignment="center")
        with text:
            link = html.escape(short_link(join_url))
            st.markdown(
                tr("game.present.go_to", link=f"<span class='dshub-present-link'>{link}</span>"), unsafe_allow_html=True
            )
            join_code(ws.code)
        with qr, st.container(key="game_present_qr"):
            st.image(qr_png(join_url), alt=tr("game.present.qr_alt", code=" ".join(ws.code)))


def _chips(names: list[str]) -> None:
    """Team names as a wrapping list of labels (teams' own names, shown literally)."""
    items = "".join(f"<li>{html.escape(name)}</li>" for name in names)
    st.html(f"<ul class='dshub-chips'>{items}</ul>")


def _arrivals(board: game_service.Board) -> None:
    """The teams as they arrive (in the order they joined)."""
    with st.container(key="game_present_teams"):
        n = len(board.teams)
        st.header(plural("game.present.teams", lang(), n), anchor=False)
        if board.teams:
            _chips([t.name for t in board.teams])
        else:
            st.markdown(tr("game.present.no_teams"))


def _lobby(game: GameContent, view: game_service.ConsoleView, live) -> None:
    st.title(game.title.get(lang()), anchor=False)
    _join_panel(view, compact=False)
    _arrivals(view.board)
    live()


def _intro(game: GameContent, view: game_service.ConsoleView, live) -> None:
    """Between rounds: the round's introduction, and the way in for a team that comes late."""
    state = view.state
    round_id = state.agenda[state.round_index]
    rnd = game.round(round_id)
    _round_line(game, state, round_id)
    st.title(rnd.title.get(lang()), anchor=False)
    left, right = st.columns([3, 2], gap="large")
    with left:
        with st.container(key="game_present_intro"):
            st.markdown(rnd.intro.get(lang()))
        if state.show_leaderboard:
            _standings(game, view.board)
        else:
            _arrivals(view.board)
    with right:
        _join_panel(view, compact=True)
    live()


# --------------------------------------------------------------------------- a question


def _round_line(game: GameContent, state: GameState, round_id: str, card: game_service.CardRef | None = None) -> None:
    """Round n of N (· the round's title · question n of N, above a question rather than the round's title)."""
    playable = [r for r in state.agenda if r not in state.skipped]
    number = playable.index(round_id) + 1 if round_id in playable else 0
    rnd = game.round(round_id)
    parts = [tr("game.screen.round_number", n=number, total=len(playable))]
    if card is not None:
        parts += [rnd.title.get(lang()), tr("game.screen.card", n=card.index + 1, total=len(rnd.cards))]
    st.caption(" · ".join(parts))


def _question_head(game: GameContent, view: game_service.ConsoleView) -> Any:
    ref = view.card
    assert ref is not None  # presenter_screen() draws a question only while a card is on screen
    _, card = game.card(ref.card_id)
    _round_line(game, view.state, ref.round_id, ref)
    if isinstance(card, DilemmaCard) and not ref.revealed:  # after the reveal the question says enough
        st.markdown(card.situation.get(lang()))
    assert card.question is not None  # a data case takes its question from the catalogue on load (resolve)
    st.title(card.question.get(lang()), anchor=False)
    return card


def _options(game: GameContent, card: Any) -> None:
    current = lang()
    with st.container(key="game_present_options"):
        if isinstance(card, ChoiceCard):
            st.markdown("\n".join(f"- {o.text.get(current)}" for o in card.options))
        elif isinstance(card, DataCaseCard):
            if card.context:
                st.markdown(card.context.get(current))
            st.markdown("\n".join(f"- {game.dataset(d).name.get(current)}" for d in card.deck))
        elif isinstance(card, EstimateCard):
            st.markdown(tr("game.screen.unit", unit=card.unit.get(current)))
        elif isinstance(card, DilemmaCard):
            st.markdown("\n".join(f"- {tr(f'game.vote.{v}')}" for v in VOTES))


def _status(view: game_service.ConsoleView, live) -> None:
    """How many teams answered, the timer (drawn by the watcher) and who is still thinking."""
    board = view.board
    with st.container(border=True, key="game_present_status"):
        st.markdown(tr("game.board.answered_count", n=len(board.answered), total=len(board.teams)))
        live()
        if view.state.effective_phase is Phase.LOCKED:
            st.markdown(f":material/lock: {tr('game.screen.locked')}")
            return
        waiting = [t.name for t in board.teams if t.key not in board.answered]
        if waiting:
            st.caption(tr("game.board.waiting_for", teams=plain(", ".join(waiting))))


def _question(game: GameContent, view: game_service.ConsoleView, live) -> None:
    """An open (or locked) question: the question, its chart or options, and who answered."""
    card = _question_head(game, view)
    current = lang()
    if isinstance(card, LookCloserCard):
        left, right = st.columns([3, 2], gap="large")
        with left:
            chart(
                lambda: (
                    look_closer_figure(card.chart, current, font_size=FONT_SIZE),
                    look_closer_table(card.chart, current),
                    look_closer_summary(card.chart, current),
                ),
                "game_board_chart",
                same_as=("look_closer", game.id, game.version, card.id, False),
                font_size=FONT_SIZE,
                height=CHART_HEIGHT,
            )
        with right:
            _options(game, card)
            _status(view, live)
        return
    left, right = st.columns([3, 2], gap="large")
    with left:
        _options(game, card)
    with right:
        _status(view, live)


# --------------------------------------------------------------------------- after the reveal


def _key(game: GameContent, card: Any) -> None:
    """The answer, short: the right options, the true value, what the marks mean, or what to weigh."""
    current = lang()
    with st.container(key="game_present_key"):
        st.header(tr("game.screen.key"), anchor=False)
        if isinstance(card, ChoiceCard):
            st.markdown("\n".join(f"- ✓ {o.text.get(current)}" for o in card.options if o.id in card.correct))
        elif isinstance(card, EstimateCard):
            st.markdown(
                tr("game.screen.true_value", value=format_number(card.answer, current), unit=card.unit.get(current))
            )
            source = card.source
            if source is not None:  # a source is optional in the content
                st.caption(
                    tr(
                        "game.screen.source",
                        source=", ".join([source.text.get(current)] + ([str(source.year)] if source.year else [])),
                    )
                )
        elif isinstance(card, DataCaseCard):  # the chart marks every dataset with the key's verdict
            used = set(card.verdicts().values())
            st.markdown("\n".join(f"- {VERDICT_MARKS[v]} {tr(f'game.verdict.{v}')}" for v in VERDICTS if v in used))
        elif isinstance(card, DilemmaCard):
            with st.container(key="game_present_considerations"):
                st.markdown("\n".join(f"- {c.get(current)}" for c in card.considerations))


def _reveal_height(card: Any) -> int:
    """The answers' chart after the reveal: what a question of one line or two leaves above the standings."""
    return REVEAL_HEIGHT + (40 if len(card.question.get(lang())) <= QUESTION_LINE else 0)


def _chart_font(rows: int) -> int:
    """The charts' type in pixels: smaller when many rows share the height."""
    return FONT_SIZE if rows <= 6 else FONT_SIZE - 2


def _revealed(game: GameContent, view: game_service.ConsoleView, live) -> None:
    """What the teams answered against the key; beside it the explanation and the standings."""
    card = _question_head(game, view)
    current = lang()
    answers, names = view.answers, view.board.names
    rows = (
        len(names)
        if isinstance(card, EstimateCard)
        else len(card.deck)
        if isinstance(card, DataCaseCard)
        else len(card.options)
        if isinstance(card, ChoiceCard)
        else 3
    )
    font = _chart_font(rows)
    # Three short votes need less room than options or datasets; what to weigh needs more.
    left, right = st.columns([1, 1] if isinstance(card, DilemmaCard) else [3, 2], gap="large")
    with left:
        chart(
            lambda: (
                answer_distribution_figure(
                    game, card.id, answers, current, reveal=True, team_names=names, font_size=font, counts_only=True
                ),
                answer_distribution_table(game, card.id, answers, current, reveal=True, team_names=names),
                answer_distribution_summary(game, card.id, answers, current, reveal=True),
            ),
            "game_board_distribution",
            font_size=font,
            height=_reveal_height(card),
            same_as=("distribution", game.id, game.version, card.id, frozen(answers), frozen(names)),
        )
    with right, st.container(key="game_present_answer"):
        _key(game, card)
        st.info(markdown_text(card.reveal.get(current)), icon=":material/lightbulb:")
    _standings(game, view.board)
    live()


def _standings(game: GameContent, board: game_service.Board) -> None:
    """Every team by its bricks, best first: rank, name and bricks as text, in rows that wrap (to fit)."""
    with st.container(key="game_present_standings"):
        st.header(tr("game.chart.board_title", bricks=game.bricks.get(lang())), anchor=False)
        if not board.teams:
            st.markdown(tr("game.present.no_teams"))
            return
        items = "".join(
            f"<li><span class='dshub-rank'>{s.rank}.</span> {html.escape(board.names.get(s.team, ''))} "
            f"<span class='dshub-bricks'>{s.bricks}</span></li>"
            for s in board.results.leaderboard()
        )
        st.html(f"<ol class='dshub-chips dshub-standings'>{items}</ol>")


# --------------------------------------------------------------------------- pause and the end


def _paused(state: GameState, live) -> None:
    st.title(f":material/pause_circle: {tr('game.screen.paused')}", anchor=False)
    with st.container(key="game_present_pause"):
        if state.pause_message:
            st.markdown(plain(state.pause_message))
        live()


def _finished(game: GameContent, view: game_service.ConsoleView, live) -> None:
    """The podium, and the awareness pulse at the start and the end of the day."""
    board = view.board
    current = lang()
    st.title(tr("game.board.podium"), anchor=False)
    if not board.teams:
        st.markdown(tr("game.present.no_teams"))
    podium = board.results.podium()
    if podium:
        columns = st.columns(min(len(podium), 4))  # a tie can put more than three teams on the podium
        for i, standing in enumerate(podium):
            with columns[i % len(columns)].container(border=True, key=f"game_board_podium_{standing.team}"):
                st.markdown(
                    f"**{tr('game.board.place', rank=standing.rank)}** · " + tr("game.board.bricks", n=standing.bricks)
                )
                st.markdown(f"**{plain(board.names.get(standing.team, ''))}**")
    st.header(tr("game.chart.pulse_title"), anchor=False)
    if board.pulse_before or board.pulse_after:
        before, after = board.pulse_before, board.pulse_after
        font = _chart_font(len(game.pulse.statements))

        def make():
            fig = pulse_figure(game.pulse, before, after, current, font_size=font)
            fig.update_layout(legend={"orientation": "h", "x": 0, "y": 1.02, "yanchor": "bottom"})  # clear of the axis
            return (
                fig,
                pulse_table(game.pulse, before, after, current),
                pulse_figure_summary(game.pulse, before, after, current),
            )

        chart(
            make,
            "game_board_pulse",
            font_size=font,
            height=PULSE_HEIGHT,
            same_as=("pulse", game.id, game.version, frozen(before), frozen(after)),
        )
    else:
        st.markdown(tr("game.present.no_pulse"))
    live(timer=False)
