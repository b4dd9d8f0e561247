"""Telegram's side of a webhook: POST each update to the bot's URL, in order, until it takes it."""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
from collections.abc import Callable
from urllib.parse import urlsplit

import aiohttp

from bot.standin.models import JsonDict, WebhookDelivery
from bot.standin.updates import Updates
from bot.standin.waiting import Activity

SECRET_TOKEN_HEADER = "X-Telegram-Bot-Api-Secret-Token"
# How long the stand-in waits for the bot's webhook to answer one update (Telegram: about 60 s).
WEBHOOK_TIMEOUT_SECONDS = 10.0


def _is_loopback(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class WebhookPoster:
    """The webhook the bot set (``settings``: url and secret_token, empty when none) and
    the task that posts pending updates to it, one at a time, with the secret token
    header; an update the bot does not take with a 2xx is posted again after
    ``retry_delay`` seconds. Every attempt is recorded in ``deliveries``."""

    def __init__(
        self,
        updates: Updates,
        activity: Activity,
        now: Callable[[], float],
        *,
        retry_delay: float,
    ) -> None:
        self.settings: JsonDict = {}
        self.retry_delay = retry_delay
        self.deliveries: list[WebhookDelivery] = []
        self._updates = updates
        self._activity = activity
        self._now = now
        self._task: asyncio.Task[None] | None = None

    def set(self, url: str, secret_token: object) -> None:
        """setWebhook: post to ``url`` from now on. Like the real Bot API, an empty url
        removes the webhook and getUpdates works again."""
        self.settings = {"url": url, "secret_token": secret_token} if url else {}
        if url and (self._task is None or self._task.done()):
            self._task = asyncio.get_running_loop().create_task(
                self._deliver_updates(), name="standin-webhook-delivery"
            )

    def delete(self) -> None:
        """deleteWebhook: the posting task sees there is no webhook any more and ends."""
        self.settings = {}

    def info(self) -> JsonDict:
        """What getWebhookInfo reports: the URL, pending updates and the last failure."""
        info: JsonDict = {
            "url": self.settings.get("url", ""),
            "has_custom_certificate": False,
            "pending_update_count": len(self._updates.pending),
        }
        last = self.deliveries[-1] if self.deliveries else None
        if info["url"] and last is not None and not last.ok:
            info["last_error_date"] = int(last.at)
            info["last_error_message"] = last.error
        return info

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def _deliver_updates(self) -> None:
        timeout = aiohttp.ClientTimeout(total=WEBHOOK_TIMEOUT_SECONDS)
        async with aiohttp.ClientSession(timeout=timeout) as session:
            while not self._activity.closing and self.settings.get("url"):
                if not self._updates.pending:
                    await self._activity.next_change(1.0)
                    continue
                update = self._updates.pending[0]
                if await self._post(session, update):
                    self._updates.confirm_delivered(update)
                else:
                    await asyncio.sleep(self.retry_delay)

    async def _post(self, session: aiohttp.ClientSession, update: JsonDict) -> bool:
        url = str(self.settings["url"])
        headers = {}
        if self.settings.get("secret_token"):
            headers[SECRET_TOKEN_HEADER] = str(self.settings["secret_token"])
        status: int | None = None
        error: str | None = None
        self._activity.in_flight += 1
        try:
            if not _is_loopback(url):
                # A stand-in never leaves this machine, whatever URL a test set.
                error = "Connection failed: the stand-in only posts to loopback addresses"
            else:
                async with session.post(url, json=update, headers=headers) as response:
                    status = response.status
                    await response.read()
                if not 200 <= status < 300:
                    error = f"Wrong response from the webhook: {status} {response.reason}"
        except (aiohttp.ClientError, TimeoutError) as failure:
            error = f"Connection failed: {type(failure).__name__}"
        finally:
            self._activity.in_flight -= 1
        delivery = WebhookDelivery(update["update_id"], url, status, error, self._now())
        self.deliveries.append(delivery)
        self._activity.touch()
        return delivery.ok


__all__ = ["SECRET_TOKEN_HEADER", "WEBHOOK_TIMEOUT_SECONDS", "WebhookPoster"]
