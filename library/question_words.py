"""The words a question about an exercise is made of, one table per language: how a
question opens ("how do I do", "wie mache ich", "cómo se hace", "comment faire", "как
делать"), the greetings before it, the small words around a name, and the words that
say an exercise is meant even when the catalogue lacks it.

Each table is keyed by the language's code (``library.languages.Language`` is a StrEnum
of these codes, so a Language looks them up too; that module imports the matcher, so
this one cannot import it). Entries are written as the language spells them; every one
goes through :func:`strip_marks`, the step of ``library.matcher.fold`` that drops accents
and other combining marks, so "cómo" is "como", Russian "й" is "и" and "ё" is "е", just
as in the folded text they are matched against. Openings are regular expressions over
folded text (lower case, hyphens as spaces, apostrophes straight).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping

# Letters that no decomposition splits, spelled out as folded text spells them.
_LIGATURES = str.maketrans({"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae"})


def strip_marks(text: str) -> str:
    """``text`` without accents and other combining marks ("é" -> "e", "й" -> "и",
    "ё" -> "е", "ü" -> "u"), ligatures spelled out ("œ" -> "oe"). ASCII text has
    neither and is given back as it is (most messages: the run and report checks ask
    this of every one)."""
    if text.isascii():
        return text
    text = unicodedata.normalize("NFKD", text.translate(_LIGATURES))
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def every(table: Mapping[str, Iterable[str]]) -> tuple[str, ...]:
    """Every language's entries of one table, marks stripped, duplicates dropped, in
    table order (English first)."""
    return tuple(
        dict.fromkeys(strip_marks(entry) for entries in table.values() for entry in entries)
    )


def words(text: str) -> tuple[str, ...]:
    """A space-separated word list as a tuple (tables of words stay short that way)."""
    return tuple(text.split())


def phrases(text: str) -> tuple[str, ...]:
    """A list of phrases separated by "|" as a tuple."""
    return tuple(phrase.strip() for phrase in text.split("|"))


# Openings that only make sense when asking about an exercise: an unknown name after
# one is an UNKNOWN answer.
STRONG_OPENINGS: dict[str, tuple[str, ...]] = {
    "en": (
        r"how (?:do|should|would|can|could|shall) (?:i|you|we|one) (?:do|perform|execute"
        r"|complete|make)",
        r"how (?:to|2)(?: do| perform)?",
        r"(?:can|could) you (?:explain|show me|describe)(?: how to do| how to)?",
        r"explain(?: to me)?(?: how to do| how to)?",
        r"describe",
        r"show me(?: how to do| how to)?",
        r"teach me(?: how to do| how to)?",
        r"remind me(?: how to do| how to| of)?",
        r"tips? (?:for|on)",
        r"(?:form|technique|cues?|instructions?) (?:for|on|of)",
        r"help(?: me)? with",
        r"tell me about",
        r"what(?:'s| is) the (?:right )?(?:form|technique) (?:for|on|of)",
        r"i (?:don'?t|do not|dont) (?:get|understand|know how to do)",
    ),
    "de": (
        r"wie (?:mache|mach|macht|fuhre|fuhrt|trainiere) (?:ich|man|du|mann)(?: (?:denn|eigentlich"
        r"|richtig))*",
        r"wie (?:geht|gehen|funktioniert|funktionieren)(?!'?s\b| es\b| ihnen\b| dir\b)",
        r"wie (?:soll|sollte|kann|muss|konnte) (?:ich|man|du)",
        r"(?:erklar|erklare|erklaer|erklaere|erklart|kannst du (?:mir )?(?:erklaren|zeigen))"
        r"(?: (?:mir|mal|bitte|uns))*(?: (?:wie (?:man|ich)|nochmal))?",
        r"zeig(?:e|t)?(?: (?:mir|mal|bitte|uns))*(?: wie (?:man|ich))?",
        r"beschreib(?:e)?(?: (?:mir|mal))*",
        r"(?:tipps|hinweise|anleitung) (?:fur|zu|zum|zur)",
        r"hilf(?: mir)? (?:bei|mit)",
        r"ich (?:verstehe|kapiere|check) (?:nicht|die|den|das)(?: ganz)?",
    ),
    "es": (
        r"como (?:se (?:hace|hacen|realiza|realizan)|hago|hacer|realizo|realizar|hacemos"
        r"|(?:debo|tengo que|hay que|puedo) (?:hacer|realizar)|haces)",
        r"(?:explicame|explica|me explicas|(?:puedes|podrias) explicar(?:me)?)"
        r"(?: (?:como (?:se hace|se hacen|hacer|hago)|bien))?",
        r"(?:muestrame|ensename|me ensenas|dime como (?:se hace|se hacen|hacer|hago))"
        r"(?: como (?:se hace|se hacen|hacer|hago))?",
        r"(?:consejos|tips|trucos) (?:para|de|sobre)",
        r"ayuda(?:me)? con",
        r"no (?:entiendo|se (?:hacer|como (?:se hace|se hacen|hacer)))",
    ),
    "fr": (
        r"comment (?:faire|on fait|fait on|je fais|fais je|tu fais|bien faire|realiser"
        r"|executer|on realise|on execute|se fait|se font|faut il faire|(?:je )?dois je faire"
        r"|je dois faire)",
        r"(?:explique|expliques|expliquez|(?:tu peux|peux tu|pourrais tu|pouvez vous) "
        r"(?:m'|me )?expliquer)(?: moi| nous)?(?: comment (?:faire|on fait|je fais))?",
        r"(?:montre|montres|montrez)(?: moi| nous)?(?: comment (?:faire|on fait|je fais))?",
        r"(?:des )?(?:conseils|astuces) (?:pour|sur)",
        r"aide moi (?:avec|pour|sur)",
        r"je (?:ne )?(?:comprends|sais) pas(?: (?:comment faire|faire))?",
    ),
    "ru": (
        r"как (?:правильно )?(?:мне )?(?:делать|делается|делаются|сделать|выполнять|выполняется"
        r"|выполняются|выполнить|делают|я делаю)",
        r"(?:объясни|объясните|поясни|расскажи|расскажите)(?: (?:мне|пожалуйста|про|о))*"
        r"(?: как (?:делать|выполнять|делается))?",
        r"(?:покажи|покажите|научи)(?: (?:мне|пожалуйста))*(?: как (?:делать|выполнять))?",
        r"(?:подскажи|подскажите)(?: (?:мне|пожалуйста))*(?: как (?:делать|выполнять))",
        r"(?:советы|подсказки) (?:по|для|к)",
        r"помоги(?: мне)? с",
        r"не понимаю(?: как (?:делать|выполнять))?",
    ),
}
# Openings of questions of any kind: an unknown name after one is small talk.
WEAK_OPENINGS: dict[str, tuple[str, ...]] = {
    "en": (
        r"what(?:'s|s| is| are| r)",
        r"how (?:is|are|does|do)",
        r"how (?:many|much|long|often)",
        r"what about",
        r"how about",
        r"where(?:'s| is)",
    ),
    "de": (
        r"was (?:ist|sind|bedeutet|bedeuten|heisst)",
        r"wie (?:ist|sind|viele|viel|oft|lange)",
        r"was ist mit",
        r"und",
    ),
    "es": (
        r"(?:que|cual|cuales) (?:es|son)",
        r"como (?:es|son)",
        r"que (?:hay de|pasa con)",
        r"y (?:el|la|los|las)",
    ),
    "fr": (
        r"c'est quoi",
        r"qu'est ce (?:que|qu')(?: c'est)?(?: que)?",
        r"qu'est ce",
        r"quel(?:le)?s? (?:est|sont)",
        r"et (?:le|la|les|l')",
    ),
    "ru": (
        r"что (?:такое|это(?: за)?|за)",
        r"а (?:что|как) (?:насчет|с)",
        r"как насчет",
    ),
}
# Words said before a question: greetings, "coach", "please", "quick question".
PREAMBLE: dict[str, tuple[str, ...]] = {
    "en": phrases("hey|hi|hello|coach|so|ok|okay|um|umm|please|and|but|quick question"),
    "de": phrases(
        "hallo|hey|hi|moin|servus|trainer|coach|also|ok|okay|bitte|und|aber|na|"
        "kurze frage|sag mal|eine frage"
    ),
    "es": phrases(
        "hola|oye|buenas|entrenador|entrenadora|coach|vale|ok|bueno|pues|y|pero|"
        "por favor|una pregunta|pregunta rapida"
    ),
    "fr": phrases(
        "salut|bonjour|coucou|hey|coach|alors|bon|ok|dis|et|mais|stp|svp|dis moi|"
        "petite question|une question|s'il te plait|s'il vous plait"
    ),
    "ru": phrases(
        "привет|здравствуй|здравствуйте|тренер|коуч|слушай|скажи|ну|а|и|так|"
        "пожалуйста|вопрос|такой вопрос|скажи пожалуйста"
    ),
}
# Small words around a name, dropped before names are compared (normalised: lower case,
# no marks, apostrophes gone or split off French elisions, a plural "s" cut).
FILLER: dict[str, tuple[str, ...]] = {
    "en": words(
        "a an the do does i you we one's my me to of for with and properly correctly right "
        "please pls plz exercise exercises thing things move moves again that this those "
        "these it is are version exactly supposed be should hey coach so ok okay one ones "
        "called drill s about on in way form technique tips tip how what whats explain show "
        "tell teach many much long often doing perform them some any your good"
    ),
    "de": words(
        "der die das den dem des ein eine einen einem einer ich du man mir mich wir es ist "
        "sind und mit zu zum zur bei beim fur von vom im am auf mal bitte richtig genau "
        "eigentlich diese dieser diesen dieses ubung ubungen wie was mache macht machen mach "
        "ausfuhren soll sollte kann muss geht gehen funktioniert nochmal dir denn hier heute "
        "gut hallo trainer erklar erklare zeig zeige mal bist"
    ),
    "es": words(
        "el la lo los las un una uno unos unas de del al en con para por que como se hace "
        "hacen hago hacer haces realiza realizar realizo es son me mi mis tu te y o bien "
        "correctamente ejercicio ejercicios esto este esta estos estas eso ese esa favor "
        "porfa explicame explica muestrame ensename tal cual cuales debo tengo "
        "hay hola oye entrenador bueno vale"
    ),
    "fr": words(
        "le la les l un une de du d des au aux en et avec pour sur dans je j tu on il "
        "me m moi te t se ce c ca qu que quoi est sont comment faire fait fais font bien "
        "correctement exercice cet cette mon ma ton ta ai stp plait svp vous "
        "nous suis va salut bonjour coach explique montre"
    ),
    "ru": words(
        "как что это такое мне я ты меня нам правильно делать делается делаются выполнять "
        "выполнить сделать делают делаю в на с со и а по для о об про у к пожалуйста какие "
        "какой какая бывают бывает "
        "упражнение упражнения эти этот эту же ли за тренер нужно надо привет объясни "
        "покажи расскажи подскажи"
    ),
}
# Words (regular expressions over one normalised word) that say an exercise is meant.
EXERCISE_WORDS: dict[str, tuple[str, ...]] = {
    "en": words(
        "hop hump bridge curl lunge deadlift rdl clean squat plank nordic stretch raise "
        "press jump bound skip drill swing burpee kick thrust step pushup pullup row "
        "crunch situp"
    ),
    "de": words(
        r"sprung\w* \w*sprunge? kniebeuge\w* liegestutz\w* \w*brucke\w* \w*curl\w* "
        r"ausfallschritt\w* \w*kreuzheben klimmzug\w* plank\w* \w*dehnung\w* hampelmann\w* "
        r"burpee\w* situp\w*"
    ),
    "es": words(
        r"salto\w* sentadilla\w* plancha\w* flexion\w* puente\w* zancada\w* estocada\w* "
        r"muerto\w* estiramiento\w* dominada\w* abdominal\w* burpee\w* curl\w* rebote\w*"
    ),
    "fr": words(
        r"saut\w* squat\w* fente\w* planche\w* gainage\w* pompe\w* pont\w* curl\w* souleve\w* "
        r"etirement\w* traction\w* burpee\w* abdo\w* rebond\w*"
    ),
    "ru": words(
        r"прыж\w* подскок\w* присед\w* планк\w* отжим\w* мост\w* выпад\w* тяг\w* растяжк\w* "
        r"подтягиван\w* берп\w* скручиван\w* сгибан\w* взяти\w* скакалк\w*"
    ),
}
