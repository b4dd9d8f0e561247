"""Questions about the kit itself, in every language the coach speaks: what a piece is
("what's a ViPR", "was ist ein ViPR?", "qué es un vipr", "c'est quoi un vipr", "что
такое vipr"), whether it is needed ("brauche ich eine Langhantel?"), that the runner
lacks it ("no tengo fitball", "je n'ai pas de barre", "у меня нет штанги") or what to
use instead, and what kit the exercises take at all ("welche Ausrüstung brauche ich?").

Each language has its own table: the openings before the kit's name, the small words
that may stand between them and the name (articles, "ли", "vraiment"), the words that
may follow it ("für das Umsetzen", "para el peso muerto", "или нет"), a few questions
that come after a name said first ("штанга нужна?", "un vipr, c'est quoi ?") and the
whole questions about every piece. Everything is written as the language spells it and
goes through :func:`strip_marks`, as the folded text it is matched against did
(library.matcher.fold). The names come from library/kit.py, every language's at once,
so a runner who mixes languages ("brauche ich einen swiss ball") is understood too.
A question about an exercise that names kit ("what's a swiss ball curl", "wie mache ich
das Kurzhantel-Kreuzheben?") is none of these: nothing but the listed words may follow.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from library.kit import Kit, every_kit_word, kits_named
from library.lazy_patterns import LazyPattern
from library.question_words import PREAMBLE, every, strip_marks

# The openings before the kit's name.
_OPENINGS: dict[str, tuple[str, ...]] = {
    "en": (
        r"what(?:'s|s| is| are| r)",
        r"do (?:i|you) (?:need|have to have|have to buy|use)",
        r"(?:should|must|can) i (?:get|buy|use)",
        r"where (?:can|do|should) i (?:get|buy)",
        r"i (?:don'?t|do not|dont) (?:have|own)",
        r"no",
        r"without",
        r"what (?:can|could|do) i use instead of",
    ),
    "de": (
        r"was (?:genau )?(?:ist|sind|bedeutet|bedeuten|heißt)",
        r"(?:brauche|brauch|benötige|benötig) ich",
        r"(?:braucht|benötigt) man",
        r"(?:muss|müsste|soll|sollte) (?:ich|man)",
        r"wo (?:bekomme|kaufe|kriege|finde) (?:ich|man)",
        r"wo gibt es",
        r"(?:ich )?(?:habe|hab|besitze)(?: leider| aber| noch| gar)? (?:kein|keine|keinen)",
        r"(?:kein|keine|keinen)",
        r"ohne",
        r"was (?:kann|könnte|soll|sollte|nehme|nehm|benutze|verwende|mache|mach) (?:ich|man)"
        r" (?:statt|anstatt|anstelle|als ersatz für)",
        r"(?:womit|wodurch|wie) (?:kann|könnte|ersetze|ersetzt) (?:ich|man)",
        r"(?:ersatz|alternative|alternativen) (?:für|zu|zur|zum)",
        r"(?:statt|anstatt|anstelle)",
        r"(?:wozu|wofür) (?:brauche ich|braucht man|ist|sind|dient|dienen)",
        r"ist",
    ),
    "es": (
        r"qué (?:es|son|significa|quiere decir)",
        r"(?:necesito|necesitas|necesitamos|ocupo)",
        r"(?:me |te |nos )?hacen? falta",
        r"se (?:necesita|necesitan|requiere|requieren)",
        r"es (?:necesario|necesaria|obligatorio|obligatoria|imprescindible)",
        r"(?:tengo|hay) que (?:tener|comprar|usar)",
        r"(?:debo|debería|tendría que) (?:tener|comprar|conseguir|usar)",
        r"dónde (?:compro|consigo|puedo comprar|puedo conseguir|se compra|se compran|venden"
        r"|comprar|conseguir)",
        r"(?:yo |si )?no (?:tengo|tenemos)",
        r"sin",
        r"(?:qué|con qué) (?:uso|usar|puedo usar|utilizo|utilizar|puedo utilizar|pongo|hago"
        r"|cojo) (?:en (?:vez|lugar) del?|si no tengo|sin)",
        r"(?:con qué|cómo) (?:sustituyo|reemplazo|cambio|puedo sustituir|puedo reemplazar"
        r"|sustituir|reemplazar|se sustituye|se reemplaza)",
        r"(?:alternativa|alternativas|sustituto|sustitutos|reemplazo) (?:a|al|de|del|para)",
        r"en (?:vez|lugar) del?",
        r"para qué (?:sirve|sirven|es|son|se usa|se usan)",
    ),
    "fr": (
        r"c'est quoi",
        r"qu'est ce que(?: c'est)?(?: que)?",
        r"qu'est ce",
        r"que (?:veut dire|signifie)",
        r"à quoi (?:sert|servent)",
        r"(?:est ce que )?(?:j'ai|on a|tu as) besoin",
        r"(?:ai je|a t on|as tu) besoin",
        r"(?:est ce qu')?il (?:me |nous )?faut",
        r"(?:faut il|me faut il|faut t il)",
        r"(?:est ce que )?(?:je dois|on doit) (?:acheter|avoir|prendre)",
        r"(?:dois je|doit on) (?:acheter|avoir|prendre)",
        r"où (?:acheter|trouver|est ce qu'on achète|j'achète|je trouve)",
        r"(?:je n'ai|j'ai|je n'en ai|j'en ai|on n'a|on a)(?: toujours| même)? (?:pas|ni|aucun"
        r"|aucune)",
        r"(?:pas|sans)",
        r"(?:qu'est ce que|que|quoi) (?:je peux |on peut |peut on |puis je )?(?:utiliser|prendre"
        r"|mettre|faire) (?:à la place|au lieu)",
        r"(?:par quoi |comment )?(?:je peux |on peut |peut on |puis je )?remplacer",
        r"(?:à la place|au lieu)",
        r"(?:alternative|remplacement|substitut) (?:à|au|aux|pour|de|du)",
    ),
    "ru": (
        r"что (?:такое|это(?: за)?|за|значит|означает)",
        r"(?:мне |нам )?(?:нужна|нужен|нужны|нужно|надо|необходима|необходим|необходимы"
        r"|обязательна|обязателен|обязательны|обязательно|понадобится|понадобятся)",
        r"(?:стоит|нужно|надо|обязательно)(?: ли)? (?:покупать|купить|брать|иметь|заводить)",
        r"где (?:можно |мне )?(?:купить|взять|достать|найти|брать)",
        r"(?:а )?(?:если )?(?:у меня )?(?:нет|нету)(?: у меня)?",
        r"без",
        r"что делать(?: если)? (?:у меня )?(?:нет|нету|без)",
        r"(?:чем|как|на что) (?:можно |мне )?(?:заменить|заменять|поменять)",
        r"что (?:можно |мне )?(?:использовать|взять|брать|делать|подойдёт) (?:вместо|без)",
        r"(?:что )?вместо",
        r"(?:замена|замену|альтернатива)(?: для)?",
        r"(?:зачем|для чего)(?: (?:нужна|нужен|нужны|нужно|мне))*",
    ),
}
# Small words between the opening and the name, any number of them.
_BETWEEN: dict[str, str] = {
    "en": r"an?|the|some|any|my",
    "de": r"der|die|das|den|dem|des|ein|eine|einen|einem|einer|eines|zur|zum|mein|meine"
    r"|meinen|nen|ne|denn|eigentlich|genau|so|unbedingt|wirklich|zwingend|extra|noch|auch"
    r"|mir|überhaupt|leider|zwei|2|leicht\w*|schwer\w*|irgendein\w*|ein paar|dafür|dazu|da",
    "es": r"un|una|unos|unas|el|la|los|las|mi|mis|de|del|al|algún|alguna|algunas|algunos"
    r"|ese|esa|esas|esos|eso|exactamente|realmente|de verdad|sí o sí|obligatoriamente|dos|2"
    r"|ligeras?|ligeros?|pesad[ao]s?|tener|comprar|usar|ni|siquiera|lo de",
    "fr": r"un|une|le|la|les|des|du|de|d'un|d'une|qu'un|qu'une|mon|ma|mes|vraiment"
    r"|absolument|forcément|obligatoirement|exactement|bien|deux|2|petits?|petites?"
    r"|légers?|légères?|lourds?|acheter|avoir",
    "ru": r"ли|мне|вообще|обязательно|точно|правда|реально|покупать|купить|иметь|брать"
    r"|использовать|такая|такой|такие|эта|этот|эти|эту|две|2|лёгкая|лёгкие|лёгкую|лёгкой"
    r"|лёгких|тяжёлая|тяжёлые|пара|пару|можно|хотя бы|даже|никакой|никаких|никакого|своей"
    r"|своих|своего|у меня|для этого|тут",
}
# Glued to the name without a space (French elision: "d'haltères", "l'haltère").
_GLUED: dict[str, str] = {"fr": r"d'|l'|qu'"}
# Words that may follow the name, any number of them ("для" and "for" with the rest).
_AFTER: dict[str, str] = {
    "en": r"exactly|thing|needed|necessary|required|for(?: [\w' ]+)?|anyway|please|pls",
    "de": r"(?:für|zum|zur|beim|bei|zu)(?: [\w' ]+)?|kaufen|haben|besitzen|besorgen"
    r"|anschaffen|nehmen|benutzen|verwenden|ersetzen|nötig|notwendig|pflicht|erforderlich"
    r"|überhaupt|unbedingt|wirklich|eigentlich|denn|genau|bitte|dafür|dazu|da|zu hause"
    r"|zuhause|daheim|ein muss|jetzt|nun|was nun|was jetzt|was tun|und jetzt|was mache ich"
    r"|was kann ich tun|tun|machen",
    "es": r"para(?: [\w' ]+)?|en casa|de verdad|obligatoriamente|sí o sí|realmente"
    r"|exactamente|por favor|porfa|o no|entonces|tener|comprar|usar|qué hago|qué uso"
    r"|qué puedo hacer|es obligatori[oa]|es necesari[oa]|y ahora|pues|en el gimnasio",
    "fr": r"pour(?: [\w' ]+)?|à la maison|chez moi|vraiment|absolument|obligatoirement"
    r"|exactement|stp|svp|s'il te plaît|alors|du coup|par quoi|quoi faire|je fais comment"
    r"|on fait comment|je fais quoi|c'est grave|c'est obligatoire|obligatoire|ou pas"
    r"|ou non|acheter|avoir|avec quoi",
    "ru": r"для(?: [\w ]+)?|дома|вообще|обязательно|точно|правда|реально|пожалуйста|нужна"
    r"|нужен|нужны|нужно|это|такое|что ли|или нет|или можно без (?:неё|него|них)|заменить"
    r"|покупать|купить|брать|можно|что делать|как быть|что теперь|подойдёт|чем заменить"
    r"|подскажите|подскажи",
}
# Questions after a name said first ("штанга нужна?", "un vipr, c'est quoi ?").
_AFTER_NAME: dict[str, tuple[str, ...]] = {
    "en": (r"what(?:'s| is) (?:that|it)", r"(?:is it )?(?:needed|necessary|required)"),
    "de": (
        r"was ist das(?: denn)?",
        r"(?:wozu|wofür)(?: braucht man (?:das|die|den|ihn|sie))?",
        r"brauche ich (?:das|die|den|so was|sowas|so einen|so eine)",
        r"(?:ist das |ist der |ist die )?(?:nötig|pflicht|notwendig)",
        r"muss das sein",
    ),
    "es": (
        r"qué es(?: eso)?",
        r"para qué sirve",
        r"(?:es )?(?:necesari[oa]|obligatori[oa])",
        r"hace falta",
        r"(?:la|lo|las|los) necesito",
    ),
    "fr": (
        r"c'est quoi",
        r"qu'est ce que c'est",
        r"ça sert à quoi",
        r"(?:c'est )?(?:obligatoire|nécessaire)",
        r"il en faut(?: une?)?",
    ),
    "ru": (
        r"это что(?: такое)?",
        r"что это(?: такое)?",
        r"(?:нужна|нужен|нужны|нужно|обязательна|обязателен|обязательны|обязательно)(?: ли)?",
        r"зачем(?: (?:нужна|нужен|нужны|она|он|они))?",
    ),
}
# Whole questions about every piece of kit ("what kit do I need").
_ALL_KIT: dict[str, tuple[str, ...]] = {
    "en": (
        r"what(?: kind of| sort of)? (?:kit|equipment|gear|stuff)(?: do i need| is needed"
        r"| do you need| will i need| should i (?:get|buy)| does it take)",
        r"do i need (?:any |some |special )?(?:kit|equipment|gear)",
        r"what do i need to (?:buy|get)",
        r"(?:the )?(?:kit|equipment|gear)(?: list| needed)?",
    ),
    "de": (
        r"(?:welche|welches|welcher|was für(?: eine| ein)?) (?:ausrüstung|geräte|equipment"
        r"|hilfsmittel|sachen|zubehör|trainingsgeräte|sportgeräte)(?: (?:brauche ich"
        r"|brauch ich|braucht man|benötige ich|benötigt man|muss ich (?:mir )?(?:kaufen"
        r"|besorgen|anschaffen|haben)|soll ich (?:mir )?(?:kaufen|besorgen|anschaffen)"
        r"|ist nötig|sind nötig|wird gebraucht|werden gebraucht))?",
        r"was (?:muss|sollte|soll) ich (?:mir )?(?:kaufen|besorgen|anschaffen)",
        r"was (?:brauche|brauch|benötige) ich (?:an|für|als) (?:ausrüstung|geräten|equipment)",
        r"(?:(?:brauche|brauch|benötige) ich|(?:braucht|benötigt) man) (?:eine |irgendeine "
        r"|irgendwelche |spezielle |besondere |viel |extra )?(?:ausrüstung|geräte|equipment)",
        r"(?:die )?(?:ausrüstung|ausrüstungsliste)(?: (?:liste|nötig))?",
    ),
    "es": (
        r"qué (?:material|equipo|equipamiento|cosas|accesorios|implementos)(?: (?:necesito"
        r"|hace falta|me hace falta|se necesita|tengo que comprar|debo comprar|hay que tener"
        r"|necesito comprar|uso|se usa|hay que comprar))?",
        r"(?:necesito|hace falta|se necesita|me hace falta) (?:algún |algo de |mucho |un )?"
        r"(?:material|equipo|equipamiento)(?: especial)?",
        r"qué (?:necesito|tengo que|debo|hay que) (?:comprar|tener)",
        r"qué necesito para (?:empezar|los ejercicios|el calentamiento|entrenar|esto)",
        r"(?:el )?material(?: necesario)?",
        r"(?:la )?lista del? material",
    ),
    "fr": (
        r"(?:de )?quel (?:matériel|équipement)(?: (?:faut il|me faut il|il faut|il me faut"
        r"|dois je acheter|je dois acheter|est nécessaire|ai je besoin|j'ai besoin"
        r"|est ce qu'il faut|est ce que j'ai besoin|faut il avoir|faut il acheter|utiliser"
        r"|on utilise))?",
        r"(?:est ce que )?(?:j'ai besoin de|il me faut|il faut|on a besoin de|faut il"
        r"|ai je besoin de|me faut il) (?:du |de |d'un |d'une |beaucoup de )?(?:matériel"
        r"|équipement)(?: (?:spécial|particulier|spécifique))?",
        r"de quoi (?:ai je|j'ai|a t on|on a) besoin",
        r"qu'est ce qu'il (?:me |nous )?faut",
        r"(?:qu'est ce que je dois|que dois je|qu'est ce qu'il faut) acheter",
        r"(?:le )?matériel(?: nécessaire)?",
        r"(?:la )?liste du matériel",
    ),
    "ru": (
        r"(?:какой|какое|какие|что за) (?:нужен |нужно |нужны |мне нужен )?(?:инвентарь"
        r"|спортинвентарь|оборудование|снаряды|снаряжение)(?: (?:нужен|нужно|нужны"
        r"|понадобится|понадобятся|мне нужен|мне нужно|нужно купить|купить|надо|надо купить"
        r"|использовать|используется))?",
        r"(?:нужен|нужно|нужны|понадобится)(?: ли)?(?: мне)? (?:какой то |какой нибудь "
        r"|специальный |вообще |особый )?(?:инвентарь|оборудование|снаряды|снаряжение"
        r"|спортинвентарь)",
        r"что (?:мне )?(?:нужно|надо) (?:купить|иметь|из инвентаря)",
        r"(?:весь )?инвентарь",
        r"список инвентаря",
    ),
}
# Words after a question about every piece ("for the warm-up", "zu Hause").
_ALL_AFTER: dict[str, str] = {
    "en": r"for (?:this|these|it|the exercises|the warm ?up|strength)|to start|at home",
    "de": r"für (?:die |das |den |diese |dieses )?(?:übungen|training|aufwärmen|warm up"
    r"|kraftübungen|krafttraining|programm|kraft)|zu hause|zuhause|daheim|zum start"
    r"|zum anfangen|dafür|überhaupt|eigentlich|denn|genau|bitte",
    "es": r"para (?:los ejercicios|estos ejercicios|el calentamiento|empezar|entrenar"
    r"|la fuerza|esto|el programa)|en casa|por favor|especial",
    "fr": r"pour (?:les exercices|ces exercices|l'échauffement|commencer|ça|le renfo"
    r"|la muscu|le programme)|à la maison|chez moi|stp|svp",
    "ru": r"для (?:упражнений|этих упражнений|разминки|тренировок|тренировки|силовых"
    r"|начала|этого|программы)|дома|вообще|пожалуйста",
}

_PREAMBLE = r"^(?:(?:" + "|".join(re.escape(word) for word in every(PREAMBLE)) + r")[,!:]?\s+)*"
_NAME = (
    r"(?P<kit>"
    + "|".join(re.escape(name) for name in sorted(every_kit_word(), key=len, reverse=True))
    + r")"
)


def _compiled(pattern: str) -> LazyPattern:
    """A pattern written as the language spells it, over folded text, compiled at its
    first use (about a tenth of a second for all of them: the start does not wait)."""
    return LazyPattern(strip_marks(pattern))


def _one_of(patterns: tuple[str, ...]) -> str:
    return "(?:" + "|".join(patterns) + ")"


def _patterns(language: str) -> tuple[LazyPattern, LazyPattern, LazyPattern]:
    """A language's question before a name, after a name, and about every piece."""
    between = rf"(?: (?:{_BETWEEN[language]}))*"
    glued = rf"(?:{_GLUED[language]})?" if language in _GLUED else ""
    after = rf"(?:,? (?:{_AFTER[language]}))*\W*$"
    before_name = _PREAMBLE + _one_of(_OPENINGS[language]) + between + " " + glued + _NAME
    name_first = (
        _PREAMBLE
        + rf"(?:(?:{_BETWEEN[language]}) )*"
        + glued
        + _NAME
        + r"\W+"
        + _one_of(_AFTER_NAME[language])
    )
    every_piece = (
        _PREAMBLE + _one_of(_ALL_KIT[language]) + rf"(?:,? (?:{_ALL_AFTER[language]}))*\W*$"
    )
    return _compiled(before_name + after), _compiled(name_first + after), _compiled(every_piece)


_BY_LANGUAGE = tuple(_patterns(language) for language in _OPENINGS)


@dataclass(frozen=True, slots=True)
class KitAsked:
    """A question about the kit: ``kit`` the piece asked about, None for all of it (or a
    ball that may be either)."""

    kit: Kit | None


def kit_asked(folded: str) -> KitAsked | None:
    """The kit folded text asks about, in any language, or None when it asks nothing
    about the kit itself (an exercise that names kit: "what's a swiss ball curl")."""
    for before_name, name_first, every_piece in _BY_LANGUAGE:
        if every_piece.match(folded):
            return KitAsked(None)
        found = before_name.match(folded) or name_first.match(folded)
        if found is not None:
            kits = kits_named(found["kit"])
            return KitAsked(kits[0] if len(kits) == 1 else None)
    return None
