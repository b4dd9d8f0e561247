"""A warm-up per run, not per day: ``deliveries.run_key`` names the run within its
local date, and the unique constraint becomes (user_id, local_date, kind, run_key).

A date can now hold the weekly run ("" key) and one-off runs ("HH:MM", their local
start), each with its own warm-up; summaries and snoozed repeats keep "" and so stay
one per date, as before. Existing rows all get "" (they were one per date), so nothing
is lost or sent twice. On SQLite the constraint change copies ``deliveries`` (a batch
operation): nothing references that table, so the copy cascades nowhere (a copy of
``users`` would). The downgrade keeps, of a date's warm-ups, the one that is not a
one-off's when there is one, else the earliest, and restores one warm-up per date.

Revision ID: 0009_delivery_per_run
Revises: 0008_run_times
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009_delivery_per_run"
down_revision: str | None = "0008_run_times"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD_NAME = "uq_deliveries_user_date_slot"
NEW_NAME = "uq_deliveries_user_run"


def upgrade() -> None:
    with op.batch_alter_table("deliveries") as batch:
        batch.add_column(sa.Column("run_key", sa.String(5), server_default="", nullable=False))
        batch.drop_constraint(OLD_NAME, type_="unique")
        batch.create_unique_constraint(NEW_NAME, ["user_id", "local_date", "kind", "run_key"])


def downgrade() -> None:
    # One row per (user, date, kind) again: drop the others first, keeping the weekly
    # run's ("" sorts first), else the earliest one-off's.
    op.execute(
        "DELETE FROM deliveries WHERE EXISTS (SELECT 1 FROM deliveries AS kept "
        "WHERE kept.user_id = deliveries.user_id AND kept.local_date = deliveries.local_date "
        "AND kept.kind = deliveries.kind AND kept.run_key < deliveries.run_key)"
    )
    with op.batch_alter_table("deliveries") as batch:
        batch.drop_constraint(NEW_NAME, type_="unique")
        batch.create_unique_constraint(OLD_NAME, ["user_id", "local_date", "kind"])
        batch.drop_column("run_key")
