"""Game console: the facilitator runs the awareness-day game (reached from the facilitate page with ?key=).

Agenda, rounds, timer, lock, reveal, bricks, pause and finish; the board view hides the
controls and shows the game in large type for the projector. The board view is kept in the
address (``?view=board``), so the projector's tab stays in it after a reload.
"""

import streamlit as st

from dshub.errors import UserError
from dshub.services import game as game_service
from dshub.ui.core import get_content, get_db, page_link, show_user_error, tr
from dshub.ui.game import (
    BOARD_VIEW,
    console_screen,
    game_guarded,
    inject_game_style,
    restart_panel,
    sync_board_view,
)

db = get_db()
content = get_content()
key = st.query_params.get("key")
if BOARD_VIEW not in st.session_state:  # a reload of the projector's tab keeps the board view
    st.session_state[BOARD_VIEW] = st.query_params.get("view") == "board"
inject_game_style(board=bool(st.session_state[BOARD_VIEW]))


@game_guarded
def console():
    board = st.session_state.get(BOARD_VIEW)
    if not board:
        st.title(tr("game.console.title"))  # also above a refusal, so the page always has its heading
    try:
        view = game_service.open_console(db, key, content)
    except UserError as exc:
        if exc.key not in game_service.RESTARTABLE:
            raise
        show_user_error(exc)  # e.g. the game file changed mid-event: offer the way forward
        restart_panel(db, key, content, expanded=True)
        return
    if not board:
        page_link("app_pages/facilitate.py", label=tr("game.console.back"), icon=":material/arrow_back:",
                     key=key)
    st.toggle(tr("game.console.board_view"), key=BOARD_VIEW, on_change=sync_board_view,
              help=None if board else tr("game.console.board_view.help"))  # the projector shows only the game
    console_screen(db, key, content, view)


console()
