"""Wiring: builds the python-telegram-bot Application with its services, handlers and start-up."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import re
import secrets
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from importlib import resources
from typing import TYPE_CHECKING, Any

from telegram import Update
from telegram.ext import ApplicationBuilder, ContextTypes

from bot.http import BotApiRequest
from bot.rate_limit import limiter_for
from bot.scheduler import DISPATCHER_KEY, DeliveryDispatcher, dispatcher_of
from bot.settings import Settings
from bot.update_processor import ChatOrderedUpdateProcessor
from bot.zones import zone_for_location
from handlers import bot_profile, i18n, menu, register_all, summaries, warmups
from handlers.context import (
    CoachApplication,
    CoachContext,
    EraseHook,
    Services,
    install_services,
)
from handlers.deliveries import Preparer
from library.deliveries import DeliveryKind
from library.exercises import ExerciseCatalog
from library.languages import Language
from library.matcher import ExerciseMatcher
from library.voice import Heard
from storage import Database, redact_url

if TYPE_CHECKING:
    from bot.speech import SpeechRecognizer
    from bot.webapp import WebAppServer  # imported by build_application when one is served

_LOGGER = logging.getLogger(__name__)
# bot_data: the speech recognizer this application built (and so starts and closes), and
# its warm-up task.
RECOGNIZER_KEY = "speech_recognizer"
RECOGNIZER_START_KEY = "speech_recognizer_start"
# bot_data: the task that builds the matcher's patterns ahead of the first messages.
PREPARE_KEY = "matcher_preparation"
# Seconds after the start-up (post_init) before work no update waits for begins: the
# speech workers' start and the matcher's patterns. The bot is polling by then, so its
# first getUpdates does not share the CPU with them.
BACKGROUND_DELAY = 1.0
# bot_data: the Mini App's web server (bot/webapp.py), when one is served, and where.
WEBAPP_KEY = "webapp_server"
WEBAPP_ADDRESS_KEY = "webapp_address"
Listen = Callable[[bytes], Awaitable[Heard]]


def load_catalog() -> ExerciseCatalog:
    """The packaged exercise catalogue (library/data/exercises.toml) with every other
    language's texts (exercises.<code>.toml), validated: a missing file stops the bot."""
    data = resources.files("library").joinpath("data")
    translations = {
        language.value: data.joinpath(f"exercises.{language.value}.toml").read_text("utf-8")
        for language in Language
        if language is not Language.EN
    }
    return ExerciseCatalog.from_toml(
        data.joinpath("exercises.toml").read_text("utf-8"), translations
    )


def utc_now() -> datetime:
    return datetime.now(UTC)


def file_base_url(base_url: str) -> str:
    """The Bot API file URL that belongs to ``base_url`` (…/bot -> …/file/bot)."""
    if base_url.endswith("/bot"):
        return base_url[: -len("bot")] + "file/bot"
    return base_url.rstrip("/") + "/file/bot"


async def on_startup(application: CoachApplication) -> None:
    """Bring the schema up to date and publish the command menu before taking updates."""
    services: Services = application.bot_data["services"]
    revision = await services.database.migrate()
    _LOGGER.info("database %s at revision %s", redact_url(services.database.url), revision)
    await bot_profile.publish(application.bot)
    if services.webapp_url is not None:
        with i18n.speaking(Language.EN):  # the default button: one label for every chat
            await menu.publish_menu_button(application.bot, services.webapp_url)
    server: WebAppServer | None = application.bot_data.get(WEBAPP_KEY)
    if server is not None:
        host, port = application.bot_data[WEBAPP_ADDRESS_KEY]
        await server.start(host, port)
    recognizer: SpeechRecognizer | None = application.bot_data.get(RECOGNIZER_KEY)
    if recognizer is not None:
        # Warmed in the background once the bot polls: updates are taken meanwhile; a voice
        # note that comes before the pool is ready waits for it.
        task = asyncio.create_task(_start_recognizer(recognizer), name="speech recognizer start")
        application.bot_data[RECOGNIZER_START_KEY] = task
    application.bot_data[PREPARE_KEY] = asyncio.create_task(
        _prepare(services.matcher), name="matcher preparation"
    )


def webapp_of(application: CoachApplication) -> WebAppServer | None:
    """The Mini App's web server of ``application``, if it serves one."""
    server: WebAppServer | None = application.bot_data.get(WEBAPP_KEY)
    return server


async def _start_recognizer(recognizer: SpeechRecognizer) -> None:
    await asyncio.sleep(BACKGROUND_DELAY)
    try:
        await recognizer.start()
    except Exception:  # voice notes then fail one by one, with a friendly reply
        _LOGGER.exception("the speech recognizer did not start")


async def _prepare(matcher: ExerciseMatcher) -> None:
    """Build the matcher's patterns a piece at a time (each a few milliseconds), letting
    updates through in between, so the first messages find them ready."""
    await asyncio.sleep(BACKGROUND_DELAY)
    for _ in matcher.preparing():
        await asyncio.sleep(0)


async def _cancel(task: asyncio.Task[None] | None) -> None:
    if task is not None and not task.done():
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


async def on_stop(application: CoachApplication) -> None:
    """Finish the warm-ups being sent; hand back the claimed ones not sent yet."""
    await dispatcher_of(application).stop()


async def on_shutdown(application: CoachApplication) -> None:
    services: Services = application.bot_data["services"]
    server: WebAppServer | None = application.bot_data.get(WEBAPP_KEY)
    if server is not None:  # no request may reach the database once it is gone
        await server.stop()
    await services.database.dispose()
    await _cancel(application.bot_data.pop(PREPARE_KEY, None))
    await _cancel(application.bot_data.pop(RECOGNIZER_START_KEY, None))
    recognizer: SpeechRecognizer | None = application.bot_data.pop(RECOGNIZER_KEY, None)
    if recognizer is not None:
        await recognizer.close()


def speech_recognizer(settings: Settings, catalog: ExerciseCatalog) -> SpeechRecognizer:
    """The recognizer VOICE_* ask for; bot.speech is imported here, not with this module,
    so a bot with voice off never loads it (its engine loads inside the workers)."""
    from bot.speech import SpeechRecognizer, default_workers

    return SpeechRecognizer(
        catalog,
        workers=settings.voice_workers or default_workers(),
        max_seconds=settings.voice_max_seconds,
    )


def delivery_preparers() -> dict[DeliveryKind, Preparer]:
    """Who prepares each kind of scheduled message: a new kind is one line here."""
    return {
        DeliveryKind.WARMUP: warmups.prepare,
        DeliveryKind.SNOOZE: warmups.prepare,  # the same card again, in the same session
        DeliveryKind.SUMMARY: summaries.prepare,
    }


def use_timedeltas() -> None:
    """Opt in to python-telegram-bot's coming behaviour now: time periods such as a
    429's retry_after come as timedeltas (otherwise each one is a deprecation warning).
    PTB reads the switch from the environment at each use."""
    os.environ.setdefault("PTB_TIMEDELTA", "1")


def build_application(
    settings: Settings,
    *,
    token: str | None = None,
    base_url: str | None = None,
    clock: Callable[[], datetime] = utc_now,
    database: Database | None = None,
    erase_hooks: Sequence[EraseHook] = (),
    listen: Listen | None = None,
    webapp_port: int | None = None,
) -> CoachApplication:
    """The whole bot, ready for ``run_polling`` or :func:`running`.

    ``erase_hooks`` are awaited with a runner's Telegram user id after /delete has erased
    their rows, to remove what the caller keeps about them elsewhere (the console's files).
    ``listen`` transcribes voice notes in place of a recognizer of the application's own
    (tests share one between bots); without it, VOICE_ENABLED builds one, started with
    the application and closed with it. ``webapp_port`` serves the Mini App on that port
    (0: a free one) in place of WEBAPP_PORT.
    """
    use_timedeltas()
    token = token or settings.token
    if not token:
        raise ValueError("a bot token is needed to build the application")
    # A base_url given here (the stand-in) brings its own file URL; else the settings'.
    file_url = file_base_url(base_url) if base_url else settings.telegram_file_base_url
    base_url = base_url or settings.telegram_api_base_url
    processor = ChatOrderedUpdateProcessor()
    application: CoachApplication = (
        ApplicationBuilder()
        .token(token)
        .base_url(base_url)
        .base_file_url(file_url or file_base_url(base_url))
        .context_types(ContextTypes(context=CoachContext))
        # Chats concurrently, each chat's updates in order (bot/update_processor.py).
        .concurrent_updates(processor)
        .request(
            BotApiRequest(  # few connections, sends queued for them (bot/http.py)
                settings.telegram_connections,
                connect_timeout=settings.telegram_timeout_seconds,
                read_timeout=settings.telegram_timeout_seconds,
                write_timeout=settings.telegram_timeout_seconds,
            )
        )
        # getUpdates on one connection of its own (a long poll holds it), on aiohttp too:
        # PTB's default here is an httpx client, which loads httpcore and anyio at start.
        # PTB adds the long poll's timeout to this read timeout for each getUpdates.
        .get_updates_request(
            BotApiRequest(
                1,
                connect_timeout=settings.telegram_timeout_seconds,
                read_timeout=settings.telegram_timeout_seconds,
                write_timeout=settings.telegram_timeout_seconds,
            )
        )
        .rate_limiter(
            # Never beyond the rate in any second, a second apart in a chat, replies before
            # scheduled sends; a 429's retry_after waited out, then tried again (rate_limit.py).
            limiter_for(
                settings.telegram_rate_limit,
                paid_broadcast=settings.telegram_paid_broadcast,
                chat_rate=settings.telegram_chat_rate_limit,
            )
        )
        .post_init(on_startup)
        .post_stop(on_stop)
        .post_shutdown(on_shutdown)
        .build()
    )
    catalog = load_catalog()
    i18n.load_all()  # a broken catalogue stops the bot here, not at a runner's message
    if listen is None and settings.voice_enabled:
        recognizer = speech_recognizer(settings, catalog)
        application.bot_data[RECOGNIZER_KEY] = recognizer
        listen = recognizer.transcribe
    services = Services(
        database=database or Database(settings.database_url),
        clock=clock,
        default_timezone=settings.default_timezone,
        catalog=catalog,
        matcher=ExerciseMatcher(catalog),
        zone_at=zone_for_location,
        admin_ids=settings.admin_ids,
        erase_hooks=tuple(erase_hooks),
        paid_broadcast=settings.telegram_paid_broadcast,
        listen=listen,
        voice_max_seconds=settings.voice_max_seconds,
        webapp_url=settings.webapp_url,
    )
    install_services(application, services)
    port = settings.webapp_port if webapp_port is None else webapp_port
    if port is not None:
        from bot.webapp import WebAppServer  # aiohttp's server, only when the Mini App is served

        application.bot_data[WEBAPP_KEY] = WebAppServer(
            services,
            token,
            max_age=timedelta(seconds=settings.webapp_auth_max_age_seconds),
            bot=application.bot,
        )
        application.bot_data[WEBAPP_ADDRESS_KEY] = (settings.webapp_listen, port)
    processor.after_update = services.turns.end  # each update's database turn ends there
    register_all(application)
    dispatcher = DeliveryDispatcher(
        application,
        services,
        delivery_preparers(),
        rate=settings.telegram_rate_limit,
        interval=settings.delivery_interval_seconds,
        instance=settings.instance_name,
        connections=settings.telegram_connections,
        journal_dir=settings.data_folder / "journal",
    )
    application.bot_data[DISPATCHER_KEY] = dispatcher
    dispatcher.install()
    return application


@dataclass(frozen=True, slots=True)
class WebhookOptions:
    """How webhook mode runs: where python-telegram-bot's server listens, the URL Telegram
    posts to, and the secret token Telegram sends along (never shown in a repr)."""

    url: str
    secret_token: str = field(repr=False)
    listen: str = "127.0.0.1"
    port: int = 8443
    path: str = "/"
    secret_generated: bool = False

    @classmethod
    def from_settings(cls, settings: Settings) -> WebhookOptions:
        """The options of WEBHOOK_*; without WEBHOOK_SECRET a random secret for this start."""
        if settings.webhook_url is None:
            raise ValueError("WEBHOOK_URL is needed for webhook mode")
        configured = settings.webhook_secret
        return cls(
            url=settings.webhook_url,
            # setWebhook is called at every start, so a fresh secret reaches Telegram each time.
            secret_token=(
                secrets.token_urlsafe(32) if configured is None else configured.get_secret_value()
            ),
            listen=settings.webhook_listen,
            port=settings.webhook_port,
            path=settings.webhook_url_path,
            secret_generated=configured is None,
        )

    @property
    def url_path(self) -> str:
        """The path as python-telegram-bot takes it: a regular expression, so escaped."""
        return re.escape(self.path.rstrip("/") or "/")

    def server_arguments(self) -> dict[str, Any]:
        """The arguments of python-telegram-bot's run_webhook and start_webhook."""
        return {
            "listen": self.listen,
            "port": self.port,
            "url_path": self.url_path,
            "webhook_url": self.url,
            "secret_token": self.secret_token,
            "allowed_updates": Update.ALL_TYPES,
        }


def run_webhook(application: CoachApplication, options: WebhookOptions) -> None:
    """Serve Telegram's webhook until a stop signal: ``run_polling``'s twin."""
    application.run_webhook(**options.server_arguments())


@asynccontextmanager
async def running(
    application: CoachApplication,
    *,
    poll_timeout: int = 1,
    webhook: WebhookOptions | None = None,
) -> AsyncIterator[CoachApplication]:
    """Run the application with long polling (or ``webhook``) inside an existing event loop.

    The same sequence as ``run_polling`` / ``run_webhook`` (initialize, post_init, polling
    or the webhook server, start, and the reverse on the way out), for console mode and
    end-to-end tests.
    """
    await application.initialize()
    try:
        if application.post_init is not None:
            await application.post_init(application)
        updater = application.updater
        assert updater is not None
        if webhook is None:
            await updater.start_polling(
                poll_interval=0, timeout=poll_timeout, allowed_updates=Update.ALL_TYPES
            )
        else:
            await updater.start_webhook(**webhook.server_arguments())
        await application.start()
        try:
            yield application
        finally:
            if updater.running:
                await updater.stop()
            if application.running:
                await application.stop()
                if application.post_stop is not None:
                    await application.post_stop(application)
    finally:
        await application.shutdown()
        if application.post_shutdown is not None:
            await application.post_shutdown(application)
