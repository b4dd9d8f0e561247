"""How a runner's schedule is shown: the settings summary, the next warm-up line, the
set-up questions with their buttons, and the usage hints of the schedule commands."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, time
from zoneinfo import ZoneInfo

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
)

from handlers.i18n import N_, _, format_date, ngettext, pgettext
from handlers.kit_view import kit_line
from handlers.rendering import escape
from handlers.wording import weekday_abbr
from library.deliveries import SUMMARY_TIME
from library.profiles import OnboardingStep, PauseReason, RunnerProfile
from library.schedule import days_mask, time_groups
from storage import UnitOfWork

ONBOARDING_PREFIX = "ob:"  # ob:d:<mask> | ob:t:<HHMM> | ob:l:<minutes> | ob:varies | ob:later

# TRANSLATORS: the examples in <code> are read back by the coach: command names stay,
# day names and times may be written as runners of your language type them.
SCHEDULE_USAGE = N_(
    "Tell me your run days and start time, e.g. <code>/schedule mon wed fri 07:00</code>, "
    "<code>/schedule weekdays 6:30pm</code> or <code>/schedule daily 7am</code> — and for "
    "different times on different days, <code>/schedule tue thu 06:30, sat 08:00</code>."
)
VARIED_TIMES_QUESTION = N_(
    "<b>Which days at which time?</b> Put each time after its days, e.g. "
    "“tue thu 06:30, sat 08:00” or “weekdays 6:30 and sun 9am”."
)
TIMEZONE_USAGE = N_(
    "Tell me your city or time zone, e.g. <code>/timezone London</code> or "
    "<code>/timezone America/New_York</code> — or share your location with the button below."
)
LEAD_USAGE = N_(
    "How many minutes before your run should the warm-up come? e.g. <code>/lead 15</code> "
    "(5 to 120)."
)

# The set-up questions, marked with N_: translate with _(QUESTIONS[step]) where asked.
QUESTIONS = {
    OnboardingStep.DAYS: N_(
        "<b>Which days do you run?</b> Tap one or type them, e.g. “mon wed fri”, "
        "“weekdays” or “daily”."
    ),
    OnboardingStep.TIME: N_(
        "<b>What time do your runs start?</b> e.g. “07:00” or “6:30pm” — your local time. "
        "Different times on different days? e.g. “tue thu 06:30, sat 08:00”."
    ),
    OnboardingStep.ZONE: N_(
        "<b>Which time zone are you in?</b> Type your city (“London”) or a zone name "
        "(“Europe/London”), or tap 📍 to share your location."
    ),
    OnboardingStep.LEAD: N_(
        "<b>How many minutes before the run should the warm-up arrive?</b> 15 works well: "
        "close enough that it still counts when you start. Tap or type 5-120."
    ),
}


def zone_label(zone: str, now: datetime) -> str:
    offset = now.astimezone(ZoneInfo(zone)).strftime("%z")
    return f"{zone} (UTC{offset[:3]}:{offset[3:]})"


def warmup_status_line(profile: RunnerProfile, due: datetime | None, run: datetime | None) -> str:
    if profile.paused is PauseReason.USER:
        return _("Warm-ups are <b>paused</b> — /resume turns them back on.")
    if profile.paused is PauseReason.BLOCKED:
        return _("Warm-ups are paused because the bot was blocked — /resume turns them back on.")
    if profile.schedule is None or due is None or run is None:
        return _("No warm-ups planned yet — set your runs with /schedule.")
    zone = ZoneInfo(profile.timezone)
    due_here = due.astimezone(zone)
    # TRANSLATORS: {day} is a short date such as "Fri 04 Dec"; times are 24-hour HH:MM.
    return _("Next warm-up: <b>{day}, {time}</b> (run at {run_time}).").format(
        day=format_date(due_here, "EEE dd MMM"),
        time=f"{due_here:%H:%M}",
        run_time=f"{run.astimezone(zone):%H:%M}",
    )


def group_days_text(days: frozenset[int]) -> str:
    """'every day', 'weekdays', 'weekends' or 'Tue, Thu'."""
    if days == frozenset(range(7)):
        return _("every day")
    if days == frozenset(range(5)):
        return _("weekdays")
    if days == frozenset({5, 6}):
        return _("weekends")
    return ", ".join(weekday_abbr(d) for d in sorted(days))


def week_text(times: Mapping[int, time]) -> str:
    """The week read back: 'Tue, Thu at 06:30 · Sat at 08:00' (plain text)."""
    # TRANSLATORS: days and their start time, e.g. "Tue, Thu at 06:30" or "weekdays at 07:00".
    at_time = _("{days} at {time}")
    return " · ".join(
        at_time.format(days=group_days_text(days), time=f"{at:%H:%M}")
        for days, at in time_groups(times)
    )


def day_name(weekday: int) -> str:
    """'Monday' … 'Sunday' for 0 … 6, as a day's name on its own."""
    names = (
        pgettext("weekday", "Monday"),
        pgettext("weekday", "Tuesday"),
        pgettext("weekday", "Wednesday"),
        pgettext("weekday", "Thursday"),
        pgettext("weekday", "Friday"),
        pgettext("weekday", "Saturday"),
        pgettext("weekday", "Sunday"),
    )
    return names[weekday]


def _every_weekday(weekday: int) -> str:
    """'Mondays' … 'Sundays': on every such day (as in 'Weekly summary: Mondays at 18:00')."""
    # TRANSLATORS: "on every Monday", as it reads in "Weekly summary: Mondays at 18:00".
    names = (
        pgettext("on every weekday", "Mondays"),
        pgettext("on every weekday", "Tuesdays"),
        pgettext("on every weekday", "Wednesdays"),
        pgettext("on every weekday", "Thursdays"),
        pgettext("on every weekday", "Fridays"),
        pgettext("on every weekday", "Saturdays"),
        pgettext("on every weekday", "Sundays"),
    )
    return names[weekday]


def weekly_summary_line(profile: RunnerProfile) -> str:
    if profile.summary_day is None:
        return _("Weekly summary: off")
    return _("Weekly summary: {days} at {time}").format(
        days=_every_weekday(profile.summary_day), time=f"{SUMMARY_TIME:%H:%M}"
    )


def settings_text(
    profile: RunnerProfile, due: datetime | None, run: datetime | None, now: datetime
) -> str:
    return "\n".join(
        [
            "<b>" + _("Your settings") + "</b>",
            *run_lines(profile),
            _("Time zone: {zone}").format(zone=escape(zone_label(profile.timezone, now))),
            ngettext(
                "Warm-up: {count} min before the run",
                "Warm-up: {count} min before the run",
                profile.lead_minutes,
            ).format(count=profile.lead_minutes),
            weekly_summary_line(profile),
            kit_line(profile.kit),
            "",
            warmup_status_line(profile, due, run),
            "",
            _("Change: /schedule · /timezone · /lead · /summary · /pause · /resume · /skip"),
        ]
    )


def run_lines(profile: RunnerProfile) -> list[str]:
    """'Runs:' and each run day with its start time, one a line."""
    if not profile.run_days:
        return [_("Runs: not set")]
    lines = [_("Runs:")]
    for day in sorted(profile.run_days):
        at = profile.run_times.get(day)
        lines.append(f"  {day_name(day)} {_('no time yet') if at is None else f'{at:%H:%M}'}")
    return lines


def question_markup(step: OnboardingStep) -> InlineKeyboardMarkup | ReplyKeyboardMarkup:
    if step is OnboardingStep.ZONE:
        return location_keyboard()
    if step is OnboardingStep.DAYS:
        choices = [
            (" ".join(weekday_abbr(d) for d in (0, 2, 4)), days_mask({0, 2, 4})),
            (" ".join(weekday_abbr(d) for d in (1, 3, 5)), days_mask({1, 3, 5})),
            (_("Weekdays"), days_mask(range(5))),
            (_("Every day"), days_mask(range(7))),
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
            ],
            [
                InlineKeyboardButton(
                    _("Different times on different days"),
                    callback_data=f"{ONBOARDING_PREFIX}varies",
                )
            ],
        ]
    else:
        rows = [
            [
                InlineKeyboardButton(
                    ngettext("{count} min", "{count} min", m).format(count=m),
                    callback_data=f"{ONBOARDING_PREFIX}l:{m}",
                )
                for m in (10, 15, 20, 30)
            ]
        ]
    rows.append(
        [InlineKeyboardButton(_("Set up later"), callback_data=f"{ONBOARDING_PREFIX}later")]
    )
    return InlineKeyboardMarkup(rows)


def location_keyboard() -> ReplyKeyboardMarkup:
    return ReplyKeyboardMarkup(
        [[KeyboardButton(_("📍 Share my location"), request_location=True)]],
        resize_keyboard=True,
        one_time_keyboard=True,
        # TRANSLATORS: the hint in the empty text field, at most 64 characters.
        input_field_placeholder=_("City or time zone, e.g. London"),
    )


async def planned_run(
    uow: UnitOfWork, profile: RunnerProfile
) -> tuple[datetime | None, datetime | None]:
    """When the runner's next warm-up is due and its run starts, as stored now."""
    pending = await uow.deliveries.next_pending(profile.id)
    if pending is None:
        return None, None
    return pending.next_due_utc, pending.deadline_utc


async def planned_warmup_line(uow: UnitOfWork, profile: RunnerProfile) -> str:
    """'Next warm-up: …' (or why there is none) for the runner as stored now."""
    due, run = await planned_run(uow, profile)
    return warmup_status_line(profile, due, run)
