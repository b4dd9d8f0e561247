"""Plain words that do what a button or command does: "warmup" or "what should I do before
my run?" (/warmup), "done" (the ✅ Done button), "skip" (the ⏭ Skip button), and their
German, Spanish, French and Russian words ("aufwärmen", "fertig", "überspringen";
"calentamiento", "listo", "saltar"; "échauffement", "fini", "passer"; "разминка",
"готово", "пропустить"): one table per language, all of them read at once.

:func:`plain_command` only answers for a whole message that is one of these short
phrases (a greeting or "please" around it, an emoji or "!" after it), so a rep report
("done 12 12"), small talk ("I'm done with work", "skip the small talk") or a remark
("the warm-up was great yesterday") is never taken for one.
"""

from __future__ import annotations

import re
from enum import StrEnum

from library.lazy_patterns import LazyPattern
from library.question_words import every, strip_marks


class PlainCommand(StrEnum):
    """What a plain-words message asks for."""

    WARMUP = "warmup"
    DONE = "done"
    SKIP = "skip"


_WARMUP_WORD = r"(?:warm ?ups?|warmups?)"
_SESSION = r"(?:(?:the |my |this |today'?s |todays )?(?:" + _WARMUP_WORD + r"|session|workout))"
_TODAY = r"(?: (?:today|now|for today|this morning|this evening|tonight))?"
_ENGLISH: dict[PlainCommand, tuple[str, ...]] = {
    PlainCommand.WARMUP: (
        r"(?:my |the |today'?s |todays )?" + _WARMUP_WORD + _TODAY,
        r"(?:what'?s|what is|whats) (?:my|the|today'?s|todays) " + _WARMUP_WORD + _TODAY,
        r"(?:send|give|show) (?:me )?(?:my |the |a |today'?s )?" + _WARMUP_WORD + _TODAY,
        r"(?:start|begin|let'?s do|lets do|time for) (?:my |the |a )?" + _WARMUP_WORD,
        r"what (?:should|do|shall|can) i do (?:before|ahead of|prior to) (?:my |the |a )?"
        r"(?:runs?|running|jog)" + _TODAY,
        r"what(?:'s| is|s) (?:my |the )?(?:pre run|prerun) (?:routine|warm ?up|warmup)",
    ),
    PlainCommand.DONE: (
        r"(?:i'?m |im |i am |all |we'?re |finally )?(?:done|finished|complete|completed)"
        r"(?: (?:it|that|now|for today|today))?",
        _SESSION + r" (?:is )?(?:done|finished|complete|completed)",
        r"(?:i )?(?:finished|completed|did|done) " + _SESSION,
        r"(?:i'?m |im |i am )?(?:done|finished) with " + _SESSION,
    ),
    PlainCommand.SKIP: (
        r"(?:skip|skipping|skipped)(?: (?:it|this|that|this one|today|for today|today'?s"
        r"|todays|now|please))?",
        r"(?:skip|skipping|skipped) " + _SESSION + _TODAY,
        r"(?:i'?ll |i will |gonna |going to |i'?m going to |i'?m gonna )?(?:skip|pass)"
        r"(?: on)? (?:it|this one|this|today)",
        r"no " + _WARMUP_WORD + r" (?:today|for me today)",
    ),
}
# German, Spanish, French and Russian, written with their marks (stripped as fold strips
# the text's: "überspringen" is matched as "uberspringen", "разминку" keeps its letters,
# "всё" is "все").
_DE_WARMUP = r"(?:aufwärmen|aufwärmung|aufwärmprogramm|aufwärmübungen|warm up|warmup)"
_DE_SESSION = r"(?:(?:das |mein |meine |die )?(?:" + _DE_WARMUP + r"|training|einheit))"
_DE_TODAY = r"(?: (?:heute|jetzt|für heute))?"
_GERMAN: dict[PlainCommand, tuple[str, ...]] = {
    PlainCommand.WARMUP: (
        r"(?:mein |das |die |meine )?" + _DE_WARMUP + _DE_TODAY,
        r"(?:was ist|zeig mir|gib mir|schick mir|zeig) (?:mein |meine |das |die )?"
        + _DE_WARMUP
        + _DE_TODAY,
        r"(?:lass uns |los geht's mit dem |los mit dem )?aufwärmen",
        r"was (?:soll|sollte|muss|kann|mache) ich vor (?:dem|meinem) (?:laufen|lauf)"
        r"(?: (?:machen|tun))?",
    ),
    PlainCommand.DONE: (
        r"(?:ich bin |bin )?(?:fertig|durch)(?: (?:damit|für heute|heute|jetzt))?",
        r"(?:alles )?(?:erledigt|geschafft|gemacht)(?: (?:für heute|heute))?",
        r"(?:ich )?(?:hab|habe)(?:'s| es| ich)? (?:gemacht|geschafft|erledigt)",
        _DE_SESSION + r"(?: ist)? (?:fertig|erledigt|geschafft|gemacht)",
    ),
    PlainCommand.SKIP: (
        r"(?:ich |heute )?(?:überspringen|überspringe|auslassen|skippen|lasse ich aus|lass ich aus)"
        r"(?: (?:es|das|heute|für heute))?",
        r"(?:heute )?" + _DE_SESSION + r" (?:heute )?(?:überspringen|auslassen)",
        r"ich (?:überspringe|lasse) " + _DE_SESSION + r"(?: heute)?(?: aus)?",
    ),
}
_ES_SESSION = r"(?:(?:el |mi )?(?:calentamiento|entrenamiento|sesión|entreno))"
_SPANISH: dict[PlainCommand, tuple[str, ...]] = {
    PlainCommand.WARMUP: (
        r"(?:mi |el )?calentamiento(?: (?:de hoy|hoy|ahora))?",
        r"(?:dame|muéstrame|enséñame|mándame|envíame|pásame|cuál es|qué es) (?:el |mi )?"
        r"calentamiento(?: de hoy)?",
        r"(?:a |vamos a |hora de )?calentar",
        r"qué (?:hago|debo hacer|tengo que hacer|hay que hacer) antes de (?:correr"
        r"|salir a correr|la carrera|mi carrera)(?: hoy)?",
    ),
    PlainCommand.DONE: (
        r"(?:ya )?(?:listo|lista|hecho|hecha|terminado|terminada|terminé|acabé|he terminado"
        r"|he acabado|ya está|completado)(?: (?:por hoy|hoy|ya))?",
        _ES_SESSION + r" (?:está |ya está )?(?:hecho|listo|terminado|completado)",
        r"(?:ya )?(?:terminé|acabé|he terminado|hice|completé) " + _ES_SESSION,
    ),
    PlainCommand.SKIP: (
        r"(?:saltar|saltarlo|me lo salto|lo salto|paso|omitir|omitirlo|sáltalo|hoy paso"
        r"|hoy me lo salto)(?: (?:hoy|por hoy))?",
        r"(?:saltar|omitir|me salto|salto|saltarme) " + _ES_SESSION + r"(?: (?:de hoy|hoy))?",
    ),
}
_FR_SESSION = r"(?:(?:l'|l |mon |ma |la |le )?(?:échauffement|entraînement|séance))"
_FRENCH: dict[PlainCommand, tuple[str, ...]] = {
    PlainCommand.WARMUP: (
        r"(?:mon |l'|l |le )?échauffement(?: (?:du jour|d'aujourd'hui|aujourd'hui|maintenant))?",
        r"(?:envoie moi|montre moi|donne moi|c'est quoi|quel est) (?:mon |l'|l |le )?"
        r"échauffement(?: du jour)?",
        r"(?:je vais |on va )?(?:m'|s')échauffer|on s'échauffe",
        r"(?:qu'est ce que je (?:fais|dois faire)|que faire|je fais quoi) avant (?:de courir"
        r"|ma course|mon footing|la course)",
    ),
    PlainCommand.DONE: (
        r"(?:j'ai )?(?:fini|terminé)(?: (?:pour aujourd'hui|aujourd'hui|maintenant))?",
        r"(?:c'est )?(?:fait|fini|terminé)",
        _FR_SESSION + r" (?:est )?(?:fait|fini|faite|finie|terminé|terminée)",
        r"(?:j'ai )?(?:fini|terminé|fait) " + _FR_SESSION,
    ),
    PlainCommand.SKIP: (
        r"(?:je )?(?:passe|saute|zappe)(?: (?:pour aujourd'hui|aujourd'hui|mon tour))?",
        r"(?:passer|sauter|on passe)",
        r"(?:je |on )?(?:passe|saute|zappe|sauter|passer) " + _FR_SESSION + r"(?: aujourd'hui)?",
    ),
}
_RU_WARMUP = r"(?:разминка|разминку|разминки)"
_RU_SESSION = r"(?:(?:мою |моя )?(?:разминк[аую]|тренировк[аую]))"
_RUSSIAN: dict[PlainCommand, tuple[str, ...]] = {
    PlainCommand.WARMUP: (
        r"(?:моя |мою )?" + _RU_WARMUP + r"(?: (?:на сегодня|сегодня|сейчас))?",
        r"(?:покажи|дай|пришли|скинь|какая|что за) (?:мне )?(?:мою )?"
        + _RU_WARMUP
        + r"(?: на сегодня)?",
        r"что (?:делать|сделать|мне делать|мне сделать|нужно сделать|делаю) перед"
        r" (?:пробежкой|бегом|забегом)(?: сегодня)?",
        r"(?:давай |начнём |начинаем )?(?:разминаться|размяться)|разомнёмся",
    ),
    PlainCommand.DONE: (
        r"(?:я )?(?:всё )?(?:готово|сделал|сделала|сделано|закончил|закончила|выполнил"
        r"|выполнила)(?: (?:всё|на сегодня|сегодня))?",
        _RU_SESSION + r" (?:сделана|закончена|готова|выполнена)",
        r"(?:я )?(?:сделал|сделала|закончил|закончила) " + _RU_SESSION,
    ),
    PlainCommand.SKIP: (
        r"(?:я |сегодня )?(?:пропустить|пропускаю|пропущу|пропусти|пропустим|скип)"
        r"(?: (?:сегодня|её|это|на сегодня))?",
        r"(?:сегодня )?(?:пропустить|пропускаю|пропущу) " + _RU_SESSION + r"(?: сегодня)?",
    ),
}
_PHRASES: dict[str, dict[PlainCommand, tuple[str, ...]]] = {
    "en": _ENGLISH,
    "de": _GERMAN,
    "es": _SPANISH,
    "fr": _FRENCH,
    "ru": _RUSSIAN,
}
# Words before and after the command: greetings, "please", "thanks", "coach".
_LEAD: dict[str, str] = {
    "en": "hey hi ok okay coach so right well yes yep yeah please pls and",
    "de": "hallo hey ok okay trainer coach also gut ja jo so und bitte",
    "es": "hola ok vale bueno coach entrenador sí pues y",
    "fr": "salut ok bon alors oui ouais coach et",
    "ru": "привет ок окей ну так да ладно тренер и",
}
_TAIL: dict[str, str] = {
    "en": "please|pls|thanks|thank you|coach|mate",
    "de": "bitte|danke|trainer|coach",
    "es": "por favor|gracias|entrenador|coach",
    "fr": "merci|coach|stp|svp|s'il te plaît",
    "ru": "пожалуйста|спасибо|тренер",
}
_LEAD_RE = (
    r"(?:(?:"
    + "|".join(every({code: lead.split() for code, lead in _LEAD.items()}))
    + r")[,!.]? )*"
)
_TAIL_RE = (
    r"(?: (?:" + "|".join(every({code: tail.split("|") for code, tail in _TAIL.items()})) + r"))*"
)
# Compiled at their first use: the bot's start does not wait for them.
_COMPILED = {
    command: LazyPattern(
        r"^"
        + _LEAD_RE
        + r"(?:"
        + "|".join(strip_marks(p) for table in _PHRASES.values() for p in table[command])
        + r")"
        + _TAIL_RE
        + r"$"
    )
    for command in PlainCommand
}
# Everything but letters (Latin or Cyrillic, as folded), digits, apostrophes and spaces.
_KEEP = re.compile(r"[^a-z0-9\u0430-\u044f' ]+")


def plain_command(folded: str) -> PlainCommand | None:
    """The command a whole folded message (library.matcher.fold) stands for, or None."""
    words = " ".join(_KEEP.sub(" ", folded.replace("\u2019", "'")).split())
    if not words:
        return None
    for command, pattern in _COMPILED.items():
        if pattern.match(words):
            return command
    return None
