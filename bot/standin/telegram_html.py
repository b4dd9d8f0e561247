"""Telegram's HTML parse mode, checked the way the Bot API checks it, and rendered as plain text."""

from __future__ import annotations

import html
import re

ALLOWED_TAGS = frozenset(
    {
        "b",
        "strong",
        "i",
        "em",
        "u",
        "ins",
        "s",
        "strike",
        "del",
        "span",
        "tg-spoiler",
        "a",
        "code",
        "pre",
        "blockquote",
        "tg-emoji",
    }
)
_TOKEN = re.compile(r"<(/?)([A-Za-z][\w-]*)([^<>]*)>|&(#\d+|#x[0-9A-Fa-f]+|lt|gt|amp|quot);|[<&]")


class EntityParseError(ValueError):
    """What Telegram answers as "Bad Request: can't parse entities: ..."."""


def html_to_plain(text: str) -> str:
    """Validate ``text`` as Telegram HTML and return what the user would read.

    Raises :class:`EntityParseError` for unsupported or unbalanced tags and for a bare
    ``<`` or ``&``, as the real Bot API does.
    """
    out: list[str] = []
    open_tags: list[str] = []
    position = 0
    for match in _TOKEN.finditer(text):
        out.append(text[position : match.start()])
        position = match.end()
        closing, tag, _attrs, entity = (
            match.group(1),
            match.group(2),
            match.group(3),
            match.group(4),
        )
        offset = len(text[: match.start()].encode("utf-8"))
        if tag is not None:
            tag = tag.lower()
            if tag not in ALLOWED_TAGS:
                raise EntityParseError(f'Unsupported start tag "{tag}" at byte offset {offset}')
            if closing:
                if not open_tags or open_tags[-1] != tag:
                    raise EntityParseError(
                        f'Can\'t find end tag corresponding to start tag "{tag}" '
                        f"at byte offset {offset}"
                    )
                open_tags.pop()
            else:
                open_tags.append(tag)
        elif entity is not None:
            out.append(html.unescape(match.group(0)))
        else:
            raise EntityParseError(
                f'Unexpected "{match.group(0)}" at byte offset {offset}: '
                "escape it as an HTML entity"
            )
    if open_tags:
        raise EntityParseError(f'Can\'t find end tag corresponding to start tag "{open_tags[-1]}"')
    out.append(text[position:])
    return "".join(out)
