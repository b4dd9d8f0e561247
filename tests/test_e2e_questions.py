"""End to end, issue 16: a question about one aspect gets that aspect first, kit questions
are answered, and the plain words "warmup", "done" and "skip" do what their buttons do."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.standin import BotApiStandIn, StandInUser
from handlers.context import CoachApplication
from handlers.fallback import NOT_UNDERSTOOD
from handlers.plain_words import NOTHING_OPEN_DONE, NOTHING_OPEN_SKIP
from storage import Database
from storage.models import TrainingSessionRow
from tests.helpers import say, stored_sets

pytestmark = pytest.mark.e2e


async def session_statuses(database: Database) -> list[str]:
    """The status of every training session, oldest first."""
    async with database.unit_of_work() as uow:
        rows = await uow.session.execute(
            select(TrainingSessionRow.status).order_by(TrainingSessionRow.id)
        )
        return [str(status) for (status,) in rows]


async def answers(standin: BotApiStandIn, count: int) -> list[str]:
    """The texts of the first ``count`` callback answers (the little pop-ups)."""
    await standin.wait_until(lambda: len(standin.callback_answers) >= count)
    return [str(answer.get("text", "")) for answer in standin.callback_answers]


# --- questions about one aspect --------------------------------------------------------


async def test_a_landing_question_answers_the_landing_first(
    coach: CoachApplication, standin: BotApiStandIn, alice: StandInUser
) -> None:
    """'how should I land on the hamstring hops' puts the hops' landing lines first, then
    the dose, with one button to the whole explanation, which it then shows."""
    reply = await say(standin, alice, "how should I land on the hamstring hops")
    lines = reply.plain.splitlines()
    assert lines[0] == "Hamstring hops · landing"
    assert lines[2] == "Landing"
    assert "• Come down on the balls of your feet." in lines
    # The mistake about landing comes under "Avoid", never among the instructions.
    avoid = lines.index("Avoid")
    assert lines.index("• Landing flat-footed or on the heels") > avoid
    assert lines.index("• Come down on the balls of your feet.") < avoid
    assert "Stand tall" not in reply.plain  # the set-up is not part of the answer
    assert lines[-1].startswith("Dose: 2 sets × 20 reps")
    [(label, _)] = reply.buttons
    assert "All about Hamstring hops" in label
    standin.press_button(alice, reply, "All about")
    [full] = await standin.replies(alice)
    assert full.plain.startswith("Hamstring hops")
    assert "Set-up: Stand tall" in full.plain


@pytest.mark.parametrize(
    ("question", "heading", "first"),
    [
        ("what are the cues for humps", "Hamstring humps · what to think about", "Think"),
        ("rdl form", "Dumbbell Romanian deadlift · good form", "Think"),
        (
            "common mistakes with the bridge",
            "Hip bridge, knees at 90 degrees · common mistakes",
            "Avoid",
        ),
        ("easier version of humps", "Hamstring humps · easier version", "Easier: March forward"),
        ("how do I make humps harder", "Hamstring humps · harder version", "Harder: Cover more"),
        ("is the swiss ball curl safe", "Swiss ball hamstring curl · safety", "⚠️"),
        ("how many reps of humps", "Hamstring humps · how much", "Dose: 2 sets × 8–10 reps"),
        ("what's the tempo for rxx", "RXX clean · tempo", "Tempo: quick and snappy"),
        ("what am I doing wrong with nordics", "Nordic hamstring curl · common mistakes", "Avoid"),
    ],
)
async def test_an_aspect_question_gets_that_aspect_first(
    coach: CoachApplication,
    standin: BotApiStandIn,
    alice: StandInUser,
    question: str,
    heading: str,
    first: str,
) -> None:
    """The reply opens with the exercise and the aspect, then that part of the
    explanation; the rest is one button away."""
    reply = await say(standin, alice, question)
    lines = reply.plain.splitlines()
    assert lines[0] == heading
    assert lines[2].startswith(first)
    assert "All about" in reply.buttons[0][0]


async def test_an_ambiguous_aspect_question_keeps_the_aspect_on_its_buttons(
    coach: CoachApplication, standin: BotApiStandIn, alice: StandInUser
) -> None:
    """'hops cues' asks which hops; the chosen one's cues come back, not the whole card."""
    which = await say(standin, alice, "hops cues")
    assert which.plain == "Which one do you mean?"
    standin.press_button(alice, which, "Single-leg hops: forward and back")
    [cues] = await standin.replies(alice)
    assert cues.plain.startswith("Single-leg hops: forward and back · what to think about")
    assert "• Light, quick landings" in cues.plain
    assert "Set-up" not in cues.plain


async def test_an_equipment_led_name_is_understood(
    coach: CoachApplication, standin: BotApiStandIn, alice: StandInUser
) -> None:
    """'barbell exercise' is the RXX clean; 'ball exercise' asks which ball exercise."""
    barbell = await say(standin, alice, "barbell exercise")
    assert barbell.plain.startswith("RXX clean")
    ball = await say(standin, alice, "ball exercise")
    assert ball.plain == "Which one do you mean?"
    labels = [label for label, _ in ball.buttons]
    assert any("Swiss ball hamstring curl" in label for label in labels)
    assert any("Medicine ball lunge" in label for label in labels)


# --- kit questions ---------------------------------------------------------------------


async def test_whats_a_vipr_is_answered(
    coach: CoachApplication, standin: BotApiStandIn, alice: StandInUser
) -> None:
    """What a ViPR is, which exercises use it, and what to hold instead."""
    reply = await say(standin, alice, "what's a ViPR?")
    lines = reply.plain.splitlines()
    assert lines[0] == "ViPR"
    assert "rubber tube" in lines[1]
    assert "Used in: Single-leg hops: forward and back" in reply.plain
    assert "No ViPR? Holding a light dumbbell in each hand; or with no weight" in reply.plain
    assert reply.plain.count("No ViPR") == 1  # the three hops share one stand-in line
    assert "/kit" in reply.plain


async def test_what_kit_do_i_need_lists_every_piece(
    coach: CoachApplication, standin: BotApiStandIn, alice: StandInUser
) -> None:
    """Every piece of kit with the exercises that use it and its stand-in."""
    reply = await say(standin, alice, "what kit do I need")
    assert reply.plain.startswith("Kit for the exercises")
    for line in ("ViPR:", "Dumbbells: Dumbbell Romanian deadlift", "Barbell: RXX clean"):
        assert line in reply.plain
    assert "No barbell? With a broomstick in place of the bar." in reply.plain
    assert "don't need to buy anything" in reply.plain


async def test_do_i_need_a_barbell_is_a_kit_answer_not_an_exercise(
    coach: CoachApplication, standin: BotApiStandIn, alice: StandInUser
) -> None:
    reply = await say(standin, alice, "do I need a barbell")
    assert reply.plain.startswith("Barbell\n")
    assert "Used in: RXX clean" in reply.plain


# --- plain words that do what buttons do -----------------------------------------------


@pytest.mark.parametrize("words", ["warmup", "warm-up", "What should I do before my run?"])
async def test_plain_warmup_sends_the_card(
    coach: CoachApplication,
    standin: BotApiStandIn,
    alice: StandInUser,
    database: Database,
    words: str,
) -> None:
    """The same card as /warmup, with its buttons, and a session opened."""
    card = await say(standin, alice, words)
    assert card.plain.startswith("Pre-run warm-up")
    assert {"✅ Done", "⏭ Skip"} <= {label for label, _ in card.buttons}
    assert await session_statuses(database) == ["open"]


async def test_plain_done_closes_the_open_session_like_the_button(
    coach: CoachApplication, standin: BotApiStandIn, alice: StandInUser, database: Database
) -> None:
    """'done' closes the warm-up as done with the button's words; the button then finds
    it closed, and a report after it is not logged to it."""
    card = await say(standin, alice, "/warmup")
    await say(standin, alice, "hops 20 20")
    done = await say(standin, alice, "done")
    assert done.plain == "Nice work — session done. You logged 1 exercise. Have a great run!"
    assert await session_statuses(database) == ["done"]
    standin.press_button(alice, card, "Done")
    assert (await answers(standin, 1))[0] == "That session is already closed."
    again = await say(standin, alice, "all done!")
    assert again.plain == NOTHING_OPEN_DONE


async def test_plain_skip_skips_the_open_warmup_like_the_button(
    coach: CoachApplication, standin: BotApiStandIn, alice: StandInUser, database: Database
) -> None:
    """'skip' closes the open warm-up as skipped; the ⏭ Skip button then finds it closed."""
    card = await say(standin, alice, "/warmup")
    skipped = await say(standin, alice, "skip it")
    assert skipped.plain == "Skipped — no problem. Your targets stay where they are."
    assert await session_statuses(database) == ["skipped"]
    standin.press_button(alice, card, "Skip")
    assert (await answers(standin, 1))[0] == "That session is already closed."


async def test_plain_skip_without_an_open_session_points_to_skip(
    coach: CoachApplication, standin: BotApiStandIn, alice: StandInUser, database: Database
) -> None:
    """With nothing open, 'skip' changes nothing and says how to skip the next run's
    warm-up instead."""
    reply = await say(standin, alice, "skip")
    assert reply.plain.startswith(NOTHING_OPEN_SKIP)
    assert await session_statuses(database) == []


async def test_done_with_numbers_stays_a_report_and_small_talk_is_not_a_command(
    coach: CoachApplication, standin: BotApiStandIn, alice: StandInUser, database: Database
) -> None:
    """'done 20 20' is logged as reps, not taken for the Done button; 'I'm done with
    work' and 'skip the small talk' close nothing."""
    await say(standin, alice, "/warmup")
    logged = await say(standin, alice, "done 20 20")
    assert "Logged Hamstring hops (2 sets): 20, 20" in logged.plain
    for remark in ("I'm done with work", "skip the small talk"):
        reply = await say(standin, alice, remark)
        assert reply.plain == NOT_UNDERSTOOD
    assert await session_statuses(database) == ["open"]
    assert len(await stored_sets(database)) == 2


async def test_plain_done_after_strength_wishes_no_run(
    coach: CoachApplication, standin: BotApiStandIn, alice: StandInUser, database: Database
) -> None:
    """'done' on a strength session closes it with the button's strength wording: no
    'Have a great run!' after /strength."""
    await say(standin, alice, "/strength")
    done = await say(standin, alice, "finished")
    assert done.plain.startswith("Nice work — session done.")
    assert "run" not in done.plain
    assert await session_statuses(database) == ["done"]
