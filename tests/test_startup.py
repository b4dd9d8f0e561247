"""A quick start: what the bot leaves unimported until it needs it.

Each check runs in a fresh interpreter (a subprocess), where ``sys.modules`` shows what
an import or a step really loaded. How fast the start is, is the benchmark's to show
(benchmarks/bench_startup.py); nothing here is timed.
"""

from __future__ import annotations

import asyncio
import gc
import gettext
import json
import math
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po
from sqlalchemy import Connection
from telegram import Update

from benchmarks import bench_startup
from bot.application import build_application, load_catalog
from bot.settings import Settings
from bot.standin import BotApiStandIn, StandInUser
from handlers import i18n
from handlers.context import CoachApplication, Services
from handlers.i18n import LOCALES
from library.languages import Language
from library.lazy_patterns import LazyPattern, uncompiled
from library.matcher import ExerciseMatcher
from storage import Database
from storage.database import alembic_config, head_revision, newest_revision
from storage.models import Base
from tests.helpers import TEST_TOKEN, eventually

ROOT = Path(__file__).parents[1]
TRANSLATED = [language for language in Language if language is not Language.EN]
# What a polling bot without the Mini App and voice notes never needs before its first
# update (nor, most of them, ever): each is imported where it is first used.
NOT_AT_START = (
    "alembic",  # only when the schema must change (storage/database.py)
    "aiohttp",  # files sent (bot/http.py: JSON goes by bot/keepalive.py), the Mini App
    "bot.webapp",
    "bot.speech",  # voice notes (bot/speech.py), and what its workers load
    "numpy",
    "soundfile",
    "pocketsphinx",
    "matplotlib",  # the progress chart (handlers/charts.py)
    "timezonefinder",  # a shared location (bot/zones.py)
    "icalendar",  # a calendar file (library/calendar_import.py)
    "recurring_ical_events",
    "sqlalchemy.dialects.postgresql",  # on SQLite (storage/deliveries.py)
    "httpcore",  # PTB's default client, not built: getUpdates goes by bot/http.py too
    "anyio",
)
# Builds the bot for polling from settings without WEBAPP_PORT, with voice notes on when
# argv[3] is "voice", and prints which of the modules named in argv[1] (JSON) are loaded.
BUILD = """
import json, sys
from bot.application import build_application
from bot.settings import Settings

settings = Settings(
    _env_file=None,
    telegram_bot_token="1:startup-test",
    database_url="sqlite+aiosqlite:///" + sys.argv[2],
    voice_enabled=sys.argv[3] == "voice",
)
application = build_application(settings)
assert application.updater is not None
print(json.dumps(sorted(name for name in json.loads(sys.argv[1]) if name in sys.modules)))
"""
# Migrates the database at argv[1] to head; prints the revision reached and whether
# Alembic was imported on the way.
MIGRATE = """
import asyncio, sys
from storage import Database

async def main(url):
    database = Database(url)
    try:
        revision = await database.migrate()
    finally:
        await database.dispose()
    print(revision, "alembic" in sys.modules)

asyncio.run(main(sys.argv[1]))
"""


def python(script: str, *arguments: str) -> str:
    """``script`` run by a fresh interpreter in the checkout; its output."""
    result = subprocess.run(
        [sys.executable, "-c", script, *arguments],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


async def schema_differences(database: Database) -> list[object]:
    """How the database's schema differs from the models (nothing, when at head)."""

    def differences(connection: Connection) -> list[object]:
        return list(compare_metadata(MigrationContext.configure(connection), Base.metadata))

    async with database.engine.connect() as connection:
        return await connection.run_sync(differences)


def test_the_newest_revision_read_from_the_files_is_alembics_head() -> None:
    """The revision id found without Alembic is the head Alembic finds."""
    assert newest_revision() == head_revision()


def test_the_storage_package_imports_without_alembic() -> None:
    assert python("import sys, storage; print('alembic' in sys.modules)") == "False"


async def test_a_database_at_head_is_checked_without_importing_alembic(database_url: str) -> None:
    """A fresh database is migrated by Alembic; at the next start the database is found at
    head and Alembic is never imported."""
    head = head_revision()
    assert python(MIGRATE, database_url) == f"{head} True"
    assert python(MIGRATE, database_url) == f"{head} False"
    database = Database(database_url)
    try:
        assert await database.current_revision() == head
        assert await schema_differences(database) == []
    finally:
        await database.dispose()


async def test_an_older_database_is_still_upgraded(database_url: str) -> None:
    """A database one revision behind is upgraded by Alembic to head, as before."""
    head = head_revision()
    script = ScriptDirectory.from_config(alembic_config()).get_revision(head)
    assert script is not None
    previous = script.down_revision
    assert isinstance(previous, str)
    database = Database(database_url)
    try:
        assert await database.migrate(previous) == previous
        assert python(MIGRATE, database_url) == f"{head} True"
        assert await database.current_revision() == head
        assert await schema_differences(database) == []
        assert await database.migrate() == head  # in this process too: nothing to do
    finally:
        await database.dispose()


def test_building_the_bot_for_polling_leaves_the_heavy_parts_unimported(tmp_path: Path) -> None:
    """Importing bot.application and building the application, as `coachbot run` does
    before its first getUpdates, loads none of the parts only some updates need."""
    loaded = python(BUILD, json.dumps(NOT_AT_START), str(tmp_path / "coach.db"), "no voice")
    assert json.loads(loaded) == []


def test_with_voice_notes_on_the_speech_engine_loads_in_the_workers_only(tmp_path: Path) -> None:
    """With voice notes on, bot.speech is built into the bot, but numpy, soundfile and
    PocketSphinx load in its worker processes, which start after the bot polls."""
    loaded = python(BUILD, json.dumps(NOT_AT_START), str(tmp_path / "coach.db"), "voice")
    assert json.loads(loaded) == ["bot.speech"]


def test_the_modules_the_check_names_exist() -> None:
    """Each name the check above looks for is a module that can be imported, so the
    check cannot pass because of a misspelt name."""
    script = (
        "import importlib, json, sys; [importlib.import_module(n) for n in json.loads(sys.argv[1])]"
    )
    python(script, json.dumps(NOT_AT_START))


PATTERNS = [
    (r"\b(?:left|right)\s*(\d+)", 0),
    (r"(?P<word>[^\W\d_]+)|(?P<number>\d+)", 0),
    (r"^warm ?ups?$", re.IGNORECASE),
]
TEXTS = ["left 12 right 15", "Warm Up", "warmups", "", "Links 12, RIGHT 3 x 10"]


def same(found: re.Match[str] | None, expected: re.Match[str] | None) -> bool:
    """Whether two searches found the same: both nothing, or the same span and groups."""
    if found is None or expected is None:
        return found is expected
    return (found.span(), found.groups()) == (expected.span(), expected.groups())


@pytest.mark.parametrize(("pattern", "flags"), PATTERNS)
def test_a_lazy_pattern_answers_as_the_compiled_one(pattern: str, flags: int) -> None:
    """Every method gives what ``re.compile``'s pattern gives, from the first call (which
    compiles) on."""
    for method in ("search", "match", "fullmatch", "findall", "finditer", "sub", "split"):
        lazy, compiled = LazyPattern(pattern, flags), re.compile(pattern, flags)
        assert not lazy.is_compiled
        for text in TEXTS:
            if method in ("search", "match", "fullmatch"):
                assert same(getattr(lazy, method)(text), getattr(compiled, method)(text))
                assert same(
                    getattr(lazy, method)(text, 1, 5), getattr(compiled, method)(text, 1, 5)
                )
            elif method == "finditer":
                assert [m.span() for m in lazy.finditer(text)] == [
                    m.span() for m in compiled.finditer(text)
                ]
            elif method == "sub":
                assert lazy.sub("#", text) == compiled.sub("#", text)
                assert lazy.subn("#", text, 1) == compiled.subn("#", text, 1)
            else:
                assert getattr(lazy, method)(text) == getattr(compiled, method)(text)
        assert lazy.is_compiled
        assert (lazy.compiled.pattern, lazy.compiled.flags) == (pattern, compiled.flags)


def test_preparing_the_matcher_compiles_every_pattern_and_builds_its_tables() -> None:
    matcher = ExerciseMatcher(load_catalog())
    made = LazyPattern(r"\bprepared\b")
    assert made in uncompiled()
    steps = list(matcher.preparing())
    assert uncompiled() == []
    assert made.is_compiled
    assert len(steps) >= 3
    assert "numbered_names" in vars(matcher)
    assert "_painful" in vars(matcher)
    # What was built is what a fresh matcher builds at its first use.
    fresh = ExerciseMatcher(load_catalog())
    assert [(n.pattern.pattern, n.exercise.id) for n in matcher.numbered_names] == [
        (n.pattern.pattern, n.exercise.id) for n in fresh.numbered_names
    ]


async def test_the_bot_prepares_its_matcher_soon_after_the_start(coach: CoachApplication) -> None:
    """A moment after the start, with no message yet, the matcher's patterns and tables
    are ready for the first question or report."""
    services: Services = coach.bot_data["services"]
    await eventually(
        lambda: "_painful" in vars(services.matcher),
        timeout=10,
        what="the matcher prepared in the background",
    )
    assert uncompiled() == []


@pytest.mark.slow
async def test_the_startup_benchmark_times_each_process_and_says_whether_the_target_is_met(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """One round of benchmarks/bench_startup.py: the coach (with bytecode caches and
    without), the echo bot and the bare interpreter each timed once (figures positive
    and finite: no speed is asserted), the verdict printed as the figures say."""
    result = await bench_startup.main(rounds=1, import_rounds=1)
    timings = (result.coach, result.coach_uncached, result.echo, result.interpreter)
    assert [len(timing.ms) for timing in timings] == [1, 1, 1, 1]
    figures = [ms for timing in timings for ms in timing.ms] + result.imports
    assert all(0 < figure < math.inf for figure in figures)
    assert len(result.imports) == 1
    out = capsys.readouterr().out
    assert "first getUpdates after" in out
    assert "echo bot" in out
    assert "bare interpreter" in out
    assert "import bot.application in a fresh interpreter" in out
    assert ("target < 1000 ms: met" in out) == result.met
    assert ("target < 1000 ms: NOT met" in out) == (not result.met)


def test_the_garbage_collector_is_on_again_once_the_bot_is_built() -> None:
    """`coachbot run` collects nothing while it builds the bot, then turns the collector
    back on with what the start built frozen (kept out of every later collection) and
    the youngest generation collected after 20,000 new objects, not Python's 700."""
    from bot import cli  # here: this file checks what importing the bot loads

    thresholds = gc.get_threshold()
    gc.disable()
    try:
        cli._collect_from_now()
        assert gc.isenabled()
        assert gc.get_freeze_count() > 0
        assert gc.get_threshold() == (20_000, 20, 20)
    finally:
        gc.unfreeze()
        gc.set_threshold(*thresholds)
        gc.enable()


# --- the catalogues, compiled once and kept -------------------------------------------

# Loads the catalogues from the locales folder argv[1] (a copy), as a start does; prints
# whether Babel's .po reader was imported on the way (it is only when compiling).
LOAD_CATALOGUES = """
import sys
from pathlib import Path
from handlers import i18n

i18n.LOCALES = Path(sys.argv[1])
i18n.load_all()
print("babel.messages.pofile" in sys.modules)
"""


def copied_locales(folder: Path) -> Path:
    """A copy of the .po files (nothing compiled) in ``folder``; the copy's locales root."""
    for po in LOCALES.rglob("*.po"):
        copy = folder / po.relative_to(LOCALES)
        copy.parent.mkdir(parents=True, exist_ok=True)
        copy.write_bytes(po.read_bytes())
    return folder


def babel_catalog(po: Path, locale_code: str) -> Catalog:
    """The .po as Babel reads it, independently of handlers/i18n."""
    with po.open("rb") as file:
        return read_po(file, locale=locale_code)


def kept(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.glob("*.mo"))


@pytest.fixture
def locales(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """handlers/i18n reading a copy of the catalogues (its cache of them emptied before
    and after), with the user's cache folder in tmp_path."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))
    monkeypatch.setattr(i18n, "LOCALES", copied_locales(tmp_path / "locales"))
    i18n.translations.cache_clear()
    yield tmp_path / "locales"
    i18n.translations.cache_clear()


@pytest.mark.parametrize("language", TRANSLATED, ids=lambda language: language.value)
def test_a_kept_catalogue_translates_every_text_as_babel_reads_it(
    language: Language, tmp_path: Path
) -> None:
    """Compiled and kept, then read back from what was kept: every translated text and
    every plural form is the .po's, untranslated and fuzzy ones stay English."""
    po = copied_locales(tmp_path / "locales") / language.value / "LC_MESSAGES" / "coachbot.po"
    cache = tmp_path / "cache"
    compiled = i18n.catalogue(po, language.value, [cache])
    assert kept(cache) == [i18n.compiled_name(po.read_bytes())]
    read_back = i18n.catalogue(po, language.value, [cache])
    expected = babel_catalog(po, language.value)
    plural = gettext.c2py(expected.plural_expr)
    checked = 0
    for message in expected:
        if not message.id:
            continue  # the header
        translated = message.string and not message.fuzzy
        for catalogue in (compiled, read_back):
            if not isinstance(message.id, str):
                singular, plural_id = message.id[0], message.id[1]
                forms = message.string if isinstance(message.string, tuple) else ()
                for count in (1, 2, 3, 5, 11, 21, 22, 25, 101):
                    wanted = (
                        forms[plural(count)]
                        if translated and all(forms)
                        else (singular if count == 1 else plural_id)
                    )
                    found = (
                        catalogue.npgettext(message.context, singular, plural_id, count)
                        if message.context
                        else catalogue.ngettext(singular, plural_id, count)
                    )
                    assert found == wanted, (message.id, count)
            else:
                text = message.string if isinstance(message.string, str) else ""
                worded = (
                    catalogue.pgettext(message.context, message.id)
                    if message.context
                    else catalogue.gettext(message.id)
                )
                assert worded == (text if translated else message.id), message.id
            checked += 1
    assert checked > 2 * 500


def test_the_next_start_reads_the_kept_catalogue_and_a_changed_po_is_compiled_again(
    tmp_path: Path,
) -> None:
    """What was kept is what the next read returns (shown by a kept file replaced with
    another catalogue); once the .po changes it is compiled again, and the old file goes."""
    po = copied_locales(tmp_path / "locales") / "de" / "LC_MESSAGES" / "coachbot.po"
    cache = tmp_path / "cache"
    assert i18n.catalogue(po, "de", [cache]).gettext("Cancel") == "Abbrechen"
    [name] = kept(cache)
    stand_in = Catalog(locale="de")
    stand_in.add("Cancel", "Nein danke")
    with (cache / name).open("wb") as file:
        write_mo(file, stand_in)
    assert i18n.catalogue(po, "de", [cache]).gettext("Cancel") == "Nein danke"

    po.write_text(
        po.read_text("utf-8").replace('msgstr "Abbrechen"', 'msgstr "Lieber nicht"', 1), "utf-8"
    )
    assert i18n.catalogue(po, "de", [cache]).gettext("Cancel") == "Lieber nicht"
    assert kept(cache) == [i18n.compiled_name(po.read_bytes())]
    assert kept(cache) != [name]


def test_a_folder_that_takes_nothing_is_passed_over(tmp_path: Path) -> None:
    """Where the .po's folder takes no file (a read-only install; here a file stands
    where the folder would be), the catalogue is kept in the next folder, the user's
    cache; where none takes it, it is still read, and compiled again next time."""
    po = copied_locales(tmp_path / "locales") / "ru" / "LC_MESSAGES" / "coachbot.po"
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file")
    user_cache = tmp_path / "user-cache" / "ru"
    catalogue = i18n.catalogue(po, "ru", [blocked, user_cache])
    assert catalogue.ngettext("{count} set", "{count} sets", 5) == "{count} подходов"
    assert kept(user_cache) == [i18n.compiled_name(po.read_bytes())]
    alone = i18n.catalogue(po, "ru", [blocked])
    assert alone.ngettext("{count} set", "{count} sets", 2) == "{count} подхода"


def test_the_catalogues_folders_are_beside_the_po_then_the_users_cache(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    po = LOCALES / "fr" / "LC_MESSAGES" / "coachbot.po"
    assert i18n.cache_folders(po) == [po.parent, tmp_path / "coachbot" / "locales" / "fr"]


def test_a_start_after_the_first_does_not_parse_the_po_files(tmp_path: Path) -> None:
    """The first start compiles the catalogues with Babel's .po reader; the next one
    reads what it kept and never imports that reader."""
    folder = str(copied_locales(tmp_path / "locales"))
    assert python(LOAD_CATALOGUES, folder) == "True"
    assert python(LOAD_CATALOGUES, folder) == "False"


@pytest.mark.parametrize("kept_before", [False, True], ids=["first start", "kept before"])
def test_a_broken_catalogue_still_stops_the_bot_when_it_is_built(
    locales: Path, settings: Settings, kept_before: bool
) -> None:
    """A .po Babel cannot read stops build_application, whether or not the catalogue of
    its previous (good) version was kept."""
    if kept_before:
        i18n.load_all()
        i18n.translations.cache_clear()
    po = locales / "es" / "LC_MESSAGES" / "coachbot.po"
    po.write_text(po.read_text("utf-8") + '\nmsgid "Cancel"\nmsgstrr "Registrado"\n', "utf-8")
    with pytest.raises(PoFileError):
        build_application(settings, token="1:broken-catalogue")


# --- getUpdates on the bot's own client -------------------------------------------------


async def test_the_long_poll_has_a_connection_of_its_own_and_outlasts_the_read_timeout(
    settings: Settings, standin: BotApiStandIn, alice: StandInUser
) -> None:
    """getUpdates goes by the bot's own client on a connection of its own: a request
    made while a long poll waits is answered before it (though the other requests have
    one connection here), and a long poll longer than the read timeout ends with its
    updates, not timed out (PTB adds the poll's timeout to the read timeout)."""
    settings = settings.model_copy(
        update={"telegram_timeout_seconds": 0.5, "telegram_connections": 1}
    )
    application = build_application(settings, token=TEST_TOKEN, base_url=standin.base_url)
    finished: list[str] = []

    async def poll() -> list[Update]:
        updates = await application.bot.get_updates(timeout=3)
        finished.append("getUpdates")
        return list(updates)

    async with application:
        polling = asyncio.create_task(poll())
        await asyncio.sleep(1.5)  # read timeout and write allowance, and more, gone by
        assert not polling.done()  # the long poll still waits, not timed out
        await application.bot.get_me()
        finished.append("getMe")
        assert not polling.done()
        assert standin.calls_to("getUpdates") == []  # recorded once answered
        standin.send_text(alice, "an update for the long poll")
        updates = await polling
    assert finished == ["getMe", "getUpdates"]
    assert [update.message.text for update in updates if update.message] == [
        "an update for the long poll"
    ]


# --- the command line -----------------------------------------------------------------


def test_the_command_line_module_loads_the_bot_only_when_a_command_runs() -> None:
    """`python -m bot` turns the garbage collector off before it loads Telegram's library,
    the settings (pydantic, SQLAlchemy) or the coaching core: none comes with bot.cli."""
    script = (
        "import json, sys, bot.cli; "
        "print(json.dumps(sorted(n for n in json.loads(sys.argv[1]) if n in sys.modules)))"
    )
    heavy = ["telegram", "pydantic", "pydantic_settings", "sqlalchemy", "library", "handlers"]
    assert json.loads(python(script, json.dumps(heavy))) == []


def test_the_collector_is_on_again_after_a_command_that_ends(tmp_path: Path) -> None:
    """A command that ends (here `run` without a token, which says so and returns 2)
    leaves the garbage collector on, with the settings' modules loaded by then."""
    script = (
        "import gc, sys; from bot import cli; status = cli.main(['run']); "
        "print(status, gc.isenabled(), 'pydantic_settings' in sys.modules)"
    )
    settings = {name.upper() for name in Settings.model_fields}
    env = {name: value for name, value in os.environ.items() if name.upper() not in settings}
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=tmp_path,  # no .env here
        env=env | {"PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.stdout.split() == ["2", "True", "True"], result.stderr
    assert "no TELEGRAM_BOT_TOKEN set" in result.stderr
