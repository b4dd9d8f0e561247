"""End to end over the stand-in: rep reports said in a voice note (issue 19, "Voice notes").

A voice note is answered with what was heard and ✅ Save / ✏️ Change, and nothing is
stored before Save; Save stores once (a double tap, an old button); Change, /undo,
silence, noise, another language, a note too long or bytes that are no audio store
nothing; a runner who writes in German is told voice is English-only for now.

The recognizer is the real one (bot/speech.py: PocketSphinx in one worker process, shared
by the module's tests) listening to the committed clips of tests/data/voice.
"""

from __future__ import annotations

import asyncio
import csv
import io
import tomllib
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from bot.application import build_application, load_catalog, running
from bot.settings import Settings
from bot.speech import SpeechRecognizer
from bot.standin import BotApiStandIn, SentMessage, StandInUser
from handlers import fallback, voice
from handlers.context import CoachApplication
from handlers.report_questions import QUESTION_UNDONE
from handlers.training import STALE_DOUBT
from library.languages import Language
from library.voice import Heard
from storage import Database
from tests.helpers import TEST_TOKEN, ManualClock, say, stored_sets, worded

pytestmark = pytest.mark.e2e

CLIPS = Path(__file__).parent / "data" / "voice"
CLIP_TABLE = tomllib.loads((CLIPS / "clips.toml").read_text("utf-8"))


def clip(said: str) -> bytes:
    """The committed clip of a report saying ``said`` (the first, clean one)."""
    files: list[str] = [r["file"] for r in CLIP_TABLE["report"] if r["said"] == said]
    return (CLIPS / files[0]).read_bytes()


def sound(file: str) -> bytes:
    """A committed clip that holds no report (silence, noise, music, other languages)."""
    return (CLIPS / file).read_bytes()


@pytest.fixture(scope="module")
def recognizer() -> Iterator[SpeechRecognizer]:
    """One real recognizer (PocketSphinx in one worker process) for the whole module."""
    speech = SpeechRecognizer(load_catalog(), workers=1, max_seconds=30)
    yield speech
    asyncio.run(speech.close())


async def build(
    settings: Settings,
    standin: BotApiStandIn,
    clock: ManualClock,
    recognizer: SpeechRecognizer | None,
    **changes: object,
) -> AsyncIterator[CoachApplication]:
    application = build_application(
        settings.model_copy(update=changes),
        token=TEST_TOKEN,
        base_url=standin.base_url,
        clock=clock,
        listen=None if recognizer is None else recognizer.transcribe,
    )
    async with running(application):
        yield application


@pytest.fixture
async def coach(
    settings: Settings, standin: BotApiStandIn, clock: ManualClock, recognizer: SpeechRecognizer
) -> AsyncIterator[CoachApplication]:
    async for application in build(settings, standin, clock, recognizer):
        yield application


async def speak(
    standin: BotApiStandIn, user: StandInUser, audio: bytes, seconds: int = 3
) -> SentMessage:
    """``user`` sends a voice note of ``audio``; the bot's one reply."""
    standin.send_voice(user, seconds, audio)
    [reply] = await standin.replies(user)
    return reply


async def exported(standin: BotApiStandIn, user: StandInUser) -> list[tuple[str, str, str]]:
    """(exercise id, leg, reps) of every set in the runner's /export."""
    standin.send_text(user, "/export")
    log, _settings = await standin.replies(user, count=2)
    assert log.file is not None
    rows = csv.DictReader(io.StringIO(log.file.data.decode()))
    return [(row["exercise_id"], row["leg"], row["reps"]) for row in rows]


async def test_a_voice_note_is_heard_and_saved_once(
    coach: CoachApplication, standin: BotApiStandIn, alice: StandInUser, database: Database
) -> None:
    """Issue 19's "Shows it": after /warmup a voice note saying "left twelve right
    fifteen" gets "I heard …" with 12 and 15 and Save; nothing is in /export until Save,
    then the report is, once; the old message's button stores nothing more."""
    await say(standin, alice, "/warmup")
    heard = await speak(standin, alice, clip("left twelve right fifteen"))
    assert "I heard: Left 12 · Right 15" in heard.plain
    assert [label for label, _ in heard.buttons] == ["✅ Save", "✏️ Change"]
    assert await exported(standin, alice) == []
    assert len(standin.calls_to("getFile")) == 1  # downloaded once, and not stored

    save = heard.callback_data_for("Save")
    standin.press(alice, heard, save)
    [logged] = await standin.replies(alice)
    assert "Logged Hamstring humps (1 set): Left 12 · Right 15" in logged.plain
    assert heard.buttons == []  # the question is answered: its buttons are gone
    humps = [("hamstring_humps", "left", "12"), ("hamstring_humps", "right", "15")]
    assert await exported(standin, alice) == humps

    standin.press(alice, heard, save, forge=True)  # the old message's button
    await standin.quiet()
    assert standin.callback_answers[-1].get("text") == STALE_DOUBT
    assert await exported(standin, alice) == humps


async def test_a_named_exercise_is_shown_and_stored_for_it(
    coach: CoachApplication, standin: BotApiStandIn, alice: StandInUser, database: Database
) -> None:
    """A report that names its exercise ("rxx clean left six six right six six") is
    heard with the exercise's name and stored for it."""
    await say(standin, alice, "/warmup")
    heard = await speak(standin, alice, clip("rxx clean left six six right six six"))
    assert "I heard: RXX clean, Left 6, 6 · Right 6, 6" in heard.plain
    standin.press_button(alice, heard, "Save")
    [logged] = await standin.replies(alice)
    assert "Logged RXX clean (2 sets): Left 6, 6 · Right 6, 6" in logged.plain
    assert await stored_sets(database) == [
        ("rxx_clean", "left", 1, 6),
        ("rxx_clean", "left", 2, 6),
        ("rxx_clean", "right", 1, 6),
        ("rxx_clean", "right", 2, 6),
    ]


async def test_a_double_tap_on_save_stores_one_report(
    coach: CoachApplication, standin: BotApiStandIn, alice: StandInUser, database: Database
) -> None:
    """Save pressed twice before the bot has answered the first: one report."""
    await say(standin, alice, "/warmup")
    heard = await speak(standin, alice, clip("left twelve right fifteen"))
    save = heard.callback_data_for("Save")
    standin.press(alice, heard, save)
    standin.press(alice, heard, save)
    [logged] = await standin.replies(alice)
    await standin.quiet()
    assert "Logged Hamstring humps" in logged.plain
    assert len(await stored_sets(database)) == 2
    assert [a.get("text") for a in standin.callback_answers].count(STALE_DOUBT) == 1


async def test_change_stores_nothing_and_asks_to_type_it(
    coach: CoachApplication, standin: BotApiStandIn, alice: StandInUser, database: Database
) -> None:
    """✏️ Change: the buttons go, nothing is stored, and the runner is asked to type it;
    the Save of that message does nothing afterwards."""
    await say(standin, alice, "/warmup")
    heard = await speak(standin, alice, clip("left twelve right fifteen"))
    save = heard.callback_data_for("Save")
    standin.press_button(alice, heard, "Change")
    [typed] = await standin.replies(alice)
    assert typed.plain == voice.TYPE_IT
    assert heard.buttons == []
    standin.press(alice, heard, save, forge=True)
    await standin.quiet()
    assert await stored_sets(database) == []
    typed_report = await say(standin, alice, "humps left 12 right 14")
    assert "Logged Hamstring humps" in typed_report.plain


async def test_undo_cancels_an_open_i_heard(
    coach: CoachApplication, standin: BotApiStandIn, alice: StandInUser, database: Database
) -> None:
    """/undo while "I heard …" waits takes back that report (never stored), not the one
    before it; its Save stores nothing afterwards."""
    await say(standin, alice, "/warmup")
    await say(standin, alice, "hops 20 20")
    heard = await speak(standin, alice, clip("left twelve right fifteen"))
    save = heard.callback_data_for("Save")
    undone = await say(standin, alice, "/undo")
    assert undone.plain == QUESTION_UNDONE
    assert heard.buttons == []
    standin.press(alice, heard, save, forge=True)
    await standin.quiet()
    assert await stored_sets(database) == [
        ("hamstring_hops", "both", 1, 20),
        ("hamstring_hops", "both", 2, 20),
    ]


async def test_without_an_exercise_or_session_save_asks_which_exercise(
    coach: CoachApplication, standin: BotApiStandIn, bob: StandInUser, database: Database
) -> None:
    """No warm-up open and no name said: Save asks which exercise, and the choice stores."""
    heard = await speak(standin, bob, clip("right nine and left eleven"))
    assert "I heard: Left 11 · Right 9" in heard.plain
    assert await stored_sets(database) == []  # nobody is even registered before Save
    standin.press_button(bob, heard, "Save")
    [which] = await standin.replies(bob)
    assert "Which exercise was that? (Left 11 · Right 9)" in which.plain
    standin.press_button(bob, which, "Hamstring humps")
    [logged] = await standin.replies(bob)
    assert "Logged Hamstring humps" in logged.plain
    assert len(await stored_sets(database)) == 2


@pytest.mark.parametrize(
    ("name", "audio", "expected"),
    [
        ("silence", sound("silence.ogg"), voice.SILENCE),
        ("a click", sound("blip.ogg"), voice.SILENCE),
        ("noise", sound("noise.ogg"), voice.UNCLEAR),
        ("music", sound("tones.ogg"), voice.UNCLEAR),
        ("a beat", sound("beat.ogg"), voice.UNCLEAR),
        ("German speech", sound("german.ogg"), voice.UNCLEAR),
        ("Russian speech", sound("russian.ogg"), voice.UNCLEAR),
        ("bytes that are no audio", sound("not_audio.bin"), voice.UNREADABLE),
    ],
)
async def test_what_is_no_report_gets_a_reply_and_stores_nothing(
    coach: CoachApplication,
    standin: BotApiStandIn,
    alice: StandInUser,
    database: Database,
    name: str,
    audio: bytes,
    expected: str,
) -> None:
    """Silence, noise, music, speech in another language and bytes that are no audio: a
    short reply to type it instead, no buttons, nothing stored."""
    await say(standin, alice, "/warmup")
    reply = await speak(standin, alice, audio)
    assert reply.plain == expected, name
    assert reply.buttons == []
    assert await stored_sets(database) == []


async def test_a_note_over_the_limit_is_refused_without_downloading(
    coach: CoachApplication, standin: BotApiStandIn, alice: StandInUser, database: Database
) -> None:
    """A 31-second note (the limit is 30 s): told it is too long, never downloaded."""
    reply = await speak(standin, alice, clip("left twelve right fifteen"), seconds=31)
    assert "too long" in reply.plain
    assert "30 seconds at most" in reply.plain
    assert standin.calls_to("getFile") == []
    assert await stored_sets(database) == []


async def test_a_german_runner_is_told_voice_is_english_only(
    coach: CoachApplication, standin: BotApiStandIn, alice: StandInUser, database: Database
) -> None:
    """A runner who has the bot write in German: voice is English-only for now (said in
    German), and the note is not even downloaded."""
    await say(standin, alice, "/language de")
    reply = await speak(standin, alice, clip("left twelve right fifteen"))
    assert worded(Language.DE, voice.ENGLISH_ONLY).fullmatch(reply.plain)
    assert standin.calls_to("getFile") == []
    assert await stored_sets(database) == []


async def test_without_a_recognizer_a_voice_note_gets_the_old_reply(
    settings: Settings, standin: BotApiStandIn, clock: ManualClock, alice: StandInUser
) -> None:
    """VOICE_ENABLED=false: a voice note is asked to be typed, as before voice notes."""
    async for _application in build(settings, standin, clock, None, voice_enabled=False):
        reply = await speak(standin, alice, clip("left twelve right fifteen"))
        assert reply.plain == fallback.VOICE


async def test_a_recognizer_failure_gets_a_friendly_reply(
    settings: Settings, standin: BotApiStandIn, clock: ManualClock, alice: StandInUser
) -> None:
    """A recognizer that crashes: the runner is told, never left without an answer."""

    async def broken(audio: bytes) -> Heard:
        raise RuntimeError("worker died")

    application = build_application(
        settings, token=TEST_TOKEN, base_url=standin.base_url, clock=clock, listen=broken
    )
    async with running(application):
        reply = await speak(standin, alice, clip("left twelve right fifteen"))
        assert reply.plain == voice.FAILED
