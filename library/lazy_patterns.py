"""Regular expressions compiled at their first use instead of at import.

The word tables of the five languages make long alternations, and compiling them all
when the modules are imported took a good part of the bot's start. A
:class:`LazyPattern` holds the pattern's text and compiles it the first time one of
``re.Pattern``'s methods is called; from then on those methods are the compiled
pattern's own (bound on the instance), so a call costs what it did before. The results
are exactly those of ``re.compile(pattern, flags)``. :func:`uncompiled` lists the
patterns not compiled yet, for a caller with time to spare to compile them ahead of use
(the bot does, a moment after its start).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterator
from typing import Any

# Every LazyPattern made, in order (module-level patterns: a few hundred at most).
_MADE: list[LazyPattern] = []


class LazyPattern:
    """``re.compile(pattern, flags)``, done when first used: ``search``, ``match``,
    ``fullmatch``, ``sub``, ``subn``, ``split``, ``findall``, ``finditer``, as on
    ``re.Pattern``; ``compiled`` is the compiled pattern itself."""

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern = pattern
        self.flags = flags
        _MADE.append(self)

    @property
    def is_compiled(self) -> bool:
        return "_compiled" in vars(self)

    @property
    def compiled(self) -> re.Pattern[str]:
        """The compiled pattern (compiled now if it was not yet)."""
        compiled: re.Pattern[str] | None = vars(self).get("_compiled")
        if compiled is None:
            compiled = re.compile(self.pattern, self.flags)
            # The compiled pattern's methods shadow this class's from now on.
            vars(self).update(
                _compiled=compiled,
                search=compiled.search,
                match=compiled.match,
                fullmatch=compiled.fullmatch,
                sub=compiled.sub,
                subn=compiled.subn,
                split=compiled.split,
                findall=compiled.findall,
                finditer=compiled.finditer,
            )
        return compiled

    def search(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.compiled.search(string, pos, endpos)

    def match(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.compiled.match(string, pos, endpos)

    def fullmatch(
        self, string: str, pos: int = 0, endpos: int = sys.maxsize
    ) -> re.Match[str] | None:
        return self.compiled.fullmatch(string, pos, endpos)

    def sub(self, repl: str | Callable[[re.Match[str]], str], string: str, count: int = 0) -> str:
        return self.compiled.sub(repl, string, count)

    def subn(
        self, repl: str | Callable[[re.Match[str]], str], string: str, count: int = 0
    ) -> tuple[str, int]:
        return self.compiled.subn(repl, string, count)

    def split(self, string: str, maxsplit: int = 0) -> list[str | Any]:
        return self.compiled.split(string, maxsplit)

    def findall(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> list[Any]:
        return self.compiled.findall(string, pos, endpos)

    def finditer(
        self, string: str, pos: int = 0, endpos: int = sys.maxsize
    ) -> Iterator[re.Match[str]]:
        return self.compiled.finditer(string, pos, endpos)

    def __repr__(self) -> str:
        return f"LazyPattern({self.pattern!r}, {self.flags!r})"


def uncompiled() -> list[LazyPattern]:
    """The patterns made so far and not compiled yet (``pattern.compiled`` compiles one)."""
    return [pattern for pattern in _MADE if not pattern.is_compiled]
