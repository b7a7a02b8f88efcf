"""Peer comparison: missing peer figures stay empty (issue 10)

A peer city's post counts, headcount and sections become nullable: a count the city did not
report is NULL, never 0. Rows stored before with 0 as "not reported" are turned into NULL
where 0 cannot be a real figure: all three post types 0 (an agency has posts), a headcount
of 0, no internal sections.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

_COUNTS = ("authorized_xz", "authorized_sy", "authorized_gq", "actual_total", "internal_sections")
_POSTS = ("authorized_xz", "authorized_sy", "authorized_gq")


def upgrade() -> None:
    with op.batch_alter_table("peer_staffing") as batch:
        for column in _COUNTS:
            batch.alter_column(column, existing_type=sa.Integer(), nullable=True)
    peers = sa.table("peer_staffing", *(sa.column(c, sa.Integer()) for c in _COUNTS))
    op.execute(
        peers.update().where(*(peers.c[c] == 0 for c in _POSTS)).values({c: None for c in _POSTS})
    )
    for column in ("actual_total", "internal_sections"):
        op.execute(peers.update().where(peers.c[column] == 0).values({column: None}))


def downgrade() -> None:
    peers = sa.table("peer_staffing", *(sa.column(c, sa.Integer()) for c in _COUNTS))
    for column in _COUNTS:
        op.execute(peers.update().where(peers.c[column].is_(None)).values({column: 0}))
    with op.batch_alter_table("peer_staffing") as batch:
        for column in _COUNTS:
            batch.alter_column(column, existing_type=sa.Integer(), nullable=False)
