"""The typed handler context: app-wide services reachable from every callback."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from telegram.ext import Application, CallbackContext, ExtBot

from library.exercises import ExerciseCatalog
from library.matcher import ExerciseMatcher
from library.profiles import RunnerProfile
from storage import Database

SERVICES_KEY = "services"


@dataclass(frozen=True, slots=True)
class Services:
    """What lives as long as the application (database, clock, catalogue), never per update."""

    database: Database
    clock: Callable[[], datetime]
    default_timezone: str
    catalog: ExerciseCatalog
    matcher: ExerciseMatcher


class CoachContext(CallbackContext[ExtBot[int], dict[Any, Any], dict[Any, Any], dict[Any, Any]]):
    """CallbackContext with typed access to the :class:`Services`.

    One context serves all the handlers of one update, so ``runner_seen`` carries the
    runner as one handler read them to the next (saving a query per message).
    """

    runner_seen: RunnerProfile | None = None

    @property
    def services(self) -> Services:
        services = self.bot_data.get(SERVICES_KEY)
        if not isinstance(services, Services):
            raise RuntimeError("the application was built without services")
        return services


CoachApplication = Application[
    ExtBot[int], CoachContext, dict[Any, Any], dict[Any, Any], dict[Any, Any], Any
]


def install_services(application: CoachApplication, services: Services) -> None:
    application.bot_data[SERVICES_KEY] = services
