"""Browser journey: two teams answer the quickscan on their own devices; the facilitator opens the
dashboard, sees both teams in the radar's mean and spread (and the benchmark overlay), and downloads
the HTML report. Every page is checked with axe-core."""

from __future__ import annotations

import json
import re

from playwright.sync_api import expect

from dshub.content import load_content
from dshub.maturity.content import MaturityModel
from tests.support.browser import check_accessibility, wait_for_app

MODEL = load_content().get("maturity", MaturityModel)


def _answer_quickscan(context, app_url: str, code: str, team: str, level: int) -> None:
    page = context.new_page()
    page.goto(f"{app_url}/join?code={code}")
    wait_for_app(page)
    page.locator(".st-key-join_new_team input").fill(team)
    page.locator(".st-key-join_submit button").click()
    expect(page.get_by_text(f'Je zit in team "{team}".')).to_be_visible()
    page.get_by_role("link", name="Volwassenheidsscan invullen").click()
    wait_for_app(page)
    checked = False
    for dim in MODEL.dimensions:
        expect(page.get_by_role("heading", name=dim.label.get("nl"))).to_be_visible()
        for item in [i for i in MODEL.items_for("quick") if i.dimension == dim.id]:
            box = page.locator(f".st-key-item_{item.id}")
            box.get_by_text(item.options[level - 1].get("nl"), exact=True).click()
            wait_for_app(page)
        if not checked:
            check_accessibility(page, "scan page")
            checked = True
        if dim is not MODEL.dimensions[-1]:
            page.locator(".st-key-scan_next button").click()
            wait_for_app(page)
    total = len(MODEL.items_for("quick"))
    expect(page.get_by_text(f"{total} van {total} vragen beantwoord")).to_be_visible()


def test_two_teams_answer_and_the_dashboard_shows_both(app_server, new_context, dshub_cli, tmp_path):
    created = json.loads(dshub_cli("workshop", "create", "--title", "Dag", "--municipality", "Dongen").stdout)
    _answer_quickscan(new_context(), app_server.url, created["join_code"], "Noord", 2)
    _answer_quickscan(new_context(), app_server.url, created["join_code"], "Zuid", 4)

    page = new_context(accept_downloads=True).new_page()
    page.goto(created["facilitator_url"])
    wait_for_app(page)
    page.get_by_role("link", name="Resultaten volwassenheidsscan").click()
    wait_for_app(page)
    expect(page.get_by_text("Antwoorden van 2 teams")).to_be_visible()
    radar = page.locator(".st-key-results_radar")
    expect(radar.locator(".main-svg").first).to_be_visible()
    expect(radar).to_contain_text("Datalabs 2019")  # the benchmark overlay's legend entry
    expect(radar).to_contain_text("onze schatting")  # labelled as an estimate
    # The text alternative carries the numbers: every dimension has mean 3, lowest 2, highest 4.
    page.get_by_text("De grafiek als tabel").click()
    table = page.locator("table").first
    expect(table).to_contain_text(MODEL.dimensions[0].label.get("nl"))
    rows = table.locator("tbody tr")
    expect(rows).to_have_count(len(MODEL.dimensions))
    first = rows.first.inner_text()
    assert re.search(r"\b3(\.0+)?\b", first) and re.search(r"\b2(\.0+)?\b", first) and re.search(r"\b4(\.0+)?\b", first)
    check_accessibility(page, "results dashboard")

    with page.expect_download() as info:
        page.locator(".st-key-download_html button").click()
    report = tmp_path / "report.html"
    info.value.save_as(report)
    html = report.read_text(encoding="utf-8")
    assert "Dongen" in html and "Volgende stappen" in html and "Plotly" in html
