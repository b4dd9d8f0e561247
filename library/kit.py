"""The kit a runner may have for the exercises, as codes: what the catalogue's exercises
need and what a runner without it uses instead (the seed posts' substitutes), and the
names runners of each language give each piece of kit."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from library.question_words import strip_marks


class Kit(StrEnum):
    """One piece of kit, by its stable id (stored in ``users.kit``, carried by buttons)."""

    VIPR = "vipr"  # a weighted rubber tube to hold and swing
    DUMBBELLS = "dumbbells"
    BARBELL = "barbell"
    SWISS_BALL = "swiss_ball"
    MEDICINE_BALL = "medicine_ball"


def encode_kit(kit: Iterable[Kit]) -> str:
    """The stored form: kit ids in a fixed order, comma-separated ("" for none)."""
    owned = set(kit)
    return ",".join(k.value for k in Kit if k in owned)


def decode_kit(stored: str | None) -> frozenset[Kit] | None:
    """The kit from its stored form; None when never asked. Unknown ids are ignored (a
    kit retired from the list must not break a runner's profile)."""
    if stored is None:
        return None
    values = {k.value: k for k in Kit}
    return frozenset(values[part] for part in stored.split(",") if part in values)


def kit_mask(kit: Iterable[Kit]) -> int:
    """The kit as a bit mask (bit i: the i-th :class:`Kit`), for compact button data."""
    owned = set(kit)
    return sum(1 << i for i, k in enumerate(Kit) if k in owned)


def kit_from_mask(mask: int) -> frozenset[Kit] | None:
    """The kit of :func:`kit_mask`; None for a mask no kit list makes (negative, or bits
    beyond the last kit)."""
    if not 0 <= mask < 1 << len(Kit):
        return None
    return frozenset(k for i, k in enumerate(Kit) if mask & 1 << i)


class Version(StrEnum):
    """Which version of an exercise a runner does with the kit they have."""

    AS_WRITTEN = "as_written"  # they have everything it needs (or were never asked)
    SUBSTITUTE = "substitute"  # with other kit they have (``KitChoice.kit``)
    NO_KIT = "no_kit"  # the version without any of it


@dataclass(frozen=True, slots=True)
class KitChoice:
    """The version to do, the kit it uses instead (a substitute only) and what of the
    exercise's kit the runner lacks."""

    version: Version
    kit: Kit | None = None
    missing: frozenset[Kit] = frozenset()


AS_WRITTEN: Final = KitChoice(Version.AS_WRITTEN)


def choose_version(
    needs: Iterable[Kit], substitutes: Sequence[Kit], owned: frozenset[Kit] | None
) -> KitChoice:
    """The version of an exercise needing ``needs`` for a runner owning ``owned``.

    Never asked (``owned`` None): as written, the full kit assumed, as before the setting
    existed. Missing some of it: the first of ``substitutes`` (in the catalogue's order of
    preference) the runner owns, else the no-kit version."""
    if owned is None:
        return AS_WRITTEN
    missing = frozenset(needs) - owned
    if not missing:
        return AS_WRITTEN
    usable = next((kit for kit in substitutes if kit in owned), None)
    if usable is not None:
        return KitChoice(Version.SUBSTITUTE, usable, missing)
    return KitChoice(Version.NO_KIT, None, missing)


# ---------------------------------------------------------------- the kit's names

# What runners call each piece of kit, one table per language (the words of the bot's
# own texts, docs/translating.md, and the variants and, in Russian, the case forms
# runners type). Written as the language spells them and folded like the matcher's text
# (library.matcher.fold: lower case, no accents, "й" as "и", "ё" as "е", hyphens as
# spaces), for kit questions ("was ist ein ViPR?") and names led by a piece of kit.


def _folded(names: str) -> tuple[str, ...]:
    """A "|"-separated list of names, each folded as the matcher folds text."""
    return tuple(
        dict.fromkeys(
            " ".join(strip_marks(name).casefold().replace("-", " ").split())
            for name in names.split("|")
            if name.strip()
        )
    )


KIT_WORDS: Final[dict[str, dict[Kit, tuple[str, ...]]]] = {
    "en": {
        Kit.VIPR: _folded("vipr|viprs|viper|vipers|vipr pro"),
        Kit.DUMBBELLS: _folded("dumbbell|dumbbells|dumbell|dumbells|db|dbs"),
        Kit.BARBELL: _folded("barbell|barbells|bar bell|olympic bar|weight bar"),
        Kit.SWISS_BALL: _folded(
            "swiss ball|stability ball|gym ball|exercise ball|physio ball|fit ball|fitball|"
            "yoga ball"
        ),
        Kit.MEDICINE_BALL: _folded("medicine ball|med ball|medball|medecine ball"),
    },
    "de": {
        Kit.VIPR: _folded("ViPR|ViPRs|Viper"),
        Kit.DUMBBELLS: _folded(
            "Kurzhantel|Kurzhanteln|Kurz-Hantel|Kurz-Hanteln|Hantel|Hanteln|KH|Kurzhantelpaar"
        ),
        Kit.BARBELL: _folded("Langhantel|Langhanteln|Lang-Hantel|LH|Langhantelstange|Hantelstange"),
        Kit.SWISS_BALL: _folded(
            "Gymnastikball|Gymnastikbälle|Gymnastik-Ball|Pezziball|Pezzibälle|Pezzi-Ball|"
            "Sitzball|Fitnessball|Fitnessbälle|Swissball|Swiss Ball|Gymball|Fitball"
        ),
        Kit.MEDICINE_BALL: _folded("Medizinball|Medizinbälle|Medizin-Ball|Medball|Med-Ball"),
    },
    "es": {
        Kit.VIPR: _folded("ViPR|ViPRs"),
        Kit.DUMBBELLS: _folded("mancuerna|mancuernas|mancuernita|mancuernitas"),
        Kit.BARBELL: _folded("barra|barras|barra olímpica|barra de pesas|barra con discos"),
        Kit.SWISS_BALL: _folded(
            "fitball|fitballs|fit ball|pelota suiza|pelotas suizas|balón suizo|bola suiza|"
            "pelota de pilates|balón de pilates|pelota de ejercicio|pelota de yoga|"
            "pelota de fitness|pelota de estabilidad|swiss ball"
        ),
        Kit.MEDICINE_BALL: _folded(
            "balón medicinal|balones medicinales|pelota medicinal|bola medicinal|"
            "medicine ball|med ball|medball"
        ),
    },
    "fr": {
        Kit.VIPR: _folded("ViPR|ViPRs"),
        Kit.DUMBBELLS: _folded("haltère|haltères|haltère court|haltères courts"),
        Kit.BARBELL: _folded(
            "barre|barres|barre olympique|barre de musculation|barre de muscu|barre à disques|"
            "barre longue"
        ),
        Kit.SWISS_BALL: _folded(
            "ballon de gym|ballons de gym|swiss ball|ballon suisse|"
            "fitball|fit ball|ballon de fitness|ballon de pilates|gros ballon|ballon d'exercice|"
            "ballon de stabilité"
        ),
        Kit.MEDICINE_BALL: _folded(
            "médecine-ball|médecine-balls|médecine ball|medicine ball|ballon lesté|"
            "ballons lestés|ballon médicinal|med ball|medball"
        ),
    },
    "ru": {
        Kit.VIPR: _folded("ViPR|випр|випра|випру|випром|випре|випры|випров"),
        Kit.DUMBBELLS: _folded(
            "гантель|гантели|гантелей|гантелям|гантелями|гантелях|гантелью|гантеля|гантелю|"
            "гантельки|гантелек|гантельками"
        ),
        Kit.BARBELL: _folded(
            "штанга|штанги|штанге|штангу|штангой|штангою|штанг|гриф|грифа|грифу|грифом|грифе|"
            "олимпийский гриф|олимпийского грифа"
        ),
        Kit.SWISS_BALL: _folded(
            "фитбол|фитбола|фитболу|фитболом|фитболе|фитболы|фитболов|"
            "гимнастический мяч|гимнастического мяча|гимнастическому мячу|"
            "гимнастическим мячом|гимнастическом мяче|швейцарский мяч|швейцарского мяча|"
            "мяч для фитнеса|мяча для фитнеса|фитнес мяч|фитнес мяча|swiss ball"
        ),
        Kit.MEDICINE_BALL: _folded(
            "медбол|медбола|медболу|медболом|медболе|медболы|"
            "медицинбол|медицинбола|медицинболом|"
            "набивной мяч|набивного мяча|набивному мячу|набивным мячом|набивном мяче|"
            "набивные мячи|медицинский мяч|медицинского мяча|медицинским мячом|medicine ball"
        ),
    },
}
# A ball on its own ("ball", "Ball", "balón", "ballon", "мяч"): either ball.
BALL_WORDS: Final[dict[str, tuple[str, ...]]] = {
    "en": _folded("ball|balls"),
    "de": _folded("Ball|Bälle"),
    "es": _folded("balón|balones|pelota|pelotas|bola"),
    "fr": _folded("ballon|ballons"),
    "ru": _folded("мяч|мяча|мячу|мячом|мяче|мячи|мячей"),
}
_BOTH_BALLS: Final = (Kit.SWISS_BALL, Kit.MEDICINE_BALL)


def every_kit_word() -> tuple[str, ...]:
    """Every language's names of every piece of kit and of a ball, folded, once each."""
    return tuple(
        dict.fromkeys(
            [name for table in KIT_WORDS.values() for names in table.values() for name in names]
            + [name for names in BALL_WORDS.values() for name in names]
        )
    )


def kits_named(name: str) -> tuple[Kit, ...]:
    """The kit a folded name means, in any language: one piece, both balls for a ball on
    its own, or none."""
    name = name.strip()
    if any(name in names for names in BALL_WORDS.values()):
        return _BOTH_BALLS
    return tuple(kit for kit in Kit if any(name in table[kit] for table in KIT_WORDS.values()))
