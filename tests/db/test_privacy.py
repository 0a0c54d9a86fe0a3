"""Data rights per session: export, delete and purge leave nothing of a session and touch no other one."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select, update

from dshub import cli
from dshub.config import settings
from dshub.content import load_content
from dshub.errors import Forbidden, Invalid, NotFound
from dshub.services import game, privacy, workshops
from dshub.store.answers import save_answer
from dshub.store.db import Database
from dshub.store.migrate import upgrade
from dshub.store.models import Base, RateLimitEvent, Workshop

PERSONAL_NOTE = "Notitie over mevrouw J. de Vries (privé)"


@pytest.fixture(scope="module")
def content():
    return load_content()


def fill(db, content, title: str) -> dict:
    """A session with a row in every table a session owns."""
    created = workshops.create_workshop(
        db, title=title, municipality="Dongen", base_url="http://x", event_date=date(2026, 11, 23)
    )
    code = created.workshop.code
    red = workshops.join(db, code=code, new_team_name="Rood", roles=["policy"])
    workshops.join(db, code=code, new_team_name="Blauw")
    game.open_console(db, created.facilitator_key, content)
    member = red.membership
    with db.write() as session:
        for note in ("eerste versie", PERSONAL_NOTE):
            save_answer(
                session,
                workshop_id=member.workshop.id,
                instrument="ethics",
                item_id="q1",
                value={"text": note},
                note=note,
                content_version="1",
                team_id=member.team.id,
                saved_by=member.participant_id,
            )
        save_answer(
            session,
            workshop_id=member.workshop.id,
            instrument="pulse",
            item_id="trust@start",
            value=4,
            content_version="1",
            participant_id=member.participant_id,
        )
    return {"code": code, "key": created.facilitator_key, "id": created.workshop.id}


def counts(db) -> dict[str, int]:
    with db.read() as session:
        return {t.name: session.scalar(select(func.count()).select_from(t)) for t in Base.metadata.sorted_tables}


def session_counts(db, workshop_id) -> dict[str, int]:
    with db.read() as session:
        return privacy._counts(session, workshop_id)


def test_every_table_that_references_a_session_is_covered():
    """Walks the schema: a new table with a foreign key to a session's rows must be exported and deleted."""
    owners = {"workshop", "team", "participant", "answer"}
    linked = {"workshop"}
    for table in Base.metadata.sorted_tables:
        if {fk.column.table.name for fk in table.foreign_keys} & owners:
            linked.add(table.name)
    assert linked == set(privacy.SESSION_TABLES)
    # and each is reachable by the export/delete queries
    assert set(privacy._MODELS) == set(privacy.SESSION_TABLES)


def test_the_schema_walk_can_fail(monkeypatch):
    """A table the export does not know would make the coverage test above fail."""
    from sqlalchemy import Column, ForeignKey, Integer, MetaData, Table

    meta = MetaData()
    for t in Base.metadata.sorted_tables:
        t.to_metadata(meta)
    Table("session_note", meta, Column("id", Integer, primary_key=True), Column("team_id", ForeignKey("team.id")))
    linked = {
        t.name
        for t in meta.sorted_tables
        if {fk.column.table.name for fk in t.foreign_keys} & {"workshop", "team", "participant", "answer"}
    }
    assert linked | {"workshop"} != set(privacy.SESSION_TABLES)


def test_export_then_delete_leaves_no_trace_and_spares_other_sessions(db, content):
    mine = fill(db, content, "Mijn dag")
    other = fill(db, content, "Andere dag")
    with db.write() as session:
        session.add(RateLimitEvent(bucket="join:abc"))
    mine_rows = session_counts(db, mine["id"])
    other_rows = session_counts(db, other["id"])
    assert all(n > 0 for n in mine_rows.values()), mine_rows  # the fixture really fills every table
    before = counts(db)

    document = privacy.export_session(db, mine["code"].lower(), base_url="https://dshub.example.nl")
    json.dumps(document)  # JSON-ready
    assert {name: len(rows) for name, rows in document["tables"].items()} == mine_rows
    text = json.dumps(document, ensure_ascii=False)
    assert PERSONAL_NOTE in text and "eerste versie" in text  # history included
    assert "Andere dag" not in text
    assert document["links"]["join_url"] == f"https://dshub.example.nl/join?code={mine['code']}"
    assert document["tables"]["workshop"][0]["facilitator_key"] == privacy.HASHED_NOTE
    assert "token_hash" not in text and "facilitator_key_hash" not in text

    removed = privacy.delete_session(db, mine["code"])
    assert removed == mine_rows
    after = counts(db)
    for table, n in before.items():
        assert after[table] == n - removed.get(table, 0), table
    assert session_counts(db, mine["id"]) == dict.fromkeys(privacy.SESSION_TABLES, 0)
    assert session_counts(db, other["id"]) == other_rows
    assert after["rate_limit_event"] == 1
    with pytest.raises(NotFound):
        privacy.export_session(db, mine["code"])
    with pytest.raises(NotFound):
        privacy.delete_session(db, mine["code"])


def test_facilitator_delete_needs_the_typed_code(db, content):
    mine = fill(db, content, "Mijn dag")
    with pytest.raises(Invalid):
        privacy.delete_for_facilitator(db, mine["key"], "ZZZZZZ")
    with pytest.raises(Forbidden):
        privacy.delete_for_facilitator(db, "wrong", mine["code"])
    assert session_counts(db, mine["id"])["workshop"] == 1
    assert privacy.export_for_facilitator(db, mine["key"])["code"] == mine["code"]
    removed = privacy.delete_for_facilitator(db, mine["key"], " " + mine["code"].lower())
    assert removed["workshop"] == 1 and removed["answer_history"] >= 2


def test_purge_uses_the_event_date_else_the_created_date(db, content):
    old = fill(db, content, "Oud")
    recent = fill(db, content, "Recent")
    undated = fill(db, content, "Zonder datum")
    today = date(2027, 6, 1)
    with db.write() as session:
        session.execute(update(Workshop).where(Workshop.id == old["id"]).values(event_date=today - timedelta(days=91)))
        session.execute(
            update(Workshop).where(Workshop.id == recent["id"]).values(event_date=today - timedelta(days=90))
        )
        session.execute(update(Workshop).where(Workshop.id == undated["id"]).values(event_date=None))
    # created "now" (2026): older than 90 days before 2027-06-01 -> purged by its created date
    listed = privacy.purge(db, 90, dry_run=True, today=today)
    assert set(listed) == {old["code"], undated["code"]}
    assert session_counts(db, old["id"])["workshop"] == 1  # dry run deleted nothing
    removed = privacy.purge(db, 90, today=today)
    assert removed == listed
    assert session_counts(db, old["id"])["workshop"] == 0
    assert session_counts(db, undated["id"])["workshop"] == 0
    assert session_counts(db, recent["id"])["workshop"] == 1
    with pytest.raises(Invalid):
        privacy.purge(db, 0)


# --------------------------------------------------------------------------- the command line (SQLite)


@pytest.fixture
def cli_db(tmp_path, monkeypatch, content):
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    monkeypatch.setenv("DSHUB_DATABASE_URL", url)
    monkeypatch.setenv("DSHUB_DEFAULT_LANG", "en")
    settings.cache_clear()
    upgrade(url)
    database = Database(url)
    yield database
    database.dispose()
    settings.cache_clear()


def test_cli_export_delete_and_purge(cli_db, content, tmp_path, capsys, monkeypatch):
    mine = fill(cli_db, content, "Mijn dag")
    other = fill(cli_db, content, "Andere dag")
    out = tmp_path / "export.json"
    assert cli.main(["workshop", "export", mine["code"], "--out", str(out)]) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["tables"]["workshop"][0]["title"] == "Mijn dag"
    assert cli.main(["workshop", "export", mine["code"]]) == 0
    assert json.loads(capsys.readouterr().out)["code"] == mine["code"]

    monkeypatch.setattr("builtins.input", lambda prompt: "nope")
    assert cli.main(["workshop", "delete", mine["code"]]) == 1
    assert "nothing was deleted" in capsys.readouterr().err
    assert session_counts(cli_db, mine["id"])["workshop"] == 1
    monkeypatch.setattr("builtins.input", lambda prompt: mine["code"].lower())
    assert cli.main(["workshop", "delete", mine["code"]]) == 0
    printed = capsys.readouterr().out
    assert "answer_history: 3" in printed and "workshop: 1" in printed
    assert cli.main(["workshop", "delete", mine["code"], "--yes"]) == 2
    assert "do not know this code" in capsys.readouterr().err

    assert cli.main(["purge"]) == 2  # retention off by default
    assert "No retention period" in capsys.readouterr().err
    monkeypatch.setenv("DSHUB_RETENTION_DAYS", "1")
    settings.cache_clear()
    with cli_db.write() as session:
        session.execute(update(Workshop).values(event_date=date.today() - timedelta(days=2)))
    assert cli.main(["purge", "--dry-run"]) == 0
    assert other["code"] in capsys.readouterr().out
    assert session_counts(cli_db, other["id"])["workshop"] == 1
    assert cli.main(["purge"]) == 0
    assert session_counts(cli_db, other["id"])["workshop"] == 0
    monkeypatch.setenv("DSHUB_RETENTION_DAYS", "soon")
    settings.cache_clear()
    assert cli.main(["purge"]) == 2
    assert "DSHUB_RETENTION_DAYS" in capsys.readouterr().err
