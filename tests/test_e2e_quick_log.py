"""End to end: one tap for "as planned" and ➖/➕ per leg, in one message edited in place."""

from __future__ import annotations

import pytest

from bot.standin import BotApiStandIn, SentMessage, StandInUser
from handlers.context import CoachApplication
from storage import Database
from tests.helpers import say, stored_sets

pytestmark = pytest.mark.e2e


async def press_data(
    standin: BotApiStandIn, user: StandInUser, message: SentMessage, data: str
) -> str:
    """Press the button carrying ``data`` (forged if no button does) and wait for its
    answer and the edit it makes, if any: the spinner's text, "" when it had none."""
    answers = len(standin.callback_answers)
    standin.press(user, message, data, forge=True)
    await standin.wait_until(lambda: len(standin.callback_answers) > answers)
    await standin.quiet()
    return str(standin.callback_answers[-1].get("text", ""))


async def press(standin: BotApiStandIn, user: StandInUser, message: SentMessage, label: str) -> str:
    """Press the one button whose label holds ``label``, as :func:`press_data`."""
    return await press_data(standin, user, message, message.callback_data_for(label))


def labels(message: SentMessage) -> list[str]:
    return [label for label, _data in message.buttons]


async def test_as_planned_stores_the_targets_once(
    coach: CoachApplication, standin: BotApiStandIn, alice: StandInUser, database: Database
) -> None:
    """Log reps → "✅ As planned" stores the card's sets at their targets; the message
    turns into the confirmation, and a second press stores nothing."""
    card = await say(standin, alice, "/warmup")
    standin.press_button(alice, card, "Log reps")
    [log] = await standin.replies(alice)
    assert "Hamstring hops" in log.plain
    assert "✅ As planned: 2×20" in labels(log)
    assert await stored_sets(database) == []  # nothing before the tap
    data = log.callback_data_for("As planned")

    standin.press(alice, log, data)  # a double tap: both presses reach the bot
    standin.press(alice, log, data)
    await standin.wait_until(lambda: len(standin.callback_answers) == 2)
    await standin.quiet()
    assert log.edits == 1
    assert "Logged Hamstring hops (2 sets): 20, 20" in log.plain
    assert log.buttons == []
    assert sorted(await stored_sets(database)) == [
        ("hamstring_hops", "both", 1, 20),
        ("hamstring_hops", "both", 2, 20),
    ]

    # an old client still showing the button
    assert "Already saved" in await press_data(standin, alice, log, data)
    assert len(await stored_sets(database)) == 2


async def test_minus_and_plus_adjust_each_leg_in_place(
    coach: CoachApplication, standin: BotApiStandIn, alice: StandInUser, database: Database
) -> None:
    """Per leg: ➖ on the left leg and ➕ twice on the right edit the same message; the
    save button says what it will store, which is what is stored."""
    card = await say(standin, alice, "/warmup")
    await say(standin, alice, "hops 20 20")
    standin.press_button(alice, card, "Log reps")
    [log] = await standin.replies(alice)
    assert "Hamstring humps" in log.plain
    assert "✅ As planned: L 2×8 · R 2×8" in labels(log)
    left_minus = next(d for label, d in log.buttons if label == "➖")
    assert left_minus is not None
    await press_data(standin, alice, log, left_minus)
    assert log.edits == 1
    assert "✅ Save: L 2×7 · R 2×8" in labels(log)
    assert "Left 7" in labels(log)
    for expected in (9, 10):
        plus = [d for label, d in log.buttons if label == "➕"][1]
        assert plus is not None
        await press_data(standin, alice, log, plus)
        assert f"Right {expected}" in labels(log)
    assert "✅ Save: L 2×7 · R 2×10" in labels(log)
    # the other exercises stay below, to log one of them instead
    assert "RXX clean" in labels(log)
    assert await stored_sets(database) == [
        ("hamstring_hops", "both", 1, 20),
        ("hamstring_hops", "both", 2, 20),
    ]

    await press(standin, alice, log, "Save")
    assert "Logged Hamstring humps (2 sets): Left 7, 7 · Right 10, 10" in log.plain
    humps = sorted(row for row in await stored_sets(database) if row[0] == "hamstring_humps")
    assert humps == [
        ("hamstring_humps", "left", 1, 7),
        ("hamstring_humps", "left", 2, 7),
        ("hamstring_humps", "right", 1, 10),
        ("hamstring_humps", "right", 2, 10),
    ]


async def test_a_chosen_exercise_gets_its_quick_log_and_typing_still_works(
    coach: CoachApplication, standin: BotApiStandIn, alice: StandInUser, database: Database
) -> None:
    """Choosing RXX clean under Log reps gives its quick log (4 sets a leg); typing the
    reps instead works as before, and the quick log then stores nothing on its own."""
    card = await say(standin, alice, "/warmup")
    standin.press_button(alice, card, "Log reps")
    [log] = await standin.replies(alice)
    standin.press_button(alice, log, "RXX clean")
    [rxx] = await standin.replies(alice)
    assert "RXX clean" in rxx.plain
    assert "✅ As planned: L 4×6 · R 4×6" in labels(rxx)
    typed = await say(standin, alice, "left 6 6 6 6 right 5 5 5 5")
    assert "Logged RXX clean (4 sets)" in typed.plain
    assert len(await stored_sets(database)) == 8


async def test_forged_counts_and_another_runners_session_store_nothing(
    coach: CoachApplication,
    standin: BotApiStandIn,
    alice: StandInUser,
    bob: StandInUser,
    database: Database,
) -> None:
    """Counts beyond a report's bounds, a leg the exercise does not have, a session that
    is not the presser's: refused with a short answer, nothing stored."""
    card = await say(standin, alice, "/warmup")
    standin.press_button(alice, card, "Log reps")
    [log] = await standin.replies(alice)
    session = log.callback_data_for("As planned").split(":")[1]
    for forged in (
        f"qs:{session}:hamstring_hops:B999",
        f"qs:{session}:hamstring_hops:L20R20",
        f"qs:{session}:not_an_exercise:B20",
        f"ql:{session}:hamstring_hops:B9999",
        "qs:99999:hamstring_hops:B20",
    ):
        assert "out of date" in await press_data(standin, alice, log, forged)
    bobs = await say(standin, bob, "/warmup")  # Alice's session's data on Bob's card
    answers = len(standin.callback_answers)
    standin.press(bob, bobs, f"qs:{session}:hamstring_hops:B20", forge=True)
    await standin.wait_until(lambda: len(standin.callback_answers) > answers)
    assert await stored_sets(database) == []
    assert log.edits == 0


async def test_the_quick_log_speaks_the_runners_language(
    coach: CoachApplication, standin: BotApiStandIn, alice: StandInUser, database: Database
) -> None:
    """A German runner's quick log: "Wie geplant", the legs as L and R, stored alike."""
    await say(standin, alice, "/language de")
    card = await say(standin, alice, "/warmup")
    await say(standin, alice, "hops 20 20")
    standin.press_button(alice, card, "📝")
    [log] = await standin.replies(alice)
    assert "✅ Wie geplant: L 2×8 · R 2×8" in labels(log)
    assert "Alles wie geplant?" in log.plain
    await press(standin, alice, log, "Wie geplant")
    assert "Sprünge mit Kniehub" in log.plain
    assert len(await stored_sets(database)) == 2 + 4
