"""The exercise catalogue: the seed posts' exercises (and those added on evidence, see
docs/coaching.md) as validated, immutable data.

The catalogue is parsed from TOML text handed in by the caller (the composition root
reads the packaged ``library/data/exercises.toml``); every problem is reported with the
exercise and the field it concerns.

Each language other than English has its own texts, written natively, in
``library/data/exercises.<code>.toml``: one table per exercise id with every text field
(name, aliases as runners of that language say them, equipment, tempo, setup, steps,
cues, mistakes, easier, harder, safety, and no_kit and swaps where the exercise has
them). They are validated at load like the catalogue itself: every exercise, every
field, nothing unknown. :meth:`Exercise.in_language` gives the exercise worded in one.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any

from library.kit import Kit, KitChoice, Version, choose_version

_ID = re.compile(r"[a-z][a-z0-9_]{1,39}")


class ExerciseKind(StrEnum):
    """When an exercise is done: right before a run, or on a strength day."""

    WARMUP = "warmup"
    STRENGTH = "strength"


class CatalogError(ValueError):
    """The catalogue data is wrong; the message names the exercise and the field."""


@dataclass(frozen=True, slots=True)
class Dose:
    """How much of an exercise a session asks for, as the seed posts give it."""

    sets: int
    reps_min: int | None
    reps_max: int | None
    until_form_falters: bool
    reps_per_leg: bool
    tempo: str

    @property
    def rep_range(self) -> tuple[int, int] | None:
        if self.reps_min is None or self.reps_max is None:
            return None
        return self.reps_min, self.reps_max


@dataclass(frozen=True, slots=True)
class KitSwap:
    """Other kit that can stand in for what an exercise needs, and how the exercise is
    done with it (a short plain-text phrase from the catalogue)."""

    kit: Kit
    text: str


@dataclass(frozen=True, slots=True)
class Exercise:
    """One exercise with everything needed to explain and dose it."""

    id: str
    name: str
    kind: ExerciseKind
    per_leg: bool
    aliases: tuple[str, ...]
    equipment: tuple[str, ...]
    dose: Dose
    setup: str
    steps: tuple[str, ...]
    cues: tuple[str, ...]
    mistakes: tuple[str, ...]
    easier: str
    harder: str
    safety: str
    video_url: str | None = None
    # The kit it needs (library/kit.py), what may stand in for it in order of
    # preference, and how it is done with none of it ("" when it needs no kit).
    needs: frozenset[Kit] = frozenset()
    swaps: tuple[KitSwap, ...] = ()
    no_kit: str = ""
    # Springy, explosive work (hops, humps): swapped for its easier version when the
    # pre-run pain check says mild, left out when it says sharp (library/pain_check.py).
    ballistic: bool = False
    # The same exercise worded in the other languages, by code (texts only; the dose,
    # kit and flags are the same everywhere).
    localized: Mapping[str, Exercise] = field(default_factory=dict, compare=False, repr=False)

    def in_language(self, language: str) -> Exercise:
        """This exercise worded in ``language`` (as written when it has no texts in it)."""
        return self.localized.get(language, self)

    @property
    def every_alias(self) -> tuple[str, ...]:
        """Its names and nicknames in every language, case-folded."""
        words = [self.name.casefold(), *self.aliases]
        for other in self.localized.values():
            words += [other.name.casefold(), *other.aliases]
        return tuple(dict.fromkeys(words))

    def version(self, owned: frozenset[Kit] | None) -> KitChoice:
        """Which version to do with the runner's kit (None: never asked, as written)."""
        return choose_version(self.needs, [swap.kit for swap in self.swaps], owned)

    def version_text(self, choice: KitChoice) -> str:
        """The catalogue's phrase for ``choice``: how it is done with the substitute or
        with no kit; "" as written."""
        if choice.version is Version.NO_KIT:
            return self.no_kit
        return next((swap.text for swap in self.swaps if swap.kit is choice.kit), "")


class _Fields:
    """Typed access to one raw exercise table, with errors that name exercise and field."""

    def __init__(self, raw: Mapping[str, Any], label: str) -> None:
        self.raw = raw
        self.label = label

    def fail(self, field: str, problem: str) -> CatalogError:
        return CatalogError(f"exercise {self.label}, field {field!r}: {problem}")

    def text(self, field: str, *, optional: bool = False) -> str:
        value = self.raw.get(field)
        if value is None and optional:
            return ""
        if not isinstance(value, str) or not value.strip():
            raise self.fail(field, "must be a non-empty text")
        return value.strip()

    def flag(self, field: str, *, default: bool | None = None) -> bool:
        value = self.raw.get(field)
        if value is None and default is not None:
            return default
        if not isinstance(value, bool):
            raise self.fail(field, "must be true or false")
        return value

    def count(self, field: str, *, optional: bool = False) -> int | None:
        value = self.raw.get(field)
        if value is None and optional:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 200:
            raise self.fail(field, f"must be a whole number from 1 to 200, not {value!r}")
        return value

    def texts(self, field: str, *, at_least: int = 0) -> tuple[str, ...]:
        value = self.raw.get(field)
        if not isinstance(value, list) or not all(
            isinstance(item, str) and item.strip() for item in value
        ):
            raise self.fail(field, "must be a list of non-empty texts")
        if len(value) < at_least:
            raise self.fail(field, f"needs at least {at_least} entries")
        return tuple(item.strip() for item in value)


def _dose(fields: _Fields) -> Dose:
    sets = fields.count("sets")
    falters = fields.flag("until_form_falters")
    reps_min = fields.count("reps_min", optional=True)
    reps_max = fields.count("reps_max", optional=True)
    if falters and (reps_min is not None or reps_max is not None):
        raise fields.fail("reps_min", "must be left out when the set goes until form falters")
    if not falters:
        if reps_min is None or reps_max is None:
            raise fields.fail("reps_min", "reps_min and reps_max are needed for a fixed dose")
        if reps_min > reps_max:
            raise fields.fail("reps_max", f"is {reps_max}, below reps_min {reps_min}")
    assert sets is not None
    return Dose(
        sets, reps_min, reps_max, falters, fields.flag("reps_per_leg"), fields.text("tempo")
    )


def _kit_id(fields: _Fields, field: str, value: object) -> Kit:
    kit = next((kit for kit in Kit if kit.value == value), None)
    if kit is None:
        known = ", ".join(kit.value for kit in Kit)
        raise fields.fail(field, f"{value!r} is not a kit ({known})")
    return kit


def _kit(fields: _Fields) -> tuple[frozenset[Kit], tuple[KitSwap, ...], str]:
    """``needs``, ``swaps`` and ``no_kit``: every kit id a :class:`Kit`; swaps and a no-kit
    version only for an exercise that needs kit, and then a no-kit version is required."""
    raw_needs = fields.raw.get("needs", [])
    if not isinstance(raw_needs, list):
        raise fields.fail("needs", "must be a list of kit ids")
    needs = [_kit_id(fields, "needs", value) for value in raw_needs]
    if len(set(needs)) != len(needs):
        raise fields.fail("needs", "names a kit twice")
    raw_swaps = fields.raw.get("swaps", [])
    if not isinstance(raw_swaps, list) or not all(isinstance(s, dict) for s in raw_swaps):
        raise fields.fail("swaps", "must be a list of { kit = ..., text = ... } tables")
    swaps = tuple(_swap(fields, raw) for raw in raw_swaps)
    if any(swap.kit in needs for swap in swaps):
        raise fields.fail("swaps", "a substitute cannot be kit the exercise needs")
    if len({swap.kit for swap in swaps}) != len(swaps):
        raise fields.fail("swaps", "names a kit twice")
    no_kit = fields.text("no_kit", optional=True)
    if needs and not no_kit:
        raise fields.fail("no_kit", "is needed: how to do it without the kit")
    if not needs and (swaps or no_kit):
        raise fields.fail("needs", "is empty, so swaps and no_kit have nothing to replace")
    return frozenset(needs), swaps, no_kit


def _swap(fields: _Fields, raw: Mapping[str, Any]) -> KitSwap:
    text = raw.get("text")
    if set(raw) != {"kit", "text"} or not isinstance(text, str) or not text.strip():
        raise fields.fail("swaps", "each entry needs a kit and a non-empty text, nothing else")
    return KitSwap(_kit_id(fields, "swaps", raw.get("kit")), text.strip())


def _toml(text: str, what: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise CatalogError(f"{what} is not valid TOML: {error}") from None


_TEXT_FIELDS = ("name", "tempo", "setup", "easier", "harder", "safety")
_LIST_FIELDS = ("aliases", "equipment", "steps", "cues", "mistakes")


def _in_language(exercise: Exercise, raw: Mapping[str, Any], language: str) -> Exercise:
    """``exercise`` with the texts of one language's table: every field the English has,
    nothing else."""
    fields = _Fields(raw, f"{exercise.id!r} ({language})")
    expected = {*_TEXT_FIELDS, *_LIST_FIELDS}
    if exercise.no_kit:
        expected.add("no_kit")
    if exercise.swaps:
        expected.add("swaps")
    extra, missing = sorted(set(raw) - expected), sorted(expected - set(raw))
    if extra or missing:
        problem = f"missing {missing}" if missing else f"not a text field here {extra}"
        raise fields.fail((missing or extra)[0], problem)
    lists = {
        name: fields.texts(name, at_least=0 if name == "equipment" else 1) for name in _LIST_FIELDS
    }
    if len(lists["equipment"]) != len(exercise.equipment):
        raise fields.fail("equipment", f"needs {len(exercise.equipment)} entries, as in English")
    swaps = exercise.swaps
    if exercise.swaps:
        texts = raw.get("swaps")
        wanted = {swap.kit.value for swap in exercise.swaps}
        if not isinstance(texts, dict) or set(texts) != wanted:
            raise fields.fail("swaps", f"needs a text for each of {sorted(wanted)}")
        swaps = tuple(
            KitSwap(swap.kit, _Fields(texts, fields.label).text(swap.kit.value))
            for swap in exercise.swaps
        )
    return replace(
        exercise,
        name=fields.text("name"),
        aliases=tuple(alias.casefold() for alias in lists["aliases"]),
        equipment=lists["equipment"],
        dose=replace(exercise.dose, tempo=fields.text("tempo")),
        setup=fields.text("setup"),
        steps=lists["steps"],
        cues=lists["cues"],
        mistakes=lists["mistakes"],
        easier=fields.text("easier"),
        harder=fields.text("harder"),
        safety=fields.text("safety"),
        swaps=swaps,
        no_kit=fields.text("no_kit") if exercise.no_kit else "",
    )


def parse_exercise(raw: Mapping[str, Any], position: int = 0) -> Exercise:
    """Validate one raw exercise table; raises :class:`CatalogError`."""
    label = repr(raw.get("id")) if isinstance(raw.get("id"), str) else f"#{position + 1}"
    fields = _Fields(raw, label)
    exercise_id = fields.text("id")
    if not _ID.fullmatch(exercise_id):
        raise fields.fail("id", "use 2-40 lower-case letters, digits and underscores")
    kind_text = fields.text("kind")
    try:
        kind = ExerciseKind(kind_text)
    except ValueError:
        raise fields.fail("kind", f"must be 'warmup' or 'strength', not {kind_text!r}") from None
    video = fields.text("video_url", optional=True) or None
    if video is not None and not video.startswith("https://"):
        raise fields.fail("video_url", "must be an https:// link")
    aliases = tuple(alias.casefold() for alias in fields.texts("aliases", at_least=1))
    needs, swaps, no_kit = _kit(fields)
    return Exercise(
        id=exercise_id,
        name=fields.text("name"),
        kind=kind,
        per_leg=fields.flag("per_leg"),
        aliases=aliases,
        equipment=fields.texts("equipment"),
        dose=_dose(fields),
        setup=fields.text("setup"),
        steps=fields.texts("steps", at_least=1),
        cues=fields.texts("cues", at_least=1),
        mistakes=fields.texts("mistakes", at_least=1),
        easier=fields.text("easier"),
        harder=fields.text("harder"),
        safety=fields.text("safety"),
        video_url=video,
        needs=needs,
        swaps=swaps,
        no_kit=no_kit,
        ballistic=fields.flag("ballistic", default=False),
    )


class ExerciseCatalog:
    """Every exercise the coach knows, in catalogue order, looked up by id."""

    def __init__(self, exercises: Iterable[Exercise]) -> None:
        self._exercises = tuple(exercises)
        self._by_id: dict[str, Exercise] = {}
        owner_of_alias: dict[str, str] = {}
        for exercise in self._exercises:
            if exercise.id in self._by_id:
                raise CatalogError(f"exercise {exercise.id!r}, field 'id': appears twice")
            self._by_id[exercise.id] = exercise
            for alias in exercise.every_alias:
                other = owner_of_alias.setdefault(alias, exercise.id)
                if other != exercise.id:
                    raise CatalogError(
                        f"exercise {exercise.id!r}, field 'aliases': {alias!r} "
                        f"is already used by {other!r}"
                    )
        if not self._exercises:
            raise CatalogError("the catalogue has no exercises")

    @classmethod
    def from_toml(cls, text: str, translations: Mapping[str, str] | None = None) -> ExerciseCatalog:
        """The catalogue from its TOML text, with each language's texts (code -> the TOML
        text of ``exercises.<code>.toml``)."""
        data = _toml(text, "the catalogue")
        entries = data.get("exercise")
        if not isinstance(entries, list):
            raise CatalogError("the catalogue needs [[exercise]] tables")
        exercises = [parse_exercise(entry, i) for i, entry in enumerate(entries)]
        localized: dict[str, dict[str, Exercise]] = {e.id: {} for e in exercises}
        for language, translated in (translations or {}).items():
            tables = _toml(translated, f"the {language} texts")
            unknown = sorted(set(tables) - set(localized))
            if unknown:
                raise CatalogError(f"the {language} texts name unknown exercises: {unknown}")
            for exercise in exercises:
                raw = tables.get(exercise.id)
                if not isinstance(raw, dict):
                    raise CatalogError(f"exercise {exercise.id!r} has no {language} texts")
                localized[exercise.id][language] = _in_language(exercise, raw, language)
        return cls(replace(e, localized=localized[e.id]) for e in exercises)

    def __iter__(self) -> Iterator[Exercise]:
        return iter(self._exercises)

    def __len__(self) -> int:
        return len(self._exercises)

    def __contains__(self, exercise_id: object) -> bool:
        return exercise_id in self._by_id

    def get(self, exercise_id: str) -> Exercise:
        """The exercise with this id; KeyError for an unknown id."""
        return self._by_id[exercise_id]

    def find(self, exercise_id: str) -> Exercise | None:
        return self._by_id.get(exercise_id)

    def of_kind(self, kind: ExerciseKind) -> tuple[Exercise, ...]:
        return tuple(e for e in self._exercises if e.kind is kind)
