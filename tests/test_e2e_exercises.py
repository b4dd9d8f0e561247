"""End to end: explanations via /exercises buttons, /how, free-text questions, mid-conversation."""

from __future__ import annotations

import pytest
from telegram import Update
from telegram.ext import CommandHandler, ConversationHandler, MessageHandler, filters

from bot.standin import BotApiStandIn, StandInUser
from handlers.context import CoachApplication, CoachContext
from library.exercises import ExerciseCatalog, ExerciseKind
from tests.helpers import say

pytestmark = pytest.mark.e2e


async def test_catalogue_buttons_show_explanations(
    coach: CoachApplication, standin: BotApiStandIn, alice: StandInUser, catalog: ExerciseCatalog
) -> None:
    """/exercises lists warm-up then strength as buttons; pressing one explains it."""
    standin.send_text(alice, "/exercises")
    [menu] = await standin.replies(alice)
    labels = [label for label, _ in menu.buttons]
    assert len(labels) == len(catalog)
    kinds = [catalog.get(data.removeprefix("ex:")).kind for _, data in menu.buttons if data]
    first_strength = kinds.index(ExerciseKind.STRENGTH)
    assert all(k is ExerciseKind.WARMUP for k in kinds[:first_strength])
    assert all(k is ExerciseKind.STRENGTH for k in kinds[first_strength:])
    standin.press_button(alice, menu, "RXX clean")
    [card] = await standin.replies(alice)
    assert card.plain.splitlines()[0] == "RXX clean"
    assert "4 sets × 6 reps each leg" in card.plain
    assert standin.callback_answers, "the button press was not acknowledged"


async def test_how_command_explains_by_nickname(
    coach: CoachApplication, standin: BotApiStandIn, alice: StandInUser
) -> None:
    """`/how SL RDL` explains the single-leg RDL reach."""
    standin.send_text(alice, "/how SL RDL")
    [card] = await standin.replies(alice)
    assert card.plain.startswith("Single-leg RDL reach")
    assert card.text.startswith("<b>")


async def test_how_without_a_name_offers_the_catalogue(
    coach: CoachApplication, standin: BotApiStandIn, alice: StandInUser, catalog: ExerciseCatalog
) -> None:
    """A bare /how says how to use it and offers every exercise as a button."""
    standin.send_text(alice, "/how")
    [reply] = await standin.replies(alice)
    assert "/how hamstring humps" in reply.plain
    assert len(reply.buttons) == len(catalog)


async def test_free_text_question_with_a_typo(
    coach: CoachApplication, standin: BotApiStandIn, alice: StandInUser
) -> None:
    """'how do I do hamstring humsp?' is answered with the humps explanation."""
    standin.send_text(alice, "how do I do hamstring humsp?")
    [card] = await standin.replies(alice)
    assert card.plain.startswith("Hamstring humps")


async def test_vague_question_asks_which_with_buttons(
    coach: CoachApplication, standin: BotApiStandIn, alice: StandInUser
) -> None:
    """'hops' could be several exercises: the bot asks, and the chosen one is explained."""
    standin.send_text(alice, "how do I do the hops?")
    [question] = await standin.replies(alice)
    assert "Which one" in question.plain
    assert len(question.buttons) >= 3
    standin.press_button(alice, question, "Hamstring hops")
    [card] = await standin.replies(alice)
    assert card.plain.startswith("Hamstring hops")


async def test_unknown_exercise_offers_the_catalogue(
    coach: CoachApplication, standin: BotApiStandIn, alice: StandInUser, catalog: ExerciseCatalog
) -> None:
    """A question about an exercise we lack says so and offers the catalogue."""
    standin.send_text(alice, "how do I do copenhagen planks?")
    [reply] = await standin.replies(alice)
    assert "don't know" in reply.plain
    assert "copenhagen planks" in reply.plain
    assert len(reply.buttons) == len(catalog)


@pytest.mark.parametrize(
    "text",
    [
        "/how nordic",
        "/how nordics",
        "/how NHE",
        "/how russian curl",
        "/how hamstring lowers",
        "/how noridc curl",
        "how do I do nordic curls?",
        "how do i do nordcis?",
    ],
)
async def test_nordic_curl_is_explained_by_name_nickname_and_typo(
    coach: CoachApplication, standin: BotApiStandIn, alice: StandInUser, text: str
) -> None:
    """The Nordic hamstring curl (added on evidence) is explained through /how and plain
    questions, by its nicknames and with a typo."""
    standin.send_text(alice, text)
    [card] = await standin.replies(alice)
    assert card.plain.startswith("Nordic hamstring curl")
    assert "Dose: 2 sets × 5–8 reps · slow lowering, about 3 to 5 seconds" in card.plain
    assert "sharp pain" in card.plain


async def test_strength_session_includes_the_nordic_curl(
    coach: CoachApplication, standin: BotApiStandIn, alice: StandInUser, catalog: ExerciseCatalog
) -> None:
    """/strength lists every strength exercise, the Nordic curl last at 2 × 5 to start,
    with its How? button explaining it."""
    card = await say(standin, alice, "/strength")
    assert card.plain.startswith("Strength session")
    strength = catalog.of_kind(ExerciseKind.STRENGTH)
    assert f"{len(strength)}. Nordic hamstring curl — 2 sets × 5 reps" in card.plain
    how = [label for label, _ in card.buttons if label.startswith("❓")]
    assert len(how) == len(strength)
    standin.press_button(alice, card, "Nordic")
    [explained] = await standin.replies(alice)
    assert explained.plain.startswith("Nordic hamstring curl")


async def test_rep_report_is_not_answered_as_a_question(
    coach: CoachApplication, standin: BotApiStandIn, alice: StandInUser
) -> None:
    """'left 12 right 15' never gets an explanation."""
    standin.send_text(alice, "left 12 right 15")
    [reply] = await standin.replies(alice)
    assert "Dose:" not in reply.plain


async def test_question_mid_conversation_is_answered_and_conversation_goes_on(
    coach: CoachApplication, standin: BotApiStandIn, alice: StandInUser
) -> None:
    """Asked in the middle of another conversation, a question is answered and that
    conversation still takes its next answer."""
    waiting_for_city = 1

    async def begin(update: Update, context: CoachContext) -> int:
        assert update.effective_message is not None
        await update.effective_message.reply_text("Which city do you run in?")
        return waiting_for_city

    async def city(update: Update, context: CoachContext) -> int:
        assert update.effective_message is not None
        await update.effective_message.reply_text(f"Noted: {update.effective_message.text}")
        return ConversationHandler.END

    conversation = ConversationHandler(
        entry_points=[CommandHandler("city", begin)],
        states={waiting_for_city: [MessageHandler(filters.TEXT & ~filters.COMMAND, city)]},
        fallbacks=[],
    )
    # Features live in group 0 ahead of the catch-all, as onboarding will.
    coach.handlers[0].insert(0, conversation)
    standin.send_text(alice, "/city")
    [ask] = await standin.replies(alice)
    assert "Which city" in ask.plain
    standin.send_text(alice, "how do I do humps?")
    [card] = await standin.replies(alice)
    assert card.plain.startswith("Hamstring humps")
    standin.send_text(alice, "Lisbon")
    [noted] = await standin.replies(alice)
    assert noted.plain == "Noted: Lisbon"
