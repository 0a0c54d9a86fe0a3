"""The game screen every role sees: round header, card, reveal, answers, bricks, standings, finale."""

from __future__ import annotations

import re
from typing import Any

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
from dshub.ethics.content import EthicsContent
from dshub.game.content import (
    ChoiceCard,
    DataCaseCard,
    DilemmaCard,
    EstimateCard,
    GameContent,
    LookCloserCard,
)
from dshub.game.state import (
    GameState,
    Phase,
)
from dshub.services import game as game_service
from dshub.ui.core import (
    lang,
    page_link,
    plain,
    tr,
)
from dshub.ui.game.common import answer_text, chart, frozen

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
    st.caption(
        tr("game.screen.round", n=number, total=len(playable), type=kind)
        if kind
        else tr("game.screen.round_number", n=number, total=len(playable))
    )
    st.header(rnd.title.get(lang()))


def card_panel(
    game: GameContent, ref: game_service.CardRef, *, show_options: bool, key: str, font_size: int = FONT_SIZE
) -> None:
    """The question on screen; a look-closer chart as drawn and, after the reveal, corrected."""
    rnd, card = game.card(ref.card_id)
    current = lang()
    st.caption(tr("game.screen.card", n=ref.index + 1, total=len(rnd.cards)))
    if isinstance(card, DilemmaCard):
        st.markdown(card.situation.get(current))
    assert card.question is not None  # loaded content: GameContent.resolve() gave each data case its question
    st.subheader(card.question.get(current))
    if isinstance(card, DataCaseCard) and card.context:
        st.markdown(card.context.get(current))
    if isinstance(card, EstimateCard):
        st.caption(tr("game.screen.unit", unit=card.unit.get(current)))
    if isinstance(card, LookCloserCard):
        for corrected in (False, True) if ref.revealed else (False,):
            chart(
                lambda corrected=corrected: (
                    look_closer_figure(card.chart, current, corrected=corrected, font_size=font_size),
                    look_closer_table(card.chart, current, corrected=corrected),
                    look_closer_summary(card.chart, current, corrected=corrected),
                ),
                f"{key}_corrected" if corrected else f"{key}_chart",
                same_as=("look_closer", game.id, game.version, card.id, corrected),
                font_size=font_size,
            )
    if show_options and isinstance(card, ChoiceCard):
        st.markdown("\n".join(f"- {o.text.get(current)}" for o in card.options))
    if show_options and isinstance(card, DataCaseCard):
        st.markdown("\n".join(f"- {game.dataset(d).name.get(current)}" for d in card.deck))


def dataset_caption(game: GameContent, dataset_id: str) -> str:
    ds = game.dataset(dataset_id)
    current = lang()
    return " · ".join(
        [
            ds.owner.get(current),
            tr(f"game.personal_data.{ds.personal_data}"),
            tr(f"game.quality.{ds.quality}"),
            tr(f"game.availability.{ds.availability}"),
        ]
    )


def reveal_panel(
    game: GameContent,
    ref: game_service.CardRef,
    answers: dict[str, Any] | None,
    names: dict[str, str],
    key: str,
    *,
    content: ContentBundle | None = None,
    ethics_link: EthicsLink | None = None,
    font_size: int = FONT_SIZE,
) -> None:
    """After the reveal: what the teams answered against the key (``answers``: all teams), and the explanation.

    A dilemma also names the ethics assistant's themes it leads into (``ethics_link``: where to continue).
    """
    _, card = game.card(ref.card_id)
    current = lang()
    if answers is not None:
        chart(
            lambda: (
                answer_distribution_figure(
                    game, card.id, answers, current, reveal=True, team_names=names, font_size=font_size
                ),
                answer_distribution_table(game, card.id, answers, current, reveal=True, team_names=names),
                answer_distribution_summary(game, card.id, answers, current, reveal=True),
            ),
            f"{key}_distribution",
            font_size=font_size,
            same_as=("distribution", game.id, game.version, card.id, frozen(answers), frozen(names)),
        )
    st.markdown(f"#### {tr('game.screen.key')}")
    if isinstance(card, ChoiceCard):
        st.markdown("\n".join(f"- ✓ {o.text.get(current)}" for o in card.options if o.id in card.correct))
    elif isinstance(card, EstimateCard):
        st.markdown(
            tr("game.screen.true_value", value=format_number(card.answer, current), unit=card.unit.get(current))
        )
        source = card.source
        assert source is not None  # EstimateCard._check: every estimate names its source
        parts = [source.text.get(current)] + ([str(source.year)] if source.year else [])
        st.caption(tr("game.screen.source", source=", ".join(parts)) + (f" — {source.url}" if source.url else ""))
        if card.note:
            st.caption(card.note.get(current))
    elif isinstance(card, DataCaseCard):
        verdicts = {k.dataset: k for k in card.key}
        st.markdown(
            "\n".join(
                f"- **{game.dataset(d).name.get(current)}**: {tr(f'game.verdict.{verdicts[d].verdict}')} "
                f"— {verdicts[d].reason.get(current)}"
                for d in card.deck
            )
        )
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
            page_link(link[0], label=tr("game.ethics.open"), icon=":material/arrow_forward:", **link[1])


def answers_table(game: GameContent, card_id: str, answers: dict[str, Any], board: game_service.Board) -> None:
    """Per team: its confirmed answer (and its bricks for the card once revealed), as plain text."""
    _, card = game.card(card_id)
    scored = board.results.by_card.get(card_id)
    rows = [
        {
            tr("game.table.team"): team.name,
            tr("game.table.answer"): answer_text(game, card, answers.get(team.key), lang()),
            **({tr("game.table.bricks"): scored.get(team.key, 0)} if scored is not None else {}),
        }
        for team in board.teams
    ]
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
    chart(
        lambda: (
            bricks_board_figure(game, board.results, current, board.names, font_size=font_size),
            bricks_board_table(game, board.results, current, board.names),
            bricks_board_summary(game, board.results, current, board.names),
        ),
        key,
        font_size=font_size,
        same_as=("bricks", game.id, game.version, repr(board.results), frozen(board.names)),
    )


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
        chart(
            lambda: (
                pulse_figure(game.pulse, board.pulse_before, board.pulse_after, current, font_size=font_size),
                pulse_table(game.pulse, board.pulse_before, board.pulse_after, current),
                pulse_figure_summary(game.pulse, board.pulse_before, board.pulse_after, current),
            ),
            f"{key}_pulse",
            font_size=font_size,
            same_as=("pulse", game.id, game.version, frozen(board.pulse_before), frozen(board.pulse_after)),
        )


def pulse_line(board: game_service.Board, state: GameState) -> None:
    """How many people gave the awareness pulse so far, and which pulse is open."""

    def people(scores: dict[str, list[int]]) -> int:
        return max((len(v) for v in scores.values()), default=0)

    open_now = [tr(f"game.pulse.open_{m}") for m in game_service.MOMENTS if state.pulse_open(m)]
    st.caption(
        tr(
            "game.pulse.count",
            before=people(board.pulse_before),
            after=people(board.pulse_after),
            open=", ".join(open_now) or tr("game.pulse.none_open"),
        )
    )


def phase_line(state) -> None:
    st.caption(tr("game.screen.phase", phase=tr(f"game.phase.{state.effective_phase.value}")))


def shared_screen(
    game: GameContent,
    state,
    card: game_service.CardRef | None,
    answers: dict[str, Any] | None,
    board: game_service.Board,
    *,
    show_options: bool,
    key: str,
    content: ContentBundle | None = None,
    ethics_link: EthicsLink | None = None,
    font_size: int = FONT_SIZE,
) -> None:
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
            reveal_panel(
                game, card, answers, board.names, key, content=content, ethics_link=ethics_link, font_size=font_size
            )
        elif phase is Phase.LOCKED:
            st.info(tr("game.screen.locked"), icon=":material/lock:")
