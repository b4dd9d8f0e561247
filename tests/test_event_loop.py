"""The event loop setting: uvloop by default, asyncio's own on request; the bot's
settings read EVENT_LOOP and refuse anything else."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest
import uvloop

from bot import event_loop
from bot.settings import Settings, SettingsError, load_settings


@pytest.fixture(autouse=True)
def restore_policy() -> Iterator[None]:
    policy = asyncio.get_event_loop_policy()
    yield
    asyncio.set_event_loop_policy(policy)


def loop_kind() -> type[asyncio.AbstractEventLoop]:
    loop = asyncio.new_event_loop()
    try:
        return type(loop)
    finally:
        loop.close()


def test_uvloop_makes_every_new_loop_a_uvloop() -> None:
    assert event_loop.install("uvloop") == "uvloop"
    assert loop_kind() is uvloop.Loop
    assert asyncio.run(asyncio.sleep(0, result="ran")) == "ran"


def test_asyncio_keeps_python_s_own_loop() -> None:
    event_loop.install("uvloop")
    assert event_loop.install("asyncio") == "asyncio"
    assert not issubclass(loop_kind(), uvloop.Loop)


def test_without_uvloop_installed_asyncio_s_own_is_used(monkeypatch: pytest.MonkeyPatch) -> None:
    def missing(name: str) -> object:
        raise ImportError(name)

    monkeypatch.setattr("bot.event_loop.importlib.import_module", missing)
    assert event_loop.install("uvloop") == "asyncio"
    assert not issubclass(loop_kind(), uvloop.Loop)


def test_the_setting_defaults_to_uvloop_and_reads_event_loop(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("EVENT_LOOP", raising=False)
    assert Settings(_env_file=None).event_loop == "uvloop"
    monkeypatch.setenv("EVENT_LOOP", "asyncio")
    assert Settings(_env_file=None).event_loop == "asyncio"
    monkeypatch.setenv("EVENT_LOOP", "tokio")
    with pytest.raises(SettingsError, match="EVENT_LOOP"):
        load_settings(env_file=None)
