"""The commands that change or show a runner's schedule after set-up: /schedule (with
its add-or-replace question when days already planned would go), /timezone, /lead,
/pause, /resume, /skip and /settings.

Every change re-plans the runner's next warm-up in the same transaction
(:func:`change_settings`); a bad value gets an example and changes nothing.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import time
from typing import Unpack
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ParseMode
from telegram.ext import CallbackQueryHandler, CommandHandler

from handlers.context import CoachApplication, CoachContext
from handlers.i18n import _, current, format_date
from handlers.plan_edit import (
    PAUSED,
    apply_settings,
    lead_reply,
    resume_reply,
    usage_problem,
    wanted_times,
    week_reply,
    zone_reply,
)
from handlers.rendering import escape
from handlers.runs import drop_skipped_run, one_off_runs_view
from handlers.schedule_view import (
    LEAD_USAGE,
    SCHEDULE_USAGE,
    TIMEZONE_USAGE,
    group_days_text,
    location_keyboard,
    planned_run,
    planned_warmup_line,
    settings_text,
    week_text,
)
from library.profiles import PauseReason, RunnerProfile
from library.schedule import decode_week, encode_week
from library.schedule_text import (
    ScheduleError,
    find_timezone,
    parse_lead,
    parse_week,
)
from storage.repositories import SettingsChange


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
    result = await apply_settings(uow, context.services.clock(), profile, **changes)
    if result is None:
        return None
    updated, line = result
    turn.remember(updated)
    await turn.commit()
    return updated, line


# ---------------------------------------------------------------------- commands
WEEK_PREFIX = "wk:"  # wk:a:<week> add to the planned days | wk:r:<week> replace them | wk:x


def _week_data(action: str, times: Mapping[int, time]) -> str:
    """Callback data carrying a week: 'wk:a:1=0630,5=0800' (at most 53 characters)."""
    return f"{WEEK_PREFIX}{action}:" + encode_week(times, times).replace(":", "")


def _week_from_data(text: str) -> dict[int, time] | None:
    """The week of :func:`_week_data`; None when it is not one."""
    try:
        days, times = decode_week(re.sub(r"=(\d\d)(\d\d)", r"=\1:\2", text))
    except ValueError:
        return None
    return times if times and days == frozenset(times) else None


async def set_week(context: CoachContext, times: Mapping[int, time]) -> str | None:
    """Store these days and times (ends set-up) and re-plan; the reply, None without a
    runner."""
    result = await change_settings(context, run_times=times, onboarding=None)
    if result is None:
        return None
    return week_reply(times, result[1])


def _replace_question(planned: Mapping[int, time], wanted: Mapping[int, time]) -> str:
    kept = {day: at for day, at in planned.items() if day not in wanted}
    planned_line = _("You have runs planned: <b>{week}</b>.").format(
        week=escape(week_text(planned))
    )
    question = _("Add <b>{wanted}</b> to them (keeping {kept}), or replace them?").format(
        wanted=escape(week_text(wanted)), kept=escape(week_text(kept))
    )
    return f"{planned_line}\n{question}"


def _replace_buttons(
    planned: Mapping[int, time], wanted: Mapping[int, time]
) -> InlineKeyboardMarkup:
    new_days = frozenset(wanted) - frozenset(planned)
    kept = frozenset(planned) - frozenset(wanted)
    # TRANSLATORS: button labels; {days} is e.g. "Sat", "weekends" or "Tue, Thu".
    add = (
        _("Add {days}").format(days=group_days_text(new_days))
        if new_days
        else _("Keep {days}").format(days=group_days_text(kept))
    )
    merged = {**planned, **wanted}
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(add, callback_data=_week_data("a", merged)),
                InlineKeyboardButton(_("Replace"), callback_data=_week_data("r", wanted)),
                InlineKeyboardButton(_("Cancel"), callback_data=f"{WEEK_PREFIX}x"),
            ]
        ]
    )


async def schedule_command(update: Update, context: CoachContext) -> None:
    """/schedule tue thu 06:30, sat 08:00: set the week, asking first when days already
    planned would go; a bad text gets an example and changes nothing."""
    message = update.effective_message
    if message is None:
        return
    text = " ".join(context.args or [])
    if not text:
        await message.reply_html(_(SCHEDULE_USAGE))
        return
    profile = await context.turn.runner()
    if profile is None:
        return
    try:
        wanted = wanted_times(parse_week(text, language=current()), profile)
    except ScheduleError as error:
        wanted = error
    if isinstance(wanted, ScheduleError):
        await context.turn.commit()  # the sender is registered
        await message.reply_html(usage_problem(wanted, SCHEDULE_USAGE))
        return
    planned = profile.schedule.times if profile.schedule is not None else {}
    if frozenset(planned) - frozenset(wanted):
        await context.turn.commit()
        await message.reply_html(
            _replace_question(planned, wanted), reply_markup=_replace_buttons(planned, wanted)
        )
        return
    reply = await set_week(context, wanted)
    if reply is not None:
        await message.reply_html(reply)


async def on_week_button(update: Update, context: CoachContext) -> None:
    """[Add …] [Replace] [Cancel] under the add-or-replace question."""
    query = update.callback_query
    if query is None or query.data is None:
        return
    action, _sep, week = query.data.removeprefix(WEEK_PREFIX).partition(":")
    times = _week_from_data(week)
    await query.answer()
    if action == "x" or times is None:
        await context.turn.commit()  # the sender is registered
        await query.edit_message_text(_("Kept your runs as they were — /settings shows them."))
        return
    reply = await set_week(context, times)
    if reply is not None:
        await query.edit_message_text(reply, parse_mode=ParseMode.HTML)


async def timezone_command(update: Update, context: CoachContext) -> None:
    message = update.effective_message
    if message is None:
        return
    text = " ".join(context.args or [])
    if not text:
        await message.reply_html(_(TIMEZONE_USAGE), reply_markup=location_keyboard())
        return
    try:
        zone = find_timezone(text)
    except ScheduleError as error:
        await message.reply_html(usage_problem(error, TIMEZONE_USAGE))
        return
    result = await change_settings(context, timezone=zone)
    if result is not None:
        await message.reply_html(zone_reply(zone, context.services.clock(), result[1]))


async def lead_command(update: Update, context: CoachContext) -> None:
    message = update.effective_message
    if message is None:
        return
    text = " ".join(context.args or [])
    try:
        minutes = parse_lead(text, language=current()) if text else None
    except ScheduleError as error:
        await message.reply_html(usage_problem(error, LEAD_USAGE))
        return
    if minutes is None:
        await message.reply_html(_(LEAD_USAGE))
        return
    result = await change_settings(context, lead_minutes=minutes)
    if result is not None:
        await message.reply_html(lead_reply(minutes, result[1]))


async def pause_command(update: Update, context: CoachContext) -> None:
    message = update.effective_message
    if message is None:
        return
    result = await change_settings(context, paused=PauseReason.USER)
    if result is not None:
        await message.reply_html(_(PAUSED))


async def resume_command(update: Update, context: CoachContext) -> None:
    message = update.effective_message
    if message is None:
        return
    result = await change_settings(context, paused=None)
    if result is not None:
        await message.reply_html(resume_reply(result[1]))


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
        await message.reply_html(_("There's no planned warm-up to skip.") + " " + line)
        return
    run = skipped[0].deadline_utc.astimezone(ZoneInfo(profile.timezone))
    # TRANSLATORS: {day} is a short date such as "Fri 04 Dec"; {time} is 24-hour HH:MM.
    skipped_line = _("Skipped the warm-up for your run on {day}, {time}.").format(
        day=format_date(run, "EEE dd MMM"), time=f"{run:%H:%M}"
    )
    await message.reply_html(f"{skipped_line}\n{line}")


async def settings_command(update: Update, context: CoachContext) -> None:
    message = update.effective_message
    if message is None:
        return
    turn = context.turn
    profile = await turn.runner()
    if profile is None:
        return
    uow = await turn.uow()
    due, run = await planned_run(uow, profile)
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
    application.add_handler(CallbackQueryHandler(on_week_button, pattern=f"^{WEEK_PREFIX}"))
