"""Time zones from places as runners of each language name them (issue 18): native city
names and their case forms, and the words said before a place in each language."""

from __future__ import annotations

from zoneinfo import available_timezones

import pytest

from library.city_names import CITY_ALIASES, plain
from library.schedule_text import ScheduleError, find_timezone


@pytest.mark.parametrize(
    ("said", "zone"),
    [
        ("München", "Europe/Berlin"),
        ("ich wohne in München", "Europe/Berlin"),
        ("Ich bin in Köln", "Europe/Berlin"),
        ("Wien", "Europe/Vienna"),
        ("Zürich", "Europe/Zurich"),
        ("Genf", "Europe/Zurich"),
        ("Berlin", "Europe/Berlin"),
        ("vivo en Sevilla", "Europe/Madrid"),
        ("en Madrid", "Europe/Madrid"),
        ("Nueva York", "America/New_York"),
        ("Ciudad de México", "America/Mexico_City"),
        ("Bogotá", "America/Bogota"),
        ("soy de Tenerife", "Atlantic/Canary"),
        ("j'habite à Genève", "Europe/Zurich"),
        ("Montréal", "America/Toronto"),
        ("Bruxelles", "Europe/Brussels"),
        ("à Lyon", "Europe/Paris"),
        ("Москва", "Europe/Moscow"),
        ("я живу в Москве", "Europe/Moscow"),
        ("Санкт-Петербург", "Europe/Moscow"),
        ("в Екатеринбурге", "Asia/Yekaterinburg"),
        ("Новосибирск", "Asia/Novosibirsk"),
        ("я из Минска", "Europe/Minsk"),  # the genitive, near enough to Минск
        ("Київ", "Europe/Kyiv"),
        ("London", "Europe/London"),  # English as before
        ("Lodnon", "Europe/London"),
        ("I live in NYC", "America/New_York"),
    ],
)
def test_a_place_in_the_runner_s_words_finds_its_zone(said: str, zone: str) -> None:
    assert find_timezone(said) == zone


@pytest.mark.parametrize("said", ["Atlantis", "я живу в деревне", "ich wohne hier", "hola"])
def test_no_place_is_no_zone(said: str) -> None:
    with pytest.raises(ScheduleError):
        find_timezone(said)


def test_every_alias_names_a_real_zone_and_is_keyed_plainly() -> None:
    zones = available_timezones()
    assert all(zone in zones for zone in CITY_ALIASES.values())
    assert all(plain(name) == name for name in CITY_ALIASES)


def test_no_alias_hides_a_city_that_names_its_own_zone() -> None:
    """'Kiev' and 'Tel Aviv' name IANA zones of their own: an alias must not send them to
    another (Montreal alone is sent on to Toronto, on purpose)."""
    own: dict[str, str] = {}
    for zone in available_timezones():
        area, _, city = zone.rpartition("/")
        if area:
            own.setdefault(city.replace("_", " ").casefold(), zone)
    hidden = {name for name, zone in CITY_ALIASES.items() if own.get(name, zone) != zone}
    assert hidden == {"montreal"}
