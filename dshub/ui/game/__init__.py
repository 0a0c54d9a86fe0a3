"""Widgets for the game pages, one module per screen:

* :mod:`.common`: constants, the guard, answer texts, charts, the live watcher, the board view (presenter
  mode) and the console's command button;
* :mod:`.shared`: the game screen every role sees (card, reveal, answers, bricks, standings, finale);
* :mod:`.team`: the team page (answer form, pulse);
* :mod:`.console`: the facilitator's console, with :mod:`.agenda` (round order, planned start, schedule)
  and :mod:`.bricks` (awards and corrections).

Live refresh: each page draws everything, inputs and live parts alike, in the normal
script run, and ends with one small watcher (``st.fragment(run_every=...)``). On a tick
the watcher compares the workshop's change counters (:mod:`dshub.services.live`, shared
by every session of the process) with the ones the page was drawn with and reruns the
page only when a topic it shows has moved; otherwise it redraws the timer and nothing
else: no query, no chart. Inputs never sit in the refreshing part, so a tick cannot eat
a click or a keystroke. How often a screen looks depends on what it is for (see
:data:`.common.EVERY`).

Actions run in ``on_click`` callbacks with the version (or answer revision) the screen
was drawn with. A callback runs even when the rerun no longer draws its button (the
facilitator locked, another console moved on), so the service refuses it with a
message instead of the click being lost without a word.
"""

from dshub.ui.game.common import (
    CONSOLE_PATH,
    EVERY,
    board_toggle,
    board_view_on,
    chart,
    frozen,
    game_guarded,
    game_of,
    inject_game_style,
    presenter_link,
    presenting,
    timer_line,
    wait_for_game,
    watch,
)
from dshub.ui.game.console import console_screen, restart_panel
from dshub.ui.game.shared import markdown_text
from dshub.ui.game.team import team_screen

__all__ = [
    "CONSOLE_PATH",
    "EVERY",
    "board_toggle",
    "board_view_on",
    "chart",
    "console_screen",
    "frozen",
    "game_guarded",
    "game_of",
    "inject_game_style",
    "markdown_text",
    "presenter_link",
    "presenting",
    "restart_panel",
    "team_screen",
    "timer_line",
    "wait_for_game",
    "watch",
]
