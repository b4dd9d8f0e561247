"""The command menu: one list feeds both /help and Telegram's command menu (setMyCommands)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class CommandInfo:
    """A command as the runner sees it in the menu and in /help."""

    name: str
    description: str


COMMAND_MENU: tuple[CommandInfo, ...] = (
    CommandInfo("start", "Meet the coach and get set up"),
    CommandInfo("warmup", "Get your pre-run warm-up now"),
    CommandInfo("strength", "Get a strength session for a day without a run"),
    CommandInfo("undo", "Remove your last rep report"),
    CommandInfo("progress", "Chart your left vs right leg for one exercise"),
    CommandInfo("history", "Your last sessions and reports"),
    CommandInfo("settings", "Show your run days, time, time zone and next warm-up"),
    CommandInfo("schedule", "Set run days and time, e.g. /schedule mon wed fri 07:00"),
    CommandInfo("timezone", "Set your time zone, e.g. /timezone London"),
    CommandInfo("lead", "Minutes before the run for the warm-up, e.g. /lead 15"),
    CommandInfo("run", "Add a single run, e.g. /run today 18:30 or /run sat 9am"),
    CommandInfo("skip", "Skip the next planned warm-up"),
    CommandInfo("pause", "Pause scheduled warm-ups"),
    CommandInfo("resume", "Turn scheduled warm-ups back on"),
    CommandInfo("summary", "Weekly summary day, e.g. /summary sun, or /summary off"),
    CommandInfo("kit", "Tell me your kit (ViPR, dumbbells, barbell, balls)"),
    CommandInfo("exercises", "Browse every exercise and how to do it"),
    CommandInfo("how", "Explain an exercise, e.g. /how hamstring humps"),
    CommandInfo("export", "Download your whole log (CSV) and settings (JSON)"),
    CommandInfo("delete", "Delete everything I know about you"),
    CommandInfo("help", "List what I can do"),
)
