"""End to end, issue 16: the runner's kit. Asked once, at the end of set-up (toggles and
Save, edited in place); /kit changes it any time and /settings shows it; the cards, the
scheduled warm-up and /how give the seed's substitutes (dumbbells for the ViPR, a
broomstick for the barbell) or the no-kit versions for what the runner lacks."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import pytest

from bot.application import running
from bot.scheduler import dispatcher_of
from bot.settings import Settings
from bot.standin import BotApiStandIn, SentMessage, StandInUser
from handlers.context import CoachApplication
from handlers.kit_view import KIT_QUESTION, KIT_STALE
from library.deliveries import Outcome
from library.kit import Kit
from library.profiles import RunnerProfile
from storage import Database
from tests.helpers import DUE, ManualClock, add_runners, say, start_bot, warmups_to

pytestmark = pytest.mark.e2e

HOPS = (
    "Single-leg hops: forward and back",
    "Single-leg hops: side to side",
    "Single-leg hops: over the shoulder",
)
WITH_DUMBBELLS = "holding a light dumbbell in each hand (no ViPR)"
NO_WEIGHT = "with no weight: hands on hips, or arms free for balance (no ViPR)"
BROOMSTICK = "RXX clean — with a broomstick in place of the bar (no barbell)"
HINT = "Send /kit and the card will fit what you have."


async def profile_of(database: Database, user: StandInUser) -> RunnerProfile:
    async with database.unit_of_work() as uow:
        profile = await uow.users.get(user.id)
    assert profile is not None
    return profile


def line_of(card: SentMessage, name: str) -> str:
    """The card's line that names the exercise."""
    [line] = [line for line in card.plain.splitlines() if name in line]
    return line


async def press_and_wait(
    standin: BotApiStandIn, user: StandInUser, message: SentMessage, label: str
) -> None:
    """Press the button and wait for the bot to edit the message in place."""
    edits = message.edits
    standin.press_button(user, message, label)
    await standin.wait_until(lambda: message.edits > edits)


async def set_up(standin: BotApiStandIn, user: StandInUser) -> SentMessage:
    """/start and the four set-up answers; the last reply ("All set!")."""
    await say(standin, user, "/start")
    await say(standin, user, "mon wed fri")
    await say(standin, user, "7am")
    standin.send_text(user, "London")
    await standin.replies(user, count=2)
    return await say(standin, user, "15")


async def test_set_up_asks_for_the_kit_once_and_the_cards_follow_it(
    coach: CoachApplication, standin: BotApiStandIn, alice: StandInUser, database: Database
) -> None:
    """The last set-up reply asks (nothing ticked: "I have none"); ticking redraws the
    buttons without storing anything; Save stores the kit and replaces the question in
    the same message. With dumbbells but no ViPR or barbell: the hops with dumbbells,
    the RXX clean with a broomstick. Never asked again."""
    done = await set_up(standin, alice)
    assert done.plain.startswith("All set!")
    assert done.plain.endswith(KIT_QUESTION)
    labels = [label for label, _ in done.buttons]
    assert labels == [
        "⬜ ViPR",
        "⬜ Dumbbells",
        "⬜ Barbell",
        "⬜ Swiss ball",
        "⬜ Medicine ball",
        "I have none",
    ]
    assert (await profile_of(database, alice)).kit is None

    await press_and_wait(standin, alice, done, "Dumbbells")
    assert "✅ Dumbbells" in [label for label, _ in done.buttons]
    assert done.buttons[-1][0] == "💾 Save"
    assert done.plain.endswith(KIT_QUESTION)
    assert (await profile_of(database, alice)).kit is None  # ticking stores nothing

    await press_and_wait(standin, alice, done, "Save")
    assert done.plain.startswith("All set!")
    assert "Kit saved: dumbbells." in done.plain
    assert KIT_QUESTION not in done.plain
    assert done.buttons == []
    assert (await profile_of(database, alice)).kit == frozenset({Kit.DUMBBELLS})

    card = await say(standin, alice, "/warmup")
    for name in HOPS:
        assert line_of(card, name).endswith(f"{name} — {WITH_DUMBBELLS} — 1 set")
    assert line_of(card, "RXX clean").endswith(f"{BROOMSTICK} — 4 sets")
    assert line_of(card, "Hamstring hops").endswith("Hamstring hops — 2 sets × 20 reps")
    assert HINT not in card.plain

    strength = await say(standin, alice, "/strength")
    assert "Dumbbell Romanian deadlift — 3 sets" in strength.plain  # as written
    assert "heels on a towel, sliding on a smooth floor (no Swiss ball)" in strength.plain
    assert "holding one dumbbell by its ends at your chest (no medicine ball)" in strength.plain

    settings = await say(standin, alice, "/settings")
    assert "Kit: dumbbells — /kit" in settings.plain

    # Not asked a second time: not by /start, not on any card.
    again = await say(standin, alice, "/start")
    assert KIT_QUESTION not in again.plain
    assert again.buttons == []
    assert KIT_QUESTION not in (await say(standin, alice, "/warmup")).plain


async def test_no_kit_at_all_gets_the_no_kit_versions(
    coach: CoachApplication, standin: BotApiStandIn, alice: StandInUser, database: Database
) -> None:
    done = await set_up(standin, alice)
    await press_and_wait(standin, alice, done, "I have none")
    assert "Kit saved: none." in done.plain
    assert (await profile_of(database, alice)).kit == frozenset()

    card = await say(standin, alice, "/warmup")
    for name in HOPS:
        assert f"{name} — {NO_WEIGHT}" in line_of(card, name)
    assert BROOMSTICK in card.plain
    strength = await say(standin, alice, "/strength")
    assert "holding a loaded backpack against your thighs, or no weight (no dumbbells)" in (
        strength.plain
    )
    assert "heels on a towel, sliding on a smooth floor (no Swiss ball)" in strength.plain
    assert "Medicine ball lunge — with no ball: hands on hips (no medicine ball)" in (
        strength.plain
    )
    assert "Kit: none — /kit" in (await say(standin, alice, "/settings")).plain


async def test_never_asked_means_the_full_kit_and_a_pointer_to_kit(
    coach: CoachApplication, standin: BotApiStandIn, alice: StandInUser
) -> None:
    """A runner who skipped set-up (or came before the setting) gets the exercises as
    written, as before, with one line pointing to /kit."""
    card = await say(standin, alice, "/warmup")
    assert "🎒 No ViPR or barbell? " + HINT in card.plain
    strength = await say(standin, alice, "/strength")
    assert "🎒 No dumbbells, Swiss ball or medicine ball? " + HINT in strength.plain
    for name in HOPS:
        assert line_of(card, name).endswith(f"{name} — 1 set")
    assert "broomstick" not in card.plain
    assert (
        "Kit: not set, so all of it assumed — /kit"
        in (await say(standin, alice, "/settings")).plain
    )


async def test_kit_changes_it_any_time(
    coach: CoachApplication, standin: BotApiStandIn, alice: StandInUser, database: Database
) -> None:
    """/kit shows what the runner has ticked; untick the ViPR, tick the barbell, Save:
    the next card follows."""
    question = await say(standin, alice, "/kit")
    assert question.plain == KIT_QUESTION
    await press_and_wait(standin, alice, question, "ViPR")
    await press_and_wait(standin, alice, question, "Save")
    assert (await profile_of(database, alice)).kit == frozenset({Kit.VIPR})
    assert question.plain.startswith("🎒 Kit saved: ViPR.")
    assert BROOMSTICK in (await say(standin, alice, "/warmup")).plain

    question = await say(standin, alice, "/kit")
    assert (question.buttons[0][0], question.buttons[2][0]) == ("✅ ViPR", "⬜ Barbell")
    await press_and_wait(standin, alice, question, "ViPR")
    await press_and_wait(standin, alice, question, "Barbell")
    await press_and_wait(standin, alice, question, "Dumbbells")
    await press_and_wait(standin, alice, question, "Save")
    assert (await profile_of(database, alice)).kit == frozenset({Kit.BARBELL, Kit.DUMBBELLS})
    assert "Kit saved: dumbbells and barbell." in question.plain

    card = await say(standin, alice, "/warmup")
    assert line_of(card, "RXX clean").endswith("RXX clean — 4 sets")
    assert WITH_DUMBBELLS in line_of(card, HOPS[0])
    assert "Kit: dumbbells and barbell — /kit" in (await say(standin, alice, "/settings")).plain


@pytest.mark.parametrize(
    "data", ["kit:s:32", "kit:s:99", "kit:x:1", "kit:s:", "kit:s:-1", "kit:s:01x"]
)
async def test_forged_kit_buttons_change_nothing(
    coach: CoachApplication,
    standin: BotApiStandIn,
    alice: StandInUser,
    database: Database,
    data: str,
) -> None:
    question = await say(standin, alice, "/kit")
    answers = len(standin.callback_answers)
    standin.press(alice, question, data, forge=True)
    await standin.wait_until(lambda: len(standin.callback_answers) > answers)
    assert standin.callback_answers[-1]["text"] == KIT_STALE
    assert (await profile_of(database, alice)).kit is None
    assert question.edits == 0
    assert question.plain == KIT_QUESTION


async def test_a_kit_button_forged_onto_another_message_changes_nothing(
    coach: CoachApplication, standin: BotApiStandIn, alice: StandInUser, database: Database
) -> None:
    """Well-formed kit data pressed on the warm-up card: the card keeps its buttons and
    nothing is stored."""
    card = await say(standin, alice, "/warmup")
    buttons = card.buttons
    answers = len(standin.callback_answers)
    standin.press(alice, card, "kit:s:0", forge=True)
    await standin.wait_until(lambda: len(standin.callback_answers) > answers)
    assert standin.callback_answers[-1]["text"] == KIT_STALE
    assert (card.edits, card.buttons) == (0, buttons)
    assert (await profile_of(database, alice)).kit is None


async def test_the_scheduled_warmup_follows_the_kit(
    settings: Settings, standin: BotApiStandIn, clock: ManualClock, database: Database
) -> None:
    """A runner with no kit at all gets the no-kit versions in the warm-up sent before
    their run, too."""
    alice = StandInUser(id=7001, first_name="Alice")
    ids = await add_runners(database, standin, [alice], now=DUE - timedelta(hours=1))
    async with database.unit_of_work() as uow:
        await uow.users.update_settings(ids[alice.id], kit=frozenset())
        await uow.commit()
    clock.current = DUE
    app = await start_bot(settings, standin, clock)
    async with running(app):
        assert (await dispatcher_of(app).run_wave()).outcomes == Counter({Outcome.SENT: 1})
    [card] = warmups_to(standin, alice)
    assert BROOMSTICK in card
    assert all(f"{name} — {NO_WEIGHT}" in card for name in HOPS)
    assert HINT not in card


async def test_how_names_the_version_for_the_runners_kit(
    coach: CoachApplication, standin: BotApiStandIn, alice: StandInUser, database: Database
) -> None:
    """/how, a plain question and the card's ❓ button put the runner's version right
    under the name; as written (nothing added) before they said, or with the kit."""
    before = await say(standin, alice, "/how vipr hops")
    assert "With your kit" not in before.plain
    question = await say(standin, alice, "/kit")
    await press_and_wait(standin, alice, question, "Dumbbells")
    await press_and_wait(standin, alice, question, "Save")
    assert (await profile_of(database, alice)).kit == frozenset({Kit.DUMBBELLS})

    how = await say(standin, alice, "/how vipr hops")
    assert how.plain.splitlines()[2] == (
        "With your kit (no ViPR): holding a light dumbbell in each hand."
    )
    asked = await say(standin, alice, "how do I do the rxx clean?")
    assert asked.plain.splitlines()[2] == (
        "With your kit (no barbell): with a broomstick in place of the bar."
    )
    card = await say(standin, alice, "/warmup")
    standin.press_button(alice, card, "RXX")
    [shown] = await standin.replies(alice)
    assert "With your kit (no barbell): with a broomstick" in shown.plain
    assert "With your kit" not in (await say(standin, alice, "/how humps")).plain
