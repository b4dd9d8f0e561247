"""The wave planner: when each upcoming warm-up should go so that it lands inside its
window at a fixed send rate.

A warm-up's window opens :data:`~library.deliveries.WINDOW_EARLY` before its due time
(``lead + 10`` minutes before the run) and closes
:data:`~library.deliveries.WINDOW_CLOSE` before the run. At ``rate`` messages a second
a wave of N warm-ups due in the same minute takes N / rate seconds, so a large wave must
start before its due time. The planner works on groups of warm-ups sharing a due time
and a run start (counts, not rows: a 30,000-runner wave is one group) and on whole
seconds counted from now:

1. **Latest starts.** Seconds are filled from the last window close backwards; each
   second takes, of the warm-ups whose window contains it, those whose window opens
   latest (Glover's rule for convex bipartite matching, mirrored). This places as many
   warm-ups as can be placed at all, each as late as possible; what cannot be placed is
   *over capacity*.
2. **Release.** A warm-up may go from ``min(due, latest start)``: at its due time when
   the wave fits, earlier by just as much as the wave needs. Over-capacity ones may go
   as soon as their window opens.
3. **Send.** Second by second from now, ``rate`` released warm-ups go, earliest window
   close first (what the dispatcher's claim does: earliest deadline first); those whose
   window has closed go only when no warm-up still in its window is waiting (so an
   overflow cannot push a feasible wave out of its window), and are missed once their
   run has started.

Which ones miss. When a wave is over capacity, the warm-ups left over are those last in
line in the over-subscribed wave: step 1 gives the seconds to the windows that open
latest, so the overflow stays in the wave that overflowed instead of pushing a later,
feasible wave out of its window; within one wave (identical windows) the order is the
claim's (run start, then the order the rows were planned). The left-over ones still go,
late, as long as their run has not started (a warm-up 3 minutes before the run is worth
more than none), and are recorded missed only then; the operator gets the numbers
(:class:`Overflow`) for a warning line.

Pure: the caller gives the groups and ``rate``; no clock, no I/O.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta


@dataclass(frozen=True, slots=True)
class Group:
    """``count`` warm-ups with one window, in whole seconds from now: they may go from
    ``opens`` to ``closes`` (inclusive), would go at ``due`` on their own, and are missed
    from ``deadline`` (their run's start) on."""

    opens: int
    due: int
    closes: int
    deadline: int
    count: int


@dataclass(frozen=True, slots=True)
class Send:
    """``count`` warm-ups of group ``group`` sent in second ``second``."""

    second: int
    group: int
    count: int


@dataclass(frozen=True, slots=True)
class Schedule:
    """The plan: what goes in which second, and what is missed, per group index."""

    sends: tuple[Send, ...]
    missed: tuple[int, ...]  # per group
    over_capacity: tuple[int, ...]  # per group: could not be placed inside the window
    dues: tuple[int, ...] = ()  # per group: its due second

    def planned_before(self, second: int) -> int:
        """How many warm-ups the plan sends in the seconds before ``second``."""
        return sum(send.count for send in self.sends if send.second < second)

    def early_before(self, second: int) -> int:
        """How many warm-ups the plan sends before ``second`` and before their due time."""
        return sum(
            send.count
            for send in self.sends
            if send.second < second and send.second < self.dues[send.group]
        )


def capacity(second: int, rate: float) -> int:
    """How many warm-ups second ``second`` (from 0) carries at ``rate`` a second: the
    seconds up to and including it carry ``floor((second + 1) × rate)`` in all, so a
    rate that is not whole (4.76 a second) is kept on average, never exceeded."""
    return math.floor((second + 1) * rate) - math.floor(second * rate)


def _latest_starts(groups: Sequence[Group], rate: float) -> tuple[list[list[int]], list[int]]:
    """Step 1: per group, the seconds its warm-ups are placed in (latest possible, one
    entry per warm-up placed, descending), and how many could not be placed."""
    placed: list[list[int]] = [[] for _ in groups]
    left = [group.count for group in groups]
    by_close = sorted(range(len(groups)), key=lambda i: groups[i].closes, reverse=True)
    # (-opens, -due, group): the latest-opening window on top, and among those opening
    # together the one due latest, so a window due later never takes an earlier second
    # that one due sooner could have had (nothing goes early when its due time will do).
    heap: list[tuple[int, int, int]] = []
    cursor = 0
    second = groups[by_close[0]].closes if groups else -1
    while second >= 0:
        while cursor < len(by_close) and groups[by_close[cursor]].closes >= second:
            index = by_close[cursor]
            if left[index] > 0:
                heapq.heappush(heap, (-groups[index].opens, -groups[index].due, index))
            cursor += 1
        free = capacity(second, rate)
        while free and heap:
            opens, _, index = heap[0]
            if -opens > second:  # its window opens later: nothing earlier will do either
                heapq.heappop(heap)
                continue
            taken = min(free, left[index])
            placed[index] += [second] * taken
            left[index] -= taken
            free -= taken
            if not left[index]:
                heapq.heappop(heap)
        if heap:
            second -= 1
        elif cursor < len(by_close):
            second = min(second - 1, groups[by_close[cursor]].closes)
        else:
            break
    return placed, left


def _releases(groups: Sequence[Group], rate: float) -> tuple[dict[int, list[int]], list[int]]:
    """Step 2: per second, the group of each warm-up released then (a group once per
    warm-up); and per group, how many are over capacity."""
    placed, over = _latest_starts(groups, rate)
    released: dict[int, list[int]] = {}
    for index, group in enumerate(groups):
        first_possible = max(0, group.opens)
        for second in placed[index]:
            released.setdefault(max(first_possible, min(group.due, second)), []).append(index)
        released.setdefault(first_possible, []).extend([index] * over[index])
    return released, over


def plan(groups: Sequence[Group], rate: float) -> Schedule:
    """When each warm-up of ``groups`` goes at ``rate`` messages a second (see the module
    docstring; :func:`capacity` for a rate that is not whole). ``rate`` is positive."""
    if rate <= 0:
        raise ValueError("the rate must be positive")
    released, over = _releases(groups, rate)
    waiting: list[tuple[int, int]] = []  # (closes, group) per warm-up in its window
    late: list[tuple[int, int]] = []  # (deadline, group) per warm-up past its window
    sends: dict[tuple[int, int], int] = {}
    missed = [0] * len(groups)
    upcoming = sorted(released)
    cursor = 0
    second = upcoming[0] if upcoming else 0
    while cursor < len(upcoming) or waiting or late:
        while cursor < len(upcoming) and upcoming[cursor] <= second:
            for index in released[upcoming[cursor]]:
                heapq.heappush(waiting, (groups[index].closes, index))
            cursor += 1
        while waiting and waiting[0][0] < second:  # its window closed: after the others
            _, index = heapq.heappop(waiting)
            heapq.heappush(late, (groups[index].deadline, index))
        free = capacity(second, rate)
        while free and (waiting or late):
            _, index = heapq.heappop(waiting or late)
            if second >= groups[index].deadline:
                missed[index] += 1
                continue
            sends[(second, index)] = sends.get((second, index), 0) + 1
            free -= 1
        if not (waiting or late) and cursor < len(upcoming):
            second = max(second + 1, upcoming[cursor])
        else:
            second += 1
    return Schedule(
        sends=tuple(Send(s, g, n) for (s, g), n in sorted(sends.items())),
        missed=tuple(missed),
        over_capacity=tuple(over),
        dues=tuple(group.due for group in groups),
    )


# ---------------------------------------------------------------------- in real time
@dataclass(frozen=True, slots=True)
class Pending:
    """``count`` pending warm-ups due at ``due`` for runs starting at ``run_start``."""

    due: datetime
    run_start: datetime
    count: int


@dataclass(frozen=True, slots=True)
class Overflow:
    """A wave over capacity: ``count`` warm-ups due at ``due`` whose window closes at
    ``closes``; ``fits`` of them can land inside it at the rate, ``missed`` will not
    reach the runner before the run."""

    due: datetime
    closes: datetime
    count: int
    fits: int
    missed: int


@dataclass(frozen=True, slots=True)
class WavePlan:
    """The plan as the dispatcher reads it: how many warm-ups to send in the coming
    seconds, and the waves over capacity."""

    now: datetime
    schedule: Schedule
    overflows: tuple[Overflow, ...] = field(default=())

    def to_send_within(self, span: timedelta) -> int:
        """How many warm-ups should go from now until ``now + span``."""
        return self.schedule.planned_before(math.ceil(span.total_seconds()))

    def early_within(self, span: timedelta) -> int:
        """How many of those go before their due time: the ones to claim early."""
        return self.schedule.early_before(math.ceil(span.total_seconds()))


def _seconds(delta: timedelta, *, up: bool) -> int:
    value = delta.total_seconds()
    return math.ceil(value) if up else math.floor(value)


def plan_wave(
    pending: Sequence[Pending],
    now: datetime,
    rate: float,
    *,
    early: timedelta,
    close_before_run: timedelta,
    margin: timedelta = timedelta(0),
) -> WavePlan:
    """:func:`plan` for pending warm-ups seen at ``now``: each may go from ``early``
    before its due time to ``close_before_run`` before its run (never before now).
    Times are rounded inwards to whole seconds, so a plan never leaves a window.
    ``margin`` plans each window as closing that much sooner: the slack a dispatcher
    that looks again only every few seconds needs to keep the real one."""
    groups = [
        Group(
            opens=max(0, _seconds(item.due - early - now, up=True)),
            due=max(0, _seconds(item.due - now, up=True)),
            closes=_seconds(item.run_start - close_before_run - margin - now, up=False),
            deadline=_seconds(item.run_start - now, up=True),
            count=item.count,
        )
        for item in pending
        if item.count > 0
    ]
    items = [item for item in pending if item.count > 0]
    schedule = plan(groups, rate)
    overflows = tuple(
        Overflow(
            due=item.due,
            closes=item.run_start - close_before_run,
            count=item.count,
            fits=item.count - over,
            missed=missed,
        )
        for item, over, missed in zip(items, schedule.over_capacity, schedule.missed, strict=True)
        if over
    )
    return WavePlan(now, schedule, overflows)
