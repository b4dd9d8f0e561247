"""The guided session: "▶️ Guide me" on a card turns it into one message that walks through
the card's exercises a step at a time (library/guide.py), edited in place, and ends with
the summary of the session.

Each ✅ Done stores that one set of that leg at once, as a report of its own, straight
through the update's unit of work: the report desk takes whole reports (both legs of a
per-leg exercise) and asks about numbers far from the target, neither of which fits a
set the runner has just confirmed with a tap. Adaptation merges a session's reports per
exercise, so the steps add up as if typed together; /history lists each step and /undo
takes back the last one, which the guide then offers again. Leaving halfway keeps every
step stored; a report that speaks of pain, typed meanwhile, ends the guide at the next
press, as it ends the session; running to the end closes the session as done (as
skipped when nothing was logged), while ⏹ Stop leaves it open, with ▶️ Resume and the card's ✅ Done.

Nothing about the guide is kept in memory: the stored sets say which steps are done and
the pressed button carries the steps skipped. A press is taken only if it is about the
step that comes next (checked and written in one transaction, and a chat's updates run
one at a time), so a double tap, an old step's button, a press after the session closed
or a forged button store nothing twice.
"""

from __future__ import annotations

from dataclasses import dataclass

from telegram import CallbackQuery, InlineKeyboardMarkup, Message, Update
from telegram.constants import ChatType
from telegram.error import BadRequest
from telegram.ext import CallbackQueryHandler

from handlers.accounts import Sender
from handlers.context import CoachApplication, CoachContext
from handlers.guide_view import (
    ended_text,
    step_keyboard,
    step_text,
    stopped_keyboard,
    stopped_text,
)
from handlers.i18n import N_, _
from handlers.pain_check import replan
from handlers.replies import reliably
from handlers.session_view import GUIDE_PREFIX, session_number
from handlers.training import SESSION_CLOSED, STALE_PROMPT, close_session, closed_text
from library.guide import (
    MAX_STEPS,
    Action,
    Press,
    Progress,
    Recorded,
    Step,
    count_allowed,
    first_count,
    highest,
    progress,
    recorded_sets,
    steps_of,
    unpack,
)
from library.pain_check import DayPlan
from library.planner import SessionPlan
from library.profiles import RunnerProfile
from library.training import SessionStatus, TrainingSession
from storage import UnitOfWork
from storage.training import NewReport

STEP_BEHIND = N_("That step is done already: here is where you are now.")
OLD_BUTTON = N_("That button is out of date: nothing changed.")


@dataclass(frozen=True, slots=True)
class _View:
    """What the message becomes, the short answer to the press, and whether something
    was written (then the edit must not be lost to a passing network error)."""

    text: str
    markup: InlineKeyboardMarkup | None
    answer: str | None = None
    wrote: bool = False


@dataclass(slots=True)
class _Guide:
    """One press's view of the session: its plan, steps and what is stored for it."""

    uow: UnitOfWork
    runner: RunnerProfile
    session: TrainingSession
    plan: SessionPlan
    steps: tuple[Step, ...]
    recorded: Recorded
    pain: bool = False  # a report in the session spoke of pain: the session stops there

    def at(self, skipped: frozenset[int]) -> Progress:
        return progress(self.steps, self.recorded, skipped)


async def _guide(context: CoachContext, press: Press) -> _Guide | str:
    """The presser's open session the button is about, or what to answer instead."""
    runner = await context.turn.runner()
    if runner is None:
        return STALE_PROMPT
    uow = await context.turn.uow()
    session = await uow.training.get_session(runner.id, press.session_id)
    if session is None:
        return STALE_PROMPT
    if session.status is not SessionStatus.OPEN:
        return SESSION_CLOSED
    plan = await replan(uow, context.services, runner, session)
    steps = steps_of(plan.items) if plan.day_plan is not DayPlan.NO_EXPLOSIVE_WORK else ()
    too_far = max((press.step, *press.skipped)) >= len(steps)
    if not steps or len(steps) > MAX_STEPS or too_far:
        return STALE_PROMPT
    results = [r for r in await uow.training.history(runner.id) if r.session_id == session.id]
    recorded = recorded_sets((r.exercise_id, r.sets) for r in results)
    pain = any(r.pain for r in results)
    return _Guide(uow, runner, session, plan, steps, recorded, pain)


async def _end(guide: _Guide, answer: str | None) -> _View:
    """Every step done or skipped: close the session (done, or skipped when nothing at
    all was logged) and show what was logged."""
    logged = any(guide.recorded.values())
    status = SessionStatus.DONE if logged else SessionStatus.SKIPPED
    closed = await close_session(guide.uow, guide.runner.id, guide.session, status)
    closing = closed_text(closed) if closed is not None else _(SESSION_CLOSED)
    return _View(ended_text(guide.plan, guide.recorded, closing), None, answer, wrote=True)


async def _show(
    guide: _Guide, press: Press, answer: str | None = None, low: int | None = None
) -> _View:
    """The next step (with the counts from ``low`` up, for a set without a target), or
    the end when there is none."""
    state = guide.at(press.skipped)
    if state.current is None:
        return await _end(guide, answer)
    step = guide.steps[state.current]
    cap = state.cap(guide.steps, state.current)
    if step.target is None and low is None:
        low = first_count(step, cap)
    shown = Press(press.session_id, state.current, press.skipped, Action.SHOW)
    text = step_text(guide.plan, guide.steps, state.current, cap)
    return _View(text, step_keyboard(shown, step, cap, low), answer)


async def _store(guide: _Guide, context: CoachContext, step: Step, reps: int) -> None:
    """One set of one leg, as a report of its own in the session."""
    report = NewReport(
        guide.runner.id,
        guide.session.id,
        step.exercise_id,
        guide.session.day,
        {step.leg: (reps,)},
        pain=False,
    )
    await guide.uow.training.add_reports([report], now=context.services.clock())
    recorded = {key: list(reps) for key, reps in guide.recorded.items()}
    recorded.setdefault((step.exercise_id, step.leg), []).append(reps)
    guide.recorded = recorded


async def _act(guide: _Guide, context: CoachContext, press: Press) -> _View | str:
    """What the press does: a view of the guide, or a refusal to answer with."""
    if guide.pain and press.action is not Action.STOP:
        # Pain came up in a report typed meanwhile: no more steps today (as after a
        # report that mentions pain), the session closes with its go-easy words.
        return await _end(guide, None)
    return await _step(guide, context, press)


async def _step(guide: _Guide, context: CoachContext, press: Press) -> _View | str:
    """A press on a step, or show, stop and resume."""
    if press.action is Action.SHOW:
        return await _show(guide, press)
    if press.action is Action.STOP:
        state = guide.at(press.skipped)
        markup = None
        if state.current is not None:
            markup = stopped_keyboard(press.session_id, state.current, press.skipped)
        return _View(stopped_text(guide.plan, guide.recorded), markup)
    state = guide.at(press.skipped)
    if state.current != press.step:  # a double tap, an old step's button
        return await _show(guide, press, _(STEP_BEHIND))
    step = guide.steps[press.step]
    cap = state.cap(guide.steps, press.step)
    value = press.value if press.value is not None else -1
    if press.action is Action.SKIP:
        skipped = press.skipped | {press.step}
        return await _show(guide, Press(press.session_id, press.step, skipped, press.action))
    if press.action is Action.MORE:
        if step.target is not None or not 1 <= value <= highest(cap):
            return STALE_PROMPT
        return await _show(guide, press, low=value)
    if press.action is Action.DONE and step.target is not None:
        reps = step.target
    elif press.action is Action.COUNT and count_allowed(step, cap, value):
        reps = value
    else:
        return STALE_PROMPT
    await _store(guide, context, step, reps)
    view = await _show(guide, press)
    return _View(view.text, view.markup, view.answer, wrote=True)


def _own_message(query: CallbackQuery, sender: Sender) -> Message | None:
    """The message of the pressed button, when it is in the presser's private chat."""
    message = query.message
    if not isinstance(message, Message) or message.chat.type != ChatType.PRIVATE:
        return None
    return message if message.chat.id == sender.telegram_user_id else None


def _buttons(message: Message) -> set[str]:
    """The data of the buttons on the message as it stands (Telegram sends it with the
    press): a guide button is taken only from there, so the buttons of a step the
    message has moved on from (say, Done on a step since skipped) change nothing."""
    markup = message.reply_markup
    rows = markup.inline_keyboard if markup is not None else ()
    return {b.callback_data for row in rows for b in row if isinstance(b.callback_data, str)}


async def on_guide(update: Update, context: CoachContext) -> None:
    """Any guide button: start, a step done, skipped, other counts, stop, resume."""
    query = update.callback_query
    sender = Sender.of(update)
    if query is None or query.data is None or sender is None:
        return
    press = unpack(query.data.removeprefix(GUIDE_PREFIX))
    message = _own_message(query, sender)
    if press is None or message is None or session_number(str(press.session_id)) is None:
        await query.answer(_(STALE_PROMPT))
        return
    found = await _guide(context, press)
    if isinstance(found, str):
        outcome: _View | str = found
    elif query.data not in _buttons(message):  # an old step's button, or forged
        outcome = OLD_BUTTON
    else:
        outcome = await _act(found, context, press)
    await context.turn.commit()
    if isinstance(outcome, str):
        await query.answer(_(outcome))
        return
    user_id = sender.telegram_user_id
    await reliably(
        lambda: query.answer(outcome.answer), what="button answer", user_id=user_id, idempotent=True
    )
    if outcome.wrote:  # stored or closed: retried, never sent to the error handler
        await reliably(
            lambda: query.edit_message_text(
                outcome.text, parse_mode="HTML", reply_markup=outcome.markup
            ),
            what="guide step",
            user_id=user_id,
            idempotent=True,
        )
        return
    try:
        await query.edit_message_text(outcome.text, parse_mode="HTML", reply_markup=outcome.markup)
    except BadRequest as error:  # a second tap showing what the first one showed
        if "not modified" not in error.message.lower():
            raise


def register(application: CoachApplication) -> None:
    application.add_handler(CallbackQueryHandler(on_guide, pattern=f"^{GUIDE_PREFIX}"))
