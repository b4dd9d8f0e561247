"""The bot's HTTP client for the Bot API: python-telegram-bot's HTTPXRequest with at most
as many requests in flight as it has connections; the others wait their turn in order.

Why: httpcore's connection pool re-examines every connection and every queued request
whenever a request starts or ends, so its cost per request grows with both. With PTB's
default of 256 connections a burst of replies cost about a fifth more CPU per message
than with 8 (benchmarks/bench_reports.py). But with few connections and 64 concurrent
handlers the queue would sit in httpcore, where a request that waits longer than PTB's
1 s pool timeout fails with TimedOut whenever Telegram takes over a second to answer:
a confirmation lost after its report was stored (tests/test_http.py shows both). Here
the queue is an asyncio semaphore: cheap, fair, and without a timeout of its own, as
each request ahead in it has its own read timeout.
"""

from __future__ import annotations

import asyncio
from typing import Any

from telegram.request import HTTPXRequest


class BoundedRequest(HTTPXRequest):
    """HTTPXRequest that lets ``connections`` requests at a time reach the pool."""

    def __init__(self, connections: int, **kwargs: Any) -> None:
        super().__init__(connection_pool_size=connections, **kwargs)
        self._slots = asyncio.Semaphore(connections)
        self.in_flight = 0
        self.most_in_flight = 0

    async def do_request(self, *args: Any, **kwargs: Any) -> tuple[int, bytes]:
        async with self._slots:
            self.in_flight += 1
            self.most_in_flight = max(self.most_in_flight, self.in_flight)
            try:
                return await super().do_request(*args, **kwargs)
            finally:
                self.in_flight -= 1
