"""Scheduled warm-ups: sending one claimed delivery, and the Snooze button on it.

The scheduler (bot/scheduler.py) claims due deliveries; :func:`deliver` decides what
each one becomes. A run that has started is recorded as missed, never sent late. A
runner who blocked the bot has their warm-ups paused. A 429, a 5xx or a network
failure hands the delivery back, due again after a back-off, so it is never lost.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from telegram import Bot, Message, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError
from telegram.ext import CallbackQueryHandler

from handlers.accounts import profile_for
from handlers.context import CoachApplication, CoachContext, Services
from handlers.session_view import SNOOZE_PREFIX, plan_keyboard, plan_text, without_session_actions
from handlers.training import plan_for
from library.exercises import ExerciseKind
from library.planner import SessionPlan
from library.profiles import PauseReason, RunnerProfile
from library.schedule import (
    SNOOZE_MINUTES,
    Delivery,
    DeliverySlot,
    DeliveryStatus,
    retry_delay,
)
from library.training import SessionStatus, TrainingSession

_LOGGER = logging.getLogger(__name__)


class Outcome(StrEnum):
    """What became of one claimed delivery."""

    SENT = "sent"
    MISSED = "missed"  # the run had started: recorded, not sent
    BLOCKED = "blocked"  # the runner blocked the bot: their warm-ups are paused
    RETRY = "retry"  # Telegram or the network failed: due again after a back-off
    CANCELLED = "cancelled"  # paused or unscheduled since it was planned


def intro_text(delivery: Delivery, runner: RunnerProfile, now: datetime) -> str:
    """The line above the warm-up: when the run starts, or that this is the snoozed repeat."""
    if delivery.slot is DeliverySlot.SNOOZE:
        return "⏰ Here's your warm-up again, as asked."
    start = delivery.run_start_utc.astimezone(ZoneInfo(runner.timezone))
    minutes = max(1, round((delivery.run_start_utc - now).total_seconds() / 60))
    return f"🏃 Your run starts at {start:%H:%M} (in {minutes} min) — time to warm up."


async def _finish(
    services: Services,
    delivery: Delivery,
    status: DeliveryStatus,
    now: datetime,
    message_id: int | None = None,
) -> None:
    async with services.database.unit_of_work() as uow:
        await uow.deliveries.finish(delivery, status, now, message_id=message_id)
        await uow.commit()


async def _retry_later(services: Services, delivery: Delivery, delay: timedelta) -> Outcome:
    now = services.clock()
    async with services.database.unit_of_work() as uow:
        await uow.deliveries.release(delivery, now + delay, now)
        await uow.commit()
    return Outcome.RETRY


async def _session_for(
    services: Services, delivery: Delivery, runner: RunnerProfile, now: datetime
) -> tuple[SessionPlan, TrainingSession]:
    """Plan the warm-up and open its session (reused when this delivery is retried)."""
    async with services.database.unit_of_work() as uow:
        plan = await plan_for(uow, services, runner, ExerciseKind.WARMUP, delivery.local_date)
        session = None
        if delivery.session_id is not None:
            session = await uow.training.get_session(runner.id, delivery.session_id)
        if session is None or session.status is not SessionStatus.OPEN:
            session = await uow.training.open_session(
                runner.id,
                kind=ExerciseKind.WARMUP.value,
                day=delivery.local_date,
                exercise_ids=plan.exercise_ids,
                now=now,
            )
            await uow.deliveries.attach_session(delivery.id, session.id)
        await uow.commit()
    return plan, session


async def deliver(
    bot: Bot, services: Services, delivery: Delivery, runner: RunnerProfile
) -> Outcome:
    """Send one claimed warm-up, or record why not; the delivery never stays claimed."""
    now = services.clock()
    if runner.paused is not None or (
        delivery.slot is DeliverySlot.WARMUP and runner.schedule is None
    ):
        await _finish(services, delivery, DeliveryStatus.SKIPPED, now)
        return Outcome.CANCELLED
    if delivery.run_started(now):
        await _finish(services, delivery, DeliveryStatus.MISSED, now)
        _LOGGER.info("warm-up missed user=%s run=%s", runner.id, delivery.local_date)
        return Outcome.MISSED
    plan, session = await _session_for(services, delivery, runner, now)
    try:
        message = await bot.send_message(
            runner.chat_id,
            plan_text(plan, intro_text(delivery, runner, now)),
            parse_mode=ParseMode.HTML,
            reply_markup=plan_keyboard(plan, session.id, snooze_minutes=SNOOZE_MINUTES),
        )
    except Forbidden:
        return await _blocked(services, delivery, runner)
    except BadRequest as error:
        if "chat not found" in str(error).lower():
            return await _blocked(services, delivery, runner)
        _LOGGER.error("warm-up refused user=%s: %s", runner.id, error)
        return await _retry_later(services, delivery, retry_delay(delivery.attempts))
    except RetryAfter as error:
        _LOGGER.warning("warm-up rate-limited user=%s retry_after=%s", runner.id, error.retry_after)
        wait = error.retry_after
        delay = wait if isinstance(wait, timedelta) else timedelta(seconds=wait)
        return await _retry_later(services, delivery, delay)
    except NetworkError as error:
        _LOGGER.warning("warm-up not sent user=%s, will retry: %s", runner.id, error)
        return await _retry_later(services, delivery, retry_delay(delivery.attempts))
    except TelegramError as error:
        _LOGGER.error("warm-up failed user=%s, will retry: %s", runner.id, error)
        return await _retry_later(services, delivery, retry_delay(delivery.attempts))
    await _finish(services, delivery, DeliveryStatus.SENT, services.clock(), message.message_id)
    return Outcome.SENT


async def _blocked(services: Services, delivery: Delivery, runner: RunnerProfile) -> Outcome:
    """The runner blocked the bot: record it and pause their warm-ups until they return."""
    now = services.clock()
    async with services.database.unit_of_work() as uow:
        await uow.deliveries.finish(delivery, DeliveryStatus.FAILED, now)
        await uow.users.update_settings(runner.id, paused=PauseReason.BLOCKED)
        await uow.deliveries.cancel_pending(runner.id)
        await uow.commit()
    _LOGGER.info("runner blocked the bot; warm-ups paused user=%s", runner.id)
    return Outcome.BLOCKED


async def on_snooze(update: Update, context: CoachContext) -> None:
    """⏰ Snooze: the same warm-up again in 10 minutes (only the runner's own, open session)."""
    query = update.callback_query
    if query is None or query.data is None or query.message is None:
        return
    services = context.services
    session_text = query.data.removeprefix(SNOOZE_PREFIX)
    due = None
    async with services.database.unit_of_work() as uow:
        profile = await profile_for(update, uow, services)
        session = None
        if profile is not None and session_text.isdigit():
            session = await uow.training.get_session(profile.id, int(session_text))
        if profile is not None and session is not None and session.status is SessionStatus.OPEN:
            snoozed = await uow.deliveries.snooze(
                profile.id,
                local_date=session.day,
                session_id=session.id,
                now=services.clock(),
                minutes=SNOOZE_MINUTES,
            )
            due = snoozed.next_due_utc.astimezone(ZoneInfo(profile.timezone))
        await uow.commit()
    if due is None:
        await query.answer("That warm-up is closed — send /warmup for a new one.")
        return
    await query.answer(f"OK — I'll send it again at {due:%H:%M}.")
    if isinstance(query.message, Message) and query.message.reply_markup is not None:
        await query.edit_message_reply_markup(
            reply_markup=without_session_actions(query.message.reply_markup, (SNOOZE_PREFIX,))
        )


def register(application: CoachApplication) -> None:
    application.add_handler(CallbackQueryHandler(on_snooze, pattern=f"^{SNOOZE_PREFIX}"))
