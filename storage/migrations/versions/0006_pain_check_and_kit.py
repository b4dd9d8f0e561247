"""The pre-run pain check on each session, and the runner's kit.

``training_sessions.pain_check`` is the answer to "any pain in your hamstrings?" before
that session ("none", "mild" or "sharp"; NULL until answered), ``pain_leg`` which leg
("left", "right" or "both"; NULL for none or not said). ``users.kit`` is the kit the
runner has, as comma-separated kit ids (library/kit.py); NULL until asked, "" for none.

Revision ID: 0006_pain_check_and_kit
Revises: 0005_delivery_names
Create Date: 2026-12-04
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006_pain_check_and_kit"
down_revision: str | None = "0005_delivery_names"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("training_sessions") as batch:
        batch.add_column(sa.Column("pain_check", sa.String(8), nullable=True))
        batch.add_column(sa.Column("pain_leg", sa.String(8), nullable=True))
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("kit", sa.String(64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.drop_column("kit")
    with op.batch_alter_table("training_sessions") as batch:
        batch.drop_column("pain_leg")
        batch.drop_column("pain_check")
