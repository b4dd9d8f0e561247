"""How progress reads: the chart caption, the weekly summary and a long /history."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from handlers.progress import history_text, summary_caption
from handlers.summaries import summary_text
from library.exercises import ExerciseCatalog
from library.profiles import RunnerProfile
from library.progress import ExerciseWeek, ProgressSummary, Trend, WeeklySummary
from library.training import Leg, SessionStatus, StoredReport, TrainingSession

START = datetime(2026, 11, 2, 6, 30, tzinfo=UTC)
RUNNER = RunnerProfile(
    id=1,
    telegram_user_id=1,
    chat_id=1,
    name="Ann",
    timezone="Asia/Kolkata",
    created_at=START,
)


def test_caption_says_where_the_gap_stands(catalog: ExerciseCatalog) -> None:
    """One line: sessions, first and latest LSI, the trend, and a physio hint under 80%."""
    humps = catalog.get("hamstring_humps")
    widening = ProgressSummary(4, 85.0, 75.0, Leg.RIGHT, Trend.WIDENING)
    assert summary_caption(humps, widening) == (
        "Hamstring humps: 4 sessions, symmetry 85% → 75% (the gap is widening, right weaker)."
        " Under 80%: worth a physio's look."
    )
    steady = ProgressSummary(2, 88.0, 89.0, Leg.LEFT, Trend.STEADY)
    assert summary_caption(humps, steady).endswith("(holding steady, left weaker).")


def test_weekly_summary_text_flags_a_widening_gap_and_a_quiet_week(
    catalog: ExerciseCatalog,
) -> None:
    """A widening gap under 80% names the weaker leg; one line for the whole week
    suggests a physio, however many exercises are under 80%."""
    week = WeeklySummary(
        first_day=date(2026, 11, 23),
        last_day=date(2026, 11, 29),
        sessions=3,
        previous_sessions=3,
        exercises=(
            ExerciseWeek("rxx_clean", 3, 76.0, 88.0, Leg.LEFT, Trend.WIDENING),
            ExerciseWeek("hamstring_humps", 2, 97.0, 96.0, None, Trend.STEADY),
        ),
    )
    lines = summary_text(catalog, week).splitlines()
    assert lines[0] == "📊 <b>Your week</b> · Mon 23 Nov – Sun 29 Nov"
    assert lines[-4:] == [
        "• RXX clean: <b>76%</b> ↘ down from 88%, the gap is widening; left weaker",
        "• Hamstring humps: <b>97%</b> → steady",
        "",
        "Under 80% this week in RXX clean: worth having a physio take a look.",
    ]
    two_low = WeeklySummary(
        week.first_day,
        week.last_day,
        3,
        3,
        (
            ExerciseWeek("rxx_clean", 3, 76.0, 88.0, Leg.LEFT, Trend.WIDENING),
            ExerciseWeek("hamstring_humps", 2, 70.0, 72.0, Leg.RIGHT, Trend.STEADY),
        ),
    )
    text = summary_text(catalog, two_low)
    assert text.count("physio") == 1
    assert "in RXX clean and Hamstring humps:" in text
    quiet = WeeklySummary(date(2026, 11, 23), date(2026, 11, 29), 0, 2, ())
    assert summary_text(catalog, quiet).splitlines()[-1].startswith("A quiet week.")


def test_a_long_history_fits_one_message_newest_first(catalog: ExerciseCatalog) -> None:
    """Sixty reports: the newest are shown in local time, the rest pointed to /export."""
    sessions = [
        TrainingSession(
            id=n,
            kind="warmup",
            day=(START + timedelta(days=n)).date(),
            status=SessionStatus.DONE,
            exercise_ids=("rxx_clean",),
            created_at=START + timedelta(days=n),
        )
        for n in range(10)
    ]
    reports = [
        StoredReport(
            id=n,
            # a session's reports alternate, so each is a line of its own (an exercise's
            # reports in a row would be one)
            exercise_id=("rxx_clean", "hamstring_humps")[n // 10 % 2],
            day=(START + timedelta(days=n % 10)).date(),
            sets={Leg.LEFT: (10, 10, 10, 10), Leg.RIGHT: (12, 12, 12, 12)},
            pain=False,
            session_id=n % 10,
            created_at=START + timedelta(days=n % 10, minutes=n),
        )
        for n in range(60)
    ]
    text = history_text(catalog, RUNNER, sessions[::-1], reports[::-1])
    assert len(text) <= 4096
    lines = text.splitlines()
    assert lines[0] == "<b>Your recent training</b> (times in Asia/Kolkata)"
    assert lines[2] == "<b>Wed 11 Nov</b>"  # the newest day first
    assert lines[3] == "12:00 Warm-up · done"  # 06:30 UTC is 12:00 in India
    assert "…older entries are in /export." in lines
    assert lines[-1] == "/progress draws a chart · /export downloads everything"
