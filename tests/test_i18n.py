"""The message catalogues stay whole (issue 18): every text marked in the code is in the
template, every language translates every text with the same placeholders and markup,
no runner-facing literal in handlers/ is left unmarked, Russian plurals take their three
forms, and each update or task keeps its own language."""

from __future__ import annotations

import ast
import asyncio
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from string import Formatter

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po

from handlers.i18n import LOCALES, _, current, ngettext, po_path, speaking, translations
from library.languages import Language
from scripts.i18n import TEMPLATE, extracted

ROOT = Path(__file__).resolve().parents[1]
TRANSLATED = [language for language in Language if language is not Language.EN]
_TAG = re.compile(r"</?[a-z]+\b[^>]*>")


def catalogue(language: Language) -> Catalog:
    with po_path(language).open("rb") as po:
        return read_po(po, locale=language.value)


def template() -> Catalog:
    with TEMPLATE.open("rb") as pot:
        return read_po(pot)


def forms(message: Message) -> list[str]:
    string = message.string
    if isinstance(string, (tuple, list)):
        return [str(form) for form in string]
    return [string or ""]


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in Formatter().parse(text) if name is not None}


def tags(text: str) -> Counter[str]:
    return Counter(tag.split()[0].rstrip(">") for tag in _TAG.findall(text))


def entries(catalog: Catalog) -> Iterator[Message]:
    return (message for message in catalog if message.id)


def test_extraction_finds_nothing_new() -> None:
    """Every text marked in handlers/ and bot/ is in handlers/locales/coachbot.pot, and
    the template holds nothing the code no longer marks: run `make i18n` after a change."""
    in_code = {
        (m.context, m.id if isinstance(m.id, str) else m.id[0]) for m in entries(extracted())
    }
    in_template = {
        (m.context, m.id if isinstance(m.id, str) else m.id[0]) for m in entries(template())
    }
    assert in_code - in_template == set(), "marked in the code but not extracted: make i18n"
    assert in_template - in_code == set(), "in the template but no longer in the code: make i18n"
    assert len(in_code) > 300


@pytest.mark.parametrize("language", TRANSLATED, ids=str)
def test_every_text_is_translated_with_the_same_placeholders_and_markup(
    language: Language,
) -> None:
    catalog = catalogue(language)
    wanted = {(m.context, str(m.id)) for m in entries(template())}
    have = {(m.context, str(m.id)) for m in entries(catalog)}
    assert wanted - have == set(), f"{language}: missing, run make i18n and translate"
    plurals = catalog.num_plurals
    problems = []
    for message in entries(catalog):
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        strings = forms(message)
        if message.fuzzy or not all(s.strip() for s in strings):
            problems.append(f"untranslated or fuzzy: {ids[0]!r}")
            continue
        if len(ids) > 1 and len(strings) != plurals:
            problems.append(f"{len(strings)} plural forms, {plurals} wanted: {ids[0]!r}")
        for string in strings:
            if fields(string) - fields(ids[-1]) or (
                len(ids) == 1 and fields(string) != fields(ids[0])
            ):
                problems.append(f"placeholders differ: {ids[0]!r} -> {string!r}")
            if tags(string) != tags(ids[0]):
                problems.append(f"markup differs: {ids[0]!r} -> {string!r}")
    assert problems == []


@pytest.mark.parametrize("language", TRANSLATED, ids=str)
def test_every_translation_is_really_in_that_language(language: Language) -> None:
    """Not left as the English: at most short texts (names, 'OK') read the same;
    placeholders and markup are not words."""

    def words(text: str) -> list[str]:
        return re.findall(r"[A-Za-z]{3,}", re.sub(r"\{[a-z_]+\}|<[^>]+>", " ", text))

    same = [
        message.id
        for message in entries(catalogue(language))
        if isinstance(message.id, str)
        and message.string == message.id
        and len(words(message.id)) > 2
    ]
    assert same == []


def test_russian_counts_take_three_forms() -> None:
    with speaking(Language.RU):
        words = {
            n: ngettext("{count} set", "{count} sets", n).format(count=n) for n in (1, 3, 5, 21)
        }
    assert words[1] != words[3] != words[5]
    assert words[21].split()[1] == words[1].split()[1]  # 21 takes the form of 1


def test_each_task_keeps_its_own_language() -> None:
    """Concurrent updates of runners in different languages never see each other's."""

    async def word(language: Language) -> tuple[Language, str]:
        with speaking(language):
            await asyncio.sleep(0)
            return current(), _(
                "Done: I'll write to you in English from now on. Send /language to change it again."
            )

    async def both() -> list[tuple[Language, str]]:
        return list(await asyncio.gather(word(Language.DE), word(Language.RU), word(Language.EN)))

    results = asyncio.run(both())
    assert [language for language, _text in results] == [Language.DE, Language.RU, Language.EN]
    assert len({text for _language, text in results}) == 3
    assert current() is Language.EN


def test_every_catalogue_loads() -> None:
    for language in Language:
        assert translations(language) is not None
    assert sorted(path.parent.parent.name for path in LOCALES.rglob("*.po")) == sorted(
        language.value for language in TRANSLATED
    )


# --- nothing left unmarked ------------------------------------------------------------

_MARKERS = {"_", "N_", "ngettext", "pgettext"}
_LOGGING = {"debug", "info", "warning", "error", "exception", "critical", "log"}
# Prose: three words or more that read as a sentence or a label (a capital first, a
# sentence's end, or a comma between words).
_WORDS = re.compile(r"[A-Za-zА-Яа-я][a-zа-я']*(?:\W+[A-Za-zА-Яа-я][a-zа-я']*){1,}")
_PROSE = re.compile(r"^\W*[A-ZА-Я][a-zа-я']*\s|[a-z}][.!?:)]\W*$|[a-z}][,;] ")
_NOT_PROSE = re.compile(r"\(\?|\\[bdsw]|^(?:PRAGMA|SELECT|BEGIN|SET) |^[\w:.\-/]+$")


def _skipped(tree: ast.AST) -> set[int]:
    """Nodes that are not for runners: docstrings, marked texts (already in the
    catalogue), log lines and raised errors' messages (for operators)."""
    skip: set[int] = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr):
            value = body[0].value
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                skip.add(id(value))
        if isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            if name in _MARKERS or name in _LOGGING:
                skip.update(id(part) for part in ast.walk(node))
        if isinstance(node, ast.Raise) and node.exc is not None:
            skip.update(id(part) for part in ast.walk(node.exc))
    return skip


def unmarked(path: Path, root: Path = ROOT) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = _skipped(tree)
    parts = {
        id(p) for node in ast.walk(tree) if isinstance(node, ast.JoinedStr) for p in node.values
    }
    found = []
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.JoinedStr):
            text = "".join(
                str(p.value) if isinstance(p, ast.Constant) else "{}" for p in node.values
            )
        elif (
            isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in parts
        ):
            text = node.value
        else:
            continue
        if _WORDS.search(text) and _PROSE.search(text) and not _NOT_PROSE.search(text):
            found.append(f"{path.relative_to(root)}:{node.lineno}: {text[:60]!r}")
    return found


def test_no_runner_facing_literal_is_left_unmarked_in_handlers() -> None:
    files = sorted((ROOT / "handlers").glob("*.py"))
    assert len(files) > 30
    assert [line for path in files for line in unmarked(path)] == []


def test_the_unmarked_check_catches_a_sentence(tmp_path: Path) -> None:
    module = tmp_path / "handlers_like.py"
    module.write_text(
        'def reply() -> str:\n    """Docstring."""\n    LOG.info("Not for runners: fine.")\n'
        '    return _("Marked, fine.") + "Left unmarked, caught."\n'
    )
    found = [line.split(": ", 1)[1] for line in unmarked(module, tmp_path)]
    assert found == ["'Left unmarked, caught.'"]
