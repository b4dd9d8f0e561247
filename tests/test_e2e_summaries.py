"""The weekly summary end to end: on the chosen day, once, with an opt-out button that works."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from bot.application import running
from bot.scheduler import dispatcher_of
from bot.settings import Settings
from bot.standin import BotApiStandIn, Fault, SentMessage, StandInUser
from library.deliveries import DeliveryKind, DeliveryStatus, Outcome
from storage import Database
from tests.helpers import ManualClock, start_bot

pytestmark = pytest.mark.e2e

# Wednesday 25 November 2026, 18:00 in London (UTC in winter).
WEDNESDAY_SIX = datetime(2026, 11, 25, 18, 0, tzinfo=UTC)


async def say(standin: BotApiStandIn, user: StandInUser, text: str) -> SentMessage:
    standin.send_text(user, text)
    return (await standin.replies(user))[-1]


def summaries_to(standin: BotApiStandIn, user: StandInUser) -> list[SentMessage]:
    return [m for m in standin.messages_to(user) if m.plain.startswith("📊 Your week")]


async def summary_rows(database: Database, telegram_id: int) -> list[tuple[date, str]]:
    async with database.unit_of_work() as uow:
        profile = await uow.users.get(telegram_id)
        assert profile is not None
        rows = await uow.deliveries.for_user(profile.id, [DeliveryKind.SUMMARY])
    return [(row.local_date, row.status.value) for row in rows]


async def test_summary_comes_once_on_the_chosen_day_and_the_button_turns_it_off(
    settings: Settings,
    standin: BotApiStandIn,
    clock: ManualClock,
    database: Database,
    alice: StandInUser,
) -> None:
    """Wednesday 18:00: the week's sessions and symmetry trend, once; 'Stop' ends them."""
    app = await start_bot(settings, standin, clock)
    async with running(app):
        dispatcher = dispatcher_of(app)
        reply = await say(standin, alice, "/summary wed")
        assert reply.plain == "Your weekly summary comes on Wednesdays at 18:00, your time."
        # A baseline the week before (80%), then two sessions this week (90%, 100%).
        clock.current = datetime(2026, 11, 16, 6, 30, tzinfo=UTC)
        for left in (8, 9, 10):
            await say(standin, alice, "/warmup")
            await say(standin, alice, f"humps left {left} {left} right 10 10")
            clock.advance(timedelta(days=4))

        clock.current = WEDNESDAY_SIX - timedelta(minutes=1)
        assert (await dispatcher.run_wave()).handled == 0
        clock.current = WEDNESDAY_SIX
        assert (await dispatcher.run_wave()).outcomes[Outcome.SENT] == 1
        assert (await dispatcher.run_wave()).handled == 0  # never twice
        [summary] = summaries_to(standin, alice)
        assert summary.plain.splitlines() == [
            "📊 Your week · Thu 19 Nov – Wed 25 Nov",
            "Sessions logged: 2 (the week before: 1)",
            "",
            "Left vs right (weaker leg's reps per set as % of the other; 90%+ is the aim)",
            "• Hamstring humps: 95% ↗ up from 80%, the gap is closing",
        ]
        assert [label for label, _ in summary.buttons] == [
            "📈 Progress chart",
            "🔕 Stop weekly summaries",
        ]
        assert await summary_rows(database, alice.id) == [
            (date(2026, 11, 25), "sent"),
            (date(2026, 12, 2), "pending"),
        ]

        standin.press_button(alice, summary, "Progress chart")
        [menu] = await standin.replies(alice)
        assert [label for label, _ in menu.buttons] == ["Hamstring humps · 3"]

        standin.press_button(alice, summary, "Stop weekly summaries")
        [off] = await standin.replies(alice)
        assert off.plain.startswith("Weekly summaries are off.")
        assert [label for label, _ in summary.buttons] == ["📈 Progress chart"]
        assert await summary_rows(database, alice.id) == [(date(2026, 11, 25), "sent")]
        assert "Weekly summary: off" in (await say(standin, alice, "/settings")).plain

        clock.current = WEDNESDAY_SIX + timedelta(days=7)
        assert (await dispatcher.run_wave()).handled == 0
        assert len(summaries_to(standin, alice)) == 1

        back = await say(standin, alice, "/summary sunday")
        assert "Sundays at 18:00" in back.plain
        assert await summary_rows(database, alice.id) == [
            (date(2026, 11, 25), "sent"),
            (date(2026, 12, 6), "pending"),
        ]


async def test_bad_summary_days_change_nothing(
    settings: Settings,
    standin: BotApiStandIn,
    clock: ManualClock,
    database: Database,
    alice: StandInUser,
) -> None:
    """Two days, or no day at all, get the usage; the setting stays Sunday."""
    app = await start_bot(settings, standin, clock)
    async with running(app):
        status = await say(standin, alice, "/summary")
        assert status.plain.startswith("Weekly summary: Sundays at 18:00.")
        for text in ("/summary mon wed", "/summary someday", "/summary 31"):
            reply = await say(standin, alice, text)
            assert reply.plain.startswith("One day of the week, please."), text
        assert await summary_rows(database, alice.id) == [(date(2026, 11, 29), "pending")]


async def test_quiet_runner_gets_no_summary_and_a_late_one_is_not_sent(
    settings: Settings,
    standin: BotApiStandIn,
    clock: ManualClock,
    database: Database,
    alice: StandInUser,
    bob: StandInUser,
) -> None:
    """Nothing logged for weeks: no message. A summary 12 h past due is recorded missed."""
    app = await start_bot(settings, standin, clock)
    async with running(app):
        dispatcher = dispatcher_of(app)
        await say(standin, alice, "/start")
        await say(standin, bob, "/warmup")
        await say(standin, bob, "humps left 8 8 right 9 9")
        sunday_six = datetime(2026, 11, 29, 18, 0, tzinfo=UTC)
        clock.current = sunday_six + timedelta(hours=12, minutes=1)  # the bot was down
        report = await dispatcher.run_wave()
        assert report.outcomes == {Outcome.MISSED: 2}
        assert summaries_to(standin, bob) == []
        clock.current = sunday_six + timedelta(days=7)
        report = await dispatcher.run_wave()
        assert report.outcomes[Outcome.QUIET] == 1  # Alice: never trained
        assert report.outcomes[Outcome.SENT] == 1  # Bob trained within four weeks
        assert summaries_to(standin, alice) == []
        assert len(summaries_to(standin, bob)) == 1
        assert await summary_rows(database, alice.id) == [
            (date(2026, 11, 29), "missed"),
            (date(2026, 12, 6), "skipped"),
            (date(2026, 12, 13), "pending"),
        ]


async def test_a_failed_summary_send_is_retried_not_lost_or_doubled(
    settings: Settings,
    standin: BotApiStandIn,
    clock: ManualClock,
    database: Database,
    alice: StandInUser,
) -> None:
    """A 502 hands the summary back; after the back-off it goes, exactly once."""
    app = await start_bot(settings, standin, clock)
    async with running(app):
        dispatcher = dispatcher_of(app)
        await say(standin, alice, "/warmup")
        await say(standin, alice, "humps left 8 8 right 10 10")
        clock.current = datetime(2026, 11, 29, 18, 0, tzinfo=UTC)
        standin.inject(Fault.bad_gateway(), methods="sendMessage", chat_id=alice.chat_id)
        assert (await dispatcher.run_wave()).outcomes[Outcome.RETRY] == 1
        assert summaries_to(standin, alice) == []
        clock.advance(timedelta(seconds=30))
        assert (await dispatcher.run_wave()).outcomes[Outcome.SENT] == 1
        clock.advance(timedelta(minutes=30))
        assert (await dispatcher.run_wave()).handled == 0
        assert len(summaries_to(standin, alice)) == 1
        rows = await summary_rows(database, alice.id)
        assert rows[0] == (date(2026, 11, 29), DeliveryStatus.SENT.value)
