"""Which language a runner gets (library/languages.py): from Telegram's language code,
and from what they type after /language."""

from __future__ import annotations

import pytest

from library.languages import DEFAULT, Language, language_for, parse_language


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("de", Language.DE),
        ("de-AT", Language.DE),
        ("es-419", Language.ES),
        ("fr-CA", Language.FR),
        ("ru", Language.RU),
        ("RU", Language.RU),
        ("en-GB", Language.EN),
        ("en_US", Language.EN),
        ("pt-br", Language.EN),  # not spoken: English
        ("uk", Language.EN),
        ("zh-hans", Language.EN),
        ("", Language.EN),
        (None, Language.EN),
        ("  de  ", Language.DE),
    ],
)
def test_the_language_comes_from_telegrams_code(code: str | None, expected: Language) -> None:
    assert language_for(code) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("de", Language.DE),
        ("Deutsch", Language.DE),
        ("in German please", Language.DE),
        ("alemán", Language.DE),
        ("немецкий", Language.DE),
        ("es", Language.ES),
        ("Español", Language.ES),
        ("spanish", Language.ES),
        ("français", Language.FR),
        ("French!", Language.FR),
        ("fr", Language.FR),
        ("русский", Language.RU),
        ("Russian", Language.RU),
        ("ru", Language.RU),
        ("English", Language.EN),
        ("en", Language.EN),
        ("inglés", Language.EN),
        ("английский", Language.EN),
        ("klingon", None),
        ("", None),
        ("pt", None),
        ("german or french", None),  # two: ask again
        ("deutsch, bitte", Language.DE),
        ("en español", Language.ES),  # "en" is Spanish and French for "in" here
        ("en anglais", Language.EN),
        ("en de", None),  # two codes: ask again
        ("на русском", Language.RU),
        ("по-немецки", Language.DE),
        ("по-французски", Language.FR),
        ("de-DE", Language.DE),
        ("ru_RU", Language.RU),
        ("pt-BR", None),
        ("🇩🇪", Language.DE),
        ("🇪🇸", Language.ES),
        ("🇷🇺 please", Language.RU),
    ],
)
def test_a_typed_language_is_read_by_code_or_name(text: str, expected: Language | None) -> None:
    assert parse_language(text) is expected


def test_every_language_can_be_named_in_every_language_and_english_is_the_default() -> None:
    assert DEFAULT is Language.EN
    for language in Language:
        assert parse_language(language.value) is language
