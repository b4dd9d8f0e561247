"""The words of rep reports, one table per language: which leg ("links", "izquierda",
"gauche", "левой"), "on each side" ("pro Seite", "cada pierna", "de chaque côté", "на
каждую ногу"), sets ("3 Sätze à 10", "3 series de 10", "3 подхода по 10") and the small
words that may stand around the numbers ("und", "y", "et", "и").

Words are written as runners spell them; ``library.reports`` folds them as it folds the
text (``library.matcher.fold``: lower case, accents gone, "ß" as "ss", Russian "й" as
"и" and "ё" as "е"), so "Sätze", "saetze" and "satze" or "левой" and "левои" all meet.
Patterns (``sets``, ``times``) are regular expressions over folded text.

The parser reads every language's words in every text: a runner whose app is in English
may still write "links 12 rechts 15". A short form that means something else in another
language (Spanish "der" is the German article, French "d" and "g" are letters of many
things) is ``paired``: it names a leg only when the same text has a word of the same
language for the other leg ("izq 10 der 12", "G 6 6 D 5 5"). Spanish "i" for izquierda
is left out: it is English "I" and Catalan "and", with no pair that would tell them apart.
"""

from __future__ import annotations

from dataclasses import dataclass

from library.languages import Language


@dataclass(frozen=True, slots=True)
class ReportWords:
    """One language's words of a rep report.

    ``left``, ``right``: words for a leg. ``paired``: those of them that name a leg only
    next to a word of this language for the other leg. ``each``: one word that puts the
    numbers on both legs ("each", "jeweils", "cada", "chaque", "каждую"); ``each_leads``
    and ``sides``: a lead and a side or leg noun that together say "on each side" ("pro
    Seite", "por lado", "par jambe", "на ногу"). ``sets``: what stands between a set
    count and the reps of each set ("3 sets of 10", "3 Sätze à 10"); ``times``: a word
    for "x" ("3 mal 10"). ``set_labels``: the word before a set's number ("Satz 2").
    ``but``: words that start a new clause. ``noise``: words that may stand around the
    numbers without making the text about something else."""

    left: tuple[str, ...]
    right: tuple[str, ...]
    paired: tuple[str, ...] = ()
    each: tuple[str, ...] = ()
    each_leads: tuple[str, ...] = ()
    sides: tuple[str, ...] = ()
    sets: tuple[str, ...] = ()
    times: tuple[str, ...] = ()
    set_labels: tuple[str, ...] = ()
    but: tuple[str, ...] = ()
    noise: tuple[str, ...] = ()


ENGLISH = ReportWords(
    left=("left", "l", "lt", "lft"),
    right=("right", "r", "rt", "rgt"),
    each=("each", "both", "per", "apiece"),
    each_leads=("each", "per", "both", "on both"),
    sides=("side", "sides", "leg", "legs", "feet", "foot"),
    sets=(r"sets\s+(?:of\s+)?", r"set\s+of\s+"),
    set_labels=("set",),
    but=("but",),
    noise=(
        *("rep", "reps", "set", "sets", "x", "of", "on", "the", "and", "leg", "legs"),
        *("foot", "feet", "did", "done", "i", "got", "managed", "today", "then", "a"),
        *("an", "with", "my", "for", "at", "was", "were", "it", "just", "only", "all"),
        *("total", "times", "round", "rounds", "first", "second", "third", "fourth"),
        *("last", "log", "logged", "me", "so", "ok", "okay", "also", "plus", "in", "to"),
    ),
)

GERMAN = ReportWords(
    left=("links", "linke", "linker", "linkes", "linken", "linkem", "li", "lks"),
    right=("rechts", "rechte", "rechter", "rechtes", "rechten", "rechtem", "re", "rts"),
    paired=("li", "lks", "re", "rts"),
    each=("jeweils", "beidseitig", "beidseits", "beide"),
    each_leads=("pro", "je", "jede", "jedes", "jeder", "jedem", "jeden", "beide", "beiden"),
    sides=("Seite", "Seiten", "Bein", "Beine", "Beinen", "Fuß", "Füße", "Füßen"),
    sets=(
        r"(?:satze|saetze|satz|serien|serie|runden|durchgange|durchgaenge)"
        r"\s+(?:(?:a|zu|mit|von|x)\s+(?:je\s+)?|je\s+)",
    ),
    times=("mal",),
    set_labels=("Satz", "Serie", "Runde"),
    but=("aber", "doch"),
    noise=(
        *("und", "dann", "danach", "je", "zu", "mit", "auf", "von", "ich", "hab", "habe"),
        *("heute", "gemacht", "geschafft", "Bein", "Beine", "Beinen", "Seite", "Seiten"),
        *("Fuß", "Wiederholungen", "Wdh", "Whd", "Satz", "Sätze", "Serie", "Serien"),
        *("Runde", "Runden", "Durchgang", "Durchgänge", "mal", "der", "die", "das", "dem"),
        *("den", "ein", "eine", "einen", "im", "beim", "nur", "noch", "insgesamt", "erste"),
        *("ersten", "zweite", "zweiten", "dritte", "dritten", "letzte", "letzten", "also"),
        *("Saetze", "Durchgaenge", "Fuesse"),
    ),
)

SPANISH = ReportWords(
    left=("izquierda", "izquierdo", "izq", "izda", "izqda", "izqdo"),
    right=("derecha", "derecho", "der", "dcha", "dcho", "drcha", "d"),
    paired=("der", "d"),
    each=("cada", "ambos", "ambas"),
    each_leads=("por", "cada", "ambos", "ambas", "los dos", "las dos"),
    sides=("lado", "lados", "pierna", "piernas", "pie", "pies"),
    sets=(r"(?:series|serie|tandas|tanda|rondas|sets)\s+(?:de|x|con)\s+",),
    times=("por",),
    set_labels=("serie", "tanda"),
    but=("pero",),
    noise=(
        *("y", "e", "luego", "después", "de", "del", "con", "la", "el", "los", "las", "en"),
        *("por", "hice", "he", "hecho", "hoy", "pierna", "piernas", "lado", "lados"),
        *("pie", "pies", "una", "uno", "repeticiones", "repes", "serie", "series", "tanda"),
        *("tandas", "veces", "vez", "al", "solo", "sólo", "primera", "segunda", "tercera"),
        *("última", "vale", "mi", "total", "ronda", "rondas"),
    ),
)

FRENCH = ReportWords(
    left=("gauche", "g", "gche"),
    right=("droite", "droit", "d", "dte", "dr"),
    paired=("g", "d", "dr"),
    each=("chaque", "chacun", "chacune"),
    each_leads=("par", "chaque", "les deux", "des deux", "sur les deux"),
    sides=("côté", "côtés", "jambe", "jambes", "pied", "pieds"),
    sets=(r"(?:series|serie|sets|tours)\s+(?:de|x|a)\s+",),
    times=("fois",),
    set_labels=("série",),
    but=("mais",),
    noise=(
        *("et", "puis", "ensuite", "de", "des", "du", "la", "le", "les", "j", "d", "qu", "c"),
        *("ai", "fait"),
        *("fais", "je", "sur", "avec", "pour", "en", "au", "aux", "jambe", "jambes"),
        *("côté", "côtés", "pied", "pieds", "répétitions", "rép", "série", "séries"),
        *("fois", "tour", "tours", "aujourd", "hui", "seulement", "première", "deuxième"),
        *("troisième", "dernière", "une", "un", "total", "ok"),
    ),
)

RUSSIAN = ReportWords(
    left=(
        *("левая", "левой", "левую", "левый", "левое", "левом", "левою", "слева"),
        *("лев", "л"),
    ),
    right=(
        *("правая", "правой", "правую", "правый", "правое", "правом", "правою", "справа"),
        *("прав", "п"),
    ),
    paired=("лев", "л", "прав", "п"),
    each=("каждую", "каждой", "каждый", "каждая", "каждое", "обе", "оба", "обеими", "обеих"),
    each_leads=(
        *("на", "каждую", "каждой", "каждый", "каждая", "обе", "обеими", "обеих", "обоих"),
        "двух",
    ),
    sides=(
        *("ногу", "ноги", "ногой", "ногами", "ноге", "ног"),
        *("сторону", "стороны", "стороне", "сторон", "сторонам"),
    ),
    sets=(r"(?:подхода|подходов|подход|сета|сетов|раза|раз)\s+(?:по|x|х)\s+", r"по\s+"),
    times=("х",),
    set_labels=("подход",),
    but=("но", "однако"),
    noise=(
        *("и", "а", "потом", "затем", "по", "на", "с", "со", "в", "я", "сделал"),
        *("сделала", "сделали", "сегодня", "нога", "ногу", "ноги", "ногой", "ногами"),
        *("ноге", "сторона", "сторону", "стороны", "стороне", "сторон", "раз", "раза"),
        *("повтор", "повтора", "повторов", "повторения", "повторений", "подход"),
        *("подхода", "подходов", "подходе", "сет", "сета", "сетов", "всего", "только"),
        *("первый", "второй", "третий", "последний", "х", "двух"),
    ),
)

WORDS: dict[Language, ReportWords] = {
    Language.EN: ENGLISH,
    Language.DE: GERMAN,
    Language.ES: SPANISH,
    Language.FR: FRENCH,
    Language.RU: RUSSIAN,
}
