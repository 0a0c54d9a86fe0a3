"""Self-tests of the test harness: each would fail if its fixture silently did nothing."""

from __future__ import annotations

import os
import textwrap
import urllib.parse

import pytest
import sqlalchemy as sa

from tests.support import free_port
from tests.support.browser import check_accessibility, run_axe, wait_for_app
from tests.support.server import AppStartError, running_app


def _data_url(html: str) -> str:
    return "data:text/html;charset=utf-8," + urllib.parse.quote(html)


GOOD_PAGE = _data_url(
    '<!doctype html><html lang="en"><head><title>Fine page</title></head>'
    '<body><main><h1>Hello</h1><img src="x.png" alt="A described picture"></main></body></html>'
)
BAD_PAGE = _data_url(
    '<!doctype html><html lang="en"><head><title>Bad page</title></head>'
    "<body><main><h1>Hello</h1><img src=x></main></body></html>"
)


# --------------------------------------------------------------------------- postgres


@pytest.mark.postgres
def test_postgres_url_answers_select_1(postgres_url):
    assert postgres_url.startswith("postgresql+psycopg://")
    engine = sa.create_engine(postgres_url)
    try:
        with engine.connect() as conn:
            assert conn.execute(sa.text("select 1")).scalar_one() == 1
            if not os.environ.get("DSHUB_TEST_POSTGRES_URL"):
                assert conn.execute(sa.text("select current_database()")).scalar_one() == "dshub_test"
                assert conn.execute(sa.text("show listen_addresses")).scalar_one() == "127.0.0.1"
    finally:
        engine.dispose()


@pytest.mark.postgres
def test_postgres_db_url_is_a_separate_empty_database(postgres_url, postgres_db_url):
    assert postgres_db_url != postgres_url
    engine = sa.create_engine(postgres_db_url)
    try:
        with engine.begin() as conn:
            tables = conn.execute(
                sa.text("select count(*) from information_schema.tables where table_schema='public'")
            ).scalar_one()
            assert tables == 0
            conn.execute(sa.text("create table t (x int)"))
    finally:
        engine.dispose()


# --------------------------------------------------------------------------- browser


@pytest.mark.browser
def test_browser_opens_a_data_url(page):
    page.goto(GOOD_PAGE)
    assert page.title() == "Fine page"
    assert page.locator("h1").inner_text() == "Hello"


@pytest.mark.browser
def test_new_context_gives_isolated_contexts(new_context):
    first, second = new_context(), new_context()
    assert first is not second
    first.add_cookies([{"name": "who", "value": "first", "url": "http://127.0.0.1/"}])
    assert [c["value"] for c in first.cookies()] == ["first"]
    assert second.cookies() == []


@pytest.mark.browser
def test_axe_flags_an_image_without_alt(page):
    page.goto(BAD_PAGE)
    rules = {f.rule for f in run_axe(page)}
    assert "image-alt" in rules
    with pytest.raises(AssertionError, match="image-alt"):
        check_accessibility(page, "deliberately bad page")


@pytest.mark.browser
def test_axe_passes_a_clean_page(page):
    page.goto(GOOD_PAGE)
    assert run_axe(page) == []
    check_accessibility(page, "clean page")


@pytest.mark.browser
def test_axe_flags_a_broken_list(page):
    # The rule Streamlit's sectioned sidebar navigation breaks; app.py uses a flat list for it.
    page.goto(
        _data_url(
            '<!doctype html><html lang="en"><head><title>List</title></head><body><main>'
            "<ul><div>not an item</div><li>item</li></ul></main></body></html>"
        )
    )
    with pytest.raises(AssertionError, match=r"\blist\b"):
        check_accessibility(page, "our own broken list")


@pytest.mark.browser
def test_heading_check_flags_a_skipped_level_and_a_missing_h1(page):
    page.goto(
        _data_url(
            '<!doctype html><html lang="en"><head><title>H</title></head><body><main>'
            "<h1>Top</h1><h3>Skipped a level</h3></main></body></html>"
        )
    )
    with pytest.raises(AssertionError, match=r"h1 'Top' -> h3 'Skipped a level'"):
        check_accessibility(page, "skipped heading level")
    page.goto(
        _data_url(
            '<!doctype html><html lang="en"><head><title>H</title></head><body><main>'
            "<h2>No h1</h2></main></body></html>"
        )
    )
    with pytest.raises(AssertionError, match="first heading is not an h1"):
        check_accessibility(page, "no h1")


@pytest.mark.browser
def test_lang_check_flags_html_lang_that_is_not_the_chosen_language(page):
    page.goto(
        _data_url(
            '<!doctype html><html lang="en"><head><title>L</title></head><body><main><h1>Taal</h1>'
            '<div class="st-key-lang_switch"><label><input type="radio" name="l" checked>'
            "Nederlands</label></div></main></body></html>"
        )
    )
    with pytest.raises(AssertionError, match="<html lang='en'> but the page is in 'nl'"):
        check_accessibility(page, "wrong html lang")


# --------------------------------------------------------------------------- streamlit

PROBE_SCRIPT = textwrap.dedent(
    """
    import os, time
    import streamlit as st

    def home():
        st.title("Harness probe")
        st.text_input("Name", key="name")
        if st.button("Slow", key="slow"):
            time.sleep(1.0)
            st.write("done slow")
        st.selectbox("Pick", ["a", "b"], key="pick")
        st.checkbox("Tick", key="tick")
        st.sidebar.write("Sidebar")
        st.write("probe env", os.environ.get("PROBE_VALUE", "missing"))
        if st.query_params.get("boom"):
            raise RuntimeError("boom requested")

    def other():
        st.title("Other page")

    st.navigation([
        st.Page(home, title="Home", url_path="home", default=True),
        st.Page(other, title="Other", url_path="other"),
    ]).run()
    """
)


@pytest.fixture(scope="module")
def probe_app(tmp_path_factory):
    folder = tmp_path_factory.mktemp("probe-app")
    (folder / "probe.py").write_text(PROBE_SCRIPT)
    with running_app({"PROBE_VALUE": "from-env"}, script="probe.py", cwd=folder) as app:
        yield app


@pytest.mark.browser
def test_running_app_serves_streamlit_and_passes_env(probe_app, page):
    assert probe_app.env["DSHUB_BASE_URL"] == probe_app.url
    page.goto(probe_app.url)
    wait_for_app(page)
    assert page.get_by_text("from-env").is_visible()


@pytest.mark.browser
def test_wait_for_app_waits_for_the_rerun_after_a_click(probe_app, page):
    page.goto(probe_app.url)
    wait_for_app(page)
    page.get_by_role("button", name="Slow").click()
    wait_for_app(page)
    # No auto-waiting here on purpose: wait_for_app alone must have covered the rerun.
    assert page.get_by_text("done slow").count() == 1


@pytest.mark.browser
def test_wait_for_app_reports_an_exception(probe_app, page):
    page.goto(probe_app.url + "/?boom=1")
    with pytest.raises(AssertionError, match="boom requested"):
        wait_for_app(page)


@pytest.mark.browser
def test_streamlit_chrome_with_a_flat_navigation_passes_axe(probe_app, page):
    page.goto(probe_app.url)
    wait_for_app(page)
    check_accessibility(page, "probe home")
    page.get_by_role("link", name="Other").click()
    wait_for_app(page)
    check_accessibility(page, "probe other page")


def test_running_app_reports_server_output_when_it_cannot_start(tmp_path):
    (tmp_path / "broken.py").write_text("import streamlit as st\n")
    # The port is taken, so Streamlit exits and the error carries its output.
    import socket

    with socket.socket() as blocker:
        blocker.bind(("127.0.0.1", 0))
        blocker.listen()
        port = blocker.getsockname()[1]
        with pytest.raises(AppStartError, match=f"(?s)server output.*{port}"):
            with running_app({}, port=port, script="broken.py", cwd=tmp_path, timeout=30):
                pass
    assert free_port() > 0
