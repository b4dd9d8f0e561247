"""The Mini App's page in German and in Russian (issue 20: it "works in every language the
bot speaks"), over the real bot in a headless Chromium: a runner who logged their reports
in their own language through the chat opens the page and reads its labels, exercises,
history, plan and dates in that language, with their numbers, and none of the English
labels; a plan edit typed in German is answered in German and stored.

The expected texts are written out as the catalogues have them
(handlers/locales/<code>/LC_MESSAGES/coachbot.po, and the exercise names of
library/data/exercises.<code>.toml), never asked of the code under test.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import timedelta

import pytest

from bot.standin import BotApiStandIn, StandInUser
from bot.webapp import WebAppServer
from storage import Database
from tests.browser import browser, dump_dom
from tests.helpers import ManualClock, init_data, signed_for, type_and_save, visible_text

pytestmark = pytest.mark.browser

NBSP = "\u00a0"

# The page's English labels (handlers/dashboard.py's msgids and the exercises' English
# names): none of them may show on a German or Russian page, nor in its fields' hints.
ENGLISH = (
    "Your training",
    "Progress",
    "History",
    "Left",
    "Right",
    "Symmetry",
    "Hamstring",
    "Warm-up",
    "done",
    "Delete",
    "The last 30 days",
    "Runs each week",
    "No weekly runs",
    "One-off runs",
    "No one-off runs",
    "Warm-up arrives",
    "before the run",
    "Time zone",
    "Weekly summary",
    "Sunday",
    "Save",
    "Training log",
    "Settings",
    "Pause warm-ups",
    "Add run",
    "Minutes before the run",
    "City or time zone",
    "Days and times",
    "Day and time",
)


async def train(
    standin: BotApiStandIn,
    clock: ManualClock,
    user: StandInUser,
    sessions: list[list[str]],
    logged: str,
) -> None:
    """A warm-up for each list of reports, each report confirmed with ``logged`` (the
    language's "Logged"); the clock moves on two days after each session."""
    for reports in sessions:
        standin.send_text(user, "/warmup")
        await standin.replies(user)
        for report in reports:
            standin.send_text(user, report)
            [reply] = await standin.replies(user)
            assert reply.plain.startswith("✅"), reply.plain
            assert logged in reply.plain, reply.plain
        clock.advance(timedelta(days=2))


def sections(dom: str) -> dict[str, str]:
    """The visible text of each of the page's sections (progress, history, plan,
    export), the tabs' row as "tabs"."""
    found = {
        name: html.unescape(visible_text(part)).strip()
        for name, part in re.findall(r'(?s)<section id="(\w+)"[^>]*>(.*?)</section>', dom)
    }
    [tabs] = re.findall(r'(?s)<nav id="tabs">(.*?)</nav>', dom)
    found["tabs"] = html.unescape(visible_text(tabs)).strip()
    return found


def hints(dom: str) -> list[str]:
    """The placeholders of the page's fields, in the page's order."""
    return [html.unescape(hint) for hint in re.findall(r'placeholder="([^"]*)"', dom)]


def shows_no_english(dom: str) -> None:
    text = " ".join([html.unescape(visible_text(dom)), *hints(dom)])
    for english in ENGLISH:
        assert english not in text, english


@dataclass(frozen=True)
class Speaker:
    """A runner of one language, what they type in the chat, and what their page says."""

    user: StandInUser
    chooses: str | None  # a /language command, or None: their Telegram app's language
    sessions: list[list[str]]  # the reports of each warm-up, as they type them
    logged: str  # the chat's "Logged" in their language
    language: str
    title: str
    tabs: list[str]
    progress: tuple[str, ...]
    history: tuple[str, ...]
    delete: str
    plan: tuple[str, ...]
    export: str
    hints: list[str]  # the plan's fields' placeholders: week, one-off run, lead, time zone


GERMAN = Speaker(
    # Telegram's app in English, German chosen with /language: the runner's choice wins.
    user=StandInUser(id=6001, first_name="Jana"),
    chooses="/language de",
    sessions=[
        ["Humps links 8 8 rechts 10 10", "Federsprünge 20 20"],
        ["Humps links 9 9 rechts 10 10"],
    ],
    logged="eingetragen",
    language="de",
    title="Dein Training",
    tabs=["Fortschritt", "Verlauf", "Plan", "Export"],
    progress=(
        "Fortschritt ",
        "Fußgelenksprünge",
        "Sprünge mit Kniehub",
        f"Sprünge mit Kniehub: 2 Einheiten, Symmetrie 80{NBSP}% → 90{NBSP}% "
        "(der Unterschied wird kleiner, links schwächer).",
        "Links Rechts Symmetrie",  # the legend and the table's head
        "25 Nov. 9 10 90",  # the table, newest first: date, left, right, symmetry
        "23 Nov. 8 10 80",
    ),
    history=(
        "Verlauf Die letzten 30 Tage. Im Export steht alles.",
        "Mi. 25 Nov., 06:30 · Aufwärmen · offen",
        "Mo. 23 Nov., 06:30 · Aufwärmen · erledigt",
        "Links 9, 9 · Rechts 10, 10",
        "Links 8, 8 · Rechts 10, 10",
        "Fußgelenksprünge : 20, 20",
    ),
    delete="Löschen",
    plan=(
        "Aufwärmen aktiv Aufwärmen pausieren",
        "Läufe pro Woche Noch keine wöchentlichen Läufe eingerichtet.",
        "Einzelne Läufe Keine einzelnen Läufe geplant. Lauf hinzufügen",
        "Aufwärmen kommt 15 Minuten vor dem Lauf",
        "Zeitzone Europe/London",
        "Wochenrückblick Sonntag Montag Dienstag",
        "Sprache 🇩🇪 Deutsch",
        "Speichern",
    ),
    export="Trainingsprotokoll (CSV) Einstellungen (JSON)",
    hints=[
        "Tage und Uhrzeiten, z. B. Di Do 06:30",
        "Tag und Uhrzeit, z. B. Sa 09:00 oder morgen 7 Uhr",
        "Minuten vor dem Lauf",
        "Stadt oder Zeitzone",
    ],
)

RUSSIAN = Speaker(
    # Telegram's app in Russian: the runner is registered in Russian by their first message.
    user=StandInUser(id=6002, first_name="Ольга", language_code="ru"),
    chooses=None,
    sessions=[["хампы левая 8 8 правая 10 10", "подскоки 20 20"], ["хампы левая 9 9 правая 10 10"]],
    logged="Записано",
    language="ru",
    title="Твои тренировки",
    tabs=["Прогресс", "История", "План", "Экспорт"],
    progress=(
        "Прогресс ",
        "Пружинящие подскоки на двух ногах",
        "Прыжки с выносом колена",
        f"Прыжки с выносом колена: 2 тренировки, симметрия 80{NBSP}% → 90{NBSP}% "
        "(разница сокращается, левая слабее).",
        "Левая Правая Симметрия",
        "25 нояб. 9 10 90",
        "23 нояб. 8 10 80",
    ),
    history=(
        "История Последние 30 дней. В экспорте есть всё.",
        "ср 25 нояб., 06:30 · Разминка · открыта",
        "пн 23 нояб., 06:30 · Разминка · выполнена",
        "Левая 9, 9 · Правая 10, 10",
        "Левая 8, 8 · Правая 10, 10",
        "Пружинящие подскоки на двух ногах : 20, 20",
    ),
    delete="Удалить",
    plan=(
        "Разминки включены Поставить на паузу",
        "Пробежки на неделе Еженедельные пробежки пока не заданы.",
        "Разовые пробежки Разовых пробежек впереди нет. Добавить пробежку",
        "Разминка приходит за 15 минут до пробежки",
        "Часовой пояс Europe/London",
        "Итоги недели воскресенье понедельник вторник",
        "Язык 🇷🇺 Русский",
        "Сохранить",
    ),
    export="Журнал тренировок (CSV) Настройки (JSON)",
    hints=[
        "Дни и время, например, вт чт 06:30",
        "День и время, например, сб 09:00 или завтра в 7",
        "Минут до пробежки",
        "Город или часовой пояс",
    ],
)


@pytest.mark.backends("sqlite")
@pytest.mark.parametrize("speaker", [GERMAN, RUSSIAN], ids=["de", "ru"])
async def test_a_runner_reads_the_page_in_their_language(
    chromium: str,
    served: WebAppServer,
    standin: BotApiStandIn,
    clock: ManualClock,
    speaker: Speaker,
) -> None:
    user = speaker.user
    if speaker.chooses is not None:
        standin.send_text(user, speaker.chooses)
        await standin.replies(user)
    await train(standin, clock, user, speaker.sessions, speaker.logged)

    data = init_data(clock, user.id, user.first_name, language=user.language_code)
    dom = await dump_dom(served.local_url(data))
    assert f'lang="{speaker.language}"' in dom
    assert f"<title>{speaker.title}</title>" in dom
    page = sections(dom)
    assert page["tabs"].split() == speaker.tabs
    assert page["progress"].startswith(speaker.progress[0])
    for shown in speaker.progress:
        assert shown in page["progress"], shown
    assert page["history"].startswith(speaker.history[0])
    for shown in speaker.history:
        assert shown in page["history"], shown
    assert page["history"].count(speaker.delete) == 3  # a button for each report
    for shown in speaker.plan:
        assert shown in page["plan"], shown
    assert speaker.export in page["export"]
    assert hints(dom) == speaker.hints
    shows_no_english(dom)


async def lead_of(database: Database, user: StandInUser) -> int:
    async with database.unit_of_work() as uow:
        profile = await uow.users.get(user.id)
    assert profile is not None
    return profile.lead_minutes


@pytest.mark.backends("sqlite")
async def test_a_lead_typed_in_german_is_answered_in_german_and_stored(
    chromium: str,
    served: WebAppServer,
    standin: BotApiStandIn,
    clock: ManualClock,
    database: Database,
) -> None:
    jana = StandInUser(id=6001, first_name="Jana", language_code="de")
    standin.send_text(jana, "/language de")
    [changed] = await standin.replies(jana)
    assert changed.plain.startswith("Erledigt: Ab jetzt schreibe ich dir auf Deutsch.")
    assert await lead_of(database, jana) == 15
    async with browser() as chrome:
        page = await chrome.open(served.local_url(signed_for(jana, clock)))
        await page.wait_for("document.querySelector('form.edit[data-field=lead]')")
        await page.evaluate("document.querySelector('nav button[data-tab=plan]').click()")

        await page.evaluate(type_and_save("lead", "20 Minuten"))  # the German minute word
        answer = await page.wait_for("document.getElementById('message-lead')?.textContent")
        assert answer == (
            f"Das Aufwärmen kommt jetzt 20{NBSP}Min. vor deinem Lauf.\n"
            "Noch kein Aufwärmen geplant – leg deine Läufe mit /schedule fest."
        )
        plan = await page.evaluate("document.getElementById('plan').innerText")
        assert "20 Minuten vor dem Lauf" in plan
        assert await page.evaluate("document.getElementById('edit-lead').value") == "20"
        assert await lead_of(database, jana) == 20

        await page.evaluate(type_and_save("lead", "500"))
        refused = await page.wait_for("document.querySelector('#message-lead.error')?.textContent")
        assert refused == (
            f"Gib die Minuten vor deinem Lauf an, von 5 bis 120, z.{NBSP}B. „15“.\n"
            f"Wie viele Minuten vor dem Lauf soll das Aufwärmen kommen? Z.{NBSP}B. /lead 15"
            " (5 bis 120)."
        )
        assert "minutes" not in refused
        assert await page.evaluate("document.documentElement.lang") == "de"
    assert await lead_of(database, jana) == 20


@pytest.mark.backends("sqlite")
@pytest.mark.parametrize(
    ("chooses", "report", "row", "tooltip"),
    [
        (None, "humps left 9 10 right 11 11", "9.5 11 86.4%", "Symmetry: 86.4%"),
        (
            "/language de",
            "Humps links 9 10 rechts 11 11",
            f"9,5 11 86,4{NBSP}%",
            f"Symmetrie: 86,4{NBSP}%",
        ),
        (
            "/language ru",
            "хампы левая 9 10 правая 11 11",
            f"9,5 11 86,4{NBSP}%",
            f"Симметрия: 86,4{NBSP}%",
        ),
    ],
    ids=["en", "de", "ru"],
)
async def test_numbers_are_written_as_the_runner_s_language_writes_them(
    chromium: str,
    served: WebAppServer,
    standin: BotApiStandIn,
    clock: ManualClock,
    chooses: str | None,
    report: str,
    row: str,
    tooltip: str,
) -> None:
    """Left 9 and 10 (9.5 a set) against 11 and 11: symmetry 86.4%, with the decimal
    comma and the spaced percent sign in German and Russian."""
    runner = StandInUser(id=6003, first_name="Kim")
    if chooses is not None:
        standin.send_text(runner, chooses)
        await standin.replies(runner)
    standin.send_text(runner, "/warmup")
    await standin.replies(runner)
    standin.send_text(runner, report)
    [logged] = await standin.replies(runner)
    assert logged.plain.startswith("✅"), logged.plain
    async with browser() as chrome:
        page = await chrome.open(served.local_url(signed_for(runner, clock)))
        cells = await page.wait_for(
            "document.querySelector('table.sessions tbody tr') && [...document.querySelectorAll"
            "('table.sessions tbody tr:first-child td')].slice(1).map((cell) => cell.textContent)"
        )
        assert " ".join(cells) == row
        titles = await page.evaluate(
            "[...document.querySelectorAll('svg circle.lsi title')].map((t) => t.textContent)"
        )
        assert len(titles) == 1
        assert titles[0].endswith(tooltip), titles
