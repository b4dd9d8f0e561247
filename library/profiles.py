"""The runner as the coaching core sees them: identity, where to reach them and their time zone."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo


@dataclass(frozen=True, slots=True)
class RunnerProfile:
    """One registered runner; created on their first /start."""

    id: int
    telegram_user_id: int
    chat_id: int
    name: str
    timezone: str
    created_at: datetime

    @property
    def display_name(self) -> str:
        """The name to greet the runner with, never empty."""
        return self.name.strip() or "runner"

    def local_date(self, now: datetime) -> date:
        """The runner's calendar date at the instant ``now``."""
        return now.astimezone(ZoneInfo(self.timezone)).date()
