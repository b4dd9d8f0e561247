"""Editing the plan from the dashboard (POST /api/plan/{field}, docs/webapp.md): each field
changes the database and re-plans as the chat command does, with the chat's own reply;
a bad value gets the chat's problem and changes nothing; only the asking runner changes;
a forged initData is 401.

Two runners are set up alike in the chat: Alice edits from the dashboard, Bob types the
same change as a command, and Alice's answer and plan must be Bob's.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl, urlencode

import aiohttp
import pytest

from bot.standin import BotApiStandIn, SentMessage, StandInUser
from handlers.context import CoachApplication
from library.deliveries import DeliveryKind
from library.init_data import sign_init_data
from storage import Database
from tests.helpers import (
    ManualClock,
    api_call,
    init_data,
    onboard,
    tma,
    warmup_plan,
)

pytestmark = pytest.mark.e2e

ALICE_ID, BOB_ID, STRANGER_ID = 5001, 5002, 5099


async def say(standin: BotApiStandIn, user: StandInUser, text: str, count: int = 1) -> SentMessage:
    standin.send_text(user, text)
    replies = await standin.replies(user, count=count)
    await standin.quiet()
    return replies[-1]


state_of = warmup_plan


async def post(
    http: aiohttp.ClientSession, field: str, body: object, headers: dict[str, str]
) -> tuple[int, dict[str, Any]]:
    return await api_call(http, "POST", f"/api/plan/{field}", headers, body)


@pytest.fixture
async def both(
    webcoach: CoachApplication, standin: BotApiStandIn, alice: StandInUser, bob: StandInUser
) -> None:
    await onboard(standin, alice)
    await onboard(standin, bob)


@pytest.mark.parametrize(
    ("field", "value", "command", "expected"),
    [
        ("lead", "20", "/lead 20", "Warm-ups now come <b>20 min</b> before your run.\n"),
        ("lead", " 45  ", "/lead 45", "Warm-ups now come <b>45 min</b> before your run.\n"),
        ("timezone", "Tokyo", "/timezone Tokyo", "Time zone set to Asia/Tokyo (UTC+09:00).\n"),
        (
            "timezone",
            "America/New_York",
            "/timezone America/New_York",
            "Time zone set to America/New_York (UTC-05:00).\n",
        ),
    ],
)
async def test_a_field_changes_as_the_chat_command_changes_it(
    both: None,
    http: aiohttp.ClientSession,
    standin: BotApiStandIn,
    clock: ManualClock,
    alice: StandInUser,
    bob: StandInUser,
    database: Database,
    field: str,
    value: str,
    command: str,
    expected: str,
) -> None:
    bob_before = await state_of(database, bob)
    status, body = await post(http, field, {"value": value}, tma(init_data(clock, ALICE_ID)))
    assert status == 200, body
    assert body["ok"] is True
    assert body["message"].startswith(expected)
    assert "Next warm-up:" in body["message"]
    assert await state_of(database, bob) == bob_before  # only the asking runner changed
    alice_profile, alice_plan = await state_of(database, alice)
    runner = body["dashboard"]["runner"]
    if field == "lead":
        assert alice_profile.lead_minutes == int(value)
        assert runner["lead_minutes"] == int(value)
    else:
        assert alice_profile.timezone == expected.split()[4]
        assert runner["timezone"] == expected.split()[4]
    # Bob types the same change: the same reply, the same settings, the same plan.
    reply = await say(standin, bob, command)
    assert body["message"] == reply.text
    bob_profile, bob_plan = await state_of(database, bob)
    assert (alice_profile.lead_minutes, alice_profile.timezone) == (
        bob_profile.lead_minutes,
        bob_profile.timezone,
    )
    assert alice_plan == bob_plan
    assert alice_plan != bob_before[1]  # the change re-planned the warm-up


async def summaries_of(database: Database, user: StandInUser) -> list[str]:
    """The runner's planned weekly summaries (due time and status)."""
    async with database.unit_of_work() as uow:
        profile = await uow.users.get(user.id)
        assert profile is not None
        rows = await uow.deliveries.for_user(profile.id, (DeliveryKind.SUMMARY,))
    return [f"{row.next_due_utc:%a %d %H:%M} {row.status.value}" for row in rows]


@pytest.mark.parametrize(
    ("value", "command", "expected", "day"),
    [
        ("Wednesday", "/summary wednesday", "Your weekly summary comes on <b>Wednesdays", 2),
        ("mi", "/summary mi", "Your weekly summary comes on <b>Wednesdays", 2),
        ("off", "/summary off", "Weekly summaries are off.", None),
    ],
)
async def test_the_summary_day_changes_as_summary_changes_it(
    both: None,
    http: aiohttp.ClientSession,
    standin: BotApiStandIn,
    clock: ManualClock,
    alice: StandInUser,
    bob: StandInUser,
    database: Database,
    value: str,
    command: str,
    expected: str,
    day: int | None,
) -> None:
    if value == "mi":
        await say(standin, alice, "/language de")  # "mi" is Mittwoch in German
        await say(standin, bob, "/language de")
        expected = "Dein Wochenrückblick kommt <b>mittwochs"
    before = await summaries_of(database, alice)
    status, body = await post(http, "summary", {"value": value}, tma(init_data(clock, ALICE_ID)))
    assert status == 200, body
    assert body["message"].startswith(expected), body["message"]
    assert (await state_of(database, alice))[0].summary_day == day
    assert (await state_of(database, bob))[0].summary_day == 6  # Bob's stays Sunday
    reply = await say(standin, bob, command)
    assert body["message"] == reply.text
    assert await summaries_of(database, alice) == await summaries_of(database, bob)
    assert await summaries_of(database, alice) != before
    board = body["dashboard"]
    shown = board["runner"]["summary_day_name"]
    assert shown == (None if day is None else board["texts"]["day_2"])
    assert board["texts"]["day_2"] == ("Mittwoch" if value == "mi" else "Wednesday")


@pytest.mark.parametrize(
    ("value", "command", "expected", "language"),
    [
        ("de", "/language de", "Erledigt: Ab jetzt schreibe ich dir auf Deutsch.", "de"),
        (
            "français",
            "/language français",
            "C'est fait\u00a0: je t'écris désormais en français",
            "fr",
        ),
    ],
)
async def test_the_language_changes_as_language_changes_it(
    both: None,
    http: aiohttp.ClientSession,
    standin: BotApiStandIn,
    clock: ManualClock,
    alice: StandInUser,
    bob: StandInUser,
    database: Database,
    value: str,
    command: str,
    expected: str,
    language: str,
) -> None:
    status, body = await post(http, "language", {"value": value}, tma(init_data(clock, ALICE_ID)))
    assert status == 200, body
    assert body["message"].startswith(expected), body["message"]
    assert (await state_of(database, alice))[0].language.value == language
    assert (await state_of(database, bob))[0].language.value == "en"
    board = body["dashboard"]
    assert board["language"] == language
    assert board["runner"]["language"] == language
    reply = await say(standin, bob, command)
    assert body["message"] == reply.text
    # The chat speaks the new language at once (the process's language memory follows).
    bobs = await say(standin, bob, "/lead")
    alices = await say(standin, alice, "/lead")
    assert alices.text == bobs.text
    assert "/lead 15" in alices.text
    assert not alices.text.startswith("How many minutes")


async def test_the_week_replaces_the_runs_as_schedule_s_replace_does(
    both: None,
    http: aiohttp.ClientSession,
    standin: BotApiStandIn,
    clock: ManualClock,
    alice: StandInUser,
    bob: StandInUser,
    database: Database,
) -> None:
    """The page's field holds the whole week: what it sends replaces the runs, as the
    chat's /schedule does when its add-or-replace question is answered Replace."""
    bob_before = await state_of(database, bob)
    headers = tma(init_data(clock, ALICE_ID))
    status, body = await post(http, "week", {"value": "Tue Thu 6:30 pm, sat 08:00"}, headers)
    assert status == 200, body
    assert body["message"].startswith("Runs: <b>Tue, Thu at 18:30 · Sat at 08:00</b>.\n"), body
    assert "Next warm-up:" in body["message"]
    alice_profile, alice_plan = await state_of(database, alice)
    assert {day: f"{at:%H:%M}" for day, at in alice_profile.run_times.items()} == {
        1: "18:30",
        3: "18:30",
        5: "08:00",
    }
    week = body["dashboard"]["plan"]["week"]
    assert [(run["day_name"], run["time"]) for run in week] == [
        ("Tue", "18:30"),
        ("Thu", "18:30"),
        ("Sat", "08:00"),
    ]
    assert await state_of(database, bob) == bob_before
    # Bob: /schedule asks, Replace sets the same week with the same words.
    question = await say(standin, bob, "/schedule Tue Thu 6:30 pm, sat 08:00")
    assert question.plain.endswith("or replace them?")
    edits = question.edits
    standin.press_button(bob, question, "Replace")
    await standin.wait_until(lambda: question.edits > edits)
    await standin.quiet()
    assert body["message"] == question.text
    bob_profile, bob_plan = await state_of(database, bob)
    assert bob_profile.run_times == alice_profile.run_times
    assert alice_plan == bob_plan
    # A time alone moves every planned run, as in the chat.
    status, body = await post(http, "week", {"value": "7am"}, headers)
    assert status == 200, body
    assert body["message"].startswith("Runs: <b>Tue, Thu, Sat at 07:00</b>.")
    reply = await say(standin, bob, "/schedule 7am")
    assert body["message"] == reply.text


@pytest.mark.parametrize(
    ("field", "value", "command", "expected"),
    [
        ("week", "", "/schedule", "e.g. <code>/schedule mon wed fri 07:00</code>"),
        ("week", "funday 07:00", "/schedule funday 07:00", "I don't know the day “funday”"),
        ("week", "mon wed 25:00", "/schedule mon wed 25:00", "That time doesn't exist"),
        ("week", "mon wed", "/schedule mon wed", "e.g. <code>/schedule mon wed fri 07:00</code>"),
        ("language", "klingon", "/language klingon", "I don't speak that language yet."),
        ("language", "", "/language", "Which language shall I write to you in?"),
        ("summary", "mon wed", "/summary mon wed", "One day of the week, please."),
        ("summary", "funday", "/summary funday", "One day of the week, please."),
        ("summary", "", "/summary", "Weekly summary: Sunday"),
        ("lead", "500", "/lead 500", "from 5 to 120"),
        ("lead", "soon", "/lead soon", "from 5 to 120"),
        ("lead", "", "/lead", "e.g. <code>/lead 15</code>"),
        (
            "timezone",
            "Atlantis",
            "/timezone Atlantis",
            "I couldn't find a time zone for “Atlantis”",
        ),
        ("timezone", "  ", "/timezone", "share your location"),
    ],
)
async def test_a_bad_value_gets_the_chat_s_answer_and_changes_nothing(
    both: None,
    http: aiohttp.ClientSession,
    standin: BotApiStandIn,
    clock: ManualClock,
    alice: StandInUser,
    bob: StandInUser,
    database: Database,
    field: str,
    value: str,
    command: str,
    expected: str,
) -> None:
    before = await state_of(database, alice)
    status, body = await post(http, field, {"value": value}, tma(init_data(clock, ALICE_ID)))
    assert status == 400, body
    assert body["ok"] is False
    assert expected in body["message"]
    assert await state_of(database, alice) == before
    assert body["dashboard"]["runner"]["lead_minutes"] == 15
    assert body["dashboard"]["runner"]["timezone"] == "Europe/London"
    reply = await say(standin, bob, command)
    assert body["message"] == reply.text


async def test_a_body_without_a_value_string_gets_the_example(
    both: None,
    http: aiohttp.ClientSession,
    clock: ManualClock,
    alice: StandInUser,
    database: Database,
) -> None:
    before = await state_of(database, alice)
    headers = tma(init_data(clock, ALICE_ID))
    for body in ({"value": 20}, {"minutes": "20"}, ["20"], "20", {"value": "2" + " " * 5000}):
        status, answer = await post(http, "lead", body, headers)
        assert status == 400, (body, answer)
        assert "e.g. <code>/lead 15</code>" in answer["message"]
    async with http.post("/api/plan/lead", data=b"{not json", headers=headers) as response:
        assert response.status == 400
    assert await state_of(database, alice) == before


async def test_the_answer_is_in_the_runner_s_language(
    both: None,
    http: aiohttp.ClientSession,
    standin: BotApiStandIn,
    clock: ManualClock,
    alice: StandInUser,
    database: Database,
) -> None:
    await say(standin, alice, "/language de")
    # The app's language is English; the runner's own (German) words the answer.
    status, body = await post(http, "lead", {"value": "25"}, tma(init_data(clock, ALICE_ID)))
    assert status == 200, body
    assert body["message"].startswith(
        "Das Aufwärmen kommt jetzt <b>25\u00a0Min.</b> vor deinem Lauf."
    ), body
    assert body["dashboard"]["language"] == "de"
    assert (await state_of(database, alice))[0].lead_minutes == 25


async def test_forged_init_data_is_401_and_changes_nothing(
    both: None,
    http: aiohttp.ClientSession,
    clock: ManualClock,
    alice: StandInUser,
    database: Database,
) -> None:
    before = await state_of(database, alice)
    fields = dict(parse_qsl(init_data(clock, ALICE_ID)))
    forged = {
        "no header": {},
        "forged hash": tma(urlencode({**fields, "hash": "ab" * 32})),
        "another bot's": {
            "Authorization": "tma "
            + sign_init_data({k: v for k, v in fields.items() if k != "hash"}, "1:other")
        },
    }
    for name, headers in forged.items():
        for field, value in (("lead", "30"), ("timezone", "Tokyo")):
            async with http.post(
                f"/api/plan/{field}", json={"value": value}, headers=headers
            ) as response:
                assert response.status == 401, name
                assert await response.json() == {"error": "unauthorized"}
    assert await state_of(database, alice) == before


async def test_an_unknown_field_is_404_and_a_stranger_is_not_registered(
    webcoach: CoachApplication,
    http: aiohttp.ClientSession,
    clock: ManualClock,
    database: Database,
) -> None:
    headers = tma(init_data(clock, STRANGER_ID))
    status, body = await post(http, "lead", {"value": "20"}, headers)
    assert status == 404
    assert body["ok"] is False
    assert body["message"].startswith("Nothing here yet: send /start")
    assert body["dashboard"]["known"] is False
    status, body = await post(http, "paused", {"value": "yes"}, headers)
    assert status == 404
    async with database.unit_of_work() as uow:
        assert await uow.users.get(STRANGER_ID) is None
