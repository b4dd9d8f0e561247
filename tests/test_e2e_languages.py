"""End to end, issue 18: the runner's language. Chosen from Telegram's language_code on
first contact (others fall back to English), stored, changed with /language (buttons, a
code or a name); bad input shows the buttons and changes nothing. The command menu and
the bot's descriptions are published for every language."""

from __future__ import annotations

import pytest

from bot.standin import BotApiStandIn, StandInUser
from handlers.bot_profile import commands as menu
from handlers.context import CoachApplication
from handlers.i18n import speaking
from handlers.language import NATIVE_NAMES
from handlers.menu import COMMAND_MENU
from library.languages import Language
from storage import Database
from tests.helpers import say

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
