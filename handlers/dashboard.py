"""The Mini App's answers (docs/webapp.md): the dashboard, report deletion and the exports,
read for one validated Telegram user and worded in their language.

``bot/webapp.py`` does the HTTP and proves who is asking; it opens the unit of work and
calls these with the validated user. Everything here is scoped by that user: a runner's
rows are found through their Telegram id, never through an id the page sends (report
ids are checked to be theirs). A Telegram user the bot does not know is not registered
(a read never writes): they get empty data and the texts in their app's language.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from handlers.i18n import N_, _, format_date, local, ngettext, speaking
from handlers.language import NATIVE_NAMES
from handlers.pain_check_view import check_text
from handlers.privacy import log_csv, settings_json
from handlers.progress import NO_DATA, _status_name, summary_caption
from handlers.runs import KEEP_PLAN, upcoming_runs
from handlers.schedule_view import day_name
from handlers.session_view import sets_text
from handlers.wording import leg_name, weekday_abbr
from library.exercises import Exercise, ExerciseCatalog
from library.init_data import WebAppUser
from library.languages import Language, language_for
from library.profiles import RunnerProfile
from library.progress import leg_series, summarize
from library.training import (
    ExerciseResult,
    Leg,
    StoredReport,
    TrainingSession,
    merge_by_session,
    merge_runs,
)
from storage import UnitOfWork

HISTORY_DAYS = 30
HISTORY_SESSIONS = 90  # more than a month of sessions, two a day
HISTORY_REPORTS = 600  # a guided warm-up stores about 20
MAX_DELETE_IDS = 100
Json = dict[str, object]

# Every label the page shows (docs/webapp.md lists the keys); legs, no_data and the
# session kinds come from the chat's own texts.
_LABELS = {
    "title": N_("Your training"),
    "progress": N_("Progress"),
    "history": N_("History"),
    "plan": N_("Plan"),
    "export": N_("Export"),
    "symmetry": N_("Symmetry"),
    # TRANSLATORS: the dashed line on the chart: legs within 10% of each other.
    "symmetry_mark": N_("90% symmetry"),
    # TRANSLATORS: the chart's axis: repetitions per set, averaged over the session's sets.
    "reps": N_("Reps per set"),
    "pain_day": N_("Pain that day"),
    "summary_none": N_("A trend needs two sessions with both legs."),
    # TRANSLATORS: a button next to a report in the history.
    "delete": N_("Delete"),
    "delete_confirm": N_("Delete this report? It can't be brought back."),
    "deleted": N_("Report deleted."),
    "delete_failed": N_("That report is already gone."),
    "no_history": N_("Nothing logged in the last 30 days."),
    "week_runs": N_("Runs each week"),
    "no_week_runs": N_("No weekly runs set yet."),
    "one_off_runs": N_("One-off runs"),
    "no_one_off_runs": N_("No one-off runs coming up."),
    # TRANSLATORS: a label; its value reads "15 minutes before the run".
    "lead": N_("Warm-up arrives"),
    "timezone": N_("Time zone"),
    "summary_day": N_("Weekly summary"),
    # TRANSLATORS: the weekly summary is switched off.
    "summary_off": N_("Off"),
    "language": N_("Language"),
    "paused": N_("Warm-ups paused"),
    "active": N_("Warm-ups on"),
    "export_csv": N_("Training log (CSV)"),
    "export_json": N_("Settings (JSON)"),
    "history_note": N_("The last 30 days. The export holds everything."),
    # TRANSLATORS: a button under a field of the plan that stores what was typed.
    "save": N_("Save"),
    # TRANSLATORS: the hint in the lead's field: the runner types a number, e.g. 20.
    "lead_input": N_("Minutes before the run"),
    # TRANSLATORS: the hint in the time zone's field, e.g. Berlin or Europe/Berlin.
    "timezone_input": N_("City or time zone"),
    # TRANSLATORS: the hint in the weekly runs' field: days with times, e.g. "Tue Thu 06:30".
    "week_input": N_("Days and times, e.g. Tue Thu 06:30"),
    # TRANSLATORS: the hint in the one-off run's field, read as /run reads it.
    "run_input": N_("Day and time, e.g. sat 09:00 or tomorrow 7am"),
    # TRANSLATORS: a button that adds the one-off run typed beside it.
    "add_run": N_("Add run"),
    # TRANSLATORS: a button beside a one-off run in the plan.
    "cancel_run": N_("Cancel run"),
    "keep_plan": KEEP_PLAN,
    "pause_button": N_("Pause warm-ups"),
    "resume_button": N_("Resume warm-ups"),
    "loading": N_("Loading…"),
    "error": N_("Couldn't load your data. Close this page and open it again from the chat."),
}
UNKNOWN_RUNNER = N_(
    "Nothing here yet: send /start to the bot to set up your runs, "
    "then log your reps after a warm-up."
)


@dataclass(frozen=True, slots=True)
class Deletion:
    """What came of deleting reports: ``found`` False when any of them is not the
    runner's (then none was deleted); the message in the runner's language."""

    found: bool
    message: str


@dataclass(frozen=True, slots=True)
class Export:
    """A file of the runner's data: its name, media type and text."""

    filename: str
    content_type: str
    text: str


def texts(known: bool) -> dict[str, str]:
    """Every label of the page in the current language."""
    words = {key: _(message) for key, message in _LABELS.items()}
    words["left"] = leg_name(Leg.LEFT)
    words["right"] = leg_name(Leg.RIGHT)
    words["both"] = leg_name(Leg.BOTH)
    words["no_data"] = _(NO_DATA) if known else _(UNKNOWN_RUNNER)
    for day in range(7):  # the summary day's choices: day_0 = Monday … day_6 = Sunday
        words[f"day_{day}"] = day_name(day)
    for language, name in NATIVE_NAMES.items():  # the language's choices, as each writes it
        words[f"language_{language.value}"] = name
    return words


def language_of(profile: RunnerProfile | None, user: WebAppUser) -> Language:
    """The runner's own language, else their Telegram app's (when the bot speaks it)."""
    return profile.language if profile is not None else language_for(user.language_code)


# ---------------------------------------------------------------------- the dashboard
async def dashboard(
    uow: UnitOfWork, catalog: ExerciseCatalog, user: WebAppUser, now: datetime
) -> Json:
    """The whole screen for ``user`` (docs/webapp.md, ``GET /api/dashboard``)."""
    profile = await uow.users.get(user.id)
    language = language_of(profile, user)
    with speaking(language):
        if profile is None:
            return {
                "language": language.value,
                "known": False,
                "texts": texts(known=False),
                "runner": None,
                "plan": {"week": [], "one_off": []},
                "exercises": [],
                "history": [],
            }
        history = await uow.training.history(profile.id)
        sessions = await uow.training.recent_sessions(profile.id, HISTORY_SESSIONS)
        reports = await uow.training.recent_reports(profile.id, HISTORY_REPORTS)
        runs = await upcoming_runs(uow, profile, now)  # as /settings lists them
        since = now - timedelta(days=HISTORY_DAYS)
        return {
            "language": language.value,
            "known": True,
            "texts": texts(known=True),
            "runner": runner_json(profile, user),
            "plan": {
                "week": [
                    {"day": day, "day_name": weekday_abbr(day), "time": f"{at:%H:%M}"}
                    for day, at in sorted(profile.run_times.items())
                ],
                "one_off": [
                    {
                        "id": run.id,
                        "when": f"{format_date(run.local_date, 'EEE dd MMM')}, "
                        f"{run.local_time:%H:%M}",
                    }
                    for run in runs
                ],
            },
            "exercises": exercises_json(catalog, history),
            "history": history_json(catalog, profile, sessions, reports, since),
        }


def runner_json(profile: RunnerProfile, user: WebAppUser) -> Json:
    lead = profile.lead_minutes
    return {
        "first_name": profile.name or user.first_name,
        "timezone": profile.timezone,
        "lead_minutes": lead,
        "lead": ngettext(
            "{count} minute before the run", "{count} minutes before the run", lead
        ).format(count=lead),
        "summary_day": None if profile.summary_day is None else weekday_abbr(profile.summary_day),
        "summary_day_name": None if profile.summary_day is None else day_name(profile.summary_day),
        "language": profile.language.value,
        "language_name": NATIVE_NAMES[profile.language],
        "paused": profile.paused is not None,
    }


def _session_key(session_id: int | None, day: date) -> object:
    return session_id if session_id is not None else day


def exercises_json(catalog: ExerciseCatalog, history: Sequence[ExerciseResult]) -> list[Json]:
    """Each exercise the runner has logged, in the catalogue's order, session by session."""
    logged = {result.exercise_id for result in history}
    out: list[Json] = []
    for exercise in catalog:
        if exercise.id in logged:
            out.append(
                _exercise_json(exercise, [r for r in history if r.exercise_id == exercise.id])
            )
    return out


def _exercise_json(exercise: Exercise, results: Sequence[ExerciseResult]) -> Json:
    merged = merge_by_session(results)
    pain = {_session_key(m.session_id, m.day): m.pain for m in merged}
    sessions: list[Json] = []
    summary: str | None = None
    if exercise.per_leg:
        points = leg_series(results, exercise.id)
        sessions = [
            {
                "day": point.day.isoformat(),
                "label": format_date(point.day, "dd MMM"),
                "left": point.left,
                "right": point.right,
                "both": None,
                "lsi": point.lsi,
                "pain": pain.get(_session_key(point.session_id, point.day), False),
            }
            for point in points
        ]
        found = summarize(points)
        summary = None if found is None else summary_caption(exercise, found)
    else:
        sessions = [
            {
                "day": result.day.isoformat(),
                "label": format_date(result.day, "dd MMM"),
                "left": None,
                "right": None,
                "both": round(result.mean(Leg.BOTH), 2),
                "lsi": None,
                "pain": result.pain,
            }
            for result in merged
            if result.reps(Leg.BOTH)
        ]
    return {
        "id": exercise.id,
        "name": local(exercise).name,
        "per_leg": exercise.per_leg,
        "sessions": sessions,
        "summary": summary,
    }


def _runs(reports: Sequence[StoredReport]) -> Iterator[list[StoredReport]]:
    """Reports in order, an exercise's reports in a row together (as /history joins them)."""
    run: list[StoredReport] = []
    for report in reports:
        if run and (run[-1].exercise_id, run[-1].session_id) != (
            report.exercise_id,
            report.session_id,
        ):
            yield run
            run = []
        run.append(report)
    if run:
        yield run


def _report_lines(catalog: ExerciseCatalog, oldest_first: Sequence[StoredReport]) -> list[Json]:
    lines: list[Json] = []
    for run in _runs(oldest_first):
        merged = merge_runs(run)[0]
        exercise = catalog.find(merged.exercise_id)
        lines.append(
            {
                "id": run[0].id,
                "ids": [report.id for report in run],
                "exercise": local(exercise).name if exercise is not None else merged.exercise_id,
                "sets": sets_text(merged.sets),
                "pain": merged.pain,
            }
        )
    return lines


def _when(moment: datetime, zone: ZoneInfo) -> str:
    here = moment.astimezone(zone)
    return f"{format_date(here, 'EEE dd MMM')}, {here:%H:%M}"


def history_json(
    catalog: ExerciseCatalog,
    profile: RunnerProfile,
    sessions: Sequence[TrainingSession],
    reports: Sequence[StoredReport],
    since: datetime,
) -> list[Json]:
    """Sessions of the last days with their reports, then reports made outside a session,
    newest first, as /history lists them."""
    zone = ZoneInfo(profile.timezone)
    shown = [s for s in sessions if s.created_at is not None and s.created_at >= since]
    shown_ids = {session.id for session in shown}
    by_session: dict[int, list[StoredReport]] = {}
    loose: list[StoredReport] = []
    for report in reversed(reports):  # oldest first
        if report.created_at is None or report.created_at < since:
            continue
        if report.session_id is not None and report.session_id in shown_ids:
            by_session.setdefault(report.session_id, []).append(report)
        else:
            loose.append(report)
    entries: list[tuple[datetime, Json]] = []
    for session in shown:
        assert session.created_at is not None
        entries.append(
            (
                session.created_at,
                {
                    "when": _when(session.created_at, zone),
                    "kind": _("Warm-up") if session.kind == "warmup" else _("Strength session"),
                    "status": session.status.value,
                    "status_text": _status_name(session.status),
                    "pain_check": None
                    if session.pain_check is None
                    else check_text(session.pain_check, session.pain_leg),
                    "reports": _report_lines(catalog, by_session.get(session.id, [])),
                },
            )
        )
    for run in _runs(loose):
        first = run[0]
        assert first.created_at is not None
        entries.append(
            (
                first.created_at,
                {
                    "when": _when(first.created_at, zone),
                    "kind": None,
                    "status": None,
                    "status_text": None,
                    "pain_check": None,
                    "reports": _report_lines(catalog, run),
                },
            )
        )
    entries.sort(key=lambda entry: entry[0], reverse=True)
    return [entry for _moment, entry in entries]


# ---------------------------------------------------------------------- deleting
async def delete_reports(uow: UnitOfWork, user: WebAppUser, report_ids: Sequence[int]) -> Deletion:
    """Delete the runner's reports ``report_ids`` and commit; none at all when any of
    them is not the runner's."""
    profile = await uow.users.get(user.id)
    with speaking(language_of(profile, user)):
        wanted = sorted(set(report_ids))
        if profile is None or not wanted:
            return Deletion(False, _(_LABELS["delete_failed"]))
        for report_id in wanted:
            if not await uow.training.delete_report(profile.id, report_id):
                # Leaving without commit rolls back what this request deleted so far.
                return Deletion(False, _(_LABELS["delete_failed"]))
        await uow.commit()
        count = len(wanted)
        if count == 1:
            return Deletion(True, _(_LABELS["deleted"]))
        return Deletion(
            True,
            ngettext("{count} report deleted.", "{count} reports deleted.", count).format(
                count=count
            ),
        )


# ---------------------------------------------------------------------- exports
async def export_log(
    uow: UnitOfWork, catalog: ExerciseCatalog, user: WebAppUser, now: datetime
) -> Export:
    """/export's CSV of the runner's whole log (its header only for someone unknown)."""
    profile = await uow.users.get(user.id)
    with speaking(language_of(profile, user)):
        if profile is None:
            return Export(
                f"coach-log-{now.date().isoformat()}.csv", "text/csv", log_csv(catalog, "UTC", [])
            )
        reports = await uow.training.all_reports(profile.id)
        checks = await uow.training.pain_checks(profile.id)
        today = profile.local_date(now).isoformat()
        return Export(
            f"coach-log-{today}.csv",
            "text/csv",
            log_csv(catalog, profile.timezone, reports, checks),
        )


async def export_settings(uow: UnitOfWork, user: WebAppUser, now: datetime) -> Export:
    """/export's JSON of the runner's settings (``{}`` for someone unknown)."""
    profile = await uow.users.get(user.id)
    if profile is None:
        return Export(f"coach-settings-{now.date().isoformat()}.json", "application/json", "{}\n")
    checks = await uow.training.pain_checks(profile.id)
    runs = await uow.one_off_runs.upcoming(profile.id, date.min)
    today = profile.local_date(now).isoformat()
    return Export(
        f"coach-settings-{today}.json", "application/json", settings_json(profile, checks, runs)
    )
