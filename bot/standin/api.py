"""The Bot API over HTTP on loopback: ``/bot<token>/<method>`` requests in, answers out."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from typing import Literal

from aiohttp import web

from bot.standin.checks import ApiError
from bot.standin.faults import NO_ANSWER, FaultInjector, NoAnswerError
from bot.standin.files import FileStore
from bot.standin.methods import BotMethods, Files
from bot.standin.models import ApiCall, BotAccount, JsonDict, UploadedFile
from bot.standin.waiting import Activity

# Parameters Telegram documents as plain strings: never JSON-decoded, even when they
# happen to look like a number ("12" typed by a user must stay the text "12").
_STRING_PARAMETERS = frozenset(
    {
        "text",
        "caption",
        "parse_mode",
        "callback_query_id",
        "url",
        "secret_token",
        "action",
        "language_code",
        "description",
        "short_description",
        "name",
        "inline_message_id",
        "emoji",
        "photo",
        "document",
        "query",
        "ip_address",
        "certificate",
    }
)
# Long polls wait for updates as long as the bot asks: they do not keep the stand-in busy.
_UNCOUNTED_METHODS = frozenset({"getupdates"})
# How often a hanging request checks whether its client has given up.
HANG_POLL_SECONDS = 0.02
_MAX_REQUEST_BYTES = 50 * 1024 * 1024


def _decode(name: str, value: str) -> object:
    if name in _STRING_PARAMETERS:
        return value
    try:
        return json.loads(value)
    except ValueError:
        return value


def _check_chat_id(chat_id: object) -> None:
    """Telegram takes a chat id as a number or an @username; anything else (a list, an
    object, a fraction) is a 400 before any method or fault sees it."""
    if chat_id is None or isinstance(chat_id, str) or type(chat_id) is int:
        return
    raise ApiError(400, "Bad Request: chat not found")


class HttpApi:
    """An aiohttp server on ``host``:``port`` (0: any free port, known after :meth:`start`)
    that reads each request as python-telegram-bot sends it (query string, form fields
    with JSON inside, multipart files, or a JSON body), checks the token, lets the fault
    injector fail it, performs the method and answers ``{"ok": ...}`` as Telegram does.
    It also serves the files users sent, at ``/file/bot<token>/<file_path>``. Every
    request is recorded in ``calls`` with the status it was answered."""

    def __init__(
        self,
        methods: BotMethods,
        files: FileStore,
        faults: FaultInjector,
        activity: Activity,
        bot: BotAccount,
        now: Callable[[], float],
        *,
        token: str | None,
        host: str,
        port: int,
    ) -> None:
        self.expected_token = token
        self.host = host
        self.port = port
        self.calls: list[ApiCall] = []
        self._methods = methods
        self._files = files
        self._faults = faults
        self._activity = activity
        self._bot = bot
        self._now = now
        self._runner: web.AppRunner | None = None

    async def start(self) -> None:
        app = web.Application(client_max_size=_MAX_REQUEST_BYTES)
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        app.router.add_get("/file/bot{token}/{path:.+}", self._download)
        self._runner = web.AppRunner(app, access_log=None, handle_signals=False)
        await self._runner.setup()
        await web.TCPSite(self._runner, self.host, self.port).start()
        self.port = self._runner.addresses[0][1]

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def _handle(self, request: web.Request) -> web.Response:
        method = request.match_info["method"].lower()
        counted = method not in _UNCOUNTED_METHODS
        if counted:
            self._activity.in_flight += 1
        try:
            return await self._answer(request, method)
        finally:
            if counted:
                self._activity.in_flight -= 1
                self._activity.touch()

    async def _download(self, request: web.Request) -> web.Response:
        """A file a user sent, at the file_path getFile gave: the bytes, or 401/404 as
        Telegram's file server answers. Recorded in ``calls`` as method ``file``."""
        path = request.match_info["path"]
        token = request.match_info["token"]
        data = self._files.download(path)
        if self.expected_token is not None and token != self.expected_token:
            status, body = 401, b"Unauthorized"
        elif data is None:
            status, body = 404, b"Not Found"
        else:
            status, body = 200, data
        self.calls.append(ApiCall("file", {"file_path": path}, {}, status, self._now()))
        self._activity.touch()
        return web.Response(status=status, body=body, content_type="application/octet-stream")

    async def _answer(self, request: web.Request, method: str) -> web.Response:
        params: JsonDict = {}
        files: Files = {}
        status = 200
        try:
            params, files = await self._read(request)
            token = request.match_info["token"]
            if self.expected_token is not None and token != self.expected_token:
                raise ApiError(401, "Unauthorized")
            bot_id = token.partition(":")[0]
            # ASCII digits only: "²" passes str.isdigit() but not int().
            self._bot.id = int(bot_id) if bot_id.isascii() and bot_id.isdigit() else 1
            _check_chat_id(params.get("chat_id"))
            paid = params.get("allow_paid_broadcast") is True
            await self._faults.apply(method, params.get("chat_id"), paid=paid)
            result = await self._methods.call(method, params, files)
            body: JsonDict = {"ok": True, "result": result}
        except ApiError as error:
            status = error.status
            body = {"ok": False, "error_code": error.status, "description": error.description}
            if error.retry_after is not None:
                body["parameters"] = {"retry_after": error.retry_after}
        except NoAnswerError as silence:
            # Recorded when the request arrives, not when the client gives up on a hang:
            # the bot's retry comes after this call in ``calls``, as it did in time.
            self.calls.append(ApiCall(method, params, files, NO_ANSWER, self._now()))
            await self._leave_unanswered(request, silence.how)
            return web.Response(status=204)  # never written: the connection is closed
        self.calls.append(ApiCall(method, params, files, status, self._now()))
        return web.json_response(body, status=status)

    async def _read(self, request: web.Request) -> tuple[JsonDict, Files]:
        params: JsonDict = {}
        files: Files = {}
        raw: dict[str, object] = dict(request.query)
        if request.content_type == "application/json":
            try:
                body = await request.json()
            except ValueError as error:  # Telegram answers a body it can't read with a 400
                raise ApiError(400, "Bad Request: can't parse JSON body") from error
            params.update(body if isinstance(body, dict) else {})
        elif request.can_read_body:
            raw.update(await request.post())
        for name, value in raw.items():
            if isinstance(value, web.FileField):
                files[name] = UploadedFile(
                    name, value.filename, value.content_type, value.file.read()
                )
            else:
                params[name] = _decode(name, str(value))
        return params, files

    async def _leave_unanswered(self, request: web.Request, how: Literal["drop", "hang"]) -> None:
        """Close the connection without an answer; a hang first waits until the client
        has given up on it (closed its end) or the stand-in stops."""
        if how == "hang":
            while not self._activity.closing:
                transport = request.transport
                if transport is None or transport.is_closing():
                    break
                await asyncio.sleep(HANG_POLL_SECONDS)
        if request.transport is not None:
            request.transport.close()


__all__ = ["HANG_POLL_SECONDS", "HttpApi"]
