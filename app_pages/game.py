"""Game: a team's screen (reached from the join page with ?p=token).

It follows the facilitator's console by itself within about two seconds: the open
question, the team's confirmed answer and each member's choice, pauses, the board,
and the podium and debrief at the end. Everything is read from the database, so a
reload or another device of the same team shows the same state.
"""

import streamlit as st

from dshub.errors import UserError
from dshub.services import game as game_service
from dshub.ui.core import get_content, get_db, page_link, show_user_error, tr
from dshub.ui.game import game_guarded, inject_game_style, team_screen, wait_for_game
from dshub.ui.programme import follow

db = get_db()
content = get_content()
token = st.query_params.get("p") or st.session_state.get("participant_token")
inject_game_style()
st.title(tr("game.play.title"))


@game_guarded
def play():
    try:
        view = game_service.team_view(db, content, token)
    except UserError as exc:
        if exc.key not in game_service.RESTARTABLE:
            raise
        show_user_error(exc)  # the facilitator can restart the game; this screen follows by itself
        wait_for_game(lambda: game_service.team_view(db, content, token))
        return
    follow(view.workshop, token, "game")  # the part the facilitator opened
    team_screen(db, content, token, view)


play()
if token:
    page_link("app_pages/join.py", label=tr("game.play.back"), icon=":material/arrow_back:", p=token)
