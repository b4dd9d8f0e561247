"""End to end over the stand-in: /progress (the chart), /history, /export and /delete."""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from datetime import timedelta

import pytest
from PIL import Image
from sqlalchemy import func, select

from bot.standin import BotApiStandIn, SentMessage, StandInUser
from handlers.context import CoachApplication
from storage import Database
from storage.models import DeliveryRow, ReportRow, ReportSetRow, TrainingSessionRow, UserRow
from tests.helpers import ManualClock

pytestmark = pytest.mark.e2e


async def say(standin: BotApiStandIn, user: StandInUser, text: str, count: int = 1) -> SentMessage:
    standin.send_text(user, text)
    return (await standin.replies(user, count=count))[-1]


async def press(
    standin: BotApiStandIn, user: StandInUser, message: SentMessage, label: str
) -> SentMessage:
    standin.press_button(user, message, label)
    [reply] = await standin.replies(user)
    return reply


async def train(
    standin: BotApiStandIn, clock: ManualClock, user: StandInUser, reports: list[str]
) -> None:
    """One session: a warm-up, then each report; the clock then moves on two days."""
    await say(standin, user, "/warmup")
    for report in reports:
        reply = await say(standin, user, report)
        assert reply.plain.startswith("✅ Logged"), reply.plain
    clock.advance(timedelta(days=2))


async def stored_means(database: Database, telegram_id: int) -> dict[str, list[list[object]]]:
    """Each session's reps per set for each leg, straight from the stored sets."""
    async with database.unit_of_work() as uow:
        rows = await uow.session.execute(
            select(
                ReportRow.session_id,
                ReportRow.local_date,
                ReportSetRow.leg,
                func.avg(ReportSetRow.reps),
            )
            .join(ReportRow, ReportRow.id == ReportSetRow.report_id)
            .join(UserRow, UserRow.id == ReportRow.user_id)
            .where(UserRow.telegram_user_id == telegram_id)
            .where(ReportRow.exercise_id == "hamstring_humps")
            .group_by(ReportRow.session_id, ReportRow.local_date, ReportSetRow.leg)
            .order_by(ReportRow.local_date)
        )
        series: dict[str, list[list[object]]] = defaultdict(list)
        for _session, day, leg, mean in rows:
            series[leg].append([day.isoformat(), round(float(mean), 2)])
    return series


async def test_progress_chart_matches_the_stored_log(
    coach: CoachApplication,
    standin: BotApiStandIn,
    clock: ManualClock,
    alice: StandInUser,
    database: Database,
) -> None:
    """Chosen by button, the chart is a real PNG whose plotted points are the stored sets."""
    assert "No left/right reps logged yet" in (await say(standin, alice, "/progress")).plain
    await train(standin, clock, alice, ["humps left 8 8 right 10 10", "hops 20 20"])
    menu = await say(standin, alice, "/progress")
    assert [label for label, _ in menu.buttons] == ["Hamstring humps · 1"]
    too_little = await press(standin, alice, menu, "Hamstring humps")
    assert too_little.method == "sendmessage"
    assert "at least 2 sessions" in too_little.plain
    assert "so far you have 1" in too_little.plain

    await train(standin, clock, alice, ["humps left 9 9 right 10 10"])
    await train(standin, clock, alice, ["humps left 10 10 10 right 10 10"])  # an extra set
    menu = await say(standin, alice, "/progress")
    chart = await press(standin, alice, menu, "Hamstring humps")
    assert chart.method == "sendphoto"
    assert chart.file is not None
    assert chart.plain == (
        "Hamstring humps: 3 sessions, symmetry 80% → 100% (the gap is closing). At 90%+ ✓"
    )
    image = Image.open(io.BytesIO(chart.file.data))
    assert image.format == "PNG"
    assert 600 <= image.width <= 1600
    assert 400 <= image.height <= 1200
    plotted = json.loads(image.text["Description"])  # type: ignore[attr-defined]
    stored = await stored_means(database, alice.id)
    assert plotted["left"] == stored["left"]
    assert plotted["right"] == stored["right"]
    assert [value for _, value in plotted["left"]] == [8.0, 9.0, 10.0]
    assert [value for _, value in plotted["lsi"]] == [80.0, 90.0, 100.0]
    assert [leg for _, leg in plotted["weaker"]] == ["left", "left", "level"]


async def test_progress_by_name_and_for_an_exercise_without_legs(
    coach: CoachApplication, standin: BotApiStandIn, clock: ManualClock, alice: StandInUser
) -> None:
    """/progress takes a name; a two-footed exercise has no left and right to chart."""
    await train(standin, clock, alice, ["humps left 8 8 right 10 10", "hops 20 20"])
    await train(standin, clock, alice, ["humps left 9 9 right 9 9"])
    chart = await say(standin, alice, "/progress humps")
    assert chart.method == "sendphoto"
    assert chart.plain.startswith("Hamstring humps: 2 sessions")
    hops = await say(standin, alice, "/progress hamstring hops")
    assert "done on both feet at once" in hops.plain
    unknown = await say(standin, alice, "/progress zumba")
    assert unknown.plain.startswith("I'm not sure which exercise “zumba” is.")
    assert [label for label, _ in unknown.buttons] == ["Hamstring humps · 2"]


async def test_history_is_compact_and_in_the_runners_time_zone(
    coach: CoachApplication, standin: BotApiStandIn, clock: ManualClock, alice: StandInUser
) -> None:
    """Sessions with their reports, newest first, by local day and time."""
    assert "Nothing logged yet" in (await say(standin, alice, "/history")).plain
    await say(standin, alice, "/timezone New York")
    await train(standin, clock, alice, ["humps left 8 8 right 10 10", "hops 20 20"])
    clock.advance(timedelta(hours=12))
    await say(standin, alice, "rxx left 6 6 6 6 right 5 5 5 5")  # a report on its own
    history = (await say(standin, alice, "/history")).plain
    # 06:30 UTC on Monday 23 is 01:30 in New York; the loose report came at 13:30 on the 25th.
    assert history.splitlines() == [
        "Your recent training (times in America/New_York)",
        "",
        "Wed 25 Nov",
        "13:30 RXX clean: Left 6, 6, 6, 6 · Right 5, 5, 5, 5",
        "",
        "Mon 23 Nov",
        "01:30 Warm-up · open",
        "    Hamstring humps: Left 8, 8 · Right 10, 10",
        "    Hamstring hops: 20, 20",
        "",
        "/progress draws a chart · /export downloads everything",
    ]


async def test_export_sends_every_set_as_csv_and_the_settings_as_json(
    coach: CoachApplication, standin: BotApiStandIn, clock: ManualClock, alice: StandInUser
) -> None:
    """One CSV row per stored set with local date and time; the settings as JSON."""
    await say(standin, alice, "/timezone Tokyo")
    await say(standin, alice, "/schedule mon wed fri 07:00")
    await train(standin, clock, alice, ["humps left 8 8 right 10 10", "hops 20 20 pain"])
    standin.send_text(alice, "/export")
    log, settings = await standin.replies(alice, count=2)
    assert (log.method, settings.method) == ("senddocument", "senddocument")
    assert log.file is not None
    assert settings.file is not None
    assert log.file.filename == "coach-log-2026-11-25.csv"
    assert "6 sets from 2 reports" in log.plain
    rows = list(csv.DictReader(io.StringIO(log.file.data.decode())))
    assert [(r["exercise_id"], r["leg"], r["set_number"], r["reps"]) for r in rows] == [
        ("hamstring_humps", "left", "1", "8"),
        ("hamstring_humps", "left", "2", "8"),
        ("hamstring_humps", "right", "1", "10"),
        ("hamstring_humps", "right", "2", "10"),
        ("hamstring_hops", "both", "1", "20"),
        ("hamstring_hops", "both", "2", "20"),
    ]
    # 06:30 UTC is 15:30 in Tokyo
    assert {(r["local_date"], r["local_time"]) for r in rows} == {("2026-11-23", "15:30")}
    assert {r["exercise_name"] for r in rows} == {"Hamstring humps", "Hamstring hops"}
    assert [r["pain"] for r in rows] == ["no"] * 4 + ["yes"] * 2
    data = json.loads(settings.file.data)
    assert data["timezone"] == "Asia/Tokyo"
    assert data["run_days"] == ["mon", "wed", "fri"]
    assert data["run_time"] == "07:00"
    assert data["weekly_summary_day"] == "sun"
    assert data["telegram_user_id"] == alice.id


async def row_counts(database: Database, telegram_id: int) -> dict[str, int]:
    async with database.unit_of_work() as uow:
        user_id = (
            await uow.session.execute(
                select(UserRow.id).where(UserRow.telegram_user_id == telegram_id)
            )
        ).scalar_one_or_none()
        counts = {"users": 0 if user_id is None else 1}
        for name, table, column in (
            ("sessions", TrainingSessionRow, TrainingSessionRow.user_id),
            ("reports", ReportRow, ReportRow.user_id),
            ("deliveries", DeliveryRow, DeliveryRow.user_id),
        ):
            counts[name] = (
                await uow.session.execute(
                    select(func.count()).select_from(table).where(column == user_id)
                )
            ).scalar_one()
        counts["sets"] = (
            await uow.session.execute(
                select(func.count())
                .select_from(ReportSetRow)
                .join(ReportRow, ReportRow.id == ReportSetRow.report_id)
                .where(ReportRow.user_id == user_id)
            )
        ).scalar_one()
    return counts


async def test_delete_after_confirmation_erases_everything_and_starts_afresh(
    coach: CoachApplication,
    standin: BotApiStandIn,
    clock: ManualClock,
    alice: StandInUser,
    bob: StandInUser,
    database: Database,
) -> None:
    """'Keep' and an expired button change nothing; 'Yes' erases all of Alice, none of Bob."""
    for runner in (alice, bob):
        await say(standin, runner, "/schedule daily 07:00")
        await train(standin, clock, runner, ["humps left 8 8 right 10 10"])
        clock.advance(timedelta(days=-2))
    before = await row_counts(database, alice.id)
    assert before == {"users": 1, "sessions": 1, "reports": 1, "deliveries": 2, "sets": 4}
    bobs = await row_counts(database, bob.id)

    ask = await say(standin, alice, "/delete")
    assert "Delete everything" in ask.plain
    kept = await press(standin, alice, ask, "Keep my data")
    assert kept.plain == "Nothing deleted — your data stays."
    assert await row_counts(database, alice.id) == before

    stale = await say(standin, alice, "/delete")
    clock.advance(timedelta(minutes=11))
    standin.press_button(alice, stale, "Yes, delete")
    await standin.wait_until(lambda: len(standin.callback_answers) == 2)
    assert "expired" in standin.callback_answers[-1]["text"]
    assert await row_counts(database, alice.id) == before

    ask = await say(standin, alice, "/delete")
    done = await press(standin, alice, ask, "Yes, delete")
    assert done.plain.startswith("Done: everything about you is deleted.")
    assert await row_counts(database, alice.id) == {
        "users": 0,
        "sessions": 0,
        "reports": 0,
        "deliveries": 0,
        "sets": 0,
    }
    assert await row_counts(database, bob.id) == bobs
    assert "Hamstring humps" in (await say(standin, bob, "/history")).plain

    welcome = await say(standin, alice, "/start")
    assert welcome.plain.startswith("Hi Alice Runner, I'm your hamstring coach.")
    assert "Which days do you run?" in welcome.plain
    assert "Nothing logged yet" in (await say(standin, alice, "/history")).plain
