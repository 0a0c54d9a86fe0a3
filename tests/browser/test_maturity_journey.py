"""Browser journey: two teams answer the quickscan on their own devices; the facilitator opens the
dashboard, sees both teams in the radar's mean and spread (and the benchmark overlay), and downloads
the HTML report. Every page is checked with axe-core."""

from __future__ import annotations

import json
import re

from playwright.sync_api import expect

from dshub.content import load_content
from dshub.maturity.content import MaturityModel
from dshub.services import maturity, workshops
from dshub.store.db import Database
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
    expect(radar).to_contain_text(re.compile(r"onze\s*schatting"))  # labelled as an estimate (wrapped to fit)
    # The text alternative carries the numbers: every dimension has mean 3, lowest 2, highest 4.
    page.get_by_text("De grafiek als tabel").click()
    scores = page.get_by_role("region", name="Scores per dimensie")
    expect(scores).to_contain_text(MODEL.dimensions[0].label.get("nl"))
    headers = [h.strip() for h in scores.locator("thead th").all_inner_texts()]
    rows = scores.locator("tbody tr")
    expect(rows).to_have_count(len(MODEL.dimensions))
    for n in range(len(MODEL.dimensions)):
        cells = dict(zip(headers, (c.strip() for c in rows.nth(n).locator("td").all_inner_texts())))
        assert cells["Dimensie"] == MODEL.dimensions[n].label.get("nl")
        assert (cells["Gemiddelde"], cells["Laagste"], cells["Hoogste"]) == ("3.0", "2.0", "4.0"), cells
        assert cells["Aantal deelnemers"] == "2" and cells["Meningen lopen uiteen"] == "ja"
    check_accessibility(page, "results dashboard")

    page.locator(".st-key-prepare_html button").click()
    wait_for_app(page)
    with page.expect_download() as info:
        page.locator(".st-key-download_html button").click()
    report = tmp_path / "report.html"
    info.value.save_as(report)
    html = report.read_text(encoding="utf-8")
    assert "Dongen" in html and "Volgende stappen" in html and "Plotly" in html
    assert html.count("<figure>") == 2  # the radar and the questions on which opinions differ (2 against 4)
    assert "<h2>Vragen waarover de meningen uiteenlopen</h2>" in html
    assert "onze eigen schatting" in html  # the benchmark overlay's note


def test_a_note_being_typed_survives_a_tablemates_save(app_server, new_context, dshub_cli):
    """The scan refreshes every few seconds; a tablemate's answer must not wipe a note that is still being typed."""
    created = json.loads(dshub_cli("workshop", "create", "--title", "Dag", "--municipality", "Tilburg").stdout)
    page = new_context().new_page()
    page.goto(f"{app_server.url}/join?code={created['join_code']}")
    wait_for_app(page)
    page.locator(".st-key-join_new_team input").fill("West")
    page.locator(".st-key-join_submit button").click()
    expect(page.get_by_text('Je zit in team "West".')).to_be_visible()
    page.get_by_role("link", name="Volwassenheidsscan invullen").click()
    wait_for_app(page)
    item = next(i for i in MODEL.items_for("quick") if i.dimension == MODEL.dimensions[0].id)
    box = page.locator(f".st-key-item_{item.id}")
    box.get_by_text(item.options[1].get("nl"), exact=True).click()
    wait_for_app(page)
    note = box.locator("input[type=text]")
    note.click()
    note.press_sequentially("Zie de datastrategie van 2025")  # typed, not yet saved (no Enter, no blur)

    db = Database(app_server.env["DSHUB_DATABASE_URL"])
    try:
        team = workshops.facilitator_lobby(db, created["facilitator_url"].split("key=")[1]).teams[0]
        mate = workshops.join(db, code=created["join_code"], team_id=team.id)
        maturity.save_scan_answer(db, MODEL, mate.token, mode="team", item_id=item.id, value=4)
        expect(box.get_by_role("radio", name=item.options[3].get("nl"))).to_be_checked(timeout=15_000)
        page.wait_for_timeout(6_000)  # one more refresh of the answers section
        assert note.input_value() == "Zie de datastrategie van 2025"
        note.press("Enter")
        wait_for_app(page)
        stored = maturity.scan_sheet(db, mate.token, "team").answers[item.id]
        assert (stored.value, stored.note) == (4, "Zie de datastrategie van 2025")
    finally:
        db.dispose()
