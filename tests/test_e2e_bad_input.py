"""Bad input through the real path: the Application against the stand-in, in three states.

Every kind of bad input (blank and invisible text, 4,096 characters, emoji, right-to-left
scripts, control characters, huge and negative numbers, SQL- and HTML-looking text,
commands with junk after them, stickers, photos, voice, videos, files, contacts, polls,
dice, impossible locations) is sent by a new runner, by one in the middle of setting up
and by one with a warm-up open (where bare numbers are read as reps). Each gets exactly
one reply that Telegram accepts and that says what to send instead, and the runner's
rows (settings, sessions, reports, sets, deliveries) stay as they were; a new runner
may be registered, nothing more. Edited and forwarded messages are not read (a note says
so, once per message) and group chats get a pointer to the private chat and nothing else.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from bot.standin import BotApiStandIn, SentMessage, StandInGroup, StandInUser
from handlers import chats, fallback
from handlers.context import CoachApplication
from handlers.errors import SOMETHING_WENT_WRONG
from storage import Database
from storage.models import DeliveryRow, ReportRow, ReportSetRow, TrainingSessionRow, UserRow
from tests.helpers import ManualClock

pytestmark = pytest.mark.e2e

Rows = dict[str, list[dict[str, Any]]]
Send = Callable[[BotApiStandIn, StandInUser], int]

BOT_LINK = "t.me/hamstring_coach_bot"
# What a useful reply points at: a command, an example in quotes, or "e.g.".
POINTS_SOMEWHERE = re.compile(r"/[a-z]+|“[^”]+”|e\.g\.")
SEND_METHODS = {"sendmessage", "sendphoto", "senddocument", "editmessagetext"}
STATES = ("new", "setting-up", "warm-up")


def text(value: str) -> Send:
    return lambda standin, user: standin.send_text(user, value)


def message(**fields: Any) -> Send:
    return lambda standin, user: standin.send_message(user, **fields)


def editing(update_id: int, new_text: str) -> Send:
    return lambda standin, user: standin.edit_text(user, update_id, new_text)


BAD_TEXTS: list[tuple[str, Send]] = [
    ("whitespace", text(" ")),
    ("tab and return", text("\t\r\n")),
    ("zero-width space", text("\u200b")),
    ("right-to-left override", text("\u202e")),
    ("4,096 letters", text("x" * 4096)),
    ("4,096 digits", text("1" * 4096)),
    ("4,096-character rep report", text(("left " + "12 " * 1400)[:4096])),
    ("emoji only", text("💪🔥")),
    ("emoji, 2,048 of them", text("🏃" * 2048)),
    ("Arabic words", text("مرحبا، كيف حالك؟")),
    ("Arabic left/right", text("يسار 12 يمين 15")),
    ("Arabic-Indic digits", text("يسار ١٢ يمين ١٥")),
    ("Hebrew left/right", text("שמאל 12 ימין 15")),
    ("huge number", text("left 99999999999999999999 right 5")),
    ("huge number alone", text("99999999999999999999")),
    ("exponent", text("1e309")),
    ("negative number", text("left -5 right 10")),
    ("negative alone", text("-5")),
    ("decimal", text("left 12.5 right 15")),
    ("SQL drop", text("'; DROP TABLE reports; --")),
    ("SQL tautology", text("1 OR 1=1")),
    ("script tag", text("<script>alert(1)</script>")),
    ("unclosed tag", text("<b>left")),
    ("entities", text("&amp; &lt;b&gt; &#0;")),
]
BAD_COMMANDS: list[tuple[str, Send]] = [
    ("/schedule emoji", text("/schedule 💥")),
    ("/schedule impossible time", text("/schedule mon 25:99")),
    ("/lead negative", text("/lead -99999")),
    ("/lead huge", text("/lead 99999999999999999999")),
    ("/lead for this bot", text("/lead@hamstring_coach_bot -5")),
    ("/timezone 300 characters", text("/timezone " + "z" * 300)),
    ("/timezone SQL", text("/timezone '; DROP TABLE users; --")),
    ("/how 4,000 characters", text("/how " + "q" * 4000)),
    ("/how HTML", text("/how <script>alert(1)</script>")),
    ("/progress SQL", text("/progress '; drop")),
    ("/summary emoji", text("/summary 💥")),
    ("/history junk", text("/history 💥 '; --")),
    ("/settings tag", text("/settings <b>")),
    ("unknown command", text("/nonsense 💥")),
    ("unknown long command", text("/" + "a" * 100)),
]
BAD_KINDS: list[tuple[str, Send]] = [
    ("sticker", lambda standin, user: standin.send_sticker(user)),
    ("photo", lambda standin, user: standin.send_photo(user)),
    ("photo with a report", lambda standin, user: standin.send_photo(user, "left 12 right 15")),
    ("photo with /undo", lambda standin, user: standin.send_photo(user, "/undo")),
    ("voice", lambda standin, user: standin.send_voice(user)),
    ("audio", message(audio={"file_id": "a1", "file_unique_id": "au1", "duration": 30})),
    (
        "video note",
        message(
            video_note={"file_id": "n1", "file_unique_id": "nu1", "length": 240, "duration": 9}
        ),
    ),
    (
        "video",
        message(
            video={
                "file_id": "v1",
                "file_unique_id": "vu1",
                "width": 640,
                "height": 480,
                "duration": 5,
            }
        ),
    ),
    ("document", lambda standin, user: standin.send_document(user)),
    (
        "document with a report",
        lambda standin, user: standin.send_document(user, "log.txt", "humps left 8 right 9"),
    ),
    ("contact", message(contact={"phone_number": "+44 20 7946 0000", "first_name": "Bob"})),
    ("dice", message(dice={"emoji": "🎲", "value": 4})),
    ("poll", lambda standin, user: standin.send_poll(user, "Run today?", ["Yes", "No"])),
    ("location out of range", lambda standin, user: standin.share_location(user, 123.0, 500.0)),
]
KINDS = {"texts": BAD_TEXTS, "commands": BAD_COMMANDS, "kinds": BAD_KINDS}
BAD_KINDS_BY_NAME = dict(BAD_KINDS)


# ---------------------------------------------------------------------- helpers
async def say(standin: BotApiStandIn, user: StandInUser, words: str) -> list[SentMessage]:
    standin.send_text(user, words)
    await standin.replies(user)
    await standin.quiet()
    return await standin.replies(user, count=0)


async def enter(standin: BotApiStandIn, user: StandInUser, state: str) -> None:
    """Bring ``user`` into ``state``: nothing for a new runner; /start (the run-days
    question is open) for setting up; a warm-up with two exercises logged, so bare
    numbers would go to the next one, for warm-up."""
    if state == "setting-up":
        [reply] = await say(standin, user, "/start")
        assert "Which days do you run?" in reply.plain
    elif state == "warm-up":
        await say(standin, user, "/warmup")
        for report in ("hops 20", "humps left 8 right 9"):
            [reply] = await say(standin, user, report)
            assert reply.plain.startswith("✅ Logged")


async def rows_of(database: Database, telegram_id: int) -> Rows:
    """Every row about one runner (none if they are not registered)."""
    async with database.unit_of_work() as uow:
        session = uow.session
        users = (
            (await session.execute(select(UserRow).where(UserRow.telegram_user_id == telegram_id)))
            .scalars()
            .all()
        )
        found: Rows = {"user": [_row(user) for user in users]}
        ids = [user.id for user in users]
        for name, table in (
            ("sessions", TrainingSessionRow),
            ("reports", ReportRow),
            ("deliveries", DeliveryRow),
        ):
            result = await session.execute(
                select(table).where(table.user_id.in_(ids)).order_by(table.id)
            )
            found[name] = [_row(row) for row in result.scalars()]
        sets = await session.execute(
            select(ReportSetRow)
            .join(ReportRow, ReportRow.id == ReportSetRow.report_id)
            .where(ReportRow.user_id.in_(ids))
            .order_by(ReportSetRow.id)
        )
        found["sets"] = [_row(row) for row in sets.scalars()]
    return found


def _row(row: Any) -> dict[str, Any]:
    return {column.key: getattr(row, column.key) for column in row.__table__.columns}


def assert_unchanged(before: Rows, after: Rows, name: str) -> None:
    """The same rows; or, for someone who was no runner, at most a fresh registration."""
    if not before["user"] and after["user"]:
        [user] = after["user"]
        assert (user["run_times"], user["onboarding"], user["paused"]) == (
            "",
            None,
            None,
        ), name
        assert after["sessions"] == after["reports"] == after["sets"] == [], name
        return
    assert after == before, name


def assert_helpful(reply: SentMessage, name: str) -> None:
    """Polite and useful: no apology for a crash, no error text, and it points at what
    to send (a command, a quoted example, "e.g.") or offers buttons."""
    words = reply.plain
    assert words != SOMETHING_WENT_WRONG, name
    assert not re.search(r"Traceback|Exception|Error|None\b", words), (name, words)
    assert POINTS_SOMEWHERE.search(words) or reply.buttons, (name, words)


async def one_reply(
    standin: BotApiStandIn, user: StandInUser, send: Send, name: str
) -> SentMessage:
    """Send, wait for the bot to go quiet; exactly one reply, and Telegram took every
    request the bot made (HTML, length, buttons all valid)."""
    calls = len(standin.calls)
    send(standin, user)
    await standin.replies(user)
    await standin.quiet()
    replies = await standin.replies(user, count=0)
    assert len(replies) == 1, (name, [r.plain for r in replies])
    refused = [c for c in standin.calls[calls:] if c.status != 200]
    assert not refused, (name, refused)
    return replies[0]


async def nothing_more(standin: BotApiStandIn, user: StandInUser) -> None:
    """The updates sent so far are handled and none of them was answered: the next
    /help (handled after them, the chat's updates run in order) is the only reply."""
    [reply] = await say(standin, user, "/help")
    assert reply.plain.startswith("What I can do")


# ---------------------------------------------------------------------- bad input
@pytest.mark.parametrize("kind", sorted(KINDS))
@pytest.mark.parametrize("state", STATES)
async def test_bad_input_gets_one_useful_reply_and_changes_nothing(
    coach: CoachApplication,
    standin: BotApiStandIn,
    database: Database,
    alice: StandInUser,
    state: str,
    kind: str,
) -> None:
    """Each bad input, in each state, gets one valid, useful reply and changes no row."""
    for number, (name, send) in enumerate(KINDS[kind]):
        # A new runner is new for each input; the others stay in their state throughout.
        user = StandInUser(id=90_000 + number, first_name="Newcomer") if state == "new" else alice
        if number == 0 or state == "new":
            await enter(standin, user, state)
        before = await rows_of(database, user.id)
        reply = await one_reply(standin, user, send, name)
        assert_helpful(reply, name)
        if state == "setting-up" and kind == "kinds" and name != "location out of range":
            assert "Back to your set-up: Which days do you run?" in reply.plain, name
        assert_unchanged(before, await rows_of(database, user.id), name)


@pytest.mark.parametrize(
    ("name", "send", "expected"),
    [
        ("sticker", lambda s, u: s.send_sticker(u), fallback.STICKER),
        ("photo", lambda s, u: s.send_photo(u), fallback.PHOTO),
        (
            "photo with a caption",
            lambda s, u: s.send_photo(u, "left 12 right 15"),
            f"{fallback.PHOTO}\n{fallback.CAPTION_NOTE}",
        ),
        ("voice", lambda s, u: s.send_voice(u), fallback.VOICE),
        ("document", lambda s, u: s.send_document(u), fallback.DOCUMENT),
        ("contact", BAD_KINDS_BY_NAME["contact"], fallback.CONTACT),
        ("dice", BAD_KINDS_BY_NAME["dice"], fallback.DICE),
        ("poll", BAD_KINDS_BY_NAME["poll"], fallback.POLL),
        ("video", BAD_KINDS_BY_NAME["video"], fallback.VIDEO),
        ("emoji", text("💪🔥"), fallback.SYMBOLS_ONLY),
        ("invisible", text("\u200b\u202e"), fallback.EMPTY),
        ("Arabic", text("يسار 12 يمين 15"), fallback.NOT_ENGLISH),
        ("numbers among words", text("1 OR 1=1"), fallback.NUMBERS_NOT_READ),
        ("words", text("'; DROP TABLE reports; --"), fallback.NOT_UNDERSTOOD),
    ],
)
async def test_each_kind_is_told_what_to_send_instead(
    coach: CoachApplication,
    standin: BotApiStandIn,
    alice: StandInUser,
    name: str,
    send: Send,
    expected: str,
) -> None:
    """A sticker, photo, voice message, file or unreadable text each get their own reply."""
    reply = await one_reply(standin, alice, send, name)
    assert reply.plain == expected


@pytest.mark.parametrize(
    "report",
    [
        "\u202eleft 12 right 15",
        "\u202bleft 12 right 15\u202c",
        "<b>left</b> 12 right <i>15",
        "left 12 right 15'); DELETE FROM reports; --",
    ],
)
async def test_a_report_inside_noise_is_stored_once(
    coach: CoachApplication,
    standin: BotApiStandIn,
    database: Database,
    alice: StandInUser,
    report: str,
) -> None:
    """Invisible marks, tags or SQL around a real report: stored once, as plain numbers."""
    await enter(standin, alice, "warm-up")
    before = await rows_of(database, alice.id)
    reply = await one_reply(standin, alice, text(report), report)
    assert reply.plain.startswith("✅ Logged"), reply.plain
    assert "Left 12 · Right 15" in reply.plain
    after = await rows_of(database, alice.id)
    assert len(after["reports"]) == len(before["reports"]) + 1
    new_sets = [(s["leg"], s["reps"]) for s in after["sets"][len(before["sets"]) :]]
    assert sorted(new_sets) == [("left", 12), ("right", 15)]
    async with database.unit_of_work() as uow:  # every table is still there, rows and all
        for table in (UserRow, ReportRow, ReportSetRow, TrainingSessionRow):
            assert await uow.session.scalar(select(func.count()).select_from(table))


# ---------------------------------------------------------------------- edits and forwards
async def test_an_edited_rep_report_is_not_stored_again(
    coach: CoachApplication, standin: BotApiStandIn, database: Database, alice: StandInUser
) -> None:
    """Editing a report stores nothing new and keeps the first; one note, for the first edit."""
    await enter(standin, alice, "warm-up")
    report = standin.send_text(alice, "left 10 right 11")
    await standin.replies(alice)
    await standin.quiet()
    before = await rows_of(database, alice.id)
    reply = await one_reply(
        standin, alice, lambda s, u: s.edit_text(u, report, "left 12 right 13"), "edit"
    )
    assert reply.plain == chats.EDIT_NOTE
    assert_helpful(reply, "edit")
    standin.edit_text(alice, report, "left 14 right 15")  # a second edit: no second note
    await nothing_more(standin, alice)
    after = await rows_of(database, alice.id)
    assert after == before
    assert [(s["leg"], s["reps"]) for s in after["sets"]][-2:] == [("left", 10), ("right", 11)]


async def test_edited_commands_do_not_run(
    coach: CoachApplication, standin: BotApiStandIn, database: Database, alice: StandInUser
) -> None:
    """A message edited into /undo or /warmup removes nothing and opens nothing."""
    await enter(standin, alice, "warm-up")
    before = await rows_of(database, alice.id)
    for original, edited in (("/settings", "/undo"), ("/history", "/warmup")):
        update_id = standin.send_text(alice, original)
        await standin.replies(alice)
        await standin.quiet()
        reply = await one_reply(standin, alice, editing(update_id, edited), edited)
        assert reply.plain == chats.EDIT_NOTE
    assert await rows_of(database, alice.id) == before


async def test_an_edited_set_up_answer_changes_nothing(
    coach: CoachApplication, standin: BotApiStandIn, database: Database, alice: StandInUser
) -> None:
    """Editing an answered set-up question leaves the answer and the next question as they are."""
    await enter(standin, alice, "setting-up")
    answer = standin.send_text(alice, "mon wed fri")
    await standin.replies(alice)
    await standin.quiet()
    before = await rows_of(database, alice.id)
    assert before["user"][0]["onboarding"] == "time"
    reply = await one_reply(standin, alice, lambda s, u: s.edit_text(u, answer, "daily"), "edit")
    assert reply.plain == chats.EDIT_NOTE
    assert await rows_of(database, alice.id) == before


async def test_a_moving_live_location_is_not_answered(
    coach: CoachApplication, standin: BotApiStandIn, database: Database, alice: StandInUser
) -> None:
    """A live location sets the zone once; its moves (edits) get no reply and change nothing."""
    shared = standin.send_message(
        alice, location={"latitude": 40.7128, "longitude": -74.006, "live_period": 900}
    )
    [reply] = await standin.replies(alice)
    assert "America/New_York" in reply.plain
    await standin.quiet()
    before = await rows_of(database, alice.id)
    for step in range(3):
        standin.edit_message(
            alice,
            shared,
            location={"latitude": 48.85 + step, "longitude": 2.35, "live_period": 900},
        )
    await nothing_more(standin, alice)
    assert await rows_of(database, alice.id) == before


async def test_a_forwarded_report_is_not_stored(
    coach: CoachApplication,
    standin: BotApiStandIn,
    database: Database,
    alice: StandInUser,
    bob: StandInUser,
) -> None:
    """Someone else's reps, forwarded, are not logged as the runner's: a note instead."""
    await enter(standin, alice, "warm-up")
    before = await rows_of(database, alice.id)
    reply = await one_reply(
        standin, alice, lambda s, u: s.forward_text(u, "left 12 right 15", origin=bob), "forward"
    )
    assert reply.plain == chats.FORWARD_NOTE
    assert await rows_of(database, alice.id) == before


# ---------------------------------------------------------------------- group chats
GROUP = StandInGroup(-1001234567890, "Saturday long run")


def assert_pointer(message: SentMessage) -> None:
    assert BOT_LINK in message.plain
    assert "private chat" in message.plain
    buttons = [b for row in (message.reply_markup or {})["inline_keyboard"] for b in row]
    assert [b.get("url") for b in buttons] == [f"https://{BOT_LINK}"]


async def test_a_command_in_a_group_gets_a_pointer_and_touches_nothing(
    coach: CoachApplication,
    standin: BotApiStandIn,
    database: Database,
    alice: StandInUser,
    bob: StandInUser,
) -> None:
    """/warmup and a report in a group: one pointer there, no runner, chat or report changed."""
    await enter(standin, alice, "warm-up")
    before = await rows_of(database, alice.id)
    private = len(standin.messages_to(alice))
    standin.send_text(alice, "left 12 right 15", group=GROUP)
    standin.send_text(alice, "/warmup", group=GROUP)
    [pointer] = await standin.replies(GROUP)
    assert_pointer(pointer)
    standin.send_text(bob, "/start@hamstring_coach_bot", group=GROUP)
    await nothing_more(standin, alice)
    assert await rows_of(database, alice.id) == before  # her chat id is still her own
    assert (await rows_of(database, bob.id))["user"] == []
    assert len(standin.messages_to(alice)) == private + 1  # only the /help above
    assert len(standin.messages_to(GROUP)) == 1


async def test_a_busy_group_gets_at_most_one_pointer_per_ten_minutes(
    coach: CoachApplication,
    standin: BotApiStandIn,
    database: Database,
    clock: ManualClock,
    alice: StandInUser,
    bob: StandInUser,
) -> None:
    """Chatter not addressed to the bot gets nothing; addressed messages one pointer per
    group every ten minutes; nobody is registered."""
    chatter = standin.send_text(bob, "great run today, left 12 right 15", group=GROUP)
    standin.send_text(alice, "how do I do humps?", group=GROUP)
    standin.send_sticker(bob, group=GROUP)
    standin.send_photo(alice, "finish line", group=GROUP)
    standin.send_text(bob, "/start@some_other_bot", group=GROUP)
    standin.edit_text(bob, chatter, "/start")
    standin.send_text(alice, "@hamstring_coach_bot are you there?", group=GROUP)
    [pointer] = await standin.replies(GROUP)
    assert_pointer(pointer)
    bot_message = {
        "message_id": pointer.message_id,
        "date": pointer.date,
        "chat": GROUP.as_json(),
        "from": {"id": coach.bot.id, "is_bot": True, "first_name": "Hamstring Coach"},
        "text": pointer.plain,
    }
    standin.send_text(bob, "/settings", group=GROUP)
    standin.send_message(bob, group=GROUP, text="thanks!", reply_to_message=bot_message)
    clock.advance(timedelta(minutes=10))
    standin.send_message(alice, group=GROUP, text="ok", reply_to_message=bot_message)
    [second] = await standin.replies(GROUP)
    assert_pointer(second)
    await nothing_more(standin, alice)
    assert len(standin.messages_to(GROUP)) == 2
    assert (await rows_of(database, alice.id))["user"] == []
    assert (await rows_of(database, bob.id))["user"] == []


async def test_being_added_to_a_group_says_where_the_bot_works(
    coach: CoachApplication, standin: BotApiStandIn, database: Database, bob: StandInUser
) -> None:
    """When someone adds the bot to a group, it says once that it works in private chats."""
    standin.add_bot_to_group(bob, GROUP)
    [pointer] = await standin.replies(GROUP)
    assert_pointer(pointer)
    assert (await rows_of(database, bob.id))["user"] == []


async def test_a_button_pressed_in_a_group_is_answered_with_the_pointer(
    coach: CoachApplication, standin: BotApiStandIn, database: Database, bob: StandInUser
) -> None:
    """A (forged) session button pressed in a group: the notice points to a private chat,
    no message is sent and no row written."""
    standin.send_text(bob, "/start", group=GROUP)
    [pointer] = await standin.replies(GROUP)
    for data in ("wd:1", "del:yes:1795000000", "ob:later"):
        standin.press(bob, pointer, data, forge=True, group=GROUP)
    await standin.wait_until(lambda: len(standin.callback_answers) == 3)
    await standin.quiet()
    assert all(BOT_LINK in answer["text"] for answer in standin.callback_answers)
    assert len(standin.messages_to(GROUP)) == 1
    assert (await rows_of(database, bob.id))["user"] == []


async def test_channel_posts_are_not_answered(
    coach: CoachApplication, standin: BotApiStandIn, database: Database, bob: StandInUser
) -> None:
    """A post in a channel the bot is in gets no reply (it would go to every subscriber)."""
    channel = StandInGroup(-1009876543210, "Club news", type="channel")
    posted = standin.send_text(bob, "/start@hamstring_coach_bot", group=channel)
    await standin.wait_until(lambda: standin.acknowledged(posted))
    await nothing_more(standin, bob)
    assert standin.messages_to(channel) == []
    assert [c for c in standin.calls if c.params.get("chat_id") == channel.chat_id] == []
