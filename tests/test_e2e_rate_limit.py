"""The stand-in held strictly to a rate (sliding windows, 429 with retry_after beyond
them), and the bot's wave against it: every warm-up delivered, not one 429. Paid
broadcasts: the stand-in takes allow_paid_broadcast up to 1,000 a second, and the bot
sends scheduled warm-ups with it when TELEGRAM_PAID_BROADCAST is on."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest

from bot.application import build_application, running
from bot.scheduler import dispatcher_of
from bot.settings import Settings
from bot.standin import BotApiStandIn
from bot.standin.checks import ApiError
from bot.standin.faults import FaultInjector
from library.deliveries import WINDOW_CLOSE, WINDOW_EARLY, Outcome
from storage import Database
from tests.helpers import (
    DUE,
    TEST_TOKEN,
    ManualClock,
    add_runners,
    fast_settings,
    runners,
    start_bot,
    warmups_per_chat,
)

pytestmark = pytest.mark.e2e


class Ticking:
    """A clock for the stand-in's flood control that moves only when told."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


async def outcome(faults: FaultInjector, chat: int, *, paid: bool = False) -> int | None:
    """The retry_after of the 429 the send meets, None when it goes through."""
    try:
        await faults.apply("sendmessage", chat, paid=paid)
    except ApiError as error:
        return error.retry_after if error.status == 429 else -error.status
    return None


async def test_the_strict_stand_in_allows_no_burst_after_a_quiet_spell() -> None:
    """At 5/s strict: 5 go, the 6th is refused with retry_after 1; after 0.5 quiet
    seconds nothing more goes (a bucket would have refilled 2.5); at 1 s 5 more."""
    clock = Ticking()
    faults = FaultInjector(rate_limit=5, per_chat_rate_limit=None, strict=True, clock=clock)
    assert [await outcome(faults, chat) for chat in range(6)] == [None] * 5 + [1]
    clock.now += 0.5
    assert await outcome(faults, 10) == 1
    clock.now += 0.5
    assert [await outcome(faults, chat) for chat in range(20, 26)] == [None] * 5 + [1]
    assert faults.rate_limited == 3


async def test_the_strict_stand_in_answers_retry_after_beyond_the_window() -> None:
    """At 0.25/s (one send per 4 s), a send 1 s after the last is told to wait 3 s."""
    clock = Ticking()
    faults = FaultInjector(rate_limit=0.25, per_chat_rate_limit=None, strict=True, clock=clock)
    assert await outcome(faults, 1) is None
    clock.now += 1
    assert await outcome(faults, 2) == 3
    clock.now += 3
    assert await outcome(faults, 2) is None


async def test_the_strict_stand_in_holds_each_chat_to_its_own_limit() -> None:
    clock = Ticking()
    faults = FaultInjector(rate_limit=None, per_chat_rate_limit=1, strict=True, clock=clock)
    assert [await outcome(faults, 77), await outcome(faults, 77), await outcome(faults, 78)] == [
        None,
        1,
        None,
    ]
    clock.now += 1
    assert await outcome(faults, 77) is None


async def test_paid_broadcasts_go_beyond_the_free_rate_up_to_1000() -> None:
    """At a free 5/s, paid sends still go, up to 1,000 in a second; unpaid ones are
    refused beyond 5 whatever the paid ones do."""
    clock = Ticking()
    faults = FaultInjector(rate_limit=5, per_chat_rate_limit=None, strict=True, clock=clock)
    assert [await outcome(faults, chat) for chat in range(6)] == [None] * 5 + [1]
    paid = [await outcome(faults, 1000 + chat, paid=True) for chat in range(1001)]
    assert paid == [None] * 1000 + [1]
    assert faults.paid_sends == 1000


async def wave_against_a_strict_stand_in(
    settings: Settings, clock: ManualClock, database: Database, count: int, rate: float
) -> tuple[BotApiStandIn, Counter[Outcome]]:
    """``count`` runners due at once; the bot at TELEGRAM_RATE_LIMIT ``rate`` and one
    message a second per chat, the stand-in strict at the same limits."""
    async with BotApiStandIn(
        token=TEST_TOKEN, rate_limit=rate, per_chat_rate_limit=1, strict_rate_limit=True
    ) as standin:
        users = runners(count)
        await add_runners(database, standin, users, now=DUE.replace(hour=5))
        clock.current = DUE
        app = await start_bot(
            settings, standin, clock, telegram_rate_limit=rate, telegram_chat_rate_limit=1.0
        )
        async with running(app):
            report = await dispatcher_of(app).run_wave()
        return standin, report.outcomes


async def test_a_wave_at_the_rate_meets_no_429_from_a_strict_server(
    settings: Settings, clock: ManualClock, database: Database
) -> None:
    """30 warm-ups at 10/s against a stand-in that refuses the 11th send in any second:
    all 30 delivered, each once, and not one 429 (the leaky bucket met several)."""
    standin, outcomes = await wave_against_a_strict_stand_in(settings, clock, database, 30, 10)
    assert outcomes == Counter({Outcome.SENT: 30})
    assert standin.rate_limited == 0
    sends = standin.calls_to("sendMessage")
    assert [call.status for call in sends] == [200] * 30
    assert len({call.params["chat_id"] for call in sends}) == 30


@pytest.mark.slow
async def test_200_warmups_at_5_a_second_meet_no_429(
    settings: Settings, clock: ManualClock, database: Database
) -> None:
    """The issue's wave: 200 warm-ups at 5/s against a strict stand-in (about 40 s)."""
    standin, outcomes = await wave_against_a_strict_stand_in(settings, clock, database, 200, 5)
    assert outcomes == Counter({Outcome.SENT: 200})
    assert standin.rate_limited == 0
    assert len(standin.calls_to("sendMessage")) == 200


@pytest.mark.slow
@pytest.mark.backends("sqlite")  # 7 minutes of real time: one backend is enough
async def test_2000_runners_at_5_a_second_with_a_5_minute_lead_all_warmed_up_in_time(
    settings: Settings, database: Database
) -> None:
    """The issue's wave, in real time (about 7 minutes): 2,000 runners whose run starts in
    about 14 minutes, with a 5-minute lead, against a stand-in strict at 5 messages a
    second and one a second per chat. Their warm-ups all fall due when the window closes
    (5 minutes before the run) and need 7 minutes at the rate, so the bot, ticking on its
    own, must start early: every runner gets exactly one warm-up inside the window (15 to
    5 minutes before the run), and not one 429."""
    count, rate, lead = 2000, 5, 5
    now = datetime.now(UTC)
    run = (now + timedelta(minutes=15)).replace(second=0, microsecond=0)
    async with BotApiStandIn(
        token=TEST_TOKEN, rate_limit=rate, per_chat_rate_limit=1, strict_rate_limit=True
    ) as standin:
        await add_runners(
            database, standin, runners(count), now=now, at=run.time(), zone="UTC", lead=lead
        )
        app = build_application(
            fast_settings(
                settings,
                telegram_rate_limit=float(rate),
                telegram_chat_rate_limit=1.0,
                delivery_interval_seconds=2.0,
            ),
            token=TEST_TOKEN,
            base_url=standin.base_url,
            clock=lambda: datetime.now(UTC),
        )
        async with running(app):
            await standin.wait_until(lambda: len(warmups_per_chat(standin)) == count, timeout=600)
            await standin.quiet(idle=3, timeout=60)
        assert standin.rate_limited == 0
        assert set(warmups_per_chat(standin).values()) == {1}
        times = [call.at for call in standin.calls_to("sendMessage") if call.status == 200]
        opens, closes = run - timedelta(minutes=lead) - WINDOW_EARLY, run - WINDOW_CLOSE
        assert opens.timestamp() <= min(times)
        assert max(times) <= closes.timestamp()


async def test_paid_broadcast_sends_warmups_beyond_the_free_rate(
    settings: Settings, clock: ManualClock, database: Database
) -> None:
    """TELEGRAM_PAID_BROADCAST on and a rate of 200: 60 warm-ups go to a stand-in whose
    free rate is 5/s, every one with allow_paid_broadcast, none refused."""
    async with BotApiStandIn(token=TEST_TOKEN, rate_limit=5, strict_rate_limit=True) as standin:
        await add_runners(database, standin, runners(60), now=DUE.replace(hour=5))
        clock.current = DUE
        app = await start_bot(
            settings, standin, clock, telegram_rate_limit=200.0, telegram_paid_broadcast=True
        )
        async with running(app):
            report = await dispatcher_of(app).run_wave()
    assert report.outcomes == Counter({Outcome.SENT: 60})
    sends = standin.calls_to("sendMessage")
    assert [call.params.get("allow_paid_broadcast") for call in sends] == [True] * 60
    assert (standin.rate_limited, standin.paid_sends) == (0, 60)


async def test_without_paid_broadcast_warmups_carry_no_paid_flag(
    settings: Settings, clock: ManualClock, database: Database
) -> None:
    async with BotApiStandIn(token=TEST_TOKEN) as standin:
        await add_runners(database, standin, runners(3), now=DUE.replace(hour=5))
        clock.current = DUE
        app = await start_bot(settings, standin, clock)
        async with running(app):
            report = await dispatcher_of(app).run_wave()
    assert report.outcomes == Counter({Outcome.SENT: 3})
    sends = standin.calls_to("sendMessage")
    assert [call.params.get("allow_paid_broadcast") for call in sends] == [None] * 3
    assert standin.paid_sends == 0
