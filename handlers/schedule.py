"""Run schedules: onboarding after /start and the commands that change it later.

Onboarding asks four things in turn (run days, start time, time zone, minutes of lead)
and keeps its place in the database, so a restart mid-way loses nothing. Its text
handler sits before the reports and the catch-all and only takes messages while a
question is open; exercise questions are answered by the earlier question group and
onboarding simply goes on. /schedule, /timezone, /lead, /pause, /resume, /skip and
/settings change or show the same values later. Every change re-plans the runner's
next warm-up; a bad value gets an example and changes nothing.
"""

from __future__ import annotations

from datetime import datetime
from typing import Unpack
from zoneinfo import ZoneInfo

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    Message,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
    Update,
)
from telegram.ext import (
    ApplicationHandlerStop,
    CallbackQueryHandler,
    CommandHandler,
    MessageHandler,
    filters,
)

from handlers.accounts import profile_for
from handlers.context import CoachApplication, CoachContext
from handlers.rendering import escape
from handlers.wording import days_text, schedule_problem_text
from library.deliveries import SUMMARY_TIME
from library.profiles import OnboardingStep, PauseReason, RunnerProfile
from library.reports import looks_like_report
from library.schedule import days_from_mask, days_mask
from library.schedule_text import (
    ScheduleError,
    find_timezone,
    parse_days,
    parse_lead,
    parse_time,
)
from storage import UnitOfWork
from storage.repositories import SettingsChange

ONBOARDING_GROUP = -5
ONBOARDING_PREFIX = "ob:"  # ob:d:<mask> | ob:t:<HHMM> | ob:l:<minutes> | ob:later
ONBOARDING_HINT = "onboarding_step"  # user_data: the open question, to remind after a detour
LATER_WORDS = frozenset({"later", "skip", "not now", "no", "cancel", "stop"})

SCHEDULE_USAGE = (
    "Tell me your run days and start time, e.g. <code>/schedule mon wed fri 07:00</code>, "
    "<code>/schedule weekdays 6:30pm</code> or <code>/schedule daily 7am</code>."
)
TIMEZONE_USAGE = (
    "Tell me your city or time zone, e.g. <code>/timezone London</code> or "
    "<code>/timezone America/New_York</code> — or share your location with the button below."
)
LEAD_USAGE = (
    "How many minutes before your run should the warm-up come? e.g. <code>/lead 15</code> "
    "(5 to 120)."
)

QUESTIONS = {
    OnboardingStep.DAYS: (
        "<b>Which days do you run?</b> Tap one or type them, e.g. “mon wed fri”, "
        "“weekdays” or “daily”."
    ),
    OnboardingStep.TIME: (
        "<b>What time do your runs start?</b> e.g. “07:00” or “6:30pm” — your local time."
    ),
    OnboardingStep.ZONE: (
        "<b>Which time zone are you in?</b> Type your city (“London”) or a zone name "
        "(“Europe/London”), or tap 📍 to share your location."
    ),
    OnboardingStep.LEAD: (
        "<b>How many minutes before the run should the warm-up arrive?</b> 15 works well: "
        "close enough that it still counts when you start. Tap or type 5-120."
    ),
}


# ---------------------------------------------------------------------- rendering
def _zone_label(zone: str, now: datetime) -> str:
    offset = now.astimezone(ZoneInfo(zone)).strftime("%z")
    return f"{zone} (UTC{offset[:3]}:{offset[3:]})"


def warmup_status_line(profile: RunnerProfile, due: datetime | None, run: datetime | None) -> str:
    if profile.paused is PauseReason.USER:
        return "Warm-ups are <b>paused</b> — /resume turns them back on."
    if profile.paused is PauseReason.BLOCKED:
        return "Warm-ups are paused because the bot was blocked — /resume turns them back on."
    if profile.schedule is None or due is None or run is None:
        return "No warm-ups planned yet — set your runs with /schedule."
    zone = ZoneInfo(profile.timezone)
    return (
        f"Next warm-up: <b>{due.astimezone(zone):%a %d %b, %H:%M}</b> "
        f"(run at {run.astimezone(zone):%H:%M})."
    )


def day_name(weekday: int) -> str:
    return ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")[weekday]


def weekly_summary_line(profile: RunnerProfile) -> str:
    if profile.summary_day is None:
        return "Weekly summary: off"
    return f"Weekly summary: {day_name(profile.summary_day)}s at {SUMMARY_TIME:%H:%M}"


def settings_text(
    profile: RunnerProfile, due: datetime | None, run: datetime | None, now: datetime
) -> str:
    schedule = profile.schedule
    days = days_text(schedule.weekdays) if schedule else "not set"
    at = profile.run_time.strftime("%H:%M") if profile.run_time else "not set"
    return "\n".join(
        [
            "<b>Your settings</b>",
            f"Run days: {escape(days)}",
            f"Run start: {at}",
            f"Time zone: {escape(_zone_label(profile.timezone, now))}",
            f"Warm-up: {profile.lead_minutes} min before the run",
            weekly_summary_line(profile),
            "",
            warmup_status_line(profile, due, run),
            "",
            "Change: /schedule · /timezone · /lead · /summary · /pause · /resume · /skip",
        ]
    )


def question_markup(step: OnboardingStep) -> InlineKeyboardMarkup | ReplyKeyboardMarkup:
    if step is OnboardingStep.ZONE:
        return location_keyboard()
    if step is OnboardingStep.DAYS:
        choices = [
            ("Mon Wed Fri", days_mask({0, 2, 4})),
            ("Tue Thu Sat", days_mask({1, 3, 5})),
            ("Weekdays", days_mask(range(5))),
            ("Every day", days_mask(range(7))),
        ]
        rows = [
            [InlineKeyboardButton(label, callback_data=f"{ONBOARDING_PREFIX}d:{mask}")]
            for label, mask in choices
        ]
    elif step is OnboardingStep.TIME:
        times = ["06:00", "07:00", "12:00", "18:00"]
        rows = [
            [
                InlineKeyboardButton(t, callback_data=f"{ONBOARDING_PREFIX}t:{t.replace(':', '')}")
                for t in times
            ]
        ]
    else:
        rows = [
            [
                InlineKeyboardButton(f"{m} min", callback_data=f"{ONBOARDING_PREFIX}l:{m}")
                for m in (10, 15, 20, 30)
            ]
        ]
    rows.append([InlineKeyboardButton("Set up later", callback_data=f"{ONBOARDING_PREFIX}later")])
    return InlineKeyboardMarkup(rows)


def location_keyboard() -> ReplyKeyboardMarkup:
    return ReplyKeyboardMarkup(
        [[KeyboardButton("📍 Share my location", request_location=True)]],
        resize_keyboard=True,
        one_time_keyboard=True,
        input_field_placeholder="City or time zone, e.g. London",
    )


# ---------------------------------------------------------------------- state changes
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
    update: Update,
    context: CoachContext,
    **changes: Unpack[SettingsChange],
) -> tuple[RunnerProfile, str] | None:
    """Apply setting changes for the sender, re-plan their warm-up, commit; (profile, line)."""
    services = context.services
    async with services.database.unit_of_work() as uow:
        profile = await profile_for(update, uow, services)
        if profile is None:
            return None
        updated = await uow.users.update_settings(profile.id, **changes)
        if updated is None:
            return None
        await uow.deliveries.reschedule(updated.id, services.clock())
        line = await planned_warmup_line(uow, updated)
        await uow.commit()
    return updated, line


async def ask(
    message: Message, context: CoachContext, step: OnboardingStep, prefix: str = ""
) -> None:
    _hint(context, step)
    await message.reply_html(prefix + QUESTIONS[step], reply_markup=question_markup(step))


_NEXT_STEP = {
    OnboardingStep.DAYS: OnboardingStep.TIME,
    OnboardingStep.TIME: OnboardingStep.ZONE,
    OnboardingStep.ZONE: OnboardingStep.LEAD,
}


async def _advance(
    update: Update,
    context: CoachContext,
    step: OnboardingStep,
    **changes: Unpack[SettingsChange],
) -> None:
    """Store one onboarding answer and ask the next question (or finish)."""
    message = update.effective_message
    if message is None:
        return
    following = _NEXT_STEP.get(step)
    changes["onboarding"] = following
    result = await change_settings(update, context, **changes)
    if result is None:
        return
    profile, line = result
    if following is not None:
        ack = ""
        if step is OnboardingStep.DAYS:
            ack = f"Runs on {escape(days_text(profile.run_days))}. "
        if following is OnboardingStep.LEAD:
            await message.reply_html(
                f"Time zone: {escape(_zone_label(profile.timezone, context.services.clock()))}.",
                reply_markup=ReplyKeyboardRemove(),
            )
        await ask(message, context, following, ack)
        return
    _hint(context, None)
    await message.reply_html(
        "<b>All set!</b> "
        + line
        + "\nAsk me about any exercise, any time. /settings shows or changes all of this.",
    )


async def begin_onboarding(
    uow: UnitOfWork, context: CoachContext, profile: RunnerProfile
) -> tuple[str, InlineKeyboardMarkup | ReplyKeyboardMarkup]:
    """Open (or reopen where it stopped) onboarding; the question to ask and its buttons."""
    step = profile.onboarding or OnboardingStep.DAYS
    if profile.onboarding is None:
        await uow.users.update_settings(profile.id, onboarding=step)
    _hint(context, step)
    return "Let's plan your warm-ups. " + QUESTIONS[step], question_markup(step)


async def _later(update: Update, context: CoachContext) -> None:
    message = update.effective_message
    _hint(context, None)
    result = await change_settings(update, context, onboarding=None)
    if message is not None and result is not None:
        await message.reply_html(
            "No problem — nothing is planned yet. Set your runs any time with "
            "<code>/schedule mon wed fri 07:00</code>, or send /warmup before a run.",
            reply_markup=ReplyKeyboardRemove(),
        )


_ANSWER_PARSERS = (parse_days, parse_time, find_timezone, parse_lead)


def _report_for_no_question(text: str, context: CoachContext) -> bool:
    """True for a rep report that no set-up question would take as its answer. Whatever
    the runner's onboarding step, such a text goes on to the report handler, so the
    database need not be asked (this check runs for every text message)."""
    report = context.services.read_report(text)
    if report is None or not looks_like_report(report) or text.casefold() in LATER_WORDS:
        return False
    for parse in _ANSWER_PARSERS:
        try:
            parse(text)
        except ScheduleError:
            continue
        return False
    return True


async def on_onboarding_text(update: Update, context: CoachContext) -> None:
    """An answer to the open onboarding question; anything else passes on untouched."""
    message = update.effective_message
    if message is None or not message.text:
        return
    services = context.services
    text = message.text.strip()
    if _report_for_no_question(text, context):
        return  # whichever question is open, this passes on to the report handler
    async with services.database.unit_of_work() as uow:
        profile = await uow.users.get(update.effective_user.id) if update.effective_user else None
    if profile is None or profile.onboarding is None:
        _hint(context, None)
        return
    step = profile.onboarding
    if text.casefold() in LATER_WORDS:
        await _later(update, context)
        raise ApplicationHandlerStop
    try:
        if step is OnboardingStep.DAYS:
            await _advance(update, context, step, run_days=parse_days(text))
        elif step is OnboardingStep.TIME:
            await _advance(update, context, step, run_time=parse_time(text))
        elif step is OnboardingStep.ZONE:
            await _advance(update, context, step, timezone=find_timezone(text))
        else:
            await _advance(update, context, step, lead_minutes=parse_lead(text))
    except ScheduleError as error:
        report = services.read_report(text)
        if report is not None and looks_like_report(report):
            return  # a rep report mid-onboarding: the report handler takes it
        await message.reply_html(
            escape(schedule_problem_text(error))
            + "\n(Or send “later” to finish setting up another time.)",
            reply_markup=question_markup(step),
        )
    raise ApplicationHandlerStop


async def on_onboarding_button(update: Update, context: CoachContext) -> None:
    query = update.callback_query
    if query is None or query.data is None:
        return
    data = query.data.removeprefix(ONBOARDING_PREFIX)
    services = context.services
    async with services.database.unit_of_work() as uow:
        profile = await profile_for(update, uow, services)
        await uow.commit()
    if profile is None:
        return
    kind, _, value = data.partition(":")
    expected = {"d": OnboardingStep.DAYS, "t": OnboardingStep.TIME, "l": OnboardingStep.LEAD}
    if data == "later" and profile.onboarding is not None:
        await query.answer()
        await _later(update, context)
    elif kind in expected and profile.onboarding is expected[kind] and value.isdigit():
        await query.answer()
        if query.message is not None and isinstance(query.message, Message):
            await query.edit_message_reply_markup(reply_markup=None)
        step = expected[kind]
        if step is OnboardingStep.DAYS and 0 < int(value) < 128:
            await _advance(update, context, step, run_days=days_from_mask(int(value)))
        elif step is OnboardingStep.TIME and len(value) == 4:
            await _advance(update, context, step, run_time=parse_time(f"{value[:2]}:{value[2:]}"))
        elif step is OnboardingStep.LEAD:
            await _advance(update, context, step, lead_minutes=parse_lead(value))
    else:
        await query.answer("That question is already answered — /settings shows your plan.")


async def on_location(update: Update, context: CoachContext) -> None:
    """A shared location sets the time zone (during onboarding or any time after)."""
    message = update.effective_message
    if message is None or message.location is None:
        return
    zone = context.services.zone_at(message.location.latitude, message.location.longitude)
    if zone is None:
        await message.reply_html(
            "I couldn't tell the time zone from that location. Please type your city instead, "
            "e.g. “London”."
        )
        return
    async with context.services.database.unit_of_work() as uow:
        profile = await profile_for(update, uow, context.services)
        await uow.commit()
    if profile is None:
        return
    if profile.onboarding is OnboardingStep.ZONE:
        await _advance(update, context, OnboardingStep.ZONE, timezone=zone)
        return
    result = await change_settings(update, context, timezone=zone)
    if result is not None:
        await message.reply_html(
            f"Time zone set to {escape(_zone_label(zone, context.services.clock()))}.\n{result[1]}",
            reply_markup=ReplyKeyboardRemove(),
        )


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
    result = await change_settings(update, context, run_days=days, run_time=at, onboarding=None)
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
    result = await change_settings(update, context, timezone=zone)
    if result is not None:
        await message.reply_html(
            f"Time zone set to {escape(_zone_label(zone, context.services.clock()))}.\n{result[1]}"
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
    result = await change_settings(update, context, lead_minutes=minutes)
    if result is not None:
        await message.reply_html(
            f"Warm-ups now come <b>{minutes} min</b> before your run.\n{result[1]}"
        )


async def pause_command(update: Update, context: CoachContext) -> None:
    message = update.effective_message
    if message is None:
        return
    result = await change_settings(update, context, paused=PauseReason.USER)
    if result is not None:
        await message.reply_html(
            "Paused — no warm-ups until you send /resume. Your history and targets stay."
        )


async def resume_command(update: Update, context: CoachContext) -> None:
    message = update.effective_message
    if message is None:
        return
    result = await change_settings(update, context, paused=None)
    if result is not None:
        await message.reply_html(f"Warm-ups are back on.\n{result[1]}")


async def skip_command(update: Update, context: CoachContext) -> None:
    message = update.effective_message
    if message is None:
        return
    services = context.services
    async with services.database.unit_of_work() as uow:
        profile = await profile_for(update, uow, services)
        if profile is None:
            return
        skipped = await uow.deliveries.skip_next(profile.id, services.clock())
        line = await planned_warmup_line(uow, profile)
        await uow.commit()
    if skipped is None:
        await message.reply_html("There's no planned warm-up to skip. " + line)
        return
    run = skipped[0].deadline_utc.astimezone(ZoneInfo(profile.timezone))
    await message.reply_html(f"Skipped the warm-up for your run on {run:%a %d %b, %H:%M}.\n{line}")


async def settings_command(update: Update, context: CoachContext) -> None:
    message = update.effective_message
    if message is None:
        return
    services = context.services
    async with services.database.unit_of_work() as uow:
        profile = await profile_for(update, uow, services)
        if profile is None:
            return
        due, run = await _planned(uow, profile)
        await uow.commit()
    await message.reply_html(settings_text(profile, due, run, services.clock()))


def _hint(context: CoachContext, step: OnboardingStep | None) -> None:
    """Remember (in this process) which question is open, to remind after a detour."""
    if context.user_data is None:
        return
    if step is None:
        context.user_data.pop(ONBOARDING_HINT, None)
    else:
        context.user_data[ONBOARDING_HINT] = step.value


def remind_onboarding(context: CoachContext) -> OnboardingStep | None:
    """The onboarding question this runner still has open, as far as this process knows."""
    hint = context.user_data.get(ONBOARDING_HINT) if context.user_data is not None else None
    return OnboardingStep(hint) if hint in {s.value for s in OnboardingStep} else None


def register(application: CoachApplication) -> None:
    application.add_handler(
        MessageHandler(
            filters.TEXT & ~filters.COMMAND & ~filters.UpdateType.EDITED, on_onboarding_text
        ),
        group=ONBOARDING_GROUP,
    )
    application.add_handler(CommandHandler("schedule", schedule_command))
    application.add_handler(CommandHandler("timezone", timezone_command))
    application.add_handler(CommandHandler("lead", lead_command))
    application.add_handler(CommandHandler("pause", pause_command))
    application.add_handler(CommandHandler("resume", resume_command))
    application.add_handler(CommandHandler("skip", skip_command))
    application.add_handler(CommandHandler("settings", settings_command))
    application.add_handler(
        CallbackQueryHandler(on_onboarding_button, pattern=f"^{ONBOARDING_PREFIX}")
    )
    application.add_handler(
        MessageHandler(filters.LOCATION & ~filters.UpdateType.EDITED, on_location)
    )
