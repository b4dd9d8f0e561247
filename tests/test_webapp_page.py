"""The Mini App's page (issue 20) in a real headless Chromium: it renders a runner's
exercises and numbers from /api/dashboard, deletes a report over the API and re-renders,
shows an error and no data for forged initData, and fetches nothing from elsewhere."""

from __future__ import annotations

import copy
import json
import re
from collections import Counter
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from aiohttp import web

from bot.standin import BotApiStandIn, StandInUser
from bot.webapp import WebAppServer
from storage import Database
from tests.browser import browser, dump_dom
from tests.helpers import (
    ManualClock,
    free_port,
    signed_for,
    signed_init_data,
    stored_sets,
    visible_text,
)

pytestmark = pytest.mark.browser

STATIC = Path(__file__).parents[1] / "bot" / "webapp_static"
AUTH_DATE = 1_795_000_000


def init_data(user_id: int, first_name: str = "Alice", auth_date: int = AUTH_DATE) -> str:
    return signed_init_data(
        user_id, auth_date, first_name=first_name, query_id="AAHdF6IQAAAAAN0XohDhrOrc"
    )


def forged(data: str) -> str:
    """``data`` with one hex digit of its hash changed."""
    head, digest = data.rsplit("hash=", 1)
    return f"{head}hash={'0' if digest[0] != '0' else '1'}{digest[1:]}"


def page_url(base_url: str, data: str) -> str:
    """The page as Telegram opens it: initData in the fragment, URL-encoded once."""
    return f"{base_url}/app#tgWebAppData={quote(data, safe='')}&tgWebAppVersion=7.10"


# --- A stand-in for the bot's server, following docs/webapp.md --------------------------

TEXTS = {
    "title": "Your training",
    "progress": "Progress",
    "history": "History",
    "plan": "Plan",
    "export": "Export",
    "left": "Left",
    "right": "Right",
    "both": "Both feet",
    "symmetry": "Symmetry",
    "symmetry_mark": "90% symmetry",
    "reps": "Reps per set",
    "pain_day": "Pain reported",
    "summary_none": "Two sessions make a trend.",
    "delete": "Delete",
    "delete_confirm": "Delete this report?",
    "deleted": "Deleted.",
    "delete_failed": "Could not delete it.",
    "no_data": "Nothing logged yet.",
    "no_history": "No sessions in the last 30 days.",
    "week_runs": "Weekly runs",
    "no_week_runs": "No weekly runs",
    "one_off_runs": "One-off runs",
    "no_one_off_runs": "No one-off runs",
    "lead": "Warm-up lead",
    "timezone": "Time zone",
    "summary_day": "Weekly summary",
    "summary_off": "off",
    "language": "Language",
    "paused": "Paused",
    "active": "Active",
    "export_csv": "Log (CSV)",
    "export_json": "Settings (JSON)",
    "history_note": "The last 30 days.",
    "loading": "Loading…",
    "error": "Something went wrong.",
}

DASHBOARD: dict[str, Any] = {
    "language": "en",
    "known": True,
    "texts": TEXTS,
    "runner": {
        "first_name": "Alice",
        "timezone": "Europe/London",
        "lead_minutes": 15,
        "lead": "15 min before",
        "summary_day": "Sun",
        "language": "en",
        "language_name": "English",
        "paused": False,
    },
    "plan": {
        "week": [{"day": 1, "day_name": "Tue", "time": "06:30"}],
        "one_off": [{"id": 3, "when": "Fri 05 Dec, 07:00"}],
    },
    "exercises": [
        {
            "id": "hamstring_humps",
            "name": "Hamstring humps",
            "per_leg": True,
            "sessions": [
                {
                    "day": "2026-11-23",
                    "label": "23 Nov",
                    "left": 8.0,
                    "right": 10.0,
                    "both": None,
                    "lsi": 80.0,
                    "pain": False,
                },
                {
                    "day": "2026-11-25",
                    "label": "25 Nov",
                    "left": 9.5,
                    "right": 11.0,
                    "both": None,
                    "lsi": 86.4,
                    "pain": True,
                },
            ],
            "summary": "Hamstring humps: 2 sessions, symmetry 80% → 86%.",
        },
        {
            "id": "hamstring_hops",
            "name": "Hamstring hops",
            "per_leg": False,
            "sessions": [
                {
                    "day": "2026-11-23",
                    "label": "23 Nov",
                    "left": None,
                    "right": None,
                    "both": 20.0,
                    "lsi": None,
                    "pain": False,
                },
            ],
            "summary": None,
        },
    ],
    "history": [
        {
            "when": "Wed 25 Nov, 06:30",
            "kind": "Warm-up",
            "status": "done",
            "status_text": "done",
            "pain_check": None,
            "reports": [
                {
                    "id": 13,
                    "ids": [13],
                    "exercise": "Hamstring humps",
                    "sets": "Left 9, 10 · Right 11, 11",
                    "pain": True,
                }
            ],
        },
        {
            "when": "Mon 23 Nov, 06:30",
            "kind": "Warm-up",
            "status": "done",
            "status_text": "done",
            "pain_check": None,
            "reports": [
                {
                    "id": 11,
                    "ids": [11, 12],
                    "exercise": "Hamstring humps",
                    "sets": "Left 8, 8 · Right 10, 10",
                    "pain": False,
                },
                {
                    "id": 14,
                    "ids": [14],
                    "exercise": "Hamstring hops",
                    "sets": "20, 20",
                    "pain": False,
                },
            ],
        },
    ],
}


@dataclass
class StubServer:
    """The page's files and a canned API answering only ``valid`` initData."""

    valid: str
    base_url: str = ""
    dashboard: dict[str, Any] = field(default_factory=lambda: copy.deepcopy(DASHBOARD))
    deleted: list[list[int]] = field(default_factory=list)
    calls: list[str] = field(default_factory=list)

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_get("/app", self.page)
        app.router.add_get("/app/static/{name}", self.static)
        app.router.add_get("/api/dashboard", self.read)
        app.router.add_delete("/api/reports/{ids}", self.delete)
        app.router.add_get("/api/export/{name}", self.export)
        return app

    def allowed(self, request: web.Request) -> bool:
        self.calls.append(f"{request.method} {request.path}")
        return request.headers.get("Authorization") == f"tma {self.valid}"

    async def page(self, request: web.Request) -> web.StreamResponse:
        return web.FileResponse(STATIC / "app.html")

    async def static(self, request: web.Request) -> web.StreamResponse:
        path = STATIC / request.match_info["name"]
        if path.parent != STATIC or not path.is_file():
            raise web.HTTPNotFound()
        return web.FileResponse(path)

    async def read(self, request: web.Request) -> web.Response:
        if not self.allowed(request):
            return web.json_response({"error": "unauthorized"}, status=401)
        return web.json_response(self.dashboard)

    async def delete(self, request: web.Request) -> web.Response:
        if not self.allowed(request):
            return web.json_response({"error": "unauthorized"}, status=401)
        ids = [int(part) for part in request.match_info["ids"].split(",")]
        self.deleted.append(ids)
        for entry in self.dashboard["history"]:
            entry["reports"] = [r for r in entry["reports"] if r["ids"] != ids]
        return web.json_response({"ok": True, "message": "Deleted the report."})

    async def export(self, request: web.Request) -> web.Response:
        if not self.allowed(request):
            return web.json_response({"error": "unauthorized"}, status=401)
        return web.Response(
            text="date,exercise\n",
            content_type="text/csv",
            headers={"Content-Disposition": 'attachment; filename="coach-log.csv"'},
        )


@pytest.fixture
async def stub() -> AsyncIterator[StubServer]:
    server = StubServer(valid=init_data(5001))
    runner = web.AppRunner(server.app())
    await runner.setup()
    port = free_port()
    site = web.TCPSite(runner, "127.0.0.1", port)
    await site.start()
    server.base_url = f"http://127.0.0.1:{port}"
    try:
        yield server
    finally:
        await runner.cleanup()


# --- The page's files --------------------------------------------------------------------


def static_files() -> Iterator[Path]:
    yield from sorted(STATIC.iterdir())


def test_the_page_names_no_external_url() -> None:
    """Nothing is fetched from a CDN: no absolute or protocol-relative URL anywhere in the
    page's files, no CSS import or url(), and the HTML loads only its own two files."""
    names = [path.name for path in static_files()]
    assert names == ["app.css", "app.html", "app.js"]
    for path in static_files():
        text = path.read_text()
        assert not re.search(r"(?i)\b(https?|wss?|ftp):", text), path.name
        assert not re.search(r"""["'(]\s*//""", text), path.name
        assert "@import" not in text, path.name
        assert "url(" not in text, path.name
    html = (STATIC / "app.html").read_text()
    loaded = re.findall(r"""(?:src|href)\s*=\s*["']([^"']*)["']""", html)
    assert sorted(loaded) == ["app/static/app.css", "app/static/app.js"]


def test_the_page_is_small() -> None:
    """A phone loads it in well under a second: the three files are a few kilobytes."""
    total = sum(path.stat().st_size for path in static_files())
    assert total < 40_000, total


# --- Rendering, with the stand-in server --------------------------------------------------


async def test_dump_dom_shows_the_exercises_and_numbers(chromium: str, stub: StubServer) -> None:
    dom = await dump_dom(page_url(stub.base_url, stub.valid))
    text = visible_text(dom)
    assert "GET /api/dashboard" in stub.calls
    assert "Hamstring humps" in text
    assert "Hamstring hops" in text
    assert "Hamstring humps: 2 sessions, symmetry 80% → 86%." in text
    # The numbers: the newest session first in the table, then the history's sets.
    assert "25 Nov ⚠ 9.5 11 86.4%" in text
    assert "23 Nov 8 10 80%" in text
    assert "Left 8, 8 · Right 10, 10" in text
    assert "Left 9, 10 · Right 11, 11" in text
    # The plan, read-only, and the labels from the server's texts.
    assert "Tue 06:30" in text
    assert "Fri 05 Dec, 07:00" in text
    assert "15 min before" in text
    assert "Europe/London" in text
    assert "<title>Your training</title>" in dom
    assert 'lang="en"' in dom
    # The chart: two leg lines and the dashed 90% mark in inline SVG, the pain day shaded.
    assert dom.count('class="line left"') == 1
    assert dom.count('class="line right"') == 1
    assert dom.count('class="mark"') == 1
    assert dom.count('class="painband"') == 2  # the pain session, on both charts


async def test_forged_init_data_shows_an_error_and_no_data(chromium: str, stub: StubServer) -> None:
    for data in (forged(stub.valid), init_data(5002)):
        dom = await dump_dom(page_url(stub.base_url, data))
        text = visible_text(dom)
        assert "Could not load your dashboard" in text
        for shown in ("Hamstring", "Left 8", "80%", "Tue 06:30", "Europe/London", "Delete"):
            assert shown not in text, (data, shown)
    assert "GET /api/dashboard" in stub.calls  # the page asked, and was refused


async def test_without_init_data_the_page_shows_the_error_and_asks_nothing(
    chromium: str, stub: StubServer
) -> None:
    """A plain browser without the fragment: the fallback error, and no API call."""
    text = visible_text(await dump_dom(f"{stub.base_url}/app"))
    assert "Could not load your dashboard" in text
    assert "Hamstring" not in text
    assert stub.calls == []


async def test_delete_asks_then_removes_the_report_and_re_renders(
    chromium: str, stub: StubServer
) -> None:
    async with browser() as chrome:
        page = await chrome.open(page_url(stub.base_url, stub.valid))
        await page.wait_for("document.querySelectorAll('li.report').length === 3")
        await page.evaluate("document.querySelector('nav button[data-tab=history]').click()")
        assert await page.evaluate("document.getElementById('history').hidden") is False
        page.accept_dialogs = False
        await page.evaluate(
            "document.querySelector('li.report[data-report=\"11,12\"] button').click()"
        )
        assert page.dialogs == ["Delete this report?"]
        assert stub.deleted == []
        page.accept_dialogs = True
        await page.evaluate(
            "document.querySelector('li.report[data-report=\"11,12\"] button').click()"
        )
        await page.wait_for("document.querySelectorAll('li.report').length === 2")
        assert stub.deleted == [[11, 12]]
        text = await page.evaluate("document.getElementById('history').innerText")
        assert "Left 8, 8 · Right 10, 10" not in text
        assert "Left 9, 10 · Right 11, 11" in text
        assert await page.evaluate("document.getElementById('status').textContent") == (
            "Deleted the report."
        )
        # Still on the history tab after the re-render.
        assert await page.evaluate("document.getElementById('history').hidden") is False
        # Every request went to the page's own server.
        assert page.requests
        assert all(url.startswith(stub.base_url) for url in page.requests), page.requests


async def test_exports_send_the_header_and_the_exercise_selector_switches(
    chromium: str, stub: StubServer
) -> None:
    async with browser() as chrome:
        page = await chrome.open(page_url(stub.base_url, stub.valid))
        await page.wait_for("document.getElementById('exercise')")
        chart = "document.getElementById('chart').innerText"
        assert "Hamstring humps" in await page.evaluate(chart)
        await page.evaluate(
            "const s = document.getElementById('exercise'); s.value = 'hamstring_hops';"
            "s.dispatchEvent(new Event('change'));"
        )
        hops = await page.evaluate(chart)
        assert "Hamstring hops" in hops
        assert "Two sessions make a trend." in hops
        assert "20" in hops
        assert await page.evaluate("document.querySelectorAll('polyline.lsi').length") == 0
        await page.evaluate("document.querySelector('button[data-file=\"log.csv\"]').click()")
        await page.wait_for("!document.querySelector('button[data-file=\"log.csv\"]').disabled")
        assert "GET /api/export/log.csv" in stub.calls
        # On a 360 px phone, no tab is wider than the screen.
        await page.emulate_phone(360)
        for tab in ("progress", "history", "plan", "export"):
            await page.evaluate(f"document.querySelector('nav button[data-tab={tab}]').click()")
            assert await page.evaluate("window.innerWidth") == 360
            assert await page.evaluate("document.documentElement.scrollWidth") <= 360, tab


async def test_inside_telegram_the_page_uses_the_host_s_init_data_theme_and_confirm(
    chromium: str, stub: StubServer
) -> None:
    """With Telegram's WebApp object present (no fragment): its initData, its theme
    colours as --tg-theme-* variables, and its showConfirm for a delete."""
    host = {
        "initData": stub.valid,
        "themeParams": {"bg_color": "#101820", "text_color": "#f0f0f0", "button_color": "#ff0066"},
    }
    before = (
        f"window.Telegram = {{WebApp: {json.dumps(host)}}};"
        "window.confirmed = [];"
        "Telegram.WebApp.ready = () => { window.readied = true; };"
        "Telegram.WebApp.isVersionAtLeast = () => true;"
        "Telegram.WebApp.showConfirm = (text, done) => {"
        " window.confirmed.push(text); setTimeout(() => done(true), 0); };"
    )
    async with browser() as chrome:
        page = await chrome.open(f"{stub.base_url}/app", before=before)
        await page.wait_for("document.querySelectorAll('li.report').length === 3")
        assert await page.evaluate("window.readied") is True
        style = "getComputedStyle(document.body)"
        assert await page.evaluate(f"{style}.backgroundColor") == "rgb(16, 24, 32)"
        assert await page.evaluate(f"{style}.color") == "rgb(240, 240, 240)"
        pressed = "getComputedStyle(document.querySelector('nav button[aria-pressed=true]'))"
        assert await page.evaluate(f"{pressed}.backgroundColor") == "rgb(255, 0, 102)"
        await page.evaluate(
            "document.querySelector('li.report[data-report=\"13\"] button').click()"
        )
        await page.wait_for("document.querySelectorAll('li.report').length === 2")
        assert await page.evaluate("window.confirmed") == ["Delete this report?"]
        assert page.dialogs == []
    assert stub.deleted == [[13]]


# --- The bot's own server, a runner with logged reports -----------------------------------


async def log(standin: BotApiStandIn, user: StandInUser, text: str) -> None:
    standin.send_text(user, text)
    [reply] = await standin.replies(user)
    assert "Logged" in reply.plain, reply.plain


async def train_alice(standin: BotApiStandIn, clock: ManualClock, alice: StandInUser) -> None:
    """Three warm-ups with humps (symmetry 80%, 90% with pain, 100%), hops in the first."""
    sessions = [
        ["humps left 8 8 right 10 10", "hops 20 20"],
        ["humps left 9 9 right 10 10, left hammy feels tight"],
        ["humps left 10 10 right 10 10"],
    ]
    for reports in sessions:
        standin.send_text(alice, "/warmup")
        await standin.replies(alice)
        for report in reports:
            await log(standin, alice, report)
        clock.advance(timedelta(days=2))


ALICE_SHOWS = (
    "Hamstring humps",
    "Hamstring hops",
    "Left 8, 8 · Right 10, 10",
    "Left 9, 9 · Right 10, 10",
    "Left 10, 10 · Right 10, 10",
    "20, 20",
    "80%",
    "90%",
    "100%",
)


@pytest.mark.backends("sqlite")
async def test_shows_it_the_runner_s_exercise_and_numbers_and_none_when_forged(
    chromium: str,
    served: WebAppServer,
    standin: BotApiStandIn,
    clock: ManualClock,
    alice: StandInUser,
) -> None:
    """The issue's check: chromium --headless --dump-dom --virtual-time-budget=8000 on
    /app#tgWebAppData=… shows the runner's exercise and numbers; a forged hash, none."""
    await train_alice(standin, clock, alice)
    valid = signed_for(alice, clock)
    text = visible_text(await dump_dom(served.local_url(valid)))
    for shown in ALICE_SHOWS:
        assert shown in text, shown
    # The progress table: newest first, the pain day marked.
    assert "10 10 100%" in text
    assert "⚠ 9 10 90%" in text
    assert "8 10 80%" in text
    assert "Hamstring humps: 3 sessions, symmetry 80% → 100%" in text

    text = visible_text(await dump_dom(served.local_url(forged(valid))))
    assert "Could not load your dashboard" in text
    for shown in ALICE_SHOWS:
        assert shown not in text, shown
    # Someone else's genuine initData: their own empty dashboard, nothing of Alice's.
    mallory = StandInUser(id=5999, first_name="Mallory")
    text = visible_text(await dump_dom(served.local_url(signed_for(mallory, clock))))
    assert "send /start" in text
    for shown in ALICE_SHOWS:
        assert shown not in text, shown


@pytest.mark.backends("sqlite")
async def test_deleting_a_report_removes_it_from_the_database_and_the_page(
    chromium: str,
    served: WebAppServer,
    standin: BotApiStandIn,
    clock: ManualClock,
    alice: StandInUser,
    database: Database,
) -> None:
    await train_alice(standin, clock, alice)
    before = await stored_sets(database)
    first = [("hamstring_humps", "left", 1, 8), ("hamstring_humps", "left", 2, 8)]
    assert all(item in before for item in first)
    line = "Left 8, 8 · Right 10, 10"
    async with browser() as chrome:
        page = await chrome.open(served.local_url(signed_for(alice, clock)))
        await page.wait_for("document.querySelectorAll('li.report').length === 4")
        await page.evaluate("document.querySelector('nav button[data-tab=history]').click()")
        await page.evaluate(
            "[...document.querySelectorAll('li.report')]"
            f".find((li) => li.innerText.includes({json.dumps(line)}))"
            ".querySelector('button.delete').click()"
        )
        await page.wait_for("document.querySelectorAll('li.report').length === 3")
        assert page.dialogs == ["Delete this report? It can't be brought back."]
        history = await page.evaluate("document.getElementById('history').innerText")
        progress = await page.evaluate("document.getElementById('progress').innerText")
        status = await page.evaluate("document.getElementById('status').textContent")
        assert all(url.startswith(f"http://127.0.0.1:{served.port}/") for url in page.requests)
    after = await stored_sets(database)
    assert Counter(before) - Counter(after) == Counter(
        [*first, ("hamstring_humps", "right", 1, 10), ("hamstring_humps", "right", 2, 10)]
    )
    assert len(after) == len(before) - 4
    assert line not in history
    assert "Left 9, 9 · Right 10, 10" in history
    assert "20, 20" in history
    assert "80%" not in progress
    assert "90%" in progress
    assert status
