"""Schedules and one-off runs written in German, Spanish, French and Russian
(library/schedule_text.py, library/run_text.py with their ``language``; the words are
library/day_words.py's): the phrasings runners use, the small talk that must not become
a schedule or a run, and the short day names that mean a day in one language only."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from library.day_words import DAY_WORDS, fold_marks
from library.languages import Language
from library.run_text import RunAt, RunError, parse_run, plain_run, plain_run_in, run_in
from library.schedule_text import (
    ScheduleError,
    ScheduleProblem,
    parse_days,
    parse_lead,
    parse_time,
    parse_week,
)

DE, ES, FR, RU, EN = Language.DE, Language.ES, Language.FR, Language.RU, Language.EN
T0630, T0700 = time(6, 30), time(7, 0)
WEEKDAYS = (0, 1, 2, 3, 4)
EVERY_DAY = (0, 1, 2, 3, 4, 5, 6)


def at(days: tuple[int, ...], when: time) -> dict[int, time]:
    return dict.fromkeys(days, when)


WEEKS: list[tuple[Language, str, dict[int, time]]] = [
    # German
    (DE, "Di Do 6:30", at((1, 3), T0630)),
    (DE, "Di und Do um 6.30 Uhr", at((1, 3), T0630)),
    (DE, "dienstags und donnerstags 6 Uhr 30", at((1, 3), T0630)),
    (DE, "Mo-Fr 7 Uhr", at(WEEKDAYS, T0700)),
    (DE, "Mo bis Fr um 7", at(WEEKDAYS, T0700)),
    (DE, "montags bis freitags um 7", at(WEEKDAYS, T0700)),
    (DE, "werktags 6:30, Sa 8 Uhr", {**at(WEEKDAYS, T0630), 5: time(8, 0)}),
    (DE, "jeden Tag um 7", at(EVERY_DAY, T0700)),
    (DE, "täglich 7:00", at(EVERY_DAY, T0700)),
    (DE, "am Wochenende um 9", at((5, 6), time(9, 0))),
    (DE, "Mi halb sieben", at((2,), T0630)),
    (DE, "Sa viertel nach 8", at((5,), time(8, 15))),
    (DE, "Fr viertel vor sieben", at((4,), time(6, 45))),
    (DE, "So um 7 Uhr abends", at((6,), time(19, 0))),
    (DE, "Di, Do 18 Uhr", at((1, 3), time(18, 0))),
    (DE, "Mo. Mi. Fr. 7:15", at((0, 2, 4), time(7, 15))),
    (DE, "Montag, Mittwoch und Freitag um 6:45", at((0, 2, 4), time(6, 45))),
    (DE, "Di Do 6:30 und Sa 8:00", {1: T0630, 3: T0630, 5: time(8, 0)}),
    (DE, "ich laufe dienstags um 18:30", at((1,), time(18, 30))),
    (DE, "Samstag und Sonntag um 9 Uhr morgens", at((5, 6), time(9, 0))),
    # Spanish
    (ES, "mar jue 6:30", at((1, 3), T0630)),
    (ES, "martes y jueves a las 6:30", at((1, 3), T0630)),
    (ES, "de lunes a viernes a las 7", at(WEEKDAYS, T0700)),
    (ES, "lun-vie 7:00", at(WEEKDAYS, T0700)),
    (ES, "entre semana a las 6:30 y el domingo a las 9", {**at(WEEKDAYS, T0630), 6: time(9, 0)}),
    (ES, "todos los días a las 7", at(EVERY_DAY, T0700)),
    (ES, "los sábados a las 8 de la mañana", at((5,), time(8, 0))),
    (ES, "fin de semana a las 9", at((5, 6), time(9, 0))),
    (ES, "los fines de semana a las 9:30", at((5, 6), time(9, 30))),
    (ES, "mié vie 19:00", at((2, 4), time(19, 0))),
    (ES, "mie y vie a las 19h", at((2, 4), time(19, 0))),
    (ES, "miércoles a las 7 y media", at((2,), time(7, 30))),
    (ES, "lunes 7 de la tarde", at((0,), time(19, 0))),
    (ES, "sáb a las siete", at((5,), T0700)),
    (ES, "domingo a las 8 menos cuarto", at((6,), time(7, 45))),
    (ES, "lunes, miércoles y viernes a las 6:45", at((0, 2, 4), time(6, 45))),
    (ES, "martes y jueves a las 6:30, sábado a las 8", {1: T0630, 3: T0630, 5: time(8, 0)}),
    (ES, "corro los martes a las 18:30", at((1,), time(18, 30))),
    (ES, "L X V 7:00", at((0, 2, 4), T0700)),
    (ES, "diario a las 6", at(EVERY_DAY, time(6, 0))),
    # French
    (FR, "mar jeu 6h30", at((1, 3), T0630)),
    (FR, "mardi et jeudi à 6h30", at((1, 3), T0630)),
    (FR, "du lundi au vendredi à 7h", at(WEEKDAYS, T0700)),
    (FR, "lundi à vendredi 7h", at(WEEKDAYS, T0700)),
    (FR, "en semaine à 18h", at(WEEKDAYS, time(18, 0))),
    (FR, "tous les jours à 7 heures", at(EVERY_DAY, T0700)),
    (FR, "le week-end à 9h", at((5, 6), time(9, 0))),
    (FR, "les mardis à 7h et demie", at((1,), time(7, 30))),
    (FR, "sam 8 heures du matin", at((5,), time(8, 0))),
    (FR, "mer 7h du soir", at((2,), time(19, 0))),
    (FR, "lun-ven 6h45", at(WEEKDAYS, time(6, 45))),
    (FR, "dimanche à midi", at((6,), time(12, 0))),
    (FR, "jeudi à 7 heures moins le quart", at((3,), time(6, 45))),
    (FR, "samedi à 8h et quart", at((5,), time(8, 15))),
    (FR, "lundi, mercredi et vendredi à 6h45", at((0, 2, 4), time(6, 45))),
    (FR, "mardi jeudi 6h30, samedi 8h", {1: T0630, 3: T0630, 5: time(8, 0)}),
    (FR, "je cours le mardi à 18:30", at((1,), time(18, 30))),
    (FR, "chaque jour à 6.30", at(EVERY_DAY, T0630)),
    (FR, "samedi et dimanche vers 9 h 30", at((5, 6), time(9, 30))),
    (FR, "ven à sept heures", at((4,), T0700)),
    # Russian
    (RU, "вт чт 6:30", at((1, 3), T0630)),
    (RU, "по вторникам и четвергам в 6:30", at((1, 3), T0630)),
    (RU, "в среду в 7", at((2,), T0700)),
    (RU, "вторник и четверг 18:00", at((1, 3), time(18, 0))),
    (RU, "пн-пт в 7 утра", at(WEEKDAYS, T0700)),
    (RU, "по будням в 6:30", at(WEEKDAYS, T0630)),
    (RU, "каждый день в 7", at(EVERY_DAY, T0700)),
    (RU, "ежедневно в 6.30", at(EVERY_DAY, T0630)),
    (RU, "по выходным в 9", at((5, 6), time(9, 0))),
    (RU, "в выходные в 10:00", at((5, 6), time(10, 0))),
    (RU, "с понедельника по пятницу в 7", at(WEEKDAYS, T0700)),
    (RU, "в субботу в 10 часов", at((5,), time(10, 0))),
    (RU, "в воскресенье в 7 вечера", at((6,), time(19, 0))),
    (RU, "пн, ср, пт 19:30", at((0, 2, 4), time(19, 30))),
    (RU, "по понедельникам в семь", at((0,), T0700)),
    (RU, "Вт, Чт в 6:30 и Сб в 8:00", {1: T0630, 3: T0630, 5: time(8, 0)}),
    (RU, "по пятницам в 18 ч", at((4,), time(18, 0))),
    (RU, "во вторник в 7 часов 30 минут", at((1,), time(7, 30))),
    (RU, "я бегаю по субботам в 9", at((5,), time(9, 0))),
    (RU, "понедельник, среда, пятница в 6:45", at((0, 2, 4), time(6, 45))),
]


@pytest.mark.parametrize(("language", "text", "times"), WEEKS)
def test_weeks_as_runners_write_them_in_their_language(
    language: Language, text: str, times: dict[int, time]
) -> None:
    answer = parse_week(text, language=language)
    assert dict(answer.times) == times
    assert answer.days == frozenset(times)
    assert answer.at is None


@pytest.mark.parametrize(
    ("language", "text", "days"),
    [
        (DE, "Di und Do", {1, 3}),
        (DE, "Mo-Fr", set(WEEKDAYS)),
        (DE, "werktags", set(WEEKDAYS)),
        (DE, "Sa, So", {5, 6}),
        (ES, "lunes a viernes", set(WEEKDAYS)),
        (ES, "martes y jueves", {1, 3}),
        (ES, "fin de semana", {5, 6}),
        (FR, "lundi au vendredi", set(WEEKDAYS)),
        (FR, "mardi et jeudi", {1, 3}),
        (FR, "tous les jours", set(EVERY_DAY)),
        (RU, "вторник и четверг", {1, 3}),
        (RU, "пн-пт", set(WEEKDAYS)),
        (RU, "выходные", {5, 6}),
        (RU, "среда пятница", {2, 4}),
        (FR, "sam.", {5}),  # an abbreviation's dot, as the cards write them
        (FR, "lun. mer. ven.", {0, 2, 4}),
        (DE, "Sa.", {5}),
        (ES, "mié.", {2}),
    ],
)
def test_day_lists_in_each_language(language: Language, text: str, days: set[int]) -> None:
    assert parse_days(text, language=language) == frozenset(days)
    assert parse_week(text, language=language).days == frozenset(days)


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        (DE, "6 Uhr 30", T0630),
        (DE, "um 7 Uhr abends", time(19, 0)),
        (DE, "halb sieben", T0630),
        (ES, "a las 7 de la tarde", time(19, 0)),
        (ES, "a las 6:30", T0630),
        (FR, "18h", time(18, 0)),
        (FR, "à 6h30", T0630),
        (RU, "в 6:30", T0630),
        (RU, "в 7 вечера", time(19, 0)),
    ],
)
def test_a_time_alone_in_each_language(language: Language, text: str, expected: time) -> None:
    assert parse_week(text, language=language).at == expected


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        (DE, "6 Uhr 30", T0630),
        (DE, "18 Uhr", time(18, 0)),
        (ES, "7 de la tarde", time(19, 0)),
        (FR, "18h", time(18, 0)),
        (FR, "7 heures", T0700),
        (RU, "19 часов", time(19, 0)),
        (EN, "18h", time(18, 0)),
    ],
)
def test_parse_time_reads_the_spoken_forms(language: Language, text: str, expected: time) -> None:
    assert parse_time(text, language=language) == expected


@pytest.mark.parametrize(
    ("language", "text"),
    [(DE, "15 Minuten"), (ES, "15 minutos"), (FR, "15 minutes"), (RU, "15 минут"), (EN, "15 min")],
)
def test_a_lead_in_each_language(language: Language, text: str) -> None:
    assert parse_lead(text, language=language) == 15


REFUSED: list[tuple[Language, str]] = [
    (DE, "links 12 rechts 15"),
    (DE, "wie geht's?"),
    (DE, "keine Ahnung"),
    (DE, "Danke!"),
    (DE, "wie mache ich hamstring humps?"),
    (DE, "Di Do irgendwann"),
    (ES, "izquierda 10 derecha 12"),
    (ES, "¿cómo se hace el ejercicio?"),
    (ES, "no sé"),
    (ES, "gracias"),
    (ES, "martes cuando pueda"),
    (FR, "gauche 10 droite 12"),
    (FR, "comment faire les fentes ?"),
    (FR, "je ne sais pas"),
    (FR, "merci beaucoup"),
    (FR, "mardi peut-être"),
    (RU, "левая 10 правая 12"),
    (RU, "как делать выпады?"),
    (RU, "не знаю"),
    (RU, "спасибо"),
    (RU, "среди недели"),
    (RU, "вторник когда получится"),
]


@pytest.mark.parametrize(("language", "text"), REFUSED)
def test_small_talk_is_not_a_schedule(language: Language, text: str) -> None:
    with pytest.raises(ScheduleError):
        parse_week(text, language=language)


@pytest.mark.parametrize(
    ("language", "text", "problem"),
    [
        (DE, "Di 6:30, Di 7:00", ScheduleProblem.DUPLICATE_DAY),
        (ES, "lunes 25:00", ScheduleProblem.NO_SUCH_TIME),
        (FR, "lundi 7h mercredi", ScheduleProblem.DAY_WITHOUT_TIME),
        (RU, "в 7 в 8 пн", ScheduleProblem.TIME_WITHOUT_DAYS),
        (RU, "пятничка в 7", ScheduleProblem.UNKNOWN_DAY),
    ],
)
def test_refusals_keep_their_reasons(
    language: Language, text: str, problem: ScheduleProblem
) -> None:
    with pytest.raises(ScheduleError) as refused:
        parse_week(text, language=language)
    assert refused.value.problem is problem


@pytest.mark.parametrize(
    ("word", "language", "day"),
    [("do", DE, 3), ("so", DE, 6), ("mi", DE, 2), ("di", DE, 1), ("mar", ES, 1), ("mar", FR, 1)],
)
def test_short_day_names_belong_to_their_language_only(
    word: str, language: Language, day: int
) -> None:
    """'do 6:30' is Thursday to a German runner and no day at all to an English one."""
    assert parse_week(f"{word} 6:30", language=language).times == {day: T0630}
    with pytest.raises(ScheduleError) as refused:
        parse_week(f"{word} 6:30")
    assert refused.value.problem is ScheduleProblem.UNKNOWN_DAY


@pytest.mark.parametrize("language", list(Language))
def test_english_works_in_every_language(language: Language) -> None:
    assert parse_week("tue thu 6:30am", language=language).times == at((1, 3), T0630)
    assert parse_week("weekdays at 7", language=language).times == at(WEEKDAYS, T0700)


@pytest.mark.parametrize("language", list(Language))
def test_every_day_word_of_the_tables_reads_as_its_day(language: Language) -> None:
    for word, day in DAY_WORDS[language].days.items():
        assert parse_days(word.upper(), language=language) == {day}, word
        assert parse_week(f"{word} 7:00", language=language).times == {day: T0700}, word


@pytest.mark.parametrize("language", list(Language))
def test_fillers_join_days_and_times_and_name_none(language: Language) -> None:
    for word in DAY_WORDS[language].fillers:
        assert parse_week(f"sun {word} 7:00", language=language).times == {6: T0700}, word


def test_russian_case_forms_and_marks_are_folded_like_the_input() -> None:
    """'й' loses its mark in the tables as in what runners type: with or without it."""
    assert fold_marks("воскресений ёлка") == "воскресении елка"
    for text in ("воскресений", "воскресении", "воскресеньям", "ВОСКРЕСЕНЬЕ", "воскресенья"):
        assert parse_days(text, language=RU) == {6}, text


# ------------------------------------------------------------------ one-off runs
FRIDAY = date(2026, 12, 4)
SATURDAY, SUNDAY, TUESDAY = date(2026, 12, 5), date(2026, 12, 6), date(2026, 12, 8)

RUNS: list[tuple[Language, str, date, time]] = [
    (DE, "heute um 18 Uhr", FRIDAY, time(18, 0)),
    (DE, "morgen um 7", SATURDAY, T0700),
    (DE, "morgen früh um 7", SATURDAY, T0700),
    (DE, "heute Abend um 7", FRIDAY, time(19, 0)),
    (DE, "am Samstag um 9 Uhr", SATURDAY, time(9, 0)),
    (DE, "am 5. Dezember um 8", SATURDAY, time(8, 0)),
    (DE, "übermorgen 6 Uhr 30", SUNDAY, T0630),
    (DE, "nächsten Dienstag um 6:30", TUESDAY, T0630),
    (ES, "mañana a las 7", SATURDAY, T0700),
    (ES, "hoy a las 18:30", FRIDAY, time(18, 30)),
    (ES, "mañana por la mañana a las 7", SATURDAY, T0700),
    (ES, "esta tarde a las 7", FRIDAY, time(19, 0)),
    (ES, "el sábado a las 9", SATURDAY, time(9, 0)),
    (ES, "mar 7:00", TUESDAY, T0700),
    (ES, "el 5 de diciembre a las 8", SATURDAY, time(8, 0)),
    (ES, "el próximo martes a las 6:30", TUESDAY, T0630),
    (FR, "demain à 7h", SATURDAY, T0700),
    (FR, "ce soir à 7h", FRIDAY, time(19, 0)),
    (FR, "samedi à 9h30", SATURDAY, time(9, 30)),
    (FR, "le 5 décembre à 8h", SATURDAY, time(8, 0)),
    (FR, "aujourd'hui à 18h30", FRIDAY, time(18, 30)),
    (FR, "mardi prochain à 6h30", TUESDAY, T0630),
    (RU, "завтра в 7", SATURDAY, T0700),
    (RU, "сегодня в 18:30", FRIDAY, time(18, 30)),
    (RU, "сегодня вечером в 7", FRIDAY, time(19, 0)),
    (RU, "в субботу в 9", SATURDAY, time(9, 0)),
    (RU, "5 декабря в 8", SATURDAY, time(8, 0)),
    (RU, "во вторник в 6:30", TUESDAY, T0630),
    (RU, "послезавтра в 7 утра", SUNDAY, T0700),
]


@pytest.mark.parametrize(("language", "text", "day", "when"), RUNS)
def test_run_commands_in_each_language(
    language: Language, text: str, day: date, when: time
) -> None:
    assert parse_run(text, FRIDAY, language=language) == RunAt(day, when)


@pytest.mark.parametrize(
    ("language", "text"),
    [
        (DE, "gestern um 7"),
        (ES, "ayer a las 7"),
        (FR, "hier à 7h"),
        (RU, "вчера в 7"),
        (DE, "morgen"),
    ],
)
def test_run_commands_that_cannot_be_read(language: Language, text: str) -> None:
    with pytest.raises(RunError):
        parse_run(text, FRIDAY, language=language)


@pytest.mark.parametrize(
    ("language", "text", "day", "when"),
    [
        (DE, "ich laufe morgen um 7", SATURDAY, T0700),
        (DE, "Ich gehe morgen um 7 laufen.", SATURDAY, T0700),
        (DE, "laufe heute um 18 Uhr!", FRIDAY, time(18, 0)),
        (ES, "voy a correr mañana a las 7", SATURDAY, T0700),
        (ES, "salgo a correr el sábado a las 9", SATURDAY, time(9, 0)),
        (FR, "je cours demain à 7h", SATURDAY, T0700),
        (FR, "je vais courir ce soir à 19h", FRIDAY, time(19, 0)),
        (RU, "побегу завтра в 7", SATURDAY, T0700),
        (RU, "пойду на пробежку в субботу в 9", SATURDAY, time(9, 0)),
    ],
)
def test_runs_announced_in_each_language(
    language: Language, text: str, day: date, when: time
) -> None:
    assert plain_run(text, FRIDAY, language=language) == RunAt(day, when)


@pytest.mark.parametrize(
    ("language", "text"),
    [
        (DE, "ich bin gestern um 7 gelaufen"),
        (DE, "ich laufe heute spät"),
        (DE, "laufe ich morgen um 7?"),
        (DE, "ich laufe um 7"),
        (ES, "¿corro mañana a las 7?"),
        (ES, "corrí ayer a las 7"),
        (ES, "corro por la mañana a las 7"),
        (FR, "j'ai couru hier à 7h"),
        (FR, "je cours 10 km demain"),
        (FR, "je cours demain ?"),
        (RU, "я бегал вчера в 7"),
        (RU, "побегу завтра?"),
        (RU, "бегу 10 км завтра"),
    ],
)
def test_small_talk_is_not_a_run_in_any_language(language: Language, text: str) -> None:
    assert plain_run(text, FRIDAY, language=language) is None


BERLIN_1437 = datetime(2026, 12, 4, 14, 37, 20, tzinfo=ZoneInfo("Europe/Berlin"))


@pytest.mark.parametrize(
    ("language", "text", "minutes"),
    [
        (DE, "in 2 Stunden", 120),
        (DE, "in 45 Minuten", 45),
        (DE, "in einer Stunde", 60),
        (DE, "in einer halben Stunde", 30),
        (DE, "in anderthalb Stunden", 90),
        (DE, "in zwei Stunden und 15 Minuten", 135),
        (DE, "in 2 Stunden im Park", None),
        (ES, "en 2 horas", 120),
        (ES, "dentro de 45 minutos", 45),
        (ES, "en media hora", 30),
        (ES, "en una hora y media", 90),
        (ES, "en 2 horas y media", 150),
        (ES, "en el parque", None),
        (FR, "dans 2 heures", 120),
        (FR, "dans 45 minutes", 45),
        (FR, "dans une demi-heure", 30),
        (FR, "dans un quart d'heure", 15),
        (FR, "dans 1h30", 90),
        (FR, "dans la semaine", None),
        (RU, "через 2 часа", 120),
        (RU, "через 45 минут", 45),
        (RU, "через час", 60),
        (RU, "через полчаса", 30),
        (RU, "через полтора часа", 90),
        (RU, "через два часа", 120),
        (RU, "через неделю", None),
        (EN, "in 2 hours and a half", 150),
    ],
)
def test_a_run_from_now_in_each_language(
    language: Language, text: str, minutes: int | None
) -> None:
    run = run_in(text, BERLIN_1437, language=language)
    if minutes is None:
        assert run is None
        return
    start = BERLIN_1437 + timedelta(minutes=minutes)
    assert run == RunAt(start.date(), start.time().replace(second=0, microsecond=0))


@pytest.mark.parametrize(
    ("language", "text", "found"),
    [
        (DE, "ich gehe in 2 Stunden laufen", True),
        (ES, "salgo a correr en 45 minutos", True),
        (FR, "je vais courir dans une heure", True),
        (RU, "побегу через час", True),
        (RU, "я бегу через 2 часа?", False),
        (DE, "in 2 Stunden", False),
    ],
)
def test_runs_from_now_announced_in_each_language(
    language: Language, text: str, found: bool
) -> None:
    assert (plain_run_in(text, BERLIN_1437, language=language) is not None) is found
