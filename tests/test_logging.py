"""Logging never writes the bot token, not even inside tracebacks or request URLs."""

from __future__ import annotations

import io
import logging

import pytest

from bot.logging_setup import REDACTED, configure_logging

TOKEN = "123456:SECRET-token-value"


@pytest.fixture
def restore_root_logger() -> object:
    root = logging.getLogger()
    saved = (root.handlers[:], root.level)
    yield root
    root.handlers[:], root.level = saved[0], saved[1]


def test_token_is_redacted_in_messages_and_tracebacks(restore_root_logger: object) -> None:
    """A token in a message, an argument or an exception is replaced before it is written."""
    stream = io.StringIO()
    configure_logging(logging.DEBUG, secrets=[TOKEN], stream=stream)
    log = logging.getLogger("coachbot.test")
    log.info("POST https://api.telegram.org/bot%s/getMe", TOKEN)
    try:
        raise RuntimeError(f"failed calling bot{TOKEN}")
    except RuntimeError:
        log.exception("request failed")
    written = stream.getvalue()
    assert TOKEN not in written
    assert written.count(REDACTED) == 2
    assert "request failed" in written


def test_log_level_is_honoured(restore_root_logger: object) -> None:
    """Below the configured level nothing is written; transport chatter stays at WARNING."""
    stream = io.StringIO()
    configure_logging(logging.WARNING, stream=stream)
    logging.getLogger("coachbot.test").info("quiet please")
    logging.getLogger("coachbot.test").warning("speak up")
    assert "quiet please" not in stream.getvalue()
    assert "speak up" in stream.getvalue()
    assert logging.getLogger("httpx").level == logging.WARNING
