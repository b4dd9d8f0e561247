"""The weekly summary: sessions logged and each exercise's symmetry trend, on the runner's
chosen day, with a button to turn it off; /summary picks the day or turns it off.

Summaries are scheduled deliveries like warm-ups (one row per runner and week, claimed
by the scheduler tick), so restarts and Telegram errors neither lose nor double one.
A runner who has logged nothing for four weeks is not written to; their summary is
recorded as quiet and the next week's planned.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.constants import ParseMode
from telegram.ext import CallbackQueryHandler, CommandHandler, ExtBot

from handlers.context import CoachApplication, CoachContext, Services
from handlers.deliveries import SCHEDULED_PRIORITY, guarded_send
from handlers.progress import PROGRESS_PREFIX
from handlers.rendering import escape
from handlers.schedule import change_settings
from handlers.schedule_view import day_name, weekly_summary_line
from handlers.session_view import without_session_actions
from handlers.wording import leg_name, listed
from library.adaptation import LSI_PHYSIO, LSI_WATCH
from library.deliveries import SUMMARY_TIME, Delivery, Finished, Outcome
from library.exercises import ExerciseCatalog
from library.profiles import RunnerProfile
from library.progress import ExerciseWeek, Trend, WeeklySummary, active_recently, weekly_summary
from library.schedule_text import ScheduleError, parse_days

SUMMARY_PREFIX = "sm:"  # sm:off
OFF_WORDS = frozenset({"off", "stop", "no", "none", "never", "disable"})
SUMMARY_USAGE = (
    "Pick the day, e.g. <code>/summary sun</code>, or turn it off with <code>/summary off</code>."
)


# ---------------------------------------------------------------------- rendering
def _exercise_line(catalog: ExerciseCatalog, week: ExerciseWeek) -> str:
    exercise = catalog.find(week.exercise_id)
    name = escape(exercise.name if exercise is not None else week.exercise_id)
    line = f"• {name}: <b>{week.lsi:.0f}%</b>"
    if week.trend is Trend.CLOSING:
        line += f" ↗ up from {week.baseline:.0f}%, the gap is closing"
    elif week.trend is Trend.WIDENING:
        line += f" ↘ down from {week.baseline:.0f}%, the gap is widening"
    elif week.trend is Trend.STEADY:
        line += " → steady"
    else:
        line += " (your first week to compare)"
    if week.weaker is not None and week.lsi < LSI_WATCH:
        line += f"; {leg_name(week.weaker).lower()} weaker"
    return line


def _physio_line(catalog: ExerciseCatalog, weeks: Sequence[ExerciseWeek]) -> str | None:
    """One line for the whole summary, never one per exercise: which exercises are under
    80% this week, and that a physio's look is worth it."""
    low = [week for week in weeks if week.lsi < LSI_PHYSIO]
    if not low:
        return None
    names = [
        escape(exercise.name)
        if (exercise := catalog.find(w.exercise_id))
        else escape(w.exercise_id)
        for w in low
    ]
    return f"Under 80% this week in {listed(names)}: worth having a physio take a look."


def summary_text(catalog: ExerciseCatalog, summary: WeeklySummary) -> str:
    first, last = summary.first_day, summary.last_day
    span = f"{first:%a %d %b} – {last:%a %d %b}"
    lines = [
        f"📊 <b>Your week</b> · {span}",
        f"Sessions logged: <b>{summary.sessions}</b> "
        f"(the week before: {summary.previous_sessions})",
    ]
    if summary.exercises:
        lines += [
            "",
            "<b>Left vs right</b> (weaker leg's reps per set as % of the other; 90%+ is the aim)",
        ]
        lines += [_exercise_line(catalog, week) for week in summary.exercises]
        physio = _physio_line(catalog, summary.exercises)
        if physio is not None:
            lines += ["", physio]
    elif summary.sessions:
        lines += ["", "No left/right reps this week, so no symmetry to compare."]
    else:
        lines += ["", "A quiet week. Your next warm-up comes before your next planned run."]
    return "\n".join(lines)


def summary_keyboard() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton("📈 Progress chart", callback_data=PROGRESS_PREFIX)],
            [
                InlineKeyboardButton(
                    "🔕 Stop weekly summaries", callback_data=f"{SUMMARY_PREFIX}off"
                )
            ],
        ]
    )


# ---------------------------------------------------------------------- delivery
@dataclass(frozen=True, slots=True)
class PreparedSummary:
    """A weekly summary ready to send."""

    delivery: Delivery
    runner: RunnerProfile
    text: str

    async def send(self, bot: ExtBot[int], services: Services) -> Finished | Outcome:
        """Send the summary behind replies to runners (never paid: it has 12 hours)."""
        return await guarded_send(
            services,
            self.delivery,
            self.runner,
            lambda: bot.send_message(
                self.runner.chat_id,
                self.text,
                parse_mode=ParseMode.HTML,
                reply_markup=summary_keyboard(),
                rate_limit_args=SCHEDULED_PRIORITY,
            ),
        )


async def prepare(
    services: Services, claimed: Sequence[tuple[Delivery, RunnerProfile]], now: datetime
) -> tuple[list[PreparedSummary], list[Finished]]:
    """Write the summaries of a triaged batch (histories read in one go); a runner with
    nothing to say for weeks gets no message (quiet)."""
    finished: list[Finished] = []
    due = list(claimed)
    async with services.database.unit_of_work() as uow:
        histories = await uow.training.histories(runner.id for _, runner in due)
    prepared: list[PreparedSummary] = []
    for delivery, runner in due:
        history = histories.get(runner.id, [])
        if not active_recently(history, delivery.local_date):
            finished.append(Finished(delivery, Outcome.QUIET))
            continue
        text = summary_text(services.catalog, weekly_summary(history, delivery.local_date))
        prepared.append(PreparedSummary(delivery, runner, text))
    return prepared, finished


# ---------------------------------------------------------------------- handlers
async def on_summary_button(update: Update, context: CoachContext) -> None:
    """🔕 Stop weekly summaries: turns them off for the runner who pressed it."""
    query = update.callback_query
    if query is None or query.data != f"{SUMMARY_PREFIX}off":
        if query is not None:
            await query.answer("That button doesn't work any more.")
        return
    result = await change_settings(context, summary_day=None)
    if result is None:
        return
    await query.answer("Weekly summaries are off.")
    if isinstance(query.message, Message) and query.message.reply_markup is not None:
        await query.edit_message_reply_markup(
            reply_markup=without_session_actions(query.message.reply_markup, (SUMMARY_PREFIX,))
        )
    if update.effective_chat is not None:
        await context.bot.send_message(
            update.effective_chat.id,
            "Weekly summaries are off. <code>/summary sun</code> (or any day) turns them back on.",
            parse_mode=ParseMode.HTML,
        )


async def summary_command(update: Update, context: CoachContext) -> None:
    message = update.effective_message
    if message is None:
        return
    text = " ".join(context.args or []).strip()
    if not text:
        profile = await context.turn.runner()
        await context.turn.commit()
        if profile is not None:
            await message.reply_html(f"{weekly_summary_line(profile)}.\n{SUMMARY_USAGE}")
        return
    if text.casefold() in OFF_WORDS:
        day: int | None = None
    else:
        try:
            days = parse_days(text)
        except ScheduleError:
            days = frozenset()
        if len(days) != 1:
            await message.reply_html(f"One day of the week, please. {SUMMARY_USAGE}")
            return
        (day,) = days
    result = await change_settings(context, summary_day=day)
    if result is None:
        return
    if day is None:
        await message.reply_html(
            "Weekly summaries are off. <code>/summary sun</code> brings them back."
        )
    else:
        await message.reply_html(
            f"Your weekly summary comes on <b>{day_name(day)}s at {SUMMARY_TIME:%H:%M}</b>, "
            "your time."
        )


def register(application: CoachApplication) -> None:
    application.add_handler(CommandHandler("summary", summary_command))
    application.add_handler(CallbackQueryHandler(on_summary_button, pattern=f"^{SUMMARY_PREFIX}"))
