"""One-off runs: ``/run today 18:30`` (and plain sentences such as "running at 6pm
today") add a single run with a warm-up ``lead`` minutes before it; ``/settings`` lists
the upcoming ones with a ❌ button each; ``/skip`` of a one-off's warm-up drops the run.

A run on a day that already has a run (from the weekly schedule or another one-off)
asks first: replace that day's run, add a second run, or leave things as they are.
Each run gets its own warm-up (deliveries are unique per run, not per day); replacing
the weekly run of a date records its warm-up as skipped, so it stays off even if the
weekly time changes. Reading the text is
``library/run_text.py``; which run's warm-up comes next is
``library.deliveries.next_run``. Every change re-plans the runner's next warm-up in the
update's transaction. :func:`add_run` and :func:`cancel_run` are the rules and replies
the Mini App's plan tab uses too (``handlers/plan_edit.py``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
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
from handlers.i18n import N_, _, current, format_date
from handlers.rendering import escape
from handlers.schedule_view import planned_warmup_line
from library.deliveries import Delivery, warmup
from library.one_off_runs import OneOffRun, RunSource
from library.profiles import RunnerProfile
from library.run_text import (
    RunAt,
    RunError,
    RunProblem,
    check_run,
    parse_run,
    plain_run,
    plain_run_in,
    run_in,
)
from library.schedule import WEEKLY_KEY, local_instant, slot_on
from storage import UnitOfWork

# orun:r:<YYYYMMDD>:<HHMM> replace that day's run | orun:a:… add a second run | orun:n keep
ASK_PREFIX = "orun:"
CANCEL_PREFIX = "ocan:"  # ocan:<run id>
PLAIN_GROUP = -3  # after set-up answers (-5), before reports and the catch-all (0)
SETTINGS_LIMIT = 8  # one-off runs listed (with a button each) in /settings
# TRANSLATORS: the examples in <code> are read back by the coach: /run stays, the day
# words and times may be written as runners of your language type them.
RUN_USAGE = N_(
    "Add a single run like this: <code>/run today 18:30</code>, <code>/run tomorrow 7am</code>, "
    "<code>/run sat 09:00</code> or <code>/run in 2 hours</code>. "
    "I'll send its warm-up before it."
)
NEEDS_SCHEDULE = N_(
    "First tell me when you usually run and your time zone with /schedule, "
    "e.g. <code>/schedule mon wed 07:00</code> — then one-off runs can go on top."
)
RUN_GONE = N_("That run isn't planned any more.")
# The answers to "replace that day's run or add a second one?" (the chat's buttons and
# the Mini App's).
REPLACE_RUN = N_("Replace that run")
ADD_SECOND_RUN = N_("Add a second run")
KEEP_PLAN = N_("Keep my plan")
_PROBLEMS = {
    RunProblem.NO_TIME: N_("I need the start time too."),
    # TRANSLATORS: {value} is what the runner typed.
    RunProblem.BAD_TIME: N_("I couldn't read “{value}” as a clock time."),
    RunProblem.UNKNOWN_DAY: N_("I don't know the day “{value}”."),
    RunProblem.NO_SUCH_DATE: N_("“{value}” isn't a date on the calendar."),
    # TRANSLATORS: {value} is a clock time such as 02:30.
    RunProblem.NO_SUCH_TIME: N_("The clocks skip {value} that day (daylight saving)."),
    RunProblem.PAST: N_("That time has already passed."),
    RunProblem.TOO_SOON: N_("That's too close for a reminder — send /warmup and do it now."),
    RunProblem.TOO_FAR: N_("That's more than a year away; add it nearer the time."),
}


def problem_text(error: RunError) -> str:
    return _(_PROBLEMS[error.problem]).format(value=escape(error.value))


def problem_reply(error: RunError) -> str:
    """A run that cannot be planned: what is wrong, then how to write one."""
    return f"{problem_text(error)}\n{_(RUN_USAGE)}"


def run_line(run: RunAt, lead_minutes: int, zone: str) -> str:
    """'One-off run: Fri 04 Dec at 18:30 — warm-up at 18:15'."""
    start = local_instant(run.local_date, run.local_time, ZoneInfo(zone))
    due = (start - timedelta(minutes=lead_minutes)).astimezone(ZoneInfo(zone))
    # TRANSLATORS: {when} is e.g. "Fri 04 Dec at 18:30"; {time} is 24-hour HH:MM.
    return _("One-off run: {when} — warm-up at {time}").format(when=_when(run), time=f"{due:%H:%M}")


def _ask_markup(run: RunAt) -> InlineKeyboardMarkup:
    data = f"{run.local_date:%Y%m%d}:{run.local_time:%H%M}"
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(_(REPLACE_RUN), callback_data=f"{ASK_PREFIX}r:{data}"),
                InlineKeyboardButton(_(ADD_SECOND_RUN), callback_data=f"{ASK_PREFIX}a:{data}"),
            ],
            [InlineKeyboardButton(_(KEEP_PLAN), callback_data=f"{ASK_PREFIX}n")],
        ]
    )


async def _runs_on(uow: UnitOfWork, profile: RunnerProfile, day: date, now: datetime) -> list[time]:
    """The start times of the runs on ``day`` not started yet: its weekly run (unless
    skipped or its warm-up has gone), its one-off runs (a run already behind the runner
    is no reason to ask)."""
    times = []
    weekly = _weekly_time(profile, day)
    if weekly is not None and (day, WEEKLY_KEY) not in await uow.deliveries.taken_runs(
        profile.id, now
    ):
        times.append(weekly)
    times += [
        run.local_time
        for run in await uow.one_off_runs.upcoming(profile.id, day)
        if run.local_date == day
    ]
    zone = ZoneInfo(profile.timezone)
    return [at for at in times if local_instant(day, at, zone) > now]


def _weekly_time(profile: RunnerProfile, day: date) -> time | None:
    schedule = profile.schedule
    if schedule is None or day.weekday() not in schedule.weekdays:
        return None
    return schedule.time_on(day.weekday())


async def _weekly_run_again(
    uow: UnitOfWork, profile: RunnerProfile, run: RunAt, now: datetime
) -> str | None:
    """A run at the very start of that day's weekly run is that run: the reply when it
    is (it comes back if it was skipped or replaced), None when it is not."""
    if _weekly_time(profile, run.local_date) != run.local_time:
        return None
    if not await uow.deliveries.restore_run(profile.id, (run.local_date, WEEKLY_KEY), now):
        return _("{when} is already your weekly run — nothing to add.").format(when=_when(run))
    await uow.deliveries.reschedule(profile.id, now)
    line = await planned_warmup_line(uow, profile)
    back = _("Your weekly run on {when} is back on.").format(when=_when(run))
    return f"{back}\n{line}"


async def _replace_day(uow: UnitOfWork, profile: RunnerProfile, day: date, now: datetime) -> None:
    """Clear ``day`` for a new run: its one-off runs go, its weekly run's warm-up is
    recorded skipped."""
    await uow.one_off_runs.cancel_on(profile.id, day)
    schedule = profile.schedule
    if schedule is not None and day.weekday() in schedule.weekdays:
        await uow.deliveries.skip_run(profile.id, warmup(slot_on(schedule, day)), now)


class RunOutcome(StrEnum):
    """What came of adding a one-off run (:func:`add_run`)."""

    ADDED = "added"  # planned, with its warm-up
    BACK = "back"  # the day's weekly run at that very time, back on
    NO_SCHEDULE = "no_schedule"  # one-off runs go on top of a weekly schedule
    PROBLEM = "problem"  # a time that cannot be planned; nothing changed
    ALREADY = "already"  # a run at that time that day already
    ASK = "ask"  # the day has a run already: replace it or add a second run?


@dataclass(frozen=True, slots=True)
class RunAnswer:
    """The outcome, the reply (HTML, in the current language) and whether the unit of
    work holds a change to commit."""

    outcome: RunOutcome
    message: str
    changed: bool = False


def read_run(text: str, profile: RunnerProfile, now: datetime) -> RunAt:
    """The run in the words after /run ("sat 09:00", "in 2 hours"), read in the
    runner's zone and language; raises :class:`RunError`."""
    local_now = now.astimezone(ZoneInfo(profile.timezone))
    language = current()
    return run_in(text, local_now, language=language) or parse_run(
        text, local_now.date(), local_now.time(), language=language
    )


async def add_run(
    uow: UnitOfWork, profile: RunnerProfile, run: RunAt, now: datetime, choice: str | None = None
) -> RunAnswer:
    """Check the run, then ask (a day with a run already) or add it and re-plan, in
    ``uow`` (not committed); ``choice`` answers that question: "r" replace that day's
    run, "a" add a second run. Shared by /run, plain sentences and the Mini App."""
    if profile.schedule is None:
        return RunAnswer(RunOutcome.NO_SCHEDULE, _(NEEDS_SCHEDULE))
    try:
        check_run(run, profile.timezone, profile.lead_minutes, now)
    except RunError as error:
        return RunAnswer(RunOutcome.PROBLEM, problem_reply(error))
    weekly_reply = await _weekly_run_again(uow, profile, run, now)
    if weekly_reply is not None:
        return RunAnswer(RunOutcome.BACK, weekly_reply, changed=True)
    planned = await _runs_on(uow, profile, run.local_date, now)
    if run.local_time in planned:
        already = _(
            "You already have a run on {when} — its warm-up is on the way. Nothing to add."
        ).format(when=_when(run))
        return RunAnswer(RunOutcome.ALREADY, already)
    if planned and choice is None:
        at = ", ".join(f"{start:%H:%M}" for start in sorted(planned))
        # TRANSLATORS: {day} is e.g. "Fri 04 Dec"; {times} one or more start times
        # ("07:00, 18:00"); {time} the new run's start time.
        question = _(
            "You already have a run on {day} (at {times}). Should the run at {time} "
            "replace it, or be a second run that day with its own warm-up?"
        ).format(
            day=format_date(run.local_date, "EEE dd MMM"), times=at, time=f"{run.local_time:%H:%M}"
        )
        return RunAnswer(RunOutcome.ASK, question)
    if choice == "r":
        await _replace_day(uow, profile, run.local_date, now)
    await uow.one_off_runs.add(profile.id, run.local_date, run.local_time, RunSource.CHAT, now=now)
    await uow.deliveries.reschedule(profile.id, now)
    line = await planned_warmup_line(uow, profile)
    added = f"{run_line(run, profile.lead_minutes, profile.timezone)}.\n{line}"
    return RunAnswer(RunOutcome.ADDED, added, changed=True)


async def _add(
    context: CoachContext, message: Message, run: RunAt, *, choice: str | None = None
) -> None:
    """Add the run for the sender (:func:`add_run`) and answer in the chat, with the
    replace-or-add question's buttons when it asks."""
    turn = context.turn
    profile = await turn.runner()
    if profile is None:
        return
    answer = await add_run(await turn.uow(), profile, run, context.services.clock(), choice)
    if answer.changed:
        await turn.commit()
    markup = _ask_markup(run) if answer.outcome is RunOutcome.ASK else None
    await message.reply_html(answer.message, reply_markup=markup)


async def run_command(update: Update, context: CoachContext) -> None:
    message = update.effective_message
    if message is None:
        return
    text = " ".join(context.args or [])
    profile = await context.turn.runner()
    if profile is None:
        return
    if not text:
        await message.reply_html(_(RUN_USAGE))
        return
    try:
        run = read_run(text, profile, context.services.clock())
    except RunError as error:
        await message.reply_html(problem_reply(error))
        return
    await _add(context, message, run)


class _PlainRun(filters.MessageFilter):
    """A whole message that plainly announces a run with a day and a time."""

    def filter(self, message: Message) -> bool:
        if message.text is None:
            return False
        language = current()  # set for the update before any handler is checked
        return (
            plain_run(message.text, date(2026, 1, 5), language=language) is not None
            or plain_run_in(message.text, datetime(2026, 1, 5, tzinfo=UTC), language=language)
            is not None
        )


async def plain_run_message(update: Update, context: CoachContext) -> None:
    message = update.effective_message
    if message is None or message.text is None:
        return
    profile = await context.turn.runner()
    if profile is None:
        return
    now = context.services.clock().astimezone(ZoneInfo(profile.timezone))
    language = current()
    run = plain_run_in(message.text, now, language=language) or plain_run(
        message.text, now.date(), now.time(), language=language
    )
    if run is not None:
        await _add(context, message, run)
    raise ApplicationHandlerStop


_ASK = re.compile(
    rf"^{re.escape(ASK_PREFIX)}(?:(?P<choice>[ra]):(?P<day>\d{{8}}):(?P<at>\d{{4}})|n)$"
)


async def on_ask(update: Update, context: CoachContext) -> None:
    query = update.callback_query
    if query is None or query.data is None or not isinstance(query.message, Message):
        return
    match = _ASK.match(query.data)
    await query.answer()
    await query.edit_message_reply_markup(None)
    if match is None or match.group("day") is None:
        await query.message.reply_html(_("Fine — your plan stays as it was."))
        return
    digits = match.group("day")
    try:
        day = date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
        at = time(int(match.group("at")[:2]), int(match.group("at")[2:]))
    except ValueError:
        return
    await _add(context, query.message, RunAt(day, at), choice=match.group("choice"))


# ---------------------------------------------------------------------- /settings, /skip
async def upcoming_runs(uow: UnitOfWork, profile: RunnerProfile, now: datetime) -> list[OneOffRun]:
    """The runner's one-off runs not started yet, soonest first (/settings, the Mini App)."""
    zone = ZoneInfo(profile.timezone)
    return [
        run
        for run in await uow.one_off_runs.upcoming(profile.id, profile.local_date(now))
        if local_instant(run.local_date, run.local_time, zone) > now
    ]


async def one_off_runs_view(
    uow: UnitOfWork, profile: RunnerProfile, now: datetime
) -> tuple[str, InlineKeyboardMarkup | None]:
    """The upcoming one-off runs for /settings, and a ❌ button to cancel each."""
    runs = (await upcoming_runs(uow, profile, now))[:SETTINGS_LIMIT]
    if not runs:
        return "", None
    lines = ["", _("<b>One-off runs</b> (❌ cancels one):")]
    lines += [f"• {_when(run)}" for run in runs]
    buttons = [
        [InlineKeyboardButton(f"❌ {_when(run)}", callback_data=f"{CANCEL_PREFIX}{run.id}")]
        for run in runs
    ]
    return "\n".join(lines), InlineKeyboardMarkup(buttons)


def _when(run: RunAt | OneOffRun) -> str:
    """'Fri 04 Dec at 18:30'."""
    # TRANSLATORS: a run's date and start, e.g. "Fri 04 Dec at 18:30" (24-hour HH:MM).
    return _("{day} at {time}").format(
        day=format_date(run.local_date, "EEE dd MMM"), time=f"{run.local_time:%H:%M}"
    )


async def cancel_run(
    uow: UnitOfWork, profile: RunnerProfile, run_id: int, now: datetime
) -> str | None:
    """Cancel the runner's one-off run ``run_id`` and re-plan (not committed): the
    reply, None when that run is not theirs or no longer planned."""
    run = await uow.one_off_runs.get(profile.id, run_id)
    if run is None or not await uow.one_off_runs.cancel(profile.id, run.id):
        return None
    await uow.deliveries.reschedule(profile.id, now)
    line = await planned_warmup_line(uow, profile)
    cancelled = _("Cancelled your run on {when}.").format(when=_when(run))
    return f"{cancelled}\n{line}"


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
    reply = await cancel_run(await turn.uow(), profile, int(run_id), context.services.clock())
    if reply is None:
        await query.message.reply_html(_(RUN_GONE))
        return
    await turn.commit()
    await query.message.reply_html(reply)


async def drop_skipped_run(uow: UnitOfWork, profile: RunnerProfile, skipped: Delivery) -> None:
    """/skip of a one-off run's warm-up: the run goes from the list too (so does a
    one-off at the skipped weekly run's very start: that is the same run)."""
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
