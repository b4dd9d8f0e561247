"""End to end, issue 16: a strength exercise done once a week by design (the Nordic
curl) is not eased back every week, while a real gap of weeks still is."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.standin import BotApiStandIn, StandInUser
from handlers.context import CoachApplication
from tests.helpers import ManualClock, say

pytestmark = pytest.mark.e2e


def nordic_line(card: str) -> str:
    """The Nordic curl's numbered line on a strength card (not a "since last time" line)."""
    return next(
        line for line in card.splitlines() if "Nordic hamstring curl" in line and line[:1].isdigit()
    )


async def test_weekly_nordics_progress_and_a_three_week_gap_eases_back(
    coach: CoachApplication, standin: BotApiStandIn, alice: StandInUser, clock: ManualClock
) -> None:
    """Nordics 2 x 5, then a week later the card asks 6 in full with no welcome-back
    line; 2 x 6 done, then three weeks off: about 10% easier (7 becomes 6)."""
    await say(standin, alice, "/strength")
    await say(standin, alice, "nordics 5 5")
    clock.advance(timedelta(days=7))
    week_later = (await say(standin, alice, "/strength")).plain
    assert nordic_line(week_later).endswith("× 6 reps")
    assert "Welcome back" not in week_later
    await say(standin, alice, "nordics 6 6")
    clock.advance(timedelta(days=21))
    after_gap = (await say(standin, alice, "/strength")).plain
    assert "Welcome back after 21 days: about 10% easier today." in after_gap
    assert nordic_line(after_gap).endswith("× 6 reps")
