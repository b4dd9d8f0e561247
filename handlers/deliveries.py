"""What every scheduled message shares (warm-ups and weekly summaries): its outcomes, the
guarded send that turns Telegram's errors into them, and handing a claim back.

A 403 (or a chat that no longer exists) pauses the runner's scheduled messages; a 429
is waited out; a 5xx, a network failure or an unexpected refusal hands the delivery
back, due again after a back-off, so nothing is lost. A timeout is handed back too,
although Telegram may have performed the send (bot/http.py's TimedOut): a due message
is not dropped on a guess, so an answer that comes after the bot gave up on it is the
one case that arrives twice (tests/test_faults.py).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum
from typing import Protocol

from telegram import Bot, Message
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError

from handlers.context import Services
from library.profiles import PauseReason, RunnerProfile
from library.schedule import Delivery, DeliveryStatus, retry_delay

_LOGGER = logging.getLogger(__name__)


class Outcome(StrEnum):
    """What became of one claimed delivery."""

    SENT = "sent"
    MISSED = "missed"  # too late (the run had started, the summary's day is over)
    BLOCKED = "blocked"  # the runner blocked the bot: their scheduled messages are paused
    RETRY = "retry"  # Telegram or the network failed: due again after a back-off
    CANCELLED = "cancelled"  # paused, unscheduled or turned off since it was planned
    QUIET = "quiet"  # a summary with nothing to say (no training for weeks)


@dataclass(frozen=True, slots=True)
class Finished:
    """A delivery's end, waiting to be recorded (in a group commit with others)."""

    delivery: Delivery
    status: DeliveryStatus
    outcome: Outcome
    message_id: int | None = None


class Sendable(Protocol):
    """A claimed delivery, prepared and ready to go."""

    @property
    def delivery(self) -> Delivery: ...

    @property
    def runner(self) -> RunnerProfile: ...

    async def send(self, bot: Bot, services: Services) -> Finished | Outcome: ...


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
    send: Callable[[], Awaitable[Message]],
) -> Finished | Outcome:
    """Run ``send``; a sent message comes back as :class:`Finished` to record, a blocked
    runner is paused and a failed send handed back here (their outcome)."""
    what = delivery.slot.value
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
    return Finished(delivery, DeliveryStatus.SENT, Outcome.SENT, message.message_id)


async def _blocked(services: Services, delivery: Delivery, runner: RunnerProfile) -> Outcome:
    """The runner blocked the bot: record it and pause their messages until they return."""
    now = services.clock()
    async with services.database.unit_of_work() as uow:
        await uow.deliveries.finish(delivery, DeliveryStatus.FAILED, now)
        await uow.users.update_settings(runner.id, paused=PauseReason.BLOCKED)
        await uow.deliveries.cancel_pending(runner.id)
        await uow.commit()
    _LOGGER.info("runner blocked the bot; scheduled messages paused user=%s", runner.id)
    return Outcome.BLOCKED
