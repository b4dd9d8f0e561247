"""Changing a runner's plan, shared by the chat commands and the Mini App (docs/webapp.md,
``POST /api/plan/{field}``): one home for each rule and each reply.

:func:`apply_settings` stores setting changes and re-plans the runner's messages in the
caller's unit of work; /schedule, /lead and /timezone (handlers/schedule.py), /summary
(handlers/summaries.py), /language (handlers/language.py: its cores stay there) and the
dashboard's forms read the value with the same parser and answer with the same text. A
bad value gets the chat's problem and example and changes nothing. The page's week
replaces the planned days (its field holds the whole week): /schedule's Replace.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, time
from typing import Unpack

from handlers.dashboard import UNKNOWN_RUNNER
from handlers.i18n import N_, _, current, ngettext, speaking
from handlers.language import changed_text, refusal_text, store_language
from handlers.rendering import escape
from handlers.runs import (
    ADD_SECOND_RUN,
    REPLACE_RUN,
    RUN_GONE,
    RUN_USAGE,
    RunOutcome,
    add_run,
    cancel_run,
    problem_reply,
    read_run,
)
from handlers.schedule_view import (
    LEAD_USAGE,
    SCHEDULE_USAGE,
    TIMEZONE_USAGE,
    planned_warmup_line,
    week_text,
    weekly_summary_line,
    zone_label,
)
from handlers.wording import schedule_problem_text
from library.answers import turns_off
from library.deliveries import SUMMARY_TIME
from library.init_data import WebAppUser
from library.languages import language_for, parse_language
from library.profiles import PauseReason, RunnerProfile
from library.run_text import RunError
from library.schedule_text import (
    ScheduleError,
    ScheduleProblem,
    WeekAnswer,
    find_timezone,
    parse_days,
    parse_lead,
    parse_week,
)
from storage import UnitOfWork
from storage.repositories import SettingsChange

# The plan's fields the dashboard can change (the last part of POST /api/plan/{field}):
# "run" adds a one-off run, "pause" and "resume" need no value.
FIELDS = ("lead", "timezone", "summary", "language", "week", "run", "pause", "resume")
# The answers to "replace that day's run or add a second one?" the page may send with a
# run, as /run's buttons' codes.
RUN_CHOICES = {"replace": "r", "add": "a"}
PAUSED = N_("Paused — no warm-ups until you send /resume. Your history and targets stay.")
SUMMARY_USAGE = N_(
    "Pick the day, e.g. <code>/summary sun</code>, or turn it off with <code>/summary off</code>."
)


@dataclass(frozen=True, slots=True)
class PlanEdit:
    """What came of a change: ``ok`` False for a bad value (nothing changed, ``message``
    the chat's problem and example) or an unknown runner; ``message`` is the chat's reply
    (HTML, in the runner's language)."""

    ok: bool
    message: str
    known: bool = True
    runner: RunnerProfile | None = None  # the runner as changed (ok only)
    # A question instead of a change: the answers the page offers, (choice, label).
    choices: tuple[tuple[str, str], ...] = ()


async def apply_settings(
    uow: UnitOfWork, now: datetime, profile: RunnerProfile, **changes: Unpack[SettingsChange]
) -> tuple[RunnerProfile, str] | None:
    """Store setting changes for ``profile`` and re-plan their messages (not committed);
    the runner as changed and their next-warm-up line, None when they are gone."""
    updated = await uow.users.update_settings(profile.id, **changes)
    if updated is None:
        return None
    await uow.deliveries.reschedule(updated.id, now)
    line = await planned_warmup_line(uow, updated)
    return updated, line


# ---------------------------------------------------------------------- the replies
def usage_problem(error: ScheduleError, usage: str) -> str:
    """A bad value's answer: what is wrong, then the example (``usage`` untranslated)."""
    return f"{escape(schedule_problem_text(error))}\n{_(usage)}"


def lead_reply(minutes: int, line: str) -> str:
    lead = ngettext(
        "Warm-ups now come <b>{count} min</b> before your run.",
        "Warm-ups now come <b>{count} min</b> before your run.",
        minutes,
    ).format(count=minutes)
    return f"{lead}\n{line}"


def resume_reply(line: str) -> str:
    return _("Warm-ups are back on.") + f"\n{line}"


def summary_day_of(text: str) -> int | None:
    """The weekly summary's day in /summary's words (0 = Monday), None for "off"; a
    ValueError unless it is one day or off."""
    if turns_off(text, current()):
        return None
    try:
        days = parse_days(text, language=current())
    except ScheduleError as error:
        raise ValueError(text) from error
    if len(days) != 1:
        raise ValueError(text)
    (day,) = days
    return day


def summary_refusal() -> str:
    return _("One day of the week, please.") + " " + _(SUMMARY_USAGE)


def summary_reply(day: int | None) -> str:
    if day is None:
        return _("Weekly summaries are off. <code>/summary sun</code> brings them back.")
    return _summary_day_text(day).format(time=f"{SUMMARY_TIME:%H:%M}")


def _summary_day_text(day: int) -> str:
    """The reply that sets the summary's day (fill in {time}): one sentence per weekday,
    as languages word "on Mondays" each their own way."""
    return (
        _("Your weekly summary comes on <b>Mondays at {time}</b>, your time."),
        _("Your weekly summary comes on <b>Tuesdays at {time}</b>, your time."),
        _("Your weekly summary comes on <b>Wednesdays at {time}</b>, your time."),
        _("Your weekly summary comes on <b>Thursdays at {time}</b>, your time."),
        _("Your weekly summary comes on <b>Fridays at {time}</b>, your time."),
        _("Your weekly summary comes on <b>Saturdays at {time}</b>, your time."),
        _("Your weekly summary comes on <b>Sundays at {time}</b>, your time."),
    )[day]


def wanted_times(answer: WeekAnswer, profile: RunnerProfile) -> dict[int, time] | ScheduleError:
    """The days and times a /schedule asks for: as written, or a time alone for every
    planned day; a problem when days have no time or a time has no days."""
    if answer.times:
        return dict(answer.times)
    if answer.at is not None and profile.run_days:
        return dict.fromkeys(profile.run_days, answer.at)
    if answer.at is not None:
        return ScheduleError(ScheduleProblem.NO_DAYS)
    return ScheduleError(ScheduleProblem.BAD_TIME)


def week_reply(times: Mapping[int, time], line: str) -> str:
    runs = _("Runs: <b>{week}</b>.").format(week=escape(week_text(times)))
    return f"{runs}\n{line}"


def zone_reply(zone: str, now: datetime, line: str) -> str:
    zone_set = _("Time zone set to {zone}.").format(zone=escape(zone_label(zone, now)))
    return f"{zone_set}\n{line}"


# ---------------------------------------------------------------------- the Mini App
async def edit_plan(
    uow: UnitOfWork,
    user: WebAppUser,
    field: str,
    value: str,
    now: datetime,
    choice: str | None = None,
) -> PlanEdit:
    """Change ``field`` of ``user``'s plan to ``value`` (what they would type after the
    chat command) and commit, or change nothing and say why; worded in their language.
    ``choice`` ("replace" or "add") answers the question a run on a day with a run asks."""
    profile = await uow.users.get(user.id)
    if profile is None:
        return _unknown(user)
    with speaking(profile.language):
        text = " ".join(value.split())
        if field == "lead":
            return await _lead(uow, profile, text, now)
        if field == "summary":
            return await _summary(uow, profile, text, now)
        if field == "language":
            return await _language(uow, profile, text)
        if field == "week":
            return await _week(uow, profile, text, now)
        if field == "run":
            return await _run(uow, profile, text, now, RUN_CHOICES.get(choice or ""))
        if field in ("pause", "resume"):
            return await _pause(uow, profile, now, paused=field == "pause")
        return await _timezone(uow, profile, text, now)


def _unknown(user: WebAppUser) -> PlanEdit:
    """A Telegram user the bot does not know: told to /start, in their app's language."""
    with speaking(language_for(user.language_code)):
        return PlanEdit(False, _(UNKNOWN_RUNNER), known=False)


async def cancel_one_off(uow: UnitOfWork, user: WebAppUser, run_id: int, now: datetime) -> PlanEdit:
    """Cancel ``user``'s one-off run ``run_id`` as /settings' ❌ does, and commit; not
    theirs or not planned any more: nothing changes (ok False)."""
    profile = await uow.users.get(user.id)
    if profile is None:
        return _unknown(user)
    with speaking(profile.language):
        reply = await cancel_run(uow, profile, run_id, now)
        if reply is None:
            return PlanEdit(False, _(RUN_GONE))
        await uow.commit()
        return PlanEdit(True, reply, runner=profile)


async def _run(
    uow: UnitOfWork, profile: RunnerProfile, text: str, now: datetime, choice: str | None
) -> PlanEdit:
    """A one-off run as /run reads it; a day with a run already asks first (the page
    sends the answer back as ``choice``)."""
    if not text:
        return PlanEdit(False, _(RUN_USAGE))
    try:
        run = read_run(text, profile, now)
    except RunError as error:
        return PlanEdit(False, problem_reply(error))
    answer = await add_run(uow, profile, run, now, choice)
    if answer.changed:
        await uow.commit()
    if answer.outcome is RunOutcome.ASK:
        choices = (("replace", _(REPLACE_RUN)), ("add", _(ADD_SECOND_RUN)))
        return PlanEdit(False, answer.message, choices=choices)
    return PlanEdit(answer.changed, answer.message, runner=profile if answer.changed else None)


async def _pause(
    uow: UnitOfWork, profile: RunnerProfile, now: datetime, *, paused: bool
) -> PlanEdit:
    """/pause or /resume."""
    reason = PauseReason.USER if paused else None
    result = await apply_settings(uow, now, profile, paused=reason)
    if result is None:
        return PlanEdit(False, _(UNKNOWN_RUNNER), known=False)
    await uow.commit()
    return PlanEdit(True, _(PAUSED) if paused else resume_reply(result[1]), runner=result[0])


async def _lead(uow: UnitOfWork, profile: RunnerProfile, text: str, now: datetime) -> PlanEdit:
    if not text:
        return PlanEdit(False, _(LEAD_USAGE))
    try:
        minutes = parse_lead(text, language=current())
    except ScheduleError as error:
        return PlanEdit(False, usage_problem(error, LEAD_USAGE))
    result = await apply_settings(uow, now, profile, lead_minutes=minutes)
    if result is None:
        return PlanEdit(False, _(LEAD_USAGE))
    await uow.commit()
    return PlanEdit(True, lead_reply(minutes, result[1]), runner=result[0])


async def _timezone(uow: UnitOfWork, profile: RunnerProfile, text: str, now: datetime) -> PlanEdit:
    if not text:
        return PlanEdit(False, _(TIMEZONE_USAGE))
    try:
        zone = find_timezone(text)
    except ScheduleError as error:
        return PlanEdit(False, usage_problem(error, TIMEZONE_USAGE))
    result = await apply_settings(uow, now, profile, timezone=zone)
    if result is None:
        return PlanEdit(False, _(TIMEZONE_USAGE))
    await uow.commit()
    return PlanEdit(True, zone_reply(zone, now, result[1]), runner=result[0])


async def _summary(uow: UnitOfWork, profile: RunnerProfile, text: str, now: datetime) -> PlanEdit:
    if not text:
        return PlanEdit(False, f"{weekly_summary_line(profile)}.\n{_(SUMMARY_USAGE)}")
    try:
        day = summary_day_of(text)
    except ValueError:
        return PlanEdit(False, summary_refusal())
    result = await apply_settings(uow, now, profile, summary_day=day)
    if result is None:
        return PlanEdit(False, summary_refusal())
    await uow.commit()
    return PlanEdit(True, summary_reply(day), runner=result[0])


async def _language(uow: UnitOfWork, profile: RunnerProfile, text: str) -> PlanEdit:
    chosen = parse_language(text) if text else None
    if chosen is None:
        return PlanEdit(False, refusal_text(text))
    updated = await store_language(uow, profile, chosen)
    if updated is None:
        return PlanEdit(False, refusal_text(text))
    await uow.commit()
    with speaking(chosen):  # the confirmation is worded in the new language
        return PlanEdit(True, changed_text(), runner=updated)


async def _week(uow: UnitOfWork, profile: RunnerProfile, text: str, now: datetime) -> PlanEdit:
    """The page's field holds the whole week, so what it sends replaces the planned days
    (the chat's add-or-replace question answered "Replace")."""
    if not text:
        return PlanEdit(False, _(SCHEDULE_USAGE))
    try:
        wanted = wanted_times(parse_week(text, language=current()), profile)
    except ScheduleError as error:
        wanted = error
    if isinstance(wanted, ScheduleError):
        return PlanEdit(False, usage_problem(wanted, SCHEDULE_USAGE))
    result = await apply_settings(uow, now, profile, run_times=wanted, onboarding=None)
    if result is None:
        return PlanEdit(False, _(SCHEDULE_USAGE))
    await uow.commit()
    return PlanEdit(True, week_reply(wanted, result[1]), runner=result[0])
