"""Rendering of exercises: the explanation card, the answer about one aspect of an exercise
("hops cues": that part first), the catalogue keyboard and the choice buttons."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from handlers.kit_view import without_kit_lines, your_version_line
from handlers.rendering import escape
from handlers.wording import dose_text, kind_name
from library.aspects import Aspect, landing_lines
from library.exercises import Exercise, ExerciseCatalog, ExerciseKind
from library.kit import Kit

SHOW_PREFIX = "ex:"
ASPECT_PREFIX = "xa:"  # xa:<aspect>:<exercise id>  answer that aspect of the exercise
CATALOGUE_DATA = "exlist"
KIND_ICON = {ExerciseKind.WARMUP: "🔥", ExerciseKind.STRENGTH: "💪"}


def show_data(exercise: Exercise) -> str:
    """Callback data of a button that shows ``exercise``'s explanation."""
    return f"{SHOW_PREFIX}{exercise.id}"


def _dose_lines(exercise: Exercise) -> list[str]:
    lines = [f"<b>Dose:</b> {escape(dose_text(exercise.dose))}"]
    if exercise.dose.until_form_falters:
        lines.append("Weaker leg first; stop the stronger leg at the same count.")
    return lines


def _kit_lines(exercise: Exercise) -> list[str]:
    lines = [f"<b>Kit:</b> {escape(', '.join(exercise.equipment))}"] if exercise.equipment else []
    return lines + [f"<i>{line}</i>" for line in without_kit_lines(exercise)]


def _steps(exercise: Exercise) -> list[str]:
    return ["<b>Steps</b>"] + [f"{n}. {escape(step)}" for n, step in enumerate(exercise.steps, 1)]


def _bullets(title: str, lines: Iterable[str]) -> list[str]:
    return [f"<b>{title}</b>"] + [f"• {escape(line)}" for line in lines]


def _setup(exercise: Exercise) -> list[str]:
    return [f"<b>Set-up:</b> {escape(exercise.setup)}"]


def _easier(exercise: Exercise) -> list[str]:
    return [f"<b>Easier:</b> {escape(exercise.easier)}"]


def _harder(exercise: Exercise) -> list[str]:
    return [f"<b>Harder:</b> {escape(exercise.harder)}"]


def _safety(exercise: Exercise) -> list[str]:
    return [f"⚠️ {escape(exercise.safety)}"]


def explanation(exercise: Exercise, kit: frozenset[Kit] | None = None) -> str:
    """The exercise explained in Telegram HTML, short enough to read between sets; with
    the runner's ``kit``, the version it calls for comes right under the name."""
    kind = kind_name(exercise.kind) + (" · each leg" if exercise.per_leg else "")
    lines = [f"<b>{escape(exercise.name)}</b>", f"<i>{kind}</i>"]
    lines += [line] if (line := your_version_line(exercise, kit)) else []
    lines += ["", *_dose_lines(exercise)]
    lines += [*_kit_lines(exercise), "", *_setup(exercise), "", *_steps(exercise), ""]
    lines += [*_bullets("Think", exercise.cues), "", *_bullets("Avoid", exercise.mistakes), ""]
    lines += [*_easier(exercise), *_harder(exercise), "", *_safety(exercise)]
    if exercise.video_url:
        lines.append(f'▶️ <a href="{escape(exercise.video_url)}">Watch a demo</a>')
    return "\n".join(lines)


ASPECT_NAMES = {
    Aspect.SETUP: "set-up",
    Aspect.STEPS: "step by step",
    Aspect.LANDING: "landing",
    Aspect.CUES: "what to think about",
    Aspect.FORM: "good form",
    Aspect.MISTAKES: "common mistakes",
    Aspect.EASIER: "easier version",
    Aspect.HARDER: "harder version",
    Aspect.SAFETY: "safety",
    Aspect.DOSE: "how much",
    Aspect.TEMPO: "tempo",
}
NO_LANDINGS = "There are no landings in this one; here is how it goes:"


def _landing(exercise: Exercise) -> list[str]:
    do, avoid = landing_lines(exercise)
    if not do and not avoid:
        return [NO_LANDINGS, *_steps(exercise)]
    return [*_bullets("Landing", do), *(["", *_bullets("Avoid", avoid)] if avoid else [])]


def _form(exercise: Exercise) -> list[str]:
    return [*_bullets("Think", exercise.cues), "", *_bullets("Avoid", exercise.mistakes)]


def _tempo(exercise: Exercise) -> list[str]:
    return [f"<b>Tempo:</b> {escape(exercise.dose.tempo)}"]


_ASPECT_LINES: dict[Aspect, Callable[[Exercise], list[str]]] = {
    Aspect.SETUP: lambda exercise: [*_setup(exercise), *_kit_lines(exercise)],
    Aspect.STEPS: _steps,
    Aspect.LANDING: _landing,
    Aspect.CUES: lambda exercise: _bullets("Think", exercise.cues),
    Aspect.FORM: _form,
    Aspect.MISTAKES: lambda exercise: _bullets("Avoid", exercise.mistakes),
    Aspect.EASIER: _easier,
    Aspect.HARDER: _harder,
    Aspect.SAFETY: _safety,
    Aspect.DOSE: _dose_lines,
    Aspect.TEMPO: _tempo,
}


def aspect_answer(exercise: Exercise, aspect: Aspect) -> str:
    """The part of the explanation asked about first, then the dose in one line (the
    rest is a button away: :func:`aspect_keyboard`)."""
    lines = [f"<b>{escape(exercise.name)}</b> · <i>{ASPECT_NAMES[aspect]}</i>", ""]
    lines += _ASPECT_LINES[aspect](exercise)
    if aspect is not Aspect.DOSE:
        lines += ["", f"<i>Dose: {escape(dose_text(exercise.dose))}</i>"]
    return "\n".join(lines)


def aspect_keyboard(exercise: Exercise) -> InlineKeyboardMarkup:
    """One button under an aspect answer: the whole explanation."""
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(f"📖 All about {exercise.name}", callback_data=show_data(exercise))]]
    )


def aspect_data(exercise: Exercise, aspect: Aspect) -> str:
    """Callback data of a button that answers ``aspect`` of ``exercise``."""
    return f"{ASPECT_PREFIX}{aspect.value}:{exercise.id}"


def decode_aspect(data: str) -> tuple[Aspect, str] | None:
    """(aspect, exercise id) from :func:`aspect_data`'s data, or None if it is not one."""
    aspect, _, exercise_id = data.removeprefix(ASPECT_PREFIX).partition(":")
    if aspect not in {member.value for member in Aspect} or not exercise_id:
        return None
    return Aspect(aspect), exercise_id


def _button(exercise: Exercise, aspect: Aspect | None = None) -> InlineKeyboardButton:
    data = show_data(exercise) if aspect is None else aspect_data(exercise, aspect)
    return InlineKeyboardButton(f"{KIND_ICON[exercise.kind]} {exercise.name}", callback_data=data)


def _rows(buttons: list[InlineKeyboardButton], width: int) -> list[list[InlineKeyboardButton]]:
    return [buttons[i : i + width] for i in range(0, len(buttons), width)]


def catalogue_text(catalog: ExerciseCatalog) -> str:
    warmups = len(catalog.of_kind(ExerciseKind.WARMUP))
    strength = len(catalog.of_kind(ExerciseKind.STRENGTH))
    return (
        "<b>Exercises</b>\n"
        f"🔥 Warm-up, right before a run ({warmups})\n"
        f"💪 Strength, on days without a run ({strength})\n\n"
        "Tap one to see how it's done."
    )


def catalogue_keyboard(catalog: ExerciseCatalog) -> InlineKeyboardMarkup:
    """Warm-up exercises first, then strength, two to a row."""
    rows: list[list[InlineKeyboardButton]] = []
    for kind in (ExerciseKind.WARMUP, ExerciseKind.STRENGTH):
        rows += _rows([_button(exercise) for exercise in catalog.of_kind(kind)], 2)
    return InlineKeyboardMarkup(rows)


def choices_keyboard(
    exercises: Iterable[Exercise], aspect: Aspect | None = None
) -> InlineKeyboardMarkup:
    """One button per exercise (answering ``aspect`` of it, if given), then the catalogue."""
    rows = [[_button(exercise, aspect)] for exercise in exercises]
    rows.append([InlineKeyboardButton("None of these — show all", callback_data=CATALOGUE_DATA)])
    return InlineKeyboardMarkup(rows)
