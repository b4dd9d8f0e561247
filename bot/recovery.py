"""What a process does first for the earlier lives of its instance (INSTANCE_NAME) whose
process is gone, killed before it could record or hand back what it held: the outcomes
their journals hold (bot/outcome_journal.py) are recorded, then their claims that are
left are handed back, due now, instead of waiting for their lease; their journal files
are then removed. Used by the delivery dispatcher before its first wave (bot/scheduler.py).
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Sequence
from datetime import datetime
from pathlib import Path

from bot.claim_owners import life_ended
from bot.outcome_journal import earlier_lives, read
from library.deliveries import Finished
from storage import Database, UnitOfWork

_LOGGER = logging.getLogger(__name__)


async def recover(database: Database, me: str, journal_dir: Path | None, now: datetime) -> int:
    """Record the journaled outcomes, then hand back the claims, of the ended lives of
    ``me``'s instance; how many claims were handed back."""
    key = me.partition(":")[0]
    journals = [] if journal_dir is None else list(earlier_lives(journal_dir, me))
    async with database.unit_of_work() as uow:
        holders = await uow.deliveries.claim_holders(f"{key}:")
        ended = [owner for owner in holders if life_ended(owner, me)]
        recorded = await record_journaled(uow, journals, ended, now)
        released = await uow.deliveries.release_claims_of(ended, now)
        await uow.commit()
    for _owner, path in journals:
        path.unlink(missing_ok=True)
    if recorded:
        _LOGGER.warning(
            "recorded %d outcomes an earlier run of this instance had journaled, not committed",
            recorded,
        )
    if released:
        _LOGGER.warning(
            "handed back %d deliveries claimed by an earlier run of this instance (%s)",
            released,
            ", ".join(ended),
        )
    return released


async def record_journaled(
    uow: UnitOfWork, journals: Sequence[tuple[str, Path]], ended: Collection[str], now: datetime
) -> int:
    """Record the journaled outcomes of the rows ``ended`` lives still hold claimed (the
    database did not learn them before the kill), in ``uow``; how many."""
    entries = {
        entry.delivery_id: entry
        for owner, path in journals
        if owner in ended
        for entry in read(path)
    }
    rows = await uow.deliveries.claimed_of(entries, ended)
    finished = [Finished(row, entries[row.id].outcome, entries[row.id].message_id) for row in rows]
    await uow.deliveries.finish_many(finished, now)
    return len(finished)
