"""The bare python-telegram-bot echo bot the report benchmark measures the coach against.

One MessageHandler that sends every text message back, no database, long polling the
Bot API at BASE_URL. CONCURRENCY, when given, lets PTB handle that many updates at once;
without it PTB's default applies (one update at a time). ``--our-client`` sends through
the coach's HTTP client (bot/http.py: kept-alive connections for JSON, aiohttp for
files) instead of PTB's default httpx one, to show how much of the coach's speed is
that client. Stops on SIGTERM or SIGINT.

Run: ``python -m benchmarks.echo_bot BASE_URL TOKEN [CONCURRENCY] [--our-client]``.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from telegram import Update
from telegram.ext import Application, ApplicationBuilder, ContextTypes, MessageHandler, filters

USAGE = "usage: python -m benchmarks.echo_bot BASE_URL TOKEN [CONCURRENCY] [--our-client]"


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Send the message's text back to its chat."""
    message = update.effective_message
    if message is not None and message.text:
        await message.reply_text(message.text)


def build(
    base_url: str, token: str, concurrency: int | None = None, our_client: bool = False
) -> Application:  # type: ignore[type-arg]
    """The echo bot: PTB's defaults, or ``concurrency`` updates handled at once; with
    ``our_client``, sending through the coach's HTTP client."""
    builder = ApplicationBuilder().token(token).base_url(base_url)
    if our_client:
        from bot.http import BotApiRequest  # only then: the bare bot loads nothing of ours

        builder = builder.request(BotApiRequest()).get_updates_request(BotApiRequest(1))
    if concurrency is not None:
        builder = builder.concurrent_updates(concurrency)
    application: Application = builder.build()  # type: ignore[type-arg]
    application.add_handler(MessageHandler(filters.TEXT, echo))
    return application


def main(argv: Sequence[str] | None = None) -> int:
    """Poll until a stop signal, the way `python -m bot run` does."""
    args = list(sys.argv[1:] if argv is None else argv)
    our_client = "--our-client" in args
    args = [arg for arg in args if arg != "--our-client"]
    if len(args) not in (2, 3) or (len(args) == 3 and not args[2].isdigit()):
        print(USAGE, file=sys.stderr)
        return 2
    concurrency = int(args[2]) if len(args) == 3 else None
    application = build(args[0], args[1], concurrency, our_client)
    application.run_polling(allowed_updates=Update.ALL_TYPES)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
