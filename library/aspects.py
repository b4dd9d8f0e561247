"""Questions about one aspect of an exercise: "hops cues", "rdl form", "easier version of
humps", "how should I land on the hops", "is the swiss ball curl safe", and the same in
German, Spanish, French and Russian ("Fehler beim Ausfallschritt", "versión más fácil del
puente", "les erreurs sur les fentes", "ошибки в выпадах"): one table per language, all
of them read at once.

:func:`find_aspect` finds the phrase that names the aspect and returns its code with the
rest of the text, which the matcher then reads as the exercise's name. The handlers put
that aspect first in the answer. :func:`landing_lines` picks, from an exercise's own
steps, cues and mistakes, the lines about landing (the catalogue has no landing field:
what it says about landing is spread over those three).
"""

from __future__ import annotations

import re
from enum import StrEnum

from library.exercises import Exercise
from library.lazy_patterns import LazyPattern
from library.question_words import strip_marks


class Aspect(StrEnum):
    """One part of an exercise's explanation a runner can ask about on its own."""

    SETUP = "setup"
    STEPS = "steps"
    LANDING = "landing"
    CUES = "cues"
    FORM = "form"
    MISTAKES = "mistakes"
    EASIER = "easier"
    HARDER = "harder"
    SAFETY = "safety"
    DOSE = "dose"
    TEMPO = "tempo"


_ABOUT = r"(?: (?:for|of|on|in|with|during|when doing|while doing|to))?"
# Per language, the phrases naming each aspect, as regular expressions over folded text
# (lower case, hyphens as spaces, marks gone: written here with their accents, "й" and
# "ё", each pattern goes through strip_marks as the text goes through fold). Aspects are
# tried in English's order; the first whose phrase (in any language) matches names the
# aspect, and the matched phrase is cut out of the text.
_ENGLISH: tuple[tuple[Aspect, str], ...] = (
    (
        Aspect.LANDING,
        r"\b(?:how|where) (?:should|do|can|would|must|to) (?:i |you |we )?land(?:ing)?\b"
        + _ABOUT
        + r"|\b(?:how to |tips? (?:for |on )?)?land(?:ing|ings)\b"
        + _ABOUT,
    ),
    (
        Aspect.MISTAKES,
        r"\bwhat (?:am i|are we|do i|could i be|might i be) (?:doing|getting) wrong\b"
        + _ABOUT
        + r"|\b(?:the )?(?:most )?(?:common |typical |usual |biggest |main |classic )?"
        r"(?:mistakes?|errors?|faults?)(?: (?:people|runners|you|i) (?:make|do))?"
        + _ABOUT
        + r"|\bwhat (?:not|shouldn'?t i|should i not) (?:to )?do\b"
        + _ABOUT,
    ),
    (
        Aspect.EASIER,
        r"\b(?:an? |the )?(?:easier|simpler|gentler|beginners?|regressions?|lighter)"
        r"(?: (?:version|variation|option|way|alternative|progression|one))?"
        r"(?: (?:of|for|to do|on))?"
        r"|\bscale (?:it |them )?(?:back|down)\b" + _ABOUT,
    ),
    (
        Aspect.HARDER,
        r"\b(?:an? |the )?(?:harder|tougher|advanced|more (?:challenging|difficult|advanced)"
        r"|progressions?)"
        r"(?: (?:version|variation|option|way|alternative|one))?"
        r"(?: (?:of|for|to do|on))?"
        r"|\b(?:too easy|level up)\b",
    ),
    (
        Aspect.SAFETY,
        r"\b(?:safe(?:ty)?|dangerous|risky|risks?|injur(?:y|e|ies|ious))\b" + _ABOUT,
    ),
    (
        Aspect.TEMPO,
        r"\b(?:the )?(?:tempo|speed|rhythm|cadence)\b"
        + _ABOUT
        + r"|\bhow (?:fast|quick(?:ly)?|slow(?:ly)?)(?: (?:should|do|must) (?:i|you|we)"
        r"(?: (?:do|go|move|perform))?)?\b" + _ABOUT,
    ),
    (
        Aspect.DOSE,
        r"\bhow (?:many|much)(?: (?:reps?|sets?|times|rounds?|repetitions?))?"
        r"(?: (?:should|do|must|can) (?:i|you|we) do)?(?: (?:of|for|on|per (?:leg|side)))?\b"
        r"|\b(?:the )?(?:dose|dosage|reps and sets|sets and reps|rep range)\b" + _ABOUT,
    ),
    (
        Aspect.CUES,
        r"\b(?:the |any |some )?(?:key |coaching |main )?(?:cues?|pointers?)\b"
        + _ABOUT
        + r"|\bwhat should i (?:think about|focus on)\b"
        + _ABOUT,
    ),
    (
        Aspect.FORM,
        r"\b(?:the )?(?:proper |correct |good |right |perfect |best )?(?:form|technique|posture)"
        r"\b(?: check)?" + _ABOUT,
    ),
    (
        Aspect.SETUP,
        r"\b(?:the )?(?:set ?up|start(?:ing)? position)\b"
        + _ABOUT
        + r"|\bhow (?:do|should) i (?:set up|start|begin|get into position)\b"
        + _ABOUT,
    ),
    (Aspect.STEPS, r"\b(?:the )?steps\b(?: (?:for|of|to))?|\bstep by step\b"),
)
_GERMAN: tuple[tuple[Aspect, str], ...] = (
    (
        Aspect.LANDING,
        r"\bwie (?:lande|landet|landen|komme) (?:ich|man|du)(?: auf)?\b|\blandungs?(?:en)?\b"
        r"|\blanden\b|\baufkommen\b",
    ),
    (
        Aspect.MISTAKES,
        r"\b(?:die )?(?:häufigsten |typischen |häufige |typische |größten |klassischen )?"
        r"fehler\b|\bwas mache ich falsch\b|\bwas (?:sollte|darf|soll) ich nicht (?:machen|tun)\b",
    ),
    (
        Aspect.EASIER,
        r"\b(?:eine |die )?(?:leichtere|einfachere|sanftere|leichter|einfacher)"
        r"(?: (?:version|variante|übung|form|alternative))?\b|\bfür anfänger\b",
    ),
    (
        Aspect.HARDER,
        r"\b(?:eine |die )?(?:schwerere|schwierigere|härtere|anspruchsvollere|schwerer"
        r"|schwieriger|härter)(?: (?:version|variante|übung|alternative))?\b"
        r"|\bzu leicht\b|\bsteigerung\b|\bfür fortgeschrittene\b",
    ),
    (Aspect.SAFETY, r"\b(?:sicher|sicherheit|gefährlich|riskant|risiko|verletzung\w*)\b"),
    (
        Aspect.TEMPO,
        r"\b(?:das |den )?(?:tempo|rhythmus|geschwindigkeit)\b"
        r"|\bwie schnell(?: (?:soll|muss|mache) (?:ich|man))?\b",
    ),
    (
        Aspect.DOSE,
        r"\bwie (?:viele|viel|oft)(?: (?:wiederholungen|sätze|runden|mal))?"
        r"(?: (?:soll|muss|mache) (?:ich|man))?\b|\b(?:wiederholungen|sätze)\b",
    ),
    (
        Aspect.CUES,
        r"\b(?:die )?(?:hinweise|stichworte|merksätze)\b"
        r"|\bworauf (?:muss|soll|sollte) (?:ich|man) (?:achten|aufpassen)\b|\bworauf achten\b",
    ),
    (
        Aspect.FORM,
        r"\b(?:die )?(?:richtige |korrekte |saubere |gute )?(?:technik|ausführung|haltung)\b",
    ),
    (
        Aspect.SETUP,
        r"\b(?:die )?(?:ausgangsposition|ausgangsstellung|startposition|grundposition)\b"
        r"|\bwie fange ich an\b",
    ),
    (Aspect.STEPS, r"\b(?:die )?(?:einzelnen )?schritte\b|\bschritt für schritt\b"),
)
_SPANISH: tuple[tuple[Aspect, str], ...] = (
    (
        Aspect.LANDING,
        r"\bcómo (?:aterrizo|aterrizar|caigo|caer|debo caer|debo aterrizar)\b"
        r"|\b(?:el )?aterrizaje\b|\baterrizar\b|\b(?:la )?caída\b",
    ),
    (
        Aspect.MISTAKES,
        r"\b(?:los )?(?:errores|fallos)(?: (?:más )?(?:comunes|típicos|frecuentes|habituales))?\b"
        r"|\bqué (?:hago|estoy haciendo) mal\b|\bqué no (?:hay que|debo) hacer\b",
    ),
    (
        Aspect.EASIER,
        r"\b(?:una )?(?:versión|variante|opción|forma) (?:más )?(?:fácil|sencilla|suave|ligera)\b"
        r"|\bmás (?:fácil|fáciles|sencillo|sencilla|suave|ligero)\b|\bpara principiantes\b",
    ),
    (
        Aspect.HARDER,
        r"\b(?:una )?(?:versión|variante|opción|forma) (?:más )?(?:difícil|dura|exigente"
        r"|avanzada)\b|\bmás (?:difícil|difíciles|duro|dura|exigente|avanzado|intenso)\b"
        r"|\bdemasiado fácil\b|\bprogresión\b",
    ),
    (
        Aspect.SAFETY,
        r"\b(?:seguro|segura|seguridad|peligroso|peligrosa|arriesgado|riesgos?|lesión"
        r"|lesiones)\b",
    ),
    (
        Aspect.TEMPO,
        r"\b(?:el )?(?:ritmo|velocidad|cadencia)\b|\b(?:qué tan|cuán|a qué velocidad|cómo de)"
        r" (?:rápido|lento)\b",
    ),
    (
        Aspect.DOSE,
        r"\bcuánt(?:as|os)(?: (?:repeticiones|series|veces|reps))?(?: (?:hago|debo hacer"
        r"|tengo que hacer|hay que hacer))?\b|\b(?:repeticiones|series y repeticiones)\b",
    ),
    (
        Aspect.CUES,
        r"\b(?:las )?(?:claves|pistas|puntos clave|indicaciones)\b"
        r"|\ben qué (?:me fijo|debo fijarme|tengo que fijarme)\b",
    ),
    (
        Aspect.FORM,
        r"\b(?:la )?(?:buena |correcta )?(?:técnica|postura|ejecución)(?: correcta)?\b"
        r"|\b(?:la )?forma correcta\b",
    ),
    (
        Aspect.SETUP,
        r"\b(?:la )?posición (?:inicial|de (?:inicio|partida|salida))\b"
        r"|\bcómo (?:empiezo|me coloco|me pongo)\b",
    ),
    (Aspect.STEPS, r"\b(?:los )?pasos\b|\bpaso a paso\b"),
)
_FRENCH: tuple[tuple[Aspect, str], ...] = (
    (
        Aspect.LANDING,
        r"\bcomment (?:atterrir|j'atterris|on atterrit|retomber|je retombe|on retombe"
        r"|se réceptionner|me réceptionner)\b|\b(?:l')?(?:atterrissages?|réceptions?)\b"
        r"|\batterrir\b",
    ),
    (
        Aspect.MISTAKES,
        r"\b(?:les )?(?:erreurs?|fautes?)(?: (?:courantes|fréquentes|classiques|typiques"
        r"|à éviter))?\b|\bqu'est ce que je fais (?:mal|de travers)\b"
        r"|\b(?:qu'est )?ce qu'il ne faut pas faire\b",
    ),
    (
        Aspect.EASIER,
        r"\b(?:une )?(?:version|variante|option) (?:plus )?(?:facile|simple|douce|légère)\b"
        r"|\bplus (?:faciles?|simples?|doux|douces?|légers?|légères?)\b|\bpour débutants?\b",
    ),
    (
        Aspect.HARDER,
        r"\b(?:une )?(?:version|variante|option) (?:plus )?(?:difficile|dure|avancée|exigeante"
        r"|corsée)\b|\bplus (?:difficiles?|durs?|dures?|corsés?|exigeants?|avancés?|intenses?)\b"
        r"|\btrop facile\b",
    ),
    (
        Aspect.SAFETY,
        r"\b(?:sans danger|sans risque|dangereux|dangereuse|risqué|risques?|sécurité"
        r"|blessures?)\b",
    ),
    (
        Aspect.TEMPO,
        r"\b(?:le |la )?(?:rythme|vitesse|cadence)\b|\bà quel(?:le)? (?:vitesse|rythme)\b",
    ),
    (
        Aspect.DOSE,
        r"\bcombien(?: de)?(?: (?:répétitions|séries|reps|fois|tours))?(?: (?:je dois faire"
        r"|faut il faire|dois je faire|faire|j'en fais))?\b|\b(?:les )?répétitions\b",
    ),
    (
        Aspect.CUES,
        r"\b(?:les )?(?:consignes|points clés|repères|indications)\b"
        r"|\b(?:sur quoi|à quoi) (?:je dois |dois je |faut il )?(?:me concentrer|insister"
        r"|faire attention)\b",
    ),
    (Aspect.FORM, r"\b(?:la )?(?:bonne )?(?:posture|exécution|forme)\b"),
    (
        Aspect.SETUP,
        r"\b(?:la )?position (?:de départ|initiale)\b|\bmise en place\b"
        r"|\bcomment (?:je )?(?:commence|me place|me mets en place)\b",
    ),
    (Aspect.STEPS, r"\b(?:les )?étapes\b|\bétape par étape\b"),
)
_RUSSIAN: tuple[tuple[Aspect, str], ...] = (
    (
        Aspect.LANDING,
        r"\bкак (?:правильно )?приземля\w*|\bприземлени\w*|\bприземляться\b",
    ),
    (
        Aspect.MISTAKES,
        r"\b(?:типичные |частые |основные |главные |распространённые )?ошиб(?:ки|ок|ка|ках)\b"
        r"|\bчто я делаю не так\b|\bчего (?:не надо|нельзя|не нужно) делать\b",
    ),
    (
        Aspect.EASIER,
        r"\b(?:по)?(?:легче|проще)\b|\bоблегч\w*(?: (?:вариант|версия|версию))?"
        r"|\b(?:лёгк|прост)\w* (?:вариант|версия|версию)\b|\bдля (?:начинающих|новичков)\b",
    ),
    (
        Aspect.HARDER,
        r"\b(?:по)?(?:сложнее|тяжелее|труднее)\b|\b(?:усложн|утяжел)\w*"
        r"(?: (?:вариант|версия|версию))?|\b(?:сложн|тяжёл|продвинут)\w* (?:вариант|версия"
        r"|версию)\b|\bслишком (?:легко|просто)\b",
    ),
    (Aspect.SAFETY, r"\b(?:безопасн|опасн|травм|риск)\w*"),
    (Aspect.TEMPO, r"\b(?:темп|скорост|ритм)\w*|\bкак быстро\b"),
    (
        Aspect.DOSE,
        r"\bсколько(?: (?:повторений|подходов|раз|повторов))?(?: (?:делать|нужно делать"
        r"|надо делать))?\b|\bповторени\w*|\bподход(?:ы|ов|а)\b",
    ),
    (
        Aspect.CUES,
        r"\b(?:подсказки|ключевые моменты|важные моменты)\b"
        r"|\bна что (?:обращать|обратить|смотреть)(?: внимание)?\b",
    ),
    (Aspect.FORM, r"\b(?:правильная |правильную )?(?:техник|форм)\w*(?: выполнения)?"),
    (
        Aspect.SETUP,
        r"\b(?:исходное|начальное|стартовое) положение\b|\bисходн\w* позици\w*"
        r"|\bс чего начать\b|\bкак встать\b",
    ),
    (Aspect.STEPS, r"\bпо шагам\b|\bпошагово\b|\bшаги\b"),
)
_PATTERNS: dict[str, tuple[tuple[Aspect, str], ...]] = {
    "en": _ENGLISH,
    "de": _GERMAN,
    "es": _SPANISH,
    "fr": _FRENCH,
    "ru": _RUSSIAN,
}
_ORDER = tuple(aspect for aspect, _ in _ENGLISH)
# Compiled at their first use: the bot's start does not wait for them.
_COMPILED = tuple(
    (
        aspect,
        LazyPattern(
            "|".join(
                "(?:" + strip_marks(pattern) + ")"
                for table in _PATTERNS.values()
                for named, pattern in table
                if named is aspect
            )
        ),
    )
    for aspect in _ORDER
)
# "make X easier", "making the hops harder", "rendre les fentes plus faciles": the verb
# goes with the aspect.
_MAKE = LazyPattern(r"\b(?:make|making|made|machen|mache|rendre|rends|hacer(?:lo|la|los|las)?)\b")
_LANDING_WORDS = LazyPattern(
    r"\b(?:land(?:s|ed|ing|ings)?|touch (?:the ground|down)|ground|contacts?|come down"
    r"|forefoot|balls of your feet|quiet feet|foot down)\b",
    re.IGNORECASE,
)


def find_aspect(folded: str) -> tuple[Aspect | None, str]:
    """The aspect the folded text asks about and the text with its phrase cut out, or
    (None, the text unchanged)."""
    for aspect, pattern in _COMPILED:
        found = pattern.search(folded)
        if found is None or not found.group(0).strip():
            continue
        rest = folded[: found.start()] + " " + folded[found.end() :]
        if aspect in (Aspect.EASIER, Aspect.HARDER):
            rest = _MAKE.sub(" ", rest)
        return aspect, " ".join(rest.split())
    return None, folded


def landing_lines(exercise: Exercise) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """What the exercise's own lines say about landing: its steps and cues that speak of
    it (what to do), and its mistakes that do (what to avoid), kept apart so a mistake
    is never read as an instruction. Both empty for an exercise without landings."""
    do = tuple(line for line in (*exercise.steps, *exercise.cues) if _LANDING_WORDS.search(line))
    avoid = tuple(line for line in exercise.mistakes if _LANDING_WORDS.search(line))
    return do, avoid
