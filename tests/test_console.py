"""Console mode: the real bot driven through standard input, in-process and as a real process."""

from __future__ import annotations

import asyncio
import io
import os
import re
import subprocess
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import TracebackType
from typing import Any

import pytest

from bot.console import CONSOLE_USER_ID, run_console
from bot.settings import Settings
from handlers.i18n import _, speaking
from library.deliveries import DeliveryKind, DeliveryStatus
from library.languages import Language
from storage import Database
from storage.database import head_revision
from tests.helpers import ManualClock

ROOT = Path(__file__).parents[1]
# Monday 23 November 2026, before a 07:00 run; London is on UTC in winter, so with the
# default 15 minutes of lead the warm-up is due at 06:45 UTC.
MONDAY_EARLY = datetime(2026, 11, 23, 6, 30, tzinfo=UTC)
WARMUP_DUE = datetime(2026, 11, 23, 6, 45, tzinfo=UTC)
WAIT_SECONDS = 30.0


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


def test_console_chats_in_the_language_given(tmp_path: Path) -> None:
    """`coachbot console --lang de`: a new runner is spoken to in German, and a runner the
    database knows in English is switched by the /language the console starts with."""
    result = run_bot(tmp_path, "console", stdin="/help\n")
    assert "coach> What I can do" in result.stdout
    result = run_bot(tmp_path, "console", "--lang", "de", stdin="/help\n")
    assert result.returncode == 0, result.stderr
    assert "you> /language de" in result.stdout
    with speaking(Language.DE):
        assert f"coach> {_('What I can do')}" in result.stdout
    assert "What I can do" not in result.stdout
    refused = run_bot(tmp_path, "console", "--lang", "pt")
    assert refused.returncode == 2
    assert "--lang" in refused.stderr


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


class Transcript(io.StringIO):
    """The console's standard output, which a test can wait on (written in the loop's thread)."""

    def __init__(self) -> None:
        super().__init__()
        self._changed = asyncio.Event()

    def write(self, text: str) -> int:
        written = super().write(text)
        self._changed.set()
        return written

    async def wait_for(self, pattern: str) -> re.Match[str]:
        """The first match of ``pattern`` in what was printed, once it is there."""
        try:
            async with asyncio.timeout(WAIT_SECONDS):
                while (match := re.search(pattern, self.getvalue())) is None:
                    self._changed.clear()
                    await self._changed.wait()
        except TimeoutError:
            raise AssertionError(f"{pattern!r} never printed:\n{self.getvalue()}") from None
        return match


class LiveConsole:
    """``run_console`` in the background, its standard input a pipe the test types into
    (so it stays open, as a terminal does, until the test closes it: Ctrl-D)."""

    def __init__(self, settings: Settings, **options: Any) -> None:
        self.settings = settings
        self.options = options
        self.out = Transcript()
        self.status: int | None = None

    async def __aenter__(self) -> LiveConsole:
        read_end, write_end = os.pipe()
        self._stdin = os.fdopen(read_end, "r", encoding="utf-8")
        self._keyboard = os.fdopen(write_end, "w", encoding="utf-8")
        self._task = asyncio.create_task(
            run_console(self.settings, stdin=self._stdin, stdout=self.out, **self.options)
        )
        return self

    def send(self, line: str) -> None:
        self._keyboard.write(f"{line}\n")
        self._keyboard.flush()

    async def press(self, label: str) -> None:
        """Type ``#N`` for the last button shown whose label contains ``label``."""
        await self.out.wait_for(rf"\[#\d+ [^\]]*{re.escape(label)}")
        number = re.findall(rf"\[#(\d+) [^\]]*{re.escape(label)}", self.out.getvalue())[-1]
        self.send(f"#{number}")

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._keyboard.close()  # end of input: the console finishes what it has and exits
        try:
            self.status = await asyncio.wait_for(self._task, WAIT_SECONDS)
        finally:
            self._stdin.close()


def with_quick_ticks(settings: Settings) -> Settings:
    return settings.model_copy(update={"delivery_interval_seconds": 0.05})


async def schedule_in_one_console_run(settings: Settings, clock: ManualClock) -> None:
    """A first console run: the runner plans a daily 07:00 run, then quits."""
    out = io.StringIO()
    script = io.StringIO("/schedule daily 07:00\n")
    assert await run_console(settings, stdin=script, stdout=out, clock=clock) == 0
    assert "Next warm-up: Mon 23 Nov, 06:45" in out.getvalue(), out.getvalue()


async def planned_then_restarted(
    settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[Settings, ManualClock]:
    """A daily 07:00 run planned in one console run (in ``tmp_path``, quick ticks), and
    the clock at its warm-up's due time, for the next console run to start."""
    monkeypatch.chdir(tmp_path)
    settings = with_quick_ticks(settings)
    clock = ManualClock(MONDAY_EARLY)
    await schedule_in_one_console_run(settings, clock)
    clock.current = WARMUP_DUE
    return settings, clock


async def test_a_warmup_due_after_a_restart_reaches_the_console_untyped(
    settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Plan a run, quit, start the console again and type nothing: the due warm-up is
    printed, stored as sent, and the runner is not paused as if they had blocked the bot."""
    settings, clock = await planned_then_restarted(settings, tmp_path, monkeypatch)
    async with LiveConsole(settings, clock=clock) as console:
        await console.out.wait_for(r"Pre-run warm-up · Mon 23 Nov")
    assert console.status == 0
    transcript = console.out.getvalue()
    assert "you>" not in transcript
    assert "coach> 🏃 Your run starts at 07:00 (in 15 min)" in transcript
    assert "paused" not in transcript
    database = Database(settings.database_url)
    async with database.unit_of_work() as uow:
        profile = await uow.users.get(CONSOLE_USER_ID)
        assert profile is not None
        deliveries = await uow.deliveries.for_user(profile.id, (DeliveryKind.WARMUP,))
    await database.dispose()
    assert profile.paused is None
    assert [(d.local_date.day, d.status) for d in deliveries][:1] == [(23, DeliveryStatus.SENT)]


async def test_pressing_snooze_prints_the_buttons_notice(
    settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The toast a button answers with (Snooze's "I'll send it again at ...") is printed."""
    settings, clock = await planned_then_restarted(settings, tmp_path, monkeypatch)
    async with LiveConsole(settings, clock=clock) as console:
        await console.out.wait_for(r"Pre-run warm-up · Mon 23 Nov")
        await console.press("Snooze")
        await console.out.wait_for(r"coach \(edited\)> 🏃 Your run starts")
    transcript = console.out.getvalue()
    assert "coach (notice)> OK — I'll send it again at 06:55.\n" in transcript
    assert transcript.index("coach (notice)>") > transcript.index("you> #")


async def test_an_alert_is_printed_as_one(
    settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A button answered with an alert (an expired /delete confirmation) shows as an alert."""
    monkeypatch.chdir(tmp_path)
    clock = ManualClock(MONDAY_EARLY)
    async with LiveConsole(settings, clock=clock) as console:
        console.send("/delete")
        await console.out.wait_for(r"\[#\d+ 🗑 Yes")
        clock.advance(timedelta(minutes=11))
        await console.press("Yes, delete")
        await console.out.wait_for(r"coach \(alert\)> ")
    assert "coach (alert)> That confirmation has expired — send /delete again.\n" in (
        console.out.getvalue()
    )


def data_folder_of(settings: Settings, cwd: Path) -> Path:
    """The test database's folder for SQLite (a file in tmp_path), ./data for PostgreSQL."""
    return cwd if settings.database_url.startswith("sqlite") else cwd / "data"


def printed_files(transcript: str) -> list[Path]:
    return [
        Path(path) for path in re.findall(r"\[(?:document|photo): (.+?), \d+ bytes\]", transcript)
    ]


async def test_console_files_go_to_the_data_folder(
    settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The export is saved in console/<user id> of the data folder, not the temp folder."""
    monkeypatch.chdir(tmp_path)
    out = io.StringIO()
    script = "/warmup\nhumps left 8 8 right 10 10\n/export\n"
    assert await run_console(settings, stdin=io.StringIO(script), stdout=out, user_id=4343) == 0
    folder = data_folder_of(settings, tmp_path) / "console" / "4343"
    files = printed_files(out.getvalue())
    assert sorted(files) == sorted(folder / name for name in os.listdir(folder))
    assert [path.name.split("-")[1] for path in sorted(files)] == ["log", "settings"]
    temporary = Path(tempfile.gettempdir()) / "coachbot-console"
    assert all(temporary not in path.parents for path in files)


async def test_delete_removes_the_console_runners_files(
    settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """/delete, confirmed, erases the files the console saved for that runner (and only
    theirs); the runner is told once they are gone."""
    monkeypatch.chdir(tmp_path)
    console_folder = data_folder_of(settings, tmp_path) / "console"
    other = console_folder / "777" / "coach-log-2026-11-23.csv"
    other.parent.mkdir(parents=True)
    other.write_text("someone else's log\n", encoding="utf-8")
    async with LiveConsole(settings, user_id=4444) as console:
        console.send("/export")
        await console.out.wait_for(r"\[document: .*coach-settings")
        (saved, settings_file) = printed_files(console.out.getvalue())
        assert saved.exists()
        assert settings_file.exists()
        console.send("/delete")
        await console.press("Yes, delete")
        await console.out.wait_for(r"coach> Done: everything about you is deleted")
        assert not saved.exists()
        assert not settings_file.exists()
        assert not (console_folder / "4444").exists()
    assert other.read_text(encoding="utf-8") == "someone else's log\n"


@pytest.mark.parametrize(
    ("url", "folder"),
    [
        ("sqlite+aiosqlite:///./data/coachbot.db", Path("data")),
        ("sqlite+aiosqlite:////srv/coach/bot.db", Path("/srv/coach")),
        ("sqlite+aiosqlite:///:memory:", Path("data")),
        ("postgresql+asyncpg://coach:pw@db.example/coach", Path("data")),
    ],
)
def test_the_data_folder_is_the_databases(url: str, folder: Path) -> None:
    """Files of the bot's own go next to the SQLite database, else to ./data."""
    assert Settings(_env_file=None, database_url=url).data_folder == folder


async def test_a_reply_keyboard_is_shown_with_what_to_type(settings: Settings) -> None:
    """The time-zone question replaces the phone's keyboard with a location button: the
    console prints it with how to share a location by typing."""
    out = io.StringIO()
    script = "/start\nmon wed\n7:00\n"
    assert await run_console(settings, stdin=io.StringIO(script), stdout=out) == 0
    zone_question = out.getvalue().split("you> 7:00", 1)[1]
    assert re.search(
        r"keyboard \(type one\): \[.*Share my location -> type @location", zone_question
    )


async def test_delete_leaves_no_empty_console_folder(
    settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When the deleted runner's files were the only ones, console/ goes with them."""
    monkeypatch.chdir(tmp_path)
    console_folder = data_folder_of(settings, tmp_path) / "console"
    async with LiveConsole(settings, user_id=4545) as console:
        console.send("/export")
        await console.out.wait_for(r"\[document: .*coach-settings")
        assert (console_folder / "4545").is_dir()
        console.send("/delete")
        await console.press("Yes, delete")
        await console.out.wait_for(r"coach> Done: everything about you is deleted")
    assert not console_folder.exists()
    assert data_folder_of(settings, tmp_path).is_dir()


def weekly_runs_calendar(start: datetime) -> bytes:
    """A training plan's calendar: an easy run every week from ``start`` (UTC), 4 times."""
    stamp = f"{start:%Y%m%dT%H%M%SZ}"
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//tests//console//EN\r\n"
        "BEGIN:VEVENT\r\nUID:easy-run@tests\r\nSUMMARY:Easy run\r\n"
        f"DTSTAMP:{stamp}\r\nDTSTART:{stamp}\r\nDURATION:PT45M\r\n"
        "RRULE:FREQ=WEEKLY;COUNT=4\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    ).encode()


async def test_a_calendar_file_is_sent_with_at_file_and_imported(
    settings: Settings, tmp_path: Path
) -> None:
    """'@file PATH' sends the file as a document, as a phone would: the bot downloads it
    from the stand-in, previews the runs and imports them. A path that can't be read
    says so and sends nothing."""
    plan = tmp_path / "plan.ics"
    start = (datetime.now(UTC) + timedelta(days=2)).replace(hour=7, minute=0, second=0)
    plan.write_bytes(weekly_runs_calendar(start))
    async with LiveConsole(settings, user_id=4646) as console:
        for line in ("/start", "tue thu 6:30", "London", "15"):
            console.send(line)
        await console.out.wait_for(r"coach> All set!")
        console.send(f"@file {tmp_path / 'missing.ics'}")
        await console.out.wait_for(r"\(can't read .*missing\.ics")
        console.send(f"@file {plan}")
        await console.out.wait_for(r"4 runs from")
        await console.press("Import 4 runs")
        await console.out.wait_for(r"Imported: 4 runs")
    assert "missing.ics" not in "".join(re.findall(r"coach> .*", console.out.getvalue()))
