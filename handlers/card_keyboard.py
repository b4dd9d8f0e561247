"""The warm-up card's keyboard as a wave sends it: the Bot API's JSON, made once per
shape of card and filled in with each session's id.

A wave sends thousands of cards whose keyboards differ only in the session id inside
their buttons' data. Built with :func:`handlers.session_view.plan_keyboard` for each
card, the PTB button objects and their serialization back into JSON were about a tenth
of a wave's CPU. :func:`card_keyboard` builds the keyboard once for each shape (the
language, the exercises, the pain check and its leg, the kit, the kind of session and
the Snooze minutes) with a marker in place of the session id, keeps where the id goes in
each button's data, and fills in the session's id. It is plan_keyboard's keyboard, to
the byte (tests/test_card_keyboard.py compares them over every shape).
"""

from __future__ import annotations

from typing import Any

from handlers.i18n import current
from handlers.session_view import MAX_SESSION_ID, plan_keyboard
from library.planner import SessionPlan

# A session id no real session has (ids stay below the int4 limit): where it appears in
# a button's data, a session's id goes.
_MARKER = str(MAX_SESSION_ID + 1)
_DATA = "callback_data"
MAX_SHAPES = 1024  # shapes kept; a full cache is emptied and filled again

# A button: its fields, and its data split at the session id (None: no id in it).
_Button = tuple[dict[str, Any], str, str | None]
_SHAPES: dict[tuple[object, ...], list[list[_Button]]] = {}


def card_keyboard(
    plan: SessionPlan, session_id: int, *, snooze_minutes: int | None = None
) -> dict[str, Any]:
    """``plan_keyboard(plan, session_id, snooze_minutes=...)`` as the Bot API's JSON, in
    the language being worded."""
    key = (
        current(),
        plan.kind,
        plan.pain_check,
        plan.pain_leg,
        plan.exercise_ids,
        plan.kit,
        snooze_minutes,
    )
    shape = _SHAPES.get(key)
    if shape is None:
        if len(_SHAPES) >= MAX_SHAPES:
            _SHAPES.clear()
        shape = _SHAPES[key] = _shape(plan, snooze_minutes)
    number = str(session_id)
    return {
        "inline_keyboard": [
            [
                fields
                if before is None
                else {
                    **fields,
                    "callback_data": before if after is None else before + number + after,
                }
                for fields, before, after in row
            ]
            for row in shape
        ]
    }


def _shape(plan: SessionPlan, snooze_minutes: int | None) -> list[list[_Button]]:
    markup = plan_keyboard(plan, int(_MARKER), snooze_minutes=snooze_minutes).to_dict()
    rows: list[list[_Button]] = []
    for row in markup["inline_keyboard"]:
        buttons: list[_Button] = []
        for button in row:
            data = button.get(_DATA)
            before, marker, after = (
                data.partition(_MARKER) if isinstance(data, str) else ("", "", "")
            )
            buttons.append((button, before, after if marker else None))
        rows.append(buttons)
    return rows
