"""Figures for the operator's /stats: how many runners, how active, how deliveries stand.

Counts only, never a runner's name, id or data: /stats is for running the service.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Select, distinct, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from library.deliveries import DeliveryStatus
from storage.models import DeliveryRow, ReportRow, UserRow


@dataclass(frozen=True, slots=True)
class ServiceStats:
    """The service at a glance; "recent" is the last 7 days, "today" the last 24 hours."""

    runners: int
    scheduled: int
    paused: int
    reporting_recently: int
    reports_today: int
    reports_recently: int
    deliveries: dict[DeliveryStatus, int]
    sent_today: int
    overdue: int


async def service_stats(session: AsyncSession, now: datetime) -> ServiceStats:
    """Every figure of :class:`ServiceStats`, in a handful of aggregate queries."""
    day, week = now - timedelta(days=1), now - timedelta(days=7)

    async def count(statement: Select[Any]) -> int:
        return int((await session.execute(statement)).scalar_one())

    by_status = await session.execute(
        select(DeliveryRow.status, func.count()).group_by(DeliveryRow.status)
    )
    deliveries = {DeliveryStatus(status): int(n) for status, n in by_status}
    return ServiceStats(
        runners=await count(select(func.count()).select_from(UserRow)),
        scheduled=await count(select(func.count()).where(UserRow.run_times != "")),
        paused=await count(select(func.count()).where(UserRow.paused.is_not(None))),
        reporting_recently=await count(
            select(func.count(distinct(ReportRow.user_id))).where(ReportRow.created_at >= week)
        ),
        reports_today=await count(select(func.count()).where(ReportRow.created_at >= day)),
        reports_recently=await count(select(func.count()).where(ReportRow.created_at >= week)),
        deliveries=deliveries,
        sent_today=await count(
            select(func.count()).where(
                DeliveryRow.status == DeliveryStatus.SENT.value, DeliveryRow.updated_at >= day
            )
        ),
        overdue=await count(
            select(func.count()).where(
                DeliveryRow.status.in_(
                    [DeliveryStatus.PENDING.value, DeliveryStatus.CLAIMED.value]
                ),
                DeliveryRow.next_due_utc < now - timedelta(minutes=5),
            )
        ),
    )
