"""Setting up after /start: four questions in turn (run days, start time, time zone,
minutes of lead), answered by typing, a button or a shared location.

Days and times may come together ("tue thu 6:30" at the days question skips the time
question), and the time question takes a different time per day ("tue thu 06:30, sat
08:00"; "different times" or its button asks for that form).

The open question is kept in the database, so a restart mid-way loses nothing. The text
handler sits before the reports and the catch-all and only takes messages while a
question is open; exercise questions are answered by the earlier question group and
onboarding simply goes on. An answer is checked against the open question and stored in
the same transaction (the update's turn). A shared location sets the zone at any time.
"""

from __future__ import annotations

from typing import Unpack

from telegram import InlineKeyboardMarkup, Message, ReplyKeyboardMarkup, ReplyKeyboardRemove, Update
from telegram.ext import ApplicationHandlerStop, CallbackQueryHandler, MessageHandler, filters

from handlers.context import CoachApplication, CoachContext
from handlers.i18n import _, current
from handlers.kit_view import KIT_QUESTION, kit_keyboard
from handlers.rendering import escape
from handlers.schedule import change_settings
from handlers.schedule_view import (
    ONBOARDING_PREFIX,
    QUESTIONS,
    VARIED_TIMES_QUESTION,
    question_markup,
    week_text,
    zone_label,
)
from handlers.wording import days_text, schedule_problem_text
from library.answers import declines, times_vary
from library.profiles import OnboardingStep, RunnerProfile
from library.reports import looks_like_report
from library.schedule import days_from_mask
from library.schedule_text import (
    ScheduleError,
    ScheduleProblem,
    find_timezone,
    parse_lead,
    parse_time,
    parse_week,
)
from storage import UnitOfWork
from storage.repositories import SettingsChange

ONBOARDING_GROUP = -5
ONBOARDING_HINT = "onboarding_step"  # user_data: the open question, to remind after a detour

_NEXT_STEP = {
    OnboardingStep.DAYS: OnboardingStep.TIME,
    OnboardingStep.TIME: OnboardingStep.ZONE,
    OnboardingStep.ZONE: OnboardingStep.LEAD,
}
_ANSWER_PARSERS = (parse_week, parse_lead)
# "Different times on different days", "it varies", "depends on the day".


async def ask(
    message: Message, context: CoachContext, step: OnboardingStep, prefix: str = ""
) -> None:
    _hint(context, step)
    await message.reply_html(prefix + _(QUESTIONS[step]), reply_markup=question_markup(step))


async def _advance(
    update: Update,
    context: CoachContext,
    step: OnboardingStep,
    *,
    following: OnboardingStep | None = None,
    **changes: Unpack[SettingsChange],
) -> None:
    """Store one onboarding answer and ask the next question (``following``, else the
    one after ``step``), or finish."""
    message = update.effective_message
    if message is None:
        return
    following = following or _NEXT_STEP.get(step)
    changes["onboarding"] = following
    result = await change_settings(context, **changes)
    if result is None:
        return
    profile, line = result
    if following is not None:
        ack = ""
        if "run_times" in changes:
            ack = _("Runs: {week}.").format(week=escape(week_text(profile.run_times))) + " "
        elif step is OnboardingStep.DAYS:
            ack = _("Runs on {days}.").format(days=escape(days_text(profile.run_days))) + " "
        if following is OnboardingStep.LEAD:
            zone = escape(zone_label(profile.timezone, context.services.clock()))
            await message.reply_html(
                _("Time zone: {zone}.").format(zone=zone),
                reply_markup=ReplyKeyboardRemove(),
            )
        await ask(message, context, following, ack)
        return
    _hint(context, None)
    # The kit is asked once, here, where the runner is telling us about their routine:
    # the first card then fits it, and no card waits on a question before a run.
    kit_question = profile.kit is None
    await message.reply_html(
        "<b>"
        + _("All set!")
        + "</b> "
        + line
        + "\n"
        + _("Ask me about any exercise, any time. /settings shows or changes all of this.")
        + (f"\n\n{_(KIT_QUESTION)}" if kit_question else ""),
        reply_markup=kit_keyboard(frozenset()) if kit_question else None,
    )


async def begin_onboarding(
    uow: UnitOfWork, context: CoachContext, profile: RunnerProfile
) -> tuple[str, InlineKeyboardMarkup | ReplyKeyboardMarkup]:
    """Open (or reopen where it stopped) onboarding; the question to ask and its buttons."""
    step = profile.onboarding or OnboardingStep.DAYS
    if profile.onboarding is None:
        context.turn.remember(await uow.users.update_settings(profile.id, onboarding=step))
    _hint(context, step)
    return _("Let's plan your warm-ups.") + " " + _(QUESTIONS[step]), question_markup(step)


async def _later(update: Update, context: CoachContext) -> None:
    message = update.effective_message
    _hint(context, None)
    result = await change_settings(context, onboarding=None)
    if message is not None and result is not None:
        await message.reply_html(
            _(
                "No problem — nothing is planned yet. Set your runs any time with "
                "<code>/schedule mon wed fri 07:00</code>, or send /warmup before a run."
            ),
            reply_markup=ReplyKeyboardRemove(),
        )


def _passes_by(text: str, context: CoachContext) -> bool:
    """True for a text that is no answer to set-up, known without reading the runner: they
    had no question open when this process last read or wrote them (every question is
    asked through it, which notes it: handlers/turn.KnownLanguages), so nothing is parsed
    (rep reports, the most common text, went through four schedule parsers here); or it
    is a rep report no question would take, whichever is open."""
    sender = context.turn.sender
    if sender is not None and context.services.languages.settled(sender.telegram_user_id):
        _hint(context, None)
        return True
    return _report_for_no_question(text, context)


def _report_for_no_question(text: str, context: CoachContext) -> bool:
    """True for a rep report that no set-up question would take as its answer. Whatever
    the runner's onboarding step, such a text goes on to the report handler, so the
    database need not be asked (this check runs for every text message)."""
    report = context.services.read_report(text)
    language = current()
    if report is None or not looks_like_report(report) or declines(text, language):
        return False
    for parse in _ANSWER_PARSERS:
        try:
            parse(text, language=language)
        except ScheduleError:
            continue
        return False
    try:
        find_timezone(text)
    except ScheduleError:
        return True
    return False


async def on_onboarding_text(update: Update, context: CoachContext) -> None:
    """An answer to the open onboarding question; anything else passes on untouched."""
    message = update.effective_message
    if message is None or not message.text:
        return
    services = context.services
    text = message.text.strip()
    if _passes_by(text, context):
        return
    profile = await context.turn.known_runner()  # a read: registering is not its job
    if profile is None or profile.onboarding is None:
        _hint(context, None)
        return
    step = profile.onboarding
    if declines(text, current()):
        await _later(update, context)
        raise ApplicationHandlerStop
    try:
        if step is OnboardingStep.DAYS:
            await _days_answer(update, context, text)
        elif step is OnboardingStep.TIME:
            await _time_answer(update, context, message, text)
        elif step is OnboardingStep.ZONE:
            await _advance(update, context, step, timezone=find_timezone(text))
        else:
            await _advance(update, context, step, lead_minutes=parse_lead(text, language=current()))
    except ScheduleError as error:
        report = services.read_report(text)
        if report is not None and looks_like_report(report):
            return  # a rep report mid-onboarding: the report handler takes it
        await message.reply_html(
            escape(schedule_problem_text(error))
            + "\n"
            # TRANSLATORS: quote your language's word for later that the coach reads
            # (library/answers.py: später, más tarde, plus tard, позже).
            + _("(Or send “later” to finish setting up another time.)"),
            reply_markup=question_markup(step),
        )
    raise ApplicationHandlerStop


async def _days_answer(update: Update, context: CoachContext, text: str) -> None:
    """Days ("mon wed fri"), or days with their times ("tue thu 6:30"), which skips the
    time question."""
    answer = parse_week(text, language=current())
    if answer.times:
        step = OnboardingStep.DAYS
        await _advance(update, context, step, following=OnboardingStep.ZONE, run_times=answer.times)
    elif answer.days:
        await _advance(update, context, OnboardingStep.DAYS, run_days=answer.days)
    else:
        raise ScheduleError(ScheduleProblem.NO_DAYS)


async def _time_answer(update: Update, context: CoachContext, message: Message, text: str) -> None:
    """One time for every run day ("7am"), or days with their times ("tue thu 06:30,
    sat 08:00"); "different times on different days" asks for the latter."""
    if times_vary(text, current()):
        await context.turn.commit()  # the sender is registered
        await message.reply_html(_(VARIED_TIMES_QUESTION))
        return
    answer = parse_week(text, language=current())
    if answer.at is not None:
        await _advance(update, context, OnboardingStep.TIME, run_time=answer.at)
    elif answer.times:
        await _advance(update, context, OnboardingStep.TIME, run_times=answer.times)
    else:
        raise ScheduleError(ScheduleProblem.BAD_TIME)


async def on_onboarding_button(update: Update, context: CoachContext) -> None:
    """A set-up button: taken only while its question is open (checked and stored in
    one transaction), else a note that it was answered."""
    query = update.callback_query
    if query is None or query.data is None:
        return
    data = query.data.removeprefix(ONBOARDING_PREFIX)
    profile = await context.turn.runner()
    if profile is None:
        return
    kind, _sep, value = data.partition(":")
    expected = {"d": OnboardingStep.DAYS, "t": OnboardingStep.TIME, "l": OnboardingStep.LEAD}
    if data == "later" and profile.onboarding is not None:
        await query.answer()
        await _later(update, context)
    elif data == "varies" and profile.onboarding is OnboardingStep.TIME:
        await query.answer()
        await context.turn.commit()  # the sender is registered
        if isinstance(query.message, Message):
            await query.message.reply_html(_(VARIED_TIMES_QUESTION))
    elif kind in expected and profile.onboarding is expected[kind] and value.isdigit():
        await query.answer()
        if query.message is not None and isinstance(query.message, Message):
            await query.edit_message_reply_markup(reply_markup=None)
        await _button_answer(update, context, expected[kind], value)
    else:
        await context.turn.commit()  # the sender is registered
        await query.answer(_("That question is already answered — /settings shows your plan."))


async def _button_answer(
    update: Update, context: CoachContext, step: OnboardingStep, value: str
) -> None:
    """Store a set-up button's answer: days as a bit mask, a time as HHMM, or a lead."""
    if step is OnboardingStep.DAYS and 0 < int(value) < 128:
        await _advance(update, context, step, run_days=days_from_mask(int(value)))
    elif step is OnboardingStep.TIME and len(value) == 4:
        await _advance(update, context, step, run_time=parse_time(f"{value[:2]}:{value[2:]}"))
    elif step is OnboardingStep.LEAD:
        await _advance(update, context, step, lead_minutes=parse_lead(value))


async def on_location(update: Update, context: CoachContext) -> None:
    """A shared location sets the time zone (during onboarding or any time after)."""
    message = update.effective_message
    if message is None or message.location is None:
        return
    zone = context.services.zone_at(message.location.latitude, message.location.longitude)
    if zone is None:
        await message.reply_html(
            _(
                "I couldn't tell the time zone from that location. Please type your city "
                "instead, e.g. “London”."
            )
        )
        return
    profile = await context.turn.runner()
    if profile is None:
        return
    if profile.onboarding is OnboardingStep.ZONE:
        await _advance(update, context, OnboardingStep.ZONE, timezone=zone)
        return
    result = await change_settings(context, timezone=zone)
    if result is not None:
        await message.reply_html(
            _("Time zone set to {zone}.").format(
                zone=escape(zone_label(zone, context.services.clock()))
            )
            + f"\n{result[1]}",
            reply_markup=ReplyKeyboardRemove(),
        )


def _hint(context: CoachContext, step: OnboardingStep | None) -> None:
    """Remember (in this process) which question is open, to remind after a detour."""
    if context.user_data is None:
        return
    if step is None:
        context.user_data.pop(ONBOARDING_HINT, None)
    else:
        context.user_data[ONBOARDING_HINT] = step.value


def remind_onboarding(context: CoachContext) -> OnboardingStep | None:
    """The onboarding question this runner still has open, as far as this process knows."""
    hint = context.user_data.get(ONBOARDING_HINT) if context.user_data is not None else None
    return OnboardingStep(hint) if hint in {s.value for s in OnboardingStep} else None


def register(application: CoachApplication) -> None:
    application.add_handler(
        MessageHandler(
            filters.TEXT & ~filters.COMMAND & ~filters.UpdateType.EDITED, on_onboarding_text
        ),
        group=ONBOARDING_GROUP,
    )
    application.add_handler(
        CallbackQueryHandler(on_onboarding_button, pattern=f"^{ONBOARDING_PREFIX}")
    )
    application.add_handler(
        MessageHandler(filters.LOCATION & ~filters.UpdateType.EDITED, on_location)
    )
