"""The bot's Bot API client (aiohttp): a few connections, the sends beyond them wait
their turn instead of failing on a pool timeout, files go as multipart, and timeouts
and network failures reach python-telegram-bot as its own errors: TimedOut when the
request may have been performed, NetworkError when it certainly was not."""

from __future__ import annotations

import asyncio
import io
import json
import socket

import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import NetworkError, TelegramError, TimedOut
from telegram.request import BaseRequest, HTTPXRequest, RequestData
from telegram.request._requestparameter import RequestParameter

from bot.http import MEDIA_WRITE_TIMEOUT, BotApiRequest, form_fields, json_body
from bot.standin import BotApiStandIn, Fault, StandInUser
from tests.helpers import TEST_TOKEN

SENDS = 6
SLOW = 1.2  # seconds per send: longer than PTB's 1 s pool timeout
USER = StandInUser(id=4242, first_name="Q")


async def _send_all(
    standin: BotApiStandIn, request: BaseRequest, slow: float | None = None
) -> list[object]:
    standin.register_user(USER)
    if slow is not None:
        standin.inject(Fault.slow(slow), methods="sendMessage", times=SENDS)
    async with Bot(TEST_TOKEN, base_url=standin.base_url, request=request) as bot:
        return await asyncio.gather(
            *(bot.send_message(USER.chat_id, f"#{n}") for n in range(SENDS)),
            return_exceptions=True,
        )


async def test_sends_beyond_the_connections_queue_and_all_arrive(standin: BotApiStandIn) -> None:
    """6 slow sends through 2 connections: never more than 2 in flight, and every one is
    sent, although most wait longer than PTB's pool timeout."""
    request = BotApiRequest(2)
    results = await _send_all(standin, request, SLOW)
    assert not [r for r in results if isinstance(r, BaseException)]
    assert request.most_in_flight == 2
    assert sorted(m.plain for m in standin.sent) == [f"#{n}" for n in range(SENDS)]


async def test_ptbs_default_client_loses_queued_sends_to_its_pool_timeout(
    standin: BotApiStandIn,
) -> None:
    """The reason for the queue: PTB's httpx request with the same 2 connections lets the
    waiting sends time out in its pool."""
    results = await _send_all(standin, HTTPXRequest(connection_pool_size=2), SLOW)
    assert any(isinstance(r, TimedOut) for r in results)
    assert len(standin.sent) < SENDS


@pytest.mark.parametrize("connections", [1, 4, 8])
async def test_at_most_the_configured_connections_are_in_flight(
    standin: BotApiStandIn, connections: int
) -> None:
    """BotApiRequest(n) lets at most n concurrent sends reach Telegram at once."""
    request = BotApiRequest(connections)
    results = await _send_all(standin, request, 0.05)
    assert not [r for r in results if isinstance(r, BaseException)]
    assert request.most_in_flight == min(connections, SENDS)


async def test_files_go_as_multipart_with_their_name_and_caption(standin: BotApiStandIn) -> None:
    """A document (as /export sends) arrives with its file name, bytes and caption."""
    standin.register_user(USER)
    request = BotApiRequest(2)
    async with Bot(TEST_TOKEN, base_url=standin.base_url, request=request) as bot:
        await bot.send_document(
            USER.chat_id,
            io.BytesIO(b"day,leg,reps\n2026-03-02,left,9\n"),
            filename="reps.csv",
            caption="Your sets",
        )
    [sent] = standin.sent
    assert sent.method == "senddocument"
    assert sent.text == "Your sets"
    assert sent.file is not None
    assert sent.file.filename == "reps.csv"
    assert sent.file.data == b"day,leg,reps\n2026-03-02,left,9\n"


async def test_an_answer_slower_than_the_read_timeout_is_timed_out(
    standin: BotApiStandIn,
) -> None:
    """Telegram taking longer than the read timeout surfaces as PTB's TimedOut, which the
    delivery code treats as "try again later"."""
    standin.register_user(USER)
    standin.inject(Fault.slow(1.0), methods="sendMessage")
    request = BotApiRequest(2, read_timeout=0.2, write_timeout=0.1)
    async with Bot(TEST_TOKEN, base_url=standin.base_url, request=request) as bot:
        with pytest.raises(TimedOut):
            await bot.send_message(USER.chat_id, "late")


async def test_a_hang_is_timed_out(standin: BotApiStandIn) -> None:
    """No answer within the read timeout is TimedOut: the request went out and may have
    been performed, so a caller must not take it as certainly undelivered."""
    standin.register_user(USER)
    standin.inject(Fault.hang(), methods="sendMessage")
    request = BotApiRequest(2, read_timeout=0.2, write_timeout=0.1)
    async with Bot(TEST_TOKEN, base_url=standin.base_url, request=request) as bot:
        with pytest.raises(TimedOut):
            await bot.send_message(USER.chat_id, "never")
    assert standin.sent == []


async def test_a_dropped_connection_is_a_network_error_not_a_timeout(
    standin: BotApiStandIn,
) -> None:
    """The server closing the connection before any answer is NetworkError, never
    TimedOut: nothing was performed, so sending again doubles nothing."""
    standin.register_user(USER)
    standin.inject(Fault.dropped_connection(), methods="sendMessage")
    request = BotApiRequest(2)
    async with Bot(TEST_TOKEN, base_url=standin.base_url, request=request) as bot:
        with pytest.raises(NetworkError) as raised:
            await bot.send_message(USER.chat_id, "dropped")
        assert not isinstance(raised.value, TimedOut)
        await bot.send_message(USER.chat_id, "again")
    assert [m.plain for m in standin.sent] == ["again"]


async def test_no_server_is_a_network_error() -> None:
    """A refused connection surfaces as PTB's NetworkError, not as an aiohttp exception."""
    with socket.socket() as placeholder:
        placeholder.bind(("127.0.0.1", 0))
        port = placeholder.getsockname()[1]
    request = BotApiRequest(1, connect_timeout=1.0)
    await request.initialize()
    try:
        with pytest.raises(NetworkError):
            await request.post(f"http://127.0.0.1:{port}/bot{TEST_TOKEN}/getMe")
    finally:
        await request.shutdown()


# --- JSON both ways with orjson ---------------------------------------------------------


def test_answers_are_parsed_and_bad_ones_refused_as_ptb_does() -> None:
    answer = BotApiRequest.parse_json_payload(
        '{"ok":true,"result":{"text":"Привет 👋","id":12345678901}}'.encode()
    )
    assert answer == {"ok": True, "result": {"text": "Привет 👋", "id": 12345678901}}
    for bad in (b"<html>502 Bad Gateway</html>", b"", b"[1, 2]", b"\xff\xfe"):
        with pytest.raises(TelegramError, match="Invalid server response"):
            BotApiRequest.parse_json_payload(bad)


def test_parameters_are_encoded_as_ptb_encodes_them() -> None:
    """Strings as they are, everything else as JSON, None left out: the same values PTB's
    json_parameters gives (orjson writes it compact and in UTF-8)."""
    markup = {"inline_keyboard": [[{"text": "✅ Сохранить", "callback_data": "qs:1"}]]}
    data = RequestData(
        [
            RequestParameter("chat_id", 42, None),
            RequestParameter("text", "Links 12 · Rechts 15", None),
            RequestParameter("reply_markup", markup, None),
            RequestParameter("disable_notification", True, None),
            RequestParameter("message_thread_id", None, None),
            RequestParameter("entities", [{"type": "bold", "offset": 0, "length": 5}], None),
        ]
    )
    fields = form_fields(data)
    assert fields == {
        "chat_id": "42",
        "text": "Links 12 · Rechts 15",
        "reply_markup": '{"inline_keyboard":[[{"text":"✅ Сохранить","callback_data":"qs:1"}]]}',
        "disable_notification": "true",
        "entities": '[{"type":"bold","offset":0,"length":5}]',
    }
    ptb = data.json_parameters
    assert fields.keys() == ptb.keys()
    for name, value in fields.items():
        if name != "text":
            assert json.loads(value) == json.loads(ptb[name])
    # Without files the same values go as one JSON body, each in its own JSON type.
    body = json_body(data)
    assert body.content_type == "application/json"
    assert json.loads(body._value) == {
        "chat_id": 42,
        "text": "Links 12 · Rechts 15",
        "reply_markup": markup,
        "disable_notification": True,
        "entities": [{"type": "bold", "offset": 0, "length": 5}],
    }


async def test_a_send_reaches_the_bot_api_as_a_json_body(standin: BotApiStandIn) -> None:
    """What the stand-in reads from a JSON body is what the bot sent: the text with its
    non-Latin letters, the number as a number and the keyboard as an object."""
    standin.register_user(USER)
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("✅ Готово", callback_data="wd:7")]])
    async with Bot(TEST_TOKEN, base_url=standin.base_url, request=BotApiRequest(1)) as bot:
        sent = await bot.send_message(USER.chat_id, "Übung «A» & <b>", reply_markup=markup)
    call = standin.calls_to("sendMessage")[-1]
    assert call.params["chat_id"] == USER.chat_id
    assert call.params["text"] == "Übung «A» & <b>"
    assert call.params["reply_markup"] == markup.to_dict()
    assert sent.text == "Übung «A» & <b>"


def test_timeouts_are_this_backends_unless_given() -> None:
    """Each request's timeouts: PTB's defaults give this backend's own (the read wait
    grown by the write allowance, longer for files); given ones are taken."""
    request = BotApiRequest(2, connect_timeout=3.0, read_timeout=4.0, write_timeout=5.0)
    default = BaseRequest.DEFAULT_NONE
    assert request._timeout(default, default, default, upload=False) == (3.0, 9.0)
    upload = request._timeout(default, default, default, upload=True)
    assert upload == (3.0, 4.0 + MEDIA_WRITE_TIMEOUT)
    assert request._timeout(1.0, 2.0, None, upload=False) == (None, 3.0)
