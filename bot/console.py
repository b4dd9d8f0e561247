"""Console mode: the real Application against the loopback stand-in, with the terminal as the user.

Typed lines become messages from one runner; the bot's replies are printed, inline
buttons shown as ``[#N label]`` and pressed by typing ``#N``, and the notice a button
press answers with (Telegram's toast or alert) printed as ``coach (notice)>`` or
``coach (alert)>``. ``@location LAT LON`` shares a location; photos and documents are
saved to the runner's folder under the data folder (:func:`files_folder`) and their path
printed; /delete removes that folder's files along with the runner's rows. The Mini
App's web server runs on a free local port: a link to the dashboard with initData for
the runner is printed at the start and for ``@dashboard``. The stand-in
knows the runner's chat from the start, so scheduled warm-ups and weekly summaries
reach the console after a restart too. With standard input not a terminal it reads one
message per line, waits for the bot to go quiet after each, and exits 0 at the end of
the input.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import logging
import mimetypes
import re
import sys
import threading
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TextIO

from bot.application import build_application, running, utc_now, webapp_of
from bot.settings import DEFAULT_DATA_FOLDER, Settings
from bot.standin import BotApiStandIn, CallbackNotice, SentMessage, StandInUser
from handlers.context import CoachApplication
from library.init_data import sign_init_data

# Only the loopback stand-in accepts this token; it is not a secret.
CONSOLE_TOKEN = "1000000:console-chat-local-token"
CONSOLE_USER_ID = 100_000_001
REPLY_TIMEOUT_SECONDS = 30.0
_LOGGER = logging.getLogger(__name__)
_BUTTON = re.compile(r"#(\d+)")
_LOCATION = re.compile(r"@location\s+(-?\d+(?:\.\d+)?)[,\s]+(-?\d+(?:\.\d+)?)", re.IGNORECASE)
_FILE = re.compile(r"@file\s+(.+)", re.IGNORECASE)
MAX_FILE_BYTES = 20 * 1024 * 1024  # what Telegram lets a bot download

BANNER = (
    "Chatting with the coach on this computer (no Telegram needed).\n"
    "Type a message and press Enter. #N presses button N, "
    "'@location LAT LON' shares a location, '@file PATH' sends a file "
    "(a calendar's .ics, say), '@dashboard' prints the dashboard's link, Ctrl-D quits.\n"
    "Scheduled warm-ups arrive here whenever the chat is open.\n"
)
DASHBOARD_COMMAND = "@dashboard"
# Printed with a fresh link at the start and for @dashboard (initData expires).
DASHBOARD_LINE = (
    "Your dashboard (the Mini App) in a browser, for the next hour "
    "({command}: a new link):\n{url}\n"
)

PROMPT = "you> "


def files_folder(settings: Settings, user_id: int) -> Path:
    """Where the console saves what the bot sends ``user_id`` as files (charts, exports):
    ``console/<user id>`` in the data folder, the SQLite database's folder (./data)."""
    return settings.data_folder / "console" / str(user_id)


def _remove_files(folder: Path) -> None:
    """Delete the files the console saved in ``folder``, then the folder if that empties it."""
    if not folder.is_dir():
        return
    for entry in folder.iterdir():
        if entry.is_file() or entry.is_symlink():
            entry.unlink(missing_ok=True)
    with contextlib.suppress(OSError):  # something else lives there: leave it
        folder.rmdir()
        folder.parent.rmdir()  # console/ itself, when no other user's files are left


class ConsoleChat:
    """The terminal's side of the conversation: prints messages and turns lines into updates."""

    def __init__(
        self,
        standin: BotApiStandIn,
        user: StandInUser,
        out: TextIO,
        files_dir: Path | None = None,
    ) -> None:
        self.standin = standin
        self.user = user
        self.out = out
        if files_dir is None:
            files_dir = DEFAULT_DATA_FOLDER / "console" / str(user.id)
        self.files_dir = files_dir.absolute()  # printed paths open from any folder
        # The prompt is on screen, waiting: what the bot sends unasked (a scheduled
        # warm-up) goes on a line of its own, and the prompt comes back under it.
        self.prompting = False
        self._numbers = itertools.count(1)
        self._buttons: dict[int, tuple[SentMessage, str]] = {}

    def prompt(self) -> None:
        self.out.write(PROMPT)
        self.out.flush()
        self.prompting = True

    def _begin(self) -> bool:
        interrupted, self.prompting = self.prompting, False
        if interrupted:
            self.out.write("\n")
        return interrupted

    def _end(self, interrupted: bool) -> None:
        if interrupted:
            self.prompt()
        self.out.flush()

    def _write(self, prefix: str, body: str) -> None:
        lines = body.splitlines() or [""]
        self.out.write(f"{prefix} {lines[0]}\n")
        for line in lines[1:]:
            self.out.write(f"       {line}\n")

    def show(self, message: SentMessage, edited: bool) -> None:
        """Print a message the bot sent or edited in the runner's chat, with its buttons."""
        if message.chat_id != self.user.chat_id:
            return
        interrupted = self._begin()
        prefix = "coach (edited)>" if edited else "coach>"
        body = message.plain
        if message.file is not None:
            kind = "photo" if message.method == "sendphoto" else "document"
            attachment = f"[{kind}: {self._save(message)}, {len(message.file.data)} bytes]"
            body = f"{attachment}\n{body}" if body else attachment
        self._write(prefix, body)
        rows = (message.reply_markup or {}).get("inline_keyboard", [])
        for row in rows:
            cells = []
            for button in row:
                data = button.get("callback_data")
                if data is None:
                    web_app = button.get("web_app") or {}
                    target = button.get("url") or web_app.get("url", "")
                    cells.append(f"[{button['text']} -> {target}]")
                    continue
                number = next(self._numbers)
                self._buttons[number] = (message, data)
                cells.append(f"[#{number} {button['text']}]")
            self.out.write("       " + "  ".join(cells) + "\n")
        self._show_reply_keyboard(message.reply_markup or {})
        self._end(interrupted)

    def _show_reply_keyboard(self, markup: dict[str, object]) -> None:
        """A keyboard that replaces the phone's: its buttons send their text, so the
        console shows what to type (and how to share a location)."""
        rows = markup.get("keyboard")
        if not isinstance(rows, list):
            return
        cells = []
        for row in rows:
            for button in row if isinstance(row, list) else []:
                text = button.get("text", "") if isinstance(button, dict) else str(button)
                if isinstance(button, dict) and button.get("request_location"):
                    cells.append(f"[{text} -> type @location LAT LON]")
                else:
                    cells.append(f"[{text}]")
        self.out.write("       keyboard (type one): " + "  ".join(cells) + "\n")

    def notice(self, notice: CallbackNotice) -> None:
        """Print the bot's answer to a button press, as Telegram shows it over the chat."""
        if notice.user_id != self.user.id or not notice.text:
            return
        interrupted = self._begin()
        self._write("coach (alert)>" if notice.show_alert else "coach (notice)>", notice.text)
        self._end(interrupted)

    async def forget(self, user_id: int) -> None:
        """The runner's data was erased (/delete): remove the files saved for them."""
        if user_id == self.user.id:
            await asyncio.to_thread(_remove_files, self.files_dir)

    def _save(self, message: SentMessage) -> str:
        """Write the attachment where the user can open it; its path (or name if that fails)."""
        assert message.file is not None
        name = Path(message.file.filename or f"file-{message.message_id}").name
        try:
            self.files_dir.mkdir(parents=True, exist_ok=True)
            path = self.files_dir / name
            path.write_bytes(message.file.data)
        except OSError as error:
            _LOGGER.warning("could not save %s: %s", name, error)
            return name
        return str(path)

    def _send_file(self, path: Path) -> int | None:
        """Send the file at ``path`` as a document, as a phone would; None (and why) when
        it can't be read or is over Telegram's download limit."""
        try:
            with path.open("rb") as file:
                data = file.read(MAX_FILE_BYTES + 1)
        except OSError as error:
            self.out.write(f"(can't read {path}: {error.strerror or error})\n")
            return None
        if len(data) > MAX_FILE_BYTES:
            self.out.write(f"({path.name} is over 20 MB, more than Telegram lets a bot fetch)\n")
            return None
        mime_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return self.standin.send_document(self.user, path.name, mime_type=mime_type, data=data)

    def say(self, line: str) -> int | None:
        """Send what the user typed; returns the update id, or None when nothing was sent."""
        text = line.rstrip("\r\n")
        if not text.strip():
            return None
        button = _BUTTON.fullmatch(text.strip())
        if button:
            entry = self._buttons.get(int(button.group(1)))
            if entry is None:
                self.out.write(f"(there is no button #{button.group(1)})\n")
                return None
            message, data = entry
            try:
                return self.standin.press(self.user, message, data)
            except LookupError:
                self.out.write(f"(button #{button.group(1)} is no longer on that message)\n")
                return None
        document = _FILE.fullmatch(text.strip())
        if document:
            return self._send_file(Path(document.group(1).strip()).expanduser())
        location = _LOCATION.fullmatch(text.strip())
        if location:
            return self.standin.share_location(
                self.user, float(location.group(1)), float(location.group(2))
            )
        return self.standin.send_text(self.user, text)


async def _until_handled(
    application: CoachApplication, standin: BotApiStandIn, update_id: int
) -> None:
    """Wait until the bot has taken the update, run its handlers and sent what it sends."""
    try:
        # The update is acknowledged once the updater has queued it; join() then returns
        # when the application has processed everything queued.
        await standin.wait_until(lambda: standin.acknowledged(update_id), REPLY_TIMEOUT_SECONDS)
        await asyncio.wait_for(application.update_queue.join(), REPLY_TIMEOUT_SECONDS)
        await standin.quiet(idle=0.05, timeout=REPLY_TIMEOUT_SECONDS)
    except TimeoutError:
        _LOGGER.warning(
            "the bot did not finish update %s within %ss", update_id, REPLY_TIMEOUT_SECONDS
        )


def dashboard_link(application: CoachApplication, user: StandInUser, now: datetime) -> str | None:
    """The Mini App's address on this machine with initData for ``user``, signed as
    Telegram signs it for the console's bot; None when no web server runs."""
    server = webapp_of(application)
    if server is None or not server.running:
        return None
    person = {"id": user.id, "first_name": user.first_name, "language_code": user.language_code}
    init_data = sign_init_data(
        {
            "query_id": f"console-{user.id}",
            "user": json.dumps(person, ensure_ascii=False, separators=(",", ":")),
            "auth_date": str(int(now.timestamp())),
        },
        CONSOLE_TOKEN,
    )
    return server.local_url(init_data)


def _show_dashboard_link(
    application: CoachApplication, user: StandInUser, now: datetime, out: TextIO
) -> None:
    url = dashboard_link(application, user, now)
    if url is not None:
        out.write(DASHBOARD_LINE.format(command=DASHBOARD_COMMAND, url=url))
        out.flush()


def _start_reader(stream: TextIO, queue: asyncio.Queue[str | None]) -> None:
    loop = asyncio.get_running_loop()

    def read() -> None:
        for line in stream:
            loop.call_soon_threadsafe(queue.put_nowait, line)
        loop.call_soon_threadsafe(queue.put_nowait, None)

    # A daemon thread: a blocked read of the terminal must never keep the process alive.
    threading.Thread(target=read, name="console-stdin", daemon=True).start()


async def run_console(
    settings: Settings,
    *,
    stdin: TextIO = sys.stdin,
    stdout: TextIO = sys.stdout,
    user_id: int = CONSOLE_USER_ID,
    first_name: str = "Runner",
    clock: Callable[[], datetime] = utc_now,
    files_dir: Path | None = None,
    language: str | None = None,
) -> int:
    """Chat with the bot until the end of input; returns the exit status.

    ``language`` (a code such as "de") is the played user's Telegram app language, so a
    new runner is spoken to in it; the chat also starts with ``/language <code>``, which
    switches a runner the console's database already knows.

    Photos and documents the bot sends (the progress chart, the export) are saved in
    ``files_dir`` (default: :func:`files_folder`), the runner's own folder: /delete
    removes the files in it.
    """
    interactive = stdin.isatty()
    user = StandInUser(id=user_id, first_name=first_name, language_code=language or "en")
    async with BotApiStandIn(token=CONSOLE_TOKEN) as standin:
        # The runner has talked to the bot before (in an earlier console run, as far as
        # the database knows): a due warm-up must reach them before they type anything.
        standin.register_user(user)
        chat = ConsoleChat(standin, user, stdout, files_dir or files_folder(settings, user_id))
        application = build_application(
            # The dashboard's server is for this machine's browser only.
            settings.model_copy(update={"webapp_listen": "127.0.0.1"}),
            token=CONSOLE_TOKEN,
            base_url=standin.base_url,
            clock=clock,
            erase_hooks=[chat.forget],
            webapp_port=0,  # a free port on this machine
        )
        standin.listeners.append(chat.show)
        standin.notice_listeners.append(chat.notice)
        queue: asyncio.Queue[str | None] = asyncio.Queue()
        async with running(application):
            if interactive:
                stdout.write(BANNER)
            _show_dashboard_link(application, user, clock(), stdout)
            if language:
                queue.put_nowait(f"/language {language}")
            _start_reader(stdin, queue)
            while True:
                if interactive:
                    chat.prompt()
                line = await queue.get()
                chat.prompting = False
                if line is None:
                    break
                if not interactive:
                    stdout.write(f"{PROMPT}{line.rstrip()}\n")
                if line.strip().lower() == DASHBOARD_COMMAND:
                    _show_dashboard_link(application, user, clock(), stdout)
                    continue
                update_id = chat.say(line)
                if update_id is None:
                    continue
                await _until_handled(application, standin, update_id)
        if interactive:
            stdout.write("\nBye — see you before your next run.\n")
        stdout.flush()
    return 0
