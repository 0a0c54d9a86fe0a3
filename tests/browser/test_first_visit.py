"""Right after a (re)start, the first visitor may arrive on a deep link (a join link from a QR code).
The page must still run inside app.py's frame: language switch, our navigation and styles."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.support import free_port
from tests.support.browser import wait_for_app
from tests.support.server import run_dshub_cli, running_app


def test_first_visit_on_a_deep_link_gets_the_full_frame(tmp_path, new_context):
    port = free_port()
    env = {
        "DSHUB_DATABASE_URL": f"sqlite:///{tmp_path / 'first.sqlite3'}",
        "DSHUB_BASE_URL": f"http://127.0.0.1:{port}",
    }
    run_dshub_cli(env, "demo")
    with running_app(env, port=port) as app:  # a fresh server: nobody has opened "/" yet
        page = new_context().new_page()
        page.goto(f"{app.url}/join?code=DEMDAG")
        wait_for_app(page)
        expect(page.locator(".st-key-lang_switch")).to_be_visible()
        nav = page.locator('[data-testid="stSidebarNavItems"]')
        expect(nav).to_contain_text("Meedoen")
        expect(nav).not_to_contain_text("ethics overview")  # not the raw file list of app_pages/
        expect(page.get_by_text("Je doet mee aan")).to_be_visible()
