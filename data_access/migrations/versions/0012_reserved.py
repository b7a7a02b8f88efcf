"""Briefings (汇报材料) for the committee: a round's saved slide lists, and the snapshots that
freeze a briefing as presented or exported (figures, text and configuration, who and when)

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "briefing",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "round_id",
            sa.Integer(),
            sa.ForeignKey("evaluation_round.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        ),
        sa.Column("name", sa.String(80), nullable=False),
        sa.Column("config", sa.JSON(), nullable=False),
        sa.Column("created_by", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(64), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=True),
        sa.UniqueConstraint("round_id", "name", name="uq_briefing_round_name"),
    )
    op.create_table(
        "briefing_snapshot",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "briefing_id",
            sa.Integer(),
            sa.ForeignKey("briefing.id", ondelete="SET NULL"),
            nullable=True,
            index=True,
        ),
        sa.Column(
            "round_id",
            sa.Integer(),
            sa.ForeignKey("evaluation_round.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        ),
        sa.Column("briefing_name", sa.String(80), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("username", sa.String(64), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False, index=True),
        sa.Column("lang", sa.String(4), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("briefing_snapshot")
    op.drop_table("briefing")
