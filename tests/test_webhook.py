"""Webhook mode over loopback: the real bot serves python-telegram-bot's webhook server and
the stand-in plays Telegram, posting updates with the secret token header."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import socket
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from bot.application import WebhookOptions, build_application, running
from bot.settings import WEBHOOK_SECRET_PATTERN, Settings
from bot.standin import SECRET_TOKEN_HEADER, BotApiStandIn, StandInUser
from handlers.context import CoachApplication, Services
from tests.helpers import TEST_TOKEN, ManualClock

ROOT = Path(__file__).parents[1]
SECRET = "webhook-secret_for-the-tests-0123"
MALLORY = StandInUser(id=6666, first_name="Mallory")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def webhook_options(port: int) -> WebhookOptions:
    return WebhookOptions(
        url=f"http://127.0.0.1:{port}/telegram/updates",
        secret_token=SECRET,
        listen="127.0.0.1",
        port=port,
        path="/telegram/updates",
    )


@pytest.fixture
def webhook() -> WebhookOptions:
    return webhook_options(free_port())


@pytest.fixture
async def coach_on_webhook(
    settings: Settings, standin: BotApiStandIn, clock: ManualClock, webhook: WebhookOptions
) -> AsyncIterator[CoachApplication]:
    application = build_application(
        settings, token=TEST_TOKEN, base_url=standin.base_url, clock=clock
    )
    async with running(application, webhook=webhook):
        yield application


def forged_start(update_id: int) -> dict[str, Any]:
    """A /start from Mallory as Telegram would post it, but not sent by Telegram."""
    return {
        "update_id": update_id,
        "message": {
            "message_id": 1,
            "date": 1_700_000_000,
            "chat": MALLORY.private_chat(),
            "from": MALLORY.as_json(),
            "text": "/start",
            "entities": [{"type": "bot_command", "offset": 0, "length": 6}],
        },
    }


async def test_start_sets_the_webhook_with_its_url_and_secret(
    coach_on_webhook: CoachApplication, standin: BotApiStandIn, webhook: WebhookOptions
) -> None:
    """On start the bot calls setWebhook with the URL and the secret and never polls."""
    assert standin.webhook == {"url": webhook.url, "secret_token": SECRET}
    (call,) = standin.calls_to("setWebhook")
    assert call.status == 200
    assert "message" in call.params["allowed_updates"]
    assert standin.calls_to("getUpdates") == []


async def test_start_from_a_user_arrives_through_the_webhook_and_is_answered(
    coach_on_webhook: CoachApplication, standin: BotApiStandIn, alice: StandInUser
) -> None:
    """The stand-in posts Alice's /start to the webhook; the bot takes it and greets her."""
    update_id = standin.send_text(alice, "/start")
    replies = await standin.replies(alice)
    assert "Hi Alice" in replies[0].plain
    assert [(d.update_id, d.status) for d in standin.webhook_deliveries] == [(update_id, 200)]
    assert standin.acknowledged(update_id)


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        ({}, 403),
        ({SECRET_TOKEN_HEADER: "wrong-secret_0123456789"}, 403),
        ({SECRET_TOKEN_HEADER: SECRET[:-1]}, 403),
        ({SECRET_TOKEN_HEADER: SECRET}, 200),
    ],
    ids=["no-header", "wrong-secret", "almost-the-secret", "the-secret"],
)
async def test_post_without_the_right_secret_is_refused_and_processes_nothing(
    coach_on_webhook: CoachApplication,
    standin: BotApiStandIn,
    webhook: WebhookOptions,
    headers: dict[str, str],
    status: int,
) -> None:
    """A POST to the webhook without the secret, or with a wrong one, gets 403 and is not
    processed; the same POST with the secret (the control) is taken and answered."""
    standin.register_user(MALLORY)  # so that an answer to Mallory could be delivered
    async with httpx.AsyncClient() as client:
        response = await client.post(webhook.url, json=forged_start(900_001), headers=headers)
    assert response.status_code == status
    # Updates of one chat are handled in order: once Mallory's real /help (posted by the
    # stand-in) is answered, a forged /start taken before it would have been answered too.
    standin.send_text(MALLORY, "/help")
    await standin.wait_until(
        lambda: any("What I can do" in m.plain for m in standin.messages_to(MALLORY))
    )
    answered = [m.plain for m in standin.messages_to(MALLORY)]
    services: Services = coach_on_webhook.bot_data["services"]
    async with services.database.unit_of_work() as uow:
        registered = await uow.users.get(MALLORY.id) is not None
    if status == 403:
        assert len(answered) == 1
        assert not registered
    else:
        assert "Hi Mallory" in answered[0]
        assert "What I can do" in answered[-1]
        assert registered


def test_options_use_the_configured_secret_and_the_url_path() -> None:
    """WEBHOOK_SECRET is the secret token; the server answers on WEBHOOK_URL's path."""
    settings = Settings(
        _env_file=None,
        webhook_url="https://coach.example.com/telegram/updates",
        webhook_secret=SECRET,
    )
    options = WebhookOptions.from_settings(settings)
    assert (options.secret_token, options.secret_generated) == (SECRET, False)
    assert (options.listen, options.port, options.path) == ("127.0.0.1", 8443, "/telegram/updates")
    assert SECRET not in repr(options)


def test_without_a_configured_secret_each_start_draws_a_new_one() -> None:
    """With WEBHOOK_SECRET unset every start gets its own random secret in Telegram's shape."""
    settings = Settings(_env_file=None, webhook_url="https://coach.example.com/hook")
    first, second = WebhookOptions.from_settings(settings), WebhookOptions.from_settings(settings)
    assert first.secret_generated
    assert first.secret_token != second.secret_token
    assert WEBHOOK_SECRET_PATTERN.fullmatch(first.secret_token)
    assert first.secret_token not in repr(first)


def test_the_path_is_matched_literally() -> None:
    """A dot in the path is a dot: python-telegram-bot gets the path as an escaped pattern."""
    options = webhook_options(8443)
    dotted = WebhookOptions(options.url, SECRET, path="/hooks/v1.0/")
    assert re.fullmatch(dotted.url_path, "/hooks/v1.0")
    assert not re.fullmatch(dotted.url_path, "/hooks/v1x0")


# ----------------------------------------------------------------- the command line
def child_env(tmp_path: Path, **settings: str) -> dict[str, str]:
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("TELEGRAM_", "DATABASE_", "WEBHOOK_", "LOG_"))
    }
    env["DATABASE_URL"] = f"sqlite+aiosqlite:///{tmp_path / 'coach.db'}"
    env["PYTHONPATH"] = str(ROOT)
    return env | settings


def test_run_webhook_without_url_exits_2_with_a_hint(tmp_path: Path) -> None:
    """`coachbot run --webhook` without WEBHOOK_URL stops with one line saying what to set."""
    result = subprocess.run(
        [sys.executable, "-m", "bot", "run", "--webhook"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=child_env(tmp_path, TELEGRAM_BOT_TOKEN=TEST_TOKEN),
        timeout=120,
        check=False,
    )
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "WEBHOOK_URL=https://" in lines[0]


@pytest.mark.parametrize("args", [["run", "--webhook"], []], ids=["run-webhook", "default"])
async def test_run_serves_the_webhook_and_never_logs_the_token_or_secret(
    tmp_path: Path, standin: BotApiStandIn, alice: StandInUser, args: list[str]
) -> None:
    """`coachbot run` with WEBHOOK_URL set (and no WEBHOOK_SECRET) sets the webhook with a
    random secret, answers a user through it, stops on SIGTERM, and logs at DEBUG
    without the token or the secret."""
    port = free_port()
    url = f"http://127.0.0.1:{port}/hook"
    env = child_env(
        tmp_path,
        TELEGRAM_BOT_TOKEN=TEST_TOKEN,
        TELEGRAM_API_BASE_URL=standin.base_url,
        WEBHOOK_URL=url,
        WEBHOOK_PORT=str(port),
        LOG_LEVEL="DEBUG",
    )
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        *args,
        cwd=tmp_path,
        env=env,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )
    assert process.stderr is not None
    logs = asyncio.create_task(process.stderr.read())
    try:
        await standin.wait_until(lambda: bool(standin.webhook) or logs.done(), timeout=120)
        assert standin.webhook.get("url") == url, (await logs).decode()
        secret = str(standin.webhook["secret_token"])
        assert WEBHOOK_SECRET_PATTERN.fullmatch(secret)
        standin.send_text(alice, "/start")
        replies = await standin.replies(alice, timeout=60)
        assert "Hi Alice" in replies[0].plain
    finally:
        if process.returncode is None:
            process.send_signal(signal.SIGTERM)
        returncode = await process.wait()
    written = (await logs).decode()
    assert returncode == 0, written
    assert "webhook mode" in written
    assert "[redacted]" in written  # setWebhook's parameters were logged, with the secret hidden
    assert TEST_TOKEN not in written
    assert TEST_TOKEN.partition(":")[2] not in written
    assert secret not in written
