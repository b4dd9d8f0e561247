"""Finding the runner behind an update: registered on first contact (their weekly summary
planned), refreshed on each /start."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from telegram import Update

from library.profiles import RunnerProfile
from storage import UnitOfWork

if TYPE_CHECKING:
    from handlers.context import Services


@dataclass(frozen=True, slots=True)
class Sender:
    """Who sent an update: their Telegram user id, the chat it came from, their name."""

    telegram_user_id: int
    chat_id: int
    name: str

    @classmethod
    def of(cls, update: Update) -> Sender | None:
        user, chat = update.effective_user, update.effective_chat
        if user is None or chat is None:
            return None
        return cls(user.id, chat.id, user.full_name)


async def register_runner(
    uow: UnitOfWork, services: Services, sender: Sender
) -> tuple[RunnerProfile, bool]:
    """The runner ``sender`` is (created if new, chat and name refreshed) and whether
    they are new."""
    now = services.clock()
    profile, created = await uow.users.register(
        telegram_user_id=sender.telegram_user_id,
        chat_id=sender.chat_id,
        name=sender.name,
        default_timezone=services.default_timezone,
        now=now,
    )
    if created:  # plans their weekly summary (warm-ups wait for a schedule)
        await uow.deliveries.reschedule(profile.id, now)
    return profile, created


async def runner_for(
    update: Update, uow: UnitOfWork, services: Services
) -> tuple[RunnerProfile, bool] | None:
    """The runner who sent ``update`` (created if new) and whether they are new."""
    sender = Sender.of(update)
    return None if sender is None else await register_runner(uow, services, sender)


async def profile_for(update: Update, uow: UnitOfWork, services: Services) -> RunnerProfile | None:
    """The runner who sent ``update`` (created if new), when only the profile matters."""
    found = await runner_for(update, uow, services)
    return None if found is None else found[0]
