"""Rendering of exercises: the explanation card, the catalogue keyboard and the choice buttons."""

from __future__ import annotations

from collections.abc import Iterable

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from handlers.rendering import escape
from handlers.wording import dose_text, kind_name
from library.exercises import Exercise, ExerciseCatalog, ExerciseKind

SHOW_PREFIX = "ex:"
CATALOGUE_DATA = "exlist"
KIND_ICON = {ExerciseKind.WARMUP: "🔥", ExerciseKind.STRENGTH: "💪"}


def show_data(exercise: Exercise) -> str:
    """Callback data of a button that shows ``exercise``'s explanation."""
    return f"{SHOW_PREFIX}{exercise.id}"


def explanation(exercise: Exercise) -> str:
    """The exercise explained in Telegram HTML, short enough to read between sets."""
    kind = kind_name(exercise.kind) + (" · each leg" if exercise.per_leg else "")
    lines = [
        f"<b>{escape(exercise.name)}</b>",
        f"<i>{kind}</i>",
        "",
        f"<b>Dose:</b> {escape(dose_text(exercise.dose))}",
    ]
    if exercise.dose.until_form_falters:
        lines.append("Weaker leg first; stop the stronger leg at the same count.")
    if exercise.equipment:
        lines.append(f"<b>Kit:</b> {escape(', '.join(exercise.equipment))}")
    lines += [f"<i>{escape(substitute)}</i>" for substitute in exercise.substitutes]
    lines += ["", f"<b>Set-up:</b> {escape(exercise.setup)}", "", "<b>Steps</b>"]
    lines += [f"{n}. {escape(step)}" for n, step in enumerate(exercise.steps, 1)]
    lines += ["", "<b>Think</b>"]
    lines += [f"• {escape(cue)}" for cue in exercise.cues]
    lines += ["", "<b>Avoid</b>"]
    lines += [f"• {escape(mistake)}" for mistake in exercise.mistakes]
    lines += [
        "",
        f"<b>Easier:</b> {escape(exercise.easier)}",
        f"<b>Harder:</b> {escape(exercise.harder)}",
        "",
        f"⚠️ {escape(exercise.safety)}",
    ]
    if exercise.video_url:
        lines.append(f'▶️ <a href="{escape(exercise.video_url)}">Watch a demo</a>')
    return "\n".join(lines)


def _button(exercise: Exercise) -> InlineKeyboardButton:
    return InlineKeyboardButton(
        f"{KIND_ICON[exercise.kind]} {exercise.name}", callback_data=show_data(exercise)
    )


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


def choices_keyboard(exercises: Iterable[Exercise]) -> InlineKeyboardMarkup:
    rows = [[_button(exercise)] for exercise in exercises]
    rows.append([InlineKeyboardButton("None of these — show all", callback_data=CATALOGUE_DATA)])
    return InlineKeyboardMarkup(rows)
