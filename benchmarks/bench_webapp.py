"""How fast the Mini App's dashboard loads on a phone (issue 20: "under a second").

The runner's log is written through the chat first: a coach in this process, on a clock set
back WEEKS weeks, gets /warmup and five rep reports three times a week (a pain word now and
then) and three /run bookings; the weekly plan is set through the repository, as
tests/helpers.add_runners does. Then the coach runs as `python -m bot run` (a process of
its own, as deployed) with WEBAPP_PORT set on that SQLite file, and serves the page.

Each round opens the dashboard (tests/browser.cold_load) in a new headless Chromium with
a fresh profile (cold cache) emulating a mid-range phone on 4G (tests/browser.PHONE: CPU
slowed 4x as in Lighthouse's mobile preset, a 360x740 mobile screen, 40 ms added to each
request, 10 Mbit/s down, 5 up). Timed from navigation start (``performance.now()``'s
origin) to the moment the page holds the runner's data (chart, history, plan and exports
in the DOM, seen by a MutationObserver injected ahead of the page's scripts) and to the
frame after it. The baseline, in the same rounds under the same emulation: a one-line HTML
page from a bare aiohttp app on loopback, timed to its one element. Rounds alternate
dashboard and baseline; printed: medians, p95s, their ratio, the bytes a load moves
(Resource Timing, headers included), when each file arrived (where the time goes) and the
server's time for GET /api/dashboard (SERVER_REQUESTS requests over loopback, no
emulation). A round whose page does not show the runner's numbers fails the run.

Run: ``make bench`` or ``.venv/bin/python -m benchmarks.bench_webapp [ROUNDS [WEEKS]]``.
"""

from __future__ import annotations

import asyncio
import math
import socket
import statistics
import tempfile
import time
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path
from urllib.parse import quote

import aiohttp
from aiohttp import web

from benchmarks.bench_reports import TOKEN, BotProcess, bot_process, coach_env
from benchmarks.processes import run_from_command_line
from bot.application import build_application, running
from bot.settings import Settings
from bot.standin import BotApiStandIn, StandInUser
from storage import Database
from tests.browser import PHONE, Conditions, Timing, cold_load
from tests.helpers import ManualClock, signed_init_data

ROUNDS = 9
WEEKS = 8
TARGET_MS = 1000.0
SERVER_REQUESTS = 30
RUN_DAYS = (0, 2, 5)  # Monday, Wednesday, Saturday
RUN_TIME = clock_time(7, 0)
ZONE = "Europe/London"
RUNNER = StandInUser(id=6_500_001, first_name="Rita")
# Five warm-up exercises a session (all attached to the warm-up); {left} grows over the
# weeks, the right leg stays at 10.
REPORTS = (
    "humps left {left} {left} right 10 10",
    "hops 20 20",
    "sl hops left {left} {left} right 10 10",
    "lateral hops left {left} right 10",
    "over shoulder hops left {left} right 10",
)
EXERCISES = (
    "Hamstring humps",
    "Hamstring hops",
    "Single-leg hops: forward and back",
    "Single-leg hops: side to side",
    "Single-leg hops: over the shoulder",
)
PAIN = ", left hammy feels tight"
START_TIMEOUT = 120.0

PAGE_FILES = ("app", "app.css", "app.js", "dashboard")  # the names file_name gives them
BASELINE_HTML = (
    '<!doctype html><html lang="en"><head><meta charset="utf-8">'
    '<meta name="viewport" content="width=device-width, initial-scale=1">'
    '<title>Baseline</title></head><body><p id="ready">Ready.</p></body></html>'
)
# True once the page holds the runner's data: render() fills every section in one go,
# the export section last.
DASHBOARD_READY = (
    "() => { const main = document.getElementById('dashboard');"
    " return !!main && !main.hidden"
    " && !!document.querySelector('#chart polyline.line')"
    " && document.querySelectorAll('li.report').length > 0"
    " && !!document.querySelector('#export button'); }"
)
BASELINE_READY = "() => !!document.getElementById('ready')"


SHOWN = (
    "({progress: document.getElementById('progress').textContent,"
    " history: document.getElementById('history').textContent,"
    " plan: document.getElementById('plan').textContent,"
    " options: [...document.querySelectorAll('#exercise option')].map((o) => o.textContent),"
    " reports: document.querySelectorAll('li.report').length,"
    " oneOff: document.querySelectorAll('#plan dd:nth-of-type(2) li').length})"
)


@dataclass(frozen=True, slots=True)
class Seeded:
    """What the runner's log holds, to check the page against."""

    sessions: int
    reports: int
    newest_line: str  # the newest humps report as the history words it
    one_off_runs: int


@dataclass(frozen=True, slots=True)
class WebAppResult:
    """Every round's dashboard and baseline loads, the server's times for GET
    /api/dashboard (seconds), and the log the page was checked against."""

    dashboard: list[Timing]
    baseline: list[Timing]
    server_seconds: list[float]
    seeded: Seeded
    problems: list[str]

    @property
    def ratio(self) -> float:
        return median([x.painted_ms for x in self.dashboard]) / median(
            [x.painted_ms for x in self.baseline]
        )


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else math.nan


def p95(values: Sequence[float]) -> float:
    ordered = sorted(values)
    if not ordered:
        return math.nan
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def left_reps(session: int) -> int:
    """The weaker left leg catches up over the weeks: 7 reps at first, then 8, 9, 10."""
    return min(10, 7 + session // 6)


# --- The runner's log, through the chat ---------------------------------------------------


async def chat(standin: BotApiStandIn, text: str, expected: str) -> None:
    standin.send_text(RUNNER, text)
    replies = await standin.replies(RUNNER)
    if not any(expected in reply.plain for reply in replies):
        got = " / ".join(reply.plain[:120] for reply in replies)
        raise RuntimeError(f"{text!r} was answered {got!r}, not {expected!r}")


def one_off_days(now: datetime) -> list[str]:
    """Three days of the coming week without a weekly run (their short English names)."""
    names = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
    days = [(now + timedelta(days=n)).weekday() for n in range(1, 8)]
    return [names[day] for day in days if day not in RUN_DAYS][:3]


async def seed(database_url: str, standin: BotApiStandIn, weeks: int, now: datetime) -> Seeded:
    """The runner's plan, ``weeks`` weeks of warm-ups with five reports each, and three
    one-off runs, written by a coach in this process on a clock set back ``weeks`` weeks."""
    start = (now - timedelta(weeks=weeks)).replace(hour=6, minute=30, second=0, microsecond=0)
    start -= timedelta(days=start.weekday())  # a Monday
    database = Database(database_url)
    try:
        await database.migrate()
        standin.register_user(RUNNER)
        async with database.unit_of_work() as uow:
            profile, _ = await uow.users.register(
                telegram_user_id=RUNNER.id,
                chat_id=RUNNER.chat_id,
                name=RUNNER.first_name,
                default_timezone=ZONE,
                now=start,
            )
            await uow.users.update_settings(
                profile.id, run_days=frozenset(RUN_DAYS), run_time=RUN_TIME, lead_minutes=15
            )
            await uow.deliveries.reschedule(profile.id, start)
            await uow.commit()
        settings = Settings(
            _env_file=None,
            database_url=database_url,
            default_timezone=ZONE,
            log_level="WARNING",
            telegram_bot_token=None,
            delivery_interval_seconds=60,
            telegram_rate_limit=10_000,
            telegram_chat_rate_limit=10_000,
            voice_enabled=False,
        )
        clock = ManualClock(start)
        application = build_application(
            settings, token=TOKEN, base_url=standin.base_url, clock=clock, database=database
        )
        sessions = 0
        newest = ""
        async with running(application):
            for week in range(weeks):
                for day in RUN_DAYS:
                    clock.current = start + timedelta(weeks=week, days=day)
                    if clock.current >= now:
                        break
                    left = left_reps(sessions)
                    await chat(standin, "/warmup", "warm-up")
                    for n, report in enumerate(REPORTS):
                        text = report.format(left=left)
                        if n == 0 and sessions % 7 == 3:
                            text += PAIN
                        await chat(standin, text, "Logged")
                    newest = f"Left {left}, {left} · Right 10, 10"
                    sessions += 1
            clock.current = now
            days = one_off_days(now)
            for name in days:
                await chat(standin, f"/run {name} 18:30", "warm-up")
    finally:
        await database.dispose()
    return Seeded(sessions, sessions * len(REPORTS), newest, len(days))


# --- The dashboard's check and the servers ----------------------------------------------


def problems_of(load: Timing, seeded: Seeded) -> list[str]:
    """What the dashboard should have shown of the runner's log and did not."""
    shown = load.read if isinstance(load.read, dict) else {}
    found = []
    options = shown.get("options")
    if not isinstance(options, list) or sorted(options) != sorted(EXERCISES):
        found.append(f"exercises {options!r}, not {sorted(EXERCISES)!r}")
    if EXERCISES[0] not in str(shown.get("progress")):
        found.append(f"no {EXERCISES[0]} chart")
    if seeded.newest_line not in str(shown.get("history")):
        found.append(f"no {seeded.newest_line!r} in the history")
    reports = shown.get("reports")
    if not isinstance(reports, int) or not 0 < reports <= seeded.reports:
        found.append(f"{reports} reports in the history of {seeded.reports}")
    if shown.get("oneOff") != seeded.one_off_runs:
        found.append(f"{shown.get('oneOff')} one-off runs shown, not {seeded.one_off_runs}")
    if "Mon 07:00" not in str(shown.get("plan")):
        found.append("no Mon 07:00 in the plan")
    return found


@asynccontextmanager
async def baseline_server() -> AsyncIterator[str]:
    """A bare aiohttp app on loopback answering one line of HTML; its URL."""

    async def page(request: web.Request) -> web.Response:
        return web.Response(text=BASELINE_HTML, content_type="text/html")

    app = web.Application()
    app.router.add_get("/", page)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    try:
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        yield f"http://127.0.0.1:{runner.addresses[0][1]}/"
    finally:
        await runner.cleanup()


async def until_serving(bot: BotProcess, url: str) -> None:
    """Wait until the bot process answers the page (its web server is up)."""
    deadline = time.monotonic() + START_TIMEOUT
    async with aiohttp.ClientSession() as http:
        while True:
            bot.check_alive()
            try:
                async with http.get(url) as response:
                    if response.status == 200:
                        return
            except aiohttp.ClientError:
                pass
            if time.monotonic() > deadline:
                raise TimeoutError(f"no Mini App at {url} after {START_TIMEOUT} s")
            await asyncio.sleep(0.1)


async def server_times(api: str, init_data: str, count: int) -> list[float]:
    """Seconds for each of ``count`` GET /api/dashboard over one keep-alive connection,
    after one untimed request."""
    headers = {"Authorization": f"tma {init_data}"}
    times = []
    async with aiohttp.ClientSession() as http:
        for n in range(count + 1):
            start = time.perf_counter()
            async with http.get(api, headers=headers) as response:
                await response.read()
                if response.status != 200:
                    raise RuntimeError(f"GET /api/dashboard answered {response.status}")
            if n:
                times.append(time.perf_counter() - start)
    return times


async def run(
    rounds: int = ROUNDS,
    weeks: int = WEEKS,
    conditions: Conditions = PHONE,
    server_requests: int = SERVER_REQUESTS,
) -> WebAppResult:
    """Seed, start the bot process with its web server, then ``rounds`` rounds of a cold
    dashboard load and a cold baseline load in turn."""
    now = datetime.now(UTC)
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        database_url = f"sqlite+aiosqlite:///{folder / 'bench.db'}"
        async with BotApiStandIn(token=TOKEN) as standin:
            seeded = await seed(database_url, standin, weeks, now)
            port = free_port()
            env = coach_env(standin.base_url, database_url) | {
                "WEBAPP_PORT": str(port),
                "WEBAPP_LISTEN": "127.0.0.1",
                "VOICE_ENABLED": "false",
            }
            process = bot_process("the coach", ["-m", "bot", "run"], folder / "coach", env)
            async with process as bot, baseline_server() as baseline_url:
                base = f"http://127.0.0.1:{port}"
                await until_serving(bot, f"{base}/app")
                init_data = signed_init_data(
                    RUNNER.id, int(time.time()), first_name=RUNNER.first_name, token=TOKEN
                )
                url = f"{base}/app#tgWebAppData={quote(init_data, safe='')}"
                dashboards: list[Timing] = []
                baselines: list[Timing] = []
                for _ in range(rounds):
                    dashboards.append(await cold_load(url, DASHBOARD_READY, conditions, read=SHOWN))
                    bot.check_alive()
                    baselines.append(await cold_load(baseline_url, BASELINE_READY, conditions))
                times = await server_times(f"{base}/api/dashboard", init_data, server_requests)
    problems = [
        f"round {n + 1}: {p}" for n, x in enumerate(dashboards) for p in problems_of(x, seeded)
    ]
    return WebAppResult(dashboards, baselines, times, seeded, problems)


def figures(name: str, loads: Sequence[Timing]) -> str:
    rendered = [x.rendered_ms for x in loads]
    painted = [x.painted_ms for x in loads]
    return (
        f"  {name:<34} median {median(painted):6.0f} ms   p95 {p95(painted):6.0f} ms"
        f"   (data in the DOM: median {median(rendered):.0f} ms, p95 {p95(rendered):.0f} ms)"
    )


def report(result: WebAppResult) -> None:
    dashboard = [x.painted_ms for x in result.dashboard]
    baseline = [x.painted_ms for x in result.baseline]
    print(figures(f"dashboard, {len(dashboard)} cold loads", result.dashboard))
    print(figures(f"baseline blank page, {len(baseline)} cold loads", result.baseline))
    verdict = "met" if median(dashboard) < TARGET_MS else "NOT met"
    print(
        f"  dashboard rendered in {median(dashboard):.0f} ms (median of {len(dashboard)} cold "
        f"loads), baseline blank page {median(baseline):.0f} ms, ratio {result.ratio:.2f}x; "
        f"target < {TARGET_MS:.0f} ms: {verdict} (p95 {p95(dashboard):.0f} ms)"
    )
    transfers = result.dashboard[-1].transfers
    files = {name: size for name, size in transfers.items() if name in PAGE_FILES}
    others = {name: size for name, size in transfers.items() if name not in PAGE_FILES}
    parts = ", ".join(f"{name} {size:,}" for name, size in files.items())
    print(
        f"  transferred per dashboard load: {sum(files.values()):,} bytes, headers included "
        f"({parts}; as sent, compressed)"
        + "".join(f", plus the browser's own {name} {size:,}" for name, size in others.items())
    )
    steps = [
        f"{name} arrived {median([x.arrived.get(name, math.nan) for x in result.dashboard]):.0f}"
        for name in PAGE_FILES[:-1]
    ]
    asked = median([x.asked.get("dashboard", math.nan) for x in result.dashboard])
    answered = median([x.arrived.get("dashboard", math.nan) for x in result.dashboard])
    rendered = median([x.rendered_ms for x in result.dashboard])
    print(
        f"  where a dashboard load's time goes (medians, ms from navigation start): "
        f"{', '.join(steps)}, /api/dashboard asked {asked:.0f} and answered {answered:.0f}, "
        f"data in the DOM {rendered:.0f}, next frame {median(dashboard):.0f}"
    )
    times = [s * 1000 for s in result.server_seconds]
    print(
        f"  server time of GET /api/dashboard (loopback, no emulation, {len(times)} requests): "
        f"median {median(times):.1f} ms, p95 {p95(times):.1f} ms"
    )
    seeded = result.seeded
    check = "ok" if not result.problems else "FAILED: " + "; ".join(result.problems)
    print(
        f"  the runner's log: {seeded.sessions} sessions, {seeded.reports} reports "
        f"({result.dashboard[-1].read.get('reports')} of them in the history's last 30 days), "
        f"{seeded.one_off_runs} one-off runs; the page showed the runner's exercises, "
        f"numbers, history and plan: {check}"
    )


async def main(rounds: int = ROUNDS, weeks: int = WEEKS) -> WebAppResult:
    print(
        f"Mini App dashboard: a runner with {weeks} weeks of warm-ups (3 a week, 5 exercises "
        "each) and 3 one-off runs; the coach as `python -m bot run` serving the page; each "
        f"load in a new headless Chromium with a fresh profile, emulating {PHONE.describe()}; "
        f"{rounds} rounds, dashboard and baseline in turn"
    )
    result = await run(rounds, weeks)
    report(result)
    if result.problems:
        raise SystemExit(1)
    return result


if __name__ == "__main__":
    run_from_command_line(main, 2)
