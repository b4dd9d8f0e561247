"""Pain in runners' words in every language the bot will speak (issue 16): English,
German, Spanish, French and Russian remarks that hold progression, negations and other
words that must not, idioms in which "tight" means good form, and questions about
training while sore, which the matcher answers with care."""

from __future__ import annotations

import pytest

from library.exercises import ExerciseCatalog
from library.matcher import ExerciseMatcher, MatchKind, fold
from library.pain import LANGUAGES, asks_whether_to_train, speaks_of_pain
from library.reports import mentions_pain

# Per language: remarks that speak of pain (at least 15) and texts that do not (at least
# 8: negations, and words that look like pain words but are not).
PAIN: dict[str, list[str]] = {
    "en": [
        "right hamstring a bit sore",
        "left hammy feels tight",
        "slight niggle left",
        "twinge behind the knee",
        "pulled my hammy",
        "calf cramping",
        "hamstring ache",
        "it hurts a bit",
        "painful on the last set",
        "bit of DOMS from Sunday",
        "strained something",
        "tweaked my calf",
        "hammy's playing up",
        "sharp pain on landing",
        "no pain but a bit tight",
    ],
    "de": [
        "links 12 rechts 15, Oberschenkel zieht etwas",
        "tut weh",
        "Zerrung",
        "hinten im Oberschenkel ein Ziehen im Muskel",
        "der Beinbeuger schmerzt",
        "leichte Schmerzen links",
        "es ziept ein bisschen",
        "Muskelkater von gestern",
        "Wade verspannt",
        "hab mir was gezerrt",
        "es zwickt hinten",
        "stechender Schmerz beim Landen",
        "Oberschenkel ist etwas fest",
        "es spannt an der Wade",
        "Krampf in der Wade",
        "Knie tat weh",
    ],
    "es": [
        "me duele el isquio",
        "molestia",
        "tirón",
        "un poco de dolor en la pierna derecha",
        "me molesta el gemelo",
        "tengo el isquio cargado",
        "agujetas del domingo",
        "me tira el isquio izquierdo",
        "calambre en la pantorrilla",
        "creo que tengo una contractura",
        "me hice daño en la rodilla",
        "sentí un pinchazo",
        "me dolía al final",
        "una pequeña lesión",
        "pierna dolorida",
    ],
    "fr": [
        "j'ai mal à l'ischio",
        "une gêne",
        "ça tire derrière la cuisse",
        "douleur au mollet",
        "ça fait mal",
        "courbatures d'hier",
        "ischio un peu douloureux",
        "petite élongation",
        "crampe au mollet",
        "ça tiraille un peu",
        "un élancement sur la fin",
        "jambe gauche raide",
        "je me suis blessé",
        "j'avais mal au genou",
        "gêné à droite",
    ],
    "ru": [
        "тянет заднюю поверхность",
        "болит",
        "потянул",
        "болят ноги",
        "немного больно",
        "боль в подколенке",
        "тянуло под коленом",
        "потянула бедро",
        "крепатура после субботы",
        "икру свело",
        "ноет правое бедро",
        "мышцы забиты",
        "кольнуло в бедре",
        "кажется растяжение",
        "побаливает колено",
        "болело на последнем подходе",
    ],
}

NOT_PAIN: dict[str, list[str]] = {
    "en": [
        "no pain",
        "not sore",
        "nothing tight",
        "pain free",
        "kept it tight",
        "tight schedule today",
        "a bit tight on time",
        "pull ups after",
    ],
    "de": [
        "kein Schmerz",
        "keine Schmerzen",
        "schmerzfrei",
        "tut nicht weh",
        "zieht nicht mehr",
        "Körperspannung gehalten",
        "Rumpf schön fest",
        "Spannung im Rumpf halten",
        "spannt den Bauch an",
        "ich ziehe das Knie zur Brust",
    ],
    "es": [
        "sin dolor",
        "ningún dolor",
        "no me duele",
        "no tengo molestias",
        "todo bien, cero dolor",
        "mantén el core tenso",
        "tira la pelota",
        "cargué la barra",
    ],
    "fr": [
        "pas de douleur",
        "aucune douleur",
        "sans gêne",
        "je n'ai pas mal",
        "ça ne tire pas",
        "pas mal du tout",
        "jambe tendue",
        "tirer les orteils vers soi",
        "feeling blessed",
    ],
    "ru": [
        "не болит",
        "без боли",
        "ничего не болит",
        "никакой боли",
        "боли нет",
        "больше повторов",
        "большой прогресс",
        "растяжка после бега",
        "безболезненно",
    ],
}

# Questions about training while sore, in every language: the careful answer, never a
# report or an exercise question.
QUESTIONS: dict[str, list[str]] = {
    "en": [
        "is it ok to do these if my hamstring is sore?",
        "should I run with a tight hamstring",
    ],
    "de": [
        "kann ich trainieren, wenn der Oberschenkel zieht",
        "soll ich mit Muskelkater laufen",
        "Oberschenkel tut weh, ist es ok zu laufen",
        "darf ich mit einer Zerrung die Hops machen?",
    ],
    "es": [
        "¿puedo entrenar con dolor en el isquio?",
        "puedo correr si me duele el gemelo",
        "tengo agujetas, debo descansar",
        "es malo hacer los saltos con molestias",
    ],
    "fr": [
        "est-ce que je peux courir avec une douleur à l'ischio",
        "j'ai mal à l'ischio, je dois arrêter",
        "puis-je faire les sauts avec des courbatures",
        "c'est grave si ça tire derrière la cuisse",
    ],
    "ru": [
        "можно ли бегать, если болит бедро",
        "тянет заднюю поверхность, стоит ли тренироваться",
        "что делать если потянул мышцу",
        "болит колено, можно делать прыжки?",
    ],
}

# Reports and remarks with pain in them are no questions; questions without pain are
# not about training in pain.
NOT_QUESTIONS = [
    "hops 20 20, Oberschenkel zieht etwas",
    "hops 20 20 me duele el isquio",
    "hops 20 20, j'ai mal à l'ischio",
    "hops 20 20, тянет заднюю поверхность",
    "hops 20 20 me duele, no puedo más",
    "kann ich die humps ohne Schmerzen machen",
    "puedo hacer los saltos sin dolor",
    "можно без боли",
]


def cases(table: dict[str, list[str]]) -> list[tuple[str, str]]:
    return [(language, text) for language, texts in table.items() for text in texts]


def test_every_language_has_its_table_and_enough_cases() -> None:
    """The five languages the bot will speak each have a word table, at least 15
    phrasings that count as pain and at least 8 that do not."""
    assert set(LANGUAGES) == {"en", "de", "es", "fr", "ru"}
    assert set(PAIN) == set(NOT_PAIN) == set(QUESTIONS) == set(LANGUAGES)
    assert all(len(texts) >= 15 for texts in PAIN.values())
    assert all(len(texts) >= 8 for texts in NOT_PAIN.values())


@pytest.mark.parametrize(("language", "text"), cases(PAIN))
def test_pain_in_every_language_is_noticed(language: str, text: str) -> None:
    """'Oberschenkel zieht etwas', 'me duele el isquio', 'une gêne', 'тянет' speak of pain."""
    assert mentions_pain(text), language
    assert speaks_of_pain(fold(text))


@pytest.mark.parametrize(("language", "text"), cases(NOT_PAIN))
def test_negations_and_lookalikes_are_no_pain(language: str, text: str) -> None:
    """'kein Schmerz', 'sin dolor', 'pas de douleur', 'не болит' say there is none;
    'Spannung', 'pas mal', 'больше', 'растяжка' are other words."""
    assert not mentions_pain(text), language


@pytest.mark.parametrize(
    "text",
    [
        "kept it tight",
        "humps 8 8, nice and tight",
        "tight core throughout",
        "tight form on every rep",
        "stayed tight on the landings",
        "keeping things tight",
        "form was tight today",
        "core felt really tight and strong",
    ],
)
def test_tight_meaning_good_form_is_no_pain(text: str) -> None:
    """Where "tight" means good form it holds nothing."""
    assert not mentions_pain(text)


@pytest.mark.parametrize(
    "text",
    [
        "kept it tight but the hammy is sore",
        "tight core, tight hamstring",
        "hammy tight",
        "left hamstring felt tight",
    ],
)
def test_tight_muscles_still_count_beside_good_form(text: str) -> None:
    """An idiom takes only its own words: a sore or tight muscle next to it counts."""
    assert mentions_pain(text)


@pytest.mark.parametrize(("language", "text"), cases(QUESTIONS))
def test_questions_about_training_in_pain_in_every_language(
    catalog: ExerciseCatalog, language: str, text: str
) -> None:
    """A question about training while sore, in any of the five languages, gets the
    matcher's TRAINING_IN_PAIN code."""
    matcher = ExerciseMatcher(catalog)
    assert matcher.match(text).kind is MatchKind.TRAINING_IN_PAIN, language


@pytest.mark.parametrize("text", NOT_QUESTIONS)
def test_reports_with_pain_and_painless_questions_are_no_pain_questions(
    catalog: ExerciseCatalog, text: str
) -> None:
    """A rep report with a pain remark stays a report; a question without pain (or with
    negated pain) is not about training in pain."""
    matcher = ExerciseMatcher(catalog)
    assert matcher.match(text).kind is not MatchKind.TRAINING_IN_PAIN


@pytest.mark.parametrize(
    ("text", "asks"),
    [
        ("kann ich laufen", True),
        ("¿puedo correr", True),
        ("est-ce que je peux courir", True),
        ("можно ли бегать", True),
        ("no puedo más", False),
        ("20 20 puedo correr", False),
        ("puedo correr 5 km", True),
        ("ich kann nicht mehr", False),
    ],
)
def test_question_openings_of_other_languages(text: str, asks: bool) -> None:
    """Question openings are found where a question starts; a negated 'can' is a
    statement, and in a text with numbers only an opening at its start counts."""
    assert asks_whether_to_train(fold(text)) is asks


def test_a_texts_pain_answer_is_kept_for_the_next_question(monkeypatch: pytest.MonkeyPatch) -> None:
    """A report is asked about twice on its way (the question matcher, then the report
    reader): the second time is answered from what was kept, and a new text still gets
    its own answer."""
    from library import pain

    speaks_of_pain.cache_clear()
    searches: list[str] = []
    pattern = pain.PAIN

    class Counting:
        def search(self, text: str) -> object:
            searches.append(text)
            return pattern.search(text)

    monkeypatch.setattr(pain, "PAIN", Counting())
    assert speaks_of_pain(fold("humps 8 8 left hammy sore"))
    assert speaks_of_pain(fold("humps 8 8 left hammy sore"))
    assert len(searches) == 1
    assert not speaks_of_pain(fold("humps 8 8 no pain"))
    assert len(searches) == 2
    speaks_of_pain.cache_clear()
