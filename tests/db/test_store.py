"""Store behaviour on SQLite and PostgreSQL: idempotent upserts, history, conflicts, concurrency, migrations."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import func, select, text

from dshub.errors import Conflict
from dshub.services import workshops
from dshub.store.answers import save_answer
from dshub.store.db import Database
from dshub.store.migrate import upgrade
from dshub.store.models import Answer, AnswerHistory, Base

HEAD = "0007"  # the newest migration


@pytest.fixture
def team(db):
    created = workshops.create_workshop(db, title="Dag", municipality="Dongen", base_url="http://x")
    joined = workshops.join(db, code=created.workshop.code, new_team_name="Blauw", roles=["policy"])
    return created.workshop.id, joined.membership.team.id, joined.membership.participant_id


def _save(db, ws, team_id, value, **kw):
    with db.write() as s:
        return save_answer(
            s,
            workshop_id=ws,
            team_id=team_id,
            instrument="maturity",
            item_id="q1",
            value=value,
            content_version="1.0",
            **kw,
        )


def _count(db, model=Answer):
    with db.read() as s:
        return s.scalar(select(func.count()).select_from(model))


def test_sqlite_pragmas(tmp_path):
    db = Database(f"sqlite:///{tmp_path / 'x.sqlite3'}")
    with db.read() as s:
        assert s.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert s.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert s.execute(text("PRAGMA busy_timeout")).scalar() >= 5000


def test_repeated_submit_updates_instead_of_duplicating(db, team):
    ws, team_id, _ = team
    first = _save(db, ws, team_id, 3)
    again = _save(db, ws, team_id, 3)
    changed = _save(db, ws, team_id, {"level": 4})
    assert (first.revision, again.revision, changed.revision) == (1, 1, 2)
    assert not again.changed and changed.changed
    assert _count(db) == 1
    assert _count(db, AnswerHistory) == 2  # the overwritten value is kept
    with db.read() as s:
        assert s.scalars(select(Answer.value)).one() == {"level": 4}


def test_team_and_individual_answers_are_kept_apart(db, team):
    ws, team_id, participant_id = team
    _save(db, ws, team_id, 2)
    with db.write() as s:
        save_answer(
            s,
            workshop_id=ws,
            participant_id=participant_id,
            instrument="maturity",
            item_id="q1",
            value=5,
            content_version="1.0",
        )
    assert _count(db) == 2


def test_stale_save_raises_conflict_and_keeps_newer_work(db, team):
    ws, team_id, _ = team
    _save(db, ws, team_id, 1)
    _save(db, ws, team_id, 2, expected_revision=1)
    with pytest.raises(Conflict) as info:
        _save(db, ws, team_id, 3, expected_revision=1)
    assert info.value.current.value == 2 and info.value.current.revision == 2
    with db.read() as s:
        assert s.scalars(select(Answer.value)).one() == 2


def test_owner_must_be_exactly_one(db, team):
    ws, team_id, participant_id = team
    with pytest.raises(ValueError), db.write() as s:
        save_answer(
            s,
            workshop_id=ws,
            team_id=team_id,
            participant_id=participant_id,
            instrument="m",
            item_id="q",
            value=1,
            content_version="1",
        )


def test_concurrent_submits_lose_nothing_and_duplicate_nothing(db, team):
    ws, team_id, _ = team
    items = [f"q{i}" for i in range(10)]
    barrier = threading.Barrier(8)

    def worker(n):
        barrier.wait()
        for item in items:  # every thread writes every item: many collide on the same key
            with db.write() as s:
                save_answer(
                    s,
                    workshop_id=ws,
                    team_id=team_id,
                    instrument="maturity",
                    item_id=item,
                    value=n,
                    content_version="1.0",
                )
        return n

    with ThreadPoolExecutor(8) as pool:
        assert sorted(pool.map(worker, range(8))) == list(range(8))
    with db.read() as s:
        rows = s.execute(select(Answer.item_id, Answer.revision)).all()
        history = s.scalar(select(func.count()).select_from(AnswerHistory))
    assert sorted(r.item_id for r in rows) == sorted(items)  # one row per item, none missing
    # every real change is in the history: revisions add up to the history rows
    assert sum(r.revision for r in rows) == history


def test_migrations_match_models(db):
    with db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata)
    assert diff == []


def test_upgrade_again_keeps_data(db, team):
    ws, team_id, _ = team
    _save(db, ws, team_id, 4)
    upgrade(db.url)
    assert _count(db) == 1


STARTER = """
import sys, time
from dshub.cli import main  # import everything first ...
time.sleep(max(0.0, float(sys.argv[1]) - time.time()))  # ... then all start at the same moment
sys.exit(main(["init-db"]))
"""


def test_app_servers_starting_together_migrate_once(request):
    """Several app servers (processes) may run the migrations at the same moment: PostgreSQL advisory lock.

    Without the lock, some of these processes fail on the half-created schema (seen: 1 to 4 of 6).
    """
    import os
    import subprocess
    import sys
    import time

    url = request.getfixturevalue("postgres_db_url")  # a fresh, empty database
    env = {**os.environ, "DSHUB_DATABASE_URL": url}
    start = str(time.time() + 4)
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", STARTER, start], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
        for _ in range(6)
    ]
    outputs = [p.communicate(timeout=120)[0] for p in procs]
    assert [p.returncode for p in procs] == [0] * 6, outputs
    database = Database(url)
    with database.read() as s:
        assert s.execute(text("SELECT version_num FROM alembic_version")).scalars().all() == [HEAD]
    database.dispose()
