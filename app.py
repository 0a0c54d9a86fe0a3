"""dshub entry point: the router and frame. Run with ``streamlit run app.py``.

Every page lives in ``app_pages/``; this file only sets up the frame (language,
navigation, error guard) and runs the selected page.
"""

import logging

import streamlit as st

from dshub.ui.core import (
    FAVICON,
    check_settings,
    get_content,
    guarded,
    inject_style,
    keep_lang_in_url,
    language_switch,
    show_flash,
    sync_lang,
    tr,
)
from dshub.ui.game import CONSOLE_PATH, presenting

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")

st.set_page_config(page_title="dshub", page_icon=FAVICON, layout="wide")
sync_lang()  # the language from the address (or the session) before any text is drawn

# One flat list, no sections: Streamlit 1.67 draws sections in the sidebar as a <ul> holding <div>
# wrappers, which axe reports as broken lists (serious) on every page.
pages = [
    st.Page("app_pages/home.py", title=tr("nav.home"), icon=":material/home:", url_path="home", default=True),
    st.Page("app_pages/join.py", title=tr("nav.join"), icon=":material/group_add:", url_path="join"),
    st.Page("app_pages/facilitate.py", title=tr("nav.facilitate"), icon=":material/co_present:", url_path="facilitate"),
    st.Page(
        "app_pages/game.py",
        title=tr("game.nav.play"),
        icon=":material/extension:",
        url_path="game",
        visibility="hidden",
    ),
    st.Page(
        "app_pages/game_console.py",
        title=tr("game.nav.console"),
        icon=":material/sports_esports:",
        url_path=CONSOLE_PATH,
        visibility="hidden",
    ),
    st.Page("app_pages/ethics.py", title=tr("ethics.page.nav"), icon=":material/balance:", url_path="ethics"),
    st.Page(
        "app_pages/ethics_overview.py",
        title=tr("ethics.page.overview.title"),
        icon=":material/balance:",
        url_path="ethics-overview",
        visibility="hidden",
    ),
    st.Page("app_pages/scan.py", title=tr("nav.scan"), icon=":material/radar:", url_path="scan"),
    st.Page(
        "app_pages/results.py",
        title=tr("nav.results"),
        icon=":material/monitoring:",
        url_path="results",
        visibility="hidden",
    ),
    st.Page("app_pages/benchmark.py", title=tr("nav.benchmark"), icon=":material/leaderboard:", url_path="benchmark"),
    st.Page("app_pages/catalogue.py", title=tr("catalogue.nav"), icon=":material/menu_book:", url_path="catalogue"),
    st.Page("app_pages/datalabs.py", title=tr("datalabs.nav"), icon=":material/map:", url_path="datalabs"),
    st.Page(
        "app_pages/programme.py",
        title=tr("programme.nav"),
        icon=":material/event_note:",
        url_path="programme",
        visibility="hidden",
    ),
    st.Page(
        "app_pages/paper.py", title=tr("paper.nav"), icon=":material/edit_note:", url_path="paper", visibility="hidden"
    ),
    st.Page("app_pages/privacy.py", title=tr("nav.privacy"), icon=":material/shield_person:", url_path="privacy"),
]

page = st.navigation(pages)
keep_lang_in_url()  # after navigation, which drops the query when a page changes
# The game console's presenter mode is for the projector: no sidebar (its CSS hides the rest of the
# chrome) and no language switch; the console opens it in the facilitator's language.
presenter = presenting(page.url_path)
st.set_page_config(initial_sidebar_state="collapsed" if presenter else "auto")
if not presenter:
    language_switch()
inject_style()
show_flash()
check_settings()  # a setting that cannot be used: its message on every page
get_content()  # refuse to run half-broken: shows the content problem and stops
guarded(page.run)()
