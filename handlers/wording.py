"""The words for the core's codes: legs, exercise kinds, doses, days, what changes next
session, symmetry notes and schedule input problems. ``library/`` returns data and codes
only; every sentence a runner reads about them is written here, in one place (the place
a translation will take over)."""

from __future__ import annotations

from library.adaptation import Change, ChangeKind, SymmetryLevel, SymmetryNote
from library.exercises import Dose, ExerciseKind
from library.schedule import MAX_LEAD_MINUTES, MIN_LEAD_MINUTES, WEEKDAY_NAMES
from library.schedule_text import ScheduleError, ScheduleProblem
from library.training import Leg

UNTIL_FORM_FALTERS = "until form falters"
_LEG_NAMES = {Leg.LEFT: "Left", Leg.RIGHT: "Right", Leg.BOTH: "Both"}
_KIND_NAMES = {ExerciseKind.WARMUP: "Warm-up", ExerciseKind.STRENGTH: "Strength"}


def leg_name(leg: Leg) -> str:
    """'Left', 'Right' or 'Both' (lower-case it inside a sentence)."""
    return _LEG_NAMES[leg]


def kind_name(kind: ExerciseKind) -> str:
    return _KIND_NAMES[kind]


def reps_text(dose: Dose) -> str:
    """'8–10 reps', '6 reps' or 'as many reps as you can do cleanly'."""
    if dose.rep_range is None:
        return "as many reps as you can do cleanly"
    low, high = dose.rep_range
    return f"{low} reps" if low == high else f"{low}–{high} reps"


def dose_text(dose: Dose) -> str:
    """One line: sets, reps, per leg and tempo, e.g. '3 sets × 15 reps each leg · slow'."""
    sets = "1 set" if dose.sets == 1 else f"{dose.sets} sets"
    leg = " each leg" if dose.reps_per_leg else ""
    if dose.until_form_falters:
        return f"{sets}{leg}, {reps_text(dose)} · {dose.tempo}"
    return f"{sets} × {reps_text(dose)}{leg} · {dose.tempo}"


def days_text(days: frozenset[int]) -> str:
    """'every day', 'weekdays' or 'Mon Wed Fri'."""
    if days == frozenset(range(7)):
        return "every day"
    if days == frozenset(range(5)):
        return "weekdays"
    return " ".join(WEEKDAY_NAMES[d].capitalize() for d in sorted(days)) or "no days"


def target_text(reps: int | None) -> str:
    return UNTIL_FORM_FALTERS if reps is None else str(reps)


def symmetry_text(note: SymmetryNote) -> str:
    leg = leg_name(note.weaker).lower()
    if note.level is SymmetryLevel.PHYSIO:
        return (
            f"Your {leg} leg is at {note.lsi:.0f}% of the other. "
            "That's a big gap: worth having a physio take a look."
        )
    return (
        f"Your {leg} leg has stayed under 90% of the other "
        f"({note.lsi:.0f}%): it gets an extra set until it catches up."
    )


def change_lines(changes: list[Change]) -> list[str]:
    """The lines under a confirmed report: what the next session changes, and why."""
    lines: list[str] = []
    for change in changes:
        lines += _change_lines(change)
    return lines


_FIXED_CHANGES = {
    ChangeKind.PAIN_HOLD: (
        "You mentioned pain, so I'm holding your targets where they are.",
        "Rest it; if it hasn't settled in a few days, see a physio or doctor.",
    ),
    ChangeKind.HARDER_VERSION: (
        "Both legs hit the top of the range twice: next time try the harder version.",
    ),
    ChangeKind.BASELINE: (
        "Your first session with both legs: that's your baseline. "
        "From the next one on I compare your legs.",
    ),
}
_TARGET_CHANGES = {
    ChangeKind.TARGET_UP: "Target reached: next time {target} reps.",
    ChangeKind.STEP_BACK: "Next time {target} reps, a small step back to build up again.",
    ChangeKind.BENCHMARK_SET: "Your benchmark is set: next time the cap is {target} reps.",
    ChangeKind.SAME_TARGET: "Same target next time: {target}.",
}


def _change_lines(change: Change) -> list[str]:
    if change.kind in _FIXED_CHANGES:
        return list(_FIXED_CHANGES[change.kind])
    if change.kind in _TARGET_CHANGES:
        return [_TARGET_CHANGES[change.kind].format(target=target_text(change.reps))]
    if change.kind is ChangeKind.SYMMETRY:
        return [] if change.symmetry is None else [symmetry_text(change.symmetry)]
    return _weaker_first_lines(change)


def _weaker_first_lines(change: Change) -> list[str]:
    if change.leg is None:
        return []
    weak, strong = leg_name(change.leg), leg_name(change.leg.other).lower()
    if change.capped is None:
        return [
            f"{weak} is the weaker leg, so it goes first next time and {strong} "
            f"does no more than {weak.lower()} manages."
        ]
    return [
        f"{weak} is the weaker leg, so it goes first next time and {strong} "
        f"matches it, up to {change.capped}."
    ]


_DAY_EXAMPLES = "“mon wed fri”, “weekdays” or “daily”"
_SCHEDULE_PROBLEMS = {
    ScheduleProblem.NO_DAYS: f"Which days? e.g. {_DAY_EXAMPLES}.",
    ScheduleProblem.UNKNOWN_DAY: "I don't know the day “{value}”. Use e.g. " + _DAY_EXAMPLES + ".",
    ScheduleProblem.BAD_TIME: "What time? Use 24-hour HH:MM like “07:00”, or “7am”.",
    ScheduleProblem.AM_PM_HOUR: "With am/pm the hour goes from 1 to 12, e.g. “6:30am”.",
    ScheduleProblem.NO_SUCH_TIME: "That time doesn't exist — use HH:MM from 00:00 to 23:59.",
    ScheduleProblem.LEAD_RANGE: (
        f"Give the minutes before your run, from {MIN_LEAD_MINUTES} to {MAX_LEAD_MINUTES}, "
        "e.g. “15”."
    ),
    ScheduleProblem.UNKNOWN_ZONE_NAME: (
        "I don't know the time zone “{value}”. Use a name like “Europe/London” "
        "or “America/New_York”."
    ),
    ScheduleProblem.NO_ZONE: (
        "Which time zone? Type your city (“London”) or a zone name (“Europe/London”), "
        "or share your location."
    ),
    ScheduleProblem.OFFSET_RANGE: "UTC offsets go from UTC-12 to UTC+14, e.g. “UTC+2”.",
    ScheduleProblem.ZONE_NOT_FOUND: (
        "I couldn't find a time zone for “{value}”. Type the nearest big city "
        "(“Berlin”), a zone name (“Europe/Berlin”), or share your location."
    ),
}


def schedule_problem_text(error: ScheduleError) -> str:
    """What to tell a runner whose days, time, zone or lead could not be read (plain
    text: escape it for HTML)."""
    return _SCHEDULE_PROBLEMS[error.problem].format(value=error.value)
