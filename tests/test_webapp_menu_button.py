"""The menu button that opens the Mini App speaks the runner's language: the Bot API's
default button (setChatMenuButton without a chat) has one label for everyone, English,
so a runner in another language gets their chat's own button at /start, and a change
of language (in the chat or from the page) relabels it. Without WEBAPP_URL no button
is set at all."""

from __future__ import annotations

import aiohttp
import pytest

from bot.standin import BotApiStandIn, StandInUser
from handlers.context import CoachApplication
from tests.helpers import ManualClock, signed_init_data, tma

pytestmark = pytest.mark.e2e

WEBAPP_URL = "https://coach.example.com/app"
DEFAULT = {"type": "web_app", "text": "📊 Dashboard", "web_app": {"url": WEBAPP_URL}}


@pytest.fixture
def webapp_url() -> str:
    return WEBAPP_URL


def button(text: str) -> dict[str, object]:
    return {"type": "web_app", "text": text, "web_app": {"url": WEBAPP_URL}}


async def say(standin: BotApiStandIn, user: StandInUser, text: str) -> None:
    standin.send_text(user, text)
    await standin.replies(user)
    await standin.quiet()


async def test_a_runner_in_another_language_gets_the_button_in_it_at_start(
    webcoach: CoachApplication, standin: BotApiStandIn
) -> None:
    greta = StandInUser(id=6001, first_name="Greta", language_code="de")
    olga = StandInUser(id=6002, first_name="Olga", language_code="ru")
    alice = StandInUser(id=6003, first_name="Alice", language_code="en")
    for user in (greta, olga, alice):
        await say(standin, user, "/start")
    assert standin.menu_buttons[None] == DEFAULT
    assert standin.menu_buttons[greta.chat_id] == button("📊 Übersicht")
    assert standin.menu_buttons[olga.chat_id] == button("📊 Обзор")
    assert alice.chat_id not in standin.menu_buttons  # the default is hers already


async def test_a_language_change_in_the_chat_relabels_the_chat_s_button(
    webcoach: CoachApplication, standin: BotApiStandIn, alice: StandInUser
) -> None:
    await say(standin, alice, "/start")
    await say(standin, alice, "/language fr")
    assert standin.menu_buttons[alice.chat_id] == button("📊 Tableau de bord")
    await say(standin, alice, "/language es")
    assert standin.menu_buttons[alice.chat_id] == button("📊 Panel")
    await say(standin, alice, "/language en")
    assert standin.menu_buttons[alice.chat_id] == DEFAULT
    assert standin.menu_buttons[None] == DEFAULT


async def test_a_language_chosen_on_the_page_relabels_the_chat_s_button(
    http: aiohttp.ClientSession, standin: BotApiStandIn, clock: ManualClock, alice: StandInUser
) -> None:
    await say(standin, alice, "/start")
    headers = tma(signed_init_data(alice.id, int(clock().timestamp())))
    async with http.post("/api/plan/language", json={"value": "ru"}, headers=headers) as answer:
        assert answer.status == 200
    assert standin.menu_buttons[alice.chat_id] == button("📊 Обзор")
    # A refused value changes neither the language nor the button.
    async with http.post("/api/plan/language", json={"value": "xx"}, headers=headers) as answer:
        assert answer.status == 400
    assert standin.menu_buttons[alice.chat_id] == button("📊 Обзор")


async def test_without_webapp_url_no_chat_gets_a_button(
    coach: CoachApplication, standin: BotApiStandIn
) -> None:
    greta = StandInUser(id=6001, first_name="Greta", language_code="de")
    await say(standin, greta, "/start")
    await say(standin, greta, "/language fr")
    assert standin.menu_buttons == {}
