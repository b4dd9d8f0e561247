"""The bot's HTTP client for the Bot API: a python-telegram-bot request backend with a few
kept-alive connections and the sends beyond them queued in order. JSON requests (nearly
all) go by bot/keepalive.py, a lean HTTP/1.1 client with httptools' parser; requests
with files by aiohttp's client, multipart.

Why not PTB's default (httpx): profiled under a burst of replies, the bot's own thread
spent about 60% of its time in httpx/httpcore/anyio sending them, more than parsing,
storing and adapting the reports. httpcore's pool re-examines every connection and
every queued request each time a request starts or ends, and each request passes
through anyio's layers. aiohttp's client took its place first; for JSON it still spent
0.14 ms of CPU a request, bot/keepalive.py 0.04 ms (with it the coach went from 1.03 to
0.80 ms of CPU a reply in benchmarks/bench_reports.py).
At most ``connections`` requests are in flight; the others
wait in an asyncio semaphore, in order and without a timeout of their own (each
request ahead has its read timeout), so a burst of sends queued behind slow ones still
goes out instead of failing on a pool timeout, as PTB's 1 s ``pool_timeout`` makes it
(tests/test_http.py shows both). Profiled and measured: benchmarks/bench_reports.py.

Failures reach PTB as two errors, split by whether Telegram may have performed the
request, which decides whether sending it again can double a message:

- :class:`~telegram.error.TimedOut`: it may have. The request went out and no answer
  came in time (the read timeout), or an answer came that was cut off or unreadable.
- :class:`~telegram.error.NetworkError` (not TimedOut): it did not. No connection
  (refused, or the connect timeout), or the connection closed or reset before any answer
  came: the Bot API answers every request it performs, and the usual cause is a
  keep-alive connection the server closed just as the request went out. (A connection
  cut by the network after Telegram performed the request would look the same; nothing
  on the client can tell, and such a retry is the one that could double.)

Error answers (4xx, 5xx) are PTB's to map, as it does for every backend.

JSON both ways with orjson (a Rust parser, several times the standard library's speed on
the Bot API's answers): a request without files goes as one JSON body (the Bot API takes
``application/json``), encoded here from ``RequestData.parameters``, instead of a form
whose fields PTB would encode one by one as JSON and aiohttp would then URL-encode
(``quote_from_bytes`` was 2.5% of a wave's profile, and the server has to undo it);
files go multipart with the other parameters as form fields (strings as they are,
everything else as JSON, as PTB's ``json_parameters`` has them).
:meth:`BotApiRequest.parse_json_payload` reads the answers.
"""

from __future__ import annotations

import asyncio
import logging
from functools import lru_cache
from typing import TYPE_CHECKING, Any, NamedTuple

import orjson
from telegram._utils.defaultvalue import DefaultValue
from telegram._utils.types import JSONDict, UploadFileDict
from telegram.error import NetworkError, TelegramError, TimedOut
from telegram.request import BaseRequest, RequestData

from bot.keepalive import KeepAliveClient, MaybeSentError, NotSentError

if TYPE_CHECKING:
    import aiohttp

DEFAULT_TIMEOUT = 10.0
MEDIA_WRITE_TIMEOUT = 20.0
_LOGGER = logging.getLogger(__name__)


class BotApiRequest(BaseRequest):
    """PTB's :class:`~telegram.request.BaseRequest`: JSON on a :class:`KeepAliveClient`,
    files on an ``aiohttp.ClientSession``."""

    def __init__(
        self,
        connections: int = 8,
        *,
        connect_timeout: float = DEFAULT_TIMEOUT,
        read_timeout: float = DEFAULT_TIMEOUT,
        write_timeout: float = DEFAULT_TIMEOUT,
    ) -> None:
        self._connections = connections
        self._connect_timeout = connect_timeout
        self._read_timeout = read_timeout
        self._write_timeout = write_timeout
        self._session: aiohttp.ClientSession | None = None
        self._keepalive: KeepAliveClient | None = None
        self._slots = asyncio.Semaphore(connections)
        self.in_flight = 0
        self.most_in_flight = 0

    @property
    def read_timeout(self) -> float | None:
        return self._read_timeout

    @staticmethod
    def parse_json_payload(payload: bytes) -> JSONDict:
        """The Bot API's answer, parsed by orjson (PTB's own uses ``json.loads``)."""
        try:
            parsed = orjson.loads(payload)
        except orjson.JSONDecodeError as error:
            text = payload.decode("utf-8", "replace")
            _LOGGER.exception('Can not load invalid JSON data: "%s"', text)
            raise TelegramError("Invalid server response") from error
        if not isinstance(parsed, dict):
            raise TelegramError("Invalid server response")
        return parsed

    async def initialize(self) -> None:
        if self._keepalive is None:
            self._keepalive = KeepAliveClient(self.USER_AGENT)

    async def shutdown(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()
        if self._keepalive is not None:
            await self._keepalive.close()
        self._session = self._keepalive = None

    def _aiohttp_session(self) -> aiohttp.ClientSession:
        """The session for requests with files, opened at the first (aiohttp is imported
        then: about 150 ms that the start no longer waits for)."""
        if self._session is None or self._session.closed:
            import aiohttp

            connector = aiohttp.TCPConnector(limit=self._connections, limit_per_host=0)
            self._session = aiohttp.ClientSession(
                connector=connector, headers={"User-Agent": self.USER_AGENT}
            )
        return self._session

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: float | DefaultValue[Any] | None = BaseRequest.DEFAULT_NONE,
        write_timeout: float | DefaultValue[Any] | None = BaseRequest.DEFAULT_NONE,
        connect_timeout: float | DefaultValue[Any] | None = BaseRequest.DEFAULT_NONE,
        pool_timeout: float | DefaultValue[Any] | None = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        keepalive = self._keepalive
        if keepalive is None:
            raise RuntimeError("the BotApiRequest is not initialized")
        files = request_data.multipart_data if request_data else None
        timeout = self._timeout(read_timeout, write_timeout, connect_timeout, upload=bool(files))
        async with self._slots:
            self.in_flight += 1
            self.most_in_flight = max(self.most_in_flight, self.in_flight)
            try:
                if method == "POST" and not files:  # JSON: bot/keepalive.py
                    return await _post_json(keepalive, url, json_bytes(request_data), timeout)
                session = self._aiohttp_session()  # files (multipart): aiohttp
                return await _send(session, method, url, _body(request_data, files), timeout)
            finally:
                self.in_flight -= 1

    def _timeout(
        self,
        read_timeout: float | DefaultValue[Any] | None,
        write_timeout: float | DefaultValue[Any] | None,
        connect_timeout: float | DefaultValue[Any] | None,
        *,
        upload: bool,
    ) -> Timeouts:
        """One request's timeouts: those PTB passes, else this backend's own (a longer
        write allowance when files go up)."""
        read = self._read_timeout if isinstance(read_timeout, DefaultValue) else read_timeout
        connect = (
            self._connect_timeout if isinstance(connect_timeout, DefaultValue) else connect_timeout
        )
        if isinstance(write_timeout, DefaultValue):
            write_timeout = MEDIA_WRITE_TIMEOUT if upload else self._write_timeout
        # Neither client has a write timeout: sending the body counts towards the wait for
        # the answer, so the read timeout grows by the write allowance.
        return Timeouts(connect, None if read is None else read + (write_timeout or 0.0))


class Timeouts(NamedTuple):
    """A request's seconds to connect, and to have the answer once connected."""

    connect: float | None
    read: float | None


@lru_cache(maxsize=64)
def _client_timeout(timeouts: Timeouts) -> aiohttp.ClientTimeout:
    """aiohttp's timeouts (frozen, so shared): made once for each pair, not per request."""
    import aiohttp

    return aiohttp.ClientTimeout(total=None, sock_connect=timeouts.connect, sock_read=timeouts.read)


def form_fields(request_data: RequestData) -> dict[str, str]:
    """The parameters as PTB's ``json_parameters`` has them (a string as it is, anything
    else as JSON, no parameter for None), encoded by orjson."""
    return {
        name: value if isinstance(value, str) else orjson.dumps(value).decode()
        for name, value in request_data.parameters.items()
        if value is not None
    }


def json_bytes(request_data: RequestData | None) -> bytes:
    """The parameters as one JSON object (no member for None), encoded by orjson."""
    if request_data is None:
        return b"{}"
    parameters = {
        name: value for name, value in request_data.parameters.items() if value is not None
    }
    return orjson.dumps(parameters)


def json_body(request_data: RequestData) -> aiohttp.BytesPayload:
    """:func:`json_bytes` as aiohttp's body."""
    import aiohttp

    return aiohttp.BytesPayload(json_bytes(request_data), content_type="application/json")


def _body(
    request_data: RequestData | None, files: UploadFileDict | None
) -> aiohttp.FormData | aiohttp.BytesPayload | None:
    """The request's body: the parameters as JSON, or multipart with the files if any."""
    import aiohttp

    if request_data is None:
        return None
    if not files:
        return json_body(request_data)
    form = aiohttp.FormData()
    for name, value in form_fields(request_data).items():
        form.add_field(name, value)
    for name, (filename, content, mimetype) in files.items():
        form.add_field(name, content, filename=filename, content_type=mimetype)
    return form


async def _post_json(
    client: KeepAliveClient, url: str, body: bytes, timeout: Timeouts
) -> tuple[int, bytes]:
    """Status and body of the answer to a JSON request (bot/keepalive.py), its failures
    as PTB's errors: TimedOut when Telegram may have performed it, NetworkError when not."""
    try:
        return await client.post_json(
            url, body, connect_timeout=timeout.connect, read_timeout=timeout.read
        )
    except MaybeSentError as error:
        raise TimedOut(str(error)) from error
    except NotSentError as error:
        raise NetworkError(str(error)) from error


async def _send(
    session: aiohttp.ClientSession,
    method: str,
    url: str,
    data: aiohttp.FormData | aiohttp.BytesPayload | None,
    timeouts: Timeouts,
) -> tuple[int, bytes]:
    """Status and body of the answer; aiohttp's failures as TimedOut when Telegram may
    have performed the request, NetworkError when it did not (the module's docstring)."""
    import aiohttp

    timeout = _client_timeout(timeouts)
    try:
        async with session.request(method, url, data=data, timeout=timeout) as response:
            try:
                return response.status, await response.read()
            except (aiohttp.ClientError, TimeoutError) as error:
                # Telegram has the request and was answering: it may be done.
                raise TimedOut(f"answer cut off: {_describe(error)}") from error
    except aiohttp.ClientResponseError as error:
        # An answer came that could not be read: the request arrived.
        raise TimedOut(f"answer unreadable: {_describe(error)}") from error
    except aiohttp.ConnectionTimeoutError as error:
        # No connection within the connect timeout: nothing was sent.
        raise NetworkError(f"not connected: {_describe(error)}") from error
    except TimeoutError as error:
        raise TimedOut from error
    except aiohttp.ClientError as error:
        raise NetworkError(_describe(error)) from error


def _describe(error: BaseException) -> str:
    return f"aiohttp.{type(error).__name__}: {error}"
