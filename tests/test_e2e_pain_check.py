"""End to end, issue 16: the pre-run pain check on the warm-up card (/warmup and the
scheduled one). None changes nothing; Mild asks which leg, eases the hops and humps and
holds progression; Sharp replaces the session and pauses progression until a pain-free
session. Stored with the session, shown in /history and /export, changeable by pressing
again, and only ever on the runner's own open warm-up."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.application import running
from bot.scheduler import dispatcher_of
from bot.settings import Settings
from bot.standin import BotApiStandIn, SentMessage, StandInUser
from handlers.context import CoachApplication
from handlers.pain_check_view import ANSWERED, ASK_LEG, CLOSED, NOT_YOURS
from library.deliveries import Outcome
from library.pain_check import PainCheck
from storage import Database
from storage.models import TrainingSessionRow
from tests.helpers import DUE, ManualClock, add_runners, say, start_bot

pytestmark = pytest.mark.e2e

EASIER_HOPS = "Hamstring hops: Make the hops smaller and take a short pause between them."
SHARP_NOTE = "no explosive work today"
PAUSED_NOTE = "Your targets are on hold since you reported sharp pain"


async def press(
    standin: BotApiStandIn, user: StandInUser, card: SentMessage, data: str, *, edited: bool
) -> str:
    """``user`` presses the button with ``data`` on ``card`` (forged if no such button
    is on it now); the bot's answer to the press, once the card is edited if ``edited``."""
    answers, edits = len(standin.callback_answers), card.edits
    forge = data not in [d for _, d in card.buttons]
    standin.press(user, card, data, forge=forge)
    await standin.wait_until(lambda: len(standin.callback_answers) > answers)
    if edited:
        await standin.wait_until(lambda: card.edits > edits)
    return str(standin.callback_answers[-1].get("text", ""))


def data_of(card: SentMessage, label: str) -> str:
    return card.callback_data_for(label)


async def answer(
    standin: BotApiStandIn, user: StandInUser, card: SentMessage, check: str, leg: str = ""
) -> str:
    """Answer the pain check with ``check`` (None, Mild or Sharp) and, unless None, ``leg``."""
    if check == "None":
        return await press(standin, user, card, data_of(card, "None"), edited=True)
    asked = await press(standin, user, card, data_of(card, check), edited=True)
    assert asked == ASK_LEG
    return await press(standin, user, card, data_of(card, leg), edited=True)


async def stored_checks(database: Database) -> list[tuple[str | None, str | None]]:
    """(pain_check, pain_leg) of every session, oldest first."""
    async with database.unit_of_work() as uow:
        rows = await uow.session.execute(
            select(TrainingSessionRow.pain_check, TrainingSessionRow.pain_leg).order_by(
                TrainingSessionRow.id
            )
        )
        return [(check, leg) for check, leg in rows]


def humps_line(card: SentMessage) -> str:
    lines = card.plain.splitlines()
    return next(lines[n + 1] for n, line in enumerate(lines) if line.startswith("2. Hamstring"))


# ------------------------------------------------------------------------ on /warmup
QUESTION_LINE = "Any pain in your hamstrings? Tap None, Mild or Sharp below before you start."


async def test_none_acknowledges_and_leaves_the_card_as_it_was(
    coach: CoachApplication, standin: BotApiStandIn, alice: StandInUser, database: Database
) -> None:
    """The row comes first on the card; None is stored, ticked and acknowledged, and
    only the question line changes: every exercise line stays."""
    card = await say(standin, alice, "/warmup")
    assert QUESTION_LINE in card.plain
    before = card.plain
    assert [label for label, _ in card.buttons][:3] == ["None", "Mild", "Sharp"]
    assert await stored_checks(database) == [(None, None)]
    assert await answer(standin, alice, card, "None") == ANSWERED[PainCheck.NONE]
    assert card.plain == before.replace(
        QUESTION_LINE, "Pain check: no pain. Tap another answer to change it."
    )
    assert [label for label, _ in card.buttons][:3] == ["✓ None", "Mild", "Sharp"]
    assert await stored_checks(database) == [("none", None)]
    # the same answer again: nothing to edit, and still acknowledged
    again = await press(standin, alice, card, data_of(card, "None"), edited=False)
    assert again == ANSWERED[PainCheck.NONE]
    assert await stored_checks(database) == [("none", None)]


async def test_mild_asks_which_leg_then_eases_the_hops(
    coach: CoachApplication, standin: BotApiStandIn, alice: StandInUser, database: Database
) -> None:
    """Mild turns the row into Left · Right · Both (nothing stored yet); Left stores
    mild/left and the card shows the hops and humps as their easier versions, with a
    note to go gently. The RXX clean is no ballistic drill and is not eased."""
    card = await say(standin, alice, "/warmup")
    asked = await press(standin, alice, card, data_of(card, "Mild"), edited=True)
    assert asked == ASK_LEG
    assert [label for label, _ in card.buttons][:3] == ["🦵 Left", "🦵 Right", "🦵 Both"]
    assert not any(label in ("None", "Mild", "Sharp") for label, _ in card.buttons)
    assert await stored_checks(database) == [(None, None)]
    done = await press(standin, alice, card, data_of(card, "Left"), edited=True)
    assert done == ANSWERED[PainCheck.MILD]
    assert await stored_checks(database) == [("mild", "left")]
    text = card.plain
    assert "Mild pain in your left hamstring: go gently today." in text
    assert "Easier versions today" in text
    assert EASIER_HOPS in text
    assert "Hamstring humps: March forward with the knee drive first" in text
    assert text.count("• Single-leg hops") == 3
    assert "• RXX clean" not in text
    assert "Pain check: mild pain, left." in text
    assert "1. Hamstring hops — 2 sets × 20 reps" in text  # the exercises stay on the card
    assert [label for label, _ in card.buttons][:3] == ["None", "✓ Mild · Left", "Sharp"]
    assert any(label == "✅ Done" for label, _ in card.buttons)


async def test_sharp_replaces_the_session_and_pressing_again_changes_it(
    coach: CoachApplication, standin: BotApiStandIn, alice: StandInUser, database: Database
) -> None:
    """Sharp on the right: the exercise lines and their buttons go, a short note says to
    skip the explosive work and see a professional if it lasts. Mild on both legs, then
    None: the latest answer wins each time and None brings the whole session back."""
    card = await say(standin, alice, "/warmup")
    full = card.plain
    assert await answer(standin, alice, card, "Sharp", "Right") == ANSWERED[PainCheck.SHARP]
    text = card.plain
    assert "Sharp pain in your right hamstring: " + SHARP_NOTE in text
    assert "physio or doctor" in text
    assert "Hamstring humps" not in text
    assert "1. Hamstring hops" not in text
    assert [label for label, _ in card.buttons] == ["None", "Mild", "✓ Sharp · Right", "⏭ Skip"]
    assert await stored_checks(database) == [("sharp", "right")]

    assert await answer(standin, alice, card, "Mild", "Both") == ANSWERED[PainCheck.MILD]
    assert "Mild pain in both hamstrings" in card.plain
    assert "2. Hamstring humps" in card.plain
    assert await stored_checks(database) == [("mild", "both")]

    assert await answer(standin, alice, card, "None") == ANSWERED[PainCheck.NONE]
    assert card.plain == full.replace(
        QUESTION_LINE, "Pain check: no pain. Tap another answer to change it."
    )
    assert await stored_checks(database) == [("none", None)]


async def test_reps_reported_after_sharp_never_lead_on_to_the_next_exercise(
    coach: CoachApplication, standin: BotApiStandIn, alice: StandInUser, database: Database
) -> None:
    """After Sharp the card has no exercises to go on with: a report is still stored,
    and its reply does not send the runner to the next one."""
    card = await say(standin, alice, "/warmup")
    await answer(standin, alice, card, "Sharp", "Left")
    reply = await say(standin, alice, "hops 20 20")
    assert "Logged Hamstring hops (2 sets): 20, 20" in reply.plain
    assert "Next up" not in reply.plain
    assert await answer(standin, alice, card, "None") == ANSWERED[PainCheck.NONE]
    reply = await say(standin, alice, "humps left 8 8 right 8 8")
    assert "Next up: Single-leg hops: forward and back." in reply.plain


async def test_history_and_export_show_the_check(
    coach: CoachApplication,
    standin: BotApiStandIn,
    clock: ManualClock,
    alice: StandInUser,
    database: Database,
) -> None:
    """A mild-left session with humps logged, and the next day a sharp one with nothing
    logged: /history names both answers, the CSV carries the session's check on each set
    and the JSON lists every check, the sharp one included."""
    card = await say(standin, alice, "/warmup")
    await answer(standin, alice, card, "Mild", "Left")
    await say(standin, alice, "humps left 8 8 right 8 8")
    clock.advance(timedelta(days=1))
    card = await say(standin, alice, "/warmup")
    await answer(standin, alice, card, "Sharp", "Both")
    history = (await say(standin, alice, "/history")).plain.splitlines()
    assert "06:30 Warm-up · open · sharp pain, both legs" in history
    assert "06:30 Warm-up · done · mild pain, left" in history
    standin.send_text(alice, "/export")
    log, settings = await standin.replies(alice, count=2)
    assert log.file is not None
    assert settings.file is not None
    rows = list(csv.DictReader(io.StringIO(log.file.data.decode())))
    assert {(r["exercise_id"], r["pain"], r["pain_check"], r["pain_leg"]) for r in rows} == {
        ("hamstring_humps", "no", "mild", "left")
    }
    checks = json.loads(settings.file.data)["pre_run_pain_checks"]
    assert checks == [
        {"local_date": "2026-11-23", "local_time": "06:30", "answer": "mild", "leg": "left"},
        {"local_date": "2026-11-24", "local_time": "06:30", "answer": "sharp", "leg": "both"},
    ]


# ------------------------------------------------------------------------ progression
async def warmup_day(
    standin: BotApiStandIn, clock: ManualClock, user: StandInUser, check: str = "", leg: str = ""
) -> SentMessage:
    """The next day's /warmup, answered ``check`` (left unanswered if empty)."""
    clock.advance(timedelta(days=1))
    card = await say(standin, user, "/warmup")
    if check:
        await answer(standin, user, card, check, leg)
    return card


async def test_mild_holds_progression(
    coach: CoachApplication, standin: BotApiStandIn, clock: ManualClock, alice: StandInUser
) -> None:
    """Humps at 8 reached with no pain: 9 next. 9 reached on a mild day: still 9, and
    the reply does not promise more; reached again with no pain: 10."""
    await warmup_day(standin, clock, alice, "None")
    await say(standin, alice, "humps left 8 8 right 8 8")
    card = await warmup_day(standin, clock, alice, "Mild", "Right")
    assert humps_line(card) == "    Left 9 → Right 9"
    reply = await say(standin, alice, "humps left 9 9 right 9 9")
    assert "Target reached" not in reply.plain
    card = await warmup_day(standin, clock, alice, "None")
    assert humps_line(card) == "    Left 9 → Right 9"
    await say(standin, alice, "humps left 9 9 right 9 9")
    card = await warmup_day(standin, clock, alice)
    assert humps_line(card) == "    Left 10 → Right 10"


async def test_sharp_pauses_progression_until_a_pain_free_session(
    coach: CoachApplication, standin: BotApiStandIn, clock: ManualClock, alice: StandInUser
) -> None:
    """Sharp on day 2. Days 3 (mild, humps logged) and 4 (unanswered) are paused cards
    with the humps held at 9; None on day 4 lifts the pause on that very card; its humps
    count, and day 5 asks 10."""
    await warmup_day(standin, clock, alice, "None")
    await say(standin, alice, "humps left 8 8 right 8 8")
    card = await warmup_day(standin, clock, alice, "Sharp", "Left")
    assert SHARP_NOTE in card.plain
    card = await warmup_day(standin, clock, alice)
    assert PAUSED_NOTE in card.plain
    assert humps_line(card) == "    Left 9 → Right 9"
    await answer(standin, alice, card, "Mild", "Left")
    assert PAUSED_NOTE in card.plain
    await say(standin, alice, "humps left 9 9 right 9 9")
    card = await warmup_day(standin, clock, alice)
    assert PAUSED_NOTE in card.plain
    assert humps_line(card) == "    Left 9 → Right 9"
    await answer(standin, alice, card, "None")
    assert PAUSED_NOTE not in card.plain
    await say(standin, alice, "humps left 9 9 right 9 9")
    card = await warmup_day(standin, clock, alice)
    assert PAUSED_NOTE not in card.plain
    assert humps_line(card) == "    Left 10 → Right 10"


async def test_the_strength_card_says_so_too(
    coach: CoachApplication, standin: BotApiStandIn, clock: ManualClock, alice: StandInUser
) -> None:
    """The pause holds every target: /strength says so, but carries no pain check row."""
    await warmup_day(standin, clock, alice, "Sharp", "Both")
    strength = await say(standin, alice, "/strength")
    assert PAUSED_NOTE in strength.plain
    assert "Any pain in your hamstrings?" not in strength.plain
    assert not any(label in ("None", "Mild", "Sharp") for label, _ in strength.buttons)


# ------------------------------------------------------------------------ whose session
async def test_forged_or_foreign_session_ids_change_nothing(
    coach: CoachApplication,
    standin: BotApiStandIn,
    alice: StandInUser,
    bob: StandInUser,
    database: Database,
) -> None:
    """Bob presses with Alice's session id, with numbers out of range and with malformed
    data: a friendly alert each time and nothing stored or edited. Alice's own strength
    session has no pain check, and her warm-up, once closed, says so."""
    alices = await say(standin, alice, "/warmup")
    bobs = await say(standin, bob, "/warmup")
    session = alices.callback_data_for("None").split(":")[1]
    for data in (
        f"pc:{session}:s",
        f"pl:{session}:m:l",
        "pc:99999999999:n",
        "pc:²:n",
        f"pc:{session}:x",
        f"pl:{session}:n:l",
    ):
        assert await press(standin, bob, bobs, data, edited=False) == NOT_YOURS
        assert standin.callback_answers[-1].get("show_alert") is True
    assert bobs.edits == 0
    assert alices.edits == 0
    assert await stored_checks(database) == [(None, None), (None, None)]

    strength = await say(standin, alice, "/strength")  # closes her warm-up as done
    ids = strength.callback_data_for("Done").split(":")[1]
    assert await press(standin, alice, strength, f"pc:{ids}:n", edited=False) == NOT_YOURS
    assert await press(standin, alice, alices, f"pc:{session}:n", edited=False) == CLOSED
    assert await press(standin, alice, alices, f"pl:{session}:s:b", edited=False) == CLOSED
    assert await press(standin, alice, alices, f"pc:{session}:m", edited=False) == CLOSED
    assert alices.edits == 0
    assert await stored_checks(database) == [(None, None), (None, None), (None, None)]


async def test_done_takes_the_pain_row_away(
    coach: CoachApplication, standin: BotApiStandIn, alice: StandInUser
) -> None:
    card = await say(standin, alice, "/warmup")
    await answer(standin, alice, card, "None")
    standin.press_button(alice, card, "Done")
    await standin.replies(alice)
    await standin.wait_until(lambda: not any(label == "✓ None" for label, _ in card.buttons))
    assert [label for label, _ in card.buttons if label.startswith("❓")] != []


# ------------------------------------------------------------------------ scheduled
async def test_the_scheduled_warmup_keeps_its_run_time_and_snooze(
    settings: Settings,
    standin: BotApiStandIn,
    clock: ManualClock,
    database: Database,
    alice: StandInUser,
) -> None:
    """On the scheduled card the answers edit the card in place under its run time;
    Sharp leaves only Skip and Snooze, None brings the rest back. The snoozed repeat
    shows the answer, and
    the next day's warm-up after a sharp answer says the targets are on hold."""
    await add_runners(database, standin, [alice], now=DUE - timedelta(hours=1))
    clock.current = DUE
    app = await start_bot(settings, standin, clock)
    async with running(app):
        dispatcher = dispatcher_of(app)
        assert (await dispatcher.run_wave()).outcomes == Counter({Outcome.SENT: 1})
        card = standin.messages_to(alice)[-1]
        intro = "🏃 Your run starts at 07:00 (in 15 min) — time to warm up."
        assert card.plain.startswith(intro)
        await answer(standin, alice, card, "Mild", "Left")
        assert card.plain.startswith(intro + "\nPre-run warm-up")
        assert EASIER_HOPS in card.plain
        assert any("Snooze" in label for label, _ in card.buttons)
        await answer(standin, alice, card, "Sharp", "Left")
        assert card.plain.startswith(intro + "\nPre-run warm-up")
        assert SHARP_NOTE in card.plain
        assert [label for label, _ in card.buttons][3:] == ["⏭ Skip", "⏰ Snooze 10 min"]
        await answer(standin, alice, card, "None")
        assert card.plain.startswith(intro + "\nPre-run warm-up")
        assert any("Snooze" in label for label, _ in card.buttons)
        await answer(standin, alice, card, "Sharp", "Right")
        assert await stored_checks(database) == [("sharp", "right")]

        # Mild, then Snooze before choosing the leg: the repeat shows what is stored
        assert await press(standin, alice, card, data_of(card, "Mild"), edited=True) == ASK_LEG
        await press(standin, alice, card, data_of(card, "Snooze"), edited=True)
        clock.current = DUE + timedelta(minutes=10)
        assert (await dispatcher.run_wave()).outcomes == Counter({Outcome.SENT: 1})
        again = standin.messages_to(alice)[-1]
        repeat = "⏰ Your run starts at 07:00 (in 5 min) — here's your warm-up again."
        assert again.plain.startswith(repeat)
        assert "Pain check: sharp pain, right." in again.plain
        assert [label for label, _ in again.buttons][:3] == ["None", "Mild", "✓ Sharp · Right"]
        await answer(standin, alice, again, "None")
        assert again.plain.startswith(repeat + "\nPre-run warm-up")
        assert "2. Hamstring humps" in again.plain
        # the first card's leg buttons still belong to the same open session
        await press(standin, alice, card, data_of(card, "Left"), edited=True)
        assert await stored_checks(database) == [("mild", "left")]
        assert EASIER_HOPS in card.plain

        await answer(standin, alice, again, "Sharp", "Both")
        clock.current = DUE + timedelta(days=1)
        assert (await dispatcher.run_wave()).outcomes == Counter({Outcome.SENT: 1})
        tomorrow = standin.messages_to(alice)[-1]
    assert tomorrow.plain.startswith("🏃 Your run starts at 07:00")
    assert PAUSED_NOTE in tomorrow.plain
    assert QUESTION_LINE in tomorrow.plain
    assert await stored_checks(database) == [("sharp", "both"), (None, None)]


async def test_a_language_change_keeps_the_run_time_on_the_card(
    settings: Settings,
    standin: BotApiStandIn,
    clock: ManualClock,
    database: Database,
    alice: StandInUser,
) -> None:
    """A runner who switches to German after the scheduled card came answers its pain
    check: the card is worded in German now, under the run-time line it had."""
    await add_runners(database, standin, [alice], now=DUE - timedelta(hours=1))
    clock.current = DUE
    app = await start_bot(settings, standin, clock)
    async with running(app):
        assert (await dispatcher_of(app).run_wave()).outcomes == Counter({Outcome.SENT: 1})
        card = standin.messages_to(alice)[-1]
        intro = "🏃 Your run starts at 07:00 (in 15 min) — time to warm up."
        assert card.plain.startswith(intro)
        await say(standin, alice, "/language de")
        await press(standin, alice, card, data_of(card, "None"), edited=True)  # the English card
    assert card.plain.startswith(intro + "\nAufwärmen vor dem Lauf")
    assert await stored_checks(database) == [("none", None)]


async def test_an_answer_too_close_to_the_run_drops_the_snooze(
    settings: Settings,
    standin: BotApiStandIn,
    clock: ManualClock,
    database: Database,
    alice: StandInUser,
) -> None:
    """The card is redrawn by the answer 9 minutes before the run: a snooze would come
    back after the start, so the redrawn card has no Snooze button any more."""
    await add_runners(database, standin, [alice], now=DUE - timedelta(hours=1))
    clock.current = DUE
    app = await start_bot(settings, standin, clock)
    async with running(app):
        assert (await dispatcher_of(app).run_wave()).outcomes == Counter({Outcome.SENT: 1})
        card = standin.messages_to(alice)[-1]
        assert any("Snooze" in label for label, _ in card.buttons)
        clock.current = DUE + timedelta(minutes=6)
        assert await answer(standin, alice, card, "None") == ANSWERED[PainCheck.NONE]
        assert not any("Snooze" in label for label, _ in card.buttons)
        assert any("Done" in label for label, _ in card.buttons)
