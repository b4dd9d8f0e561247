"""The runner as the coaching core sees them: identity, where to reach them, their time
zone, schedule and kit."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from enum import StrEnum
from types import MappingProxyType
from zoneinfo import ZoneInfo

from library.kit import Kit
from library.languages import DEFAULT as DEFAULT_LANGUAGE
from library.languages import Language
from library.schedule import DEFAULT_LEAD_MINUTES, RunSchedule

DEFAULT_SUMMARY_DAY = 6  # Sunday: the weekly summary's day for a new runner


class PauseReason(StrEnum):
    """Why a runner's warm-ups are paused."""

    USER = "user"  # they asked with /pause
    BLOCKED = "blocked"  # Telegram said they blocked the bot


class OnboardingStep(StrEnum):
    """The set-up question waiting for the runner's answer."""

    DAYS = "days"
    TIME = "time"
    ZONE = "zone"
    LEAD = "lead"


@dataclass(frozen=True, slots=True)
class RunnerProfile:
    """One registered runner; created on their first /start."""

    id: int
    telegram_user_id: int
    chat_id: int
    name: str
    timezone: str
    created_at: datetime
    run_days: frozenset[int] = frozenset()  # the days they run (Monday 0)
    # The start of every run day not in day_times (None: not asked yet; set-up asks the
    # days first): the earliest of their times.
    run_time: time | None = None
    lead_minutes: int = DEFAULT_LEAD_MINUTES
    paused: PauseReason | None = None
    onboarding: OnboardingStep | None = None
    summary_day: int | None = DEFAULT_SUMMARY_DAY  # weekday of the weekly summary; None: off
    kit: frozenset[Kit] | None = None  # the kit they have; None: not asked yet (full kit)
    day_times: Mapping[int, time] = field(default_factory=dict)  # the days whose start differs
    language: Language = DEFAULT_LANGUAGE  # the language they are spoken to in

    @property
    def schedule(self) -> RunSchedule | None:
        """The run schedule, once both the days and their times are known."""
        if not self.run_days or self.run_time is None:
            return None
        return RunSchedule(
            self.run_days, self.run_time, self.timezone, self.lead_minutes, self.day_times
        )

    @property
    def run_times(self) -> Mapping[int, time]:
        """Each run day's local start, by weekday (empty while the time is not known)."""
        if self.run_time is None:
            return MappingProxyType({})
        return MappingProxyType(
            {day: self.day_times.get(day, self.run_time) for day in sorted(self.run_days)}
        )

    @property
    def display_name(self) -> str:
        """The name to greet the runner with, never empty."""
        return self.name.strip() or "runner"

    def local_date(self, now: datetime) -> date:
        """The runner's calendar date at the instant ``now``."""
        return now.astimezone(ZoneInfo(self.timezone)).date()
