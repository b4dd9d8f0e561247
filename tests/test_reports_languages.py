"""Rep reports in German, Spanish, French and Russian: tables of what runners type, what
each must give (sets per leg), and small talk with numbers that must stay small talk."""

from __future__ import annotations

import pytest

from library.exercises import ExerciseCatalog
from library.languages import Language
from library.matcher import ExerciseMatcher, fold
from library.report_words import WORDS
from library.reports import looks_like_report, mentions_pain, parse_report
from library.training import Leg

L, R, B = Leg.LEFT, Leg.RIGHT, Leg.BOTH
Sets = dict[Leg, tuple[int, ...]]


def legs(left: tuple[int, ...], right: tuple[int, ...]) -> Sets:
    return {L: left, R: right}


def each(*reps: int) -> Sets:
    return {L: reps, R: reps}


LR = legs((12,), (15,))
TEN_TWELVE = legs((10,), (12,))
STYLE = legs((6, 6, 6, 6), (4, 5, 4, 4))
THREE_EACH = legs((12, 11, 10), (15, 14, 13))
TWO_EACH = legs((12, 11), (15, 14))

GERMAN: list[tuple[str, Sets]] = [
    ("links 12 rechts 15", LR),
    ("Links 12, Rechts 15", LR),
    ("LINKS 12 RECHTS 15", LR),
    ("li 12 re 15", LR),
    ("Li 12 Re 15", LR),
    ("lks 12 rts 15", LR),
    ("12 links 15 rechts", LR),
    ("12 li 15 re", LR),
    ("12 li / 15 re", LR),
    ("li 6 6 6 6 re 4 5 4 4", STYLE),
    ("L 6 6 6 6 R 4 5 4 4", STYLE),
    ("links 12 11 10 rechts 15 14 13", THREE_EACH),
    ("links: 12, 11 rechts: 15, 14", TWO_EACH),
    ("links=12 rechts=15", LR),
    ("rechts 15 links 12", LR),
    ("linkes Bein 12, rechtes Bein 15", LR),
    ("rechte Seite 15, linke Seite 12", LR),
    ("mit dem linken Bein 12 und mit dem rechten 15", LR),
    ("links 12 und rechts 15", LR),
    ("links 12 dann rechts 15", LR),
    ("der linke 12 der rechte 15", LR),
    ("heute links 12 rechts 15 gemacht", LR),
    ("ich habe links 12 und rechts 15 geschafft", LR),
    ("links 8 8 rechts 9 9", legs((8, 8), (9, 9))),
    ("Satz 1: li 12 re 15, Satz 2: li 11 re 14", TWO_EACH),
    ("12 pro Seite", each(12)),
    ("12 pro Bein", each(12)),
    ("je Seite 12", each(12)),
    ("jeweils 12", each(12)),
    ("12 jeweils", each(12)),
    ("12 beidseitig", each(12)),
    ("beide 12", each(12)),
    ("15 auf jeder Seite", each(15)),
    ("15 auf beiden Seiten", each(15)),
    ("3 Sätze à 10", {B: (10, 10, 10)}),
    ("3 Saetze a 10", {B: (10, 10, 10)}),
    ("3 Sätze zu je 10", {B: (10, 10, 10)}),
    ("3 mal 10", {B: (10, 10, 10)}),
    ("3 Sätze à 10 pro Bein", each(10, 10, 10)),
    ("3x12 pro Seite", each(12, 12, 12)),
    ("20 Wiederholungen", {B: (20,)}),
]

SPANISH: list[tuple[str, Sets]] = [
    ("izquierda 10 derecha 12", TEN_TWELVE),
    ("Izquierda 10, Derecha 12", TEN_TWELVE),
    ("IZQUIERDA 10 DERECHA 12", TEN_TWELVE),
    ("izq 10 der 12", TEN_TWELVE),
    ("izq 10 d 12", TEN_TWELVE),
    ("izda 10 dcha 12", TEN_TWELVE),
    ("izqda 10 drcha 12", TEN_TWELVE),
    ("10 izquierda 12 derecha", TEN_TWELVE),
    ("10 izq 12 der", TEN_TWELVE),
    ("12 izq / 15 der", LR),
    ("izq 6 6 6 6 der 4 5 4 4", STYLE),
    ("L 6 6 6 6 R 4 5 4 4", STYLE),
    ("izquierda 12 11 10 derecha 15 14 13", THREE_EACH),
    ("izquierda: 12, 11 derecha: 15, 14", TWO_EACH),
    ("izquierda=10 derecha=12", TEN_TWELVE),
    ("derecha 12 izquierda 10", TEN_TWELVE),
    ("pierna izquierda 10, pierna derecha 12", TEN_TWELVE),
    ("lado izquierdo 10, lado derecho 12", TEN_TWELVE),
    ("izquierdo 10 derecho 12", TEN_TWELVE),
    ("con la izquierda 10 y con la derecha 12", TEN_TWELVE),
    ("izquierda 10 y derecha 12", TEN_TWELVE),
    ("izquierda 10 luego derecha 12", TEN_TWELVE),
    ("hoy hice izquierda 12 y derecha 15", LR),
    ("izqda 8 8 drcha 9 9", legs((8, 8), (9, 9))),
    ("serie 1: izq 12 der 15, serie 2: izq 11 der 14", TWO_EACH),
    ("12 cada pierna", each(12)),
    ("cada pierna 12", each(12)),
    ("12 por lado", each(12)),
    ("12 por pierna", each(12)),
    ("12 cada una", each(12)),
    ("12 en cada pierna", each(12)),
    ("12 con cada pierna", each(12)),
    ("12 en ambos lados", each(12)),
    ("ambas 12", each(12)),
    ("3 series de 10", {B: (10, 10, 10)}),
    ("3 tandas de 12", {B: (12, 12, 12)}),
    ("3 por 10", {B: (10, 10, 10)}),
    ("3 series de 10 por pierna", each(10, 10, 10)),
    ("3x10 cada pierna", each(10, 10, 10)),
    ("20 repeticiones", {B: (20,)}),
]

FRENCH: list[tuple[str, Sets]] = [
    ("gauche 10 droite 12", TEN_TWELVE),
    ("Gauche 10, Droite 12", TEN_TWELVE),
    ("GAUCHE 10 DROITE 12", TEN_TWELVE),
    ("g 10 d 12", TEN_TWELVE),
    ("G 6 6 6 6 D 4 5 4 4", STYLE),
    ("L 6 6 6 6 R 4 5 4 4", STYLE),
    ("gche 10 dte 12", TEN_TWELVE),
    ("10 gauche 12 droite", TEN_TWELVE),
    ("10 g 12 d", TEN_TWELVE),
    ("12 g / 15 d", LR),
    ("gauche 12 11 10 droite 15 14 13", THREE_EACH),
    ("gauche : 12, 11 droite : 15, 14", TWO_EACH),
    ("gauche=10 droite=12", TEN_TWELVE),
    ("droite 12 gauche 10", TEN_TWELVE),
    ("jambe gauche 10, jambe droite 12", TEN_TWELVE),
    ("côté gauche 10, côté droit 12", TEN_TWELVE),
    ("pied gauche 8 8 pied droit 9 9", legs((8, 8), (9, 9))),
    ("gauche 10 et droite 12", TEN_TWELVE),
    ("gauche 10 puis droite 12", TEN_TWELVE),
    ("j'ai fait 12 à gauche et 15 à droite", LR),
    ("aujourd'hui gauche 12 droite 15", LR),
    ("série 1 : g 12 d 15, série 2 : g 11 d 14", TWO_EACH),
    ("12 chaque jambe", each(12)),
    ("chaque jambe 12", each(12)),
    ("12 de chaque côté", each(12)),
    ("12 de chaque cote", each(12)),
    ("12 par jambe", each(12)),
    ("12 par côté", each(12)),
    ("12 chacune", each(12)),
    ("12 des deux côtés", each(12)),
    ("12 sur les deux jambes", each(12)),
    ("3 séries de 10", {B: (10, 10, 10)}),
    ("3 series de 10", {B: (10, 10, 10)}),
    ("3 séries à 10", {B: (10, 10, 10)}),
    ("3 fois 10", {B: (10, 10, 10)}),
    ("3 séries de 10 par jambe", each(10, 10, 10)),
    ("3x12 de chaque côté", each(12, 12, 12)),
    ("20 répétitions", {B: (20,)}),
    ("j'ai fait 20 20", {B: (20, 20)}),
]

RUSSIAN: list[tuple[str, Sets]] = [
    ("левая 10 правая 12", TEN_TWELVE),
    ("Левая 10, Правая 12", TEN_TWELVE),
    ("левой 10 правой 12", TEN_TWELVE),
    ("левои 10 правои 12", TEN_TWELVE),
    ("ЛЕВОЙ 10 ПРАВОЙ 12", TEN_TWELVE),
    ("левый 10 правый 12", TEN_TWELVE),
    ("л 10 п 12", TEN_TWELVE),
    ("Л 6 6 6 6 П 4 5 4 4", STYLE),
    ("L 6 6 6 6 R 4 5 4 4", STYLE),
    ("лев 12 прав 15", LR),
    ("10 левой 12 правой", TEN_TWELVE),
    ("12 л / 15 п", LR),
    ("левая 12 11 10 правая 15 14 13", THREE_EACH),
    ("левая: 12, 11 правая: 15, 14", TWO_EACH),
    ("левая=10 правая=12", TEN_TWELVE),
    ("правая 12 левая 10", TEN_TWELVE),
    ("левая нога 10, правая нога 12", TEN_TWELVE),
    ("левой ногой 10, правой ногой 12", TEN_TWELVE),
    ("на левую 12 и на правую 15", LR),
    ("с левой 12 с правой 15", LR),
    ("слева 10 справа 12", TEN_TWELVE),
    ("левая 10 потом правая 12", TEN_TWELVE),
    ("сегодня сделал левой 12 и правой 15", LR),
    ("подход 1: л 12 п 15, подход 2: л 11 п 14", TWO_EACH),
    ("по 12 на каждую ногу", each(12)),
    ("12 на каждую ногу", each(12)),
    ("каждой ногой по 12", each(12)),
    ("на каждую 12", each(12)),
    ("по 12 на ногу", each(12)),
    ("12 с каждой стороны", each(12)),
    ("обеими ногами по 12", each(12)),
    ("на обе ноги по 12", each(12)),
    ("3 подхода по 10", {B: (10, 10, 10)}),
    ("4 подхода по 8", {B: (8, 8, 8, 8)}),
    ("3х10", {B: (10, 10, 10)}),
    ("3 по 10", {B: (10, 10, 10)}),
    ("3 раза по 10", {B: (10, 10, 10)}),
    ("3 подхода по 10 на каждую ногу", each(10, 10, 10)),
    ("3х12 на каждую", each(12, 12, 12)),
    ("20 повторений", {B: (20,)}),
]

# Small talk, questions and numbers that are no reps (dates, times, distances, ages).
NOT_REPORTS: dict[Language, list[str]] = {
    Language.DE: [
        "ich laufe morgen um 7",
        "am 12. laufe ich 15 km",
        "danke",
        "danke dir, bis morgen",
        "Training um 18 Uhr",
        "wir treffen uns um 7:30 am Park",
        "ich bin gestern 15 km gelaufen",
        "das ist mein 3. Lauf diese Woche",
        "der Wettkampf ist am 3. Mai",
        "re 12",
    ],
    Language.ES: [
        "gracias",
        "muchas gracias, hasta mañana",
        "mañana corro a las 7",
        "el 12 corro 15 km",
        "corrí 10 km en 50 minutos",
        "entreno a las 18:30",
        "tengo 35 años",
        "la carrera es el 3 de mayo",
        "nos vemos el 5",
        "¿cuántas series hago, 2 o 3?",
    ],
    Language.FR: [
        "merci beaucoup",
        "merci, à demain",
        "je cours demain à 7h",
        "le 12 je cours 15 km",
        "j'ai couru 10 km en 50 minutes",
        "rendez-vous à 18h30",
        "j'ai 35 ans",
        "la course est le 3 mai",
        "d'accord, 20 minutes de footing",
        "on part à 8h du stade",
    ],
    Language.RU: [
        "спасибо",
        "спасибо, до завтра",
        "завтра бегу в 7 утра",
        "12 числа бегу 15 км",
        "пробежал 10 км за 50 минут",
        "тренировка в 18:30",
        "мне 35 лет",
        "забег 3 мая",
        "ты прав, 12 это много",
        "встретимся в 7",
    ],
}

REPORTS: dict[Language, list[tuple[str, Sets]]] = {
    Language.DE: GERMAN,
    Language.ES: SPANISH,
    Language.FR: FRENCH,
    Language.RU: RUSSIAN,
}


@pytest.fixture(scope="module")
def matcher(catalog: ExerciseCatalog) -> ExerciseMatcher:
    return ExerciseMatcher(catalog)


def test_forty_phrasings_per_language() -> None:
    """Each language is checked against at least 40 phrasings."""
    for language, reports in REPORTS.items():
        assert len(reports) + len(NOT_REPORTS[language]) >= 40, language


@pytest.mark.parametrize(
    ("text", "sets"),
    [
        pytest.param(text, sets, id=f"{lang}:{text}")
        for lang, t in REPORTS.items()
        for text, sets in t
    ],
)
def test_reports_in_every_language(matcher: ExerciseMatcher, text: str, sets: Sets) -> None:
    """Each phrasing gives the sets per leg (one number per set) and is a report."""
    report = parse_report(text, matcher)
    assert report is not None
    assert report.problem is None
    assert dict(report.sets) == sets
    assert report.named == ()
    assert looks_like_report(report)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(text, id=f"{lang}:{text}")
        for lang, texts in NOT_REPORTS.items()
        for text in texts
    ],
)
def test_small_talk_in_every_language_is_no_report(matcher: ExerciseMatcher, text: str) -> None:
    """Thanks, times, dates and distances are not reps."""
    report = parse_report(text, matcher)
    assert report is None or not looks_like_report(report)


@pytest.mark.parametrize(
    ("text", "sets", "named"),
    [
        ("humps links 10 rechts 8", legs((10,), (8,)), "hamstring_humps"),
        ("hops 3 Sätze à 20", {B: (20, 20, 20)}, "hamstring_hops"),
        ("humps izquierda 10 derecha 8", legs((10,), (8,)), "hamstring_humps"),
        ("lunges 15 cada pierna", each(15), "medicine_ball_lunge"),
        ("humps gauche 10 droite 8", legs((10,), (8,)), "hamstring_humps"),
        ("rxx G 6 6 6 6 D 6 6 5 5", legs((6, 6, 6, 6), (6, 6, 5, 5)), "rxx_clean"),
        ("humps левой 10 правой 8", legs((10,), (8,)), "hamstring_humps"),
        ("hops 3 подхода по 20", {B: (20, 20, 20)}, "hamstring_hops"),
    ],
)
def test_an_english_exercise_name_with_words_of_another_language(
    matcher: ExerciseMatcher, text: str, sets: Sets, named: str
) -> None:
    """The exercise's name and the leg or set words may come from different languages."""
    report = parse_report(text, matcher)
    assert report is not None
    assert dict(report.sets) == sets
    fitting = [e.id for e in report.named if e.per_leg == report.has_legs]
    assert fitting[:1] == [named]


@pytest.mark.parametrize(
    ("text", "sets"),
    [
        ("links 12 right 15", LR),
        ("left 12 derecha 15", LR),
        ("12 left 15 droite", LR),
        ("левая 12 right 15", LR),
        ("3 sets of 10 pro Seite", each(10, 10, 10)),
        ("12 each side", each(12)),
        ("3 x 15 each side", each(15, 15, 15)),
    ],
)
def test_languages_mix_in_one_text(matcher: ExerciseMatcher, text: str, sets: Sets) -> None:
    """Every language's words are read in every text: a runner whose app is in English
    may write German leg words, and English ones still work as before."""
    report = parse_report(text, matcher)
    assert report is not None
    assert dict(report.sets) == sets


@pytest.mark.parametrize(
    "text",
    ["der 12", "d 12", "12 d", "g 30", "30 g", "re 12", "li 8", "л 2", "п 5", "прав 12", "лев 3"],
)
def test_a_clashing_short_form_alone_names_no_leg(matcher: ExerciseMatcher, text: str) -> None:
    """A short form that means something else elsewhere ("der", "d", "g", "л") names a
    leg only beside its language's word for the other leg: alone it names none."""
    report = parse_report(text, matcher)
    assert report is not None
    assert not report.has_legs


@pytest.mark.parametrize(
    ("text", "sets"),
    [
        ("der linke 12, der rechte 15", LR),
        ("der 12 izquierda 10", legs((10,), (12,))),
        ("20 20 d'abord", None),
        ("20 20 l'autre jour", None),
    ],
)
def test_a_clashing_short_form_is_what_its_neighbours_say(
    matcher: ExerciseMatcher, text: str, sets: Sets | None
) -> None:
    """German "der" beside German leg words is the article; beside a Spanish left it is
    the right leg; an elided "d'" or "l'" is never a leg."""
    report = parse_report(text, matcher)
    assert report is not None
    if sets is None:
        assert not report.has_legs
        assert dict(report.sets) == {B: (20, 20)}
    else:
        assert dict(report.sets) == sets


@pytest.mark.parametrize(
    ("typed", "plain"),
    [
        ("ЛЕВОЙ 10 ПРАВОЙ 12", "левои 10 правои 12"),
        ("левой 10 правой 12", "левои 10 правои 12"),
        ("ещё левой 10 правой 12", "еще левои 10 правои 12"),
        ("3 Sätze à 10 pro Fuß", "3 satze a 10 pro fuss"),
        ("12 de chaque côté", "12 de chaque cote"),
        ("izquierda 10 dcha 12", "IZQUIERDA 10 DCHA 12"),
    ],
)
def test_words_match_however_they_are_typed(
    matcher: ExerciseMatcher, typed: str, plain: str
) -> None:
    """Case, accents, "й" typed as "и" and "ё" as "е" make no difference."""
    first, second = parse_report(typed, matcher), parse_report(plain, matcher)
    assert first is not None
    assert second is not None
    assert first.has_legs
    assert dict(first.sets) == dict(second.sets)


@pytest.mark.parametrize(
    ("text", "sets", "pain"),
    [
        ("links 12 rechts 15, kein Schmerz", LR, False),
        ("links 10 rechts 12 aber Oberschenkel zieht etwas", TEN_TWELVE, True),
        ("izquierda 10 derecha 12, sin dolor", TEN_TWELVE, False),
        ("izquierda 10 derecha 12 pero me duele el isquio", TEN_TWELVE, True),
        ("gauche 10 droite 12, pas de douleur", TEN_TWELVE, False),
        ("gauche 10 droite 12 mais j'ai mal à l'ischio", TEN_TWELVE, True),
        ("левая 10 правая 12, не болит", TEN_TWELVE, False),
        ("левая 10 правая 12, но тянет бедро", TEN_TWELVE, True),
    ],
)
def test_pain_beside_a_report_in_every_language(
    matcher: ExerciseMatcher, text: str, sets: Sets, pain: bool
) -> None:
    """A pain remark after a report leaves its numbers as they were and flags pain."""
    report = parse_report(text, matcher)
    assert report is not None
    assert dict(report.sets) == sets
    assert report.pain is pain


def test_every_language_has_its_table() -> None:
    """One table per language the coach speaks."""
    assert set(WORDS) == set(Language)


def test_leg_words_do_not_clash_between_languages() -> None:
    """A leg word read in every text means the same leg in every language, and is no
    noise word anywhere; the paired short forms are their language's leg words."""
    meaning: dict[str, str] = {}
    noise = {fold(word) for words in WORDS.values() for word in words.noise}
    for language, words in WORDS.items():
        paired = {fold(word) for word in words.paired}
        assert paired <= {fold(word) for word in (*words.left, *words.right)}, language
        for kind, table in (("left", words.left), ("right", words.right), ("each", words.each)):
            for word in map(fold, table):
                if word in paired:
                    continue
                assert meaning.setdefault(word, kind) == kind, (language, word)
                assert word not in noise, (language, word)


SAID_IN = {
    Language.EN: " left 10 right 12",
    Language.DE: " links 10 rechts 12",
    Language.ES: " izquierda 10 derecha 12",
    Language.FR: " gauche 10 droite 12",
    Language.RU: " левой 10 правой 12",
}


@pytest.mark.parametrize("language", list(SAID_IN))
def test_every_name_in_every_language_with_reps_names_its_exercise(
    matcher: ExerciseMatcher, catalog: ExerciseCatalog, language: Language
) -> None:
    """Any name or alias of the catalogue in a language, followed by reps, names its
    exercise, even when the name ends in words that are noise elsewhere ("peso muerto a
    una pierna", "rdl une jambe"). Names that are pain words too are left out: Spanish
    "cargada" (the clean) also means a loaded, tight muscle, and pain wins."""
    for exercise in catalog:
        local = exercise.in_language(language.value)
        for name in (local.name, *local.aliases):
            if mentions_pain(name):
                continue
            for reps in (" 12 12", SAID_IN[language]):
                report = parse_report(name + reps, matcher)
                assert report is not None
                assert exercise in report.named, name + reps
