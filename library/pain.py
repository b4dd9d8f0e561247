"""Pain in runners' words, one word table per language (English, German, Spanish, French,
Russian): "hamstring a bit sore", "Oberschenkel zieht etwas", "me duele el isquio",
"j'ai mal à l'ischio", "тянет заднюю поверхность" speak of pain; "no pain", "kein
Schmerz", "sin dolor", "pas de douleur", "не болит" say there is none; "kept it tight"
and "tight core" speak of good form, not of pain.

Texts are matched after ``library.matcher.fold`` (lower case, accents gone, so "ä" is
"a", "é" is "e", Russian "й" is "и" and "ё" is "е"; hyphens as spaces). Each language
is a :class:`PainWords`; the patterns below join every language's table, so a language
is added by adding its table to ``LANGUAGES``. Every language's words are looked for in
every text: a runner may mix languages, and no word of one table is a common word of
another.

Pain holds progression, so when in doubt a word counts: "tight" and "sore" are no injury
by themselves, but holding the targets for one session costs little, and a strain trained
through costs weeks. DOMS counts too ("Muskelkater", "agujetas", "courbatures",
"крепатура"), for the same reason: the runner cannot tell the ache of hard work from a
small strain in the first day or two, and neither can we.

One idea: five languages' tables of the same few fields, and the three patterns built
from them; splitting the tables from the code that reads them would only scatter them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from library.lazy_patterns import LazyPattern


@dataclass(frozen=True, slots=True)
class PainWords:
    """One language's words, each a regular expression over folded text.

    ``pain``: a word or phrase that says something hurts. ``negators``: words before one
    that say it does not ("no", "kein", "sin", "pas", "не"); a negator ending in an
    apostrophe ("n'") may touch the next word. ``fillers``: up to two words that may
    stand between ("not at all sore", "sin ningún dolor"). ``free``: words after one
    that say it is absent ("pain free", "zieht nicht", "боли нет"); ``none``: words
    that say so on their own ("painless", "schmerzfrei"). ``idioms``: phrases in which
    a pain word means something else ("kept it tight", "tight core"). ``asks``: the
    openings of a question whether or how to train ("should I", "kann ich", "¿puedo",
    "est-ce que je peux", "можно ли"), which with pain words make a question about
    training in pain."""

    pain: tuple[str, ...]
    negators: tuple[str, ...]
    fillers: tuple[str, ...]
    free: tuple[str, ...]
    none: tuple[str, ...]
    idioms: tuple[str, ...] = ()
    asks: tuple[str, ...] = ()


_KEEP = r"(?:keep|keeps|kept|keeping|stay|stays|stayed|staying|hold|holds|held|holding)"
_GOOD_FORM = r"(?:core|form|technique|landings?|posture|position|trunk|torso|abs|body|reps?)"

ENGLISH = PainWords(
    pain=(
        r"pain(?!less)\w*",  # pain, pains, painful
        r"hurt\w*",  # hurt, hurts, hurting
        r"sore(?:ness|r)?",
        r"tight(?:ness|er)?",
        r"niggl\w*",  # niggle, niggles, niggly, niggling
        r"twinge\w*",
        r"tweak\w*",
        r"pull(?:ed|ing)?(?!\s+ups?\b)",  # "pulled my hammy", not "pull ups"
        r"strain\w*",
        r"cramp\w*",
        r"ach(?:e|es|ed|ing|y|ey)",
        r"injur\w*",
        r"ouch",
        r"sharp",
        r"doms",
        r"(?:playing|acting) up",  # "hammy's playing up"
    ),
    negators=(
        r"no",
        r"not",
        r"nothing",
        r"none",
        r"never",
        r"without",
        r"zero",
        r"free of",
        r"(?:did|does|do|is|was|are|were|has|have|had)n'?t",
    ),
    fillers=(
        r"any",
        r"a",
        r"at",
        r"all",
        r"even",
        r"one",
        r"single",
        r"real",
        r"more",
        r"longer",
        r"feel",
        r"feeling",
        r"felt",
        r"been",
        r"was",
        r"is",
        r"got",
    ),
    free=(r"free",),
    none=(r"painless", r"pain(?:free|less)ly"),
    idioms=(
        # Good form: "kept it tight", "stayed nice and tight", "tight core", "form was tight".
        rf"{_KEEP}\s+(?:(?:it|things|everything|them|myself|my|the|form|core|body|reps)\s+){{0,2}}"
        r"(?:(?:nice\s+and|really|super|very|pretty|good\s+and)\s+)?tight",
        r"nice\s+and\s+tight",
        rf"tight\s+(?:and\s+\w+\s+)?{_GOOD_FORM}",
        rf"{_GOOD_FORM}\s+(?:was|felt|is|looked|stayed|nice\s+and)\s+(?:really\s+|super\s+)?tight",
        # Time, not muscles: "tight schedule", "a bit tight on time", "time was tight".
        r"tight\s+(?:schedule|timeline|deadline|budget|window|turnaround|squeeze|fit|spot)",
        r"tight\s+(?:on|for)\s+time",
        r"(?:time|schedule|timing)\s+(?:(?:is|was|a|bit|really|pretty)\s+){0,3}tight",
    ),
    asks=(),  # the matcher's own English question words cover English
)

GERMAN = PainWords(
    pain=(
        r"schmerz(?!frei|los)\w*",  # Schmerz, Schmerzen, schmerzt, schmerzhaft
        r"weh(?:tun|tut|getan)?",  # tut weh, wehgetan
        r"zieht",
        r"zog",
        r"gezogen",
        r"ziehen(?=\s+(?:im|in|am|an)\b)",  # "ein Ziehen im Oberschenkel"
        r"ziep\w*",  # ziept, ziepen
        r"zerr\w*",  # Zerrung, zerrt
        r"gezerrt",
        r"verletz\w*",
        r"krampf\w*",
        r"verkrampf\w*",
        r"muskelkater",
        r"verspann\w*",  # verspannt, Verspannung
        r"verhartet\w*",  # verhärtet
        r"zwick\w*",  # zwickt, zwicken
        r"stech\w*",  # stechen, stechend
        r"sticht",
        r"stiche?",
        # "es spannt an der Wade", not "spannt den Bauch an"
        r"spannt(?!(?:\s+\w+){1,3}\s+an\b(?!\s+(?:der|dem|den)\b))",
        r"steif\w*",
        r"aua",
        r"autsch",
        r"uberdehn\w*",  # überdehnt
        r"(?:muskel)?faserriss\w*",
        r"gereizt\w*",
        r"angeschlagen\w*",
        r"(?:etwas|bisschen|ziemlich|recht|sehr|total|leicht)\s+fest"
        r"(?!\s*(?:halten|gehalten|hielt|angespannt|anspannen|greifen|gegriffen|stehen))",
    ),
    negators=(
        r"kein(?:e|en|em|er|erlei)?",
        r"nicht",
        r"nichts",
        r"ohne",
        r"null",
        r"nie",
    ),
    fillers=(
        r"mehr",
        r"gar",
        r"so",
        r"wirklich",
        r"richtig",
        r"ein",
        r"einen",
        r"bisschen",
        r"mal",
        r"einmal",
        r"spur",
        r"von",
        r"es",
        r"da",
        r"hat",
        r"tut",
        r"tat",
        r"ist",
        r"war",
        r"hab",
        r"habe",
        r"hatte",
        r"echte[mn]?",
        r"grosse[mn]?",
        r"irgendwelche[mn]?",
    ),
    free=(r"frei", r"(?:gar |ganz )?nicht(?: mehr)?", r"weg"),
    none=(r"schmerz(?:frei|los)\w*", r"beschwerdefrei\w*"),
    idioms=(
        # Good form: "Körperspannung" is no pain word; "Rumpf schön fest" is no pain.
        r"(?:rumpf|core|bauch|korper|oberkorper|haltung|form)\s+(?:\w+\s+){0,2}fest",
    ),
    asks=(
        r"(?:kann|darf|soll|sollte|muss|konnte|durfte|mochte) ich",
        r"ist (?:es|das) (?:ok|okay|in ordnung|schlimm|sinnvoll|gefahrlich|klug|besser|gut)",
        r"(?:was|wie) (?:soll|sollte|kann|mache|tue|mach) ich",
        r"(?:geht|ginge) (?:das|es) (?:trotzdem|noch)",
        r"lieber (?:pausieren|aussetzen|nicht)",
    ),
)

SPANISH = PainWords(
    pain=(
        r"dolor\w*",  # dolor, dolores, dolorido, dolorosa
        r"duel(?:e|en)",
        r"doli(?:a|an|o|do|da|dos|das)",  # dolía, dolió, dolido
        r"molesti\w*",  # molestia, molestias
        r"molest(?:a|an|aba|aban|o)",  # "me molesta"
        r"tiron\w*",  # tirón, tirones
        r"me\s+tir(?:a|an|aba|aban|o)",  # "me tira el isquio"
        r"cargad(?:o|a|os|as)",  # "isquio cargado"
        r"sobrecarg\w*",
        r"contractur\w*",
        r"agujetas?",
        r"calambre\w*",
        r"lesion\w*",  # lesión, lesionado
        r"distension\w*",
        r"pinchazo\w*",
        r"punzada\w*",
        r"me\s+pinch(?:a|an|aba)",
        r"(?:hecho|hice|hizo|hace|haciendo)\s+dano",  # "me hice daño"
        r"tirantez\w*",
        r"resentid(?:o|a|os|as)",
        r"rigid(?:o|a|os|as|ez)",
    ),
    negators=(
        r"no",
        r"sin",
        r"ningun[oa]?",
        r"ni",
        r"nada",
        r"cero",
        r"nunca",
    ),
    fillers=(
        r"me",
        r"te",
        r"le",
        r"se",
        r"tengo",
        r"tuve",
        r"tenia",
        r"hay",
        r"hubo",
        r"habia",
        r"siento",
        r"senti",
        r"sentia",
        r"noto",
        r"note",
        r"notaba",
        r"ningun[oa]?",
        r"nada",
        r"de",
        r"el",
        r"la",
        r"mas",
        r"ya",
        r"una?",
        r"tipo",
    ),
    free=(r"cero", r"ningun[oa]", r"nul[oa]"),
    none=(r"indolor\w*",),
    asks=(
        r"(?<!no\s)(?:puedo|debo|deberia|podria|conviene|tengo que)",
        r"(?:se )?puede (?:entrenar|correr|hacer)",
        r"es (?:bueno|malo|seguro|recomendable|grave|normal|peligroso)",
        r"esta bien",
        r"que (?:hago|debo|deberia|puedo)",
        r"mejor (?:descanso|paro|no)",
    ),
)

FRENCH = PainWords(
    pain=(
        r"douleur\w*",
        r"douloureu\w*",
        # "j'ai mal", "ça fait mal"
        r"(?:ai|as|a|avais|avait|fait|fais|font|faisait|faisaient)\s+mal",
        r"mal\s+(?:a|au|aux)",  # "mal à l'ischio"; "pas mal" alone is praise
        r"gen(?:e|es|ee|ees|ant|ante)",  # gêne, gêné, gênant
        r"tir(?:e|es|ent|ait|aient|aille|aillent|aillement\w*)",  # "ça tire", "ça tiraille"
        r"courbatu\w*",  # courbatures, courbaturé
        r"crampe\w*",
        r"contractur\w*",
        r"elongation\w*",  # élongation
        r"claquage\w*",
        r"dechirure\w*",  # déchirure
        r"bless(?:ure|ures|e|es|ee|ees)",  # blessure, blessé; not "blessed"
        r"raid(?:e|es|eur)",
        r"elancement\w*",  # élancement
        r"lancin\w*",
        r"froiss\w*",  # froissement, froissé
        r"tendinite\w*",
    ),
    negators=(
        r"pas",
        r"aucune?",
        r"sans",
        r"(?<!en )plus",  # "plus de douleur", not "de plus en plus"
        r"rien",
        r"jamais",
        r"ni",
        r"zero",
        r"ne",
        r"n'",
    ),
    fillers=(
        r"de",
        r"d'",
        r"du",
        r"la",
        r"le",
        r"les",
        r"une?",
        r"aucune?",
        r"me",
        r"m'",
        r"ne",
        r"tout",
        r"vraiment",
        r"trop",
        r"eu",
        r"senti",
        r"ressenti",
        r"sens",
        r"plus",
        r"ca",
    ),
    free=(r"nulle?", r"zero", r"disparue?s?", r"partie?s?"),
    none=(r"indolore\w*",),
    asks=(
        r"(?:est ce que )?(?:je|on) (?:peux|peut|dois|doit|devrais|devrait|pourrais|pourrait)",
        r"(?:puis|dois|devrais|pourrais) je",
        r"(?:peut|faut|vaut) (?:il|on)",
        r"c'est (?:grave|dangereux|risque|bon|ok|prudent|raisonnable|normal)",
        r"est ce (?:grave|dangereux|normal|prudent)",
        r"que (?:faire|dois je faire|faut il faire)",
    ),
)

RUSSIAN = PainWords(
    pain=(
        r"бол(?:ь|и|ью|еи|ям|ями|ях)",  # боль, боли, болью, болей; not "больше", "большой"
        r"бол(?:ит|ят|ел|ела|ело|ели|еть)",  # болит, болят, болело
        r"больно",
        r"болезнен\w*",
        r"(?:по|раз|за)бол(?:ит|ят|ел|ела|ело|ели)\w*",  # поболит, разболелась, заболела
        r"побалива\w*",  # побаливает
        r"тянет",
        r"тянут",
        r"тянул[аои]",  # тянуло, тянула (not "тянул носок")
        r"тянущ\w*",  # тянущая боль
        r"потянул(?!ся|ась|ись)\w*",  # потянул, потянула; not "потянулся" (stretched)
        r"растяжени\w*",  # a strain; "растяжка" (stretching) is no pain word
        r"ноет",
        r"ноют",
        r"ныл[аои]?",
        r"ноющ\w*",
        r"забит\w*",  # "мышцы забиты"
        r"крепатур\w*",
        r"судорог\w*",
        r"свел[аои]",  # "свело ногу"
        r"сводит",
        r"травм\w*",
        r"колет",
        r"кольнул\w*",
        r"покалыва\w*",
        r"прострел\w*",
        r"дискомфорт\w*",
        r"защемл\w*",
        r"надрыв\w*",
        r"надорвал\w*",
        r"ушиб\w*",
        r"перенапряж\w*",
        r"скованн\w*",
    ),
    negators=(
        r"не",
        r"нет",
        r"без",
        r"ни",
        r"никак(?:ои|ие|их|ая|ую|ого)",
        r"ничего",
        r"ноль",
        r"нисколько",
    ),
    fillers=(
        r"было",
        r"был",
        r"была",
        r"были",
        r"совсем",
        r"вообще",
        r"уже",
        r"больше",
        r"никак(?:ои|ие|их|ая|ую|ого)",
        r"чувствую",
        r"чувствовал[аи]?",
        r"ощущаю",
        r"ощущал[аи]?",
        r"особо",
        r"ни",
        r"капли",
        r"и",
    ),
    free=(r"нет", r"не было", r"не чувствую", r"прошл[аои]", r"ушл[аои]"),
    none=(r"безболезнен\w*",),
    asks=(
        r"можно(?: ли)?",
        r"(?:стоит|нужно|надо|следует) ли",
        r"(?:могу|мне) ли",
        r"(?:что|как) (?:мне )?(?:делать|быть)",
        r"(?:нормально|безопасно|опасно|вредно|страшно) ли",
        r"(?:продолжать|тренироваться|бегать|заниматься) ли",
    ),
)

LANGUAGES: dict[str, PainWords] = {
    "en": ENGLISH,
    "de": GERMAN,
    "es": SPANISH,
    "fr": FRENCH,
    "ru": RUSSIAN,
}


def _either(patterns: tuple[str, ...]) -> str:
    return "(?:" + "|".join(patterns) + ")"


def _negated(words: PainWords) -> str:
    """Negated pain and idioms of one language: what is blanked before pain is looked for.
    A negator is followed by a space, or touches the next word when it ends in "'"."""
    pain = _either(words.pain)
    gap = r"(?:\s+|(?<=')\s*)"
    fillers = rf"(?:{_either(words.fillers)}{gap}){{0,2}}"
    before = rf"\b{_either(words.negators)}{gap}{fillers}{pain}\b"
    after = rf"\b{pain}\s?{_either(words.free)}\b"
    parts = [before, after, rf"\b{_either(words.none)}\b"]
    if words.idioms:
        parts.append(rf"\b{_either(words.idioms)}\b")
    return "|".join(parts)


# Compiled at their first use: the bot's start does not wait for them.
PAIN = LazyPattern(
    r"\b" + _either(tuple(p for words in LANGUAGES.values() for p in words.pain)) + r"\b"
)
NO_PAIN = LazyPattern("|".join(_negated(words) for words in LANGUAGES.values()))
_DIGIT = re.compile(r"\d")
ASKS = LazyPattern(
    r"(?:^|[\s,.;:!¿(])" + _either(tuple(a for w in LANGUAGES.values() for a in w.asks)) + r"\b"
)


# A message is asked about more than once on its way (is it a question about training in
# pain? does the report mention pain?): its answer is kept for the last texts seen.
PAIN_ANSWERS_KEPT = 2048


@lru_cache(maxsize=PAIN_ANSWERS_KEPT)
def speaks_of_pain(folded: str) -> bool:
    """Whether folded text says something hurts, once negated pain ("no pain", "kein
    Schmerz") and idioms ("kept it tight") are gone. (Kept for the PAIN_ANSWERS_KEPT
    texts asked about last.)"""
    return bool(PAIN.search(NO_PAIN.sub(" ", folded)))


def asks_whether_to_train(folded: str) -> bool:
    """Whether folded text opens a question whether or how to train in a language other
    than English ("kann ich", "¿puedo", "est-ce que je peux", "можно ли"; English is the
    matcher's). In a text with numbers, which may be a rep report with a remark, only
    an opening at its start counts."""
    found = ASKS.search(folded)
    if found is None:
        return False
    return found.start() == 0 or not _DIGIT.search(folded)
