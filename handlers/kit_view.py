"""How the runner's kit is shown: the kit question with its toggle buttons, the saved
kit, the /settings line, and the version of an exercise their kit calls for."""

from __future__ import annotations

import re
from collections.abc import Iterable

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from handlers.rendering import escape
from handlers.wording import listed
from library.exercises import Exercise
from library.kit import Kit, Version, kit_from_mask, kit_mask

# kit:t:<mask>  show the question with this kit ticked (nothing stored)
# kit:s:<mask>  save this kit as the runner's
KIT_PREFIX = "kit:"
_KIT_DATA = re.compile(rf"{re.escape(KIT_PREFIX)}(?P<action>[ts]):(?P<mask>\d{{1,2}})", re.ASCII)
TOGGLE = "t"
SAVE = "s"

KIT_NAMES = {
    Kit.VIPR: "ViPR",
    Kit.DUMBBELLS: "Dumbbells",
    Kit.BARBELL: "Barbell",
    Kit.SWISS_BALL: "Swiss ball",
    Kit.MEDICINE_BALL: "Medicine ball",
}
# In a sentence: "no ViPR", "dumbbells and a barbell".
_KIT_IN_TEXT = {
    Kit.VIPR: "ViPR",
    Kit.DUMBBELLS: "dumbbells",
    Kit.BARBELL: "barbell",
    Kit.SWISS_BALL: "Swiss ball",
    Kit.MEDICINE_BALL: "medicine ball",
}

# The question ends the message it is in (alone after /kit, or after "All set!"), and
# starts with its mark, so saving can replace it and keep what came before.
KIT_MARK = "🎒"
KIT_QUESTION = (
    f"{KIT_MARK} Which of these do you have? Tick them, then Save. "
    "Where you lack something, the cards give you a version that works without it."
)
KIT_STALE = "This button is out of date — send /kit to set your kit."


def kit_list(kit: Iterable[Kit]) -> str:
    """'dumbbells, barbell and Swiss ball' in catalogue order; 'none' for nothing."""
    owned = set(kit)
    names = [_KIT_IN_TEXT[k] for k in Kit if k in owned]
    if not names:
        return "none"
    return listed(names)


def kit_line(kit: frozenset[Kit] | None) -> str:
    """The /settings line (HTML)."""
    if kit is None:
        return "Kit: not set, so all of it assumed — /kit"
    return f"Kit: {escape(kit_list(kit))} — /kit"


def kit_data(action: str, kit: Iterable[Kit]) -> str:
    return f"{KIT_PREFIX}{action}:{kit_mask(kit)}"


def decode_kit_data(data: str) -> tuple[str, frozenset[Kit]] | None:
    """The action and kit of :func:`kit_data`; None for anything else."""
    match = _KIT_DATA.fullmatch(data)
    kit = kit_from_mask(int(match.group("mask"))) if match is not None else None
    if match is None or kit is None:
        return None
    return match.group("action"), kit


def kit_keyboard(ticked: frozenset[Kit]) -> InlineKeyboardMarkup:
    """A toggle per kit (two to a row), then Save ("I have none" while nothing is ticked)."""
    toggles = [
        InlineKeyboardButton(
            f"{'✅' if kit in ticked else '⬜'} {KIT_NAMES[kit]}",
            callback_data=kit_data(TOGGLE, ticked ^ {kit}),
        )
        for kit in Kit
    ]
    rows = [toggles[i : i + 2] for i in range(0, len(toggles), 2)]
    save = "💾 Save" if ticked else "I have none"
    rows.append([InlineKeyboardButton(save, callback_data=kit_data(SAVE, ticked))])
    return InlineKeyboardMarkup(rows)


def is_kit_question(markup: InlineKeyboardMarkup | None) -> bool:
    """Whether a message's keyboard is the kit question's (a kit button pressed on any
    other message is forged, and changes nothing)."""
    return markup is not None and any(
        isinstance(button.callback_data, str) and button.callback_data.startswith(KIT_PREFIX)
        for row in markup.inline_keyboard
        for button in row
    )


def saved_line(kit: frozenset[Kit]) -> str:
    if kit == frozenset(Kit):
        return f"{KIT_MARK} Kit saved: all of it. Every exercise as written. /kit changes it."
    if not kit:
        return f"{KIT_MARK} Kit saved: none. The cards give the no-kit versions. /kit changes it."
    return (
        f"{KIT_MARK} Kit saved: {escape(kit_list(kit))}. The cards work around the rest. "
        "/kit changes it."
    )


def with_question_answered(question_html: str, kit: frozenset[Kit]) -> str:
    """The message that held the question, the question replaced by the saved kit."""
    before, mark, _ = question_html.rpartition(KIT_MARK)
    return (before if mark else "") + saved_line(kit)


def version_note(exercise: Exercise, kit: frozenset[Kit] | None) -> str:
    """' — holding a light dumbbell in each hand (no ViPR)' (HTML) after the exercise's
    name on a card, when the runner's kit calls for a substitute or no-kit version."""
    choice = exercise.version(kit)
    if choice.version is Version.AS_WRITTEN:
        return ""
    missing = " or ".join(_KIT_IN_TEXT[k] for k in Kit if k in choice.missing)
    return f" — {escape(exercise.version_text(choice))} (no {escape(missing)})"


def your_version_line(exercise: Exercise, kit: frozenset[Kit] | None) -> str | None:
    """The line near the top of an explanation saying how the runner does it with their
    kit; None when they do it as written."""
    choice = exercise.version(kit)
    if choice.version is Version.AS_WRITTEN:
        return None
    missing = " or ".join(_KIT_IN_TEXT[k] for k in Kit if k in choice.missing)
    return f"<b>With your kit</b> (no {escape(missing)}): {escape(exercise.version_text(choice))}."


def kit_hint_lines(exercises: Iterable[Exercise], kit: frozenset[Kit] | None) -> list[str]:
    """The card's pointer to /kit, naming the kit on it, while the runner has not said
    what they have ([] once they have, or when the card needs no kit)."""
    needed = {k for exercise in exercises for k in exercise.needs}
    if kit is not None or not needed:
        return []
    names = [_KIT_IN_TEXT[k] for k in Kit if k in needed]
    missing = escape(listed(names, "or"))
    return ["", f"{KIT_MARK} No {missing}? Send /kit and the card will fit what you have."]


def without_kit_lines(exercise: Exercise) -> list[str]:
    """How ``exercise`` is done without the kit it needs (HTML): what may stand in for
    it, then the no-kit version, in one line; [] for an exercise that needs no kit."""
    if not exercise.needs:
        return []
    missing = " or ".join(_KIT_IN_TEXT[k] for k in Kit if k in exercise.needs)
    ways = "; or ".join(
        way for way in [*(swap.text for swap in exercise.swaps), exercise.no_kit] if way
    )
    return [f"No {escape(missing)}? {escape(ways[:1].upper() + ways[1:])}."]
