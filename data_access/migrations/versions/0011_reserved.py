"""Surveys imported from 问卷星 (issue 9): the answer table carries its round, a submission is
stored once per round × agency × questionnaire × 序号, an import records its agency and batch

- ``survey_answer.round_id`` (filled from the answer's response, then NOT NULL) with the index
  ``ix_survey_answer_round`` (round_id, response_id, item, answer): the round's GROUP BY
  queries read only that round's answers, from the index alone.
- ``ux_survey_response_submission``: one stored submission per round, agency, questionnaire
  and 序号 (rows dropped as duplicates are kept for the import report and not counted), so
  importing a corrected file replaces the same submissions instead of doubling them.
- ``survey_import.agency_id`` (filled from the import's responses) and ``batch_id`` (the import
  batch that wrote it, for undo); the quality counts stay in ``counts``.
- ``survey_response.other_answers``: the answers to questions that are not scored (free text,
  multiple choice joined with ┋), kept as imported; ``survey_answer`` holds the scored items.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

_NOT_DUPLICATE = sa.text("status <> 'duplicate'")


def upgrade() -> None:
    with op.batch_alter_table("survey_answer", schema=None) as batch_op:
        batch_op.add_column(sa.Column("round_id", sa.Integer(), nullable=True))
    op.execute(
        "UPDATE survey_answer SET round_id = (SELECT r.round_id FROM survey_response r "
        "WHERE r.id = survey_answer.response_id)"
    )
    with op.batch_alter_table("survey_answer", schema=None) as batch_op:
        batch_op.alter_column("round_id", existing_type=sa.Integer(), nullable=False)
        batch_op.create_foreign_key(
            "fk_survey_answer_round_id", "evaluation_round", ["round_id"], ["id"]
        )
        batch_op.create_index(
            "ix_survey_answer_round", ["round_id", "response_id", "item", "answer"], unique=False
        )
    with op.batch_alter_table("survey_response", schema=None) as batch_op:
        batch_op.add_column(sa.Column("other_answers", sa.JSON(), nullable=True))
        batch_op.create_index(
            "ux_survey_response_submission",
            ["round_id", "agency_id", "questionnaire", "seq"],
            unique=True,
            sqlite_where=_NOT_DUPLICATE,
            postgresql_where=_NOT_DUPLICATE,
        )
    with op.batch_alter_table("survey_import", schema=None) as batch_op:
        batch_op.add_column(sa.Column("agency_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("batch_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key("fk_survey_import_agency_id", "agency", ["agency_id"], ["id"])
        batch_op.create_foreign_key(
            "fk_survey_import_batch_id", "import_batch", ["batch_id"], ["id"]
        )
        batch_op.create_index("ix_survey_import_batch_id", ["batch_id"], unique=False)
    op.execute(
        "UPDATE survey_import SET agency_id = (SELECT min(r.agency_id) FROM survey_response r "
        "WHERE r.import_id = survey_import.id)"
    )
    op.execute("ANALYZE")


def downgrade() -> None:
    with op.batch_alter_table("survey_import", schema=None) as batch_op:
        batch_op.drop_index("ix_survey_import_batch_id")
        batch_op.drop_constraint("fk_survey_import_batch_id", type_="foreignkey")
        batch_op.drop_constraint("fk_survey_import_agency_id", type_="foreignkey")
        batch_op.drop_column("batch_id")
        batch_op.drop_column("agency_id")
    with op.batch_alter_table("survey_response", schema=None) as batch_op:
        batch_op.drop_index("ux_survey_response_submission")
        batch_op.drop_column("other_answers")
    with op.batch_alter_table("survey_answer", schema=None) as batch_op:
        batch_op.drop_index("ix_survey_answer_round")
        batch_op.drop_constraint("fk_survey_answer_round_id", type_="foreignkey")
        batch_op.drop_column("round_id")
