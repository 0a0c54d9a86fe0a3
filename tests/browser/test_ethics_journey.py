"""Browser journey: a team picks a case in the ethical data assistant, answers so that a follow-up
question opens, decides, and downloads the report with its concerns and actions; meanwhile the
facilitator's overview shows that team's progress without a click, and stops refreshing while paused.
Every page visited is checked with axe-core (WCAG 2.1 A/AA, serious and critical)."""

from __future__ import annotations

import html
import re
from datetime import date, timedelta

from playwright.sync_api import expect

from dshub.content import load_content
from dshub.ethics.content import EthicsContent
from tests.support.browser import check_accessibility, wait_for_app

CONTENT = load_content().get("ethics", EthicsContent)
CONCERN = CONTENT.question("explainable").signals["no"].concern.nl
ACTION = CONTENT.question("explainable").signals["no"].action.nl


def _step(page, label: str) -> None:
    page.locator(".st-key-ethics_step").get_by_text(label, exact=True).click()
    wait_for_app(page)


def _answer(page, question_id: str, label: str) -> None:
    page.locator(f".st-key-ethics_q_{question_id}").get_by_text(label, exact=True).click()
    wait_for_app(page)


def _pick(page, key: str, option: str) -> None:
    box = page.locator(f".st-key-{key} input[role='combobox']")
    box.click()
    if box.get_attribute("aria-expanded") != "true":  # a click may only focus it; the arrow key opens the list
        box.press("ArrowDown")
    page.get_by_role("option", name=option, exact=True).click()
    wait_for_app(page)


def test_a_team_works_through_a_case_and_downloads_its_report(app_server, new_context, tmp_path):
    facilitator = new_context().new_page()
    facilitator.goto(f"{app_server.url}/facilitate")
    wait_for_app(facilitator)
    facilitator.locator(".st-key-create_municipality input").fill("Dongen")
    facilitator.locator(".st-key-create_submit button").click()
    code_el = facilitator.locator(".dshub-code")
    expect(code_el).to_have_text(re.compile(r"^[A-Z0-9]{6}$"))
    code = code_el.inner_text()
    wait_for_app(facilitator)
    facilitator.get_by_role("link", name="Voortgang ethische data-assistent per team").click()
    wait_for_app(facilitator)
    expect(facilitator.get_by_role("heading", level=1)).to_contain_text("Ethische data-assistent per team")
    check_accessibility(facilitator, "ethics overview: no teams yet")

    # A team joins and opens the assistant from the join page.
    team = new_context().new_page()
    team.goto(f"{app_server.url}/join?code={code}")
    wait_for_app(team)
    team.locator(".st-key-join_new_team input").fill("Tafel Ethiek")
    team.locator(".st-key-join_submit button").click()
    expect(team.get_by_text('Je zit in team "Tafel Ethiek".')).to_be_visible()
    wait_for_app(team)
    team.get_by_test_id("stMainBlockContainer").get_by_role("link", name="Ethische data-assistent").click()
    wait_for_app(team)
    expect(team.get_by_role("heading", level=1)).to_have_text("Ethische data-assistent")

    # Step 1: a ready case.
    _pick(team, "ethics_case", "Wmo-prognose")
    expect(team.locator(".st-key-ethics_case_details")).to_contain_text("Wmo-registratie")
    check_accessibility(team, "ethics page: project step")
    team.locator(".st-key-ethics_project_save button").click()
    wait_for_app(team)

    # Step 2: an answer opens a follow-up question in the same theme; its signals show at once.
    _step(team, "2. Vragen")
    expect(team.locator(".st-key-ethics_q_decides_about_people")).to_be_visible()
    expect(team.locator(".st-key-ethics_q_explainable")).to_have_count(0)
    _answer(team, "decides_about_people", "Ja")
    expect(team.locator(".st-key-ethics_q_explainable")).to_be_visible()
    _answer(team, "explainable", "Nee")
    expect(team.locator(".st-key-ethics_question_explainable")).to_contain_text(CONCERN[:60])
    check_accessibility(team, "ethics page: questions with a follow-up and signals")

    # The facilitator's overview refreshed by itself: 2 of the 4 algorithm questions that now apply.
    row = facilitator.locator(".st-key-ethics_overview_team_1")
    expect(row).to_contain_text("Tafel Ethiek", timeout=10_000)
    expect(row).to_contain_text("Algoritme: 2/4", timeout=10_000)
    expect(row).to_contain_text("Wmo-prognose")
    check_accessibility(facilitator, "ethics overview: a team in progress")

    # WCAG 2.2.2: the facilitator can pause the live refresh; switching it back on catches up.
    facilitator.locator(".st-key-ethics_overview_live_pause").get_by_text("Live bijwerken pauzeren").click()
    wait_for_app(facilitator)
    expect(facilitator.locator(".st-key-ethics_overview_live_pause input")).to_be_checked()
    _answer(team, "uses_model", "Vaste regels of drempelwaarden")
    facilitator.wait_for_timeout(5_000)  # more than one refresh interval
    expect(row).to_contain_text("Algoritme: 2/4")
    facilitator.locator(".st-key-ethics_overview_live_pause").get_by_text("Live bijwerken pauzeren").click()
    wait_for_app(facilitator)
    expect(row).to_contain_text("Algoritme: 3/4", timeout=10_000)

    # Step 3: the values at stake (axe in every step a team reaches).
    _step(team, "3. Waarden")
    expect(team.get_by_role("heading", level=2)).to_have_count(1)
    check_accessibility(team, "ethics page: values step")

    # Step 4: summary, routing advice and the decision with an owner and due date per action.
    _step(team, "4. Besluit")
    expect(team.get_by_text("Verwijsadvies")).to_be_visible()
    expect(team.locator(".st-key-ethics_action_text_1 input")).to_have_value(ACTION)
    team.locator(".st-key-ethics_outcome").get_by_text("Bijstellen", exact=True).click()
    wait_for_app(team)
    motivation = team.locator(".st-key-ethics_motivation textarea")
    motivation.fill("Eerst uitlegbaarheid regelen.")
    motivation.press("Tab")  # a text area commits on blur; let that rerun finish before the next click
    wait_for_app(team)
    due = (date.today() + timedelta(days=30)).isoformat()
    for rid, owner in ((0, "Beleid"), (1, "Data-analist")):
        _pick(team, f"ethics_action_owner_{rid}", owner)
        team.locator(f".st-key-ethics_action_due_{rid} input").fill(due)
        team.keyboard.press("Enter")
        wait_for_app(team)
    team.locator(".st-key-ethics_decision_save button").click()
    wait_for_app(team)
    expect(team.locator("[data-testid='stAlertContentError']")).to_have_count(0)
    check_accessibility(team, "ethics page: summary and decision")
    # The rules behind each advice: article, source link, check date ("stand van zaken").
    sources = team.locator(".st-key-ethics_routing_dpia").get_by_text("Regels en bronnen (stand van zaken:")
    sources.click()
    expect(team.locator(".st-key-ethics_routing_dpia").get_by_role("link").first).to_be_visible()
    check_accessibility(team, "ethics page: the rules and sources behind the DPIA advice")
    expect(row).to_contain_text("Bijstellen", timeout=10_000)

    # Step 5: the printable HTML report holds the concern and the action list.
    _step(team, "5. Verslag")
    with team.expect_download() as info:
        team.locator(".st-key-ethics_download_html button").click()
    target = tmp_path / info.value.suggested_filename
    info.value.save_as(target)
    report = target.read_text(encoding="utf-8")
    assert info.value.suggested_filename.endswith(".html")
    assert html.escape(CONCERN) in report
    assert html.escape(ACTION) in report
    assert "Eerst uitlegbaarheid regelen." in report and "Bijstellen" in report and due in report
    check_accessibility(team, "ethics page: report step")
    viewer = new_context().new_page()  # the downloaded report is a page of its own
    viewer.goto(target.as_uri())
    expect(viewer.get_by_role("heading", level=1)).to_be_visible()
    check_accessibility(viewer, "ethics report (downloaded HTML)")
