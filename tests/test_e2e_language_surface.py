"""End to end, issue 18: everything the bot sends, in each of its languages, fits
Telegram's limits (the stand-in refuses a text over 4,096 characters or a caption over
1,024, so a reply too long in one language would not arrive), and the messages the bot
sends on its own (the scheduled warm-up, the weekly summary) are worded in each
runner's language, runners of different languages in one wave."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.application import running
from bot.scheduler import dispatcher_of
from bot.settings import Settings
from bot.standin import BotApiStandIn, StandInUser
from handlers.i18n import _, format_date, speaking
from library.deliveries import Outcome
from library.languages import Language
from tests.helpers import ManualClock, say, start_bot, worded

pytestmark = pytest.mark.e2e

MAX_TEXT, MAX_CAPTION = 4096, 1024
MONDAY_SIX = datetime(2026, 11, 23, 6, 0, tzinfo=UTC)


def runner(language: Language) -> StandInUser:
    return StandInUser(
        id=700 + list(Language).index(language),
        first_name="Maximiliane-Alexandra",
        language_code=language.value,
    )


def heading(language: Language, text: str) -> str:
    with speaking(language):
        return _(text)


@pytest.mark.parametrize("language", list(Language), ids=str)
async def test_the_longest_texts_fit_in_every_language(
    settings: Settings, standin: BotApiStandIn, clock: ManualClock, language: Language
) -> None:
    app = await start_bot(settings, standin, clock)
    who = runner(language)
    catalog = app.bot_data["services"].catalog
    clock.current = MONDAY_SIX
    async with running(app):
        for text in ["/start", "/help", "/exercises", "/warmup", "/strength", "/kit"]:
            reply = await say(standin, who, text)
            assert 0 < len(reply.plain) <= MAX_TEXT, text
        for exercise in catalog:
            reply = await say(standin, who, f"/how {exercise.id.replace('_', ' ')}")
            assert reply.plain.startswith(exercise.in_language(language.value).name)
            assert len(reply.plain) <= MAX_TEXT
        for day in range(3):  # the chart needs sessions on a few days
            clock.current = MONDAY_SIX + timedelta(days=day)
            assert len((await say(standin, who, "/warmup")).plain) <= MAX_TEXT
            for report in [f"humps left {8 + day} 9 right 10 10", "rxx L 6 6 6 6 R 4 5 4 4"]:
                assert len((await say(standin, who, report)).plain) <= MAX_TEXT
        for text in ["/history", "/settings", "/export"]:
            standin.send_text(who, text)
            for reply in await standin.replies(who, count=2 if text == "/export" else 1):
                assert len(reply.plain) <= MAX_TEXT
        standin.send_text(who, "/progress humps")
        [chart] = await standin.replies(who)
        assert chart.method == "sendphoto"
        assert 0 < len(chart.plain) <= MAX_CAPTION


async def test_scheduled_messages_are_worded_in_each_runner_s_language(
    settings: Settings, standin: BotApiStandIn, clock: ManualClock
) -> None:
    """One wave of warm-ups to a runner in each language: each card in theirs."""
    app = await start_bot(settings, standin, clock)
    clock.current = MONDAY_SIX - timedelta(days=1)
    async with running(app):
        for language in Language:
            who = runner(language)
            await say(standin, who, "/start")
            await say(standin, who, "/schedule mon 07:00")
            await say(standin, who, "/timezone UTC")
        clock.current = MONDAY_SIX + timedelta(minutes=45)  # 15 min before the runs
        report = await dispatcher_of(app).run_wave()
        assert report.outcomes[Outcome.SENT] == len(Language)
        for language in Language:
            title = heading(language, "Pre-run warm-up")
            cards = [m for m in standin.messages_to(runner(language)) if title in m.plain]
            assert len(cards) == 1, language
            if language is not Language.EN:
                assert "Pre-run warm-up" not in cards[0].plain


SUMMARY_DAY = {  # Wednesday, as a runner of each language writes it
    Language.DE: "Mi",
    Language.ES: "miércoles",
    Language.FR: "mer.",
    Language.RU: "ср",
}


async def test_the_weekly_summary_comes_in_each_runner_s_language(
    settings: Settings, standin: BotApiStandIn, clock: ManualClock
) -> None:
    """/summary with the day in the runner's words, a week of reports, then one wave:
    each summary worded in its runner's language, its dates too."""
    app = await start_bot(settings, standin, clock)
    wednesday_six = datetime(2026, 11, 25, 18, 0, tzinfo=UTC)
    async with running(app):
        clock.current = datetime(2026, 11, 16, 6, 30, tzinfo=UTC)
        for left in (8, 9, 10):
            for language in SUMMARY_DAY:
                await say(standin, runner(language), "/warmup")
                await say(standin, runner(language), f"humps left {left} {left} right 10 10")
            clock.advance(timedelta(days=4))
        clock.current = wednesday_six - timedelta(days=1)  # this week's Wednesday is next
        for language, day in SUMMARY_DAY.items():
            who = runner(language)
            said = await say(standin, who, f"/summary {day}")
            assert worded(
                language, "Your weekly summary comes on <b>Wednesdays at {time}</b>, your time."
            ).search(said.plain)
        clock.current = wednesday_six
        wave = await dispatcher_of(app).run_wave()
        assert wave.outcomes[Outcome.SENT] == len(SUMMARY_DAY), str(wave)
        for language in SUMMARY_DAY:
            [summary] = [
                m for m in standin.messages_to(runner(language)) if m.plain.startswith("📊")
            ]
            assert worded(language, "📊 <b>Your week</b> · {first} – {last}").search(summary.plain)
            with speaking(language):
                assert format_date(wednesday_six, "EEE dd MMM") in summary.plain
