"""The key for client hashes: made once, shared by every app process, kept across migrations."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, inspect, select, text

from dshub.config import settings
from dshub.services import secrets
from dshub.store.db import Database
from dshub.store.migrate import upgrade
from dshub.store.models import AppSecret


@pytest.fixture(autouse=True)
def fresh(monkeypatch):
    monkeypatch.delenv("DSHUB_HASH_SECRET", raising=False)
    settings.cache_clear()
    secrets.forget_cached()
    yield
    secrets.forget_cached()
    settings.cache_clear()


def test_the_key_is_made_once_and_shared_by_every_process(db):
    other_process = Database(db.url)  # another app process: its own engine, same database
    try:
        with ThreadPoolExecutor(4) as pool:
            keys = set(pool.map(lambda d: secrets._stored_secret(d, secrets.CLIENT_HASH), [db, other_process] * 4))
        assert len(keys) == 1 and len(keys.pop()) == 64
        assert secrets.client_hash_key(db) == secrets.client_hash_key(other_process)
        with db.read() as session:
            assert session.scalar(select(func.count()).select_from(AppSecret)) == 1
    finally:
        other_process.dispose()


def test_the_configured_secret_wins_and_is_not_stored(db, monkeypatch):
    monkeypatch.setenv("DSHUB_HASH_SECRET", "s" * 40)
    settings.cache_clear()
    assert secrets.client_hash_key(db) == b"s" * 40
    with db.read() as session:
        assert session.scalar(select(func.count()).select_from(AppSecret)) == 0


def test_a_short_configured_secret_is_refused(monkeypatch):
    monkeypatch.setenv("DSHUB_HASH_SECRET", "short")
    settings.cache_clear()
    assert settings().hash_secret is None and "at least 32" in settings().problems[0]


def test_migration_0004_adds_the_table_and_keeps_data(tmp_path):
    url = f"sqlite:///{tmp_path / 'm.sqlite3'}"
    upgrade(url, "0003")
    database = Database(url)
    try:
        with database.engine.begin() as conn:
            conn.execute(text("INSERT INTO rate_limit_event (bucket, at) VALUES ('join:x', '2026-12-04 05:00:00')"))
        assert "app_secret" not in inspect(database.engine).get_table_names()
        upgrade(url, "0004")
        assert "app_secret" in inspect(database.engine).get_table_names()
        with database.engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM rate_limit_event")).scalar() == 1
            assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == "0004"
        assert len(secrets.client_hash_key(database)) == 64
    finally:
        database.dispose()
