"""End to end under load: 200 runners who have never written before all press /warmup
at the same moment, then all report at the same moment. Every one is answered, every
report is stored with its own numbers, nothing fails with "database is locked"."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlalchemy import func, select

from bot.application import build_application, running
from bot.settings import Settings
from bot.standin import BotApiStandIn, StandInUser
from handlers.context import CoachApplication
from library.training import Leg
from storage import Database
from storage.models import ReportRow, ReportSetRow, UserRow
from tests.helpers import TEST_TOKEN

pytestmark = pytest.mark.e2e
RUNNERS = 200


def runners() -> list[StandInUser]:
    return [StandInUser(id=8_000_000 + n, first_name=f"Runner{n}") for n in range(RUNNERS)]


@pytest.fixture
async def coach(
    settings: Settings, standin: BotApiStandIn, database: Database
) -> AsyncIterator[CoachApplication]:
    """The bot with Telegram's 30 messages/s cap lifted: the test is about the database
    and the handlers, not about waiting for the rate limiter."""
    lifted = settings.model_copy(update={"telegram_rate_limit": 10_000.0})
    application = build_application(lifted, token=TEST_TOKEN, base_url=standin.base_url)
    async with running(application):
        yield application


async def test_200_runners_at_once_are_all_registered_answered_and_stored(
    coach: CoachApplication, standin: BotApiStandIn, database: Database
) -> None:
    """200 simultaneous first contacts (/warmup) and then 200 simultaneous reports: 200
    warm-up cards, 200 confirmations each with that runner's numbers, 200 reports of 4
    sets in the database, and no error reply."""
    users = runners()
    for user in users:
        standin.send_text(user, "/warmup")
    await standin.wait_until(lambda: len(standin.sent) >= RUNNERS, timeout=120)
    cards = [standin.messages_to(user) for user in users]
    assert all(len(c) == 1 and c[0].plain.startswith("Pre-run warm-up") for c in cards)

    for n, user in enumerate(users):
        standin.send_text(user, f"humps left {n % 30} {n % 30} right 30 30")
    await standin.wait_until(lambda: len(standin.sent) >= 2 * RUNNERS, timeout=120)
    await standin.quiet()
    assert len(standin.sent) == 2 * RUNNERS
    for n, user in enumerate(users):
        reply = standin.messages_to(user)[-1].plain
        assert reply.startswith("✅ Logged Hamstring humps (2 sets)"), reply
        assert f"Left {n % 30}, {n % 30} · Right 30, 30" in reply

    async with database.unit_of_work() as uow:
        users_stored = await uow.session.scalar(select(func.count()).select_from(UserRow))
        reports = await uow.session.scalar(select(func.count()).select_from(ReportRow))
        left = await uow.session.execute(
            select(UserRow.telegram_user_id, func.sum(ReportSetRow.reps))
            .join(ReportRow, ReportRow.user_id == UserRow.id)
            .join(ReportSetRow, ReportSetRow.report_id == ReportRow.id)
            .where(ReportSetRow.leg == Leg.LEFT.value)
            .group_by(UserRow.telegram_user_id)
        )
        left_sums: dict[int, int] = {telegram_id: total for telegram_id, total in left}
    assert users_stored == RUNNERS
    assert reports == RUNNERS
    assert left_sums == {user.id: 2 * (n % 30) for n, user in enumerate(users)}
