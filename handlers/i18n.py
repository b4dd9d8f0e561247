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

Parsing a ``.po`` with Babel takes about 12 ms a language, most of the catalogues' share
of the start; so the first start keeps what Babel compiles, a ``.mo``, named by a digest
of the ``.po``'s bytes (and of Babel's version), beside the ``.po`` (git-ignored), or in
the user's cache folder where the package's is read-only. Later starts read it with the
standard library's ``gettext`` (about 1 ms); a changed ``.po`` has another digest, so it
is parsed and compiled again, and the old ``.mo`` goes. A ``.po`` Babel cannot read
never gets a ``.mo``, so it still stops the bot at start-up.

Which language is the update's is a context variable, like aiogram's i18n middleware:
``handlers/language.py`` sets it first thing for each update from the runner's stored
choice (or Telegram's ``language_code`` for someone new), and the delivery preparers set
it for each runner they word a message for. Tasks copy it, so concurrent updates of
runners in different languages never see each other's.
"""

from __future__ import annotations

import contextlib
import gettext
import hashlib
import io
import os
import struct
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime, time
from functools import cache
from pathlib import Path

import babel
from babel import Locale
from babel.dates import format_date as _babel_date
from babel.dates import format_time as _babel_time
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
    """The language's catalogue, read from its ``.po`` (English is the code's own text),
    compiled once and kept (the module's docstring). Untranslated or fuzzy entries fall
    back to English."""
    if language is Language.EN:
        return gettext.NullTranslations()
    po = po_path(language)
    return catalogue(po, language.value, cache_folders(po))


# What a kept .mo depends on besides the .po: Babel's compiler, and how it is called.
COMPILED_BY = f"babel-{babel.__version__}:use_fuzzy=False"


def compiled_name(source: bytes) -> str:
    """The file name of the ``.mo`` compiled from a ``.po`` whose bytes are ``source``."""
    digest = hashlib.sha256(COMPILED_BY.encode() + b"\0" + source).hexdigest()
    return f"{DOMAIN}.{digest[:24]}.mo"


def cache_folders(po: Path) -> list[Path]:
    """Where the ``.mo`` of ``po`` is looked for and kept, in turn: beside it (a checkout
    or an editable install), then the user's cache folder (a read-only install)."""
    try:
        cache_home = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    except RuntimeError:  # no home folder to be found: beside the .po only
        return [po.parent]
    return [po.parent, Path(cache_home) / "coachbot" / "locales" / po.parent.parent.name]


def catalogue(po: Path, locale_code: str, folders: Sequence[Path]) -> gettext.GNUTranslations:
    """The catalogue of ``po``: its ``.mo`` from the first of ``folders`` that has it,
    else parsed and compiled by Babel and kept in the first folder that takes it (none
    may: then the next start compiles it again). Babel's errors (a broken ``.po``)
    reach the caller."""
    source = po.read_bytes()
    name = compiled_name(source)
    for folder in folders:
        kept = _read(folder / name)
        if kept is not None:
            return kept
    mo = compile_po(source, locale_code)
    for folder in folders:
        if _keep(folder, name, mo):
            break
    return gettext.GNUTranslations(io.BytesIO(mo))


def compile_po(source: bytes, locale_code: str) -> bytes:
    """The ``.mo`` Babel compiles from a ``.po``'s bytes; a line Babel cannot read is an
    error (babel.messages.pofile.PoFileError), not a warning."""
    from babel.messages.mofile import write_mo  # only when no kept .mo is there
    from babel.messages.pofile import read_po

    catalog = read_po(io.BytesIO(source), locale=locale_code, domain=DOMAIN, abort_invalid=True)
    compiled = io.BytesIO()
    write_mo(compiled, catalog, use_fuzzy=False)
    return compiled.getvalue()


def _read(path: Path) -> gettext.GNUTranslations | None:
    """The kept ``.mo`` at ``path``; None when there is none or it cannot be read."""
    try:
        with path.open("rb") as mo:
            return gettext.GNUTranslations(mo)
    except (OSError, ValueError, LookupError, struct.error):
        return None


def _keep(folder: Path, name: str, mo: bytes) -> bool:
    """Write ``mo`` as ``folder/name`` (whole or not at all: a temporary file renamed),
    and remove the catalogue's older ``.mo`` there. False when the folder takes nothing."""
    temporary: Path | None = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=f".{name}.", delete=False) as file:
            temporary = Path(file.name)
            file.write(mo)
        temporary.chmod(0o644)  # readable as the .po is (a temporary file is private)
        os.replace(temporary, folder / name)
    except OSError:
        if temporary is not None:
            with contextlib.suppress(OSError):
                temporary.unlink(missing_ok=True)
        return False
    with contextlib.suppress(OSError):
        for old in folder.glob(f"{DOMAIN}.*.mo"):
            if old.name != name:
                old.unlink(missing_ok=True)
    return True


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
