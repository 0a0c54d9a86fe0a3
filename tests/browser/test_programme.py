"""Browser journey: the facilitator runs a short programme and every team screen follows.

Start pulse -> one game round -> one ethics theme -> maturity scan -> results. The teams never click a
link to the next part: their screens go there by themselves; a team that joins late lands in the part
that is open; the projector page shows what is on. Every new state is checked with axe-core.
"""

from __future__ import annotations

import json
import re
from urllib.parse import parse_qs, urlparse

from playwright.sync_api import expect

from dshub.content import load_content
from dshub.game.state import Lock, OpenQuestion, Reveal, StartGame
from dshub.services import game
from dshub.store.db import Database
from tests.support.browser import PHONE, assert_fits, check_accessibility, wait_for_app

LIVE = 15_000  # ms: a screen follows within one tick of its watcher (5 s at most); room for a busy machine


def _join(context, join_url: str, team: str, *, stays: bool = True):
    page = context.new_page()
    page.goto(join_url)
    wait_for_app(page)
    page.locator(".st-key-join_new_team input").fill(team)
    page.locator(".st-key-join_submit button").click()
    if stays:  # no part open yet: the device stays on its session page
        expect(page.get_by_text(f'Je zit in team "{team}".')).to_be_visible()
        wait_for_app(page)
    return page


def _next(facilitator, label: str) -> None:
    button = facilitator.locator(".st-key-programme_next button")
    expect(button).to_have_text(re.compile(re.escape(f"Volgende: {label}")))
    button.click()
    wait_for_app(facilitator)


def _on(page, path: str, heading: str) -> None:
    expect(page).to_have_url(re.compile(rf"/{path}\?"), timeout=LIVE)
    wait_for_app(page)
    expect(page.get_by_role("heading", level=1)).to_have_text(heading, timeout=LIVE)


def test_every_team_screen_follows_the_programme(app_server, new_context, dshub_cli):
    created = json.loads(dshub_cli("workshop", "create", "--title", "Dag", "--municipality", "Dongen").stdout)
    key = parse_qs(urlparse(created["facilitator_url"]).query)["key"][0]
    facilitator = new_context().new_page()
    facilitator.goto(created["facilitator_url"])
    wait_for_app(facilitator)

    # Plan: every part is ticked at first; leave out the welcome and the closing pulse (planned times
    # are covered by tests/app/test_programme_pages.py).
    for kind in ("welcome", "pulse_end"):
        facilitator.locator(f".st-key-programme_use_{kind} label").click()
        wait_for_app(facilitator)
    facilitator.locator(".st-key-programme_save button").click()
    wait_for_app(facilitator)
    expect(facilitator.get_by_text("Het programma is opgeslagen.")).to_be_visible()
    check_accessibility(facilitator, "facilitate page: the day's programme planned")

    north = _join(new_context(), created["join_url"], "Tafel Noord")
    south = _join(new_context(viewport=PHONE), created["join_url"], "Tafel Zuid")
    expect(north.get_by_text("Straks: Peiling aan het begin")).to_be_visible()

    # The start pulse: both screens go to the game page, where the pulse is open before the first reveal.
    _next(facilitator, "Peiling aan het begin")
    for team in (north, south):
        _on(team, "game", "Spel")
        expect(team.get_by_text("Nu: Peiling aan het begin")).to_be_visible()
    check_accessibility(north, "team screen after the programme moved to the start pulse")
    assert_fits(south, "team screen after the programme moved (phone)")

    # One game round, driven from the console's service: the teams are already on the game page.
    _next(facilitator, "Spel")
    db = Database(app_server.env["DSHUB_DATABASE_URL"])
    content = load_content()
    try:
        game.open_console(db, key, content)
        for command in (StartGame(), OpenQuestion()):
            game.send(db, key, content, command, expected_version=game.console_view(db, key, content).state.version)
        assert game.console_view(db, key, content).card.card_id == "lc_truncated_axis"
        north.locator(".st-key-game_ans_lc_truncated_axis_axis_not_zero label").click()
        north.locator(".st-key-game_confirm button").click()
        wait_for_app(north)
        expect(north.get_by_text("Ons teamantwoord: De verticale as begint niet bij nul")).to_be_visible(timeout=LIVE)
        for command in (Lock(), Reveal()):
            game.send(db, key, content, command, expected_version=game.console_view(db, key, content).state.version)
        expect(north.get_by_text(re.compile(r"Deze vraag leverde jullie \d+ blokjes? op"))).to_be_visible(timeout=LIVE)
    finally:
        db.dispose()

    # One ethics theme: both screens go to the assistant; a team answers the first question.
    _next(facilitator, "Ethische data-assistent")
    for team in (north, south):
        _on(team, "ethics", "Ethische data-assistent")
    north.locator(".st-key-ethics_step").get_by_text("2. Vragen", exact=True).click()
    wait_for_app(north)
    north.locator(".st-key-ethics_q_uses_model").get_by_text("Vaste regels of drempelwaarden", exact=True).click()
    wait_for_app(north)
    # A team that joins now lands in the open part, not on the join page.
    late = _join(new_context(), created["join_url"], "Tafel Laat", stays=False)
    _on(late, "ethics", "Ethische data-assistent")
    check_accessibility(late, "a late joiner in the open part (ethics)")

    # The quickscan: every screen, the late one too, goes to the scan.
    _next(facilitator, "Volwassenheidsscan")
    for team in (north, south, late):
        _on(team, "scan", "Volwassenheidsscan datagedreven werken")
    check_accessibility(south, "scan page after the programme moved (phone)")

    # Results for management: the teams go back to their session page and look at the projector.
    _next(facilitator, "Resultaten voor het management")
    for team in (north, south, late):
        expect(team).to_have_url(re.compile(r"/join\?"), timeout=LIVE)
        expect(team.get_by_text("Nu: Resultaten voor het management")).to_be_visible(timeout=LIVE)
    projector = new_context().new_page()
    projector.goto(f"{app_server.url}/programme?key={key}")
    wait_for_app(projector)
    expect(projector.get_by_role("heading", level=2)).to_have_text("Nu: Resultaten voor het management")
    expect(projector.get_by_test_id("stMarkdown").get_by_text("▶ Resultaten voor het management")).to_be_visible()
    check_accessibility(projector, "programme on the projector")
