"""Browser journeys through the Hub's knowledge with no network beyond the app: the catalogue (filters,
an entry with its instruction and a dummy CSV that downloads) and the data-labs page (factsheets, a
comparison with one's own lab, the offline map and its table). Any request to another
host fails the test: the room's wifi may have no internet, and nothing may leak to a CDN or tile server.
Every state is checked with axe-core and at phone width."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.support.browser import assert_fits, check_accessibility, wait_for_app
from tests.unit.test_datalabs import RECORDS


@pytest.fixture
def offline(new_context, app_server):
    """A browser context that may only talk to the app; returns (page, the outside requests it tried)."""
    app_host = urlsplit(app_server.url).hostname
    outside: list[str] = []

    def only_the_app(route):
        if urlsplit(route.request.url).hostname in (app_host, "localhost"):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context = new_context()
    context.route("**/*", only_the_app)
    return context.new_page(), outside


@pytest.fixture
def lab_records(dshub_cli, tmp_path):
    records = tmp_path / "labs.csv"
    records.write_text(RECORDS, encoding="utf-8")
    dshub_cli("benchmark", "import", str(records))
    yield
    dshub_cli("benchmark", "reset")  # the other journeys see the survey's figures again


def _choose(page, key: str, option: str) -> None:
    """Pick ``option`` in the select box with widget key ``key``, by keyboard (type, Enter)."""
    box = page.locator(f".st-key-{key} input")
    box.click()
    box.fill(option)
    page.get_by_role("option", name=option, exact=True).click()
    wait_for_app(page)


def test_data_labs_factsheets_and_the_map_work_offline(offline, app_server, lab_records):
    page, outside = offline
    page.goto(f"{app_server.url}/datalabs")
    wait_for_app(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Datalabs")
    expect(page.get_by_text("labs.csv")).to_be_visible()
    _choose(page, "datalabs_lab", "Urban Data Center Eindhoven")
    factsheet = page.locator("table", has=page.locator("caption", has_text="Factsheet: Urban Data Center Eindhoven"))
    expect(factsheet).to_contain_text("Start with one question the alderman cares about")
    # The map: drawn by plotly in the page (hundreds of municipality shapes), no tiles, no CDN.
    chart = page.locator(".st-key-datalabs_map .main-svg").first
    expect(chart).to_be_visible()
    page.wait_for_function("() => document.querySelectorAll('.st-key-datalabs_map .scatterlayer path').length > 300")
    expect(page.get_by_text("CBS / PDOK").first).to_be_visible()
    as_table = page.locator("table", has=page.locator("caption", has_text="De kaart als tabel"))
    expect(as_table).to_contain_text("Eindhoven")
    check_accessibility(page, "data labs: a lab's factsheet and the map")

    _choose(page, "datalabs_municipality", "Dongen")
    side = page.locator(
        "table", has=page.locator("caption", has_text="Urban Data Center Eindhoven naast Datalab Dongen")
    )
    expect(side).to_be_visible()
    check_accessibility(page, "data labs: compared with one's own lab")

    page.set_viewport_size({"width": 375, "height": 812})
    assert_fits(page, "data labs on a phone")
    assert outside == [], f"requests to other hosts: {outside[:5]}"


def test_the_catalogue_and_an_entrys_dummy_csv_work_offline(offline, app_server):
    page, outside = offline
    page.goto(f"{app_server.url}/catalogue")
    wait_for_app(page)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.get_by_role("button", name="Open: Wmo-prognose")).to_be_visible()
    check_accessibility(page, "catalogue: every project")
    _choose(page, "catalogue_domain", "Schulden (1)")
    expect(page.get_by_role("button", name="Open: Wmo-prognose")).to_have_count(0)
    page.get_by_role("button", name="Open: Vroegsignalering van schulden").click()
    wait_for_app(page)
    expect(page.get_by_role("heading", name="Vroegsignalering van schulden")).to_be_visible()
    expect(page.get_by_role("heading", name="Stappen")).to_be_visible()
    assert "entry=debt_prevention" in page.url  # a link to this project can be shared
    check_accessibility(page, "catalogue: one project")

    with page.expect_download() as download:
        page.locator(".st-key-catalogue_download_csv button").click()
    csv = download.value.path().read_text(encoding="utf-8")
    header, first = csv.splitlines()[:2]
    assert header.startswith("signal_id,received_date,creditor_type,arrears_eur")
    assert first.startswith("SIG-0001,")

    page.get_by_role("button", name="Start de ethische data-assistent met dit project").click()
    wait_for_app(page)
    expect(page.get_by_text("Sluit je eerst aan bij een team")).to_be_visible()
    check_accessibility(page, "catalogue: start the assistant without a team")
    page.set_viewport_size({"width": 375, "height": 812})
    assert_fits(page, "a catalogue project on a phone")
    assert outside == [], f"requests to other hosts: {outside[:5]}"
