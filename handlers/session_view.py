"""Rendering of sessions and reports: the warm-up card, its buttons, report confirmations."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping, Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from handlers.explanations import show_data
from handlers.i18n import N_, _, format_date, local, ngettext
from handlers.kit_view import kit_hint_lines, version_note
from handlers.pain_check_view import (
    PAIN_CHECK_PREFIX,
    PAIN_LEG_PREFIX,
    easier_lines,
    pain_notes,
    pain_row,
    question_lines,
    sharp_card,
)
from handlers.rendering import escape, with_intro
from handlers.wording import (
    UNTIL_FORM_FALTERS,
    leg_name,
    leg_word,
    reply_lines,
    sets_count,
    since_text,
    target_text,
)
from library.adaptation import Prescription
from library.exercises import Exercise, ExerciseCatalog, ExerciseKind
from library.far_numbers import Basis, Doubt
from library.guide import start_data
from library.kit import Kit
from library.pain_check import DayPlan
from library.planner import SessionPlan
from library.replies import ReplyPlan
from library.reports import ReportProblem
from library.training import PER_LEG, Leg

# Buttons that refer to an exercise carry its catalogue id, never its position, so
# reordering library/data/exercises.toml cannot turn a button already in a chat into
# another exercise. Ids are 2-40 characters, so the longest data is a prompt button:
# "lg:" + a 10-digit session id + ":" + a 40-character id = 54 bytes.
LOG_PREFIX = "wl:"  # wl:<session>                "Log reps": choose the exercise
PROMPT_PREFIX = "lg:"  # lg:<session>:<exercise id>  log this exercise next
DONE_PREFIX = "wd:"  # wd:<session>
SKIP_PREFIX = "ws:"  # ws:<session>
SNOOZE_PREFIX = "sz:"  # sz:<session>                send this warm-up again in 10 minutes
GUIDE_PREFIX = "gd:"  # gd:<session>:<step>:<skipped>:<action>  the guide (library/guide.py)
# The pre-run pain check's rows (handlers/pain_check_view.py) go with the actions.
_CARD_ACTIONS = (LOG_PREFIX, DONE_PREFIX, SKIP_PREFIX, SNOOZE_PREFIX, GUIDE_PREFIX)
SESSION_ACTION_PREFIXES = (*_CARD_ACTIONS, PAIN_CHECK_PREFIX, PAIN_LEG_PREFIX)
WARMUP_TITLE = N_("Pre-run warm-up")
# ra:<exercise id>:<encoded sets>[!]  which exercise was that report? Until issue 15 it
# was ra:<catalogue index>:..., which no longer decodes (an id starts with a letter): such
# a button is answered as out of date and saves nothing, as its index can't be trusted.
ASSIGN_PREFIX = "ra:"
# "Did you mean …?" (library/far_numbers.py): rk:<exercise id>:<encoded sets>[!] stores
# those sets as they are (the runner's answer, Yes with the likely typo or No), written
# as ra: is; rx: cancels. Nothing is stored before one is pressed.
KEEP_PREFIX = "rk:"
CANCEL_DOUBT_DATA = "rx:"
MAX_CALLBACK_BYTES = 64
MAX_SESSION_ID = 2**31 - 1  # training_sessions.id is an INTEGER (int4 on PostgreSQL)
_EXERCISE_ID = r"[a-z][a-z0-9_]{1,39}"  # as library/exercises.py validates them
_PROMPT = re.compile(
    rf"{re.escape(PROMPT_PREFIX)}(?P<session>\d{{1,10}}):(?P<exercise>{_EXERCISE_ID})", re.ASCII
)
_ASSIGNMENT = re.compile(
    rf"{re.escape(ASSIGN_PREFIX)}(?P<exercise>{_EXERCISE_ID}):"
    r"(?P<sets>(?:[LRB]\d+(?:\.\d+)*)+)(?P<pain>!?)",
    re.ASCII,
)
_ASSIGNED_LEG = re.compile(r"([LRB])(\d+(?:\.\d+)*)", re.ASCII)
# TRANSLATORS: the examples in quotes are what a runner types: use words the bot reads.
REPORT_HINT = N_(
    'Send reps like "left 12 right 15" — one number per set: "left 12 11 right 15 14".'
)


def _leg_part(item: Prescription, leg: Leg, first: Leg) -> str:
    """One leg's part of the card: the weaker leg's target (or until form falters, with
    last time's count for reference), and the stronger leg matching it today."""
    target = item.targets.get(leg)
    # TRANSLATORS: after a leg's target on the card: one set more for this leg today.
    extra = " " + _("(+1 set)") if leg is item.extra_set_leg else ""
    name = leg_name(leg)
    if leg is first:
        if target is not None:
            return f"{name} {target}{extra}"
        reference = ""
        if item.reference:
            # TRANSLATORS: "Left until form falters (last time 12)": 12 is a count of reps.
            reference = " " + _("(last time {count})").format(count=item.reference)
        return f"{name} {_(UNTIL_FORM_FALTERS)}{reference}{extra}"
    if item.weaker is None:  # no weaker leg known yet: the same for both
        return f"{name} {target_text(target)}{extra}"
    values = {"leg": name, "first": leg_word(first), "target": target}
    if target is None:
        return _("{leg}: no more than your {first} did").format(**values) + extra
    return _("{leg}: match your {first}, up to {target}").format(**values) + extra


def legs_line(item: Prescription) -> str:
    """'Left 10 → Right 10 (weaker leg first)' for a per-leg exercise."""
    first = item.order[0]
    parts = " → ".join(_leg_part(item, leg, first) for leg in item.order)
    return parts + (" " + _("(weaker leg first)") if item.weaker is not None else "")


def item_line(number: int, item: Prescription, kit: frozenset[Kit] | None = None) -> str:
    """One exercise of the card, in the version the runner's ``kit`` calls for ("RXX
    clean — with a broomstick in place of the bar (no barbell)"; None: as written)."""
    exercise = item.exercise
    sets = sets_count(item.sets)
    harder = " — " + _("harder version") if item.harder_version else ""
    name = f"<b>{escape(local(exercise).name)}</b>{version_note(exercise, kit)}{harder}"
    if not exercise.per_leg:
        target = item.targets.get(Leg.BOTH)
        if target is None:
            reps = _(UNTIL_FORM_FALTERS)
        else:
            reps = ngettext("{count} rep", "{count} reps", target).format(count=target)
        return f"{number}. {name} — {sets} × {reps}"
    return f"{number}. {name} — {sets}\n    {escape(legs_line(item))}"


def plan_text(plan: SessionPlan, intro: str | None = None) -> str:
    """The session card in Telegram HTML; ``intro`` (already HTML) goes above the title."""
    title = _(WARMUP_TITLE) if plan.kind is ExerciseKind.WARMUP else _("Strength session")
    if plan.day_plan is DayPlan.NO_EXPLOSIVE_WORK:  # a sharp pain check: no exercises
        return with_intro(sharp_card(plan, title), intro)
    lines = []
    minutes = plan.minutes()
    # TRANSLATORS: a card's title line: "Pre-run warm-up · Fri 04 Dec · about 8 min".
    heading = ngettext(
        "<b>{title}</b> · {day} · about {minutes} min",
        "<b>{title}</b> · {day} · about {minutes} min",
        minutes,
    )
    day = format_date(plan.day, "EEE dd MMM")
    lines.append(heading.format(title=title, day=day, minutes=minutes))
    factors = {item.break_factor for item in plan.items if item.break_factor < 1.0}
    if factors:
        days = max(item.days_off or 0 for item in plan.items)
        cut = round((1 - min(factors)) * 100)
        back = ngettext(
            "Welcome back after {days} day: about {cut}% easier today.",
            "Welcome back after {days} days: about {cut}% easier today.",
            days,
        )
        lines.append(back.format(days=days, cut=cut))
    if any(item.pain_hold for item in plan.items):
        lines.append(_("You mentioned pain last time: keep it gentle and stop if it hurts."))
    lines += pain_notes(plan)
    if plan.since is not None and (since := since_text(plan.since)) is not None:
        lines.append(escape(since))
    lines.append("")
    lines += [item_line(n, item, plan.kit) for n, item in enumerate(plan.items, 1)]
    lines += kit_hint_lines((item.exercise for item in plan.items), plan.kit)
    lines += easier_lines(plan)
    harder = [local(item.exercise) for item in plan.items if item.harder_version]
    if harder:
        lines += ["", _("<b>Harder versions</b>")]
        lines += [f"• {escape(e.name)}: {escape(e.harder)}" for e in harder]
    lines += question_lines(plan)
    lines += ["", escape(_(REPORT_HINT))]
    return with_intro("\n".join(lines), intro)


def _short(name: str, limit: int = 22) -> str:
    return name if len(name) <= limit else name[: limit - 1] + "…"


def plan_keyboard(
    plan: SessionPlan, session_id: int, *, snooze_minutes: int | None = None
) -> InlineKeyboardMarkup:
    """How? buttons per exercise, then the session's actions (and Snooze on scheduled ones);
    a warm-up's pain check row first. After a sharp pain check, only that row and Skip
    (and Snooze): the exercises are off the card."""
    sharp = plan.day_plan is DayPlan.NO_EXPLOSIVE_WORK
    how = [
        InlineKeyboardButton(
            f"❓ {n}. {_short(local(item.exercise).name)}", callback_data=show_data(item.exercise)
        )
        for n, item in enumerate(plan.items, 1)
    ]
    rows = [] if sharp else [how[i : i + 2] for i in range(0, len(how), 2)]
    if plan.kind is ExerciseKind.WARMUP:
        rows.insert(0, pain_row(plan, session_id))
    # TRANSLATORS: the card's buttons (Skip, Log reps, Done) share a row: keep them short.
    skip = InlineKeyboardButton(_("⏭ Skip"), callback_data=f"{SKIP_PREFIX}{session_id}")
    if not sharp:  # the guided session: one step at a time (handlers/guide.py)
        guide = GUIDE_PREFIX + start_data(session_id)
        rows.append([InlineKeyboardButton(_("▶️ Guide me"), callback_data=guide)])
    rows.append(
        [skip]
        if sharp
        else [
            InlineKeyboardButton(_("📝 Log reps"), callback_data=f"{LOG_PREFIX}{session_id}"),
            InlineKeyboardButton(_("✅ Done"), callback_data=f"{DONE_PREFIX}{session_id}"),
            skip,
        ]
    )
    if snooze_minutes is not None:
        snooze = ngettext(
            "⏰ Snooze {minutes} min", "⏰ Snooze {minutes} min", snooze_minutes
        ).format(minutes=snooze_minutes)
        rows.append([InlineKeyboardButton(snooze, callback_data=f"{SNOOZE_PREFIX}{session_id}")])
    return InlineKeyboardMarkup(rows)


def without_session_actions(
    markup: InlineKeyboardMarkup, prefixes: tuple[str, ...] = SESSION_ACTION_PREFIXES
) -> InlineKeyboardMarkup:
    """The keyboard with the rows of session actions (or other ``prefixes``) removed."""
    rows = [
        row
        for row in markup.inline_keyboard
        if not any(
            isinstance(button.callback_data, str) and button.callback_data.startswith(prefixes)
            for button in row
        )
    ]
    return InlineKeyboardMarkup(rows)


def session_number(text: str) -> int | None:
    """The session id a button carries: ASCII digits within the column's range; else None
    (a forged "²" or 20-digit number must not reach int() or the database)."""
    if not (text.isascii() and text.isdigit()) or len(text) > len(str(MAX_SESSION_ID)):
        return None
    number = int(text)
    return number if number <= MAX_SESSION_ID else None


def prompt_data(session_id: int, exercise: Exercise) -> str:
    """Callback data of a button that asks for ``exercise``'s reps in the session."""
    return f"{PROMPT_PREFIX}{session_id}:{exercise.id}"


def decode_prompt(data: str) -> tuple[int, str] | None:
    """The session id and exercise id of :func:`prompt_data`; None for anything else."""
    match = _PROMPT.fullmatch(data)
    session = session_number(match.group("session")) if match is not None else None
    if match is None or session is None:
        return None
    return session, match.group("exercise")


def log_order(
    exercise_ids: Sequence[str], logged: Collection[str], catalog: ExerciseCatalog
) -> list[Exercise]:
    """The whole session for "Log reps", the next exercise not logged yet first (a second
    set of humps can be logged too), then the rest in the card's order."""
    exercises = [e for i in exercise_ids if (e := catalog.find(i))]
    upcoming = next((e for e in exercises if e.id not in logged), None)
    return [upcoming, *(e for e in exercises if e is not upcoming)] if upcoming else exercises


def log_choice_keyboard(
    session_id: int, exercises: Iterable[Exercise], logged: Collection[str] = ()
) -> InlineKeyboardMarkup:
    """One button per exercise; those already logged this session carry a tick."""
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    ("✓ " if e.id in logged else "") + local(e).name,
                    callback_data=prompt_data(session_id, e),
                )
            ]
            for e in exercises
        ]
    )


def prompt_text(exercise: Exercise) -> str:
    name = escape(local(exercise).name)
    if exercise.per_leg:
        # TRANSLATORS: the example in quotes is what a runner types: use words the bot reads.
        text = _(
            "Send your reps for <b>{name}</b>, each leg, one number per set — "
            "e.g. “left 10 10 right 10 10”."
        )
    else:
        text = _("Send your reps for <b>{name}</b>, one number per set — e.g. “20 20”.")
    return text.format(name=name)


def sets_text(sets: Mapping[Leg, Sequence[int]]) -> str:
    """'Left 12, 11 · Right 15, 14' or '20, 20'."""
    if Leg.BOTH in sets:
        return ", ".join(str(r) for r in sets[Leg.BOTH])
    return " · ".join(
        f"{leg_name(leg)} {', '.join(str(r) for r in sets[leg])}" for leg in PER_LEG if leg in sets
    )


def confirmation_text(
    plan: ReplyPlan, sets: Mapping[Leg, Sequence[int]], next_up: Exercise | None
) -> str:
    """The reply to a stored report, worded from one decision (library/replies.py). A
    report that mentions pain never moves on to the next exercise: the session stops there."""
    count = max(len(reps) for reps in sets.values())
    logged = ngettext(
        "✅ Logged <b>{name}</b> ({count} set): {sets}",
        "✅ Logged <b>{name}</b> ({count} sets): {sets}",
        count,
    )
    name = escape(local(plan.exercise).name)
    lines = [
        logged.format(name=name, count=count, sets=sets_text(sets)),
        *[escape(line) for line in reply_lines(plan)],
    ]
    if plan.stop:
        if next_up is not None:
            lines.append(_("Leave the rest of this session for today."))
    elif next_up is not None:
        lines.append(_("Next up: {name}.").format(name=escape(local(next_up).name)))
    return "\n".join(lines)


def problem_text(problem: ReportProblem, exercise: Exercise | None) -> str:
    name = escape(local(exercise).name) if exercise is not None else _("that exercise")
    # TRANSLATORS: the examples in quotes are what a runner types: use words the bot reads.
    texts = {
        ReportProblem.OUT_OF_RANGE: N_(
            "Those numbers look off: reps go from 0 to 200. Nothing saved — try again, "
            "e.g. “left 12 right 15”."
        ),
        ReportProblem.NOT_WHOLE: N_(
            "Whole reps only, please, e.g. “left 12 right 15”. Nothing saved."
        ),
        ReportProblem.MISSING_LEG: N_(
            "{name} is done one leg at a time, so I need both legs, e.g. "
            "“left 10 right 10” (one number per set). Nothing saved."
        ),
        ReportProblem.LEGS_ON_TWO_FOOTED: N_(
            "{name} is done on both feet together, so just the count per set, "
            "e.g. “20 20”. Nothing saved."
        ),
        ReportProblem.TOO_MANY_SETS: N_(
            "That's more than 10 sets in one go. Send up to 10 per message, e.g. "
            "“left 12 12 12 right 15 15 15”, and the rest in the next one. Nothing saved."
        ),
    }
    return _(texts[problem]).format(name=name)


def encode_assignment(
    exercise: Exercise, sets: Mapping[Leg, Sequence[int]], pain: bool
) -> str | None:
    """Callback data carrying a report until the runner says it was ``exercise``; None
    when it would not fit Telegram's 64 bytes."""
    parts = [
        f"{leg.value[0].upper()}{'.'.join(str(r) for r in reps)}" for leg, reps in sets.items()
    ]
    data = f"{ASSIGN_PREFIX}{exercise.id}:{''.join(parts)}{'!' if pain else ''}"
    return data if len(data.encode()) <= MAX_CALLBACK_BYTES else None


def decode_assignment(data: str) -> tuple[str, dict[Leg, tuple[int, ...]], bool] | None:
    """The exercise id, sets and pain of :func:`encode_assignment`; None for anything
    malformed, and for the old positional format (``ra:<catalogue index>:...``)."""
    if len(data.encode()) > MAX_CALLBACK_BYTES:
        return None
    match = _ASSIGNMENT.fullmatch(data)
    if match is None:
        return None
    legs = {"L": Leg.LEFT, "R": Leg.RIGHT, "B": Leg.BOTH}
    sets: dict[Leg, tuple[int, ...]] = {}
    for letter, numbers in _ASSIGNED_LEG.findall(match.group("sets")):
        values = tuple(int(n) for n in numbers.split("."))
        if legs[letter] in sets or any(v > 200 for v in values) or len(values) > 10:
            return None
        sets[legs[letter]] = values
    return match.group("exercise"), sets, match.group("pain") == "!"


def assignment_keyboard(
    choices: Sequence[Exercise], sets: Mapping[Leg, Sequence[int]], pain: bool
) -> InlineKeyboardMarkup | None:
    """One button per exercise the report may be; None when one would not fit a button."""
    rows = []
    for exercise in choices:
        data = encode_assignment(exercise, sets, pain)
        if data is None:
            return None
        rows.append([InlineKeyboardButton(local(exercise).name, callback_data=data)])
    return InlineKeyboardMarkup(rows)


def keep_data(exercise: Exercise, sets: Mapping[Leg, Sequence[int]], pain: bool) -> str | None:
    """Callback data that stores ``sets`` for ``exercise`` as they are, far numbers and
    all; None when it would not fit Telegram's 64 bytes."""
    data = encode_assignment(exercise, sets, pain)
    return None if data is None else KEEP_PREFIX + data.removeprefix(ASSIGN_PREFIX)


def decode_keep(data: str) -> tuple[str, dict[Leg, tuple[int, ...]], bool] | None:
    """The exercise id, sets and pain of :func:`keep_data`; None for anything else."""
    if not data.startswith(KEEP_PREFIX):
        return None
    return decode_assignment(ASSIGN_PREFIX + data.removeprefix(KEEP_PREFIX))


def _one_fix(doubt: Doubt, sets: Mapping[Leg, Sequence[int]]) -> bool:
    """Whether the correction only turns the doubted number into its suggestion."""
    corrected = doubt.corrected or {}
    changed = {
        (old, new)
        for leg, reps in sets.items()
        for old, new in zip(reps, corrected.get(leg, reps), strict=True)
        if old != new
    }
    return changed == {(doubt.number, doubt.suggestion)}


def doubt_text(exercise: Exercise, doubt: Doubt, sets: Mapping[Leg, Sequence[int]]) -> str:
    """ "150 reps on the Hamstring humps is a lot more than your target of 9 — did you
    mean 15?" (or the corrected report, or just "is that right?"): nothing stored yet."""
    if doubt.corrected is None or doubt.suggestion is None:
        question = _("is that right?")
    elif _one_fix(doubt, sets):
        question = _("did you mean {number}?").format(number=doubt.suggestion)
    else:
        question = _("did you mean {sets}?").format(sets=escape(sets_text(doubt.corrected)))
    if doubt.basis is Basis.TARGET:
        text = ngettext(
            "{number} rep on the <b>{name}</b> is a lot more than your target of {target} — "
            "{question}",
            "{number} reps on the <b>{name}</b> is a lot more than your target of {target} — "
            "{question}",
            doubt.number,
        )
    elif doubt.basis is Basis.LAST_TIME:
        text = ngettext(
            "{number} rep on the <b>{name}</b> is a lot more than your {target} last time — "
            "{question}",
            "{number} reps on the <b>{name}</b> is a lot more than your {target} last time — "
            "{question}",
            doubt.number,
        )
    else:
        text = ngettext(
            "{number} rep on the <b>{name}</b> is a lot more than the {target} of your {leg} "
            "leg — {question}",
            "{number} reps on the <b>{name}</b> is a lot more than the {target} of your {leg} "
            "leg — {question}",
            doubt.number,
        )
    asked = text.format(
        number=doubt.number,
        name=escape(local(exercise).name),
        target=doubt.target,
        leg=leg_word(doubt.leg.other),
        question=question,
    )
    return f"{asked} {_('Nothing is saved until you choose.')}"


def doubt_keyboard(
    exercise: Exercise, doubt: Doubt, sets: Mapping[Leg, Sequence[int]], pain: bool
) -> InlineKeyboardMarkup | None:
    """[Yes, 15] [No, 150 is right] [Cancel]; without a likely typo, [Yes, save it]
    [Cancel]. None when the report does not fit in a button."""
    keep = keep_data(exercise, sets, pain)
    if keep is None:
        return None
    # TRANSLATORS: buttons under "did you mean 15?", up to three in a row: keep them short.
    cancel = InlineKeyboardButton(_("Cancel"), callback_data=CANCEL_DOUBT_DATA)
    if doubt.corrected is None or doubt.suggestion is None:
        return InlineKeyboardMarkup(
            [[InlineKeyboardButton(_("Yes, save it"), callback_data=keep), cancel]]
        )
    fixed = keep_data(exercise, doubt.corrected, pain)
    if fixed is None:
        return None
    one = _one_fix(doubt, sets)
    if one:
        yes = _("Yes, {number}").format(number=doubt.suggestion)
        no = _("No, {number} is right").format(number=doubt.number)
    else:
        yes, no = _("Yes, fix it"), _("No, mine is right")
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(yes, callback_data=fixed),
                InlineKeyboardButton(no, callback_data=keep),
                cancel,
            ]
        ]
    )
