"""The typed handler context: app-wide services reachable from every callback."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache, partial
from typing import Any

from telegram.ext import Application, CallbackContext, ExtBot

from handlers.turn import KnownLanguages, Turn, Turns
from library.exercises import ExerciseCatalog
from library.matcher import ExerciseMatcher
from library.reports import ParsedReport, parse_report
from library.voice import Heard
from storage import Database

SERVICES_KEY = "services"
REPORT_CACHE_SIZE = 512

# Called with a runner's Telegram user id once /delete has erased their rows, for what
# the wiring keeps about them outside the database (such as saved files).
EraseHook = Callable[[int], Awaitable[None]]


@dataclass(frozen=True, slots=True)
class Services:
    """What lives as long as the application (database, clock, catalogue), never per update."""

    database: Database
    clock: Callable[[], datetime]
    default_timezone: str
    catalog: ExerciseCatalog
    matcher: ExerciseMatcher
    # The IANA zone at (latitude, longitude), None when it can't tell: bot/zones.py (it
    # reads data files, so it is handed in rather than imported by the core).
    zone_at: Callable[[float, float], str | None]
    admin_ids: frozenset[int] = frozenset()  # Telegram user ids allowed to see /stats
    erase_hooks: tuple[EraseHook, ...] = ()  # run after a runner's data is erased
    paid_broadcast: bool = False  # TELEGRAM_PAID_BROADCAST: warm-ups beyond the free rate
    # What a voice note says (bot/speech.py's recognizer, off the event loop); None: voice
    # notes get the catch-all's reply (handlers/voice.py).
    listen: Callable[[bytes], Awaitable[Heard]] | None = field(default=None, repr=False)
    voice_max_seconds: float = 30.0  # VOICE_MAX_SECONDS: longer notes are not downloaded
    # WEBAPP_URL: the Mini App's public page (docs/webapp.md); None: no dashboard button.
    webapp_url: str | None = None
    turns: Turns = field(default_factory=Turns, repr=False)  # each update's database turn
    # Each runner's language as last read (handlers/language.py: no read per update).
    languages: KnownLanguages = field(default_factory=KnownLanguages, repr=False)
    _reports: Callable[[str], ParsedReport | None] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        # Each text is read by the onboarding check and by the report filter: remember
        # the last few readings so it is parsed once.
        read = partial(parse_report, matcher=self.matcher)
        object.__setattr__(self, "_reports", lru_cache(maxsize=REPORT_CACHE_SIZE)(read))

    def read_report(self, text: str) -> ParsedReport | None:
        """:func:`library.reports.parse_report` against the catalogue (memoized)."""
        return self._reports(text)


class CoachContext(CallbackContext[ExtBot[int], dict[Any, Any], dict[Any, Any], dict[Any, Any]]):
    """CallbackContext with typed access to the :class:`Services`."""

    _update: object = None

    @classmethod
    def from_update(cls, update: object, application: Any) -> CoachContext:
        context = super().from_update(update, application)
        context._update = update
        return context

    @property
    def services(self) -> Services:
        services = self.bot_data.get(SERVICES_KEY)
        if not isinstance(services, Services):
            raise RuntimeError("the application was built without services")
        return services

    @property
    def turn(self) -> Turn:
        """This update's turn at the database: its runner and unit of work (handlers/turn.py).

        Only handlers of an update have one: nothing would end a turn made elsewhere (a job)."""
        if self._update is None:
            raise RuntimeError("context.turn is for handlers of an update")
        return self.services.turns.of(self.services, self._update)


CoachApplication = Application[
    ExtBot[int], CoachContext, dict[Any, Any], dict[Any, Any], dict[Any, Any], Any
]


def install_services(application: CoachApplication, services: Services) -> None:
    application.bot_data[SERVICES_KEY] = services
