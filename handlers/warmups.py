"""Scheduled warm-ups: preparing and sending claimed deliveries, and the Snooze button.

The dispatcher (bot/scheduler.py) claims due deliveries and keeps those still wanted and
in time (library.deliveries.triage); :func:`prepare` plans that batch of warm-ups and
their snoozed repeats in one transaction, and :meth:`Prepared.send` sends each one
(errors handled as handlers/deliveries.py says).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from telegram import Message, Update
from telegram.constants import ParseMode
from telegram.ext import CallbackQueryHandler, ExtBot

from handlers.card_keyboard import card_keyboard
from handlers.context import CoachApplication, CoachContext, Services
from handlers.deliveries import SCHEDULED_PRIORITY, guarded_send
from handlers.i18n import N_, _, ngettext, speaking
from handlers.rendering import with_intro
from handlers.sending import send_text
from handlers.session_view import (
    SNOOZE_PREFIX,
    plan_text,
    session_number,
    without_session_actions,
)
from library.deliveries import (
    SNOOZE_MINUTES,
    Delivery,
    DeliveryKind,
    Finished,
    Outcome,
    can_snooze,
)
from library.exercises import ExerciseKind
from library.kit import Kit
from library.languages import Language
from library.pain_check import check_of, checks_before
from library.planner import SessionPlan, plan_session
from library.profiles import RunnerProfile
from library.training import SessionStatus

_LOGGER = logging.getLogger(__name__)


# Planning a large batch holds the event loop: it lets other tasks (the sends of the
# claim before, paced to the millisecond) run after this many runners.
YIELD_EVERY = 100
CLOSED = N_("That warm-up is closed — send /warmup for a new one.")
TOO_LATE = "too late"  # _snooze's answer when the repeat would come after the run starts


def too_late_text() -> str:
    """The alert when Snooze's repeat would come after the run starts."""
    return ngettext(
        "Too close to your run for another {count} minute — warm up now, or ⏭ Skip.",
        "Too close to your run for another {count} minutes — warm up now, or ⏭ Skip.",
        SNOOZE_MINUTES,
    ).format(count=SNOOZE_MINUTES)


def intro_text(delivery: Delivery, runner: RunnerProfile, now: datetime) -> str:
    """The line above the warm-up: when the run starts (a warm-up's and its snoozed
    repeat's deadline), and for the repeat that this is the card again."""
    start = delivery.deadline_utc.astimezone(ZoneInfo(runner.timezone))
    minutes = max(1, round((delivery.deadline_utc - now).total_seconds() / 60))
    if delivery.kind is DeliveryKind.SNOOZE:
        text = ngettext(
            "⏰ Your run starts at {time} (in {count} min) — here's your warm-up again.",
            "⏰ Your run starts at {time} (in {count} min) — here's your warm-up again.",
            minutes,
        )
    else:
        text = ngettext(
            "🏃 Your run starts at {time} (in {count} min) — time to warm up.",
            "🏃 Your run starts at {time} (in {count} min) — time to warm up.",
            minutes,
        )
    return text.format(time=f"{start:%H:%M}", count=minutes)


@dataclass(frozen=True, slots=True)
class Prepared:
    """A delivery ready to send: its runner, planned warm-up, the session it opened and
    the card's text below its first line (``plan_text`` without the intro, worded when
    prepared: runners sharing a plan share it)."""

    delivery: Delivery
    runner: RunnerProfile
    plan: SessionPlan
    session_id: int
    body: str

    async def send(self, bot: ExtBot[int], services: Services) -> Finished | Outcome:
        """Send the warm-up card, with its run time and, while a repeat would still come
        before the run, the Snooze button (behind replies
        to runners; paid, beyond the free rate, with TELEGRAM_PAID_BROADCAST)."""
        now = services.clock()
        with speaking(self.runner.language):  # the intro worded here: it needs `now`
            text = with_intro(self.body, intro_text(self.delivery, self.runner, now))
            # Snooze only while its repeat would come back before the run starts.
            snooze = SNOOZE_MINUTES if can_snooze(self.delivery.deadline_utc, now) else None
            markup = card_keyboard(self.plan, self.session_id, snooze_minutes=snooze)
        return await guarded_send(
            services,
            self.delivery,
            self.runner,
            lambda: send_text(
                bot,
                self.runner.chat_id,
                text,
                parse_mode=ParseMode.HTML,
                reply_markup=markup,
                priority=SCHEDULED_PRIORITY,
                paid_broadcast=services.paid_broadcast,
            ),
        )


async def prepare(
    services: Services, claimed: Sequence[tuple[Delivery, RunnerProfile]], now: datetime
) -> tuple[list[Prepared], list[Finished]]:
    """Plan a triaged batch of warm-ups and repeats, opening their sessions in one
    transaction; those whose runner is gone, or whose warm-up was closed before its
    repeat was due, end without a message."""
    finished: list[Finished] = []
    sendable = list(claimed)
    prepared: list[tuple[Delivery, RunnerProfile, SessionPlan, int]] = []
    async with services.database.unit_of_work() as uow:
        present = await uow.users.existing(runner.id for _, runner in sendable)
        finished += [
            Finished(delivery, Outcome.CANCELLED)
            for delivery, runner in sendable
            if runner.id not in present
        ]
        sendable = [(delivery, runner) for delivery, runner in sendable if runner.id in present]
        histories = await uow.training.histories(runner.id for _, runner in sendable)
        checks = await uow.training.pain_checks_of(runner.id for _, runner in sendable)
        still_open = await uow.training.open_session_ids(
            d.session_id for d, _ in sendable if d.session_id is not None
        )
        opening: list[tuple[Delivery, RunnerProfile, SessionPlan]] = []
        # A runner with nothing logged and no pain check answered gets the plan every
        # such runner of the day and kit gets: planned once per batch.
        fresh: dict[tuple[date, frozenset[Kit] | None], SessionPlan] = {}
        for number, (delivery, runner) in enumerate(sendable, 1):
            if number % YIELD_EVERY == 0:
                await asyncio.sleep(0)  # the sends of the claim before this one go on
            # A repeat shows its open session's pain check as answered so far.
            reopened = delivery.session_id if delivery.session_id in still_open else None
            answered = checks.get(runner.id, [])
            history = histories.get(runner.id, [])
            key = (delivery.local_date, runner.kit)
            plan = None if history or answered or key not in fresh else fresh[key]
            if plan is None:
                plan = plan_session(
                    services.catalog,
                    history,
                    delivery.local_date,
                    ExerciseKind.WARMUP,
                    checks=answered if reopened is None else checks_before(answered, reopened),
                    check=None if reopened is None else check_of(answered, reopened),
                    kit=runner.kit,
                )
                if not history and not answered:
                    fresh[key] = plan
            if delivery.session_id in still_open:
                prepared.append((delivery, runner, plan, delivery.session_id))
            elif delivery.kind is DeliveryKind.SNOOZE:
                # The runner closed that warm-up (Done or Skip) before its repeat was due.
                finished.append(Finished(delivery, Outcome.CANCELLED))
            else:
                opening.append((delivery, runner, plan))
        session_ids = await uow.training.open_sessions(
            [
                (runner.id, ExerciseKind.WARMUP.value, delivery.local_date, plan.exercise_ids)
                for delivery, runner, plan in opening
            ],
            now=now,
        )
        await uow.deliveries.attach_sessions(
            (delivery.id, session_id)
            for (delivery, _, _), session_id in zip(opening, session_ids, strict=True)
        )
        await uow.commit()
    prepared += [
        (delivery, runner, plan, session_id)
        for (delivery, runner, plan), session_id in zip(opening, session_ids, strict=True)
    ]
    return _worded(prepared), finished


def _worded(ready: Sequence[tuple[Delivery, RunnerProfile, SessionPlan, int]]) -> list[Prepared]:
    """The batch with each card's text worded in its runner's language, once per plan
    and language (runners sharing a plan share it)."""
    bodies: dict[tuple[int, Language], str] = {}  # the plans live as long as this call
    worded = []
    for delivery, runner, plan, session_id in ready:
        key = (id(plan), runner.language)
        if key not in bodies:
            with speaking(runner.language):
                bodies[key] = plan_text(plan)
        worded.append(Prepared(delivery, runner, plan, session_id, bodies[key]))
    return worded


async def _snooze(context: CoachContext, session_id: int | None) -> datetime | str:
    """Plan the repeat of the runner's own open, scheduled warm-up session and give its
    local due time, or say why not (closed, or too close to the run: nothing stored)."""
    profile = await context.turn.runner()
    if profile is None or session_id is None:
        return CLOSED
    uow = await context.turn.uow()
    session = await uow.training.get_session(profile.id, session_id)
    if session is None or session.status is not SessionStatus.OPEN:
        return CLOSED
    run_start = await uow.deliveries.run_start_of(profile.id, session.id)
    if run_start is None:
        return CLOSED
    snoozed = await uow.deliveries.snooze(
        profile.id,
        local_date=session.day,
        session_id=session.id,
        now=context.services.clock(),
        run_start=run_start,
    )
    if snoozed is None:
        return TOO_LATE
    return snoozed.next_due_utc.astimezone(ZoneInfo(profile.timezone))


async def on_snooze(update: Update, context: CoachContext) -> None:
    """⏰ Snooze: the same warm-up again in 10 minutes (only the runner's own, open
    session, and only when that is still before the run starts)."""
    query = update.callback_query
    if query is None or query.data is None or query.message is None:
        return
    due = await _snooze(context, session_number(query.data.removeprefix(SNOOZE_PREFIX)))
    await context.turn.commit()
    if isinstance(due, str):
        late = due == TOO_LATE
        await query.answer(too_late_text() if late else _(due), show_alert=late)
        return
    await query.answer(_("OK — I'll send it again at {time}.").format(time=f"{due:%H:%M}"))
    if isinstance(query.message, Message) and query.message.reply_markup is not None:
        await query.edit_message_reply_markup(
            reply_markup=without_session_actions(query.message.reply_markup, (SNOOZE_PREFIX,))
        )


def register(application: CoachApplication) -> None:
    application.add_handler(CallbackQueryHandler(on_snooze, pattern=f"^{SNOOZE_PREFIX}"))
