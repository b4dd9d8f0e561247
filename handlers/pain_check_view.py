"""The pre-run pain check on the warm-up card: its row of buttons, the leg question, and
the card's lines for each answer (the rules: library/pain_check.py)."""

from __future__ import annotations

import re

from telegram import InlineKeyboardButton

from handlers.i18n import N_, _, format_date, local, pgettext
from handlers.rendering import escape
from handlers.wording import leg_name, leg_word
from library.exercises import ExerciseKind
from library.pain_check import PainCheck
from library.planner import SessionPlan
from library.training import Leg

# The buttons carry the session's id, never the runner's: the handler acts only on a
# session of whoever pressed. The longest data is "pl:" + 10 digits + ":s:b" = 17 bytes.
PAIN_CHECK_PREFIX = "pc:"  # pc:<session>:<n|m|s>          none, mild or sharp
PAIN_LEG_PREFIX = "pl:"  # pl:<session>:<m|s>:<l|r|b>     which leg, after mild or sharp
CHECK_CODES = {PainCheck.NONE: "n", PainCheck.MILD: "m", PainCheck.SHARP: "s"}
LEG_CODES = {Leg.LEFT: "l", Leg.RIGHT: "r", Leg.BOTH: "b"}
CHECK_DATA = re.compile(
    rf"{re.escape(PAIN_CHECK_PREFIX)}(?P<session>\d{{1,10}}):(?P<check>[nms])", re.ASCII
)
LEG_DATA = re.compile(
    rf"{re.escape(PAIN_LEG_PREFIX)}(?P<session>\d{{1,10}}):(?P<check>[ms]):(?P<leg>[lrb])",
    re.ASCII,
)

QUESTION = N_("Any pain in your hamstrings?")
_SEVERITY = {
    PainCheck.NONE: N_("no pain"),
    PainCheck.MILD: N_("mild pain"),
    PainCheck.SHARP: N_("sharp pain"),
}


def _label(check: PainCheck) -> str:
    """The pain check's button for ``check``: None, Mild or Sharp."""
    # TRANSLATORS: the pain check's three buttons under "Any pain in your hamstrings?"
    # (no pain, mild pain, sharp pain); short, a third of a row each.
    if check is PainCheck.NONE:
        return pgettext("pain check button", "None")
    if check is PainCheck.MILD:
        return pgettext("pain check button", "Mild")
    return pgettext("pain check button", "Sharp")


def check_text(check: PainCheck, leg: Leg | None) -> str:
    """'no pain', 'mild pain, left' or 'sharp pain, both legs' (for the card and /history)."""
    if check is PainCheck.NONE or leg is None:
        return _(_SEVERITY[check])
    if check is PainCheck.MILD:
        if leg is Leg.BOTH:
            return _("mild pain, both legs")
        return _("mild pain, {leg}").format(leg=leg_word(leg))
    if leg is Leg.BOTH:
        return _("sharp pain, both legs")
    return _("sharp pain, {leg}").format(leg=leg_word(leg))


# ---------------------------------------------------------------------- the buttons
def pain_row(plan: SessionPlan, session_id: int) -> list[InlineKeyboardButton]:
    """None · Mild · Sharp, the runner's answer ticked (and its leg named)."""
    row = []
    for check in PainCheck:
        label = _label(check)
        if check is plan.pain_check:
            leg = f" · {leg_name(plan.pain_leg)}" if plan.pain_leg is not None else ""
            label = f"✓ {label}{leg}"
        data = f"{PAIN_CHECK_PREFIX}{session_id}:{CHECK_CODES[check]}"
        row.append(InlineKeyboardButton(label, callback_data=data))
    return row


def leg_row(session_id: int, check: PainCheck) -> list[InlineKeyboardButton]:
    """Which leg, asked after Mild or Sharp, in place of the None · Mild · Sharp row."""
    return [
        InlineKeyboardButton(
            f"🦵 {leg_name(leg)}",
            callback_data=f"{PAIN_LEG_PREFIX}{session_id}:{CHECK_CODES[check]}:{code}",
        )
        for leg, code in LEG_CODES.items()
    ]


# ---------------------------------------------------------------------- the card
def pain_notes(plan: SessionPlan) -> list[str]:
    """The lines at the top of a card: today's mild pain, or targets held by a pause."""
    lines = []
    if plan.pain_check is PainCheck.MILD:
        leg = plan.pain_leg
        if leg is Leg.BOTH:
            mild = _("🟡 Mild pain in both hamstrings: go gently today.")
        elif leg is None:
            mild = _("🟡 Mild pain in your hamstrings: go gently today.")
        else:
            mild = _("🟡 Mild pain in your {leg} hamstring: go gently today.").format(
                leg=leg_word(leg)
            )
        eased = _(
            "The hops and humps are in their easier version, today's reps leave your "
            "targets as they are, and if it gets worse, stop."
        )
        lines.append(f"{mild} {eased}")
    if plan.paused and plan.pain_check is not PainCheck.SHARP:
        lines.append(
            _(
                "⏸ Your targets are on hold since you reported sharp pain: they move again "
                "after a session without pain."
            )
        )
    return lines


def easier_lines(plan: SessionPlan) -> list[str]:
    """Below the exercises on a mild day: the easier version of each ballistic one."""
    eased = [item.exercise for item in plan.items if item.exercise.id in plan.eased_ids]
    if not eased:
        return []
    lines = ["", _("<b>Easier versions today</b>")]
    return lines + [f"• {escape(local(e).name)}: {escape(local(e).easier)}" for e in eased]


def question_lines(plan: SessionPlan) -> list[str]:
    """The pain check's line above the buttons of a warm-up: the question, or the answer."""
    if plan.kind is not ExerciseKind.WARMUP:
        return []
    if plan.pain_check is None:
        # TRANSLATORS: None, Mild and Sharp are the pain check's buttons: use their labels.
        ask = _("<b>{question}</b> Tap None, Mild or Sharp below before you start.")
        return ["", ask.format(question=_(QUESTION))]
    answer = check_text(plan.pain_check, plan.pain_leg)
    changed = _("Pain check: {answer}. Tap another answer to change it.")
    return ["", changed.format(answer=escape(answer))]


def sharp_card(plan: SessionPlan, title: str) -> str:
    """A sharp pain check's card (below its intro): no exercises, just what to do
    instead."""
    leg = plan.pain_leg
    if leg is Leg.BOTH:
        sharp = _(
            "🛑 Sharp pain in both hamstrings: no explosive work today, so leave out the "
            "hops, humps and cleans."
        )
    elif leg is None:
        sharp = _(
            "🛑 Sharp pain in your hamstrings: no explosive work today, so leave out the "
            "hops, humps and cleans."
        )
    else:
        sharp = _(
            "🛑 Sharp pain in your {leg} hamstring: no explosive work today, so leave out "
            "the hops, humps and cleans."
        ).format(leg=leg_word(leg))
    # TRANSLATORS: None is the pain check's button: use its label.
    back = _("Pain check: {answer}. Feeling fine after all? Tap None to bring the warm-up back.")
    lines = [
        # TRANSLATORS: a card's title line: "Pre-run warm-up · Fri 04 Dec".
        _("<b>{title}</b> · {day}").format(title=title, day=format_date(plan.day, "EEE dd MMM")),
        "",
        sharp,
        _(
            "If the pain hangs around, or it turns sharp while you run, stop and have a "
            "physio or doctor look at it."
        ),
        _("Your targets stay on hold until a session without pain."),
        "",
        back.format(answer=escape(check_text(PainCheck.SHARP, plan.pain_leg))),
    ]
    return "\n".join(lines)


def intro_of(text: str, titles: tuple[str, ...]) -> str | None:
    """The lines above the title (in any of ``titles``) of a card as the runner sees it
    (the run's start time on a scheduled warm-up), escaped, to keep them when the card
    is edited; None if none."""
    lines = text.splitlines()
    for number, line in enumerate(lines):
        if line.startswith(titles):
            intro = "\n".join(lines[:number]).strip()
            return escape(intro) if intro else None
    return None


# ---------------------------------------------------------------------- the answers
# The pop-up answers to a press (translate them where they are sent: ``_(ASK_LEG)``).
# TRANSLATORS: Left, Right and Both are the buttons under this question: use their labels.
ASK_LEG = N_("Which leg? Tap Left, Right or Both.")
ANSWERED = {
    PainCheck.NONE: N_("No pain: the warm-up stands as planned."),
    PainCheck.MILD: N_("Noted: mild pain. Easier hops today, and go gently."),
    PainCheck.SHARP: N_("Noted: sharp pain. No explosive work today."),
}
NOT_YOURS = N_(
    "That button isn't on a warm-up of yours, so nothing changed. Send /warmup for your own card."
)
CLOSED = N_(
    "That warm-up is closed, so its pain check stays as it was. Send /warmup for a new one."
)
