"""The runner's kit (issue 16): which version of an exercise to do with the kit they
have, the catalogue's kit data and its validation, and the stored form."""

from __future__ import annotations

import copy
import tomllib
from datetime import UTC, datetime
from importlib import resources
from typing import Any

import pytest

from library.exercises import CatalogError, ExerciseCatalog, parse_exercise
from library.kit import (
    Kit,
    KitChoice,
    Version,
    choose_version,
    decode_kit,
    encode_kit,
    kit_from_mask,
    kit_mask,
)
from storage import Database

NOTHING: frozenset[Kit] = frozenset()
EVERYTHING = frozenset(Kit)
HOPS = (
    "single_leg_hops_forward_back",
    "single_leg_hops_side_to_side",
    "single_leg_hops_over_shoulder",
)


def owns(*kit: Kit) -> frozenset[Kit]:
    return frozenset(kit)


@pytest.mark.parametrize(
    ("needs", "substitutes", "owned", "expected"),
    [
        # Never asked: the full kit is assumed, as before the setting existed.
        ([Kit.VIPR], [Kit.DUMBBELLS], None, KitChoice(Version.AS_WRITTEN)),
        ([Kit.BARBELL], [], None, KitChoice(Version.AS_WRITTEN)),
        # Needing nothing: as written, whatever the runner owns.
        ([], [], NOTHING, KitChoice(Version.AS_WRITTEN)),
        ([], [], EVERYTHING, KitChoice(Version.AS_WRITTEN)),
        # Owning what it needs: as written, other kit or not.
        ([Kit.VIPR], [Kit.DUMBBELLS], owns(Kit.VIPR), KitChoice(Version.AS_WRITTEN)),
        ([Kit.VIPR], [Kit.DUMBBELLS], EVERYTHING, KitChoice(Version.AS_WRITTEN)),
        # No ViPR but dumbbells: the substitute.
        (
            [Kit.VIPR],
            [Kit.DUMBBELLS],
            owns(Kit.DUMBBELLS, Kit.BARBELL),
            KitChoice(Version.SUBSTITUTE, Kit.DUMBBELLS, owns(Kit.VIPR)),
        ),
        # Neither: the no-kit version.
        (
            [Kit.VIPR],
            [Kit.DUMBBELLS],
            owns(Kit.BARBELL),
            KitChoice(Version.NO_KIT, None, owns(Kit.VIPR)),
        ),
        ([Kit.BARBELL], [], NOTHING, KitChoice(Version.NO_KIT, None, owns(Kit.BARBELL))),
        # Substitutes in order of preference: the first one owned.
        (
            [Kit.MEDICINE_BALL],
            [Kit.SWISS_BALL, Kit.DUMBBELLS],
            owns(Kit.DUMBBELLS, Kit.SWISS_BALL),
            KitChoice(Version.SUBSTITUTE, Kit.SWISS_BALL, owns(Kit.MEDICINE_BALL)),
        ),
        (
            [Kit.MEDICINE_BALL],
            [Kit.SWISS_BALL, Kit.DUMBBELLS],
            owns(Kit.DUMBBELLS),
            KitChoice(Version.SUBSTITUTE, Kit.DUMBBELLS, owns(Kit.MEDICINE_BALL)),
        ),
        # Needing two pieces and owning one: what is missing is named.
        (
            [Kit.BARBELL, Kit.DUMBBELLS],
            [],
            owns(Kit.DUMBBELLS),
            KitChoice(Version.NO_KIT, None, owns(Kit.BARBELL)),
        ),
    ],
)
def test_the_version_follows_the_kit(
    needs: list[Kit], substitutes: list[Kit], owned: frozenset[Kit] | None, expected: KitChoice
) -> None:
    assert choose_version(needs, substitutes, owned) == expected


@pytest.mark.parametrize(
    ("owned", "hops", "rxx"),
    [
        (None, Version.AS_WRITTEN, Version.AS_WRITTEN),
        (EVERYTHING, Version.AS_WRITTEN, Version.AS_WRITTEN),
        (owns(Kit.DUMBBELLS), Version.SUBSTITUTE, Version.NO_KIT),
        (owns(Kit.VIPR), Version.AS_WRITTEN, Version.NO_KIT),
        (owns(Kit.BARBELL), Version.NO_KIT, Version.AS_WRITTEN),
        (NOTHING, Version.NO_KIT, Version.NO_KIT),
    ],
)
def test_the_seed_substitutes(
    catalog: ExerciseCatalog, owned: frozenset[Kit] | None, hops: Version, rxx: Version
) -> None:
    """The seed's substitutes: the single-leg hops with dumbbells when there is no ViPR
    (no weight with neither), the RXX clean with a broomstick when there is no barbell."""
    for exercise_id in HOPS:
        exercise = catalog.get(exercise_id)
        choice = exercise.version(owned)
        assert choice.version is hops
        if hops is Version.SUBSTITUTE:
            assert choice.kit is Kit.DUMBBELLS
            assert "dumbbell" in exercise.version_text(choice)
        if hops is Version.NO_KIT:
            assert "no weight" in exercise.version_text(choice)
    clean = catalog.get("rxx_clean")
    choice = clean.version(owned)
    assert choice.version is rxx
    assert ("broomstick" in clean.version_text(choice)) is (rxx is Version.NO_KIT)


@pytest.mark.parametrize(
    ("exercise_id", "needs", "word"),
    [
        ("swiss_ball_hamstring_curl", Kit.SWISS_BALL, "towel"),
        ("medicine_ball_lunge", Kit.MEDICINE_BALL, "no ball"),
        ("dumbbell_rdl", Kit.DUMBBELLS, "backpack"),
    ],
)
def test_other_kit_has_a_no_kit_version(
    catalog: ExerciseCatalog, exercise_id: str, needs: Kit, word: str
) -> None:
    exercise = catalog.get(exercise_id)
    assert exercise.needs == {needs}
    choice = exercise.version(NOTHING)
    assert choice == KitChoice(Version.NO_KIT, None, owns(needs))
    assert word in exercise.version_text(choice)
    assert exercise.version_text(exercise.version(EVERYTHING)) == ""


def test_a_lunge_with_dumbbells_but_no_ball(catalog: ExerciseCatalog) -> None:
    lunge = catalog.get("medicine_ball_lunge")
    choice = lunge.version(owns(Kit.DUMBBELLS))
    assert choice == KitChoice(Version.SUBSTITUTE, Kit.DUMBBELLS, owns(Kit.MEDICINE_BALL))
    assert "dumbbell" in lunge.version_text(choice)


def test_every_exercise_needing_kit_can_be_done_without_it(catalog: ExerciseCatalog) -> None:
    """Whatever a runner owns, each exercise has a version for them, with its words."""
    for exercise in catalog:
        for mask in range(1 << len(Kit)):
            owned = kit_from_mask(mask)
            choice = exercise.version(owned)
            assert choice.missing <= exercise.needs
            if choice.version is not Version.AS_WRITTEN:
                assert exercise.version_text(choice)


# --- Stored form and button masks ---------------------------------------------------------


@pytest.mark.parametrize(
    ("kit", "stored"),
    [
        (NOTHING, ""),
        (owns(Kit.VIPR), "vipr"),
        (owns(Kit.MEDICINE_BALL, Kit.DUMBBELLS), "dumbbells,medicine_ball"),
        (EVERYTHING, "vipr,dumbbells,barbell,swiss_ball,medicine_ball"),
    ],
)
def test_stored_form_round_trips(kit: frozenset[Kit], stored: str) -> None:
    assert encode_kit(kit) == stored
    assert decode_kit(stored) == kit


@pytest.mark.parametrize(
    ("stored", "kit"),
    [(None, None), ("", NOTHING), ("vipr,rowing_machine", owns(Kit.VIPR)), (",,", NOTHING)],
)
def test_decoding_never_asked_and_retired_ids(
    stored: str | None, kit: frozenset[Kit] | None
) -> None:
    assert decode_kit(stored) == kit


def test_masks_round_trip_and_refuse_what_no_kit_list_makes() -> None:
    for mask in range(1 << len(Kit)):
        owned = kit_from_mask(mask)
        assert owned is not None
        assert kit_mask(owned) == mask
    assert kit_mask([Kit.VIPR]) == 1
    assert kit_from_mask(1 << len(Kit)) is None
    assert kit_from_mask(-1) is None


async def test_the_kit_is_stored_with_the_runner(database: Database) -> None:
    """Not asked (NULL) for a new runner; saved, read back by every way a runner is read;
    "none" stays apart from "not asked"; other settings leave it alone."""
    now = datetime(2026, 11, 23, 6, 0, tzinfo=UTC)
    async with database.unit_of_work() as uow:
        runner, _ = await uow.users.register(
            telegram_user_id=7, chat_id=7, name="Kit", default_timezone="UTC", now=now
        )
        assert runner.kit is None
        saved = await uow.users.update_settings(runner.id, kit=owns(Kit.DUMBBELLS, Kit.VIPR))
        assert saved is not None
        assert saved.kit == owns(Kit.DUMBBELLS, Kit.VIPR)
        await uow.commit()
    async with database.unit_of_work() as uow:
        read = await uow.users.get(7)
        assert read is not None
        assert read.kit == owns(Kit.DUMBBELLS, Kit.VIPR)
        assert (await uow.users.get_many([7]))[7].kit == read.kit
        after_other = await uow.users.update_settings(read.id, lead_minutes=20)
        assert after_other is not None
        assert after_other.kit == read.kit
        none = await uow.users.update_settings(read.id, kit=NOTHING)
        assert none is not None
        assert none.kit == NOTHING
        await uow.commit()
    async with database.unit_of_work() as uow:
        again, created = await uow.users.register(
            telegram_user_id=7, chat_id=7, name="Kit", default_timezone="UTC", now=now
        )
        assert (created, again.kit) == (False, NOTHING)
        cleared = await uow.users.update_settings(again.id, kit=None)
        assert cleared is not None
        assert cleared.kit is None


# --- Catalogue validation -----------------------------------------------------------------


def hops_entry(**change: Any) -> dict[str, Any]:
    text = resources.files("library").joinpath("data/exercises.toml").read_text("utf-8")
    entries: list[dict[str, Any]] = tomllib.loads(text)["exercise"]
    entry = copy.deepcopy(next(e for e in entries if e["id"] == HOPS[0]))
    for field, value in change.items():
        if value is None:
            entry.pop(field, None)
        else:
            entry[field] = value
    return entry


@pytest.mark.parametrize(
    ("change", "field", "fragment"),
    [
        ({"needs": ["vipr", "treadmill"]}, "needs", "'treadmill' is not a kit"),
        ({"needs": "vipr"}, "needs", "list of kit ids"),
        ({"needs": ["vipr", "vipr"]}, "needs", "twice"),
        ({"swaps": [{"kit": "kettlebell", "text": "x"}]}, "swaps", "'kettlebell' is not a kit"),
        ({"swaps": [{"kit": "dumbbells"}]}, "swaps", "non-empty text"),
        ({"swaps": [{"kit": "dumbbells", "text": " "}]}, "swaps", "non-empty text"),
        ({"swaps": [{"kit": "vipr", "text": "x"}]}, "swaps", "needs"),
        ({"swaps": ["dumbbells"]}, "swaps", "kit = ..."),
        ({"no_kit": None}, "no_kit", "without the kit"),
        ({"needs": None}, "needs", "nothing to replace"),
    ],
)
def test_kit_data_is_validated_by_exercise_and_field(
    change: dict[str, Any], field: str, fragment: str
) -> None:
    with pytest.raises(CatalogError) as raised:
        parse_exercise(hops_entry(**change))
    message = str(raised.value)
    assert f"exercise {HOPS[0]!r}, field {field!r}" in message
    assert fragment in message


def test_kit_data_is_optional_for_an_exercise_without_kit() -> None:
    exercise = parse_exercise(hops_entry(needs=None, swaps=None, no_kit=None))
    assert (exercise.needs, exercise.swaps, exercise.no_kit) == (NOTHING, (), "")
    assert exercise.version(NOTHING) == KitChoice(Version.AS_WRITTEN)
