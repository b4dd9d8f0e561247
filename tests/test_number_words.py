"""Rep reports with numbers written as words, in the five languages: each reads exactly as
the same report with digits, and small talk with number-like words stays no report."""

from __future__ import annotations

from typing import Any

import pytest

from library.exercises import ExerciseCatalog
from library.languages import Language
from library.matcher import ExerciseMatcher
from library.number_words import with_digits
from library.reports import looks_like_report, parse_report

# (the report with words, the same report with digits)
SPELLED: dict[Language, list[tuple[str, str]]] = {
    Language.EN: [
        ("left twelve right fifteen", "left 12 right 15"),
        ("Left Twelve, Right Fifteen", "left 12, right 15"),
        ("humps left eight nine right ten ten", "humps left 8 9 right 10 10"),
        ("twelve each", "12 each"),
        ("twelve each leg", "12 each leg"),
        ("twelve left fifteen right", "12 left 15 right"),
        ("left twenty-five right twenty five", "left 25 right 25"),
        ("L twelve R fifteen", "L 12 R 15"),
        ("three sets of ten", "3 sets of 10"),
        ("three x ten each", "3 x 10 each"),
        ("left 12 right fifteen", "left 12 right 15"),
        ("left one hundred right one hundred twenty", "left 100 right 120"),
        ("hops twenty twenty", "hops 20 20"),
        ("did left ten and right eleven today", "did left 10 and right 11 today"),
        ("left one right two", "left 1 right 2"),
        ("eight eight eight", "8 8 8"),
        ("nordics left six six right five five", "nordics left 6 6 right 5 5"),
        ("ten each, then twelve each", "10 each, then 12 each"),
        ("left ten right ten, no pain", "left 10 right 10, no pain"),
        ("one leg rdl left ten right ten", "one leg rdl left 10 right 10"),
        ("two foot hops twenty", "two foot hops 20"),
        ("two each", "2 each"),
        ("a dozen each", "12 each"),
        ("left a dozen right ten", "left 12 right 10"),
        ("half a dozen each", "6 each"),
    ],
    Language.DE: [
        ("links zwölf rechts fünfzehn", "links 12 rechts 15"),
        ("zwölf links, fünfzehn rechts", "12 links, 15 rechts"),
        ("Links Zwölf Rechts Fünfzehn", "links 12 rechts 15"),
        ("links vierundzwanzig rechts zweiundzwanzig", "links 24 rechts 22"),
        ("zehn pro Seite", "10 pro Seite"),
        ("jeweils zwölf", "jeweils 12"),
        ("drei Sätze à zehn", "3 Sätze à 10"),
        ("drei mal zehn", "3 mal 10"),
        ("li acht acht re neun neun", "li 8 8 re 9 9"),
        ("links 12 rechts fünfzehn", "links 12 rechts 15"),
        ("links hundert rechts hundertzwanzig", "links 100 rechts 120"),
        ("linkes Bein elf, rechtes Bein dreizehn", "linkes Bein 11, rechtes Bein 13"),
        ("ich habe links zehn und rechts zwölf gemacht", "ich habe links 10 und rechts 12 gemacht"),
        ("zwanzig zwanzig", "20 20"),
        ("links dreißig rechts dreissig", "links 30 rechts 30"),
        ("Hops zwanzig pro Bein", "Hops 20 pro Bein"),
        (
            "einbeiniges Kreuzheben links zehn rechts zehn",
            "einbeiniges Kreuzheben links 10 rechts 10",
        ),
        ("links eins rechts zwei", "links 1 rechts 2"),
        ("jeweils zwei", "jeweils 2"),
        ("ein Dutzend pro Seite", "12 pro Seite"),
        ("ein halbes Dutzend jeweils", "6 jeweils"),
        ("links zwoelf rechts fuenfzehn", "links 12 rechts 15"),
        ("links zwolf rechts funfundzwanzig", "links 12 rechts 25"),
        ("jeweils zwölf und dann jeweils elf", "jeweils 12 und dann jeweils 11"),
    ],
    Language.ES: [
        ("doce cada pierna", "12 cada pierna"),
        ("izquierda diez derecha doce", "izquierda 10 derecha 12"),
        ("Izquierda Doce, Derecha Quince", "izquierda 12, derecha 15"),
        ("diez por lado", "10 por lado"),
        ("tres series de diez", "3 series de 10"),
        ("izquierda veinticuatro derecha veintidós", "izquierda 24 derecha 22"),
        ("izquierda dieciséis derecha dieciseis", "izquierda 16 derecha 16"),
        ("izq ocho ocho der nueve nueve", "izq 8 8 der 9 9"),
        ("izquierda 12 derecha quince", "izquierda 12 derecha 15"),
        ("izquierda cien derecha ciento veinte", "izquierda 100 derecha 120"),
        ("veinte y veinte", "20 y 20"),
        (
            "hoy hice doce con la izquierda y trece con la derecha",
            "hoy hice 12 con la izquierda y 13 con la derecha",
        ),
        ("pierna izquierda once, pierna derecha catorce", "pierna izquierda 11, pierna derecha 14"),
        ("izquierda treinta y cinco derecha treinta y dos", "izquierda 35 derecha 32"),
        ("tres por diez", "3 por 10"),
        ("izquierda uno derecha dos", "izquierda 1 derecha 2"),
        ("izquierda veintidos derecha veintitres", "izquierda 22 derecha 23"),
        ("saltos veinte cada pierna", "saltos 20 cada pierna"),
        ("peso muerto a una pierna diez diez", "peso muerto a una pierna 10 10"),
        ("dos cada pierna", "2 cada pierna"),
        ("una docena cada pierna", "12 cada pierna"),
    ],
    Language.FR: [
        ("gauche douze droite quinze", "gauche 12 droite 15"),
        ("Gauche Douze, Droite Quinze", "gauche 12, droite 15"),
        ("douze de chaque côté", "12 de chaque côté"),
        ("dix par jambe", "10 par jambe"),
        ("trois séries de dix", "3 séries de 10"),
        ("gauche vingt-quatre droite vingt et un", "gauche 24 droite 21"),
        ("gauche quatre-vingt-dix droite quatre-vingts", "gauche 90 droite 80"),
        ("gauche soixante-dix droite soixante dix", "gauche 70 droite 70"),
        ("G huit huit D neuf neuf", "G 8 8 D 9 9"),
        ("gauche 12 droite quinze", "gauche 12 droite 15"),
        ("gauche cent droite cent vingt", "gauche 100 droite 120"),
        ("j'ai fait dix à gauche et douze à droite", "j'ai fait 10 à gauche et 12 à droite"),
        ("jambe gauche onze, jambe droite treize", "jambe gauche 11, jambe droite 13"),
        ("trois fois dix", "3 fois 10"),
        ("vingt vingt", "20 20"),
        ("gauche un droite deux", "gauche 1 droite 2"),
        ("sauts vingt par jambe", "sauts 20 par jambe"),
        ("rdl une jambe dix dix", "rdl une jambe 10 10"),
        ("deux chacune", "2 chacune"),
        ("une douzaine de chaque côté", "12 de chaque côté"),
    ],
    Language.RU: [
        ("левая двенадцать правая пятнадцать", "левая 12 правая 15"),
        ("Левая Двенадцать, Правая Пятнадцать", "левая 12, правая 15"),
        ("по двенадцать на каждую ногу", "по 12 на каждую ногу"),
        ("три подхода по десять", "3 подхода по 10"),
        ("левой двадцать пять правой двадцать два", "левой 25 правой 22"),
        ("левой сто правой сто двадцать", "левой 100 правой 120"),
        ("левой двести правой сто девяносто девять", "левой 200 правой 199"),
        ("лев восемь восемь прав девять девять", "лев 8 8 прав 9 9"),
        ("левая 12 правая пятнадцать", "левая 12 правая 15"),
        ("двенадцать левой пятнадцать правой", "12 левой 15 правой"),
        ("по пять на каждую ногу", "по 5 на каждую ногу"),
        ("слева одиннадцать справа тринадцать", "слева 11 справа 13"),
        ("сделал левой десять и правой двенадцать", "сделал левой 10 и правой 12"),
        ("двадцать двадцать", "20 20"),
        ("по десять каждой ногой", "по 10 каждой ногой"),
        ("левая один правая два", "левая 1 правая 2"),
        ("левой сорок правой девяносто", "левой 40 правой 90"),
        ("три х десять", "3 х 10"),
        ("прыжки на двух ногах двадцать", "прыжки на двух ногах 20"),
        ("по дюжине на каждую ногу", "по 12 на каждую ногу"),
    ],
}

# Small talk with words that are numbers elsewhere, or articles: no report, and no digit.
NOT_REPORTS: dict[Language, list[str]] = {
    Language.EN: [
        "one more question",
        "one leg feels heavier",
        "I did it once",
        "the third one was hard",
        "a couple of hops felt odd",
        "left one at home",
        "O:O",
        "two of my friends run too",
        "no one told me",
    ],
    Language.DE: [
        "ein bisschen müde",
        "links ein bisschen steif",
        "eine Frage noch",
        "einmal die Woche",
        "die zweite Übung war schwer",
        "ich habe eine Frage zu den Hops",
        "zwei Freunde laufen mit",
        "kein einziges Mal",
    ],
    Language.ES: [
        "un poco cansado",
        "una pregunta más",
        "lo hice una vez",
        "la primera serie fue dura",
        "dos amigos corren conmigo",
        "otra vez mañana",
        "solo una duda",
        "a la izquierda un poco de molestia",
    ],
    Language.FR: [
        "une fois par semaine",
        "un peu fatigué",
        "encore une question",
        "la deuxième série était dure",
        "deux amis courent avec moi",
        "à gauche un peu raide",
        "un jour sur deux",
        "chaussures neuves",
    ],
    Language.RU: [
        "один вопрос",
        "одна нога тяжелее",
        "два друга бегают со мной",
        "слева одну минуту тянуло",
        "второй подход был тяжелым",
        "ещё один вопрос",
        "раз в неделю",
        "по одному вопросу",
    ],
}


@pytest.fixture(scope="module")
def matcher(catalog: ExerciseCatalog) -> ExerciseMatcher:
    return ExerciseMatcher(catalog)


def test_enough_phrasings_per_language() -> None:
    """Every language has at least 15 reports with words and 8 texts that are no report."""
    for language in Language:
        assert len(SPELLED[language]) >= 15, language
        assert len(NOT_REPORTS[language]) >= 8, language


@pytest.mark.parametrize(
    ("spelled", "digits"),
    [
        pytest.param(spelled, digits, id=f"{language}:{spelled}")
        for language, pairs in SPELLED.items()
        for spelled, digits in pairs
    ],
)
def test_a_report_with_words_reads_as_with_digits(
    matcher: ExerciseMatcher, spelled: str, digits: str
) -> None:
    """The words give the same sets, name and verdict as the digits."""
    with_words = parse_report(spelled, matcher)
    with_numbers = parse_report(digits, matcher)
    assert with_numbers is not None
    assert with_words is not None
    assert dict(with_words.sets) == dict(with_numbers.sets)
    assert with_words.named == with_numbers.named
    assert with_words.problem == with_numbers.problem
    assert looks_like_report(with_words) == looks_like_report(with_numbers)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(text, id=f"{language}:{text}")
        for language, texts in NOT_REPORTS.items()
        for text in texts
    ],
)
def test_number_like_words_in_small_talk_stay_words(matcher: ExerciseMatcher, text: str) -> None:
    """Articles, "once", ordinals and a single small number are no report."""
    assert with_digits(text) == text
    report = parse_report(text, matcher)
    assert report is None or not looks_like_report(report)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("left twelve right fifteen", "left 12 right 15"),
        ("links zwölf rechts fünfzehn", "links 12 rechts 15"),
        ("quatre-vingt-dix", "90"),
        ("vierundzwanzig", "24"),
        ("veinticuatro", "24"),
        ("сто двадцать пять", "125"),
        ("двадцать двенадцать", "20 12"),
        ("пять пять", "5 5"),
        ("12 twelve", "12 12"),
        ("links twelve rechts fifteen", "links 12 rechts 15"),
        ("left doce right quince", "left 12 right 15"),
        ("no numbers here", "no numbers here"),
        ("", ""),
    ],
)
def test_with_digits_writes_the_numbers(text: str, expected: str) -> None:
    """Numbers become digits where they stand; the rest of the text is kept as typed."""
    assert with_digits(text) == expected


def test_a_language_word_decides_which_numbers_are_read() -> None:
    """Spanish "once" (11) is a number in Spanish text only; German "elf" in German."""
    assert with_digits("I did it once") == "I did it once"
    assert with_digits("hice once") == "hice 11"
    assert with_digits("ich habe elf gemacht") == "ich habe 11 gemacht"


def test_a_text_with_no_number_word_skips_the_languages_search(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Each word is looked at once; a report typed in digits, next time, runs no search of
    the four languages, and a spelled number is still read wherever it comes."""
    from text_to_num import find_numbers as real

    from library import number_words

    calls: list[int] = []

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(number_words, "find_numbers", counted)
    monkeypatch.setattr(number_words, "_NUMBER_WORD", {})
    assert with_digits("humps left 9 9 right 10 10") == "humps left 9 9 right 10 10"
    first = len(calls)
    assert first > 0
    assert with_digits("humps left 11 12 right 7 8") == "humps left 11 12 right 7 8"
    assert len(calls) == first  # the same words: nothing searched
    assert with_digits("humps left twelve right fifteen") == "humps left 12 right 15"
    assert with_digits("Humps links vierundzwanzig") == "Humps links 24"
    assert with_digits("humps gauche vingt-et-un") == "humps gauche 21"
