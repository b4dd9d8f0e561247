"""One-off runs and pause in the Mini App's page, in a real headless Chromium: a run typed
into the plan asks first on a day with a run (the chat's question and its answers as
buttons), the chosen answer stores it and lists it; its cancel button removes it; the
pause button pauses warm-ups and turns into resume. Each change is checked in the
database."""

from __future__ import annotations

from datetime import date

import pytest

from bot.standin import BotApiStandIn, StandInUser
from bot.webapp import WebAppServer
from library.profiles import PauseReason, RunnerProfile
from storage import Database
from tests.browser import browser
from tests.helpers import ManualClock, onboard, signed_for, type_and_save

pytestmark = pytest.mark.browser

PLAN_TEXT = "document.getElementById('plan').innerText"


async def runner_of(database: Database, user: StandInUser) -> tuple[RunnerProfile, list[str]]:
    """The runner and their one-off runs (local date and time)."""
    async with database.unit_of_work() as uow:
        profile = await uow.users.get(user.id)
        assert profile is not None
        runs = await uow.one_off_runs.upcoming(profile.id, date(2026, 11, 1))
    return profile, [f"{run.local_date} {run.local_time:%H:%M}" for run in runs]


def message(field: str) -> str:
    return f"document.getElementById('message-{field}')?.textContent"


@pytest.mark.backends("sqlite")
async def test_adding_cancelling_and_pausing_from_the_page_change_the_database(
    chromium: str,
    served: WebAppServer,
    standin: BotApiStandIn,
    clock: ManualClock,
    alice: StandInUser,
    database: Database,
) -> None:
    """Alice runs daily at 07:00 (London); the clock stands at Monday 23 November, 06:30."""
    await onboard(standin, alice)
    async with browser() as chrome:
        page = await chrome.open(served.local_url(signed_for(alice, clock)))
        await page.wait_for("!!document.querySelector('form.edit[data-field=run]')")
        await page.evaluate("document.querySelector('nav button[data-tab=plan]').click()")
        await page.emulate_phone(360)
        assert "No one-off runs coming up." in await page.evaluate(PLAN_TEXT)
        assert await page.evaluate("document.getElementById('pause').textContent") == (
            "Pause warm-ups"
        )

        # A bad time: the chat's problem in place, the field as typed, nothing stored.
        await page.evaluate(type_and_save("run", "sat 25:00"))
        refused = await page.wait_for("document.querySelector('#message-run.error')?.textContent")
        assert refused.startswith("I couldn't read “25:00” as a clock time.")
        assert await page.evaluate("document.getElementById('edit-run').value") == "sat 25:00"
        assert (await runner_of(database, alice))[1] == []

        # Saturday has its daily run: the page asks, and nothing is stored yet.
        await page.evaluate(type_and_save("run", "sat 18:00"))
        question = await page.wait_for(
            f"document.querySelector('#message-run .choices') && {message('run')}"
        )
        assert question.startswith("You already have a run on Sat 28 Nov (at 07:00).")
        choices = await page.evaluate(
            "[...document.querySelectorAll('#message-run .choices button')]"
            ".map((button) => button.textContent)"
        )
        assert choices == ["Replace that run", "Add a second run", "Keep my plan"]
        # The question and its buttons still fit a phone's 360 px.
        assert await page.evaluate("document.documentElement.scrollWidth") <= 360
        assert (await runner_of(database, alice))[1] == []

        await page.evaluate(
            "document.querySelector('#message-run .choices button[data-choice=add]').click()"
        )
        added = await page.wait_for(
            f"{message('run')}?.startsWith('One-off run') && {message('run')}"
        )
        assert added.startswith("One-off run: Sat 28 Nov at 18:00 — warm-up at 17:45.\n")
        assert "Sat 28 Nov, 18:00" in await page.evaluate(PLAN_TEXT)
        assert await page.evaluate("document.getElementById('edit-run').value") == ""
        assert (await runner_of(database, alice))[1] == ["2026-11-28 18:00"]
        assert await page.evaluate("document.documentElement.scrollWidth") <= 360

        # "Keep my plan" changes nothing and clears the question.
        await page.evaluate(type_and_save("run", "sun 18:00"))
        await page.wait_for("!!document.querySelector('#message-run .choices')")
        await page.evaluate(
            "document.querySelector('#message-run .choices button[data-choice=\"\"]').click()"
        )
        await page.wait_for(f"{message('run')} === ''")
        assert (await runner_of(database, alice))[1] == ["2026-11-28 18:00"]

        # Its cancel button takes the run away.
        await page.evaluate("document.querySelector('#plan button.cancel-run').click()")
        cancelled = await page.wait_for(
            f"{message('run')}?.startsWith('Cancelled') && {message('run')}"
        )
        assert cancelled.startswith("Cancelled your run on Sat 28 Nov at 18:00.\n")
        assert "No one-off runs coming up." in await page.evaluate(PLAN_TEXT)
        assert (await runner_of(database, alice))[1] == []

        # Pause, then resume.
        await page.evaluate("document.getElementById('pause').click()")
        paused = await page.wait_for(
            f"{message('pause')}?.startsWith('Paused') && {message('pause')}"
        )
        assert paused.startswith("Paused — no warm-ups until you send /resume.")
        assert "Warm-ups paused" in await page.evaluate(PLAN_TEXT)
        assert (await runner_of(database, alice))[0].paused is PauseReason.USER
        assert await page.evaluate("document.getElementById('pause').textContent") == (
            "Resume warm-ups"
        )
        await page.evaluate("document.getElementById('pause').click()")
        resumed = await page.wait_for(
            f"{message('pause')}?.startsWith('Warm-ups are back') && {message('pause')}"
        )
        assert resumed.startswith("Warm-ups are back on.\nNext warm-up:")
        assert "Warm-ups on" in await page.evaluate(PLAN_TEXT)
        assert (await runner_of(database, alice))[0].paused is None
        assert all(url.startswith(f"http://127.0.0.1:{served.port}/") for url in page.requests)
