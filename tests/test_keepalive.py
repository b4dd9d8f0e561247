"""bot/keepalive.py against loopback servers this test starts (plain and TLS), each
answering as a test scripts it: a connection is kept for the next request, answers
come whole whether sized or chunked, a server's "Connection: close" or a closed idle
connection means a new connection, and each failure says whether the request may have
been performed (MaybeSentError) or was not (NotSentError).

The TLS server's certificate (tests/data/loopback-tls.*) is a throw-away self-signed one
for 127.0.0.1, made for these tests only; nothing trusts it but the test's own context.
"""

from __future__ import annotations

import asyncio
import socket
import ssl
from collections.abc import AsyncIterator, Callable, Coroutine
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import orjson
import pytest
import uvloop

from bot.keepalive import KeepAliveClient, MaybeSentError, NotSentError, _target

TLS = Path(__file__).parent / "data"
AGENT = "coachbot-test"


class Server:
    """A loopback HTTP server: each request's body and headers are kept; ``answer`` makes
    the bytes written back (or None: close the connection without a word)."""

    def __init__(self, answer: Callable[[int, bytes], bytes | None]) -> None:
        self.answer = answer
        self.connections = 0
        self.requests: list[tuple[bytes, dict[bytes, bytes], bytes]] = []
        self.writers: list[asyncio.StreamWriter] = []

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        self.writers.append(writer)
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                first, *lines = head.decode().split("\r\n")
                headers = {
                    name.strip().lower().encode(): value.strip().encode()
                    for name, _, value in (line.partition(":") for line in lines if line)
                }
                body = await reader.readexactly(int(headers[b"content-length"]))
                self.requests.append((first.encode(), headers, body))
                reply = self.answer(len(self.requests), body)
                if reply is None:
                    break
                writer.write(reply)
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()


def sized(body: bytes, *, close: bool = False, status: bytes = b"200 OK") -> bytes:
    extra = b"Connection: close\r\n" if close else b""
    return (
        b"HTTP/1.1 "
        + status
        + b"\r\nContent-Type: application/json\r\n"
        + extra
        + b"Content-Length: "
        + str(len(body)).encode()
        + b"\r\n\r\n"
        + body
    )


def chunked(*pieces: bytes) -> bytes:
    chunks = b"".join(f"{len(p):x}\r\n".encode() + p + b"\r\n" for p in pieces)
    return b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + chunks + b"0\r\n\r\n"


def ok(n: int, body: bytes) -> bytes:
    return sized(orjson.dumps({"ok": True, "result": {"n": n, "echo": orjson.loads(body)}}))


@asynccontextmanager
async def serving(
    answer: Callable[[int, bytes], bytes | None], tls: ssl.SSLContext | None = None
) -> AsyncIterator[tuple[Server, str]]:
    server = Server(answer)
    listening = await asyncio.start_server(server.handle, "127.0.0.1", 0, ssl=tls)
    port = listening.sockets[0].getsockname()[1]
    scheme = "https" if tls is not None else "http"
    try:
        yield server, f"{scheme}://127.0.0.1:{port}/bot123:abc"
    finally:
        for writer in server.writers:
            writer.close()
        listening.close()
        await listening.wait_closed()


async def one_connection_carries_every_request_in_turn() -> None:
    async with serving(ok) as (server, base):
        client = KeepAliveClient(AGENT)
        try:
            for n in range(1, 6):
                status, body = await client.post_json(
                    f"{base}/sendMessage",
                    orjson.dumps({"chat_id": n}),
                    connect_timeout=1.0,
                    read_timeout=1.0,
                )
                assert status == 200
                assert orjson.loads(body)["result"] == {"n": n, "echo": {"chat_id": n}}
        finally:
            await client.close()
    assert server.connections == 1
    first, headers, _ = server.requests[0]
    port = base.split(":")[2].split("/")[0]
    assert first == b"POST /bot123:abc/sendMessage HTTP/1.1"
    assert headers[b"host"] == f"127.0.0.1:{port}".encode()
    assert headers[b"content-type"] == b"application/json"
    assert headers[b"user-agent"] == AGENT.encode()


async def requests_at_once_each_get_their_own_connection_and_answer() -> None:
    async with serving(ok) as (server, base):
        client = KeepAliveClient(AGENT)
        try:
            answers = await asyncio.gather(
                *(
                    client.post_json(
                        f"{base}/sendMessage",
                        orjson.dumps({"chat_id": n}),
                        connect_timeout=1.0,
                        read_timeout=1.0,
                    )
                    for n in range(4)
                )
            )
            again = await client.post_json(
                f"{base}/getMe", b"{}", connect_timeout=1.0, read_timeout=1.0
            )
        finally:
            await client.close()
    assert [orjson.loads(body)["result"]["echo"]["chat_id"] for _, body in answers] == [0, 1, 2, 3]
    assert again[0] == 200
    assert server.connections == 4  # the fifth request took one of the four kept


async def chunked_and_error_answers_are_read_whole() -> None:
    def answer(n: int, body: bytes) -> bytes:
        if n == 1:
            return chunked(b'{"ok":true,', b'"result":', b"[1,2,3]}")
        return sized(b'{"ok":false,"error_code":400}', status=b"400 Bad Request")

    async with serving(answer) as (server, base):
        client = KeepAliveClient(AGENT)
        try:
            first = await client.post_json(base, b"{}", connect_timeout=1.0, read_timeout=1.0)
            second = await client.post_json(base, b"{}", connect_timeout=1.0, read_timeout=1.0)
        finally:
            await client.close()
    assert first == (200, b'{"ok":true,"result":[1,2,3]}')
    assert second == (400, b'{"ok":false,"error_code":400}')
    assert server.connections == 1


async def connection_close_and_a_closed_idle_connection_mean_a_new_one() -> None:
    async with serving(lambda n, body: sized(b"{}", close=n == 1)) as (server, base):
        client = KeepAliveClient(AGENT)
        try:
            for _ in range(2):  # the first answer says "close"
                await client.post_json(base, b"{}", connect_timeout=1.0, read_timeout=1.0)
            assert server.connections == 2
            for writer in server.writers:  # the server drops its idle connection
                writer.close()
            await asyncio.sleep(0.1)
            assert await client.post_json(base, b"{}", connect_timeout=1.0, read_timeout=1.0) == (
                200,
                b"{}",
            )
        finally:
            await client.close()
    assert server.connections == 3
    assert len(server.requests) == 3


async def closed_before_any_answer_is_not_sent() -> None:
    async with serving(lambda n, body: None) as (server, base):
        client = KeepAliveClient(AGENT)
        try:
            with pytest.raises(NotSentError):
                await client.post_json(base, b"{}", connect_timeout=1.0, read_timeout=1.0)
        finally:
            await client.close()
    assert len(server.requests) == 1


async def an_answer_cut_off_or_broken_may_have_been_performed() -> None:
    full = sized(b'{"ok":true,"result":{}}')

    def cut(n: int, body: bytes) -> bytes:
        return full[: len(full) - 5] if n == 1 else b"HTTP/1.1 ??? garbage\r\n\r\n"

    async with serving(cut) as (server, base):
        client = KeepAliveClient(AGENT)
        try:
            with pytest.raises(MaybeSentError):  # then the test's server closes
                await client.post_json(base, b"{}", connect_timeout=1.0, read_timeout=1.0)
            with pytest.raises(MaybeSentError):
                await client.post_json(base, b"{}", connect_timeout=1.0, read_timeout=1.0)
        finally:
            await client.close()
    assert len(server.requests) == 2


async def no_answer_within_the_read_timeout_may_have_been_performed() -> None:
    async with serving(lambda n, body: b"") as (server, base):  # says nothing, stays open
        client = KeepAliveClient(AGENT)
        try:
            with pytest.raises(MaybeSentError, match=r"no answer within 0\.2 s"):
                await client.post_json(base, b"{}", connect_timeout=1.0, read_timeout=0.2)
        finally:
            await client.close()
    assert len(server.requests) == 1


async def no_server_is_not_sent() -> None:
    with socket.socket() as placeholder:
        placeholder.bind(("127.0.0.1", 0))
        port = placeholder.getsockname()[1]
    client = KeepAliveClient(AGENT)
    with pytest.raises(NotSentError, match="not connected"):
        await client.post_json(
            f"http://127.0.0.1:{port}/bot1:a/getMe", b"{}", connect_timeout=1.0, read_timeout=1.0
        )
    with pytest.raises(NotSentError, match="not an http"):
        await client.post_json("ftp://127.0.0.1/x", b"{}", connect_timeout=1.0, read_timeout=1.0)
    await client.close()
    with pytest.raises(NotSentError, match="closed"):
        await client.post_json("http://127.0.0.1/x", b"{}", connect_timeout=1.0, read_timeout=1.0)


async def https_is_checked_against_the_trusted_roots() -> None:
    server_side = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_side.load_cert_chain(TLS / "loopback-tls.crt", TLS / "loopback-tls.key")
    async with serving(ok, tls=server_side) as (server, base):
        trusting = ssl.create_default_context(cafile=str(TLS / "loopback-tls.crt"))
        client = KeepAliveClient(AGENT, tls=trusting)
        try:
            for n in (1, 2):
                status, body = await client.post_json(
                    base, b'{"a":1}', connect_timeout=2.0, read_timeout=2.0
                )
                assert (status, orjson.loads(body)["result"]["n"]) == (200, n)
        finally:
            await client.close()
        assert server.connections == 1
        default = KeepAliveClient(AGENT)  # the system's roots do not know the test's one
        try:
            with pytest.raises(NotSentError, match="CERTIFICATE_VERIFY_FAILED"):
                await default.post_json(base, b"{}", connect_timeout=2.0, read_timeout=2.0)
        finally:
            await default.close()


SCENARIOS = [
    one_connection_carries_every_request_in_turn,
    requests_at_once_each_get_their_own_connection_and_answer,
    chunked_and_error_answers_are_read_whole,
    connection_close_and_a_closed_idle_connection_mean_a_new_one,
    closed_before_any_answer_is_not_sent,
    an_answer_cut_off_or_broken_may_have_been_performed,
    no_answer_within_the_read_timeout_may_have_been_performed,
    no_server_is_not_sent,
    https_is_checked_against_the_trusted_roots,
]


@pytest.mark.parametrize("loop", ["asyncio", "uvloop"])
@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda scenario: scenario.__name__)
def test_keepalive(scenario: Callable[[], Coroutine[Any, Any, None]], loop: str) -> None:
    """Each scenario above on asyncio's loop and on uvloop (the bot's default): their
    transports differ."""
    factory = uvloop.new_event_loop if loop == "uvloop" else asyncio.new_event_loop
    with asyncio.Runner(loop_factory=factory) as runner:
        runner.run(scenario())


@pytest.mark.parametrize(
    ("url", "server", "path", "host"),
    [
        ("https://api.telegram.org/bot1:a/getMe", ("https", "api.telegram.org", 443),
         b"/bot1:a/getMe", b"api.telegram.org"),
        ("http://127.0.0.1:8081/bot1:a/getMe?x=1", ("http", "127.0.0.1", 8081),
         b"/bot1:a/getMe?x=1", b"127.0.0.1:8081"),
        ("http://[::1]:8081/bot", ("http", "::1", 8081), b"/bot", b"[::1]:8081"),
        ("https://[::1]/bot", ("https", "::1", 443), b"/bot", b"[::1]"),
    ],
)  # fmt: skip
def test_where_a_url_goes(url: str, server: tuple[str, str, int], path: bytes, host: bytes) -> None:
    """The server a URL names, its request's path and Host header (an IPv6 address in
    brackets, the port only when it is not the scheme's own)."""
    target = _target(url)
    assert (target.server, target.path, target.host_header) == (server, path, host)
