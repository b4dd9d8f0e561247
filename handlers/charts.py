"""The progress chart as a PNG: each leg's reps per set session by session, and the symmetry
index with the weaker leg marked at each session.

The x axis counts sessions, evenly spaced, each labelled with its date ("Wed 25 Nov", a
second that day "Wed 25 Nov (2)"), rather than placing them by date: two sessions on one
day would otherwise sit on top of each other, and a week off would squeeze the sessions
around it while stretching an empty stretch; the chart is about one session against the
next, and the dates under it still say when. The axis means the same whatever the log
holds, rather than switching to dates when no two sessions share a day.

Drawn with matplotlib's object API on the Agg canvas (headless: no display, no pyplot
state shared between threads). Rendering takes a good part of a CPU for ~100 ms, so
handlers call :func:`progress_chart` in a worker thread; a lock keeps to one render at
a time, as matplotlib's text and font caches are not made for parallel use. What was
drawn is read back off the plotted lines and stored in the PNG's Description text
chunk, so the image itself can be checked against the log it claims to show.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Sequence
from io import BytesIO

import numpy as np
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import Formatter, MaxNLocator

from handlers.i18n import N_, _, format_date, format_number, pgettext
from library.adaptation import LSI_WATCH
from library.progress import LegPoint
from library.training import Leg

WIDTH_INCHES, HEIGHT_INCHES, DPI = 8.0, 5.5, 120  # 960 x 660 pixels
LEFT_COLOUR, RIGHT_COLOUR, LSI_COLOUR, LEVEL_COLOUR = "#1f77b4", "#ff7f0e", "#2ca02c", "grey"
DATA_KEY = "Description"
MAX_DATE_TICKS = 6  # more dates than this ("Wed 25 Nov (2)") on 960 pixels run together...
EVERY_SESSION_UP_TO = 8  # ...but up to 8 sessions each has its date (in a smaller font)
MAX_LETTERED = 30  # sessions up to which each LSI mark carries its letter; beyond, smaller marks

# The LSI panel's mark for each session, by its weaker leg: the top panel's leg colours and
# shapes, with the leg's letter inside (shape and letter read without colour vision too).
# The legend's labels are translated where drawn (_(label)), the letters too (_letter).
WEAKER_MARKS: dict[Leg | None, tuple[str, str, str, str]] = {
    # TRANSLATORS: chart legend: sessions where the left leg was the weaker one.
    Leg.LEFT: (N_("Left weaker"), "o", LEFT_COLOUR, "L"),
    Leg.RIGHT: (N_("Right weaker"), "s", RIGHT_COLOUR, "R"),
    # TRANSLATORS: chart legend: sessions where both legs did the same.
    None: (N_("Level"), "D", LEVEL_COLOUR, "="),
}
_WEAKER_GID = "weaker:"  # each mark group's gid: weaker:left, weaker:right, weaker:level

_RENDER_LOCK = threading.Lock()


def session_label(point: LegPoint) -> str:
    """The session's day, e.g. "Mon 23 Nov"; a second session that day "Mon 23 Nov (2)"."""
    day = format_date(point.day, "EEE d MMM")
    return day if point.of_day == 1 else f"{day} ({point.of_day})"


class SessionFormatter(Formatter):
    """Labels the x axis, one position per session, with the session's day: the chart is
    spaced by session, so two sessions on one day stand side by side, not on top of each
    other. It also maps positions back to dates for :func:`plotted_series`."""

    def __init__(self, points: Sequence[LegPoint]) -> None:
        self.points = tuple(points)

    def point_at(self, x: float) -> LegPoint | None:
        index = round(x)
        if abs(x - index) > 1e-6 or not 0 <= index < len(self.points):
            return None
        return self.points[index]

    def __call__(self, x: float, pos: int | None = None) -> str:
        point = self.point_at(x)
        return "" if point is None else session_label(point)


def progress_figure(points: Sequence[LegPoint], title: str) -> Figure:
    """Left and right reps per set (top) and the LSI with its 90% aim (bottom), one evenly
    spaced position per session, each LSI point marked with the leg that was weaker."""
    figure = Figure(figsize=(WIDTH_INCHES, HEIGHT_INCHES), dpi=DPI, layout="constrained")
    reps_axes, lsi_axes = figure.subplots(2, 1, sharex=True, height_ratios=(3, 2))
    sessions = list(range(len(points)))  # the x axis counts sessions, not days
    left, right = pgettext("chart legend: leg", "Left"), pgettext("chart legend: leg", "Right")
    reps_axes.plot(sessions, [p.left for p in points], "o-", color=LEFT_COLOUR, label=left)
    reps_axes.plot(sessions, [p.right for p in points], "s-", color=RIGHT_COLOUR, label=right)
    reps_axes.set_ylabel(_("Reps per set"))
    highest = max((max(p.left, p.right) for p in points), default=1.0)
    reps_axes.set_ylim(0, highest * 1.2 + 1)  # headroom for the legend
    reps_axes.yaxis.set_major_locator(MaxNLocator(integer=True))  # reps are whole numbers
    reps_axes.legend(loc="upper left", ncols=2)
    _draw_symmetry(lsi_axes, points)
    for axes in (reps_axes, lsi_axes):
        axes.grid(alpha=0.3)
    every = len(points) <= EVERY_SESSION_UP_TO
    lsi_axes.xaxis.set_major_locator(
        MaxNLocator(nbins=max(len(points), 1) if every else MAX_DATE_TICKS, integer=True)
    )
    lsi_axes.tick_params(axis="x", labelsize=9)
    lsi_axes.xaxis.set_major_formatter(SessionFormatter(points))
    lsi_axes.set_xlim(-0.5, max(len(points), 2) - 0.5)
    lsi_axes.set_xlabel(_("Sessions, oldest first (evenly spaced)"))
    # TRANSLATORS: the chart's title; {exercise} is the exercise's name.
    figure.suptitle(_("{exercise}: left vs right").format(exercise=title))
    return figure


def _draw_symmetry(axes: Axes, points: Sequence[LegPoint]) -> None:
    """The LSI line, the 90% aim, and a mark per session saying which leg was weaker."""
    axes.plot(range(len(points)), [p.lsi for p in points], "-", color=LSI_COLOUR, zorder=2)
    axes.axhline(LSI_WATCH, color="grey", linestyle="--", linewidth=1)
    axes.annotate(
        _("{aim}% aim").format(aim=format_number(LSI_WATCH)),
        xy=(0, LSI_WATCH),
        xycoords=("axes fraction", "data"),
        xytext=(4, 3),
        textcoords="offset points",
        color="grey",
        fontsize=8,
    )
    lettered = len(points) <= MAX_LETTERED
    for weaker, (label, marker, colour, letter) in WEAKER_MARKS.items():
        group = [(i, p) for i, p in enumerate(points) if p.weaker is weaker]
        if not group:
            continue
        axes.scatter(
            [i for i, __ in group],
            [p.lsi for __, p in group],
            s=150 if lettered else 40,
            marker=marker,
            color=colour,
            edgecolors="white",
            zorder=3,
            label=_(label),
            gid=_WEAKER_GID + (weaker.value if weaker is not None else "level"),
        )
        for i, point in group if lettered else ():
            axes.annotate(
                _letter(weaker, letter),
                xy=(i, point.lsi),
                ha="center",
                va="center",
                color="white",
                fontsize=7,
                fontweight="bold",
                zorder=4,
            )
    lowest = min(p.lsi for p in points) if points else LSI_WATCH
    axes.set_ylim(min(60.0, lowest - 5), 103)
    axes.set_ylabel(_("Weaker ÷ stronger, %"))
    if points:
        # above the panel, right: never over a point, nor over the aim's label on the left
        axes.legend(loc="lower right", bbox_to_anchor=(1, 1), ncols=3, fontsize=8, frameon=False)


def _letter(weaker: Leg | None, letter: str) -> str:
    """The letter inside a session's mark, in the runner's language."""
    if weaker is Leg.LEFT:
        # TRANSLATORS: one letter inside a chart mark: the left leg was weaker.
        return pgettext("chart mark: initial of Left", "L")
    if weaker is Leg.RIGHT:
        # TRANSLATORS: one letter inside a chart mark: the right leg was weaker.
        return pgettext("chart mark: initial of Right", "R")
    return letter


def plotted_series(figure: Figure) -> dict[str, list[list[object]]]:
    """What the figure shows, read back off it: [ISO date, value] per point of each line,
    and [ISO date, "left" | "right" | "level"] for the weaker leg marked at each session."""
    reps_axes, lsi_axes = figure.axes[:2]
    formatter = lsi_axes.xaxis.get_major_formatter()
    assert isinstance(formatter, SessionFormatter)

    def day_at(x: float) -> str:
        point = formatter.point_at(x)
        if point is None:
            raise ValueError(f"a point drawn between sessions, at {x}")
        return point.day.isoformat()

    def points(axes: Axes, index: int) -> list[list[object]]:
        line = axes.get_lines()[index]
        xs = np.asarray(line.get_xdata(), dtype=float).tolist()
        ys = np.asarray(line.get_ydata(), dtype=float).tolist()
        return [[day_at(x), round(y, 2)] for x, y in zip(xs, ys, strict=True)]

    weaker: list[tuple[float, str]] = []
    for collection in lsi_axes.collections:
        gid = collection.get_gid() or ""
        if gid.startswith(_WEAKER_GID):
            leg = gid.removeprefix(_WEAKER_GID)
            weaker += [(float(x), leg) for x, __ in np.asarray(collection.get_offsets())]
    return {
        "left": points(reps_axes, 0),
        "right": points(reps_axes, 1),
        "lsi": points(lsi_axes, 0),
        "weaker": [[day_at(x), leg] for x, leg in sorted(weaker)],
    }


def render_png(figure: Figure) -> bytes:
    """The figure as PNG bytes, with what it plots as JSON in the Description chunk."""
    with _RENDER_LOCK:
        FigureCanvasAgg(figure)
        buffer = BytesIO()
        figure.savefig(
            buffer,
            format="png",
            metadata={DATA_KEY: json.dumps(plotted_series(figure), separators=(",", ":"))},
        )
    return buffer.getvalue()


def progress_chart(points: Sequence[LegPoint], title: str) -> bytes:
    """The progress chart of one exercise as a PNG (call it in a worker thread)."""
    return render_png(progress_figure(points, title))
