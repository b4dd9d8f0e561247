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
from handlers.i18n import _, format_date, format_number, local, speaking
from handlers.plan_edit import SUMMARY_USAGE, summary_day_of, summary_refusal, summary_reply
from handlers.progress import PROGRESS_PREFIX
from handlers.rendering import escape
from handlers.schedule import change_settings
from handlers.schedule_view import weekly_summary_line
from handlers.session_view import without_session_actions
from handlers.wording import listed
from library.adaptation import LSI_PHYSIO, LSI_WATCH
from library.deliveries import Delivery, Finished, Outcome
from library.exercises import ExerciseCatalog
from library.profiles import RunnerProfile
from library.progress import ExerciseWeek, Trend, WeeklySummary, active_recently, weekly_summary
from library.training import Leg

SUMMARY_PREFIX = "sm:"  # sm:off


# ---------------------------------------------------------------------- rendering
def _exercise_line(catalog: ExerciseCatalog, week: ExerciseWeek) -> str:
    exercise = catalog.find(week.exercise_id)
    name = escape(local(exercise).name if exercise is not None else week.exercise_id)
    lsi = format_number(week.lsi)
    if week.trend is Trend.CLOSING:
        line = _("• {name}: <b>{lsi}%</b> ↗ up from {baseline}%, the gap is closing")
    elif week.trend is Trend.WIDENING:
        line = _("• {name}: <b>{lsi}%</b> ↘ down from {baseline}%, the gap is widening")
    elif week.trend is Trend.STEADY:
        line = _("• {name}: <b>{lsi}%</b> → steady")
    else:
        line = _("• {name}: <b>{lsi}%</b> (your first week to compare)")
    baseline = format_number(week.baseline) if week.baseline is not None else ""
    line = line.format(name=name, lsi=lsi, baseline=baseline)
    if week.lsi >= LSI_WATCH:
        return line
    if week.weaker is Leg.LEFT:
        # TRANSLATORS: {line} is an exercise's symmetry this week, e.g. "• Hops: 85% → steady".
        line = _("{line}; left weaker").format(line=line)
    elif week.weaker is Leg.RIGHT:
        # TRANSLATORS: as above, the right leg being the weaker one.
        line = _("{line}; right weaker").format(line=line)
    return line


def _physio_line(catalog: ExerciseCatalog, weeks: Sequence[ExerciseWeek]) -> str | None:
    """One line for the whole summary, never one per exercise: which exercises are under
    80% this week, and that a physio's look is worth it."""
    low = [week for week in weeks if week.lsi < LSI_PHYSIO]
    if not low:
        return None
    names = [
        escape(local(exercise).name)
        if (exercise := catalog.find(w.exercise_id))
        else escape(w.exercise_id)
        for w in low
    ]
    return _("Under 80% this week in {exercises}: worth having a physio take a look.").format(
        exercises=listed(names)
    )


def summary_text(catalog: ExerciseCatalog, summary: WeeklySummary) -> str:
    first, last = summary.first_day, summary.last_day
    lines = [
        _("📊 <b>Your week</b> · {first} – {last}").format(
            first=format_date(first, "EEE dd MMM"), last=format_date(last, "EEE dd MMM")
        ),
        _("Sessions logged: <b>{count}</b> (the week before: {previous})").format(
            count=summary.sessions, previous=summary.previous_sessions
        ),
    ]
    if summary.exercises:
        lines += [
            "",
            _(
                "<b>Left vs right</b> (weaker leg's reps per set as % of the other; "
                "90%+ is the aim)"
            ),
        ]
        lines += [_exercise_line(catalog, week) for week in summary.exercises]
        physio = _physio_line(catalog, summary.exercises)
        if physio is not None:
            lines += ["", physio]
    elif summary.sessions:
        lines += ["", _("No left/right reps this week, so no symmetry to compare.")]
    else:
        lines += ["", _("A quiet week. Your next warm-up comes before your next planned run.")]
    return "\n".join(lines)


def summary_keyboard() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(_("📈 Progress chart"), callback_data=PROGRESS_PREFIX)],
            [
                InlineKeyboardButton(
                    _("🔕 Stop weekly summaries"), callback_data=f"{SUMMARY_PREFIX}off"
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
    markup: InlineKeyboardMarkup  # worded with the text, in the runner's language

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
                reply_markup=self.markup,
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
        with speaking(runner.language):
            text = summary_text(services.catalog, weekly_summary(history, delivery.local_date))
            prepared.append(PreparedSummary(delivery, runner, text, summary_keyboard()))
    return prepared, finished


# ---------------------------------------------------------------------- handlers
async def on_summary_button(update: Update, context: CoachContext) -> None:
    """🔕 Stop weekly summaries: turns them off for the runner who pressed it."""
    query = update.callback_query
    if query is None or query.data != f"{SUMMARY_PREFIX}off":
        if query is not None:
            await query.answer(_("That button doesn't work any more."))
        return
    result = await change_settings(context, summary_day=None)
    if result is None:
        return
    await query.answer(_("Weekly summaries are off."))
    if isinstance(query.message, Message) and query.message.reply_markup is not None:
        await query.edit_message_reply_markup(
            reply_markup=without_session_actions(query.message.reply_markup, (SUMMARY_PREFIX,))
        )
    if update.effective_chat is not None:
        await context.bot.send_message(
            update.effective_chat.id,
            _(
                "Weekly summaries are off. <code>/summary sun</code> (or any day) turns them "
                "back on."
            ),
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
            await message.reply_html(f"{weekly_summary_line(profile)}.\n{_(SUMMARY_USAGE)}")
        return
    try:
        day = summary_day_of(text)
    except ValueError:
        await message.reply_html(summary_refusal())
        return
    result = await change_settings(context, summary_day=day)
    if result is None:
        return
    await message.reply_html(summary_reply(day))


def register(application: CoachApplication) -> None:
    application.add_handler(CommandHandler("summary", summary_command))
    application.add_handler(CallbackQueryHandler(on_summary_button, pattern=f"^{SUMMARY_PREFIX}"))
