"""The seed posts' leg rules over the real Telegram path (issue 16): the weaker leg first,
the good leg matching it in the session, "until form falters" left uncapped, and
symmetry notes only on evidence. The bot's clock stands still, so each report is part of
the same day's session; the next card is planned from the whole log."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.standin import BotApiStandIn, StandInUser
from handlers.context import CoachApplication
from tests.helpers import ManualClock, say

pytestmark = pytest.mark.e2e


def card_line(card: str, exercise: str) -> str:
    """The legs line under ``exercise`` on a warm-up or strength card (its numbered
    line, not the "since last time" line that may name it too)."""
    lines = card.splitlines()
    index = next(i for i, line in enumerate(lines) if exercise in line and line[:1].isdigit())
    return lines[index + 1].strip()


async def test_until_form_falters_leaves_the_weaker_leg_uncapped(
    coach: CoachApplication, standin: BotApiStandIn, alice: StandInUser
) -> None:
    await say(standin, alice, "/warmup")
    await say(standin, alice, "vipr hops left 7 right 11")
    card = (await say(standin, alice, "/warmup")).plain
    line = card_line(card, "Single-leg hops: forward and back")
    assert line.startswith("Left until form falters (last time 7)")
    assert "Right: no more than your left did" in line


async def test_the_stronger_leg_matches_the_weaker_one_up_to_its_target(
    coach: CoachApplication, standin: BotApiStandIn, alice: StandInUser
) -> None:
    await say(standin, alice, "/warmup")
    await say(standin, alice, "rxx L 6 6 6 6 R 4 5 4 4")
    card = (await say(standin, alice, "/warmup")).plain
    assert card_line(card, "RXX clean") == (
        "Right 6 → Left: match your right, up to 6 (weaker leg first)"
    )


async def test_one_uneven_session_is_a_baseline_and_a_second_that_agrees_is_a_finding(
    coach: CoachApplication, standin: BotApiStandIn, alice: StandInUser, clock: ManualClock
) -> None:
    """54% once: a baseline, no physio line. The same leg under 80% again two days later:
    the physio suggestion."""
    await say(standin, alice, "/strength")
    first = (await say(standin, alice, "single leg rdl left 15 15 15 right 8 8 8")).plain
    assert "baseline" in first
    assert "physio" not in first
    clock.advance(timedelta(days=2))
    await say(standin, alice, "/strength")
    second = (await say(standin, alice, "single leg rdl left 15 15 15 right 9 9 9")).plain
    assert "physio" in second
    assert second.count("physio") == 1
