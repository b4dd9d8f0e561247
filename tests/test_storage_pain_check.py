"""The pre-run pain check in storage: training_sessions.pain_check and pain_leg, written
by the runner's answer and read back with the session, the checks and the history."""

from __future__ import annotations

from datetime import UTC, date, datetime

from library.pain_check import PainCheck, SessionCheck
from library.training import Leg, SessionStatus
from storage import Database
from storage.training import NewReport

NOW = datetime(2026, 11, 23, 6, 45, tzinfo=UTC)
TODAY = date(2026, 11, 23)


async def runner(database: Database, telegram_id: int) -> int:
    async with database.unit_of_work() as uow:
        profile, _ = await uow.users.register(
            telegram_user_id=telegram_id,
            chat_id=telegram_id,
            name=f"R{telegram_id}",
            default_timezone="Europe/London",
            now=NOW,
        )
        await uow.commit()
    return profile.id


async def open_warmup(database: Database, user_id: int) -> int:
    async with database.unit_of_work() as uow:
        session = await uow.training.open_session(
            user_id, kind="warmup", day=TODAY, exercise_ids=("hamstring_humps",), now=NOW
        )
        await uow.commit()
    return session.id


async def test_the_latest_answer_is_stored_with_the_session(database: Database) -> None:
    """Unanswered, then mild on the left, then none: the session, the checks and the
    history each read the latest answer."""
    ann = await runner(database, 1)
    session_id = await open_warmup(database, ann)
    async with database.unit_of_work() as uow:
        fresh = await uow.training.get_session(ann, session_id)
        assert fresh is not None
        assert (fresh.pain_check, fresh.pain_leg) == (None, None)
        assert await uow.training.pain_checks(ann) == []
        answered = await uow.training.set_pain_check(ann, session_id, PainCheck.MILD, Leg.LEFT)
        assert answered is not None
        assert (answered.pain_check, answered.pain_leg) == (PainCheck.MILD, Leg.LEFT)
        await uow.training.add_reports(
            [
                NewReport(
                    ann,
                    session_id,
                    "hamstring_humps",
                    TODAY,
                    {Leg.LEFT: (8, 8), Leg.RIGHT: (8, 8)},
                    False,
                )
            ],
            now=NOW,
        )
        await uow.commit()
    async with database.unit_of_work() as uow:
        [result] = await uow.training.history(ann)
        assert result.pain_check is PainCheck.MILD
        [report] = await uow.training.all_reports(ann)
        assert report.pain_check is PainCheck.MILD
        await uow.training.set_pain_check(ann, session_id, PainCheck.NONE, None)
        await uow.commit()
    async with database.unit_of_work() as uow:
        assert await uow.training.pain_checks(ann) == [
            SessionCheck(session_id, TODAY, PainCheck.NONE, None, NOW)
        ]
        [result] = await uow.training.history(ann)
        assert result.pain_check is PainCheck.NONE


async def test_only_the_runners_own_open_session_is_changed(database: Database) -> None:
    """Another runner's session id gives None and changes nothing; a closed session is
    returned as it stands, its answer unchanged."""
    ann, bob = await runner(database, 1), await runner(database, 2)
    anns = await open_warmup(database, ann)
    bobs = await open_warmup(database, bob)
    async with database.unit_of_work() as uow:
        assert await uow.training.set_pain_check(ann, bobs, PainCheck.SHARP, Leg.BOTH) is None
        assert await uow.training.set_pain_check(ann, 999_999, PainCheck.SHARP, None) is None
        await uow.training.set_pain_check(ann, anns, PainCheck.SHARP, Leg.RIGHT)
        await uow.training.close_session(ann, anns, SessionStatus.DONE)
        closed = await uow.training.set_pain_check(ann, anns, PainCheck.NONE, None)
        assert closed is not None
        assert closed.status is SessionStatus.DONE
        assert (closed.pain_check, closed.pain_leg) == (PainCheck.SHARP, Leg.RIGHT)
        await uow.commit()
    async with database.unit_of_work() as uow:
        checks = await uow.training.pain_checks_of([ann, bob])
        assert {user: [c.check for c in found] for user, found in checks.items()} == {
            ann: [PainCheck.SHARP]
        }
        bobs_session = await uow.training.get_session(bob, bobs)
        assert bobs_session is not None
        assert bobs_session.pain_check is None
