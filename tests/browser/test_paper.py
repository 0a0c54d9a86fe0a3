"""Browser check of the paper entry screen: the facilitator types in a sheet for a new team, on a laptop
and on a phone; every state is checked with axe-core and the phone layout must fit."""

from __future__ import annotations

import json
from urllib.parse import parse_qs, urlparse

from playwright.sync_api import expect

from tests.support.browser import PHONE, assert_fits, check_accessibility, wait_for_app


def test_the_paper_entry_screen_is_accessible(app_server, new_context, dshub_cli):
    created = json.loads(dshub_cli("workshop", "create", "--title", "Dag", "--municipality", "Dongen").stdout)
    key = parse_qs(urlparse(created["facilitator_url"]).query)["key"][0]
    code = created["join_code"]

    # Opened from a sheet's QR code: no key in the address, so the page asks for it.
    qr = new_context(viewport=PHONE).new_page()
    qr.goto(f"{app_server.url}/paper?code={code}&team=new")
    wait_for_app(qr)
    expect(qr.locator(".st-key-paper_key_input")).to_be_visible()
    check_accessibility(qr, "paper entry: asks for the facilitator link (phone)")
    assert_fits(qr, "paper entry: asks for the facilitator link (phone)")

    # From the facilitator page: the form for a new team's sheet, shaped like the sheet.
    page = new_context().new_page()
    page.goto(f"{app_server.url}/paper?key={key}&team=new")
    wait_for_app(page)
    expect(page.locator(".st-key-paper_team")).to_be_visible()
    check_accessibility(page, "paper entry: the sheet of a new team")
    phone = new_context(viewport=PHONE).new_page()
    phone.goto(f"{app_server.url}/paper?key={key}&team=new")
    wait_for_app(phone)
    assert_fits(phone, "paper entry: the sheet of a new team (phone)")
