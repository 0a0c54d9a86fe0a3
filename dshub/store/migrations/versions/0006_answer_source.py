"""answer source: where an answer came from (None: a device in the session; "paper": an answer sheet typed in)

A nullable column on ``answer`` (the current value) and on ``answer_history`` (each version). Existing
rows keep NULL: they were all given on a device.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain nullable column without a key: SQLite adds it in place (no batch copy of the answer table).
    op.add_column("answer", sa.Column("source", sa.String(length=10), nullable=True))
    op.add_column("answer_history", sa.Column("source", sa.String(length=10), nullable=True))


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("ALTER TABLE answer_history DROP COLUMN source")
        op.execute("ALTER TABLE answer DROP COLUMN source")
    else:
        op.drop_column("answer_history", "source")
        op.drop_column("answer", "source")
