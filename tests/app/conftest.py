"""AppTest helpers: run the real app.py router against a fresh SQLite database."""

from __future__ import annotations

from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from dshub.config import settings
from dshub.store.db import Database

APP = Path(__file__).resolve().parents[2] / "app.py"


@pytest.fixture
def db_url(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'app.sqlite3'}"
    monkeypatch.setenv("DSHUB_DATABASE_URL", url)
    monkeypatch.setenv("DSHUB_BASE_URL", "https://dshub.test")
    monkeypatch.delenv("DSHUB_DEFAULT_LANG", raising=False)
    settings.cache_clear()
    st.cache_resource.clear()
    yield url
    st.cache_resource.clear()
    settings.cache_clear()


@pytest.fixture
def db(db_url):
    from dshub.store.migrate import upgrade

    upgrade(db_url)
    database = Database(db_url)
    yield database
    database.dispose()


@pytest.fixture
def open_page(db_url):
    """open_page("app_pages/join.py", lang="en", code="ABCDEF") -> a run AppTest on that page, inside app.py."""

    def _open(page: str | None = None, *, lang: str = "nl", **query) -> AppTest:
        at = AppTest.from_file(str(APP), default_timeout=30)
        at.query_params.update(query)
        at.context["url"] = "https://dshub.test/"
        at.session_state["lang"] = lang
        at.run()
        if page:
            at.switch_page(page)
            at.run()
        return at

    return _open


def texts(at: AppTest) -> str:
    """Everything visible as text on the page, for content assertions."""
    parts = []
    for kind in (
        "title",
        "header",
        "subheader",
        "markdown",
        "caption",
        "success",
        "info",
        "warning",
        "error",
        "code",
        "text",
    ):
        parts += [str(e.value) for e in getattr(at, kind)]
    return "\n".join(parts)


def html_tables(at: AppTest) -> list[str]:
    """The accessible HTML tables (``dshub.ui.core.table``) on the page, as HTML."""
    return [h.proto.body for h in at.get("html") if "<table" in h.proto.body and "dshub-table" in h.proto.body]


def assert_clean(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def watcher_split(at, key: str):
    """The page's one live watcher (the container ``key``): (elements inside it, keys of the widgets
    outside it). Fails when there is not exactly one watcher or an input sits inside it."""
    from streamlit.testing.v1.element_tree import Widget

    def walk(node, inside=False):
        inside = inside or getattr(node, "key", None) == key
        yield node, inside
        children = getattr(node, "children", None)
        for child in children.values() if isinstance(children, dict) else ():
            yield from walk(child, inside)

    elements = list(walk(at.main))
    assert len([e for e, _ in elements if getattr(e, "key", None) == key]) == 1, "one watcher per page"
    in_watch = [e for e, inside in elements if inside and getattr(e, "key", None) != key]
    assert not [e for e in in_watch if isinstance(e, Widget)], "no input in the refreshing part"
    return in_watch, [e.key for e, inside in elements if isinstance(e, Widget) and not inside]
