"""The chat's menus: the command list that feeds both /help and Telegram's command menu
(setMyCommands), and the menu button that opens the Mini App (setChatMenuButton)."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from telegram import Bot, MenuButtonWebApp, WebAppInfo
from telegram.error import TelegramError

from handlers.i18n import N_, _

# TRANSLATORS: the menu button beside the chat's text field that opens the dashboard.
MENU_BUTTON = N_("📊 Dashboard")
_LOGGER = logging.getLogger(__name__)


def menu_button_text() -> str:
    """The menu button's label, in the current language."""
    return _(MENU_BUTTON)


async def publish_menu_button(bot: Bot, url: str | None, chat_id: int | None = None) -> None:
    """Make the menu button beside the text field open the Mini App at ``url`` (nothing
    without one), labelled in the current language: every chat's default (``chat_id``
    None; the Bot API has no default per language) or one chat's own, in its runner's
    language. A refusal is logged: the chat works without it, /progress has the button."""
    if url is None:
        return
    button = MenuButtonWebApp(menu_button_text(), WebAppInfo(url))
    try:
        await bot.set_chat_menu_button(chat_id=chat_id, menu_button=button)
    except TelegramError:
        _LOGGER.exception("could not set the menu button of chat %s", chat_id or "(default)")


@dataclass(frozen=True, slots=True)
class CommandInfo:
    """A command as the runner sees it in the menu and in /help."""

    name: str
    description: str  # English, marked with N_: translate with _() where it is shown


# The descriptions are sent to Telegram (setMyCommands) and listed by /help, each in the
# runner's language: _(command.description) where shown. Command names stay as they are.
COMMAND_MENU: tuple[CommandInfo, ...] = (
    # TRANSLATORS: a command's description in Telegram's command menu and in /help (at most
    # 256 characters). Command names (/schedule) stay as they are; the words in an example
    # may be your language's (the coach reads day names in it).
    CommandInfo("start", N_("Meet the coach and get set up")),
    CommandInfo("warmup", N_("Get your pre-run warm-up now")),
    CommandInfo("strength", N_("Get a strength session for a day without a run")),
    CommandInfo("undo", N_("Remove your last rep report")),
    CommandInfo("progress", N_("Chart your left vs right leg for one exercise")),
    CommandInfo("history", N_("Your last sessions and reports")),
    CommandInfo("settings", N_("Show your run days, time, time zone and next warm-up")),
    CommandInfo("schedule", N_("Set run days and time, e.g. /schedule mon wed fri 07:00")),
    CommandInfo("timezone", N_("Set your time zone, e.g. /timezone London")),
    CommandInfo("lead", N_("Minutes before the run for the warm-up, e.g. /lead 15")),
    CommandInfo("run", N_("Add a single run, e.g. /run today 18:30 or /run sat 9am")),
    CommandInfo("skip", N_("Skip the next planned warm-up")),
    CommandInfo("pause", N_("Pause scheduled warm-ups")),
    CommandInfo("resume", N_("Turn scheduled warm-ups back on")),
    CommandInfo("summary", N_("Weekly summary day, e.g. /summary sun, or /summary off")),
    CommandInfo("kit", N_("Tell me your kit (ViPR, dumbbells, barbell, balls)")),
    CommandInfo("exercises", N_("Browse every exercise and how to do it")),
    CommandInfo("how", N_("Explain an exercise, e.g. /how hamstring humps")),
    CommandInfo("export", N_("Download your whole log (CSV) and settings (JSON)")),
    CommandInfo("delete", N_("Delete everything I know about you")),
    CommandInfo("help", N_("List what I can do")),
)
