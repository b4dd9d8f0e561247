"""The `coachbot` / `python -m bot` command line: run (polling or webhook), console and migrate."""

from __future__ import annotations

import argparse
import asyncio
import gc
import logging
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from bot import event_loop
from bot.logging_setup import configure_logging

if TYPE_CHECKING:  # imported by main, once the collector is off
    from bot.settings import Settings

NO_TOKEN_HINT = (
    "coachbot: no TELEGRAM_BOT_TOKEN set. Get one from @BotFather in Telegram (send /newbot), "
    "put TELEGRAM_BOT_TOKEN=<token> in .env or the environment, "
    "or try `coachbot console`, which needs no token."
)
NO_WEBHOOK_URL_HINT = (
    "coachbot: --webhook needs WEBHOOK_URL, the public https:// URL Telegram posts updates to "
    "(e.g. WEBHOOK_URL=https://coach.example.com/telegram in .env or the environment); "
    "without --webhook and WEBHOOK_URL the bot uses long polling."
)


def _parser() -> argparse.ArgumentParser:
    from library.languages import Language

    parser = argparse.ArgumentParser(
        prog="coachbot", description="Hamstring coach: a Telegram bot for runners."
    )
    commands = parser.add_subparsers(dest="command", metavar="{run,console,migrate}")
    run = commands.add_parser(
        "run", help="serve Telegram with long polling, or a webhook when WEBHOOK_URL is set"
    )
    run.add_argument(
        "--fallback-console",
        action="store_true",
        help="with no token configured, start the console chat instead of failing",
    )
    run.add_argument(
        "--webhook",
        action="store_true",
        help="serve a webhook at WEBHOOK_URL (required then) instead of long polling",
    )
    console = commands.add_parser("console", help="chat with the bot in this terminal")
    console.add_argument("--user-id", type=int, default=None, help="Telegram id to play")
    console.add_argument("--name", default="Runner", help="first name to play")
    console.add_argument(
        "--lang",
        choices=[language.value for language in Language],
        default=None,
        help="the language to chat in (as if your Telegram app were set to it)",
    )
    commands.add_parser("migrate", help="apply database migrations and exit")
    return parser


def _console(settings: Settings, args: argparse.Namespace) -> int:
    from bot.console import CONSOLE_USER_ID, run_console

    gc.enable()  # a chat in the terminal: collected as usual from its start
    event_loop.install(settings.event_loop)
    explicit_level = "log_level" in settings.model_fields_set
    configure_logging(settings.log_level_number if explicit_level else logging.WARNING)
    try:
        return asyncio.run(
            run_console(
                settings,
                user_id=getattr(args, "user_id", None) or CONSOLE_USER_ID,
                first_name=getattr(args, "name", "Runner"),
                language=getattr(args, "lang", None),
            )
        )
    except KeyboardInterrupt:
        return 0


def _run(settings: Settings) -> int:
    from telegram import Update

    from bot.application import WebhookOptions, build_application, run_webhook

    token = settings.token
    assert token is not None
    gc.disable()  # the start allocates much and frees little: collect once it is built
    loop = event_loop.install(settings.event_loop)
    if settings.webhook_url is None:
        configure_logging(settings.log_level_number, secrets=[token])
        logging.getLogger(__name__).info("polling on the %s event loop", loop)
        application = build_application(settings)
        _collect_from_now()
        application.run_polling(allowed_updates=Update.ALL_TYPES)
        return 0
    webhook = WebhookOptions.from_settings(settings)
    configure_logging(settings.log_level_number, secrets=[token, webhook.secret_token])
    logger = logging.getLogger(__name__)
    logger.info(
        "webhook mode: serving %s:%d%s for Telegram's posts to %s, on the %s event loop",
        webhook.listen,
        webhook.port,
        webhook.path,
        webhook.url,
        loop,
    )
    if webhook.secret_generated:
        logger.info(
            "WEBHOOK_SECRET is not set: a random secret token is used for this run "
            "(set one when several instances serve the same WEBHOOK_URL)"
        )
    application = build_application(settings)
    _collect_from_now()
    run_webhook(application, webhook)
    return 0


# Collections of the youngest generation after this many new objects (Python: 700), the
# older ones after 20 of the one before. bench_delivery's wave (5,000 runners): 7.1-7.9
# -> 6.8-7.3 s, 12 stalls of the pacer instead of 14-20.
GC_THRESHOLDS = (20_000, 20, 20)


def _collect_from_now() -> None:
    """The garbage collector on again, with what the start built (modules, catalogues,
    the matcher) moved out of its sight for good: it lives as long as the process. It
    then runs less often than Python's default (GC_THRESHOLDS): a wave of warm-ups makes
    objects by the hundred thousand, nearly all freed by reference counting, and each
    collection paused the loop its sends are paced on."""
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)
    gc.enable()


def _migrate(settings: Settings) -> int:
    from storage import Database, redact_url

    gc.enable()
    configure_logging(settings.log_level_number)

    async def migrate() -> str | None:
        database = Database(settings.database_url)
        try:
            return await database.migrate()
        finally:
            await database.dispose()

    revision = asyncio.run(migrate())
    print(f"database {redact_url(settings.database_url)} is at revision {revision}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """The command line's command, run; its exit status. The garbage collector is off
    from here while the bot is loaded (Telegram's library, the settings' pydantic and
    SQLAlchemy are imported now, not with this module): the start allocates much and
    frees little. `run` turns it back on once the bot is built (_collect_from_now), the
    other commands before they begin, and it is on again whatever way this returns."""
    gc.disable()
    try:
        return _command(argv)
    finally:
        gc.enable()


def _command(argv: Sequence[str] | None) -> int:
    from bot.settings import SettingsError, load_settings

    args = _parser().parse_args(argv)
    command = args.command or "run"
    try:
        settings = load_settings()
    except SettingsError as error:
        print(f"coachbot: configuration error\n{error}", file=sys.stderr)
        return 2
    if command == "console":
        return _console(settings, args)
    if command == "migrate":
        return _migrate(settings)
    if getattr(args, "webhook", False) and settings.webhook_url is None:
        print(NO_WEBHOOK_URL_HINT, file=sys.stderr)
        return 2
    if settings.token is None:
        if getattr(args, "fallback_console", False):
            print("No TELEGRAM_BOT_TOKEN set: starting the console chat instead.", file=sys.stderr)
            return _console(settings, args)
        print(NO_TOKEN_HINT, file=sys.stderr)
        return 2
    return _run(settings)
