"""A start time per run day: ``users.run_times`` replaces ``run_days`` (a weekday bit
mask) and ``run_time`` (one "HH:MM" for all those days).

``run_times`` lists each run day (Monday = 0) with its local start, "0=06:30,2=06:30,
5=08:00"; a day whose time is not known yet (set-up asks the days before the time) is
the weekday alone, "1,3"; "" means no runs. The upgrade fills it from the old columns in
one UPDATE that SQLite and PostgreSQL both run (bitwise ``&``, ``||``, ``rtrim``), so
every schedule keeps its days and time. The downgrade keeps each runner's days and the
earliest of their times (the old form has room for only one).

Revision ID: 0008_run_times
Revises: 0007_one_off_runs
Create Date: 2026-12-05
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008_run_times"
down_revision: str | None = "0007_one_off_runs"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _day_entry(day: int) -> str:
    """SQL for one weekday's part of the list: '2=06:30,' (or '2,' with no time yet)
    when bit ``day`` of run_days is set, else ''."""
    return (
        f"CASE WHEN (run_days & {1 << day}) <> 0 THEN "
        f"CASE WHEN run_time IS NULL THEN '{day},' ELSE '{day}=' || run_time || ',' END "
        "ELSE '' END"
    )


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("run_times", sa.String(64), server_default="", nullable=False))
    entries = " || ".join(_day_entry(day) for day in range(7))
    op.execute(f"UPDATE users SET run_times = rtrim({entries}, ',') WHERE run_days <> 0")
    # Plain ALTER TABLE … DROP COLUMN (SQLite 3.35 and later): a batch operation would
    # copy the table, and dropping the old users table would cascade to their deliveries.
    op.drop_column("users", "run_time")
    op.drop_column("users", "run_days")


def _old_form(run_times: str) -> tuple[int, str | None]:
    """(run_days mask, earliest "HH:MM" or None) of a run_times text."""
    mask, times = 0, []
    for part in run_times.split(","):
        day, _, at = part.strip().partition("=")
        if day.isdigit():
            mask |= 1 << int(day)
        if at:
            times.append(at)
    return mask, min(times, default=None)


def downgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("run_days", sa.Integer(), server_default="0", nullable=False))
        batch.add_column(sa.Column("run_time", sa.String(length=5), nullable=True))
    connection = op.get_bind()
    rows = connection.execute(sa.text("SELECT id, run_times FROM users WHERE run_times <> ''"))
    changes = [
        {"id": user_id, "days": mask, "at": at}
        for user_id, mask, at in ((row[0], *_old_form(row[1])) for row in rows)
    ]
    if changes:
        connection.execute(
            sa.text("UPDATE users SET run_days = :days, run_time = :at WHERE id = :id"), changes
        )
    op.drop_column("users", "run_times")
