"""What one delivery wave did (bot/scheduler.py): its outcomes counted, its claims, its
errors and the rows its pacer deferred; worded for the wave's log line."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from library.deliveries import Outcome

_LOGGER = logging.getLogger("bot.scheduler")


@dataclass(slots=True)
class WaveReport:
    """What one wave did: outcomes counted, and how many claim queries it ran."""

    outcomes: Counter[Outcome] = field(default_factory=Counter)
    claims: int = 0
    errors: int = 0
    deferred: int = 0  # turned away by the pacer after a stall: handed back, due now

    @property
    def handled(self) -> int:
        return sum(self.outcomes.values()) + self.errors

    def tally(self, batches: Sequence[list[Outcome | None] | BaseException]) -> None:
        """Count the batches' outcomes (None, or a batch that failed: an error)."""
        for result in batches:
            if isinstance(result, BaseException):
                _LOGGER.error("delivery batch failed", exc_info=result)
                self.errors += 1
                continue
            for outcome in result:
                if outcome is None:
                    self.errors += 1
                else:
                    self.outcomes[outcome] += 1

    def __str__(self) -> str:
        counted = ", ".join(f"{k}={v}" for k, v in sorted(self.outcomes.items())) or "-"
        return counted + (f" (slots missed, sent later: {self.deferred})" if self.deferred else "")
