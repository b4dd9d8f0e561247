"""Replies that follow a committed write (a stored report, an undone one): retried while
Telegram certainly did not deliver them, never repeated when it may have, never raised.

A rep report is stored before its confirmation goes out. Were the confirmation's failure
to reach the error handler, the runner would be asked to try again and the report
stored twice. So :func:`reliably` retries a few times, briefly, when the failure says
the message did not arrive:

- an error answer (5xx), or a 429 beyond the rate limiter's own retries (after its
  retry_after, if that is short);
- no answer because there was no connection or it closed first (PTB's NetworkError;
  bot/http.py keeps TimedOut for the case below).

It does not repeat a message that may have arrived: a timeout after the request went
out (TimedOut) could mean Telegram has delivered it, and a second one would double it.
Edits and callback answers are idempotent and are retried on a timeout too. Refusals
(403 blocked, 400) are not retried. When it still fails, the failure is logged and the
handler goes on: at most one confirmation, and no "try again" for what is stored.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import TypeVar

from telegram.error import BadRequest, NetworkError, RetryAfter, TelegramError, TimedOut

_LOGGER = logging.getLogger(__name__)

T = TypeVar("T")

# Seconds before the second, third and fourth try: about 2 s in all.
RETRY_DELAYS: tuple[float, ...] = (0.25, 0.5, 1.0)
# A 429 asking for a longer wait than this is not waited out in a handler (whose chat's
# later updates queue behind it): the reply is given up.
MAX_RETRY_AFTER = 5.0


def _seconds(retry_after: float | timedelta) -> float:
    return retry_after.total_seconds() if isinstance(retry_after, timedelta) else retry_after


async def reliably(
    send: Callable[[], Awaitable[T]],
    *,
    what: str,
    user_id: int | None,
    idempotent: bool = False,
) -> T | None:
    """``send()``'s result, or None when it could not be done; retried only where that
    cannot double anything (``idempotent``: also after a timeout). Never raises a
    Telegram error."""
    for attempt, delay in enumerate((*RETRY_DELAYS, None), start=1):
        try:
            return await send()
        except RetryAfter as error:
            wait = _seconds(error.retry_after)
            if delay is None or wait > MAX_RETRY_AFTER:
                _LOGGER.warning(
                    "%s not sent user=%s: rate-limited (retry_after=%ss, try %d)",
                    what,
                    user_id,
                    wait,
                    attempt,
                )
                return None
            delay = max(delay, wait)
        except TimedOut as error:
            if not idempotent or delay is None:
                # It may have arrived: sending it again could double it.
                _LOGGER.warning(
                    "%s timed out user=%s, not repeated (may have arrived): %s",
                    what,
                    user_id,
                    error,
                )
                return None
        except BadRequest as error:
            _LOGGER.error("%s refused user=%s: %s", what, user_id, error)
            return None
        except NetworkError as error:
            if delay is None:
                _LOGGER.warning(
                    "%s not sent user=%s after %d tries: %s", what, user_id, attempt, error
                )
                return None
        except TelegramError as error:  # 403 blocked, chat gone, ...
            _LOGGER.warning("%s not sent user=%s: %s", what, user_id, error)
            return None
        _LOGGER.info("%s not sent user=%s (try %d), trying again", what, user_id, attempt)
        await asyncio.sleep(delay)
    return None  # not reached: the last try returns or gives up
