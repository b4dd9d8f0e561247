"""handlers/card_keyboard: the wave's keyboard is plan_keyboard's, to the byte, for every
shape of card, in every language, whatever the session id."""

from __future__ import annotations

import itertools
import json
from datetime import date

import pytest

from bot.application import load_catalog
from handlers.card_keyboard import card_keyboard
from handlers.i18n import speaking
from handlers.session_view import MAX_SESSION_ID, plan_keyboard, plan_text
from library.exercises import ExerciseKind
from library.kit import Kit
from library.languages import Language
from library.pain_check import PainCheck, SessionCheck
from library.planner import SessionPlan, plan_session
from library.training import Leg

DAY = date(2026, 12, 7)
CATALOG = load_catalog()
KITS: list[frozenset[Kit] | None] = [None, frozenset(), frozenset({Kit.VIPR, Kit.DUMBBELLS})]
CHECKS: list[tuple[PainCheck, Leg | None] | None] = [
    None,
    (PainCheck.NONE, None),
    (PainCheck.MILD, Leg.LEFT),
    (PainCheck.MILD, Leg.BOTH),
    (PainCheck.SHARP, Leg.RIGHT),
    (PainCheck.SHARP, None),
]


def _plan(
    kind: ExerciseKind, check: tuple[PainCheck, Leg | None] | None, kit: frozenset[Kit] | None
) -> SessionPlan:
    answer = None if check is None else SessionCheck(7, DAY, check[0], check[1])
    return plan_session(CATALOG, [], DAY, kind, check=answer, kit=kit)


@pytest.mark.parametrize("language", list(Language))
def test_every_shape_is_plan_keyboards_keyboard(language: Language) -> None:
    shapes = itertools.product(
        [ExerciseKind.WARMUP, ExerciseKind.STRENGTH], CHECKS, KITS, [None, 10]
    )
    compared = 0
    with speaking(language):
        for kind, check, kit, snooze in shapes:
            plan = _plan(kind, check, kit)
            for session_id in (1, 42, 90210, MAX_SESSION_ID):
                expected = plan_keyboard(plan, session_id, snooze_minutes=snooze).to_dict()
                made = card_keyboard(plan, session_id, snooze_minutes=snooze)
                assert made == expected
                assert json.dumps(made) == json.dumps(expected)  # same order of fields
                compared += 1
    assert compared == 2 * len(CHECKS) * len(KITS) * 2 * 4


def test_each_card_gets_a_keyboard_of_its_own() -> None:
    """Changing one card's keyboard (as nothing should) does not reach the next card."""
    plan = _plan(ExerciseKind.WARMUP, None, None)
    with speaking(Language.EN):
        first = card_keyboard(plan, 5, snooze_minutes=10)
        for row in first["inline_keyboard"]:
            for button in row:
                button["text"] = "changed"
        first["inline_keyboard"].append([])
        second = card_keyboard(plan, 6, snooze_minutes=10)
    assert second == plan_keyboard(plan, 6, snooze_minutes=10).to_dict()


def test_the_language_is_part_of_the_shape() -> None:
    plan = _plan(ExerciseKind.WARMUP, None, None)
    with speaking(Language.EN):
        english = card_keyboard(plan, 5)
    with speaking(Language.DE):
        german = card_keyboard(plan, 5)
    assert english != german
    with speaking(Language.DE):
        assert german == plan_keyboard(plan, 5).to_dict()


@pytest.mark.parametrize("check", CHECKS)
def test_the_intro_is_the_cards_first_line(check: tuple[PainCheck, Leg | None] | None) -> None:
    """A wave words the card's body once and puts each runner's intro above it: the text
    plan_text gives with that intro (a sharp pain check's card too)."""
    plan = _plan(ExerciseKind.WARMUP, check, None)
    intro = "🏃 Your run starts at 07:00 (in 15 min) — time to warm up."
    for language in Language:
        with speaking(language):
            assert f"{intro}\n{plan_text(plan)}" == plan_text(plan, intro)
