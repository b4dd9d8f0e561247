"""A loopback stand-in of the Telegram Bot API, for console mode and end-to-end tests."""

from bot.standin.server import (
    SECRET_TOKEN_HEADER,
    ApiCall,
    BotApiStandIn,
    CallbackNotice,
    ChatTarget,
    Fault,
    SentMessage,
    StandInGroup,
    StandInUser,
    UploadedFile,
    WebhookDelivery,
)

__all__ = [
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
