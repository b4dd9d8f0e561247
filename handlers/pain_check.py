"""The pre-run pain check's buttons on the warm-up card: None · Mild · Sharp, then for
Mild or Sharp which leg. The answer is stored with the session (the latest wins) and the
card is edited in place to match it (library/pain_check.py decides what the day becomes).

A button carries a session id, never a runner: it acts only on a warm-up of whoever
pressed it, and only while that warm-up is open.
"""

from __future__ import annotations

from telegram import InlineKeyboardMarkup, Message, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest
from telegram.ext import CallbackQueryHandler

from handlers.context import CoachApplication, CoachContext, Services
from handlers.i18n import _, speaking
from handlers.pain_check_view import (
    ANSWERED,
    ASK_LEG,
    CHECK_CODES,
    CHECK_DATA,
    CLOSED,
    LEG_CODES,
    LEG_DATA,
    NOT_YOURS,
    PAIN_CHECK_PREFIX,
    PAIN_LEG_PREFIX,
    intro_of,
    leg_row,
)
from handlers.session_view import (
    SNOOZE_PREFIX,
    WARMUP_TITLE,
    plan_keyboard,
    plan_text,
    session_number,
    without_session_actions,
)
from library.deliveries import SNOOZE_MINUTES, can_snooze
from library.exercises import ExerciseKind
from library.languages import Language
from library.pain_check import PainCheck, SessionCheck, checks_before
from library.planner import SessionPlan, plan_session
from library.profiles import RunnerProfile
from library.training import Leg, SessionStatus, TrainingSession
from storage import UnitOfWork

_CHECKS = {code: check for check, code in CHECK_CODES.items()}
_LEGS = {code: leg for leg, code in LEG_CODES.items()}


def decode_check(data: str) -> tuple[int, PainCheck] | None:
    """The session id and answer of a None · Mild · Sharp button; None if malformed."""
    match = CHECK_DATA.fullmatch(data)
    session = session_number(match.group("session")) if match is not None else None
    if match is None or session is None:
        return None
    return session, _CHECKS[match.group("check")]


def decode_leg(data: str) -> tuple[int, PainCheck, Leg] | None:
    """The session id, answer and leg of a leg button; None if malformed."""
    match = LEG_DATA.fullmatch(data)
    session = session_number(match.group("session")) if match is not None else None
    if match is None or session is None:
        return None
    return session, _CHECKS[match.group("check")], _LEGS[match.group("leg")]


async def _warmup(context: CoachContext, session_id: int) -> TrainingSession | str:
    """The runner's own open warm-up with that id, or what to tell them instead."""
    profile = await context.turn.runner()
    if profile is None:
        return NOT_YOURS
    uow = await context.turn.uow()
    session = await uow.training.get_session(profile.id, session_id)
    if session is None or session.kind != ExerciseKind.WARMUP.value:
        return NOT_YOURS
    if session.status is not SessionStatus.OPEN:
        return CLOSED
    return session


async def replan(
    uow: UnitOfWork, services: Services, runner: RunnerProfile, session: TrainingSession
) -> SessionPlan:
    """The session's card as sent (a warm-up or a strength session), with its pain check
    as it stands now: the log and the checks from before it (its own reports left out,
    so the card does not shift, and its targets are what "as planned" means)."""
    history = [r for r in await uow.training.history(runner.id) if r.session_id != session.id]
    checks = await uow.training.pain_checks(runner.id)
    check = None
    if session.pain_check is not None:
        check = SessionCheck(session.id, session.day, session.pain_check, session.pain_leg)
    return plan_session(
        services.catalog,
        history,
        session.day,
        ExerciseKind(session.kind),
        checks=checks_before(checks, session.id),
        check=check,
        kit=runner.kit,
    )


async def _answer(
    update: Update, context: CoachContext, session_id: int, check: PainCheck, leg: Leg | None
) -> None:
    """Store the answer, then edit the card to match it."""
    query = update.callback_query
    if query is None:
        return
    found = await _warmup(context, session_id)
    plan = None
    snooze_left = False
    if isinstance(found, TrainingSession):
        profile = await context.turn.runner()
        uow = await context.turn.uow()
        assert profile is not None
        stored = await uow.training.set_pain_check(profile.id, session_id, check, leg)
        if stored is not None:
            plan = await replan(uow, context.services, profile, stored)
        run_start = await uow.deliveries.run_start_of(profile.id, session_id)
        snooze_left = run_start is not None and can_snooze(run_start, context.services.clock())
    await context.turn.commit()
    if plan is None:
        await query.answer(_(found if isinstance(found, str) else CLOSED), show_alert=True)
        return
    await query.answer(_(ANSWERED[check]))
    message = query.message
    if not isinstance(message, Message):
        return
    await _edit(message, plan, session_id, snooze_left=snooze_left)


def _titles() -> tuple[str, ...]:
    """The card's title in every language: a runner may have changed language since."""
    titles = []
    for language in Language:
        with speaking(language):
            titles.append(_(WARMUP_TITLE))
    return tuple(titles)


async def _edit(message: Message, plan: SessionPlan, session_id: int, *, snooze_left: bool) -> None:
    """The card edited in place: its intro (the run's start time) kept, and Snooze kept
    if it was still there and a snooze would still come back before the run."""
    had_snooze = any(
        isinstance(button.callback_data, str) and button.callback_data.startswith(SNOOZE_PREFIX)
        for row in (message.reply_markup.inline_keyboard if message.reply_markup else ())
        for button in row
    )
    intro = intro_of(message.text or "", _titles())
    snooze = SNOOZE_MINUTES if had_snooze and snooze_left else None
    try:
        await message.edit_text(
            plan_text(plan, intro),
            parse_mode=ParseMode.HTML,
            reply_markup=plan_keyboard(plan, session_id, snooze_minutes=snooze),
        )
    except BadRequest as error:  # the same answer pressed again: nothing to change
        if "not modified" not in str(error).lower():
            raise


async def on_check(update: Update, context: CoachContext) -> None:
    """None stores the answer at once; Mild and Sharp first ask which leg, in the row."""
    query = update.callback_query
    if query is None or query.data is None:
        return
    decoded = decode_check(query.data)
    if decoded is None:
        await query.answer(_(NOT_YOURS), show_alert=True)
        return
    session_id, check = decoded
    if check is PainCheck.NONE:
        await _answer(update, context, session_id, check, None)
        return
    found = await _warmup(context, session_id)
    await context.turn.commit()
    if isinstance(found, str):
        await query.answer(_(found), show_alert=True)
        return
    await query.answer(_(ASK_LEG))
    message = query.message
    if isinstance(message, Message) and message.reply_markup is not None:
        rest = without_session_actions(message.reply_markup, (PAIN_CHECK_PREFIX, PAIN_LEG_PREFIX))
        markup = InlineKeyboardMarkup([leg_row(session_id, check), *rest.inline_keyboard])
        await message.edit_reply_markup(reply_markup=markup)


async def on_leg(update: Update, context: CoachContext) -> None:
    """The leg of a mild or sharp answer: store both, and edit the card."""
    query = update.callback_query
    if query is None or query.data is None:
        return
    decoded = decode_leg(query.data)
    if decoded is None:
        await query.answer(_(NOT_YOURS), show_alert=True)
        return
    session_id, check, leg = decoded
    await _answer(update, context, session_id, check, leg)


def register(application: CoachApplication) -> None:
    application.add_handler(CallbackQueryHandler(on_check, pattern=f"^{PAIN_CHECK_PREFIX}"))
    application.add_handler(CallbackQueryHandler(on_leg, pattern=f"^{PAIN_LEG_PREFIX}"))
