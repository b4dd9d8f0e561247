"""The report desk: reports of runners writing at once are taken in shared transactions,
yet each runner's answer is the one their report would get on its own."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime

from handlers.accounts import Sender
from handlers.context import Services
from handlers.report_desk import ReportDesk, ReportJob
from library.exercises import ExerciseCatalog
from library.matcher import ExerciseMatcher
from library.training import Leg
from storage import Database
from tests.helpers import ManualClock

NOW = datetime(2026, 3, 2, 6, 0, tzinfo=UTC)


def _services(database: Database, catalog: ExerciseCatalog) -> Services:
    return Services(
        database=database,
        clock=ManualClock(NOW),
        default_timezone="Europe/London",
        catalog=catalog,
        matcher=ExerciseMatcher(catalog),
        zone_at=lambda _latitude, _longitude: None,
    )


def _job(services: Services, telegram_id: int, text: str) -> ReportJob:
    report = services.read_report(text)
    assert report is not None
    return ReportJob(Sender(telegram_id, telegram_id, f"Runner {telegram_id}"), report)


async def test_a_burst_of_runners_is_stored_in_few_transactions(
    database: Database, catalog: ExerciseCatalog
) -> None:
    """60 runners reporting at once: every report is stored with its own numbers and
    every runner gets their own confirmation, in a handful of commits."""
    services = _services(database, catalog)
    desk = ReportDesk(services)
    answers = await asyncio.gather(
        *(
            desk.submit(_job(services, 900 + n, f"humps left {n % 20} right {n % 20 + 1}"))
            for n in range(60)
        )
    )
    assert desk.batches <= 5
    for n, answer in enumerate(answers):
        assert answer is not None
        assert answer.stored
        assert answer.reply is not None
        assert f"Left {n % 20} · Right {n % 20 + 1}" in answer.reply
    async with database.unit_of_work() as uow:
        runners = await uow.users.get_many(range(900, 960))
        for n in range(60):
            (report,) = await uow.training.all_reports(runners[900 + n].id)
            assert report.exercise_id == "hamstring_humps"
            assert report.sets == {Leg.LEFT: (n % 20,), Leg.RIGHT: (n % 20 + 1,)}


async def test_two_reports_of_one_runner_in_one_batch_are_taken_in_order(
    database: Database, catalog: ExerciseCatalog
) -> None:
    """The second report of a runner in the same batch sees the first: the first answer
    points to the session's next exercise, the second (that exercise) to none."""
    services = _services(database, catalog)
    async with database.unit_of_work() as uow:
        profile, _ = await uow.users.register(
            telegram_user_id=77, chat_id=77, name="Runner 77", default_timezone="UTC", now=NOW
        )
        session = await uow.training.open_session(
            profile.id,
            kind="warmup",
            day=date(2026, 3, 2),
            exercise_ids=("hamstring_humps", "rxx_clean"),
            now=NOW,
        )
        await uow.commit()
    desk = ReportDesk(services)
    first, second = await asyncio.gather(
        desk.submit(_job(services, 77, "left 9 right 10")),
        desk.submit(_job(services, 77, "left 6 right 6")),
    )
    assert desk.batches == 1
    assert first is not None
    assert first.reply is not None
    assert second is not None
    assert "Hamstring humps" in first.reply
    assert "Next up: RXX clean" in first.reply
    assert second.reply is not None
    assert "RXX clean" in second.reply
    assert "Next up" not in second.reply
    async with database.unit_of_work() as uow:
        reports = await uow.training.all_reports(profile.id)
    assert [(r.exercise_id, r.session_id) for r in reports] == [
        ("hamstring_humps", session.id),
        ("rxx_clean", session.id),
    ]


async def test_a_report_that_names_no_exercise_is_asked_about_and_stores_nothing(
    database: Database, catalog: ExerciseCatalog
) -> None:
    """Without a session or a name, the desk answers with candidates and stores nothing,
    while other runners' reports in the same batch are stored."""
    services = _services(database, catalog)
    desk = ReportDesk(services)
    unclear, clear = await asyncio.gather(
        desk.submit(_job(services, 81, "left 8 right 9")),
        desk.submit(_job(services, 82, "humps left 8 right 9")),
    )
    assert unclear is not None
    assert unclear.reply is None
    assert not unclear.stored
    assert clear is not None
    assert clear.stored
    async with database.unit_of_work() as uow:
        runners = await uow.users.get_many([81, 82])
        assert await uow.training.all_reports(runners[81].id) == []
        assert len(await uow.training.all_reports(runners[82].id)) == 1
