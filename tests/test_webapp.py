"""The Mini App's server without a browser (bot/webapp.py, handlers/dashboard.py): who is
asking, proven on every API call; each runner sees and deletes only their own reports;
the exports; the page; the menu button and /progress's dashboard button; the console's link.
"""

from __future__ import annotations

import csv
import io
import json
import socket
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit

import aiohttp
import pytest
from telegram import MenuButtonWebApp

from bot.application import WebhookOptions, build_application, running, webapp_of
from bot.console import CONSOLE_TOKEN, CONSOLE_USER_ID, dashboard_link, run_console
from bot.settings import Settings
from bot.standin import BotApiStandIn, SentMessage, StandInUser
from bot.webapp import STATIC_DIR, WebAppServer
from handlers.context import CoachApplication
from library.init_data import sign_init_data, validate_init_data
from storage import Database
from tests.helpers import TEST_TOKEN, ManualClock, free_port, init_data, stored_sets, tma

pytestmark = pytest.mark.e2e

WEBAPP_URL = "https://coach.example.com/app"
ALICE_ID, BOB_ID = 5001, 5002
OTHER_BOT_TOKEN = "9999:token-of-another-bot"
TEXT_KEYS = {
    "title", "progress", "history", "plan", "export", "left", "right", "both", "symmetry",
    "symmetry_mark", "reps", "pain_day", "summary_none", "delete", "delete_confirm",
    "deleted", "delete_failed", "no_data", "no_history", "week_runs", "no_week_runs",
    "one_off_runs", "no_one_off_runs", "lead", "timezone", "summary_day", "summary_off",
    "language", "paused", "active", "export_csv", "export_json", "history_note",
    "loading", "error",
}  # fmt: skip


def person(user_id: int, name: str, language: str = "en") -> str:
    return json.dumps({"id": user_id, "first_name": name, "language_code": language})


@pytest.fixture
def webapp_url() -> str:
    """``webcoach`` announces the app: the menu button and /progress's button open it."""
    return WEBAPP_URL


async def say(standin: BotApiStandIn, user: StandInUser, text: str) -> SentMessage:
    standin.send_text(user, text)
    return (await standin.replies(user))[-1]


async def train(
    standin: BotApiStandIn, clock: ManualClock, user: StandInUser, reports: list[str]
) -> None:
    """One warm-up and its reports; the clock then moves on two days."""
    await say(standin, user, "/warmup")
    for report in reports:
        reply = await say(standin, user, report)
        assert reply.plain.startswith("✅ Logged"), reply.plain
    clock.advance(timedelta(days=2))


async def get_json(
    http: aiohttp.ClientSession, path: str, headers: dict[str, str]
) -> tuple[int, dict[str, Any]]:
    async with http.get(path, headers=headers) as response:
        assert response.headers["Cache-Control"] == "no-store"
        return response.status, await response.json()


async def dashboard_of(http: aiohttp.ClientSession, data: str) -> dict[str, Any]:
    status, body = await get_json(http, "/api/dashboard", tma(data))
    assert status == 200, body
    return body


def humps(board: dict[str, Any]) -> dict[str, Any]:
    exercises = board["exercises"]
    assert isinstance(exercises, list)
    [found] = [e for e in exercises if e["id"] == "hamstring_humps"]
    assert isinstance(found, dict)
    return found


def report_lines(board: dict[str, Any]) -> list[dict[str, Any]]:
    history = board["history"]
    assert isinstance(history, list)
    return [line for entry in history for line in entry["reports"]]


# ---------------------------------------------------------------------- who is asking
async def test_every_api_call_without_valid_init_data_is_401(
    webcoach: CoachApplication,
    http: aiohttp.ClientSession,
    standin: BotApiStandIn,
    clock: ManualClock,
    alice: StandInUser,
    bob: StandInUser,
    database: Database,
) -> None:
    await train(standin, clock, alice, ["humps left 8 8 right 10 10"])
    await train(standin, clock, bob, ["humps left 5 5 right 6 6"])
    good = init_data(clock, ALICE_ID, "Alice")
    fields = dict(parse_qsl(good))
    bobs = dict(parse_qsl(init_data(clock, BOB_ID, "Bob")))
    forgeries = {
        "no header": {},
        "another scheme": {"Authorization": f"Bearer {good}"},
        "tma with nothing": {"Authorization": "tma "},
        "forged hash": tma(urlencode({**fields, "hash": "ab" * 32})),
        "changed user": tma(urlencode({**fields, "user": person(BOB_ID, "Alice")})),
        "changed auth_date": tma(
            urlencode({**fields, "auth_date": str(int(fields["auth_date"]) + 5)})
        ),
        "another bot's token": tma(init_data(clock, ALICE_ID, "Alice", token=OTHER_BOT_TOKEN)),
        "expired": tma(init_data(clock, ALICE_ID, "Alice", age=timedelta(seconds=3601))),
        "dated ahead": tma(init_data(clock, ALICE_ID, "Alice", age=-timedelta(hours=2))),
        "Bob's data with Alice's id": tma(
            urlencode({**bobs, "user": bobs["user"].replace(str(BOB_ID), str(ALICE_ID))})
        ),
        "no user": tma(sign_init_data({"auth_date": fields["auth_date"]}, TEST_TOKEN)),
    }
    sets_before = await stored_sets(database)
    [alices_report] = report_lines(await dashboard_of(http, good))
    for name, headers in forgeries.items():
        for method, path in [
            ("GET", "/api/dashboard"),
            ("GET", "/api/export/log.csv"),
            ("GET", "/api/export/settings.json"),
            ("DELETE", f"/api/reports/{alices_report['id']}"),
            ("GET", "/api/no-such-route"),
        ]:
            async with http.request(method, path, headers=headers) as response:
                body = await response.text()
                assert response.status == 401, (name, path, body)
                assert json.loads(body) == {"error": "unauthorized"}, (name, path)
                assert response.headers["Cache-Control"] == "no-store"
                for leaked in ("Alice", "Bob", "10, 10", "5, 5", "hamstring"):
                    assert leaked not in body, (name, path)
    assert await stored_sets(database) == sets_before  # the deletes changed nothing


async def test_a_runner_sees_exactly_their_own_numbers(
    webcoach: CoachApplication,
    http: aiohttp.ClientSession,
    standin: BotApiStandIn,
    clock: ManualClock,
    alice: StandInUser,
    bob: StandInUser,
) -> None:
    await train(standin, clock, alice, ["humps left 8 8 right 10 10"])
    await train(standin, clock, bob, ["humps left 5 5 right 6 6"])
    await train(standin, clock, alice, ["humps left 9 9 right 10 10"])
    board = await dashboard_of(http, init_data(clock, ALICE_ID, "Alice"))
    assert board["language"] == "en"
    assert board["known"] is True
    texts = board["texts"]
    assert isinstance(texts, dict)
    assert set(texts) >= TEXT_KEYS
    assert (texts["left"], texts["right"]) == ("Left", "Right")
    runner = board["runner"]
    assert isinstance(runner, dict)
    assert runner["first_name"] == "Alice Runner"
    assert runner["timezone"] == "Europe/London"
    exercise = humps(board)
    assert exercise["name"] == "Hamstring humps"
    assert exercise["per_leg"] is True
    sessions = exercise["sessions"]
    assert isinstance(sessions, list)
    assert [(s["left"], s["right"], s["lsi"], s["both"]) for s in sessions] == [
        (8.0, 10.0, 80.0, None),
        (9.0, 10.0, 90.0, None),
    ]
    assert [s["day"] for s in sessions] == ["2026-11-23", "2026-11-27"]
    assert [s["pain"] for s in sessions] == [False, False]
    assert exercise["summary"] == (
        "Hamstring humps: 2 sessions, symmetry 80% → 90% (the gap is closing, left weaker)."
        " At 90%+ ✓"
    )
    lines = report_lines(board)
    assert [(line["exercise"], line["sets"]) for line in lines] == [
        ("Hamstring humps", "Left 9, 9 · Right 10, 10"),
        ("Hamstring humps", "Left 8, 8 · Right 10, 10"),
    ]
    history = board["history"]
    assert isinstance(history, list)
    assert [entry["kind"] for entry in history] == ["Warm-up", "Warm-up"]
    assert [entry["when"] for entry in history] == ["Fri 27 Nov, 06:30", "Mon 23 Nov, 06:30"]
    assert {entry["status"] for entry in history} <= {"open", "done", "skipped"}
    # Nothing of Bob's anywhere in Alice's answer.
    assert "5, 5" not in json.dumps(board)
    assert "6, 6" not in json.dumps(board)
    bobs = await dashboard_of(http, init_data(clock, BOB_ID, "Bob"))
    assert [(s["left"], s["right"]) for s in humps(bobs)["sessions"]] == [(5.0, 6.0)]
    assert [line["sets"] for line in report_lines(bobs)] == ["Left 5, 5 · Right 6, 6"]


async def test_pain_days_and_both_feet_exercises(
    webcoach: CoachApplication,
    http: aiohttp.ClientSession,
    standin: BotApiStandIn,
    clock: ManualClock,
    alice: StandInUser,
) -> None:
    await train(standin, clock, alice, ["humps left 8 8 right 10 10", "hops 20 20"])
    await say(standin, alice, "/warmup")
    reply = await say(standin, alice, "humps left 9 9 right 10 10 a bit tight")
    assert "Hamstring humps" in reply.plain
    board = await dashboard_of(http, init_data(clock, ALICE_ID, "Alice"))
    assert [s["pain"] for s in humps(board)["sessions"]] == [False, True]
    [hops] = [e for e in board["exercises"] if e["id"] == "hamstring_hops"]
    assert hops["per_leg"] is False
    assert hops["summary"] is None
    assert hops["sessions"] == [
        {
            "day": "2026-11-23",
            "label": "23 Nov",
            "left": None,
            "right": None,
            "both": 20.0,
            "lsi": None,
            "pain": False,
        }
    ]
    lines = report_lines(board)
    assert [(line["sets"], line["pain"]) for line in lines] == [
        ("Left 9, 9 · Right 10, 10", True),
        ("Left 8, 8 · Right 10, 10", False),  # sessions newest first, reports in order
        ("20, 20", False),
    ]


async def test_someone_the_bot_does_not_know_gets_empty_data_in_their_language(
    webcoach: CoachApplication, http: aiohttp.ClientSession, clock: ManualClock, database: Database
) -> None:
    board = await dashboard_of(http, init_data(clock, 7777, "Neu", language="de"))
    assert board["known"] is False
    assert board["language"] == "de"
    assert board["runner"] is None
    assert board["exercises"] == []
    assert board["history"] == []
    assert board["plan"] == {"week": [], "one_off": []}
    texts = board["texts"]
    assert isinstance(texts, dict)
    assert (texts["left"], texts["right"]) == ("Links", "Rechts")
    async with database.unit_of_work() as uow:
        assert await uow.users.get(7777) is None  # a read registers no one


async def test_the_plan_shows_the_runners_week(
    webcoach: CoachApplication,
    http: aiohttp.ClientSession,
    standin: BotApiStandIn,
    clock: ManualClock,
    alice: StandInUser,
) -> None:
    reply = await say(standin, alice, "/schedule tue thu 06:30")
    assert "06:30" in reply.plain
    board = await dashboard_of(http, init_data(clock, ALICE_ID, "Alice"))
    plan = board["plan"]
    assert isinstance(plan, dict)
    assert plan["week"] == [
        {"day": 1, "day_name": "Tue", "time": "06:30"},
        {"day": 3, "day_name": "Thu", "time": "06:30"},
    ]
    runner = board["runner"]
    assert isinstance(runner, dict)
    assert runner["paused"] is False
    assert runner["lead_minutes"] == 15


# ---------------------------------------------------------------------- delete
async def test_delete_removes_only_the_runners_own_report(
    webcoach: CoachApplication,
    http: aiohttp.ClientSession,
    standin: BotApiStandIn,
    clock: ManualClock,
    alice: StandInUser,
    bob: StandInUser,
    database: Database,
) -> None:
    await train(standin, clock, alice, ["humps left 8 8 right 10 10", "hops 20 20"])
    await train(standin, clock, bob, ["humps left 5 5 right 6 6"])
    alice_data = init_data(clock, ALICE_ID, "Alice")
    bob_data = init_data(clock, BOB_ID, "Bob")
    lines = report_lines(await dashboard_of(http, alice_data))
    [humps_line] = [line for line in lines if line["exercise"] == "Hamstring humps"]
    [bobs_line] = report_lines(await dashboard_of(http, bob_data))
    before = await stored_sets(database)
    assert len(before) == 4 + 2 + 4

    # Bob deletes Alice's report: 404, and nothing changes.
    async with http.delete(f"/api/reports/{humps_line['id']}", headers=tma(bob_data)) as answer:
        assert answer.status == 404
        assert (await answer.json())["ok"] is False
    # Alice's own and Bob's together: 404 and nothing deleted at all.
    mixed = f"/api/reports/{humps_line['id']},{bobs_line['id']}"
    async with http.delete(mixed, headers=tma(alice_data)) as answer:
        assert answer.status == 404
    async with http.delete("/api/reports/12;drop", headers=tma(alice_data)) as answer:
        assert answer.status in (400, 404)
    assert await stored_sets(database) == before

    async with http.delete(f"/api/reports/{humps_line['id']}", headers=tma(alice_data)) as answer:
        assert answer.status == 200
        assert answer.headers["Cache-Control"] == "no-store"
        assert await answer.json() == {"ok": True, "message": "Report deleted."}
    after = await stored_sets(database)
    assert [row for row in after if row[0] == "hamstring_humps"] == [
        ("hamstring_humps", "left", 1, 5),
        ("hamstring_humps", "left", 2, 5),
        ("hamstring_humps", "right", 1, 6),
        ("hamstring_humps", "right", 2, 6),
    ]  # Bob's are all that is left of the humps
    board = await dashboard_of(http, alice_data)
    assert [line["exercise"] for line in report_lines(board)] == ["Hamstring hops"]
    assert "Hamstring humps" not in [e["name"] for e in board["exercises"]]
    # Gone already: 404.
    async with http.delete(f"/api/reports/{humps_line['id']}", headers=tma(alice_data)) as answer:
        assert answer.status == 404
        assert (await answer.json())["ok"] is False


# ---------------------------------------------------------------------- exports
async def test_exports_are_the_runners_files(
    webcoach: CoachApplication,
    http: aiohttp.ClientSession,
    standin: BotApiStandIn,
    clock: ManualClock,
    alice: StandInUser,
    bob: StandInUser,
) -> None:
    await train(standin, clock, alice, ["humps left 8 8 right 10 10"])
    await train(standin, clock, bob, ["humps left 5 5 right 6 6"])
    headers = tma(init_data(clock, ALICE_ID, "Alice"))
    async with http.get("/api/export/log.csv", headers=headers) as answer:
        assert answer.status == 200
        assert answer.content_type == "text/csv"
        assert answer.headers["Content-Disposition"].startswith("attachment; filename=")
        assert answer.headers["Cache-Control"] == "no-store"
        rows = list(csv.DictReader(io.StringIO(await answer.text())))
    assert [(r["exercise_id"], r["leg"], r["set_number"], r["reps"]) for r in rows] == [
        ("hamstring_humps", "left", "1", "8"),
        ("hamstring_humps", "left", "2", "8"),
        ("hamstring_humps", "right", "1", "10"),
        ("hamstring_humps", "right", "2", "10"),
    ]
    async with http.get("/api/export/settings.json", headers=headers) as answer:
        assert answer.status == 200
        assert answer.content_type == "application/json"
        assert "attachment" in answer.headers["Content-Disposition"]
        data = json.loads(await answer.text())
    assert data["telegram_user_id"] == ALICE_ID
    assert data["name"] == "Alice Runner"  # the name Telegram gave the bot


# ---------------------------------------------------------------------- the page
async def test_the_page_is_served_at_app(http: aiohttp.ClientSession) -> None:
    """The issue's "Shows it", server side: with the web server on, GET /app answers
    the page (bot/webapp_static/app.html) and its files; nothing else is reachable."""
    page = (STATIC_DIR / "app.html").read_bytes()
    async with http.get("/app") as answer:
        assert answer.status == 200
        assert answer.content_type == "text/html"
        assert await answer.read() == page
    for name in ("app.js", "app.css"):
        async with http.get(f"/app/static/{name}") as answer:
            assert answer.status == 200
            assert await answer.read() == (STATIC_DIR / name).read_bytes()
    for path in (
        "/app/static/missing.js",
        "/app/static/..%2Fwebapp.py",
        "/app/static/.hidden",
        "/app/.." + "/bot/webapp.py",  # (written apart: no path in the repo climbs out)
    ):
        async with http.get(path) as answer:
            assert answer.status == 404, path


async def test_static_files_come_from_their_folder_only(
    tmp_path: Path, settings: Settings, clock: ManualClock, database: Database
) -> None:
    (tmp_path / "static").mkdir()
    (tmp_path / "static" / "app.html").write_text("<p>page</p>")
    (tmp_path / "static" / "app.js").write_text("run()")
    (tmp_path / "secret.txt").write_text("not for the web")
    application = build_application(settings, token=TEST_TOKEN, clock=clock, database=database)
    server = WebAppServer(
        application.bot_data["services"], TEST_TOKEN, static_dir=tmp_path / "static"
    )
    port = await server.start("127.0.0.1", 0)
    try:
        async with aiohttp.ClientSession(f"http://127.0.0.1:{port}") as http:
            async with http.get("/app") as answer:
                assert await answer.text() == "<p>page</p>"
            async with http.get("/app/static/app.js") as answer:
                assert await answer.text() == "run()"
            async with http.get("/app/static/..%2Fsecret.txt") as answer:
                assert answer.status == 404
            async with http.get("/app/static/missing.css") as answer:
                assert answer.status == 404
    finally:
        await server.stop()
    assert not server.running


def test_no_server_without_webapp_port(settings: Settings, clock: ManualClock) -> None:
    application = build_application(settings, token=TEST_TOKEN, clock=clock)
    assert webapp_of(application) is None


async def test_the_server_runs_in_webhook_mode_on_its_own_port(
    settings: Settings, standin: BotApiStandIn, clock: ManualClock
) -> None:
    port, hook_port = free_port(), free_port()
    application = build_application(
        settings.model_copy(update={"webapp_port": port}),
        token=TEST_TOKEN,
        base_url=standin.base_url,
        clock=clock,
    )
    webhook = WebhookOptions(
        url=f"http://127.0.0.1:{hook_port}/telegram",
        secret_token="webhook-secret_for-the-tests-0123",
        port=hook_port,
        path="/telegram",
    )
    async with running(application, webhook=webhook), aiohttp.ClientSession() as http:
        async with http.get(f"http://127.0.0.1:{port}/api/dashboard") as answer:
            assert answer.status == 401
        data = init_data(clock, 7777, "Neu")
        async with http.get(f"http://127.0.0.1:{port}/api/dashboard", headers=tma(data)) as answer:
            assert answer.status == 200
    # Stopped with the bot: the port is free again.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", port))


# ---------------------------------------------------------------------- Telegram's side
async def test_the_menu_button_opens_the_app(webcoach: CoachApplication) -> None:
    button = await webcoach.bot.get_chat_menu_button()
    assert isinstance(button, MenuButtonWebApp)
    assert button.web_app.url == WEBAPP_URL
    assert button.text == "📊 Dashboard"


async def test_no_menu_button_without_webapp_url(
    coach: CoachApplication, standin: BotApiStandIn
) -> None:
    button = await coach.bot.get_chat_menu_button()
    assert button.type == "default"


async def test_progress_offers_the_dashboard(
    webcoach: CoachApplication, standin: BotApiStandIn, clock: ManualClock, alice: StandInUser
) -> None:
    reply = await say(standin, alice, "/progress")
    rows = (reply.reply_markup or {})["inline_keyboard"]
    assert rows[-1] == [{"text": "📊 Open dashboard", "web_app": {"url": WEBAPP_URL}}]
    await train(standin, clock, alice, ["humps left 8 8 right 10 10"])
    reply = await say(standin, alice, "/progress")
    rows = (reply.reply_markup or {})["inline_keyboard"]
    assert rows[0][0]["callback_data"] == "pg:hamstring_humps"
    assert rows[-1] == [{"text": "📊 Open dashboard", "web_app": {"url": WEBAPP_URL}}]


async def test_progress_has_no_dashboard_button_without_webapp_url(
    coach: CoachApplication, standin: BotApiStandIn, alice: StandInUser
) -> None:
    reply = await say(standin, alice, "/progress")
    assert "web_app" not in json.dumps(reply.reply_markup or {})


# ---------------------------------------------------------------------- the console
async def test_the_console_prints_a_link_whose_init_data_validates(
    settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, clock: ManualClock
) -> None:
    monkeypatch.chdir(tmp_path)
    out = io.StringIO()
    assert (
        await run_console(settings, stdin=io.StringIO("@dashboard\n"), stdout=out, clock=clock) == 0
    )
    links = [line for line in out.getvalue().splitlines() if line.startswith("http://127.0.0.1:")]
    assert len(links) == 2, out.getvalue()  # at the start, and for @dashboard
    url = urlsplit(links[0])
    assert url.path == "/app"
    assert url.fragment.startswith("tgWebAppData=")
    data = unquote(url.fragment.removeprefix("tgWebAppData="))
    result = validate_init_data(data, CONSOLE_TOKEN, now=clock(), max_age=timedelta(hours=1))
    assert result.user is not None
    assert result.user.id == CONSOLE_USER_ID
    assert result.user.first_name == "Runner"
    assert (
        validate_init_data(data, TEST_TOKEN, now=clock(), max_age=timedelta(hours=1)).user is None
    )


async def test_the_console_link_opens_the_dashboard(settings: Settings, clock: ManualClock) -> None:
    """The console's link, as a browser opens it: the page, and the API taking the
    link's initData (signed with the console's token) for the console's runner."""
    user = StandInUser(id=CONSOLE_USER_ID, first_name="Runner")
    async with BotApiStandIn(token=CONSOLE_TOKEN) as console_api:
        application = build_application(
            settings,
            token=CONSOLE_TOKEN,
            base_url=console_api.base_url,
            clock=clock,
            webapp_port=0,
        )
        async with running(application):
            link = dashboard_link(application, user, clock())
            assert link is not None
            page, _, fragment = link.partition("#")
            data = unquote(fragment.removeprefix("tgWebAppData="))
            async with aiohttp.ClientSession() as http:
                async with http.get(page) as answer:
                    assert answer.status == 200
                api = page.removesuffix("/app") + "/api/dashboard"
                async with http.get(api, headers=tma(data)) as answer:
                    assert answer.status == 200
                    board = await answer.json()
    assert board["known"] is False  # the console's runner has not written yet
    assert board["language"] == "en"
