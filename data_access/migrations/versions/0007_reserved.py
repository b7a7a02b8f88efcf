"""Province scale: an index for a round's accepted survey responses, and stored results
(issue 14)

- ``ix_survey_response_round_status`` finds a round's accepted responses (and their agency
  and questionnaire) in the index alone; their answers are then read by the answer table's
  primary key (response_id, item), so loading a round never scans other rounds' answers.
- ``stored_round_result``: a round's scored result per data version, read by every app
  process and the next cold start instead of scoring the round again.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "ix_survey_response_round_status",
        "survey_response",
        ["round_id", "status", "agency_id", "questionnaire", "id"],
    )
    op.create_table(
        "stored_round_result",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("data_version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("payload", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(["round_id"], ["evaluation_round.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("round_id", "data_version"),
    )
    op.create_index(
        "ix_stored_round_result_round_id", "stored_round_result", ["round_id"], unique=False
    )
    # Fresh statistics for the planner after the new index (PostgreSQL and SQLite alike).
    op.execute("ANALYZE")


def downgrade() -> None:
    op.drop_index("ix_stored_round_result_round_id", table_name="stored_round_result")
    op.drop_table("stored_round_result")
    op.drop_index("ix_survey_response_round_status", table_name="survey_response")
