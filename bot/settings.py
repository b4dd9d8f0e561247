"""Settings from the environment and `.env`, validated at start; errors name the setting."""

from __future__ import annotations

import ipaddress
import logging
import os
import re
import socket
from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, ValidationError, ValidationInfo, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict
from sqlalchemy.engine import make_url

DEFAULT_API_BASE_URL = "https://api.telegram.org/bot"
DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///./data/coachbot.db"
DEFAULT_DATA_FOLDER = Path("data")  # the default database's folder
LOG_LEVELS = ("CRITICAL", "ERROR", "WARNING", "INFO", "DEBUG")
TELEGRAM_API_HOST = "api.telegram.org"
PAID_BROADCAST_RATE = 1000  # a second with allow_paid_broadcast (0.1 Stars each above 30)
# Telegram's rule for setWebhook's secret_token is 1-256 of these characters; we ask for at
# least 16 so that the secret cannot be guessed.
WEBHOOK_SECRET_PATTERN = re.compile(r"[A-Za-z0-9_-]{16,256}")
# Ports Telegram's own Bot API posts webhooks to (a self-hosted Bot API server takes any).
TELEGRAM_WEBHOOK_PORTS = (443, 80, 88, 8443)
# python-telegram-bot matches the path as a regular expression: plain characters only.
_WEBHOOK_PATH_PATTERN = re.compile(r"/[A-Za-z0-9/_.~-]*")
_SECRET_HINT = "python -c 'import secrets; print(secrets.token_urlsafe(32))'"
# Host-name characters: an instance name ends up in claim owners as "<name>:<pid>:<random>".
_INSTANCE_NAME_PATTERN = re.compile(r"[A-Za-z0-9._-]{1,253}")
# Linux's first process namespace (PROC_PID_INIT_INO): processes outside any container.
_INIT_PID_NAMESPACE = "pid:[4026531836]"


def default_instance_name() -> str:
    """INSTANCE_NAME when none is set: the host name. Inside a container (a process
    namespace of its own) the namespace is added, since containers can share a host name
    (host networking) and their process ids cannot be checked from one another."""
    name = re.sub(r"[^A-Za-z0-9._-]", "-", socket.gethostname().strip()) or "coachbot"
    try:
        namespace = os.readlink("/proc/self/ns/pid")
    except OSError:  # not Linux
        return name
    if namespace == _INIT_PID_NAMESPACE:
        return name
    return f"{name}.pidns{namespace.removeprefix('pid:[').removesuffix(']')}"


class Settings(BaseSettings):
    """Every knob an operator can turn; `.env.example` documents each one."""

    model_config = SettingsConfigDict(
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
        case_sensitive=False,
        frozen=True,
    )

    telegram_bot_token: SecretStr | None = Field(default=None)
    telegram_api_base_url: str = DEFAULT_API_BASE_URL
    # Where files users send are downloaded from (python-telegram-bot's base_file_url);
    # None: the file URL of telegram_api_base_url (…/bot -> …/file/bot).
    telegram_file_base_url: str | None = None
    database_url: str = DEFAULT_DATABASE_URL
    default_timezone: str = "UTC"
    log_level: str = "INFO"
    # Seconds between two scheduler ticks that look for due warm-ups.
    delivery_interval_seconds: float = Field(default=30.0, gt=0, le=60)
    # Send scheduled warm-ups with the Bot API's allow_paid_broadcast: Telegram lets them
    # out beyond the free 30 a second, for 0.1 Stars each message above it.
    telegram_paid_broadcast: bool = False
    # Messages per second to Telegram for the whole bot (Telegram allows about 30; up to
    # 1,000 with paid broadcasts; a self-hosted Bot API server or the stand-in takes more).
    telegram_rate_limit: float = Field(default=30.0, gt=0, le=10_000)
    # Messages per second in one chat (Telegram: 1; a group also 20 a minute).
    telegram_chat_rate_limit: float = Field(default=1.0, gt=0, le=10_000)
    # Seconds to wait for Telegram to answer one request before trying again later.
    telegram_timeout_seconds: float = Field(default=10.0, gt=0, le=120)
    # Keep-alive connections to the Bot API for sending (8 carry 30 messages/s even at
    # 250 ms a request; each extra connection costs CPU on every request).
    telegram_connections: int = Field(default=8, ge=1, le=256)
    # The secret Telegram sends with every webhook request; None: a random one per start.
    webhook_secret: SecretStr | None = None
    # The public URL Telegram posts updates to; set, `coachbot run` serves a webhook.
    webhook_url: str | None = None
    # The path the webhook server answers on; None: the path of webhook_url.
    webhook_path: str | None = None
    # Where the webhook server listens: this host only, behind a proxy on the same host.
    webhook_listen: str = "127.0.0.1"
    webhook_port: int = Field(default=8443, ge=1, le=65535)
    # Names this process in its warm-up claims, so that a restart after a crash takes
    # back at once what its earlier life had claimed (unique per machine or container).
    instance_name: str = Field(default_factory=default_instance_name)
    # Telegram user ids (comma-separated) allowed to use /stats; empty: nobody.
    admin_ids: Annotated[frozenset[int], NoDecode] = frozenset()
    # Voice notes with rep reports are transcribed on this machine (English only); off:
    # a voice note gets the "please type it" reply.
    voice_enabled: bool = True
    # Worker processes transcribing voice notes; 0: sized to the machine's CPUs.
    voice_workers: int = Field(default=0, ge=0, le=64)
    # The longest voice note transcribed, in seconds; a longer one is asked to be typed.
    voice_max_seconds: float = Field(default=30.0, gt=0, le=600)
    # The Mini App (docs/webapp.md): the port its web server listens on; None: no server.
    webapp_port: int | None = Field(default=None, ge=1, le=65535)
    # Where the Mini App's server listens: this host only, behind a proxy on the same host.
    webapp_listen: str = "127.0.0.1"
    # The public https:// URL Telegram opens (the page, /app); set: the menu button opens it.
    webapp_url: str | None = None
    # How old a Mini App's initData (its auth_date) may be, in seconds.
    webapp_auth_max_age_seconds: int = Field(default=3600, ge=60, le=7 * 24 * 3600)
    # The event loop: uvloop (less CPU per update and send) or asyncio's own.
    event_loop: Literal["uvloop", "asyncio"] = "uvloop"

    @field_validator(
        "telegram_bot_token",
        "telegram_file_base_url",
        "webhook_secret",
        "webhook_url",
        "webhook_path",
        "webapp_port",
        "webapp_url",
        mode="before",
    )
    @classmethod
    def _blank_is_none(cls, value: object) -> object:
        if isinstance(value, str) and not value.strip():
            return None
        return value

    @field_validator("admin_ids", mode="before")
    @classmethod
    def _comma_separated_ids(cls, value: object) -> object:
        if isinstance(value, str):
            parts = [part.strip() for part in value.replace(";", ",").split(",")]
            if not all(part.lstrip("-").isdigit() for part in parts if part):
                raise ValueError("must be Telegram user ids separated by commas, e.g. 12345,67890")
            return frozenset(int(part) for part in parts if part)
        return value

    @field_validator("instance_name", mode="before")
    @classmethod
    def _instance_name(cls, value: object) -> object:
        if value is None or (isinstance(value, str) and not value.strip()):
            return default_instance_name()
        if isinstance(value, str) and not _INSTANCE_NAME_PATTERN.fullmatch(value.strip()):
            raise ValueError(
                "may only use letters, digits and . _ - (at most 253), e.g. coach-1; "
                "blank: the host name"
            )
        return value.strip() if isinstance(value, str) else value

    @field_validator("telegram_bot_token")
    @classmethod
    def _token_shape(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None:
            return None
        bot_id, sep, secret = value.get_secret_value().strip().partition(":")
        if not (sep and bot_id.isdigit() and secret):
            raise ValueError("must look like 123456789:AA... as given by @BotFather")
        return SecretStr(value.get_secret_value().strip())

    @field_validator("telegram_api_base_url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        value = value.strip()
        if not value.startswith(("http://", "https://")):
            raise ValueError(f"must start with http:// or https://, e.g. {DEFAULT_API_BASE_URL}")
        return value

    @field_validator("telegram_rate_limit")
    @classmethod
    def _telegram_allows(cls, value: float, info: ValidationInfo) -> float:
        paid = bool(info.data.get("telegram_paid_broadcast"))
        if paid and value > PAID_BROADCAST_RATE:
            raise ValueError(
                f"Telegram lets paid broadcasts out at up to {PAID_BROADCAST_RATE} a second"
            )
        return value

    @field_validator("telegram_file_base_url")
    @classmethod
    def _file_url(cls, value: str | None) -> str | None:
        if value is None:
            return None
        value = value.strip()
        if not value.startswith(("http://", "https://")):
            raise ValueError(
                "must start with http:// or https://, e.g. https://api.telegram.org/file/bot"
            )
        return value

    @field_validator("database_url")
    @classmethod
    def _async_driver(cls, value: str) -> str:
        value = value.strip()
        scheme = value.partition("://")[0]
        if scheme not in ("sqlite+aiosqlite", "postgresql+asyncpg"):
            raise ValueError(
                "must use an async driver: sqlite+aiosqlite:///path.db or "
                "postgresql+asyncpg://user:password@host/db"
            )
        return value

    @field_validator("default_timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        value = value.strip()
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(
                f"{value!r} is not an IANA time zone name, e.g. Europe/London"
            ) from None
        return value

    @field_validator("log_level")
    @classmethod
    def _known_level(cls, value: str) -> str:
        level = value.strip().upper()
        if level not in LOG_LEVELS:
            raise ValueError(f"must be one of {', '.join(LOG_LEVELS)}")
        return level

    @field_validator("webhook_secret")
    @classmethod
    def _secret_shape(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None:
            return None
        secret = value.get_secret_value().strip()
        if not WEBHOOK_SECRET_PATTERN.fullmatch(secret):
            raise ValueError(
                "must be 16 to 256 characters of A-Z, a-z, 0-9, _ and -; "
                f"make one with {_SECRET_HINT}"
            )
        return SecretStr(secret)

    @field_validator("webhook_url")
    @classmethod
    def _webhook_url(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is None:
            return None
        value = value.strip()
        example = "e.g. https://coach.example.com/telegram"
        try:
            parts = urlsplit(value)
            port = parts.port
        except ValueError:
            raise ValueError(f"is not a URL, {example}") from None
        if parts.scheme not in ("https", "http") or not parts.hostname:
            raise ValueError(f"must be the public https:// URL Telegram posts to, {example}")
        if parts.query or parts.fragment:
            raise ValueError(f"must have no ?query or #fragment, {example}")
        if parts.path and not _WEBHOOK_PATH_PATTERN.fullmatch(parts.path):
            raise ValueError("its path may only use letters, digits and / _ - . ~")
        _refuse_secrets_in(value, info)
        base_url = info.data.get("telegram_api_base_url", DEFAULT_API_BASE_URL)
        if urlsplit(base_url).hostname == TELEGRAM_API_HOST:
            if parts.scheme != "https":
                raise ValueError(
                    "must start with https://: Telegram only posts to HTTPS "
                    "(http:// works with a self-hosted Bot API server only)"
                )
            if (port or 443) not in TELEGRAM_WEBHOOK_PORTS:
                ports = ", ".join(map(str, TELEGRAM_WEBHOOK_PORTS))
                raise ValueError(f"Telegram only posts to ports {ports}, not {port}")
        return value

    @field_validator("webhook_path")
    @classmethod
    def _webhook_path(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is None:
            return None
        path = "/" + value.strip().lstrip("/")
        if not _WEBHOOK_PATH_PATTERN.fullmatch(path):
            raise ValueError("may only use letters, digits and / _ - . ~, e.g. /telegram")
        _refuse_secrets_in(path, info)
        return path

    @field_validator("webapp_port")
    @classmethod
    def _own_port(cls, value: int | None, info: ValidationInfo) -> int | None:
        if (
            value is not None
            and info.data.get("webhook_url")
            and value == info.data.get("webhook_port")
        ):
            raise ValueError("must differ from WEBHOOK_PORT: the webhook has a server of its own")
        return value

    @field_validator("webapp_url")
    @classmethod
    def _webapp_url(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is None:
            return None
        value = value.strip()
        example = "e.g. https://coach.example.com/app"
        try:
            parts = urlsplit(value)
            parts.port  # noqa: B018 - raises on a bad port
        except ValueError:
            raise ValueError(f"is not a URL, {example}") from None
        if parts.scheme != "https" or not parts.hostname:
            raise ValueError(f"must be the public https:// URL Telegram opens, {example}")
        if parts.fragment:
            raise ValueError(f"must have no #fragment (Telegram adds its own), {example}")
        _refuse_secrets_in(value, info)
        return value

    @field_validator("webhook_listen", "webapp_listen")
    @classmethod
    def _ip_address(cls, value: str) -> str:
        try:
            return str(ipaddress.ip_address(value.strip()))
        except ValueError:
            raise ValueError(
                "must be an IP address to listen on: 127.0.0.1 (a proxy on this host "
                "forwards to the bot) or 0.0.0.0 (every interface, e.g. in a container)"
            ) from None

    @property
    def log_level_number(self) -> int:
        return logging.getLevelNamesMapping()[self.log_level]

    @property
    def token(self) -> str | None:
        return (
            None if self.telegram_bot_token is None else self.telegram_bot_token.get_secret_value()
        )

    @property
    def data_folder(self) -> Path:
        """Where the bot keeps files of its own: the SQLite database's folder (``./data``
        by default), or ``./data`` when the database is not a SQLite file."""
        url = make_url(self.database_url)
        name = url.database
        if url.get_backend_name() != "sqlite" or not name or name == ":memory:":
            return DEFAULT_DATA_FOLDER
        if name.startswith("file:"):  # a SQLite URI: not a plain path
            return DEFAULT_DATA_FOLDER
        return Path(name).expanduser().parent

    @property
    def webhook_url_path(self) -> str:
        """The path the webhook server answers on: WEBHOOK_PATH, else WEBHOOK_URL's path."""
        if self.webhook_path is not None:
            return self.webhook_path
        return urlsplit(self.webhook_url or "").path or "/"


def _refuse_secrets_in(text: str, info: ValidationInfo) -> None:
    """URLs end up in proxy and access logs: neither the token nor the secret may be in one."""
    token: SecretStr | None = info.data.get("telegram_bot_token")
    secret: SecretStr | None = info.data.get("webhook_secret")
    if token is not None and token.get_secret_value().partition(":")[2] in text:
        raise ValueError("must not contain the bot token: it would end up in access logs")
    if secret is not None and secret.get_secret_value() in text:
        raise ValueError("must not contain WEBHOOK_SECRET: it would end up in access logs")


class SettingsError(Exception):
    """Raised with one readable line per bad setting."""


def load_settings(env_file: Path | None = Path(".env")) -> Settings:
    """Read and validate the settings; a :class:`SettingsError` names every bad one."""
    try:
        return Settings(_env_file=env_file)
    except ValidationError as error:
        lines = []
        for problem in error.errors():
            name = str(problem["loc"][0]).upper() if problem["loc"] else "settings"
            message = problem["msg"].removeprefix("Value error, ")
            lines.append(f"{name}: {message}")
        raise SettingsError("\n".join(lines)) from None
