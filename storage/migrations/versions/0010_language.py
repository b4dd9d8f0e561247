"""The language each runner is spoken to in.

``users.language`` is an ISO 639-1 code of a language the coach speaks (library/
languages.py): set from Telegram's ``language_code`` when the runner first writes, and
changed with /language. Runners registered before this revision get English, the only
language there was.

Revision ID: 0010_language
Revises: 0009_delivery_per_run
Create Date: 2026-12-04
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010_language"
down_revision: str | None = "0009_delivery_per_run"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("language", sa.String(5), nullable=False, server_default="en"))


def downgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.drop_column("language")
