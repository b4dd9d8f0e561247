"""Who sent an update, and registering them as a runner on first contact (their weekly
summary planned); handlers/turn.py does it once per update."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from telegram import Update

from library.languages import language_for
from library.profiles import RunnerProfile
from storage import UnitOfWork

if TYPE_CHECKING:
    from handlers.context import Services


@dataclass(frozen=True, slots=True)
class Sender:
    """Who sent an update: their Telegram user id, the chat it came from, their name and
    the language their Telegram app is set to (an IETF tag such as "de" or "pt-br", or
    None when Telegram does not say)."""

    telegram_user_id: int
    chat_id: int
    name: str
    language_code: str | None = None

    @classmethod
    def of(cls, update: Update) -> Sender | None:
        user, chat = update.effective_user, update.effective_chat
        if user is None or chat is None:
            return None
        return cls(user.id, chat.id, user.full_name, user.language_code)


async def register_runner(
    uow: UnitOfWork, services: Services, sender: Sender
) -> tuple[RunnerProfile, bool]:
    """The runner ``sender`` is (created if new, in the language of their Telegram app;
    chat and name refreshed) and whether they are new."""
    now = services.clock()
    profile, created = await uow.users.register(
        telegram_user_id=sender.telegram_user_id,
        chat_id=sender.chat_id,
        name=sender.name,
        default_timezone=services.default_timezone,
        now=now,
        language=language_for(sender.language_code),
    )
    if created:  # plans their weekly summary (warm-ups wait for a schedule)
        await uow.deliveries.reschedule(profile.id, now)
    return profile, created
