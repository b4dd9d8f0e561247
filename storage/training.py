"""The training repository: sessions sent, reports and their sets, the history for adaptation.

Every query is scoped by the runner's user id, so no id taken from a button or a message
can reach another runner's rows.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, cast

from sqlalchemy import Row, Table, bindparam, delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from library.pain_check import PainCheck, SessionCheck
from library.training import (
    ExerciseResult,
    Leg,
    SessionStatus,
    StoredReport,
    TrainingSession,
)
from storage.models import ReportRow, ReportSetRow, TrainingSessionRow
from storage.reads import read

_IN_CHUNK = 500  # runners per query when loading many histories
# What adaptation reads of a report (its session's pain check too); the log of one
# runner's exercise also reads when it was made.
_LOG_COLUMNS = (
    ReportRow.id,
    ReportRow.user_id,
    ReportRow.exercise_id,
    ReportRow.local_date,
    ReportRow.pain,
    ReportRow.session_id,
    TrainingSessionRow.pain_check,
)
_REPORT_COLUMNS = (*_LOG_COLUMNS, ReportRow.created_at)

_LEGS = {leg.value: leg for leg in Leg}
_CHECKS = {check.value: check for check in PainCheck}
# The report desk's reads, built once; an IN of one expanding parameter is not coerced
# value by value. The log reads only what adaptation uses (no timestamps to convert).
_CURRENT_SESSIONS = (
    select(*TrainingSessionRow.__table__.columns)
    .where(
        TrainingSessionRow.user_id.in_(bindparam("owners", expanding=True)),
        TrainingSessionRow.status == SessionStatus.OPEN.value,
        TrainingSessionRow.created_at >= bindparam("since"),
    )
    .order_by(TrainingSessionRow.created_at, TrainingSessionRow.id)
)
# A log in two reads rather than one join: a report's columns once, not once per set
# (half the CPU of reading 200 reports with 800 sets).
_HISTORY_REPORTS = (
    select(*_LOG_COLUMNS)
    .outerjoin(TrainingSessionRow, TrainingSessionRow.id == ReportRow.session_id)
    .where(ReportRow.user_id.in_(bindparam("owners", expanding=True)))
    .order_by(ReportRow.id)
)
_HISTORY_SETS = (
    select(ReportSetRow.report_id, ReportSetRow.leg, ReportSetRow.reps)
    .join(ReportRow, ReportRow.id == ReportSetRow.report_id)
    .where(ReportRow.user_id.in_(bindparam("owners", expanding=True)))
    .order_by(ReportSetRow.report_id, ReportSetRow.leg, ReportSetRow.set_number)
)


@dataclass(frozen=True, slots=True)
class NewReport:
    """A report about to be stored: whose, which session (if any), what and how many."""

    user_id: int
    session_id: int | None
    exercise_id: str
    day: date
    sets: Mapping[Leg, tuple[int, ...]]
    pain: bool


def _session(row: TrainingSessionRow | Row[Any]) -> TrainingSession:
    return TrainingSession(
        id=row.id,
        kind=row.kind,
        day=row.local_date,
        status=SessionStatus(row.status),
        exercise_ids=tuple(filter(None, row.exercise_ids.split(","))),
        prompted_exercise_id=row.prompted_exercise_id,
        created_at=row.created_at,
        pain_check=_check(row.pain_check),
        pain_leg=Leg(row.pain_leg) if row.pain_leg else None,
    )


def _check(value: str | None) -> PainCheck | None:
    return PainCheck(value) if value else None


# A row of _HISTORY_REPORTS: id, user id, exercise, day, pain, session id, pain check.
_LogRow = tuple[int, int, str, date, bool, int | None, str | None]


def _result(row: _LogRow, sets: Mapping[str, list[int]]) -> ExerciseResult:
    """A row of :data:`_HISTORY_REPORTS` and the report's reps by leg (as stored)."""
    _id, _user_id, exercise_id, day, pain, session_id, check = row
    return ExerciseResult(
        day,
        exercise_id,
        {_LEGS[leg]: tuple(reps) for leg, reps in sets.items()},
        pain,
        session_id,
        _CHECKS[check] if check else None,
    )


class TrainingRepository:
    """Sessions and reports of one database session; the caller commits."""

    def __init__(self, session: AsyncSession) -> None:
        self._db = session

    async def open_session(
        self, user_id: int, *, kind: str, day: date, exercise_ids: tuple[str, ...], now: datetime
    ) -> TrainingSession:
        """Record a sent session; earlier open sessions of the runner are closed as done."""
        (row,) = await self._open([(user_id, kind, day, exercise_ids)], now)
        return _session(row)

    async def open_sessions(
        self, sessions: Sequence[tuple[int, str, date, tuple[str, ...]]], *, now: datetime
    ) -> list[int]:
        """:meth:`open_session` for many runners at once: (user id, kind, day, exercise
        ids) each; returns the new sessions' ids in the same order."""
        return [row.id for row in await self._open(sessions, now)]

    async def _open(
        self, sessions: Sequence[tuple[int, str, date, tuple[str, ...]]], now: datetime
    ) -> list[Row[Any]]:
        """Close the runners' open sessions, then insert the new ones in one statement
        (Core, RETURNING in the parameters' order: no ORM object per row, which made a
        wave's thousands of sessions cost more than planning them)."""
        if not sessions:
            return []
        await self._db.execute(
            update(TrainingSessionRow)
            .where(
                TrainingSessionRow.user_id.in_({user_id for user_id, *_ in sessions}),
                TrainingSessionRow.status == SessionStatus.OPEN.value,
            )
            .values(status=SessionStatus.DONE.value, prompted_exercise_id=None)
        )
        table = cast(Table, TrainingSessionRow.__table__)
        result = await self._db.execute(
            insert(table).returning(*table.c, sort_by_parameter_order=True),
            [
                {
                    "user_id": user_id,
                    "kind": kind,
                    "local_date": day,
                    "status": SessionStatus.OPEN.value,
                    "exercise_ids": ",".join(exercise_ids),
                    "created_at": now,
                }
                for user_id, kind, day, exercise_ids in sessions
            ],
        )
        return list(result.all())

    async def open_session_ids(self, session_ids: Iterable[int]) -> set[int]:
        """Which of ``session_ids`` are still open."""
        wanted = set(session_ids)
        if not wanted:
            return set()
        result = await self._db.execute(
            select(TrainingSessionRow.id).where(
                TrainingSessionRow.id.in_(wanted),
                TrainingSessionRow.status == SessionStatus.OPEN.value,
            )
        )
        return set(result.scalars())

    async def _row(self, user_id: int, session_id: int) -> TrainingSessionRow | None:
        result = await self._db.execute(
            select(TrainingSessionRow).where(
                TrainingSessionRow.id == session_id, TrainingSessionRow.user_id == user_id
            )
        )
        return result.scalar_one_or_none()

    async def get_session(self, user_id: int, session_id: int) -> TrainingSession | None:
        row = await self._row(user_id, session_id)
        return None if row is None else _session(row)

    async def current_sessions(
        self, user_ids: Iterable[int], *, since: datetime
    ) -> dict[int, TrainingSession]:
        """Each runner's newest open session sent after ``since``, in one query, keyed by
        user id (runners without one are left out)."""
        owners = set(user_ids)
        if not owners:
            return {}
        rows = await read(self._db, _CURRENT_SESSIONS, {"owners": list(owners), "since": since})
        return {row.user_id: _session(row) for row in rows}  # the newest wins

    async def clear_prompts(self, pairs: Iterable[tuple[int, int]]) -> None:
        """Forget the prompted exercise of each (user id, session id)."""
        for user_id, session_id in set(pairs):
            await self._db.execute(
                update(TrainingSessionRow)
                .where(TrainingSessionRow.id == session_id, TrainingSessionRow.user_id == user_id)
                .values(prompted_exercise_id=None)
                .execution_options(synchronize_session=False)
            )

    async def set_prompt(self, user_id: int, session_id: int, exercise_id: str | None) -> bool:
        row = await self._row(user_id, session_id)
        if row is None:
            return False
        row.prompted_exercise_id = exercise_id
        await self._db.flush()
        return True

    async def close_session(self, user_id: int, session_id: int, status: SessionStatus) -> bool:
        row = await self._row(user_id, session_id)
        if row is None or row.status != SessionStatus.OPEN.value:
            return False
        row.status = status.value
        row.prompted_exercise_id = None
        await self._db.flush()
        return True

    async def add_reports(self, reports: Sequence[NewReport], *, now: datetime) -> list[int]:
        """Store many reports with their sets; returns the reports' ids in the same order.

        Each round is one multi-row INSERT whose RETURNING rows are matched to the reports
        by user id (unique within a round), as the order of RETURNING rows is not
        guaranteed; a runner's second report in the same call goes in the next round.
        Then one INSERT of all the sets.
        """
        ids: list[int | None] = [None] * len(reports)
        rounds: list[dict[int, int]] = []  # user id -> index into reports
        for index, report in enumerate(reports):
            free = next((r for r in rounds if report.user_id not in r), None)
            if free is None:
                free = {}
                rounds.append(free)
            free[report.user_id] = index
        reports_table = cast(Table, ReportRow.__table__)  # Core: no ORM bulk persistence
        for members in rounds:
            inserted = await self._db.execute(
                insert(reports_table).returning(reports_table.c.id, reports_table.c.user_id),
                [
                    {
                        "user_id": reports[i].user_id,
                        "session_id": reports[i].session_id,
                        "exercise_id": reports[i].exercise_id,
                        "local_date": reports[i].day,
                        "pain": reports[i].pain,
                        "created_at": now,
                    }
                    for i in members.values()
                ],
            )
            for row in inserted:
                ids[members[row.user_id]] = row.id
        report_ids = [report_id for report_id in ids if report_id is not None]
        if len(report_ids) != len(reports):
            raise RuntimeError("a stored report's id did not come back")
        sets = [
            {"report_id": report_id, "leg": leg.value, "set_number": number, "reps": reps}
            for report_id, report in zip(report_ids, reports, strict=True)
            for leg, values in report.sets.items()
            for number, reps in enumerate(values, 1)
        ]
        if sets:
            await self._db.execute(insert(cast(Table, ReportSetRow.__table__)), sets)
        return report_ids

    async def reported_exercise_ids(self, user_id: int, session_id: int) -> set[str]:
        return set(await self.reported_exercises(user_id, session_id))

    async def reported_exercises(self, user_id: int, session_id: int) -> dict[str, bool]:
        """The exercises reported in the runner's session, each with whether any of its
        reports mentioned pain."""
        result = await self._db.execute(
            select(ReportRow.exercise_id, ReportRow.pain).where(
                ReportRow.user_id == user_id, ReportRow.session_id == session_id
            )
        )
        reported: dict[str, bool] = {}
        for exercise_id, pain in result:
            reported[exercise_id] = reported.get(exercise_id, False) or bool(pain)
        return reported

    async def _reports(
        self, user_ids: int | Iterable[int], *, newest_first: bool, limit: int | None
    ) -> list[tuple[StoredReport, int]]:
        """Reports with their sets, each with its owner's user id: one query, plain rows
        (this runs for every rep report, so no ORM objects are built)."""
        owners = {user_ids} if isinstance(user_ids, int) else set(user_ids)
        order = ReportRow.id.desc() if newest_first else ReportRow.id
        query = (
            select(*_REPORT_COLUMNS, ReportSetRow.leg, ReportSetRow.reps)
            .outerjoin(ReportSetRow, ReportSetRow.report_id == ReportRow.id)
            .outerjoin(TrainingSessionRow, TrainingSessionRow.id == ReportRow.session_id)
            .where(ReportRow.user_id.in_(owners))
            .order_by(order, ReportSetRow.leg, ReportSetRow.set_number)
        )
        if limit is not None:
            newest = (
                select(ReportRow.id)
                .where(ReportRow.user_id.in_(owners))
                .order_by(order)
                .limit(limit)
            )
            query = query.where(ReportRow.id.in_(newest.scalar_subquery()))
        found: dict[int, tuple[Any, dict[Leg, list[int]]]] = {}
        for row in await self._db.execute(query):
            entry = found.get(row.id)
            if entry is None:
                entry = found[row.id] = (row, defaultdict(list))
            if row.leg is not None:
                entry[1][Leg(row.leg)].append(row.reps)
        return [
            (
                StoredReport(
                    id=r.id,
                    exercise_id=r.exercise_id,
                    day=r.local_date,
                    sets={leg: tuple(reps) for leg, reps in sets.items()},
                    pain=r.pain,
                    session_id=r.session_id,
                    created_at=r.created_at,
                    pain_check=_check(r.pain_check),
                ),
                r.user_id,
            )
            for r, sets in found.values()
        ]

    async def recent_reports(self, user_id: int, limit: int) -> list[StoredReport]:
        """The runner's last ``limit`` reports with their sets, newest first."""
        return [
            report for report, _ in await self._reports(user_id, newest_first=True, limit=limit)
        ]

    async def all_reports(self, user_id: int) -> list[StoredReport]:
        """Every report of the runner with its sets, oldest first (for the export)."""
        return [
            report for report, _ in await self._reports(user_id, newest_first=False, limit=None)
        ]

    async def recent_sessions(self, user_id: int, limit: int) -> list[TrainingSession]:
        """The runner's last ``limit`` sessions, newest first."""
        result = await self._db.execute(
            select(TrainingSessionRow)
            .where(TrainingSessionRow.user_id == user_id)
            .order_by(TrainingSessionRow.created_at.desc(), TrainingSessionRow.id.desc())
            .limit(limit)
        )
        return [_session(row) for row in result.scalars()]

    async def last_report(self, user_id: int) -> StoredReport | None:
        reports = await self._reports(user_id, newest_first=True, limit=1)
        return reports[0][0] if reports else None

    async def delete_report(self, user_id: int, report_id: int) -> bool:
        owned = await self._db.execute(
            select(ReportRow.id).where(ReportRow.id == report_id, ReportRow.user_id == user_id)
        )
        if owned.scalar_one_or_none() is None:
            return False
        await self._db.execute(delete(ReportSetRow).where(ReportSetRow.report_id == report_id))
        await self._db.execute(delete(ReportRow).where(ReportRow.id == report_id))
        return True

    async def history(self, user_id: int) -> list[ExerciseResult]:
        """Every report of the runner as results for adaptation, oldest first."""
        return (await self.histories([user_id])).get(user_id, [])

    async def histories(self, user_ids: Iterable[int]) -> dict[int, list[ExerciseResult]]:
        """:meth:`history` of many runners in two queries, keyed by user id."""
        owners = list(set(user_ids))
        found: dict[int, list[ExerciseResult]] = defaultdict(list)
        for start in range(0, len(owners), _IN_CHUNK):
            owners_here = {"owners": owners[start : start + _IN_CHUNK]}
            # Reports first, so a report stored between the two reads is not half read
            # (its sets are passed by); a report without sets comes with none, as the
            # outer join gave it.
            reports = cast("Sequence[_LogRow]", await read(self._db, _HISTORY_REPORTS, owners_here))
            set_rows = await read(self._db, _HISTORY_SETS, owners_here)
            sets: dict[int, dict[str, list[int]]] = {}
            for report_id, leg, reps in cast(Sequence[tuple[int, str, int]], set_rows):
                legs = sets.get(report_id)
                if legs is None:
                    legs = sets[report_id] = {}
                counts = legs.get(leg)
                if counts is None:
                    legs[leg] = [reps]
                else:
                    counts.append(reps)
            for row in reports:
                found[row[1]].append(_result(row, sets.get(row[0], {})))
        return dict(found)

    async def set_pain_check(
        self, user_id: int, session_id: int, check: PainCheck, leg: Leg | None
    ) -> TrainingSession | None:
        """Store the runner's answer to the pre-run pain check of their open session (the
        latest answer wins); returns the session as it now stands. Another runner's or a
        missing session: None; a closed one is returned unchanged."""
        row = await self._row(user_id, session_id)
        if row is None:
            return None
        if row.status == SessionStatus.OPEN.value:
            row.pain_check = check.value
            row.pain_leg = leg.value if leg is not None else None
            await self._db.flush()
        return _session(row)

    async def pain_checks(self, user_id: int) -> list[SessionCheck]:
        """The runner's answered pre-run pain checks, oldest session first."""
        return (await self.pain_checks_of([user_id])).get(user_id, [])

    async def pain_checks_of(self, user_ids: Iterable[int]) -> dict[int, list[SessionCheck]]:
        """:meth:`pain_checks` of many runners in one query per chunk, keyed by user id."""
        owners = list(set(user_ids))
        found: dict[int, list[SessionCheck]] = defaultdict(list)
        for start in range(0, len(owners), _IN_CHUNK):
            result = await self._db.execute(
                select(
                    TrainingSessionRow.user_id,
                    TrainingSessionRow.id,
                    TrainingSessionRow.local_date,
                    TrainingSessionRow.pain_check,
                    TrainingSessionRow.pain_leg,
                    TrainingSessionRow.created_at,
                )
                .where(
                    TrainingSessionRow.user_id.in_(owners[start : start + _IN_CHUNK]),
                    TrainingSessionRow.pain_check.is_not(None),
                )
                .order_by(TrainingSessionRow.id)
            )
            for row in result:
                found[row.user_id].append(
                    SessionCheck(
                        session_id=row.id,
                        day=row.local_date,
                        check=PainCheck(row.pain_check),
                        leg=Leg(row.pain_leg) if row.pain_leg else None,
                        created_at=row.created_at,
                    )
                )
        return dict(found)
