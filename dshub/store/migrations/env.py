"""Alembic environment: uses the URL handed over by dshub.store.migrate."""

from __future__ import annotations

from alembic import context
from sqlalchemy import text

from dshub.store.db import make_engine
from dshub.store.models import Base

MIGRATION_LOCK_KEY = 0x6473687562  # "dshub"
config = context.config
url = config.attributes.get("dshub_url") or config.get_main_option("sqlalchemy.url")


def run_migrations_online() -> None:
    if not url:
        raise RuntimeError("no database URL: pass attributes['dshub_url'] or set sqlalchemy.url")
    engine = make_engine(url)
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=Base.metadata,
            render_as_batch=connection.dialect.name == "sqlite",
            compare_type=True,
        )
        with context.begin_transaction():
            if connection.dialect.name == "postgresql":
                # Several app servers may start at once: one migrates, the others wait and find nothing to do.
                connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY})
            context.run_migrations()
    engine.dispose()


if context.is_offline_mode():  # pragma: no cover
    context.configure(url=url, target_metadata=Base.metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()
else:
    run_migrations_online()
