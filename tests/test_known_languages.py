"""The runners' languages a process remembers, so that knowing an update's language costs
no database read (handlers/turn.KnownLanguages): the latest read wins, the oldest go
first when full, and an entry older than its time is read again (another instance may
have changed it)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from handlers.turn import KnownLanguages
from library.languages import Language
from library.profiles import OnboardingStep, RunnerProfile


def runner(telegram_id: int, language: Language) -> RunnerProfile:
    return RunnerProfile(
        id=telegram_id,
        telegram_user_id=telegram_id,
        chat_id=telegram_id,
        name="Runner",
        timezone="UTC",
        created_at=datetime(2026, 12, 1, tzinfo=UTC),
        language=language,
    )


def test_the_latest_read_wins_and_forget_drops_it() -> None:
    known = KnownLanguages()
    assert known.get(1) is None
    known.remember(runner(1, Language.DE))
    assert known.get(1) is Language.DE
    known.remember(runner(1, Language.RU))
    assert known.get(1) is Language.RU
    known.forget(1)
    assert known.get(1) is None


def test_the_oldest_go_first_when_full() -> None:
    known = KnownLanguages(size=2)
    known.remember(runner(1, Language.DE))
    known.remember(runner(2, Language.ES))
    known.remember(runner(1, Language.DE))  # read again: now the newest
    known.remember(runner(3, Language.FR))
    assert len(known) == 2
    assert known.get(2) is None
    assert known.get(1) is Language.DE
    assert known.get(3) is Language.FR


def test_an_entry_past_its_time_is_read_again() -> None:
    known = KnownLanguages(keep=-1.0)  # every entry is already too old
    known.remember(runner(1, Language.DE))
    assert known.get(1) is None


def test_settled_runners_are_known_as_such_until_set_up_starts_again() -> None:
    known = KnownLanguages()
    assert not known.settled(1)  # never read: not known to be settled
    known.remember(runner(1, Language.DE))
    assert known.settled(1)
    known.remember(replace(runner(1, Language.DE), onboarding=OnboardingStep.DAYS))
    assert not known.settled(1)
    assert known.get(1) is Language.DE
    known.remember(runner(1, Language.DE))
    known.forget(1)
    assert not known.settled(1)


def test_a_settled_entry_past_its_time_is_not_trusted() -> None:
    known = KnownLanguages(keep=-1.0)
    known.remember(runner(1, Language.EN))
    assert not known.settled(1)
