"""The words for the core's codes: legs, exercise kinds, doses, days, the reply to a
report and what changed since the last card, symmetry notes and schedule input problems.
``library/`` returns data and codes only; every sentence a runner reads about them is
written here, in one place (the place a translation will take over)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from handlers.i18n import N_, _, format_number, local, ngettext, pgettext
from library.adaptation import Change, ChangeKind, SymmetryLevel, SymmetryNote
from library.exercises import Dose, ExerciseKind
from library.replies import LegOrder, Note, NoteKind, OrderReason, ReplyPlan, SinceKind, SinceLast
from library.schedule import MAX_LEAD_MINUTES, MIN_LEAD_MINUTES
from library.schedule_text import ScheduleError, ScheduleProblem
from library.training import Leg

# TRANSLATORS: a card's target for an exercise with no fixed count ("Left until form
# falters"): keep going while the movement stays clean.
UNTIL_FORM_FALTERS = N_("until form falters")
# TRANSLATORS: a leg, alone on a button or at the start of a line ("Left 10 → Right 10").
_LEG_NAMES = {Leg.LEFT: N_("Left"), Leg.RIGHT: N_("Right"), Leg.BOTH: N_("Both")}
_KIND_NAMES = {ExerciseKind.WARMUP: N_("Warm-up"), ExerciseKind.STRENGTH: N_("Strength")}


def leg_name(leg: Leg) -> str:
    """'Left', 'Right' or 'Both', on its own (a button, the start of a line); inside a
    sentence :func:`leg_word`."""
    return _(_LEG_NAMES[leg])


def leg_word(leg: Leg) -> str:
    """'left', 'right' or 'both': the leg inside a sentence ("your left leg")."""
    if leg is Leg.LEFT:
        return pgettext("leg, inside a sentence", "left")
    if leg is Leg.RIGHT:
        return pgettext("leg, inside a sentence", "right")
    return pgettext("leg, inside a sentence", "both")


def kind_name(kind: ExerciseKind) -> str:
    return _(_KIND_NAMES[kind])


def sets_count(sets: int) -> str:
    """'1 set' or '3 sets'."""
    return ngettext("{count} set", "{count} sets", sets).format(count=sets)


def reps_text(dose: Dose) -> str:
    """'8–10 reps', '6 reps' or 'as many reps as you can do cleanly'."""
    if dose.rep_range is None:
        return _("as many reps as you can do cleanly")
    low, high = dose.rep_range
    if low == high:
        return ngettext("{count} rep", "{count} reps", low).format(count=low)
    # TRANSLATORS: a range of repetitions, e.g. "8–10 reps"; the form follows the larger.
    return ngettext("{low}–{high} rep", "{low}–{high} reps", high).format(low=low, high=high)


def dose_text(dose: Dose) -> str:
    """One line: sets, reps, per leg and tempo, e.g. '3 sets × 15 reps each leg · slow'.
    The tempo is the dose's own text: pass ``local(exercise).dose``."""
    values = {"sets": sets_count(dose.sets), "reps": reps_text(dose), "tempo": dose.tempo}
    if dose.until_form_falters:
        if dose.reps_per_leg:
            # TRANSLATORS: "3 sets each leg, as many reps as you can do cleanly · slow"
            return _("{sets} each leg, {reps} · {tempo}").format(**values)
        return _("{sets}, {reps} · {tempo}").format(**values)
    if dose.reps_per_leg:
        # TRANSLATORS: "3 sets × 15 reps each leg · slow"
        return _("{sets} × {reps} each leg · {tempo}").format(**values)
    return _("{sets} × {reps} · {tempo}").format(**values)


def weekday_abbr(day: int) -> str:
    """'Mon' … 'Sun' for 0 … 6 (Monday is 0)."""
    names = (
        pgettext("weekday, short", "Mon"),
        pgettext("weekday, short", "Tue"),
        pgettext("weekday, short", "Wed"),
        pgettext("weekday, short", "Thu"),
        pgettext("weekday, short", "Fri"),
        pgettext("weekday, short", "Sat"),
        pgettext("weekday, short", "Sun"),
    )
    return names[day]


def days_text(days: frozenset[int]) -> str:
    """'every day', 'weekdays' or 'Mon Wed Fri'."""
    if days == frozenset(range(7)):
        return _("every day")
    if days == frozenset(range(5)):
        return _("weekdays")
    return " ".join(weekday_abbr(d) for d in sorted(days)) or _("no days")


def target_text(reps: int | None) -> str:
    return _(UNTIL_FORM_FALTERS) if reps is None else str(reps)


def symmetry_text(note: SymmetryNote) -> str:
    leg, lsi = leg_word(note.weaker), format_number(note.lsi)
    if note.level is SymmetryLevel.PHYSIO:
        return _(
            "Your {leg} leg is at {lsi}% of the other. "
            "That's a big gap: worth having a physio take a look."
        ).format(leg=leg, lsi=lsi)
    return _(
        "Your {leg} leg has stayed under 90% of the other "
        "({lsi}%): it gets an extra set until it catches up."
    ).format(leg=leg, lsi=lsi)


def reply_lines(plan: ReplyPlan) -> list[str]:
    """The lines under a confirmed report, all worded from one decision: the step, the
    leg order (per-leg exercises only) and at most one note."""
    lines = [_step_line(plan)]
    if plan.order is not None:
        lines.append(_order_line(plan.order))
    if plan.note is not None:
        lines.append(_note_line(plan.note))
    return lines


def _target_line(kind: ChangeKind, reps: int | None) -> str:
    count = reps or 0
    if kind is ChangeKind.TARGET_UP:
        text = ngettext(
            "Target reached: next time {reps} rep.", "Target reached: next time {reps} reps.", count
        )
    elif kind is ChangeKind.STEP_BACK:
        text = ngettext(
            "Next time {reps} rep, a small step back to build up again.",
            "Next time {reps} reps, a small step back to build up again.",
            count,
        )
    else:
        text = ngettext(
            "Same target next time: {reps} rep.", "Same target next time: {reps} reps.", count
        )
    return text.format(reps=reps)


def _harder_line(per_leg: bool, reps: int | None) -> str:
    if per_leg:
        text = ngettext(
            "Both legs reached the top of the range two sessions in a row: next time try the "
            "harder version, from {reps} rep.",
            "Both legs reached the top of the range two sessions in a row: next time try the "
            "harder version, from {reps} reps.",
            reps or 0,
        )
    else:
        text = ngettext(
            "You reached the top of the range two sessions in a row: next time try the "
            "harder version, from {reps} rep.",
            "You reached the top of the range two sessions in a row: next time try the "
            "harder version, from {reps} reps.",
            reps or 0,
        )
    return text.format(reps=reps)


def _step_line(plan: ReplyPlan) -> str:
    step, per_leg = plan.step, plan.exercise.per_leg
    if step.kind is ChangeKind.PAIN_HOLD:
        if plan.stop:
            return _("You mentioned pain, so I'm holding your targets where they are.")
        return _("A day with pain doesn't count for progress: your targets stay where they are.")
    if step.kind is ChangeKind.FORM_FALTERS:
        return _falters_line(step)
    if step.kind is ChangeKind.HARDER_VERSION:
        return _harder_line(per_leg, step.reps)
    if step.kind is ChangeKind.TARGET_UP and per_leg:
        return ngettext(
            "Target reached on both legs: next time {reps} rep.",
            "Target reached on both legs: next time {reps} reps.",
            step.reps or 0,
        ).format(reps=step.reps)
    return _target_line(step.kind, step.reps)


def _falters_line(step: Change) -> str:
    """Until form falters: the count is progress to read, never a number to stop at."""
    again = _("Next time go until form falters again, with no number to stop at.")
    if step.reps is None:
        return again
    values: dict[str, object] = {"reps": step.reps, "previous": step.previous}
    up = step.previous is not None and step.reps > step.previous
    if step.leg is not None:
        values["leg"] = leg_word(step.leg)
        if up:
            managed = _("Your {leg} leg managed {reps}, up from {previous}.")
        else:
            managed = _("Your {leg} leg managed {reps}.")
    elif up:
        managed = _("You managed {reps}, up from {previous}.")
    else:
        managed = _("You managed {reps}.")
    return f"{managed.format(**values)} {again}"


def _order_line(order: LegOrder) -> str:
    values = {
        "first": leg_name(order.first),
        "first_leg": leg_word(order.first),
        "other": leg_word(order.first.other),
        "cap": order.cap,
    }
    fewer = order.reason is OrderReason.FEWER_TODAY
    if order.cap is None:
        if fewer:
            # TRANSLATORS: {first} starts the sentence ("Left"); {other} and {first_leg}
            # are the legs inside it ("right", "left").
            text = _(
                "{first} did fewer reps today, so it goes first next time and {other} does "
                "no more than {first_leg} manages."
            )
        else:
            text = _(
                "Both legs level today: {first_leg} still goes first and {other} does no "
                "more than {first_leg} manages."
            )
    elif fewer:
        text = _(
            "{first} did fewer reps today, so it goes first next time and {other} matches "
            "it, up to {cap}."
        )
    else:
        text = _(
            "Both legs level today: {first_leg} still goes first and {other} matches it, "
            "up to {cap}."
        )
    return text.format(**values)


def _note_line(note: Note) -> str:
    if note.symmetry is not None:
        return symmetry_text(note.symmetry)
    if note.kind is NoteKind.PAIN:
        return _("Rest it; if it hasn't settled in a few days, see a physio or doctor.")
    if note.kind is NoteKind.BREAK:
        return ngettext(
            "First session back after {days} day: well done for easing back in.",
            "First session back after {days} days: well done for easing back in.",
            note.days_off or 0,
        ).format(days=note.days_off)
    return _(
        "Your first session with both legs: that's your baseline. "
        "From the next one on I compare your legs."
    )


_SINCE_PARTS = {
    ChangeKind.TARGET_UP: N_("{name} up to {reps}"),
    ChangeKind.STEP_BACK: N_("{name} down to {reps}"),
    ChangeKind.HARDER_VERSION: N_("{name}: the harder version"),
    ChangeKind.WEAKER_FIRST: N_("{name}: {leg} goes first"),
    ChangeKind.EXTRA_SET: N_("{name}: an extra set for the {leg}"),
    ChangeKind.CAUGHT_UP: N_("{name}: the {leg} caught up, no extra set"),
}


def since_text(since: SinceLast) -> str | None:
    """The card's one line about what changed since the last session; None after a
    break, which the card's welcome-back line words."""
    if since.kind is SinceKind.AFTER_BREAK:
        return None
    if since.kind is SinceKind.FIRST:
        return _("First session: this one sets your baseline.")
    if since.kind is SinceKind.SAME:
        return _("Same as last time.")
    parts = [
        _(_SINCE_PARTS[change.kind]).format(
            name=local(exercise).name,
            reps=change.reps,
            leg=leg_word(change.leg) if change.leg is not None else "",
        )
        for exercise, change in since.changes
        if change.kind in _SINCE_PARTS
    ]
    if since.more:
        parts.append(
            ngettext("{count} more change", "{count} more changes", since.more).format(
                count=since.more
            )
        )
    # TRANSLATORS: {changes} is a list of changes separated by "; ".
    return _("Since last time: {changes}.").format(changes="; ".join(parts))


# TRANSLATORS: the examples in quotes are what a runner may type (“mon wed fri”): use
# words the bot reads in your language.
_SCHEDULE_PROBLEMS = {
    ScheduleProblem.NO_DAYS: N_("Which days? e.g. “mon wed fri”, “weekdays” or “daily”."),
    ScheduleProblem.UNKNOWN_DAY: N_(
        "I don't know the day “{value}”. Use e.g. “mon wed fri”, “weekdays” or “daily”."
    ),
    ScheduleProblem.BAD_TIME: N_("What time? Use 24-hour HH:MM like “07:00”, or “7am”."),
    ScheduleProblem.AM_PM_HOUR: N_("With am/pm the hour goes from 1 to 12, e.g. “6:30am”."),
    ScheduleProblem.NO_SUCH_TIME: N_("That time doesn't exist — use HH:MM from 00:00 to 23:59."),
    ScheduleProblem.LEAD_RANGE: N_(
        "Give the minutes before your run, from {low} to {high}, e.g. “15”."
    ),
    ScheduleProblem.UNKNOWN_ZONE_NAME: N_(
        "I don't know the time zone “{value}”. Use a name like “Europe/London” "
        "or “America/New_York”."
    ),
    ScheduleProblem.NO_ZONE: N_(
        "Which time zone? Type your city (“London”) or a zone name (“Europe/London”), "
        "or share your location."
    ),
    ScheduleProblem.OFFSET_RANGE: N_("UTC offsets go from UTC-12 to UTC+14, e.g. “UTC+2”."),
    ScheduleProblem.ZONE_NOT_FOUND: N_(
        "I couldn't find a time zone for “{value}”. Type the nearest big city "
        "(“Berlin”), a zone name (“Europe/Berlin”), or share your location."
    ),
    ScheduleProblem.DUPLICATE_DAY: N_(
        "{value} has two times there — give each day one time, e.g. “tue thu 06:30, sat 08:00”."
    ),
    ScheduleProblem.DAY_WITHOUT_TIME: N_(
        "What time on {value}? Give every day a time, e.g. “tue thu 06:30, sat 08:00”."
    ),
    ScheduleProblem.TIME_WITHOUT_DAYS: N_(
        "Which days at {value}? Put the days before their time, e.g. “tue thu 06:30, sat 08:00”."
    ),
}
_DAY_VALUES = frozenset({ScheduleProblem.DUPLICATE_DAY, ScheduleProblem.DAY_WITHOUT_TIME})


def schedule_problem_text(error: ScheduleError) -> str:
    """What to tell a runner whose days, time, zone or lead could not be read (plain
    text: escape it for HTML)."""
    value = error.value
    if error.problem in _DAY_VALUES:  # weekday numbers, "5,6": named, "Sat, Sun"
        value = ", ".join(weekday_abbr(int(day)) for day in value.split(","))
    return _(_SCHEDULE_PROBLEMS[error.problem]).format(
        value=value, low=MIN_LEAD_MINUTES, high=MAX_LEAD_MINUTES
    )


def listed(names: Sequence[str], last: Literal["and", "or"] = "and") -> str:
    """'a', 'a and b', 'a, b and c' (or with ``last`` "or": 'a, b or c')."""
    if len(names) <= 1:
        return "".join(names)
    items = ", ".join(names[:-1])
    if last == "or":
        # TRANSLATORS: the end of a list of choices: "{items}" is "a, b", so "a, b or c".
        return _("{items} or {last}").format(items=items, last=names[-1])
    # TRANSLATORS: the end of a list: "{items}" is "a, b", so "a, b and c".
    return _("{items} and {last}").format(items=items, last=names[-1])
