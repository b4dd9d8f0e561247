"""The delivery benchmark's baseline: python-telegram-bot sending one warm-up card to N
chats, nothing else (no database, no claims, no planning), as a process of its own.

The bot is PTB's ExtBot with the coach's HTTP client and rate limiter (bot/http.py,
bot/rate_limit.py) at RATE messages a second, MAX_CONCURRENT_SENDS sends in flight like
the coach's dispatcher, each card sent with ``send_message``. Exits when every send is
answered (1 if any failed).

Run: ``python -m benchmarks.bare_sender BASE_URL TOKEN RATE CARD_JSON FIRST_CHAT COUNT``
(CARD_JSON: a file with {"text": ..., "reply_markup": ...}).
"""

from __future__ import annotations

import asyncio
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from telegram import InlineKeyboardMarkup
from telegram.constants import ParseMode
from telegram.ext import ExtBot

from bot.http import BotApiRequest
from bot.rate_limit import limiter_for
from bot.scheduler import MAX_CONCURRENT_SENDS

USAGE = "usage: python -m benchmarks.bare_sender BASE_URL TOKEN RATE CARD_JSON FIRST_CHAT COUNT"


async def send_all(
    base_url: str, token: str, rate: float, card: dict[str, object], chats: range
) -> int:
    """Send the card to every chat; how many sends failed."""
    text = str(card["text"])
    markup = InlineKeyboardMarkup.de_json(card["reply_markup"], None)  # type: ignore[arg-type]
    bot: ExtBot[int] = ExtBot(
        token,
        base_url=base_url,
        request=BotApiRequest(MAX_CONCURRENT_SENDS),
        rate_limiter=limiter_for(rate, paid_broadcast=False),
    )
    gate = asyncio.Semaphore(MAX_CONCURRENT_SENDS)

    async def send(chat_id: int) -> None:
        async with gate:
            await bot.send_message(chat_id, text, parse_mode=ParseMode.HTML, reply_markup=markup)

    async with bot:
        results = await asyncio.gather(*(send(chat) for chat in chats), return_exceptions=True)
    return sum(1 for result in results if isinstance(result, BaseException))


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) != 6:
        print(USAGE, file=sys.stderr)
        return 2
    base_url, token, rate, card_file, first, count = args
    card = json.loads(Path(card_file).read_text())
    chats = range(int(first), int(first) + int(count))
    failed = asyncio.run(send_all(base_url, token, float(rate), card, chats))
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
