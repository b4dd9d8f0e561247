"""End to end, issue 16: pain in runners' words holds progression and stops the session,
and a question about training in pain gets a careful answer, never taken for a report."""

from __future__ import annotations

import pytest

from bot.standin import BotApiStandIn, StandInUser
from handlers.context import CoachApplication
from handlers.exercises import TRAINING_IN_PAIN
from handlers.fallback import NOT_UNDERSTOOD, PAIN_REMARK
from storage import Database
from tests.helpers import say, stored_pain, stored_sets

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize(
    "remark", ["right hamstring a bit sore", "left hammy feels tight", "slight niggle left"]
)
async def test_pain_in_runners_words_holds_progression_and_stops_the_session(
    coach: CoachApplication,
    standin: BotApiStandIn,
    alice: StandInUser,
    database: Database,
    remark: str,
) -> None:
    """'hops 20 20, <remark>' is stored with the pain flag, and the reply does not go on
    to the next exercise of the warm-up."""
    await say(standin, alice, "/warmup")
    reply = await say(standin, alice, f"hops 20 20, {remark}")
    assert "Logged Hamstring hops (2 sets): 20, 20" in reply.plain
    assert "Next up" not in reply.plain
    assert "Leave the rest of this session for today." in reply.plain
    assert await stored_pain(database) == [("hamstring_hops", True)]


async def test_negated_pain_goes_on_to_the_next_exercise(
    coach: CoachApplication, standin: BotApiStandIn, alice: StandInUser, database: Database
) -> None:
    """'not sore' is no pain: the report is stored without the flag and the warm-up goes on."""
    await say(standin, alice, "/warmup")
    reply = await say(standin, alice, "hops 20 20, not sore")
    assert "Next up: Hamstring humps." in reply.plain
    assert "Leave the rest" not in reply.plain
    assert await stored_pain(database) == [("hamstring_hops", False)]


@pytest.mark.parametrize(
    "question",
    [
        "is it ok to do these if my hamstring is sore?",
        "should I run with a tight hamstring",
        "can I do the warm-up with a niggle",
    ],
)
async def test_a_question_about_training_in_pain_gets_a_careful_answer(
    coach: CoachApplication,
    standin: BotApiStandIn,
    alice: StandInUser,
    database: Database,
    question: str,
) -> None:
    """In the middle of a warm-up, the question is answered with care, and nothing is
    logged: it is no report."""
    await say(standin, alice, "/warmup")
    answer = await say(standin, alice, question)
    assert answer.plain == TRAINING_IN_PAIN
    assert NOT_UNDERSTOOD not in answer.plain
    assert "hops" in answer.plain
    assert "physio or doctor" in answer.plain
    assert await stored_sets(database) == []


async def test_a_pain_remark_without_reps_is_answered_with_care(
    coach: CoachApplication, standin: BotApiStandIn, alice: StandInUser, database: Database
) -> None:
    """'right hamstring a bit sore' on its own is no report and no question: it gets the
    careful advice rather than 'Sorry, I didn't understand'."""
    await say(standin, alice, "/warmup")
    reply = await say(standin, alice, "right hamstring a bit sore")
    assert reply.plain == PAIN_REMARK
    assert await stored_sets(database) == []
