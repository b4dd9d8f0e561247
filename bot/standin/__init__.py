"""A loopback stand-in of the Telegram Bot API, for console mode and end-to-end tests."""

from bot.standin.faults import NO_ANSWER, Fault
from bot.standin.models import (
    ApiCall,
    CallbackNotice,
    ChatTarget,
    SentMessage,
    StandInGroup,
    StandInUser,
    UploadedFile,
    WebhookDelivery,
)
from bot.standin.server import BotApiStandIn
from bot.standin.webhook import SECRET_TOKEN_HEADER

__all__ = [
    "NO_ANSWER",
    "SECRET_TOKEN_HEADER",
    "ApiCall",
    "BotApiStandIn",
    "CallbackNotice",
    "ChatTarget",
    "Fault",
    "SentMessage",
    "StandInGroup",
    "StandInUser",
    "UploadedFile",
    "WebhookDelivery",
]
