"""Browser journey: a facilitator runs a game round with two teams, each on its own device.

The teams' screens follow the console without anyone clicking; the teams answer, the
facilitator locks and reveals, the board shows the new bricks, and a team that reloads
in the middle of the round sees the same state. The projector's board view (the presenter
mode, see test_presenter.py) survives a reload, and after Finish its podium follows a late
correction by itself. The console, the team screen and the board view are checked with
axe-core (WCAG 2.1 A/AA, serious and critical).
"""

from __future__ import annotations

import json
from urllib.parse import parse_qs, urlparse

from playwright.sync_api import expect

from dshub.content import load_content
from dshub.game.state import Finish, Pause, Resume
from dshub.services import game
from dshub.store.db import Database
from tests.support.browser import PHONE, assert_fits, check_accessibility, wait_for_app

LIVE = 10_000  # ms: a screen follows the console within ~2 s; leave room for a busy machine
CARD = "lc_truncated_axis"


def _team_device(context, join_url: str, team: str):
    """Join as a new team, then go from the join page to the game."""
    page = context.new_page()
    page.goto(join_url)
    wait_for_app(page)
    page.locator(".st-key-join_new_team input").fill(team)
    page.locator(".st-key-join_submit button").click()
    expect(page.get_by_text(f'Je zit in team "{team}".')).to_be_visible()
    wait_for_app(page)
    page.get_by_role("link", name="Spel", exact=True).click()
    wait_for_app(page)
    expect(page.get_by_text("Het spel begint zo.")).to_be_visible()
    return page


def _answer(page, option: str, confirmed: str):
    page.locator(f".st-key-game_ans_{CARD}_{option} label").click()
    page.locator(".st-key-game_confirm button").click()
    wait_for_app(page)
    expect(page.get_by_text(f"Ons teamantwoord: {confirmed}")).to_be_visible(timeout=LIVE)


def _click(page, key: str):
    page.locator(f".st-key-{key} button").click()
    wait_for_app(page)


def test_facilitator_runs_a_round_with_two_teams(app_server, new_context, dshub_cli):
    created = json.loads(dshub_cli("workshop", "create", "--title", "Dag", "--municipality", "Dongen").stdout)

    facilitator = new_context().new_page()
    facilitator.goto(created["facilitator_url"])
    wait_for_app(facilitator)
    facilitator.get_by_role("link", name="Spel leiden").click()
    wait_for_app(facilitator)
    expect(facilitator.get_by_role("heading", name="Spel leiden")).to_be_visible()
    check_accessibility(facilitator, "game console: lobby")

    north = _team_device(new_context(), created["join_url"], "Tafel Noord")
    south = _team_device(new_context(viewport=PHONE), created["join_url"], "Tafel Zuid")  # on a phone
    teams = facilitator.locator("[class*='st-key-game_bricks_']")
    expect(teams).to_have_count(2, timeout=LIVE)  # the console's live part lists the teams by itself

    _click(facilitator, "game_cmd_start_game")
    _click(facilitator, "game_cmd_open_question")
    question = "Het rapportcijfer voor het gemeenteloket lijkt hard te stijgen."
    for team in (north, south):  # no clicks on the team devices: they follow the console
        expect(team.get_by_text(question)).to_be_visible(timeout=LIVE)
    check_accessibility(north, "team screen: question open")
    assert_fits(south, "team screen: question open (phone)")

    _answer(north, "axis_not_zero", "De verticale as begint niet bij nul")
    _answer(south, "nothing_wrong", "Er is niets mis")
    expect(facilitator.get_by_text("2 van 2 teams hebben geantwoord.")).to_be_visible(timeout=LIVE)

    # A reload in the middle of the round: same question, the confirmed answer, the form filled in.
    south.reload()
    wait_for_app(south)
    expect(south.get_by_text(question)).to_be_visible()
    expect(south.get_by_text("Ons teamantwoord: Er is niets mis")).to_be_visible(timeout=LIVE)
    expect(south.locator(f".st-key-game_ans_{CARD}_nothing_wrong input")).to_be_checked()

    _click(facilitator, "game_cmd_lock")
    expect(north.get_by_text("De antwoorden zijn gesloten.")).to_be_visible(timeout=LIVE)
    expect(north.locator(".st-key-game_confirm")).to_have_count(0)
    _click(facilitator, "game_cmd_reveal")
    expect(north.get_by_text("Deze vraag leverde jullie 2 blokjes op.")).to_be_visible(timeout=LIVE)
    expect(south.get_by_text("Deze vraag leverde jullie 0 blokjes op.")).to_be_visible(timeout=LIVE)

    # The board (the presenter mode): bricks per team after the reveal; the standings on every screen.
    _click(facilitator, "game_cmd_board")
    facilitator.locator(".st-key-game_board_view label").click()
    wait_for_app(facilitator)
    expect(facilitator.locator(".st-key-game_controls")).to_have_count(0)
    board = facilitator.locator(".st-key-game_present_standings li")
    expect(board.filter(has_text="Tafel Noord")).to_contain_text("12")
    expect(board.filter(has_text="Tafel Zuid")).to_contain_text("10")
    expect(facilitator.get_by_role("heading", name="Stand in blokjes", exact=True)).to_be_visible()
    check_accessibility(facilitator, "game console: board view")
    expect(south.get_by_role("heading", name="Stand", exact=True)).to_be_visible(timeout=LIVE)
    check_accessibility(south, "team screen: revealed, with the standings")
    assert_fits(south, "team screen: revealed (phone)")

    # The projector's tab reloads: it stays in the board view (?view=board), with the answers per team.
    assert "view=board" in facilitator.url
    facilitator.reload()
    wait_for_app(facilitator)
    expect(facilitator.locator(".st-key-game_controls")).to_have_count(0)
    expect(board.filter(has_text="Tafel Noord")).to_contain_text("12", timeout=LIVE)
    expect(
        facilitator.locator(".st-key-game_board").get_by_text("De verticale as begint niet bij nul").first
    ).to_be_visible()

    # A pause (from the facilitator's other device): every screen shows the message, at full contrast.
    db = Database(app_server.env["DSHUB_DATABASE_URL"])
    try:
        content = load_content()
        key = parse_qs(urlparse(created["facilitator_url"]).query)["key"][0]
        version = game.console_view(db, key, content).state.version
        game.send(db, key, content, Pause(message="Koffiepauze"), expected_version=version)
        expect(south.get_by_text("Koffiepauze")).to_be_visible(timeout=LIVE)
        check_accessibility(south, "team screen: paused (phone)")
        assert_fits(south, "team screen: paused (phone)")
        version = game.console_view(db, key, content).state.version
        game.send(db, key, content, Resume(), expected_version=version)
        expect(south.get_by_text("Koffiepauze")).to_have_count(0, timeout=LIVE)

        # Finish, then a late correction: the projector's podium follows.
        version = game.console_view(db, key, content).state.version
        game.send(db, key, content, Finish(), expected_version=version)
        podium = facilitator.locator("[class*='st-key-game_board_podium_']")
        expect(podium.first).to_contain_text("Tafel Noord", timeout=LIVE)
        south_key = next(t.key for t in game.console_view(db, key, content).board.teams if t.name == "Tafel Zuid")
        game.correct_bricks(db, key, content, {south_key: 5}, reason="beste vraag bij de terugblik")
        expect(podium.first).to_contain_text("Tafel Zuid", timeout=LIVE)  # 15 bricks now: first place, no reload
        expect(podium.first).to_contain_text("15 blokjes")
        expect(south.get_by_role("heading", name="Podium")).to_be_visible(timeout=LIVE)
        check_accessibility(south, "team screen: finished, the podium (phone)")
        assert_fits(south, "team screen: finished (phone)")
    finally:
        db.dispose()
