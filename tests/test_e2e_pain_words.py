"""End to end, issue 16: pain in runners' words in every language the bot will speak, a
trailing pain remark that keeps the exercise's name ("humps left 8 right 8 a bit
tight" is stored as humps, with pain), and "tight" meaning good form, which holds
nothing."""

from __future__ import annotations

import pytest

from bot.standin import BotApiStandIn, StandInUser
from handlers.context import CoachApplication
from handlers.exercises import TRAINING_IN_PAIN
from storage import Database
from tests.helpers import say, stored_pain, stored_sets

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize(
    "report",
    [
        "humps left 8 right 8 a bit tight",
        "humps 8 each a bit tight",
        "hamstring humps L8 R8 hammy sore",
    ],
)
async def test_a_trailing_pain_remark_keeps_the_exercise_name(
    coach: CoachApplication,
    standin: BotApiStandIn,
    alice: StandInUser,
    database: Database,
    report: str,
) -> None:
    """In a warm-up whose next exercise is the hops, 'humps … a bit tight' is stored as
    humps with pain, not as hops, and the reply stops the session."""
    await say(standin, alice, "/warmup")
    reply = await say(standin, alice, report)
    assert "Hamstring humps" in reply.plain
    assert "Next up" not in reply.plain
    assert await stored_pain(database) == [("hamstring_humps", True)]


async def test_humps_with_two_bare_numbers_and_a_remark_is_about_humps(
    coach: CoachApplication, standin: BotApiStandIn, alice: StandInUser, database: Database
) -> None:
    """'humps 8 8 a bit tight' names the humps: the numbers lack a leg, so the reply asks
    for both legs of the humps, and nothing is stored as the hops."""
    await say(standin, alice, "/warmup")
    reply = await say(standin, alice, "humps 8 8 a bit tight")
    assert "Hamstring humps" in reply.plain
    assert "Hamstring hops" not in reply.plain
    assert await stored_sets(database) == []


@pytest.mark.parametrize(
    "remark",
    [
        "Oberschenkel zieht etwas",
        "tut weh",
        "me duele el isquio",
        "una molestia",
        "j'ai mal à l'ischio",
        "une gêne",
        "тянет заднюю поверхность",
        "болит",
    ],
)
async def test_pain_in_other_languages_holds_progression_and_stops_the_session(
    coach: CoachApplication,
    standin: BotApiStandIn,
    alice: StandInUser,
    database: Database,
    remark: str,
) -> None:
    """'hops 20 20, <remark>' in German, Spanish, French or Russian is stored with the pain
    flag, and the reply does not go on to the next exercise."""
    await say(standin, alice, "/warmup")
    reply = await say(standin, alice, f"hops 20 20, {remark}")
    assert "Hamstring hops" in reply.plain
    assert "Next up" not in reply.plain
    assert await stored_pain(database) == [("hamstring_hops", True)]


@pytest.mark.parametrize(
    "remark",
    ["kein Schmerz", "sin dolor", "pas de douleur", "не болит", "kept it tight", "nice and tight"],
)
async def test_negated_pain_and_good_form_go_on_to_the_next_exercise(
    coach: CoachApplication,
    standin: BotApiStandIn,
    alice: StandInUser,
    database: Database,
    remark: str,
) -> None:
    """'kein Schmerz', 'sin dolor', 'pas de douleur', 'не болит' and 'kept it tight' are
    no pain: stored without the flag, and the warm-up goes on."""
    await say(standin, alice, "/warmup")
    reply = await say(standin, alice, f"hops 20 20, {remark}")
    assert "Next up" in reply.plain
    assert await stored_pain(database) == [("hamstring_hops", False)]


@pytest.mark.parametrize(
    "question",
    [
        "kann ich trainieren, wenn der Oberschenkel zieht",
        "¿puedo entrenar con dolor en el isquio?",
        "est-ce que je peux courir avec une douleur à l'ischio",
        "можно ли бегать, если болит бедро",
    ],
)
async def test_questions_about_training_in_pain_in_other_languages(
    coach: CoachApplication,
    standin: BotApiStandIn,
    alice: StandInUser,
    database: Database,
    question: str,
) -> None:
    """In the middle of a warm-up, a question in German, Spanish, French or Russian about
    training while sore gets the careful answer, and nothing is logged."""
    await say(standin, alice, "/warmup")
    answer = await say(standin, alice, question)
    assert answer.plain == TRAINING_IN_PAIN
    assert await stored_sets(database) == []
