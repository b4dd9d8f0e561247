"""The commands that change or show a runner's schedule after set-up: /schedule,
/timezone, /lead, /pause, /resume, /skip and /settings.

Every change re-plans the runner's next warm-up in the same transaction
(:func:`change_settings`); a bad value gets an example and changes nothing.
"""

from __future__ import annotations

from datetime import datetime
from typing import Unpack
from zoneinfo import ZoneInfo

from telegram import Update
from telegram.ext import CommandHandler

from handlers.context import CoachApplication, CoachContext
from handlers.rendering import escape
from handlers.runs import drop_skipped_run, one_off_runs_view
from handlers.schedule_view import (
    LEAD_USAGE,
    SCHEDULE_USAGE,
    TIMEZONE_USAGE,
    location_keyboard,
    settings_text,
    warmup_status_line,
    zone_label,
)
from handlers.wording import days_text, schedule_problem_text
from library.profiles import PauseReason, RunnerProfile
from library.schedule_text import ScheduleError, find_timezone, parse_days, parse_lead, parse_time
from storage import UnitOfWork
from storage.repositories import SettingsChange


async def _planned(
    uow: UnitOfWork, profile: RunnerProfile
) -> tuple[datetime | None, datetime | None]:
    pending = await uow.deliveries.next_pending(profile.id)
    if pending is None:
        return None, None
    return pending.next_due_utc, pending.deadline_utc


async def planned_warmup_line(uow: UnitOfWork, profile: RunnerProfile) -> str:
    """'Next warm-up: …' (or why there is none) for the runner as stored now."""
    due, run = await _planned(uow, profile)
    return warmup_status_line(profile, due, run)


async def change_settings(
    context: CoachContext, **changes: Unpack[SettingsChange]
) -> tuple[RunnerProfile, str] | None:
    """Apply setting changes for the sender and re-plan their messages, in the update's
    transaction, and commit; the runner as changed and their next-warm-up line."""
    turn = context.turn
    profile = await turn.runner()
    if profile is None:
        return None
    uow = await turn.uow()
    updated = await uow.users.update_settings(profile.id, **changes)
    if updated is None:
        return None
    await uow.deliveries.reschedule(updated.id, context.services.clock())
    line = await planned_warmup_line(uow, updated)
    turn.remember(updated)
    await turn.commit()
    return updated, line


# ---------------------------------------------------------------------- commands
def _split_schedule(args: list[str]) -> tuple[str, str] | None:
    """('mon wed fri', '07:00') from the words after /schedule; the time is last."""
    for size in (1, 2):
        if len(args) > size:
            time_text = " ".join(args[-size:])
            try:
                parse_time(time_text)
            except ScheduleError:
                continue
            return " ".join(args[:-size]), time_text
    return None


async def schedule_command(update: Update, context: CoachContext) -> None:
    message = update.effective_message
    if message is None:
        return
    args = context.args or []
    split = _split_schedule(args)
    if split is None:
        hint = ""
        if args:
            try:
                parse_time(args[-1])
            except ScheduleError as error:
                hint = escape(schedule_problem_text(error)) + "\n"
        await message.reply_html(hint + SCHEDULE_USAGE)
        return
    try:
        days = parse_days(split[0])
        at = parse_time(split[1])
    except ScheduleError as error:
        await message.reply_html(f"{escape(schedule_problem_text(error))}\n{SCHEDULE_USAGE}")
        return
    result = await change_settings(context, run_days=days, run_time=at, onboarding=None)
    if result is not None:
        profile, line = result
        assert profile.schedule is not None
        await message.reply_html(
            f"Runs: <b>{escape(days_text(profile.schedule.weekdays))} at {at:%H:%M}</b>.\n{line}"
        )


async def timezone_command(update: Update, context: CoachContext) -> None:
    message = update.effective_message
    if message is None:
        return
    text = " ".join(context.args or [])
    if not text:
        await message.reply_html(TIMEZONE_USAGE, reply_markup=location_keyboard())
        return
    try:
        zone = find_timezone(text)
    except ScheduleError as error:
        await message.reply_html(f"{escape(schedule_problem_text(error))}\n{TIMEZONE_USAGE}")
        return
    result = await change_settings(context, timezone=zone)
    if result is not None:
        await message.reply_html(
            f"Time zone set to {escape(zone_label(zone, context.services.clock()))}.\n{result[1]}"
        )


async def lead_command(update: Update, context: CoachContext) -> None:
    message = update.effective_message
    if message is None:
        return
    text = " ".join(context.args or [])
    try:
        minutes = parse_lead(text) if text else None
    except ScheduleError as error:
        await message.reply_html(f"{escape(schedule_problem_text(error))}\n{LEAD_USAGE}")
        return
    if minutes is None:
        await message.reply_html(LEAD_USAGE)
        return
    result = await change_settings(context, lead_minutes=minutes)
    if result is not None:
        await message.reply_html(
            f"Warm-ups now come <b>{minutes} min</b> before your run.\n{result[1]}"
        )


async def pause_command(update: Update, context: CoachContext) -> None:
    message = update.effective_message
    if message is None:
        return
    result = await change_settings(context, paused=PauseReason.USER)
    if result is not None:
        await message.reply_html(
            "Paused — no warm-ups until you send /resume. Your history and targets stay."
        )


async def resume_command(update: Update, context: CoachContext) -> None:
    message = update.effective_message
    if message is None:
        return
    result = await change_settings(context, paused=None)
    if result is not None:
        await message.reply_html(f"Warm-ups are back on.\n{result[1]}")


async def skip_command(update: Update, context: CoachContext) -> None:
    message = update.effective_message
    if message is None:
        return
    turn = context.turn
    profile = await turn.runner()
    if profile is None:
        return
    uow = await turn.uow()
    skipped = await uow.deliveries.skip_next(profile.id, context.services.clock())
    if skipped is not None:
        await drop_skipped_run(uow, profile, skipped[0])
    line = await planned_warmup_line(uow, profile)
    await turn.commit()
    if skipped is None:
        await message.reply_html("There's no planned warm-up to skip. " + line)
        return
    run = skipped[0].deadline_utc.astimezone(ZoneInfo(profile.timezone))
    await message.reply_html(f"Skipped the warm-up for your run on {run:%a %d %b, %H:%M}.\n{line}")


async def settings_command(update: Update, context: CoachContext) -> None:
    message = update.effective_message
    if message is None:
        return
    turn = context.turn
    profile = await turn.runner()
    if profile is None:
        return
    uow = await turn.uow()
    due, run = await _planned(uow, profile)
    runs_text, runs_markup = await one_off_runs_view(uow, profile, context.services.clock())
    await turn.commit()
    await message.reply_html(
        settings_text(profile, due, run, context.services.clock()) + runs_text,
        reply_markup=runs_markup,
    )


def register(application: CoachApplication) -> None:
    application.add_handler(CommandHandler("schedule", schedule_command))
    application.add_handler(CommandHandler("timezone", timezone_command))
    application.add_handler(CommandHandler("lead", lead_command))
    application.add_handler(CommandHandler("pause", pause_command))
    application.add_handler(CommandHandler("resume", resume_command))
    application.add_handler(CommandHandler("skip", skip_command))
    application.add_handler(CommandHandler("settings", settings_command))
