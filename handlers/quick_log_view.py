"""The quick log's message: "✅ As planned: L 8 · R 8" and a ➖/➕ row per leg, with the
counts carried in each button's data, so ➖/➕ edit the same message in place and a
restart loses nothing."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from handlers.i18n import _, pgettext
from handlers.session_view import MAX_CALLBACK_BYTES, prompt_text, session_number
from handlers.wording import leg_name
from library.adaptation import Prescription
from library.exercises import Exercise
from library.quick_log import as_planned, legs_of, nudged
from library.training import Leg

# ql:<session>:<exercise id>:<counts>  show these counts (➖/➕)
# qs:<session>:<exercise id>:<counts>  store these counts
# qn:                                  a leg's label: tells how to change it
# <counts> is a letter and a count per leg, "L8R10" or "B20": with a 10-digit session and a
# 40-character id the longest is "qs:" + 10 + ":" + 40 + ":" + "L200R200" = 63 bytes.
ADJUST_PREFIX = "ql:"
SAVE_PREFIX = "qs:"
LABEL_DATA = "qn:"
QUICK_PREFIXES = (ADJUST_PREFIX, SAVE_PREFIX, LABEL_DATA)
_LETTERS = {Leg.LEFT: "L", Leg.RIGHT: "R", Leg.BOTH: "B"}
_QUICK = re.compile(
    r"(?P<prefix>q[ls]:)(?P<session>\d{1,10}):(?P<exercise>[a-z][a-z0-9_]{1,39}):"
    r"(?P<counts>(?:[LRB]\d{1,3}){1,2})",
    re.ASCII,
)
_COUNT = re.compile(r"([LRB])(\d{1,3})", re.ASCII)


def _data(prefix: str, session_id: int, exercise: Exercise, counts: Mapping[Leg, int]) -> str:
    packed = "".join(f"{_LETTERS[leg]}{count}" for leg, count in counts.items())
    data = f"{prefix}{session_id}:{exercise.id}:{packed}"
    if len(data.encode()) > MAX_CALLBACK_BYTES:  # ids are validated to fit: a bug if not
        raise ValueError(f"quick log data over {MAX_CALLBACK_BYTES} bytes: {data!r}")
    return data


def decode(data: str) -> tuple[str, int, str, dict[Leg, int]] | None:
    """The prefix, session id, exercise id and counts a quick-log button carries; None
    for anything malformed (a leg twice, a session id out of range)."""
    match = _QUICK.fullmatch(data)
    session = session_number(match.group("session")) if match is not None else None
    if match is None or session is None:
        return None
    legs = {letter: leg for leg, letter in _LETTERS.items()}
    counts: dict[Leg, int] = {}
    for letter, number in _COUNT.findall(match.group("counts")):
        if legs[letter] in counts:
            return None
        counts[legs[letter]] = int(number)
    return match.group("prefix"), session, match.group("exercise"), counts


def _leg_letter(leg: Leg) -> str:
    if leg is Leg.LEFT:
        # TRANSLATORS: the left leg in one letter, on a button: "✅ As planned: L 8 · R 8".
        return pgettext("leg letter", "L")
    # TRANSLATORS: the right leg in one letter, on a button: "✅ As planned: L 8 · R 8".
    return pgettext("leg letter", "R")


def counts_text(item: Prescription, counts: Mapping[Leg, int]) -> str:
    """'L 8 · R 8', with the sets when there are several: 'L 3×8 · R 2×8'; '2×20'."""
    parts = []
    for leg, count in counts.items():
        sets = item.sets_for(leg)
        amount = f"{sets}×{count}" if sets > 1 else str(count)
        parts.append(amount if leg is Leg.BOTH else f"{_leg_letter(leg)} {amount}")
    return " · ".join(parts)


def quick_rows(
    session_id: int, item: Prescription, counts: Mapping[Leg, int]
) -> list[list[InlineKeyboardButton]]:
    """The save button, then ➖ count ➕ for each leg (the weaker leg first)."""
    exercise = item.exercise
    shown = counts_text(item, counts)
    if as_planned(item, counts):
        label = _("✅ As planned: {counts}").format(counts=shown)
    else:
        label = _("✅ Save: {counts}").format(counts=shown)
    rows = [
        [
            InlineKeyboardButton(
                label, callback_data=_data(SAVE_PREFIX, session_id, exercise, counts)
            )
        ]
    ]
    for leg in legs_of(item):
        less = _data(ADJUST_PREFIX, session_id, exercise, nudged(counts, leg, -1))
        more = _data(ADJUST_PREFIX, session_id, exercise, nudged(counts, leg, +1))
        name = str(counts[leg]) if leg is Leg.BOTH else f"{leg_name(leg)} {counts[leg]}"
        rows.append(
            [
                InlineKeyboardButton("➖", callback_data=less),
                InlineKeyboardButton(name, callback_data=LABEL_DATA),
                InlineKeyboardButton("➕", callback_data=more),
            ]
        )
    return rows


def with_quick_rows(
    markup: InlineKeyboardMarkup | None, rows: Sequence[Sequence[InlineKeyboardButton]]
) -> InlineKeyboardMarkup:
    """``markup`` with its quick-log rows replaced by ``rows`` (other rows kept, after)."""
    kept = [
        row
        for row in (markup.inline_keyboard if markup is not None else ())
        if not any(
            isinstance(b.callback_data, str) and b.callback_data.startswith(QUICK_PREFIXES)
            for b in row
        )
    ]
    return InlineKeyboardMarkup([*rows, *kept])


def quick_text(exercise: Exercise) -> str:
    """The message above the quick log: how to send the reps, and what the buttons do."""
    hint = _("Did it as planned? Tap ✅. If not, set the reps with ➖/➕ first.")
    return f"{prompt_text(exercise)}\n{hint}"
