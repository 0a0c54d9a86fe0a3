"""A migrated database per test, on SQLite and on a real PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from dshub.content import ContentBundle, load_content
from dshub.services import workshops
from dshub.store.db import Database
from dshub.store.migrate import upgrade
from dshub.store.models import Base


@pytest.fixture(scope="session")
def migrated_postgres(request):
    url = request.getfixturevalue("postgres_url")
    upgrade(url)
    return url


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db(request, tmp_path):
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'test.sqlite3'}"
        upgrade(url)
        database = Database(url)
    else:
        database = Database(request.getfixturevalue("migrated_postgres"))
        tables = ", ".join(t.name for t in Base.metadata.sorted_tables)
        with database.engine.begin() as conn:
            conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    yield database
    database.dispose()


# The game fixtures, shared by test_game_service.py and test_live.py.
@pytest.fixture(scope="module")
def content() -> ContentBundle:
    return load_content()


@pytest.fixture
def day(db):
    """A workshop with team Rood (two members) and team Blauw (one member)."""
    created = workshops.create_workshop(db, title="Dag", municipality="Dongen", base_url="http://x")
    code = created.workshop.code
    red1 = workshops.join(db, code=code, new_team_name="Rood")
    red2 = workshops.join(db, code=code, team_id=red1.membership.team.id)
    blue = workshops.join(db, code=code, new_team_name="Blauw")
    return {
        "key": created.facilitator_key,
        "id": created.workshop.id,
        "code": code,
        "red1": red1.token,
        "red2": red2.token,
        "blue": blue.token,
        "red": str(red1.membership.team.id),
        "blue_team": str(blue.membership.team.id),
    }
