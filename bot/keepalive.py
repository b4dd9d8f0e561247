"""The Bot API's JSON requests over a few kept-alive HTTP/1.1 connections: the request
written as one block of bytes, the answer read by httptools' parser (the C parser of
uvicorn, MagicStack's; chunked bodies and keep-alive rules are its).

Why not aiohttp's client for these: measured against a server in another process, it
spent 0.14 ms of CPU on each small JSON request (its session's request and response
objects, cookie jar, tracing hooks, timers), this 0.04 ms. A report's reply is one such
request, and getUpdates another for every hundred: with this client the coach's CPU a
reply went from 1.03 to 0.80 ms (benchmarks/bench_reports.py). Files still go by aiohttp
(bot/http.py): multipart is its to get right, and uploads are rare.

What a failure means, as bot/http.py's docstring sets it out (whether Telegram may have
performed the request decides whether sending it again can double a message):

- ``NotSentError``: it was not. No connection (refused, or none within the connect timeout),
  or the connection closed before any byte of an answer came: the Bot API answers every
  request it performs, and the usual cause is a kept-alive connection the server closed
  just as the request went out.
- ``MaybeSentError``: it may have been. No whole answer within the read timeout, or the
  connection closed, or the answer broke, partway through it.

Connections are kept per server (scheme, host, port) while idle, as many as the caller
allows at once (bot/http.py holds that limit); one the server closes is dropped.
"""

from __future__ import annotations

import asyncio
import ssl
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from typing import cast
from urllib.parse import urlsplit

import httptools

_READ_LIMIT = 64 * 1024 * 1024  # bytes: an answer larger than this is refused as broken


class NotSentError(Exception):
    """The request did not reach the server (no connection, or closed before answering)."""


class MaybeSentError(Exception):
    """The request went out and no whole answer came back: it may have been performed."""


@dataclass(frozen=True, slots=True)
class _Target:
    """Where a URL's request goes, and the start of its request bytes."""

    scheme: str
    host: str
    port: int
    path: bytes
    host_header: bytes

    @property
    def server(self) -> tuple[str, str, int]:
        return self.scheme, self.host, self.port


@lru_cache(maxsize=256)
def _target(url: str) -> _Target:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise NotSentError(f"not an http(s) URL: {parts.scheme}://{parts.hostname}")
    port = parts.port or (443 if parts.scheme == "https" else 80)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    default = port == (443 if parts.scheme == "https" else 80)
    name = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname  # IPv6
    host = name if default else f"{name}:{port}"
    return _Target(parts.scheme, parts.hostname, port, path.encode(), host.encode("idna"))


class _Connection(asyncio.Protocol):
    """One kept-alive connection: one request at a time, its answer parsed as it comes."""

    def __init__(self) -> None:
        self.transport: asyncio.Transport | None = None
        self._parser = httptools.HttpResponseParser(self)
        self._answer: asyncio.Future[tuple[int, bytes]] | None = None
        self._body: list[bytes] = []
        self._size = 0
        self._received = False  # a byte of the current answer has come
        self._open = False
        self.reusable = False  # open, and its last answer came whole and may be followed

    # asyncio.Protocol
    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        # A TCP connection's transport (uvloop's is no asyncio.Transport subclass).
        self.transport = cast(asyncio.Transport, transport)
        self._open = True

    def data_received(self, data: bytes) -> None:
        self._received = True
        try:
            self._parser.feed_data(data)
        except httptools.HttpParserError as error:
            self._fail(MaybeSentError(f"answer unreadable: {error}"))

    def connection_lost(self, exc: Exception | None) -> None:
        self._open = self.reusable = False
        self.transport = None
        if self._received:
            self._fail(MaybeSentError("connection closed partway through the answer"))
        else:
            self._fail(NotSentError("connection closed before any answer"))

    # httptools' callbacks
    def on_body(self, body: bytes) -> None:
        self._size += len(body)
        if self._size > _READ_LIMIT:
            self._fail(MaybeSentError("answer too large"))
            return
        self._body.append(body)

    def on_message_complete(self) -> None:
        answer = self._answer
        if answer is None or answer.done():
            return
        self.reusable = self._open and self._parser.should_keep_alive()
        answer.set_result((self._parser.get_status_code(), b"".join(self._body)))

    # the client's side
    def send(self, request: bytes) -> asyncio.Future[tuple[int, bytes]]:
        """Write ``request``; the future is the answer's status and body."""
        assert self.transport is not None
        self._answer = asyncio.get_running_loop().create_future()
        self._body, self._size, self._received = [], 0, False
        self._parser = httptools.HttpResponseParser(self)
        self.reusable = False  # until its answer has come whole
        self.transport.write(request)
        return self._answer

    def close(self) -> None:
        self._open = self.reusable = False
        if self.transport is not None:
            self.transport.close()

    def _fail(self, error: Exception) -> None:
        self.close()
        answer = self._answer
        if answer is not None and not answer.done():
            answer.set_exception(error)


class KeepAliveClient:
    """POST JSON to the Bot API over kept-alive connections (see the module docstring)."""

    def __init__(self, user_agent: str, *, tls: ssl.SSLContext | None = None) -> None:
        """``tls``: how https servers are checked (default: the system's trusted roots)."""
        self._agent = user_agent.encode()
        self._idle: defaultdict[tuple[str, str, int], list[_Connection]] = defaultdict(list)
        self._tls = tls
        self._closed = False

    async def post_json(
        self, url: str, body: bytes, *, connect_timeout: float | None, read_timeout: float | None
    ) -> tuple[int, bytes]:
        """The status and body of the answer to ``body`` (JSON) POSTed to ``url``."""
        if self._closed:
            raise NotSentError("the client is closed")
        target = _target(url)
        connection = self._idle_connection(target) or await self._connect(target, connect_timeout)
        request = b"".join(
            (
                b"POST ",
                target.path,
                b" HTTP/1.1\r\nHost: ",
                target.host_header,
                b"\r\nUser-Agent: ",
                self._agent,
                b"\r\nAccept: application/json\r\nContent-Type: application/json"
                b"\r\nContent-Length: ",
                str(len(body)).encode(),
                b"\r\n\r\n",
                body,
            )
        )
        answer = connection.send(request)
        try:
            result = await asyncio.wait_for(answer, read_timeout)
        except TimeoutError as error:
            connection.close()
            raise MaybeSentError(f"no answer within {read_timeout} s") from error
        except BaseException:
            connection.close()  # cancelled or failed: the connection's state is unknown
            raise
        if connection.reusable and not self._closed:
            self._idle[target.server].append(connection)
        else:
            connection.close()
        return result

    async def close(self) -> None:
        """Close every idle connection; later requests are refused."""
        self._closed = True
        for connections in self._idle.values():
            for connection in connections:
                connection.close()
        self._idle.clear()

    def _idle_connection(self, target: _Target) -> _Connection | None:
        idle = self._idle.get(target.server)
        while idle:
            connection = idle.pop()
            transport = connection.transport
            if connection.reusable and transport is not None and not transport.is_closing():
                return connection
            connection.close()
        return None

    async def _connect(self, target: _Target, timeout: float | None) -> _Connection:
        loop = asyncio.get_running_loop()
        tls = None
        if target.scheme == "https":
            if self._tls is None:
                self._tls = ssl.create_default_context()
            tls = self._tls
        try:
            _transport, connection = await asyncio.wait_for(
                loop.create_connection(
                    _Connection,
                    target.host,
                    target.port,
                    ssl=tls,
                    server_hostname=target.host if tls is not None else None,
                ),
                timeout,
            )
        except TimeoutError as error:
            raise NotSentError(f"not connected within {timeout} s") from error
        except OSError as error:
            raise NotSentError(f"not connected: {error}") from error
        return connection
