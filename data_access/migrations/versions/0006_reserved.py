"""Findings and rectifications (issue 11): a finding fixed on the spot (立行立改) is marked as
such, and a rectification carries a version that every move bumps, so two people moving the
same item at once cannot both succeed

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "finding",
        sa.Column("on_the_spot", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    # Until now a finding fixed on the spot was stored as a finding without a rectification.
    op.execute(
        "UPDATE finding SET on_the_spot = TRUE WHERE NOT EXISTS "
        "(SELECT 1 FROM rectification WHERE rectification.finding_id = finding.id)"
    )
    op.add_column(
        "rectification",
        sa.Column("version", sa.Integer(), nullable=False, server_default="0"),
    )


def downgrade() -> None:
    with op.batch_alter_table("rectification") as batch:
        batch.drop_column("version")
    with op.batch_alter_table("finding") as batch:
        batch.drop_column("on_the_spot")
