"""The pre-run pain check on the warm-up card: its row of buttons, the leg question, and
the card's lines for each answer (the rules: library/pain_check.py)."""

from __future__ import annotations

import re

from telegram import InlineKeyboardButton

from handlers.rendering import escape
from handlers.wording import leg_name
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

QUESTION = "Any pain in your hamstrings?"
_LABELS = {PainCheck.NONE: "None", PainCheck.MILD: "Mild", PainCheck.SHARP: "Sharp"}
_SEVERITY = {PainCheck.NONE: "no pain", PainCheck.MILD: "mild pain", PainCheck.SHARP: "sharp pain"}


def _where(leg: Leg | None) -> str:
    """'your left hamstring', 'both hamstrings' or 'your hamstrings'."""
    if leg is Leg.BOTH:
        return "both hamstrings"
    if leg is None:
        return "your hamstrings"
    return f"your {leg_name(leg).lower()} hamstring"


def check_text(check: PainCheck, leg: Leg | None) -> str:
    """'no pain', 'mild pain, left' or 'sharp pain, both legs' (for the card and /history)."""
    if check is PainCheck.NONE or leg is None:
        return _SEVERITY[check]
    where = "both legs" if leg is Leg.BOTH else leg_name(leg).lower()
    return f"{_SEVERITY[check]}, {where}"


# ---------------------------------------------------------------------- the buttons
def pain_row(plan: SessionPlan, session_id: int) -> list[InlineKeyboardButton]:
    """None · Mild · Sharp, the runner's answer ticked (and its leg named)."""
    row = []
    for check, label in _LABELS.items():
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
        lines.append(
            f"🟡 Mild pain in {_where(plan.pain_leg)}: go gently today. The hops and humps "
            "are in their easier version, today's reps leave your targets as they are, and "
            "if it gets worse, stop."
        )
    if plan.paused and plan.pain_check is not PainCheck.SHARP:
        lines.append(
            "⏸ Your targets are on hold since you reported sharp pain: they move again "
            "after a session without pain."
        )
    return lines


def easier_lines(plan: SessionPlan) -> list[str]:
    """Below the exercises on a mild day: the easier version of each ballistic one."""
    eased = [item.exercise for item in plan.items if item.exercise.id in plan.eased_ids]
    if not eased:
        return []
    lines = ["", "<b>Easier versions today</b>"]
    return lines + [f"• {escape(e.name)}: {escape(e.easier)}" for e in eased]


def question_lines(plan: SessionPlan) -> list[str]:
    """The pain check's line above the buttons of a warm-up: the question, or the answer."""
    if plan.kind is not ExerciseKind.WARMUP:
        return []
    if plan.pain_check is None:
        return ["", f"<b>{QUESTION}</b> Tap None, Mild or Sharp below before you start."]
    answer = check_text(plan.pain_check, plan.pain_leg)
    return ["", f"Pain check: {escape(answer)}. Tap another answer to change it."]


def sharp_card(plan: SessionPlan, intro: str | None, title: str) -> str:
    """A sharp pain check's card: no exercises, just what to do instead."""
    lines = [intro] if intro else []
    lines += [
        f"<b>{title}</b> · {plan.day:%a %d %b}",
        "",
        f"🛑 Sharp pain in {_where(plan.pain_leg)}: no explosive work today, so leave out "
        "the hops, humps and cleans.",
        "If the pain hangs around, or it turns sharp while you run, stop and have a "
        "physio or doctor look at it.",
        "Your targets stay on hold until a session without pain.",
        "",
        f"Pain check: {escape(check_text(PainCheck.SHARP, plan.pain_leg))}. Feeling fine "
        "after all? Tap None to bring the warm-up back.",
    ]
    return "\n".join(lines)


def intro_of(text: str, title: str) -> str | None:
    """The lines above the title of a card as the runner sees it (the run's start time on
    a scheduled warm-up), escaped, to keep them when the card is edited; None if none."""
    lines = text.splitlines()
    for number, line in enumerate(lines):
        if line.startswith(title):
            intro = "\n".join(lines[:number]).strip()
            return escape(intro) if intro else None
    return None


# ---------------------------------------------------------------------- the answers
ASK_LEG = "Which leg? Tap Left, Right or Both."
ANSWERED = {
    PainCheck.NONE: "No pain: the warm-up stands as planned.",
    PainCheck.MILD: "Noted: mild pain. Easier hops today, and go gently.",
    PainCheck.SHARP: "Noted: sharp pain. No explosive work today.",
}
NOT_YOURS = (
    "That button isn't on a warm-up of yours, so nothing changed. Send /warmup for your own card."
)
CLOSED = "That warm-up is closed, so its pain check stays as it was. Send /warmup for a new one."
