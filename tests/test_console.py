"""Console mode: the real bot driven through standard input, in-process and as a real process."""

from __future__ import annotations

import asyncio
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.console import run_console
from bot.settings import Settings
from storage import Database
from storage.database import head_revision

ROOT = Path(__file__).parents[1]


def child_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "DATABASE_"))}
    env["DATABASE_URL"] = f"sqlite+aiosqlite:///{tmp_path / 'console.db'}"
    env["PYTHONPATH"] = str(ROOT)
    return env


def run_bot(
    tmp_path: Path, *args: str, stdin: str = "", env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """`python -m bot ARGS` as a real process in an empty folder, fed ``stdin``."""
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env or child_env(tmp_path),
        timeout=120,
        check=False,
    )


async def test_console_answers_each_line_and_persists(settings: Settings) -> None:
    """Each input line gets its replies printed in order; the user lands in the database."""
    out = io.StringIO()
    status = await run_console(
        settings, stdin=io.StringIO("/start\n/help\n"), stdout=out, user_id=31337, first_name="Kim"
    )
    transcript = out.getvalue()
    assert status == 0
    start_at = transcript.index("you> /start")
    greeting_at = transcript.index("coach> Hi Kim")
    help_at = transcript.index("you> /help")
    help_reply_at = transcript.index("coach> What I can do")
    assert start_at < greeting_at < help_at < help_reply_at
    database = Database(settings.database_url)
    async with database.unit_of_work() as uow:
        profile = await uow.users.get(31337)
    await database.dispose()
    assert profile is not None
    assert profile.name == "Kim"


async def test_console_skips_blank_lines_and_unknown_buttons(settings: Settings) -> None:
    """Blank lines send nothing; pressing a button that does not exist explains itself."""
    out = io.StringIO()
    status = await run_console(settings, stdin=io.StringIO("\n   \n#9\n"), stdout=out)
    assert status == 0
    assert "(there is no button #9)" in out.getvalue()
    assert "coach>" not in out.getvalue()


def test_console_as_a_process_from_a_pipe(tmp_path: Path) -> None:
    """`printf '/start\\n/help\\n' | python -m bot console` prints both replies and exits 0."""
    result = run_bot(tmp_path, "console", stdin="/start\n/help\n")
    assert result.returncode == 0, result.stderr
    assert "coach> Hi Runner" in result.stdout
    assert "coach> What I can do" in result.stdout
    assert (tmp_path / "console.db").exists()


@pytest.mark.parametrize("args", [["run"], []])
def test_run_without_token_exits_with_a_hint(tmp_path: Path, args: list[str]) -> None:
    """`coachbot run` (also the default) with no token fails with one line naming BotFather."""
    result = run_bot(tmp_path, *args)
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "@BotFather" in lines[0]
    assert "coachbot console" in lines[0]


def test_run_with_fallback_starts_the_console(tmp_path: Path) -> None:
    """The README's run command (`run --fallback-console`) chats on the console without a token."""
    result = run_bot(tmp_path, "run", "--fallback-console", stdin="/help\n")
    assert result.returncode == 0, result.stderr
    assert "coach> What I can do" in result.stdout


def test_bad_setting_is_named_at_start(tmp_path: Path) -> None:
    """A broken setting stops the bot with a message that names it."""
    env = child_env(tmp_path) | {"DEFAULT_TIMEZONE": "Atlantis/Capital"}
    result = run_bot(tmp_path, "console", env=env)
    assert result.returncode == 2
    assert "DEFAULT_TIMEZONE" in result.stderr


def test_migrate_command_reports_the_revision(tmp_path: Path) -> None:
    """`coachbot migrate` creates the schema and says which revision the database is at."""
    result = run_bot(tmp_path, "migrate")
    assert result.returncode == 0, result.stderr
    assert head_revision() in result.stdout


async def test_console_saves_charts_and_exports_where_the_user_can_open_them(
    settings: Settings, tmp_path: Path
) -> None:
    """The export's files are written to the folder and their paths printed."""
    out = io.StringIO()
    script = "/warmup\nhumps left 8 8 right 10 10\n/export\n"
    files = tmp_path / "files"
    status = await run_console(
        settings, stdin=io.StringIO(script), stdout=out, user_id=4242, files_dir=files
    )
    assert status == 0
    transcript = out.getvalue()
    saved = sorted(os.listdir(files))
    assert [name.split("-")[1] for name in saved] == ["log", "settings"], transcript
    log = files / saved[0]
    assert f"[document: {log}, " in transcript
    exported = await asyncio.to_thread(log.read_text, encoding="utf-8")
    assert "hamstring_humps,Hamstring humps,left,2,8" in exported
