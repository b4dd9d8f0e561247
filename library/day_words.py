"""The words runners use for days, clock times and spans of time, per language: the
tables that library/schedule_text.py and library/run_text.py read schedules and runs
with ("Di Do 6:30", "mar jue 6:30", "вт чт 6:30", "morgen um 7", "через 2 часа").

Data only, written as people spell it (accents, й, ё); the readers compare it with the
input after :func:`fold_marks` has made both the same: lower case, marks gone.

One idea: the vocabulary of days and times, the five languages side by side so a word
added to one is easily checked against the others; no logic but building the tables.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum

from library.languages import Language
from library.question_words import strip_marks

WEEKDAYS = (0, 1, 2, 3, 4)
EVERY_DAY = (0, 1, 2, 3, 4, 5, 6)
WEEKEND = (5, 6)


def fold_marks(text: str) -> str:
    """Lower case, accents and other combining marks gone (é -> e, й -> и, ё -> е),
    curly apostrophes straight. Unlike library.matcher.fold it keeps '-', '/' and '&':
    they make day ranges and times."""
    return strip_marks(text).replace("\u2019", "'").replace("\u2018", "'").casefold()


class Clock(Enum):
    """What a spoken clock phrase makes of its hour ("halb 7" is 6:30)."""

    HALF_PAST = "half_past"  # "7 y media", "half past 7": 7:30
    HALF_BEFORE = "half_before"  # "halb 7": 6:30
    QUARTER_PAST = "quarter_past"  # "viertel nach 7", "7 et quart": 7:15
    QUARTER_TO = "quarter_to"  # "viertel vor 7", "7 menos cuarto": 6:45


@dataclass(frozen=True, slots=True)
class DayWords:
    """One language's words for days and times.

    ``group_phrases`` map a phrase of several words to one of the English group words
    ("jeden tag" -> "daily"); ``clock`` phrases hold ``{h}`` where the hour stands;
    ``hour_words`` follow an hour ("6 Uhr 30", "7 heures", "в 19 часов").
    """

    days: Mapping[str, int]
    groups: Mapping[str, tuple[int, ...]] = field(default_factory=dict)
    group_phrases: Mapping[str, str] = field(default_factory=dict)
    range_words: tuple[str, ...] = ()
    joins: tuple[str, ...] = ()
    fillers: tuple[str, ...] = ()
    numbers: Mapping[str, int] = field(default_factory=dict)
    clock: tuple[tuple[str, Clock], ...] = ()
    hour_words: tuple[str, ...] = ()
    minute_words: tuple[str, ...] = ()
    morning_words: tuple[str, ...] = ()
    evening_words: tuple[str, ...] = ()
    noon_words: tuple[str, ...] = ()
    midnight_words: tuple[str, ...] = ()


def _week(*names: str) -> dict[str, int]:
    """Seven strings, Monday first, each the words for that day."""
    return {word: day for day, words in enumerate(names) for word in words.split()}


def _groups(
    every_day: str = "", weekdays: str = "", weekend: str = ""
) -> dict[str, tuple[int, ...]]:
    """The words for every day, for Monday to Friday and for the weekend."""
    return {
        word: days
        for words, days in ((every_day, EVERY_DAY), (weekdays, WEEKDAYS), (weekend, WEEKEND))
        for word in words.split()
    }


def _numbers(words: str) -> dict[str, int]:
    """'one two three' -> {'one': 1, 'two': 2, 'three': 3}."""
    return {word: number for number, word in enumerate(words.split(), start=1)}


def _declined(stems: Mapping[str, int], endings: str) -> dict[str, int]:
    """Every case form of Russian day names: stem + each ending ('-' for none)."""
    return {
        stem + ending.strip("-"): day for stem, day in stems.items() for ending in endings.split()
    }


_RU_DAYS = {
    **_week("пн", "вт", "ср", "чт", "пт", "сб", "вс вск"),
    **_declined({"понедельник": 0, "вторник": 1, "четверг": 3}, "- а у ом е и ов ам ами ах"),
    **_declined({"сред": 2, "пятниц": 4, "суббот": 5}, "- а ы е у ой ою ей ам ами ах"),
    **_declined({"воскресень": 6}, "е я ю ем и ям ями ях"),
    "воскресений": 6,
}

DAY_WORDS: dict[Language, DayWords] = {
    Language.EN: DayWords(
        days=_week(
            "mon monday mo",
            "tue tues tuesday tu",
            "wed weds wednesday we",
            "thu thur thurs thursday th",
            "fri friday fr",
            "sat saturday sa",
            "sun sunday su",
        ),
        groups=_groups("daily everyday all", "weekdays weekday workdays", "weekends weekend"),
        group_phrases={
            "every day": "daily",
            "each day": "daily",
            "all week": "daily",
            "week days": "weekdays",
        },
        range_words=("to", "through", "thru", "till", "until"),
        joins=("and",),
        fillers=(
            *("at", "on", "and", "every", "each", "around", "about", "i", "my", "then"),
            *("plus", "also", "run", "runs", "running"),
        ),
        numbers=_numbers("one two three four five six seven eight nine ten eleven twelve"),
        clock=(
            ("half past {h}", Clock.HALF_PAST),
            ("half {h}", Clock.HALF_PAST),
            ("quarter past {h}", Clock.QUARTER_PAST),
            ("quarter to {h}", Clock.QUARTER_TO),
        ),
        hour_words=("o'clock", "oclock"),
        noon_words=("noon", "midday"),
    ),
    Language.DE: DayWords(
        days=_week(
            "mo montag",
            "di dienstag",
            "mi mittwoch",
            "do donnerstag",
            "fr freitag",
            "sa samstag sonnabend",
            "so sonntag",
        ),
        groups=_groups(
            "täglich",
            "werktags werktage werktagen wochentags wochentage wochentagen",
            "wochenende wochenenden",
        ),
        group_phrases={
            "jeden tag": "daily",
            "alle tage": "daily",
            "die ganze woche": "daily",
            "unter der woche": "weekdays",
        },
        range_words=("bis",),
        joins=("und", "sowie"),
        fillers=(
            *("um", "und", "am", "an", "den", "jeden", "jede", "jeweils", "immer", "ich"),
            *("wir", "laufe", "laufen", "lauf", "jogge", "joggen", "gegen", "ca", "circa"),
            *("etwa", "von", "ab", "uhr", "morgens", "abends", "früh", "vormittags"),
            *("nachmittags", "dann", "sowie", "auch", "zwar", "gehe"),
        ),
        numbers=_numbers("eins zwei drei vier fünf sechs sieben acht neun zehn elf zwölf"),
        clock=(
            ("halb {h}", Clock.HALF_BEFORE),
            ("viertel nach {h}", Clock.QUARTER_PAST),
            ("viertel vor {h}", Clock.QUARTER_TO),
            ("dreiviertel {h}", Clock.QUARTER_TO),
        ),
        hour_words=("uhr", "h"),
        minute_words=("min", "minuten", "minute"),
        morning_words=("morgens", "früh", "vormittags", "am morgen"),
        evening_words=("abends", "am abend", "nachmittags", "am nachmittag", "nachts"),
        midnight_words=("mitternacht",),
    ),
    Language.ES: DayWords(
        days=_week(
            "lun lunes l",
            "mar martes m",
            "mié mier miércoles x",
            "jue jueves j",
            "vie viernes v",
            "sáb sábado s",
            "dom domingo d",
        ),
        groups=_groups("diario diariamente", "laborables", "finde findes"),
        group_phrases={
            "todos los días": "daily",
            "cada día": "daily",
            "toda la semana": "daily",
            "entre semana": "weekdays",
            "días laborables": "weekdays",
            "días de semana": "weekdays",
            "los fines de semana": "weekends",
            "fines de semana": "weekends",
            "fin de semana": "weekends",
        },
        range_words=("a", "al", "hasta"),
        joins=("y", "e"),
        fillers=(
            *("a", "las", "la", "el", "los", "y", "e", "de", "del", "al", "cada", "todos"),
            *("corro", "salgo", "correr", "sobre", "hacia", "eso", "por", "mañana"),
            *("tarde", "noche", "también", "yo", "luego", "temprano"),
        ),
        numbers=_numbers("una dos tres cuatro cinco seis siete ocho nueve diez once doce")
        | {"uno": 1},
        clock=(
            ("{h} y media", Clock.HALF_PAST),
            ("{h} y cuarto", Clock.QUARTER_PAST),
            ("{h} menos cuarto", Clock.QUARTER_TO),
        ),
        hour_words=("h", "hs", "horas"),
        minute_words=("min", "minutos", "minuto"),
        morning_words=("de la mañana", "por la mañana", "de la madrugada"),
        evening_words=("de la tarde", "por la tarde", "de la noche", "por la noche"),
        noon_words=("mediodía",),
        midnight_words=("medianoche",),
    ),
    Language.FR: DayWords(
        days=_week(
            "lun lundi",
            "mar mardi",
            "mer mercredi",
            "jeu jeudi",
            "ven vendredi",
            "sam samedi",
            "dim dimanche",
        ),
        groups=_groups("quotidien quotidiennement", "", "week-end week-ends"),
        group_phrases={
            "tous les jours": "daily",
            "chaque jour": "daily",
            "toute la semaine": "daily",
            "en semaine": "weekdays",
            "jours de semaine": "weekdays",
            "jours ouvrables": "weekdays",
        },
        range_words=("à", "au", "jusqu'à", "jusqu'au"),
        joins=("et",),
        fillers=(
            *("à", "au", "aux", "et", "le", "les", "la", "l", "de", "du", "chaque", "tous"),
            *("toutes", "vers", "je", "cours", "courir", "on", "court", "matin", "soir"),
            *("après-midi", "l'après-midi", "puis", "aussi", "nous", "courons", "environ"),
        ),
        numbers=_numbers("une deux trois quatre cinq six sept huit neuf dix onze douze"),
        clock=(
            ("{h} heures et demie", Clock.HALF_PAST),
            ("{h} heure et demie", Clock.HALF_PAST),
            ("{h} h et demie", Clock.HALF_PAST),
            ("{h} et demie", Clock.HALF_PAST),
            ("{h} heures et quart", Clock.QUARTER_PAST),
            ("{h} h et quart", Clock.QUARTER_PAST),
            ("{h} et quart", Clock.QUARTER_PAST),
            ("{h} heures moins le quart", Clock.QUARTER_TO),
            ("{h} h moins le quart", Clock.QUARTER_TO),
            ("{h} moins le quart", Clock.QUARTER_TO),
            ("{h} moins quart", Clock.QUARTER_TO),
        ),
        hour_words=("h", "heures", "heure"),
        minute_words=("min", "minutes", "minute"),
        morning_words=("du matin", "le matin"),
        evening_words=("du soir", "le soir", "de l'après-midi", "l'après-midi"),
        noon_words=("midi",),
        midnight_words=("minuit",),
    ),
    Language.RU: DayWords(
        days=_RU_DAYS,
        groups=_groups(
            "ежедневно", "будни будням буднях будние", "выходные выходным выходных выходными"
        ),
        group_phrases={
            "каждый день": "daily",
            "все дни": "daily",
            "всю неделю": "daily",
            "будние дни": "weekdays",
            "будним дням": "weekdays",
            "рабочие дни": "weekdays",
            "рабочим дням": "weekdays",
        },
        range_words=("по", "до"),
        joins=("и",),
        fillers=(
            *("в", "во", "по", "и", "а", "также", "каждый", "каждую", "каждое", "каждые"),
            *("около", "примерно", "бегаю", "бегать", "бегу", "я", "мы", "с", "со", "на"),
            *("утром", "вечером", "днём", "тоже", "часов", "часа"),
        ),
        numbers=_numbers(
            "один два три четыре пять шесть семь восемь девять десять одиннадцать двенадцать"
        ),
        hour_words=("ч", "час", "часа", "часов"),
        minute_words=("мин", "минут", "минуты", "минуту"),
        morning_words=("утра", "утром"),
        evening_words=("вечера", "вечером", "дня"),
        noon_words=("полдень",),
        midnight_words=("полночь",),
    ),
}


@dataclass(frozen=True, slots=True)
class RunWords:
    """One language's words for a single run: the relative days ("morgen": 1), the
    phrases that say evening or morning (each with what is left of it: "esta tarde" ->
    "hoy"), words that mean nothing there, month names, the openings that plainly
    announce a run (regexes written folded, with a ``rest`` group) and the words of a
    span from now ("через 2 часа": an opening, and phrases said the English way)."""

    relative: Mapping[str, int]
    evening: Mapping[str, str]
    morning: Mapping[str, str]
    fillers: tuple[str, ...]
    months: Mapping[str, int]
    announce: tuple[str, ...]
    within: tuple[str, ...]
    span_phrases: Mapping[str, str]
    span_numbers: Mapping[str, int]


def _months(*names: str) -> dict[str, int]:
    """Twelve strings, January first, each the words for that month."""
    return {word: month for month, words in enumerate(names, start=1) for word in words.split()}


def _span_numbers(words: str, *extra: tuple[str, int]) -> dict[str, int]:
    """Two to six, then ten, fifteen, twenty, thirty, forty, fifty."""
    numbers = (2, 3, 4, 5, 6, 10, 15, 20, 30, 40, 50)
    return dict(zip(words.split(), numbers, strict=True)) | dict(extra)


RUN_WORDS: dict[Language, RunWords] = {
    Language.DE: RunWords(
        relative={"heute": 0, "morgen": 1, "übermorgen": 2},
        evening={
            "heute abend": "heute",
            "heute nachmittag": "heute",
            "am abend": "",
            "abends": "",
            "abend": "",
            "am nachmittag": "",
            "nachmittags": "",
            "nachmittag": "",
        },
        morning={
            "heute morgen": "heute",
            "heute früh": "heute",
            "heute vormittag": "heute",
            "am morgen": "",
            "morgens": "",
            "früh": "",
            "vormittags": "",
        },
        fillers=(
            *("um", "am", "an", "den", "nächsten", "nächster", "kommenden", "kommender"),
            *("diesen", "dieser", "gegen", "ca", "etwa", "so"),
        ),
        months=_months(
            "januar jan jänner",
            "februar feb",
            "märz mär mrz",
            "april apr",
            "mai",
            "juni jun",
            "juli jul",
            "august aug",
            "september sep sept",
            "oktober okt",
            "november nov",
            "dezember dez",
        ),
        announce=(
            r"^\s*(?:ich\s+)?(?:laufe|renne|jogge|gehe\s+laufen|geh\s+laufen|gehe\s+joggen)"
            r"\b(?P<rest>.*?)[.!]?\s*$",
            r"^\s*(?:ich\s+)?(?:gehe|geh|werde)\b(?P<rest>.*?)\s+(?:laufen|joggen)[.!]?\s*$",
        ),
        within=("in",),
        span_phrases={
            "anderthalb stunden": "90 min",
            "eineinhalb stunden": "90 min",
            "zweieinhalb stunden": "150 min",
            "einer halben stunde": "30 min",
            "halben stunde": "30 min",
            "einer viertelstunde": "15 min",
            "viertelstunde": "15 min",
            "einer stunde": "an hour",
            "stunden": "hours",
            "stunde": "hour",
            "std": "h",
            "minuten": "min",
            "minute": "min",
            "und": "and",
        },
        span_numbers=_span_numbers(
            "zwei drei vier fünf sechs zehn fünfzehn zwanzig dreißig vierzig fünfzig",
            ("fünfundvierzig", 45),
        ),
    ),
    Language.ES: RunWords(
        relative={"hoy": 0, "mañana": 1, "pasado mañana": 2},
        evening={
            "esta tarde": "hoy",
            "esta noche": "hoy",
            "por la tarde": "",
            "por la noche": "",
            "de la tarde": "",
            "de la noche": "",
            "en la tarde": "",
            "en la noche": "",
        },
        morning={
            "esta mañana": "hoy",
            "por la mañana": "",
            "de la mañana": "",
            "en la mañana": "",
        },
        fillers=(
            *("a", "las", "la", "el", "los", "de", "este", "esta", "próximo", "próxima"),
            *("que viene", "sobre", "hacia", "eso", "para"),
        ),
        months=_months(
            "enero ene",
            "febrero feb",
            "marzo mar",
            "abril abr",
            "mayo may",
            "junio jun",
            "julio jul",
            "agosto ago",
            "septiembre setiembre sep sept",
            "octubre oct",
            "noviembre nov",
            "diciembre dic",
        ),
        announce=(
            r"^\s*(?:yo\s+)?(?:voy\s+a\s+(?:salir\s+a\s+)?(?:correr|trotar)|salgo\s+a\s+"
            r"(?:correr|trotar)|saldre\s+a\s+correr|corro|correre|me\s+voy\s+a\s+correr)"
            r"\b(?P<rest>.*?)[.!]?\s*$",
        ),
        within=("en", "dentro de"),
        span_phrases={
            "una hora y media": "90 min",
            "hora y media": "90 min",
            "media hora": "30 min",
            "un cuarto de hora": "15 min",
            "cuarto de hora": "15 min",
            "y media": "and a half",
            "horas": "hours",
            "hora": "hour",
            "minutos": "min",
            "minuto": "min",
            "una": "an",
            "un": "an",
            "y": "and",
        },
        span_numbers=_span_numbers(
            "dos tres cuatro cinco seis diez quince veinte treinta cuarenta cincuenta",
            ("cuarenta y cinco", 45),
        ),
    ),
    Language.FR: RunWords(
        relative={"aujourd'hui": 0, "aujourdhui": 0, "demain": 1, "après-demain": 2},
        evening={
            "ce soir": "aujourd'hui",
            "cet après-midi": "aujourd'hui",
            "le soir": "",
            "du soir": "",
            "soir": "",
            "l'après-midi": "",
            "après-midi": "",
        },
        morning={"ce matin": "aujourd'hui", "le matin": "", "du matin": "", "matin": ""},
        fillers=("à", "le", "la", "ce", "cet", "prochain", "prochaine", "vers", "du"),
        months=_months(
            "janvier janv",
            "février févr fév",
            "mars",
            "avril avr",
            "mai",
            "juin",
            "juillet juil",
            "août",
            "septembre sept",
            "octobre oct",
            "novembre nov",
            "décembre déc",
        ),
        announce=(
            r"^\s*(?:je\s+|j'|on\s+|nous\s+)?(?:vais\s+(?:aller\s+)?courir|va\s+courir|"
            r"pars\s+courir|sors\s+courir|cours|court|courons|courrai|irai\s+courir|"
            r"vais\s+faire\s+(?:un\s+footing|un\s+jogging|une\s+sortie))"
            r"\b(?P<rest>.*?)[.!]?\s*$",
        ),
        within=("dans", "d'ici"),
        span_phrases={
            "une heure et demie": "90 min",
            "heure et demie": "90 min",
            "une demi-heure": "30 min",
            "une demi heure": "30 min",
            "demi-heure": "30 min",
            "un quart d'heure": "15 min",
            "quart d'heure": "15 min",
            "et demie": "and a half",
            "heures": "hours",
            "heure": "hour",
            "minutes": "min",
            "minute": "min",
            "une": "an",
            "un": "an",
            "et": "and",
        },
        span_numbers=_span_numbers(
            "deux trois quatre cinq six dix quinze vingt trente quarante cinquante",
            ("quarante-cinq", 45),
        ),
    ),
    Language.RU: RunWords(
        relative={"сегодня": 0, "завтра": 1, "послезавтра": 2},
        evening={"вечером": "", "вечера": "", "днём": ""},
        morning={"утром": "", "утра": ""},
        fillers=(
            *("в", "во", "на", "этот", "эту", "это", "следующий", "следующую"),
            *("следующее", "около", "к", "примерно"),
        ),
        months=_months(
            "января январь янв",
            "февраля февраль фев",
            "марта март мар",
            "апреля апрель апр",
            "мая май",
            "июня июнь июн",
            "июля июль июл",
            "августа август авг",
            "сентября сентябрь сен сент",
            "октября октябрь окт",
            "ноября ноябрь ноя",
            "декабря декабрь дек",
        ),
        announce=(
            r"^\s*(?:я\s+|мы\s+)?(?:побегу|бегу|побежим|бежим|буду\s+бегать|"
            r"(?:пойду|иду|выйду|пойдем|идем)\s+(?:бегать|на\s+пробежку))"
            r"\b(?P<rest>.*?)[.!]?\s*$",
        ),
        within=("через",),
        span_phrases={
            "полтора часа": "90 min",
            "полчаса": "30 min",
            "четверть часа": "15 min",
            "с половиной": "and a half",
            "часов": "hours",
            "часа": "hours",
            "час": "hour",
            "минуты": "min",
            "минуту": "min",
            "минут": "min",
            "мин": "min",
            "ч": "h",
            "и": "and",
        },
        span_numbers=_span_numbers(
            "два три четыре пять шесть десять пятнадцать двадцать тридцать сорок пятьдесят",
            ("сорок пять", 45),
            ("две", 2),
        ),
    ),
}
