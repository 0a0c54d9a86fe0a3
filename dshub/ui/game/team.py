"""The team page: the shared screen, the team's answer form and the awareness pulse."""

from __future__ import annotations

from typing import Any

import streamlit as st

from dshub.content import ContentBundle
from dshub.errors import Conflict
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
    Phase,
)
from dshub.services import game as game_service
from dshub.services import live
from dshub.services.records import CONFIRM_EXPECTED
from dshub.store.answers import SavedAnswer
from dshub.ui.core import (
    flash,
    focus_point,
    lang,
    plain,
    request_focus,
    tr,
)
from dshub.ui.game.common import (
    EVERY,
    answer_text,
    game_guarded,
    game_of,
    seed,
    timer_line,
    watch,
)
from dshub.ui.game.shared import (
    dataset_caption,
    ethics_link_for,
    finale,
    leaderboard,
    shared_screen,
)
from dshub.ui.record import Record

# --------------------------------------------------------------------------- team page


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
                seed(_answer_key(card, option.id), option.id in default.get("options", []))
                st.checkbox(texts[option.id], key=_answer_key(card, option.id))
        else:
            seed(_answer_key(card, "option"), (default.get("options") or [None])[0])
            st.radio(
                tr("game.play.pick_one"),
                list(texts),
                index=None,
                format_func=texts.get,
                key=_answer_key(card, "option"),
            )
        if isinstance(card, LookCloserCard) and card.allow_text:
            seed(_answer_key(card, "text"), default.get("text", ""))
            st.text_input(tr("game.play.own_words"), max_chars=MAX_TEXT, key=_answer_key(card, "text"))
    elif isinstance(card, EstimateCard):
        seed(_answer_key(card, "value"), default.get("value"))
        st.number_input(
            tr("game.play.guess", unit=card.unit.get(current)),
            min_value=0.0,
            value=None,
            step=1.0 if card.integer else 0.1,
            format="%.0f" if card.integer else "%.2f",
            key=_answer_key(card, "value"),
        )
    elif isinstance(card, DataCaseCard):
        st.markdown(tr("game.play.pick_datasets", max=card.max_choices or len(card.deck)))
        # Compact for phones (a bordered box per dataset made this card 4,000 px tall at 375 px):
        # the name to tick, then what it holds and its facts in small type.
        for dataset_id in card.deck:
            ds = game.dataset(dataset_id)
            seed(_answer_key(card, dataset_id), dataset_id in default.get("datasets", []))
            st.checkbox(f"**{ds.name.get(current)}**", key=_answer_key(card, dataset_id))
            st.caption(f"{ds.description.get(current)} ({dataset_caption(game, dataset_id)})")
    elif isinstance(card, DilemmaCard):
        votes = {v: tr(f"game.vote.{v}") for v in VOTES}
        seed(_answer_key(card, "vote"), default.get("vote"))
        st.radio(
            tr("game.play.vote"),
            list(votes),
            index=None,
            format_func=votes.get,
            horizontal=True,
            key=_answer_key(card, "vote"),
        )
        seed(_answer_key(card, "argument"), default.get("argument", ""))
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


# The team's answer is a shared record (dshub.ui.record): a confirm passes the revision this screen was
# drawn with; a refused confirm names the teammate's confirmed answer, which the redrawn form then shows.
RECORD = Record("game_team", CONFIRM_EXPECTED, "game.play")


def answer_form(db, content: ContentBundle, token: str, view: game_service.TeamView, game: GameContent) -> None:
    """Each member's choice and the team's confirmed answer for the open card (``view.card`` is set)."""
    assert view.card is not None  # team_screen draws the form only while a card is open
    _, card = game.card(view.card.card_id)
    # The revision of the team answer this screen was drawn with: confirming over a newer one is refused once.
    RECORD.seen()[card.id] = view.answer.revision if view.answer else 0
    default = view.answer.value if view.answer else view.my_choice
    with st.form("game_answer_form"):
        _answer_inputs(game, card, default)
        st.caption(tr("game.play.form_help"))
        left, right = st.columns(2)
        left.form_submit_button(
            tr("game.play.save_choice"),
            key="game_save_choice",
            on_click=_submit_answer,
            args=(db, content, token, card, False),
            width="stretch",
            wrap=True,
        )
        right.form_submit_button(
            tr("game.play.confirm"),
            type="primary",
            key="game_confirm",
            on_click=_submit_answer,
            args=(db, content, token, card, True),
            width="stretch",
            wrap=True,
        )


@game_guarded
def _submit_answer(db, content, token, card, confirm) -> None:
    value = _answer_value(card)
    if confirm:
        try:
            saved = game_service.confirm_team_answer(
                db, content, token, card.id, value, expected_revision=RECORD.expected(card.id)
            )
        except Conflict as exc:
            # The user now sees the teammate's answer (the stored one); the next confirm may replace it.
            if isinstance(exc.current, SavedAnswer):
                RECORD.saved_item(card.id, exc.current.revision)
            raise
        RECORD.saved_item(card.id, saved.revision)
        flash(tr("game.play.confirmed"))
        request_focus("team_answer")
    else:
        game_service.submit_member_choice(db, content, token, card.id, value)
        flash(tr("game.play.choice_saved"))


def pulse_form(
    db,
    content: ContentBundle,
    token: str,
    game: GameContent,
    moment: str,
    saved: dict[str, int],
    *,
    collapsed: bool = False,
) -> None:
    """The awareness pulse (1-5 per statement) for ``before`` or ``after``; ``collapsed`` while a question is open."""
    current = lang()
    pulse = game.pulse
    done = all(f"{s.id}@{moment}" in saved for s in pulse.statements)
    with st.expander(
        tr(f"game.pulse.heading_{moment}"), expanded=not done and not collapsed, key=f"game_pulse_{moment}_box"
    ):
        if done:
            st.success(tr("game.pulse.thanks"), icon=":material/check_circle:")
        with st.form(f"game_pulse_{moment}"):
            st.markdown(pulse.intro.get(current))
            st.caption(tr("game.pulse.scale", low=pulse.low.get(current), high=pulse.high.get(current)))
            keys = {s.id: f"game_pulse_{moment}_{s.id}" for s in pulse.statements}
            for statement in pulse.statements:
                seed(keys[statement.id], saved.get(f"{statement.id}@{moment}"))
                st.radio(
                    statement.text.get(current), list(pulse.SCALE), index=None, horizontal=True, key=keys[statement.id]
                )
            st.form_submit_button(
                tr("game.pulse.submit"),
                key=f"game_pulse_{moment}_submit",
                on_click=_save_pulse,
                args=(db, content, token, moment, keys),
            )


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
        shared_screen(
            game,
            view.state,
            view.card,
            None,
            view.board,
            show_options=False,
            key="game_team",
            content=content,
            ethics_link=ethics_link_for(view.workshop, "app_pages/ethics.py", p=token),
        )
        if view.state.open_card is not None and view.card is not None:
            answer_form(db, content, token, view, game)
    # The team's own live part (its answer, members' choices, bricks) is redrawn by the watcher itself
    # when a teammate saves: five devices re-read one team view instead of rerunning the whole page.
    team_topic = live.team(view.team.key)
    latest: dict[str, game_service.TeamView] = {"view": view}
    drawn: dict[str, dict[str, int]] = {"live": dict(view.live)}

    def team_part(now):
        shown = latest["view"]
        if live.changed(drawn["live"], now, [team_topic]):
            shown = game_service.team_view(db, content, token)
            if shown.state.version != view.state.version:  # the game moved on as well: draw it all
                st.rerun()
            latest["view"], drawn["live"] = shown, dict(shown.live)
        timer_line(shown.state)
        with st.container(key="game_team_live"):
            _team_live(shown, game)

    asking = view.state.effective_phase is Phase.QUESTION_OPEN
    watch(
        db,
        view.workshop.id,
        view.live,
        [t for t in view.watched if t != team_topic],
        view.state,
        every=EVERY["team_open" if asking else "team_idle"],
        tick=team_part,
    )
    if view.state.effective_phase is Phase.FINISHED:
        finale(game, view.board, "game_team")
    elif view.state.show_leaderboard:
        leaderboard(game, view.board, "game_team_board")
    for moment in game_service.MOMENTS:
        if view.state.pulse_open(moment):
            pulse_form(
                db,
                content,
                token,
                game,
                moment,
                view.pulse,  # one input at a time: the question first
                collapsed=view.state.effective_phase is Phase.QUESTION_OPEN,
            )


def _team_live(view: game_service.TeamView, game: GameContent) -> None:
    state = view.state
    st.metric(tr("game.play.our_bricks", bricks=game.bricks.get(lang())), view.bricks)
    if view.card is not None and state.phase is not Phase.PAUSED:
        _, card = game.card(view.card.card_id)
        if view.answer is not None:
            with focus_point("team_answer"):
                st.success(
                    tr("game.play.team_answer", answer=plain(answer_text(game, card, view.answer.value, lang()))),
                    icon=":material/how_to_vote:",
                )
        elif state.phase is Phase.QUESTION_OPEN:
            st.warning(tr("game.play.no_team_answer"), icon=":material/pending:")
        if view.choices is not None and view.choices.groups:
            lines = []
            for group in view.choices.groups:
                who = ", ".join(
                    tr("game.play.member_you") if m == view.me else tr("game.play.member", n=m) for m in group.members
                )
                lines.append(f"- {plain(who)}: {plain(answer_text(game, card, group.value, lang()))}")
            st.markdown(tr("game.play.choices") + "\n" + "\n".join(lines))
        bricks = view.card_bricks()
        if bricks is not None:
            st.markdown(tr("game.play.card_bricks", n=bricks))
