"""No command or button lets one runner see or change another runner's data.

Alice trains and gathers every kind of button the bot makes. Bob then presses each of
her buttons' callback data on his own messages (as a modified client could) and runs
every command. Alice's rows stay exactly as they were, nothing reaches her chat, and
nothing Bob receives carries her numbers.
"""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta

import pytest

from bot.application import running
from bot.scheduler import dispatcher_of
from bot.settings import Settings
from bot.standin import BotApiStandIn, SentMessage, StandInUser
from handlers.menu import COMMAND_MENU
from storage import Database
from tests.helpers import ManualClock, snapshot, start_bot

pytestmark = pytest.mark.e2e

# Alice's reps are numbers Bob never uses, so they would stand out in his chat.
ALICE_REPORTS = ("humps left 13 13 right 17 17", "rxx left 11 11 11 11 right 19 19 19 19")


async def say(standin: BotApiStandIn, user: StandInUser, text: str) -> list[SentMessage]:
    standin.send_text(user, text)
    replies = await standin.replies(user)
    await standin.quiet()
    return replies


async def test_no_button_or_command_reaches_another_runners_data(
    settings: Settings,
    standin: BotApiStandIn,
    clock: ManualClock,
    database: Database,
    alice: StandInUser,
    bob: StandInUser,
) -> None:
    """Bob replays each of Alice's callback data and runs every command: Alice is untouched."""
    app = await start_bot(settings, standin, clock)
    async with running(app):
        await say(standin, alice, "/schedule daily 07:00")
        for _ in range(2):
            await say(standin, alice, "/warmup")
            for report in ALICE_REPORTS:
                await say(standin, alice, report)
            clock.advance(timedelta(days=1))
        await say(standin, alice, "8 8")  # no exercise named: the "which one?" buttons
        [card] = await say(standin, alice, "/warmup")
        standin.press_button(alice, card, "Log reps")  # the exercise choice
        await standin.replies(alice)
        await say(standin, alice, "/progress")
        await say(standin, alice, "/delete")
        await say(standin, alice, "/start")
        # Her scheduled warm-up (with Snooze) and her weekly summary, from the scheduler.
        clock.current = datetime(2026, 11, 29, 18, 0, tzinfo=UTC)
        await dispatcher_of(app).run_wave()
        clock.current = datetime(2026, 11, 30, 6, 45, tzinfo=UTC)
        await dispatcher_of(app).run_wave()

        alice_data = sorted(
            {data for m in standin.messages_to(alice) for _, data in m.buttons if data}
        )
        prefixes = {data.split(":")[0] for data in alice_data}
        assert {"wl", "lg", "wd", "ws", "sz", "ra", "pg", "sm", "del"} <= prefixes, prefixes
        before = await snapshot(database, alice.id)
        alice_messages = len(standin.messages_to(alice))

        [bobs_card] = await say(standin, bob, "/warmup")
        for data in alice_data:
            standin.press(bob, bobs_card, data, forge=True)
            await standin.quiet()
        for command in COMMAND_MENU:
            if command.name not in {"delete", "start"}:
                await say(standin, bob, f"/{command.name}")

        assert await snapshot(database, alice.id) == before
        assert len(standin.messages_to(alice)) == alice_messages
        for message in standin.messages_to(bob):
            for number in ("13", "17", "19", "11"):
                assert f" {number}," not in message.plain, message.plain
            if message.file is not None and message.file.filename.endswith(".csv"):
                rows = csv.DictReader(io.StringIO(message.file.data.decode()))
                assert {row["reps"] for row in rows}.isdisjoint({"11", "13", "17", "19"})
        # Bob's own erasure (his own button) leaves Alice whole too.
        [ask] = await say(standin, bob, "/delete")
        standin.press_button(bob, ask, "Yes, delete")
        await standin.replies(bob)
        await standin.quiet()
        assert await snapshot(database, alice.id) == before
