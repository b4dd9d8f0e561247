"""Settings: defaults, environment and .env sources, and errors that name the bad setting."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.settings import DEFAULT_API_BASE_URL, DEFAULT_DATABASE_URL, SettingsError, load_settings

ALL_SETTINGS = (
    "TELEGRAM_BOT_TOKEN",
    "TELEGRAM_API_BASE_URL",
    "DATABASE_URL",
    "DEFAULT_TIMEZONE",
    "LOG_LEVEL",
)


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
