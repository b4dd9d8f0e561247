"""Small rendering helpers shared by the handlers: escaping user text into Telegram HTML."""

from __future__ import annotations

import html


def escape(text: str) -> str:
    """Make any user-supplied text safe inside an HTML-mode message."""
    return html.escape(text, quote=False)
