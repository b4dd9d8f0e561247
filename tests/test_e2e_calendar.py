"""A calendar file (.ics) of runs, end to end over the stand-in: upload, preview, the
unsure events ticked, Import or Cancel, a newer file replacing the earlier import, bad
files refused with nothing changed, and buttons that act only for their own preview."""

from __future__ import annotations

import os
from datetime import UTC, date, time, timedelta

import pytest

from bot.scheduler import dispatcher_of
from bot.standin import BotApiStandIn, SentMessage, StandInUser
from handlers import fallback
from handlers.calendar_view import CALENDAR_PREFIX
from handlers.context import CoachApplication
from library.one_off_runs import RunSource
from storage import Database
from tests.helpers import ManualClock, register_runner

pytestmark = pytest.mark.e2e

# The clock fixture's Monday 23 November 2026, 06:30 UTC (07:30 in Berlin).
TUESDAY = date(2026, 11, 24)


def ics(*events: str) -> bytes:
    inner = "".join(events)
    text = f"BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//tests//e2e//EN\n{inner}END:VCALENDAR\n"
    return text.replace("\n", "\r\n").encode()


def event(summary: str, start: str, *lines: str) -> str:
    extra = "".join(f"{line}\n" for line in lines)
    return f"BEGIN:VEVENT\nSUMMARY:{summary}\nDTSTART{start}\n{extra}END:VEVENT\n"


PLAN = ics(
    event("Easy run", ";TZID=Europe/Berlin:20261124T063000", "RRULE:FREQ=WEEKLY;COUNT=4"),
    event("Team meeting", ";TZID=Europe/Berlin:20261125T100000"),
    event("Session A", ";TZID=Europe/Berlin:20261126T180000"),
)


async def runner(database: Database, standin: BotApiStandIn, user: StandInUser) -> int:
    standin.register_user(user)
    return await register_runner(
        database, user.id, days=frozenset({6}), at=time(9, 0), zone="Europe/Berlin"
    )


async def calendar_runs(database: Database, user_id: int) -> list[tuple[date, str, str]]:
    async with database.unit_of_work() as uow:
        runs = await uow.one_off_runs.upcoming(user_id, date(2026, 1, 1))
    return [(run.local_date, f"{run.local_time:%H:%M}", run.source.value) for run in runs]


async def send(
    standin: BotApiStandIn, user: StandInUser, data: bytes, name: str = "plan.ics"
) -> SentMessage:
    standin.send_document(user, name, None, "text/calendar", data)
    [reply] = await standin.replies(user)
    return reply


def labels(message: SentMessage) -> list[str]:
    return [label for label, _ in message.buttons]


async def press(
    standin: BotApiStandIn, user: StandInUser, message: SentMessage, label: str
) -> None:
    answers = len(standin.callback_answers)
    standin.press_button(user, message, label)
    await standin.wait_until(lambda: len(standin.callback_answers) > answers)
    await standin.quiet()


async def test_preview_tick_and_import_store_the_runs(
    coach: CoachApplication, standin: BotApiStandIn, database: Database, alice: StandInUser
) -> None:
    user_id = await runner(database, standin, alice)
    preview = await send(standin, alice, PLAN)
    assert "4 runs from Tue 24 Nov to Tue 15 Dec, next: Tue 24 Nov 06:30" in preview.plain
    assert "not a run: 1" in preview.plain
    assert labels(preview) == ["☐ Session A ×1", "Import 4 runs", "Cancel"]
    assert await calendar_runs(database, user_id) == []  # nothing before Import

    await press(standin, alice, preview, "Session A")
    assert labels(preview) == ["☑ Session A ×1", "Import 5 runs", "Cancel"]
    assert "5 runs from Tue 24 Nov" in preview.plain

    await press(standin, alice, preview, "Import")
    assert "Imported" in preview.plain
    assert preview.buttons == []
    assert await calendar_runs(database, user_id) == [
        (TUESDAY, "06:30", "calendar"),
        (date(2026, 11, 26), "18:00", "calendar"),
        (date(2026, 12, 1), "06:30", "calendar"),
        (date(2026, 12, 8), "06:30", "calendar"),
        (date(2026, 12, 15), "06:30", "calendar"),
    ]


async def test_cancel_stores_nothing_and_the_buttons_go_quiet(
    coach: CoachApplication, standin: BotApiStandIn, database: Database, alice: StandInUser
) -> None:
    user_id = await runner(database, standin, alice)
    preview = await send(standin, alice, PLAN)
    import_data = preview.callback_data_for("Import")
    await press(standin, alice, preview, "Cancel")
    assert "nothing was changed" in preview.plain
    standin.press(alice, preview, import_data, forge=True)  # a client that kept the button
    await standin.wait_until(lambda: len(standin.callback_answers) == 2)
    assert "no longer open" in standin.callback_answers[-1]["text"]
    assert await calendar_runs(database, user_id) == []


async def test_a_newer_file_replaces_the_earlier_import_only(
    coach: CoachApplication, standin: BotApiStandIn, database: Database, alice: StandInUser
) -> None:
    user_id = await runner(database, standin, alice)
    async with database.unit_of_work() as uow:  # a run added in the chat stays
        await uow.one_off_runs.add(user_id, date(2026, 11, 28), time(10, 0), RunSource.CHAT)
        await uow.commit()
    first = await send(standin, alice, PLAN)
    await press(standin, alice, first, "Import")
    newer = ics(event("Long run", ";TZID=Europe/Berlin:20261129T080000"))
    second = await send(standin, alice, newer, "plan-v2.ics")
    assert "1 run on Sun 29 Nov, next: Sun 29 Nov 08:00" in second.plain
    await press(standin, alice, second, "Import")
    assert await calendar_runs(database, user_id) == [
        (date(2026, 11, 28), "10:00", "chat"),
        (date(2026, 11, 29), "08:00", "calendar"),
    ]


async def test_an_older_preview_is_replaced_by_a_newer_file(
    coach: CoachApplication, standin: BotApiStandIn, database: Database, alice: StandInUser
) -> None:
    user_id = await runner(database, standin, alice)
    older = await send(standin, alice, PLAN)
    await send(standin, alice, ics(event("Long run", ";TZID=Europe/Berlin:20261129T080000")))
    await press(standin, alice, older, "Import")
    assert "no longer open" in standin.callback_answers[-1]["text"]
    assert await calendar_runs(database, user_id) == []


async def test_buttons_act_only_for_the_runner_who_sent_the_file(
    coach: CoachApplication,
    standin: BotApiStandIn,
    database: Database,
    alice: StandInUser,
    bob: StandInUser,
) -> None:
    alice_id = await runner(database, standin, alice)
    bob_id = await runner(database, standin, bob)
    alices = await send(standin, alice, PLAN)
    bobs = await send(standin, bob, ics(event("Long run", ":20261129T070000Z")))
    token_data = alices.callback_data_for("Import")
    assert token_data.startswith(CALENDAR_PREFIX)
    standin.press(bob, bobs, token_data, forge=True)  # Alice's button data, pressed by Bob
    await standin.wait_until(lambda: len(standin.callback_answers) == 1)
    await standin.quiet()
    assert "no longer open" in standin.callback_answers[0]["text"]
    assert await calendar_runs(database, alice_id) == []
    assert await calendar_runs(database, bob_id) == []


@pytest.mark.parametrize(
    ("name", "data", "says"),
    [
        ("junk", b"\x00\x01 not a calendar at all", "doesn't look like a calendar file"),
        ("empty calendar", ics(), "no events"),
        ("malformed", b"BEGIN:VCALENDAR\r\nno colon here\r\nEND:VCALENDAR\r\n", "damaged"),
        ("all-day only", ics(event("Long run", ";VALUE=DATE:20261129")), "all-day"),
        (
            "unknown zone only",
            ics(event("Easy run", ";TZID=Mars/Olympus:20261129T080000")),
            "a time zone I don't know",
        ),
        ("past only", ics(event("Easy run", ":20261101T080000Z")), "already over"),
    ],
    ids=lambda value: value if isinstance(value, str) else "",
)
async def test_bad_files_get_a_clear_reply_and_change_nothing(
    coach: CoachApplication,
    standin: BotApiStandIn,
    database: Database,
    alice: StandInUser,
    name: str,
    data: bytes,
    says: str,
) -> None:
    user_id = await runner(database, standin, alice)
    reply = await send(standin, alice, data)
    assert says in reply.plain
    assert "Nothing was changed" in reply.plain
    assert reply.buttons == []
    assert await calendar_runs(database, user_id) == []


async def test_five_megabytes_of_junk_are_refused_without_downloading(
    coach: CoachApplication, standin: BotApiStandIn, database: Database, alice: StandInUser
) -> None:
    user_id = await runner(database, standin, alice)
    reply = await send(standin, alice, os.urandom(5 * 1024 * 1024))
    assert "too big" in reply.plain
    assert standin.calls_to("getFile") == []
    assert await calendar_runs(database, user_id) == []


async def test_other_documents_keep_the_catch_all_reply(
    coach: CoachApplication, standin: BotApiStandIn, alice: StandInUser
) -> None:
    standin.send_document(alice, "log.pdf", None, "application/pdf", b"%PDF-1.7")
    [reply] = await standin.replies(alice)
    assert reply.plain == fallback.DOCUMENT
    assert standin.calls_to("getFile") == []


async def test_a_runner_without_a_time_zone_is_asked_for_one_first(
    coach: CoachApplication, standin: BotApiStandIn, database: Database, alice: StandInUser
) -> None:
    standin.register_user(alice)
    reply = await send(standin, alice, PLAN)
    assert "/schedule" in reply.plain
    assert standin.calls_to("getFile") == []


async def test_an_import_brings_exactly_one_warmup_for_a_run_17_minutes_ahead(
    coach: CoachApplication,
    standin: BotApiStandIn,
    database: Database,
    clock: ManualClock,
    alice: StandInUser,
) -> None:
    """Monday 06:30 UTC is 07:30 in Berlin: an imported run at 07:47, with the 15-minute
    lead, brings exactly one warm-up over the waves of the next six minutes."""
    await runner(database, standin, alice)
    start = clock.current + timedelta(minutes=17)
    stamp = f"{start.astimezone(UTC):%Y%m%dT%H%M%S}Z"
    preview = await send(standin, alice, ics(event("Easy run", f":{stamp}")))
    await press(standin, alice, preview, "Import")
    assert "next: Mon 23 Nov 07:47" in preview.plain
    dispatcher = dispatcher_of(coach)
    for _ in range(6):  # waves every minute until 3 minutes after the warm-up's due time
        clock.advance(timedelta(minutes=1))
        await dispatcher.run_wave()
    await standin.quiet()
    cards = [m for m in standin.messages_to(alice) if "starts at 07:47" in m.plain]
    assert len(cards) == 1
