"""One voice per reply (issue 16): a report's reply is worded from one decision
(library/replies.py), so its lines never contradict each other or the next card; the
card's "since last time" line; the far-number rule (library/far_numbers.py)."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from handlers.session_view import confirmation_text
from handlers.wording import reply_lines, since_text
from library.adaptation import ChangeKind, Prescription, prescribe, weaker_leg
from library.exercises import Exercise, ExerciseCatalog, ExerciseKind
from library.far_numbers import Basis, doubt_about, is_far, likely_typo
from library.pain_check import PainCheck
from library.planner import plan_session
from library.replies import (
    NoteKind,
    OrderReason,
    ReplyPlan,
    SinceKind,
    decide_reply,
    latest_session,
    since_last_time,
)
from library.training import PER_LEG, ExerciseResult, Leg
from tests.strategies import CATALOG, PROPERTIES

L, R, B = Leg.LEFT, Leg.RIGHT, Leg.BOTH
MONDAY = date(2026, 11, 2)
SAID_TARGET = re.compile(r"next time (\d+) reps|up to (\d+)|from (\d+) reps")
LEG_WORDS = re.compile(r"\b(?:left|right|legs?)\b", re.IGNORECASE)
RUN_TALK = re.compile(r"\b(?:run|runs|running|jog)\b", re.IGNORECASE)
PROGRESS_TALK = re.compile(r"Target reached|harder version|step back|up to|managed", re.IGNORECASE)

# How a session of the generated histories is done.
CARD, EVEN, LEFT_FEWER, RIGHT_FEWER, SHORT = "card", "even", "left", "right", "short"
MODES = (CARD, EVEN, LEFT_FEWER, RIGHT_FEWER, SHORT)
GAPS = (1, 2, 3, 8, 16)  # days between sessions: 8 and 16 are breaks


def sets_for_mode(item: Prescription, mode: str, base: int, gap: int) -> dict[Leg, tuple[int, ...]]:
    """The sets of one session done in ``mode``: exactly as the card says (each leg its
    target, or ``base`` until form falters), both legs the same ``base``, one leg
    ``gap`` reps behind, or one set short of the target."""
    exercise = item.exercise
    first = item.order[0]
    asked = item.targets.get(first) or base
    if not exercise.per_leg:
        reps = {CARD: asked, SHORT: max(0, asked - gap)}.get(mode, base)
        return {B: tuple(reps for _ in range(item.sets))}
    per_leg = {L: base, R: base}
    if mode == CARD:
        per_leg = {L: asked, R: asked}
    elif mode in (LEFT_FEWER, RIGHT_FEWER):
        behind = L if mode == LEFT_FEWER else R
        per_leg[behind] = max(1, base - gap)
    elif mode == SHORT:
        per_leg = {L: max(0, asked - gap), R: asked}
    return {leg: tuple(per_leg[leg] for _ in range(item.sets_for(leg))) for leg in PER_LEG}


def reply_to(
    exercise: Exercise,
    history: list[ExerciseResult],
    day: date,
    sets: dict[Leg, tuple[int, ...]],
    pain: bool,
) -> tuple[ReplyPlan, Prescription, ExerciseResult]:
    """The decision for a report of ``sets`` on ``day`` after ``history`` (which gets it)."""
    before = prescribe(exercise, history, day)
    history.append(ExerciseResult(day, exercise.id, sets, pain))
    after = prescribe(exercise, history, day)
    session = latest_session(exercise.id, history)
    assert session is not None
    return decide_reply(before, after, session, pain=pain), after, session


def assert_one_voice(plan: ReplyPlan, after: Prescription, session: ExerciseResult) -> None:
    """Every way a reply could contradict itself, the card or the exercise."""
    exercise = plan.exercise
    lines = reply_lines(plan)
    text = "\n".join(lines)
    first = after.order[0]
    assert not RUN_TALK.search(text)  # replies never talk about the run (strength or not)
    if plan.step.kind is ChangeKind.PAIN_HOLD:
        assert not PROGRESS_TALK.search(text), text
        assert plan.order is None
        return
    said = {int(n) for groups in SAID_TARGET.findall(text) for n in groups if n}
    assert said <= {after.targets.get(first)}, text  # the numbers are the card's numbers
    if exercise.dose.until_form_falters:
        assert "next time" not in text.lower() or "until form falters" in text
        assert not re.search(r"next time \d", text)
    if not exercise.per_leg:
        assert not LEG_WORDS.search(text), text
        return
    today = weaker_leg(session)
    if today is None:
        assert not re.search("fewer|weaker", text), text
    if plan.order is not None:
        assert plan.order.first is first
        assert (plan.order.reason is OrderReason.FEWER_TODAY) == (today is not None)
        symmetry = plan.note.symmetry if plan.note is not None else None
        assert symmetry is None or symmetry.weaker is first


@PROPERTIES
@given(data=st.data())
def test_the_reply_never_contradicts_itself(data: st.DataObject) -> None:
    """Many generated histories and reports (per leg, two-footed, until form falters,
    strength, even legs, one leg ahead, pain, first sessions, breaks): every reply is
    consistent, and a pain report never moves on."""
    exercise = data.draw(st.sampled_from(list(CATALOG)), label="exercise")
    history: list[ExerciseResult] = []
    day = MONDAY
    for _ in range(data.draw(st.integers(0, 7), label="sessions before")):
        item = prescribe(exercise, history, day)
        mode = data.draw(st.sampled_from(MODES))
        base, gap = data.draw(st.integers(1, 25)), data.draw(st.integers(1, 6))
        pain = data.draw(st.booleans(), label="pain")
        history.append(ExerciseResult(day, exercise.id, sets_for_mode(item, mode, base, gap), pain))
        day += timedelta(days=data.draw(st.sampled_from(GAPS)))
    item = prescribe(exercise, history, day)
    mode = data.draw(st.sampled_from(MODES), label="report")
    sets = sets_for_mode(item, mode, data.draw(st.integers(1, 25)), data.draw(st.integers(1, 6)))
    pain = data.draw(st.booleans(), label="report pain")
    plan, after, session = reply_to(exercise, history, day, sets, pain)
    assert_one_voice(plan, after, session)
    following = CATALOG.get("hamstring_humps")
    reply = confirmation_text(plan, sets, following)
    assert ("Next up" in reply) != pain
    assert (plan.note is not None and plan.note.kind is NoteKind.PAIN) == pain


@pytest.mark.parametrize(
    ("exercise_id", "left", "right"),
    [
        ("hamstring_humps", (7, 7), (10, 10)),
        ("rxx_clean", (6, 6, 6, 6), (4, 5, 4, 4)),
        ("single_leg_hops_forward_back", (7,), (13,)),
        ("single_leg_rdl_reach", (15, 15, 15), (11, 11, 11)),
    ],
)
def test_doing_what_the_card_says_is_never_called_weaker(
    catalog: ExerciseCatalog, exercise_id: str, left: tuple[int, ...], right: tuple[int, ...]
) -> None:
    """Issue 16: after one uneven session, eight sessions exactly as the card says. Each
    reply says the legs were level, keeps the order, never says "weaker" or "fewer", and
    its number is the next card's."""
    exercise = catalog.get(exercise_id)
    history = [ExerciseResult(MONDAY, exercise_id, {L: left, R: right})]
    for n in range(1, 9):
        day = MONDAY + timedelta(days=2 * n)
        item = prescribe(exercise, history, day)
        plan, after, session = reply_to(
            exercise, history, day, sets_for_mode(item, CARD, 9, 0), False
        )
        assert_one_voice(plan, after, session)
        assert plan.order is not None
        assert plan.order.reason is OrderReason.EVEN_TODAY
        assert plan.step.kind is not ChangeKind.STEP_BACK
        text = " ".join(reply_lines(plan))
        assert "Both legs level today" in text


def test_the_issues_contradictions_do_not_come_back(catalog: ExerciseCatalog) -> None:
    """The examples of issue 16, one by one."""
    humps, hops = catalog.get("hamstring_humps"), catalog.get("hamstring_hops")
    # "Target reached: next time 11 reps … left stops at 10": one number, the card's.
    history = [ExerciseResult(MONDAY, humps.id, {L: (9, 9), R: (10, 10)})]
    plan, after, _ = reply_to(
        humps, history, MONDAY + timedelta(days=2), {L: (10, 10), R: (10, 10)}, False
    )
    said = {int(n) for line in reply_lines(plan) for g in SAID_TARGET.findall(line) for n in g if n}
    assert said == {after.targets[L]} == {after.targets[R]}
    # "humps 8 each side" on a first session -> never "Left was weaker".
    plan, _, _ = reply_to(humps, [], MONDAY, {L: (8, 8), R: (8, 8)}, False)
    assert not re.search("weaker|fewer", " ".join(reply_lines(plan)))
    assert plan.note is not None
    assert plan.note.kind is NoteKind.BASELINE
    # Two-footed hops at the top of the range twice: no legs in the reply.
    history = [ExerciseResult(MONDAY, hops.id, {B: (20, 20)})]
    plan, _, _ = reply_to(hops, history, MONDAY + timedelta(days=2), {B: (20, 20)}, False)
    assert plan.step.kind is ChangeKind.HARDER_VERSION
    assert not LEG_WORDS.search(" ".join(reply_lines(plan)))
    # Until form falters: the count is progress, never "next time N reps".
    vipr = catalog.get("single_leg_hops_forward_back")
    history = [ExerciseResult(MONDAY, vipr.id, {L: (7,), R: (13,)})]
    plan, _, _ = reply_to(vipr, history, MONDAY + timedelta(days=2), {L: (9,), R: (9,)}, False)
    lines = reply_lines(plan)
    assert lines[0].startswith("Your left leg managed 9, up from 7.")
    assert not re.search(r"next time \d", " ".join(lines))
    # A pain report: targets held, nothing about progress.
    plan, _, _ = reply_to(humps, [], MONDAY, {L: (10, 10), R: (10, 10)}, True)
    assert plan.step.kind is ChangeKind.PAIN_HOLD
    assert plan.stop
    assert not PROGRESS_TALK.search(" ".join(reply_lines(plan)))


def test_one_note_at_most_by_priority(catalog: ExerciseCatalog) -> None:
    """Back after a break with the legs far apart twice: the physio note wins over the
    break note; with the legs level after the break, the break note shows."""
    humps = catalog.get("hamstring_humps")
    history = [ExerciseResult(MONDAY, humps.id, {L: (10, 10), R: (5, 5)})]
    day = MONDAY + timedelta(days=10)
    assert prescribe(humps, history, day).break_factor < 1.0
    plan, _, _ = reply_to(humps, history, day, {L: (10, 10), R: (6, 6)}, False)
    assert plan.note is not None
    assert plan.note.kind is NoteKind.PHYSIO
    assert sum("physio" in line for line in reply_lines(plan)) == 1
    history = [ExerciseResult(MONDAY, humps.id, {L: (10, 10), R: (9, 9)})]
    plan, _, _ = reply_to(humps, history, day, {L: (9, 9), R: (9, 9)}, False)
    assert plan.note is not None
    assert plan.note.kind is NoteKind.BREAK
    assert "10 days" in reply_lines(plan)[-1]


def test_the_card_says_what_changed_since_last_time(catalog: ExerciseCatalog) -> None:
    """First card: the baseline; then the humps up and the RXX's order; then the same."""
    first = plan_session(catalog, [], MONDAY)
    assert first.since is not None
    assert first.since.kind is SinceKind.FIRST
    history = [
        ExerciseResult(MONDAY, "hamstring_humps", {L: (8, 8), R: (8, 8)}, session_id=1),
        ExerciseResult(MONDAY, "rxx_clean", {L: (6, 6, 6, 6), R: (4, 5, 4, 4)}, session_id=1),
    ]
    second = plan_session(catalog, history, MONDAY + timedelta(days=2))
    assert second.since is not None
    assert since_text(second.since) == (
        "Since last time: Hamstring humps up to 9; RXX clean: right goes first."
    )
    humps = second.item("hamstring_humps")
    assert humps is not None
    assert humps.targets[L] == 9
    history += [
        ExerciseResult(
            MONDAY + timedelta(days=2), "hamstring_humps", {L: (8, 8), R: (8, 8)}, session_id=2
        )
    ]
    third = plan_session(catalog, history, MONDAY + timedelta(days=4))
    assert third.since is not None
    assert since_text(third.since) == "Same as last time."
    # A strength card has a history of its own: still its first session.
    strength = plan_session(catalog, history, MONDAY + timedelta(days=4), ExerciseKind.STRENGTH)
    assert strength.since is not None
    assert strength.since.kind is SinceKind.FIRST


def test_a_weaker_leg_first_known_is_a_change_worth_a_line(catalog: ExerciseCatalog) -> None:
    """The first uneven humps put the left first, as it was by default; but now the right
    matches it, so the card says the left goes first. The same order again says nothing."""
    history = [ExerciseResult(MONDAY, "hamstring_humps", {L: (7, 7), R: (10, 10)}, session_id=1)]
    second = plan_session(catalog, history, MONDAY + timedelta(days=2))
    assert second.since is not None
    assert since_text(second.since) == "Since last time: Hamstring humps: left goes first."
    history.append(
        ExerciseResult(
            MONDAY + timedelta(days=2), "hamstring_humps", {L: (7, 7), R: (7, 7)}, session_id=2
        )
    )
    third = plan_session(catalog, history, MONDAY + timedelta(days=4))
    assert third.since is not None
    assert since_text(third.since) == "Same as last time."


def test_after_a_break_the_card_does_not_say_same_as_last_time(catalog: ExerciseCatalog) -> None:
    """The welcome-back line says today is easier; "Same as last time" would contradict it."""
    history = [ExerciseResult(MONDAY, "hamstring_hops", {B: (20, 20)}, session_id=1)]
    plan = plan_session(catalog, history, MONDAY + timedelta(days=10))
    assert plan.since is not None
    assert plan.since.kind is SinceKind.AFTER_BREAK
    assert since_text(plan.since) is None
    changed = since_last_time(plan.items, history, plan.day)
    assert changed == plan.since


@pytest.mark.parametrize(
    ("number", "measure", "far", "typo"),
    [
        (150, 10, True, 15),  # the issue's example: a key too many
        (99, 10, True, 9),  # a doubled digit
        (100, 20, True, 10),  # hops: a doubled zero
        (88, 10, True, 8),
        (45, 10, True, 4),  # the last digit goes first when nothing is doubled
        (30, 10, False, None),  # three times exactly: not far
        (31, 10, True, 3),
        (25, 6, True, 2),  # RXX 6: more than 18 and more than 21
        (21, 6, False, None),
        (40, 20, False, None),  # hops: twice the target is a good day, not a typo
        (61, 20, True, 6),
        (105, 9, True, 10),
        (507, 9, True, None),  # 50 and 57 are far, 07 has a leading zero: no candidate
        (200, 1, True, None),  # nothing sensible left: confirm or cancel only
    ],
)
def test_far_numbers_and_their_likely_typo(
    number: int, measure: int, far: bool, typo: int | None
) -> None:
    assert is_far(number, measure) is far
    if far:
        assert likely_typo(number, measure) == typo


def test_a_report_is_doubted_against_what_the_card_asked(catalog: ExerciseCatalog) -> None:
    """150 on the humps (target 9, top 10): did you mean 15? Every far number of the
    report is corrected; a report within reach is not doubted; until form falters the
    count last time is the measure, and with none the other leg's count today."""
    humps = catalog.get("hamstring_humps")
    item = prescribe(humps, [ExerciseResult(MONDAY, humps.id, {L: (8, 8), R: (8, 8)})], MONDAY)
    assert item.targets[L] == 9
    doubt = doubt_about({L: (150, 150), R: (9, 9)}, item)
    assert doubt is not None
    assert (doubt.number, doubt.leg, doubt.target, doubt.suggestion) == (150, L, 9, 15)
    assert doubt.corrected == {L: (15, 15), R: (9, 9)}
    assert doubt_about({L: (12, 12), R: (30, 9)}, item) is None
    hops = catalog.get("single_leg_hops_forward_back")
    first = doubt_about({L: (150,), R: (11,)}, prescribe(hops, [], MONDAY))
    assert first is not None  # no count last time: measured against the other leg today
    assert (first.number, first.leg, first.target, first.suggestion) == (150, L, 11, 15)
    assert first.basis is Basis.OTHER_LEG
    assert doubt_about({L: (15,), R: (11,)}, prescribe(hops, [], MONDAY)) is None
    assert doubt_about({L: (150,), R: (140,)}, prescribe(hops, [], MONDAY)) is None
    after = prescribe(hops, [ExerciseResult(MONDAY, hops.id, {L: (7,), R: (9,)})], MONDAY)
    doubt = doubt_about({L: (70,), R: (7,)}, after)
    assert doubt is not None
    assert (doubt.target, doubt.suggestion, doubt.basis) == (7, 7, Basis.LAST_TIME)
    curl = catalog.get("swiss_ball_hamstring_curl")
    doubt = doubt_about({B: (190, 15, 15)}, prescribe(curl, [], MONDAY))
    assert doubt is not None
    assert doubt.suggestion == 19


def test_a_mild_pain_check_holds_without_ending_the_session(catalog: ExerciseCatalog) -> None:
    """A report in a session whose pre-run check was mild, with no pain in the text:
    the targets are held and nothing is said of progress, but the session goes on."""
    humps = catalog.get("hamstring_humps")
    before = prescribe(humps, [], MONDAY)
    mild = ExerciseResult(MONDAY, humps.id, {L: (10, 10), R: (10, 10)}, pain_check=PainCheck.MILD)
    after = prescribe(humps, [mild], MONDAY)
    plan = decide_reply(before, after, mild, pain=False)
    assert plan.step.kind is ChangeKind.PAIN_HOLD
    assert not plan.stop
    assert plan.note is None
    lines = reply_lines(plan)
    assert lines == [
        "A day with pain doesn't count for progress: your targets stay where they are."
    ]
    assert "Next up: Hamstring hops." in confirmation_text(
        plan, mild.sets, catalog.get("hamstring_hops")
    )
