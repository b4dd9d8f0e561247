"""The Mini App's web server (docs/webapp.md): the page at /app and its JSON API under /api/.

An aiohttp application the bot process runs beside polling or the webhook (started in
post_init, stopped at shutdown) when WEBAPP_PORT is set, and the console on a free port.
This module does HTTP and proves who is asking: every ``/api/`` request must carry
``Authorization: tma <initData>`` that :func:`library.init_data.validate_init_data`
accepts for this bot's token, else ``401 {"error": "unauthorized"}``. The answers are
built by ``handlers/dashboard.py`` for the validated user only, in a unit of work of
their own.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Awaitable, Callable
from datetime import timedelta
from functools import partial
from pathlib import Path
from urllib.parse import quote

from aiohttp import web
from telegram import Bot

from handlers import dashboard, plan_edit
from handlers.context import Services
from handlers.i18n import speaking
from handlers.menu import publish_menu_button
from library.init_data import InitDataProblem, WebAppUser, validate_init_data

STATIC_DIR = Path(__file__).with_name("webapp_static")
PAGE = "app.html"
AUTH_SCHEME = "tma "
_STATIC_NAME = re.compile(r"[A-Za-z0-9_-][A-Za-z0-9._-]{0,99}")
_REPORT_IDS = re.compile(rf"[0-9]{{1,18}}(,[0-9]{{1,18}}){{0,{dashboard.MAX_DELETE_IDS - 1}}}")
_NO_STORE = {"Cache-Control": "no-store"}
MAX_VALUE = 4096  # a plan field's value: at most what a chat message can hold
USER = web.RequestKey("webapp_user", WebAppUser)  # the user a request's initData proves
_LOGGER = logging.getLogger(__name__)
_dumps = partial(json.dumps, ensure_ascii=False)
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def _json(data: object, status: int = 200) -> web.Response:
    response = web.json_response(data, status=status, dumps=_dumps, headers=_NO_STORE)
    response.enable_compression()  # gzip or deflate when the browser takes it: a phone's link
    return response


def _unauthorized() -> web.Response:
    return _json({"error": "unauthorized"}, status=401)


class WebAppServer:
    """The page and the API for one bot: its token proves initData, its services answer."""

    def __init__(
        self,
        services: Services,
        token: str,
        *,
        max_age: timedelta = timedelta(hours=1),
        static_dir: Path = STATIC_DIR,
        bot: Bot | None = None,
    ) -> None:
        self.services = services
        self.bot = bot  # sets a runner's menu button in the language they choose here
        self._token = token
        self.max_age = max_age
        self.static_dir = static_dir
        self.host: str | None = None
        self.port: int | None = None
        self._runner: web.AppRunner | None = None

    # ----------------------------------------------------------------- lifecycle
    def app(self) -> web.Application:
        """The aiohttp application (tests may serve it with aiohttp's test client)."""
        app = web.Application(middlewares=[self._guard], client_max_size=64 * 1024)
        app.router.add_get("/app", self._page)
        app.router.add_get("/app/", self._page)
        app.router.add_get("/app/static/{name}", self._static)
        app.router.add_get("/api/dashboard", self._dashboard)
        app.router.add_delete("/api/reports/{ids}", self._delete)
        app.router.add_delete("/api/runs/{id:[0-9]{1,18}}", self._cancel_run)
        fields = "|".join(plan_edit.FIELDS)
        app.router.add_post(f"/api/plan/{{field:(?:{fields})}}", self._edit_plan)
        app.router.add_get("/api/export/log.csv", self._export_log)
        app.router.add_get("/api/export/settings.json", self._export_settings)
        return app

    async def start(self, host: str, port: int) -> int:
        """Listen on ``host``:``port`` (0: a free port); returns the port."""
        runner = web.AppRunner(self.app(), access_log=None, handle_signals=False)
        await runner.setup()
        try:
            await web.TCPSite(runner, host, port).start()
        except BaseException:
            await runner.cleanup()
            raise
        self._runner = runner
        self.host = host
        self.port = int(runner.addresses[0][1])
        _LOGGER.info("the Mini App is served at http://%s:%d/app", host, self.port)
        return self.port

    async def stop(self) -> None:
        runner, self._runner = self._runner, None
        if runner is not None:
            await runner.cleanup()

    @property
    def running(self) -> bool:
        return self._runner is not None

    def local_url(self, init_data: str | None = None) -> str:
        """The page's address on this machine, with ``init_data`` in the fragment as
        Telegram passes it (``#tgWebAppData=…``)."""
        if self.port is None:
            raise RuntimeError("the web server is not running")
        host = self.host or "127.0.0.1"
        if host in ("0.0.0.0", "::"):
            host = "127.0.0.1"
        url = f"http://{host}:{self.port}/app"
        if init_data is not None:
            url += "#tgWebAppData=" + quote(init_data, safe="")
        return url

    # ----------------------------------------------------------------- who is asking
    def user_of(self, request: web.Request) -> WebAppUser | InitDataProblem | None:
        """The user the request's initData proves, the problem with it, or None without
        a ``tma`` Authorization header."""
        header = request.headers.get("Authorization", "")
        if header[: len(AUTH_SCHEME)].lower() != AUTH_SCHEME:
            return None
        result = validate_init_data(
            header[len(AUTH_SCHEME) :].strip(),
            self._token,
            now=self.services.clock(),
            max_age=self.max_age,
        )
        return result.user if result.user is not None else result.problem

    @web.middleware
    async def _guard(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        """Every /api/ request proves who is asking first, whatever its route; answers
        of the API are never cached; errors there are JSON."""
        if not request.path.startswith("/api/"):
            return await handler(request)
        found = self.user_of(request)
        if not isinstance(found, WebAppUser):
            if found is not None:
                _LOGGER.info("Mini App request refused: %s", found.value)
            return _unauthorized()
        request[USER] = found
        try:
            response = await handler(request)
        except web.HTTPException as error:
            return _json({"error": error.reason.lower()}, status=error.status)
        response.headers.update(_NO_STORE)
        return response

    @staticmethod
    def _user(request: web.Request) -> WebAppUser:
        return request[USER]

    # ----------------------------------------------------------------- the page
    def _file(self, name: str) -> web.StreamResponse:
        path = self.static_dir / name
        if not _STATIC_NAME.fullmatch(name) or not path.is_file():
            raise web.HTTPNotFound()
        response = web.FileResponse(path, headers={"Cache-Control": "no-cache"})
        response.enable_compression()
        return response

    async def _page(self, request: web.Request) -> web.StreamResponse:
        return self._file(PAGE)

    async def _static(self, request: web.Request) -> web.StreamResponse:
        return self._file(request.match_info["name"])

    # ----------------------------------------------------------------- the API
    async def _dashboard(self, request: web.Request) -> web.StreamResponse:
        services = self.services
        async with services.database.unit_of_work() as uow:
            answer = await dashboard.dashboard(
                uow, services.catalog, self._user(request), services.clock()
            )
        return _json(answer)

    async def _delete(self, request: web.Request) -> web.StreamResponse:
        text = request.match_info["ids"]
        user = self._user(request)
        if not _REPORT_IDS.fullmatch(text):
            async with self.services.database.unit_of_work() as uow:
                refused = await dashboard.delete_reports(uow, user, [])
            return _json({"ok": False, "message": refused.message}, status=400)
        ids = [int(part) for part in text.split(",")]
        async with self.services.database.unit_of_work() as uow:
            deletion = await dashboard.delete_reports(uow, user, ids)
        return _json(
            {"ok": deletion.found, "message": deletion.message},
            status=200 if deletion.found else 404,
        )

    async def _edit_plan(self, request: web.Request) -> web.StreamResponse:
        """POST /api/plan/{field} {"value": "…"}: the chat command's change and reply,
        then the dashboard as changed; 400 and nothing changed for a bad value."""
        services = self.services
        value, choice = await _value_of(request)
        user, field = self._user(request), request.match_info["field"]
        async with services.database.unit_of_work() as uow:
            edit = await plan_edit.edit_plan(uow, user, field, value, services.clock(), choice)
        if field == "language" and edit.runner is not None and self.bot is not None:
            with speaking(edit.runner.language):  # the chat's menu button in it too
                await publish_menu_button(self.bot, services.webapp_url, user.id)
        return await self._edited(request, edit)

    async def _cancel_run(self, request: web.Request) -> web.StreamResponse:
        """DELETE /api/runs/{id}: /settings' ❌ for one of the runner's one-off runs."""
        services = self.services
        async with services.database.unit_of_work() as uow:
            edit = await plan_edit.cancel_one_off(
                uow, self._user(request), int(request.match_info["id"]), services.clock()
            )
        return await self._edited(request, edit, refused=404)

    async def _edited(
        self, request: web.Request, edit: plan_edit.PlanEdit, refused: int = 400
    ) -> web.StreamResponse:
        """A plan change's answer: its message and the dashboard as it is now; a question
        (409) carries its choices."""
        services = self.services
        if edit.runner is not None:  # the chat's next answer is in the language as changed
            services.languages.remember(edit.runner)
        async with services.database.unit_of_work() as uow:
            board = await dashboard.dashboard(
                uow, services.catalog, self._user(request), services.clock()
            )
        answer: dict[str, object] = {"ok": edit.ok, "message": edit.message, "dashboard": board}
        if edit.choices:
            answer["choices"] = [{"value": value, "label": label} for value, label in edit.choices]
        status = 200 if edit.ok else 409 if edit.choices else refused if edit.known else 404
        return _json(answer, status=status)

    async def _export_log(self, request: web.Request) -> web.StreamResponse:
        services = self.services
        async with services.database.unit_of_work() as uow:
            export = await dashboard.export_log(
                uow, services.catalog, self._user(request), services.clock()
            )
        return _attachment(export)

    async def _export_settings(self, request: web.Request) -> web.StreamResponse:
        services = self.services
        async with services.database.unit_of_work() as uow:
            export = await dashboard.export_settings(uow, self._user(request), services.clock())
        return _attachment(export)


async def _value_of(request: web.Request) -> tuple[str, str | None]:
    """The body's ``value`` (a string no longer than a Telegram message; "" for anything
    else, which the chat's example answers) and ``choice`` (a string, else None)."""
    try:
        body = await request.json()
    except ValueError:
        return "", None
    if not isinstance(body, dict):
        return "", None
    value, choice = body.get("value"), body.get("choice")
    return (
        value if isinstance(value, str) and len(value) <= MAX_VALUE else "",
        choice if isinstance(choice, str) else None,
    )


def _attachment(export: dashboard.Export) -> web.Response:
    return web.Response(
        text=export.text,
        content_type=export.content_type,
        charset="utf-8",
        headers={
            **_NO_STORE,
            "Content-Disposition": f'attachment; filename="{export.filename}"',
        },
    )


__all__ = ["STATIC_DIR", "WebAppServer"]
