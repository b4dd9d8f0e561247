"""The Mini App travels compressed to a phone that takes it: the page, its script and
style, and the API's JSON are compressed (deflate or gzip, whichever the browser takes;
every browser takes both) and the same bytes once decoded, and plain when it takes
neither."""

from __future__ import annotations

import gzip
import json
import zlib

import aiohttp
import pytest

from bot.standin import BotApiStandIn, StandInUser
from bot.webapp import STATIC_DIR
from tests.helpers import ManualClock, onboard, signed_for, tma

pytestmark = pytest.mark.e2e


async def fetch(
    http: aiohttp.ClientSession, path: str, encoding: str, headers: dict[str, str] | None = None
) -> tuple[str | None, bytes]:
    """The answer's Content-Encoding and its body as sent (not decoded)."""
    async with http.get(
        path, headers={"Accept-Encoding": encoding, **(headers or {})}, auto_decompress=False
    ) as response:
        assert response.status == 200
        return response.headers.get("Content-Encoding"), await response.read()


@pytest.mark.parametrize(
    ("path", "name"),
    [("/app", "app.html"), ("/app/static/app.js", "app.js"), ("/app/static/app.css", "app.css")],
)
async def test_the_page_s_files_are_gzipped_for_a_browser_that_takes_it(
    http: aiohttp.ClientSession, path: str, name: str
) -> None:
    original = (STATIC_DIR / name).read_bytes()
    encoding, body = await fetch(http, path, "gzip")
    assert encoding == "gzip"
    assert gzip.decompress(body) == original
    assert len(body) < len(original) / 2
    encoding, body = await fetch(http, path, "gzip, deflate, br, zstd")  # as Chromium asks
    assert encoding == "deflate"
    assert zlib.decompress(body) == original
    encoding, body = await fetch(http, path, "identity")
    assert encoding is None
    assert body == original


async def test_the_dashboard_s_json_is_gzipped_too(
    http: aiohttp.ClientSession, standin: BotApiStandIn, clock: ManualClock, alice: StandInUser
) -> None:
    await onboard(standin, alice)
    headers = tma(signed_for(alice, clock))
    encoding, body = await fetch(http, "/api/dashboard", "gzip", headers)
    assert encoding == "gzip"
    board = json.loads(gzip.decompress(body))
    assert board["runner"]["first_name"].startswith("Alice")
    encoding, plain = await fetch(http, "/api/dashboard", "identity", headers)
    assert encoding is None
    assert json.loads(plain) == board
