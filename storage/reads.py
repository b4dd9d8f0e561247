"""Hot reads as plain Core: the rows of a SELECT, on the unit of work's own transaction.

A statement run through the ORM session (``session.execute``) goes through the ORM's
compile and result machinery even when it selects plain columns; the report desk's reads
(runners, open sessions, logs: every rep report) build library dataclasses from the rows
and need none of it. :func:`read` runs the statement on the session's connection, in
the same transaction, and takes no write gate (storage/unit_of_work.py): it only reads.
With ORM objects pending it goes through the session instead, which flushes them first
as any query does, so a read never misses the transaction's own changes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Row, Select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.util.typing import TupleAny, Unpack


async def read(
    session: AsyncSession,
    statement: Select[Unpack[TupleAny]],
    parameters: Mapping[str, Any] | None = None,
) -> Sequence[Row[Any]]:
    """The rows ``statement`` selects, with ``parameters`` for its bound parameters."""
    if not isinstance(statement, Select):
        raise TypeError("read() takes a SELECT")
    if session.new or session.dirty or session.deleted:
        result = await session.execute(statement, parameters)
    else:
        # AsyncSession's own connection(): the session's transaction, without the write
        # gate that GatedSession.connection() takes for raw access that may write.
        connection = await AsyncSession.connection(session)
        result = await connection.execute(statement, parameters)
    rows: Sequence[Row[Any]] = result.all()
    return rows
