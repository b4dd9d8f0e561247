"""SQLAlchemy 2 typed models: the tables of the coach's database."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from storage.types import UtcDateTime

# Stable constraint names keep Alembic migrations identical on SQLite and PostgreSQL.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class UserRow(Base):
    """A runner who has talked to the bot."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    telegram_user_id: Mapped[int] = mapped_column(BigInteger, unique=True)
    chat_id: Mapped[int] = mapped_column(BigInteger)
    name: Mapped[str] = mapped_column(String(128))
    timezone: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    # The run schedule: each run day (Monday = 0) with its local start,
    # "1=06:30,3=06:30,5=08:00"; a day alone ("1,3") has no time yet. "" for no runs.
    run_times: Mapped[str] = mapped_column(String(64), default="", server_default="")
    lead_minutes: Mapped[int] = mapped_column(Integer, default=15, server_default="15")
    # Why warm-ups are paused ("user" or "blocked"); NULL while they are on.
    paused: Mapped[str | None] = mapped_column(String(16))
    # The onboarding question waiting for an answer; NULL once set up (or never started).
    onboarding: Mapped[str | None] = mapped_column(String(16))
    # The weekday (Monday = 0) of the weekly summary; NULL once the runner turned it off.
    summary_day: Mapped[int | None] = mapped_column(Integer, server_default="6")
    # The kit the runner has, as comma-separated kit ids; NULL until asked, "" for none.
    kit: Mapped[str | None] = mapped_column(String(64))
    # The language the runner is spoken to in (library/languages.py), e.g. "de".
    language: Mapped[str] = mapped_column(String(5), default="en", server_default="en")


class TrainingSessionRow(Base):
    """A warm-up or strength session the bot sent to a runner."""

    __tablename__ = "training_sessions"
    __table_args__ = (Index("ix_training_sessions_user_created", "user_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16))
    local_date: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16))
    exercise_ids: Mapped[str] = mapped_column(String(1024))
    prompted_exercise_id: Mapped[str | None] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    # The pre-run pain check: "none", "mild" or "sharp" (NULL until answered), and for
    # mild or sharp which leg ("left", "right" or "both").
    pain_check: Mapped[str | None] = mapped_column(String(8))
    pain_leg: Mapped[str | None] = mapped_column(String(8))


class ReportRow(Base):
    """One rep report: a message (or button flow) about one exercise."""

    __tablename__ = "reports"
    __table_args__ = (Index("ix_reports_user_id_id", "user_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    session_id: Mapped[int | None] = mapped_column(
        ForeignKey("training_sessions.id", ondelete="CASCADE")
    )
    exercise_id: Mapped[str] = mapped_column(String(40))
    local_date: Mapped[date] = mapped_column(Date)
    pain: Mapped[bool] = mapped_column(Boolean)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


class ReportSetRow(Base):
    """One set of a report: the leg, the set's number and the reps."""

    __tablename__ = "report_sets"
    __table_args__ = (Index("ix_report_sets_report_id", "report_id"),)

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"))
    leg: Mapped[str] = mapped_column(String(8))
    set_number: Mapped[int] = mapped_column(Integer)
    reps: Mapped[int] = mapped_column(Integer)


class OneOffRunRow(Base):
    """A single run outside the weekly schedule: added in the chat, or imported from a
    calendar file (``source`` "chat" or "calendar"), at a local date and start time."""

    __tablename__ = "one_off_runs"
    __table_args__ = (Index("ix_one_off_runs_user_date", "user_id", "local_date"),)

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    local_date: Mapped[date] = mapped_column(Date)
    local_time: Mapped[str] = mapped_column(String(5))
    source: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


class DeliveryRow(Base):
    """One scheduled message to one runner (library.deliveries.DeliveryKind): the
    scheduling truth.

    Unique per runner, local date, kind and ``run_key``, so a run can never get two
    warm-ups: a warm-up's ``run_key`` names its run within the date ("" for the weekly
    run, "HH:MM" for a one-off run, library.schedule.Slot.key), so a day can hold
    several runs, each with its own; summaries and snoozed repeats keep "" (one per
    date).
    ``deadline_utc`` is when it stops being worth sending and is recorded missed: a
    warm-up's run start, a summary's evening, a snoozed repeat's run start too.
    ``next_due_utc`` is when the row is next up for a claim: the due time while pending,
    the lease's end while claimed (an instance that died mid-send loses its claim then).
    ``claimed_by`` names the instance holding the claim, and once finished the one that
    finished it (so a wave shared by several processes shows who sent what).
    """

    __tablename__ = "deliveries"
    __table_args__ = (
        UniqueConstraint("user_id", "local_date", "kind", "run_key", name="uq_deliveries_user_run"),
        Index("ix_deliveries_status_due", "status", "next_due_utc"),
    )

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    local_date: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(16))
    run_key: Mapped[str] = mapped_column(String(5), default="", server_default="")
    status: Mapped[str] = mapped_column(String(16))
    deadline_utc: Mapped[datetime] = mapped_column(UtcDateTime())
    next_due_utc: Mapped[datetime] = mapped_column(UtcDateTime())
    claimed_by: Mapped[str | None] = mapped_column(String(40))
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    session_id: Mapped[int | None] = mapped_column(
        ForeignKey("training_sessions.id", ondelete="SET NULL")
    )
    message_id: Mapped[int | None] = mapped_column(BigInteger)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())
