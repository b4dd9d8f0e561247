"""Onboarding and the schedule commands end to end, through the stand-in.

The bot's clock reads Monday 23 November 2026, 06:30 UTC (London is on UTC then).
"""

from __future__ import annotations

from datetime import time, timedelta

import pytest

from bot.application import build_application, running
from bot.scheduler import dispatcher_of
from bot.settings import Settings
from bot.standin import BotApiStandIn, SentMessage, StandInUser
from handlers.context import CoachApplication
from library.deliveries import DeliveryKind, DeliveryStatus
from library.profiles import OnboardingStep, PauseReason, RunnerProfile
from storage import Database
from tests.helpers import TEST_TOKEN, ManualClock

WARMUPS = (DeliveryKind.WARMUP, DeliveryKind.SNOOZE)

pytestmark = pytest.mark.e2e


async def say(
    standin: BotApiStandIn, user: StandInUser, text: str, count: int = 1
) -> list[SentMessage]:
    standin.send_text(user, text)
    replies = await standin.replies(user, count=count)
    await standin.quiet()
    assert len(await standin.replies(user, count=count)) == count  # nothing more came
    return replies


async def profile_of(database: Database, user: StandInUser) -> RunnerProfile:
    async with database.unit_of_work() as uow:
        profile = await uow.users.get(user.id)
    assert profile is not None
    return profile


async def pending_of(database: Database, user: StandInUser) -> list[tuple[str, str]]:
    profile = await profile_of(database, user)
    async with database.unit_of_work() as uow:
        rows = await uow.deliveries.for_user(profile.id, WARMUPS)
    return [(f"{r.next_due_utc:%a %H:%M}", r.status.value) for r in rows]


async def onboard(standin: BotApiStandIn, user: StandInUser) -> None:
    """Daily runs at 07:00 London, 15 minutes' lead, all typed."""
    await say(standin, user, "/start")
    await say(standin, user, "daily")
    await say(standin, user, "07:00")
    await say(standin, user, "London", count=2)
    await say(standin, user, "15")


async def test_onboarding_by_text_with_a_question_in_the_middle(
    coach: CoachApplication, standin: BotApiStandIn, alice: StandInUser, database: Database
) -> None:
    """Days, a question about humps (answered, then the set-up goes on), time, a city
    with a typo, lead: all stored, and the first warm-up is planned."""
    [welcome] = await say(standin, alice, "/start")
    assert "Which days do you run?" in welcome.plain
    assert "Weekdays" in [label for label, _ in welcome.buttons]
    assert (await profile_of(database, alice)).onboarding is OnboardingStep.DAYS

    [time_question] = await say(standin, alice, "mon wed fri")
    assert time_question.plain.startswith("Runs on Mon Wed Fri. What time do your runs start?")

    explanation, reminder = await say(standin, alice, "how do I do hamstring humps?", count=2)
    assert explanation.plain.startswith("Hamstring humps")
    assert reminder.plain == "Back to your set-up: " + time_question.plain.removeprefix(
        "Runs on Mon Wed Fri. "
    )

    [zone_question] = await say(standin, alice, "7am")
    assert "Which time zone are you in?" in zone_question.plain
    keyboard = standin.reply_keyboard(alice) or {}
    assert keyboard["keyboard"][0][0]["request_location"] is True

    zone_set, lead_question = await say(standin, alice, "Lodnon", count=2)
    assert zone_set.plain == "Time zone: Europe/London (UTC+00:00)."
    assert standin.reply_keyboard(alice) is None
    assert "How many minutes before the run" in lead_question.plain

    [done] = await say(standin, alice, "15")
    assert done.plain.startswith("All set! Next warm-up: Mon 23 Nov, 06:45 (run at 07:00).")

    profile = await profile_of(database, alice)
    assert profile.onboarding is None
    assert profile.schedule is not None
    assert profile.schedule.weekdays == frozenset({0, 2, 4})
    assert profile.schedule.times == dict.fromkeys((0, 2, 4), time(7, 0))
    assert (profile.timezone, profile.lead_minutes) == ("Europe/London", 15)
    assert await pending_of(database, alice) == [("Mon 06:45", "pending")]


async def test_onboarding_by_buttons_and_a_shared_location(
    coach: CoachApplication, standin: BotApiStandIn, bob: StandInUser, database: Database
) -> None:
    """Tue Thu Sat at 18:00 by buttons, New York from a shared location, 20 minutes."""
    [welcome] = await say(standin, bob, "/start")
    standin.press_button(bob, welcome, "Tue Thu Sat")
    [time_question] = await standin.replies(bob)
    standin.press_button(bob, time_question, "18:00")
    await standin.replies(bob)
    standin.share_location(bob, 40.7128, -74.0060)
    zone_set, lead_question = await standin.replies(bob, count=2)
    assert zone_set.plain == "Time zone: America/New_York (UTC-05:00)."
    standin.press_button(bob, lead_question, "20 min")
    [done] = await standin.replies(bob)
    await standin.quiet()
    # Monday 06:30 UTC is Monday 01:30 in New York: the next run is Tuesday 18:00 there.
    assert done.plain.startswith("All set! Next warm-up: Tue 24 Nov, 17:40 (run at 18:00).")
    profile = await profile_of(database, bob)
    assert profile.schedule is not None
    assert profile.schedule.weekdays == frozenset({1, 3, 5})
    assert (profile.timezone, profile.lead_minutes) == ("America/New_York", 20)
    # The answered question lost its buttons; an old client pressing one changes nothing.
    assert welcome.buttons == []
    standin.press(bob, welcome, "ob:d:127", forge=True)
    await standin.wait_until(lambda: len(standin.callback_answers) == 4)
    assert "already answered" in standin.callback_answers[-1]["text"]
    assert (await profile_of(database, bob)).schedule == profile.schedule


async def test_bad_onboarding_answers_change_nothing(
    coach: CoachApplication, standin: BotApiStandIn, alice: StandInUser, database: Database
) -> None:
    """A day that doesn't exist gets an example and the question stays open; a rep report
    passes through to the report handler; "later" ends the set-up with nothing planned."""
    await say(standin, alice, "/start")
    [refusal] = await say(standin, alice, "moonday")
    assert "I don't know the day “moonday”" in refusal.plain
    assert "e.g." in refusal.plain
    assert (await profile_of(database, alice)).onboarding is OnboardingStep.DAYS

    [report_reply] = await say(standin, alice, "humps left 8 right 9")
    assert report_reply.plain.startswith("✅ Logged Hamstring humps")
    assert (await profile_of(database, alice)).onboarding is OnboardingStep.DAYS

    [later] = await say(standin, alice, "later")
    assert "nothing is planned yet" in later.plain
    profile = await profile_of(database, alice)
    assert (profile.onboarding, profile.schedule) == (None, None)
    assert await pending_of(database, alice) == []


async def test_onboarding_survives_a_restart(
    settings: Settings,
    standin: BotApiStandIn,
    clock: ManualClock,
    alice: StandInUser,
    database: Database,
) -> None:
    """The open question lives in the database: a new bot process carries on with it."""
    for step in ("/start", "weekdays"):
        app = build_application(settings, token=TEST_TOKEN, base_url=standin.base_url, clock=clock)
        async with running(app):
            await say(standin, alice, step)
    app = build_application(settings, token=TEST_TOKEN, base_url=standin.base_url, clock=clock)
    async with running(app):
        [zone_question] = await say(standin, alice, "6:15")
    assert "Which time zone are you in?" in zone_question.plain
    profile = await profile_of(database, alice)
    assert profile.onboarding is OnboardingStep.ZONE
    assert profile.run_time == time(6, 15)


async def test_schedule_commands_change_and_show_the_plan(
    coach: CoachApplication, standin: BotApiStandIn, alice: StandInUser, database: Database
) -> None:
    """/schedule, /timezone, /lead each re-plan the next warm-up; /settings shows it all."""
    await onboard(standin, alice)
    [question] = await say(standin, alice, "/schedule weekdays 6:30 pm")
    assert question.plain.endswith("or replace them?")  # the weekend runs would go
    edits = question.edits
    standin.press_button(alice, question, "Replace")
    await standin.wait_until(lambda: question.edits > edits)
    await standin.quiet()
    assert question.plain == (
        "Runs: weekdays at 18:30.\nNext warm-up: Mon 23 Nov, 18:15 (run at 18:30)."
    )
    [reply] = await say(standin, alice, "/timezone Tokyo")
    # 06:30 UTC is 15:30 in Tokyo: today's 18:30 run is still ahead.
    assert reply.plain.startswith("Time zone set to Asia/Tokyo (UTC+09:00).")
    assert "Next warm-up: Mon 23 Nov, 18:15 (run at 18:30)." in reply.plain
    [reply] = await say(standin, alice, "/lead 20")
    assert reply.plain.startswith("Warm-ups now come 20 min before your run.")
    assert await pending_of(database, alice) == [("Mon 09:10", "pending")]  # 18:10 Tokyo in UTC
    [shown] = await say(standin, alice, "/settings")
    assert "Runs:\n  Monday 18:30\n  Tuesday 18:30\n" in shown.plain
    assert "  Friday 18:30\nTime zone" in shown.plain
    assert "Time zone: Asia/Tokyo (UTC+09:00)" in shown.plain
    assert "Warm-up: 20 min before the run" in shown.plain
    assert "Next warm-up: Mon 23 Nov, 18:10 (run at 18:30)." in shown.plain


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        ("/schedule", "e.g. /schedule mon wed fri 07:00"),
        ("/schedule funday 07:00", "I don't know the day “funday”"),
        ("/schedule mon wed 25:00", "That time doesn't exist"),
        ("/schedule mon wed", "e.g. /schedule mon wed fri 07:00"),
        ("/timezone Atlantis", "I couldn't find a time zone for “Atlantis”"),
        ("/timezone", "share your location"),
        ("/lead 500", "from 5 to 120"),
        ("/lead soon", "from 5 to 120"),
        ("/lead", "e.g. /lead 15"),
    ],
)
async def test_bad_values_get_an_example_and_change_nothing(
    coach: CoachApplication,
    standin: BotApiStandIn,
    alice: StandInUser,
    database: Database,
    command: str,
    expected: str,
) -> None:
    """Each refusal names what is wrong or how to write it; settings and plan stay."""
    await onboard(standin, alice)
    before = (await profile_of(database, alice), await pending_of(database, alice))
    [reply] = await say(standin, alice, command)
    assert expected in reply.plain
    assert (await profile_of(database, alice), await pending_of(database, alice)) == before


async def test_pause_resume_and_skip(
    coach: CoachApplication,
    standin: BotApiStandIn,
    alice: StandInUser,
    database: Database,
    clock: ManualClock,
) -> None:
    """/pause: nothing is sent at the due time. /resume: planned again. /skip: today's
    run is skipped and tomorrow's is sent on time."""
    await onboard(standin, alice)
    dispatcher = dispatcher_of(coach)
    [paused] = await say(standin, alice, "/pause")
    assert paused.plain.startswith("Paused")
    assert await pending_of(database, alice) == []
    assert (await profile_of(database, alice)).paused is PauseReason.USER
    clock.advance(timedelta(minutes=15))  # 06:45, today's due time
    await dispatcher.run_wave()
    assert not any("Pre-run warm-up" in m.plain for m in standin.messages_to(alice))

    clock.current -= timedelta(minutes=15)
    [resumed] = await say(standin, alice, "/resume")
    assert resumed.plain == "Warm-ups are back on.\nNext warm-up: Mon 23 Nov, 06:45 (run at 07:00)."
    [skipped] = await say(standin, alice, "/skip")
    assert skipped.plain == (
        "Skipped the warm-up for your run on Mon 23 Nov, 07:00.\n"
        "Next warm-up: Tue 24 Nov, 06:45 (run at 07:00)."
    )
    clock.current += timedelta(minutes=15)
    await dispatcher.run_wave()
    assert not any("Pre-run warm-up" in m.plain for m in standin.messages_to(alice))
    clock.current += timedelta(days=1)
    await dispatcher.run_wave()
    warmups = [m for m in standin.messages_to(alice) if "Pre-run warm-up" in m.plain]
    assert len(warmups) == 1
    assert "Tue 24 Nov" in warmups[0].plain
    assert await pending_of(database, alice) == [
        ("Mon 06:45", DeliveryStatus.SKIPPED.value),
        ("Tue 06:45", DeliveryStatus.SENT.value),
        ("Wed 06:45", DeliveryStatus.PENDING.value),
    ]


async def test_a_runner_who_blocked_the_bot_is_resumed_by_start(
    coach: CoachApplication, standin: BotApiStandIn, alice: StandInUser, database: Database
) -> None:
    """Blocked (403 on the warm-up), then back with /start: warm-ups are on again."""
    await onboard(standin, alice)
    standin.block(alice)
    standin.send_text(alice, "/settings")  # the reply is refused with 403 as well
    await standin.quiet()
    coach_clock = coach.bot_data["services"].clock
    coach_clock.advance(timedelta(minutes=15))
    await dispatcher_of(coach).run_wave()
    assert (await profile_of(database, alice)).paused is PauseReason.BLOCKED
    standin.unblock(alice)
    [welcome] = await say(standin, alice, "/start")
    assert "Welcome back" in welcome.plain
    assert "Next warm-up: Tue 24 Nov, 06:45 (run at 07:00)." in welcome.plain
    assert (await profile_of(database, alice)).paused is None
