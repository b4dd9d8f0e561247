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

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, InputFile, Update, WebAppInfo
from telegram.ext import CallbackQueryHandler, CommandHandler

from handlers.context import CoachApplication, CoachContext
from handlers.i18n import N_, _, format_date, format_number, local, ngettext, pgettext
from handlers.pain_check_view import check_text
from handlers.rendering import escape
from handlers.session_view import sets_text
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
from library.training import (
    ExerciseResult,
    Leg,
    SessionStatus,
    StoredReport,
    TrainingSession,
    merge_runs,
)

PROGRESS_PREFIX = "pg:"  # pg: (the menu) | pg:<exercise id>
HISTORY_SESSIONS = 10
HISTORY_REPORTS = 120  # a guided warm-up stores about 20 (one per set and leg)
HISTORY_MAX_CHARS = 3800  # under Telegram's 4,096, with room for the footer

_LOGGER = logging.getLogger(__name__)


# TRANSLATORS: a button under /progress's answer that opens the dashboard page.
OPEN_DASHBOARD = N_("📊 Open dashboard")
NO_DATA = N_(
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
                        f"{local(exercise).name} · {sessions}",
                        callback_data=f"{PROGRESS_PREFIX}{exercise.id}",
                    )
                ]
            )
    return InlineKeyboardMarkup(rows) if rows else None


def summary_caption(exercise: Exercise, summary: ProgressSummary) -> str:
    """One line under the chart: sessions, symmetry from first to latest, what it means."""
    if summary.trend is Trend.CLOSING:
        meaning = _("the gap is closing")
    elif summary.trend is Trend.WIDENING:
        meaning = _("the gap is widening")
    else:
        meaning = _("holding steady")
    if summary.weaker is Leg.LEFT:
        # TRANSLATORS: {trend} is "the gap is closing", "the gap is widening" or "holding steady".
        meaning = _("{trend}, left weaker").format(trend=meaning)
    elif summary.weaker is Leg.RIGHT:
        # TRANSLATORS: as above, the right leg being the weaker one.
        meaning = _("{trend}, right weaker").format(trend=meaning)
    line = ngettext(
        "{name}: {count} session, symmetry {first}% → {latest}% ({meaning}).",
        "{name}: {count} sessions, symmetry {first}% → {latest}% ({meaning}).",
        summary.sessions,
    ).format(
        name=local(exercise).name,
        count=summary.sessions,
        first=format_number(summary.first_lsi),
        latest=format_number(summary.latest_lsi),
        meaning=meaning,
    )
    if summary.flag is SymmetryLevel.PHYSIO:
        line += " " + _("Under 80%: worth a physio's look.")
    elif summary.flag is None:
        line += " " + _("At 90%+ ✓")
    return line


def too_little_text(exercise: Exercise, points: Sequence[LegPoint]) -> str:
    worded = local(exercise)
    short = min(worded.aliases, key=len, default=worded.name)
    # TRANSLATORS: {needed} counts the sessions needed (the plural goes with it); {count}
    # is how many there are so far; the example at the end is a rep report.
    text = ngettext(
        "I need at least {needed} session of <b>{name}</b> with reps for both legs to draw "
        "your progress; so far you have {count}. Log it after your next warm-up, e.g. "
        "“{short} left 8 right 10”.",
        "I need at least {needed} sessions of <b>{name}</b> with reps for both legs to draw "
        "your progress; so far you have {count}. Log it after your next warm-up, e.g. "
        "“{short} left 8 right 10”.",
        MIN_CHART_SESSIONS,
    )
    return text.format(
        needed=MIN_CHART_SESSIONS, name=escape(worded.name), count=len(points), short=escape(short)
    )


def _local(moment: datetime | None, zone: ZoneInfo) -> datetime | None:
    return None if moment is None else moment.astimezone(zone)


def history_text(
    catalog: ExerciseCatalog,
    profile: RunnerProfile,
    sessions: Sequence[TrainingSession],
    reports: Sequence[StoredReport],
) -> str:
    """Newest first, grouped by local day: each session with its reports (an exercise's
    reports in a row as one line: a guided session stores each set), then reports made
    outside a session. Cut (oldest first) to fit one message."""
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
        kind = _("Warm-up") if session.kind == "warmup" else _("Strength session")
        status = _status_name(session.status)
        lines = [f"{when:%H:%M} {kind} · {status}{_pain_check_part(session)}"]
        ordered = merge_runs(reversed(by_session.get(session.id, [])))
        lines += [f"    {_report_line(catalog, r)}" for r in ordered]
        entries.append((when, lines))
    for report in loose:
        when = _local(report.created_at, zone)
        if when is not None:
            entries.append((when, [f"{when:%H:%M} {_report_line(catalog, report)}"]))
    if not entries:
        return _(
            "Nothing logged yet. Send /warmup before a run, then tell me your reps, "
            "e.g. “humps left 8 right 10”."
        )
    entries.sort(key=lambda entry: entry[0], reverse=True)
    out = [_("<b>Your recent training</b> (times in {zone})").format(zone=escape(profile.timezone))]
    size = len(out[0])
    day = None
    for when, lines in entries:
        heading = f"\n<b>{format_date(when, 'EEE dd MMM')}</b>"
        block = ([heading] if when.date() != day else []) + lines
        block_size = sum(len(line) + 1 for line in block)
        if size + block_size > HISTORY_MAX_CHARS:
            out.append("\n" + _("…older entries are in /export."))
            break
        out += block
        size += block_size
        day = when.date()
    out.append("\n" + _("/progress draws a chart · /export downloads everything"))
    return "\n".join(out)


def _status_name(status: SessionStatus) -> str:
    """Where a session in /history stands, after its time and kind."""
    if status is SessionStatus.OPEN:
        return pgettext("where a warm-up or session stands", "open")
    if status is SessionStatus.DONE:
        return pgettext("where a warm-up or session stands", "done")
    return pgettext("where a warm-up or session stands", "skipped")


def _pain_check_part(session: TrainingSession) -> str:
    """' · mild pain, left' for a session whose pre-run pain check was answered."""
    if session.pain_check is None:
        return ""
    return f" · {escape(check_text(session.pain_check, session.pain_leg))}"


def _report_line(catalog: ExerciseCatalog, report: StoredReport) -> str:
    exercise = catalog.find(report.exercise_id)
    name = local(exercise).name if exercise is not None else report.exercise_id
    # TRANSLATORS: after a report in /history that mentioned pain.
    pain = " " + _("⚠ pain") if report.pain else ""
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
            _(
                "<b>{name}</b> is done on both feet at once, so there's no left "
                "and right to compare. /progress lists the ones that have."
            ).format(name=escape(local(exercise).name)),
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

    # to_thread copies the context, so the chart is worded in the runner's language too.
    png = await asyncio.to_thread(progress_chart, points, local(exercise).name)
    await context.bot.send_photo(
        chat.id,
        photo=InputFile(png, filename=f"progress-{exercise.id}.png"),
        caption=summary_caption(exercise, summary),
    )


def with_dashboard(
    menu: InlineKeyboardMarkup | None, webapp_url: str | None
) -> InlineKeyboardMarkup | None:
    """``menu`` with a last row that opens the Mini App, when it is served (WEBAPP_URL)."""
    if webapp_url is None:
        return menu
    rows = [list(row) for row in menu.inline_keyboard] if menu is not None else []
    rows.append([InlineKeyboardButton(_(OPEN_DASHBOARD), web_app=WebAppInfo(webapp_url))])
    return InlineKeyboardMarkup(rows)


async def progress_command(update: Update, context: CoachContext) -> None:
    message = update.effective_message
    if message is None:
        return
    services = context.services
    found = await _history_of(context)
    if found is None:
        return
    history = found[1]
    name = " ".join(context.args or []).strip()
    if name:
        matches = services.matcher.lookup(name)
        if len(matches) == 1:
            await _send_chart(update, context, matches[0], history)
            return
        prefix = _("I'm not sure which exercise “{name}” is.").format(name=escape(name[:60])) + " "
    else:
        prefix = ""
    menu = progress_menu(services.catalog, history)
    if menu is None:
        await message.reply_html(
            prefix + _(NO_DATA), reply_markup=with_dashboard(None, services.webapp_url)
        )
        return
    await message.reply_html(
        prefix + _("Which exercise? (the number is how many sessions you've logged)"),
        reply_markup=with_dashboard(menu, services.webapp_url),
    )


async def on_progress_button(update: Update, context: CoachContext) -> None:
    query = update.callback_query
    if query is None or query.data is None:
        return
    services = context.services
    exercise_id = query.data.removeprefix(PROGRESS_PREFIX)
    exercise = services.catalog.find(exercise_id) if exercise_id else None
    if exercise_id and exercise is None:
        await query.answer(_("That button doesn't work any more — send /progress."))
        return
    await query.answer()
    found = await _history_of(context)
    if found is None or update.effective_chat is None:
        return
    history = found[1]
    if exercise is not None:
        await _send_chart(update, context, exercise, history)
        return
    menu = progress_menu(services.catalog, history)
    await context.bot.send_message(
        update.effective_chat.id,
        _("Which exercise?") if menu is not None else _(NO_DATA),
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
