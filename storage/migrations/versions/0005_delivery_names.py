"""Deliveries' columns named for what they hold: ``slot`` is the message's kind, and
``run_start_utc`` its deadline (a run's start only for warm-ups).

Revision ID: 0005_delivery_names
Revises: 0004_weekly_summaries
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0005_delivery_names"
down_revision: str | None = "0004_weekly_summaries"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# SQLite (3.25+) and PostgreSQL both rename in place, carrying indexes and constraints.
_RENAMES = (("slot", "kind"), ("run_start_utc", "deadline_utc"))


def upgrade() -> None:
    for old, new in _RENAMES:
        op.execute(f"ALTER TABLE deliveries RENAME COLUMN {old} TO {new}")


def downgrade() -> None:
    for old, new in _RENAMES:
        op.execute(f"ALTER TABLE deliveries RENAME COLUMN {new} TO {old}")
