"""Who is asking, proven: Telegram Mini App ``initData`` validated as the Bot API documents.

Telegram hands a Mini App a query string (``initData``) signed with a key derived from the
bot's token. The data-check-string is every received field except ``hash`` (so
``signature`` too), sorted by key, ``key=value`` joined by line feeds, with the values
URL-decoded; ``secret_key = HMAC-SHA-256(key=b"WebAppData", msg=bot_token)``; the data is
genuine when ``hex(HMAC-SHA-256(key=secret_key, msg=data_check_string))`` equals ``hash``
(compared in constant time). On top of that, ``auth_date`` must be recent (the caller
passes its clock's now) and ``user`` a JSON object with an integer ``id``. Pure: no
clock, no I/O.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from urllib.parse import parse_qsl, urlencode

WEB_APP_DATA_KEY = b"WebAppData"
# How far in the future auth_date may be: clocks drift a little, never an hour.
FUTURE_TOLERANCE = timedelta(seconds=60)
MAX_INIT_DATA_CHARS = 8192  # Telegram's initData is well under 2 KB


class InitDataProblem(StrEnum):
    """Why initData was refused."""

    MALFORMED = "malformed"  # not a query string, a key twice, too long
    NO_HASH = "no_hash"
    BAD_HASH = "bad_hash"  # not signed with this bot's token, or changed since
    NO_AUTH_DATE = "no_auth_date"  # missing or not a whole number of seconds
    EXPIRED = "expired"
    FROM_THE_FUTURE = "from_the_future"
    NO_USER = "no_user"  # missing, not JSON, not an object, or no integer id


@dataclass(frozen=True, slots=True)
class WebAppUser:
    """The Telegram user initData vouches for."""

    id: int
    first_name: str = ""
    language_code: str | None = None


@dataclass(frozen=True, slots=True)
class InitDataResult:
    """Either the validated user (``problem`` None) or why the data was refused."""

    user: WebAppUser | None
    problem: InitDataProblem | None
    auth_date: datetime | None = None

    @property
    def ok(self) -> bool:
        return self.problem is None and self.user is not None


def _refused(problem: InitDataProblem) -> InitDataResult:
    return InitDataResult(None, problem)


def secret_key(token: str) -> bytes:
    """HMAC-SHA-256 of the bot token keyed with ``WebAppData``."""
    return hmac.new(WEB_APP_DATA_KEY, token.encode("utf-8"), hashlib.sha256).digest()


def data_check_string(fields: Mapping[str, str]) -> str:
    """Every field but ``hash``, sorted by key, ``key=value`` joined by line feeds."""
    return "\n".join(f"{key}={fields[key]}" for key in sorted(fields) if key != "hash")


def signature_of(fields: Mapping[str, str], token: str) -> str:
    """The hex ``hash`` Telegram would send with ``fields`` for the bot with ``token``."""
    message = data_check_string(fields).encode("utf-8")
    return hmac.new(secret_key(token), message, hashlib.sha256).hexdigest()


def sign_init_data(fields: Mapping[str, str], token: str) -> str:
    """initData as Telegram builds it: ``fields`` plus their ``hash``, URL-encoded.

    ``fields`` are the decoded values (``user`` is a JSON text, ``auth_date`` Unix
    seconds); a ``hash`` among them is replaced."""
    unsigned = {key: value for key, value in fields.items() if key != "hash"}
    return urlencode({**unsigned, "hash": signature_of(unsigned, token)})


def parse_fields(init_data: str) -> dict[str, str] | None:
    """The decoded fields of ``init_data``; None when it is not a query string of
    distinct keys (a key sent twice could be read one way here and another elsewhere)."""
    if not init_data or len(init_data) > MAX_INIT_DATA_CHARS:
        return None
    try:
        pairs = parse_qsl(init_data, keep_blank_values=True, strict_parsing=True)
    except ValueError:
        return None
    fields = dict(pairs)
    if len(fields) != len(pairs):
        return None
    return fields


def _user(text: str | None) -> WebAppUser | None:
    if text is None:
        return None
    try:
        data = json.loads(text)
    except ValueError:
        return None
    if not isinstance(data, dict):
        return None
    user_id = data.get("id")
    if not isinstance(user_id, int) or isinstance(user_id, bool) or user_id <= 0:
        return None
    first_name = data.get("first_name")
    language = data.get("language_code")
    return WebAppUser(
        id=user_id,
        first_name=first_name if isinstance(first_name, str) else "",
        language_code=language if isinstance(language, str) else None,
    )


def validate_init_data(
    init_data: str, token: str, *, now: datetime, max_age: timedelta
) -> InitDataResult:
    """The user ``init_data`` proves, or why it proves nothing.

    ``now`` is an aware datetime (the caller's clock); data signed more than ``max_age``
    before it is refused, as is data dated more than a minute after it."""
    fields = parse_fields(init_data)
    if fields is None:
        return _refused(InitDataProblem.MALFORMED)
    received = fields.get("hash")
    if not received:
        return _refused(InitDataProblem.NO_HASH)
    expected = signature_of(fields, token)
    if not hmac.compare_digest(expected.encode("ascii"), received.lower().encode("utf-8")):
        return _refused(InitDataProblem.BAD_HASH)
    auth_text = fields.get("auth_date", "")
    if not auth_text.isascii() or not auth_text.isdigit():
        return _refused(InitDataProblem.NO_AUTH_DATE)
    try:
        signed_at = datetime.fromtimestamp(int(auth_text), tz=now.tzinfo)
    except (OverflowError, OSError, ValueError):
        return _refused(InitDataProblem.NO_AUTH_DATE)
    if signed_at > now + FUTURE_TOLERANCE:
        return _refused(InitDataProblem.FROM_THE_FUTURE)
    if now - signed_at > max_age:
        return _refused(InitDataProblem.EXPIRED)
    user = _user(fields.get("user"))
    if user is None:
        return _refused(InitDataProblem.NO_USER)
    return InitDataResult(user, None, signed_at)
