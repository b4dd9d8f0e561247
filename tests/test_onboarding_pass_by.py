"""Set-up's check on every text (handlers/onboarding._passes_by): a runner this process
knows to have no set-up question open has their text passed on without a schedule
parser or a read, while set-up itself (every answer typed) goes as before."""

from __future__ import annotations

import pytest

from bot.standin import BotApiStandIn, StandInUser
from handlers import onboarding
from handlers.context import CoachApplication
from storage import Database
from tests.helpers import onboard, say

pytestmark = pytest.mark.e2e


async def _run_times(database: Database, user: StandInUser) -> str:
    async with database.unit_of_work() as uow:
        profile = await uow.users.get(user.id)
    assert profile is not None
    return ",".join(f"{day}={at:%H:%M}" for day, at in sorted(profile.run_times.items()))


async def test_a_settled_runners_report_goes_past_set_up_unparsed(
    coach: CoachApplication,
    standin: BotApiStandIn,
    alice: StandInUser,
    database: Database,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    await onboard(standin, alice, days="mon wed")  # each answer still taken
    assert await _run_times(database, alice) == "0=07:00,2=07:00"
    await say(standin, alice, "/warmup")

    def no_parsing(*_args: object, **_kwargs: object) -> object:
        raise AssertionError("a settled runner's text went through set-up's parsers")

    monkeypatch.setattr(onboarding, "_ANSWER_PARSERS", (no_parsing,))
    monkeypatch.setattr(onboarding, "parse_week", no_parsing)
    monkeypatch.setattr(onboarding, "parse_lead", no_parsing)
    reply = await say(standin, alice, "humps left 8 8 right 10 10")
    assert "Logged" in reply.plain
    schedule = await say(standin, alice, "mon fri 6am")  # not a set-up answer any more
    assert "mon" not in (await _run_times(database, alice)).lower()  # days are numbers
    assert schedule.plain
