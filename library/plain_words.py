"""Plain words that do what a button or command does: "warmup" or "what should I do before
my run?" (/warmup), "done" (the ✅ Done button), "skip" (the ⏭ Skip button).

:func:`plain_command` only answers for a whole message that is one of these short
phrases (a greeting or "please" around it, an emoji or "!" after it), so a rep report
("done 12 12"), small talk ("I'm done with work", "skip the small talk") or a remark
("the warm-up was great yesterday") is never taken for one.
"""

from __future__ import annotations

import re
from enum import StrEnum


class PlainCommand(StrEnum):
    """What a plain-words message asks for."""

    WARMUP = "warmup"
    DONE = "done"
    SKIP = "skip"


_WARMUP_WORD = r"(?:warm ?ups?|warmups?)"
_SESSION = r"(?:(?:the |my |this |today'?s |todays )?(?:" + _WARMUP_WORD + r"|session|workout))"
_TODAY = r"(?: (?:today|now|for today|this morning|this evening|tonight))?"
_PHRASES: dict[PlainCommand, tuple[str, ...]] = {
    PlainCommand.WARMUP: (
        r"(?:my |the |today'?s |todays )?" + _WARMUP_WORD + _TODAY,
        r"(?:what'?s|what is|whats) (?:my|the|today'?s|todays) " + _WARMUP_WORD + _TODAY,
        r"(?:send|give|show) (?:me )?(?:my |the |a |today'?s )?" + _WARMUP_WORD + _TODAY,
        r"(?:start|begin|let'?s do|lets do|time for) (?:my |the |a )?" + _WARMUP_WORD,
        r"what (?:should|do|shall|can) i do (?:before|ahead of|prior to) (?:my |the |a )?"
        r"(?:runs?|running|jog)" + _TODAY,
        r"what(?:'s| is|s) (?:my |the )?(?:pre run|prerun) (?:routine|warm ?up|warmup)",
    ),
    PlainCommand.DONE: (
        r"(?:i'?m |im |i am |all |we'?re |finally )?(?:done|finished|complete|completed)"
        r"(?: (?:it|that|now|for today|today))?",
        _SESSION + r" (?:is )?(?:done|finished|complete|completed)",
        r"(?:i )?(?:finished|completed|did|done) " + _SESSION,
        r"(?:i'?m |im |i am )?(?:done|finished) with " + _SESSION,
    ),
    PlainCommand.SKIP: (
        r"(?:skip|skipping|skipped)(?: (?:it|this|that|this one|today|for today|today'?s"
        r"|todays|now|please))?",
        r"(?:skip|skipping|skipped) " + _SESSION + _TODAY,
        r"(?:i'?ll |i will |gonna |going to |i'?m going to |i'?m gonna )?(?:skip|pass)"
        r"(?: on)? (?:it|this one|this|today)",
        r"no " + _WARMUP_WORD + r" (?:today|for me today)",
    ),
}
_LEAD = r"(?:(?:hey|hi|ok|okay|coach|so|right|well|yes|yep|yeah|please|pls|and)[,!.]? )*"
_TAIL = r"(?: (?:please|pls|thanks|thank you|coach|mate))*"
_COMPILED = {
    command: re.compile(r"^" + _LEAD + r"(?:" + "|".join(phrases) + r")" + _TAIL + r"$")
    for command, phrases in _PHRASES.items()
}
_KEEP = re.compile(r"[^a-z0-9' ]+")


def plain_command(folded: str) -> PlainCommand | None:
    """The command a whole folded message (library.matcher.fold) stands for, or None."""
    words = " ".join(_KEEP.sub(" ", folded.replace("\u2019", "'")).split())
    if not words:
        return None
    for command, pattern in _COMPILED.items():
        if pattern.match(words):
            return command
    return None
