"""Browser: the game's presenter mode on a projector, at 1280×720 and 1920×1080.

The facilitator opens the presenter mode from the console in a new tab; a second projector
opens the same link at 1080p. Twelve teams join, a question opens, is answered, locked and
revealed, and the game finishes, each time moved on from the console's service (another
device). In every state the projected page fits the screen without scrolling, nothing
is wider than the screen, axe finds no serious or critical WCAG 2.1 A/AA violation, and the
page never shows the facilitator key.
"""

from __future__ import annotations

import json
import time
from urllib.parse import parse_qs, urlparse

from playwright.sync_api import expect

from dshub.content import load_content
from dshub.game.state import Finish, Lock, OpenQuestion, Reveal, StartGame
from dshub.services import game, workshops
from dshub.store.db import Database
from tests.support.browser import check_accessibility, wait_for_app

LIVE = 10_000  # ms: the projector follows the console within ~1 s; leave room for a busy machine
CARD = "lc_truncated_axis"
TEAMS = [
    "Tafel Noord",
    "Tafel Zuid",
    "Burgerzaken",
    "Team Informatievoorziening & Beleid",
    "Rood",
    "Blauw",
    "Groen",
    "Geel",
    "De Datadetectives",
    "Sociaal Domein",
    "Ruimte",
    "Communicatie",
]

# Streamlit scrolls its main area ([data-testid="stMain"]), not the document: both must fit.
_FIT_JS = """() => {
  const main = document.querySelector('[data-testid="stMain"]');
  const wide = [...document.querySelectorAll('body *:not(svg *)')].filter(e => {
    const r = e.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && r.right > innerWidth + 1;
  }).map(e => e.outerHTML.slice(0, 160));
  return {scroll: document.scrollingElement.scrollHeight, width: document.scrollingElement.scrollWidth,
          main: main.scrollHeight, mainHeight: main.clientHeight, mainWidth: main.scrollWidth,
          innerHeight, innerWidth, wide};
}"""


def _fits(page, state: str) -> None:
    wait_for_app(page)
    m = page.evaluate(_FIT_JS)
    size = f"{m['innerWidth']}x{m['innerHeight']}"
    assert m["scroll"] <= m["innerHeight"] + 1, f"{state} at {size}: the page scrolls ({m})"
    assert m["main"] <= m["mainHeight"] + 1, f"{state} at {size}: the main area scrolls ({m})"
    assert m["width"] <= m["innerWidth"] + 1 and m["mainWidth"] <= m["innerWidth"] + 1, f"{state} at {size}: {m}"
    assert not m["wide"], f"{state} at {size}: wider than the screen: {m['wide']}"


def _check(page, state: str, key: str) -> None:
    """Fits the screen, passes axe, and never shows the facilitator key."""
    _fits(page, state)
    assert key not in page.locator("body").inner_text(), f"{state}: the facilitator key is on the screen"
    assert key not in page.content(), f"{state}: the facilitator key is in the page"
    check_accessibility(page, f"presenter {state} ({page.viewport_size['width']}px)")


def test_presenter_mode_fits_a_projector_in_every_state(app_server, new_context, dshub_cli):
    created = json.loads(dshub_cli("workshop", "create", "--title", "Dag", "--municipality", "Dongen").stdout)
    key = parse_qs(urlparse(created["facilitator_url"]).query)["key"][0]
    code = parse_qs(urlparse(created["join_url"]).query)["code"][0]
    db = Database(app_server.env["DSHUB_DATABASE_URL"])
    content = load_content()

    def send(command):
        version = game.console_view(db, key, content).state.version
        game.send(db, key, content, command, expected_version=version)

    try:
        # The console opens the presenter mode in a new tab: that tab goes on the 720p projector.
        laptop = new_context(viewport={"width": 1280, "height": 720})
        console = laptop.new_page()
        console.goto(f"{app_server.url}/game-console?key={key}")
        wait_for_app(console)
        with laptop.expect_page() as opened:
            console.get_by_role("link", name="Presentatiemodus openen (nieuw tabblad)").click()
        small = opened.value
        assert "view=board" in small.url and f"key={key}" in small.url
        big = new_context(viewport={"width": 1920, "height": 1080}).new_page()
        big.goto(small.url)
        screens = [small, big]
        for page in screens:
            wait_for_app(page)
            expect(page.locator("[data-testid='stSidebar']")).to_be_hidden()
            expect(page.locator("[data-testid='stHeader']")).to_be_hidden()
            expect(page.locator(".st-key-lang_switch")).to_have_count(0)

        # The lobby: the code, the QR code and the short link, and the teams as they arrive.
        tokens = [workshops.join(db, code=code, new_team_name=name).token for name in TEAMS]
        for page in screens:
            expect(page.locator(".st-key-game_present_join .dshub-code")).to_have_text(code)
            expect(page.locator(".st-key-game_present_qr img")).to_be_visible()
            expect(page.locator(".st-key-game_present_join")).to_contain_text(urlparse(app_server.url).netloc + "/join")
            expect(page.locator(".st-key-game_present_teams li")).to_have_count(len(TEAMS), timeout=LIVE)
            expect(page.get_by_role("heading", level=1)).to_have_count(1)
            _check(page, "lobby", key)

        # A question with a timer; seven of the twelve teams answer.
        send(StartGame())
        send(OpenQuestion(deadline=time.time() + 600))
        for token in tokens[:7]:
            game.confirm_team_answer(db, content, token, CARD, {"options": ["axis_not_zero"]})
        for page in screens:
            status = page.locator(".st-key-game_present_status")
            expect(status).to_contain_text("7 van 12 teams hebben geantwoord", timeout=LIVE)
            expect(status.locator(".st-key-game_watch")).to_contain_text("Nog ")
            expect(page.locator(".st-key-game_board_chart .main-svg").first).to_be_visible()
            _check(page, "question open", key)

        # After the reveal: the answer, the distribution and the standings.
        send(Lock())
        send(Reveal())
        for page in screens:
            expect(page.get_by_role("heading", name="Het antwoord")).to_be_visible(timeout=LIVE)
            expect(page.locator(".st-key-game_board_distribution .main-svg").first).to_be_visible()
            expect(page.locator(".st-key-game_present_standings li")).to_have_count(len(TEAMS))
            expect(page.locator(".st-key-game_present_standings li").first).to_contain_text("12")
            _check(page, "revealed", key)

        # The end: the podium and the pulse.
        send(Finish())
        pulse = [s.id for s in content.get("game_awareness_day").pulse.statements]
        for token in tokens[:4]:
            game.save_pulse(db, content, token, "after", {s: 4 for s in pulse})
        for page in screens:
            expect(page.get_by_role("heading", name="Podium", level=1)).to_be_visible(timeout=LIVE)
            expect(page.locator("[class*='st-key-game_board_podium_']").first).to_contain_text("Tafel Noord")
            expect(page.locator(".st-key-game_board_pulse .main-svg").first).to_be_visible(timeout=LIVE)
            _check(page, "finished", key)
    finally:
        db.dispose()
