"""Questions about the kit itself in German, Spanish, French and Russian (issue 18): what a
piece is, whether it is needed, that the runner lacks it, what to use instead, and what
kit the exercises take at all are KIT questions naming the piece (None for all of it),
as in English; questions about an exercise that names kit, and small talk, are not."""

from __future__ import annotations

import pytest

from library.exercises import ExerciseCatalog
from library.kit import KIT_WORDS, Kit
from library.matcher import ExerciseMatcher, MatchKind, fold, kit_named, kit_question

V, D, B, S, M = Kit.VIPR, Kit.DUMBBELLS, Kit.BARBELL, Kit.SWISS_BALL, Kit.MEDICINE_BALL
ALL = None

KIT_QUESTIONS: dict[str, list[tuple[str, Kit | None]]] = {
    "de": [
        ("was ist ein ViPR?", V),
        ("Was ist eigentlich ein Gymnastikball?", S),
        ("Was sind Kurzhanteln?", D),
        ("Brauche ich eine Langhantel?", B),
        ("brauch ich wirklich Kurzhanteln für die Sprünge?", D),
        ("Ich habe keine Kurzhanteln", D),
        ("hab leider keinen Pezziball, was nun?", S),
        ("Was kann ich statt einer Langhantel nehmen?", B),
        ("Womit kann ich den Medizinball ersetzen?", M),
        ("Welche Ausrüstung brauche ich?", ALL),
        ("Brauche ich irgendwelche Geräte?", ALL),
        ("Was muss ich mir kaufen?", ALL),
        ("Muss ich mir eine Langhantel kaufen?", B),
        ("Wo bekomme ich einen ViPR?", V),
        ("ohne Medizinball?", M),
        ("ViPR – was ist das?", V),
        ("Gymnastikball nötig?", S),
        ("Hallo, kurze Frage: wozu brauche ich einen ViPR?", V),
        ("Kein Ball zu Hause", ALL),
    ],
    "es": [
        ("¿Qué es un ViPR?", V),
        ("qué es un vipr", V),
        ("¿Qué es un fitball?", S),
        ("¿Necesito una barra?", B),
        ("¿Necesito mancuernas para el peso muerto?", D),
        ("no tengo fitball", S),
        ("No tengo mancuernas, ¿qué hago?", D),
        ("¿Qué uso en lugar de la barra?", B),
        ("¿Qué puedo usar en vez del balón medicinal?", M),
        ("¿Con qué sustituyo el fitball?", S),
        ("¿Qué material necesito?", ALL),
        ("¿Necesito algún material especial?", ALL),
        ("¿Hace falta un balón medicinal?", M),
        ("¿Dónde compro un vipr?", V),
        ("sin barra", B),
        ("Hola, ¿para qué sirve el ViPR?", V),
        ("¿Tengo que comprar mancuernas?", D),
        ("el fitball, ¿es obligatorio?", S),
        ("y si no tengo pelota suiza?", S),
    ],
    "fr": [
        ("c'est quoi un vipr", V),
        ("C’est quoi un ViPR ?", V),
        ("Qu'est-ce qu'un médecine-ball ?", M),
        ("Est-ce que j'ai besoin d'une barre ?", B),
        ("J'ai besoin d'haltères pour le soulevé de terre ?", D),
        ("je n'ai pas de barre", B),
        ("Je n'ai pas d'haltères, je fais comment ?", D),
        ("j'ai pas de ballon de gym", S),
        ("Par quoi remplacer la barre ?", B),
        ("Qu'est-ce que je peux utiliser à la place d'un médecine-ball ?", M),
        ("Quel matériel faut-il ?", ALL),
        ("De quel matériel ai-je besoin ?", ALL),
        ("Il faut du matériel ?", ALL),
        ("Faut-il un swiss ball ?", S),
        ("Où acheter un ViPR ?", V),
        ("sans haltères", D),
        ("Salut, à quoi sert le ViPR ?", V),
        ("Un ViPR, c'est quoi ?", V),
        ("Il me faut un ballon de gym ?", S),
    ],
    "ru": [
        ("что такое vipr", V),
        ("Что такое ViPR?", V),
        ("что такое фитбол?", S),
        ("Что это за випр?", V),
        ("Нужна ли мне штанга?", B),
        ("мне нужны гантели?", D),
        ("у меня нет штанги", B),
        ("У меня нет гантелей, что делать?", D),
        ("нету фитбола", S),
        ("Чем заменить штангу?", B),
        ("Что использовать вместо медбола?", M),
        ("Какой инвентарь нужен?", ALL),
        ("Нужен ли какой-то инвентарь?", ALL),
        ("Что нужно купить?", ALL),
        ("где купить випр?", V),
        ("без гантелей", D),
        ("Привет, зачем нужен ViPR?", V),
        ("Штанга нужна?", B),
        ("а если нет набивного мяча?", M),
        ("обязательно покупать фитбол?", S),
        ("Нужны ли гантели для румынской тяги?", D),
    ],
}

NOT_KIT_QUESTIONS: dict[str, list[str]] = {
    "de": [
        "wie mache ich das Kurzhantel-Kreuzheben?",
        "was ist ein Gymnastikball-Curl?",
        "was ist Kreuzheben mit Kurzhanteln",
        "Ausfallschritt mit Medizinball",
        "wie geht das Langhantel-Umsetzen?",
        "Danke, bis morgen!",
        "ich habe nichts davon",
        "was sind ViPR-Sprünge seitlich?",
        "erklär mir den Ausfallschritt mit Ball",
    ],
    "es": [
        "cómo se hace el peso muerto con mancuernas",
        "¿qué es el curl con fitball?",
        "zancada con balón medicinal",
        "¿cómo se hace la cargada con barra?",
        "gracias, hasta mañana",
        "peso muerto rumano con mancuernas",
        "¿qué son los saltos con vipr?",
        "no tengo nada",
        "explícame la zancada con balón",
    ],
    "fr": [
        "Comment faire le soulevé de terre aux haltères ?",
        "c'est quoi le curl au ballon ?",
        "fente avec médecine-ball",
        "comment on fait l'épaulé à la barre ?",
        "merci, à demain !",
        "qu'est-ce que les sauts vipr latéraux ?",
        "montre-moi le leg curl sur ballon",
        "rdl aux haltères",
    ],
    "ru": [
        "Как делать румынскую тягу с гантелями?",
        "что такое сгибание ног на фитболе?",
        "выпады с медболом",
        "как выполнять взятие штанги на грудь?",
        "спасибо, до завтра",
        "что такое прыжки с выносом колена",
        "нет",
        "объясни выпады с набивным мячом",
    ],
}


def _cases(table: dict[str, list[tuple[str, Kit | None]]]) -> list[tuple[str, Kit | None]]:
    return [case for cases in table.values() for case in cases]


def _texts(table: dict[str, list[str]]) -> list[str]:
    return [text for texts in table.values() for text in texts]


@pytest.fixture(scope="module")
def matcher(catalog: ExerciseCatalog) -> ExerciseMatcher:
    return ExerciseMatcher(catalog)


@pytest.mark.parametrize("language", list(KIT_QUESTIONS))
def test_every_language_has_enough_phrasings(language: str) -> None:
    assert len(KIT_QUESTIONS[language]) >= 15
    assert len(NOT_KIT_QUESTIONS[language]) >= 8
    # Each piece of kit and the question about all of it are asked in each language.
    assert {kit for _, kit in KIT_QUESTIONS[language]} == {*Kit, None}


@pytest.mark.parametrize(("text", "kit"), _cases(KIT_QUESTIONS))
def test_kit_questions_name_the_kit(matcher: ExerciseMatcher, text: str, kit: Kit | None) -> None:
    """A question about a piece of kit (or all of it) is a KIT question, not an exercise."""
    result = matcher.match(text)
    assert result.kind is MatchKind.KIT, result
    assert result.kit is kit
    assert result.exercises == ()


@pytest.mark.parametrize("text", _texts(NOT_KIT_QUESTIONS))
def test_exercises_naming_kit_and_small_talk_are_no_kit_questions(
    matcher: ExerciseMatcher, text: str
) -> None:
    assert kit_question(fold(text)) is None
    assert matcher.match(text).kind is not MatchKind.KIT


@pytest.mark.parametrize(
    ("text", "exercise"),
    [
        ("wie mache ich das Kurzhantel-Kreuzheben?", "dumbbell_rdl"),
        ("cómo se hace el peso muerto con mancuernas", "dumbbell_rdl"),
        ("c'est quoi le curl au ballon ?", "swiss_ball_hamstring_curl"),
        ("выпады с медболом", "medicine_ball_lunge"),
    ],
)
def test_an_exercise_naming_kit_is_still_found(
    matcher: ExerciseMatcher, text: str, exercise: str
) -> None:
    result = matcher.match(text)
    assert result.kind is MatchKind.FOUND
    assert result.exercises[0].id == exercise


@pytest.mark.parametrize(
    ("text", "kit"),
    [
        ("what's a ViPR?", V),
        ("do I need a barbell", B),
        ("I don't have a swiss ball", S),
        ("what can I use instead of a barbell", B),
        ("what kit do I need", ALL),
    ],
)
def test_english_kit_questions_still_work(
    matcher: ExerciseMatcher, text: str, kit: Kit | None
) -> None:
    result = matcher.match(text)
    assert result.kind is MatchKind.KIT
    assert result.kit is kit


def test_kit_named_in_another_language_is_understood(matcher: ExerciseMatcher) -> None:
    """Runners mix languages: an English name after a German opening, and back."""
    assert matcher.match("brauche ich einen swiss ball?").kit is S
    assert matcher.match("do I need a Langhantel?").kit is B


def test_russian_with_and_without_marks_is_the_same(matcher: ExerciseMatcher) -> None:
    """'ё' and 'й' typed or not: the same question."""
    for marked, plain in [
        ("Какой инвентарь нужен?", "Какои инвентарь нужен?"),
        ("что подойдёт вместо гантелей?", "что подоидет вместо гантелеи?"),
    ]:
        first, second = matcher.match(marked), matcher.match(plain)
        assert first.kind is second.kind is MatchKind.KIT
        assert first.kit == second.kit


def test_russian_case_forms_name_the_same_kit() -> None:
    for forms, kit in [
        (("штанга", "штанги", "штангу", "штангой"), B),
        (("гантели", "гантелей", "гантелями"), D),
        (("фитбол", "фитбола", "фитболом"), S),
        (("медбол", "набивного мяча", "набивным мячом"), M),
    ]:
        for form in forms:
            assert kit_named(fold(form)) == (kit,), form


def test_the_bots_own_words_for_the_kit_are_known() -> None:
    """The words docs/translating.md gives for each piece, as the bot writes them."""
    own = {
        "de": {V: "ViPR", D: "Kurzhanteln", B: "Langhantel", S: "Gymnastikball", M: "Medizinball"},
        "es": {V: "ViPR", D: "mancuernas", B: "barra", S: "fitball", M: "balón medicinal"},
        "fr": {V: "ViPR", D: "haltères", B: "barre", S: "ballon de gym", M: "médecine-ball"},
        "ru": {V: "ViPR", D: "гантели", B: "штанга", S: "фитбол", M: "медбол"},
    }
    for language, words in own.items():
        for kit, word in words.items():
            assert fold(word) in KIT_WORDS[language][kit], (language, word)


@pytest.mark.parametrize(
    ("text", "exercise"),
    [("Langhantel", "rxx_clean"), ("barra", "rxx_clean"), ("штанга", "rxx_clean")],
)
def test_a_kit_name_on_its_own_means_what_is_done_with_it(
    matcher: ExerciseMatcher, text: str, exercise: str
) -> None:
    result = matcher.lookup(text)
    assert [found.id for found in result] == [exercise]


def test_a_ball_on_its_own_is_either_ball(matcher: ExerciseMatcher) -> None:
    for text in ("Ball", "balón", "ballon", "мяч"):
        assert set(kit_named(fold(text))) == {S, M}, text
    assert matcher.match("что такое мяч?").kit is None
