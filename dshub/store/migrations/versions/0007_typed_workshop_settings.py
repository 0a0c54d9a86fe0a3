"""typed workshop settings: every ``workshop.settings`` rewritten into the shape of WorkshopSettings

``workshop.settings`` is now read and written through :mod:`dshub.store.settings`. This rewrites each
existing row into that model's normalised JSON shape: a value that does not fit (an old row, a hand
edit) is dropped, as the tolerant readers already ignored it, and a key the model does not know is
kept. Only rows that change are written; running it again changes nothing. No schema change, so the
way back has nothing to undo (a dropped value was never read anyway).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-08
"""

from __future__ import annotations

import logging

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

from dshub.store.settings import normalise

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

log = logging.getLogger(__name__)

workshop = sa.table(
    "workshop", sa.column("id", sa.Integer()), sa.column("settings", sa.JSON().with_variant(JSONB(), "postgresql"))
)


def upgrade() -> None:
    conn = op.get_bind()
    changed = 0
    for row_id, stored in conn.execute(sa.select(workshop.c.id, workshop.c.settings).order_by(workshop.c.id)).all():
        clean = normalise(stored)
        if clean != stored:
            conn.execute(workshop.update().where(workshop.c.id == row_id).values(settings=clean))
            changed += 1
    if changed:
        log.info("workshop settings: %d row(s) rewritten into the typed shape", changed)


def downgrade() -> None:
    pass  # data only: the normalised shape is what the code before this revision read
