"""Files users send the bot: kept by file_id for getFile, and by file_path for the download."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from pathlib import PurePosixPath

from bot.standin.checks import ApiError
from bot.standin.models import JsonDict

# Telegram's cloud Bot API lets a bot download files up to 20 MB (getFile refuses bigger).
MAX_DOWNLOAD_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class StoredFile:
    """A file a user sent: its ids, its path once getFile has been called, and its bytes."""

    file_id: str
    file_unique_id: str
    file_path: str
    data: bytes


class FileStore:
    """The files users sent, as Telegram keeps them for the bot: getFile answers a
    file_id with a ``file_path`` (files over 20 MB are refused), and the download route
    serves the bytes at ``/file/bot<token>/<file_path>``."""

    def __init__(self) -> None:
        self._numbers = itertools.count(1)
        self._by_id: dict[str, StoredFile] = {}
        self._by_path: dict[str, StoredFile] = {}

    def add(self, kind: str, data: bytes, file_name: str | None = None) -> JsonDict:
        """Keep ``data`` and return the fields Telegram puts in the message for it."""
        number = next(self._numbers)
        suffix = PurePosixPath(file_name or "").suffix.lower()
        stored = StoredFile(
            file_id=f"{kind}-{number}",
            file_unique_id=f"{kind[0]}u{number}",
            file_path=f"{kind}s/file_{number}{suffix}",
            data=data,
        )
        self._by_id[stored.file_id] = stored
        self._by_path[stored.file_path] = stored
        return {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": len(data),
        }

    def get_file(self, file_id: object) -> JsonDict:
        """getFile's result; Telegram's 400s for an unknown id or a file over 20 MB."""
        stored = self._by_id.get(str(file_id or ""))
        if stored is None:
            raise ApiError(400, "Bad Request: invalid file_id")
        if len(stored.data) > MAX_DOWNLOAD_BYTES:
            raise ApiError(400, "Bad Request: file is too big")
        return {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": len(stored.data),
            "file_path": stored.file_path,
        }

    def download(self, file_path: str) -> bytes | None:
        """The bytes at ``file_path``; None for a path getFile never gave (a 404)."""
        stored = self._by_path.get(file_path)
        if stored is None or len(stored.data) > MAX_DOWNLOAD_BYTES:
            return None
        return stored.data


__all__ = ["MAX_DOWNLOAD_BYTES", "FileStore", "StoredFile"]
