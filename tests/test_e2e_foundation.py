"""End to end: the real python-telegram-bot Application against the stand-in over loopback HTTP."""

from __future__ import annotations

import io
import logging

import pytest
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import CommandHandler

from bot.console import ConsoleChat
from bot.standin import BotApiStandIn, StandInUser
from handlers import COMMAND_MENU
from handlers.context import CoachApplication, CoachContext
from handlers.errors import SOMETHING_WENT_WRONG
from storage import Database
from tests.helpers import ManualClock

pytestmark = pytest.mark.e2e


async def test_start_greets_and_stores_the_user(
    coach: CoachApplication,
    standin: BotApiStandIn,
    alice: StandInUser,
    database_url: str,
    clock: ManualClock,
) -> None:
    """/start answers with a greeting, what the bot does and the next step, and saves the runner."""
    standin.send_text(alice, "/start")
    [reply] = await standin.replies(alice)
    lines = reply.plain.splitlines()
    assert "Alice" in lines[0]
    assert sum(line.startswith("•") for line in lines) == 3
    assert "/help" in lines[-1]
    database = Database(database_url)
    async with database.unit_of_work() as uow:
        profile = await uow.users.get(alice.id)
    await database.dispose()
    assert profile is not None
    assert (profile.chat_id, profile.name) == (alice.chat_id, "Alice Runner")
    assert profile.timezone == "Europe/London"
    assert profile.created_at == clock()


async def test_second_start_welcomes_back(
    coach: CoachApplication, standin: BotApiStandIn, alice: StandInUser
) -> None:
    """A runner who sends /start again is recognised, not registered twice."""
    standin.send_text(alice, "/start")
    await standin.replies(alice)
    standin.send_text(alice, "/start")
    [again] = await standin.replies(alice)
    assert "Welcome back" in again.plain


async def test_help_lists_every_command_once(
    coach: CoachApplication, standin: BotApiStandIn, alice: StandInUser
) -> None:
    """/help has one line per command of the menu, each with its description."""
    standin.send_text(alice, "/help")
    [reply] = await standin.replies(alice)
    for command in COMMAND_MENU:
        [line] = [line for line in reply.plain.splitlines() if line.startswith(f"/{command.name} ")]
        assert command.description in line


async def test_command_menu_is_registered_at_start(
    coach: CoachApplication, standin: BotApiStandIn
) -> None:
    """setMyCommands publishes the same commands that /help lists."""
    assert standin.commands == [
        {"command": c.name, "description": c.description} for c in COMMAND_MENU
    ]


@pytest.mark.parametrize("text", ["what's up?", "/nonsense", "🤷"])
async def test_unknown_input_points_to_help(
    coach: CoachApplication, standin: BotApiStandIn, alice: StandInUser, text: str
) -> None:
    """Anything the bot does not understand gets a reply that says so and mentions /help."""
    standin.send_text(alice, text)
    [reply] = await standin.replies(alice)
    assert "/help" in reply.plain
    if text.startswith("/"):
        assert "/nonsense" in reply.plain


async def test_sticker_gets_a_reply(
    coach: CoachApplication, standin: BotApiStandIn, alice: StandInUser
) -> None:
    """Non-text messages are answered too, never met with silence."""
    standin.send_message(
        alice,
        sticker={
            "file_id": "s",
            "file_unique_id": "s",
            "width": 1,
            "height": 1,
            "is_animated": False,
            "is_video": False,
            "type": "regular",
        },
    )
    [reply] = await standin.replies(alice)
    assert "/help" in reply.plain


async def test_stale_button_is_answered(
    coach: CoachApplication, standin: BotApiStandIn, alice: StandInUser
) -> None:
    """A button the bot no longer knows is acknowledged so the client stops spinning."""
    standin.send_text(alice, "/start")
    [reply] = await standin.replies(alice)
    reply.reply_markup = {"inline_keyboard": [[{"text": "Old", "callback_data": "gone:1"}]]}
    standin.press(alice, reply, "gone:1")
    await standin.wait_until(lambda: len(standin.callback_answers) == 1)
    assert "any more" in standin.callback_answers[0]["text"]


async def test_a_failing_handler_is_logged_and_the_user_told(
    coach: CoachApplication,
    standin: BotApiStandIn,
    alice: StandInUser,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """An exception in a handler is logged with the user id and the user gets an apology."""

    async def explode(update: Update, context: CoachContext) -> None:
        raise RuntimeError("kaboom")

    coach.add_handler(CommandHandler("explode", explode), group=-1)
    with caplog.at_level(logging.ERROR, logger="handlers.errors"):
        standin.send_text(alice, "/explode")
        replies = await standin.replies(alice)
    assert replies[0].plain == SOMETHING_WENT_WRONG
    [record] = [r for r in caplog.records if r.name == "handlers.errors"]
    assert f"user={alice.id}" in record.getMessage()
    assert record.exc_info is not None
    assert "kaboom" in str(record.exc_info[1])


async def test_users_are_kept_apart(
    coach: CoachApplication, standin: BotApiStandIn, alice: StandInUser, bob: StandInUser
) -> None:
    """Each runner gets their own reply in their own chat."""
    standin.send_text(alice, "/start")
    standin.send_text(bob, "/start")
    [to_alice] = await standin.replies(alice)
    [to_bob] = await standin.replies(bob)
    assert "Alice" in to_alice.plain
    assert "Bob" not in to_alice.plain
    assert "Bob" in to_bob.plain


async def test_ptb_uploads_edits_and_actions_reach_the_stand_in(
    coach: CoachApplication, standin: BotApiStandIn, alice: StandInUser
) -> None:
    """What python-telegram-bot really sends for photos, documents, actions and edits is parsed."""
    standin.send_text(alice, "/start")
    await standin.replies(alice)
    png = b"\x89PNG\r\n\x1a\n" + b"0" * 64
    photo = await coach.bot.send_photo(
        alice.chat_id, photo=png, caption="<b>Left</b> vs right", parse_mode="HTML"
    )
    document = await coach.bot.send_document(
        alice.chat_id, document=b"day,reps\n1,12\n", filename="log.csv"
    )
    await coach.bot.send_chat_action(alice.chat_id, "upload_photo")
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Done", callback_data="done:1")]])
    sent = await coach.bot.send_message(alice.chat_id, "Warm-up", reply_markup=keyboard)
    await coach.bot.edit_message_reply_markup(alice.chat_id, sent.message_id, reply_markup=None)
    by_method = {m.method: m for m in standin.messages_to(alice)}
    assert by_method["sendphoto"].file is not None
    assert by_method["sendphoto"].file.data == png
    assert by_method["sendphoto"].plain == "Left vs right"
    assert photo.caption == "Left vs right"
    assert by_method["senddocument"].file is not None
    assert by_method["senddocument"].file.filename == "log.csv"
    assert document.document is not None
    assert document.document.file_name == "log.csv"
    assert standin.chat_actions[-1]["action"] == "upload_photo"
    assert standin.messages_to(alice)[-1].reply_markup is None


async def test_console_numbers_buttons_and_presses_them(
    coach: CoachApplication, standin: BotApiStandIn, alice: StandInUser
) -> None:
    """The console shows inline buttons as [#N label] and `#N` presses the right one."""
    out = io.StringIO()
    chat = ConsoleChat(standin, alice, out)
    standin.listeners.append(chat.show)
    standin.send_text(alice, "/help")
    await standin.replies(alice)
    keyboard = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton("How?", callback_data="how:1"),
                InlineKeyboardButton("Done", callback_data="done:1"),
            ]
        ]
    )
    await coach.bot.send_message(
        alice.chat_id, "<i>Warm-up</i>", parse_mode="HTML", reply_markup=keyboard
    )
    assert "coach> Warm-up" in out.getvalue()
    assert "[#1 How?]  [#2 Done]" in out.getvalue()
    update_id = chat.say("#2")
    assert update_id is not None
    await standin.wait_until(lambda: standin.acknowledged(update_id))
    await standin.wait_until(lambda: len(standin.callback_answers) == 1)
