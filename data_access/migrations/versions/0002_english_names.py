"""English names of stored things

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-02

Every new column is nullable: English mode falls back to the Chinese name until an English
one is entered, so existing databases keep working without a data migration.

Plain ADD/DROP COLUMN (not batch mode): SQLite (3.35+) and PostgreSQL both alter the table in
place, so no table is copied and the foreign keys pointing at ``agency`` stay untouched.
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

# (table, column, type) — in the order they are added.
_COLUMNS: tuple[tuple[str, str, sa.types.TypeEngine], ...] = (
    ("agency", "name_en", sa.String(length=128)),
    ("agency", "short_name_en", sa.String(length=64)),
    ("evaluation_round", "name_en", sa.String(length=256)),
    ("indicator", "name_en", sa.String(length=256)),
    ("indicator", "eval_point_en", sa.Text()),
    ("individual_indicator", "name_en", sa.String(length=256)),
    ("individual_indicator", "eval_point_en", sa.Text()),
    ("workload", "metric_en", sa.String(length=64)),
)


def upgrade() -> None:
    for table, column, type_ in _COLUMNS:
        op.add_column(table, sa.Column(column, type_, nullable=True))
    op.create_table(
        "agency_type",
        sa.Column("name", sa.String(length=32), nullable=False),
        sa.Column("name_en", sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint("name"),
    )


def downgrade() -> None:
    op.drop_table("agency_type")
    for table, column, _type in reversed(_COLUMNS):
        op.drop_column(table, column)
