"""Yes, no and later: what a runner's short reply to a question means, in English and in
their language ("ja", "nein", "später"; "sí", "no", "más tarde"; "oui", "non", "plus
tard"; "да", "нет", "позже").

A reply counts only when it is the whole message, give or take punctuation and a polite
word ("no thanks", "später bitte", "да, пожалуйста"), so "no pain today" or "nein, links
12 rechts 15" are no answer. Cancel and stop words are NO; skip words are LATER. A set-up
question is put off by either (:func:`declines`).
"""

from __future__ import annotations

import re
from enum import StrEnum
from functools import cache

from library.languages import DEFAULT, Language
from library.matcher import fold


class Answer(StrEnum):
    """What a short reply means."""

    YES = "yes"
    NO = "no"
    LATER = "later"


_WORDS: dict[Language, dict[Answer, tuple[str, ...]]] = {
    Language.EN: {
        Answer.YES: (
            *("yes", "yeah", "yep", "yup", "y", "sure", "ok", "okay", "of course"),
            *("go ahead", "sounds good", "let's go", "lets go", "yes let's do it"),
        ),
        Answer.NO: ("no", "nope", "nah", "n", "cancel", "stop", "no way", "never mind"),
        Answer.LATER: (
            *("later", "skip", "not now", "maybe later", "another time", "some other time"),
            *("not yet", "remind me later", "skip it", "not right now"),
        ),
    },
    Language.DE: {
        Answer.YES: (
            *("ja", "jo", "jap", "jawohl", "klar", "gerne", "gern", "okay", "ok", "genau"),
            *("na klar", "sicher", "passt", "ja gerne", "auf jeden fall"),
        ),
        Answer.NO: (
            *("nein", "nee", "ne", "nö", "abbrechen", "stopp", "stop", "lieber nicht"),
            *("auf keinen fall", "nein danke", "abbruch"),
        ),
        Answer.LATER: (
            *("später", "spaeter", "überspringen", "ueberspringen", "jetzt nicht"),
            *("nicht jetzt", "vielleicht später", "ein andermal", "ein anderes mal"),
            *("später vielleicht", "noch nicht", "gerade nicht"),
        ),
    },
    Language.ES: {
        Answer.YES: (
            *("sí", "si", "claro", "vale", "dale", "de acuerdo", "por supuesto", "ok"),
            *("okey", "bueno", "venga", "sí claro", "claro que sí"),
        ),
        Answer.NO: (
            *("no", "nop", "cancelar", "cancela", "para", "parar", "detener", "nada"),
            *("de ninguna manera", "para ya", "mejor no"),
        ),
        Answer.LATER: (
            *("luego", "más tarde", "después", "ahora no", "saltar", "omitir"),
            *("en otro momento", "otro día", "quizás luego", "quizás más tarde"),
            *("todavía no", "aún no", "lo dejo para luego"),
        ),
    },
    Language.FR: {
        Answer.YES: (
            *("oui", "ouais", "ouaip", "si", "d'accord", "dac", "ok", "bien sûr"),
            *("carrément", "volontiers", "vas-y", "allez", "oui bien sûr", "avec plaisir"),
        ),
        Answer.NO: (
            *("non", "nan", "annuler", "annule", "arrête", "arrêter", "stop"),
            *("pas question", "non merci", "surtout pas"),
        ),
        Answer.LATER: (
            *("plus tard", "pas maintenant", "passer", "sauter", "une autre fois"),
            *("peut-être plus tard", "je passe", "pas tout de suite", "pas encore"),
            *("plus tard peut-être", "on verra plus tard"),
        ),
    },
    Language.RU: {
        Answer.YES: (
            *("да", "ага", "угу", "конечно", "давай", "хорошо", "ок", "окей", "ладно"),
            *("да конечно", "давайте", "можно"),
        ),
        Answer.NO: (
            *("нет", "не", "неа", "не надо", "отмена", "отменить", "стоп", "хватит"),
            *("нет спасибо", "не хочу"),
        ),
        Answer.LATER: (
            *("позже", "потом", "не сейчас", "попозже", "в другой раз", "давай позже"),
            *("пропустить", "пропусти", "пропускаю", "ещё нет", "пока нет", "потом как-нибудь"),
        ),
    },
}
# Polite words around a reply that do not change it ("no thanks", "später bitte").
_POLITE: dict[Language, tuple[str, ...]] = {
    Language.EN: ("please", "pls", "thanks", "thank you", "for now", "coach"),
    Language.DE: ("bitte", "danke", "erstmal", "erst mal", "vorerst", "coach"),
    Language.ES: ("por favor", "gracias", "por ahora", "entrenador", "coach"),
    Language.FR: ("s'il te plaît", "s'il vous plaît", "stp", "svp", "merci", "pour l'instant"),
    Language.RU: ("пожалуйста", "спасибо", "пока что", "тренер"),
}


def _said(text: str) -> str:
    """Folded, with punctuation and emoji gone (apostrophes kept), spaces collapsed."""
    return " ".join(re.sub(r"[^\w\s']", " ", fold(text)).split())


@cache
def _table(language: Language) -> tuple[dict[str, Answer], re.Pattern[str]]:
    """English and ``language``'s replies, folded; and the polite words at either end."""
    languages = dict.fromkeys((Language.EN, language))
    table = {
        _said(word): answer
        for code in languages
        for answer, words in _WORDS[code].items()
        for word in words
    }
    polite = sorted({_said(word) for code in languages for word in _POLITE[code]}, key=len)
    words = "|".join(re.escape(word) for word in reversed(polite))
    return table, re.compile(rf"^(?:(?:{words})\s+)+|(?:\s+(?:{words}))+$")


def answer(text: str, language: Language = DEFAULT) -> Answer | None:
    """What a short reply means in English or ``language``; None when the message is
    not just a yes, a no or a later."""
    if len(text) > 80:
        return None
    table, polite = _table(language)
    return table.get(polite.sub("", _said(text)).strip())


def is_yes(text: str, language: Language = DEFAULT) -> bool:
    """'yes', 'ja', 'sí', 'oui', 'да'."""
    return answer(text, language) is Answer.YES


def is_no(text: str, language: Language = DEFAULT) -> bool:
    """'no', 'nein', 'cancelar', 'annuler', 'отмена'."""
    return answer(text, language) is Answer.NO


def is_later(text: str, language: Language = DEFAULT) -> bool:
    """'later', 'später', 'más tarde', 'plus tard', 'позже'."""
    return answer(text, language) is Answer.LATER


def declines(text: str, language: Language = DEFAULT) -> bool:
    """A no or a later: what puts a set-up question off (onboarding's LATER_WORDS:
    "later", "skip", "not now", "no", "cancel", "stop", in every language)."""
    return answer(text, language) in (Answer.NO, Answer.LATER)


# Turning something off ("/summary off"), beyond a plain no.
_OFF: dict[Language, tuple[str, ...]] = {
    Language.EN: ("off", "none", "never", "disable", "turn off", "switch off"),
    Language.DE: ("aus", "nie", "keine", "abschalten", "ausschalten", "deaktivieren"),
    Language.ES: ("apagar", "apagado", "desactivar", "nunca", "ninguno", "ninguna"),
    Language.FR: ("desactiver", "desactive", "jamais", "aucun", "aucune", "arreter"),
    Language.RU: ("выкл", "выключить", "отключить", "никогда", "не нужно", "не надо"),
}


def turns_off(text: str, language: Language = DEFAULT) -> bool:
    """'off', 'aus', 'apagar', 'désactiver', 'выключить', or any no ('stop', 'nein')."""
    said = _said(text)
    words = {_said(word) for code in dict.fromkeys((Language.EN, language)) for word in _OFF[code]}
    return said in words or is_no(text, language)


# "Different times on different days", as the answer to "what time do you run?": the
# set-up then asks for each day's time. Folded stems, matched at a word's start.
_VARIES: dict[Language, tuple[str, ...]] = {
    Language.EN: (
        *("different", "differs", "differ", "varies", "vary", "varying", "depends"),
        "not the same",
    ),
    Language.DE: ("unterschiedlich", "verschieden", "variiert", "kommt drauf an", "je nach"),
    Language.ES: ("diferente", "distint", "varia", "depende", "cambia"),
    Language.FR: ("different", "varie", "ca depend", "depend", "pas pareil", "change"),
    Language.RU: ("разн", "по-разному", "зависит", "меняется", "не одинаков"),
}


@cache
def _varies(language: Language) -> re.Pattern[str]:
    stems = {
        _said(stem) for code in dict.fromkeys((Language.EN, language)) for stem in _VARIES[code]
    }
    alternatives = "|".join(re.escape(stem) for stem in sorted(stems, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})")


def times_vary(text: str, language: Language = DEFAULT) -> bool:
    """Whether the runner says their start time differs from day to day ("it varies",
    "unterschiedlich", "depende del día", "ça dépend", "в разное время")."""
    return _varies(language).search(_said(text)) is not None
