"""Shared hypothesis settings and text strategies for the parsers' property-based tests."""

from __future__ import annotations

import os
from datetime import timedelta

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from bot.application import load_catalog
from library.matcher import ExerciseMatcher

IN_CI = os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")

# One setting for every property test. The deadline is generous (the parsers take well
# under a millisecond per message) so only pathological backtracking trips it; under CI
# the examples are derived from the test's name, so a run there is reproducible.
PROPERTIES = settings(
    max_examples=int(os.environ.get("PROPERTY_EXAMPLES", "150")),
    deadline=timedelta(milliseconds=500),
    derandomize=IN_CI,
    suppress_health_check=[HealthCheck.too_slow],
)

TELEGRAM_LIMIT = 4096  # characters in one Telegram message

# Module-level, not fixtures: hypothesis runs many examples per test function, and a
# function-scoped fixture would be shared between them anyway.
CATALOG = load_catalog()
MATCHER = ExerciseMatcher(CATALOG)

# Characters that tend to break text handling: right-to-left scripts and marks,
# controls (NUL, ESC, NEL, line separators), zero-width and combining marks, digits of
# other scripts, fullwidth and superscript digits, emoji with joiners and skin tones.
_TRICKY = (
    "\x00\x01\x07\x08\t\n\r\x0b\x0c\x1b\x7f\x85\u2028\u2029"
    "\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2069\ufeff"
    "שלוםعربي۱۲٣٤\u0660\u0669\u06f5\u0966\u096f\uff10\uff19²³¹⁰½⅒\u2460\u248b\u3251"
    "\u0301\u0308\u20dd\ufdfa\ufb01ß\u0130\u0131ſK"
    "💪🔥🏃\u200d\u2640\ufe0f👍🏽🇬🇧😀🙏"
    "0123456789 -.,:;!?/=()×*#'\"°&+"
)
TRICKY_CHARS = st.sampled_from(_TRICKY)

_ANY_CHAR = st.one_of(st.characters(codec="utf-8"), TRICKY_CHARS)
# Any text a Telegram message could hold: all of Unicode but lone surrogates (UTF-8
# cannot carry them), weighted towards the tricky characters above; now and then a
# random piece repeated up to the 4,096-character limit (hypothesis rarely draws long
# text by itself).
ANY_TEXT = st.one_of(
    st.text(_ANY_CHAR, max_size=TELEGRAM_LIMIT),
    st.builds(
        lambda piece, times: (piece * times)[:TELEGRAM_LIMIT],
        st.text(_ANY_CHAR, min_size=1, max_size=200),
        st.integers(min_value=1, max_value=TELEGRAM_LIMIT),
    ),
)

_RUN_PIECES = (
    "1",
    "9",
    " ",
    "  ",
    "a",
    "x",
    "1 ",
    "12 ",
    "1.",
    "-",
    "- ",
    "-1",
    "1x",
    "1 x ",
    "12,",
    "left ",
    "l1",
    "r",
    "each ",
    "set ",
    "sets of ",
    "3 sets of ",
    "no ",
    "pain ",
    "didn't ",
    "hey ",
    "so ",
    "how do i do ",
    "bridge ",
    "45 ",
    "hamstring ",
    "mon ",
    "mon-",
    "and ",
    ", ",
    "7:",
    "utc",
    "\u0660",
    "💪",
)


@st.composite
def long_runs(draw: st.DrawFn) -> str:
    """Up to 4,096 characters of one short piece repeated ("1 1 1 ...", "left left ..."),
    after an optional prefix and before an optional odd last character: the shapes that
    make backtracking regular expressions explode."""
    prefix = draw(st.sampled_from(("", "left ", "how do i do ", "12 ", "x", "-")))
    piece = draw(st.one_of(st.sampled_from(_RUN_PIECES), st.text(TRICKY_CHARS, max_size=4)))
    suffix = draw(st.sampled_from(("", "x", "!", "?", ".", "-", " ", "a", "1", "€")))
    room = TELEGRAM_LIMIT - len(prefix) - len(suffix)
    count = draw(st.integers(min_value=1, max_value=room // max(len(piece), 1)))
    return prefix + piece * count + suffix


LONG_RUNS = long_runs()

# The classic runs, always tried (hypothesis only samples the strategy above).
CLASSIC_RUNS = (
    "1" * TELEGRAM_LIMIT,
    " " * TELEGRAM_LIMIT,
    "a" * TELEGRAM_LIMIT,
    "1" * (TELEGRAM_LIMIT - 1) + "x",
    "1 " * (TELEGRAM_LIMIT // 2 - 1) + "x",
    "left " * (TELEGRAM_LIMIT // 5),
    "-" * TELEGRAM_LIMIT,
    "1." * (TELEGRAM_LIMIT // 2),
    "no " * (TELEGRAM_LIMIT // 3) + "pain",
    "so " * (TELEGRAM_LIMIT // 3) + "how",
    "💪" * TELEGRAM_LIMIT,
)


def mixed_case(draw: st.DrawFn, text: str) -> str:
    """``text`` with each ASCII letter's case drawn at random."""
    flips = draw(st.lists(st.booleans(), min_size=len(text), max_size=len(text)))
    return "".join(ch.upper() if flip else ch for ch, flip in zip(text, flips, strict=True))


def extra_spaces(draw: st.DrawFn, text: str) -> str:
    """``text`` with each space widened to one to three spaces (a tab now and then)."""
    n = text.count(" ")
    widths = draw(st.lists(st.sampled_from((" ", "  ", "   ", " \t")), min_size=n, max_size=n))
    pieces = text.split(" ")
    out = pieces[0]
    for width, piece in zip(widths, pieces[1:], strict=True):
        out += width + piece
    return out
