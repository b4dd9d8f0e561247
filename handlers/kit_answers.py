"""Answers about the kit: "what's a ViPR", "do I need a barbell", "what kit do I need".

What each piece is, which exercises use it (``ExerciseMatcher.using``) and what to use
instead (the catalogue's substitutes), in a few short lines.
"""

from __future__ import annotations

from collections.abc import Iterable

from handlers.i18n import N_, _, local
from handlers.kit_view import KIT_NAMES, without_kit_lines
from handlers.rendering import escape
from library.exercises import Exercise
from library.kit import Kit
from library.matcher import ExerciseMatcher

KIT_IS = {
    Kit.VIPR: N_(
        "A ViPR is a thick rubber tube, about a metre long and a few kilos heavy, with "
        "handholds cut into it. You hold it, lift it or swing it to load a movement."
    ),
    Kit.DUMBBELLS: N_(
        "Dumbbells are short hand weights, one per hand. A light pair (a few kilos each) "
        "is all these exercises ask for."
    ),
    Kit.BARBELL: N_(
        "A barbell is a long bar held in both hands, with room for weight plates at each "
        "end. Here a light one, or the bar on its own, is plenty."
    ),
    Kit.SWISS_BALL: N_(
        "A Swiss ball (also sold as a stability, gym or exercise ball) is a big "
        "inflatable ball, roughly knee to hip high, that rolls as you use it."
    ),
    Kit.MEDICINE_BALL: N_(
        "A medicine ball is a weighted ball about the size of a football, held in both "
        "hands. A light one (2 to 4 kg) is enough."
    ),
}
NOT_USED = N_("None of the exercises needs one.")
OTHERS = N_("The other exercises need none of these; their cards say if a mat or an anchor helps.")
NOTHING_TO_BUY = N_("You don't need to buy anything to start: each of these has a stand-in.")
SET_YOUR_KIT = N_("Tell me what you have with /kit, and your cards will use the version that fits.")


def _names(exercises: Iterable[Exercise]) -> str:
    return ", ".join(escape(local(exercise).name) for exercise in exercises)


def _instead(exercises: Iterable[Exercise]) -> list[str]:
    """How the exercises are done without their kit (kit_view.without_kit_lines), each
    way once: named by the exercises it is for when they differ."""
    by_line: dict[str, list[Exercise]] = {}
    for exercise in exercises:
        for line in without_kit_lines(exercise):
            by_line.setdefault(line, []).append(exercise)
    if len(by_line) <= 1:
        return list(by_line)
    return [f"<i>{_names(named)}</i> — {line}" for line, named in by_line.items()]


def kit_answer(matcher: ExerciseMatcher, kit: Kit) -> str:
    """One piece of kit: what it is, where it is used, what to use instead."""
    used = matcher.using(kit)
    lines = [f"<b>{_(KIT_NAMES[kit])}</b>", _(KIT_IS[kit]), ""]
    if not used:
        return "\n".join([*lines, _(NOT_USED)])
    lines.append(_("<b>Used in:</b> {exercises}").format(exercises=_names(used)))
    return "\n".join([*lines, *_instead(used), "", _(SET_YOUR_KIT)])


def all_kit_answer(matcher: ExerciseMatcher) -> str:
    """Every piece of kit the exercises use, with the exercises and the stand-ins."""
    lines = [_("<b>Kit for the exercises</b>")]
    every_one_has_a_stand_in = True
    for kit in Kit:
        used = matcher.using(kit)
        if not used:
            continue
        # TRANSLATORS: a piece of kit, then the exercises that use it.
        used_in = _("<b>{kit}:</b> {exercises}").format(
            kit=_(KIT_NAMES[kit]), exercises=_names(used)
        )
        lines += ["", used_in, *_instead(used)]
        every_one_has_a_stand_in &= all(exercise.swaps or exercise.no_kit for exercise in used)
    lines.append("")
    lines.append(_(OTHERS))
    if every_one_has_a_stand_in:
        lines.append(_(NOTHING_TO_BUY))
    lines.append(_(SET_YOUR_KIT))
    return "\n".join(lines)


def answer_about_kit(matcher: ExerciseMatcher, kit: Kit | None) -> str:
    """The answer to a KIT question: one piece, or all of it (``kit`` None)."""
    return all_kit_answer(matcher) if kit is None else kit_answer(matcher, kit)
