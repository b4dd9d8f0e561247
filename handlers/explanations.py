"""Rendering of exercises: the explanation card, the answer about one aspect of an exercise
("hops cues": that part first), the catalogue keyboard and the choice buttons."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from handlers.i18n import N_, _, local
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
    lines = [_("<b>Dose:</b> {dose}").format(dose=escape(dose_text(exercise.dose)))]
    if exercise.dose.until_form_falters:
        lines.append(_("Weaker leg first; stop the stronger leg at the same count."))
    return lines


def _kit_lines(exercise: Exercise) -> list[str]:
    kit = _("<b>Kit:</b> {kit}").format(kit=escape(", ".join(exercise.equipment)))
    lines = [kit] if exercise.equipment else []
    return lines + [f"<i>{line}</i>" for line in without_kit_lines(exercise)]


def _steps(exercise: Exercise) -> list[str]:
    return [_("<b>Steps</b>")] + [
        f"{n}. {escape(step)}" for n, step in enumerate(exercise.steps, 1)
    ]


def _bullets(title: str, lines: Iterable[str]) -> list[str]:
    """A bold ``title`` (translated by the caller) over one bullet per line."""
    return [f"<b>{title}</b>"] + [f"• {escape(line)}" for line in lines]


def _think(exercise: Exercise) -> list[str]:
    # TRANSLATORS: heading over an exercise's cues (what to think about while doing it).
    return _bullets(_("Think"), exercise.cues)


def _avoid(lines: Iterable[str]) -> list[str]:
    # TRANSLATORS: heading over the mistakes to avoid in an exercise.
    return _bullets(_("Avoid"), lines)


def _setup(exercise: Exercise) -> list[str]:
    return [_("<b>Set-up:</b> {setup}").format(setup=escape(exercise.setup))]


def _easier(exercise: Exercise) -> list[str]:
    return [_("<b>Easier:</b> {easier}").format(easier=escape(exercise.easier))]


def _harder(exercise: Exercise) -> list[str]:
    return [_("<b>Harder:</b> {harder}").format(harder=escape(exercise.harder))]


def _safety(exercise: Exercise) -> list[str]:
    return [f"⚠️ {escape(exercise.safety)}"]


def explanation(exercise: Exercise, kit: frozenset[Kit] | None = None) -> str:
    """The exercise explained in Telegram HTML, short enough to read between sets; with
    the runner's ``kit``, the version it calls for comes right under the name."""
    exercise = local(exercise)
    kind = kind_name(exercise.kind)
    if exercise.per_leg:
        # TRANSLATORS: {kind} is "Warm-up" or "Strength": the exercise is done on each leg.
        kind = _("{kind} · each leg").format(kind=kind)
    lines = [f"<b>{escape(exercise.name)}</b>", f"<i>{kind}</i>"]
    lines += [line] if (line := your_version_line(exercise, kit)) else []
    lines += ["", *_dose_lines(exercise)]
    lines += [*_kit_lines(exercise), "", *_setup(exercise), "", *_steps(exercise), ""]
    lines += [*_think(exercise), "", *_avoid(exercise.mistakes), ""]
    lines += [*_easier(exercise), *_harder(exercise), "", *_safety(exercise)]
    if exercise.video_url:
        lines.append(_('▶️ <a href="{url}">Watch a demo</a>').format(url=escape(exercise.video_url)))
    return "\n".join(lines)


# TRANSLATORS: the part of an exercise a runner asked about, shown in italics after
# the exercise's name ("Hamstring humps · easier version").
ASPECT_NAMES = {
    Aspect.SETUP: N_("set-up"),
    Aspect.STEPS: N_("step by step"),
    Aspect.LANDING: N_("landing"),
    Aspect.CUES: N_("what to think about"),
    Aspect.FORM: N_("good form"),
    Aspect.MISTAKES: N_("common mistakes"),
    Aspect.EASIER: N_("easier version"),
    Aspect.HARDER: N_("harder version"),
    Aspect.SAFETY: N_("safety"),
    Aspect.DOSE: N_("how much"),
    Aspect.TEMPO: N_("tempo"),
}
NO_LANDINGS = N_("There are no landings in this one; here is how it goes:")


def _picked(
    english: tuple[str, ...], worded: tuple[str, ...], chosen: tuple[str, ...]
) -> tuple[str, ...]:
    """The lines of ``worded`` at the places of ``chosen`` in ``english``."""
    return tuple(line for line, source in zip(worded, english, strict=True) if source in chosen)


def _landing_lines(exercise: Exercise) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """:func:`landing_lines` in the runner's language: the landing words it reads are
    English, so the lines are picked in the English text and shown in the runner's
    (where a language has another number of lines, its own text is read)."""
    worded = local(exercise)
    english_do = (*exercise.steps, *exercise.cues)
    worded_do = (*worded.steps, *worded.cues)
    if (
        worded is exercise
        or len(english_do) != len(worded_do)
        or len(exercise.mistakes) != len(worded.mistakes)
    ):
        return landing_lines(worded)
    do, avoid = landing_lines(exercise)
    return _picked(english_do, worded_do, do), _picked(exercise.mistakes, worded.mistakes, avoid)


def _landing(exercise: Exercise) -> list[str]:
    do, avoid = _landing_lines(exercise)
    if not do and not avoid:
        return [_(NO_LANDINGS), *_steps(local(exercise))]
    # TRANSLATORS: heading over an exercise's lines about how to land.
    return [*_bullets(_("Landing"), do), *(["", *_avoid(avoid)] if avoid else [])]


def _form(exercise: Exercise) -> list[str]:
    return [*_think(exercise), "", *_avoid(exercise.mistakes)]


def _tempo(exercise: Exercise) -> list[str]:
    return [_("<b>Tempo:</b> {tempo}").format(tempo=escape(exercise.dose.tempo))]


# Each worded from the exercise in the runner's language; the landing (_landing) is
# picked in the English text, so aspect_answer hands it the exercise as written.
_ASPECT_LINES: dict[Aspect, Callable[[Exercise], list[str]]] = {
    Aspect.SETUP: lambda exercise: [*_setup(exercise), *_kit_lines(exercise)],
    Aspect.STEPS: _steps,
    Aspect.CUES: _think,
    Aspect.FORM: _form,
    Aspect.MISTAKES: lambda exercise: _avoid(exercise.mistakes),
    Aspect.EASIER: _easier,
    Aspect.HARDER: _harder,
    Aspect.SAFETY: _safety,
    Aspect.DOSE: _dose_lines,
    Aspect.TEMPO: _tempo,
}


def aspect_answer(exercise: Exercise, aspect: Aspect) -> str:
    """The part of the explanation asked about first, then the dose in one line (the
    rest is a button away: :func:`aspect_keyboard`)."""
    english, exercise = exercise, local(exercise)
    lines = [f"<b>{escape(exercise.name)}</b> · <i>{_(ASPECT_NAMES[aspect])}</i>", ""]
    lines += _landing(english) if aspect is Aspect.LANDING else _ASPECT_LINES[aspect](exercise)
    if aspect is not Aspect.DOSE:
        lines += ["", _("<i>Dose: {dose}</i>").format(dose=escape(dose_text(exercise.dose)))]
    return "\n".join(lines)


def aspect_keyboard(exercise: Exercise) -> InlineKeyboardMarkup:
    """One button under an aspect answer: the whole explanation."""
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    _("📖 All about {name}").format(name=local(exercise).name),
                    callback_data=show_data(exercise),
                )
            ]
        ]
    )


def aspect_data(exercise: Exercise, aspect: Aspect) -> str:
    """Callback data of a button that answers ``aspect`` of ``exercise``."""
    return f"{ASPECT_PREFIX}{aspect.value}:{exercise.id}"


def decode_aspect(data: str) -> tuple[Aspect, str] | None:
    """(aspect, exercise id) from :func:`aspect_data`'s data, or None if it is not one."""
    aspect, __, exercise_id = data.removeprefix(ASPECT_PREFIX).partition(":")
    if aspect not in {member.value for member in Aspect} or not exercise_id:
        return None
    return Aspect(aspect), exercise_id


def _button(exercise: Exercise, aspect: Aspect | None = None) -> InlineKeyboardButton:
    data = show_data(exercise) if aspect is None else aspect_data(exercise, aspect)
    name = local(exercise).name
    return InlineKeyboardButton(f"{KIND_ICON[exercise.kind]} {name}", callback_data=data)


def _rows(buttons: list[InlineKeyboardButton], width: int) -> list[list[InlineKeyboardButton]]:
    return [buttons[i : i + width] for i in range(0, len(buttons), width)]


def catalogue_text(catalog: ExerciseCatalog) -> str:
    warmups = len(catalog.of_kind(ExerciseKind.WARMUP))
    strength = len(catalog.of_kind(ExerciseKind.STRENGTH))
    lines = [
        _("<b>Exercises</b>"),
        _("🔥 Warm-up, right before a run ({count})").format(count=warmups),
        _("💪 Strength, on days without a run ({count})").format(count=strength),
        "",
        _("Tap one to see how it's done."),
    ]
    return "\n".join(lines)


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
    show_all = _("None of these — show all")
    rows.append([InlineKeyboardButton(show_all, callback_data=CATALOGUE_DATA)])
    return InlineKeyboardMarkup(rows)
