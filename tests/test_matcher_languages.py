"""The exercise matcher in German, Spanish, French and Russian (issue 18): questions in each
language find the exercise (and the aspect asked about) by its name in any language, with
typos and the nicknames runners of that language use; plain words for warm-up, done and
skip name their command; small talk is neither a question nor a command. Russian text is
matched folded ("й" as "и", "ё" as "е"), so either spelling gives the same verdict."""

from __future__ import annotations

import pytest

from library.aspects import Aspect, find_aspect
from library.exercises import ExerciseCatalog
from library.languages import Language
from library.matcher import ExerciseMatcher, MatchKind, fold, normalize
from library.plain_words import PlainCommand, plain_command
from library.question_words import (
    EXERCISE_WORDS,
    FILLER,
    PREAMBLE,
    STRONG_OPENINGS,
    WEAK_OPENINGS,
    strip_marks,
)

# (text, exercise id, aspect or None) per language.
Question = tuple[str, str, Aspect | None]

GERMAN: list[Question] = [
    ("wie mache ich hamstring humps?", "hamstring_humps", None),
    ("Wie mache ich die Standwaage?", "single_leg_rdl_reach", None),
    ("wie geht Beckenheben?", "hip_bridge_90", None),
    ("was ist ein Nordic Curl?", "nordic_hamstring_curl", None),
    ("erklär mir das Umsetzen", "rxx_clean", None),
    ("Erklär mir bitte die Seitsprünge", "single_leg_hops_side_to_side", None),
    ("zeig mir die Ausfallschritte", "medicine_ball_lunge", None),
    ("wie macht man Fußgelenksprünge", "hamstring_hops", None),
    ("wie mache ich fussgelenkspruenge", "hamstring_hops", None),
    ("Kniehubsprünge?", "hamstring_humps", None),
    ("Beinbeuger Curl", "swiss_ball_hamstring_curl", None),
    ("wie mache ich den Beinbeuger-Curl auf dem Gymnastikball", "swiss_ball_hamstring_curl", None),
    ("rumänisches Kreuzheben", "dumbbell_rdl", None),
    ("rumänisches kreuzhebn", "dumbbell_rdl", None),
    ("KH-Kreuzheben", "dumbbell_rdl", None),
    ("Kreuzheben einbeinig", "single_leg_rdl_reach", None),
    ("Diagonalsprünge", "single_leg_hops_over_shoulder", None),
    ("Brücke 45 Grad", "hip_bridge_45", None),
    ("Beckenheben 150", "hip_bridge_150", None),
    ("Schulterbrücke", "hip_bridge_90", None),
    ("Po-Brücke?", "hip_bridge_90", None),
    (
        "hallo Trainer, wie mache ich einbeinige Sprünge vor und zurück?",
        "single_leg_hops_forward_back",
        None,
    ),
    ("wie lande ich bei den Fußgelenksprüngen?", "hamstring_hops", Aspect.LANDING),
    ("Fehler beim Ausfallschritt", "medicine_ball_lunge", Aspect.MISTAKES),
    ("häufige Fehler beim rumänischen Kreuzheben", "dumbbell_rdl", Aspect.MISTAKES),
    ("leichtere Version der Nordic Curls", "nordic_hamstring_curl", Aspect.EASIER),
    ("eine schwerere Variante vom Beckenheben", "hip_bridge_90", Aspect.HARDER),
    ("ist die Standwaage gefährlich?", "single_leg_rdl_reach", Aspect.SAFETY),
    ("Technik beim Umsetzen", "rxx_clean", Aspect.FORM),
    ("worauf muss ich achten bei den Seitsprüngen", "single_leg_hops_side_to_side", Aspect.CUES),
    ("wie viele Wiederholungen beim Beckenheben", "hip_bridge_90", Aspect.DOSE),
    ("Ausgangsposition für die Standwaage", "single_leg_rdl_reach", Aspect.SETUP),
]
SPANISH: list[Question] = [
    ("¿Cómo se hace el peso muerto rumano?", "dumbbell_rdl", None),
    ("como hago las zancadas", "medicine_ball_lunge", None),
    ("cómo hago una zancada con balón medicinal?", "medicine_ball_lunge", None),
    ("qué es el curl nórdico?", "nordic_hamstring_curl", None),
    ("explícame los rebotes de isquios", "hamstring_hops", None),
    ("explicame la cargada rxx", "rxx_clean", None),
    ("muéstrame el puente de glúteos", "hip_bridge_90", None),
    ("¿cómo se hacen los saltos laterales?", "single_leg_hops_side_to_side", None),
    ("saltos a la pata coja", "single_leg_hops_forward_back", None),
    ("saltos en diagonal", "single_leg_hops_over_shoulder", None),
    ("puente 45", "hip_bridge_45", None),
    ("puente a 150 grados", "hip_bridge_150", None),
    ("puente de gluteos", "hip_bridge_90", None),
    ("peso muerto a una pierna", "single_leg_rdl_reach", None),
    ("zancadas", "medicine_ball_lunge", None),
    ("estocadas", "medicine_ball_lunge", None),
    ("desplantes?", "medicine_ball_lunge", None),
    ("curl femoral con fitball", "swiss_ball_hamstring_curl", None),
    ("nordicos", "nordic_hamstring_curl", None),
    ("PMR", "dumbbell_rdl", None),
    ("rebotes de isquis", "hamstring_hops", None),
    ("saltos con impulso de rodila", "hamstring_humps", None),
    ("hola entrenador, ¿cómo se hace la cargada en tijera?", "rxx_clean", None),
    ("¿cómo aterrizo en los rebotes?", "hamstring_hops", Aspect.LANDING),
    ("errores comunes en las zancadas", "medicine_ball_lunge", Aspect.MISTAKES),
    ("¿cuáles son los errores más comunes del peso muerto?", "dumbbell_rdl", Aspect.MISTAKES),
    ("versión más fácil del curl nórdico", "nordic_hamstring_curl", Aspect.EASIER),
    ("una versión más difícil del puente", "hip_bridge_90", Aspect.HARDER),
    ("¿es peligroso el peso muerto?", "dumbbell_rdl", Aspect.SAFETY),
    ("técnica del peso muerto rumano", "dumbbell_rdl", Aspect.FORM),
    ("en qué me fijo en los saltos laterales", "single_leg_hops_side_to_side", Aspect.CUES),
    ("¿cuántas repeticiones de puente?", "hip_bridge_90", Aspect.DOSE),
]
FRENCH: list[Question] = [
    ("comment faire les fentes ?", "medicine_ball_lunge", None),
    ("Comment on fait le pont fessier ?", "hip_bridge_90", None),
    ("comment faire l'épaulé RXX", "rxx_clean", None),
    ("c'est quoi le curl nordique ?", "nordic_hamstring_curl", None),
    ("qu'est-ce que le soulevé de terre roumain ?", "dumbbell_rdl", None),
    ("explique-moi les rebonds pieds joints", "hamstring_hops", None),
    ("montre-moi le cloche-pied latéral", "single_leg_hops_side_to_side", None),
    ("comment je fais les sauts en diagonale ?", "single_leg_hops_over_shoulder", None),
    ("cloche pied avant arrière", "single_leg_hops_forward_back", None),
    ("pont 45", "hip_bridge_45", None),
    ("pont fessier 150", "hip_bridge_150", None),
    ("relevé de bassin", "hip_bridge_90", None),
    ("soulevé de terre sur une jambe", "single_leg_rdl_reach", None),
    ("SDT roumain", "dumbbell_rdl", None),
    ("fentes avant", "medicine_ball_lunge", None),
    ("leg curl sur ballon", "swiss_ball_hamstring_curl", None),
    ("curl nordiqe", "nordic_hamstring_curl", None),
    ("rebonds pied joint", "hamstring_hops", None),
    ("sauts avec montee de genou", "hamstring_humps", None),
    ("salut coach, comment faire le relevé de bassin 45 ?", "hip_bridge_45", None),
    ("comment atterrir sur les rebonds ?", "hamstring_hops", Aspect.LANDING),
    ("les erreurs courantes sur les fentes", "medicine_ball_lunge", Aspect.MISTAKES),
    ("quelles sont les erreurs fréquentes du soulevé de terre ?", "dumbbell_rdl", Aspect.MISTAKES),
    ("une version plus facile du curl nordique", "nordic_hamstring_curl", Aspect.EASIER),
    ("comment rendre les fentes plus faciles", "medicine_ball_lunge", Aspect.EASIER),
    ("version plus difficile du pont fessier", "hip_bridge_90", Aspect.HARDER),
    ("est-ce que le soulevé de terre est dangereux ?", "dumbbell_rdl", Aspect.SAFETY),
    ("la bonne technique pour l'épaulé", "rxx_clean", Aspect.FORM),
    (
        "sur quoi je dois me concentrer pour le cloche-pied",
        "single_leg_hops_forward_back",
        Aspect.CUES,
    ),
    ("combien de répétitions pour le pont ?", "hip_bridge_90", Aspect.DOSE),
]
RUSSIAN: list[Question] = [
    ("как делать выпады?", "medicine_ball_lunge", None),
    ("Как выполнять румынскую тягу?", "dumbbell_rdl", None),
    ("как правильно делать ягодичный мостик", "hip_bridge_90", None),
    ("что такое нордические сгибания?", "nordic_hamstring_curl", None),
    ("объясни пружинящие подскоки", "hamstring_hops", None),
    ("покажи прыжки в стороны", "single_leg_hops_side_to_side", None),
    ("как делать прыжки на одной ноге вперёд-назад", "single_leg_hops_forward_back", None),
    ("как делать взятие штанги в выпад", "rxx_clean", None),
    ("что такое хампы", "hamstring_humps", None),
    ("мостик 45", "hip_bridge_45", None),
    ("мостик под 150 градусов", "hip_bridge_150", None),
    ("ягодичный мостик", "hip_bridge_90", None),
    ("ласточка", "single_leg_rdl_reach", None),
    ("румынка", "dumbbell_rdl", None),
    ("становая на одной ноге", "single_leg_rdl_reach", None),
    ("сгибание ног на фитболе", "swiss_ball_hamstring_curl", None),
    ("нордики", "nordic_hamstring_curl", None),
    ("выпады с медболом", "medicine_ball_lunge", None),
    ("румынская тяга с ганталями", "dumbbell_rdl", None),
    ("прыжки по диагонали", "single_leg_hops_over_shoulder", None),
    ("привет, тренер, как делать прыжки с выносом колена?", "hamstring_humps", None),
    ("как приземляться в пружинящих подскоках?", "hamstring_hops", Aspect.LANDING),
    ("типичные ошибки в выпадах", "medicine_ball_lunge", Aspect.MISTAKES),
    ("какие ошибки бывают в румынской тяге?", "dumbbell_rdl", Aspect.MISTAKES),
    ("вариант полегче для нордических сгибаний", "nordic_hamstring_curl", Aspect.EASIER),
    ("как сделать мостик сложнее", "hip_bridge_90", Aspect.HARDER),
    ("это безопасно — румынская тяга?", "dumbbell_rdl", Aspect.SAFETY),
    ("техника выполнения ласточки", "single_leg_rdl_reach", Aspect.FORM),
    ("на что обращать внимание в прыжках в стороны", "single_leg_hops_side_to_side", Aspect.CUES),
    ("сколько повторений ягодичного мостика?", "hip_bridge_90", Aspect.DOSE),
]
QUESTIONS: dict[Language, list[Question]] = {
    Language.DE: GERMAN,
    Language.ES: SPANISH,
    Language.FR: FRENCH,
    Language.RU: RUSSIAN,
}
PLAIN: dict[Language, list[tuple[str, PlainCommand]]] = {
    Language.DE: [
        ("aufwärmen", PlainCommand.WARMUP),
        ("Aufwärmen heute", PlainCommand.WARMUP),
        ("zeig mir mein Aufwärmprogramm", PlainCommand.WARMUP),
        ("was mache ich vor dem Laufen?", PlainCommand.WARMUP),
        ("fertig", PlainCommand.DONE),
        ("ich bin fertig!", PlainCommand.DONE),
        ("erledigt", PlainCommand.DONE),
        ("Aufwärmen erledigt", PlainCommand.DONE),
        ("überspringen", PlainCommand.SKIP),
        ("heute überspringen", PlainCommand.SKIP),
        ("ok, überspringen bitte", PlainCommand.SKIP),
    ],
    Language.ES: [
        ("calentamiento", PlainCommand.WARMUP),
        ("mi calentamiento de hoy", PlainCommand.WARMUP),
        ("dame el calentamiento", PlainCommand.WARMUP),
        ("¿qué hago antes de correr?", PlainCommand.WARMUP),
        ("listo", PlainCommand.DONE),
        ("¡hecho!", PlainCommand.DONE),
        ("ya terminé", PlainCommand.DONE),
        ("terminé el calentamiento", PlainCommand.DONE),
        ("saltar", PlainCommand.SKIP),
        ("me lo salto", PlainCommand.SKIP),
        ("hoy paso, gracias", PlainCommand.SKIP),
    ],
    Language.FR: [
        ("échauffement", PlainCommand.WARMUP),
        ("mon échauffement du jour", PlainCommand.WARMUP),
        ("envoie-moi l'échauffement", PlainCommand.WARMUP),
        ("qu'est-ce que je fais avant de courir ?", PlainCommand.WARMUP),
        ("fini", PlainCommand.DONE),
        ("c'est fait !", PlainCommand.DONE),
        ("j'ai terminé", PlainCommand.DONE),
        ("échauffement terminé", PlainCommand.DONE),
        ("passer", PlainCommand.SKIP),
        ("je passe", PlainCommand.SKIP),
        ("je saute l'échauffement", PlainCommand.SKIP),
    ],
    Language.RU: [
        ("разминка", PlainCommand.WARMUP),
        ("моя разминка на сегодня", PlainCommand.WARMUP),
        ("покажи разминку", PlainCommand.WARMUP),
        ("что делать перед пробежкой?", PlainCommand.WARMUP),
        ("готово", PlainCommand.DONE),
        ("сделал", PlainCommand.DONE),
        ("я закончила", PlainCommand.DONE),
        ("разминка сделана", PlainCommand.DONE),
        ("пропустить", PlainCommand.SKIP),
        ("сегодня пропущу", PlainCommand.SKIP),
        ("пропускаю разминку", PlainCommand.SKIP),
    ],
}
SMALL_TALK: dict[Language, list[str]] = {
    Language.DE: [
        "wie geht's?",
        "wie geht es dir?",
        "danke",
        "gute Nacht",
        "Guten Morgen",
        "alles klar",
        "bis morgen",
        "Tschüss",
        "hallo",
        "ok danke",
        "wie war dein Tag?",
        "bist du sicher?",
        "ich bin fertig mit der Arbeit",
    ],
    Language.ES: [
        "¿qué tal?",
        "gracias",
        "buenas noches",
        "hola",
        "de nada",
        "vale",
        "genial",
        "hasta luego",
        "¿cómo estás?",
        "¿seguro?",
        "muchas gracias, entrenador",
        "listo para el trabajo",
    ],
    Language.FR: [
        "ça va ?",
        "merci",
        "bonne nuit",
        "bonjour",
        "salut",
        "d'accord",
        "à demain",
        "super merci",
        "comment ça va ?",
        "je suis en forme",
        "c'est quoi ton nom ?",
        "j'ai fini le boulot",
    ],
    Language.RU: [
        "как дела?",
        "спасибо",
        "спокойной ночи",
        "привет",
        "доброе утро",
        "хорошо",
        "понятно",
        "до завтра",
        "ладно, спасибо",
        "как ты?",
        "что это такое?",
        "сделал уборку дома",
    ],
}
UNKNOWN: dict[Language, list[str]] = {
    Language.DE: ["wie mache ich Kniebeugen?", "was ist ein Burpee?"],
    Language.ES: ["¿cómo se hacen las sentadillas?", "¿qué es un burpee?"],
    Language.FR: ["comment faire des pompes ?", "c'est quoi un burpee ?"],
    Language.RU: ["как делать приседания?", "что такое берпи?"],
}
OTHERS = [language for language in Language if language is not Language.EN]


@pytest.fixture(scope="module")
def matcher(catalog: ExerciseCatalog) -> ExerciseMatcher:
    return ExerciseMatcher(catalog)


@pytest.mark.parametrize("language", OTHERS)
def test_every_language_has_at_least_40_phrasings(language: Language) -> None:
    """Issue 18: at least 40 phrasings per language: questions, plain words, small talk."""
    count = (
        len(QUESTIONS[language])
        + len(PLAIN[language])
        + len(SMALL_TALK[language])
        + len(UNKNOWN[language])
    )
    assert count >= 40


@pytest.mark.parametrize(
    ("text", "expected", "aspect"),
    [case for language in OTHERS for case in QUESTIONS[language]],
)
def test_questions_find_their_exercise_and_aspect(
    matcher: ExerciseMatcher, text: str, expected: str, aspect: Aspect | None
) -> None:
    """A question in any of the four languages, with typos or nicknames, finds the
    exercise, and carries the aspect asked about (none when it asks about the whole)."""
    result = matcher.match(text)
    assert result.kind is MatchKind.FOUND, (text, result.kind, result.exercises)
    assert result.exercise is not None
    assert result.exercise.id == expected
    assert result.aspect is aspect


@pytest.mark.parametrize(
    ("text", "command"), [case for language in OTHERS for case in PLAIN[language]]
)
def test_plain_words_name_their_command(
    matcher: ExerciseMatcher, text: str, command: PlainCommand
) -> None:
    """Warm-up, done and skip in each language's words name the command, no question."""
    assert plain_command(fold(text)) is command
    assert matcher.match(text).kind is MatchKind.NOT_A_QUESTION


@pytest.mark.parametrize("text", [text for language in OTHERS for text in SMALL_TALK[language]])
def test_small_talk_is_neither_question_nor_command(matcher: ExerciseMatcher, text: str) -> None:
    """Greetings, thanks and chat in each language name no exercise and no command."""
    assert matcher.match(text).kind is MatchKind.NOT_A_QUESTION
    assert plain_command(fold(text)) is None


@pytest.mark.parametrize("text", [text for language in OTHERS for text in UNKNOWN[language]])
def test_questions_about_exercises_we_lack_are_unknown(matcher: ExerciseMatcher, text: str) -> None:
    """A clear question about an exercise the catalogue lacks is UNKNOWN, not a guess."""
    assert matcher.match(text).kind is MatchKind.UNKNOWN


@pytest.mark.parametrize(
    ("with_marks", "without"),
    [
        ("как делать выпады вперёд?", "как делать выпады вперед?"),
        ("мёртвая тяга", "мертвая тяга"),
        ("какой техникой делать ягодичный мостик?", "какои техникои делать ягодичныи мостик?"),
        ("распространённые ошибки в выпадах", "распространенные ошибки в выпадах"),
        ("разомнёмся", "разомнемся"),
        ("всё готово", "все готово"),
        ("ещё раз: как выполнять румынскую тягу?", "еще раз: как выполнять румынскую тягу?"),
    ],
)
def test_russian_with_or_without_marks_is_the_same(
    matcher: ExerciseMatcher, with_marks: str, without: str
) -> None:
    """fold turns "й" into "и" and "ё" into "е"; the Russian tables go through the same
    step, so a text spelled either way gets the same verdict, aspect and command."""
    assert fold(with_marks) == fold(without)
    assert matcher.match(with_marks) == matcher.match(without)
    assert plain_command(fold(with_marks)) is plain_command(fold(without))


def test_marked_russian_entries_match_folded_text(matcher: ExerciseMatcher) -> None:
    """Table entries written with "ё" and "й" ("распространённые", "лёгкий вариант",
    "разомнёмся") are found in folded text."""
    assert find_aspect(fold("распространённые ошибки в выпадах"))[0] is Aspect.MISTAKES
    assert find_aspect(fold("лёгкий вариант мостика"))[0] is Aspect.EASIER
    assert plain_command(fold("Разомнёмся!")) is PlainCommand.WARMUP
    result = matcher.match("Какой лёгкий вариант для выпадов?")
    assert result.exercise is not None
    assert (result.exercise.id, result.aspect) == ("medicine_ball_lunge", Aspect.EASIER)


def test_english_questions_still_work(matcher: ExerciseMatcher) -> None:
    """The other languages' words do not change English: names, aspects, plain words."""
    result = matcher.match("how should I land on the hamstring hops?")
    assert result.exercise is not None
    assert (result.exercise.id, result.aspect) == ("hamstring_hops", Aspect.LANDING)
    assert plain_command(fold("done")) is PlainCommand.DONE
    assert matcher.match("thanks coach").kind is MatchKind.NOT_A_QUESTION


def test_a_name_in_one_language_after_another_languages_opening(matcher: ExerciseMatcher) -> None:
    """Openings and names mix: a German opening with the English name, English with Russian."""
    for text, expected in (
        ("wie mache ich hamstring hops?", "hamstring_hops"),
        ("how do I do выпады?", "medicine_ball_lunge"),
        ("comment faire les nordic curls ?", "nordic_hamstring_curl"),
        ("¿cómo se hace el hip bridge 45?", "hip_bridge_45"),
    ):
        result = matcher.match(text)
        assert result.exercise is not None, text
        assert result.exercise.id == expected


@pytest.mark.parametrize(
    "text", ["¿cómo se hace la cargada?", "explícame las cargadas", "cargada rxx, ¿cómo?"]
)
def test_a_name_that_reads_as_pain_is_the_exercise(matcher: ExerciseMatcher, text: str) -> None:
    """Spanish "cargada" is the clean and also "loaded, tight": asked about as an
    exercise, it is the clean, not a question about training in pain."""
    result = matcher.match(text)
    assert result.exercise is not None
    assert result.exercise.id == "rxx_clean"


@pytest.mark.parametrize(
    "text",
    [
        "tengo la pierna cargada, ¿puedo hacer zancadas?",
        "isquio cargado, ¿hago los puentes?",
        "me duele la rodilla, ¿puedo hacer la cargada?",
    ],
)
def test_pain_beside_a_name_stays_pain(matcher: ExerciseMatcher, text: str) -> None:
    """A pain word that names no exercise there, or other pain words, keep the text a
    question about training in pain."""
    assert matcher.match(text).kind is MatchKind.TRAINING_IN_PAIN


def test_french_elisions_are_words_of_their_own() -> None:
    """ "l'épaulé" is "l" and "épaulé": the article is dropped, the name kept."""
    assert normalize("comment faire l'épaulé ?") == normalize("épaulé")
    assert normalize("qu'est-ce que l'échauffement") == normalize("échauffement")


def test_spanish_opening_marks_are_dropped() -> None:
    """ "¿" and "¡" are no part of a word: "¿cómo…?" folds to "como…?"."""
    assert fold("¿Cómo se hace?") == "como se hace?"
    assert fold("¡Listo!") == "listo!"


def test_every_language_has_its_tables() -> None:
    """Each word table has an entry for every language the coach speaks."""
    for table in (STRONG_OPENINGS, WEAK_OPENINGS, PREAMBLE, FILLER, EXERCISE_WORDS):
        assert set(table) == {language.value for language in Language}
        assert all(table[language] for language in Language)


def test_strip_marks_drops_accents_and_russian_marks_only() -> None:
    """strip_marks is fold's step for accents: "é" -> "e", "й" -> "и", "ё" -> "е"."""
    assert strip_marks("épaulé") == "epaule"
    assert strip_marks("йогурт ёж") == "иогурт еж"
    assert strip_marks("Übung") == "Ubung"
    assert strip_marks("sœur") == "soeur"


ENGLISH_TOML = """
[[exercise]]
id = "calf_raise"
name = "Calf raise"
kind = "strength"
per_leg = false
aliases = ["calf raises", "heel raise"]
equipment = []
sets = 2
reps_min = 10
reps_max = 12
until_form_falters = false
reps_per_leg = false
tempo = "slow"
setup = "Stand on a step."
steps = ["Rise.", "Lower."]
cues = ["Tall"]
mistakes = ["Bouncing"]
easier = "Both feet."
harder = "One foot."
safety = "Hold a rail."

[[exercise]]
id = "wall_sit"
name = "Wall sit"
kind = "strength"
per_leg = false
aliases = ["wall squat hold"]
equipment = []
sets = 2
reps_min = 1
reps_max = 1
until_form_falters = false
reps_per_leg = false
tempo = "still"
setup = "Back to a wall."
steps = ["Slide down.", "Hold."]
cues = ["Knees over ankles"]
mistakes = ["Hands on thighs"]
easier = "Sit higher."
harder = "Sit lower."
safety = "Stop if a knee hurts."
"""


def _texts(name: str, aliases: str) -> str:
    return (
        f'name = "{name}"\naliases = [{aliases}]\nequipment = []\ntempo = "t"\n'
        'setup = "s"\nsteps = ["s"]\ncues = ["c"]\nmistakes = ["m"]\n'
        'easier = "e"\nharder = "h"\nsafety = "x"\n'
    )


def test_an_inline_catalogue_is_matched_in_every_language() -> None:
    """A catalogue built from inline texts: each language's names and nicknames find
    their exercise, Russian ones with "й" too, whichever language the question is in."""
    translations = {
        "de": "[calf_raise]\n"
        + _texts("Wadenheben", '"wadenheber", "zehenstand"')
        + "[wall_sit]\n"
        + _texts("Wandsitzen", '"stuhl an der wand"'),
        "ru": "[calf_raise]\n"
        + _texts("Подъёмы на носки", '"подъемы на носки", "икроножный подъём"')
        + "[wall_sit]\n"
        + _texts("Стульчик у стены", '"стульчик", "статический присед"'),
    }
    catalog = ExerciseCatalog.from_toml(ENGLISH_TOML, translations)
    matcher = ExerciseMatcher(catalog)
    for text, expected in (
        ("wie mache ich Wadenheben?", "calf_raise"),
        ("Zehenstand", "calf_raise"),
        ("erklär mir den Stuhl an der Wand", "wall_sit"),
        ("как делать подъёмы на носки?", "calf_raise"),
        ("что такое стульчик?", "wall_sit"),
        ("как выполнять статический присед", "wall_sit"),
        ("how do I do a wall sit?", "wall_sit"),
    ):
        result = matcher.match(text)
        assert result.exercise is not None, text
        assert result.exercise.id == expected, text


def test_ascii_text_has_no_marks_to_strip() -> None:
    """The ASCII shortcut of strip_marks gives what decomposing would: no ASCII character
    decomposes or is a mark, so such a text comes back whole; other texts still lose
    their marks."""
    import unicodedata

    every_ascii = "".join(chr(code) for code in range(128))
    decomposed = unicodedata.normalize("NFKD", every_ascii)
    assert "".join(ch for ch in decomposed if not unicodedata.combining(ch)) == every_ascii
    assert strip_marks(every_ascii) == every_ascii
    assert strip_marks("running at 6:30 tomorrow") == "running at 6:30 tomorrow"
    assert strip_marks("Übungen für Oberschenkel") == "Ubungen fur Oberschenkel"
    assert strip_marks("ёлка й cœur") == "елка и coeur"
