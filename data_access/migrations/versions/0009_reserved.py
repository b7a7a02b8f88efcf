"""Self-evaluation entry and adjustment proposals (issue 11): the round keeps its
self-evaluation window, each agency's self-evaluation (state and draft entries) is stored,
and an adjustment proposal keeps who recorded it, who moved it last and its outcome

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("evaluation_round", sa.Column("self_eval_opens", sa.Date(), nullable=True))
    op.add_column("evaluation_round", sa.Column("self_eval_closes", sa.Date(), nullable=True))
    op.add_column("adjustment_proposal", sa.Column("created_by", sa.String(64), nullable=True))
    op.add_column("adjustment_proposal", sa.Column("updated_at", sa.DateTime(), nullable=True))
    op.add_column("adjustment_proposal", sa.Column("updated_by", sa.String(64), nullable=True))
    op.add_column("adjustment_proposal", sa.Column("outcome", sa.Text(), nullable=True))
    op.create_table(
        "self_evaluation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=8), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=64), nullable=True),
        sa.Column("submitted_at", sa.DateTime(), nullable=True),
        sa.Column("submitted_by", sa.String(length=64), nullable=True),
        sa.Column("reopened_at", sa.DateTime(), nullable=True),
        sa.Column("reopened_by", sa.String(length=64), nullable=True),
        sa.Column("reopen_note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["agency_id"], ["agency.id"]),
        sa.ForeignKeyConstraint(["round_id"], ["evaluation_round.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("round_id", "agency_id"),
    )
    with op.batch_alter_table("self_evaluation") as batch:
        batch.create_index(batch.f("ix_self_evaluation_agency_id"), ["agency_id"], unique=False)
        batch.create_index(batch.f("ix_self_evaluation_round_id"), ["round_id"], unique=False)
        batch.create_index(batch.f("ix_self_evaluation_state"), ["state"], unique=False)
    op.create_table(
        "self_evaluation_entry",
        sa.Column("self_evaluation_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["self_evaluation_id"], ["self_evaluation.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("self_evaluation_id", "code"),
    )


def downgrade() -> None:
    op.drop_table("self_evaluation_entry")
    with op.batch_alter_table("self_evaluation") as batch:
        batch.drop_index(batch.f("ix_self_evaluation_state"))
        batch.drop_index(batch.f("ix_self_evaluation_round_id"))
        batch.drop_index(batch.f("ix_self_evaluation_agency_id"))
    op.drop_table("self_evaluation")
    with op.batch_alter_table("adjustment_proposal") as batch:
        batch.drop_column("outcome")
        batch.drop_column("updated_by")
        batch.drop_column("updated_at")
        batch.drop_column("created_by")
    # Not batch: SQLite would copy evaluation_round, which other tables' rows reference
    # (its own DROP COLUMN does this in place, as in 0002).
    op.drop_column("evaluation_round", "self_eval_closes")
    op.drop_column("evaluation_round", "self_eval_opens")
