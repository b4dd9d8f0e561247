"""The runner's own data: /export sends it all as files, /delete erases it after a button.

/export sends the whole log as CSV, one row per set (local date and time, exercise id
and name, leg, set number, reps, pain, the session's pre-run pain check and its leg),
and the settings with the pain checks as JSON. /delete asks first;
the confirmation button deletes every row about the runner who pressed it (settings,
schedule, one-off runs, sessions, reports, deliveries), this process forgets their
chat state, and the services' erase hooks remove what the wiring keeps about them
outside the database (such as saved files), so the next message meets them as a new
runner. The button carries no user id, only when it was offered: it always acts on
whoever pressed it, and expires.
"""

from __future__ import annotations

import csv
import io
import json
import logging
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, InputFile, Message, Update
from telegram.constants import ParseMode
from telegram.ext import CallbackQueryHandler, CommandHandler

from handlers.context import CoachApplication, CoachContext
from handlers.i18n import _, local, ngettext
from library.deliveries import SUMMARY_TIME
from library.exercises import ExerciseCatalog
from library.one_off_runs import OneOffRun
from library.pain_check import SessionCheck
from library.profiles import RunnerProfile
from library.schedule import WEEKDAY_NAMES
from library.training import PER_LEG, Leg, StoredReport

DELETE_PREFIX = "del:"  # del:yes:<unix time offered> | del:no
CONFIRMATION_VALID = timedelta(minutes=10)
CSV_COLUMNS = (
    "local_date",
    "local_time",
    "exercise_id",
    "exercise_name",
    "leg",
    "set_number",
    "reps",
    "pain",
    "pain_check",  # the pre-run pain check of the report's session: none, mild or sharp
    "pain_leg",
)

_LOGGER = logging.getLogger(__name__)


# ---------------------------------------------------------------------- the files
def log_csv(
    catalog: ExerciseCatalog,
    zone: str,
    reports: Sequence[StoredReport],
    checks: Sequence[SessionCheck] = (),
) -> str:
    """One row per set, oldest first; date and time are the report's, in ``zone``; the
    pre-run pain check is its session's (``checks``), empty when not answered."""
    tz = ZoneInfo(zone)
    by_session = {check.session_id: check for check in checks}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for report in reports:
        exercise = catalog.find(report.exercise_id)
        name = local(exercise).name if exercise is not None else report.exercise_id
        when = report.created_at.astimezone(tz) if report.created_at is not None else None
        check = by_session.get(report.session_id) if report.session_id is not None else None
        pain_check = (
            (check.check.value, check.leg.value if check.leg else "") if check else ("", "")
        )
        for leg in (*PER_LEG, Leg.BOTH):
            for number, reps in enumerate(report.sets.get(leg, ()), 1):
                writer.writerow(
                    (
                        when.date().isoformat() if when else report.day.isoformat(),
                        f"{when:%H:%M}" if when else "",
                        report.exercise_id,
                        name,
                        leg.value,
                        number,
                        reps,
                        "yes" if report.pain else "no",
                        *pain_check,
                    )
                )
    return out.getvalue()


def settings_json(
    profile: RunnerProfile,
    checks: Sequence[SessionCheck] = (),
    one_off_runs: Sequence[OneOffRun] = (),
) -> str:
    """The runner's settings, as they are stored, their pre-run pain checks (kept
    here too, as a session with a sharp one usually has no reports in the log) and
    their one-off runs."""
    times = {day: profile.run_times[day] for day in sorted(profile.run_times)}
    data = {
        "name": profile.name,
        "telegram_user_id": profile.telegram_user_id,
        "timezone": profile.timezone,
        "run_days": [WEEKDAY_NAMES[d] for d in sorted(profile.run_days)],
        # One time for all days (kept for readers of the earlier form), and each day's.
        "run_time": f"{min(common):%H:%M}" if len(common := set(times.values())) == 1 else None,
        "run_times": {WEEKDAY_NAMES[d]: f"{at:%H:%M}" for d, at in times.items()},
        "warmup_lead_minutes": profile.lead_minutes,
        "warmups_paused": None if profile.paused is None else profile.paused.value,
        "weekly_summary_day": (
            None if profile.summary_day is None else WEEKDAY_NAMES[profile.summary_day]
        ),
        "weekly_summary_time": SUMMARY_TIME.strftime("%H:%M"),
        "registered_at": profile.created_at.isoformat(),
        "pre_run_pain_checks": [_check_json(check, profile.timezone) for check in checks],
        "one_off_runs": [
            {
                "local_date": run.local_date.isoformat(),
                "local_time": run.local_time.strftime("%H:%M"),
                "source": run.source.value,
            }
            for run in one_off_runs
        ],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _check_json(check: SessionCheck, zone: str) -> dict[str, str | None]:
    when = check.created_at.astimezone(ZoneInfo(zone)) if check.created_at else None
    return {
        "local_date": when.date().isoformat() if when else check.day.isoformat(),
        "local_time": f"{when:%H:%M}" if when else None,
        "answer": check.check.value,
        "leg": check.leg.value if check.leg else None,
    }


# ---------------------------------------------------------------------- /export
async def export_command(update: Update, context: CoachContext) -> None:
    message = update.effective_message
    if message is None:
        return
    services = context.services
    turn = context.turn
    profile = await turn.runner()
    if profile is None:
        return
    uow = await turn.uow()
    reports = await uow.training.all_reports(profile.id)
    checks = await uow.training.pain_checks(profile.id)
    one_off_runs = await uow.one_off_runs.upcoming(profile.id, date.min)
    await turn.commit()
    today = profile.local_date(services.clock()).isoformat()
    sets = sum(len(reps) for report in reports for reps in report.sets.values())
    # TRANSLATORS: {sets} is "1 set" or "12 sets"; the plural goes with the reports.
    caption = ngettext(
        "Your log: {sets} from {count} report, one row per set (times in {zone}).",
        "Your log: {sets} from {count} reports, one row per set (times in {zone}).",
        len(reports),
    ).format(
        sets=ngettext("{count} set", "{count} sets", sets).format(count=sets),
        count=len(reports),
        zone=profile.timezone,
    )
    await message.reply_document(
        InputFile(
            log_csv(services.catalog, profile.timezone, reports, checks).encode(),
            filename=f"coach-log-{today}.csv",
        ),
        caption=caption,
    )
    await message.reply_document(
        InputFile(
            settings_json(profile, checks, one_off_runs).encode(),
            filename=f"coach-settings-{today}.json",
        ),
        caption=_("Your settings and pre-run pain checks. /delete erases all of it."),
    )


# ---------------------------------------------------------------------- /delete
async def delete_command(update: Update, context: CoachContext) -> None:
    message = update.effective_message
    if message is None:
        return
    offered = int(context.services.clock().timestamp())
    await message.reply_html(
        _("<b>Delete everything I know about you?</b>")
        + "\n"
        + _(
            "Your settings, run schedule, sessions, every report and the planned warm-ups "
            "go, for good. /export first if you want a copy."
        ),
        reply_markup=InlineKeyboardMarkup(
            [
                [
                    InlineKeyboardButton(
                        _("🗑 Yes, delete everything"),
                        callback_data=f"{DELETE_PREFIX}yes:{offered}",
                    )
                ],
                [InlineKeyboardButton(_("Keep my data"), callback_data=f"{DELETE_PREFIX}no")],
            ]
        ),
    )


def _offered_at(data: str) -> datetime | None:
    stamp = data.removeprefix(f"{DELETE_PREFIX}yes:")
    if not stamp.isdigit():
        return None
    try:
        return datetime.fromtimestamp(int(stamp), tz=UTC)
    except (OverflowError, OSError, ValueError):
        return None


async def on_delete_button(update: Update, context: CoachContext) -> None:
    query = update.callback_query
    user = update.effective_user
    if query is None or query.data is None or user is None:
        return
    services = context.services
    if isinstance(query.message, Message):
        await query.edit_message_reply_markup(reply_markup=None)
    if query.data == f"{DELETE_PREFIX}no":
        await query.answer(_("Kept."))
        await context.bot.send_message(user.id, _("Nothing deleted — your data stays."))
        return
    offered = _offered_at(query.data)
    now = services.clock()
    if offered is None or not timedelta(0) <= now - offered <= CONFIRMATION_VALID:
        await query.answer(
            _("That confirmation has expired — send /delete again."), show_alert=True
        )
        return
    turn = context.turn
    profile = await turn.known_runner()
    rows = 0 if profile is None else await (await turn.uow()).users.erase(profile.id)
    turn.remember(None)
    await turn.commit()
    context.application.drop_user_data(user.id)
    if update.effective_chat is not None:
        context.application.drop_chat_data(update.effective_chat.id)
    _LOGGER.info("runner erased their data user=%s rows=%s", user.id, rows)
    for hook in services.erase_hooks:
        try:
            await hook(user.id)
        except Exception:
            # The rows are gone already: the runner still gets their confirmation.
            _LOGGER.exception("an erase hook failed user=%s", user.id)
    await query.answer(_("Deleted."))
    chat_id = update.effective_chat.id if update.effective_chat is not None else user.id
    await context.bot.send_message(
        chat_id,
        _(
            "Done: everything about you is deleted. If you ever want to start again, send "
            "/start and I'll meet you as a new runner."
        ),
        parse_mode=ParseMode.HTML,
    )


def register(application: CoachApplication) -> None:
    application.add_handler(CommandHandler("export", export_command))
    application.add_handler(CommandHandler("delete", delete_command))
    application.add_handler(CallbackQueryHandler(on_delete_button, pattern=f"^{DELETE_PREFIX}"))
