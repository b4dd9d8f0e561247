"""Settings: defaults, environment and .env sources, and errors that name the bad setting."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.application import build_application
from bot.settings import (
    DEFAULT_API_BASE_URL,
    DEFAULT_DATABASE_URL,
    Settings,
    SettingsError,
    load_settings,
)

ALL_SETTINGS = tuple(name.upper() for name in Settings.model_fields)
SECRET = "s3cret-webhook-token_0123456789"


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ALL_SETTINGS:
        monkeypatch.delenv(name, raising=False)


def test_defaults_without_any_configuration(tmp_path: Path) -> None:
    """With nothing configured the bot has no token and the documented defaults."""
    settings = load_settings(tmp_path / "missing.env")
    assert settings.token is None
    assert settings.telegram_api_base_url == DEFAULT_API_BASE_URL
    assert settings.database_url == DEFAULT_DATABASE_URL
    assert settings.default_timezone == "UTC"
    assert settings.log_level == "INFO"
    assert settings.webhook_url is None
    assert settings.webhook_secret is None
    assert (settings.webhook_listen, settings.webhook_port) == ("127.0.0.1", 8443)


def test_env_file_is_read_and_environment_wins(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Values come from .env, and the process environment overrides them."""
    env_file = tmp_path / ".env"
    env_file.write_text(
        "TELEGRAM_BOT_TOKEN=123:abc\nDEFAULT_TIMEZONE=Europe/Berlin\nLOG_LEVEL=debug\n"
    )
    monkeypatch.setenv("DEFAULT_TIMEZONE", "America/New_York")
    settings = load_settings(env_file)
    assert settings.token == "123:abc"
    assert settings.default_timezone == "America/New_York"
    assert settings.log_level == "DEBUG"


def test_token_is_hidden_in_repr(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The token never shows up when settings are printed or logged."""
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123:very-secret")
    settings = load_settings(tmp_path / "none.env")
    assert "very-secret" not in repr(settings)
    assert "very-secret" not in str(settings.model_dump())


def test_blank_token_counts_as_missing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """TELEGRAM_BOT_TOKEN= (as in .env.example) means no token, not an invalid one."""
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "  ")
    assert load_settings(tmp_path / "none.env").token is None


@pytest.mark.parametrize(
    ("name", "value", "hint"),
    [
        ("TELEGRAM_BOT_TOKEN", "not-a-token", "@BotFather"),
        ("TELEGRAM_API_BASE_URL", "api.telegram.org/bot", "http"),
        ("DATABASE_URL", "sqlite:///plain.db", "async driver"),
        ("DEFAULT_TIMEZONE", "Mars/Olympus_Mons", "IANA"),
        ("LOG_LEVEL", "LOUD", "DEBUG"),
        ("WEBHOOK_URL", "coach.example.com/telegram", "https://"),
        ("WEBHOOK_URL", "http://coach.example.com/telegram", "only posts to HTTPS"),
        ("WEBHOOK_URL", "https://coach.example.com:8080/telegram", "443, 80, 88, 8443"),
        ("WEBHOOK_URL", "https://coach.example.com/telegram?key=1", "no ?query"),
        ("WEBHOOK_URL", "https://coach.example.com/(hook)", "letters, digits"),
        ("WEBHOOK_SECRET", "too-short", "16 to 256"),
        ("WEBHOOK_SECRET", "has spaces and other things!", "A-Z, a-z, 0-9, _ and -"),
        ("WEBHOOK_SECRET", "x" * 257, "16 to 256"),
        ("WEBHOOK_PATH", "/hook?x=1", "letters, digits"),
        ("WEBHOOK_LISTEN", "everywhere", "IP address"),
        ("WEBHOOK_PORT", "0", "greater than or equal to 1"),
        ("WEBHOOK_PORT", "https", "integer"),
    ],
)
def test_bad_value_names_the_setting(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, value: str, hint: str
) -> None:
    """Each invalid setting is reported by its environment name with a hint how to fix it."""
    monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError) as raised:
        load_settings(tmp_path / "none.env")
    message = str(raised.value)
    assert message.startswith(f"{name}:")
    assert hint in message


def test_every_problem_is_reported_at_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two bad settings give two lines, so the operator fixes both in one go."""
    monkeypatch.setenv("LOG_LEVEL", "LOUD")
    monkeypatch.setenv("DEFAULT_TIMEZONE", "Nowhere/Land")
    with pytest.raises(SettingsError) as raised:
        load_settings(tmp_path / "none.env")
    lines = str(raised.value).splitlines()
    assert sorted(line.split(":")[0] for line in lines) == ["DEFAULT_TIMEZONE", "LOG_LEVEL"]


def test_env_example_lists_every_setting_with_a_comment() -> None:
    """.env.example documents every setting, each preceded by a comment line."""
    lines = (Path(__file__).parents[1] / ".env.example").read_text().splitlines()
    for name in ALL_SETTINGS:
        index = next(i for i, line in enumerate(lines) if line.startswith(f"{name}="))
        assert lines[index - 1].startswith("#"), name


def test_env_example_names_no_unknown_setting() -> None:
    """Every NAME= line of .env.example is a setting the bot reads, so none is a silent typo."""
    lines = (Path(__file__).parents[1] / ".env.example").read_text().splitlines()
    named = {line.partition("=")[0] for line in lines if line and not line.startswith("#")}
    assert named == set(ALL_SETTINGS)


def test_env_example_values_are_valid() -> None:
    """Copied as it is, .env.example starts the bot with its documented defaults."""
    settings = load_settings(Path(__file__).parents[1] / ".env.example")
    assert settings.token is None
    assert settings.webhook_url is None
    assert (settings.webhook_listen, settings.webhook_port) == ("127.0.0.1", 8443)


def test_webhook_path_defaults_to_the_url_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without WEBHOOK_PATH the server answers on WEBHOOK_URL's path; WEBHOOK_PATH overrides it."""
    monkeypatch.setenv("WEBHOOK_URL", "https://coach.example.com/telegram/updates")
    assert load_settings(tmp_path / "none.env").webhook_url_path == "/telegram/updates"
    monkeypatch.setenv("WEBHOOK_URL", "https://coach.example.com")
    assert load_settings(tmp_path / "none.env").webhook_url_path == "/"
    monkeypatch.setenv("WEBHOOK_PATH", "bot-updates")
    assert load_settings(tmp_path / "none.env").webhook_url_path == "/bot-updates"


def test_self_hosted_bot_api_may_post_over_http_to_any_port(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With a self-hosted Bot API server an http:// webhook on any port is accepted."""
    monkeypatch.setenv("TELEGRAM_API_BASE_URL", "http://localhost:8081/bot")
    monkeypatch.setenv("WEBHOOK_URL", "http://127.0.0.1:9000/hook")
    assert load_settings(tmp_path / "none.env").webhook_url == "http://127.0.0.1:9000/hook"


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("WEBHOOK_URL", "https://coach.example.com/AAH-secret-part"),
        ("WEBHOOK_PATH", "/bot/AAH-secret-part"),
    ],
)
def test_token_never_goes_into_the_webhook_url(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, value: str
) -> None:
    """A webhook URL or path holding the bot token is refused: URLs end up in access logs."""
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123456:AAH-secret-part")
    monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError) as raised:
        load_settings(tmp_path / "none.env")
    assert str(raised.value).startswith(f"{name}:")
    assert "bot token" in str(raised.value)
    assert "AAH-secret-part" not in str(raised.value)


def test_webhook_secret_is_hidden_and_blank_means_unset(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """WEBHOOK_SECRET never shows when settings are printed; blank counts as not set."""
    monkeypatch.setenv("WEBHOOK_SECRET", SECRET)
    settings = load_settings(tmp_path / "none.env")
    assert settings.webhook_secret is not None
    assert settings.webhook_secret.get_secret_value() == SECRET
    assert SECRET not in repr(settings)
    assert SECRET not in str(settings.model_dump())
    monkeypatch.setenv("WEBHOOK_SECRET", " ")
    assert load_settings(tmp_path / "none.env").webhook_secret is None


def test_admin_ids_are_read_comma_separated(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ADMIN_IDS="12345, 67890" gives the two ids; junk is refused with an example."""
    monkeypatch.setenv("ADMIN_IDS", "12345, 67890")
    assert load_settings(tmp_path / "none.env").admin_ids == frozenset({12345, 67890})
    monkeypatch.setenv("ADMIN_IDS", "me")
    with pytest.raises(SettingsError, match="12345,67890"):
        load_settings(tmp_path / "none.env")


def test_file_base_url_is_optional_and_checked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """TELEGRAM_FILE_BASE_URL: blank means the API base URL's own file URL; set, it must be
    an http(s) URL."""
    assert load_settings(tmp_path / "none.env").telegram_file_base_url is None
    monkeypatch.setenv("TELEGRAM_FILE_BASE_URL", " https://files.example/file/bot ")
    assert load_settings(tmp_path / "none.env").telegram_file_base_url == (
        "https://files.example/file/bot"
    )
    monkeypatch.setenv("TELEGRAM_FILE_BASE_URL", "files.example/file/bot")
    with pytest.raises(SettingsError) as raised:
        load_settings(tmp_path / "none.env")
    assert str(raised.value).startswith("TELEGRAM_FILE_BASE_URL: must start with http")


async def test_the_bot_downloads_files_from_the_file_base_url(tmp_path: Path) -> None:
    """The application's base_file_url: the setting, else the API base URL's file URL."""
    token = "4242:file-url-test"
    database_url = f"sqlite+aiosqlite:///{tmp_path / 'coach.db'}"
    chosen = Settings(
        _env_file=None,
        database_url=database_url,
        telegram_file_base_url="https://files.example/file/bot",
    )
    derived = Settings(
        _env_file=None, database_url=database_url, telegram_api_base_url="http://local:8081/bot"
    )
    assert build_application(chosen, token=token).bot.base_file_url == (
        f"https://files.example/file/bot{token}"
    )
    assert build_application(derived, token=token).bot.base_file_url == (
        f"http://local:8081/file/bot{token}"
    )


def test_webapp_settings_default_to_no_server(tmp_path: Path) -> None:
    settings = load_settings(tmp_path / "none.env")
    assert settings.webapp_port is None
    assert settings.webapp_listen == "127.0.0.1"
    assert settings.webapp_url is None
    assert settings.webapp_auth_max_age_seconds == 3600


def test_webapp_settings_are_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WEBAPP_PORT", "8088")
    monkeypatch.setenv("WEBAPP_LISTEN", "0.0.0.0")
    monkeypatch.setenv("WEBAPP_URL", "https://coach.example.com/app")
    monkeypatch.setenv("WEBAPP_AUTH_MAX_AGE_SECONDS", "600")
    settings = load_settings(tmp_path / "none.env")
    assert settings.webapp_port == 8088
    assert settings.webapp_listen == "0.0.0.0"
    assert settings.webapp_url == "https://coach.example.com/app"
    assert settings.webapp_auth_max_age_seconds == 600


def test_blank_webapp_port_and_url_mean_none(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WEBAPP_PORT", "")
    monkeypatch.setenv("WEBAPP_URL", " ")
    settings = load_settings(tmp_path / "none.env")
    assert settings.webapp_port is None
    assert settings.webapp_url is None


@pytest.mark.parametrize(
    ("name", "value", "words"),
    [
        ("WEBAPP_URL", "http://coach.example.com/app", "https://"),
        ("WEBAPP_URL", "https://coach.example.com/app#x", "fragment"),
        ("WEBAPP_URL", "not a url", "https://"),
        ("WEBAPP_LISTEN", "localhost", "IP address"),
        ("WEBAPP_PORT", "70000", "WEBAPP_PORT"),
        ("WEBAPP_AUTH_MAX_AGE_SECONDS", "5", "WEBAPP_AUTH_MAX_AGE_SECONDS"),
    ],
)
def test_bad_webapp_settings_are_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, value: str, words: str
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError) as error:
        load_settings(tmp_path / "none.env")
    assert name in str(error.value)
    assert words in str(error.value)


def test_webapp_port_must_not_be_the_webhooks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WEBHOOK_URL", "https://coach.example.com/telegram")
    monkeypatch.setenv("WEBAPP_PORT", "8443")
    with pytest.raises(SettingsError, match="WEBAPP_PORT: must differ from WEBHOOK_PORT"):
        load_settings(tmp_path / "none.env")


def test_the_token_never_goes_into_the_webapp_url(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123:abcdefsecret")
    monkeypatch.setenv("WEBAPP_URL", "https://coach.example.com/abcdefsecret/app")
    with pytest.raises(SettingsError, match="WEBAPP_URL: must not contain the bot token"):
        load_settings(tmp_path / "none.env")
