"""Each update's turn at the database (handlers/turn.py): the runner looked up once for all
the handlers an update meets, and the unit of work ended when the update is done, with
whatever was not committed rolled back."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from telegram import Chat, Message, Update, User
from telegram.ext import CommandHandler

from bot.standin import BotApiStandIn, StandInUser
from handlers.context import CoachApplication, CoachContext
from handlers.turn import Turn
from library.profiles import OnboardingStep
from storage import Database
from storage.repositories import UserRepository
from tests.helpers import say

pytestmark = pytest.mark.e2e


def count_lookups(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Telegram user ids of every runner lookup (registering or not) from now on."""
    lookups: list[int] = []
    original = UserRepository.get

    async def counted(self: UserRepository, telegram_user_id: int) -> Any:
        lookups.append(telegram_user_id)
        return await original(self, telegram_user_id)

    monkeypatch.setattr(UserRepository, "get", counted)
    return lookups


async def test_an_update_through_several_handlers_looks_the_runner_up_once(
    coach: CoachApplication,
    standin: BotApiStandIn,
    alice: StandInUser,
    database: Database,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """An onboarding answer meets the set-up check (a read) and then the answer's write:
    one lookup between them. A command meets one too."""
    await say(standin, alice, "/start")
    lookups = count_lookups(monkeypatch)
    reply = await say(standin, alice, "mon wed fri")
    assert "time" in reply.text.lower()
    assert lookups == [alice.id]
    lookups.clear()
    await say(standin, alice, "/settings")
    assert lookups == [alice.id]
    async with database.unit_of_work() as uow:
        profile = await uow.users.get(alice.id)
    assert profile is not None
    assert profile.run_days == frozenset({0, 2, 4})
    assert profile.onboarding is OnboardingStep.TIME
    assert len(coach.bot_data["services"].turns) == 0  # every update's turn has ended


async def test_what_a_failing_handler_wrote_is_rolled_back_when_the_update_ends(
    coach: CoachApplication,
    standin: BotApiStandIn,
    bob: StandInUser,
    database: Database,
) -> None:
    """A handler that registers the sender in the update's turn and then fails leaves
    nothing behind: the turn ends with the update, rolled back, the gate (SQLite) free,
    and the runner gets the error handler's answer."""

    async def boom(update: Update, context: CoachContext) -> None:
        assert await context.turn.runner() is not None  # registers Bob, uncommitted
        raise RuntimeError("a handler bug")

    coach.add_handler(CommandHandler("boom", boom), group=-200)
    standin.send_text(bob, "/boom")
    # The error handler's apology, then the catch-all's word on an unknown command.
    replies = await standin.replies(bob, count=2)
    assert "try again" in replies[0].text
    assert "/help" in replies[1].text
    async with database.unit_of_work() as uow:
        assert await uow.users.get(bob.id) is None
    services = coach.bot_data["services"]
    await standin.quiet()
    assert len(services.turns) == 0
    assert services.database.write_gate is None or not services.database.write_gate.held
    await say(standin, bob, "/start")  # and the next update works as ever
    async with database.unit_of_work() as uow:
        assert await uow.users.get(bob.id) is not None


async def test_a_read_only_check_holds_no_connection_after_it(
    coach: CoachApplication, alice: StandInUser
) -> None:
    """known_runner() (the checks that run on every message) lets the connection it took
    go at once; runner() keeps the update's unit of work open until commit or the end."""
    services = coach.bot_data["services"]
    user = User(id=alice.id, first_name=alice.first_name, is_bot=False)
    chat = Chat(id=alice.id, type="private")
    message = Message(1, datetime.now(UTC), chat, from_user=user, text="hello")
    turn = Turn(services, Update(1, message=message))
    pool = services.database.engine.pool
    assert await turn.known_runner() is None
    assert pool.checkedout() == 0
    assert await turn.runner() is not None  # registers, uncommitted
    assert pool.checkedout() == 1
    await turn.close()
    assert pool.checkedout() == 0
