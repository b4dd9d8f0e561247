"""The delivery dispatcher: a JobQueue tick that claims due scheduled messages (warm-ups,
their snoozed repeats, weekly summaries), triages them (library.deliveries), has each
kind prepared by its own preparer and sends them.

Each kind of message has one preparer (``handlers/warmups.prepare``,
``handlers/summaries.prepare``), given to the dispatcher as a mapping built in
``bot/application.py``; the dispatcher itself knows no kind.

The database is the truth (storage/deliveries.py); this process only holds what it has
claimed. The rate is the bot's, shared by every instance (library/send_budget.py): a
claim is sized to what is left of the next ``BATCH_SECONDS`` at the rate (10% slower,
``BUDGET_MARGIN``) once queued behind the claims every instance holds, and its rows go
at their own slots; the next claim is made ``CLAIM_AHEAD`` before the last slot, so
claims follow on without a gap. A pacer lets the rows go in order: after a stall the
rest slide back one spacing apart, and those pushed past the claim's last slot are
handed back for a later claim instead of running into the next instance's slots. Sends
run concurrently once let go, also held by the application's rate limiter. Each runner
gets at most one warm-up per wave, so the one-message-per-second-per-chat rule holds
without a per-chat limiter. On stop, sends in flight finish; claimed rows not yet sent
are handed back, still due.

Crashes. Each send's outcome goes to the outcome journal (bot/outcome_journal.py) the
moment Telegram answers, and a restart records what the journal holds first
(bot/recovery.py): a kill can double only the warm-ups Telegram had accepted whose
answer had not reached the journal, the sends in flight at that instant (about one at
loopback latency, at most ``connections``). The Bot API has no idempotency key and no
way to look a sent message up, so those cannot be told from sends that never arrived.
Claims are owned by ``"<instance>:<pid>:<random>"``; the first wave of a process takes
over the claims of earlier lives of its instance (INSTANCE_NAME) whose process is gone
at once, instead of leaving them until their lease ends. A claim of a live process, or
of another instance, is never taken back before its lease ends (names are unique per
machine or container, see INSTANCE_NAME in .env.example); a lease ends ``CLAIM_LEASE``
after the claim's last slot, and a row whose lease is about to end is handed back
instead of sent, so a claim taken over is never sent twice.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from pathlib import Path

from bot.claim_owners import new_owner
from bot.outcome_journal import OutcomeJournal, Slot
from bot.recovery import recover
from bot.wave_report import OverflowWarnings, WaveReport
from handlers.context import CoachApplication, CoachContext, Services
from handlers.deliveries import Preparer, Sendable, hand_back
from library.deliveries import (
    WINDOW_CLOSE,
    WINDOW_EARLY,
    Delivery,
    DeliveryKind,
    Finished,
    Outcome,
    retry_delay,
    triage,
)
from library.profiles import RunnerProfile
from library.send_budget import (
    Pace,
    Pacer,
    PrepareTime,
    SendBudget,
    queue_end,
    send_budget,
    spacing_for,
)
from library.waves import Pending, WavePlan, plan_wave
from storage import UnitOfWork
from storage.group_commit import GroupCommit

_LOGGER = logging.getLogger(__name__)

DISPATCHER_KEY = "delivery_dispatcher"
# A claim is held until this long after its last slot: a dead instance's claims come back
# within about a minute, and a send (with its recording) has that long to finish.
CLAIM_LEASE = timedelta(minutes=1)
BATCH_SECONDS = 5  # the shared budget's horizon: a batch is at most this long at the rate
# How far ahead the wave planner looks at pending warm-ups: the longest lead (2 hours)
# and the window's 10 minutes before it, so a later wave that needs an early start is
# seen in time.
LOOK_AHEAD = timedelta(hours=2, minutes=15)
# The claimer's time to prepare its rows before their first slot (opening sessions): a
# fixed part, and a part per row expected, learnt on each claim (this first:
# library/send_budget.PrepareTime).
PREPARE = timedelta(milliseconds=250)
PREPARE_PER_ROW = 0.0003  # seconds
# The next claim of a wave is made this long (seconds) before the current claim's last
# slot, so it follows on without a gap: claiming and preparing fit in it.
CLAIM_AHEAD = 1.0
# The shared budget's slots are this much slower than the rate: 100 ms a second for the
# jitter between a send let go and the server counting it (the network, a busy loop),
# which no sender sees (library/send_budget.py).
BUDGET_MARGIN = 0.10
# The wave planner plans with this share of the rate the slots keep, so that a wave
# starts early enough to absorb stalls, deferred rows and replies to runners (which go
# first in the limiter); behind plan, its rows are released at once and go at the full
# rate (library/waves.py).
PLAN_SHARE = 0.9
MAX_CONCURRENT_SENDS = 8  # TELEGRAM_CONNECTIONS' default: sends in flight or being recorded
RECORD_LINGER = 0.1  # seconds a journaled outcome waits for others to share its commit
_RECENT_SEND = timedelta(seconds=5)  # how far back the budget looks for the last send


class DeliveryDispatcher:
    """Claims due scheduled messages and sends them; one wave at a time per process."""

    def __init__(
        self,
        application: CoachApplication,
        services: Services,
        preparers: Mapping[DeliveryKind, Preparer],
        *,
        rate: float,
        interval: float,
        instance: str = "coachbot",
        connections: int = MAX_CONCURRENT_SENDS,
        lease: timedelta = CLAIM_LEASE,
        look_ahead: bool = True,
        journal_dir: Path | None = None,
    ) -> None:
        """``instance``: INSTANCE_NAME; ``connections``: TELEGRAM_CONNECTIONS, the sends
        out at once; ``preparers``: one for every kind; ``look_ahead``: claim warm-ups
        early when the wave planner says a wave needs it; ``lease``: how long a claim is
        held after its last slot (the same everywhere: the shared budget reads it);
        ``journal_dir``: OUTCOME_JOURNAL_DIR (None: no journal, a send's slot is then
        held until its outcome is committed)."""
        missing = set(DeliveryKind) - set(preparers)
        if missing:
            raise ValueError(f"no preparer for {sorted(missing)}")
        self._preparers = dict(preparers)
        self._application = application
        self._services = services
        self.interval = interval
        self.owner = new_owner(instance)
        self.journal = None if journal_dir is None else OutcomeJournal(journal_dir, self.owner)
        self.lease = lease
        self.rate = rate
        self._prepare_time = PrepareTime(PREPARE, PREPARE_PER_ROW)
        self.look_ahead = look_ahead
        self.pace = True  # off: sends go as they are prepared (a virtual clock paces them)
        self.batch_size = max(20, min(2000, int(rate * BATCH_SECONDS)))
        self._overflows = OverflowWarnings()  # each wave over capacity logged once
        self._sends = asyncio.Semaphore(connections)
        self._recovered = False  # earlier lives' claims handed back (first wave)
        self._wave: asyncio.Task[WaveReport] | None = None
        self._one_wave = asyncio.Lock()  # waves of one process never overlap
        self._stopping = False
        self.last_report: WaveReport | None = None
        self.waves = 0  # waves finished, for tests to wait on ticks instead of time

    # ------------------------------------------------------------------ wiring
    def install(self) -> None:
        """Run :meth:`tick` on the application's JobQueue every ``interval`` seconds."""
        job_queue = self._application.job_queue
        if job_queue is None:
            raise RuntimeError("python-telegram-bot was installed without its job-queue extra")
        job_queue.run_repeating(
            self._on_job,
            interval=self.interval,
            first=self.interval,
            name="delivery tick",
            job_kwargs={"max_instances": 1, "coalesce": True, "misfire_grace_time": None},
        )

    async def _on_job(self, _context: CoachContext) -> None:
        self.tick()

    def tick(self) -> asyncio.Task[WaveReport] | None:
        """Start a wave unless one is running; returns the running wave."""
        if self._stopping:
            return None
        if self._wave is None or self._wave.done():
            self._wave = asyncio.get_running_loop().create_task(self.run_wave(), name="deliveries")
        return self._wave

    async def stop(self, timeout: float = 30.0) -> None:
        """Let the current wave finish its sends in flight; unsent claims are handed back."""
        self._stopping = True
        wave = self._wave
        if wave is not None and not wave.done():
            try:
                await asyncio.wait_for(asyncio.shield(wave), timeout)
            except TimeoutError:
                _LOGGER.warning("delivery wave still running after %.0fs; cancelling it", timeout)
                wave.cancel()
                return
        if self.journal is not None and not self.journal.pending:
            self.journal.close()  # all recorded: nothing for a restart to read

    # ------------------------------------------------------------------ the wave
    async def run_wave(self) -> WaveReport:
        """Claim and send batches until nothing is due (or the dispatcher stops).

        A wave already running in this process is waited for first.
        """
        async with self._one_wave:
            return await self._run_wave()

    async def recover(self) -> int:
        """Take over what earlier lives of this instance left (bot/recovery.py): their
        journaled outcomes recorded, their claims handed back; how many were handed back."""
        folder = None if self.journal is None else self.journal.folder
        return await recover(self._services.database, self.owner, folder, self._services.clock())

    async def _run_wave(self) -> WaveReport:
        report = WaveReport()
        # Journaled outcomes can wait a little to be committed in larger groups.
        linger = 0.0 if self.journal is None else RECORD_LINGER
        recorder = GroupCommit(self._services.database, self._record, linger=linger)
        batches: list[asyncio.Task[list[Outcome | None]]] = []
        try:
            if not self._recovered:
                await self.recover()
                self._recovered = True
            while not self._stopping:
                claimed, budget, claimed_at = await self._claim()
                report.claims += 1
                if not claimed:
                    running = [batch for batch in batches if not batch.done()]
                    if not running:
                        break
                    await asyncio.wait(running)  # what they hand back is claimed again
                    continue
                started = asyncio.get_running_loop().time()
                prepared, finished = await self._prepare(claimed, budget.now)
                took = asyncio.get_running_loop().time() - started
                self._prepare_time.observe(took, len(claimed))
                batch = asyncio.create_task(
                    self._batch(prepared, finished, recorder, budget, claimed_at, report)
                )
                batches.append(batch)
                await self._until_next_claim(batch, budget, claimed_at)
        except Exception:
            _LOGGER.exception("delivery wave failed; due deliveries stay due")
        except BaseException:
            for batch in batches:
                batch.cancel()
            await asyncio.gather(*batches, return_exceptions=True)
            raise
        results = await asyncio.gather(*batches, return_exceptions=True)
        report.tally(results)
        if self.journal is not None and not any(isinstance(r, BaseException) for r in results):
            self.journal.clear()  # everything the wave journaled is committed
        if report.handled:
            _LOGGER.info("delivery wave: %s", report)
        self.last_report = report
        self.waves += 1
        return report

    async def _batch(
        self,
        prepared: Sequence[Sendable],
        finished: Sequence[Finished],
        recorder: GroupCommit[Finished, Outcome],
        budget: SendBudget,
        claimed_at: float,
        report: WaveReport,
    ) -> list[Outcome | None]:
        """One claim: the rows triage finished recorded, the others sent at their slots."""
        recorded, sent = await asyncio.gather(
            asyncio.gather(*(recorder.submit(item) for item in finished)),
            self._send_claim(prepared, recorder, budget, claimed_at, report),
        )
        return [*recorded, *sent]

    async def _until_next_claim(
        self, batch: asyncio.Task[list[Outcome | None]], budget: SendBudget, claimed_at: float
    ) -> None:
        """Wait until the next claim is due: ``CLAIM_AHEAD`` before this claim's end, so
        that it is claimed and prepared in time to follow on without a gap (the budget
        queues it behind this one), or as soon as this batch is done. Without pacing
        (a virtual clock) the batch is always waited for."""
        timeout = None
        if self.pace:
            ends = claimed_at + (budget.end - budget.now).total_seconds()
            timeout = max(0.0, ends - CLAIM_AHEAD - asyncio.get_running_loop().time())
        await asyncio.wait([batch], timeout=timeout)

    async def _claim(self) -> tuple[list[tuple[Delivery, RunnerProfile]], SendBudget, float]:
        """Claim the next batch, committed before anything is sent: the due rows, and
        with look-ahead the warm-ups the wave planner wants sent before the next tick
        (library/waves.py) whose window has opened; as many as the shared send budget
        leaves room for. Returns the claim, its budget (the slots) and the loop's time
        at ``budget.now``."""
        now = self._services.clock()
        claimed_at = asyncio.get_running_loop().time()
        async with self._services.database.unit_of_work() as uow:
            await uow.deliveries.take_claim_turn()  # one claim of the budget at a time
            early, expected = None, self.batch_size  # rows expected in this claim
            if self.look_ahead:
                pending = await uow.deliveries.pending_warmups(now + LOOK_AHEAD)
                wave = self._plan(pending, now, self.send_rate * PLAN_SHARE)
                if wave.overflows:  # over capacity at the planned rate: at the full one?
                    self._overflows.warn(self._plan(pending, now, self.send_rate), self.send_rate)
                early = wave.early_within(self._look_again)
                due = sum(p.count for p in pending if p.due <= now) + early
                expected = min(self.batch_size, max(1, due))
            recent = max(_RECENT_SEND, 2 * spacing_for(self.rate, BUDGET_MARGIN))
            in_flight, last_sent, held_until = await uow.deliveries.in_flight(now, recent)
            budget = send_budget(
                now,
                rate=self.rate,
                horizon=timedelta(seconds=BATCH_SECONDS),
                queue_end=queue_end(held_until, self.lease),
                last_sent=last_sent,
                limit=self.batch_size,
                margin=BUDGET_MARGIN,
                ready=self._ready(expected),
            )
            _LOGGER.debug(
                "send budget: %d in flight, last send %s, room %d from +%.3fs",
                in_flight,
                last_sent,
                budget.count,
                (budget.start - now).total_seconds(),
            )
            claimed = []
            if budget.count:
                claimed = await uow.deliveries.claim(
                    now,
                    limit=budget.count,
                    lease=budget.lease(self.lease),
                    owner=self.owner,
                    early=early,
                )
            await uow.commit()
        return claimed, budget, claimed_at

    def _ready(self, rows: int) -> timedelta:
        """The time to prepare ``rows`` before their first slot (none on a virtual clock)."""
        return self._prepare_time.ready(rows) if self.pace else timedelta(0)

    def _pacer(self, budget: SendBudget, claimed_at: float) -> Pacer | None:
        """The claim's pacer on the loop's clock: ``budget.start`` as seen at the claim
        (None without pacing: a virtual clock paces the sends)."""
        if not self.pace:
            return None
        first = claimed_at + (budget.start - budget.now).total_seconds()
        return Pacer(first, budget.spacing.total_seconds(), budget.count)

    def _lease_ending(self, delivery: Delivery) -> bool:
        """Whether its lease ends within half the grace: too late to send, handed back."""
        return self._services.clock() >= delivery.next_due_utc - self.lease / 2

    @property
    def send_rate(self) -> float:
        """The rate the slots really keep: the configured one less the budget's margin
        (30 a second configured, 27.3 sent)."""
        return 1.0 / spacing_for(self.rate, BUDGET_MARGIN).total_seconds()

    def _plan(self, pending: Sequence[Pending], now: datetime, rate: float) -> WavePlan:
        return plan_wave(
            pending,
            now,
            rate,
            early=WINDOW_EARLY,
            close_before_run=WINDOW_CLOSE,
            margin=self._look_again,
        )

    @property
    def _look_again(self) -> timedelta:
        """How long until the planner's next look at the latest: a batch's sending and a
        tick (a wave ends when nothing is due and looks again at the next tick)."""
        return timedelta(seconds=BATCH_SECONDS + self.interval)

    async def _prepare(
        self, claimed: list[tuple[Delivery, RunnerProfile]], now: datetime
    ) -> tuple[list[Sendable], list[Finished]]:
        """Triage the batch, then have each kind prepared by its preparer (kinds sharing a
        preparer in one call, so warm-ups and their repeats open sessions together)."""
        ready: list[Sendable] = []
        done: list[Finished] = []
        batches: dict[Preparer, list[tuple[Delivery, RunnerProfile]]] = {}
        for delivery, runner in claimed:
            verdict = triage(delivery, runner, now)
            if verdict is None:
                batches.setdefault(self._preparers[delivery.kind], []).append((delivery, runner))
                continue
            if verdict is Outcome.MISSED:
                _LOGGER.info(
                    "%s missed user=%s date=%s", delivery.kind, runner.id, delivery.local_date
                )
            done.append(Finished(delivery, verdict))
        for preparer, batch in batches.items():
            prepared, finished = await preparer(self._services, batch, now)
            ready += prepared
            done += finished
        return ready, done

    async def _record(self, uow: UnitOfWork, finished: Sequence[Finished]) -> list[Outcome]:
        """Record finished deliveries, many per transaction under a wave (group commit)."""
        await uow.deliveries.finish_many(finished, self._services.clock())
        return [f.outcome for f in finished]

    async def _send_claim(
        self,
        prepared: Sequence[Sendable],
        recorder: GroupCommit[Finished, Outcome],
        budget: SendBudget,
        claimed_at: float,
        report: WaveReport,
    ) -> list[Outcome | None]:
        """Send the claim's rows in order, each when its pacer lets it (library/send_budget
        .Pacer) and a connection is free, concurrently once gone; the rows the pacer turns
        away (a stall slid them past the claim's last slot) are handed back, due now, for
        a later claim (counted in ``report.deferred``)."""
        pacer = self._pacer(budget, claimed_at)
        sends: list[asyncio.Task[Outcome | None]] = []
        left: Sequence[Sendable] = ()
        try:
            for index, item in enumerate(prepared):
                await self._sends.acquire()
                if pacer is not None and not await self._turn(pacer, index):
                    self._sends.release()
                    left = prepared[index:]
                    break
                slot = Slot(self._sends)
                send = asyncio.create_task(self._send(item, recorder, slot))
                send.add_done_callback(slot.release_when_done)
                sends.append(send)
        except BaseException:
            for send in sends:
                send.cancel()
            await asyncio.gather(*sends, return_exceptions=True)
            raise
        if left:
            async with self._services.database.unit_of_work() as uow:
                await uow.deliveries.defer([item.delivery for item in left], self._services.clock())
                await uow.commit()
            report.deferred += len(left)
        return list(await asyncio.gather(*sends))

    async def _turn(self, pacer: Pacer, index: int) -> bool:
        """Wait for the ``index``-th row's turn; False: it is deferred (turned away)."""
        loop = asyncio.get_running_loop()
        while not self._stopping:
            target = pacer.target(index)
            if not pacer.fits(target):
                return False
            if target > loop.time():
                await asyncio.sleep(target - loop.time())
            pace = pacer.admit(target, loop.time())
            if pace is not Pace.WAIT:
                return pace is Pace.GO
        return True  # stopping: the send hands it back

    async def _send(
        self, item: Sendable, recorder: GroupCommit[Finished, Outcome], slot: Slot
    ) -> Outcome | None:
        """Send one row holding a connection ``slot`` (acquired by the caller, released
        when this ends at the latest): with a journal the outcome is journaled at once and
        the slot let go, the group commit records it meanwhile; without one the slot is
        held until the result is committed (the module's docstring: crashes)."""
        try:
            if self._stopping or self._lease_ending(item.delivery):
                return await hand_back(self._services, item.delivery, timedelta(0))
            result = await item.send(self._application.bot, self._services)
        except asyncio.CancelledError:
            await asyncio.shield(hand_back(self._services, item.delivery, timedelta(0)))
            raise
        except Exception:
            _LOGGER.exception("delivery failed user=%s", item.runner.id)
            try:
                await hand_back(self._services, item.delivery, retry_delay(item.delivery.attempts))
            except Exception:
                _LOGGER.exception("could not hand back delivery %s", item.delivery.id)
            return None
        if isinstance(result, Finished):
            if self.journal is not None:
                self.journal.write(result)
                slot.release()
            return await recorder.submit(result)
        return result


def dispatcher_of(application: CoachApplication) -> DeliveryDispatcher:
    """The application's delivery dispatcher (made by bot.application.build_application)."""
    dispatcher = application.bot_data.get(DISPATCHER_KEY)
    if not isinstance(dispatcher, DeliveryDispatcher):
        raise RuntimeError("the application was built without a delivery dispatcher")
    return dispatcher
