"""End to end: /warmup, reports by text and through "Log reps", /undo, adapted second warm-up."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from bot.standin import BotApiStandIn, StandInUser
from handlers.context import CoachApplication
from storage import Database
from storage.models import TrainingSessionRow
from tests.helpers import say, stored_sets

pytestmark = pytest.mark.e2e


async def test_warmup_report_undo_and_adapted_second_warmup(
    coach: CoachApplication, standin: BotApiStandIn, alice: StandInUser, database: Database
) -> None:
    """The whole loop: warm-up, reports, undo, and the next warm-up adapted to them."""
    card = await say(standin, alice, "/warmup")
    assert card.plain.startswith("Pre-run warm-up")
    assert "Hamstring humps — 2 sets\n    Left 8 → Right 8" in card.plain
    labels = [label for label, _ in card.buttons]
    assert sum(label.startswith("❓") for label in labels) == 6
    assert {"📝 Log reps", "✅ Done", "⏭ Skip"} <= set(labels)

    # "How?" on the warm-up explains the exercise
    standin.press_button(alice, card, "RXX")
    [how] = await standin.replies(alice)
    assert how.plain.startswith("RXX clean")

    # a report by text: two-footed hops first, then left/right goes to the humps
    hops = await say(standin, alice, "hops 20 20")
    assert "Logged Hamstring hops (2 sets): 20, 20" in hops.plain
    humps = await say(standin, alice, "left 8 8 right 10 10 💪")
    assert "Logged Hamstring humps (2 sets): Left 8, 8 · Right 10, 10" in humps.plain
    assert "that's your baseline" in humps.plain  # one session: no weaker leg named yet
    assert "Next up: Single-leg hops: forward and back" in humps.plain

    # a report through "Log reps": choose the RXX clean, then send the numbers
    standin.press_button(alice, card, "Log reps")
    [choice] = await standin.replies(alice)
    standin.press_button(alice, choice, "RXX clean")
    [prompt] = await standin.replies(alice)
    assert "RXX clean" in prompt.plain
    missing = await say(standin, alice, "6 6 6 6")
    assert "both legs" in missing.plain
    rxx = await say(standin, alice, "left 6 6 6 6 right 5 5 5 5")
    assert "Logged RXX clean (4 sets)" in rxx.plain

    sets = await stored_sets(database)
    assert len(sets) == 2 + 4 + 8
    assert ("hamstring_humps", "left", 2, 8) in sets
    assert ("rxx_clean", "right", 4, 5) in sets

    undone = await say(standin, alice, "/undo")
    assert "Removed your last report: RXX clean — Left 6, 6, 6, 6 · Right 5, 5, 5, 5" in (
        undone.plain
    )
    assert len(await stored_sets(database)) == 6

    # the next warm-up: humps target up to 9, left first, right capped at the left's 8
    second = await say(standin, alice, "/warmup")
    assert (
        "Hamstring humps — 2 sets\n    Left 9 → Right: match your left, up to 9 (weaker leg first)"
        in second.plain
    )
    assert "RXX clean — 4 sets\n    Left 6 → Right 6" in second.plain


async def test_bad_reports_store_nothing(
    coach: CoachApplication, standin: BotApiStandIn, alice: StandInUser, database: Database
) -> None:
    """Out-of-range numbers and a missing leg get a clear reply and nothing is stored."""
    await say(standin, alice, "/warmup")
    for text, fragment in [
        ("humps left 300 right 5", "0 to 200"),
        ("humps left 10", "both legs"),
        ("humps left 10.5 right 9", "Whole reps"),
    ]:
        reply = await say(standin, alice, text)
        assert fragment in reply.plain
        assert "Nothing saved" in reply.plain
    assert await stored_sets(database) == []


async def test_report_without_session_asks_which_exercise(
    coach: CoachApplication, standin: BotApiStandIn, bob: StandInUser, database: Database
) -> None:
    """With no session and no name, the bot asks with buttons and stores on the choice."""
    question = await say(standin, bob, "left 10 right 12")
    assert "Which exercise was that?" in question.plain
    assert all(
        "hops: " in label
        or "Hamstring humps" in label
        or "RXX" in label
        or "RDL" in label
        or "lunge" in label
        for label, _ in question.buttons
    )
    standin.press_button(bob, question, "Hamstring humps")
    [logged] = await standin.replies(bob, count=1)
    assert "Logged Hamstring humps" in logged.plain
    assert len(await stored_sets(database)) == 2


async def test_done_and_skip_close_the_session(
    coach: CoachApplication, standin: BotApiStandIn, alice: StandInUser, database: Database
) -> None:
    """Done and Skip close the session, keep the How? buttons and answer once."""
    card = await say(standin, alice, "/warmup")
    standin.press_button(alice, card, "Done")
    [done] = await standin.replies(alice)
    assert "session done" in done.plain
    assert all(label.startswith("❓") for label, _ in card.buttons)
    second = await say(standin, alice, "/strength")
    assert second.plain.startswith("Strength session")
    standin.press_button(alice, second, "Skip")
    [skipped] = await standin.replies(alice)
    assert "Skipped" in skipped.plain
    async with database.unit_of_work() as uow:
        statuses = (
            (
                await uow.session.execute(
                    select(TrainingSessionRow.status).order_by(TrainingSessionRow.id)
                )
            )
            .scalars()
            .all()
        )
    assert statuses == ["done", "skipped"]


async def test_forged_session_button_cannot_touch_another_runner(
    coach: CoachApplication,
    standin: BotApiStandIn,
    alice: StandInUser,
    bob: StandInUser,
    database: Database,
) -> None:
    """Bob forging Alice's session id in a button changes nothing of Alice's."""
    alice_card = await say(standin, alice, "/warmup")
    bob_card = await say(standin, bob, "/warmup")
    alice_done = alice_card.callback_data_for("Done")
    standin.press(bob, bob_card, alice_done, forge=True)
    await standin.wait_until(lambda: len(standin.callback_answers) == 1)
    assert "already closed" in standin.callback_answers[0]["text"]
    async with database.unit_of_work() as uow:
        open_sessions = await uow.session.execute(
            select(func.count())
            .select_from(TrainingSessionRow)
            .where(TrainingSessionRow.status == "open")
        )
    assert open_sessions.scalar_one() == 2


async def test_pain_report_holds_progression_and_advises(
    coach: CoachApplication, standin: BotApiStandIn, alice: StandInUser
) -> None:
    """A report that mentions pain is stored, and the reply advises rest or a professional."""
    await say(standin, alice, "/strength")
    reply = await say(standin, alice, "swiss ball curl 15 15 15, back of my knee hurts")
    assert "Logged Swiss ball hamstring curl" in reply.plain
    assert "holding your targets" in reply.plain
    assert "physio" in reply.plain


async def test_log_reps_offers_the_whole_session_next_unlogged_first(
    coach: CoachApplication, standin: BotApiStandIn, alice: StandInUser, database: Database
) -> None:
    """Issue 19: after the hops and humps are logged, 📝 Log reps offers the next exercise
    first, then the whole card in order with the logged ones ticked, below the quick log
    of the exercise at hand; a second set of humps goes in through it."""
    card = await say(standin, alice, "/warmup")
    await say(standin, alice, "hops 20 20")
    await say(standin, alice, "humps left 8 8 right 10 10")
    standin.press_button(alice, card, "Log reps")
    [choice] = await standin.replies(alice)
    assert choice.plain.startswith("Send your reps for Single-leg hops: forward and back")
    exercises = [label for label, data in choice.buttons if data and data.startswith("lg:")]
    assert exercises == [
        "Single-leg hops: forward and back",
        "✓ Hamstring hops",
        "✓ Hamstring humps",
        "Single-leg hops: side to side",
        "Single-leg hops: over the shoulder",
        "RXX clean",
    ]
    standin.press_button(alice, choice, "✓ Hamstring humps")
    [prompt] = await standin.replies(alice)
    assert "Hamstring humps" in prompt.plain
    again = await say(standin, alice, "left 9 right 10")
    assert "Logged Hamstring humps (1 set): Left 9 · Right 10" in again.plain
    humps = [row for row in await stored_sets(database) if row[0] == "hamstring_humps"]
    assert len(humps) == 6  # 2 + 2 sets, then 1 + 1


async def test_numbers_as_words_are_stored_as_digits(
    coach: CoachApplication, standin: BotApiStandIn, alice: StandInUser, database: Database
) -> None:
    """Issue 19: "left twelve right fifteen" typed is stored as 12 and 15, like the digits;
    "twenty twenty" goes to the two-footed hops, "two each" is two reps a leg."""
    await say(standin, alice, "/warmup")
    hops = await say(standin, alice, "hops twenty twenty")
    assert "Logged Hamstring hops (2 sets): 20, 20" in hops.plain
    humps = await say(standin, alice, "left twelve right fifteen")
    assert "Logged Hamstring humps (1 set): Left 12 · Right 15" in humps.plain
    small = await say(standin, alice, "rxx two each")
    assert "Logged RXX clean (1 set): Left 2 · Right 2" in small.plain
    sets = await stored_sets(database)
    assert ("hamstring_humps", "left", 1, 12) in sets
    assert ("hamstring_humps", "right", 1, 15) in sets
    assert ("rxx_clean", "right", 1, 2) in sets
    assert len(sets) == 2 + 2 + 2
