"""A calendar file (.ics) of runs: read it, show what it holds, import it on the runner's word.

A document named ``*.ics`` (or sent as ``text/calendar``) is checked for size, downloaded
(getFile, then the file URL), and read by ``library.calendar_import.read_calendar`` in a
worker thread, so a big file never holds up other chats. The reply shows what was found
("12 runs from Mon 8 Dec to Mon 2 Feb, next: Tue 9 Dec 06:30"), what was left out and
why, a ☐ button for each title that may or may not be a run (asked once, ticked in
place), and Import / Cancel. Nothing is stored before Import, which replaces the runs of
an earlier import (``uow.one_off_runs.replace_source``, source "calendar") and re-plans
the next warm-up; imported runs then get warm-ups like any one-off run.

The pending import lives in the sender's ``user_data`` (this process's memory, dropped
by /delete) for :data:`PENDING_FOR`, under a random token the buttons carry: a newer
file, an expired preview or another runner's press finds nothing and changes nothing
(a restart forgets it too; the runner sends the file again). Other documents keep the
catch-all's reply (``handlers/fallback.py``).
"""

from __future__ import annotations

import asyncio
import re
import secrets
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from telegram import Document, Message, Update
from telegram.error import BadRequest
from telegram.ext import CallbackQueryHandler, MessageHandler, filters

from handlers.calendar_view import (
    CALENDAR_PREFIX,
    CANCELLED,
    EXPIRED,
    MAX_ASKED,
    NEEDS_SCHEDULE,
    TICK_FIRST,
    WEEKS_AHEAD,
    imported_text,
    nothing_found_text,
    preview_markup,
    preview_text,
    problem_text,
)
from handlers.context import CoachApplication, CoachContext
from handlers.i18n import _
from handlers.schedule_view import planned_warmup_line
from library.calendar_import import (
    MAX_BYTES,
    CalendarError,
    CalendarProblem,
    CalendarReading,
    read_calendar,
    still_ahead,
)
from library.one_off_runs import RunSource

PENDING_KEY = "calendar_import"
PENDING_FOR = timedelta(minutes=30)
_DATA = re.compile(rf"{re.escape(CALENDAR_PREFIX)}(?P<token>[0-9a-f]{{8}}):(?P<action>t\d+|ok|no)")
CALENDAR_FILES = filters.Document.FileExtension("ics") | filters.Document.MimeType("text/calendar")


@dataclass(frozen=True, slots=True)
class PendingImport:
    """A preview waiting for Import or Cancel: what was read, and what is ticked."""

    token: str
    file_name: str
    zone: str
    reading: CalendarReading
    expires: datetime
    chosen: frozenset[int] = field(default_factory=frozenset)


async def _download(document: Document) -> bytes | CalendarProblem:
    """The file's bytes, or TOO_BIG without downloading when Telegram says it is."""
    if document.file_size is not None and document.file_size > MAX_BYTES:
        return CalendarProblem.TOO_BIG
    try:
        telegram_file = await document.get_file()
    except BadRequest:  # "file is too big": over the Bot API's 20 MB download limit
        return CalendarProblem.TOO_BIG
    if telegram_file.file_size is not None and telegram_file.file_size > MAX_BYTES:
        return CalendarProblem.TOO_BIG
    return bytes(await telegram_file.download_as_bytearray())


async def on_calendar_file(update: Update, context: CoachContext) -> None:
    message = update.effective_message
    if message is None or message.document is None:
        return
    profile = await context.turn.runner()
    if profile is None:
        return
    if profile.schedule is None:
        await message.reply_html(_(NEEDS_SCHEDULE))
        return
    data = await _download(message.document)
    now = context.services.clock()
    try:
        if isinstance(data, CalendarProblem):
            raise CalendarError(data)
        zone = ZoneInfo(profile.timezone)
        reading = await asyncio.to_thread(read_calendar, data, zone, now, WEEKS_AHEAD)
    except CalendarError as error:
        await message.reply_html(f"{problem_text(error.problem)}\n{_('Nothing was changed.')}")
        return
    file_name = message.document.file_name or "calendar.ics"
    if not reading.runs and not reading.unsure:
        await message.reply_html(nothing_found_text(file_name, reading, WEEKS_AHEAD))
        return
    pending = PendingImport(
        token=secrets.token_hex(4),
        file_name=file_name,
        zone=profile.timezone,
        reading=reading,
        expires=now + PENDING_FOR,
    )
    _user_data(context)[PENDING_KEY] = pending
    await _show(message, pending, edit=False)


async def _show(message: Message, pending: PendingImport, *, edit: bool) -> None:
    text = preview_text(pending.file_name, pending.reading, pending.chosen, WEEKS_AHEAD)
    markup = preview_markup(pending.token, pending.reading, pending.chosen)
    if edit:
        await message.edit_text(text, parse_mode="HTML", reply_markup=markup)
    else:
        await message.reply_html(text, reply_markup=markup)


def _user_data(context: CoachContext) -> dict[Any, Any]:
    data = context.user_data
    if data is None:  # only updates without a user, which never reach these handlers
        raise RuntimeError("calendar import outside a user's update")
    return data


async def on_button(update: Update, context: CoachContext) -> None:
    query = update.callback_query
    if query is None or update.effective_user is None:
        return
    match = _DATA.fullmatch(query.data or "")
    pending = _user_data(context).get(PENDING_KEY)
    now = context.services.clock()
    if (
        match is None
        or not isinstance(pending, PendingImport)
        or pending.token != match["token"]
        or now >= pending.expires
        or not isinstance(query.message, Message)
    ):
        await query.answer(_(EXPIRED), show_alert=True)
        return
    action, message = match["action"], query.message
    if action == "no":
        _user_data(context).pop(PENDING_KEY, None)
        await query.answer()
        await message.edit_text(_(CANCELLED))
    elif action == "ok":
        await _import(update, context, pending, message)
    else:
        index = int(action[1:])
        if index < min(MAX_ASKED, len(pending.reading.unsure)):
            pending = replace(pending, chosen=pending.chosen ^ {index})
            _user_data(context)[PENDING_KEY] = pending
            await _show(message, pending, edit=True)
        await query.answer()


async def _import(
    update: Update, context: CoachContext, pending: PendingImport, message: Message
) -> None:
    query = update.callback_query
    assert query is not None
    now = context.services.clock()
    chosen = pending.reading.chosen(pending.chosen)
    runs = still_ahead(chosen, ZoneInfo(pending.zone), now)
    if not runs:
        await query.answer(_(TICK_FIRST if not chosen else EXPIRED), show_alert=True)
        return
    turn = context.turn
    profile = await turn.runner()
    if profile is None:
        return
    uow = await turn.uow()
    await uow.one_off_runs.replace_source(
        profile.id, RunSource.CALENDAR, [(run.day, run.start) for run in runs], now=now
    )
    await uow.deliveries.reschedule(profile.id, now)
    line = await planned_warmup_line(uow, profile)
    await turn.commit()
    _user_data(context).pop(PENDING_KEY, None)
    await query.answer()
    await message.edit_text(imported_text(runs, line), parse_mode="HTML")


def register(application: CoachApplication) -> None:
    application.add_handler(
        MessageHandler(filters.UpdateType.MESSAGE & CALENDAR_FILES, on_calendar_file)
    )
    application.add_handler(
        CallbackQueryHandler(on_button, pattern=f"^{re.escape(CALENDAR_PREFIX)}")
    )
