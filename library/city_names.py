"""Places runners name for their time zone that the IANA database does not spell: big
cities without a zone of their own ("NYC", "Munich"), and cities as the coach's other
languages write them ("München", "Nueva York", "Genève", "Москва", "в Москве"), with
the words said before a place in each language ("ich wohne in", "vivo en", "j'habite
à", "я живу в"). Read by :func:`library.schedule_text.find_timezone`; data only.
"""

from __future__ import annotations

import re

from library.question_words import strip_marks


def plain(name: str) -> str:
    """Case-folded, accents gone (ё as е, й as и): how the tables below are keyed."""
    return strip_marks(name.casefold()).strip()


def _cities(zone: str, *names: str) -> dict[str, str]:
    return {plain(name): zone for name in names}


CITY_ALIASES: dict[str, str] = {
    **_cities(
        "America/New_York",
        *("nyc", "boston", "washington", "miami", "atlanta", "philadelphia"),
        *("new york city", "nueva york", "nouvelle-york", "нью-йорк", "нью-йорке"),
    ),
    **_cities("America/Los_Angeles", "san francisco", "sf", "la", "seattle", "portland"),
    **_cities("America/Chicago", "houston", "dallas", "austin"),
    **_cities("America/Toronto", "montreal", "montréal", "québec", "quebec"),
    **_cities("America/Mexico_City", "ciudad de méxico", "cdmx", "méxico df", "guadalajara"),
    **_cities("America/Bogota", "bogotá", "medellín", "cali"),
    **_cities("America/Guayaquil", "quito"),
    **_cities("America/Sao_Paulo", "rio", "rio de janeiro", "río de janeiro"),
    **_cities(
        "Europe/Berlin",
        *("munich", "hamburg", "frankfurt", "cologne", "münchen", "köln", "stuttgart"),
        *("düsseldorf", "leipzig", "dresden", "hannover", "nürnberg", "bremen", "múnich"),
        *("berlín", "берлин", "берлине", "мюнхен", "мюнхене"),
    ),
    **_cities("Europe/Vienna", "wien", "graz", "salzburg", "innsbruck", "viena", "вена", "вене"),
    **_cities(
        "Europe/Zurich",
        *("geneva", "genf", "genève", "ginebra", "zürich", "bern", "basel", "bâle"),
        *("lausanne", "цюрих", "женева"),
    ),
    **_cities(
        "Europe/London",
        *("manchester", "edinburgh", "glasgow", "birmingham", "uk", "england"),
        *("london time", "londres", "лондон", "лондоне"),
    ),
    **_cities(
        "Europe/Madrid",
        *("barcelona", "sevilla", "seville", "valencia", "bilbao", "zaragoza", "málaga"),
        *("мадрид", "мадриде", "барселона", "барселоне"),
    ),
    **_cities("Atlantic/Canary", "tenerife", "las palmas", "gran canaria", "canarias"),
    **_cities(
        "Europe/Paris",
        *("lyon", "marseille", "toulouse", "bordeaux", "lille", "nantes", "nice"),
        *("strasbourg", "parís", "париж", "париже"),
    ),
    **_cities("Europe/Brussels", "bruxelles", "brüssel", "bruselas", "liège", "anvers"),
    **_cities("Europe/Rome", "milan", "milano", "mailand", "milán", "rom", "roma", "рим"),
    **_cities("Europe/Lisbon", "lisboa", "lissabon", "lisbonne", "porto"),
    **_cities("Europe/Warsaw", "warschau", "varsovia", "varsovie", "варшава", "варшаве"),
    **_cities("Europe/Prague", "prag", "praga", "прага", "праге"),
    **_cities(
        "Europe/Moscow",
        *("moskau", "moscú", "moscou", "москва", "москве", "мск", "st petersburg"),
        *("sankt petersburg", "san petersburgo", "saint-pétersbourg", "санкт-петербург"),
        *("санкт-петербурге", "петербург", "петербурге", "питер", "питере", "спб"),
        *("казань", "казани", "нижний новгород", "нижнем новгороде", "ростов-на-дону"),
        *("ростове", "краснодар", "краснодаре", "сочи", "воронеж", "воронеже"),
    ),
    **_cities("Europe/Kaliningrad", "калининград", "калининграде"),
    **_cities("Europe/Samara", "самара", "самаре"),
    **_cities("Europe/Volgograd", "волгоград", "волгограде"),
    **_cities(
        "Asia/Yekaterinburg",
        *("екатеринбург", "екатеринбурге", "челябинск", "челябинске", "уфа", "уфе"),
        *("пермь", "перми", "тюмень", "тюмени"),
    ),
    **_cities("Asia/Omsk", "омск", "омске"),
    **_cities("Asia/Novosibirsk", "новосибирск", "новосибирске"),
    **_cities("Asia/Krasnoyarsk", "красноярск", "красноярске"),
    **_cities("Asia/Irkutsk", "иркутск", "иркутске"),
    **_cities("Asia/Vladivostok", "владивосток", "владивостоке"),
    **_cities("Europe/Minsk", "минск", "минске"),
    **_cities("Europe/Kyiv", "kiew", "киев", "киеве", "київ"),
    **_cities("Europe/Chisinau", "кишинев", "кишиневе"),
    **_cities("Europe/Riga", "рига", "риге"),
    **_cities("Europe/Vilnius", "вильнюс", "вильнюсе"),
    **_cities("Europe/Tallinn", "таллин", "таллине", "таллинн", "таллинне"),
    **_cities("Asia/Almaty", "алматы", "астана", "астане"),
    **_cities("Asia/Tashkent", "ташкент", "ташкенте"),
    **_cities("Asia/Bishkek", "бишкек", "бишкеке"),
    **_cities("Asia/Tbilisi", "тбилиси"),
    **_cities("Asia/Yerevan", "ереван", "ереване"),
    **_cities("Asia/Baku", "баку"),
    **_cities("Asia/Jerusalem", "тель-авив", "тель-авиве"),
    **_cities("Africa/Algiers", "alger", "argel"),
    **_cities("Asia/Kolkata", "mumbai", "delhi", "new delhi", "bangalore", "neu-delhi"),
    **_cities("Asia/Shanghai", "beijing", "peking", "pekín", "pékin", "пекин"),
    **_cities("Asia/Tokyo", "osaka", "tokio", "токио"),
    **_cities("Africa/Johannesburg", "cape town"),
}

# "I live in", "ich wohne in", "vivo en", "j'habite à", "я живу в": said before the
# place, not part of it.
PLACE_PHRASE = re.compile(
    r"^(?:"
    r"(?:(?:i|we)(?:\s*'m|\s*'re|\s+am|\s+are)?\s+)?"
    r"(?:(?:live|living|based|located|staying|currently|now)\s+)*(?:in|near|at|around|from)"
    r"|(?:ich\s+)?(?:wohne|lebe|bin|sitze)(?:\s+(?:gerade|jetzt|zurzeit))?\s+(?:in|bei)"
    r"|(?:yo\s+)?(?:vivo|estoy|resido)\s+en|soy\s+de|en"
    r"|(?:j'|je\s+)(?:habite|vis|suis)\s+(?:à|a|en|au)|(?:j'habite|je\s+vis)|à"
    r"|(?:я\s+)?(?:живу|нахожусь|сейчас)\s+(?:в|во)|я\s+(?:в|из)|в|во|из"
    r")\s+",
    re.IGNORECASE,
)
