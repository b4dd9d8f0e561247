"""Concurrent update processing: chats side by side, each chat strictly in order."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest
from telegram import Chat, Message, Update, User

from bot.http import BotApiRequest
from bot.standin import BotApiStandIn, Fault, StandInUser
from bot.update_processor import ChatOrderedUpdateProcessor, ordering_key
from handlers.context import CoachApplication
from library.training import Leg
from storage import Database
from tests.helpers import eventually


def message_update(update_id: int, chat_id: int) -> Update:
    user = User(id=chat_id, first_name="Runner", is_bot=False)
    chat = Chat(id=chat_id, type=Chat.PRIVATE)
    message = Message(
        message_id=update_id, date=datetime(2026, 11, 23, tzinfo=UTC), chat=chat, from_user=user
    )
    return Update(update_id=update_id, message=message)


async def test_one_chat_in_order_other_chats_meanwhile() -> None:
    """A slow update holds back only later updates of its own chat."""
    processor = ChatOrderedUpdateProcessor(workers=8)
    done: list[tuple[int, int]] = []
    release = asyncio.Event()

    async def handle(chat: int, number: int, slow: bool = False) -> None:
        if slow:
            await release.wait()
        done.append((chat, number))

    tasks = [
        asyncio.create_task(processor.process_update(message_update(1, 1), handle(1, 1, True))),
        asyncio.create_task(processor.process_update(message_update(2, 1), handle(1, 2))),
        asyncio.create_task(processor.process_update(message_update(3, 2), handle(2, 1))),
        asyncio.create_task(processor.process_update(message_update(4, 2), handle(2, 2))),
    ]
    await asyncio.gather(*tasks[2:])  # chat 2's updates finish ...
    assert done == [(2, 1), (2, 2)]  # ... going past chat 1's slow update
    assert processor.chats_in_flight == 1
    release.set()
    await asyncio.gather(*tasks)
    assert done == [(2, 1), (2, 2), (1, 1), (1, 2)]
    assert processor.chats_in_flight == 0  # no lock outlives its chat's updates


async def test_a_flooding_chat_takes_one_worker_not_the_pool() -> None:
    """Fifty queued updates of one chat wait for their turn without holding workers."""
    processor = ChatOrderedUpdateProcessor(workers=2)
    release = asyncio.Event()
    order: list[int] = []

    async def flood(number: int) -> None:
        await release.wait()
        order.append(number)

    async def other() -> None:
        order.append(-1)

    flooding = [
        asyncio.create_task(processor.process_update(message_update(n, 1), flood(n)))
        for n in range(50)
    ]
    # One turn of the loop: every flood task starts, the first at work, the others
    # queued on the chat's lock.
    await asyncio.sleep(0)
    await processor.process_update(message_update(100, 2), other())
    assert order == [-1]
    release.set()
    await asyncio.gather(*flooding)
    assert order == [-1, *range(50)]


async def test_cancelled_while_waiting_leaves_no_unawaited_coroutine() -> None:
    """Shutting down with updates still queued closes their coroutines cleanly."""
    processor = ChatOrderedUpdateProcessor(workers=1)
    gate = asyncio.Event()
    ran: list[str] = []

    async def step(name: str) -> None:
        await gate.wait()
        ran.append(name)

    first = asyncio.create_task(processor.process_update(message_update(1, 1), step("first")))
    second = asyncio.create_task(processor.process_update(message_update(2, 1), step("second")))
    await asyncio.sleep(0)  # one turn of the loop: first at work, second waiting its turn
    second.cancel()
    gate.set()
    await first
    with pytest.raises(asyncio.CancelledError):
        await second
    assert ran == ["first"]
    assert processor.chats_in_flight == 0


def test_updates_queue_by_chat_then_sender() -> None:
    assert ordering_key(message_update(1, 42)) == 42
    assert ordering_key(Update(update_id=2)) is None
    assert ordering_key("not an update") is None


@pytest.mark.e2e
async def test_a_slow_chat_never_holds_up_another_and_reports_stay_in_order(
    coach: CoachApplication,
    standin: BotApiStandIn,
    alice: StandInUser,
    bob: StandInUser,
    database: Database,
) -> None:
    """Alice's replies take 1.5 s to send; Bob is answered meanwhile. Alice's ten quick
    reports are stored and answered in the order she sent them."""
    standin.register_user(alice)
    standin.inject(Fault.slow(1.5), methods="sendMessage", chat_id=alice.chat_id, times=1)
    sends = coach.bot.request
    assert isinstance(sends, BotApiRequest)
    standin.send_text(alice, "/warmup")
    await eventually(lambda: sends.in_flight == 1, what="Alice's reply on its way")
    standin.send_text(bob, "/help")
    await standin.replies(bob)
    assert standin.messages_to(alice) == []  # still on its way
    await standin.replies(alice)

    for reps in range(1, 11):
        standin.send_text(alice, f"hops {reps} {reps}")
    await standin.wait_until(lambda: len(standin.messages_to(alice)) == 11)
    replies = [m.plain.splitlines()[0] for m in standin.messages_to(alice)[1:]]
    assert replies == [
        f"✅ Logged Hamstring hops (2 sets): {reps}, {reps}" for reps in range(1, 11)
    ]
    async with database.unit_of_work() as uow:
        profile = await uow.users.get(alice.id)
        assert profile is not None
        reports = await uow.training.all_reports(profile.id)
    assert [report.sets[Leg.BOTH] for report in reports] == [(n, n) for n in range(1, 11)]
