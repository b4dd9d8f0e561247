"""/progress and /history: the left-vs-right chart of one exercise, and the recent log.

/progress offers the runner's per-leg exercises as buttons (or takes a name:
``/progress humps``) and sends the chart as a photo with a one-line summary. With
fewer than two sessions of both legs it says what it still needs instead of drawing
an empty chart. /history lists the last sessions and reports, times in the runner's
own zone. Everything is read for the runner who sent the update, never from an id
in the button.
"""

from __future__ import annotations

import asyncio
import logging
from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, InputFile, Update
from telegram.ext import CallbackQueryHandler, CommandHandler

from handlers.context import CoachApplication, CoachContext
from handlers.pain_check_view import check_text
from handlers.rendering import escape
from handlers.session_view import sets_text
from handlers.wording import leg_name
from library.adaptation import SymmetryLevel
from library.exercises import Exercise, ExerciseCatalog
from library.profiles import RunnerProfile
from library.progress import (
    MIN_CHART_SESSIONS,
    LegPoint,
    ProgressSummary,
    Trend,
    leg_series,
    summarize,
)
from library.training import ExerciseResult, StoredReport, TrainingSession

PROGRESS_PREFIX = "pg:"  # pg: (the menu) | pg:<exercise id>
HISTORY_SESSIONS = 10
HISTORY_REPORTS = 40
HISTORY_MAX_CHARS = 3800  # under Telegram's 4,096, with room for the footer

_LOGGER = logging.getLogger(__name__)

NO_DATA = (
    "No left/right reps logged yet, so there's nothing to chart. After a warm-up, tell me "
    "your reps, e.g. “humps left 8 right 10”: two sessions make a chart."
)


# ---------------------------------------------------------------------- rendering
def progress_menu(
    catalog: ExerciseCatalog, history: Sequence[ExerciseResult]
) -> InlineKeyboardMarkup | None:
    """A button per per-leg exercise the runner has logged, with its session count."""
    rows = []
    for exercise in catalog:
        if not exercise.per_leg:
            continue
        sessions = len(leg_series(history, exercise.id))
        if sessions:
            rows.append(
                [
                    InlineKeyboardButton(
                        f"{exercise.name} · {sessions}",
                        callback_data=f"{PROGRESS_PREFIX}{exercise.id}",
                    )
                ]
            )
    return InlineKeyboardMarkup(rows) if rows else None


def summary_caption(exercise: Exercise, summary: ProgressSummary) -> str:
    """One line under the chart: sessions, symmetry from first to latest, what it means."""
    if summary.trend is Trend.CLOSING:
        meaning = "the gap is closing"
    elif summary.trend is Trend.WIDENING:
        meaning = "the gap is widening"
    else:
        meaning = "holding steady"
    weaker = f", {leg_name(summary.weaker).lower()} weaker" if summary.weaker is not None else ""
    line = (
        f"{exercise.name}: {summary.sessions} sessions, symmetry "
        f"{summary.first_lsi:.0f}% → {summary.latest_lsi:.0f}% ({meaning}{weaker})."
    )
    if summary.flag is SymmetryLevel.PHYSIO:
        line += " Under 80%: worth a physio's look."
    elif summary.flag is None:
        line += " At 90%+ ✓"
    return line


def too_little_text(exercise: Exercise, points: Sequence[LegPoint]) -> str:
    have = len(points)
    short = min(exercise.aliases, key=len, default=exercise.name)
    return (
        f"I need at least {MIN_CHART_SESSIONS} sessions of <b>{escape(exercise.name)}</b> with "
        f"reps for both legs to draw your progress; so far you have {have}. Log it after "
        f"your next warm-up, e.g. “{escape(short)} left 8 right 10”."
    )


def _local(moment: datetime | None, zone: ZoneInfo) -> datetime | None:
    return None if moment is None else moment.astimezone(zone)


def history_text(
    catalog: ExerciseCatalog,
    profile: RunnerProfile,
    sessions: Sequence[TrainingSession],
    reports: Sequence[StoredReport],
) -> str:
    """Newest first, grouped by local day: each session with its reports, then reports
    made outside a session. Cut (oldest first) to fit one message."""
    zone = ZoneInfo(profile.timezone)
    by_session: dict[int, list[StoredReport]] = defaultdict(list)
    loose: list[StoredReport] = []
    shown_sessions = {session.id for session in sessions}
    for report in reports:
        if report.session_id in shown_sessions:
            by_session[report.session_id].append(report)
        else:
            loose.append(report)
    entries: list[tuple[datetime, list[str]]] = []
    for session in sessions:
        when = _local(session.created_at, zone)
        if when is None:
            continue
        kind = "Warm-up" if session.kind == "warmup" else "Strength session"
        lines = [f"{when:%H:%M} {kind} · {session.status.value}{_pain_check_part(session)}"]
        lines += [
            f"    {_report_line(catalog, r)}" for r in reversed(by_session.get(session.id, []))
        ]
        entries.append((when, lines))
    for report in loose:
        when = _local(report.created_at, zone)
        if when is not None:
            entries.append((when, [f"{when:%H:%M} {_report_line(catalog, report)}"]))
    if not entries:
        return (
            "Nothing logged yet. Send /warmup before a run, then tell me your reps, "
            "e.g. “humps left 8 right 10”."
        )
    entries.sort(key=lambda entry: entry[0], reverse=True)
    out = [f"<b>Your recent training</b> (times in {escape(profile.timezone)})"]
    size = len(out[0])
    day = None
    for when, lines in entries:
        block = ([f"\n<b>{when:%a %d %b}</b>"] if when.date() != day else []) + lines
        block_size = sum(len(line) + 1 for line in block)
        if size + block_size > HISTORY_MAX_CHARS:
            out.append("\n…older entries are in /export.")
            break
        out += block
        size += block_size
        day = when.date()
    out.append("\n/progress draws a chart · /export downloads everything")
    return "\n".join(out)


def _pain_check_part(session: TrainingSession) -> str:
    """' · mild pain, left' for a session whose pre-run pain check was answered."""
    if session.pain_check is None:
        return ""
    return f" · {escape(check_text(session.pain_check, session.pain_leg))}"


def _report_line(catalog: ExerciseCatalog, report: StoredReport) -> str:
    exercise = catalog.find(report.exercise_id)
    name = exercise.name if exercise is not None else report.exercise_id
    pain = " ⚠ pain" if report.pain else ""
    return f"{escape(name)}: {escape(sets_text(report.sets))}{pain}"


# ---------------------------------------------------------------------- handlers
async def _history_of(context: CoachContext) -> tuple[RunnerProfile, list[ExerciseResult]] | None:
    turn = context.turn
    profile = await turn.runner()
    if profile is None:
        return None
    history = await (await turn.uow()).training.history(profile.id)
    await turn.commit()
    return profile, history


async def _send_chart(
    update: Update, context: CoachContext, exercise: Exercise, history: Sequence[ExerciseResult]
) -> None:
    chat = update.effective_chat
    if chat is None:
        return
    if not exercise.per_leg:
        await context.bot.send_message(
            chat.id,
            f"<b>{escape(exercise.name)}</b> is done on both feet at once, so there's no left "
            "and right to compare. /progress lists the ones that have.",
            parse_mode="HTML",
        )
        return
    points = leg_series(history, exercise.id)
    summary = summarize(points)
    if summary is None:
        await context.bot.send_message(
            chat.id, too_little_text(exercise, points), parse_mode="HTML"
        )
        return
    from handlers.charts import progress_chart  # matplotlib loads on the first chart only

    png = await asyncio.to_thread(progress_chart, points, exercise.name)
    await context.bot.send_photo(
        chat.id,
        photo=InputFile(png, filename=f"progress-{exercise.id}.png"),
        caption=summary_caption(exercise, summary),
    )


async def progress_command(update: Update, context: CoachContext) -> None:
    message = update.effective_message
    if message is None:
        return
    services = context.services
    found = await _history_of(context)
    if found is None:
        return
    _, history = found
    name = " ".join(context.args or []).strip()
    if name:
        matches = services.matcher.lookup(name)
        if len(matches) == 1:
            await _send_chart(update, context, matches[0], history)
            return
        prefix = f"I'm not sure which exercise “{escape(name[:60])}” is. "
    else:
        prefix = ""
    menu = progress_menu(services.catalog, history)
    if menu is None:
        await message.reply_html(prefix + NO_DATA)
        return
    await message.reply_html(
        prefix + "Which exercise? (the number is how many sessions you've logged)",
        reply_markup=menu,
    )


async def on_progress_button(update: Update, context: CoachContext) -> None:
    query = update.callback_query
    if query is None or query.data is None:
        return
    services = context.services
    exercise_id = query.data.removeprefix(PROGRESS_PREFIX)
    exercise = services.catalog.find(exercise_id) if exercise_id else None
    if exercise_id and exercise is None:
        await query.answer("That button doesn't work any more — send /progress.")
        return
    await query.answer()
    found = await _history_of(context)
    if found is None or update.effective_chat is None:
        return
    _, history = found
    if exercise is not None:
        await _send_chart(update, context, exercise, history)
        return
    menu = progress_menu(services.catalog, history)
    await context.bot.send_message(
        update.effective_chat.id,
        "Which exercise?" if menu is not None else NO_DATA,
        reply_markup=menu,
    )


async def history_command(update: Update, context: CoachContext) -> None:
    message = update.effective_message
    if message is None:
        return
    services = context.services
    turn = context.turn
    profile = await turn.runner()
    if profile is None:
        return
    uow = await turn.uow()
    sessions = await uow.training.recent_sessions(profile.id, HISTORY_SESSIONS)
    reports = await uow.training.recent_reports(profile.id, HISTORY_REPORTS)
    await turn.commit()
    await message.reply_html(history_text(services.catalog, profile, sessions, reports))


def register(application: CoachApplication) -> None:
    application.add_handler(CommandHandler("progress", progress_command))
    application.add_handler(CommandHandler("history", history_command))
    application.add_handler(CallbackQueryHandler(on_progress_button, pattern=f"^{PROGRESS_PREFIX}"))
