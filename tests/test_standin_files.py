"""Files users send through the stand-in: the document update, getFile and the download,
checked with a plain HTTP client and with python-telegram-bot's own download."""

from __future__ import annotations

from typing import Any

import httpx
from telegram import Bot

from bot.standin import BotApiStandIn, StandInUser
from bot.standin.files import MAX_DOWNLOAD_BYTES
from tests.helpers import TEST_TOKEN

ANN = StandInUser(id=77, first_name="Ann")
PLAN = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n"


async def call(api: BotApiStandIn, method: str, **params: Any) -> tuple[int, Any]:
    async with httpx.AsyncClient() as client:
        response = await client.post(f"{api.base_url}{TEST_TOKEN}/{method}", data=params)
    return response.status_code, response.json()


async def download(api: BotApiStandIn, path: str, token: str = TEST_TOKEN) -> httpx.Response:
    async with httpx.AsyncClient() as client:
        return await client.get(f"{api.base_file_url}{token}/{path}")


async def sent_document(api: BotApiStandIn) -> dict[str, Any]:
    _, body = await call(api, "getUpdates")
    document: dict[str, Any] = body["result"][-1]["message"]["document"]
    return document


async def test_a_document_comes_with_ids_name_type_and_size(standin: BotApiStandIn) -> None:
    standin.send_document(ANN, "plan.ics", None, "text/calendar", PLAN)
    document = await sent_document(standin)
    assert document["file_name"] == "plan.ics"
    assert document["mime_type"] == "text/calendar"
    assert document["file_size"] == len(PLAN)
    assert document["file_id"] != document["file_unique_id"]


async def test_get_file_then_download_gives_the_bytes(standin: BotApiStandIn) -> None:
    standin.send_document(ANN, "plan.ics", None, "text/calendar", PLAN)
    document = await sent_document(standin)
    status, body = await call(standin, "getFile", file_id=document["file_id"])
    assert status == 200
    path = body["result"]["file_path"]
    assert path.endswith(".ics")
    assert body["result"]["file_size"] == len(PLAN)
    response = await download(standin, path)
    assert response.status_code == 200
    assert response.content == PLAN
    assert [call.method for call in standin.calls][-2:] == ["getfile", "file"]


async def test_get_file_refuses_unknown_ids_and_files_over_20_mb(standin: BotApiStandIn) -> None:
    status, body = await call(standin, "getFile", file_id="document-999")
    assert (status, body["description"]) == (400, "Bad Request: invalid file_id")
    standin.send_document(ANN, "huge.ics", None, "text/calendar", bytes(MAX_DOWNLOAD_BYTES + 1))
    document = await sent_document(standin)
    status, body = await call(standin, "getFile", file_id=document["file_id"])
    assert (status, body["description"]) == (400, "Bad Request: file is too big")


async def test_download_needs_the_token_and_a_known_path(standin: BotApiStandIn) -> None:
    standin.send_document(ANN, "plan.ics", None, "text/calendar", PLAN)
    document = await sent_document(standin)
    _, body = await call(standin, "getFile", file_id=document["file_id"])
    path = body["result"]["file_path"]
    assert (await download(standin, path, token="1:wrong")).status_code == 401
    assert (await download(standin, "documents/file_404.ics")).status_code == 404


async def test_python_telegram_bot_downloads_through_base_file_url(standin: BotApiStandIn) -> None:
    standin.send_document(ANN, "plan.ics", None, "text/calendar", PLAN)
    document = await sent_document(standin)
    bot = Bot(TEST_TOKEN, base_url=standin.base_url, base_file_url=standin.base_file_url)
    async with bot:
        telegram_file = await bot.get_file(document["file_id"])
        data = await telegram_file.download_as_bytearray()
    assert bytes(data) == PLAN
