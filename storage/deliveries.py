"""The delivery repository: the SQL of scheduled messages, claimed before they are sent.

What is planned when, and what follows a finished delivery, are the pure rules of
``library/deliveries.py``; this module reads and writes the rows they describe. Each
runner with a schedule has one pending warm-up row, for their next run; a row is unique
per runner, local date, kind and run key (a warm-up per run, several runs a day). A tick
claims due rows in one statement (``UPDATE … WHERE id IN (SELECT … FOR UPDATE SKIP
LOCKED) RETURNING``), so two instances never get the same row: on PostgreSQL the
locked rows are skipped, on SQLite the statement holds the single write lock. A claim
is a lease: if the instance dies before finishing, the row is claimable again when
the lease ends, or at once when a restart of that instance recognises its earlier life
among the claims' owners and hands them back (:meth:`DeliveryRepository.claim_holders`,
:meth:`DeliveryRepository.release_claims_of`). Finishing a row writes the runner's next
one in the same transaction.

One idea: every statement on the ``deliveries`` table (planning, the claim, finishing,
reading), kept together so the table's invariants are checked in one place.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import replace
from datetime import date, datetime, timedelta

from sqlalchemy import Select, and_, delete, false, func, not_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.dml import ReturningUpdate

from library.deliveries import (
    SNOOZE_MINUTES,
    WINDOW_CLOSE,
    WINDOW_EARLY,
    Delivery,
    DeliveryKind,
    DeliveryStatus,
    Finished,
    Planned,
    next_warmup,
    plan_after,
    plan_for,
    snooze,
)
from library.profiles import RunnerProfile
from library.schedule import RunKey
from library.waves import Pending
from storage.models import DeliveryRow
from storage.one_off_runs import OneOffRunRepository
from storage.repositories import load_profiles

# Rows claimed or finished this recently keep their run date from being planned again.
_RECENT = timedelta(days=3)
# The longest claim owner DeliveryRow.claimed_by holds (String(40)).
OWNER_LENGTH = 40
Claim = ReturningUpdate[DeliveryRow]
# The advisory lock claims take turns on (PostgreSQL): any constant of the bot's own.
_CLAIM_LOCK = 0x636F6163  # "coac"


def _delivery(row: DeliveryRow) -> Delivery:
    return Delivery(
        id=row.id,
        user_id=row.user_id,
        local_date=row.local_date,
        kind=DeliveryKind(row.kind),
        status=DeliveryStatus(row.status),
        deadline_utc=row.deadline_utc,
        next_due_utc=row.next_due_utc,
        attempts=row.attempts,
        session_id=row.session_id,
        run_key=row.run_key,
    )


def _from_date(now: datetime) -> date:
    """A date no runner's local today is before, whatever their zone."""
    return (now - timedelta(days=1)).date()


def _claim_of(ids: Select[int], now: datetime, lease: timedelta, owner: str) -> Claim:
    return (
        update(DeliveryRow)
        .where(DeliveryRow.id.in_(ids.scalar_subquery()))
        .values(
            status=DeliveryStatus.CLAIMED.value,
            claimed_by=owner,
            next_due_utc=now + lease,
            attempts=DeliveryRow.attempts + 1,
            updated_at=now,
        )
        .returning(DeliveryRow)
        .execution_options(synchronize_session=False, populate_existing=True)
    )


def claim_statement(
    now: datetime,
    *,
    limit: int,
    lease: timedelta,
    owner: str,
    closed: bool | None = None,
) -> Claim:
    """The one-statement claim of due rows; on PostgreSQL its inner SELECT skips rows
    others hold. ``closed``: with look-ahead, False claims only rows still in their
    window (every kind but warm-ups past :data:`WINDOW_CLOSE`), True only those warm-ups
    (late, after the rest, earliest run first)."""
    due_ids = (
        select(DeliveryRow.id)
        .where(
            DeliveryRow.status.in_([DeliveryStatus.PENDING.value, DeliveryStatus.CLAIMED.value]),
            DeliveryRow.next_due_utc <= now,
        )
        .order_by(DeliveryRow.next_due_utc)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    late = and_(
        DeliveryRow.kind == DeliveryKind.WARMUP.value,
        DeliveryRow.deadline_utc < now + WINDOW_CLOSE,
    )
    if closed is False:
        due_ids = due_ids.where(not_(late))
    elif closed:
        due_ids = due_ids.where(late).order_by(None).order_by(DeliveryRow.deadline_utc)
    return _claim_of(due_ids, now, lease, owner)


def early_claim_statement(now: datetime, *, limit: int, lease: timedelta, owner: str) -> Claim:
    """The claim of warm-ups before their due time, once their window has opened (due by
    ``now + WINDOW_EARLY``): pending first tries only (a retry keeps its back-off),
    earliest run first."""
    early_ids = (
        select(DeliveryRow.id)
        .where(
            DeliveryRow.status == DeliveryStatus.PENDING.value,
            DeliveryRow.next_due_utc > now,
            DeliveryRow.next_due_utc <= now + WINDOW_EARLY,
            DeliveryRow.kind == DeliveryKind.WARMUP.value,
            DeliveryRow.attempts == 0,
        )
        .order_by(DeliveryRow.deadline_utc, DeliveryRow.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    return _claim_of(early_ids, now, lease, owner)


class DeliveryRepository:
    """Scheduled messages of one database session; the caller commits."""

    def __init__(self, session: AsyncSession) -> None:
        self._db = session

    # ------------------------------------------------------------------ planning
    async def _insert_ignoring_duplicates(self, rows: Iterable[dict[str, object]]) -> None:
        values = list(rows)
        if not values:
            return
        # Imported here, not with the module: a bot on SQLite starts without PostgreSQL's
        # dialect (about 20 ms), which it loads at its first planning instead.
        from sqlalchemy.dialects.postgresql import insert as postgresql_insert
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        dialect = self._db.get_bind().dialect.name
        insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
        statement = insert(DeliveryRow).values(values)
        await self._db.execute(
            statement.on_conflict_do_nothing(
                index_elements=["user_id", "local_date", "kind", "run_key"]
            )
        )

    @staticmethod
    def _row_values(user_id: int, planned: Planned, now: datetime) -> dict[str, object]:
        return {
            "user_id": user_id,
            "local_date": planned.local_date,
            "kind": planned.kind.value,
            "run_key": planned.run_key,
            "status": planned.status.value,
            "deadline_utc": planned.deadline_utc,
            "next_due_utc": planned.due_utc,
            "attempts": 0,
            "updated_at": now,
        }

    async def _taken_runs(
        self, user_ids: Collection[int], now: datetime
    ) -> dict[int, dict[DeliveryKind, frozenset[RunKey]]]:
        """Per runner, the runs (local date and run key) of each kind already sent,
        missed, skipped or being sent."""
        if not user_ids:
            return {}
        result = await self._db.execute(
            select(
                DeliveryRow.user_id, DeliveryRow.kind, DeliveryRow.local_date, DeliveryRow.run_key
            ).where(
                DeliveryRow.user_id.in_(sorted(set(user_ids))),
                DeliveryRow.status != DeliveryStatus.PENDING.value,
                DeliveryRow.deadline_utc >= now - _RECENT,
            )
        )
        taken: dict[int, dict[DeliveryKind, set[RunKey]]] = {}
        for user_id, kind, local_date, run_key in result.all():
            taken.setdefault(user_id, {}).setdefault(DeliveryKind(kind), set()).add(
                (local_date, run_key)
            )
        return {
            user_id: {kind: frozenset(runs) for kind, runs in kinds.items()}
            for user_id, kinds in taken.items()
        }

    async def reschedule(self, user_id: int, now: datetime) -> Planned | None:
        """Replace the runner's pending warm-up and weekly summary by the ones their
        settings give now (library.deliveries.plan_for); returns the warm-up planned.

        Called on registration and after every change of days, time, zone, lead, pause
        or summary day. A snoozed repeat already pending stays.
        """
        await self._db.execute(
            delete(DeliveryRow).where(
                DeliveryRow.user_id == user_id,
                DeliveryRow.status == DeliveryStatus.PENDING.value,
                DeliveryRow.kind.in_([DeliveryKind.WARMUP.value, DeliveryKind.SUMMARY.value]),
            )
        )
        profile = (await load_profiles(self._db, {user_id})).get(user_id)
        if profile is None:
            return None
        one_offs = await OneOffRunRepository(self._db).upcoming(user_id, _from_date(now))
        taken = (await self._taken_runs([user_id], now)).get(user_id, {})
        planned = plan_for(profile, now, taken, one_offs)
        await self._insert_ignoring_duplicates(
            self._row_values(user_id, item, now) for item in planned
        )
        return next_warmup(planned)

    async def cancel_pending(self, user_id: int) -> None:
        """Drop the runner's pending warm-ups, snoozes and summary (when blocked)."""
        await self._db.execute(
            delete(DeliveryRow).where(
                DeliveryRow.user_id == user_id,
                DeliveryRow.status == DeliveryStatus.PENDING.value,
            )
        )

    async def next_pending(
        self, user_id: int, kind: DeliveryKind = DeliveryKind.WARMUP
    ) -> Delivery | None:
        result = await self._db.execute(
            select(DeliveryRow)
            .where(
                DeliveryRow.user_id == user_id,
                DeliveryRow.status == DeliveryStatus.PENDING.value,
                DeliveryRow.kind == kind.value,
            )
            .order_by(DeliveryRow.next_due_utc)
            .limit(1)
        )
        row = result.scalar_one_or_none()
        return None if row is None else _delivery(row)

    async def skip_run(self, user_id: int, run: Planned, now: datetime) -> None:
        """Record ``run``'s warm-up as skipped (its pending row, or a new one), so it is
        never planned: the weekly run of a date a one-off run replaces."""
        await self._db.execute(
            update(DeliveryRow)
            .where(
                DeliveryRow.user_id == user_id,
                DeliveryRow.local_date == run.local_date,
                DeliveryRow.kind == run.kind.value,
                DeliveryRow.run_key == run.run_key,
                DeliveryRow.status == DeliveryStatus.PENDING.value,
            )
            .values(status=DeliveryStatus.SKIPPED.value, updated_at=now)
        )
        skipped = replace(run, status=DeliveryStatus.SKIPPED)
        await self._insert_ignoring_duplicates([self._row_values(user_id, skipped, now)])

    async def restore_run(self, user_id: int, run: RunKey, now: datetime) -> bool:
        """Plan a skipped run that has not started yet again (its skipped warm-up row
        goes); False when it was not skipped."""
        result = await self._db.execute(
            delete(DeliveryRow)
            .where(
                DeliveryRow.user_id == user_id,
                DeliveryRow.local_date == run[0],
                DeliveryRow.kind == DeliveryKind.WARMUP.value,
                DeliveryRow.run_key == run[1],
                DeliveryRow.status == DeliveryStatus.SKIPPED.value,
                DeliveryRow.deadline_utc > now,
            )
            .execution_options(synchronize_session=False)
        )
        return bool(getattr(result, "rowcount", 0))

    async def taken_runs(self, user_id: int, now: datetime) -> frozenset[RunKey]:
        """The runner's runs whose warm-up was sent, missed, skipped or is being sent."""
        taken = (await self._taken_runs([user_id], now)).get(user_id, {})
        return taken.get(DeliveryKind.WARMUP, frozenset())

    async def skip_next(
        self, user_id: int, now: datetime
    ) -> tuple[Delivery, Planned | None] | None:
        """Mark the runner's next warm-up skipped; returns it and the one planned after it."""
        pending = await self.next_pending(user_id)
        if pending is None:
            return None
        await self._db.execute(
            update(DeliveryRow)
            .where(DeliveryRow.id == pending.id, DeliveryRow.user_id == user_id)
            .values(status=DeliveryStatus.SKIPPED.value, updated_at=now)
        )
        return pending, await self.reschedule(user_id, now)

    async def run_start_of(self, user_id: int, session_id: int) -> datetime | None:
        """The start of the run whose scheduled warm-up opened the session (that
        warm-up's deadline); None for a session no scheduled warm-up opened."""
        result = await self._db.execute(
            select(DeliveryRow.deadline_utc).where(
                DeliveryRow.user_id == user_id,
                DeliveryRow.session_id == session_id,
                DeliveryRow.kind == DeliveryKind.WARMUP.value,
            )
        )
        return result.scalars().first()

    async def snooze(
        self,
        user_id: int,
        *,
        local_date: date,
        session_id: int | None,
        now: datetime,
        run_start: datetime,
        minutes: int = SNOOZE_MINUTES,
    ) -> Delivery | None:
        """Send the warm-up again in ``minutes``, missed once the run starts at
        ``run_start``; snoozing again moves the same repeat. None, and nothing stored,
        when the repeat would not come back before the run (library.deliveries.snooze)."""
        planned = snooze(local_date, now, run_start, minutes)
        if planned is None:
            return None
        values = {
            "status": planned.status.value,
            "deadline_utc": planned.deadline_utc,
            "next_due_utc": planned.due_utc,
            "claimed_by": None,
            "attempts": 0,
            "session_id": session_id,
            "updated_at": now,
        }
        existing = await self._db.execute(
            select(DeliveryRow).where(
                DeliveryRow.user_id == user_id,
                DeliveryRow.local_date == local_date,
                DeliveryRow.kind == DeliveryKind.SNOOZE.value,
            )
        )
        row = existing.scalar_one_or_none()
        if row is None:
            row = DeliveryRow(
                user_id=user_id, local_date=local_date, kind=DeliveryKind.SNOOZE.value, **values
            )
            self._db.add(row)
        else:
            for name, value in values.items():
                setattr(row, name, value)
        await self._db.flush()
        return _delivery(row)

    # ------------------------------------------------------------------ the tick
    async def claim(
        self,
        now: datetime,
        *,
        limit: int,
        lease: timedelta,
        owner: str,
        early: int | None = None,
    ) -> list[tuple[Delivery, RunnerProfile]]:
        """Claim up to ``limit`` due deliveries for ``owner`` until ``now + lease``.

        Due means pending with its due time reached, or claimed by an instance whose
        lease has ended. With look-ahead (``early`` given: how many warm-ups the wave
        planner sends before their due time in this batch), first the due rows still in
        their window, then up to ``early`` warm-ups not due yet whose window has opened,
        earliest run first, then warm-ups whose window has closed (late, but before the
        run). Commit straight after, before sending anything.
        """
        if early is None:
            return await self._with_runners(
                await self._claimed(claim_statement(now, limit=limit, lease=lease, owner=owner))
            )
        deliveries = await self._claimed(
            claim_statement(now, limit=limit, lease=lease, owner=owner, closed=False)
        )
        room = min(early, limit - len(deliveries))
        if room > 0:
            deliveries += await self._claimed(
                early_claim_statement(now, limit=room, lease=lease, owner=owner)
            )
        room = limit - len(deliveries)
        if room > 0:
            deliveries += await self._claimed(
                claim_statement(now, limit=room, lease=lease, owner=owner, closed=True)
            )
        return await self._with_runners(deliveries)

    async def take_claim_turn(self) -> None:
        """Make this transaction the only one sizing and taking a claim until it ends:
        two instances reading the budget at the same moment would both spend it. On
        PostgreSQL a transaction-scoped advisory lock; on SQLite a write that changes
        nothing, which takes the database's write lock. Call it first in the claim's
        transaction, so its reads see every claim committed before it."""
        if self._db.get_bind().dialect.name == "postgresql":
            await self._db.execute(select(func.pg_advisory_xact_lock(_CLAIM_LOCK)))
            return
        await self._db.execute(
            update(DeliveryRow)
            .where(false())
            .values(updated_at=DeliveryRow.updated_at)
            .execution_options(synchronize_session=False)
        )

    async def in_flight(
        self, now: datetime, recent: timedelta
    ) -> tuple[int, datetime | None, datetime | None]:
        """What every instance of the bot is sending, for the shared send budget
        (library/send_budget.py): how many rows are claimed with their lease not ended
        and when the latest of those leases ends (a claim's rows share one lease, a fixed
        grace after its last slot), and when the latest send (or refusal) of the last
        ``recent`` was recorded (a finished row's due time is its finish). Both read the
        (status, due) index."""
        claimed = await self._db.execute(
            select(func.count(), func.max(DeliveryRow.next_due_utc)).where(
                DeliveryRow.status == DeliveryStatus.CLAIMED.value,
                DeliveryRow.next_due_utc > now,
            )
        )
        last = await self._db.execute(
            select(func.max(DeliveryRow.next_due_utc)).where(
                DeliveryRow.status.in_([DeliveryStatus.SENT.value, DeliveryStatus.FAILED.value]),
                DeliveryRow.next_due_utc > now - recent,
            )
        )
        count, held_until = claimed.one()
        return count, last.scalar_one_or_none(), held_until

    async def _claimed(self, statement: Claim) -> list[Delivery]:
        return [_delivery(row) for row in (await self._db.execute(statement)).scalars()]

    async def _with_runners(
        self, deliveries: list[Delivery]
    ) -> list[tuple[Delivery, RunnerProfile]]:
        if not deliveries:
            return []
        profiles = await load_profiles(self._db, {d.user_id for d in deliveries})
        return [(d, profiles[d.user_id]) for d in deliveries if d.user_id in profiles]

    async def pending_warmups(self, until: datetime) -> list[Pending]:
        """The pending warm-ups due by ``until`` (overdue ones too), counted per due time
        and run start: what the wave planner needs, a row per wave, not per runner."""
        result = await self._db.execute(
            select(DeliveryRow.next_due_utc, DeliveryRow.deadline_utc, func.count())
            .where(
                DeliveryRow.status == DeliveryStatus.PENDING.value,
                DeliveryRow.next_due_utc <= until,
                DeliveryRow.kind == DeliveryKind.WARMUP.value,
            )
            .group_by(DeliveryRow.next_due_utc, DeliveryRow.deadline_utc)
        )
        return [Pending(due, run_start, count) for due, run_start, count in result.all()]

    async def claim_holders(self, prefix: str) -> list[str]:
        """The owners, starting with ``prefix``, of rows claimed now (lease ended or not)."""
        result = await self._db.execute(
            select(DeliveryRow.claimed_by)
            .where(
                DeliveryRow.status == DeliveryStatus.CLAIMED.value,
                DeliveryRow.claimed_by.startswith(prefix, autoescape=True),
            )
            .distinct()
        )
        return sorted(owner for owner in result.scalars() if owner is not None)

    async def defer(self, deliveries: Collection[Delivery], now: datetime) -> None:
        """Hand claimed deliveries back unsent and untried, due at once: their send slot
        passed before they could go (the dispatcher's pacer turned them away), which is
        no failed try, so the claim's try is taken back too."""
        if not deliveries:
            return
        await self._db.execute(
            update(DeliveryRow)
            .where(
                DeliveryRow.id.in_(sorted(d.id for d in deliveries)),
                DeliveryRow.status == DeliveryStatus.CLAIMED.value,
            )
            .values(
                status=DeliveryStatus.PENDING.value,
                claimed_by=None,
                next_due_utc=now,
                attempts=DeliveryRow.attempts - 1,
                updated_at=now,
            )
            .execution_options(synchronize_session=False)
        )

    async def claimed_of(self, ids: Collection[int], owners: Collection[str]) -> list[Delivery]:
        """The rows of ``ids`` still claimed by one of ``owners`` (ended lives whose
        journaled outcomes are to be recorded); a row finished or claimed by someone else
        since is left out."""
        if not ids or not owners:
            return []
        rows = await self._db.execute(
            select(DeliveryRow)
            .where(
                DeliveryRow.id.in_(sorted(ids)),
                DeliveryRow.status == DeliveryStatus.CLAIMED.value,
                DeliveryRow.claimed_by.in_(sorted(owners)),
            )
            .order_by(DeliveryRow.id)
        )
        return [_delivery(row) for row in rows.scalars()]

    async def release_claims_of(self, owners: Collection[str], now: datetime) -> int:
        """Hand back every row still claimed by one of ``owners`` (lives of an instance
        known to have ended), due at once; returns how many. Rows another instance has
        claimed since, after the lease ended, are not theirs any more and stay."""
        if not owners:
            return 0
        result = await self._db.execute(
            update(DeliveryRow)
            .where(
                DeliveryRow.status == DeliveryStatus.CLAIMED.value,
                DeliveryRow.claimed_by.in_(sorted(owners)),
            )
            .values(
                status=DeliveryStatus.PENDING.value,
                claimed_by=None,
                next_due_utc=now,
                updated_at=now,
            )
            .returning(DeliveryRow.id)
            .execution_options(synchronize_session=False)
        )
        return len(result.all())

    async def attach_sessions(self, pairs: Iterable[tuple[int, int]]) -> None:
        """Remember the session opened for each (delivery id, session id)."""
        values = [
            {"id": delivery_id, "session_id": session_id} for delivery_id, session_id in pairs
        ]
        if values:
            await self._db.execute(update(DeliveryRow), values)

    async def finish(self, finished: Finished, now: datetime) -> Planned | None:
        """Record how a claimed delivery ended and plan what follows it; returns the
        warm-up planned next, if any."""
        return (await self.finish_many([finished], now))[0]

    async def finish_many(self, results: Sequence[Finished], now: datetime) -> list[Planned | None]:
        """:meth:`finish` for many deliveries in a few statements (one group commit)."""
        if not results:
            return []
        await self._db.execute(
            update(DeliveryRow),
            [
                {
                    # claimed_by stays: which instance sent (or gave up) each delivery.
                    "id": result.delivery.id,
                    "status": result.status.value,
                    "message_id": result.message_id,
                    "next_due_utc": now,
                    "updated_at": now,
                }
                for result in results
            ],
        )
        user_ids = {result.delivery.user_id for result in results}
        profiles = await load_profiles(self._db, user_ids)
        one_offs = await OneOffRunRepository(self._db).upcoming_of(
            user_ids, min(_from_date(now), *(result.delivery.local_date for result in results))
        )
        taken = await self._taken_runs(
            {r.delivery.user_id for r in results if r.delivery.kind is DeliveryKind.WARMUP}, now
        )
        rows: list[dict[str, object]] = []
        following: list[Planned | None] = []
        for result in results:
            user_id = result.delivery.user_id
            planned = plan_after(
                result.delivery,
                result.outcome,
                profiles.get(user_id),
                now,
                one_offs.get(user_id, ()),
                taken.get(user_id, {}).get(DeliveryKind.WARMUP, frozenset()),
            )
            rows += [self._row_values(user_id, item, now) for item in planned]
            following.append(next_warmup(planned))
        await self._insert_ignoring_duplicates(rows)
        return following

    async def release(self, delivery: Delivery, retry_at: datetime, now: datetime) -> None:
        """Hand a claimed delivery back, due again at ``retry_at`` (a failed try)."""
        await self._db.execute(
            update(DeliveryRow)
            .where(
                DeliveryRow.id == delivery.id,
                DeliveryRow.status == DeliveryStatus.CLAIMED.value,
            )
            .values(
                status=DeliveryStatus.PENDING.value,
                claimed_by=None,
                next_due_utc=retry_at,
                updated_at=now,
            )
        )

    # ------------------------------------------------------------------ reading
    async def for_user(
        self, user_id: int, kinds: Iterable[DeliveryKind] | None = None
    ) -> list[Delivery]:
        """The runner's deliveries (of the given kinds, or all), by deadline."""
        query = select(DeliveryRow).where(DeliveryRow.user_id == user_id)
        if kinds is not None:
            query = query.where(DeliveryRow.kind.in_([kind.value for kind in kinds]))
        result = await self._db.execute(query.order_by(DeliveryRow.deadline_utc, DeliveryRow.id))
        return [_delivery(row) for row in result.scalars()]

    async def counts(self) -> dict[DeliveryStatus, int]:
        result = await self._db.execute(
            select(DeliveryRow.status, func.count()).group_by(DeliveryRow.status)
        )
        return {DeliveryStatus(status): count for status, count in result.all()}
