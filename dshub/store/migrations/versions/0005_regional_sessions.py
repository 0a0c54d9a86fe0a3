"""regional sessions: the municipalities of a session, and each team's municipality

Every existing session gets its one municipality (from ``workshop.municipality``) and every existing
team is linked to it, so old and new sessions look the same to the code.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

FK_NAME = "fk_team_municipality_id_workshop_municipality"


def upgrade() -> None:
    op.create_table(
        "workshop_municipality",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workshop_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("results_key_hash", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(
            ["workshop_id"],
            ["workshop.id"],
            name=op.f("fk_workshop_municipality_workshop_id_workshop"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_workshop_municipality")),
        sa.UniqueConstraint("workshop_id", "position", name="uq_workshop_municipality_position"),
        sa.UniqueConstraint("results_key_hash", name=op.f("uq_workshop_municipality_results_key_hash")),
    )
    op.create_index(op.f("ix_workshop_municipality_workshop_id"), "workshop_municipality", ["workshop_id"])
    if op.get_bind().dialect.name == "sqlite":
        # SQLite adds a column with its foreign key in place. Batch mode would copy and drop the team table,
        # and with foreign keys on, dropping it would cascade to the teams' answers. (SQLAlchemy does not
        # read back the name of a foreign key declared on the column; the key itself works the same.)
        op.execute(
            f"ALTER TABLE team ADD COLUMN municipality_id INTEGER CONSTRAINT {FK_NAME} "
            "REFERENCES workshop_municipality (id)"
        )
    else:
        op.add_column("team", sa.Column("municipality_id", sa.Integer(), nullable=True))
        op.create_foreign_key(FK_NAME, "team", "workshop_municipality", ["municipality_id"], ["id"])
    # Existing sessions: their one municipality, and every team in it.
    op.execute(
        "INSERT INTO workshop_municipality (workshop_id, position, name) SELECT id, 0, municipality FROM workshop"
    )
    op.execute(
        "UPDATE team SET municipality_id = (SELECT m.id FROM workshop_municipality m "
        "WHERE m.workshop_id = team.workshop_id AND m.position = 0)"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("ALTER TABLE team DROP COLUMN municipality_id")
    else:
        op.drop_constraint(FK_NAME, "team", type_="foreignkey")
        op.drop_column("team", "municipality_id")
    op.drop_index(op.f("ix_workshop_municipality_workshop_id"), table_name="workshop_municipality")
    op.drop_table("workshop_municipality")
