"""Exercise texts in every language (issue 18): each language's file words every exercise
in every field, validated at load; a missing exercise, a missing or unknown field, a
wrong number of kit entries or an alias another exercise has is refused with a message
that names the exercise, the language and the field."""

from __future__ import annotations

import tomllib
from importlib import resources

import pytest

from bot.application import load_catalog
from library.exercises import CatalogError, ExerciseCatalog
from library.languages import Language

TRANSLATED = [language.value for language in Language if language is not Language.EN]
DATA = resources.files("library").joinpath("data")
TEXT_FIELDS = ("setup", "easier", "harder", "safety")


def english() -> str:
    return DATA.joinpath("exercises.toml").read_text("utf-8")


def language_file(code: str) -> str:
    return DATA.joinpath(f"exercises.{code}.toml").read_text("utf-8")


@pytest.mark.parametrize("code", TRANSLATED)
def test_every_exercise_is_worded_in_every_language(code: str) -> None:
    catalog = load_catalog()
    for exercise in catalog:
        worded = exercise.in_language(code)
        assert worded is not exercise, f"{exercise.id} has no {code} texts"
        assert worded.id == exercise.id
        assert worded.dose.sets == exercise.dose.sets  # the dose is the same everywhere
        assert worded.dose.rep_range == exercise.dose.rep_range
        assert worded.name != exercise.name or exercise.id == "nordic_hamstring_curl"
        for field in TEXT_FIELDS:
            assert getattr(worded, field) != getattr(exercise, field), (exercise.id, field)
        assert len(worded.steps) >= 1
        assert len(worded.cues) >= 1
        assert len(worded.mistakes) >= 1
        assert len(worded.equipment) == len(exercise.equipment)
        assert [swap.kit for swap in worded.swaps] == [swap.kit for swap in exercise.swaps]
        assert bool(worded.no_kit) == bool(exercise.no_kit)


def test_english_is_the_exercise_as_written() -> None:
    catalog = load_catalog()
    for exercise in catalog:
        assert exercise.in_language("en") is exercise
        assert exercise.in_language("pt") is exercise


def test_every_language_s_names_find_their_exercise() -> None:
    """Names and nicknames of every language belong to one exercise each."""
    catalog = load_catalog()
    owners: dict[str, str] = {}
    for exercise in catalog:
        for alias in exercise.every_alias:
            assert owners.setdefault(alias, exercise.id) == exercise.id, alias
    for code in TRANSLATED:
        for exercise in catalog:
            assert exercise.in_language(code).name.casefold() in exercise.every_alias


def _without(code: str, exercise_id: str, field: str) -> str:
    tables = tomllib.loads(language_file(code))
    del tables[exercise_id][field]
    return _dump(tables)


def _dump(tables: dict[str, dict[str, object]]) -> str:
    """Minimal TOML for the tables (strings, lists of strings, one-level inline tables)."""

    def value(item: object) -> str:
        if isinstance(item, str):
            return '"' + item.replace("\\", "\\\\").replace('"', '\\"') + '"'
        if isinstance(item, list):
            return "[" + ", ".join(value(part) for part in item) + "]"
        assert isinstance(item, dict)
        return "{ " + ", ".join(f"{key} = {value(part)}" for key, part in item.items()) + " }"

    lines = []
    for name, table in tables.items():
        lines.append(f"[{name}]")
        lines += [f"{key} = {value(item)}" for key, item in table.items()]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda t: t.pop("hamstring_hops"), "'hamstring_hops' has no de texts"),
        (lambda t: t["hamstring_hops"].pop("cues"), "'hamstring_hops' (de), field 'cues'"),
        (lambda t: t["hamstring_hops"].update(video="x"), "field 'video'"),
        (lambda t: t["hamstring_hops"].update(steps=[]), "field 'steps'"),
        (lambda t: t["rxx_clean"].update(equipment=[]), "field 'equipment'"),
        (lambda t: t.update(unknown_drill={"name": "x"}), "unknown exercises"),
        (
            lambda t: t["hamstring_humps"].update(aliases=["pogo hops"]),
            "field 'aliases': 'pogo hops' is already used",
        ),
    ],
)
def test_a_broken_language_file_is_refused_with_where(change: object, message: str) -> None:
    tables = tomllib.loads(language_file("de"))
    assert callable(change)
    change(tables)
    with pytest.raises(CatalogError, match=message.replace("(", r"\(").replace(")", r"\)")):
        ExerciseCatalog.from_toml(english(), {"de": _dump(tables)})


def test_not_toml_is_refused() -> None:
    with pytest.raises(CatalogError, match="the fr texts is not valid TOML"):
        ExerciseCatalog.from_toml(english(), {"fr": "[hamstring_hops\nname = "})
