"""Number words in rep reports as digits: "left twelve right fifteen" as "left 12 right 15".

``with_digits`` rewrites the numbers a runner spells out, in every language the bot
speaks, so ``library.reports`` reads them as it reads digits: "zwölf links, fünfzehn
rechts", "doce cada pierna", "gauche douze droite quinze", "левая двенадцать правая
пятнадцать", with their compounds ("vierundzwanzig", "veinticuatro", "quatre-vingt-dix",
"двадцать пять").

English, German, Spanish and French numbers are read by the ``text2num`` library (pure
computation). Which of the four a text is in comes from its words: the report words of
library/report_words.py it holds, and the number words each language finds, so
Spanish "once" (11) stays a word in "did it once" and German "elf" in English text.
Russian numbers, which ``text2num`` lacks, come from the table below (0 to 200, the
range of reps), folded as ``library.matcher.fold`` folds text.

Small numbers are also articles and pronouns ("one leg", "un poco", "ein bisschen",
"une fois", "один вопрос"), so a word for 0, 1 or 2 becomes a digit only beside a leg
word or another number, in a text with another number ("left one right two", "one two
three"), or beside a word for "each" ("two each", "jeweils zwei"). Ordinals ("third",
"zweite") stay words: they label sets, they are no reps; so do single letters (English
"o" for zero: "O:O" is no report). "A dozen" is 12 and "half a dozen" 6, in each language.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from text_to_num import find_numbers

from library.languages import Language
from library.matcher import fold
from library.report_words import WORDS, ReportWords

# Numbers below this are small words ("one", "un", "ein", "один"): see the docstring.
SMALL = 3

_TOKEN = re.compile(r"[^\W\d_]+|\d+|[^\w\s]")
_LETTERS = re.compile(r"[^\W\d_]+")
_TEXT2NUM = {Language.EN: "en", Language.DE: "de", Language.ES: "es", Language.FR: "fr"}


# Russian: folded word -> value. Units, teens, tens and hundreds, in the forms runners
# type alone and after "по" ("по пять", "по двенадцать", "по одному").
_RU_UNITS = {
    "ноль": 0,
    "нуль": 0,
    "один": 1,
    "одна": 1,
    "одну": 1,
    "одно": 1,
    "одному": 1,
    "два": 2,
    "две": 2,
    "три": 3,
    "четыре": 4,
    "пять": 5,
    "пяти": 5,
    "шесть": 6,
    "шести": 6,
    "семь": 7,
    "семи": 7,
    "восемь": 8,
    "восьми": 8,
    "девять": 9,
    "девяти": 9,
}
_RU_TEENS = {
    "десять": 10,
    "одиннадцать": 11,
    "двенадцать": 12,
    "тринадцать": 13,
    "четырнадцать": 14,
    "пятнадцать": 15,
    "шестнадцать": 16,
    "семнадцать": 17,
    "восемнадцать": 18,
    "девятнадцать": 19,
}
_RU_TENS = {
    "двадцать": 20,
    "тридцать": 30,
    "сорок": 40,
    "пятьдесят": 50,
    "шестьдесят": 60,
    "семьдесят": 70,
    "восемьдесят": 80,
    "девяносто": 90,
}
_RU_HUNDREDS = {"сто": 100, "двести": 200}
# The same numbers in the dative and genitive ("по десяти", "двадцати").
_RU_OBLIQUE = {
    **{word[:-1] + "и": value for word, value in _RU_TEENS.items()},
    **{word[:-1] + "и": value for word, value in _RU_TENS.items() if word.endswith("ь")},
    "сорока": 40,
    "пятидесяти": 50,
    "шестидесяти": 60,
    "семидесяти": 70,
    "восьмидесяти": 80,
    "девяноста": 90,
    "ста": 100,
    "двухсот": 200,
}
# Rank of each word in a compound: hundreds, then tens, then units ("сто двадцать пять").
_RU_RANK: dict[str, tuple[int, int]] = {
    **{fold(w): (v, 0) for w, v in _RU_UNITS.items()},
    **{fold(w): (v, 1) for w, v in _RU_TEENS.items()},
    **{fold(w): (v, 1 if v < 20 else 2) for w, v in _RU_OBLIQUE.items() if v < 100},
    **{fold(w): (v, 2) for w, v in _RU_TENS.items()},
    **{fold(w): (v, 3) for w, v in _RU_HUNDREDS.items()},
    **{fold(w): (v, 3) for w, v in _RU_OBLIQUE.items() if v >= 100},
}


# "A dozen" in each language, and the words before it that belong to it ("a dozen",
# "ein Dutzend", "una docena", "une douzaine", "дюжину"; "half a dozen": 6).
_DOZEN = frozenset(
    fold(w) for w in ("dozen", "dutzend", "docena", "douzaine", "дюжина", "дюжину", "дюжине")
)
_DOZEN_ARTICLES = frozenset(("a", "one", "ein", "eine", "una", "une", "одна", "одну"))
_HALF = frozenset(("half", "halbes", "media", "demi", "пол"))


# Which ranks may follow which in one number: tens, teens or units after hundreds, units
# after tens ("сто двенадцать", "двадцать пять"; "двадцать двенадцать" is two numbers).
_RU_FOLLOWS = {3: (2, 1, 0), 2: (0,)}


# Number words as runners type them without umlauts or accents, as ``text2num`` reads
# them: "zwoelf", "zwolf", "fuenfzehn", "funfundzwanzig", "veintidos", "veintitres".
_RESPELLED = (
    (re.compile(r"zw(?:oe|o)lf"), "zwölf"),
    (re.compile(r"f(?:ue|u)nf"), "fünf"),
    (re.compile(r"^veintidos$"), "veintidós"),
    (re.compile(r"^veintitres$"), "veintitrés"),
    (re.compile(r"^veintiseis$"), "veintiséis"),
    (re.compile(r"^veintiun$"), "veintiún"),
)


@dataclass(frozen=True, slots=True)
class _Token:
    """One word, number or mark of the text, where it stands (for ``find_numbers``)."""

    word: str
    start: int
    end: int

    def text(self) -> str:
        word = self.word.lower()
        for pattern, spelling in _RESPELLED:
            word = pattern.sub(spelling, word)
        return word

    def nt_separated(self, previous: object) -> bool:
        return False

    def not_a_number_part(self) -> bool:
        return False


@dataclass(frozen=True, slots=True)
class _Number:
    """A number found in words: tokens ``first`` to ``last`` (inclusive) mean ``value``."""

    first: int
    last: int
    value: int


def _words_of(words: ReportWords) -> frozenset[str]:
    fields: Iterable[str] = (
        *words.left,
        *words.right,
        *words.each,
        *words.each_leads,
        *words.sides,
        *words.times,
        *words.set_labels,
        *words.but,
        *words.noise,
    )
    return frozenset(part for phrase in fields for part in fold(phrase).split())


_VOCABULARY = {language: _words_of(WORDS[language]) for language in _TEXT2NUM}
_LEGS = frozenset(
    fold(word)
    for words in WORDS.values()
    for word in (*words.left, *words.right, *words.each)
    if word not in words.paired
)
# "each", "jeweils", "cada", "chaque", "каждую": a small number beside one is a count even
# alone in the text ("two each", "jeweils zwei", "dos cada pierna", "deux chacune").
_EACH = frozenset(fold(word) for words in WORDS.values() for word in words.each)


def with_digits(text: str) -> str:
    """``text`` with its number words as digits, in whichever language it is written."""
    tokens = [_Token(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)]
    if not any(_LETTERS.fullmatch(token.word) for token in tokens):
        return text
    folded = [fold(token.word) for token in tokens]
    dozens = _dozens(folded)
    within = {index for n in dozens for index in range(n.first, n.last + 1)}
    latin = _latin(tokens, folded) if any(map(_spells_a_number, tokens)) else []
    numbers = [
        n for n in _russian(folded) + latin if not within.intersection(range(n.first, n.last + 1))
    ] + dozens
    if not numbers:  # no number words: the text as it is ("humps left 9 9 right 10 10")
        return text
    numbers = _without_lone_small_words(numbers, folded)
    for number in sorted(numbers, key=lambda n: n.first, reverse=True):
        start, end = tokens[number.first].start, tokens[number.last].end
        text = text[:start] + str(number.value) + text[end:]
    return text


# Whether a word, on its own, reads as a number in one of text2num's languages, by word
# (kept: runners use few words). Every number text2num reads has such a word ("vingt"
# in "vingt-et-un", "hundred" in "a hundred and five", German compounds are one word),
# so a text without one has none, and the four languages' search (the most of reading
# a typed report) is skipped: "humps left 9 9 right 10 10".
_NUMBER_WORD: dict[str, bool] = {}
NUMBER_WORDS_KEPT = 4096


def _spells_a_number(token: _Token) -> bool:
    word = token.word.lower()
    known = _NUMBER_WORD.get(word)
    if known is None:
        known = bool(_LETTERS.fullmatch(word)) and any(
            find_numbers([token], code, 0.0) for code in _TEXT2NUM.values()
        )
        if len(_NUMBER_WORD) >= NUMBER_WORDS_KEPT:
            _NUMBER_WORD.clear()
        _NUMBER_WORD[word] = known
    return known


def _latin(tokens: Sequence[_Token], folded: Sequence[str]) -> list[_Number]:
    """The numbers of the one language (of English, German, Spanish, French) the text
    reads best in: most of its report words and number words, then most number words
    ("I did it once" is English, with no number, not Spanish with 11)."""
    best: tuple[int, int] = (-1, -1)
    chosen: list[_Number] = []
    for language, code in _TEXT2NUM.items():
        found = [
            _Number(o.start, o.end - 1, int(o.value))
            for o in find_numbers(tokens, code, 0.0)
            if not o.is_ordinal
            and o.value == int(o.value)
            and any(len(word) > 1 for word in folded[o.start : o.end])
        ]
        spelled = sum(
            1 for n in found for word in folded[n.first : n.last + 1] if _LETTERS.fullmatch(word)
        )
        known = sum(1 for word in folded if word in _VOCABULARY[language])
        score = (known + spelled, spelled)
        if score > best:
            best, chosen = score, found
    return chosen


def _dozens(folded: Sequence[str]) -> list[_Number]:
    """ "A dozen" (12) and "half a dozen" (6), with the words before that belong to it."""
    numbers = []
    for index, word in enumerate(folded):
        if word not in _DOZEN:
            continue
        first, value = index, 12
        if first >= 1 and folded[first - 1] in _DOZEN_ARTICLES:  # "a dozen"
            first -= 1
        if first >= 1 and folded[first - 1] in _HALF:  # "half a dozen", "halbes Dutzend"
            first, value = first - 1, 6
            if first >= 1 and folded[first - 1] in _DOZEN_ARTICLES:  # "ein halbes Dutzend"
                first -= 1
        numbers.append(_Number(first, index, value))
    return numbers


def _russian(folded: Sequence[str]) -> list[_Number]:
    """Russian numbers: each run of number words, hundreds then tens then units, as one
    number ("сто двадцать пять"), a new one where that order breaks ("пять пять")."""
    numbers: list[_Number] = []
    current: _Number | None = None
    rank = 4
    for index, word in enumerate(folded):
        found = _RU_RANK.get(word)
        if found is None:
            current, rank = None, 4
            continue
        value, word_rank = found
        if current is not None and word_rank in _RU_FOLLOWS.get(rank, ()):
            current = _Number(current.first, index, current.value + value)
            numbers[-1] = current
        else:
            current = _Number(index, index, value)
            numbers.append(current)
        rank = word_rank
    return numbers


def _without_lone_small_words(numbers: list[_Number], folded: Sequence[str]) -> list[_Number]:
    """``numbers`` less the small ones (below SMALL, one word) that stand neither beside a
    leg word or another number, nor in a text with another number."""
    digits = {index for index, word in enumerate(folded) if word.isdigit()}
    taken = {index for n in numbers for index in range(n.first, n.last + 1)} | digits
    words = [
        index for index, word in enumerate(folded) if _LETTERS.fullmatch(word) or word.isdigit()
    ]
    position = {index: place for place, index in enumerate(words)}

    def neighbours(number: _Number) -> list[int]:
        place_before = position[number.first] - 1
        place_after = position[number.last] + 1
        return [words[p] for p in (place_before, place_after) if 0 <= p < len(words)]

    def beside(number: _Number) -> bool:
        return any(i in taken or folded[i] in _LEGS for i in neighbours(number))

    def beside_each(number: _Number) -> bool:
        return any(folded[i] in _EACH for i in neighbours(number))

    def small(number: _Number) -> bool:
        return number.value < SMALL and number.first == number.last

    kept = [n for n in numbers if not small(n) or beside(n)]
    if len(kept) + len(digits) < 2:
        kept = [n for n in kept if not small(n) or beside_each(n)]
    return kept
