"""The progress chart: one evenly spaced position per session, whole-number reps ticks, and
the weaker leg marked at each point of the symmetry panel; then the PNG with its data."""

from __future__ import annotations

import io
import json
from datetime import date, timedelta

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator
from PIL import Image

from handlers.charts import (
    DATA_KEY,
    SessionFormatter,
    plotted_series,
    progress_chart,
    progress_figure,
    session_label,
)
from library.progress import LegPoint, leg_series
from library.training import ExerciseResult, Leg

L, R = Leg.LEFT, Leg.RIGHT
MONDAY = date(2026, 11, 23)


def humps(n: int, left: tuple[int, ...], right: tuple[int, ...], session: int) -> ExerciseResult:
    sets = {L: left, R: right}
    return ExerciseResult(MONDAY + timedelta(days=n), "hamstring_humps", sets, session_id=session)


def render(figure: Figure) -> None:
    """Draw on the Agg canvas, as saving does, so ticks and their labels are laid out."""
    FigureCanvasAgg(figure)
    figure.draw_without_rendering()


def two_on_wednesday() -> list[LegPoint]:
    """Four sessions, two of them on Wednesday 25 November; left, left, right, then level."""
    return leg_series(
        [
            humps(0, (7, 7), (10, 10), 1),
            humps(2, (8, 9), (10, 10), 2),  # 8.5 reps per set: a tick still says 8 or 9
            humps(2, (10,), (9,), 3),
            humps(4, (10,), (10,), 4),
        ],
        "hamstring_humps",
    )


def test_sessions_on_one_day_stand_side_by_side_labelled_by_date() -> None:
    """x is the session's index (0, 1, 2, 3), not its day, and each tick says the date;
    Wednesday's second session is "Wed 25 Nov (2)"."""
    points = two_on_wednesday()
    figure = progress_figure(points, "Hamstring humps")
    reps_axes, lsi_axes = figure.axes[:2]
    for line in (*reps_axes.get_lines(), lsi_axes.get_lines()[0]):
        assert np.asarray(line.get_xdata()).tolist() == [0, 1, 2, 3]
    render(figure)
    labels = [tick.get_text() for tick in lsi_axes.get_xticklabels() if tick.get_text()]
    assert labels == ["Mon 23 Nov", "Wed 25 Nov", "Wed 25 Nov (2)", "Fri 27 Nov"]
    assert session_label(points[2]) == "Wed 25 Nov (2)"
    formatter = lsi_axes.xaxis.get_major_formatter()
    assert isinstance(formatter, SessionFormatter)
    assert formatter(1.5) == formatter(-1) == formatter(4) == ""  # between or past sessions


def test_the_reps_axis_ticks_whole_numbers() -> None:
    """Reps come whole: the reps axis has an integer locator and only integer ticks."""
    figure = progress_figure(two_on_wednesday(), "Hamstring humps")
    reps_axes = figure.axes[0]
    locator = reps_axes.yaxis.get_major_locator()
    assert isinstance(locator, MaxNLocator)
    assert locator._integer  # type: ignore[attr-defined]
    render(figure)
    ticks = reps_axes.get_yticks()
    assert len(ticks) >= 3
    assert all(float(tick).is_integer() for tick in ticks)
    labels = [tick.get_text() for tick in reps_axes.get_yticklabels() if tick.get_text()]
    assert labels
    assert all(label.lstrip("−-").isdigit() for label in labels), labels


def test_each_symmetry_point_is_marked_with_the_weaker_leg() -> None:
    """One mark per session on the LSI panel, by weaker leg, with its letter and a legend."""
    figure = progress_figure(two_on_wednesday(), "Hamstring humps")
    lsi_axes = figure.axes[1]
    assert plotted_series(figure)["weaker"] == [
        ["2026-11-23", "left"],
        ["2026-11-25", "left"],
        ["2026-11-25", "right"],
        ["2026-11-27", "level"],
    ]
    letters = [text.get_text() for text in lsi_axes.texts if text.get_text() in "LR="]
    assert sorted(letters) == ["=", "L", "L", "R"]
    legend = lsi_axes.get_legend()
    assert legend is not None
    assert [text.get_text() for text in legend.get_texts()] == [
        "Left weaker",
        "Right weaker",
        "Level",
    ]


def test_many_sessions_keep_a_few_dated_ticks() -> None:
    """Forty sessions: at most six dated ticks, each on a session; marks lose their letters."""
    points = leg_series([humps(n // 2, (8,), (10,), n) for n in range(40)], "hamstring_humps")
    figure = progress_figure(points, "Hamstring humps")
    lsi_axes = figure.axes[1]
    render(figure)
    labels = [tick.get_text() for tick in lsi_axes.get_xticklabels() if tick.get_text()]
    assert 3 <= len(labels) <= 6
    assert not [text for text in lsi_axes.texts if text.get_text() == "L"]


def test_the_png_carries_what_it_plots() -> None:
    """A real PNG; its Description chunk holds each line's points by date, and the weaker legs."""
    png = progress_chart(two_on_wednesday(), "Hamstring humps")
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG"
    assert (image.width, image.height) == (960, 660)
    plotted = json.loads(image.text[DATA_KEY])  # type: ignore[attr-defined]
    assert plotted["left"] == [
        ["2026-11-23", 7.0],
        ["2026-11-25", 8.5],
        ["2026-11-25", 10.0],
        ["2026-11-27", 10.0],
    ]
    assert [value for _, value in plotted["lsi"]] == [70.0, 85.0, 90.0, 100.0]
    assert [leg for _, leg in plotted["weaker"]] == ["left", "left", "right", "level"]
