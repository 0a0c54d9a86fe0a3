"""Shared fixtures: PostgreSQL, the live app, and the browser. See docs/testing.md."""

from __future__ import annotations

import contextlib
import os
import re
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.support import REPO_ROOT, free_port, venv_python
from tests.support.postgres import ENV_SKIP, PostgresUnavailable, fresh_database, running_postgres
from tests.support.server import RunningApp, run_dshub_cli, running_app

BROWSER_FIXTURES = {"browser", "new_context", "page"}
POSTGRES_FIXTURES = {"postgres_url", "postgres_db_url"}
ARTIFACTS_DIR = REPO_ROOT / "test-results"
_REPORTS = pytest.StashKey[dict]()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark tests by the fixtures they use, so `-m "not browser"` works without discipline."""
    for item in items:
        names = set(getattr(item, "fixturenames", ()))
        if names & BROWSER_FIXTURES:
            item.add_marker(pytest.mark.browser)
        if names & POSTGRES_FIXTURES:
            item.add_marker(pytest.mark.postgres)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    report = yield
    item.stash.setdefault(_REPORTS, {})[report.when] = report
    if report.failed and report.when in ("setup", "call"):
        app = getattr(item, "funcargs", {}).get("app_server")
        if isinstance(app, RunningApp):
            log = app.log()
            report.sections.append(("streamlit server log (tail)", log[-6000:]))
    return report


# --------------------------------------------------------------------------- databases


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """SQLAlchemy URL of a throwaway PostgreSQL database (`dshub_test`), one per session.

    Uses DSHUB_TEST_POSTGRES_URL if set. If no server can be started the requesting
    tests error with the reason; with DSHUB_SKIP_POSTGRES=1 they are skipped instead.
    """
    with contextlib.ExitStack() as stack:
        try:
            url = stack.enter_context(running_postgres())
        except PostgresUnavailable as exc:
            if os.environ.get(ENV_SKIP) == "1":
                pytest.skip(f"PostgreSQL unavailable ({ENV_SKIP}=1): {str(exc).splitlines()[0]}")
            pytest.fail(
                f"PostgreSQL could not be started for the postgres tests.\n{exc}\n"
                f"(Set {ENV_SKIP}=1 to skip these tests instead.)",
                pytrace=False,
            )
        yield url


@pytest.fixture
def postgres_db_url(postgres_url: str) -> Iterator[str]:
    """A fresh, empty database on the session's PostgreSQL server, dropped after the test."""
    with fresh_database(postgres_url) as url:
        yield url


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """SQLAlchemy URL of an empty SQLite file in the test's tmp dir."""
    return f"sqlite:///{tmp_path / 'dshub.sqlite3'}"


# --------------------------------------------------------------------------- live app


def _cli_has(command: str, env: dict[str, str]) -> bool:
    if not (REPO_ROOT / "dshub" / "__main__.py").exists():
        return False
    proc = subprocess.run(
        [str(venv_python()), "-m", "dshub", "--help"],
        cwd=REPO_ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    return re.search(rf"(?<![\w-]){re.escape(command)}(?![\w-])", proc.stdout + proc.stderr) is not None


@pytest.fixture(scope="session")
def app_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningApp]:
    """The real app (`streamlit run app.py`) on 127.0.0.1 with its own temp SQLite DB.

    Runs `python -m dshub init-db` with the same environment first (when the CLI has
    it). `app_server.env` holds the DSHUB_* variables, e.g. for `run_dshub_cli`.
    """
    if not (REPO_ROOT / "app.py").exists():
        pytest.fail("app.py not found at the repo root; the browser tests need the app.", pytrace=False)
    db_path = tmp_path_factory.mktemp("app-db") / "dshub.sqlite3"
    port = free_port()
    env = {
        "DSHUB_DATABASE_URL": f"sqlite:///{db_path}",
        "DSHUB_BASE_URL": f"http://127.0.0.1:{port}",
    }
    if _cli_has("init-db", env):
        run_dshub_cli(env, "init-db")
    with running_app(env, port=port) as app:
        yield app


@pytest.fixture
def dshub_cli(app_server: RunningApp) -> Callable[..., subprocess.CompletedProcess]:
    """Run `python -m dshub <args>` against the live app's database; fails on non-zero exit."""

    def run(*args: str) -> subprocess.CompletedProcess:
        return run_dshub_cli(app_server.env, *args)

    return run


# --------------------------------------------------------------------------- browser


@pytest.fixture(scope="session")
def _playwright():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        yield pw


@pytest.fixture(scope="session")
def browser(_playwright):
    """Headless Debian Chromium (/usr/bin/chromium), one per session."""
    from tests.support.browser import launch_browser

    browser = launch_browser(_playwright)
    yield browser
    browser.close()


def _artifact_name(nodeid: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", nodeid)[-150:]


@pytest.fixture
def new_context(browser, request: pytest.FixtureRequest):
    """Factory for separate browser contexts (own cookies/storage, like separate devices).

    `new_context(**kwargs)` passes kwargs to `browser.new_context` (default viewport
    1280x900, default timeout 15 s). All contexts are closed after the test; if the test
    failed, a screenshot of every open page goes to test-results/.
    """
    from tests.support.browser import DEFAULT_TIMEOUT_MS

    contexts = []

    def factory(**kwargs):
        kwargs.setdefault("viewport", {"width": 1280, "height": 900})
        context = browser.new_context(**kwargs)
        context.set_default_timeout(DEFAULT_TIMEOUT_MS)
        contexts.append(context)
        return context

    yield factory

    reports = request.node.stash.get(_REPORTS, {})
    failed = any(r.failed for r in reports.values())
    for i, context in enumerate(contexts):
        if failed:
            for j, pg in enumerate(context.pages):
                with contextlib.suppress(Exception):
                    ARTIFACTS_DIR.mkdir(exist_ok=True)
                    pg.screenshot(
                        path=str(ARTIFACTS_DIR / f"{_artifact_name(request.node.nodeid)}-c{i}p{j}.png"),
                        full_page=True,
                    )
        with contextlib.suppress(Exception):
            context.close()


@pytest.fixture
def page(new_context):
    """One page in a fresh browser context."""
    return new_context().new_page()
