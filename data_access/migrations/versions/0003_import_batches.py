"""Import batches and their row changes (undo)

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "import_batch",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("round_id", sa.Integer(), sa.ForeignKey("evaluation_round.id"), nullable=True),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("username", sa.String(length=64), nullable=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("counts", sa.JSON(), nullable=False),
        sa.Column("undone_at", sa.DateTime(), nullable=True),
        sa.Column("undone_by", sa.String(length=64), nullable=True),
    )
    op.create_index("ix_import_batch_kind", "import_batch", ["kind"])
    op.create_index("ix_import_batch_round_id", "import_batch", ["round_id"])
    op.create_index("ix_import_batch_at", "import_batch", ["at"])
    op.create_table(
        "import_change",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("batch_id", sa.Integer(), sa.ForeignKey("import_batch.id"), nullable=False),
        sa.Column("entity", sa.String(length=32), nullable=False),
        sa.Column("row_key", sa.String(length=255), nullable=False),
        sa.Column("before", sa.JSON(), nullable=True),
        sa.Column("after", sa.JSON(), nullable=False),
    )
    op.create_index("ix_import_change_batch_id", "import_change", ["batch_id"])
    op.create_index("ix_import_change_entity_key", "import_change", ["entity", "row_key"])


def downgrade() -> None:
    op.drop_table("import_change")
    op.drop_table("import_batch")
