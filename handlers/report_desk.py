"""Rep reports taken in batches: the reports of runners writing at the same moment are
read, checked, stored and adapted together, in one transaction (group commit).

A report needs the runner, their open session and their whole log, and writes the
report and its sets. Done one report per transaction that is five statements each, and
on SQLite the cost of a statement, not of the rows, is what limits a burst. Here a batch
of any size costs about the same five statements; each runner still gets the answer
their own report deserves, only once the batch has committed.

Two reports of one runner in the same batch are taken in order, the second seeing the
first, exactly as if each had its own transaction.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import timedelta

from telegram import InlineKeyboardMarkup

from handlers.accounts import Sender, register_runner
from handlers.context import Services
from handlers.i18n import N_, _, current, speaking
from handlers.session_view import confirmation_text, doubt_keyboard, doubt_text, problem_text
from library.adaptation import prescribe
from library.exercises import Exercise
from library.far_numbers import Doubt, doubt_about
from library.languages import Language
from library.pain_check import DayPlan, day_plan
from library.profiles import RunnerProfile
from library.replies import decide_reply, latest_session
from library.reports import ParsedReport, check_report, resolve_exercise, sets_for
from library.training import ExerciseResult, Leg, TrainingSession
from storage import UnitOfWork
from storage.group_commit import GroupCommit
from storage.repositories import NAME_MAX_LENGTH
from storage.training import NewReport

CURRENT_SESSION_HOURS = 18
SPLIT_THE_REPORT = N_(
    "That report is too long for buttons: send it again in two messages, and I'll ask "
    "about the numbers in each."
)


@dataclass(frozen=True, slots=True)
class ReportJob:
    """One report to take: who sent it, what it says and, if a button chose it, the
    exercise (otherwise it is worked out from the text and the open session)."""

    sender: Sender
    report: ParsedReport
    exercise: Exercise | None = None
    # The runner has answered "did you mean …?": the numbers are stored as they are.
    checked: bool = False
    # The language of the update that sent it: a batch words each answer in its own
    # runner's language, whichever task happens to take the batch.
    language: Language = field(default_factory=current)


@dataclass(frozen=True, slots=True)
class ReportAnswer:
    """What the runner is told: ``reply`` when the report was stored or refused, or a
    "did you mean …?" question with its ``markup`` (nothing stored yet); else the
    exercises to choose from (none when no exercise fits at all)."""

    reply: str | None = None
    markup: InlineKeyboardMarkup | None = None
    candidates: tuple[Exercise, ...] = field(default=())
    stored: bool = False


@dataclass(slots=True)
class _Runner:
    """One runner's state through a batch: later reports of theirs see earlier ones."""

    profile: RunnerProfile
    session: TrainingSession | None
    history: list[ExerciseResult]


class ReportDesk:
    """Takes :class:`ReportJob` s through a :class:`GroupCommit`."""

    def __init__(self, services: Services) -> None:
        self._services = services
        self._group: GroupCommit[ReportJob, ReportAnswer | None] = GroupCommit(
            services.database, self._take
        )

    @property
    def batches(self) -> int:
        """Transactions committed so far (each carrying one report or many)."""
        return self._group.batches

    async def submit(self, job: ReportJob) -> ReportAnswer | None:
        """The answer to ``job`` once it is committed; None if the sender is no runner."""
        return await self._group.submit(job)

    async def _take(self, uow: UnitOfWork, jobs: Sequence[ReportJob]) -> list[ReportAnswer | None]:
        runners = await self._runners(uow, jobs)
        new: list[NewReport] = []
        prompts: list[tuple[int, int]] = []
        answers: list[ReportAnswer | None] = []
        for job in jobs:
            runner = runners.get(job.sender.telegram_user_id)
            if runner is None:
                answers.append(None)
                continue
            with speaking(job.language):
                answer, stored = self._answer(job, runner)
            answers.append(answer)
            if stored is not None:
                new.append(stored)
                session = runner.session
                if session is not None and session.prompted_exercise_id is not None:
                    prompts.append((runner.profile.id, session.id))
                    runner.session = replace(session, prompted_exercise_id=None)
        await uow.training.add_reports(new, now=self._services.clock())
        await uow.training.clear_prompts(prompts)
        return answers

    async def _runners(self, uow: UnitOfWork, jobs: Sequence[ReportJob]) -> dict[int, _Runner]:
        """Each sender as a runner (registered if new), with session and log: one query
        per kind of row for the whole batch."""
        services = self._services
        found = await uow.users.get_many(job.sender.telegram_user_id for job in jobs)
        profiles: dict[int, RunnerProfile] = {}
        for job in jobs:
            sender = job.sender
            profile = found.get(sender.telegram_user_id)
            if profile is None or (profile.chat_id, profile.name) != (
                sender.chat_id,
                sender.name[:NAME_MAX_LENGTH],
            ):
                profile, _ = await register_runner(uow, services, sender)
                found[sender.telegram_user_id] = profile
            profiles[sender.telegram_user_id] = profile
        user_ids = [profile.id for profile in profiles.values()]
        since = services.clock() - timedelta(hours=CURRENT_SESSION_HOURS)
        sessions = await uow.training.current_sessions(user_ids, since=since)
        histories = await uow.training.histories(user_ids)
        return {
            telegram_id: _Runner(profile, sessions.get(profile.id), histories.get(profile.id, []))
            for telegram_id, profile in profiles.items()
        }

    def _answer(self, job: ReportJob, runner: _Runner) -> tuple[ReportAnswer, NewReport | None]:
        """The answer to one report, and the report to store if it is one."""
        catalog = self._services.catalog
        report, session = job.report, runner.session
        exercise = job.exercise
        if exercise is None:
            order: list[Exercise] = []
            prompted = None
            reported: set[str] = set()
            if session is not None:
                order = [e for e in map(catalog.find, session.exercise_ids) if e]
                prompted = catalog.find(session.prompted_exercise_id or "")
                reported = _reported_in(session, runner.history)
            candidates = resolve_exercise(
                report, prompted=prompted, session_order=order, reported_ids=reported
            )
            if len(candidates) != 1:
                return ReportAnswer(candidates=candidates), None
            exercise = candidates[0]
        problem = check_report(report, exercise)
        if problem is not None:
            return ReportAnswer(reply=problem_text(problem, exercise)), None
        sets = sets_for(report, exercise)
        return self._store(runner, exercise, sets, report.pain, checked=job.checked)

    def _store(
        self,
        runner: _Runner,
        exercise: Exercise,
        sets: Mapping[Leg, tuple[int, ...]],
        pain: bool,
        *,
        checked: bool = False,
    ) -> tuple[ReportAnswer, NewReport | None]:
        profile, session, history = runner.profile, runner.session, runner.history
        # A report belongs to the current session only if the exercise is part of it.
        attached = session if session is not None and exercise.id in session.exercise_ids else None
        day = attached.day if attached is not None else profile.local_date(self._services.clock())
        session_id = attached.id if attached is not None else None
        before = prescribe(exercise, history, day)
        doubt = None if checked else doubt_about(sets, before)
        if doubt is not None:
            return _doubt_answer(exercise, doubt, sets, pain), None
        check = attached.pain_check if attached is not None else None  # mild/sharp: held
        history.append(ExerciseResult(day, exercise.id, dict(sets), pain, session_id, check))
        after = prescribe(exercise, history, day)
        next_up = None
        # Sharp before the run: the card has no session to go on with (pain_check.day_plan).
        if session is not None and day_plan(session.pain_check) is not DayPlan.NO_EXPLOSIVE_WORK:
            reported = _reported_in(session, history)
            remaining = [i for i in session.exercise_ids if i not in reported]
            next_up = self._services.catalog.find(remaining[0]) if remaining else None
        latest = latest_session(exercise.id, history)
        assert latest is not None  # the report was just added to the log
        plan = decide_reply(before, after, latest, pain=pain)
        reply = confirmation_text(plan, sets, next_up)
        stored = NewReport(profile.id, session_id, exercise.id, day, sets, pain)
        return ReportAnswer(reply=reply, stored=True), stored


def _doubt_answer(
    exercise: Exercise, doubt: Doubt, sets: Mapping[Leg, tuple[int, ...]], pain: bool
) -> ReportAnswer:
    """ "Did you mean …?" with its buttons; when the report is too long for a button, a
    request to send it in two messages (each then fits), and nothing stored either way."""
    markup = doubt_keyboard(exercise, doubt, sets, pain)
    if markup is None:
        return ReportAnswer(reply=doubt_text(exercise, doubt, sets) + " " + _(SPLIT_THE_REPORT))
    return ReportAnswer(reply=doubt_text(exercise, doubt, sets), markup=markup)


def _reported_in(session: TrainingSession, history: Sequence[ExerciseResult]) -> set[str]:
    """The exercises of ``session`` the runner has reported, read off their log."""
    return {result.exercise_id for result in history if result.session_id == session.id}
