"""The stand-in Bot API server: speaks Telegram's HTTP protocol on loopback and records everything.

python-telegram-bot reaches it through its ``base_url`` exactly as it reaches the real
Bot API: form-encoded bodies with JSON strings inside, multipart for files, long-polled
``getUpdates``. A test (or the console) plays the users: it sends messages, presses
buttons and shares locations; the stand-in turns those into updates and records every
message the bot sends back. Faults (429 with retry_after, 403, 5xx, slow answers,
dropped connections, hangs) can be injected per method and chat (see :class:`Fault`).
Once the bot sets a webhook, the stand-in plays Telegram's other side too: it POSTs each
update to the webhook URL with the secret token header, in order, and retries until the
bot answers 2xx.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import itertools
import json
import logging
import time
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from types import TracebackType
from typing import Any, ClassVar, Literal
from urllib.parse import urlsplit

import aiohttp
from aiohttp import web

from bot.standin.checks import (
    MAX_CAPTION_LENGTH,
    MAX_TEXT_LENGTH,
    ApiError,
    check_modified,
    check_webhook,
    checked_text,
    validate_markup,
)
from bot.standin.faults import NO_ANSWER, Fault, FaultInjector, NoAnswerError
from bot.standin.models import (
    ApiCall,
    CallbackNotice,
    ChatTarget,
    JsonDict,
    SentMessage,
    StandInGroup,
    StandInUser,
    UploadedFile,
    WebhookDelivery,
)

MessageListener = Callable[[SentMessage, bool], None]
NoticeListener = Callable[[CallbackNotice], None]
_MethodHandler = Callable[["BotApiStandIn", JsonDict, dict[str, UploadedFile]], Awaitable[object]]

_LOGGER = logging.getLogger(__name__)

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
_UNCOUNTED_METHODS = frozenset({"getupdates"})
SECRET_TOKEN_HEADER = "X-Telegram-Bot-Api-Secret-Token"
# How often a hanging request checks whether its client has given up.
HANG_POLL_SECONDS = 0.02
# How long the stand-in waits for the bot's webhook to answer one update (Telegram: about 60 s).
WEBHOOK_TIMEOUT_SECONDS = 10.0


@dataclass(slots=True)
class _Chat:
    data: JsonDict
    next_message_id: int = 1
    keyboard: JsonDict | None = None  # the reply keyboard the user sees now


def _decode(name: str, value: str) -> object:
    if name in _STRING_PARAMETERS:
        return value
    try:
        return json.loads(value)
    except ValueError:
        return value


def _is_loopback(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _command_entities(text: str) -> list[JsonDict]:
    if not text.startswith("/"):
        return []
    command = text.split(maxsplit=1)[0]
    return [{"type": "bot_command", "offset": 0, "length": len(command.encode("utf-16-le")) // 2}]


class BotApiStandIn:
    """The loopback Bot API. ``async with BotApiStandIn() as api: api.base_url ...``."""

    def __init__(
        self,
        *,
        token: str | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        clock: Callable[[], float] = time.time,
        bot_first_name: str = "Hamstring Coach",
        bot_username: str = "hamstring_coach_bot",
        rate_limit: float | None = None,
        per_chat_rate_limit: float | None = None,
        webhook_retry_delay: float = 0.2,
    ) -> None:
        """``rate_limit``: messages per second over all chats before answering 429, as
        Telegram does (about 30 there); ``per_chat_rate_limit`` the same within one chat.
        None leaves that limit off. ``webhook_retry_delay``: seconds before an update the
        webhook did not take (non-2xx or no connection) is posted again."""
        self.expected_token = token
        self.host = host
        self.port = port
        self.clock = clock
        self.bot_first_name = bot_first_name
        self.bot_username = bot_username
        self.calls: list[ApiCall] = []
        self.sent: list[SentMessage] = []
        self.commands: list[JsonDict] | None = None
        self.webhook: JsonDict = {}
        self.webhook_retry_delay = webhook_retry_delay
        self.webhook_deliveries: list[WebhookDelivery] = []
        self.callback_answers: list[JsonDict] = []
        self.chat_actions: list[JsonDict] = []
        self.listeners: list[MessageListener] = []
        self.notice_listeners: list[NoticeListener] = []
        self.in_flight = 0
        self._faults = FaultInjector(rate_limit=rate_limit, per_chat_rate_limit=per_chat_rate_limit)
        self._chats: dict[int, _Chat] = {}
        self._messages: dict[tuple[int, int], SentMessage] = {}
        self._marks: dict[int, int] = {}
        self._updates: list[JsonDict] = []
        self._update_ids = itertools.count(1)
        self._file_ids = itertools.count(1)
        self._user_messages: dict[int, JsonDict] = {}  # update id -> the message it carried
        self._query_ids = itertools.count(1)
        self._open_queries: dict[str, int] = {}  # query id -> the id of the user who pressed
        self._acknowledged_below = 0
        self._waiters: list[asyncio.Future[None]] = []
        self._runner: web.AppRunner | None = None
        self._delivery: asyncio.Task[None] | None = None
        self._closing = False
        self._last_activity = time.monotonic()
        self._bot_id = 0

    # ----------------------------------------------------------------- lifecycle
    async def start(self) -> None:
        app = web.Application(client_max_size=50 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        self._runner = web.AppRunner(app, access_log=None, handle_signals=False)
        await self._runner.setup()
        await web.TCPSite(self._runner, self.host, self.port).start()
        self.port = self._runner.addresses[0][1]  # the port chosen when 0 was asked

    async def stop(self) -> None:
        self._closing = True
        self._notify()  # ends pending long polls at once instead of at their timeout
        if self._delivery is not None:
            self._delivery.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._delivery
            self._delivery = None
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> BotApiStandIn:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()

    @property
    def base_url(self) -> str:
        """The value for python-telegram-bot's ``base_url`` (the token is appended to it)."""
        return f"http://{self.host}:{self.port}/bot"

    # ----------------------------------------------------------------- faults
    def inject(
        self,
        fault: Fault,
        *,
        methods: str | Iterable[str] | None = None,
        chat_id: int | None = None,
        times: int = 1,
    ) -> None:
        """Answer the next ``times`` matching requests with ``fault`` instead of normally."""
        self._faults.inject(fault, methods=methods, chat_id=chat_id, times=times)

    def block(self, user: StandInUser) -> None:
        """The user blocks the bot: every send to them answers 403 until :meth:`unblock`."""
        self._faults.blocked_chats.add(user.chat_id)

    def unblock(self, user: StandInUser) -> None:
        self._faults.blocked_chats.discard(user.chat_id)

    @property
    def blocked_chats(self) -> set[int]:
        return self._faults.blocked_chats

    @property
    def rate_limited(self) -> int:
        """429s answered because a rate limit was exceeded."""
        return self._faults.rate_limited

    # ----------------------------------------------------------------- acting as users
    def register_user(self, user: StandInUser) -> None:
        """The user has a private chat with the bot (as if they had opened it before)."""
        self._register_chat(user)

    def _register_chat(self, user: StandInUser, group: StandInGroup | None = None) -> _Chat:
        target: ChatTarget = user if group is None else group
        chat = self._chats.get(target.chat_id)
        if chat is None:
            data = user.private_chat() if group is None else group.as_json()
            chat = self._chats[target.chat_id] = _Chat(data)
        return chat

    def _push(self, payload: JsonDict, chat_id: int) -> int:
        update_id = next(self._update_ids)
        self._updates.append({"update_id": update_id, **payload})
        self._marks[chat_id] = len(self.sent)
        for kind in ("message", "edited_message", "channel_post"):
            if kind in payload:
                self._user_messages[update_id] = payload[kind]
        self._touch()
        return update_id

    def _user_message(
        self, user: StandInUser, fields: JsonDict, group: StandInGroup | None = None
    ) -> JsonDict:
        chat = self._register_chat(user, group)
        message_id = chat.next_message_id
        chat.next_message_id += 1
        message: JsonDict = {"message_id": message_id, "date": int(self.clock()), "chat": chat.data}
        if group is None or group.type != "channel":
            message["from"] = user.as_json()  # a channel post has no sender, only the chat
        else:
            message["sender_chat"] = chat.data
        return message | fields

    def _file(self, prefix: str) -> JsonDict:
        number = next(self._file_ids)
        return {"file_id": f"{prefix}-{number}", "file_unique_id": f"{prefix[0]}u{number}"}

    def send_text(self, user: StandInUser, text: str, *, group: StandInGroup | None = None) -> int:
        """The user types ``text`` (in ``group`` if given, else in private); commands get
        their bot_command entity. Returns the update id."""
        fields: JsonDict = {"text": text}
        entities = _command_entities(text)
        if entities:
            fields["entities"] = entities
        return self.send_message(user, group=group, **fields)

    def send_message(
        self, user: StandInUser, *, group: StandInGroup | None = None, **fields: Any
    ) -> int:
        """The user sends any other kind of message (sticker, photo, voice ...), given as
        the Bot API's Message fields; in ``group`` if given (a channel's is a channel_post)."""
        kind = "channel_post" if group is not None and group.type == "channel" else "message"
        message = self._user_message(user, fields, group)
        return self._push({kind: message}, message["chat"]["id"])

    def send_sticker(
        self, user: StandInUser, emoji: str = "💪", *, group: StandInGroup | None = None
    ) -> int:
        """The user sends a (static, regular) sticker."""
        sticker = self._file("sticker") | {
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
            "emoji": emoji,
        }
        return self.send_message(user, group=group, sticker=sticker)

    def send_photo(
        self, user: StandInUser, caption: str | None = None, *, group: StandInGroup | None = None
    ) -> int:
        """The user sends a photo (Telegram sends it in several sizes), with an optional caption."""
        base = self._file("photo")
        photo = [
            {**base, "file_unique_id": f"{base['file_unique_id']}{size}", "width": w, "height": h}
            for size, (w, h) in enumerate(((90, 67), (320, 240), (1280, 960)))
        ]
        fields: JsonDict = {"photo": photo}
        if caption is not None:
            fields["caption"] = caption
        return self.send_message(user, group=group, **fields)

    def send_voice(self, user: StandInUser, duration: int = 3) -> int:
        """The user records a voice message of ``duration`` seconds."""
        voice = self._file("voice") | {"duration": duration, "mime_type": "audio/ogg"}
        return self.send_message(user, voice=voice)

    def send_document(
        self,
        user: StandInUser,
        file_name: str = "training-log.pdf",
        caption: str | None = None,
        mime_type: str = "application/pdf",
    ) -> int:
        """The user sends a file."""
        document = self._file("document") | {"file_name": file_name, "mime_type": mime_type}
        fields: JsonDict = {"document": document}
        if caption is not None:
            fields["caption"] = caption
        return self.send_message(user, **fields)

    def send_poll(self, user: StandInUser, question: str, options: Iterable[str]) -> int:
        """The user sends an anonymous poll (with the fields Bot API 10 requires)."""
        poll = {
            "id": f"poll-{next(self._file_ids)}",
            "question": question,
            "options": [
                {"text": option, "voter_count": 0, "persistent_id": str(number)}
                for number, option in enumerate(options)
            ],
            "total_voter_count": 0,
            "is_closed": False,
            "is_anonymous": True,
            "type": "regular",
            "allows_multiple_answers": False,
            "allows_revoting": True,
            "members_only": False,
        }
        return self.send_message(user, poll=poll)

    def forward_text(self, user: StandInUser, text: str, origin: StandInUser) -> int:
        """The user forwards a text message ``origin`` wrote (Bot API 7: ``forward_origin``)."""
        fields: JsonDict = {
            "text": text,
            "forward_origin": {
                "type": "user",
                "date": int(self.clock()) - 60,
                "sender_user": origin.as_json(),
            },
        }
        entities = _command_entities(text)
        if entities:
            fields["entities"] = entities
        return self.send_message(user, **fields)

    def edit_message(self, user: StandInUser, update_id: int, **fields: Any) -> int:
        """The user edits the message they sent in update ``update_id`` (a text, a caption,
        a live location moving): Telegram sends an ``edited_message`` with the same message
        id, chat and date, an ``edit_date`` and the new content (``fields`` replace the old
        ones). Returns the new update's id."""
        original = self._user_messages.get(update_id)
        if original is None or original.get("from", {}).get("id") != user.id:
            raise LookupError("that update carried no message of this user")
        replaced = set(fields) | ({"entities"} if "text" in fields else set())
        edited: JsonDict = {key: value for key, value in original.items() if key not in replaced}
        edited |= fields | {"edit_date": int(self.clock())}
        return self._push({"edited_message": edited}, edited["chat"]["id"])

    def edit_text(self, user: StandInUser, update_id: int, text: str) -> int:
        """The user edits the text message they sent in update ``update_id`` to ``text``."""
        if "text" not in self._user_messages.get(update_id, {}):
            raise LookupError("that update carried no text message")
        extra: JsonDict = {"entities": entities} if (entities := _command_entities(text)) else {}
        return self.edit_message(user, update_id, text=text, **extra)

    def add_bot_to_group(self, user: StandInUser, group: StandInGroup) -> int:
        """``user`` adds the bot to ``group``: a ``my_chat_member`` update (left -> member)."""
        self._register_chat(user, group)
        bot = self._bot_user()
        change = {
            "chat": group.as_json(),
            "from": user.as_json(),
            "date": int(self.clock()),
            "old_chat_member": {"status": "left", "user": bot},
            "new_chat_member": {"status": "member", "user": bot},
        }
        return self._push({"my_chat_member": change}, group.chat_id)

    def share_location(self, user: StandInUser, latitude: float, longitude: float) -> int:
        location = {"latitude": latitude, "longitude": longitude}
        return self.send_message(user, location=location)

    def press(
        self,
        user: StandInUser,
        message: SentMessage,
        callback_data: str,
        *,
        forge: bool = False,
        group: StandInGroup | None = None,
    ) -> int:
        """The user presses the button carrying ``callback_data`` on ``message`` (a message
        in ``group`` if given, else in their private chat).

        ``forge=True`` sends the callback data even though no such button exists, as a
        modified client could: the bot must not trust it.
        """
        target: ChatTarget = user if group is None else group
        current = self._messages.get((message.chat_id, message.message_id))
        if current is None or current.chat_id != target.chat_id:
            raise LookupError("the user cannot see that message")
        if not forge and callback_data not in [data for _, data in current.buttons]:
            raise LookupError(f"no button with data {callback_data!r} on that message now")
        query_id = str(next(self._query_ids))
        self._open_queries[query_id] = user.id
        chat = self._register_chat(user, group)
        query = {
            "id": query_id,
            "from": user.as_json(),
            "message": current.as_json(self._bot_user(), chat.data),
            "chat_instance": str(target.chat_id),
            "data": callback_data,
        }
        return self._push({"callback_query": query}, target.chat_id)

    def press_button(self, user: StandInUser, message: SentMessage, label: str) -> int:
        """Press the button whose label contains ``label``."""
        return self.press(user, message, message.callback_data_for(label))

    # ----------------------------------------------------------------- observing
    def messages_to(self, target: ChatTarget) -> list[SentMessage]:
        """Every message the bot sent to the user's private chat (or to the group)."""
        return [m for m in self.sent if m.chat_id == target.chat_id]

    def reply_keyboard(self, user: StandInUser) -> JsonDict | None:
        """The reply keyboard (not inline buttons) the user's client shows now, if any."""
        chat = self._chats.get(user.chat_id)
        return None if chat is None else chat.keyboard

    def calls_to(self, method: str) -> list[ApiCall]:
        return [c for c in self.calls if c.method == method.lower()]

    @property
    def pending_updates(self) -> int:
        return len(self._updates)

    def acknowledged(self, update_id: int) -> bool:
        """Whether the bot has confirmed receiving the update (a later getUpdates offset,
        or a 2xx answer of its webhook)."""
        return self._acknowledged_below > update_id

    async def wait_until(self, condition: Callable[[], bool], timeout: float = 10.0) -> None:
        """Wait for ``condition`` to hold, re-checking after every change; TimeoutError if not."""
        deadline = time.monotonic() + timeout
        while not condition():
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError("the stand-in did not reach the expected state in time")
            await self._next_change(min(remaining, 0.25))

    async def replies(
        self, user: ChatTarget, *, count: int = 1, timeout: float = 10.0
    ) -> list[SentMessage]:
        """The messages sent to ``user``'s private chat (or to a group) since the last
        message or button press there, once there are ``count``."""

        def fresh() -> list[SentMessage]:
            start = self._marks.get(user.chat_id, 0)
            return [m for m in self.sent[start:] if m.chat_id == user.chat_id]

        await self.wait_until(lambda: len(fresh()) >= count, timeout)
        return fresh()

    async def quiet(self, idle: float = 0.1, timeout: float = 10.0) -> None:
        """Wait until no request is in flight and none has come for ``idle`` seconds."""
        deadline = time.monotonic() + timeout
        while True:
            silent_for = time.monotonic() - self._last_activity
            if self.in_flight == 0 and silent_for >= idle:
                return
            if time.monotonic() > deadline:
                raise TimeoutError("the bot did not go quiet in time")
            await asyncio.sleep(max(0.01, idle - silent_for))

    # ----------------------------------------------------------------- HTTP
    def _touch(self) -> None:
        self._last_activity = time.monotonic()
        self._notify()

    def _notify(self) -> None:
        waiters, self._waiters = self._waiters, []
        for waiter in waiters:
            if not waiter.done():
                waiter.set_result(None)

    async def _next_change(self, timeout: float) -> None:
        """Sleep until the next change of state (update pushed, request answered) or timeout."""
        waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiters.append(waiter)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(waiter, max(timeout, 0))

    def _bot_user(self) -> JsonDict:
        return {
            "id": self._bot_id,
            "is_bot": True,
            "first_name": self.bot_first_name,
            "username": self.bot_username,
        }

    async def _read(self, request: web.Request) -> tuple[JsonDict, dict[str, UploadedFile]]:
        params: JsonDict = {}
        files: dict[str, UploadedFile] = {}
        raw: dict[str, object] = dict(request.query)
        if request.content_type == "application/json":
            body = await request.json()
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

    async def _handle(self, request: web.Request) -> web.Response:
        method = request.match_info["method"].lower()
        counted = method not in _UNCOUNTED_METHODS
        if counted:
            self.in_flight += 1
        try:
            return await self._answer(request, method)
        finally:
            if counted:
                self.in_flight -= 1
                self._touch()

    async def _answer(self, request: web.Request, method: str) -> web.Response:
        params, files = await self._read(request)
        status = 200
        try:
            token = request.match_info["token"]
            if self.expected_token is not None and token != self.expected_token:
                raise ApiError(401, "Unauthorized")
            self._bot_id = int(token.partition(":")[0]) if token.partition(":")[0].isdigit() else 1
            await self._faults.apply(method, params.get("chat_id"))
            handler = self._METHODS.get(method)
            if handler is None:
                raise ApiError(404, "Not Found: method not found")
            result = await handler(self, params, files)
            body: JsonDict = {"ok": True, "result": result}
        except ApiError as error:
            status = error.status
            body = {"ok": False, "error_code": error.status, "description": error.description}
            if error.retry_after is not None:
                body["parameters"] = {"retry_after": error.retry_after}
        except NoAnswerError as silence:
            # Recorded when the request arrives, not when the client gives up on a hang:
            # the bot's retry comes after this call in ``calls``, as it did in time.
            self.calls.append(ApiCall(method, params, files, NO_ANSWER, self.clock()))
            await self._leave_unanswered(request, silence.how)
            return web.Response(status=204)  # never written: the connection is closed
        self.calls.append(ApiCall(method, params, files, status, self.clock()))
        return web.json_response(body, status=status)

    async def _leave_unanswered(self, request: web.Request, how: Literal["drop", "hang"]) -> None:
        """Close the connection without an answer; a hang first waits until the client
        has given up on it (closed its end) or the stand-in stops."""
        if how == "hang":
            while not self._closing:
                transport = request.transport
                if transport is None or transport.is_closing():
                    break
                await asyncio.sleep(HANG_POLL_SECONDS)
        if request.transport is not None:
            request.transport.close()

    def _chat(self, params: JsonDict) -> _Chat:
        chat = self._chats.get(params.get("chat_id"))  # type: ignore[arg-type]
        if chat is None:
            raise ApiError(400, "Bad Request: chat not found")
        return chat

    def _record(self, message: SentMessage, *, edited: bool) -> None:
        for listener in list(self.listeners):
            try:
                listener(message, edited)
            except Exception:
                _LOGGER.exception("a stand-in listener failed")

    # ----------------------------------------------------------------- webhook delivery
    def _start_delivery(self) -> None:
        if self._delivery is None or self._delivery.done():
            self._delivery = asyncio.get_running_loop().create_task(
                self._deliver_updates(), name="standin-webhook-delivery"
            )

    async def _deliver_updates(self) -> None:
        """Telegram's side of a webhook: POST the pending updates one at a time, in order;
        an update the bot does not take with a 2xx is posted again after a short delay."""
        timeout = aiohttp.ClientTimeout(total=WEBHOOK_TIMEOUT_SECONDS)
        async with aiohttp.ClientSession(timeout=timeout) as session:
            while not self._closing and self.webhook.get("url"):
                if not self._updates:
                    await self._next_change(1.0)
                    continue
                update = self._updates[0]
                if await self._post_update(session, update):
                    # drop_pending_updates may have emptied the queue meanwhile.
                    if self._updates and self._updates[0] is update:
                        self._updates.pop(0)
                    self._acknowledged_below = max(
                        self._acknowledged_below, update["update_id"] + 1
                    )
                    self._touch()
                else:
                    await asyncio.sleep(self.webhook_retry_delay)

    async def _post_update(self, session: aiohttp.ClientSession, update: JsonDict) -> bool:
        url = str(self.webhook["url"])
        headers = {}
        if self.webhook.get("secret_token"):
            headers[SECRET_TOKEN_HEADER] = str(self.webhook["secret_token"])
        status: int | None = None
        error: str | None = None
        self.in_flight += 1
        try:
            if not _is_loopback(url):
                # A stand-in never leaves this machine, whatever URL a test set.
                error = "Connection failed: the stand-in only posts to loopback addresses"
            else:
                async with session.post(url, json=update, headers=headers) as response:
                    status = response.status
                    await response.read()
                if not 200 <= status < 300:
                    error = f"Wrong response from the webhook: {status} {response.reason}"
        except (aiohttp.ClientError, TimeoutError) as failure:
            error = f"Connection failed: {type(failure).__name__}"
        finally:
            self.in_flight -= 1
        delivery = WebhookDelivery(update["update_id"], url, status, error, self.clock())
        self.webhook_deliveries.append(delivery)
        self._touch()
        return delivery.ok

    # ----------------------------------------------------------------- Bot API methods
    async def _get_me(self, params: JsonDict, files: dict[str, UploadedFile]) -> object:
        return {
            **self._bot_user(),
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }

    async def _get_updates(self, params: JsonDict, files: dict[str, UploadedFile]) -> object:
        if self.webhook.get("url"):
            raise ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
            )
        offset = int(params.get("offset") or 0)
        limit = max(1, min(100, int(params.get("limit") or 100)))
        timeout = float(params.get("timeout") or 0)
        if offset:
            self._acknowledged_below = max(self._acknowledged_below, offset)
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
            self._notify()
        deadline = time.monotonic() + timeout
        while not self._updates and not self._closing and time.monotonic() < deadline:
            await self._next_change(deadline - time.monotonic())
        return self._updates[:limit]

    def _new_message(
        self, params: JsonDict, method: str, text: str, file: UploadedFile | None
    ) -> JsonDict:
        chat = self._chat(params)
        markup = validate_markup(params.get("reply_markup"))
        message = SentMessage(
            chat_id=chat.data["id"],
            message_id=chat.next_message_id,
            method=method,
            text=text,
            parse_mode=params.get("parse_mode"),
            reply_markup=markup,
            date=int(self.clock()),
            file=file,
        )
        chat.next_message_id += 1
        if markup is not None and "keyboard" in markup:
            chat.keyboard = markup
        elif markup is not None and markup.get("remove_keyboard"):
            chat.keyboard = None
        self.sent.append(message)
        self._messages[(message.chat_id, message.message_id)] = message
        self._record(message, edited=False)
        return message.as_json(self._bot_user(), chat.data)

    async def _send_message(self, params: JsonDict, files: dict[str, UploadedFile]) -> object:
        self._chat(params)
        text = checked_text(
            params.get("text"), params.get("parse_mode"), MAX_TEXT_LENGTH, required=True
        )
        return self._new_message(params, "sendmessage", text, None)

    async def _send_file(
        self, params: JsonDict, files: dict[str, UploadedFile], kind: str
    ) -> object:
        self._chat(params)
        caption = checked_text(
            params.get("caption"), params.get("parse_mode"), MAX_CAPTION_LENGTH, required=False
        )
        upload = files.get(kind)
        if upload is None and not params.get(kind):
            raise ApiError(400, f"Bad Request: there is no {kind} in the request")
        return self._new_message(params, f"send{kind}", caption, upload)

    async def _send_photo(self, params: JsonDict, files: dict[str, UploadedFile]) -> object:
        return await self._send_file(params, files, "photo")

    async def _send_document(self, params: JsonDict, files: dict[str, UploadedFile]) -> object:
        return await self._send_file(params, files, "document")

    async def _send_chat_action(self, params: JsonDict, files: dict[str, UploadedFile]) -> object:
        self._chat(params)
        self.chat_actions.append(params)
        return True

    def _existing(self, params: JsonDict) -> tuple[_Chat, SentMessage]:
        chat = self._chat(params)
        message = self._messages.get((chat.data["id"], int(params.get("message_id") or 0)))
        if message is None:
            raise ApiError(400, "Bad Request: message to edit not found")
        return chat, message

    def _edit(
        self,
        chat: _Chat,
        message: SentMessage,
        text: str,
        parse_mode: object,
        markup: JsonDict | None,
    ) -> object:
        check_modified(message, text, markup)
        message.text = text
        message.parse_mode = None if parse_mode is None else str(parse_mode)
        message.reply_markup = markup
        message.edits += 1
        self._record(message, edited=True)
        return message.as_json(self._bot_user(), chat.data)

    async def _edit_message_text(self, params: JsonDict, files: dict[str, UploadedFile]) -> object:
        chat, message = self._existing(params)
        text = checked_text(
            params.get("text"), params.get("parse_mode"), MAX_TEXT_LENGTH, required=True
        )
        markup = validate_markup(params.get("reply_markup"))
        return self._edit(chat, message, text, params.get("parse_mode"), markup)

    async def _edit_message_reply_markup(
        self, params: JsonDict, files: dict[str, UploadedFile]
    ) -> object:
        chat, message = self._existing(params)
        markup = validate_markup(params.get("reply_markup"))
        return self._edit(chat, message, message.text, message.parse_mode, markup)

    async def _answer_callback_query(
        self, params: JsonDict, files: dict[str, UploadedFile]
    ) -> object:
        query_id = str(params.get("callback_query_id"))
        if query_id not in self._open_queries:
            raise ApiError(
                400,
                "Bad Request: query is too old and response timeout expired or query ID is invalid",
            )
        user_id = self._open_queries.pop(query_id)
        self.callback_answers.append(params)
        notice = CallbackNotice(
            user_id,
            str(params.get("text") or ""),
            str(params.get("show_alert", "")).lower() == "true",
        )
        for listener in list(self.notice_listeners):
            try:
                listener(notice)
            except Exception:
                _LOGGER.exception("a stand-in notice listener failed")
        return True

    async def _set_my_commands(self, params: JsonDict, files: dict[str, UploadedFile]) -> object:
        commands = params.get("commands")
        if not isinstance(commands, list):
            raise ApiError(400, "Bad Request: can't parse commands JSON object")
        self.commands = commands
        return True

    async def _get_my_commands(self, params: JsonDict, files: dict[str, UploadedFile]) -> object:
        return self.commands or []

    async def _delete_my_commands(self, params: JsonDict, files: dict[str, UploadedFile]) -> object:
        self.commands = None
        return True

    async def _set_webhook(self, params: JsonDict, files: dict[str, UploadedFile]) -> object:
        url = str(params.get("url") or "")
        secret = params.get("secret_token")
        check_webhook(url, secret)
        if params.get("drop_pending_updates"):
            self._updates.clear()
        # Like the real Bot API: an empty url removes the webhook and getUpdates works again.
        self.webhook = {"url": url, "secret_token": secret} if url else {}
        if url:
            self._start_delivery()
        self._notify()
        return True

    async def _delete_webhook(self, params: JsonDict, files: dict[str, UploadedFile]) -> object:
        if params.get("drop_pending_updates"):
            self._updates.clear()
        self.webhook = {}
        self._notify()  # the delivery task sees there is no webhook any more and ends
        return True

    async def _get_webhook_info(self, params: JsonDict, files: dict[str, UploadedFile]) -> object:
        info: JsonDict = {
            "url": self.webhook.get("url", ""),
            "has_custom_certificate": False,
            "pending_update_count": len(self._updates),
        }
        last = self.webhook_deliveries[-1] if self.webhook_deliveries else None
        if info["url"] and last is not None and not last.ok:
            info["last_error_date"] = int(last.at)
            info["last_error_message"] = last.error
        return info

    _METHODS: ClassVar[dict[str, _MethodHandler]] = {
        "getme": _get_me,
        "getupdates": _get_updates,
        "sendmessage": _send_message,
        "sendphoto": _send_photo,
        "senddocument": _send_document,
        "sendchataction": _send_chat_action,
        "editmessagetext": _edit_message_text,
        "editmessagereplymarkup": _edit_message_reply_markup,
        "answercallbackquery": _answer_callback_query,
        "setmycommands": _set_my_commands,
        "getmycommands": _get_my_commands,
        "deletemycommands": _delete_my_commands,
        "setwebhook": _set_webhook,
        "deletewebhook": _delete_webhook,
        "getwebhookinfo": _get_webhook_info,
    }


__all__ = ["SECRET_TOKEN_HEADER", "BotApiStandIn"]
