"""The operator's /stats: counts about the service, for the Telegram users in ADMIN_IDS only.

To anyone else /stats does not exist: they get the same answer as for any unknown
command, so the command reveals nothing, and the attempt is logged.
"""

from __future__ import annotations

import logging

from telegram import Update
from telegram.ext import CommandHandler

from handlers.context import CoachApplication, CoachContext
from handlers.fallback import unknown_command_text
from handlers.i18n import _, ngettext
from library.deliveries import DeliveryStatus
from storage.stats import ServiceStats, service_stats

_LOGGER = logging.getLogger(__name__)


def stats_text(stats: ServiceStats) -> str:
    """The figures as one short message."""
    waiting = stats.deliveries.get(DeliveryStatus.PENDING, 0)
    claimed = stats.deliveries.get(DeliveryStatus.CLAIMED, 0)
    failed = stats.deliveries.get(DeliveryStatus.FAILED, 0)
    missed = stats.deliveries.get(DeliveryStatus.MISSED, 0)
    # TRANSLATORS: /stats, for admins.
    runners = ngettext("{count} runner", "{count} runners", stats.reporting_recently)
    reports = ngettext("{count} report", "{count} reports", stats.reports_recently)
    return "\n".join(
        [
            _("<b>Service stats</b>"),
            _("Runners: {runners} ({scheduled} with a schedule, {paused} paused)").format(
                runners=stats.runners, scheduled=stats.scheduled, paused=stats.paused
            ),
            _(
                "Reporting in the last 7 days: {runners}, {reports} ({today} in the last 24 h)"
            ).format(
                runners=runners.format(count=stats.reporting_recently),
                reports=reports.format(count=stats.reports_recently),
                today=stats.reports_today,
            ),
            _("Warm-ups and summaries sent in the last 24 h: {sent}").format(sent=stats.sent_today),
            _(
                "Deliveries waiting: {waiting}, being sent: {claimed}, overdue by 5+ min: {overdue}"
            ).format(waiting=waiting, claimed=claimed, overdue=stats.overdue),
            _(
                "Never sent: {missed} missed (run already started), {failed} refused (blocked)"
            ).format(missed=missed, failed=failed),
        ]
    )


async def stats(update: Update, context: CoachContext) -> None:
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return
    services = context.services
    if user.id not in services.admin_ids:
        _LOGGER.warning("/stats refused user=%s (not in ADMIN_IDS)", user.id)
        await message.reply_html(unknown_command_text("/stats"))
        return
    figures = await service_stats((await context.turn.uow()).session, services.clock())
    await message.reply_html(stats_text(figures))


def register(application: CoachApplication) -> None:
    application.add_handler(CommandHandler("stats", stats))
