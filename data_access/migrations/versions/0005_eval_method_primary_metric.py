"""The indicator tree keeps each leaf's evaluation method (评估方法) and the workload keeps which
metric is the agency's primary one (是否主要指标), as the import templates carry them

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("indicator", sa.Column("eval_method", sa.Text(), nullable=True))
    op.add_column("indicator", sa.Column("eval_method_en", sa.Text(), nullable=True))
    op.add_column(
        "workload",
        sa.Column("is_primary", sa.Boolean(), nullable=False, server_default=sa.false()),
    )


def downgrade() -> None:
    with op.batch_alter_table("workload") as batch:
        batch.drop_column("is_primary")
    with op.batch_alter_table("indicator") as batch:
        batch.drop_column("eval_method_en")
        batch.drop_column("eval_method")
