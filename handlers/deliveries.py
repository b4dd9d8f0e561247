"""What every scheduled message shares when it is sent (warm-ups and weekly summaries):
the guarded send that turns Telegram's errors into outcomes, and handing a claim back.
The kinds, outcomes and rules of the lifecycle are library/deliveries.py's.

A 403 (or a chat that no longer exists) pauses the runner's scheduled messages; a 429
is waited out; a 5xx, a network failure or an unexpected refusal hands the delivery
back, due again after a back-off, so nothing is lost. A timeout is handed back too,
although Telegram may have performed the send (bot/http.py's TimedOut): a due message
is not dropped on a guess, so an answer that comes after the bot gave up on it is the
one case that arrives twice (tests/test_faults.py).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime, timedelta
from typing import Protocol

from telegram import Message
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError
from telegram.ext import ExtBot

from handlers.context import Services
from library.deliveries import Delivery, Finished, Outcome, retry_delay
from library.profiles import PauseReason, RunnerProfile

_LOGGER = logging.getLogger(__name__)

# The rate_limit_args of a scheduled send: the bot's rate limiter (bot/rate_limit.py) lets
# replies to runners (priority 0) out first, so a wave of warm-ups never holds them up.
SCHEDULED_PRIORITY = 1


class Sendable(Protocol):
    """A claimed delivery, prepared and ready to go."""

    @property
    def delivery(self) -> Delivery: ...

    @property
    def runner(self) -> RunnerProfile: ...

    async def send(self, bot: ExtBot[int], services: Services) -> Finished | Outcome: ...


class Preparer(Protocol):
    """Makes a triaged batch of one kind ready to send (reading what the messages need
    in one go); what turns out to need no message comes back finished."""

    async def __call__(
        self,
        services: Services,
        claimed: Sequence[tuple[Delivery, RunnerProfile]],
        now: datetime,
    ) -> tuple[Sequence[Sendable], Sequence[Finished]]: ...


async def hand_back(services: Services, delivery: Delivery, delay: timedelta) -> Outcome:
    """Release a claimed delivery unsent, due again after ``delay``."""
    now = services.clock()
    async with services.database.unit_of_work() as uow:
        await uow.deliveries.release(delivery, now + delay, now)
        await uow.commit()
    return Outcome.RETRY


async def guarded_send(
    services: Services,
    delivery: Delivery,
    runner: RunnerProfile,
    send: Callable[[], Awaitable[Message | int]],
) -> Finished | Outcome:
    """Run ``send`` (giving the message or its id); a sent message comes back as
    :class:`Finished` to record, a blocked runner is paused and a failed send handed back
    here (their outcome)."""
    what = delivery.kind.value
    try:
        message = await send()
    except Forbidden:
        return await _blocked(services, delivery, runner)
    except BadRequest as error:
        if "chat not found" in str(error).lower():
            return await _blocked(services, delivery, runner)
        _LOGGER.error("%s refused user=%s: %s", what, runner.id, error)
        return await hand_back(services, delivery, retry_delay(delivery.attempts))
    except RetryAfter as error:
        _LOGGER.warning(
            "%s rate-limited user=%s retry_after=%s", what, runner.id, error.retry_after
        )
        wait = error.retry_after
        delay = wait if isinstance(wait, timedelta) else timedelta(seconds=wait)
        return await hand_back(services, delivery, delay)
    except NetworkError as error:
        _LOGGER.warning("%s not sent user=%s, will retry: %s", what, runner.id, error)
        return await hand_back(services, delivery, retry_delay(delivery.attempts))
    except TelegramError as error:
        _LOGGER.error("%s failed user=%s, will retry: %s", what, runner.id, error)
        return await hand_back(services, delivery, retry_delay(delivery.attempts))
    message_id = message if isinstance(message, int) else message.message_id
    return Finished(delivery, Outcome.SENT, message_id)


async def _blocked(services: Services, delivery: Delivery, runner: RunnerProfile) -> Outcome:
    """The runner blocked the bot: record it and pause their messages until they return."""
    now = services.clock()
    async with services.database.unit_of_work() as uow:
        await uow.deliveries.finish(Finished(delivery, Outcome.BLOCKED), now)
        await uow.users.update_settings(runner.id, paused=PauseReason.BLOCKED)
        await uow.deliveries.cancel_pending(runner.id)
        await uow.commit()
    _LOGGER.info("runner blocked the bot; scheduled messages paused user=%s", runner.id)
    return Outcome.BLOCKED
