"""Browser journey: a regional day with three municipalities.

Teams join on their own devices and pick their municipality (the join page is checked on a phone,
also with the message when no municipality is chosen), play a game round, and answer the quickscan.
The facilitator then sees the region and each municipality with at least five respondents, not
Tilburg with three ("fewer than 5 respondents"); Tilburg's own read-only link shows Tilburg's own
results and the region, and its benchmark page puts Tilburg next to the region. The other teams
join and answer through the services: the UI is not the point there. The new states are checked
with axe-core (WCAG 2.1 A/AA, serious and critical).
"""

from __future__ import annotations

import json

from playwright.sync_api import Page, expect

from dshub.content import load_content
from dshub.maturity.content import MaturityModel
from dshub.services import maturity, workshops
from dshub.store.db import Database
from tests.support.browser import PHONE, assert_fits, check_accessibility, wait_for_app

MODEL = load_content().get("maturity", MaturityModel)
LIVE = 10_000  # ms: a screen follows the console within ~2 s; leave room for a busy machine
CARD = "lc_truncated_axis"


def _pick(page: Page, key: str, option: str) -> None:
    box = page.locator(f".st-key-{key} input[role='combobox']")
    box.click()
    if box.get_attribute("aria-expanded") != "true":  # a click may only focus it; the arrow key opens the list
        box.press("ArrowDown")
    page.get_by_role("option", name=option, exact=True).click()
    wait_for_app(page)


def _join(page: Page, join_url: str, team: str, municipality: str, *, check: bool = False) -> str:
    """Join as a new team from ``municipality``; returns the participant token."""
    page.goto(join_url)
    wait_for_app(page)
    expect(page.get_by_text("Je doet mee aan")).to_be_visible()
    page.locator(".st-key-join_new_team input").fill(team)
    if check:  # the municipality is required: a clear message, not a traceback
        assert_fits(page, "join page: team and municipality choice (phone)")
        check_accessibility(page, "join page: team and municipality choice (phone)")
        page.locator(".st-key-join_submit button").click()
        wait_for_app(page)
        expect(page.get_by_text("Kies de gemeente waar je team vandaan komt.")).to_be_visible()
        assert_fits(page, "join page: municipality missing (phone)")
        check_accessibility(page, "join page: municipality missing (phone)")
        page.locator(".st-key-join_new_team input").fill(team)
    _pick(page, "join_municipality", municipality)
    page.locator(".st-key-join_submit button").click()
    expect(page.get_by_text(f'Je zit in team "{team}".')).to_be_visible()
    wait_for_app(page)
    expect(page.get_by_role("heading", name=f"Regiodag — {municipality}")).to_be_visible()
    if check:
        assert_fits(page, "join page: joined (phone)")
    return page.url.split("p=")[1].split("&")[0]


def _click(page: Page, key: str) -> None:
    page.locator(f".st-key-{key} button").click()
    wait_for_app(page)


def _game_round(facilitator: Page, teams: list[Page]) -> None:
    """The facilitator runs one question; both teams answer it and see their bricks."""
    facilitator.get_by_role("link", name="Spel leiden").click()
    wait_for_app(facilitator)
    expect(facilitator.locator("[class*='st-key-game_bricks_']")).to_have_count(2, timeout=LIVE)
    _click(facilitator, "game_cmd_start_game")
    _click(facilitator, "game_cmd_open_question")
    question = "Het rapportcijfer voor het gemeenteloket lijkt hard te stijgen."
    for team in teams:
        team.get_by_role("link", name="Spel", exact=True).click()
        wait_for_app(team)
        expect(team.get_by_text(question)).to_be_visible(timeout=LIVE)
    for team, option, text in (
        (teams[0], "axis_not_zero", "De verticale as begint niet bij nul"),
        (teams[1], "nothing_wrong", "Er is niets mis"),
    ):
        team.locator(f".st-key-game_ans_{CARD}_{option} label").click()
        team.locator(".st-key-game_confirm button").click()
        wait_for_app(team)
        expect(team.get_by_text(f"Ons teamantwoord: {text}")).to_be_visible(timeout=LIVE)
    expect(facilitator.get_by_text("2 van 2 teams hebben geantwoord.")).to_be_visible(timeout=LIVE)
    _click(facilitator, "game_cmd_lock")
    _click(facilitator, "game_cmd_reveal")
    expect(teams[0].get_by_text("Deze vraag leverde jullie 2 blokjes op.")).to_be_visible(timeout=LIVE)
    expect(teams[1].get_by_text("Deze vraag leverde jullie 0 blokjes op.")).to_be_visible(timeout=LIVE)


def _answer_quickscan(page: Page, token: str, app_url: str, level: int) -> None:
    page.goto(f"{app_url}/scan?p={token}")
    wait_for_app(page)
    for dim in MODEL.dimensions:
        expect(page.get_by_role("heading", name=dim.label.get("nl"))).to_be_visible()
        for item in [i for i in MODEL.items_for("quick") if i.dimension == dim.id]:
            page.locator(f".st-key-item_{item.id}").get_by_text(item.options[level - 1].get("nl"), exact=True).click()
            wait_for_app(page)
        if dim is not MODEL.dimensions[-1]:
            _click(page, "scan_next")
    total = len(MODEL.items_for("quick"))
    expect(page.get_by_text(f"{total} van {total} vragen beantwoord")).to_be_visible()


def _service_teams(db: Database, code: str, place: workshops.MunicipalityInfo, teams: int, level: int) -> None:
    for n in range(teams):
        joined = workshops.join(db, code=code, new_team_name=f"{place.name} {n + 2}", municipality_id=place.id)
        _service_scan(db, joined.token, level)


def _service_scan(db: Database, token: str, level: int) -> None:
    for item in MODEL.items_for("quick"):
        maturity.save_scan_answer(db, MODEL, token, mode="team", item_id=item.id, value=level)


def test_a_regional_day_with_three_municipalities(app_server, new_context, dshub_cli):
    created = json.loads(
        dshub_cli(
            "workshop",
            "create",
            "--title",
            "Regiodag",
            "--municipality",
            "Dongen",
            "--municipality",
            "Tilburg",
            "--municipality",
            "Goirle",
        ).stdout
    )
    assert created["municipalities"] == ["Dongen", "Tilburg", "Goirle"]
    facilitator = new_context().new_page()
    facilitator.goto(created["facilitator_url"])
    wait_for_app(facilitator)
    expect(facilitator.get_by_role("heading", name="Regiodag — Dongen, Tilburg, Goirle")).to_be_visible()

    # Teams join on their own devices and pick their municipality; Tilburg's on a phone.
    north = new_context().new_page()
    north_token = _join(north, created["join_url"], "Noord", "Dongen")
    south = new_context(viewport=PHONE).new_page()
    south_token = _join(south, created["join_url"], "Zuid", "Tilburg", check=True)
    lobby = facilitator.locator("[class*='st-key-lobby_team_']")
    expect(lobby).to_have_count(2, timeout=LIVE)
    expect(lobby.filter(has_text="Noord")).to_contain_text("Dongen")
    expect(lobby.filter(has_text="Zuid")).to_contain_text("Tilburg")

    # A game round: the board and the teams' screens work as in any session.
    _game_round(facilitator, [north, south])

    # The scan: Zuid answers on its phone; the other teams join and answer through the services.
    _answer_quickscan(south, south_token, app_server.url, 4)
    db = Database(app_server.env["DSHUB_DATABASE_URL"])
    try:
        key = created["facilitator_url"].split("key=")[1]
        dongen, tilburg, goirle = workshops.facilitator_lobby(db, key).municipalities
        _service_scan(db, north_token, 2)
        _service_teams(db, created["join_code"], dongen, 4, 2)  # Dongen: 5 teams
        _service_teams(db, created["join_code"], tilburg, 2, 4)  # Tilburg: 3 teams
        _service_teams(db, created["join_code"], goirle, 2, 3)  # Goirle: 2 teams
    finally:
        db.dispose()

    # The facilitator's results: the region and Dongen are shown, Tilburg is not ("fewer than 5 respondents").
    facilitator.goto(created["facilitator_url"].replace("/facilitate?", "/results?"))
    wait_for_app(facilitator)
    expect(facilitator.get_by_role("heading", name="Regio Dongen, Tilburg, Goirle — Regiodag")).to_be_visible()
    expect(facilitator.get_by_text("Antwoorden van 10 teams")).to_be_visible()
    expect(facilitator.locator(".st-key-results_radar .main-svg").first).to_be_visible()
    facilitator.locator("summary").filter(has_text="Respondenten per gemeente").click()
    overview = facilitator.get_by_role("region", name="Respondenten per gemeente")
    expect(overview.locator("tbody tr").filter(has_text="Tilburg")).to_contain_text("nee: minder dan 5 respondenten")
    check_accessibility(facilitator, "results: the region, with the respondents per municipality")
    _pick(facilitator, "results_group", "Tilburg (niet getoond)")
    hidden = facilitator.locator(".st-key-results_hidden")
    expect(hidden).to_contain_text("minder dan 5 respondenten (3)")
    expect(facilitator.locator(".st-key-results_radar")).to_have_count(0)
    expect(facilitator.locator(".st-key-prepare_html")).to_have_count(0)  # no downloads of a hidden group
    check_accessibility(facilitator, "results: a municipality with fewer than 5 respondents")
    _pick(facilitator, "results_group", "Dongen")
    expect(facilitator.get_by_role("heading", name="Dongen — Regiodag")).to_be_visible()
    expect(facilitator.locator(".st-key-results_radar .main-svg").first).to_be_visible()

    # The facilitator makes Tilburg's own read-only link.
    facilitator.goto(created["facilitator_url"])
    wait_for_app(facilitator)
    facilitator.locator("summary").filter(has_text="Leeslinks per gemeente").click()
    _click(facilitator, "results_link_2")
    link = facilitator.locator(".st-key-municipality_link_2 code")
    expect(link).to_contain_text("/results?key=")
    tilburg_url = link.inner_text().strip()
    check_accessibility(facilitator, "facilitate: read-only links per municipality")

    # Tilburg's link: its own results (3 respondents: it is not "others" to itself) and the region, nothing else.
    management = new_context(viewport=PHONE).new_page()
    management.goto(tilburg_url)
    wait_for_app(management)
    expect(management.get_by_role("heading", name="Tilburg — Regiodag")).to_be_visible()
    expect(management.get_by_text("Dit is de leeslink van Tilburg")).to_be_visible()
    expect(management.locator(".st-key-results_radar .main-svg").first).to_be_visible()
    check_accessibility(management, "results: a municipality's own link (phone)")
    management.locator(".st-key-results_group input[role='combobox']").click()
    options = management.get_by_role("option")
    expect(options).to_have_count(2)
    assert [o.strip() for o in options.all_inner_texts()] == ["Tilburg", "Regio (alle gemeenten)"]
    options.filter(has_text="Regio").click()
    wait_for_app(management)
    expect(management.locator(".st-key-results_radar .main-svg").first).to_be_visible()

    # ... and its benchmark page puts Tilburg next to the region.
    management.get_by_role("link", name="Vergelijken met de regio (benchmark)").click()
    wait_for_app(management)
    region = management.locator(".st-key-benchmark_region")
    expect(region.get_by_role("heading", name="Tilburg en de regio")).to_be_visible()
    expect(region).to_contain_text("Tilburg scoort hoger dan de regio op 9")
    check_accessibility(management, "benchmark: a municipality next to the region (phone)")
