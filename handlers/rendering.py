"""Small rendering helpers shared by the handlers: escaping user text into Telegram HTML,
and a card's intro line put above its body."""

from __future__ import annotations

import html


def escape(text: str) -> str:
    """Make any user-supplied text safe inside an HTML-mode message."""
    return html.escape(text, quote=False)


def with_intro(body: str, intro: str | None) -> str:
    """A card's text: ``intro`` (already HTML), if any, as the line above ``body``."""
    return f"{intro}\n{body}" if intro else body
