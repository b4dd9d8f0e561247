"""The words for the core's codes: legs, exercise kinds, doses, days, the reply to a
report and what changed since the last card, symmetry notes and schedule input problems.
``library/`` returns data and codes only; every sentence a runner reads about them is
written here, in one place (the place a translation will take over)."""

from __future__ import annotations

from collections.abc import Sequence

from library.adaptation import Change, ChangeKind, SymmetryLevel, SymmetryNote
from library.exercises import Dose, ExerciseKind
from library.replies import LegOrder, Note, NoteKind, OrderReason, ReplyPlan, SinceKind, SinceLast
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


def reply_lines(plan: ReplyPlan) -> list[str]:
    """The lines under a confirmed report, all worded from one decision: the step, the
    leg order (per-leg exercises only) and at most one note."""
    lines = [_step_line(plan)]
    if plan.order is not None:
        lines.append(_order_line(plan.order))
    if plan.note is not None:
        lines.append(_note_line(plan.note))
    return lines


_STEPS = {
    ChangeKind.TARGET_UP: "Target reached: next time {reps} reps.",
    ChangeKind.STEP_BACK: "Next time {reps} reps, a small step back to build up again.",
    ChangeKind.SAME_TARGET: "Same target next time: {reps} reps.",
}
_HARDER = {
    True: "Both legs reached the top of the range two sessions in a row: next time try the "
    "harder version, from {reps} reps.",
    False: "You reached the top of the range two sessions in a row: next time try the "
    "harder version, from {reps} reps.",
}


def _step_line(plan: ReplyPlan) -> str:
    step, per_leg = plan.step, plan.exercise.per_leg
    if step.kind is ChangeKind.PAIN_HOLD:
        if plan.stop:
            return "You mentioned pain, so I'm holding your targets where they are."
        return "A day with pain doesn't count for progress: your targets stay where they are."
    if step.kind is ChangeKind.FORM_FALTERS:
        return _falters_line(step)
    if step.kind is ChangeKind.HARDER_VERSION:
        return _HARDER[per_leg].format(reps=step.reps)
    if step.kind is ChangeKind.TARGET_UP and per_leg:
        return f"Target reached on both legs: next time {step.reps} reps."
    return _STEPS.get(step.kind, _STEPS[ChangeKind.SAME_TARGET]).format(reps=step.reps)


def _falters_line(step: Change) -> str:
    """Until form falters: the count is progress to read, never a number to stop at."""
    again = "Next time go until form falters again, with no number to stop at."
    if step.reps is None:
        return again
    who = f"Your {leg_name(step.leg).lower()} leg" if step.leg is not None else "You"
    if step.previous is not None and step.reps > step.previous:
        return f"{who} managed {step.reps}, up from {step.previous}. {again}"
    return f"{who} managed {step.reps}. {again}"


def _order_line(order: LegOrder) -> str:
    first, other = leg_name(order.first), leg_name(order.first.other).lower()
    if order.cap is None:
        follow = f"{other} does no more than {first.lower()} manages"
    else:
        follow = f"{other} matches it, up to {order.cap}"
    if order.reason is OrderReason.FEWER_TODAY:
        return f"{first} did fewer reps today, so it goes first next time and {follow}."
    return f"Both legs level today: {first.lower()} still goes first and {follow}."


def _note_line(note: Note) -> str:
    if note.symmetry is not None:
        return symmetry_text(note.symmetry)
    if note.kind is NoteKind.PAIN:
        return "Rest it; if it hasn't settled in a few days, see a physio or doctor."
    if note.kind is NoteKind.BREAK:
        return f"First session back after {note.days_off} days: well done for easing back in."
    return (
        "Your first session with both legs: that's your baseline. "
        "From the next one on I compare your legs."
    )


_SINCE_PARTS = {
    ChangeKind.TARGET_UP: "{name} up to {reps}",
    ChangeKind.STEP_BACK: "{name} down to {reps}",
    ChangeKind.HARDER_VERSION: "{name}: the harder version",
    ChangeKind.WEAKER_FIRST: "{name}: {leg} goes first",
    ChangeKind.EXTRA_SET: "{name}: an extra set for the {leg}",
    ChangeKind.CAUGHT_UP: "{name}: the {leg} caught up, no extra set",
}


def since_text(since: SinceLast) -> str | None:
    """The card's one line about what changed since the last session; None after a
    break, which the card's welcome-back line words."""
    if since.kind is SinceKind.AFTER_BREAK:
        return None
    if since.kind is SinceKind.FIRST:
        return "First session: this one sets your baseline."
    if since.kind is SinceKind.SAME:
        return "Same as last time."
    parts = [
        _SINCE_PARTS[change.kind].format(
            name=exercise.name,
            reps=change.reps,
            leg=leg_name(change.leg).lower() if change.leg is not None else "",
        )
        for exercise, change in since.changes
        if change.kind in _SINCE_PARTS
    ]
    if since.more:
        parts.append(f"{since.more} more change{'' if since.more == 1 else 's'}")
    return "Since last time: " + "; ".join(parts) + "."


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
    ScheduleProblem.DUPLICATE_DAY: (
        "{value} has two times there — give each day one time, e.g. “tue thu 06:30, sat 08:00”."
    ),
    ScheduleProblem.DAY_WITHOUT_TIME: (
        "What time on {value}? Give every day a time, e.g. “tue thu 06:30, sat 08:00”."
    ),
    ScheduleProblem.TIME_WITHOUT_DAYS: (
        "Which days at {value}? Put the days before their time, e.g. “tue thu 06:30, sat 08:00”."
    ),
}
_DAY_VALUES = frozenset({ScheduleProblem.DUPLICATE_DAY, ScheduleProblem.DAY_WITHOUT_TIME})


def schedule_problem_text(error: ScheduleError) -> str:
    """What to tell a runner whose days, time, zone or lead could not be read (plain
    text: escape it for HTML)."""
    value = error.value
    if error.problem in _DAY_VALUES:  # weekday numbers, "5,6": named, "Sat, Sun"
        value = ", ".join(WEEKDAY_NAMES[int(day)].capitalize() for day in value.split(","))
    return _SCHEDULE_PROBLEMS[error.problem].format(value=value)


def listed(names: Sequence[str], last: str = "and") -> str:
    """'a', 'a and b', 'a, b and c' (or with ``last`` "or")."""
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + f" {last} " + names[-1]
