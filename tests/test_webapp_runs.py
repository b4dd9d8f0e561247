"""One-off runs and pause from the dashboard (docs/webapp.md: ``POST /api/plan/run``,
``DELETE /api/runs/{id}``, ``POST /api/plan/pause`` and ``/resume``): each does what the
chat's /run, /settings' ❌, /pause and /resume do, with the chat's own reply; a day with
a run asks first (409 with the choices) and changes nothing until answered; bad values
and other runners' runs change nothing; a forged initData is 401.

Two runners are set up alike in the chat (runs on Mondays and Wednesdays at 07:00 in
London, 15 minutes' lead; the clock stands at Monday 23 November 2026, 06:30 UTC): Alice
uses the page, Bob types the same in the chat, and their answers and plans must match.
"""

from __future__ import annotations

from datetime import date

import aiohttp
import pytest

from bot.standin import BotApiStandIn, StandInUser
from handlers.context import CoachApplication
from library.one_off_runs import OneOffRun
from library.profiles import PauseReason, RunnerProfile
from storage import Database
from tests.helpers import ManualClock, api_call, onboard, say, signed_init_data, tma, warmup_plan

pytestmark = pytest.mark.e2e

ALICE_ID, BOB_ID, STRANGER_ID = 5001, 5002, 5099
SATURDAY = date(2026, 11, 28)
WEDNESDAY = date(2026, 11, 25)


def auth(clock: ManualClock, user_id: int = ALICE_ID) -> dict[str, str]:
    return tma(signed_init_data(user_id, int(clock().timestamp()), query_id=f"q{user_id}"))


@pytest.fixture
async def both(
    webcoach: CoachApplication, standin: BotApiStandIn, alice: StandInUser, bob: StandInUser
) -> None:
    await onboard(standin, alice, "mon wed")
    await onboard(standin, bob, "mon wed")


call = api_call


async def plan_of(
    database: Database, user: StandInUser
) -> tuple[RunnerProfile, list[str], list[str]]:
    """The runner's settings, one-off runs (local date and time) and planned warm-ups."""
    profile, warmups = await warmup_plan(database, user)
    runs = await one_off_runs(database, profile)
    return profile, [f"{run.local_date} {run.local_time:%H:%M}" for run in runs], warmups


async def one_off_runs(database: Database, profile: RunnerProfile) -> list[OneOffRun]:
    async with database.unit_of_work() as uow:
        return await uow.one_off_runs.upcoming(profile.id, date(2026, 11, 1))


async def run_ids(database: Database, user: StandInUser) -> list[int]:
    profile, _ = await warmup_plan(database, user)
    return [run.id for run in await one_off_runs(database, profile)]


async def test_a_run_is_added_as_run_adds_it(
    both: None,
    http: aiohttp.ClientSession,
    standin: BotApiStandIn,
    clock: ManualClock,
    alice: StandInUser,
    bob: StandInUser,
    database: Database,
) -> None:
    bob_before = await plan_of(database, bob)
    status, body = await call(http, "POST", "/api/plan/run", auth(clock), {"value": "sat 9am"})
    assert status == 200, body
    assert body["ok"] is True
    assert body["message"].startswith("One-off run: Sat 28 Nov at 09:00 — warm-up at 08:45.\n")
    assert "Next warm-up:" in body["message"]
    assert body["dashboard"]["plan"]["one_off"] == [
        {"id": (await run_ids(database, alice))[0], "when": "Sat 28 Nov, 09:00"}
    ]
    assert await plan_of(database, bob) == bob_before  # only the asking runner changed
    _, alice_runs, alice_warmups = await plan_of(database, alice)
    assert alice_runs == ["2026-11-28 09:00"]

    reply = await say(standin, bob, "/run sat 9am")
    assert body["message"] == reply.text
    _, bob_runs, bob_warmups = await plan_of(database, bob)
    assert (bob_runs, bob_warmups) == (alice_runs, alice_warmups)


@pytest.mark.parametrize(
    ("value", "command", "expected"),
    [
        ("sat 25:00", "/run sat 25:00", "I couldn't read “25:00” as a clock time."),
        ("blursday 9:00", "/run blursday 9:00", "I don't know the day “blursday”."),
        ("sat", "/run sat", "I need the start time too."),
        ("today 06:00", "/run today 06:00", "That time has already passed."),
        ("today 06:40", "/run today 06:40", "That's too close for a reminder"),
        ("", "/run", "Add a single run like this:"),
    ],
)
async def test_a_bad_run_gets_the_chat_s_problem_and_changes_nothing(
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
) -> None:
    before = await plan_of(database, alice)
    status, body = await call(http, "POST", "/api/plan/run", auth(clock), {"value": value})
    assert status == 400, body
    assert body["ok"] is False
    assert body["message"].startswith(expected), body["message"]
    assert "choices" not in body
    assert await plan_of(database, alice) == before
    reply = await say(standin, bob, command)
    assert body["message"] == reply.text


async def test_a_day_with_a_run_asks_first_and_the_answer_is_the_chat_s_button(
    both: None,
    http: aiohttp.ClientSession,
    standin: BotApiStandIn,
    clock: ManualClock,
    alice: StandInUser,
    bob: StandInUser,
    database: Database,
) -> None:
    """Wednesday has its weekly run at 07:00: a run at 18:00 asks, and nothing changes
    until the page sends the answer; "add" keeps both, "replace" skips the weekly one."""
    before = await plan_of(database, alice)
    status, body = await call(http, "POST", "/api/plan/run", auth(clock), {"value": "wed 18:00"})
    assert status == 409, body
    assert body["ok"] is False
    assert body["message"].startswith("You already have a run on Wed 25 Nov (at 07:00).")
    assert body["choices"] == [
        {"value": "replace", "label": "Replace that run"},
        {"value": "add", "label": "Add a second run"},
    ]
    assert await plan_of(database, alice) == before
    question = await say(standin, bob, "/run wed 18:00")
    assert body["message"] == question.text
    assert [label for label, _ in question.buttons][:2] == ["Replace that run", "Add a second run"]

    status, body = await call(
        http, "POST", "/api/plan/run", auth(clock), {"value": "wed 18:00", "choice": "add"}
    )
    assert status == 200, body
    assert body["message"].startswith("One-off run: Wed 25 Nov at 18:00 — warm-up at 17:45.")
    standin.press_button(bob, question, "Add a second run")
    [added] = await standin.replies(bob)
    assert body["message"] == added.text
    _, alice_runs, alice_warmups = await plan_of(database, alice)
    assert alice_runs == ["2026-11-25 18:00"]
    assert (await plan_of(database, bob))[1:] == (alice_runs, alice_warmups)

    # Replace on Monday the 30th: the weekly 07:00 run's warm-up is skipped for that day.
    status, body = await call(
        http, "POST", "/api/plan/run", auth(clock), {"value": "30 nov 12:00", "choice": "replace"}
    )
    assert status == 200, body
    _, alice_runs, alice_warmups = await plan_of(database, alice)
    assert alice_runs == ["2026-11-25 18:00", "2026-11-30 12:00"]
    assert "Mon 30 06:45 skipped" in alice_warmups, alice_warmups


async def test_an_unknown_choice_asks_again_and_changes_nothing(
    both: None,
    http: aiohttp.ClientSession,
    clock: ManualClock,
    alice: StandInUser,
    database: Database,
) -> None:
    before = await plan_of(database, alice)
    for choice in ("maybe", 7, None):
        status, body = await call(
            http, "POST", "/api/plan/run", auth(clock), {"value": "wed 18:00", "choice": choice}
        )
        assert status == 409, body
        assert [c["value"] for c in body["choices"]] == ["replace", "add"]
    assert await plan_of(database, alice) == before


async def test_cancelling_a_run_is_the_settings_button_and_only_for_one_s_own(
    both: None,
    http: aiohttp.ClientSession,
    standin: BotApiStandIn,
    clock: ManualClock,
    alice: StandInUser,
    bob: StandInUser,
    database: Database,
) -> None:
    await call(http, "POST", "/api/plan/run", auth(clock), {"value": "sat 09:00"})
    await say(standin, bob, "/run sat 09:00")
    [alice_run] = await run_ids(database, alice)
    [bob_run] = await run_ids(database, bob)

    # Bob's run through Alice's initData: not found, Bob's stays.
    status, body = await call(http, "DELETE", f"/api/runs/{bob_run}", auth(clock))
    assert status == 404, body
    assert body == {**body, "ok": False, "message": "That run isn't planned any more."}
    assert await run_ids(database, bob) == [bob_run]

    status, body = await call(http, "DELETE", f"/api/runs/{alice_run}", auth(clock))
    assert status == 200, body
    assert body["ok"] is True
    assert body["message"].startswith("Cancelled your run on Sat 28 Nov at 09:00.\n")
    assert body["dashboard"]["plan"]["one_off"] == []
    assert (await plan_of(database, alice))[1] == []

    settings = await say(standin, bob, "/settings")
    standin.press_button(bob, settings, "❌ Sat 28 Nov at 09:00")
    [cancelled] = await standin.replies(bob)
    assert body["message"] == cancelled.text

    status, body = await call(http, "DELETE", f"/api/runs/{alice_run}", auth(clock))
    assert status == 404, body
    assert body["message"] == "That run isn't planned any more."
    for path in ("/api/runs/abc", "/api/runs/-1", "/api/runs/1,2"):
        async with http.delete(path, headers=auth(clock)) as response:
            assert response.status == 404


async def test_pause_and_resume_are_the_chat_s(
    both: None,
    http: aiohttp.ClientSession,
    standin: BotApiStandIn,
    clock: ManualClock,
    alice: StandInUser,
    bob: StandInUser,
    database: Database,
) -> None:
    _, _, planned = await plan_of(database, alice)
    status, body = await call(http, "POST", "/api/plan/pause", auth(clock), {})
    assert status == 200, body
    assert body["message"].startswith("Paused — no warm-ups until")
    assert body["dashboard"]["runner"]["paused"] is True
    profile, _, paused_plan = await plan_of(database, alice)
    assert profile.paused is PauseReason.USER
    assert not any(line.endswith("pending") for line in paused_plan)
    assert (await plan_of(database, bob))[0].paused is None
    assert body["message"] == (await say(standin, bob, "/pause")).text

    status, body = await call(http, "POST", "/api/plan/resume", auth(clock), {"value": "x"})
    assert status == 200, body
    assert body["message"].startswith("Warm-ups are back on.\nNext warm-up:")
    assert body["dashboard"]["runner"]["paused"] is False
    profile, _, resumed_plan = await plan_of(database, alice)
    assert profile.paused is None
    assert [line for line in resumed_plan if line.endswith("pending")] == [
        line for line in planned if line.endswith("pending")
    ]
    assert body["message"] == (await say(standin, bob, "/resume")).text


async def test_a_runner_without_weekly_runs_is_told_to_set_them_first(
    webcoach: CoachApplication,
    http: aiohttp.ClientSession,
    standin: BotApiStandIn,
    clock: ManualClock,
    alice: StandInUser,
    bob: StandInUser,
    database: Database,
) -> None:
    await say(standin, alice, "/start")
    await say(standin, bob, "/start")
    status, body = await call(http, "POST", "/api/plan/run", auth(clock), {"value": "sat 09:00"})
    assert status == 400, body
    assert body["message"].startswith("First tell me when you usually run")
    assert body["message"] == (await say(standin, bob, "/run sat 09:00")).text
    assert (await plan_of(database, alice))[1] == []


async def test_strangers_and_forgeries_change_nothing(
    both: None,
    http: aiohttp.ClientSession,
    clock: ManualClock,
    alice: StandInUser,
    database: Database,
) -> None:
    await call(http, "POST", "/api/plan/run", auth(clock), {"value": "sat 09:00"})
    before = await plan_of(database, alice)
    [run] = await run_ids(database, alice)
    stranger = auth(clock, STRANGER_ID)
    for method, path, body in (
        ("POST", "/api/plan/run", {"value": "sun 09:00"}),
        ("POST", "/api/plan/pause", {}),
        ("DELETE", f"/api/runs/{run}", None),
    ):
        status, answer = await call(http, method, path, stranger, body)
        assert status == 404, answer
        assert answer["message"].startswith("Nothing here yet: send /start")
        forged = auth(clock)
        forged["Authorization"] = forged["Authorization"].replace("hash=", "hash=0")
        for headers in (forged, {}):
            async with http.request(method, path, json=body, headers=headers) as response:
                assert response.status == 401
                assert await response.json() == {"error": "unauthorized"}
    assert await plan_of(database, alice) == before
    async with database.unit_of_work() as uow:
        assert await uow.users.get(STRANGER_ID) is None  # a stranger is not registered
