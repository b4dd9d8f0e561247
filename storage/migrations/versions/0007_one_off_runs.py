"""One-off runs: single runs a runner adds (/run, plain words) or imports from a
calendar file, each with its local date and start time; warm-ups are planned for them
as for the weekly schedule's runs.

Revision ID: 0007_one_off_runs
Revises: 0006_pain_check_and_kit
Create Date: 2026-12-04
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from storage.types import UtcDateTime

revision: str = "0007_one_off_runs"
down_revision: str | None = "0006_pain_check_and_kit"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "one_off_runs",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column(
            "user_id",
            sa.Integer(),
            sa.ForeignKey("users.id", ondelete="CASCADE", name="fk_one_off_runs_user_id_users"),
            nullable=False,
        ),
        sa.Column("local_date", sa.Date(), nullable=False),
        sa.Column("local_time", sa.String(5), nullable=False),
        # "chat" (/run or plain words) or "calendar" (an imported .ics file)
        sa.Column("source", sa.String(16), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_one_off_runs"),
    )
    op.create_index("ix_one_off_runs_user_date", "one_off_runs", ["user_id", "local_date"])


def downgrade() -> None:
    op.drop_index("ix_one_off_runs_user_date", table_name="one_off_runs")
    op.drop_table("one_off_runs")
