"""Scheduled warm-ups end to end: the real Application, its JobQueue and the stand-in.

The bot's clock is a ManualClock, so a test moves time to a due moment and watches
what arrives. Runners are set up through the repositories (onboarding has its own tests).
"""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import UTC, datetime, time, timedelta

import pytest

from bot.application import running
from bot.scheduler import dispatcher_of
from bot.settings import Settings
from bot.standin import BotApiStandIn, Fault, StandInUser
from handlers import warmups
from library.deliveries import DeliveryStatus, Outcome
from library.profiles import PauseReason
from storage import Database
from tests.helpers import (
    DUE,
    WARMUPS,
    ManualClock,
    add_runners,
    eventually,
    runners,
    start_bot,
    warmups_to,
)

pytestmark = pytest.mark.e2e

# The run DUE (06:45 UTC, Monday 23 November 2026) is the warm-up for: 07:00 in London.
RUN = datetime(2026, 11, 23, 7, 0, tzinfo=UTC)


async def statuses(database: Database, user_id: int) -> list[tuple[int, str, str]]:
    async with database.unit_of_work() as uow:
        rows = await uow.deliveries.for_user(user_id, WARMUPS)
    return [(r.local_date.day, r.kind.value, r.status.value) for r in rows]


async def test_warmup_arrives_on_time_from_the_job_queue(
    settings: Settings,
    standin: BotApiStandIn,
    clock: ManualClock,
    database: Database,
    alice: StandInUser,
) -> None:
    """Nothing at 06:44; at 06:45 the tick sends the warm-up with its run time and Snooze;
    further ticks send nothing more for that run, and Tuesday's is planned."""
    clock.current = DUE - timedelta(minutes=1)
    ids = await add_runners(database, standin, [alice], now=clock.current)
    app = await start_bot(settings, standin, clock, delivery_interval_seconds=0.05)
    async with running(app):
        dispatcher = dispatcher_of(app)
        await eventually(lambda: dispatcher.waves >= 3, what="three waves before the due time")
        assert warmups_to(standin, alice) == []
        clock.current = DUE
        await standin.wait_until(lambda: len(warmups_to(standin, alice)) == 1)
        waves = dispatcher.waves
        await eventually(lambda: dispatcher.waves >= waves + 3, what="three more waves")
        assert dispatcher.last_report is not None
    (text,) = warmups_to(standin, alice)
    assert "Your run starts at 07:00 (in 15 min)" in text
    card = standin.messages_to(alice)[-1]
    assert any("Snooze 10 min" in label for label, _ in card.buttons)
    assert any("Done" in label for label, _ in card.buttons)
    assert await statuses(database, ids[alice.id]) == [
        (23, "warmup", "sent"),
        (24, "warmup", "pending"),
    ]


async def test_run_time_follows_the_runners_zone_and_dst(
    settings: Settings,
    standin: BotApiStandIn,
    clock: ManualClock,
    database: Database,
    bob: StandInUser,
) -> None:
    """A New York runner at 07:00 local in March: due 11:45 UTC the day before clocks go
    forward (14 March 2027), 10:45 UTC on that day; the wall-clock time stays 07:00."""
    clock.current = datetime(2027, 3, 12, 12, 0, tzinfo=UTC)  # Friday, after the run
    ids = await add_runners(database, standin, [bob], now=clock.current, zone="America/New_York")
    app = await start_bot(settings, standin, clock)
    async with running(app):
        dispatcher = dispatcher_of(app)
        for due in (
            datetime(2027, 3, 13, 11, 45, tzinfo=UTC),  # Saturday, EST (UTC-5)
            datetime(2027, 3, 14, 10, 45, tzinfo=UTC),  # Sunday, EDT (UTC-4)
        ):
            clock.current = due - timedelta(seconds=1)
            assert (await dispatcher.run_wave()).outcomes == Counter()
            clock.current = due
            assert (await dispatcher.run_wave()).outcomes == Counter({Outcome.SENT: 1})
    assert [t.count("starts at 07:00") for t in warmups_to(standin, bob)] == [1, 1]
    assert [s for s in await statuses(database, ids[bob.id]) if s[2] == "sent"] == [
        (13, "warmup", "sent"),
        (14, "warmup", "sent"),
    ]


async def test_missed_while_down_is_sent_only_before_the_run(
    settings: Settings, standin: BotApiStandIn, clock: ManualClock, database: Database
) -> None:
    """The bot was down at 06:45. Back at 06:50 (run at 07:00): still sent. Back at
    07:05: recorded as missed, not sent late; the next day's is planned either way."""
    early, late = runners(2)
    ids = await add_runners(database, standin, [early], now=DUE - timedelta(hours=1))
    # "late" runs at 06:48 (due 06:33): by 06:50 that run has started.
    ids |= await add_runners(
        database, standin, [late], now=DUE - timedelta(hours=1), at=time(6, 48)
    )
    clock.current = RUN - timedelta(minutes=10)  # 06:50: early's run not started, late's has
    app = await start_bot(settings, standin, clock)
    async with running(app):
        report = await dispatcher_of(app).run_wave()
    assert report.outcomes == Counter({Outcome.SENT: 1, Outcome.MISSED: 1})
    assert len(warmups_to(standin, early)) == 1
    assert warmups_to(standin, late) == []
    assert await statuses(database, ids[late.id]) == [
        (23, "warmup", "missed"),
        (24, "warmup", "pending"),
    ]


async def test_restart_mid_wave_neither_doubles_nor_loses(
    settings: Settings, standin: BotApiStandIn, clock: ManualClock, database: Database
) -> None:
    """200 runners due at once, sends slowed down; the bot is stopped part-way through
    the wave and a new one started: every runner has exactly one warm-up."""
    users = runners(200)
    await add_runners(database, standin, users, now=DUE - timedelta(hours=1))
    clock.current = DUE
    standin.inject(Fault.slow(0.02), methods="sendMessage", times=10_000)
    first = await start_bot(settings, standin, clock, telegram_rate_limit=200.0)
    async with running(first):
        wave = dispatcher_of(first).tick()
        assert wave is not None
        await standin.wait_until(lambda: len(standin.calls_to("sendMessage")) >= 40)
    # The first bot has stopped: its wave finished what was in flight, handed back the rest.
    sent_by_first = len(standin.calls_to("sendMessage"))
    assert 40 <= sent_by_first < 200
    second = await start_bot(settings, standin, clock)
    async with running(second):
        await dispatcher_of(second).run_wave()
    per_user = Counter(m.chat_id for m in standin.sent if "Pre-run warm-up" in m.plain)
    assert sorted(per_user) == sorted(u.chat_id for u in users)
    assert set(per_user.values()) == {1}
    async with database.unit_of_work() as uow:
        counts = await uow.deliveries.counts()
    # 200 sent, 200 next warm-ups and 200 weekly summaries pending
    assert counts == {DeliveryStatus.SENT: 200, DeliveryStatus.PENDING: 400}


async def test_claims_of_a_crashed_instance_are_retaken_after_the_lease(
    settings: Settings, standin: BotApiStandIn, clock: ManualClock, database: Database
) -> None:
    """An instance claimed 50 warm-ups and died before sending. A live bot leaves them
    alone while the lease runs, then sends each exactly once."""
    users = runners(50)
    await add_runners(database, standin, users, now=DUE - timedelta(hours=1))
    clock.current = DUE
    async with database.unit_of_work() as uow:
        claimed = await uow.deliveries.claim(
            DUE, limit=100, lease=timedelta(minutes=5), owner="crashed"
        )
        await uow.commit()
    assert len(claimed) == 50
    app = await start_bot(settings, standin, clock)
    async with running(app):
        dispatcher = dispatcher_of(app)
        assert (await dispatcher.run_wave()).outcomes == Counter()
        clock.current = DUE + timedelta(minutes=5)
        assert (await dispatcher.run_wave()).outcomes == Counter({Outcome.SENT: 50})
        assert (await dispatcher.run_wave()).outcomes == Counter()
    per_user = Counter(m.chat_id for m in standin.sent if "Pre-run warm-up" in m.plain)
    assert len(per_user) == 50
    assert set(per_user.values()) == {1}


async def test_a_runner_erased_mid_wave_costs_the_others_nothing(
    settings: Settings, standin: BotApiStandIn, clock: ManualClock, database: Database
) -> None:
    """One runner deletes their data after the wave claimed their warm-up: theirs is
    dropped, the rest of the batch still goes at once (not after the lease)."""
    users = runners(5)
    ids = await add_runners(database, standin, users, now=DUE - timedelta(hours=1))
    clock.current = DUE
    app = await start_bot(settings, standin, clock)
    async with running(app):
        services = app.bot_data["services"]
        async with database.unit_of_work() as uow:
            claimed = await uow.deliveries.claim(
                DUE, limit=100, lease=timedelta(minutes=5), owner="this-wave"
            )
            await uow.commit()
        async with database.unit_of_work() as uow:
            await uow.users.erase(ids[users[0].id])
            await uow.commit()
        prepared, finished = await warmups.prepare(services, claimed, DUE)
        assert [f.outcome for f in finished] == [Outcome.CANCELLED]
        assert sorted(item.runner.id for item in prepared) == sorted(ids[u.id] for u in users[1:])


async def test_two_instances_at_once_send_each_warmup_once(
    settings: Settings, standin: BotApiStandIn, clock: ManualClock, database: Database
) -> None:
    """Two bots on one database run their waves at the same moment: 300 runners, 300
    warm-ups, none doubled."""
    users = runners(300)
    await add_runners(database, standin, users, now=DUE - timedelta(hours=1))
    clock.current = DUE
    one = await start_bot(settings, standin, clock)
    two = await start_bot(settings, standin, clock)
    async with running(one), running(two):
        a, b = await asyncio.gather(dispatcher_of(one).run_wave(), dispatcher_of(two).run_wave())
    assert a.outcomes[Outcome.SENT] + b.outcomes[Outcome.SENT] == 300
    per_user = Counter(m.chat_id for m in standin.sent if "Pre-run warm-up" in m.plain)
    assert len(per_user) == 300
    assert set(per_user.values()) == {1}


async def test_429_is_waited_out_and_the_warmup_still_goes(
    settings: Settings,
    standin: BotApiStandIn,
    clock: ManualClock,
    database: Database,
    alice: StandInUser,
) -> None:
    """Two 429s with retry_after=1: the rate limiter waits and the message goes once."""
    await add_runners(database, standin, [alice], now=DUE - timedelta(hours=1))
    clock.current = DUE
    standin.inject(Fault.too_many_requests(retry_after=1), methods="sendMessage", times=2)
    app = await start_bot(settings, standin, clock)
    async with running(app):
        report = await dispatcher_of(app).run_wave()
    assert report.outcomes == Counter({Outcome.SENT: 1})
    statuses_seen = [c.status for c in standin.calls_to("sendMessage")]
    assert statuses_seen == [429, 429, 200]
    gap = standin.calls_to("sendMessage")[1].at - standin.calls_to("sendMessage")[0].at
    assert gap >= 1.0  # retry_after was honoured
    assert len(warmups_to(standin, alice)) == 1


async def test_403_pauses_the_runner_until_they_come_back(
    settings: Settings,
    standin: BotApiStandIn,
    clock: ManualClock,
    database: Database,
    alice: StandInUser,
) -> None:
    """Alice blocked the bot: her warm-up fails with 403 and her schedule is paused, with
    nothing pending; no further tries are made."""
    ids = await add_runners(database, standin, [alice], now=DUE - timedelta(hours=1))
    clock.current = DUE
    standin.block(alice)
    app = await start_bot(settings, standin, clock)
    async with running(app):
        dispatcher = dispatcher_of(app)
        assert (await dispatcher.run_wave()).outcomes == Counter({Outcome.BLOCKED: 1})
        clock.current = DUE + timedelta(days=1)
        assert (await dispatcher.run_wave()).outcomes == Counter()
    async with database.unit_of_work() as uow:
        profile = await uow.users.by_id(ids[alice.id])
    assert profile is not None
    assert profile.paused is PauseReason.BLOCKED
    assert await statuses(database, ids[alice.id]) == [(23, "warmup", "failed")]
    assert [c.status for c in standin.calls_to("sendMessage")] == [403]


@pytest.mark.parametrize("fault", [Fault.server_error(), Fault.bad_gateway()])
async def test_server_errors_keep_the_warmup_due_with_back_off(
    settings: Settings,
    standin: BotApiStandIn,
    clock: ManualClock,
    database: Database,
    alice: StandInUser,
    fault: Fault,
) -> None:
    """A 5xx hands the warm-up back, due again 30 s later; then it goes, once."""
    ids = await add_runners(database, standin, [alice], now=DUE - timedelta(hours=1))
    clock.current = DUE
    standin.inject(fault, methods="sendMessage", times=1)
    app = await start_bot(settings, standin, clock)
    async with running(app):
        dispatcher = dispatcher_of(app)
        assert (await dispatcher.run_wave()).outcomes == Counter({Outcome.RETRY: 1})
        async with database.unit_of_work() as uow:
            pending = await uow.deliveries.next_pending(ids[alice.id])
        assert pending is not None
        assert pending.next_due_utc == DUE + timedelta(seconds=30)
        clock.current = DUE + timedelta(seconds=29)
        assert (await dispatcher.run_wave()).outcomes == Counter()
        clock.current = DUE + timedelta(seconds=30)
        assert (await dispatcher.run_wave()).outcomes == Counter({Outcome.SENT: 1})
    assert len(warmups_to(standin, alice)) == 1


async def test_network_failure_keeps_the_warmup_due(
    settings: Settings,
    standin: BotApiStandIn,
    clock: ManualClock,
    database: Database,
    alice: StandInUser,
) -> None:
    """A request that times out is retried on a later tick; the warm-up is not lost."""
    await add_runners(database, standin, [alice], now=DUE - timedelta(hours=1))
    clock.current = DUE
    standin.inject(Fault.slow(3.0), methods="sendMessage", times=1)
    app = await start_bot(settings, standin, clock, telegram_timeout_seconds=0.5)
    async with running(app):
        dispatcher = dispatcher_of(app)
        assert (await dispatcher.run_wave()).outcomes == Counter({Outcome.RETRY: 1})
        clock.current = DUE + timedelta(seconds=30)
        assert (await dispatcher.run_wave()).outcomes == Counter({Outcome.SENT: 1})
    await standin.quiet(timeout=10)
    # The slow first attempt may still land at the stand-in after the bot gave up on it:
    # that is the one case Telegram could double, and why timeouts are kept generous.
    assert 1 <= len(warmups_to(standin, alice)) <= 2


async def test_snooze_sends_the_same_warmup_again_in_ten_minutes(
    settings: Settings,
    standin: BotApiStandIn,
    clock: ManualClock,
    database: Database,
    alice: StandInUser,
) -> None:
    """⏰ Snooze: the button answers with the new time and goes; 10 minutes later the
    warm-up comes again with the same session's buttons, saying when the run starts, and
    without another Snooze (it would come back as the run starts)."""
    ids = await add_runners(database, standin, [alice], now=DUE - timedelta(hours=1))
    clock.current = DUE
    app = await start_bot(settings, standin, clock)
    async with running(app):
        dispatcher = dispatcher_of(app)
        await dispatcher.run_wave()
        card = standin.messages_to(alice)[-1]
        done_data = card.callback_data_for("Done")
        standin.press_button(alice, card, "Snooze")
        await standin.wait_until(lambda: bool(standin.callback_answers))
        await standin.quiet()
        assert standin.callback_answers[-1]["text"] == "OK — I'll send it again at 06:55."
        assert not any("Snooze" in label for label, _ in card.buttons)
        clock.current = DUE + timedelta(minutes=9)
        assert (await dispatcher.run_wave()).outcomes == Counter()
        clock.current = DUE + timedelta(minutes=10)
        assert (await dispatcher.run_wave()).outcomes == Counter({Outcome.SENT: 1})
    again = standin.messages_to(alice)[-1]
    assert again.plain.startswith(
        "⏰ Your run starts at 07:00 (in 5 min) — here's your warm-up again.\nPre-run warm-up"
    )
    assert again.callback_data_for("Done") == done_data
    assert not any("Snooze" in label for label, _ in again.buttons)
    assert await statuses(database, ids[alice.id]) == [
        (23, "warmup", "sent"),
        (23, "snooze", "sent"),
        (24, "warmup", "pending"),
    ]


async def set_lead(database: Database, user_id: int, lead: int, now: datetime) -> None:
    """Change the runner's lead and re-plan their next warm-up, as /lead would."""
    async with database.unit_of_work() as uow:
        await uow.users.update_settings(user_id, lead_minutes=lead)
        await uow.deliveries.reschedule(user_id, now)
        await uow.commit()


async def test_a_warmup_five_minutes_before_its_run_has_no_snooze(
    settings: Settings,
    standin: BotApiStandIn,
    clock: ManualClock,
    database: Database,
    alice: StandInUser,
) -> None:
    """With a 5-minute lead a snooze would land after the run starts: no Snooze button."""
    ids = await add_runners(database, standin, [alice], now=DUE - timedelta(hours=1))
    await set_lead(database, ids[alice.id], 5, DUE - timedelta(hours=1))
    clock.current = RUN - timedelta(minutes=5)
    app = await start_bot(settings, standin, clock)
    async with running(app):
        assert (await dispatcher_of(app).run_wave()).outcomes == Counter({Outcome.SENT: 1})
    card = standin.messages_to(alice)[-1]
    assert card.plain.startswith("🏃 Your run starts at 07:00 (in 5 min) — time to warm up.")
    assert any("Done" in label for label, _ in card.buttons)
    assert not any("Snooze" in label for label, _ in card.buttons)


async def test_snooze_too_close_to_the_run_is_refused_and_stores_nothing(
    settings: Settings,
    standin: BotApiStandIn,
    clock: ManualClock,
    database: Database,
    alice: StandInUser,
) -> None:
    """Snooze pressed with 8 minutes to go: an alert, no repeat stored, the card as it
    was; nothing more arrives before the run."""
    ids = await add_runners(database, standin, [alice], now=DUE - timedelta(hours=1))
    clock.current = DUE
    app = await start_bot(settings, standin, clock)
    async with running(app):
        dispatcher = dispatcher_of(app)
        assert (await dispatcher.run_wave()).outcomes == Counter({Outcome.SENT: 1})
        card = standin.messages_to(alice)[-1]
        buttons = list(card.buttons)
        clock.current = RUN - timedelta(minutes=8)
        standin.press_button(alice, card, "Snooze")
        await standin.wait_until(lambda: bool(standin.callback_answers))
        await standin.quiet()
        answer = standin.callback_answers[-1]
        assert answer["text"] == (
            "Too close to your run for another 10 minutes — warm up now, or ⏭ Skip."
        )
        assert answer.get("show_alert") is True
        assert card.buttons == buttons
        clock.current = RUN - timedelta(minutes=1)
        assert (await dispatcher.run_wave()).outcomes == Counter()
    assert len(warmups_to(standin, alice)) == 1
    assert await statuses(database, ids[alice.id]) == [
        (23, "warmup", "sent"),
        (24, "warmup", "pending"),
    ]


async def test_snooze_twenty_minutes_before_the_run_comes_back_once(
    settings: Settings,
    standin: BotApiStandIn,
    clock: ManualClock,
    database: Database,
    alice: StandInUser,
) -> None:
    """With a 20-minute lead, Snooze brings the card back 10 minutes before the run,
    naming the run's start, with no further Snooze."""
    ids = await add_runners(database, standin, [alice], now=DUE - timedelta(hours=1))
    await set_lead(database, ids[alice.id], 20, DUE - timedelta(hours=1))
    clock.current = RUN - timedelta(minutes=20)
    app = await start_bot(settings, standin, clock)
    async with running(app):
        dispatcher = dispatcher_of(app)
        assert (await dispatcher.run_wave()).outcomes == Counter({Outcome.SENT: 1})
        card = standin.messages_to(alice)[-1]
        assert any("Snooze" in label for label, _ in card.buttons)
        standin.press_button(alice, card, "Snooze")
        await standin.wait_until(lambda: bool(standin.callback_answers))
        await standin.quiet()
        assert standin.callback_answers[-1]["text"] == "OK — I'll send it again at 06:50."
        clock.current = RUN - timedelta(minutes=10)
        assert (await dispatcher.run_wave()).outcomes == Counter({Outcome.SENT: 1})
    again = standin.messages_to(alice)[-1]
    assert again.plain.startswith(
        "⏰ Your run starts at 07:00 (in 10 min) — here's your warm-up again."
    )
    assert any("Done" in label for label, _ in again.buttons)
    assert not any("Snooze" in label for label, _ in again.buttons)
    async with database.unit_of_work() as uow:
        rows = await uow.deliveries.for_user(ids[alice.id], WARMUPS)
    snoozes = [row for row in rows if row.kind.value == "snooze"]
    assert [(row.status.value, row.deadline_utc) for row in snoozes] == [("sent", RUN)]
