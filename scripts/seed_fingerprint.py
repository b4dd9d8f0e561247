"""Fingerprint of the seed posts: hashes of their six-word runs, so tests can tell copied
sentences without the posts' text being in the repository.

    python -m scripts.seed_fingerprint PATH/TO/POSTS > tests/data/seed_fingerprint.txt

reads every ``*.txt`` in the folder given and prints one hash a line, sorted, after a
comment header. Each run of six consecutive words (case-folded, punctuation dropped,
curly apostrophes made straight) is hashed with SHA-256 and cut to 16 hex digits:
enough to make a chance match between two different runs negligible, and no way back to
the words. Tests compare the six-word runs of our own texts against the file with
:func:`six_word_runs` and :func:`run_hash`, the same rules that made it.
"""

from __future__ import annotations

import hashlib
import re
import sys
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

RUN_LENGTH = 6
HASH_DIGITS = 16
_WORD = re.compile(r"\w+(?:'\w+)*")


def words(text: str) -> list[str]:
    """The words of ``text`` as the fingerprint sees them."""
    return _WORD.findall(text.replace("’", "'").replace("‘", "'").casefold())


def six_word_runs(text: str) -> Iterator[str]:
    """Every run of six consecutive words in ``text``, each joined by single spaces."""
    found = words(text)
    for start in range(len(found) - RUN_LENGTH + 1):
        yield " ".join(found[start : start + RUN_LENGTH])


def run_hash(run: str) -> str:
    return hashlib.sha256(run.encode()).hexdigest()[:HASH_DIGITS]


def fingerprint(texts: Iterable[str]) -> list[str]:
    """The sorted, distinct hashes of the six-word runs of ``texts`` (each on its own:
    no run spans two texts)."""
    return sorted({run_hash(run) for text in texts for run in six_word_runs(text)})


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    if len(arguments) != 1 or not Path(arguments[0]).is_dir():
        print("usage: python -m scripts.seed_fingerprint FOLDER_OF_POSTS", file=sys.stderr)
        return 2
    posts = sorted(Path(arguments[0]).glob("*.txt"))
    if not posts:
        print(f"no *.txt posts in {arguments[0]}", file=sys.stderr)
        return 2
    hashes = fingerprint(post.read_text(encoding="utf-8", errors="replace") for post in posts)
    print(f"# six-word runs of {len(posts)} seed posts: sha256, first {HASH_DIGITS} hex digits")
    print("# made by: python -m scripts.seed_fingerprint FOLDER_OF_POSTS")
    for value in hashes:
        print(value)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
