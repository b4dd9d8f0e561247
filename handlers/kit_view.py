"""How the runner's kit is shown: the kit question with its toggle buttons, the saved
kit, the /settings line, and the version of an exercise their kit calls for."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import reduce

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from handlers.i18n import N_, _, local, pgettext
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

# On its own: a toggle button, a heading (translated where used: _(KIT_NAMES[kit])).
KIT_NAMES = {
    Kit.VIPR: N_("ViPR"),
    Kit.DUMBBELLS: N_("Dumbbells"),
    Kit.BARBELL: N_("Barbell"),
    Kit.SWISS_BALL: N_("Swiss ball"),
    Kit.MEDICINE_BALL: N_("Medicine ball"),
}


def _in_text(kit: Kit) -> str:
    """The kit's name in a sentence: "no ViPR", "dumbbells and barbell"."""
    names = {
        Kit.VIPR: pgettext("kit named in a sentence", "ViPR"),
        Kit.DUMBBELLS: pgettext("kit named in a sentence", "dumbbells"),
        Kit.BARBELL: pgettext("kit named in a sentence", "barbell"),
        Kit.SWISS_BALL: pgettext("kit named in a sentence", "Swiss ball"),
        Kit.MEDICINE_BALL: pgettext("kit named in a sentence", "medicine ball"),
    }
    return names[kit]


def _either(kit: Iterable[Kit]) -> str:
    """'ViPR or barbell' (each name in a sentence, catalogue order)."""
    wanted = set(kit)
    names = [_in_text(k) for k in Kit if k in wanted]
    return reduce(_or, names) if names else ""


def _or(first: str, second: str) -> str:
    # TRANSLATORS: two pieces of kit, one missing or the other ("no ViPR or barbell");
    # with three, the first is itself "ViPR or barbell".
    return _("{first} or {second}").format(first=first, second=second)


def _or_else(first: str, second: str) -> str:
    # TRANSLATORS: two ways of doing an exercise without its kit, the second instead of
    # the first; with three, the first is itself "this; or that".
    return _("{first}; or {second}").format(first=first, second=second)


# The question ends the message it is in (alone after /kit, or after "All set!"), and
# starts with its mark, so saving can replace it and keep what came before.
KIT_MARK = "🎒"
# TRANSLATORS: keep the 🎒 at the start: the answer replaces the question from there.
KIT_QUESTION = N_(
    "🎒 Which of these do you have? Tick them, then Save. "
    "Where you lack something, the cards give you a version that works without it."
)
KIT_STALE = N_("This button is out of date — send /kit to set your kit.")


def kit_list(kit: Iterable[Kit]) -> str:
    """'dumbbells, barbell and Swiss ball' in catalogue order; 'none' for nothing."""
    owned = set(kit)
    names = [_in_text(k) for k in Kit if k in owned]
    if not names:
        return pgettext("no kit at all", "none")
    return listed(names)


def kit_line(kit: frozenset[Kit] | None) -> str:
    """The /settings line (HTML)."""
    if kit is None:
        return _("Kit: not set, so all of it assumed — /kit")
    return _("Kit: {kit} — /kit").format(kit=escape(kit_list(kit)))


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
            f"{'✅' if kit in ticked else '⬜'} {_(KIT_NAMES[kit])}",
            callback_data=kit_data(TOGGLE, ticked ^ {kit}),
        )
        for kit in Kit
    ]
    rows = [toggles[i : i + 2] for i in range(0, len(toggles), 2)]
    # TRANSLATORS: buttons under the kit question: save what is ticked, or nothing ticked.
    save = _("💾 Save") if ticked else _("I have none")
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
        saved = _("Kit saved: all of it. Every exercise as written. /kit changes it.")
    elif not kit:
        saved = _("Kit saved: none. The cards give the no-kit versions. /kit changes it.")
    else:
        saved = _("Kit saved: {kit}. The cards work around the rest. /kit changes it.").format(
            kit=escape(kit_list(kit))
        )
    return f"{KIT_MARK} {saved}"


def with_question_answered(question_html: str, kit: frozenset[Kit]) -> str:
    """The message that held the question, the question replaced by the saved kit."""
    before, mark, __ = question_html.rpartition(KIT_MARK)
    return (before if mark else "") + saved_line(kit)


def version_note(exercise: Exercise, kit: frozenset[Kit] | None) -> str:
    """' — holding a light dumbbell in each hand (no ViPR)' (HTML) after the exercise's
    name on a card, when the runner's kit calls for a substitute or no-kit version."""
    choice = exercise.version(kit)
    if choice.version is Version.AS_WRITTEN:
        return ""
    version = local(exercise).version_text(choice)
    note = _("{version} (no {kit})").format(
        version=escape(version), kit=escape(_either(choice.missing))
    )
    return f" — {note}"


def your_version_line(exercise: Exercise, kit: frozenset[Kit] | None) -> str | None:
    """The line near the top of an explanation saying how the runner does it with their
    kit; None when they do it as written."""
    choice = exercise.version(kit)
    if choice.version is Version.AS_WRITTEN:
        return None
    return _("<b>With your kit</b> (no {kit}): {version}.").format(
        kit=escape(_either(choice.missing)),
        version=escape(local(exercise).version_text(choice)),
    )


def kit_hint_lines(exercises: Iterable[Exercise], kit: frozenset[Kit] | None) -> list[str]:
    """The card's pointer to /kit, naming the kit on it, while the runner has not said
    what they have ([] once they have, or when the card needs no kit)."""
    needed = {k for exercise in exercises for k in exercise.needs}
    if kit is not None or not needed:
        return []
    names = [_in_text(k) for k in Kit if k in needed]
    hint = _("No {kit}? Send /kit and the card will fit what you have.").format(
        kit=escape(listed(names, "or"))
    )
    return ["", f"{KIT_MARK} {hint}"]


def without_kit_lines(exercise: Exercise) -> list[str]:
    """How ``exercise`` is done without the kit it needs (HTML): what may stand in for
    it, then the no-kit version, in one line; [] for an exercise that needs no kit."""
    if not exercise.needs:
        return []
    worded = local(exercise)
    texts = [way for way in [*(swap.text for swap in worded.swaps), worded.no_kit] if way]
    ways = reduce(_or_else, texts) if texts else ""
    line = _("No {kit}? {ways}.").format(
        kit=escape(_either(exercise.needs)), ways=escape(ways[:1].upper() + ways[1:])
    )
    return [line]
