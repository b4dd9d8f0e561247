"""BotApiStandIn, the stand-in Bot API a test or the console holds: its parts put together."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from types import TracebackType
from typing import Any

from bot.standin.api import HttpApi
from bot.standin.chats import Chats
from bot.standin.faults import Fault, FaultInjector
from bot.standin.files import FileStore
from bot.standin.methods import BotMethods, MessageListener, NoticeListener
from bot.standin.models import (
    ApiCall,
    BotAccount,
    ChatTarget,
    JsonDict,
    SentMessage,
    StandInGroup,
    StandInUser,
    WebhookDelivery,
)
from bot.standin.updates import Updates
from bot.standin.users import Users
from bot.standin.waiting import Activity
from bot.standin.webhook import WebhookPoster


class BotApiStandIn:
    """The loopback Bot API. ``async with BotApiStandIn() as api: api.base_url ...``.

    python-telegram-bot reaches it through its ``base_url`` exactly as it reaches the real
    Bot API: form-encoded bodies with JSON strings inside, multipart for files, long-polled
    ``getUpdates``. A test (or the console) plays the users: it sends messages, presses
    buttons and shares locations; the stand-in turns those into updates and records every
    message the bot sends back. Faults (429 with retry_after, 403, 5xx, slow answers,
    dropped connections, hangs) can be injected per method and chat (see :class:`Fault`).
    Once the bot sets a webhook, the stand-in plays Telegram's other side too: it POSTs each
    update to the webhook URL with the secret token header, in order, and retries until the
    bot answers 2xx.

    The parts, each in its own module: :class:`~bot.standin.api.HttpApi` (HTTP),
    :class:`~bot.standin.methods.BotMethods` (the Bot API methods),
    :class:`~bot.standin.users.Users` (the user's side), :class:`~bot.standin.chats.Chats`
    and :class:`~bot.standin.updates.Updates` (what the stand-in knows),
    :class:`~bot.standin.faults.FaultInjector`, :class:`~bot.standin.webhook.WebhookPoster`
    and :class:`~bot.standin.waiting.Activity` (changes, and waiting for them).
    """

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
        strict_rate_limit: bool = False,
        webhook_retry_delay: float = 0.2,
    ) -> None:
        """``rate_limit``: messages per second over all chats before answering 429, as
        Telegram does (about 30 there); ``per_chat_rate_limit`` the same within one chat.
        None leaves that limit off. ``strict_rate_limit``: the limits are sliding windows
        (never more than the rate in any one second) instead of lenient token buckets.
        Sends with ``allow_paid_broadcast`` are held to 1,000 a second instead.
        ``webhook_retry_delay``: seconds before an update the webhook did not take
        (non-2xx or no connection) is posted again."""
        self.clock = clock
        self._activity = Activity()
        self._bot = BotAccount(bot_first_name, bot_username)
        self._chats = Chats()
        self._updates = Updates(self._activity)
        self._files = FileStore()
        self._users = Users(self._chats, self._updates, self._bot, self._now, self._files)
        self._faults = FaultInjector(
            rate_limit=rate_limit,
            per_chat_rate_limit=per_chat_rate_limit,
            strict=strict_rate_limit,
        )
        self._webhook = WebhookPoster(
            self._updates, self._activity, self._now, retry_delay=webhook_retry_delay
        )
        self._methods = BotMethods(
            self._chats,
            self._updates,
            self._webhook,
            self._activity,
            self._bot,
            self._now,
            self._files,
        )
        self._http = HttpApi(
            self._methods,
            self._files,
            self._faults,
            self._activity,
            self._bot,
            self._now,
            token=token,
            host=host,
            port=port,
        )

    def _now(self) -> float:
        # Read through the attribute, so that every part sees a clock set after construction.
        return self.clock()

    # ----------------------------------------------------------------- lifecycle
    async def start(self) -> None:
        await self._http.start()

    async def stop(self) -> None:
        self._activity.close()  # ends pending long polls at once instead of at their timeout
        await self._webhook.stop()
        await self._http.stop()

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

    @property
    def base_file_url(self) -> str:
        """The value for python-telegram-bot's ``base_file_url``: downloads of the files
        users sent, at ``/file/bot<token>/<file_path>`` as on Telegram."""
        return f"http://{self.host}:{self.port}/file/bot"

    # ----------------------------------------------------------------- settings
    @property
    def expected_token(self) -> str | None:
        """The token requests must carry (401 otherwise); None takes any."""
        return self._http.expected_token

    @expected_token.setter
    def expected_token(self, token: str | None) -> None:
        self._http.expected_token = token

    @property
    def host(self) -> str:
        return self._http.host

    @host.setter
    def host(self, host: str) -> None:
        self._http.host = host

    @property
    def port(self) -> int:
        """The port listened on (once started, the one chosen when 0 was asked)."""
        return self._http.port

    @port.setter
    def port(self, port: int) -> None:
        self._http.port = port

    @property
    def bot_first_name(self) -> str:
        return self._bot.first_name

    @bot_first_name.setter
    def bot_first_name(self, name: str) -> None:
        self._bot.first_name = name

    @property
    def bot_username(self) -> str:
        return self._bot.username

    @bot_username.setter
    def bot_username(self, username: str) -> None:
        self._bot.username = username

    @property
    def webhook_retry_delay(self) -> float:
        return self._webhook.retry_delay

    @webhook_retry_delay.setter
    def webhook_retry_delay(self, seconds: float) -> None:
        self._webhook.retry_delay = seconds

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

    @property
    def paid_sends(self) -> int:
        """Sends let through as paid broadcasts (``allow_paid_broadcast``)."""
        return self._faults.paid_sends

    # ----------------------------------------------------------------- acting as users
    # Each act queues the update Telegram would send the bot and returns its id.
    def register_user(self, user: StandInUser) -> None:
        """The user has a private chat with the bot (as if they had opened it before)."""
        self._users.register(user)

    def send_text(self, user: StandInUser, text: str, *, group: StandInGroup | None = None) -> int:
        """The user types ``text`` (in ``group`` if given, else in private); commands get
        their bot_command entity. Returns the update id."""
        return self._users.send_text(user, text, group=group)

    def send_message(
        self, user: StandInUser, *, group: StandInGroup | None = None, **fields: Any
    ) -> int:
        """The user sends any other kind of message (sticker, photo, voice ...), given as
        the Bot API's Message fields; in ``group`` if given (a channel's is a channel_post)."""
        return self._users.send_message(user, group=group, **fields)

    def send_sticker(
        self, user: StandInUser, emoji: str = "💪", *, group: StandInGroup | None = None
    ) -> int:
        """The user sends a (static, regular) sticker."""
        return self._users.send_sticker(user, emoji, group=group)

    def send_photo(
        self, user: StandInUser, caption: str | None = None, *, group: StandInGroup | None = None
    ) -> int:
        """The user sends a photo (Telegram sends it in several sizes), with an optional caption."""
        return self._users.send_photo(user, caption, group=group)

    def send_voice(self, user: StandInUser, duration: int = 3, data: bytes = b"") -> int:
        """The user records a voice message of ``duration`` seconds: ``data`` (OGG/Opus as
        Telegram keeps it) is what getFile and the download give the bot."""
        return self._users.send_voice(user, duration, data)

    def send_document(
        self,
        user: StandInUser,
        file_name: str = "training-log.pdf",
        caption: str | None = None,
        mime_type: str = "application/pdf",
        data: bytes = b"",
    ) -> int:
        """The user sends a file: ``data`` is what getFile and the download give the bot
        (Telegram's 20 MB download limit applies)."""
        return self._users.send_document(user, file_name, caption, mime_type, data)

    def send_poll(self, user: StandInUser, question: str, options: Iterable[str]) -> int:
        """The user sends an anonymous poll (with the fields Bot API 10 requires)."""
        return self._users.send_poll(user, question, options)

    def forward_text(self, user: StandInUser, text: str, origin: StandInUser) -> int:
        """The user forwards a text message ``origin`` wrote (Bot API 7: ``forward_origin``)."""
        return self._users.forward_text(user, text, origin)

    def edit_message(self, user: StandInUser, update_id: int, **fields: Any) -> int:
        """The user edits the message they sent in update ``update_id`` (a text, a caption,
        a live location moving): Telegram sends an ``edited_message`` with the same message
        id, chat and date, an ``edit_date`` and the new content (``fields`` replace the old
        ones). Returns the new update's id."""
        return self._users.edit_message(user, update_id, **fields)

    def edit_text(self, user: StandInUser, update_id: int, text: str) -> int:
        """The user edits the text message they sent in update ``update_id`` to ``text``."""
        return self._users.edit_text(user, update_id, text)

    def add_bot_to_group(self, user: StandInUser, group: StandInGroup) -> int:
        """``user`` adds the bot to ``group``: a ``my_chat_member`` update (left -> member)."""
        return self._users.add_bot_to_group(user, group)

    def share_location(self, user: StandInUser, latitude: float, longitude: float) -> int:
        return self._users.share_location(user, latitude, longitude)

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
        return self._users.press(user, message, callback_data, forge=forge, group=group)

    def press_button(self, user: StandInUser, message: SentMessage, label: str) -> int:
        """Press the button whose label contains ``label``."""
        return self.press(user, message, message.callback_data_for(label))

    # ----------------------------------------------------------------- observing
    @property
    def calls(self) -> list[ApiCall]:
        """Every request the bot made, in order, with the status it was answered."""
        return self._http.calls

    @property
    def sent(self) -> list[SentMessage]:
        """Every message the bot sent, in order, as it stands now."""
        return self._chats.sent

    @property
    def commands(self) -> list[JsonDict] | None:
        """The bot's command list (setMyCommands), None when it has set none."""
        return self._methods.commands

    def commands_in(self, language_code: str) -> list[JsonDict] | None:
        """The command list set for ``language_code`` ("" for everyone else)."""
        return self._methods.commands_by_language.get(language_code)

    @property
    def menu_buttons(self) -> dict[int | None, JsonDict]:
        """The menu buttons set (setChatMenuButton): the default (key None), each chat's own."""
        return self._methods.menu_buttons

    def description_in(self, language_code: str) -> tuple[str | None, str | None]:
        """The bot's description and short description set for ``language_code``."""
        methods = self._methods
        return (
            methods.descriptions.get(language_code),
            methods.short_descriptions.get(language_code),
        )

    @property
    def callback_answers(self) -> list[JsonDict]:
        return self._methods.callback_answers

    @property
    def chat_actions(self) -> list[JsonDict]:
        return self._methods.chat_actions

    @property
    def listeners(self) -> list[MessageListener]:
        """Called with each message the bot sends, or edits (``edited``)."""
        return self._methods.listeners

    @property
    def notice_listeners(self) -> list[NoticeListener]:
        """Called with each answer to a button press, as the pressing user's client shows it."""
        return self._methods.notice_listeners

    @property
    def webhook(self) -> JsonDict:
        """The webhook the bot set: url and secret_token, empty when none."""
        return self._webhook.settings

    @property
    def webhook_deliveries(self) -> list[WebhookDelivery]:
        return self._webhook.deliveries

    @property
    def in_flight(self) -> int:
        """Requests being answered, and updates being posted to the webhook, now."""
        return self._activity.in_flight

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
        return len(self._updates.pending)

    def acknowledged(self, update_id: int) -> bool:
        """Whether the bot has confirmed receiving the update (a later getUpdates offset,
        or a 2xx answer of its webhook)."""
        return self._updates.acknowledged_below > update_id

    async def wait_until(self, condition: Callable[[], bool], timeout: float = 10.0) -> None:
        """Wait for ``condition`` to hold, re-checking after every change; TimeoutError if not."""
        await self._activity.wait_until(condition, timeout)

    async def replies(
        self, user: ChatTarget, *, count: int = 1, timeout: float = 10.0
    ) -> list[SentMessage]:
        """The messages sent to ``user``'s private chat (or to a group) since the last
        message or button press there, once there are ``count``."""
        await self.wait_until(lambda: len(self._chats.since_mark(user.chat_id)) >= count, timeout)
        return self._chats.since_mark(user.chat_id)

    async def quiet(self, idle: float = 0.1, timeout: float = 10.0) -> None:
        """Wait until no request is in flight and none has come for ``idle`` seconds."""
        await self._activity.quiet(idle, timeout)


__all__ = ["BotApiStandIn"]
