"""The write-ahead of delivery outcomes: each send's outcome goes to a small append-only
file the moment Telegram answers, before the group commit records it in the database,
so that a kill -9 between the two loses nothing a restart cannot read back.

Why: the dispatcher records outcomes many at a time (storage/group_commit.py), which is
what lets a wave go at hundreds of sends a second, but a warm-up Telegram has accepted
and the database does not know yet would be sent again after a crash (the Bot API has
no idempotency key). Appending one short line with ``os.write`` costs microseconds and
survives the process being killed (the kernel holds the written bytes; only a machine
crash could lose them), so the window in which a kill can double a warm-up shrinks from
"until the next commit" to "between Telegram's answer and this write".

Each life of the process writes its own file, named after its claim owner
(``outcomes_<instance key>_<pid>_<random>.log``, bot/claim_owners.py), in
OUTCOME_JOURNAL_DIR. A line is ``<delivery id> <outcome> <message id or ->``. At start
the dispatcher reads the files of earlier lives of its instance whose process is gone,
records the outcomes of the rows those lives still hold claimed, and deletes the files;
a torn last line (killed mid-write) is skipped, its send counts as not recorded. A wave
that ends with everything recorded empties its own file, so it stays small.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from bot.claim_owners import life_ended
from library.deliveries import Finished, Outcome

PREFIX = "outcomes_"
SUFFIX = ".log"
_LOGGER = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Entry:
    """One journaled outcome."""

    delivery_id: int
    outcome: Outcome
    message_id: int | None


def file_name(owner: str) -> str:
    """The journal's file name of claim owner ``"<key>:<pid>:<random>"``."""
    return PREFIX + owner.replace(":", "_") + SUFFIX


def owner_of(name: str) -> str | None:
    """The claim owner a journal file belongs to, None for another file. The instance key
    may hold ``_``; the pid and the random part never do."""
    if not (name.startswith(PREFIX) and name.endswith(SUFFIX)):
        return None
    parts = name[len(PREFIX) : -len(SUFFIX)].rsplit("_", 2)
    if len(parts) != 3 or not parts[0] or not parts[1].isdigit() or not parts[2]:
        return None
    return ":".join(parts)


def line_of(finished: Finished) -> bytes:
    message = "-" if finished.message_id is None else str(finished.message_id)
    return f"{finished.delivery.id} {finished.outcome.value} {message}\n".encode()


def read(path: Path) -> list[Entry]:
    """The outcomes in a journal file; a line that is not whole (a write cut by a kill)
    or not an outcome is skipped."""
    entries: list[Entry] = []
    try:
        text = path.read_bytes().decode("ascii", "replace")
    except FileNotFoundError:
        return entries
    for line in text.split("\n")[:-1]:  # the part after the last newline is torn
        parts = line.split(" ")
        if len(parts) != 3 or not parts[0].isdigit():
            continue
        try:
            outcome = Outcome(parts[1])
        except ValueError:
            continue
        message_id = int(parts[2]) if parts[2].lstrip("-").isdigit() else None
        entries.append(Entry(int(parts[0]), outcome, message_id))
    return entries


def earlier_lives(folder: Path, me: str) -> Iterator[tuple[str, Path]]:
    """The journal files in ``folder`` of earlier lives of ``me``'s instance whose
    process is gone, with their owners."""
    try:
        names = sorted(os.listdir(folder))
    except FileNotFoundError:
        return
    for name in names:
        owner = owner_of(name)
        if owner is not None and life_ended(owner, me):
            yield owner, folder / name


class OutcomeJournal:
    """This life's journal file: opened at the first outcome, appended to unbuffered."""

    def __init__(self, folder: Path, owner: str) -> None:
        self.folder = folder
        self.path = folder / file_name(owner)
        self._fd: int | None = None
        self.pending = False  # written since the last clear: not known to be committed

    def write(self, finished: Finished) -> None:
        """Append ``finished`` (one ``write`` system call: whole, or torn only by a kill
        in its middle)."""
        if self._fd is None:
            self.folder.mkdir(parents=True, exist_ok=True)
            self._fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        os.write(self._fd, line_of(finished))
        self.pending = True

    def clear(self) -> None:
        """Empty the file: everything in it is recorded in the database."""
        if self._fd is not None:
            os.ftruncate(self._fd, 0)
        self.pending = False

    def close(self) -> None:
        """Close and remove the file (a clean stop: everything is recorded)."""
        if self._fd is None:
            return
        os.close(self._fd)
        self._fd = None
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()


class Slot:
    """One of the dispatcher's connection slots (a send's), released once however often
    asked: after the outcome is journaled, or when the send ends."""

    __slots__ = ("_held", "_semaphore")

    def __init__(self, semaphore: asyncio.Semaphore) -> None:
        self._semaphore = semaphore
        self._held = True

    def release(self) -> None:
        if self._held:
            self._held = False
            self._semaphore.release()

    def release_when_done(self, _task: asyncio.Task[object]) -> None:
        self.release()
