"""The progress chart as a PNG: each leg's reps per set over time, and the symmetry index.

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
from datetime import date
from io import BytesIO

import numpy as np
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from library.adaptation import LSI_WATCH
from library.progress import LegPoint

WIDTH_INCHES, HEIGHT_INCHES, DPI = 8.0, 5.5, 120  # 960 x 660 pixels
LEFT_COLOUR, RIGHT_COLOUR, LSI_COLOUR = "#1f77b4", "#ff7f0e", "#2ca02c"
DATA_KEY = "Description"

_RENDER_LOCK = threading.Lock()


def progress_figure(points: Sequence[LegPoint], title: str) -> Figure:
    """Left and right reps per set (top) and the LSI with its 90% aim (bottom), by date."""
    figure = Figure(figsize=(WIDTH_INCHES, HEIGHT_INCHES), dpi=DPI, layout="constrained")
    reps_axes, lsi_axes = figure.subplots(2, 1, sharex=True, height_ratios=(3, 2))
    days = [point.day.toordinal() for point in points]  # the x axis counts days
    reps_axes.plot(days, [p.left for p in points], "o-", color=LEFT_COLOUR, label="Left")
    reps_axes.plot(days, [p.right for p in points], "s-", color=RIGHT_COLOUR, label="Right")
    reps_axes.set_ylabel("Reps per set")
    highest = max((max(p.left, p.right) for p in points), default=1.0)
    reps_axes.set_ylim(0, highest * 1.2 + 1)  # headroom for the legend
    reps_axes.legend(loc="upper left", ncols=2)
    lsi_axes.plot(days, [p.lsi for p in points], "o-", color=LSI_COLOUR, label="Symmetry")
    lsi_axes.axhline(LSI_WATCH, color="grey", linestyle="--", linewidth=1)
    lsi_axes.annotate(
        f"{LSI_WATCH:.0f}% aim",
        xy=(0, LSI_WATCH),
        xycoords=("axes fraction", "data"),
        xytext=(4, 3),
        textcoords="offset points",
        color="grey",
        fontsize=8,
    )
    lowest = min(p.lsi for p in points) if points else LSI_WATCH
    lsi_axes.set_ylim(min(60.0, lowest - 5), 103)
    lsi_axes.set_ylabel("Weaker ÷ stronger, %")
    for axes in (reps_axes, lsi_axes):
        axes.grid(alpha=0.3)
    lsi_axes.xaxis.set_major_locator(MaxNLocator(nbins=8, integer=True))
    lsi_axes.xaxis.set_major_formatter(FuncFormatter(_day_label))
    if len(set(days)) == 1:  # one day only: give the axis some width around it
        lsi_axes.set_xlim(days[0] - 1, days[0] + 1)
    figure.suptitle(f"{title}: left vs right")
    return figure


def _day_label(x: float, _position: int | None) -> str:
    return date.fromordinal(round(x)).strftime("%d %b")


def plotted_series(figure: Figure) -> dict[str, list[list[object]]]:
    """What the figure shows, read back off its lines: [ISO date, value] per point."""
    reps_axes, lsi_axes = figure.axes[:2]

    def points(axes: Axes, index: int) -> list[list[object]]:
        line = axes.get_lines()[index]
        xs = np.asarray(line.get_xdata(), dtype=float).tolist()
        ys = np.asarray(line.get_ydata(), dtype=float).tolist()
        return [
            [date.fromordinal(round(x)).isoformat(), round(y, 2)]
            for x, y in zip(xs, ys, strict=True)
        ]

    return {"left": points(reps_axes, 0), "right": points(reps_axes, 1), "lsi": points(lsi_axes, 0)}


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
