"""Game console: the facilitator runs the awareness-day game (reached from the facilitate page with ?key=).

Agenda, rounds, timer, lock, reveal, bricks, pause and finish. The presenter mode (the board
view, ``?view=board``) hides the controls and the app's chrome and shows the game full screen
for the projector (see :mod:`dshub.ui.presenter`); the console opens it in a new tab, or the
toggle switches this tab. The mode is kept in the address, so the projector's tab stays in it
after a reload.
"""

import streamlit as st

from dshub.errors import UserError
from dshub.services import game as game_service
from dshub.ui.core import get_content, get_db, page_link, show_user_error, tr
from dshub.ui.game import (
    board_toggle,
    board_view_on,
    console_screen,
    game_guarded,
    inject_game_style,
    presenter_link,
    restart_panel,
)
from dshub.ui.presenter import presenter_screen

db = get_db()
content = get_content()
key = st.query_params.get("key")
board = board_view_on()  # a reload of the projector's tab keeps the presenter mode
inject_game_style(board=board)


@game_guarded
def console():
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
    if board:
        presenter_screen(db, content, view)
        return
    page_link("app_pages/facilitate.py", label=tr("game.console.back"), icon=":material/arrow_back:", key=key)
    presenter_link(key)
    board_toggle(board=False)
    console_screen(db, key, content, view)


console()
