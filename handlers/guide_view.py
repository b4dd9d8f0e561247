"""The guided session's message (handlers/guide.py): the step at hand with its target or
counts to choose from, its cue and ✅ Done / ⏭ Skip / ⏹ Stop; then the summary of what was
logged. Every button carries where the guide stands (library/guide.py), so the message
can be edited in place step after step and a restart loses nothing."""

from __future__ import annotations

from collections.abc import Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from handlers.i18n import _, local, ngettext
from handlers.kit_view import version_note
from handlers.rendering import escape
from handlers.session_view import (
    DONE_PREFIX,
    GUIDE_PREFIX,
    MAX_CALLBACK_BYTES,
    WARMUP_TITLE,
    sets_text,
)
from handlers.wording import leg_name, leg_word
from library.exercises import ExerciseKind
from library.guide import (
    Action,
    Press,
    Recorded,
    Step,
    counts_offered,
    fewer_from,
    more_from,
    pack,
)
from library.planner import SessionPlan
from library.training import PER_LEG, Leg

COUNTS_PER_ROW = 4


def guide_data(press: Press) -> str:
    """A guide button's callback data; ids and masks are bounded, so it always fits."""
    data = GUIDE_PREFIX + pack(press)
    if len(data.encode()) > MAX_CALLBACK_BYTES:  # a bug if it happens
        raise ValueError(f"guide data over {MAX_CALLBACK_BYTES} bytes: {data!r}")
    return data


def title(plan: SessionPlan) -> str:
    return _(WARMUP_TITLE) if plan.kind is ExerciseKind.WARMUP else _("Strength session")


def _target_line(step: Step, cap: int | None, first: Leg | None) -> str:
    if step.target is not None:
        return ngettext("Target: {count} rep", "Target: {count} reps", step.target).format(
            count=step.target
        )
    if cap is not None and first is not None:
        # TRANSLATORS: a set until form falters on the stronger leg: {first} is the weaker
        # leg (a leg word as in "your {first} leg"), {count} the reps it just did.
        text = _("No more than your {first} leg just did: {count}. How many did you do?")
        return text.format(first=leg_word(first), count=cap)
    if step.reference is not None:
        text = _("Until form falters — last time {count}. How many did you do?")
        return text.format(count=step.reference)
    return _("Until form falters. How many did you do?")


def step_text(plan: SessionPlan, steps: Sequence[Step], index: int, cap: int | None) -> str:
    """The step at hand: which exercise, which leg and set, the target (or the question
    how many, for a set until form falters), and one of the exercise's cues."""
    step = steps[index]
    item = plan.item(step.exercise_id)
    assert item is not None  # the steps are made from the plan
    exercise = local(item.exercise)
    heading = _("▶️ <b>{title}</b> · step {step} of {steps}").format(
        title=title(plan), step=index + 1, steps=len(steps)
    )
    name = f"<b>{escape(exercise.name)}</b>{version_note(item.exercise, plan.kit)}"
    if item.harder_version:
        name += " — " + _("harder version")
    if step.leg is Leg.BOTH:
        where = _("Both feet · set {number} of {sets}")
    else:
        where = _("{leg} · set {number} of {sets}")
    where = where.format(leg=leg_name(step.leg), number=step.set_number, sets=step.sets)
    if step.weaker:
        where += " " + _("(weaker leg first)")
    first = item.weaker if step.leg is not item.weaker else None
    lines = [heading, "", name, escape(where), escape(_target_line(step, cap, first))]
    if item.exercise.id in plan.eased_ids:
        lines.append(_("<b>Easier:</b> {easier}").format(easier=escape(exercise.easier)))
    if exercise.cues:
        cue = exercise.cues[(step.set_number - 1) % len(exercise.cues)]
        lines.append(f"💡 {escape(cue)}")
    return "\n".join(lines)


def step_keyboard(
    press: Press, step: Step, cap: int | None, low: int | None
) -> InlineKeyboardMarkup:
    """✅ Done (or the counts from ``low`` up, with ◀️/▶️ for other counts), ⏭ Skip and
    ⏹ Stop, each carrying the step (``press.step``) and the steps skipped before it."""

    def button(label: str, action: Action, value: int | None = None) -> InlineKeyboardButton:
        data = guide_data(Press(press.session_id, press.step, press.skipped, action, value))
        return InlineKeyboardButton(label, callback_data=data)

    # TRANSLATORS: the guide's buttons share a row: keep them short.
    skip, stop = button(_("⏭ Skip"), Action.SKIP), button(_("⏹ Stop"), Action.STOP)
    if step.target is not None or low is None:
        return InlineKeyboardMarkup([[button(_("✅ Done"), Action.DONE), skip], [stop]])
    counts = [button(str(n), Action.COUNT, n) for n in counts_offered(cap, low)]
    rows = [counts[i : i + COUNTS_PER_ROW] for i in range(0, len(counts), COUNTS_PER_ROW)]
    fewer, more = fewer_from(low), more_from(cap, low)
    shift = [] if fewer is None else [button("◀️", Action.MORE, fewer)]
    shift += [] if more is None else [button("▶️", Action.MORE, more)]
    return InlineKeyboardMarkup([*rows, *([shift] if shift else []), [skip, stop]])


def _logged_lines(plan: SessionPlan, recorded: Recorded) -> list[str]:
    """One line per exercise of the card: what is logged for it this session."""
    lines = []
    for item in plan.items:
        name = escape(local(item.exercise).name)
        sets = {
            leg: tuple(reps)
            for leg in (Leg.BOTH, *PER_LEG)
            if (reps := recorded.get((item.exercise.id, leg)))
        }
        if sets:
            lines.append(f"✅ <b>{name}</b>: {sets_text(sets)}")
        else:
            lines.append(f"⏭ <b>{name}</b>: " + escape(_("nothing logged")))
    return lines


def ended_text(plan: SessionPlan, recorded: Recorded, closing: str) -> str:
    """The guide run to its end: what was logged, then the session's closing words."""
    heading = _("🏁 <b>{title}</b>: every step done or skipped.").format(title=title(plan))
    return "\n".join([heading, "", *_logged_lines(plan, recorded), "", escape(closing)])


def stopped_text(plan: SessionPlan, recorded: Recorded) -> str:
    """The guide stopped: what was logged so far; the session stays open."""
    heading = _("⏹ <b>{title}</b>: guide stopped.").format(title=title(plan))
    rest = _(
        "What you logged is saved, and the session stays open: ▶️ Resume goes on from the "
        "next step, ✅ Done closes the session."
    )
    return "\n".join([heading, "", *_logged_lines(plan, recorded), "", rest])


def stopped_keyboard(session_id: int, step: int, skipped: frozenset[int]) -> InlineKeyboardMarkup:
    """▶️ Resume (the next step, the skipped ones still skipped) and the card's ✅ Done."""
    resume = guide_data(Press(session_id, step, skipped, Action.SHOW))
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(_("▶️ Resume"), callback_data=resume),
                InlineKeyboardButton(_("✅ Done"), callback_data=f"{DONE_PREFIX}{session_id}"),
            ]
        ]
    )
