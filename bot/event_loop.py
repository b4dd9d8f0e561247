"""The process's asyncio event loop: uvloop by default (libuv, written in C: the bot's
sockets, timers and callbacks cost less CPU than on asyncio's own loop), asyncio's own
where uvloop is not installed (Windows) or when ``EVENT_LOOP=asyncio`` asks for it.

Set as the event loop policy before python-telegram-bot (or ``asyncio.run``) makes its
loop, so every loop the process makes after that is of the chosen kind.
"""

from __future__ import annotations

import asyncio
import importlib
import logging
from typing import Literal

EventLoop = Literal["uvloop", "asyncio"]
_LOGGER = logging.getLogger(__name__)


def install(wanted: EventLoop) -> EventLoop:
    """Make ``wanted`` the loop of every loop made from now on; the kind in use (asyncio
    when uvloop is wanted but missing)."""
    if wanted == "uvloop":
        try:
            uvloop = importlib.import_module("uvloop")
        except ImportError:
            _LOGGER.warning("uvloop is not installed: running on asyncio's own event loop")
        else:
            asyncio.set_event_loop_policy(uvloop.EventLoopPolicy())
            return "uvloop"
    asyncio.set_event_loop_policy(None)
    return "asyncio"
