"""Phones (375 x 812) and a projector (1280 x 720): nothing wider than the screen, no chart text cut off,
and axe (no allowlist) in the states these screens reach: the quickscan and the full scan, the results
as facilitator and read-only.
"""

from __future__ import annotations

import json
import re

from playwright.sync_api import Page, expect

from tests.support.browser import PHONE, PROJECTOR, assert_fits, check_accessibility, wait_for_app

LIVE = 10_000


def _join(page: Page, join_url: str, team: str) -> str:
    page.goto(join_url)
    wait_for_app(page)
    assert_fits(page, "join page: team choice")
    page.locator(".st-key-join_new_team input").fill(team)
    page.locator(".st-key-join_submit button").click()
    expect(page.get_by_text(f'Je zit in team "{team}".')).to_be_visible()
    assert_fits(page, "join page: joined")
    return page.url.split("p=")[1].split("&")[0]


def test_what_participants_touch_fits_a_phone(app_server, new_context, dshub_cli):
    demo = json.loads(dshub_cli("demo").stdout)
    phone = new_context(viewport=PHONE).new_page()
    token = _join(phone, demo["join_url"], "Tafel Telefoon")
    for path, label in (
        ("game", "game: waiting for the start"),
        ("scan", "scan: quickscan"),
        ("ethics", "ethics: project step"),
    ):
        phone.goto(f"{app_server.url}/{path}?p={token}")
        wait_for_app(phone)
        assert_fits(phone, label)
    phone.goto(demo["results_url"])  # management reads the results on a phone too
    wait_for_app(phone)
    expect(phone.locator(".js-plotly-plot").first).to_be_visible()
    assert_fits(phone, "results, read-only")
    check_accessibility(phone, "results, read-only (phone)")
    phone.goto(f"{app_server.url}/benchmark")
    assert_fits(phone, "benchmark")


def test_the_facilitators_screens_fit_a_projector(app_server, new_context, dshub_cli):
    demo = json.loads(dshub_cli("demo").stdout)
    projector = new_context(viewport=PROJECTOR).new_page()
    for url, label in ((demo["facilitator_url"], "facilitate: lobby"), (demo["results_url"], "results")):
        projector.goto(url)
        assert_fits(projector, label)
    projector.goto(demo["facilitator_url"].replace("/facilitate?", "/results?"))  # as facilitator: targets
    assert_fits(projector, "results as facilitator")
    check_accessibility(projector, "results as facilitator (projector)")


def test_each_team_picks_its_scan_and_keeps_its_answers(app_server, new_context, dshub_cli):
    created = json.loads(
        dshub_cli("workshop", "create", "--title", "Dag", "--municipality", "Dongen", "--scan", "both").stdout
    )
    phone = new_context(viewport=PHONE).new_page()
    token = _join(phone, created["join_url"], "Tafel Kort")
    phone.goto(f"{app_server.url}/scan?p={token}")
    wait_for_app(phone)
    choice = phone.locator(".st-key-scan_depth")
    expect(choice).to_be_visible()
    progress = phone.get_by_text(re.compile(r"^\d+ van \d+ vragen beantwoord$"))
    expect(progress).to_have_text(re.compile("^0 van"))
    quick_total = progress.inner_text()
    phone.locator("[class*='st-key-scan_team_'] label:has(input[type=radio])").first.click()  # one answer
    expect(progress).to_have_text(re.compile("^1 van"), timeout=LIVE)
    check_accessibility(phone, "scan: quickscan, chosen by the team")
    assert_fits(phone, "scan: quickscan")

    choice.locator("label:has(input[type=radio])").nth(1).click()  # on to the full scan: the answer stays
    wait_for_app(phone)
    expect(progress).to_have_text(re.compile("^1 van"))
    quick_n, full_n = (int(text.split()[2]) for text in (quick_total, progress.inner_text()))
    assert full_n > quick_n  # the full scan asks more
    check_accessibility(phone, "scan: full scan")
    assert_fits(phone, "scan: full scan")
