"""A benchmark's view of the bot processes it runs: a process's CPU time so far (Linux's
/proc), a py-spy profile of it over a block of the benchmark when BENCH_PROFILE asks for
one, and the command line that runs a benchmark so that SIGTERM stops its bots too."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sys
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path


def cpu_time(pid: int) -> float:
    """A process's CPU time so far, user and system, in seconds (Linux's /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    utime, stime = int(fields[11]), int(fields[12])  # fields 14 and 15 of proc(5)
    return (utime + stime) / os.sysconf("SC_CLK_TCK")


@contextlib.asynccontextmanager
async def profiled(pid: int) -> AsyncIterator[None]:
    """With BENCH_PROFILE=<file.svg> (and py-spy installed: ``pip install py-spy``), a
    flame graph of process ``pid`` over the block (the burst) is written to that file
    (<file.txt>: the collapsed stacks as text, for grep and sort)."""
    profile = os.environ.get("BENCH_PROFILE")
    if not profile:
        yield
        return
    spy = await asyncio.create_subprocess_exec(
        "py-spy", "record", "--pid", str(pid), "--rate", "250", "-o", profile,
        "--format", "raw" if profile.endswith(".txt") else "flamegraph",
        stdout=asyncio.subprocess.DEVNULL,
    )  # fmt: skip
    await asyncio.sleep(1.0)  # attached
    try:
        yield
    finally:
        spy.send_signal(signal.SIGINT)  # py-spy writes the graph and exits
        await spy.wait()


def run_from_command_line(main: Callable[..., Awaitable[object]], numbers: int) -> None:
    """Run ``main`` with the first ``numbers`` command-line arguments as integers; SIGTERM
    cancels it as Ctrl-C does, so the bot processes it started are stopped either way
    (and the benchmark exits 130)."""

    async def cancellable() -> None:
        task = asyncio.current_task()
        assert task is not None
        asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, task.cancel)
        await main(*(int(argument) for argument in sys.argv[1 : 1 + numbers]))

    try:
        asyncio.run(cancellable())
    except (KeyboardInterrupt, asyncio.CancelledError):
        raise SystemExit(130) from None
