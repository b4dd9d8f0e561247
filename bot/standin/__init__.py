"""A loopback stand-in of the Telegram Bot API, for console mode and end-to-end tests."""

from bot.standin.server import (
    ApiCall,
    BotApiStandIn,
    Fault,
    SentMessage,
    StandInUser,
    UploadedFile,
)

__all__ = ["ApiCall", "BotApiStandIn", "Fault", "SentMessage", "StandInUser", "UploadedFile"]
