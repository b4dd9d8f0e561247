"""Schedules: run days, time, lead, pause and onboarding on users; the deliveries table.

Revision ID: 0003_schedules
Revises: 0002_training
Create Date: 2026-11-21
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from storage.types import UtcDateTime

revision: str = "0003_schedules"
down_revision: str | None = "0002_training"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("run_days", sa.Integer(), server_default="0", nullable=False))
        batch.add_column(sa.Column("run_time", sa.String(length=5), nullable=True))
        batch.add_column(
            sa.Column("lead_minutes", sa.Integer(), server_default="15", nullable=False)
        )
        batch.add_column(sa.Column("paused", sa.String(length=16), nullable=True))
        batch.add_column(sa.Column("onboarding", sa.String(length=16), nullable=True))
    op.create_table(
        "deliveries",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("local_date", sa.Date(), nullable=False),
        sa.Column("slot", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("run_start_utc", UtcDateTime(), nullable=False),
        sa.Column("next_due_utc", UtcDateTime(), nullable=False),
        sa.Column("claimed_by", sa.String(length=40), nullable=True),
        sa.Column("attempts", sa.Integer(), server_default="0", nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=True),
        sa.Column("message_id", sa.BigInteger(), nullable=True),
        sa.Column("updated_at", UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_deliveries_user_id_users"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["training_sessions.id"],
            name=op.f("fk_deliveries_session_id_training_sessions"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_deliveries")),
        sa.UniqueConstraint("user_id", "local_date", "slot", name="uq_deliveries_user_date_slot"),
    )
    op.create_index("ix_deliveries_status_due", "deliveries", ["status", "next_due_utc"])


def downgrade() -> None:
    op.drop_index("ix_deliveries_status_due", table_name="deliveries")
    op.drop_table("deliveries")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("onboarding")
        batch.drop_column("paused")
        batch.drop_column("lead_minutes")
        batch.drop_column("run_time")
        batch.drop_column("run_days")
