"""End to end: "▶️ Guide me" walks through the warm-up one step at a time in the card's
own message, storing each step as it is done, exactly once, across a restart too."""

from __future__ import annotations

from collections import Counter

import pytest
from sqlalchemy import select

from bot.application import running
from bot.settings import Settings
from bot.standin import BotApiStandIn, SentMessage, StandInUser
from handlers.context import CoachApplication
from library.languages import Language
from storage import Database
from storage.models import TrainingSessionRow
from tests.helpers import ManualClock, say, start_bot, stored_sets, worded

pytestmark = pytest.mark.e2e

GUIDE = "gd:"
# The first warm-up: hops 2×20, humps 2×8 a leg, three single-leg hops until form falters
# (one set a leg), RXX clean 4×6 a leg.
STEPS = 2 + 4 + 6 + 8


async def press_data(
    standin: BotApiStandIn, user: StandInUser, message: SentMessage, data: str
) -> str:
    """Press the button carrying ``data`` (forged if no button does: an old client) and
    wait for its answer and the edit it makes: the spinner's text, "" when none."""
    answers = len(standin.callback_answers)
    standin.press(user, message, data, forge=True)
    await standin.wait_until(lambda: len(standin.callback_answers) > answers)
    await standin.quiet()
    return str(standin.callback_answers[-1].get("text", ""))


def guide_button(card: SentMessage) -> str:
    [data] = [d for _label, d in card.buttons if d is not None and d.startswith(GUIDE)]
    return data


def done_data(message: SentMessage) -> str:
    """The step's ✅ Done, or for a set without a target its middle count."""
    steps = [d for _label, d in message.buttons if d is not None and d.startswith(GUIDE)]
    done = [d for d in steps if d.endswith(":d")]
    if done:
        return done[0]
    counts = [d for d in steps if ":n" in d]
    assert counts, message.buttons
    return counts[len(counts) // 2]


async def do_step(standin: BotApiStandIn, user: StandInUser, message: SentMessage) -> str:
    return await press_data(standin, user, message, done_data(message))


async def session_status(database: Database) -> list[str]:
    async with database.unit_of_work() as uow:
        rows = await uow.session.execute(select(TrainingSessionRow.status))
        return [status for (status,) in rows]


async def test_a_guided_warm_up_run_to_its_end_stores_every_step(
    coach: CoachApplication, standin: BotApiStandIn, alice: StandInUser, database: Database
) -> None:
    """/warmup → Guide me → a step at a time in the card's message, each stored as it is
    done; the end shows what was logged and closes the session as done."""
    card = await say(standin, alice, "/warmup")
    assert "▶️ Guide me" in [label for label, _data in card.buttons]
    await press_data(standin, alice, card, guide_button(card))
    assert card.edits == 1
    assert f"step 1 of {STEPS}" in card.plain
    assert "Hamstring hops" in card.plain
    assert "Both feet · set 1 of 2" in card.plain
    assert "Target: 20 reps" in card.plain
    assert "💡" in card.plain
    assert [label for label, _data in card.buttons] == ["✅ Done", "⏭ Skip", "⏹ Stop"]

    for number in range(1, STEPS + 1):
        if number == 7:  # the first single-leg hops: no target, counts around a dozen
            assert "Until form falters. How many did you do?" in card.plain
            counts = [label for label, _data in card.buttons if label.isdigit()]
            assert counts == [str(n) for n in range(9, 17)]
        if number == 8:  # its right leg: no more than the left did (13, the middle count)
            assert "Right · set 1 of 1" in card.plain
        assert f"step {number} of {STEPS}" in card.plain
        assert len(await stored_sets(database)) == number - 1  # stored as it goes
        await do_step(standin, alice, card)
    assert card.edits == 1 + STEPS
    assert standin.messages_to(alice)[-1] is card  # one message, edited in place

    stored = await stored_sets(database)
    per_exercise = Counter((exercise, leg) for exercise, leg, _number, _reps in stored)
    assert per_exercise == {
        ("hamstring_hops", "both"): 2,
        ("hamstring_humps", "left"): 2,
        ("hamstring_humps", "right"): 2,
        ("single_leg_hops_forward_back", "left"): 1,
        ("single_leg_hops_forward_back", "right"): 1,
        ("single_leg_hops_side_to_side", "left"): 1,
        ("single_leg_hops_side_to_side", "right"): 1,
        ("single_leg_hops_over_shoulder", "left"): 1,
        ("single_leg_hops_over_shoulder", "right"): 1,
        ("rxx_clean", "left"): 4,
        ("rxx_clean", "right"): 4,
    }
    reps = {(exercise, leg): r for exercise, leg, _number, r in stored}
    assert reps[("hamstring_hops", "both")] == 20
    assert reps[("hamstring_humps", "right")] == 8
    assert reps[("rxx_clean", "left")] == 6
    assert reps[("single_leg_hops_forward_back", "left")] == 13

    assert "every step done or skipped" in card.plain
    assert "Hamstring humps: Left 8, 8 · Right 8, 8" in card.plain
    assert "RXX clean: Left 6, 6, 6, 6 · Right 6, 6, 6, 6" in card.plain
    assert "Nice work — session done. You logged 6 exercises. Have a great run!" in card.plain
    assert card.buttons == []
    assert await session_status(database) == ["done"]

    # The steps add up per exercise: every humps set was at target, so it goes up.
    later = await say(standin, alice, "/warmup")
    assert "Left 9 → Right 9" in later.plain

    # /history shows each exercise once, its sets in the order they were done
    history = (await say(standin, alice, "/history")).plain
    assert "Hamstring humps: Left 8, 8 · Right 8, 8" in history
    assert history.count("RXX clean") == 1


def labels(message: SentMessage) -> list[str]:
    return [label for label, _data in message.buttons]


async def test_the_weaker_leg_goes_first_and_the_stronger_does_no_more(
    coach: CoachApplication, standin: BotApiStandIn, alice: StandInUser, database: Database
) -> None:
    """After "forward back hops left 9 right 12" the left leg is the weaker: the guide
    asks it first, offers counts around 9 (more on ▶️), and holds the right leg to what
    the left just did."""
    await say(standin, alice, "/warmup")
    typed = await say(standin, alice, "forward back hops left 9 right 12")
    assert "Logged Single-leg hops: forward and back" in typed.plain
    card = await say(standin, alice, "/warmup")
    await press_data(standin, alice, card, guide_button(card))
    for _step in range(6):
        await press_data(standin, alice, card, card.callback_data_for("Skip"))
    assert "step 7 of" in card.plain
    assert "Left · set 1 of 1 (weaker leg first)" in card.plain
    assert "Until form falters — last time 9. How many did you do?" in card.plain
    assert labels(card)[:8] == [str(n) for n in range(6, 14)]
    await press_data(standin, alice, card, card.callback_data_for("▶️"))
    assert labels(card)[:8] == [str(n) for n in range(14, 22)]
    await press_data(standin, alice, card, card.callback_data_for("◀️"))
    await press(standin, alice, card, "11")
    assert "Right · set 1 of 1" in card.plain
    assert "No more than your left leg just did: 11. How many did you do?" in card.plain
    assert labels(card)[:8] == [str(n) for n in range(4, 12)]
    assert "▶️" not in labels(card)
    await press(standin, alice, card, "10")
    guided = [row for row in await stored_sets(database) if row[0].startswith("single")][2:]
    assert guided == [
        ("single_leg_hops_forward_back", "left", 1, 11),
        ("single_leg_hops_forward_back", "right", 1, 10),
    ]


async def press(standin: BotApiStandIn, user: StandInUser, message: SentMessage, label: str) -> str:
    """Press the one button whose label is exactly ``label``."""
    [data] = [d for text, d in message.buttons if text == label and d is not None]
    return await press_data(standin, user, message, data)


async def test_a_double_tap_and_an_old_steps_button_store_nothing_twice(
    coach: CoachApplication, standin: BotApiStandIn, alice: StandInUser, database: Database
) -> None:
    card = await say(standin, alice, "/warmup")
    await press_data(standin, alice, card, guide_button(card))
    first = done_data(card)

    answers = len(standin.callback_answers)
    standin.press(alice, card, first)  # a double tap: both presses reach the bot
    standin.press(alice, card, first)
    await standin.wait_until(lambda: len(standin.callback_answers) == answers + 2)
    await standin.quiet()
    assert "done already" in str(standin.callback_answers[-1].get("text"))
    assert await stored_sets(database) == [("hamstring_hops", "both", 1, 20)]
    assert "step 2 of" in card.plain

    await do_step(standin, alice, card)  # step 2
    assert len(await stored_sets(database)) == 2
    # an old client still showing step 1's button
    assert "out of date" in await press_data(standin, alice, card, first)
    assert "step 3 of" in card.plain
    assert len(await stored_sets(database)) == 2

    # Skip, then the skipped step's button again: still skipped, nothing stored.
    skip = card.callback_data_for("Skip")
    await press_data(standin, alice, card, skip)
    assert "step 4 of" in card.plain
    assert "out of date" in await press_data(standin, alice, card, skip.replace(":s", ":d"))
    assert "step 4 of" in card.plain
    assert len(await stored_sets(database)) == 2

    # Forged: a count on a set with a target, a step out of range, another session.
    session = first.split(":")[1]
    for forged in (f"{GUIDE}{session}:3:4:n99", f"{GUIDE}{session}:40:0:d", f"{GUIDE}999:0:0:d"):
        assert "out of date" in await press_data(standin, alice, card, forged)
    assert len(await stored_sets(database)) == 2


async def test_stop_halfway_keeps_what_was_recorded_and_resume_goes_on(
    coach: CoachApplication, standin: BotApiStandIn, alice: StandInUser, database: Database
) -> None:
    card = await say(standin, alice, "/warmup")
    await press_data(standin, alice, card, guide_button(card))
    for _step in range(3):
        await do_step(standin, alice, card)
    await press_data(standin, alice, card, card.callback_data_for("Stop"))
    assert "guide stopped" in card.plain
    assert "Hamstring hops: 20, 20" in card.plain
    assert "Hamstring humps: Left 8" in card.plain
    assert "RXX clean: nothing logged" in card.plain
    assert [label for label, _data in card.buttons] == ["▶️ Resume", "✅ Done"]
    assert len(await stored_sets(database)) == 3
    assert await session_status(database) == ["open"]  # typed reports still go to it

    typed = await say(standin, alice, "rxx left 6 6 6 6 right 6 6 6 6")
    assert "Logged RXX clean" in typed.plain
    await press_data(standin, alice, card, card.callback_data_for("Resume"))
    assert "step 4 of" in card.plain  # the humps' right leg, set 1
    assert "Right · set 1 of 2" in card.plain

    # Stop again, then the card's Done closes the session; a guide button is then refused.
    await press_data(standin, alice, card, card.callback_data_for("Stop"))
    session = card.callback_data_for("Resume").split(":")[1]
    await press_data(standin, alice, card, card.callback_data_for("Done"))
    assert await session_status(database) == ["done"]
    assert card.buttons == []
    stored = len(await stored_sets(database))
    assert "closed" in await press_data(standin, alice, card, f"{GUIDE}{session}:3:0:d")
    assert len(await stored_sets(database)) == stored


async def test_a_restart_mid_guide_continues_from_the_stored_steps(
    settings: Settings,
    standin: BotApiStandIn,
    clock: ManualClock,
    alice: StandInUser,
    database: Database,
) -> None:
    first = await start_bot(settings, standin, clock)
    async with running(first):
        card = await say(standin, alice, "/warmup")
        await press_data(standin, alice, card, guide_button(card))
        for _step in range(3):
            await do_step(standin, alice, card)
        step_four = done_data(card)
    assert "step 4 of" in card.plain
    second = await start_bot(settings, standin, clock)
    async with running(second):
        answers = len(standin.callback_answers)
        standin.press(alice, card, step_four)  # a double tap on the new bot
        standin.press(alice, card, step_four)
        await standin.wait_until(lambda: len(standin.callback_answers) == answers + 2)
        await standin.quiet()
        assert "done already" in str(standin.callback_answers[-1].get("text"))
        assert "step 5 of" in card.plain
        assert len(await stored_sets(database)) == 4
        await do_step(standin, alice, card)
        assert "step 6 of" in card.plain
        assert len(await stored_sets(database)) == 5


async def test_pain_typed_during_the_guide_ends_it(
    coach: CoachApplication, standin: BotApiStandIn, alice: StandInUser, database: Database
) -> None:
    """A report that speaks of pain, typed halfway, ends the guide at the next press: no
    more steps today, the session closes with its go-easy words, nothing more stored."""
    card = await say(standin, alice, "/warmup")
    await press_data(standin, alice, card, guide_button(card))
    await do_step(standin, alice, card)
    hurt = await say(standin, alice, "humps left 8 right 8, left hamstring hurts")
    assert "Logged Hamstring humps" in hurt.plain
    stored = len(await stored_sets(database))
    await do_step(standin, alice, card)
    assert "You mentioned pain today" in card.plain
    assert card.buttons == []
    assert len(await stored_sets(database)) == stored
    assert await session_status(database) == ["done"]


async def test_a_strength_session_is_guided_too(
    coach: CoachApplication, standin: BotApiStandIn, alice: StandInUser, database: Database
) -> None:
    card = await say(standin, alice, "/strength")
    await press_data(standin, alice, card, guide_button(card))
    assert "Strength session · step 1 of" in card.plain
    assert "Swiss ball hamstring curl" in card.plain
    await do_step(standin, alice, card)
    assert await stored_sets(database) == [("swiss_ball_hamstring_curl", "both", 1, 15)]


async def test_a_german_runner_is_guided_in_german(
    coach: CoachApplication, standin: BotApiStandIn, alice: StandInUser, database: Database
) -> None:
    await say(standin, alice, "/language de")
    card = await say(standin, alice, "/warmup")
    start = guide_button(card)
    assert "Führ mich durch" in next(label for label, d in card.buttons if d == start)
    await press_data(standin, alice, card, start)
    de = Language.DE
    assert worded(de, "▶️ <b>{title}</b> · step {step} of {steps}").search(card.plain)
    assert "Aufwärmen vor dem Lauf" in card.plain
    assert "Fußgelenksprünge" in card.plain
    assert worded(de, "Both feet · set {number} of {sets}").search(card.plain)
    assert worded(de, "Target: {count} rep", "Target: {count} reps", 20).search(card.plain)
    await do_step(standin, alice, card)
    await press_data(standin, alice, card, done_data(card).replace(":d", ":x"))
    assert worded(de, "⏹ <b>{title}</b>: guide stopped.").search(card.plain)
    assert len(await stored_sets(database)) == 1
