"""The outcome journal (bot/outcome_journal.py) and the restart that reads it
(bot/recovery.py): a send's outcome written the moment Telegram answers is recorded by
the next life of the instance when the database never learned it; torn lines, other
lives' files and rows taken over since are left alone."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, update

from bot.outcome_journal import (
    Entry,
    OutcomeJournal,
    Slot,
    earlier_lives,
    file_name,
    owner_of,
    read,
)
from bot.recovery import recover
from library.deliveries import Delivery, DeliveryKind, DeliveryStatus, Finished, Outcome
from storage import Database
from storage.models import DeliveryRow
from tests.helpers import register_runner

NOW = datetime(2026, 11, 23, 6, 30, tzinfo=UTC)


def dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def finished(
    delivery_id: int, outcome: Outcome = Outcome.SENT, message: int | None = 7
) -> Finished:
    delivery = Delivery(
        id=delivery_id,
        user_id=1,
        kind=DeliveryKind.WARMUP,
        local_date=date(2026, 11, 23),
        status=DeliveryStatus.CLAIMED,
        next_due_utc=NOW,
        deadline_utc=NOW + timedelta(minutes=15),
        attempts=1,
        session_id=None,
    )
    return Finished(delivery, outcome, message)


@pytest.mark.parametrize(
    "owner",
    ["coach-1:4242:ab12cd34", "my_host.pidns4026531836:7:00ff00ff", "a~1f2e3d4c:12:deadbeef"],
)
def test_a_file_name_gives_back_its_owner(owner: str) -> None:
    name = file_name(owner)
    assert name.startswith("outcomes_")
    assert name.endswith(".log")
    assert "/" not in name
    assert ":" not in name
    assert owner_of(name) == owner


@pytest.mark.parametrize(
    "name", ["coachbot.db", "outcomes_.log", "outcomes_host_x_y.log", "outcomes_host_12_.log"]
)
def test_other_files_have_no_owner(name: str) -> None:
    assert owner_of(name) is None


def test_outcomes_are_read_back_and_a_torn_line_is_skipped(tmp_path: Path) -> None:
    journal = OutcomeJournal(tmp_path / "journal", "coach:1:aa")
    assert not journal.pending
    journal.write(finished(11))
    journal.write(finished(12, Outcome.BLOCKED, None))
    assert journal.pending
    with journal.path.open("ab") as file:  # a kill in the middle of a write
        file.write(b"13 se")
    assert read(journal.path) == [
        Entry(11, Outcome.SENT, 7),
        Entry(12, Outcome.BLOCKED, None),
    ]
    journal.clear()
    assert not journal.pending
    assert read(journal.path) == []
    journal.write(finished(14))
    assert read(journal.path) == [Entry(14, Outcome.SENT, 7)]
    journal.close()
    assert not journal.path.exists()
    assert read(journal.path) == []


def test_a_journal_is_not_written_before_an_outcome(tmp_path: Path) -> None:
    journal = OutcomeJournal(tmp_path / "journal", "coach:1:aa")
    journal.clear()
    journal.close()
    assert not (tmp_path / "journal").exists()


def test_only_ended_lives_of_the_same_instance_are_earlier_lives(tmp_path: Path) -> None:
    gone = dead_pid()
    me = f"coach-1:{os.getpid()}:mine"
    for owner in (f"coach-1:{gone}:old", f"coach-1:{os.getppid()}:live", f"coach-2:{gone}:x", me):
        OutcomeJournal(tmp_path, owner).write(finished(1))
    (tmp_path / "coachbot.db").write_bytes(b"")
    assert [owner for owner, _ in earlier_lives(tmp_path, me)] == [f"coach-1:{gone}:old"]
    assert list(earlier_lives(tmp_path / "missing", me)) == []


async def test_a_slot_is_released_once() -> None:
    semaphore = asyncio.Semaphore(1)
    await semaphore.acquire()
    slot = Slot(semaphore)
    slot.release()
    slot.release()
    assert not semaphore.locked()
    await semaphore.acquire()
    assert semaphore.locked()  # the second release gave nothing back


async def test_a_restart_records_the_journaled_outcomes_and_hands_back_the_rest(
    database: Database, tmp_path: Path
) -> None:
    """Four runners' warm-ups claimed by a dead life: two journaled as sent, one as
    blocked, one not at all; a fifth row journaled but taken over by another instance
    since. The restart records the three, hands back the fourth and leaves the fifth."""
    gone = dead_pid()
    dead = f"coach-1:{gone}:dead"
    other = "coach-2:1:other"
    users = [await register_runner(database, n) for n in range(1, 6)]
    async with database.unit_of_work() as uow:
        rows = {}
        for user in users:
            row = (
                await uow.session.execute(
                    select(DeliveryRow).where(
                        DeliveryRow.user_id == user,
                        DeliveryRow.kind == DeliveryKind.WARMUP.value,
                    )
                )
            ).scalar_one()
            rows[user] = row.id
            await uow.session.execute(
                update(DeliveryRow)
                .where(DeliveryRow.id == row.id)
                .values(
                    status=DeliveryStatus.CLAIMED.value,
                    claimed_by=other if user == users[4] else dead,
                )
            )
        await uow.commit()
    journal = OutcomeJournal(tmp_path, dead)
    journal.write(finished(rows[users[0]], Outcome.SENT, 501))
    journal.write(finished(rows[users[1]], Outcome.SENT, 502))
    journal.write(finished(rows[users[2]], Outcome.BLOCKED, None))
    journal.write(finished(rows[users[4]], Outcome.SENT, 505))

    me = f"coach-1:{os.getpid()}:new"
    assert await recover(database, me, tmp_path, NOW) == 1  # handed back: the fourth
    assert not journal.path.exists()
    async with database.unit_of_work() as uow:
        result = await uow.session.execute(
            select(
                DeliveryRow.id, DeliveryRow.status, DeliveryRow.message_id, DeliveryRow.claimed_by
            ).where(DeliveryRow.id.in_(rows.values()))
        )
        state = {row_id: (status, message, owner) for row_id, status, message, owner in result}
    assert state[rows[users[0]]] == ("sent", 501, dead)
    assert state[rows[users[1]]] == ("sent", 502, dead)
    assert state[rows[users[2]]][0] == DeliveryStatus.FAILED.value
    assert state[rows[users[3]]] == ("pending", None, None)
    assert state[rows[users[4]]] == ("claimed", None, other)
    # Each recorded runner has their next warm-up planned, as after any send.
    async with database.unit_of_work() as uow:
        following = [await uow.deliveries.next_pending(user) for user in users[:2]]
    assert all(d is not None and d.next_due_utc > NOW for d in following)
