"""Progress over time (library): per-leg series, chart summaries, weekly summaries."""

from __future__ import annotations

from datetime import date, timedelta

from library.progress import (
    Trend,
    active_recently,
    leg_series,
    summarize,
    weekly_summary,
)
from library.training import ExerciseResult, Leg, StoredReport, merge_runs

L, R, B = Leg.LEFT, Leg.RIGHT, Leg.BOTH
MONDAY = date(2026, 11, 2)


def day(n: int) -> date:
    return MONDAY + timedelta(days=n)


def humps(
    n: int, left: tuple[int, ...], right: tuple[int, ...], session: int | None = None
) -> ExerciseResult:
    return ExerciseResult(day(n), "hamstring_humps", {L: left, R: right}, session_id=session)


def test_series_is_per_session_in_reps_per_set() -> None:
    """One point per session; reports of one session merge; legs compared per set."""
    history = [
        humps(0, (8, 8), (10, 10), session=1),
        humps(3, (8,), (), session=2),  # the right leg came in a second message
        humps(3, (), (10,), session=2),
        humps(5, (8, 8, 8), (10, 10), session=3),  # the weak leg's extra set
        ExerciseResult(day(6), "hamstring_hops", {B: (20, 20)}),
    ]
    points = leg_series(history, "hamstring_humps")
    assert [(p.day, p.left, p.right, p.lsi, p.weaker) for p in points] == [
        (day(0), 8.0, 10.0, 80.0, L),
        (day(3), 8.0, 10.0, 80.0, L),
        (day(5), 8.0, 10.0, 80.0, L),
    ]
    assert leg_series(history, "hamstring_hops") == []  # no left and right to compare


def test_two_sessions_on_one_day_are_two_points_each_with_its_weaker_leg() -> None:
    """Sessions, not days: a second session that day is a second point, counted as the
    day's second; each point names its own weaker leg (None when the legs are level)."""
    history = [
        humps(0, (7,), (10,), session=1),
        humps(2, (8, 8), (10, 10), session=2),
        humps(2, (10,), (9,), session=3),  # the same day, later: now the right is weaker
        humps(2, (9,), (9,)),  # and a report outside any session: a third point
        humps(4, (10,), (10,), session=4),
    ]
    points = leg_series(history, "hamstring_humps")
    assert [(p.day, p.of_day, p.session_id, p.lsi, p.weaker) for p in points] == [
        (day(0), 1, 1, 70.0, L),
        (day(2), 1, 2, 80.0, L),
        (day(2), 2, 3, 90.0, R),
        (day(2), 3, None, 100.0, None),
        (day(4), 1, 4, 100.0, None),
    ]
    summary = summarize(points)
    assert summary is not None
    assert (summary.sessions, summary.weaker) == (5, None)


def test_a_session_with_one_leg_only_is_not_a_point() -> None:
    """A missing leg gives no symmetry, so the point is left out rather than drawn at 0%."""
    points = leg_series([humps(0, (8,), ()), humps(2, (9,), (10,))], "hamstring_humps")
    assert [p.day for p in points] == [day(2)]


def test_summary_needs_two_sessions_and_reads_the_trend() -> None:
    """One session: no chart; then the first and latest LSI give the trend."""
    assert summarize(leg_series([humps(0, (8,), (10,))], "hamstring_humps")) is None
    closing = summarize(
        leg_series([humps(0, (8,), (10,)), humps(3, (10,), (10,))], "hamstring_humps")
    )
    assert closing is not None
    assert (closing.sessions, closing.first_lsi, closing.latest_lsi) == (2, 80.0, 100.0)
    assert closing.trend is Trend.CLOSING
    assert closing.flag is None
    widening = summarize(
        leg_series([humps(0, (10,), (10,)), humps(3, (7,), (10,))], "hamstring_humps")
    )
    assert widening is not None
    assert widening.trend is Trend.WIDENING
    assert widening.weaker is L
    assert widening.flag == "physio"
    steady = summarize(
        leg_series([humps(0, (9,), (10,)), humps(3, (10,), (11,))], "hamstring_humps")
    )
    assert steady is not None
    assert steady.trend is Trend.STEADY
    assert steady.flag is None


def test_weekly_summary_counts_sessions_and_compares_with_the_weeks_before() -> None:
    """The week ending Sunday: its sessions, and each exercise's LSI against the baseline."""
    sunday = day(13)
    history = [
        humps(0, (8,), (10,), session=1),  # baseline 80%
        humps(2, (8,), (10,), session=2),
        humps(7, (9,), (10,), session=3),  # this week: 90% and 100%, mean 95%
        humps(9, (10,), (10,), session=4),
        ExerciseResult(day(9), "hamstring_hops", {B: (20,)}, session_id=4),
        ExerciseResult(day(12), "rxx_clean", {L: (6,), R: (6,)}),  # no session: a day
        ExerciseResult(day(14), "rxx_clean", {L: (1,), R: (9,)}),  # after the week
    ]
    summary = weekly_summary(history, sunday)
    assert (summary.first_day, summary.last_day) == (day(7), sunday)
    assert summary.sessions == 3
    assert summary.previous_sessions == 2
    by_id = {week.exercise_id: week for week in summary.exercises}
    assert set(by_id) == {"hamstring_humps", "rxx_clean"}
    assert (by_id["hamstring_humps"].lsi, by_id["hamstring_humps"].baseline) == (95.0, 80.0)
    assert by_id["hamstring_humps"].trend is Trend.CLOSING
    assert by_id["rxx_clean"].trend is Trend.NEW
    assert by_id["rxx_clean"].lsi == 100.0


def test_quiet_runners_get_no_summary() -> None:
    """Active means something logged in the four weeks up to the summary's day."""
    history = [humps(0, (8,), (10,))]
    assert active_recently(history, day(27))
    assert not active_recently(history, day(28))
    assert not active_recently([], day(0))


def test_merge_runs_joins_an_exercises_reports_in_a_row() -> None:
    """A guided session's one-set reports read as the exercise's sets, in order; another
    exercise in between, or another session, starts a new line; pain carries over."""

    def report(
        number: int, exercise: str, leg: Leg, reps: int, session: int | None = 1
    ) -> StoredReport:
        return StoredReport(
            number, exercise, date(2026, 12, 4), {leg: (reps,)}, number == 4, session
        )

    reports = [
        report(1, "humps", Leg.LEFT, 8),
        report(2, "humps", Leg.RIGHT, 9),
        report(3, "humps", Leg.LEFT, 7),
        report(4, "humps", Leg.RIGHT, 8),
        report(5, "rxx", Leg.LEFT, 6),
        report(6, "humps", Leg.LEFT, 5),
        report(7, "humps", Leg.LEFT, 5, session=None),
    ]
    merged = merge_runs(reports)
    assert [(r.id, r.exercise_id, dict(r.sets), r.pain) for r in merged] == [
        (1, "humps", {Leg.LEFT: (8, 7), Leg.RIGHT: (9, 8)}, True),
        (5, "rxx", {Leg.LEFT: (6,)}, False),
        (6, "humps", {Leg.LEFT: (5,)}, False),
        (7, "humps", {Leg.LEFT: (5,)}, False),
    ]
