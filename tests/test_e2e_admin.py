"""End to end: /stats shows the operator counts about the service, and only the Telegram
users in ADMIN_IDS can see it; to anyone else the command does not exist."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.application import build_application, running
from bot.settings import Settings
from bot.standin import BotApiStandIn, StandInUser
from handlers.context import CoachApplication
from handlers.menu import COMMAND_MENU
from tests.helpers import TEST_TOKEN, ManualClock, say

pytestmark = pytest.mark.e2e


@pytest.fixture
async def coach(
    settings: Settings, standin: BotApiStandIn, clock: ManualClock, alice: StandInUser
) -> AsyncIterator[CoachApplication]:
    """The bot with Alice as its only admin."""
    with_admin = settings.model_copy(update={"admin_ids": frozenset({alice.id})})
    application = build_application(
        with_admin, token=TEST_TOKEN, base_url=standin.base_url, clock=clock
    )
    async with running(application):
        yield application


async def test_an_admin_sees_the_figures_of_the_service(
    coach: CoachApplication, standin: BotApiStandIn, alice: StandInUser, bob: StandInUser
) -> None:
    """One runner with a schedule and one report: /stats counts exactly that (asking does
    not make the admin a runner)."""
    await say(standin, bob, "/schedule mon wed fri 07:00")
    await say(standin, bob, "/warmup")
    await say(standin, bob, "humps left 8 right 9")
    reply = await say(standin, alice, "/stats")
    assert reply.plain.startswith("Service stats")
    assert "Runners: 1 (1 with a schedule, 0 paused)" in reply.plain
    assert "Reporting in the last 7 days: 1 runner, 1 report (1 in the last 24 h)" in reply.plain
    assert "Deliveries waiting:" in reply.plain


async def test_stats_does_not_exist_for_anyone_else(
    coach: CoachApplication, standin: BotApiStandIn, alice: StandInUser, bob: StandInUser
) -> None:
    """Bob gets the unknown-command answer, word for word, and no figure; /stats is in
    nobody's command menu."""
    refused = await say(standin, bob, "/stats")
    unknown = await say(standin, bob, "/statz")
    assert refused.plain == unknown.plain.replace("/statz", "/stats")
    assert "Runners" not in refused.plain
    assert "stats" not in {info.name.lstrip("/") for info in COMMAND_MENU}
