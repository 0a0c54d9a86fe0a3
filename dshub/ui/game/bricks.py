"""The console's bricks: awards per card and corrections with a reason."""

from __future__ import annotations

import streamlit as st

from dshub.content import ContentBundle
from dshub.game.content import (
    DilemmaCard,
    GameContent,
)
from dshub.game.state import (
    Phase,
)
from dshub.services import game as game_service
from dshub.ui.core import (
    flash,
    label_of,
    lang,
    plain,
    tr,
)
from dshub.ui.game.common import game_guarded, seed


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
            seed(widgets[team.key], view.awards.get(team.key, 0))
            st.number_input(
                plain(team.name), min_value=0, max_value=content_card.max_bricks, step=1, key=widgets[team.key]
            )
        st.form_submit_button(
            tr("game.console.save_bricks"),
            key="game_bricks_save",
            on_click=_save_awards,
            args=(db, key, content, card.card_id, widgets),
        )


@game_guarded
def _save_awards(db, key, content, card_id, widgets) -> None:
    values = {team: st.session_state.get(widget, 0) for team, widget in widgets.items()}
    game_service.award_bricks(db, key, content, card_id, values)
    flash(tr("game.console.bricks_saved"))


OVERALL = "__overall__"  # the correction panel's choice for a correction not tied to a card


def _card_label(game: GameContent, card_id: str) -> str:
    rnd, card = game.card(card_id)
    current = lang()
    index = [c.id for c in rnd.cards].index(card_id)
    assert card.question is not None  # loaded content: GameContent.resolve() gave each data case its question
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
    with st.expander(
        tr("game.console.fix_heading"),
        key="game_fix_box",
        expanded=view.state.effective_phase in (Phase.LOCKED, Phase.REVEALED, Phase.FINISHED),
    ):
        st.caption(tr("game.console.fix_help", max=game_service.MAX_CORRECTION))
        left, right = st.columns(2)
        left.selectbox(tr("game.table.team"), list(teams), format_func=label_of(teams), key="game_fix_team")
        right.selectbox(
            tr("game.console.fix_card"), list(card_labels), format_func=label_of(card_labels), key="game_fix_card"
        )
        team, card_id = st.session_state["game_fix_team"], st.session_state["game_fix_card"]
        current = next(
            (a for a in view.adjustments if a.team == team and a.card_id == (None if card_id == OVERALL else card_id)),
            None,
        )
        st.caption(
            tr("game.console.fix_current", bricks=f"{current.bricks:+d}", reason=plain(current.reason or "–"))
            if current
            else tr("game.console.fix_none")
        )
        left, right = st.columns([1, 3])
        left.number_input(
            tr("game.console.fix_amount"),
            min_value=-game_service.MAX_CORRECTION,
            max_value=game_service.MAX_CORRECTION,
            step=1,
            key="game_fix_amount",
        )
        right.text_input(tr("game.console.fix_reason"), max_chars=game_service.MAX_REASON, key="game_fix_reason")
        st.button(tr("game.console.fix_save"), key="game_fix_save", on_click=_save_correction, args=(db, key, content))
        if view.adjustments:
            rows = [
                {
                    tr("game.table.team"): teams.get(a.team, a.team),
                    tr("game.console.fix_card"): card_labels[OVERALL]
                    if a.card_id is None
                    else card_labels.get(a.card_id) or _card_label(game, a.card_id),
                    tr("game.table.bricks_short"): a.bricks,
                    tr("game.console.fix_reason"): a.reason,
                }
                for a in view.adjustments
            ]
            st.dataframe(rows, hide_index=True, key="game_fix_list")


@game_guarded
def _save_correction(db, key: str, content: ContentBundle) -> None:
    state = st.session_state
    card_id = state.get("game_fix_card")
    game_service.correct_bricks(
        db,
        key,
        content,
        {state["game_fix_team"]: int(state.get("game_fix_amount") or 0)},
        None if card_id in (None, OVERALL) else card_id,
        reason=state.get("game_fix_reason") or "",
    )
    state["game_fix_reason"] = ""
    flash(tr("game.console.bricks_saved"))
