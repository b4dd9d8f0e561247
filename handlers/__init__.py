"""python-telegram-bot handlers: read the update, call library and storage, render the reply."""

from __future__ import annotations

from telegram.ext import Application

from handlers import (
    admin,
    calendar_import,
    chats,
    errors,
    exercises,
    fallback,
    guide,
    kit,
    language,
    onboarding,
    pain_check,
    privacy,
    progress,
    quick_log,
    runs,
    schedule,
    start,
    summaries,
    training,
    updates_log,
    voice,
    warmups,
)
from handlers.menu import COMMAND_MENU, CommandInfo

__all__ = ["COMMAND_MENU", "CommandInfo", "register_all"]


def register_all(application: Application) -> None:  # type: ignore[type-arg]
    """Add every feature's handlers; the catch-all goes last so features see updates first."""
    updates_log.register(application)
    language.register(application)
    chats.register(application)
    start.register(application)
    exercises.register(application)
    onboarding.register(application)
    schedule.register(application)
    runs.register(application)
    training.register(application)
    quick_log.register(application)
    guide.register(application)
    warmups.register(application)
    pain_check.register(application)
    kit.register(application)
    progress.register(application)
    summaries.register(application)
    privacy.register(application)
    admin.register(application)
    calendar_import.register(application)
    errors.register(application)
    voice.register(application)
    fallback.register(application)
