"""Session revocation: sign-in cookies issued before app_user.sessions_revoked_at no longer
sign in (sign-out and a new password end every session of the user)

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("app_user", sa.Column("sessions_revoked_at", sa.DateTime(), nullable=True))


def downgrade() -> None:
    op.drop_column("app_user", "sessions_revoked_at")
