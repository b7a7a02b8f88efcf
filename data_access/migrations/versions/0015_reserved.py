"""Per-round data versions: a write to one round leaves the other rounds' stored results valid
(issue 14)

- ``data_version.registry_version``: the data version at the last write that may change every
  round's scores (agencies, staffing, workload, peers, cities …). Set to the current version,
  so every result stored before the upgrade stays valid.
- ``round_data_version``: per round, the data version at the last write to that round's own
  data (score sheets, findings, self-evaluation, surveys, ratings, its tree and agencies).

A round's stored result is keyed by the larger of the two (``data_access.audit``); the data
version itself still moves on every write and keys every other cached query.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("data_version") as batch_op:
        batch_op.add_column(
            sa.Column("registry_version", sa.Integer(), nullable=False, server_default="0")
        )
    op.execute("UPDATE data_version SET registry_version = version")
    op.create_table(
        "round_data_version",
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["round_id"], ["evaluation_round.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("round_id"),
    )


def downgrade() -> None:
    op.drop_table("round_data_version")
    with op.batch_alter_table("data_version") as batch_op:
        batch_op.drop_column("registry_version")
