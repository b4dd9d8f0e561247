"""Facts carry over from the seed posts, sentences do not: no run of six words of the posts
appears in any text of ours. The posts are not in the repository; their fingerprint is
(``tests/data/seed_fingerprint.txt``, made by ``scripts/seed_fingerprint.py``)."""

from __future__ import annotations

import ast
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from scripts.seed_fingerprint import fingerprint, main, run_hash, six_word_runs

ROOT = Path(__file__).parents[1]
FINGERPRINT = Path(__file__).parent / "data" / "seed_fingerprint.txt"


def seed_hashes() -> frozenset[str]:
    lines = FINGERPRINT.read_text(encoding="utf-8").splitlines()
    return frozenset(line for line in lines if line and not line.startswith("#"))


def toml_strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from toml_strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from toml_strings(item)


def python_strings(path: Path) -> Iterator[str]:
    """The string literals of a module, an f-string's literal parts joined as one text."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.JoinedStr):
            yield " ".join(
                part.value
                for part in node.values
                if isinstance(part, ast.Constant) and isinstance(part.value, str)
            )
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            yield node.value


def our_texts() -> Iterator[tuple[str, str]]:
    """(where, text) for everything the bot shows and everything we wrote about it."""
    for data in sorted((ROOT / "library" / "data").glob("*.toml")):
        for text in toml_strings(tomllib.loads(data.read_text(encoding="utf-8"))):
            yield str(data.relative_to(ROOT)), text
    for package in ("bot", "handlers", "library", "storage"):
        for module in sorted((ROOT / package).rglob("*.py")):
            for text in python_strings(module):
                yield str(module.relative_to(ROOT)), text
    for document in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        yield str(document.relative_to(ROOT)), document.read_text(encoding="utf-8")
    for catalogue in sorted((ROOT / "handlers" / "locales").rglob("*.po")):
        with catalogue.open("rb") as po:
            for message in read_po(po):
                string = message.string
                forms = list(string) if isinstance(string, (tuple, list)) else [string or ""]
                for text in forms:
                    yield str(catalogue.relative_to(ROOT)), str(text)


def test_the_fingerprint_covers_both_posts() -> None:
    hashes = seed_hashes()
    # Two posts of about 450 and 500 words: a run starts at nearly every word.
    assert len(hashes) > 800
    assert all(len(value) == 16 and int(value, 16) >= 0 for value in hashes)


def test_the_check_catches_a_copied_run_through_case_and_punctuation(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    post = "Keep the hips level; the knee stays soft. Lower slowly, then return."
    (tmp_path / "post.txt").write_text(post, encoding="utf-8")
    assert main([str(tmp_path)]) == 0
    printed = [line for line in capsys.readouterr().out.splitlines() if not line.startswith("#")]
    assert printed == fingerprint([post])
    copied = "Tip: KEEP the hips level, the knee stays soft!"
    assert {run_hash(run) for run in six_word_runs(copied)} & set(printed)
    fresh = "Hold your pelvis square and let the knee bend a little."
    assert not {run_hash(run) for run in six_word_runs(fresh)} & set(printed)


def test_the_script_refuses_a_folder_without_posts(tmp_path: Path) -> None:
    assert main([str(tmp_path)]) == 2
    assert main([str(tmp_path / "missing")]) == 2
    assert main([]) == 2


def test_no_text_of_ours_copies_six_words_of_the_seed_posts() -> None:
    hashes = seed_hashes()
    checked = 0
    copied: list[tuple[str, str]] = []
    for where, text in our_texts():
        for run in six_word_runs(text):
            checked += 1
            if run_hash(run) in hashes:
                copied.append((where, run))
    assert checked > 10_000, "too little text found to check"
    assert copied == []
