"""Weekly summaries: the summary weekday on users, and each runner's first summary row.

Runners who existed before this revision get their first summary (Sunday 18:00 local)
planned here; later ones are planned as each summary goes out. Runners who blocked
the bot get none until they come back.

Revision ID: 0004_weekly_summaries
Revises: 0003_schedules
Create Date: 2026-11-21
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

from library.deliveries import summary_after
from library.profiles import DEFAULT_SUMMARY_DAY
from storage.types import UtcDateTime

revision: str = "0004_weekly_summaries"
down_revision: str | None = "0003_schedules"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_BATCH = 1000


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(
            sa.Column(
                "summary_day", sa.Integer(), server_default=str(DEFAULT_SUMMARY_DAY), nullable=True
            )
        )
    users = sa.table(
        "users",
        sa.column("id", sa.Integer()),
        sa.column("timezone", sa.String()),
        sa.column("paused", sa.String()),
    )
    deliveries = sa.table(
        "deliveries",
        sa.column("user_id", sa.Integer()),
        sa.column("local_date", sa.Date()),
        sa.column("slot", sa.String()),
        sa.column("status", sa.String()),
        sa.column("run_start_utc", UtcDateTime()),
        sa.column("next_due_utc", UtcDateTime()),
        sa.column("attempts", sa.Integer()),
        sa.column("updated_at", UtcDateTime()),
    )
    bind = op.get_bind()
    now = datetime.now(UTC)
    rows = bind.execute(
        sa.select(users.c.id, users.c.timezone).where(
            sa.or_(users.c.paused.is_(None), users.c.paused != "blocked")
        )
    ).all()
    values = []
    for user_id, timezone in rows:
        slot = summary_after(timezone, DEFAULT_SUMMARY_DAY, now)
        values.append(
            {
                "user_id": user_id,
                "local_date": slot.local_date,
                "slot": "summary",
                "status": "pending",
                "run_start_utc": slot.deadline_utc,
                "next_due_utc": slot.due_utc,
                "attempts": 0,
                "updated_at": now,
            }
        )
    for start in range(0, len(values), _BATCH):
        bind.execute(sa.insert(deliveries), values[start : start + _BATCH])


def downgrade() -> None:
    op.execute("DELETE FROM deliveries WHERE slot = 'summary'")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("summary_day")
