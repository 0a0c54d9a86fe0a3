"""Several app processes behind nginx (`python -m dshub serve`, scripts/serve) on one PostgreSQL.

A team plays through one process while the facilitator's console runs on the other: the
console sees the team's answer. Then the team's process is killed with `kill -9` in the middle
of the round: the team's page reconnects through nginx to the other process, still knows who
it is and what it answered, and keeps following the console. The supervisor's own tests: the
health check through nginx speaks for every process, a dead process is started again, and
SIGTERM leaves nothing running.
"""

from __future__ import annotations

import json
import os
import signal
import time
from pathlib import Path

import sqlalchemy
from playwright.sync_api import expect

from tests.support.browser import wait_for_app
from tests.support.serve import alive, running_serve, wait_until
from tests.support.server import run_dshub_cli

DATA = Path(__file__).resolve().parents[1] / "data" / "benchmarks"
LIVE = 10_000  # ms: a screen follows the console within ~2 s; leave room for a busy machine
RECONNECT = 10_000  # ms: the target for clients of a killed process
CARD = "lc_truncated_axis"


def _device_on(served, context, route: str, index: int, url: str):
    """A device whose route cookie sends it to app process `index`; opens `url` there."""
    context.add_cookies([{"name": "dshub_route", "value": route, "url": served.url}])
    page = context.new_page()
    response = page.goto(url)
    assert response.headers.get("x-dshub-upstream") == f"127.0.0.1:{served.worker(index)['port']}"
    wait_for_app(page)
    return page


def test_a_team_on_one_process_and_the_console_on_the_other_survive_a_kill(postgres_db_url, new_context):
    env = {"DSHUB_DATABASE_URL": postgres_db_url, "DSHUB_RESTART_DELAY": "600"}  # no restart: failover only
    with running_serve(env, workers=2) as served:
        created = json.loads(
            run_dshub_cli(served.env, "workshop", "create", "--title", "Regiodag", "--municipality", "Dongen").stdout
        )
        team_route, console_route = served.route_to(0), served.route_to(1)

        team = _device_on(served, new_context(), team_route, 0, created["join_url"])
        team.locator(".st-key-join_new_team input").fill("Tafel Noord")
        team.locator(".st-key-join_submit button").click()
        expect(team.get_by_text('Je zit in team "Tafel Noord".')).to_be_visible()
        wait_for_app(team)
        team.get_by_role("link", name="Spel", exact=True).click()
        wait_for_app(team)

        console = _device_on(served, new_context(), console_route, 1, created["facilitator_url"])
        console.get_by_role("link", name="Spel leiden").click()
        wait_for_app(console)
        # The team joined through process 0; process 1's console lists it by itself.
        expect(console.locator("[class*='st-key-game_bricks_']")).to_have_count(1, timeout=LIVE)
        for key in ("game_cmd_start_game", "game_cmd_open_question"):
            console.locator(f".st-key-{key} button").click()
            wait_for_app(console)

        question = "Het rapportcijfer voor het gemeenteloket lijkt hard te stijgen."
        expect(team.get_by_text(question)).to_be_visible(timeout=LIVE)
        team.locator(f".st-key-game_ans_{CARD}_axis_not_zero label").click()
        team.locator(".st-key-game_confirm button").click()
        wait_for_app(team)
        answer = "Ons teamantwoord: De verticale as begint niet bij nul"
        expect(team.get_by_text(answer)).to_be_visible(timeout=LIVE)
        expect(console.get_by_text("1 van 1 teams hebben geantwoord.")).to_be_visible(timeout=LIVE)

        # kill -9 the team's process in the middle of the round.
        victim = served.worker(0)
        os.kill(victim["pid"], signal.SIGKILL)
        killed_at = time.monotonic()
        wait_until(lambda: not alive(victim["pid"]), 10, "the killed process is gone")
        # nginx takes it out: monitoring sees a process down (it is not restarted in this test).
        wait_until(lambda: served.get("/_stcore/health")[0] == 503, 10, "health check reports the dead process")

        # The team's page reconnects by itself (no reload) to process 1 and is the same team, same answer.
        expect(team.locator("[data-testid='stApp'][data-test-connection-state='CONNECTED']")).to_have_count(
            1, timeout=RECONNECT
        )
        expect(team.get_by_text(answer)).to_be_visible(timeout=RECONNECT)
        assert time.monotonic() - killed_at < RECONNECT / 1000 + 5
        expect(team.get_by_text(question)).to_be_visible()
        expect(team.locator(f".st-key-game_ans_{CARD}_axis_not_zero input")).to_be_checked()
        wait_for_app(team)
        _, headers, _ = served.get("/", cookie=team_route)
        assert headers.get("x-dshub-upstream") == f"127.0.0.1:{served.worker(1)['port']}"

        # ... and keeps following the console, which never noticed.
        console.locator(".st-key-game_cmd_lock button").click()
        wait_for_app(console)
        expect(team.get_by_text("De antwoorden zijn gesloten.")).to_be_visible(timeout=LIVE)
        # Nothing acknowledged was lost or doubled: one team answer, written once.
        engine = sqlalchemy.create_engine(postgres_db_url)
        try:
            with engine.connect() as conn:
                rows = conn.execute(
                    sqlalchemy.text(
                        "select a.item_id, (select count(*) from answer_history h where h.answer_id = a.id) "
                        "from answer a where a.instrument = 'game'"
                    )
                ).all()
        finally:
            engine.dispose()
        assert [tuple(r) for r in rows] == [(CARD, 1)]
        assert "Traceback" not in served.log()


def test_health_speaks_for_every_process_and_sigterm_stops_everything():
    """No DSHUB_DATABASE_URL and two processes: serve starts its own PostgreSQL under var/."""
    with running_serve({"DSHUB_DATABASE_URL": "", "DSHUB_RESTART_DELAY": "1"}, workers=2) as served:
        state = served.state()
        assert state["database"].startswith("postgresql+psycopg://postgres:***@127.0.0.1:")
        assert (served.var_dir / "postgres" / "password").stat().st_mode & 0o077 == 0
        status, _, body = served.get("/_stcore/health")
        assert (status, body) == (200, b"ok")
        # Each process answers through nginx (the route cookie decides which).
        seen = {served.get("/", cookie=f"c{i}")[1].get("x-dshub-upstream") for i in range(40)}
        assert seen == {f"127.0.0.1:{w['port']}" for w in state["workers"]}

        victim = state["workers"][1]
        os.kill(victim["pid"], signal.SIGKILL)
        status, _, body = wait_until(
            lambda: (r := served.get("/_stcore/health"))[0] == 503 and r, 10, "health check reports the dead process"
        )
        assert b"[1]" in body
        # A browser with a route cookie is still told its (other) process is up.
        assert served.get("/_stcore/health", cookie="c0")[0] == 200
        wait_until(lambda: served.state()["workers"][1]["restarts"] == 1, 30, "the process is started again")
        wait_until(lambda: served.get("/_stcore/health")[0] == 200, 60, "every process up again")

        pids = [w["pid"] for w in served.state()["workers"]]
        pids.append(int((served.var_dir / "serve" / "nginx" / "nginx.pid").read_text()))
        pids.append(int((served.var_dir / "postgres" / "data" / "postmaster.pid").read_text().split()[0]))
        served.proc.send_signal(signal.SIGTERM)
        assert served.proc.wait(timeout=60) == 0
        wait_until(lambda: not any(alive(pid) for pid in pids), 20, "every process this started has stopped")
        assert not (served.var_dir / "serve" / "state.json").exists()


def test_uploads_and_downloads_reach_the_process_that_holds_the_session(postgres_db_url, new_context):
    """A file upload (/_stcore/upload_file/<session>) and a download (/media/...) exist only in the
    process that holds the browser's session: the route cookie must bring every request there, and
    Streamlit's XSRF cookie must hold (one cookie secret for every process)."""
    admin_key = "a-long-enough-admin-key-for-tests"
    env = {"DSHUB_DATABASE_URL": postgres_db_url, "DSHUB_ADMIN_KEY": admin_key}
    with running_serve(env, workers=2) as served:
        page = _device_on(served, new_context(accept_downloads=True), served.route_to(1), 1, f"{served.url}/benchmark")
        page.get_by_role("tab", name="Gegevens beheren").click()
        wait_for_app(page)
        with page.expect_download() as download:
            page.locator(".st-key-benchmark_template button").click()
        assert download.value.path().read_text(encoding="utf-8-sig").startswith("lab_id,")

        page.locator(".st-key-benchmark_admin_key input").fill(admin_key)
        page.locator(".st-key-benchmark_admin_unlock button").click()
        wait_for_app(page)
        page.locator(".st-key-benchmark_upload input[type=file]").set_input_files(str(DATA / "good_comma.csv"))
        expect(page.locator(".st-key-benchmark_upload").get_by_text("good_comma.csv")).to_be_visible()
        wait_for_app(page)
        page.locator(".st-key-benchmark_import button").click()
        wait_for_app(page)
        expect(page.get_by_text('In gebruik: geladen labgegevens uit "good_comma.csv"')).to_be_visible(timeout=LIVE)
