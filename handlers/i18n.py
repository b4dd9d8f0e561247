"""The runner's language while an update (or a delivery) is being worded, and the words
in it: gettext catalogues read with Babel, dates and numbers formatted per locale.

Every text a runner reads is written in English in the code and marked for translation:
``_("Logged")`` where it is used, ``N_("Left")`` where it is defined ahead of use (a
table at module level; ``_()`` then looks it up when it is used), ``ngettext`` when it
counts something (Russian has three plural forms) and ``pgettext`` when the same English
word means two things. Placeholders are named (``{count}``) and filled with
``str.format`` after translation, so a language may put them in its own order.

The catalogues are ``handlers/locales/<lang>/LC_MESSAGES/coachbot.po``, plain text that
translators and reviewers read; they are read once at start-up (nothing compiled is
committed, no build step). ``scripts/i18n.py`` extracts the marked texts into
``handlers/locales/coachbot.pot`` and merges new ones into each language's file.

Which language is the update's is a context variable, like aiogram's i18n middleware:
``handlers/language.py`` sets it first thing for each update from the runner's stored
choice (or Telegram's ``language_code`` for someone new), and the delivery preparers set
it for each runner they word a message for. Tasks copy it, so concurrent updates of
runners in different languages never see each other's.
"""

from __future__ import annotations

import gettext
import io
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime, time
from functools import cache
from pathlib import Path

from babel import Locale
from babel.dates import format_date as _babel_date
from babel.dates import format_time as _babel_time
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal

from library.exercises import Exercise
from library.languages import DEFAULT, Language

DOMAIN = "coachbot"
LOCALES = Path(__file__).with_name("locales")
# The marking functions as Babel's extractor knows them (scripts/i18n.py, the tests).
KEYWORDS: dict[str, tuple[object, ...] | None] = {
    "_": None,
    "N_": None,
    "ngettext": (1, 2),
    "pgettext": ((1, "c"), 2),
}

_language: ContextVar[Language] = ContextVar("coachbot_language", default=DEFAULT)


def po_path(language: Language) -> Path:
    return LOCALES / language.value / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def translations(language: Language) -> gettext.NullTranslations:
    """The language's catalogue, read from its ``.po`` (English is the code's own text).
    Untranslated or fuzzy entries fall back to English."""
    if language is Language.EN:
        return gettext.NullTranslations()
    with po_path(language).open("rb") as po:
        catalog = read_po(po, locale=language.value, domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, catalog, use_fuzzy=False)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


def load_all() -> None:
    """Read every catalogue now (at start-up), so a broken file stops the bot at once
    rather than at some runner's first message."""
    for language in Language:
        translations(language)


def current() -> Language:
    """The language of what is being worded now."""
    return _language.get()


def set_language(language: Language) -> None:
    """Word the rest of this update (this task) in ``language``."""
    _language.set(language)


@contextmanager
def speaking(language: Language) -> Iterator[None]:
    """Word what is inside the block in ``language``, then go back."""
    token = _language.set(language)
    try:
        yield
    finally:
        _language.reset(token)


def _(message: str) -> str:
    """``message`` in the current language."""
    return translations(_language.get()).gettext(message)


def N_(message: str) -> str:  # noqa: N802 - gettext's conventional name
    """Marks ``message`` for translation where it is defined; ``_()`` translates it when
    it is used."""
    return message


def ngettext(singular: str, plural: str, count: int) -> str:
    """The form of ``singular``/``plural`` that goes with ``count`` in the current
    language (fill ``{count}`` with ``.format`` afterwards)."""
    return translations(_language.get()).ngettext(singular, plural, count)


def pgettext(context: str, message: str) -> str:
    """``message`` in the current language, in the sense ``context`` names."""
    return translations(_language.get()).pgettext(context, message)


def local(exercise: Exercise) -> Exercise:
    """``exercise`` with its texts (name, steps, cues ...) in the current language."""
    return exercise.in_language(_language.get().value)


def locale() -> Locale:
    """The current language's Babel locale (parsed once per language)."""
    return _locale(_language.get())


@cache
def _locale(language: Language) -> Locale:
    return Locale.parse(language.value)


def format_date(day: date | datetime, pattern: str) -> str:
    """A date in the current language, by a CLDR skeleton-free pattern such as
    ``"EEE d MMM"`` (Fri 4 Dec, Fr. 4 Dez., пт 4 дек.)."""
    return _babel_date(day, pattern, locale=locale())


def format_time(moment: time | datetime) -> str:
    """A time of day as a 24-hour clock, the same in every language: 06:30."""
    return _babel_time(moment, "HH:mm", locale=locale())


def format_number(value: float, decimals: int = 0) -> str:
    """A number with the current language's decimal sign (1.5, 1,5)."""
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(value, pattern, locale=locale())
