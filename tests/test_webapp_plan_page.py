"""Editing the plan in the Mini App's page, in a real headless Chromium (issue 20: "editing
the plan changes the database"): the week, lead and time zone typed into the plan's forms
and the summary's day and language chosen are stored, the page shows the chat's reply
and re-renders (in the new language); a bad value shows the chat's problem in place and
changes nothing."""

from __future__ import annotations

import pytest

from bot.standin import BotApiStandIn, StandInUser
from bot.webapp import WebAppServer
from library.profiles import RunnerProfile
from storage import Database
from tests.browser import browser
from tests.helpers import ManualClock, onboard, signed_for, type_and_save

pytestmark = pytest.mark.browser


async def profile_of(database: Database, user: StandInUser) -> RunnerProfile:
    async with database.unit_of_work() as uow:
        profile = await uow.users.get(user.id)
    assert profile is not None
    return profile


@pytest.mark.backends("sqlite")
async def test_editing_the_plan_in_the_page_changes_the_database_changes_the_database(
    chromium: str,
    served: WebAppServer,
    standin: BotApiStandIn,
    clock: ManualClock,
    alice: StandInUser,
    database: Database,
) -> None:
    await onboard(standin, alice)
    async with browser() as chrome:
        page = await chrome.open(served.local_url(signed_for(alice, clock)))
        await page.wait_for("document.querySelector('form.edit[data-field=lead]')")
        await page.evaluate("document.querySelector('nav button[data-tab=plan]').click()")
        plan = await page.evaluate("document.getElementById('plan').innerText")
        assert "15 minutes before the run" in plan
        assert await page.evaluate("document.getElementById('edit-lead').value") == "15"

        await page.evaluate(type_and_save("lead", "25"))
        shown = await page.wait_for(
            "document.getElementById('message-lead')?.textContent.includes('25 min') &&"
            " document.getElementById('message-lead').textContent"
        )
        assert shown.startswith("Warm-ups now come 25 min before your run.\nNext warm-up:")
        assert "25 minutes before the run" in await page.evaluate(
            "document.getElementById('plan').innerText"
        )
        assert (await profile_of(database, alice)).lead_minutes == 25

        await page.evaluate(type_and_save("lead", "500"))
        refused = await page.wait_for("document.querySelector('#message-lead.error')?.textContent")
        assert "from 5 to 120" in refused
        assert "e.g. /lead 15" in refused  # the chat's example, its <code> shown as text
        assert (await profile_of(database, alice)).lead_minutes == 25

        await page.evaluate(type_and_save("timezone", "Tokyo"))
        zone = await page.wait_for(
            "document.getElementById('message-timezone')?.textContent.includes('Tokyo') &&"
            " document.getElementById('message-timezone').textContent"
        )
        assert zone.startswith("Time zone set to Asia/Tokyo (UTC+09:00).")
        assert "Asia/Tokyo" in await page.evaluate("document.getElementById('plan').innerText")
        assert await page.evaluate("document.getElementById('plan').hidden") is False

        assert await page.evaluate("document.getElementById('edit-summary').value") == "sun"
        await page.evaluate(type_and_save("summary", "wed"))
        summary = await page.wait_for("document.getElementById('message-summary')?.textContent")
        assert summary == "Your weekly summary comes on Wednesdays at 18:00, your time."
        assert await page.evaluate("document.getElementById('edit-summary').value") == "wed"

        week = await page.evaluate("document.getElementById('edit-week').value")
        assert week == "Mon 07:00, Tue 07:00, Wed 07:00, Thu 07:00, Fri 07:00, Sat 07:00, Sun 07:00"
        await page.evaluate(type_and_save("week", "Tue Thu 06:30"))
        runs = await page.wait_for("document.getElementById('message-week')?.textContent")
        assert runs.startswith("Runs: Tue, Thu at 06:30.\nNext warm-up:")
        assert await page.evaluate("document.getElementById('edit-week').value") == (
            "Tue 06:30, Thu 06:30"
        )
        await page.evaluate(type_and_save("week", "funday 07:00"))
        refused = await page.wait_for("document.querySelector('#message-week.error')?.textContent")
        assert "funday" in refused
        assert await page.evaluate("document.getElementById('edit-week').value") == "funday 07:00"

        await page.evaluate(type_and_save("language", "de"))
        changed = await page.wait_for("document.getElementById('message-language')?.textContent")
        assert changed.startswith("Erledigt: Ab jetzt schreibe ich dir auf Deutsch.")
        assert await page.evaluate("document.documentElement.lang") == "de"
        plan = await page.evaluate("document.getElementById('plan').innerText")
        assert "Mittwoch" in plan  # the summary's day, now worded in German
        assert await page.evaluate("document.getElementById('edit-language').value") == "de"
        assert all(url.startswith(f"http://127.0.0.1:{served.port}/") for url in page.requests)
    assert (await profile_of(database, alice)).timezone == "Asia/Tokyo"
    assert (await profile_of(database, alice)).summary_day == 2
    assert sorted((await profile_of(database, alice)).run_times) == [1, 3]
    assert (await profile_of(database, alice)).language.value == "de"
