"""End to end, issue 18: the runner's language. Chosen from Telegram's language_code on
first contact (others fall back to English), stored, changed with /language (buttons, a
code or a name); bad input shows the buttons and changes nothing. The command menu and
the bot's descriptions are published for every language."""

from __future__ import annotations

import html
import re
from datetime import time

import pytest

from bot.standin import BotApiStandIn, StandInUser
from handlers import fallback
from handlers.bot_profile import commands as menu
from handlers.context import CoachApplication
from handlers.i18n import _, speaking
from handlers.language import NATIVE_NAMES
from handlers.menu import COMMAND_MENU
from handlers.schedule_view import QUESTIONS
from library.languages import Language
from library.profiles import OnboardingStep
from library.small_talk import SmallTalk
from storage import Database
from tests.helpers import say, stored_sets, worded

pytestmark = pytest.mark.e2e


def user(user_id: int, language_code: str) -> StandInUser:
    return StandInUser(id=user_id, first_name=f"Runner {user_id}", language_code=language_code)


async def language_of(database: Database, who: StandInUser) -> Language | None:
    async with database.unit_of_work() as uow:
        profile = await uow.users.get(who.id)
    return None if profile is None else profile.language


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("de", Language.DE),
        ("de-AT", Language.DE),
        ("es", Language.ES),
        ("fr-CA", Language.FR),
        ("ru", Language.RU),
        ("en", Language.EN),
        ("pt-br", Language.EN),  # not spoken: English
        ("", Language.EN),
    ],
)
async def test_the_first_contact_stores_the_telegram_language(
    coach: CoachApplication,
    standin: BotApiStandIn,
    database: Database,
    code: str,
    expected: Language,
) -> None:
    runner = user(501, code)
    await say(standin, runner, "/start")
    assert await language_of(database, runner) is expected


async def test_a_later_app_language_does_not_override_the_stored_one(
    coach: CoachApplication, standin: BotApiStandIn, database: Database
) -> None:
    await say(standin, user(502, "de"), "/start")
    await say(standin, user(502, "fr"), "/help")
    assert await language_of(database, user(502, "fr")) is Language.DE


async def test_language_with_a_code_or_a_name_changes_it(
    coach: CoachApplication, standin: BotApiStandIn, database: Database
) -> None:
    runner = user(503, "de")
    await say(standin, runner, "/start")
    for said, expected in [
        ("/language en", Language.EN),
        ("/language Español", Language.ES),
        ("/language russian", Language.RU),
        ("/language французский", Language.FR),
        ("/language DE", Language.DE),
    ]:
        reply = await say(standin, runner, said)
        assert reply.buttons == []
        assert await language_of(database, runner) is expected, said


@pytest.mark.parametrize("said", ["/language", "/language klingon", "/language en de"])
async def test_anything_else_shows_the_buttons_and_changes_nothing(
    coach: CoachApplication, standin: BotApiStandIn, database: Database, said: str
) -> None:
    runner = user(504, "es")
    await say(standin, runner, "/start")
    reply = await say(standin, runner, said)
    assert [label for label, _ in reply.buttons] == list(NATIVE_NAMES.values())
    assert await language_of(database, runner) is Language.ES


async def test_a_button_changes_it_in_place(
    coach: CoachApplication, standin: BotApiStandIn, database: Database
) -> None:
    runner = user(505, "en")
    await say(standin, runner, "/start")
    offer = await say(standin, runner, "/language")
    edits = offer.edits
    standin.press_button(runner, offer, NATIVE_NAMES[Language.RU])
    await standin.wait_until(lambda: offer.edits > edits)
    assert offer.buttons == []
    assert await language_of(database, runner) is Language.RU


async def test_a_forged_button_changes_nothing(
    coach: CoachApplication, standin: BotApiStandIn, database: Database
) -> None:
    runner = user(506, "fr")
    await say(standin, runner, "/start")
    offer = await say(standin, runner, "/language")
    answers = len(standin.callback_answers)
    standin.press(runner, offer, "lang:xx", forge=True)
    await standin.wait_until(lambda: len(standin.callback_answers) > answers)
    assert standin.callback_answers[-1]["text"]
    assert await language_of(database, runner) is Language.FR


async def test_the_menu_and_descriptions_are_published_per_language(
    coach: CoachApplication, standin: BotApiStandIn
) -> None:
    names = [command.name for command in COMMAND_MENU]
    for language in Language:
        code = "" if language is Language.EN else language.value
        commands = standin.commands_in(code)
        assert commands is not None, code
        assert [command["command"] for command in commands] == names
        description, short = standin.description_in(code)
        assert description
        assert short
        assert len(description) <= 512
        assert len(short) <= 120
        with speaking(language):
            assert [c["description"] for c in commands] == [c.description for c in menu()]


# --- Shows it: the whole path in each language ------------------------------------------

# (language, a rep report for the first per-leg exercise of the card, a question about
# hamstring humps), as a runner of that language types them.
NATIVE = [
    (Language.DE, "links 12 rechts 15", "wie mache ich hamstring humps?"),
    (Language.ES, "izquierda 12 derecha 15", "¿cómo se hacen los hamstring humps?"),
    (Language.FR, "gauche 12 droite 15", "comment faire les hamstring humps ?"),
    (Language.RU, "левая 12 правая 15", "как делать hamstring humps?"),
]


@pytest.mark.parametrize(("language", "report", "question"), NATIVE, ids=lambda v: str(v)[:12])
async def test_a_runner_is_coached_in_their_language_end_to_end(
    coach: CoachApplication,
    standin: BotApiStandIn,
    database: Database,
    language: Language,
    report: str,
    question: str,
) -> None:
    """Over the stand-in: /start in the runner's Telegram language; their report after
    /warmup stored as 12 and 15 and confirmed in their language; their question about
    humps explained in their language; /language en switches to English."""
    runner = user(600 + list(Language).index(language), language.value)
    catalog = coach.bot_data["services"].catalog
    greeting = await say(standin, runner, "/start")
    assert worded(language, "Hi {name}, I'm your hamstring coach.").search(greeting.plain)

    card = await say(standin, runner, "/warmup")
    humps = catalog.get("hamstring_humps")
    assert humps.in_language(language.value).name in card.plain

    confirmed = await say(standin, runner, report)
    logged = worded(
        language,
        "✅ Logged <b>{name}</b> ({count} set): {sets}",
        "✅ Logged <b>{name}</b> ({count} sets): {sets}",
        1,
    )
    assert logged.search(confirmed.plain), confirmed.plain
    assert humps.in_language(language.value).name in confirmed.plain
    assert await stored_sets(database) == [
        ("hamstring_humps", "left", 1, 12),
        ("hamstring_humps", "right", 1, 15),
    ]

    standin.send_text(runner, question)
    explained, back = await standin.replies(runner, count=2)  # set-up is still open
    assert worded(language, "Back to your set-up: {question}").search(back.plain)
    local_humps = humps.in_language(language.value)
    assert explained.plain.startswith(local_humps.name)
    assert local_humps.setup in explained.plain
    assert humps.setup not in explained.plain  # not the English text

    switched = await say(standin, runner, "/language en")
    assert worded(
        Language.EN,
        "Done: I'll write to you in English from now on. Send /language to change it again.",
    ).search(switched.plain)
    assert (await say(standin, runner, "/how humps")).plain.startswith(humps.name)
    assert await language_of(database, runner) is Language.EN


# (language, days with a time, the day it names, a time zone, "later")
SET_UP = [
    (Language.DE, "Di Do 6:30", "Berlin", "später"),
    (Language.ES, "mar jue 6:30", "Madrid", "más tarde"),
    (Language.FR, "mar. jeu. 6h30", "Paris", "plus tard"),
    (Language.RU, "вт чт 6:30", "Москва", "позже"),
]


@pytest.mark.parametrize(("language", "week", "city", "later"), SET_UP, ids=lambda v: str(v)[:8])
async def test_set_up_in_the_runner_s_words(
    coach: CoachApplication,
    standin: BotApiStandIn,
    database: Database,
    language: Language,
    week: str,
    city: str,
    later: str,
) -> None:
    """Days and times written the runner's way answer the set-up (the time question is
    skipped); "later" in their language puts the rest off; nothing is asked in English."""
    runner = user(650 + list(Language).index(language), language.value)
    await say(standin, runner, "/start")
    await say(standin, runner, week)
    standin.send_text(runner, city)
    zone, lead = await standin.replies(runner, count=2)
    assert {"Москва": "Europe/Moscow"}.get(city, f"Europe/{city}") in zone.plain
    assert worded(language, QUESTIONS[OnboardingStep.LEAD]).search(lead.plain)
    put_off = await say(standin, runner, later)
    assert worded(
        language,
        "No problem — nothing is planned yet. Set your runs any time with "
        "<code>/schedule mon wed fri 07:00</code>, or send /warmup before a run.",
    ).search(put_off.plain)
    async with database.unit_of_work() as uow:
        profile = await uow.users.get(runner.id)
    assert profile is not None
    assert profile.run_days == frozenset({1, 3})
    assert profile.run_time == time(6, 30)
    assert profile.onboarding is None


@pytest.mark.parametrize(
    ("language", "hello", "thanks", "bye"),
    [
        (Language.EN, "Hi!", "thanks", "bye"),
        (Language.DE, "Hallo", "Danke schön!", "Tschüss"),
        (Language.ES, "¡Hola!", "Muchas gracias", "Hasta luego"),
        (Language.FR, "Salut", "Merci beaucoup !", "À demain"),
        (Language.RU, "Привет", "Спасибо!", "Пока"),
    ],
    ids=str,
)
async def test_small_talk_gets_a_friendly_word_back_in_the_runner_s_language(
    coach: CoachApplication,
    standin: BotApiStandIn,
    language: Language,
    hello: str,
    thanks: str,
    bye: str,
) -> None:
    """A greeting, thanks or goodbye is answered in kind, not with "I didn't understand"."""
    runner = user(680 + list(Language).index(language), language.value)
    for said, kind in [
        (hello, SmallTalk.GREETING),
        (thanks, SmallTalk.THANKS),
        (bye, SmallTalk.BYE),
    ]:
        reply = await say(standin, runner, said)
        with speaking(language):
            assert reply.plain == html.unescape(
                re.sub(r"<[^>]+>", "", _(fallback.SMALL_TALK[kind]))
            )
            assert reply.plain != _(fallback.NOT_UNDERSTOOD)
