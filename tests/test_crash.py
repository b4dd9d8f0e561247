"""Crash: kill -9 of a real `python -m bot run` in the middle of a 1,000-runner wave, then
a restart under the same INSTANCE_NAME, on SQLite and on PostgreSQL.

The restart records the outcomes the dead process had journaled but not committed
(bot/outcome_journal.py), hands its other claims back at once (not a minute later, when
their lease would end) and sends the rest of the wave. Right after the kill the test
takes what the stand-in received (what reached Telegram), what the database holds as
sent and what the journal holds: the warm-ups delivered but in neither are the ones in
flight at the kill. Every runner outside that set gets exactly one warm-up; every runner
in it gets two; the set is never larger than TELEGRAM_CONNECTIONS (the sends out at
once). Its size is printed and recorded (``in_flight``); tests/test_crash_window.py
kills ten times and prints the count against its bound.

Why those few cannot be exactly-once: the process dies after Telegram has accepted the
message and before the database knows it. The Bot API has no idempotency key (a repeated
sendMessage is a second message) and gives a bot no way to look up what it sent to a
chat, so after the restart nothing can tell "delivered, answer lost" from "never
delivered". Recording "about to send" first only moves the question: that row is just as
ambiguous, and skipping it would lose warm-ups that never left. A warm-up must not be
lost, so the ambiguous ones are sent again; what can be done is keeping the window
short: from Telegram's answer to one write to the journal.
"""

from __future__ import annotations

import asyncio
import os
import re
import signal
import subprocess
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import String, func, select, text, update

from bot.application import build_application
from bot.claim_owners import INSTANCE_KEY_LENGTH, instance_key, life_ended, new_owner
from bot.scheduler import dispatcher_of
from bot.settings import Settings, SettingsError, default_instance_name, load_settings
from bot.standin import BotApiStandIn
from library.deliveries import DeliveryKind, DeliveryStatus
from storage import Database
from storage.deliveries import OWNER_LENGTH
from storage.models import DeliveryRow, UserRow
from tests.helpers import (
    LEASE,
    MONDAY_0600,
    TEST_TOKEN,
    add_runners,
    bot_process_env,
    eventually,
    journaled,
    register_runner,
    runners,
    start_bot_process,
    warmups_per_chat,
)

RUNNERS = 1000
CONNECTIONS = 8
KILL_AFTER = 300  # warm-ups the stand-in has received when the bot is killed
INSTANCE = "crash-test"
DUE = MONDAY_0600 + timedelta(minutes=45)


def dead_pid() -> int:
    """The id of a process that has ended (started, waited for and reaped here)."""
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


@pytest.fixture
def live_pid() -> Iterator[int]:
    """The id of a process that runs for the whole test (another life, still alive)."""
    # The sleep is only there to keep the process alive; it is killed when the test ends.
    process = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"])
    try:
        yield process.pid
    finally:
        process.kill()
        process.wait()


async def claimed_by(database: Database) -> Counter[str | None]:
    async with database.unit_of_work() as uow:
        rows = await uow.session.execute(
            select(DeliveryRow.claimed_by).where(DeliveryRow.status == DeliveryStatus.CLAIMED.value)
        )
    return Counter(rows.scalars())


# ---------------------------------------------------------------------- owners


def test_owners_fit_the_column_and_keep_instances_apart() -> None:
    """An owner is "<instance key>:<pid>:<random>" within 40 characters; long names are
    shortened with a digest, so two long names never share a key."""
    long_a, long_b = "a" * 60 + "-pod-1", "a" * 60 + "-pod-2"
    assert instance_key("coach-1") == "coach-1"
    assert len(instance_key(long_a)) == INSTANCE_KEY_LENGTH
    assert instance_key(long_a) != instance_key(long_b)
    owner = new_owner(long_a)
    column = DeliveryRow.__table__.c.claimed_by.type
    assert isinstance(column, String)
    assert len(owner) <= OWNER_LENGTH == column.length
    key, pid, random_part = owner.split(":")
    assert (key, int(pid), len(random_part)) == (instance_key(long_a), os.getpid(), 8)
    assert new_owner(long_a) != owner  # each life of the instance has its own


def test_only_an_ended_life_of_the_same_instance_counts_as_dead(live_pid: int) -> None:
    """A claim is an earlier life's when its instance matches and its process is gone (or
    its pid is now ours); a live process, another instance or a foreign owner is never."""
    me = new_owner("coach-1")
    gone = dead_pid()
    assert life_ended(f"coach-1:{gone}:0a1b2c3d", me)
    assert life_ended(f"coach-1:{os.getpid()}:0a1b2c3d", me)  # this pid, another life
    assert not life_ended(me, me)
    assert not life_ended(f"coach-1:{live_pid}:0a1b2c3d", me)
    assert not life_ended(f"coach-2:{gone}:0a1b2c3d", me)
    assert not life_ended(f"coach-10:{gone}:0a1b2c3d", me)
    assert not life_ended("crashed", me)
    assert not life_ended("coach-1:0:0a1b2c3d", me)


def test_instance_name_defaults_to_the_host_and_refuses_a_colon(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Blank INSTANCE_NAME is the host's name; a name with ':' is refused, naming the setting."""
    for name in Settings.model_fields:
        monkeypatch.delenv(name.upper(), raising=False)
    monkeypatch.setenv("INSTANCE_NAME", " ")
    assert load_settings(tmp_path / "none.env").instance_name == default_instance_name()
    monkeypatch.setenv("INSTANCE_NAME", "coach:1")
    with pytest.raises(SettingsError, match=r"^INSTANCE_NAME: .*letters, digits"):
        load_settings(tmp_path / "none.env")


# ---------------------------------------------------------------------- storage


async def test_release_hands_back_only_the_named_owners_claims(database: Database) -> None:
    """Claims of the owners named are pending and claimable at once; others keep their
    lease, and a prefix is matched literally (coach-1: is not coach-10:, _ is no wildcard)."""
    owners = ["coach-1:100:dead", "coach-1:200:live", "coach-10:100:other", "coachX1:1:x"]
    users = {
        owner: [await register_runner(database, 10 * n + k) for k in range(3)]
        for n, owner in enumerate(owners, start=1)
    }
    async with database.unit_of_work() as uow:
        for owner in owners:
            await uow.session.execute(
                update(DeliveryRow)
                .where(
                    DeliveryRow.user_id.in_(users[owner]),
                    DeliveryRow.kind == DeliveryKind.WARMUP.value,
                )
                .values(
                    status=DeliveryStatus.CLAIMED.value,
                    claimed_by=owner,
                    next_due_utc=DUE + LEASE,
                )
            )
        await uow.commit()
    async with database.unit_of_work() as uow:
        assert await uow.deliveries.claim_holders("coach-1:") == owners[:2]
        assert await uow.deliveries.claim_holders("coach_1:") == []
        released = await uow.deliveries.release_claims_of(["coach-1:100:dead"], DUE)
        await uow.commit()
    assert released == 3
    async with database.unit_of_work() as uow:
        retaken = await uow.deliveries.claim(DUE, limit=100, lease=LEASE, owner="coach-1:300:new")
        await uow.commit()
    assert sorted(delivery.user_id for delivery, _ in retaken) == users["coach-1:100:dead"]
    assert await claimed_by(database) == {"coach-1:300:new": 3} | {o: 3 for o in owners[1:]}


async def test_a_restart_hands_back_its_earlier_lives_claims_only(
    database: Database, settings: Settings, standin: BotApiStandIn, live_pid: int
) -> None:
    """The dispatcher's first wave releases the claims of this instance's ended lives and
    leaves those of a live process of the same name and of another instance alone."""
    gone = dead_pid()
    ended = [await register_runner(database, n) for n in (1, 2)]
    holders = {
        f"coach-1:{gone}:aaaa": ended,
        f"coach-1:{live_pid}:bbbb": [await register_runner(database, 3)],
        f"coach-2:{gone}:cccc": [await register_runner(database, 4)],
    }
    async with database.unit_of_work() as uow:
        for owner, user_ids in holders.items():
            await uow.session.execute(
                update(DeliveryRow)
                .where(
                    DeliveryRow.user_id.in_(user_ids),
                    DeliveryRow.kind == DeliveryKind.WARMUP.value,
                )
                .values(status=DeliveryStatus.CLAIMED.value, claimed_by=owner)
            )
        await uow.commit()
    application = build_application(
        settings.model_copy(update={"instance_name": "coach-1"}),
        token=TEST_TOKEN,
        base_url=standin.base_url,
        clock=lambda: DUE,
        database=database,
    )
    assert await dispatcher_of(application).recover() == 2
    assert await claimed_by(database) == {
        f"coach-1:{live_pid}:bbbb": 1,
        f"coach-2:{gone}:cccc": 1,
    }
    async with database.unit_of_work() as uow:
        pending = [await uow.deliveries.next_pending(user) for user in ended]
    assert [(d.status, d.next_due_utc) for d in pending if d is not None] == [
        (DeliveryStatus.PENDING, DUE)
    ] * 2


# ---------------------------------------------------------------------- kill -9


async def settled(database: Database) -> None:
    """Wait until the killed process's transactions are over: on PostgreSQL its server
    sessions end when they find the connection gone (a COMMIT already received still
    commits first); a SQLite file holds what was committed once the process is gone."""
    if database.is_sqlite:
        return
    query = text(
        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
        "AND backend_type = 'client backend' AND pid <> pg_backend_pid()"
    )

    async def no_other_session() -> bool:
        async with database.engine.connect() as connection:
            sessions: int = (await connection.execute(query)).scalar_one()
        return sessions == 0

    await eventually(
        no_other_session, timeout=60, interval=0.05, what="the killed process's sessions ended"
    )


async def chats_of(database: Database, wave: set[int]) -> dict[int, int]:
    """Delivery id -> the chat of its runner."""
    async with database.unit_of_work() as uow:
        rows = await uow.session.execute(
            select(DeliveryRow.id, UserRow.chat_id)
            .join(UserRow, UserRow.id == DeliveryRow.user_id)
            .where(DeliveryRow.id.in_(wave))
        )
    return {row_id: chat for row_id, chat in rows}


async def wave_rows(
    database: Database, wave: set[int]
) -> dict[int, tuple[str, str | None, int | None]]:
    """Chat id -> (status, claimed_by, message_id) of each runner's warm-up of the wave."""
    async with database.unit_of_work() as uow:
        rows = await uow.session.execute(
            select(
                UserRow.chat_id,
                DeliveryRow.status,
                DeliveryRow.claimed_by,
                DeliveryRow.message_id,
            )
            .join(UserRow, UserRow.id == DeliveryRow.user_id)
            .where(DeliveryRow.id.in_(wave))
        )
    return {chat: (status, owner, message_id) for chat, status, owner, message_id in rows}


@pytest.mark.slow
async def test_kill_9_mid_wave_then_restart_gives_every_runner_their_warmup(
    database: Database,
    database_url: str,
    standin: BotApiStandIn,
    tmp_path: Path,
    record_property: Callable[[str, object], None],
) -> None:
    """SIGKILL after about 300 of 1,000 warm-ups, then a restart: the dead process's
    claims are handed back at once and sent, with any rows its pacer had deferred (pending
    again); each runner has a warm-up, exactly one unless theirs was in flight at the kill
    (at most TELEGRAM_CONNECTIONS, those get two); all are recorded sent with a message
    Telegram has, none left claimed, every next one planned."""
    now = datetime.now(UTC)
    users = runners(RUNNERS)
    run_at = (now + timedelta(minutes=30)).time().replace(second=0, microsecond=0)
    await add_runners(database, standin, users, now=now, at=run_at, zone="UTC")
    async with database.unit_of_work() as uow:
        wave = set(
            (
                await uow.session.execute(
                    update(DeliveryRow)  # the whole wave due now
                    .where(DeliveryRow.kind == DeliveryKind.WARMUP.value)
                    .values(next_due_utc=now - timedelta(seconds=1))
                    .returning(DeliveryRow.id)
                )
            ).scalars()
        )
        await uow.commit()
    assert len(wave) == RUNNERS
    await database.dispose()  # after the kill, the file or server is opened afresh
    env = bot_process_env(
        database_url,
        standin,
        TELEGRAM_RATE_LIMIT="10000",  # lifted: the wave goes as fast as it can
        TELEGRAM_CONNECTIONS=str(CONNECTIONS),
        INSTANCE_NAME=INSTANCE,
    )

    first = await start_bot_process(env, tmp_path)
    assert first.stderr is not None
    first_logs = asyncio.create_task(first.stderr.read())
    await standin.wait_until(
        lambda: sum(warmups_per_chat(standin).values()) >= KILL_AFTER, timeout=120
    )
    first.kill()
    assert await first.wait() == -signal.SIGKILL
    await standin.quiet(idle=0.5, timeout=30)  # requests that had arrived are answered
    after_kill = Database(database_url)
    try:
        await settled(after_kill)
        if after_kill.is_sqlite:  # the first open after the kill recovers the WAL
            async with after_kill.engine.connect() as connection:
                check = await connection.exec_driver_sql("PRAGMA integrity_check")
                assert check.scalar() == "ok"
        at_kill = await wave_rows(after_kill, set(wave))
        chats = await chats_of(after_kill, set(wave))
    finally:
        await after_kill.dispose()
    delivered = warmups_per_chat(standin)
    assert KILL_AFTER <= sum(delivered.values()) < RUNNERS  # killed mid-wave
    assert set(delivered.values()) == {1}
    recorded = {chat for chat, (status, _, _) in at_kill.items() if status == "sent"}
    in_journal = {
        chats[row]
        for row, outcome in journaled(database_url, tmp_path).items()
        if outcome == "sent" and chats[row] not in recorded
    }
    in_flight = set(delivered) - recorded - in_journal
    print(
        f"\nat the kill: {len(recorded)} recorded, {len(in_journal)} only in the journal,"
        f" {len(in_flight)} in flight (delivered, in neither)"
    )
    record_property("in_flight", len(in_flight))
    assert recorded | in_journal <= set(delivered)  # nothing noted as sent that Telegram lacks
    assert len(in_flight) <= CONNECTIONS
    # The rest is still claimed by the dead process (the restart must take it back) or
    # was deferred by its pacer before the kill (a stall slid it past the claim's last
    # slot: pending again, due now, owned by nobody), never anything else.
    left = Counter(status for status, _, _ in at_kill.values() if status != "sent")
    print(f"left at the kill: {dict(left)}")
    assert set(left) <= {"claimed", "pending"}
    assert left.total() == RUNNERS - len(recorded)
    still_claimed = {chat for chat, (status, _, _) in at_kill.items() if status == "claimed"}
    assert in_journal <= still_claimed  # journaled, not yet committed: still claimed
    dead_life = f"{INSTANCE}:{first.pid}:"
    assert all(
        str(owner).startswith(dead_life)
        for status, owner, _ in at_kill.values()
        if status == "claimed"
    )
    assert {owner for status, owner, _ in at_kill.values() if status == "pending"} <= {None}

    second = await start_bot_process(env, tmp_path)
    assert second.stderr is not None
    second_logs = asyncio.create_task(second.stderr.read())
    try:
        # Well inside the lease (a minute after the claim's last slot): only the hand-back
        # at start-up gets them out.
        await standin.wait_until(lambda: len(warmups_per_chat(standin)) == RUNNERS, timeout=120)
        await standin.quiet(idle=2.5, timeout=60)  # more ticks: nothing more is sent
    finally:
        second.send_signal(signal.SIGTERM)
        assert await second.wait() == 0, (await second_logs).decode()
    logs = (await second_logs).decode()
    handed_back = re.findall(r"handed back (\d+) deliveries claimed by an earlier run", logs)
    to_hand_back = len(still_claimed) - len(in_journal)
    assert handed_back == ([str(to_hand_back)] if to_hand_back else []), logs
    replayed = re.findall(r"recorded (\d+) outcomes an earlier run", logs)
    assert replayed == ([str(len(in_journal))] if in_journal else []), logs

    per_runner = warmups_per_chat(standin)
    assert sorted(per_runner) == sorted(user.chat_id for user in users)
    assert {chat for chat, count in per_runner.items() if count != 1} == in_flight
    assert all(per_runner[chat] == 2 for chat in in_flight)
    final = Database(database_url)
    try:
        rows = await wave_rows(final, set(wave))
        async with final.unit_of_work() as uow:
            statuses: dict[str, int] = dict(
                (
                    await uow.session.execute(
                        select(DeliveryRow.status, func.count()).group_by(DeliveryRow.status)
                    )
                ).all()
            )
            next_runs = (
                await uow.session.execute(
                    select(func.count(func.distinct(DeliveryRow.user_id))).where(
                        DeliveryRow.kind == DeliveryKind.WARMUP.value,
                        DeliveryRow.status == DeliveryStatus.PENDING.value,
                    )
                )
            ).scalar_one()
    finally:
        await final.dispose()
    assert Counter(status for status, _, _ in rows.values()) == {"sent": RUNNERS}
    assert "claimed" not in statuses  # nothing anywhere left claimed
    assert next_runs == RUNNERS  # every runner's next warm-up is planned
    warmup_ids = {(m.chat_id, m.message_id) for m in standin.sent if "Pre-run warm-up" in m.plain}
    assert all((chat, message_id) in warmup_ids for chat, (_, _, message_id) in rows.items())
    # The dead process's name stays on what it sent (recorded, or journaled and recorded
    # by the restart); the restart sent the rest.
    assert {chat for chat, (_, owner, _) in rows.items() if str(owner).startswith(dead_life)} == (
        recorded | in_journal
    )
    assert TEST_TOKEN not in (await first_logs).decode() + logs
