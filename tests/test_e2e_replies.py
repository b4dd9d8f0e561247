"""End to end, issue 16 "one voice per reply": the replies of the issue's examples are
consistent over the real Telegram path, the card says what changed since last time, and
a number far from the target asks "did you mean …?" before anything is stored."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from bot.standin import BotApiStandIn, SentMessage, StandInUser
from handlers.context import CoachApplication
from handlers.i18n import _
from handlers.report_desk import SPLIT_THE_REPORT
from handlers.report_questions import QUESTION_UNDONE
from handlers.training import DOUBT_CANCELLED, STALE_DOUBT
from storage import Database
from tests.helpers import ManualClock, say, snapshot, stored_sets

pytestmark = pytest.mark.e2e

LEG_WORDS = re.compile(r"\b(?:left|right|legs?)\b", re.IGNORECASE)
RUN_TALK = re.compile(r"\b(?:run|runs|running)\b", re.IGNORECASE)


def said_lines(reply: SentMessage) -> str:
    """What the reply says about the next time: without its first line (which repeats
    what was logged) and the next exercise's name."""
    lines = reply.plain.splitlines()[1:]
    return "\n".join(line for line in lines if not line.startswith("Next up"))


def card_numbers(card: str, exercise: str) -> set[int]:
    """The numbers on ``exercise``'s legs line of a card."""
    lines = card.splitlines()
    index = next(i for i, line in enumerate(lines) if exercise in line and line[:1].isdigit())
    return {int(n) for n in re.findall(r"\d+", lines[index + 1])}


async def test_the_issues_examples_get_consistent_replies(
    coach: CoachApplication, standin: BotApiStandIn, alice: StandInUser, clock: ManualClock
) -> None:
    """Equal legs are never called weaker; the number said is the next card's; two-footed
    hops never talk about legs; "until form falters" never says "next time N reps"."""
    await say(standin, alice, "/warmup")
    even = await say(standin, alice, "humps 8 each side")
    assert "Logged Hamstring humps (1 set): Left 8 · Right 8" in even.plain
    assert not re.search("weaker|fewer", even.plain)
    assert "that's your baseline" in even.plain
    hops = await say(standin, alice, "hops 20 20")
    assert not LEG_WORDS.search(said_lines(hops))
    vipr = await say(standin, alice, "vipr hops left 7 right 11")
    assert not re.search(r"next time \d", vipr.plain)
    assert "Your left leg managed 7" in vipr.plain

    clock.advance(timedelta(days=2))
    card = (await say(standin, alice, "/warmup")).plain
    uneven = await say(standin, alice, "humps left 10 10 right 9 9")
    said = {int(n) for n in re.findall(r"next time (\d+) reps|up to (\d+)", uneven.plain)[0] if n}
    assert "Right did fewer reps today, so it goes first next time" in uneven.plain
    harder = await say(standin, alice, "hops 20 20")
    assert "harder version" in harder.plain
    assert not LEG_WORDS.search(said_lines(harder))
    vipr = await say(standin, alice, "vipr hops left 9 right 9")
    assert "Your left leg managed 9, up from 7." in vipr.plain
    assert "Both legs level today" in vipr.plain
    assert not re.search(r"next time \d", vipr.plain)

    clock.advance(timedelta(days=2))
    card = (await say(standin, alice, "/warmup")).plain
    assert said <= card_numbers(card, "Hamstring humps")  # the reply's number is the card's


async def test_strength_replies_never_talk_about_the_run(
    coach: CoachApplication, standin: BotApiStandIn, alice: StandInUser
) -> None:
    """/strength, a report and ✅ Done: no run talk; a warm-up's Done still wishes a good run."""
    card = await say(standin, alice, "/strength")
    report = await say(standin, alice, "swiss ball curl 15 15 15")
    assert not RUN_TALK.search(report.plain)
    standin.press_button(alice, card, "Done")
    [done] = await standin.replies(alice)
    assert "session done" in done.plain
    assert not RUN_TALK.search(done.plain)
    warmup = await say(standin, alice, "/warmup")
    standin.press_button(alice, warmup, "Done")
    [done] = await standin.replies(alice)
    assert "Have a great run!" in done.plain


async def test_a_pain_report_never_says_progression_happened(
    coach: CoachApplication, standin: BotApiStandIn, alice: StandInUser
) -> None:
    """Every set at the target, but sore: the targets are held and nothing about progress."""
    await say(standin, alice, "/warmup")
    reply = await say(standin, alice, "humps left 10 10 right 10 10, hamstring a bit sore")
    assert "holding your targets" in reply.plain
    assert not re.search("Target reached|next time \\d|harder version|Next up", reply.plain)


@pytest.mark.parametrize("close", ["button", "words"])
async def test_closing_a_session_with_pain_in_it_wishes_no_great_run(
    coach: CoachApplication, standin: BotApiStandIn, alice: StandInUser, close: str
) -> None:
    """Pain came up in the warm-up: Done (the button or the word) says to go easy, not
    "Have a great run!"."""
    card = await say(standin, alice, "/warmup")
    await say(standin, alice, "hops 20 20, hamstring a bit sore")
    if close == "button":
        standin.press_button(alice, card, "Done")
        [done] = await standin.replies(alice)
    else:
        done = await say(standin, alice, "done")
    assert "go easy" in done.plain
    assert "great run" not in done.plain


async def test_the_card_says_what_changed_since_last_time(
    coach: CoachApplication, standin: BotApiStandIn, alice: StandInUser, clock: ManualClock
) -> None:
    """First card: the baseline. After humps at target and an uneven RXX: the humps are
    up and the RXX's right goes first. After a session that changes nothing: the same."""
    first = (await say(standin, alice, "/warmup")).plain
    assert "First session: this one sets your baseline." in first
    await say(standin, alice, "humps left 8 8 right 8 8")
    await say(standin, alice, "rxx L 6 6 6 6 R 4 5 4 4")
    clock.advance(timedelta(days=2))
    second = (await say(standin, alice, "/warmup")).plain
    assert "Since last time: Hamstring humps up to 9; RXX clean: right goes first." in second
    assert card_numbers(second, "Hamstring humps") == {9}
    await say(standin, alice, "humps left 8 8 right 8 8")  # short of 9: the target stays
    clock.advance(timedelta(days=2))
    third = (await say(standin, alice, "/warmup")).plain
    assert "Same as last time." in third
    strength = (await say(standin, alice, "/strength")).plain
    assert "First session: this one sets your baseline." in strength


async def ask(standin: BotApiStandIn, alice: StandInUser) -> SentMessage:
    """A first humps session at 8 (target now 9), then 150 on the left: the question."""
    await say(standin, alice, "/warmup")
    await say(standin, alice, "humps left 8 8 right 8 8")
    question = await say(standin, alice, "humps left 150 150 right 9 9")
    assert question.plain == (
        "150 reps on the Hamstring humps is a lot more than your target of 9 — did you "
        "mean 15? Nothing is saved until you choose."
    )
    labels = [label for label, _ in question.buttons]
    assert labels == ["Yes, 15", "No, 150 is right", "Cancel"]
    return question


FIRST_HUMPS = [("hamstring_humps", leg, n, 8) for leg in ("left", "right") for n in (1, 2)]


@pytest.mark.parametrize(
    ("button", "left"),
    [("Yes, 15", 15), ("No, 150 is right", 150)],
)
async def test_a_far_number_asks_before_storing(
    coach: CoachApplication,
    standin: BotApiStandIn,
    alice: StandInUser,
    database: Database,
    button: str,
    left: int,
) -> None:
    """Nothing is stored before the answer; Yes stores 15, No stores 150, once, and the
    buttons are gone."""
    question = await ask(standin, alice)
    assert sorted(await stored_sets(database)) == sorted(FIRST_HUMPS)
    standin.press_button(alice, question, button)
    [logged] = await standin.replies(alice)
    assert f"Logged Hamstring humps (2 sets): Left {left}, {left} · Right 9, 9" in logged.plain
    stored = await stored_sets(database)
    assert stored[len(FIRST_HUMPS) :] == [
        ("hamstring_humps", "left", 1, left),
        ("hamstring_humps", "left", 2, left),
        ("hamstring_humps", "right", 1, 9),
        ("hamstring_humps", "right", 2, 9),
    ]
    assert standin.messages_to(alice)[-2].buttons == []


async def test_cancel_stores_nothing(
    coach: CoachApplication, standin: BotApiStandIn, alice: StandInUser, database: Database
) -> None:
    question = await ask(standin, alice)
    before = await snapshot(database, alice.id)
    standin.press_button(alice, question, "Cancel")
    [cancelled] = await standin.replies(alice)
    assert cancelled.plain == DOUBT_CANCELLED
    await standin.quiet()
    assert await snapshot(database, alice.id) == before
    assert standin.messages_to(alice)[-2].buttons == []


async def test_forged_and_stale_answers_change_nothing(
    coach: CoachApplication, standin: BotApiStandIn, alice: StandInUser, database: Database
) -> None:
    """A forged "keep" on the question (data no button of it carries), then Yes pressed
    twice before the bot answers: one report stored, every other press answered as
    stale, and a press after the buttons are gone too."""
    question = await ask(standin, alice)
    before = await snapshot(database, alice.id)
    for forged in ("rk:hamstring_humps:L199.199R9.9", "rk:nosuch:B9", "rk:"):
        standin.press(alice, question, forged, forge=True)
    await standin.wait_until(lambda: len(standin.callback_answers) >= 3)
    await standin.quiet()
    assert [a.get("text") for a in standin.callback_answers[:3]] == [STALE_DOUBT] * 3
    assert await snapshot(database, alice.id) == before
    standin.press_button(alice, question, "Yes, 15")
    standin.press_button(alice, question, "Yes, 15")  # a double tap: both before any answer
    await standin.wait_until(lambda: len(standin.callback_answers) >= 5)
    await standin.quiet()
    assert standin.callback_answers[-1].get("text") == STALE_DOUBT
    stored = await stored_sets(database)
    assert len(stored) == len(FIRST_HUMPS) + 4
    standin.press(alice, question, "rk:hamstring_humps:L15.15R9.9", forge=True)  # buttons gone
    await standin.wait_until(lambda: len(standin.callback_answers) >= 6)
    await standin.quiet()
    assert standin.callback_answers[-1].get("text") == STALE_DOUBT
    assert await stored_sets(database) == stored


async def test_a_far_number_chosen_by_button_asks_too(
    coach: CoachApplication, standin: BotApiStandIn, alice: StandInUser, database: Database
) -> None:
    """Outside a session the report's exercise is chosen by button; the question comes
    then, and the "which exercise?" buttons go."""
    choice = await say(standin, alice, "left 150 right 9")
    standin.press_button(alice, choice, "Hamstring humps")
    [question] = await standin.replies(alice)
    assert "did you mean 15?" in question.plain
    assert "your target of 8" in question.plain
    assert standin.messages_to(alice)[0].buttons == []
    assert await stored_sets(database) == []
    standin.press_button(alice, question, "Yes, 15")
    [logged] = await standin.replies(alice)
    assert "Logged Hamstring humps (1 set): Left 15 · Right 9" in logged.plain
    assert await stored_sets(database) == [
        ("hamstring_humps", "left", 1, 15),
        ("hamstring_humps", "right", 1, 9),
    ]


async def test_a_report_too_long_for_buttons_is_asked_in_two_messages(
    coach: CoachApplication, standin: BotApiStandIn, alice: StandInUser, database: Database
) -> None:
    """Ten far sets a leg do not fit a button's 64 bytes: the question says to send the
    report in two messages, and nothing is stored."""
    await say(standin, alice, "/warmup")
    many = " ".join(["150"] * 10)
    nines = " ".join(["9"] * 10)
    question = await say(standin, alice, f"humps left {many} right {nines}")
    assert question.plain.endswith(SPLIT_THE_REPORT)
    assert question.buttons == []
    assert await stored_sets(database) == []


async def test_a_first_until_form_falters_count_is_measured_against_the_other_leg(
    coach: CoachApplication, standin: BotApiStandIn, alice: StandInUser, database: Database
) -> None:
    """No count from last time: 150 on the left against 11 on the right is asked about,
    in words that name the right leg's count, and Yes stores 15."""
    await say(standin, alice, "/warmup")
    question = await say(standin, alice, "vipr hops left 150 right 11")
    assert (
        "150 reps on the Single-leg hops: forward and back is a lot more than the 11 of "
        "your right leg — did you mean 15?" in question.plain
    )
    assert await stored_sets(database) == []
    standin.press_button(alice, question, "Yes, 15")
    [logged] = await standin.replies(alice)
    assert "Left 15 · Right 11" in logged.plain
    assert sorted(await stored_sets(database)) == [
        ("single_leg_hops_forward_back", "left", 1, 15),
        ("single_leg_hops_forward_back", "right", 1, 11),
    ]


async def test_undo_while_asked_about_a_report_takes_back_that_report(
    coach: CoachApplication, standin: BotApiStandIn, alice: StandInUser, database: Database
) -> None:
    """Issue 19: /undo while "did you mean …?" is open cancels the report asked about
    (nothing was stored) and leaves the earlier report alone; the question's buttons go,
    and pressing one of them afterwards stores nothing. The next /undo is the usual one."""
    question = await ask(standin, alice)
    yes = question.callback_data_for("Yes, 15")
    undone = await say(standin, alice, "/undo")
    assert undone.plain == _(QUESTION_UNDONE)
    assert question.buttons == []
    assert sorted(await stored_sets(database)) == sorted(FIRST_HUMPS)
    answers = len(standin.callback_answers)
    standin.press(alice, question, yes, forge=True)
    await standin.wait_until(lambda: len(standin.callback_answers) > answers)
    assert standin.callback_answers[-1]["text"] == _(STALE_DOUBT)
    assert sorted(await stored_sets(database)) == sorted(FIRST_HUMPS)
    again = await say(standin, alice, "/undo")
    assert again.plain.startswith("Removed your last report: Hamstring humps")
    assert await stored_sets(database) == []


async def test_undo_while_asked_which_exercise_takes_back_that_report(
    coach: CoachApplication, standin: BotApiStandIn, bob: StandInUser, database: Database
) -> None:
    """The same for "which exercise was that?" (no session, no name): the report stored
    before stays. A report stored after a question makes /undo about that report again."""
    first = await say(standin, bob, "left 10 right 12")
    standin.press_button(bob, first, "Hamstring humps")
    [stored] = await standin.replies(bob)
    assert "Logged Hamstring humps" in stored.plain
    before = await stored_sets(database)
    asked = await say(standin, bob, "left 9 right 11")
    assert asked.buttons
    undone = await say(standin, bob, "/undo")
    assert undone.plain == _(QUESTION_UNDONE)
    assert asked.buttons == []
    assert await stored_sets(database) == before

    again = await say(standin, bob, "left 9 right 11")
    standin.press_button(bob, again, "Hamstring humps")
    await standin.replies(bob)
    later = await say(standin, bob, "/undo")
    assert later.plain.startswith("Removed your last report: Hamstring humps — Left 9")
    assert await stored_sets(database) == before
