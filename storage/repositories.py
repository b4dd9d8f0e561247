"""Repositories: the queries of each aggregate, returning library dataclasses; they never commit."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import datetime, time
from enum import Enum
from typing import Any, Final, Literal, TypedDict

from sqlalchemy import Row, bindparam, delete, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from library.kit import Kit, decode_kit, encode_kit
from library.languages import DEFAULT as DEFAULT_LANGUAGE
from library.languages import Language, language_for
from library.profiles import DEFAULT_SUMMARY_DAY, OnboardingStep, PauseReason, RunnerProfile
from library.schedule import DEFAULT_LEAD_MINUTES, decode_week, encode_week
from storage.models import (
    DeliveryRow,
    OneOffRunRow,
    ReportRow,
    ReportSetRow,
    TrainingSessionRow,
    UserRow,
)
from storage.reads import read

NAME_MAX_LENGTH = 128
# Built once: an IN of one expanding parameter is not coerced value by value.
_RUNNERS_BY_TELEGRAM_ID = select(*UserRow.__table__.columns).where(
    UserRow.telegram_user_id.in_(bindparam("ids", expanding=True))
)


def profile_from_row(row: UserRow | Row[Any]) -> RunnerProfile:
    run_days, run_times = decode_week(row.run_times)
    run_time = min(run_times.values(), default=None)
    return RunnerProfile(
        id=row.id,
        telegram_user_id=row.telegram_user_id,
        chat_id=row.chat_id,
        name=row.name,
        timezone=row.timezone,
        created_at=row.created_at,
        run_days=run_days,
        run_time=run_time,
        day_times={day: at for day, at in run_times.items() if at != run_time},
        lead_minutes=row.lead_minutes,
        paused=None if row.paused is None else PauseReason(row.paused),
        onboarding=None if row.onboarding is None else OnboardingStep(row.onboarding),
        summary_day=row.summary_day,
        kit=decode_kit(row.kit),
        language=language_for(row.language),
    )


async def load_profiles(session: AsyncSession, user_ids: set[int]) -> dict[int, RunnerProfile]:
    """Runners by user id, read afresh from the database (not from the session's cache)."""
    if not user_ids:
        return {}
    result = await session.execute(
        select(UserRow).where(UserRow.id.in_(user_ids)).execution_options(populate_existing=True)
    )
    return {row.id: profile_from_row(row) for row in result.scalars()}


def is_current(profile: RunnerProfile, chat_id: int, name: str) -> bool:
    """Whether the stored runner still has this chat and name (the name as stored: cut to
    :data:`NAME_MAX_LENGTH`), so registering them again would write nothing."""
    return (profile.chat_id, profile.name) == (chat_id, name[:NAME_MAX_LENGTH])


class SettingsChange(TypedDict, total=False):
    """The runner settings :meth:`UserRepository.update_settings` can change."""

    run_days: frozenset[int]  # the days; a day that stays keeps its time
    run_time: time  # one time for every run day (with run_days: for those days)
    run_times: Mapping[int, time]  # exactly these days at these times
    timezone: str
    lead_minutes: int
    paused: PauseReason | None
    onboarding: OnboardingStep | None
    summary_day: int | None
    kit: frozenset[Kit] | None
    language: Language


class _Unchanged(Enum):
    """The default of every :meth:`UserRepository.update_settings` argument: leave that
    setting as it is. (None, where a setting may be empty, means "clear it".)"""

    UNCHANGED = 0


UNCHANGED: Final = _Unchanged.UNCHANGED
Unchanged = Literal[_Unchanged.UNCHANGED]


class UserRepository:
    """Runners, keyed by their Telegram user id."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get(self, telegram_user_id: int) -> RunnerProfile | None:
        """The runner, read as a plain row (this runs for every text message)."""
        result = await self._session.execute(
            select(*UserRow.__table__.columns).where(UserRow.telegram_user_id == telegram_user_id)
        )
        row = result.first()
        return None if row is None else profile_from_row(row)

    async def get_many(self, telegram_user_ids: Iterable[int]) -> dict[int, RunnerProfile]:
        """:meth:`get` of many runners in one query, keyed by Telegram user id."""
        wanted = set(telegram_user_ids)
        if not wanted:
            return {}
        rows = await read(self._session, _RUNNERS_BY_TELEGRAM_ID, {"ids": list(wanted)})
        return {row.telegram_user_id: profile_from_row(row) for row in rows}

    async def register(
        self,
        *,
        telegram_user_id: int,
        chat_id: int,
        name: str,
        default_timezone: str,
        now: datetime,
        language: Language = DEFAULT_LANGUAGE,
    ) -> tuple[RunnerProfile, bool]:
        """Create the runner, or refresh their chat and name; returns (profile, created).
        ``language`` is theirs only when they are created (later, /language changes it).

        Plain statements, no ORM objects: this runs for nearly every update, and usually
        finds the runner as they were (one SELECT, nothing written).
        """
        name = name[:NAME_MAX_LENGTH]
        found = await self.get(telegram_user_id)
        if found is not None:
            if is_current(found, chat_id, name):
                return found, False
            await self._session.execute(
                update(UserRow)
                .where(UserRow.id == found.id)
                .values(chat_id=chat_id, name=name)
                .execution_options(synchronize_session=False)
            )
            return replace(found, chat_id=chat_id, name=name), False
        inserted = await self._session.execute(
            insert(UserRow)
            .values(
                telegram_user_id=telegram_user_id,
                chat_id=chat_id,
                name=name,
                timezone=default_timezone,
                created_at=now,
                run_times="",
                lead_minutes=DEFAULT_LEAD_MINUTES,
                summary_day=DEFAULT_SUMMARY_DAY,
                language=language.value,
            )
            .returning(*UserRow.__table__.columns)
        )
        return profile_from_row(inserted.one()), True

    async def existing(self, user_ids: Iterable[int]) -> set[int]:
        """Which of ``user_ids`` are still registered (a runner may erase themselves at
        any moment, also while a wave holds their delivery)."""
        wanted = set(user_ids)
        if not wanted:
            return set()
        result = await self._session.execute(select(UserRow.id).where(UserRow.id.in_(wanted)))
        return set(result.scalars())

    async def count(self) -> int:
        result = await self._session.execute(select(func.count()).select_from(UserRow))
        return result.scalar_one()

    async def by_id(self, user_id: int) -> RunnerProfile | None:
        return await self._fresh(user_id)

    async def update_settings(
        self,
        user_id: int,
        *,
        run_days: frozenset[int] | Unchanged = UNCHANGED,
        run_time: time | Unchanged = UNCHANGED,
        run_times: Mapping[int, time] | Unchanged = UNCHANGED,
        timezone: str | Unchanged = UNCHANGED,
        lead_minutes: int | Unchanged = UNCHANGED,
        paused: PauseReason | Unchanged | None = UNCHANGED,
        onboarding: OnboardingStep | Unchanged | None = UNCHANGED,
        summary_day: int | Unchanged | None = UNCHANGED,
        kit: frozenset[Kit] | Unchanged | None = UNCHANGED,
        language: Language | Unchanged = UNCHANGED,
    ) -> RunnerProfile | None:
        """Change the settings given; every other one stays as it is. None clears the
        settings that may be empty (pause, set-up step, summary day; the kit: not asked)."""
        values: dict[str, object] = {}
        if (run_days, run_time, run_times) != (UNCHANGED,) * 3:
            values["run_times"] = await self._week(user_id, run_days, run_time, run_times)
        if timezone is not UNCHANGED:
            values["timezone"] = timezone
        if lead_minutes is not UNCHANGED:
            values["lead_minutes"] = lead_minutes
        if paused is not UNCHANGED:
            values["paused"] = None if paused is None else str(paused)
        if onboarding is not UNCHANGED:
            values["onboarding"] = None if onboarding is None else str(onboarding)
        if summary_day is not UNCHANGED:
            values["summary_day"] = summary_day
        if kit is not UNCHANGED:
            values["kit"] = None if kit is None else encode_kit(kit)
        if language is not UNCHANGED:
            values["language"] = language.value
        if values:
            await self._session.execute(
                update(UserRow)
                .where(UserRow.id == user_id)
                .values(**values)
                .execution_options(synchronize_session=False)
            )
        return await self._fresh(user_id)

    async def _week(
        self,
        user_id: int,
        run_days: frozenset[int] | Unchanged,
        run_time: time | Unchanged,
        run_times: Mapping[int, time] | Unchanged,
    ) -> str:
        """The run_times text of a schedule change (:class:`SettingsChange`); reads the
        stored one only when the change keeps part of it."""
        if run_times is not UNCHANGED:
            return encode_week(run_times, run_times)
        if run_days is not UNCHANGED and run_time is not UNCHANGED:
            return encode_week(run_days, dict.fromkeys(run_days, run_time))
        stored = await self._session.execute(select(UserRow.run_times).where(UserRow.id == user_id))
        days, times = decode_week(stored.scalar_one_or_none())
        if run_days is not UNCHANGED:
            return encode_week(run_days, {day: at for day, at in times.items() if day in run_days})
        assert run_time is not UNCHANGED  # one of the three is given
        return encode_week(days, dict.fromkeys(days, run_time))

    async def erase(self, user_id: int) -> int:
        """Delete the runner and everything about them: sets, reports, sessions, deliveries,
        one-off runs and settings. Explicit deletes (not only ON DELETE CASCADE), so nothing is left
        behind whatever the database's foreign-key settings. Returns the rows deleted."""
        report_ids = select(ReportRow.id).where(ReportRow.user_id == user_id)
        deleted = 0
        for statement in (
            delete(ReportSetRow).where(ReportSetRow.report_id.in_(report_ids.scalar_subquery())),
            delete(ReportRow).where(ReportRow.user_id == user_id),
            delete(DeliveryRow).where(DeliveryRow.user_id == user_id),
            delete(OneOffRunRow).where(OneOffRunRow.user_id == user_id),
            delete(TrainingSessionRow).where(TrainingSessionRow.user_id == user_id),
            delete(UserRow).where(UserRow.id == user_id),
        ):
            result = await self._session.execute(
                statement.execution_options(synchronize_session=False)
            )
            deleted += getattr(result, "rowcount", 0) or 0
        self._session.expunge_all()
        return deleted

    async def _fresh(self, user_id: int) -> RunnerProfile | None:
        return (await load_profiles(self._session, {user_id})).get(user_id)
