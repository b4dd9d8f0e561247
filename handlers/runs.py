"""One-off runs: ``/run today 18:30`` (and plain sentences such as "running at 6pm
today") add a single run with a warm-up ``lead`` minutes before it; ``/settings`` lists
the upcoming ones with a ❌ button each; ``/skip`` of a one-off's warm-up drops the run.

A run on a day that already has a run (from the weekly schedule or another one-off)
asks first: replace that day's run, or leave things as they are. Reading the text is
``library/run_text.py``; which run's warm-up comes next is
``library.deliveries.next_run``. Every change re-plans the runner's next warm-up in the
update's transaction.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.ext import (
    ApplicationHandlerStop,
    CallbackQueryHandler,
    CommandHandler,
    MessageHandler,
    filters,
)

from handlers.context import CoachApplication, CoachContext
from handlers.rendering import escape
from handlers.schedule_view import warmup_status_line
from library.deliveries import Delivery
from library.one_off_runs import OneOffRun, RunSource
from library.profiles import RunnerProfile
from library.run_text import RunAt, RunError, RunProblem, check_run, parse_run, plain_run
from library.schedule import local_instant
from storage import UnitOfWork

ASK_PREFIX = "orun:"  # orun:r:<YYYYMMDD>:<HHMM> replace that day's run | orun:n keep
CANCEL_PREFIX = "ocan:"  # ocan:<run id>
PLAIN_GROUP = -3  # after set-up answers (-5), before reports and the catch-all (0)
SETTINGS_LIMIT = 8  # one-off runs listed (with a button each) in /settings
RUN_USAGE = (
    "Add a single run like this: <code>/run today 18:30</code>, <code>/run tomorrow 7am</code> "
    "or <code>/run sat 09:00</code>. I'll send its warm-up before it."
)
_PROBLEMS = {
    RunProblem.NO_TIME: "I need the start time too.",
    RunProblem.BAD_TIME: "I couldn't read “{value}” as a clock time.",
    RunProblem.UNKNOWN_DAY: "I don't know the day “{value}”.",
    RunProblem.NO_SUCH_DATE: "“{value}” isn't a date on the calendar.",
    RunProblem.NO_SUCH_TIME: "The clocks skip {value} that day (daylight saving).",
    RunProblem.PAST: "That time has already passed.",
    RunProblem.TOO_SOON: "That's too close for a reminder — send /warmup and do it now.",
    RunProblem.TOO_FAR: "That's more than a year away; add it nearer the time.",
}


def problem_text(error: RunError) -> str:
    return _PROBLEMS[error.problem].format(value=escape(error.value))


def run_line(run: RunAt, lead_minutes: int, zone: str) -> str:
    """'One-off run: Fri 04 Dec at 18:30 — warm-up at 18:15'."""
    start = local_instant(run.local_date, run.local_time, ZoneInfo(zone))
    due = (start - timedelta(minutes=lead_minutes)).astimezone(ZoneInfo(zone))
    return (
        f"One-off run: {run.local_date:%a %d %b} at {run.local_time:%H:%M} — warm-up at {due:%H:%M}"
    )


def _ask_markup(run: RunAt) -> InlineKeyboardMarkup:
    data = f"{ASK_PREFIX}r:{run.local_date:%Y%m%d}:{run.local_time:%H%M}"
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton("Replace that run", callback_data=data),
                InlineKeyboardButton("Keep my plan", callback_data=f"{ASK_PREFIX}n"),
            ]
        ]
    )


async def _next_line(uow: UnitOfWork, profile: RunnerProfile) -> str:
    pending = await uow.deliveries.next_pending(profile.id)
    if pending is None:
        return warmup_status_line(profile, None, None)
    return warmup_status_line(profile, pending.next_due_utc, pending.deadline_utc)


async def _day_has_run(uow: UnitOfWork, profile: RunnerProfile, day: date) -> bool:
    schedule = profile.schedule
    if schedule is not None and day.weekday() in schedule.weekdays:
        return True
    return any(run.local_date == day for run in await uow.one_off_runs.upcoming(profile.id, day))


async def _add(
    context: CoachContext, message: Message, run: RunAt, *, replace: bool = False
) -> None:
    """Check the run, then ask (a day with a run already) or add it and re-plan."""
    turn = context.turn
    profile = await turn.runner()
    if profile is None:
        return
    if profile.schedule is None:
        await message.reply_html(
            "First tell me when you usually run and your time zone with /schedule, "
            "e.g. <code>/schedule mon wed 07:00</code> — then one-off runs can go on top."
        )
        return
    now = context.services.clock()
    try:
        check_run(run, profile.timezone, profile.lead_minutes, now)
    except RunError as error:
        await message.reply_html(f"{problem_text(error)}\n{RUN_USAGE}")
        return
    uow = await turn.uow()
    if not replace and await _day_has_run(uow, profile, run.local_date):
        await message.reply_html(
            f"You already have a run on {run.local_date:%a %d %b}. "
            f"Should a run at {run.local_time:%H:%M} replace it?",
            reply_markup=_ask_markup(run),
        )
        return
    if replace:
        await uow.one_off_runs.cancel_on(profile.id, run.local_date)
    await uow.one_off_runs.add(profile.id, run.local_date, run.local_time, RunSource.CHAT, now=now)
    await uow.deliveries.reschedule(profile.id, now)
    line = await _next_line(uow, profile)
    await turn.commit()
    await message.reply_html(f"{run_line(run, profile.lead_minutes, profile.timezone)}.\n{line}")


async def run_command(update: Update, context: CoachContext) -> None:
    message = update.effective_message
    if message is None:
        return
    text = " ".join(context.args or [])
    profile = await context.turn.runner()
    if profile is None:
        return
    if not text:
        await message.reply_html(RUN_USAGE)
        return
    today = profile.local_date(context.services.clock())
    try:
        run = parse_run(text, today)
    except RunError as error:
        await message.reply_html(f"{problem_text(error)}\n{RUN_USAGE}")
        return
    await _add(context, message, run)


class _PlainRun(filters.MessageFilter):
    """A whole message that plainly announces a run with a day and a time."""

    def filter(self, message: Message) -> bool:
        return message.text is not None and plain_run(message.text, date(2026, 1, 5)) is not None


async def plain_run_message(update: Update, context: CoachContext) -> None:
    message = update.effective_message
    if message is None or message.text is None:
        return
    profile = await context.turn.runner()
    if profile is None:
        return
    run = plain_run(message.text, profile.local_date(context.services.clock()))
    if run is not None:
        await _add(context, message, run)
    raise ApplicationHandlerStop


_ASK = re.compile(rf"^{re.escape(ASK_PREFIX)}(?:r:(?P<day>\d{{8}}):(?P<at>\d{{4}})|n)$")


async def on_ask(update: Update, context: CoachContext) -> None:
    query = update.callback_query
    if query is None or query.data is None or not isinstance(query.message, Message):
        return
    match = _ASK.match(query.data)
    await query.answer()
    await query.edit_message_reply_markup(None)
    if match is None or match.group("day") is None:
        await query.message.reply_html("Fine — your plan stays as it was.")
        return
    digits = match.group("day")
    try:
        day = date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
        at = time(int(match.group("at")[:2]), int(match.group("at")[2:]))
    except ValueError:
        return
    await _add(context, query.message, RunAt(day, at), replace=True)


# ---------------------------------------------------------------------- /settings, /skip
async def one_off_runs_view(
    uow: UnitOfWork, profile: RunnerProfile, now: datetime
) -> tuple[str, InlineKeyboardMarkup | None]:
    """The upcoming one-off runs for /settings, and a ❌ button to cancel each."""
    today = profile.local_date(now)
    runs = [
        run
        for run in await uow.one_off_runs.upcoming(profile.id, today)
        if local_instant(run.local_date, run.local_time, ZoneInfo(profile.timezone)) > now
    ][:SETTINGS_LIMIT]
    if not runs:
        return "", None
    lines = ["", "<b>One-off runs</b> (❌ cancels one):"]
    lines += [f"• {_when(run)}" for run in runs]
    buttons = [
        [InlineKeyboardButton(f"❌ {_when(run)}", callback_data=f"{CANCEL_PREFIX}{run.id}")]
        for run in runs
    ]
    return "\n".join(lines), InlineKeyboardMarkup(buttons)


def _when(run: OneOffRun) -> str:
    return f"{run.local_date:%a %d %b} at {run.local_time:%H:%M}"


async def on_cancel(update: Update, context: CoachContext) -> None:
    query = update.callback_query
    if query is None or query.data is None or not isinstance(query.message, Message):
        return
    await query.answer()
    run_id = query.data.removeprefix(CANCEL_PREFIX)
    turn = context.turn
    profile = await turn.runner()
    if profile is None or not run_id.isdigit():
        return
    uow = await turn.uow()
    run = await uow.one_off_runs.get(profile.id, int(run_id))
    if run is None or not await uow.one_off_runs.cancel(profile.id, run.id):
        await query.message.reply_html("That run isn't planned any more.")
        return
    now = context.services.clock()
    await uow.deliveries.reschedule(profile.id, now)
    line = await _next_line(uow, profile)
    await turn.commit()
    await query.message.reply_html(f"Cancelled your run on {_when(run)}.\n{line}")


async def drop_skipped_run(uow: UnitOfWork, profile: RunnerProfile, skipped: Delivery) -> None:
    """/skip of a one-off run's warm-up: the run goes from the list too."""
    start = skipped.deadline_utc.astimezone(ZoneInfo(profile.timezone))
    await uow.one_off_runs.cancel_on(profile.id, start.date(), time(start.hour, start.minute))


def register(application: CoachApplication) -> None:
    application.add_handler(CommandHandler("run", run_command))
    application.add_handler(CallbackQueryHandler(on_ask, pattern=f"^{re.escape(ASK_PREFIX)}"))
    application.add_handler(
        CallbackQueryHandler(on_cancel, pattern=rf"^{re.escape(CANCEL_PREFIX)}\d+$")
    )
    application.add_handler(
        MessageHandler(filters.TEXT & ~filters.COMMAND & _PlainRun(), plain_run_message),
        group=PLAIN_GROUP,
    )
