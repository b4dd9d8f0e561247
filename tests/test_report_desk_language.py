"""A batch of the report desk words each runner's answer in the language of the update
that sent their report, whichever task takes the batch."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest

import handlers.report_desk
from handlers.accounts import Sender
from handlers.context import Services
from handlers.i18n import current, speaking
from handlers.report_desk import ReportDesk, ReportJob
from library.exercises import ExerciseCatalog
from library.languages import Language
from library.matcher import ExerciseMatcher
from library.reports import ParsedReport
from storage import Database
from tests.helpers import ManualClock

NOW = datetime(2026, 3, 2, 6, 0, tzinfo=UTC)


def test_a_job_keeps_the_language_it_was_made_in() -> None:
    report = ParsedReport(sets={}, pain=False)
    with speaking(Language.RU):
        job = ReportJob(Sender(1, 1, "Runner"), report)
    assert current() is Language.EN
    assert job.language is Language.RU


async def test_each_answer_of_a_batch_is_worded_in_its_runners_language(
    database: Database, catalog: ExerciseCatalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Runners in five languages report at once: the confirmation of each is worded
    while their own language is the current one (the wording notes which it was)."""
    monkeypatch.setattr(
        handlers.report_desk, "confirmation_text", lambda *_args: f"worded in {current().value}"
    )
    services = Services(
        database=database,
        clock=ManualClock(NOW),
        default_timezone="Europe/London",
        catalog=catalog,
        matcher=ExerciseMatcher(catalog),
        zone_at=lambda _latitude, _longitude: None,
    )
    desk = ReportDesk(services)
    languages = [list(Language)[n % len(Language)] for n in range(20)]
    jobs = []
    for n, language in enumerate(languages):
        report = services.read_report(f"humps left {n % 9 + 1} right {n % 9 + 2}")
        assert report is not None
        with speaking(language):
            jobs.append(ReportJob(Sender(500 + n, 500 + n, f"Runner {n}"), report))
    answers = await asyncio.gather(*(desk.submit(job) for job in jobs))
    assert desk.batches < len(jobs)  # several runners shared a batch
    for language, answer in zip(languages, answers, strict=True):
        assert answer is not None
        assert answer.reply == f"worded in {language.value}"
