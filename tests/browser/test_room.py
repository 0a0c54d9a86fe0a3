"""Browser checks for the room: a language that sticks, Streamlit's own texts in the user's language,
and a participant who uses only the keyboard (join, answer and confirm a game question, answer a
scan item), with the focus on the confirmation after each step.
"""

from __future__ import annotations

import json
import re

from playwright.sync_api import Page, expect

from tests.support.browser import check_accessibility, wait_for_app

LIVE = 10_000  # ms: a team screen follows the console within ~2 s; room for a busy machine
CARD = "lc_truncated_axis"


def _focused(page: Page, selector: str) -> bool:
    return page.evaluate("(sel) => !!(document.activeElement && document.activeElement.closest(sel))", selector)


def tab_to(page: Page, selector: str, limit: int = 120) -> None:
    """Press Tab (only Tab) until the focus is inside ``selector``: what a keyboard user does."""
    for _ in range(limit):
        if _focused(page, selector):
            return
        page.keyboard.press("Tab")
    active = page.evaluate("() => document.activeElement && document.activeElement.outerHTML.slice(0, 200)")
    raise AssertionError(f"{selector} not reached with {limit} Tabs; the focus is on {active}")


def _choose_english(page: Page) -> None:
    page.locator(".st-key-lang_switch").get_by_text("English").click()
    wait_for_app(page)


def test_english_survives_a_reload_a_page_change_and_a_shared_link(app_server, new_context):
    page = new_context().new_page()
    page.goto(app_server.url)
    wait_for_app(page)
    assert "lang=" not in page.url  # Dutch is the default: its links stay short
    _choose_english(page)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome")
    expect(page).to_have_url(re.compile(r"[?&]lang=en\b"))

    page.reload()
    wait_for_app(page)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome")
    check_accessibility(page, "home after a reload (en)")  # also checks <html lang="en">
    expect(page.get_by_test_id("stSkipToContent")).to_have_text("Skip to main content", use_inner_text=False)

    page.get_by_role("link", name="Facilitate").first.click()  # the sidebar navigation drops the query
    wait_for_app(page)
    expect(page).to_have_url(re.compile(r"/facilitate\?lang=en$"))
    page.locator(".st-key-create_municipality input").fill("Dongen")
    page.locator(".st-key-create_submit button").click()
    wait_for_app(page)
    join_link = page.get_by_text(re.compile(r"/join\?lang=en&code=[A-Z0-9]+$")).first
    expect(join_link).to_be_visible()
    expect(page).to_have_url(re.compile(r"lang=en"))  # the facilitator's own link keeps English too

    shared = new_context().new_page()  # another device opens the shared join link
    shared.goto(join_link.inner_text().strip())
    wait_for_app(shared)
    expect(shared.get_by_role("heading", level=1)).to_have_text("Join")
    check_accessibility(shared, "join page from a shared English link")


def test_streamlits_own_texts_are_dutch_in_the_dutch_app(app_server, page):
    page.goto(f"{app_server.url}/join")
    wait_for_app(page)
    check_accessibility(page, "join page: code form (nl)")
    expect(page.get_by_test_id("stSkipToContent")).to_have_text("Naar de inhoud", use_inner_text=False)
    assert page.evaluate("() => document.documentElement.lang") == "nl"
    # No English "Link to heading" Tab stops, no English "Help for ..." names.
    expect(page.locator("a[aria-label='Link to heading']:visible")).to_have_count(0)
    expect(page.locator("[aria-label^='Help for']")).to_have_count(0)
    expect(page.locator("[aria-label^='Uitleg bij']").first).to_be_attached()
    page.locator(".st-key-join_code input").fill("ABC")  # a typed, unsent value shows the form hint
    expect(page.get_by_test_id("InputInstructions")).to_contain_text("Druk op Enter om te versturen")

    _choose_english(page)  # and back to Streamlit's own English, without a reload
    expect(page.get_by_test_id("stSkipToContent")).to_have_text("Skip to main content", use_inner_text=False)
    expect(page.locator("[aria-label^='Help for']").first).to_be_attached()
    assert page.evaluate("() => document.documentElement.lang") == "en"


def test_a_participant_plays_and_scans_with_the_keyboard_only(app_server, new_context, dshub_cli):
    created = json.loads(dshub_cli("workshop", "create", "--title", "Dag", "--municipality", "Dongen").stdout)
    facilitator = new_context().new_page()  # the facilitator may use a mouse
    facilitator.goto(created["facilitator_url"])
    wait_for_app(facilitator)
    facilitator.get_by_role("link", name="Spel leiden").click()
    wait_for_app(facilitator)

    team = new_context().new_page()
    team.goto(created["join_url"])
    wait_for_app(team)
    tab_to(team, ".st-key-join_new_team input")
    team.keyboard.type("Tafel Toets")
    tab_to(team, ".st-key-join_submit button")
    team.keyboard.press("Enter")
    expect(team.get_by_text('Je zit in team "Tafel Toets".')).to_be_visible()
    wait_for_app(team)
    team.wait_for_function("() => !!document.activeElement.closest('.st-key-focus_joined')")
    check_accessibility(team, "join page: joined, focus on the confirmation")

    tab_to(team, "a[href^='game?']")
    team.keyboard.press("Enter")
    wait_for_app(team)
    expect(team.get_by_text("Het spel begint zo.")).to_be_visible()

    for command in ("game_cmd_start_game", "game_cmd_open_question"):
        facilitator.locator(f".st-key-{command} button").click()
        wait_for_app(facilitator)
    expect(team.get_by_text("Het rapportcijfer voor het gemeenteloket lijkt hard te stijgen.")).to_be_visible(
        timeout=LIVE
    )
    wait_for_app(team)
    tab_to(team, f".st-key-game_ans_{CARD}_axis_not_zero input")
    team.keyboard.press("Space")
    expect(team.locator(f".st-key-game_ans_{CARD}_axis_not_zero input")).to_be_checked()
    tab_to(team, ".st-key-game_confirm button")
    team.keyboard.press("Enter")
    expect(team.get_by_text("Ons teamantwoord: De verticale as begint niet bij nul")).to_be_visible(timeout=LIVE)
    team.wait_for_function("() => !!document.activeElement.closest('.st-key-focus_team_answer')")
    check_accessibility(team, "team screen: answered, focus on the team's answer")

    team.goto(f"{app_server.url}/scan?p={team.url.split('p=')[1].split('&')[0]}")
    wait_for_app(team)
    first_item = team.locator("[class*='st-key-scan_team_'] input[type=radio]").first
    tab_to(team, "[class*='st-key-scan_team_'] input[type=radio]")
    team.keyboard.press("Space")
    wait_for_app(team)
    expect(first_item).to_be_checked()
    expect(team.get_by_text(re.compile(r"^1 van \d+ vragen beantwoord$"))).to_be_visible(timeout=LIVE)
    check_accessibility(team, "scan page: one item answered by keyboard")
