"""One-off runs end to end over the stand-in: /run and plain words add a run and read
it back, its warm-up comes lead minutes before it (and only once), /settings lists it
with a ❌ button, /skip skips it, a run on a planned day asks first, and bad input
changes nothing."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from bot.application import running
from bot.scheduler import dispatcher_of
from bot.settings import Settings
from bot.standin import BotApiStandIn, StandInUser
from handlers.context import CoachApplication
from library.deliveries import DeliveryKind, DeliveryStatus
from storage import Database
from tests.helpers import ManualClock, add_runners, eventually, say, start_bot, warmups_to

pytestmark = pytest.mark.e2e

# Friday 4 December 2026, 17:00 in Berlin. add_runners plans daily runs at 07:00; the
# runner here runs on Mondays only (set below), so Friday has no planned run.
FRIDAY_1700 = datetime(2026, 12, 4, 16, 0, tzinfo=UTC)
BERLIN = "Europe/Berlin"


async def _mondays_runner(database: Database, standin: BotApiStandIn, user: StandInUser) -> int:
    ids = await add_runners(database, standin, [user], now=FRIDAY_1700, zone=BERLIN)
    async with database.unit_of_work() as uow:
        await uow.users.update_settings(ids[user.id], run_days=frozenset({0}))
        await uow.deliveries.reschedule(ids[user.id], FRIDAY_1700)
        await uow.commit()
    return ids[user.id]


async def _pending_runs(database: Database, user_id: int) -> list[datetime]:
    async with database.unit_of_work() as uow:
        rows = await uow.deliveries.for_user(user_id, [DeliveryKind.WARMUP])
    return [row.deadline_utc for row in rows if row.status is DeliveryStatus.PENDING]


async def test_a_run_17_minutes_ahead_brings_exactly_one_warm_up_2_minutes_later(
    settings: Settings,
    standin: BotApiStandIn,
    clock: ManualClock,
    database: Database,
    alice: StandInUser,
) -> None:
    """/run today 17:17 at 17:00 in Berlin with a 15-minute lead: read back, nothing at
    17:01, one warm-up at 17:02, and no second one however many waves follow."""
    clock.current = FRIDAY_1700
    user_id = await _mondays_runner(database, standin, alice)
    app = await start_bot(settings, standin, clock, delivery_interval_seconds=0.05)
    async with running(app):
        reply = await say(standin, alice, "/run today 17:17")
        assert "One-off run: Fri 04 Dec at 17:17 — warm-up at 17:02" in reply.text
        dispatcher = dispatcher_of(app)
        clock.current = FRIDAY_1700 + timedelta(minutes=1)
        waves = dispatcher.waves
        await eventually(lambda: dispatcher.waves >= waves + 3, what="three waves at 17:01")
        assert warmups_to(standin, alice) == []
        clock.current = FRIDAY_1700 + timedelta(minutes=2)
        await standin.wait_until(lambda: len(warmups_to(standin, alice)) == 1)
        waves = dispatcher.waves
        await eventually(lambda: dispatcher.waves >= waves + 3, what="three more waves")
    assert len(warmups_to(standin, alice)) == 1
    assert "17:17" in warmups_to(standin, alice)[0]
    # Next: Monday's weekly run at 07:00 Berlin (06:00 UTC).
    assert await _pending_runs(database, user_id) == [datetime(2026, 12, 7, 6, 0, tzinfo=UTC)]


async def test_settings_lists_a_run_and_its_button_cancels_it(
    coach: object,
    standin: BotApiStandIn,
    clock: ManualClock,
    database: Database,
    alice: StandInUser,
) -> None:
    clock.current = FRIDAY_1700
    user_id = await _mondays_runner(database, standin, alice)
    reply = await say(standin, alice, "I'm running tomorrow at 7")
    assert "One-off run: Sat 05 Dec at 07:00 — warm-up at 06:45" in reply.text
    assert await _pending_runs(database, user_id) == [datetime(2026, 12, 5, 6, 0, tzinfo=UTC)]
    shown = await say(standin, alice, "/settings")
    assert "One-off runs" in shown.text
    assert "Sat 05 Dec at 07:00" in shown.text
    standin.press_button(alice, shown, "❌")
    [cancelled] = await standin.replies(alice)
    assert "Cancelled your run on Sat 05 Dec at 07:00" in cancelled.text
    assert await _pending_runs(database, user_id) == [datetime(2026, 12, 7, 6, 0, tzinfo=UTC)]
    again = await say(standin, alice, "/settings")
    assert "One-off runs" not in again.text
    async with database.unit_of_work() as uow:
        assert await uow.one_off_runs.upcoming(user_id, date(2026, 1, 1)) == []


@pytest.mark.parametrize(
    ("text", "start"),
    [
        ("/run in 2 hours", "Fri 04 Dec at 19:00 — warm-up at 18:45"),
        ("/run in an hour and a half", "Fri 04 Dec at 18:30 — warm-up at 18:15"),
        ("running in 45 minutes", "Fri 04 Dec at 17:45 — warm-up at 17:30"),
        ("I'm going for a run in 8 hours", "Sat 05 Dec at 01:00 — warm-up at 00:45"),
    ],
)
async def test_a_run_from_now_is_planned_at_that_minute(
    coach: object,
    standin: BotApiStandIn,
    clock: ManualClock,
    database: Database,
    alice: StandInUser,
    text: str,
    start: str,
) -> None:
    """A run given from now, with /run or in plain words, at 17:00 in Berlin."""
    clock.current = FRIDAY_1700
    user_id = await _mondays_runner(database, standin, alice)
    reply = await say(standin, alice, text)
    assert f"One-off run: {start}" in reply.text
    async with database.unit_of_work() as uow:
        [run] = await uow.one_off_runs.upcoming(user_id, date(2026, 1, 1))
    assert f"{run.local_date:%a %d %b} at {run.local_time:%H:%M}" in start


async def test_a_run_too_soon_from_now_gets_the_too_close_reply(
    coach: object,
    standin: BotApiStandIn,
    clock: ManualClock,
    database: Database,
    alice: StandInUser,
) -> None:
    clock.current = FRIDAY_1700
    user_id = await _mondays_runner(database, standin, alice)
    reply = await say(standin, alice, "/run in 10 min")
    assert "too close" in reply.text
    async with database.unit_of_work() as uow:
        assert await uow.one_off_runs.upcoming(user_id, date(2026, 1, 1)) == []


async def test_skip_skips_a_one_off_run_first(
    coach: object,
    standin: BotApiStandIn,
    clock: ManualClock,
    database: Database,
    alice: StandInUser,
) -> None:
    clock.current = FRIDAY_1700
    user_id = await _mondays_runner(database, standin, alice)
    await say(standin, alice, "/run sat 09:00")
    reply = await say(standin, alice, "/skip")
    assert "Sat 05 Dec, 09:00" in reply.text
    assert await _pending_runs(database, user_id) == [datetime(2026, 12, 7, 6, 0, tzinfo=UTC)]
    async with database.unit_of_work() as uow:
        assert await uow.one_off_runs.upcoming(user_id, date(2026, 1, 1)) == []


async def test_a_run_on_a_planned_day_asks_before_replacing_it(
    coach: object,
    standin: BotApiStandIn,
    clock: ManualClock,
    database: Database,
    alice: StandInUser,
) -> None:
    """Monday has the weekly 07:00 run: /run mon 18:30 asks; Keep changes nothing,
    Replace plans the evening run instead."""
    clock.current = FRIDAY_1700
    user_id = await _mondays_runner(database, standin, alice)
    asked = await say(standin, alice, "/run mon 18:30")
    assert "already have a run on Mon 07 Dec" in asked.text
    standin.press_button(alice, asked, "Keep my plan")
    [kept] = await standin.replies(alice)
    assert "stays" in kept.text
    assert await _pending_runs(database, user_id) == [datetime(2026, 12, 7, 6, 0, tzinfo=UTC)]
    asked = await say(standin, alice, "/run mon 18:30")
    standin.press_button(alice, asked, "Replace")
    [done] = await standin.replies(alice)
    assert "One-off run: Mon 07 Dec at 18:30 — warm-up at 18:15" in done.text
    assert await _pending_runs(database, user_id) == [datetime(2026, 12, 7, 17, 30, tzinfo=UTC)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("/run today 25:00", "couldn't read “25:00”"),
        ("/run today 16:30", "already passed"),
        ("/run today 17:05", "too close"),
        ("/run 2027-12-24 07:00", "more than a year"),
        ("/run someday 7:00", "don't know the day “someday”"),
        ("/run 2027-03-28 02:30", "clocks skip 02:30"),
        ("/run", "/run today 18:30"),
    ],
)
async def test_bad_runs_get_an_example_and_change_nothing(
    coach: object,
    standin: BotApiStandIn,
    clock: ManualClock,
    database: Database,
    alice: StandInUser,
    text: str,
    expected: str,
) -> None:
    clock.current = FRIDAY_1700
    user_id = await _mondays_runner(database, standin, alice)
    reply = await say(standin, alice, text)
    assert expected in reply.text
    assert "/run today 18:30" in reply.text
    async with database.unit_of_work() as uow:
        assert await uow.one_off_runs.upcoming(user_id, date(2026, 1, 1)) == []


async def test_a_runner_without_a_schedule_is_asked_for_one_first(
    coach: object, standin: BotApiStandIn, clock: ManualClock, alice: StandInUser
) -> None:
    clock.current = FRIDAY_1700
    await say(standin, alice, "/start")
    reply = await say(standin, alice, "/run tomorrow 7am")
    assert "/schedule" in reply.text


# ------------------------------------------------------------- a warm-up per run
MONDAY = datetime(2026, 12, 7, 0, 0, tzinfo=UTC)  # Berlin is UTC+1 in December


async def _wave_at(coach: CoachApplication, clock: ManualClock, at: datetime) -> None:
    clock.current = at
    await dispatcher_of(coach).run_wave()


async def test_a_second_run_the_same_day_gets_its_own_warm_up_at_its_time(
    coach: CoachApplication,
    standin: BotApiStandIn,
    clock: ManualClock,
    database: Database,
    alice: StandInUser,
) -> None:
    """Monday has the weekly 07:00 run; /run mon 18:30 asks Replace / Add / Keep; "Add a
    second run" keeps both, and each brings exactly one warm-up, its own, at its time."""
    clock.current = FRIDAY_1700
    user_id = await _mondays_runner(database, standin, alice)
    asked = await say(standin, alice, "/run mon 18:30")
    assert [label for label, _ in asked.buttons] == [
        "Replace that run",
        "Add a second run",
        "Keep my plan",
    ]
    standin.press_button(alice, asked, "Add a second run")
    [added] = await standin.replies(alice)
    assert "One-off run: Mon 07 Dec at 18:30 — warm-up at 18:15" in added.text
    assert await _pending_runs(database, user_id) == [MONDAY + timedelta(hours=6)]
    await _wave_at(coach, clock, MONDAY + timedelta(hours=5, minutes=45))  # 06:45 Berlin
    await standin.quiet()
    [morning] = warmups_to(standin, alice)
    assert "07:00" in morning
    assert await _pending_runs(database, user_id) == [MONDAY + timedelta(hours=17, minutes=30)]
    for minutes in (14, 15, 16, 20):  # 18:14 (not yet), 18:15, then more waves
        await _wave_at(coach, clock, MONDAY + timedelta(hours=17, minutes=minutes))
    await standin.quiet()
    assert len(warmups_to(standin, alice)) == 2
    assert "18:30" in warmups_to(standin, alice)[1]
    next_monday = MONDAY + timedelta(days=7, hours=6)
    assert await _pending_runs(database, user_id) == [next_monday]


async def test_a_run_added_after_the_days_warm_up_went_gets_one(
    coach: CoachApplication,
    standin: BotApiStandIn,
    clock: ManualClock,
    database: Database,
    alice: StandInUser,
) -> None:
    """Monday's 07:00 warm-up has gone; /run today 12:00 at 08:00 needs no question
    (that run is behind), reads back its own warm-up time and gets it."""
    clock.current = FRIDAY_1700
    user_id = await _mondays_runner(database, standin, alice)
    await _wave_at(coach, clock, MONDAY + timedelta(hours=5, minutes=45))
    await standin.quiet()
    assert len(warmups_to(standin, alice)) == 1
    clock.current = MONDAY + timedelta(hours=7)  # 08:00 Berlin
    reply = await say(standin, alice, "/run today 12:00")
    assert "One-off run: Mon 07 Dec at 12:00 — warm-up at 11:45" in reply.text
    assert await _pending_runs(database, user_id) == [MONDAY + timedelta(hours=11)]
    for minutes in (45, 50):
        await _wave_at(coach, clock, MONDAY + timedelta(hours=10, minutes=minutes))
    await standin.quiet()
    assert len(warmups_to(standin, alice)) == 2
    assert "12:00" in warmups_to(standin, alice)[1]


def _calendar(*starts: str) -> bytes:
    events = "".join(
        f"BEGIN:VEVENT\nUID:run-{index}@tests\nSUMMARY:Easy run\n"
        f"DTSTART;TZID=Europe/Berlin:{start}\nEND:VEVENT\n"
        for index, start in enumerate(starts)
    )
    text = f"BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//tests//runs//EN\n{events}END:VCALENDAR\n"
    return text.replace("\n", "\r\n").encode()


async def test_two_calendar_runs_on_one_date_each_get_a_warm_up(
    coach: CoachApplication,
    standin: BotApiStandIn,
    clock: ManualClock,
    database: Database,
    alice: StandInUser,
) -> None:
    """An imported calendar with Saturday 09:00 and 18:00: two warm-ups, one each."""
    clock.current = FRIDAY_1700
    user_id = await _mondays_runner(database, standin, alice)
    standin.send_document(
        alice, "plan.ics", None, "text/calendar", _calendar("20261205T090000", "20261205T180000")
    )
    [preview] = await standin.replies(alice)
    answers = len(standin.callback_answers)
    standin.press_button(alice, preview, "Import")
    await standin.wait_until(lambda: len(standin.callback_answers) > answers)
    await standin.quiet()
    saturday = datetime(2026, 12, 5, 0, 0, tzinfo=UTC)
    assert await _pending_runs(database, user_id) == [saturday + timedelta(hours=8)]
    for at in (timedelta(hours=7, minutes=45), timedelta(hours=16, minutes=45)):
        await _wave_at(coach, clock, saturday + at)
        await _wave_at(coach, clock, saturday + at + timedelta(minutes=5))
    await standin.quiet()
    cards = warmups_to(standin, alice)
    assert len(cards) == 2
    assert ["09:00" in cards[0], "18:00" in cards[1]] == [True, True]
    assert await _pending_runs(database, user_id) == [MONDAY + timedelta(hours=6)]


async def test_a_run_at_the_weekly_start_is_that_run_and_brings_it_back(
    coach: CoachApplication,
    standin: BotApiStandIn,
    clock: ManualClock,
    database: Database,
    alice: StandInUser,
) -> None:
    """/run mon 07:00 is Monday's weekly run: nothing to add. Once an evening run has
    replaced it, /run mon 07:00 brings it back (and the evening run stays)."""
    clock.current = FRIDAY_1700
    user_id = await _mondays_runner(database, standin, alice)
    same = await say(standin, alice, "/run mon 07:00")
    assert "already your weekly run" in same.text
    assert await _pending_runs(database, user_id) == [MONDAY + timedelta(hours=6)]
    asked = await say(standin, alice, "/run mon 18:30")
    standin.press_button(alice, asked, "Replace that run")
    await standin.replies(alice)
    assert await _pending_runs(database, user_id) == [MONDAY + timedelta(hours=17, minutes=30)]
    back = await say(standin, alice, "/run mon 07:00")
    assert "Your weekly run on Mon 07 Dec at 07:00 is back on" in back.text
    assert await _pending_runs(database, user_id) == [MONDAY + timedelta(hours=6)]
    async with database.unit_of_work() as uow:
        runs = await uow.one_off_runs.upcoming(user_id, date(2026, 1, 1))
    assert [(run.local_date, f"{run.local_time:%H:%M}") for run in runs] == [
        (date(2026, 12, 7), "18:30")
    ]
