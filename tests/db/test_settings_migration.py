"""Migration 0007 (typed workshop settings) on SQLite and PostgreSQL: every row is rewritten into the
normalised shape, damaged values are dropped, unknown keys are kept, and running it again changes nothing."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import text

from dshub.services import maturity, programme
from dshub.store.db import Database
from dshub.store.migrate import downgrade, upgrade
from dshub.store.models import Workshop
from dshub.store.settings import read_settings

ROWS = {
    1: {},  # nothing set
    2: {
        "scan": "both",
        "size_class": "small",
        "lab_type": "collaborating",
        "peer_opt_in": True,
        "targets": {"data": 4},
        "history_links": [1],
        "programme": {"parts": [{"kind": "game", "at": "09:30"}, {"kind": "ethics", "at": None}], "current": 1},
    },
    3: {
        "scan": "medium",
        "peer_opt_in": "yes",
        "lab_type": "free text",
        "targets": {"data": "x", "people": 3},
        "history_links": [2, True, "3"],
        "legacy_flag": {"kept": 1},
        "programme": {"parts": [{"kind": "game", "at": "25:99"}, {"kind": "karaoke"}, "junk"], "current": 7},
    },
    4: {"programme": "garbage", "size_class": 3},
}
EXPECTED = {
    1: {},
    2: ROWS[2],
    3: {
        "targets": {"people": 3},
        "history_links": [2],
        "legacy_flag": {"kept": 1},
        "programme": {"parts": [{"kind": "game", "at": None}], "current": None},
    },
    4: {},
}


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def empty_url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'm.sqlite3'}"
    return request.getfixturevalue("postgres_db_url")


def _settings(database: Database) -> dict[int, dict]:
    with database.engine.connect() as conn:
        rows = conn.execute(text("SELECT id, settings FROM workshop ORDER BY id")).all()
    return {i: value if isinstance(value, dict) else json.loads(value) for i, value in rows}


def test_migration_0007_normalises_every_workshops_settings(empty_url):
    upgrade(empty_url, "0006")
    database = Database(empty_url)
    try:
        with database.engine.begin() as conn:
            for i, value in ROWS.items():
                conn.execute(
                    text(
                        "INSERT INTO workshop (id, code, kind, title, municipality, modules, settings, "
                        "facilitator_key_hash, status, expires_at, created_at) VALUES (:id, :code, 'workshop', 'Dag', "
                        "'Dongen', '[]', :settings, :key, 'open', '2026-12-31 00:00:00', '2026-12-01 00:00:00')"
                    ),
                    {"id": i, "code": f"ABCDE{i}", "settings": json.dumps(value), "key": f"f{i}"},
                )
        upgrade(empty_url)
        assert _settings(database) == EXPECTED
        # What the services read is what they read before the rewrite.
        with database.read() as session:
            for i, before in ROWS.items():
                w = session.get(Workshop, i)
                assert read_settings(w.settings) == read_settings(before)
                assert programme.read(w.settings) == programme.read(before)
                assert maturity.scan_setting(w) == ("both" if i == 2 else "quick")

        downgrade(empty_url, "0006")  # data only: nothing to undo
        assert _settings(database) == EXPECTED
        upgrade(empty_url)  # again: idempotent
        assert _settings(database) == EXPECTED
    finally:
        database.dispose()
