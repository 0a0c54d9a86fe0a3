"""Migration 0005 (regional sessions) on SQLite and PostgreSQL: every session gets its one municipality,
every team is linked to it, nothing is lost, and the way back keeps the teams and their answers."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect, text

from dshub.store.db import Database
from dshub.store.migrate import downgrade, upgrade

OLD = [
    "INSERT INTO workshop (id, code, kind, title, municipality, modules, settings, facilitator_key_hash, status, "
    "expires_at, created_at) VALUES (1, 'ABCDEF', 'workshop', 'Dag', 'Dongen', '[]', '{}', 'f1', 'open', "
    "'2026-12-31 00:00:00', '2026-12-01 00:00:00')",
    "INSERT INTO workshop (id, code, kind, title, municipality, modules, settings, facilitator_key_hash, status, "
    "expires_at, created_at) VALUES (2, 'GHJKLM', 'assessment', 'Zelfscan', 'Goirle', '[]', '{}', 'f2', 'open', "
    "'2026-12-31 00:00:00', '2026-12-01 00:00:00')",
    "INSERT INTO team (id, workshop_id, name, name_key, created_at) VALUES (1, 1, 'Rood', 'rood', '2026-12-01 00:00:00')",
    "INSERT INTO team (id, workshop_id, name, name_key, created_at) VALUES (2, 1, 'Blauw', 'blauw', '2026-12-01 00:00:00')",
    "INSERT INTO answer (workshop_id, scope, team_id, instrument, item_id, value, content_version, revision, "
    "created_at, updated_at) VALUES (1, 'team:1', 1, 'maturity', 'q1', '3', '1', 1, '2026-12-01 00:00:00', "
    "'2026-12-01 00:00:00')",
]


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def empty_url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'm.sqlite3'}"
    return request.getfixturevalue("postgres_db_url")


def test_migration_0005_gives_every_session_its_municipality_and_keeps_data(empty_url):
    upgrade(empty_url, "0004")
    database = Database(empty_url)
    try:
        with database.engine.begin() as conn:
            for statement in OLD:
                conn.execute(text(statement))
        assert "workshop_municipality" not in inspect(database.engine).get_table_names()
        upgrade(empty_url)
        with database.engine.connect() as conn:
            rows = conn.execute(
                text(
                    "SELECT workshop_id, position, name, results_key_hash "
                    "FROM workshop_municipality ORDER BY workshop_id"
                )
            ).all()
            assert [tuple(r) for r in rows] == [(1, 0, "Dongen", None), (2, 0, "Goirle", None)]
            dongen = conn.execute(text("SELECT id FROM workshop_municipality WHERE workshop_id = 1")).scalar()
            teams = conn.execute(text("SELECT id, municipality_id FROM team ORDER BY id")).all()
            assert [tuple(t) for t in teams] == [(1, dongen), (2, dongen)]
            assert conn.execute(text("SELECT count(*) FROM answer")).scalar() == 1
        fks = inspect(database.engine).get_foreign_keys("team")
        assert any(
            fk["constrained_columns"] == ["municipality_id"] and fk["referred_table"] == "workshop_municipality"
            for fk in fks
        )

        downgrade(empty_url, "0004")
        database.engine.dispose()
        assert "workshop_municipality" not in inspect(database.engine).get_table_names()
        assert "municipality_id" not in {c["name"] for c in inspect(database.engine).get_columns("team")}
        with database.engine.connect() as conn:  # the way back drops no team and no answer
            assert conn.execute(text("SELECT count(*) FROM team")).scalar() == 2
            assert conn.execute(text("SELECT count(*) FROM answer")).scalar() == 1
        upgrade(empty_url)
        with database.engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM workshop_municipality")).scalar() == 2
    finally:
        database.dispose()
