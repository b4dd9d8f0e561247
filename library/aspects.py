"""Questions about one aspect of an exercise: "hops cues", "rdl form", "easier version of
humps", "how should I land on the hops", "is the swiss ball curl safe".

:func:`find_aspect` finds the phrase that names the aspect and returns its code with the
rest of the text, which the matcher then reads as the exercise's name. The handlers put
that aspect first in the answer. :func:`landing_lines` picks, from an exercise's own
steps, cues and mistakes, the lines about landing (the catalogue has no landing field:
what it says about landing is spread over those three).
"""

from __future__ import annotations

import re
from enum import StrEnum

from library.exercises import Exercise


class Aspect(StrEnum):
    """One part of an exercise's explanation a runner can ask about on its own."""

    SETUP = "setup"
    STEPS = "steps"
    LANDING = "landing"
    CUES = "cues"
    FORM = "form"
    MISTAKES = "mistakes"
    EASIER = "easier"
    HARDER = "harder"
    SAFETY = "safety"
    DOSE = "dose"
    TEMPO = "tempo"


_ABOUT = r"(?: (?:for|of|on|in|with|during|when doing|while doing|to))?"
# Tried in this order on folded text (lower case, hyphens as spaces); the first that
# matches names the aspect, and the matched phrase is cut out of the text.
_PATTERNS: tuple[tuple[Aspect, str], ...] = (
    (
        Aspect.LANDING,
        r"\b(?:how|where) (?:should|do|can|would|must|to) (?:i |you |we )?land(?:ing)?\b"
        + _ABOUT
        + r"|\b(?:how to |tips? (?:for |on )?)?land(?:ing|ings)\b"
        + _ABOUT,
    ),
    (
        Aspect.MISTAKES,
        r"\bwhat (?:am i|are we|do i|could i be|might i be) (?:doing|getting) wrong\b"
        + _ABOUT
        + r"|\b(?:the )?(?:most )?(?:common |typical |usual |biggest |main |classic )?"
        r"(?:mistakes?|errors?|faults?)(?: (?:people|runners|you|i) (?:make|do))?"
        + _ABOUT
        + r"|\bwhat (?:not|shouldn'?t i|should i not) (?:to )?do\b"
        + _ABOUT,
    ),
    (
        Aspect.EASIER,
        r"\b(?:an? |the )?(?:easier|simpler|gentler|beginners?|regressions?|lighter)"
        r"(?: (?:version|variation|option|way|alternative|progression|one))?"
        r"(?: (?:of|for|to do|on))?"
        r"|\bscale (?:it |them )?(?:back|down)\b" + _ABOUT,
    ),
    (
        Aspect.HARDER,
        r"\b(?:an? |the )?(?:harder|tougher|advanced|more (?:challenging|difficult|advanced)"
        r"|progressions?)"
        r"(?: (?:version|variation|option|way|alternative|one))?"
        r"(?: (?:of|for|to do|on))?"
        r"|\b(?:too easy|level up)\b",
    ),
    (
        Aspect.SAFETY,
        r"\b(?:safe(?:ty)?|dangerous|risky|risks?|injur(?:y|e|ies|ious))\b" + _ABOUT,
    ),
    (
        Aspect.TEMPO,
        r"\b(?:the )?(?:tempo|speed|rhythm|cadence)\b"
        + _ABOUT
        + r"|\bhow (?:fast|quick(?:ly)?|slow(?:ly)?)(?: (?:should|do|must) (?:i|you|we)"
        r"(?: (?:do|go|move|perform))?)?\b" + _ABOUT,
    ),
    (
        Aspect.DOSE,
        r"\bhow (?:many|much)(?: (?:reps?|sets?|times|rounds?|repetitions?))?"
        r"(?: (?:should|do|must|can) (?:i|you|we) do)?(?: (?:of|for|on|per (?:leg|side)))?\b"
        r"|\b(?:the )?(?:dose|dosage|reps and sets|sets and reps|rep range)\b" + _ABOUT,
    ),
    (
        Aspect.CUES,
        r"\b(?:the |any |some )?(?:key |coaching |main )?(?:cues?|pointers?)\b"
        + _ABOUT
        + r"|\bwhat should i (?:think about|focus on)\b"
        + _ABOUT,
    ),
    (
        Aspect.FORM,
        r"\b(?:the )?(?:proper |correct |good |right |perfect |best )?(?:form|technique|posture)"
        r"\b(?: check)?" + _ABOUT,
    ),
    (
        Aspect.SETUP,
        r"\b(?:the )?(?:set ?up|start(?:ing)? position)\b"
        + _ABOUT
        + r"|\bhow (?:do|should) i (?:set up|start|begin|get into position)\b"
        + _ABOUT,
    ),
    (Aspect.STEPS, r"\b(?:the )?steps\b(?: (?:for|of|to))?|\bstep by step\b"),
)
_COMPILED = tuple((aspect, re.compile(pattern)) for aspect, pattern in _PATTERNS)
# "make X easier", "making the hops harder": the verb goes with the aspect.
_MAKE = re.compile(r"\b(?:make|making|made)\b")
_LANDING_WORDS = re.compile(
    r"\b(?:land(?:s|ed|ing|ings)?|touch (?:the ground|down)|ground|contacts?|come down"
    r"|forefoot|balls of your feet|quiet feet|foot down)\b",
    re.IGNORECASE,
)


def find_aspect(folded: str) -> tuple[Aspect | None, str]:
    """The aspect the folded text asks about and the text with its phrase cut out, or
    (None, the text unchanged)."""
    for aspect, pattern in _COMPILED:
        found = pattern.search(folded)
        if found is None or not found.group(0).strip():
            continue
        rest = folded[: found.start()] + " " + folded[found.end() :]
        if aspect in (Aspect.EASIER, Aspect.HARDER):
            rest = _MAKE.sub(" ", rest)
        return aspect, " ".join(rest.split())
    return None, folded


def landing_lines(exercise: Exercise) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """What the exercise's own lines say about landing: its steps and cues that speak of
    it (what to do), and its mistakes that do (what to avoid), kept apart so a mistake
    is never read as an instruction. Both empty for an exercise without landings."""
    do = tuple(line for line in (*exercise.steps, *exercise.cues) if _LANDING_WORDS.search(line))
    avoid = tuple(line for line in exercise.mistakes if _LANDING_WORDS.search(line))
    return do, avoid
