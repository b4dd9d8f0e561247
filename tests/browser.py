"""Headless Chromium for the Mini App's tests: found, or installed once with apt-get, and
driven either by ``--dump-dom`` (render checks) or by a small Chrome DevTools Protocol
client over aiohttp's websocket (clicks, dialogs, the requests a page makes).

No Selenium or Playwright: the browser is Debian's ``chromium`` package and the protocol
client is the few commands the tests need. Every browser gets a throw-away profile and
the switches that keep it off the network except for the URLs a test opens.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp

CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
INSTALL_TIMEOUT = 1200.0
START_TIMEOUT = 30.0
COMMAND_TIMEOUT = 30.0

# Quiet and offline: no first-run pages, sync, component or safe-browsing updates, pings.
QUIET_SWITCHES = (
    "--headless",
    "--disable-gpu",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-default-apps",
    "--disable-extensions",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--metrics-recording-only",
    "--no-pings",
    "--mute-audio",
    "--disable-breakpad",
    "--disable-crash-reporter",
    "--window-size=360,740",
)


class BrowserUnavailableError(Exception):
    """No Chromium here, and none could be installed (the message says why)."""


_found: str | None = None
_failure: BrowserUnavailableError | None = None


def find_chromium(install: bool = True) -> str:
    """The path of a Chromium, installing Debian's ``chromium`` the first time one is
    missing; the outcome is kept, so a process tries to install at most once."""
    global _found, _failure
    if _found is not None:
        return _found
    if _failure is not None:
        raise _failure
    try:
        _found = _located() or (_install() if install else None)
        if _found is None:
            raise BrowserUnavailableError("no chromium on PATH")
    except BrowserUnavailableError as error:
        _failure = error
        raise
    return _found


def _located() -> str | None:
    for name in CANDIDATES:
        path = shutil.which(name)
        if path is not None:
            return path
    return None


def _install() -> str:
    if shutil.which("apt-get") is None:
        raise BrowserUnavailableError("chromium is missing and there is no apt-get to install it")
    if os.geteuid() != 0:
        raise BrowserUnavailableError("chromium is missing and installing it needs root")
    env = os.environ | {"DEBIAN_FRONTEND": "noninteractive"}
    install = ["apt-get", "install", "-y", "-q", "--no-install-recommends", "chromium"]
    problems = []
    for steps in ([install], [["apt-get", "update", "-q"], install]):
        for step in steps:
            try:
                done = subprocess.run(
                    step, env=env, capture_output=True, text=True, timeout=INSTALL_TIMEOUT
                )
            except (OSError, subprocess.TimeoutExpired) as error:
                problems.append(f"{' '.join(step)}: {error}")
                break
            if done.returncode != 0:
                tail = (done.stderr or done.stdout).strip().splitlines()[-3:]
                problems.append(f"{' '.join(step)} exited {done.returncode}: {' '.join(tail)}")
                break
        else:
            located = _located()
            if located is not None:
                return located
            problems.append("apt-get installed chromium but it is not on PATH")
    raise BrowserUnavailableError("could not install chromium: " + "; ".join(problems))


def switches(profile: Path) -> list[str]:
    """The switches every browser of the tests runs with (a root user needs no sandbox)."""
    extra = ["--no-sandbox"] if os.geteuid() == 0 else []
    return [*QUIET_SWITCHES, *extra, f"--user-data-dir={profile}"]


async def dump_dom(url: str, budget_ms: int = 8000, timeout: float = 60.0) -> str:
    """``chromium --headless --dump-dom --virtual-time-budget=<budget> URL``: the page's DOM
    once its scripts (and the requests they make) have had ``budget_ms`` of virtual time."""
    chromium = find_chromium()
    with tempfile.TemporaryDirectory(prefix="coach-chromium-") as profile:
        process = await asyncio.create_subprocess_exec(
            chromium,
            *switches(Path(profile)),
            "--dump-dom",
            f"--virtual-time-budget={budget_ms}",
            url,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        try:
            out, err = await asyncio.wait_for(process.communicate(), timeout)
        except TimeoutError:
            process.kill()
            await process.wait()
            raise
    if process.returncode != 0:
        raise RuntimeError(f"chromium exited {process.returncode}: {err.decode()[-2000:]}")
    return out.decode()


@dataclass(frozen=True, slots=True)
class Conditions:
    """A device to emulate over CDP: CPU slowdown (Lighthouse's mobile preset uses 4),
    the screen in CSS pixels, and the network (latency added to each request, bandwidth
    in kbit/s)."""

    cpu_slowdown: float = 4
    width: int = 360
    height: int = 740
    scale: float = 2
    latency_ms: float = 40
    down_kbit: int = 10_000
    up_kbit: int = 5_000

    def describe(self) -> str:
        return (
            f"CPU slowed {self.cpu_slowdown:g}x, {self.width}x{self.height} mobile screen "
            f"at {self.scale:g}x, network {self.latency_ms:g} ms latency, "
            f"{self.down_kbit / 1000:g} Mbit/s down, {self.up_kbit / 1000:g} Mbit/s up"
        )


# A mid-range phone on 4G, as Lighthouse's mobile preset slows the CPU.
PHONE = Conditions()


class EvaluationError(Exception):
    """A script evaluated in the page threw."""


@dataclass
class Page:
    """One tab, attached over the flat CDP session ``session_id``."""

    browser: Browser
    session_id: str
    requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    accept_dialogs: bool = True

    async def send(self, method: str, **params: Any) -> dict[str, Any]:
        return await self.browser.send(method, params, session_id=self.session_id)

    async def navigate(self, url: str) -> None:
        await self.send("Page.navigate", url=url)

    async def emulate_phone(self, width: int = 360, height: int = 740) -> None:
        """A phone's viewport (a desktop window cannot be narrower than 500 px)."""
        await self.send(
            "Emulation.setDeviceMetricsOverride",
            width=width,
            height=height,
            deviceScaleFactor=2,
            mobile=True,
        )

    async def emulate(self, conditions: Conditions) -> None:
        """A slower device: the CPU throttled, a phone's screen, a mobile network (set
        before navigating, so the whole load runs under them)."""
        await self.send("Emulation.setCPUThrottlingRate", rate=conditions.cpu_slowdown)
        await self.send(
            "Emulation.setDeviceMetricsOverride",
            width=conditions.width,
            height=conditions.height,
            deviceScaleFactor=conditions.scale,
            mobile=True,
        )
        await self.send(
            "Network.emulateNetworkConditions",
            offline=False,
            latency=conditions.latency_ms,
            downloadThroughput=conditions.down_kbit * 1000 / 8,
            uploadThroughput=conditions.up_kbit * 1000 / 8,
        )

    async def evaluate(self, expression: str) -> Any:
        """The value of ``expression`` (a promise is awaited), as JSON."""
        answer = await self.send(
            "Runtime.evaluate", expression=expression, awaitPromise=True, returnByValue=True
        )
        if "exceptionDetails" in answer:
            details = answer["exceptionDetails"]
            text = details.get("exception", {}).get("description") or details.get("text")
            raise EvaluationError(str(text))
        return answer.get("result", {}).get("value")

    async def wait_for(self, expression: str, timeout: float = 15.0) -> Any:
        """Evaluates ``expression`` until it is truthy and returns that value."""
        deadline = time.monotonic() + timeout
        while True:
            with contextlib.suppress(EvaluationError):
                value = await self.evaluate(expression)
                if value:
                    return value
            if time.monotonic() > deadline:
                raise TimeoutError(f"still false after {timeout} s: {expression}")
            await asyncio.sleep(0.05)

    def on_event(self, method: str, params: dict[str, Any]) -> None:
        if method == "Network.requestWillBeSent":
            self.requests.append(params["request"]["url"])
        elif method == "Page.javascriptDialogOpening":
            self.dialogs.append(params.get("message", ""))
            answer = {"accept": self.accept_dialogs}
            self.browser.spawn(self.send("Page.handleJavaScriptDialog", **answer))


class Browser:
    """A headless Chromium with its DevTools endpoint, for ``async with``."""

    def __init__(self) -> None:
        self._profile = Path(tempfile.mkdtemp(prefix="coach-chromium-"))
        self._process: asyncio.subprocess.Process | None = None
        self._http: aiohttp.ClientSession | None = None
        self._socket: aiohttp.ClientWebSocketResponse | None = None
        self._reader: asyncio.Task[None] | None = None
        self._waiting: dict[int, asyncio.Future[dict[str, Any]]] = {}
        self._pages: dict[str, Page] = {}
        self._tasks: set[asyncio.Task[Any]] = set()
        self._next_id = 0

    async def __aenter__(self) -> Browser:
        try:
            await self._start()
        except BaseException:
            await self.close()
            raise
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    async def _start(self) -> None:
        chromium = find_chromium()
        log = (self._profile / "chromium.log").open("wb")
        with log:
            self._process = await asyncio.create_subprocess_exec(
                chromium,
                *switches(self._profile),
                "--remote-debugging-port=0",
                "about:blank",
                stdout=asyncio.subprocess.DEVNULL,
                stderr=log,
            )
        url = await self._endpoint()
        self._http = aiohttp.ClientSession()
        self._socket = await self._http.ws_connect(url, max_msg_size=0)
        self._reader = asyncio.create_task(self._read())

    async def _endpoint(self) -> str:
        """The browser's websocket URL, from the DevToolsActivePort file it writes."""
        active = self._profile / "DevToolsActivePort"
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            assert self._process is not None
            if self._process.returncode is not None:
                break
            lines = active.read_text().split() if active.exists() else []
            if len(lines) >= 2:
                return f"ws://127.0.0.1:{lines[0]}{lines[1]}"
            await asyncio.sleep(0.05)
        log = (self._profile / "chromium.log").read_text(errors="replace")[-2000:]
        raise RuntimeError(f"chromium gave no DevTools endpoint: {log}")

    async def _read(self) -> None:
        assert self._socket is not None
        async for message in self._socket:
            if message.type != aiohttp.WSMsgType.TEXT:
                break
            data = json.loads(message.data)
            if "id" in data:
                waiter = self._waiting.pop(data["id"], None)
                if waiter is not None and not waiter.done():
                    waiter.set_result(data)
            elif (page := self._pages.get(data.get("sessionId", ""))) is not None:
                page.on_event(data["method"], data.get("params", {}))
        for waiter in self._waiting.values():
            if not waiter.done():
                waiter.set_exception(ConnectionError("the browser closed its DevTools socket"))

    def spawn(self, work: Any) -> None:
        task = asyncio.ensure_future(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def send(
        self, method: str, params: dict[str, Any] | None = None, session_id: str | None = None
    ) -> dict[str, Any]:
        """One CDP command; its ``result`` (an error answer raises)."""
        assert self._socket is not None
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params or {}}
        if session_id is not None:
            message["sessionId"] = session_id
        waiter = asyncio.get_running_loop().create_future()
        self._waiting[self._next_id] = waiter
        await self._socket.send_str(json.dumps(message))
        answer = await asyncio.wait_for(waiter, COMMAND_TIMEOUT)
        if "error" in answer:
            raise RuntimeError(f"{method}: {answer['error']}")
        result: dict[str, Any] = answer.get("result", {})
        return result

    async def open(self, url: str, before: str | None = None) -> Page:
        """A new tab with requests and dialogs watched, navigated to ``url``; the script
        ``before`` runs in every document of the tab ahead of the page's own."""
        page = await self.blank(before)
        await page.navigate(url)
        return page

    async def blank(self, before: str | None = None) -> Page:
        """A new tab at about:blank with requests and dialogs watched, not navigated yet
        (to set emulation first); ``before`` as for :meth:`open`."""
        target = await self.send("Target.createTarget", {"url": "about:blank"})
        attached = await self.send(
            "Target.attachToTarget", {"targetId": target["targetId"], "flatten": True}
        )
        page = Page(self, attached["sessionId"])
        self._pages[page.session_id] = page
        for domain in ("Page", "Network", "Runtime"):
            await page.send(f"{domain}.enable")
        if before is not None:
            await page.send("Page.addScriptToEvaluateOnNewDocument", source=before)
        return page

    async def close(self) -> None:
        if self._socket is not None and not self._socket.closed:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self.send("Browser.close"), 5)
            await self._socket.close()
        if self._reader is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self._reader, 5)
        for task in list(self._tasks):
            task.cancel()
        if self._http is not None:
            await self._http.close()
        if self._process is not None and self._process.returncode is None:
            try:
                await asyncio.wait_for(self._process.wait(), 10)
            except TimeoutError:
                self._process.kill()
                await self._process.wait()
        shutil.rmtree(self._profile, ignore_errors=True)


@contextlib.asynccontextmanager
async def browser() -> AsyncIterator[Browser]:
    async with Browser() as running:
        yield running


# --- Timing a cold load (benchmarks/bench_webapp.py) --------------------------------------

LOAD_TIMEOUT = 60.0
POLL = 0.25  # seconds between two looks at the page (each runs a little script in it)
# Every file the page loaded: bytes moved (headers included), when asked for and arrived.
_RESOURCES = (
    "[performance.getEntriesByType('navigation')[0],"
    " ...performance.getEntriesByType('resource')]"
    ".map((e) => ({name: e.name, transfer: e.transferSize, start: e.startTime,"
    " end: e.responseEnd}))"
)


def stopwatch(ready: str) -> str:
    """A script to run ahead of a page's own: records ``performance.now()`` (ms from
    navigation start) in ``window.__rendered`` when the JS function ``ready`` first
    holds after a DOM change, and in ``window.__painted`` after the next frame."""
    return (
        "(() => { const ready = " + ready + "; let done = false;"
        " const check = () => { if (done) return; let ok = false;"
        " try { ok = ready(); } catch (error) { ok = false; }"
        " if (!ok) return; done = true; observer.disconnect();"
        " window.__rendered = performance.now();"
        " requestAnimationFrame(() => setTimeout(() => {"
        " window.__painted = performance.now(); }, 0)); };"
        " const observer = new MutationObserver(check);"
        " observer.observe(document, {childList: true, subtree: true, attributes: true});"
        " document.addEventListener('DOMContentLoaded', check); })();"
    )


@dataclass(frozen=True, slots=True)
class Timing:
    """One load: ms from navigation start until ``ready`` held and until the next frame;
    per file (the last part of its path, see :func:`file_name`) the bytes moved, headers
    included, and when it was asked for and had arrived (ms); ``read``'s value."""

    rendered_ms: float
    painted_ms: float
    transfers: dict[str, int]
    asked: dict[str, float] = field(default_factory=dict)
    arrived: dict[str, float] = field(default_factory=dict)
    read: Any = None


def file_name(url: str) -> str:
    """The last part of ``url``'s path ("app", "app.js"; "/" for the root)."""
    path = url.split("#")[0].split("?")[0]
    return path.rsplit("/", 1)[-1] or "/"


async def cold_load(
    url: str,
    ready: str,
    conditions: Conditions = PHONE,
    read: str | None = None,
    timeout: float = LOAD_TIMEOUT,
) -> Timing:
    """``url`` in a new Chromium with a fresh profile (cold cache) under ``conditions``,
    timed by :func:`stopwatch` until the JS function ``ready`` holds and the next frame
    is drawn; the expression ``read`` is evaluated in the page then."""
    async with Browser() as chrome:
        page = await chrome.blank(before=stopwatch(ready))
        await page.emulate(conditions)
        await page.send("Network.setCacheDisabled", cacheDisabled=True)
        await page.navigate(url)
        deadline = time.monotonic() + timeout
        while await page.evaluate("typeof window.__painted") != "number":
            if time.monotonic() > deadline:
                text = await page.evaluate("document.body ? document.body.innerText : ''")
                raise TimeoutError(f"{url} not ready after {timeout} s: {text[:300]!r}")
            await asyncio.sleep(POLL)  # the times are taken in the page: polling only waits
        rendered = float(await page.evaluate("window.__rendered"))
        painted = float(await page.evaluate("window.__painted"))
        entries = {file_name(entry["name"]): entry for entry in await page.evaluate(_RESOURCES)}
        value = await page.evaluate(read) if read is not None else None
    return Timing(
        rendered,
        painted,
        {name: int(entry["transfer"]) for name, entry in entries.items()},
        {name: float(entry["start"]) for name, entry in entries.items()},
        {name: float(entry["end"]) for name, entry in entries.items()},
        value,
    )
