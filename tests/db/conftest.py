"""A migrated database per test, on SQLite and on a real PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import text

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
