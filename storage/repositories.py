"""Repositories: the queries of each aggregate, returning library dataclasses; they never commit."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from library.profiles import RunnerProfile
from storage.models import UserRow

NAME_MAX_LENGTH = 128


def _profile(row: UserRow) -> RunnerProfile:
    return RunnerProfile(
        id=row.id,
        telegram_user_id=row.telegram_user_id,
        chat_id=row.chat_id,
        name=row.name,
        timezone=row.timezone,
        created_at=row.created_at,
    )


class UserRepository:
    """Runners, keyed by their Telegram user id."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def _row(self, telegram_user_id: int) -> UserRow | None:
        result = await self._session.execute(
            select(UserRow).where(UserRow.telegram_user_id == telegram_user_id)
        )
        return result.scalar_one_or_none()

    async def get(self, telegram_user_id: int) -> RunnerProfile | None:
        row = await self._row(telegram_user_id)
        return None if row is None else _profile(row)

    async def register(
        self,
        *,
        telegram_user_id: int,
        chat_id: int,
        name: str,
        default_timezone: str,
        now: datetime,
    ) -> tuple[RunnerProfile, bool]:
        """Create the runner, or refresh their chat and name; returns (profile, created)."""
        name = name[:NAME_MAX_LENGTH]
        row = await self._row(telegram_user_id)
        created = row is None
        if row is None:
            row = UserRow(
                telegram_user_id=telegram_user_id,
                chat_id=chat_id,
                name=name,
                timezone=default_timezone,
                created_at=now,
            )
            self._session.add(row)
        else:
            row.chat_id = chat_id
            row.name = name
        await self._session.flush()
        return _profile(row), created

    async def count(self) -> int:
        result = await self._session.execute(select(func.count()).select_from(UserRow))
        return result.scalar_one()
