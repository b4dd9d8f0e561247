"""Faults through the stand-in: bursts of 429, 5xx, dropped connections, hangs, slow
answers and 403, against scheduled warm-ups and rep reports.

What must hold: no due warm-up and no stored (acknowledged) report is lost, none is
stored twice, and no message is doubled; every chat's messages are counted as the
stand-in recorded them.

What each fault is, and what the bot does with it:

- 500, 502 and 429 beyond the rate limiter: an error answer, nothing was sent. A warm-up
  is handed back and goes on a later wave (30 s, 60 s, 120 s ... of back-off); a
  report's reply is retried a few times in the handler. A short 429 burst is waited
  out by the rate limiter (3 retries) and costs nothing at all.
- a dropped connection (closed before any answer, the request never reached Telegram):
  NetworkError, handled like a 5xx.
- a hang (no answer, the request not performed): the bot gives up at its timeout
  (TimedOut). A warm-up is handed back and arrives exactly once. A report's reply is
  not repeated after a timeout (it could have arrived), so it is lost: at most once.
- a slow answer, performed after the bot gave up: the same TimedOut, and the one
  genuinely ambiguous case, since the bot cannot tell it from a hang. The warm-up is
  sent again (a due warm-up is never dropped on a guess), so that runner gets two; a
  report's reply is not, so the runner gets the late one, once.
- 403: the runner blocked the bot. Their scheduled messages are paused and the delivery
  recorded as failed; nothing more is tried until they come back with /start.

Time: waves are driven by hand (the ManualClock moves past each back-off, then
run_wave); tests with hangs set a short TELEGRAM_TIMEOUT_SECONDS. Nothing sleeps to let
time pass: waits are for the stand-in to reach a state.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Sequence
from datetime import timedelta

import pytest
from sqlalchemy import func, select
from telegram import Update
from telegram.error import NetworkError
from telegram.ext import CommandHandler

from bot.application import running
from bot.scheduler import dispatcher_of
from bot.settings import Settings
from bot.standin import NO_ANSWER, BotApiStandIn, Fault, SentMessage, StandInUser
from handlers import replies
from handlers.context import CoachApplication, CoachContext
from handlers.errors import REPLY_NOT_CONFIRMED
from library.deliveries import Outcome, retry_delay
from library.profiles import PauseReason
from storage import Database
from storage.models import DeliveryRow, ReportRow, UserRow
from tests.helpers import (
    DUE,
    WARMUPS,
    ManualClock,
    add_runners,
    runners,
    start_bot,
    warmups_to,
)

pytestmark = pytest.mark.e2e

SEND = "sendMessage"
HANG_TIMEOUT = 0.5  # TELEGRAM_TIMEOUT_SECONDS where a hang must be given up on (~1 s)
REPORT = "humps left 8 right 10"
CONFIRMATION = "✅ Logged Hamstring humps"
HELP_LINE = "/warmup"


# ---------------------------------------------------------------------------- helpers
async def settle(app: CoachApplication, clock: ManualClock, *, waves: int = 6) -> Counter[Outcome]:
    """Run waves until one hands nothing back, moving the clock past each back-off;
    returns the outcomes of all of them."""
    dispatcher = dispatcher_of(app)
    total: Counter[Outcome] = Counter()
    for attempt in range(1, waves + 1):
        report = await dispatcher.run_wave()
        assert report.errors == 0
        total += report.outcomes
        if not report.outcomes[Outcome.RETRY]:
            return total
        clock.advance(retry_delay(attempt))
    raise AssertionError(f"still handing back after {waves} waves: {total}")


def messages_per_chat(standin: BotApiStandIn) -> Counter[int]:
    """Every message the stand-in recorded, counted per chat."""
    return Counter(message.chat_id for message in standin.sent)


def statuses_to(standin: BotApiStandIn, user: StandInUser, method: str = SEND) -> list[int]:
    """The HTTP status of each ``method`` request to the user's chat (0: no answer)."""
    return [c.status for c in standin.calls_to(method) if c.params.get("chat_id") == user.chat_id]


async def warmup_rows(database: Database) -> dict[int, list[tuple[int, str]]]:
    """Telegram id -> (run day, status) of each warm-up delivery, by run."""
    async with database.unit_of_work() as uow:
        rows = await uow.session.execute(
            select(UserRow.telegram_user_id, DeliveryRow.local_date, DeliveryRow.status)
            .join(UserRow, UserRow.id == DeliveryRow.user_id)
            .where(DeliveryRow.kind.in_([slot.value for slot in WARMUPS]))
            .order_by(DeliveryRow.deadline_utc, DeliveryRow.id)
        )
        found: dict[int, list[tuple[int, str]]] = {}
        for telegram_id, day, status in rows:
            found.setdefault(telegram_id, []).append((day.day, status))
        return found


async def paused(database: Database, users: Sequence[StandInUser]) -> set[int]:
    """The Telegram ids among ``users`` whose scheduled messages are paused as blocked."""
    async with database.unit_of_work() as uow:
        found = await uow.users.get_many(u.id for u in users)
    return {tid for tid, profile in found.items() if profile.paused is PauseReason.BLOCKED}


async def reports_per_runner(database: Database) -> Counter[int]:
    """Stored reports counted per Telegram id."""
    async with database.unit_of_work() as uow:
        rows = await uow.session.execute(
            select(UserRow.telegram_user_id, func.count(ReportRow.id))
            .join(UserRow, UserRow.id == ReportRow.user_id)
            .group_by(UserRow.telegram_user_id)
        )
        return Counter({telegram_id: count for telegram_id, count in rows})


async def after_all_handled(standin: BotApiStandIn, user: StandInUser) -> list[SentMessage]:
    """The user's messages once everything before has been handled: their chat's updates
    go in order, so when /help is answered the earlier update's handler (retries, error
    handler and all) has finished. Returns what came before that answer."""
    before = len(standin.messages_to(user))

    def help_answered() -> bool:
        return any(HELP_LINE in m.plain for m in standin.messages_to(user)[before:])

    standin.send_text(user, "/help")
    await standin.wait_until(help_answered)
    *earlier, help_reply = standin.messages_to(user)
    assert HELP_LINE in help_reply.plain
    return earlier


# ---------------------------------------------------------------------------- warm-ups
RUNNERS = 5


@pytest.mark.parametrize(
    ("fault", "times", "status"),
    [
        (Fault.server_error(), 3, 500),
        (Fault.bad_gateway(), 3, 502),
        (Fault.dropped_connection(), 3, NO_ANSWER),
        (Fault.hang(), 2, NO_ANSWER),
        (Fault.too_many_requests(retry_after=1), 4, 429),  # beyond the limiter's 3 retries
    ],
    ids=["500x3", "502x3", "dropped-x3", "hang-x2", "429x4"],
)
async def test_every_runner_gets_exactly_one_warmup_through_a_fault_burst(
    settings: Settings,
    standin: BotApiStandIn,
    clock: ManualClock,
    database: Database,
    fault: Fault,
    times: int,
    status: int,
) -> None:
    """Each runner's first sends fail: every warm-up is handed back, arrives once on a
    later wave, and is recorded as sent with the next one planned; nothing is stuck."""
    users = runners(RUNNERS)
    await add_runners(database, standin, users, now=DUE - timedelta(hours=1))
    for user in users:
        standin.inject(fault, methods=SEND, chat_id=user.chat_id, times=times)
    clock.current = DUE
    app = await start_bot(settings, standin, clock, telegram_timeout_seconds=HANG_TIMEOUT)
    async with running(app):
        outcomes = await settle(app, clock)
    assert outcomes[Outcome.SENT] == RUNNERS
    assert set(outcomes) <= {Outcome.SENT, Outcome.RETRY}
    assert messages_per_chat(standin) == Counter({u.chat_id: 1 for u in users})
    assert all(len(warmups_to(standin, u)) == 1 for u in users)
    assert all(statuses_to(standin, u) == [status] * times + [200] for u in users)
    assert await warmup_rows(database) == {u.id: [(23, "sent"), (24, "pending")] for u in users}


async def test_a_blocked_runner_is_paused_and_never_tried_again(
    settings: Settings, standin: BotApiStandIn, clock: ManualClock, database: Database
) -> None:
    """403 on the warm-up: the runner is paused, the delivery recorded as failed, nothing
    left pending, and no later wave (not even the next day's) sends to them again,
    although Telegram would take it by then."""
    users = runners(RUNNERS)
    await add_runners(database, standin, users, now=DUE - timedelta(hours=1))
    for user in users:
        standin.inject(Fault.blocked(), methods=SEND, chat_id=user.chat_id, times=1)
    clock.current = DUE
    app = await start_bot(settings, standin, clock)
    async with running(app):
        outcomes = await settle(app, clock)
        clock.advance(timedelta(days=1))
        assert (await dispatcher_of(app).run_wave()).outcomes == Counter()
    assert outcomes == Counter({Outcome.BLOCKED: RUNNERS})
    assert standin.sent == []
    assert all(statuses_to(standin, u) == [403] for u in users)
    assert await warmup_rows(database) == {u.id: [(23, "failed")] for u in users}
    assert await paused(database, users) == {u.id for u in users}


async def test_a_mixed_burst_over_a_200_runner_wave_loses_and_doubles_nothing(
    settings: Settings, standin: BotApiStandIn, clock: ManualClock, database: Database
) -> None:
    """30% of a 200-runner wave meet a fault, rotating 500, 502, dropped, 429, hang and
    403: every runner who has not blocked the bot gets exactly one warm-up, the blocked
    ones none, and every delivery ends sent or failed."""
    users = runners(200)
    await add_runners(database, standin, users, now=DUE - timedelta(hours=1))
    kinds = [
        (Fault.server_error(), 2),
        (Fault.bad_gateway(), 3),
        (Fault.dropped_connection(), 2),
        (Fault.too_many_requests(retry_after=1), 1),
        (Fault.hang(), 1),
        (Fault.blocked(), 1),
    ]
    faulty = [user for n, user in enumerate(users) if n % 10 < 3]
    blocked: list[StandInUser] = []
    for n, user in enumerate(faulty):
        fault, times = kinds[n % len(kinds)]
        standin.inject(fault, methods=SEND, chat_id=user.chat_id, times=times)
        if fault.status == 403:
            blocked.append(user)
    clock.current = DUE
    app = await start_bot(
        settings,
        standin,
        clock,
        telegram_timeout_seconds=HANG_TIMEOUT,
        telegram_connections=16,  # the ten hangs hold connections at once, not in turn
    )
    async with running(app):
        outcomes = await settle(app, clock)
    reached = [user for user in users if user not in blocked]
    assert (outcomes[Outcome.SENT], outcomes[Outcome.BLOCKED]) == (190, 10)
    assert messages_per_chat(standin) == Counter({u.chat_id: 1 for u in reached})
    assert all(len(warmups_to(standin, u)) == 1 for u in reached)
    assert all(statuses_to(standin, u) == [403] for u in blocked)
    rows = await warmup_rows(database)
    assert {u.id: rows[u.id] for u in reached} == {
        u.id: [(23, "sent"), (24, "pending")] for u in reached
    }
    assert {u.id: rows[u.id] for u in blocked} == {u.id: [(23, "failed")] for u in blocked}
    assert await paused(database, users) == {u.id for u in blocked}


async def test_a_late_answer_after_the_timeout_is_the_one_doubled_warmup(
    settings: Settings,
    standin: BotApiStandIn,
    clock: ManualClock,
    database: Database,
    alice: StandInUser,
) -> None:
    """Telegram performs the send after the bot gave up on it: the bot cannot tell that
    from a hang, hands the warm-up back and sends it again, so this runner gets two.
    (A hang, the same timeout with nothing performed, gives exactly one: see above.)"""
    await add_runners(database, standin, [alice], now=DUE - timedelta(hours=1))
    standin.inject(Fault.slow(3 * HANG_TIMEOUT), methods=SEND, chat_id=alice.chat_id)
    clock.current = DUE
    app = await start_bot(settings, standin, clock, telegram_timeout_seconds=HANG_TIMEOUT)
    async with running(app):
        outcomes = await settle(app, clock)
        await standin.wait_until(lambda: len(standin.calls_to(SEND)) == 2)
    assert outcomes == Counter({Outcome.RETRY: 1, Outcome.SENT: 1})
    assert len(warmups_to(standin, alice)) == 2
    assert await warmup_rows(database) == {alice.id: [(23, "sent"), (24, "pending")]}


# ---------------------------------------------------------------------------- reports
@pytest.mark.parametrize(
    ("fault", "times", "statuses"),
    [
        (Fault.server_error(), 2, [500, 500, 200]),
        (Fault.bad_gateway(), 3, [502, 502, 502, 200]),
        (Fault.dropped_connection(), 2, [NO_ANSWER, NO_ANSWER, 200]),
        # 3 retries by the rate limiter, then one after the reply's own wait
        (Fault.too_many_requests(retry_after=1), 4, [429] * 4 + [200]),
    ],
    ids=["500x2", "502x3", "dropped-x2", "429x4"],
)
async def test_a_report_is_stored_once_and_confirmed_once_through_a_fault_burst(
    coach: CoachApplication,
    standin: BotApiStandIn,
    alice: StandInUser,
    database: Database,
    fault: Fault,
    times: int,
    statuses: list[int],
) -> None:
    """The confirmation fails after the report is stored: it is sent again until it
    gets through, arrives once, and the runner is never asked to send the report again."""
    standin.inject(fault, methods=SEND, chat_id=alice.chat_id, times=times)
    standin.send_text(alice, REPORT)
    earlier = await after_all_handled(standin, alice)
    assert [m.plain.split(":")[0] for m in earlier] == [CONFIRMATION + " (1 set)"]
    assert statuses_to(standin, alice)[:-1] == statuses  # the last one is /help's
    assert await reports_per_runner(database) == Counter({alice.id: 1})


async def test_a_confirmation_that_never_gets_through_stores_once_and_says_nothing_wrong(
    coach: CoachApplication,
    standin: BotApiStandIn,
    alice: StandInUser,
    database: Database,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Telegram keeps failing the confirmation: after a few tries it is given up and
    logged; the report stays stored once and no apology asks for it again."""
    tries = len(replies.RETRY_DELAYS) + 1
    standin.inject(Fault.server_error(), methods=SEND, chat_id=alice.chat_id, times=tries)
    with caplog.at_level(logging.WARNING, logger="handlers.replies"):
        standin.send_text(alice, REPORT)
        assert await after_all_handled(standin, alice) == []
    assert statuses_to(standin, alice)[:-1] == [500] * tries
    assert await reports_per_runner(database) == Counter({alice.id: 1})
    assert any(f"user={alice.id} after {tries} tries" in r.getMessage() for r in caplog.records)


@pytest.mark.parametrize(
    ("fault", "confirmations"),
    [(Fault.hang(), 0), (Fault.slow(3 * HANG_TIMEOUT), 1)],
    ids=["hang", "slow"],
)
async def test_a_timed_out_confirmation_is_never_repeated(
    settings: Settings,
    standin: BotApiStandIn,
    clock: ManualClock,
    database: Database,
    alice: StandInUser,
    fault: Fault,
    confirmations: int,
) -> None:
    """The confirmation times out: it may have arrived, so it is not sent again. A hang
    (nothing performed) leaves the runner without it; a late answer (performed) gives
    exactly one. Either way the report is stored once and no "try again" follows."""
    standin.inject(fault, methods=SEND, chat_id=alice.chat_id)
    app = await start_bot(settings, standin, clock, telegram_timeout_seconds=HANG_TIMEOUT)
    async with running(app):
        standin.send_text(alice, REPORT)
        await standin.wait_until(lambda: len(statuses_to(standin, alice)) == 1)
        earlier = await after_all_handled(standin, alice)
    assert [m.plain.startswith(CONFIRMATION) for m in earlier] == [True] * confirmations
    assert len(statuses_to(standin, alice)) == 2  # the confirmation's one try and /help
    assert await reports_per_runner(database) == Counter({alice.id: 1})


async def test_a_runner_who_blocked_the_bot_keeps_their_report_and_is_not_retried(
    coach: CoachApplication, standin: BotApiStandIn, alice: StandInUser, database: Database
) -> None:
    """The confirmation meets a 403: the report stays stored once and the refusal is
    not retried (it is no failure to wait out)."""
    standin.inject(Fault.blocked(), methods=SEND, chat_id=alice.chat_id)
    standin.send_text(alice, REPORT)
    assert await after_all_handled(standin, alice) == []
    assert statuses_to(standin, alice)[:-1] == [403]
    assert await reports_per_runner(database) == Counter({alice.id: 1})


async def test_a_report_assigned_by_button_survives_failing_answer_edit_and_reply(
    coach: CoachApplication, standin: BotApiStandIn, bob: StandInUser, database: Database
) -> None:
    """The button's answer, the removal of the buttons and the confirmation all fail at
    first: the report is stored once, the buttons go, and the confirmation comes once."""
    standin.send_text(bob, "left 10 right 12")
    [question] = await standin.replies(bob)
    for method in ("answerCallbackQuery", "editMessageReplyMarkup", SEND):
        standin.inject(Fault.bad_gateway(), methods=method, chat_id=None, times=1)
    standin.press_button(bob, question, "Hamstring humps")
    earlier = await after_all_handled(standin, bob)
    assert [m.plain.split(" (")[0] for m in earlier] == ["Which exercise was that?", CONFIRMATION]
    assert question.buttons == []
    assert [c.status for c in standin.calls_to("editMessageReplyMarkup")] == [502, 200]
    assert await reports_per_runner(database) == Counter({bob.id: 1})


async def test_a_burst_of_reports_through_rotating_faults_is_stored_and_confirmed_once(
    coach: CoachApplication, standin: BotApiStandIn, database: Database
) -> None:
    """30 runners report at once while their confirmations meet 500, 502, dropped
    connections and 429s: each report is stored once and confirmed once."""
    users = runners(30, first_id=20_000)
    kinds = [
        (Fault.server_error(), 2),
        (Fault.bad_gateway(), 1),
        (Fault.dropped_connection(), 2),
        (Fault.too_many_requests(retry_after=1), 1),
        None,
    ]
    for n, user in enumerate(users):
        kind = kinds[n % len(kinds)]
        if kind is not None:
            standin.inject(kind[0], methods=SEND, chat_id=user.chat_id, times=kind[1])
        standin.send_text(user, REPORT)
    await standin.wait_until(lambda: len(standin.sent) == len(users), timeout=30)
    await standin.quiet()
    assert messages_per_chat(standin) == Counter({u.chat_id: 1 for u in users})
    assert all(m.plain.startswith(CONFIRMATION) for m in standin.sent)
    assert await reports_per_runner(database) == Counter({u.id: 1 for u in users})


async def test_undo_whose_reply_fails_removes_one_report_only(
    coach: CoachApplication, standin: BotApiStandIn, alice: StandInUser, database: Database
) -> None:
    """/undo removes the last report and its reply cannot get through: the runner is not
    sent to /undo again, so the report before it stays."""
    for text in (REPORT, "hops 20 20"):
        standin.send_text(alice, text)
        await standin.replies(alice)
    tries = len(replies.RETRY_DELAYS) + 1
    standin.inject(Fault.dropped_connection(), methods=SEND, chat_id=alice.chat_id, times=tries)
    standin.send_text(alice, "/undo")
    earlier = await after_all_handled(standin, alice)
    assert [m.plain[:8] for m in earlier] == ["✅ Logged"] * 2  # the two reports', no more
    assert statuses_to(standin, alice)[2:-1] == [NO_ANSWER] * tries
    assert await reports_per_runner(database) == Counter({alice.id: 1})


async def test_a_telegram_error_out_of_a_handler_does_not_ask_to_try_again(
    coach: CoachApplication, standin: BotApiStandIn, alice: StandInUser
) -> None:
    """A handler whose reply failed at Telegram may have done its work: the error
    handler says so instead of "nothing was lost, please try again"."""

    async def reply_lost(update: Update, context: CoachContext) -> None:
        raise NetworkError("Bad Gateway")

    coach.add_handler(CommandHandler("lost", reply_lost), group=-1)
    standin.send_text(alice, "/lost")
    [reply] = await standin.replies(alice)
    assert reply.plain == REPLY_NOT_CONFIRMED
    assert "try again" not in reply.plain
