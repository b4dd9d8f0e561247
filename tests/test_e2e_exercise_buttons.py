"""End to end: buttons that refer to an exercise carry its id, not its catalogue position.

A button stays in the chat long after it was sent, across deploys: reordering
library/data/exercises.toml must not make it log reps to another exercise. Buttons in the
old positional format, and forged ones, get a friendly answer and change nothing.
"""

from __future__ import annotations

import pytest

import bot.application
from bot.application import build_application, load_catalog, running
from bot.settings import Settings
from bot.standin import BotApiStandIn, SentMessage, StandInUser
from handlers.context import CoachApplication
from library.exercises import ExerciseCatalog, ExerciseKind
from storage import Database
from tests.helpers import TEST_TOKEN, ManualClock, say, snapshot, stored_sets

pytestmark = pytest.mark.e2e

MAX_CALLBACK_BYTES = 64


def button_data(message: SentMessage) -> list[str]:
    return [data for _, data in message.buttons if data is not None]


def session_of(card: SentMessage) -> int:
    return int(card.callback_data_for("Log reps").removeprefix("wl:"))


async def answers_to(standin: BotApiStandIn, count: int) -> list[str]:
    """The texts of the first ``count`` button answers, once the bot is quiet."""
    await standin.wait_until(lambda: len(standin.callback_answers) >= count)
    await standin.quiet()
    assert len(standin.callback_answers) == count
    return [str(answer.get("text", "")) for answer in standin.callback_answers]


async def test_every_exercise_button_carries_the_exercise_id(
    coach: CoachApplication,
    standin: BotApiStandIn,
    alice: StandInUser,
    bob: StandInUser,
    catalog: ExerciseCatalog,
    database: Database,
) -> None:
    """How? on the card, the Log reps choice and "which exercise was that?" all carry
    the exercise's id, and every callback data fits Telegram's 64 bytes."""
    warmups = catalog.of_kind(ExerciseKind.WARMUP)
    card = await say(standin, alice, "/warmup")
    session = session_of(card)
    how = [data for label, data in card.buttons if label.startswith("❓")]
    assert how == [f"ex:{e.id}" for e in warmups]

    standin.press_button(alice, card, "Log reps")
    [choice] = await standin.replies(alice)
    chosen = [(label, data) for label, data in choice.buttons if data and data.startswith("lg:")]
    assert chosen == [(e.name, f"lg:{session}:{e.id}") for e in warmups]
    quick = [data for _label, data in choice.buttons if data and data.startswith("q")]
    assert all(data.split(":")[2] == warmups[0].id for data in quick if data != "qn:")
    # The longest id in the catalogue, pressed: the prompt and the report are its own.
    longest = max(warmups, key=lambda e: len(e.id))
    standin.press(alice, choice, f"lg:{session}:{longest.id}")
    [prompt] = await standin.replies(alice)
    assert longest.name in prompt.plain
    logged = await say(standin, alice, "left 4 4 right 5 5")
    assert f"Logged {longest.name}" in logged.plain

    question = await say(standin, bob, "left 10 right 12")  # no session, no name
    per_leg = [e for e in catalog if e.per_leg]
    assert question.buttons == [(e.name, f"ra:{e.id}:L10R12") for e in per_leg]

    everything = [data for m in standin.sent for data in button_data(m)]
    assert everything
    assert all(len(d.encode()) <= MAX_CALLBACK_BYTES for d in everything)
    assert (longest.id, "right", 2, 5) in await stored_sets(database)


async def test_reordering_the_catalogue_does_not_move_a_button(
    settings: Settings,
    standin: BotApiStandIn,
    clock: ManualClock,
    database: Database,
    bob: StandInUser,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Buttons sent before a deploy that reverses the catalogue still mean their exercise."""
    app = build_application(settings, token=TEST_TOKEN, base_url=standin.base_url, clock=clock)
    async with running(app):
        question = await say(standin, bob, "left 10 right 12")
        card = await say(standin, bob, "/warmup")
        standin.press_button(bob, card, "Log reps")
        [choice] = await standin.replies(bob)

    reordered = ExerciseCatalog(reversed(list(load_catalog())))
    monkeypatch.setattr(bot.application, "load_catalog", lambda: reordered)
    app = build_application(settings, token=TEST_TOKEN, base_url=standin.base_url, clock=clock)
    async with running(app):
        assert app.bot_data["services"].catalog is reordered
        standin.press_button(bob, question, "Hamstring humps")
        [logged] = await standin.replies(bob)
        assert "Logged Hamstring humps" in logged.plain
        standin.press_button(bob, card, "RXX")
        [how] = await standin.replies(bob)
        assert how.plain.startswith("RXX clean")
        standin.press_button(bob, choice, "Single-leg hops: over the shoulder")
        [prompt] = await standin.replies(bob)
        assert "Single-leg hops: over the shoulder" in prompt.plain
        hops = await say(standin, bob, "left 7 right 8")
        assert "Logged Single-leg hops: over the shoulder" in hops.plain
    assert await stored_sets(database) == [
        ("hamstring_humps", "left", 1, 10),
        ("hamstring_humps", "right", 1, 12),
        ("single_leg_hops_over_shoulder", "left", 1, 7),
        ("single_leg_hops_over_shoulder", "right", 1, 8),
    ]


async def test_an_old_positional_button_is_out_of_date_and_saves_nothing(
    coach: CoachApplication, standin: BotApiStandIn, bob: StandInUser, database: Database
) -> None:
    """ "Which exercise was that?" buttons sent before ids carried the catalogue index
    (ra:1:... was Hamstring humps): such a press is answered as out of date, nothing is
    saved or sent, and the current buttons on the same message still work."""
    question = await say(standin, bob, "left 10 right 12")
    before = await snapshot(database, bob.id)
    for old in ("ra:1:L10R12", "ra:0:B20.20", "ra:12:L10R12!"):
        standin.press(bob, question, old, forge=True)
    answers = await answers_to(standin, 3)
    assert all("out of date" in text and "nothing was saved" in text for text in answers)
    assert len(standin.messages_to(bob)) == 1
    assert await snapshot(database, bob.id) == before
    standin.press_button(bob, question, "Hamstring humps")
    [logged] = await standin.replies(bob)
    assert "Logged Hamstring humps" in logged.plain


async def test_forged_card_buttons_get_a_friendly_answer_and_change_nothing(
    coach: CoachApplication, standin: BotApiStandIn, bob: StandInUser, database: Database
) -> None:
    """Unknown ids, ids too long, an exercise not in the session, garbage and session
    numbers out of range: each press is answered in words, no message is sent (not even
    "something went wrong"), no row changes."""
    card = await say(standin, bob, "/warmup")
    session = session_of(card)
    before = await snapshot(database, bob.id)
    forged = [
        "ra:no_such_exercise:L10R12",
        "ra:" + "a" * 41 + ":L10R12",
        "ra:" + "x" * 80,
        "ra:garbage",
        "ra:hamstring_humps:",
        "ra:hamstring_humps:L1٢R12",  # a digit, but not an ASCII one
        "ra:Hamstring_humps:L10R12",
        f"lg:{session}:no_such_exercise",
        f"lg:{session}:" + "a" * 41,
        f"lg:{session}:hip_bridge_45",  # a real exercise, not in this warm-up
        f"lg:{session}:rxx_clean:rxx_clean",
        f"lg:{session}:",
        "lg:abc:rxx_clean",
        "lg:9999999999999999999:rxx_clean",
        "lg:99999999999999999999:rxx_clean",
        "lg:",
        "ex:no_such_exercise",
        "ex:" + "z" * 70,
        # The card's session buttons: digits int() refuses, or the database can't hold.
        "wl:²",
        "wd:٣",
        "ws:99999999999999999999",
        "sz:2147483648",
        "wd:-1",
    ]
    for data in forged:
        standin.press(bob, card, data, forge=True)
    answers = await answers_to(standin, len(forged))
    assert all(text.strip() for text in answers), answers
    assert len(standin.messages_to(bob)) == 1
    assert await snapshot(database, bob.id) == before
