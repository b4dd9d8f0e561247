"""A wave of warm-ups at Telegram's rate, in virtual time: with the wave planner's
look-ahead and without, side by side.

RUNNERS runners run at 07:00 London with a LEAD-minute lead, so all their warm-ups are
due at the same minute; the bot sends at RATE messages a second. The whole bot runs
(dispatcher, claims, the warm-up preparer, PTB, the Bot API stand-in) on a manual clock:
every message the stand-in receives moves the clock on by one slot of the shared budget
(1.1 / RATE seconds: the bot keeps 10% under the rate), so virtual time passes exactly as
the bot's pacing would let it, and 30,000 runners
at 30 msg/s (17 virtual minutes) take seconds. Between waves the clock moves on to the
next tick (DELIVERY_INTERVAL_SECONDS, 30 s).

Printed per run: how many warm-ups landed inside their window (from lead + 10 to 5
minutes before the run), how early (before the due time) and how late (after it) at
most, how many after the window but before the run, missed (none by the run's start),
doubled, and the most messages in any one-second window.
Run: ``make bench`` or ``.venv/bin/python -m benchmarks.bench_waves``.
"""

from __future__ import annotations

import asyncio
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from fractions import Fraction

from sqlalchemy import update

from benchmarks.bench_delivery import NOW, TOKEN, seed
from bot.application import build_application, running
from bot.scheduler import BATCH_SECONDS, BUDGET_MARGIN, dispatcher_of
from bot.settings import Settings
from bot.standin import BotApiStandIn, StandInUser
from bot.standin.models import SentMessage
from library.deliveries import WINDOW_CLOSE, WINDOW_EARLY
from storage import Database
from storage.models import DeliveryRow, UserRow

RUNNERS = 30_000
RATE = 30
LEAD = 15
INTERVAL = timedelta(seconds=30)  # the dispatcher's tick, DELIVERY_INTERVAL_SECONDS


def wave_settings(url: str, base_url: str) -> Settings:
    """The bot's settings: its own limiter fast (virtual time does the pacing), the tick
    driven by the benchmark."""
    return Settings(
        _env_file=None,
        database_url=url,
        telegram_api_base_url=base_url,
        default_timezone="Europe/London",
        telegram_rate_limit=1000.0,
        delivery_interval_seconds=60.0,
        log_level="WARNING",
    )


class VirtualClock:
    """The bot's clock: moved on by each message the stand-in gets, and between ticks."""

    def __init__(self, start: datetime) -> None:
        self.current = start

    def __call__(self) -> datetime:
        return self.current


@dataclass(frozen=True, slots=True)
class WaveResult:
    """One wave's figures."""

    runners: int
    in_window: int
    late: int  # after the window closed, before the run
    missed: int  # no warm-up before the run
    doubled: int
    most_early: timedelta  # before the due time
    most_late: timedelta  # after the due time
    busiest_second: int
    stored: dict[str, int]

    @property
    def all_before_run(self) -> bool:
        return self.missed == 0 and self.doubled == 0


def busiest_second(times: list[datetime]) -> int:
    """The most messages in any window of one second (a sliding window)."""
    ordered = sorted(times)
    most = start = 0
    for end, moment in enumerate(ordered):
        while moment - ordered[start] >= timedelta(seconds=1):
            start += 1
        most = max(most, end - start + 1)
    return most


async def simulate(runners: int, rate: int, lead: int, *, look_ahead: bool) -> WaveResult:
    """``runners`` warm-ups due at the same minute, sent at ``rate`` a second."""
    run = NOW + timedelta(minutes=15)  # 07:00, the seeded runs' start
    due = run - timedelta(minutes=lead)
    users = [StandInUser(id=1_000_000 + n, first_name=f"Runner{n}") for n in range(1, runners + 1)]
    clock = VirtualClock(due - WINDOW_EARLY - INTERVAL)
    arrivals: dict[int, list[datetime]] = {}
    # Exact pacing at the rate the bot's slots keep (BUDGET_MARGIN slower than ``rate``):
    # after k messages the clock has moved on k spacings to the microsecond.
    # (timedelta(seconds=1 / 30) is 33,333 µs: 31 messages would fit in 999,990 µs.)
    spacing = Fraction(1_000_000) * (1 + Fraction(str(BUDGET_MARGIN))) / rate
    paced = Fraction(0)

    def arrived(message: SentMessage, edited: bool) -> None:
        nonlocal paced
        if not edited and "warm" in message.plain.lower():
            arrivals.setdefault(message.chat_id, []).append(clock.current)
            before = int(paced)
            paced += spacing
            clock.current += timedelta(microseconds=int(paced) - before)

    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite+aiosqlite:///{folder}/waves.db"
        database = Database(url)
        await database.migrate()
        await seed(database, runners, due_now=runners)
        async with database.engine.begin() as connection:
            await connection.execute(update(UserRow).values(lead_minutes=lead))
            await connection.execute(update(DeliveryRow).values(next_due_utc=due, deadline_utc=run))
        async with BotApiStandIn(token=TOKEN) as api:
            for user in users:
                api.register_user(user)
            api.listeners.append(arrived)
            app = build_application(
                wave_settings(url, api.base_url), token=TOKEN, base_url=api.base_url, clock=clock
            )
            async with running(app):
                dispatcher = dispatcher_of(app)
                dispatcher.rate = rate
                dispatcher.interval = INTERVAL.total_seconds()
                dispatcher.batch_size = max(1, rate * BATCH_SECONDS)
                dispatcher.look_ahead = look_ahead
                dispatcher.pace = False  # virtual time paces the sends, not the slots
                while clock.current < run + INTERVAL:
                    tick = clock.current
                    await dispatcher.run_wave()
                    clock.current = max(clock.current, tick + INTERVAL)
        async with database.unit_of_work() as uow:
            stored = {status.value: n for status, n in (await uow.deliveries.counts()).items()}
        await database.dispose()
    firsts = [times[0] for times in arrivals.values()]
    before_run = [moment for moment in firsts if moment < run]
    opens, closes = due - WINDOW_EARLY, run - WINDOW_CLOSE
    return WaveResult(
        runners=runners,
        in_window=sum(1 for moment in before_run if opens <= moment <= closes),
        late=sum(1 for moment in before_run if moment > closes),
        missed=runners - len(before_run),
        doubled=sum(len(times) - 1 for times in arrivals.values()),
        most_early=max((due - moment for moment in firsts), default=timedelta(0)),
        most_late=max((moment - due for moment in firsts), default=timedelta(0)),
        busiest_second=busiest_second([t for times in arrivals.values() for t in times]),
        stored=stored,
    )


def _minutes(delta: timedelta) -> str:
    seconds = max(0, round(delta.total_seconds()))
    return f"{seconds // 60:d}:{seconds % 60:02d}"


def report(with_look_ahead: WaveResult, without: WaveResult, rate: int, lead: int) -> None:
    rows: tuple[tuple[str, Callable[[WaveResult], str]], ...] = (
        ("inside the window", lambda r: f"{r.in_window:,}"),
        ("late, before the run", lambda r: f"{r.late:,}"),
        ("missed", lambda r: f"{r.missed:,}"),
        ("doubled", lambda r: f"{r.doubled:,}"),
        ("earliest before due (m:s)", lambda r: _minutes(r.most_early)),
        ("latest after due (m:s)", lambda r: _minutes(r.most_late)),
        ("most in one second", lambda r: f"{r.busiest_second}"),
        ("over the rate", lambda r: "yes" if r.busiest_second > rate else "no"),
        ("stored", lambda r: ", ".join(f"{k}={v}" for k, v in sorted(r.stored.items()))),
    )
    runners = with_look_ahead.runners
    print(
        f"wave: {runners:,} runners due at the same minute, lead {lead} min, {rate} msg/s "
        f"(window from {lead + 10} to 5 min before the run; capacity "
        f"{rate * (lead + 5) * 60:,})"
    )
    print(f"  {'':28} {'look-ahead':>16} {'due time only':>16}")
    for label, value in rows:
        print(f"  {label:28} {value(with_look_ahead):>16} {value(without):>16}")


async def run(
    runners: int = RUNNERS, rate: int = RATE, lead: int = LEAD
) -> tuple[WaveResult, WaveResult]:
    with_look_ahead = await simulate(runners, rate, lead, look_ahead=True)
    without = await simulate(runners, rate, lead, look_ahead=False)
    report(with_look_ahead, without, rate, lead)
    return with_look_ahead, without


def main() -> None:
    asyncio.run(run())


if __name__ == "__main__":
    main()
