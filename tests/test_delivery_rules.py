"""The delivery lifecycle's pure rules (library/deliveries.py): what is planned, whether a
claimed delivery still goes, what follows it, and the back-off."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.application import build_application, delivery_preparers
from bot.scheduler import DeliveryDispatcher
from bot.settings import Settings
from handlers.deliveries import Preparer
from library.deliveries import (
    MAX_MISSED_RECORDED,
    SNOOZE_MINUTES,
    STATUS_OF,
    SUMMARY_GRACE,
    Delivery,
    DeliveryKind,
    DeliveryStatus,
    Finished,
    Outcome,
    can_snooze,
    next_warmup,
    plan_after,
    plan_for,
    retry_delay,
    runs_after,
    snooze,
    summary_after,
    triage,
    wanted,
)
from library.profiles import PauseReason, RunnerProfile
from library.schedule import RunSchedule
from tests.helpers import TEST_TOKEN

LONDON = "Europe/London"
MONDAY_0600 = datetime(2026, 11, 23, 6, 0, tzinfo=UTC)  # London is on UTC in winter
EVERY_DAY = frozenset(range(7))


def utc(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def runner(**changes: object) -> RunnerProfile:
    base = RunnerProfile(
        id=1,
        telegram_user_id=101,
        chat_id=101,
        name="Ada",
        timezone=LONDON,
        created_at=MONDAY_0600,
        run_days=EVERY_DAY,
        run_time=time(7, 0),
        lead_minutes=15,
        summary_day=6,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def delivery(kind: DeliveryKind, deadline: datetime, day: date | None = None) -> Delivery:
    return Delivery(
        id=7,
        user_id=1,
        local_date=day or deadline.date(),
        kind=kind,
        status=DeliveryStatus.CLAIMED,
        deadline_utc=deadline,
        next_due_utc=deadline,
        attempts=1,
        session_id=None,
    )


# ---------------------------------------------------------------------- wanted / triage
@pytest.mark.parametrize(
    ("kind", "changes", "expected"),
    [
        (DeliveryKind.WARMUP, {}, True),
        (DeliveryKind.WARMUP, {"paused": PauseReason.USER}, False),
        (DeliveryKind.WARMUP, {"run_time": None}, False),  # no schedule any more
        (DeliveryKind.SNOOZE, {"run_time": None}, True),  # the repeat was asked for
        (DeliveryKind.SNOOZE, {"paused": PauseReason.USER}, False),
        (DeliveryKind.SUMMARY, {"paused": PauseReason.USER}, True),  # goes on while paused
        (DeliveryKind.SUMMARY, {"paused": PauseReason.BLOCKED}, False),
        (DeliveryKind.SUMMARY, {"summary_day": None}, False),
    ],
)
def test_wanted_follows_the_runners_settings(
    kind: DeliveryKind, changes: dict[str, object], expected: bool
) -> None:
    assert wanted(kind, runner(**changes)) is expected


def test_triage_cancels_what_is_not_wanted_and_misses_what_is_late() -> None:
    run = utc(2026, 11, 23, 7)
    warmup = delivery(DeliveryKind.WARMUP, run)
    assert triage(warmup, runner(), run - timedelta(minutes=15)) is None
    assert triage(warmup, runner(), run - timedelta(seconds=1)) is None
    assert triage(warmup, runner(), run) is Outcome.MISSED  # the run has started
    paused = runner(paused=PauseReason.USER)
    assert triage(warmup, paused, run) is Outcome.CANCELLED  # not wanted beats late


def test_each_outcome_that_ends_a_claim_has_its_status() -> None:
    """RETRY hands the row back; every other outcome is recorded with its status."""
    assert set(STATUS_OF) == set(Outcome) - {Outcome.RETRY}
    warmup = delivery(DeliveryKind.WARMUP, utc(2026, 11, 23, 7))
    assert Finished(warmup, Outcome.SENT, 5).status is DeliveryStatus.SENT
    assert Finished(warmup, Outcome.BLOCKED).status is DeliveryStatus.FAILED
    assert Finished(warmup, Outcome.QUIET).status is DeliveryStatus.SKIPPED


# ---------------------------------------------------------------------- planning
def test_plan_for_gives_the_next_warmup_and_summary() -> None:
    planned = plan_for(runner(), MONDAY_0600)
    assert [(p.kind, p.local_date, p.status) for p in planned] == [
        (DeliveryKind.SUMMARY, date(2026, 11, 29), DeliveryStatus.PENDING),
        (DeliveryKind.WARMUP, date(2026, 11, 23), DeliveryStatus.PENDING),
    ]
    warmup = next_warmup(planned)
    assert warmup is not None
    assert (warmup.due_utc, warmup.deadline_utc) == (utc(2026, 11, 23, 6, 45), utc(2026, 11, 23, 7))


def test_plan_for_skips_taken_dates_and_respects_pause_and_summary_off() -> None:
    taken = {DeliveryKind.WARMUP: frozenset({(date(2026, 11, 23), "")})}
    planned = plan_for(runner(summary_day=None), MONDAY_0600, taken)
    assert [(p.kind, p.local_date) for p in planned] == [(DeliveryKind.WARMUP, date(2026, 11, 24))]
    paused = plan_for(runner(paused=PauseReason.USER), MONDAY_0600)
    assert [p.kind for p in paused] == [DeliveryKind.SUMMARY]
    assert plan_for(runner(paused=PauseReason.BLOCKED), MONDAY_0600) == []


def test_plan_after_a_warmup_is_the_next_run() -> None:
    warmup = delivery(DeliveryKind.WARMUP, utc(2026, 11, 23, 7))
    following = plan_after(warmup, Outcome.SENT, runner(), utc(2026, 11, 23, 6, 46))
    assert [(p.local_date, p.status) for p in following] == [
        (date(2026, 11, 24), DeliveryStatus.PENDING)
    ]


def test_plan_after_records_the_runs_that_went_by_while_down_capped() -> None:
    """Down for two months: at most 14 runs are recorded missed; the next is ahead."""
    warmup = delivery(DeliveryKind.WARMUP, utc(2026, 11, 23, 7))
    now = utc(2027, 1, 25, 12)
    following = plan_after(warmup, Outcome.MISSED, runner(), now)
    missed = [p for p in following if p.status is DeliveryStatus.MISSED]
    assert len(missed) == MAX_MISSED_RECORDED
    upcoming = next_warmup(following)
    assert upcoming is not None
    assert upcoming.due_utc > now


def test_nothing_follows_a_snooze_a_block_or_an_unwanted_kind() -> None:
    now = utc(2026, 11, 23, 6, 46)
    warmup = delivery(DeliveryKind.WARMUP, utc(2026, 11, 23, 7))
    repeat = delivery(DeliveryKind.SNOOZE, utc(2026, 11, 23, 8))
    assert plan_after(repeat, Outcome.SENT, runner(), now) == []
    assert plan_after(warmup, Outcome.BLOCKED, runner(), now) == []
    assert plan_after(warmup, Outcome.SENT, None, now) == []  # the runner is gone
    assert plan_after(warmup, Outcome.SENT, runner(paused=PauseReason.USER), now) == []


def test_a_summary_is_followed_by_next_weeks() -> None:
    sunday = delivery(
        DeliveryKind.SUMMARY, utc(2026, 11, 30, 6), day=date(2026, 11, 29)
    )  # deadline: Monday 06:00
    following = plan_after(sunday, Outcome.SENT, runner(), utc(2026, 11, 29, 18, 1))
    assert [(p.kind, p.local_date) for p in following] == [
        (DeliveryKind.SUMMARY, date(2026, 12, 6))
    ]
    assert plan_after(sunday, Outcome.SENT, runner(summary_day=None), utc(2026, 11, 29, 19)) == []


def test_runs_after_a_normal_run_misses_nothing() -> None:
    schedule = RunSchedule(EVERY_DAY, time(7, 0), LONDON, 15)
    following = runs_after(schedule, utc(2026, 11, 23, 7), utc(2026, 11, 23, 6, 46))
    assert [(p.local_date, p.status) for p in following] == [
        (date(2026, 11, 24), DeliveryStatus.PENDING)
    ]


def test_summary_is_the_chosen_weekday_at_six_pm_local_through_dst() -> None:
    """Sunday 18:00 in New York before and after the clocks go back; the deadline 12 h on."""
    before = summary_after("America/New_York", 6, utc(2026, 10, 26, 12))
    assert before.local_date == date(2026, 11, 1)  # DST ends that morning
    assert before.due_utc == utc(2026, 11, 1, 23)  # 18:00 EST
    summer = summary_after("America/New_York", 6, utc(2026, 10, 20, 12))
    assert summer.due_utc == utc(2026, 10, 25, 22)  # 18:00 EDT
    assert before.deadline_utc == before.due_utc + SUMMARY_GRACE
    assert before.due_utc.astimezone(ZoneInfo("America/New_York")).time() == time(18, 0)


def test_summary_skips_a_date_already_taken_and_never_lands_in_the_past() -> None:
    """Right at 18:00 the next one is a week on; a taken date moves it a week further."""
    sunday_six = utc(2026, 11, 29, 18)  # London, winter: UTC
    assert summary_after(LONDON, 6, sunday_six).local_date == date(2026, 12, 6)
    earlier = sunday_six - timedelta(minutes=1)
    assert summary_after(LONDON, 6, earlier).local_date == date(2026, 11, 29)
    taken = frozenset({date(2026, 11, 29)})
    assert summary_after(LONDON, 6, earlier, skip_dates=taken).local_date == date(2026, 12, 6)


RUN_0700 = utc(2026, 11, 23, 7)


@pytest.mark.parametrize(
    ("minutes_to_run", "allowed"),
    [
        (60, True),
        (20, True),  # the repeat comes 10 minutes before the run
        (11, True),
        (10, False),  # the repeat would come as the run starts
        (8, False),
        (5, False),  # a lead-5 warm-up's card offers none
        (0, False),
        (-3, False),  # the run has started
    ],
)
def test_a_snooze_must_come_back_before_the_run(minutes_to_run: int, allowed: bool) -> None:
    """Snooze only when now + SNOOZE_MINUTES is strictly before the run start."""
    now = RUN_0700 - timedelta(minutes=minutes_to_run)
    assert SNOOZE_MINUTES == 10
    assert can_snooze(RUN_0700, now) is allowed
    planned = snooze(date(2026, 11, 23), now, RUN_0700)
    assert (planned is not None) is allowed


@pytest.mark.parametrize(
    ("minutes_to_run", "minutes", "due_before_run"),
    [
        (20, 10, timedelta(minutes=10)),
        (15, 10, timedelta(minutes=5)),
        (30, 5, timedelta(minutes=25)),
    ],
)
def test_a_snooze_is_due_in_its_minutes_and_missed_when_the_run_starts(
    minutes_to_run: int, minutes: int, due_before_run: timedelta
) -> None:
    """The repeat is due ``minutes`` from now and its deadline is the run start (a
    repeat, like the warm-up, is never sent once the run has started)."""
    now = RUN_0700 - timedelta(minutes=minutes_to_run)
    planned = snooze(date(2026, 11, 23), now, RUN_0700, minutes)
    assert planned is not None
    assert planned.kind is DeliveryKind.SNOOZE
    assert planned.local_date == date(2026, 11, 23)
    assert planned.due_utc == now + timedelta(minutes=minutes)
    assert RUN_0700 - planned.due_utc == due_before_run
    assert planned.deadline_utc == RUN_0700
    assert planned.status is DeliveryStatus.PENDING


def test_retry_delay_doubles_up_to_ten_minutes() -> None:
    """30 s, 60 s, 120 s ... never more than 10 minutes."""
    assert [retry_delay(n).total_seconds() for n in (1, 2, 3, 4)] == [30, 60, 120, 240]
    assert retry_delay(50) == timedelta(minutes=10)


# ---------------------------------------------------------------------- wiring
@pytest.mark.backends("sqlite")
def test_every_kind_has_a_preparer_and_the_dispatcher_refuses_a_gap(
    settings: Settings,
) -> None:
    preparers = delivery_preparers()
    assert set(preparers) == set(DeliveryKind)
    application = build_application(settings, token=TEST_TOKEN)
    services = application.bot_data["services"]
    partial: dict[DeliveryKind, Preparer] = {
        kind: preparer for kind, preparer in preparers.items() if kind is not DeliveryKind.SUMMARY
    }
    with pytest.raises(ValueError, match="summary"):
        DeliveryDispatcher(application, services, partial, rate=30, interval=30)
