"""A time per run day, end to end over the stand-in: /schedule with several groups and
/settings, the add-or-replace question, onboarding with days and time in one answer or
different times per day, a place said as a sentence, and each day's warm-up at its own
time.

The bot's clock reads Monday 23 November 2026, 06:30 UTC (London is on UTC then).
"""

from __future__ import annotations

from datetime import time, timedelta

import pytest

from bot.scheduler import dispatcher_of
from bot.standin import BotApiStandIn, SentMessage, StandInUser
from handlers.context import CoachApplication
from library.profiles import OnboardingStep, RunnerProfile
from storage import Database
from tests.helpers import WARMUPS, ManualClock, warmups_to

pytestmark = pytest.mark.e2e

T0630, T0700, T0800 = time(6, 30), time(7, 0), time(8, 0)


async def say(
    standin: BotApiStandIn, user: StandInUser, text: str, count: int = 1
) -> list[SentMessage]:
    standin.send_text(user, text)
    replies = await standin.replies(user, count=count)
    await standin.quiet()
    assert len(await standin.replies(user, count=count)) == count  # nothing more came
    return replies


async def press(
    standin: BotApiStandIn, user: StandInUser, message: SentMessage, label: str
) -> None:
    """Press a button on ``message`` and wait for the message to be edited."""
    edits = message.edits
    standin.press_button(user, message, label)
    await standin.wait_until(lambda: message.edits > edits)
    await standin.quiet()


async def profile_of(database: Database, user: StandInUser) -> RunnerProfile:
    async with database.unit_of_work() as uow:
        profile = await uow.users.get(user.id)
    assert profile is not None
    return profile


async def planned_runs(database: Database, user: StandInUser) -> list[str]:
    """The pending warm-ups' runs, as local 'Tue 06:30' (London is UTC in winter)."""
    profile = await profile_of(database, user)
    async with database.unit_of_work() as uow:
        rows = await uow.deliveries.for_user(profile.id, WARMUPS)
    return [f"{r.deadline_utc:%a %H:%M}" for r in rows if r.status.value == "pending"]


async def test_schedule_with_two_times_then_settings_shows_both(
    coach: CoachApplication, standin: BotApiStandIn, alice: StandInUser, database: Database
) -> None:
    [reply] = await say(standin, alice, "/schedule tue thu 06:30, sat 08:00")
    assert reply.plain == (
        "Runs: Tue, Thu at 06:30 · Sat at 08:00.\nNext warm-up: Tue 24 Nov, 06:15 (run at 06:30)."
    )
    [shown] = await say(standin, alice, "/settings")
    assert "Runs:\n  Tuesday 06:30\n  Thursday 06:30\n  Saturday 08:00\n" in shown.plain
    assert "Next warm-up: Tue 24 Nov, 06:15 (run at 06:30)." in shown.plain
    profile = await profile_of(database, alice)
    assert profile.schedule is not None
    assert profile.schedule.times == {1: T0630, 3: T0630, 5: T0800}


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("/schedule tue 6:30, tue 7:00", "Tue has two times there"),
        ("/schedule funday 7:00", "I don't know the day “funday”"),
        ("/schedule mon 25:00", "That time doesn't exist"),
        ("/schedule mon 7:00 wed", "What time on Wed?"),
    ],
)
async def test_a_bad_week_gets_an_example_and_changes_nothing(
    coach: CoachApplication,
    standin: BotApiStandIn,
    alice: StandInUser,
    database: Database,
    text: str,
    said: str,
) -> None:
    await say(standin, alice, "/schedule mon wed 07:00")
    before = await profile_of(database, alice)
    [reply] = await say(standin, alice, text)
    assert said in reply.plain
    assert "e.g. /schedule" in reply.plain
    assert (await profile_of(database, alice)).run_times == before.run_times
    assert await planned_runs(database, alice) == ["Mon 07:00"]


async def test_a_schedule_that_would_drop_planned_days_asks_first(
    coach: CoachApplication, standin: BotApiStandIn, alice: StandInUser, database: Database
) -> None:
    """Mon/Wed planned, then "/schedule sat 9:00": [Add Sat] [Replace] [Cancel]. Cancel
    keeps Mon/Wed, Add keeps them with Sat, Replace leaves Sat alone."""
    await say(standin, alice, "/schedule mon wed 07:00")
    [question] = await say(standin, alice, "/schedule sat 9:00")
    assert question.plain == (
        "You have runs planned: Mon, Wed at 07:00.\n"
        "Add Sat at 09:00 to them (keeping Mon, Wed at 07:00), or replace them?"
    )
    assert [label for label, _ in question.buttons] == ["Add Sat", "Replace", "Cancel"]
    assert (await profile_of(database, alice)).run_times == {0: T0700, 2: T0700}

    await press(standin, alice, question, "Cancel")
    assert question.plain.startswith("Kept your runs as they were")
    assert (await profile_of(database, alice)).run_times == {0: T0700, 2: T0700}

    [question] = await say(standin, alice, "/schedule sat 9:00")
    await press(standin, alice, question, "Add Sat")
    assert question.plain.startswith("Runs: Mon, Wed at 07:00 · Sat at 09:00.")
    assert (await profile_of(database, alice)).run_times == {0: T0700, 2: T0700, 5: time(9, 0)}

    [question] = await say(standin, alice, "/schedule sat 9:00")
    await press(standin, alice, question, "Replace")
    assert question.plain.startswith("Runs: Sat at 09:00.\nNext warm-up: Sat 28 Nov, 08:45")
    assert (await profile_of(database, alice)).run_times == {5: time(9, 0)}
    assert await planned_runs(database, alice) == ["Sat 09:00"]


async def test_changing_the_time_of_planned_days_just_updates(
    coach: CoachApplication, standin: BotApiStandIn, alice: StandInUser, database: Database
) -> None:
    await say(standin, alice, "/schedule mon wed 07:00")
    [reply] = await say(standin, alice, "/schedule mon 6:30, wed 18:00")
    assert reply.plain.startswith("Runs: Mon at 06:30 · Wed at 18:00.")
    [reply] = await say(standin, alice, "/schedule 8am")  # a time alone: every planned day
    assert reply.plain.startswith("Runs: Mon, Wed at 08:00.")
    assert (await profile_of(database, alice)).run_times == {0: T0800, 2: T0800}


async def test_onboarding_takes_days_and_time_in_one_answer(
    coach: CoachApplication, standin: BotApiStandIn, alice: StandInUser, database: Database
) -> None:
    """ "tue thu 6:30" at the days question skips the time question; "I live in NYC"
    finds the zone."""
    await say(standin, alice, "/start")
    [zone_question] = await say(standin, alice, "tue thu 6:30")
    assert zone_question.plain.startswith("Runs: Tue, Thu at 06:30. Which time zone are you in?")
    assert (await profile_of(database, alice)).onboarding is OnboardingStep.ZONE
    zone_set, _lead_question = await say(standin, alice, "I live in NYC", count=2)
    assert zone_set.plain == "Time zone: America/New_York (UTC-05:00)."
    [done] = await say(standin, alice, "15")
    assert done.plain.startswith("All set! Next warm-up: Tue 24 Nov, 06:15 (run at 06:30).")
    profile = await profile_of(database, alice)
    assert profile.schedule is not None
    assert profile.schedule.times == {1: T0630, 3: T0630}


async def test_onboarding_understands_different_times_on_different_days(
    coach: CoachApplication, standin: BotApiStandIn, alice: StandInUser, database: Database
) -> None:
    await say(standin, alice, "/start")
    [time_question] = await say(standin, alice, "tue thu sat")
    assert "Different times on different days" in [label for label, _ in time_question.buttons]
    [asked] = await say(standin, alice, "different times on different days")
    assert asked.plain.startswith("Which days at which time?")
    assert "tue thu 06:30, sat 08:00" in asked.plain
    assert (await profile_of(database, alice)).onboarding is OnboardingStep.TIME
    [zone_question] = await say(standin, alice, "tue thu 06:30, sat 08:00")
    assert zone_question.plain.startswith("Runs: Tue, Thu at 06:30 · Sat at 08:00. Which time")
    await say(standin, alice, "I'm in London", count=2)
    await say(standin, alice, "15")
    profile = await profile_of(database, alice)
    assert profile.timezone == "Europe/London"
    assert profile.run_times == {1: T0630, 3: T0630, 5: T0800}
    assert profile.onboarding is None


async def test_the_different_times_button_asks_for_days_with_their_times(
    coach: CoachApplication, standin: BotApiStandIn, bob: StandInUser, database: Database
) -> None:
    [welcome] = await say(standin, bob, "/start")
    standin.press_button(bob, welcome, "Tue Thu Sat")
    [time_question] = await standin.replies(bob)
    standin.press_button(bob, time_question, "Different times")
    [asked] = await standin.replies(bob)
    await standin.quiet()
    assert asked.plain.startswith("Which days at which time?")
    [zone_question] = await say(standin, bob, "tue/thu at 6.30 and sat at 8am")
    assert zone_question.plain.startswith("Runs: Tue, Thu at 06:30 · Sat at 08:00.")


async def test_each_days_warmup_arrives_at_that_days_time(
    coach: CoachApplication,
    standin: BotApiStandIn,
    alice: StandInUser,
    clock: ManualClock,
    database: Database,
) -> None:
    """Tue and Thu 06:30, Sat 08:00, lead 15: nothing half an hour before each run, the
    warm-up at 06:15 on Tuesday and Thursday and at 07:45 on Saturday, each naming its run."""
    await say(standin, alice, "/schedule tue thu 06:30, sat 08:00")
    dispatcher = dispatcher_of(coach)
    monday = clock.current.replace(hour=0, minute=0)
    for days, run, starts in ((1, T0630, "06:30"), (3, T0630, "06:30"), (5, T0800, "08:00")):
        run_start = monday + timedelta(days=days, hours=run.hour, minutes=run.minute)
        sent = len(warmups_to(standin, alice))
        clock.current = run_start - timedelta(minutes=30)
        await dispatcher.run_wave()
        assert len(warmups_to(standin, alice)) == sent
        clock.current = run_start - timedelta(minutes=15)
        await dispatcher.run_wave()
        assert len(warmups_to(standin, alice)) == sent + 1
        assert f"Your run starts at {starts} (in 15 min)" in warmups_to(standin, alice)[-1]
    assert await planned_runs(database, alice) == ["Tue 06:30"]
