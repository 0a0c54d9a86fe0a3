"""Browser journey: a facilitator opens a session, two teams join on their own devices,
the lobby shows them without clicking, and a reload keeps a participant in their team.
Every page visited is checked with axe-core (WCAG 2.1 A/AA, serious and critical)."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.support.browser import check_accessibility, wait_for_app

MARKDOWN_TEAM = "**Zuid** [a](http://e)"  # user text: must show literally, never as bold text or a link


def _join(context, join_url: str, team: str, role: str | None, existing: str | None = None):
    page = context.new_page()
    page.goto(join_url)
    wait_for_app(page)
    expect(page.get_by_text("Je doet mee aan")).to_be_visible()
    if existing:  # a team that joined earlier is offered literally in the team choice
        expect(page.locator(".st-key-join_team").get_by_text(existing, exact=True)).to_be_visible()
        expect(page.locator(".st-key-join_team a")).to_have_count(0)
    check_accessibility(page, "join page: team choice")
    page.locator(".st-key-join_new_team input").fill(team)
    if role:
        page.locator(".st-key-join_roles").click()
        page.get_by_role("option", name=role).click()
        page.keyboard.press("Escape")
    page.locator(".st-key-join_submit button").click()
    expect(page.get_by_text(f'Je zit in team "{team}".')).to_be_visible()
    wait_for_app(page)
    return page


def test_facilitator_sees_two_teams_join_and_a_reload_keeps_the_team(app_server, new_context, tmp_path):
    facilitator = new_context().new_page()
    facilitator.goto(f"{app_server.url}/facilitate")
    wait_for_app(facilitator)
    check_accessibility(facilitator, "facilitate page: create form")
    facilitator.locator(".st-key-create_municipality input").fill("Dongen")
    facilitator.locator(".st-key-create_submit button").click()
    code_el = facilitator.locator(".dshub-code")
    expect(code_el).to_have_text(re.compile(r"^[A-Z0-9]{6}$"))
    code = code_el.inner_text()
    expect(code_el).to_have_attribute("aria-hidden", "true")
    expect(facilitator.get_by_text(" ".join(code), exact=True)).to_be_attached()  # read letter by letter
    assert "key=" in facilitator.url
    wait_for_app(facilitator)
    check_accessibility(facilitator, "facilitate page: lobby")
    join_url = f"{app_server.url}/join?code={code}"

    _join(new_context(), join_url, MARKDOWN_TEAM, None)
    team_a = _join(new_context(), join_url, "Tafel Noord", "Beleid", existing=MARKDOWN_TEAM)

    # The lobby refreshes by itself: no clicks on the facilitator's page.
    teams = facilitator.locator("[class*='st-key-lobby_team_']")
    expect(teams).to_have_count(2, timeout=10_000)
    expect(teams.filter(has_text="Tafel Noord")).to_contain_text("Beleid")
    expect(teams.filter(has_text="Tafel Noord")).to_contain_text("1 apparaat")
    expect(teams.get_by_text(MARKDOWN_TEAM, exact=True)).to_be_visible()
    expect(teams.locator("a")).to_have_count(0)
    expect(facilitator.get_by_text("2 teams, 2 apparaten")).to_be_visible()

    # A reload (or reconnect) keeps the participant in the team: the token is in the URL.
    assert "p=" in team_a.url
    team_a.reload()
    wait_for_app(team_a)
    expect(team_a.get_by_text('Je zit in team "Tafel Noord".')).to_be_visible()
    check_accessibility(team_a, "join page: joined")

    # The day as a record for the AI-literacy file: counts and roles, no team names; accessible as a page.
    facilitator.get_by_text("Verslag voor het dossier AI-geletterdheid").click()
    with facilitator.expect_download() as info:
        facilitator.locator(".st-key-literacy_html button").click()
    target = tmp_path / info.value.suggested_filename
    info.value.save_as(target)
    record = target.read_text(encoding="utf-8")
    assert "Tafel Noord" not in record and "Dongen" in record and "AI-verordening art. 4" in record
    viewer = new_context().new_page()
    viewer.goto(target.as_uri())
    expect(viewer.get_by_role("heading", level=1)).to_be_visible()
    check_accessibility(viewer, "AI-literacy record (downloaded HTML)")


def test_home_page_is_accessible_in_both_languages(app_server, page):
    page.goto(f"{app_server.url}/")
    wait_for_app(page)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welkom")
    check_accessibility(page, "home (nl)")
    page.get_by_text("English").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome")
    wait_for_app(page)
    check_accessibility(page, "home (en)")


def test_privacy_statement_is_accessible_in_both_languages_and_on_a_phone(app_server, new_context):
    from tests.support.browser import PHONE, assert_fits

    page = new_context(viewport=PHONE).new_page()
    page.goto(f"{app_server.url}/privacy")
    wait_for_app(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Privacyverklaring")
    check_accessibility(page, "privacy statement (nl, phone)")
    assert_fits(page, "privacy statement (nl, phone)")
    page.goto(f"{app_server.url}/privacy?lang=en")
    wait_for_app(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Privacy statement")
    check_accessibility(page, "privacy statement (en, phone)")
