"""Mini App initData validation (library/init_data.py): the documented formula, every forgery."""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qsl, quote, urlencode

import pytest

from library.init_data import (
    InitDataProblem,
    InitDataResult,
    WebAppUser,
    parse_fields,
    sign_init_data,
    validate_init_data,
)

TOKEN = "123456:AAF-test-token-of-this-bot"
OTHER_TOKEN = "654321:AAF-token-of-another-bot"
NOW = datetime(2026, 12, 4, 7, 0, tzinfo=UTC)
AUTH_DATE = int(NOW.timestamp()) - 120  # signed two minutes ago
HOUR = timedelta(hours=1)
ALICE = '{"id":111,"first_name":"Alice","language_code":"de"}'
BOB = '{"id":222,"first_name":"Bob","language_code":"en"}'


def check(init_data: str, token: str = TOKEN, now: datetime = NOW) -> InitDataResult:
    return validate_init_data(init_data, token, now=now, max_age=HOUR)


def fields_of(user: str = ALICE, auth_date: int = AUTH_DATE) -> dict[str, str]:
    return {"query_id": "AAH-query", "user": user, "auth_date": str(auth_date)}


def test_a_vector_computed_from_the_documented_formula_validates() -> None:
    # Built here from the Bot API's description, not by the module under test.
    check_string = f"auth_date={AUTH_DATE}\nquery_id=AAH-query\nsignature=sig-abc\nuser={ALICE}"
    key = hmac.new(b"WebAppData", TOKEN.encode(), hashlib.sha256).digest()
    digest = hmac.new(key, check_string.encode(), hashlib.sha256).hexdigest()
    init_data = (
        f"user={quote(ALICE, safe='')}&auth_date={AUTH_DATE}&query_id=AAH-query"
        f"&signature=sig-abc&hash={digest}"
    )
    result = validate_init_data(init_data, TOKEN, now=NOW, max_age=HOUR)
    assert result.problem is None
    assert result.user == WebAppUser(id=111, first_name="Alice", language_code="de")
    assert result.auth_date == datetime.fromtimestamp(AUTH_DATE, UTC)


def test_signature_takes_part_in_the_check_string() -> None:
    # The hash computed without the signature field does not validate data that has it.
    check_string = f"auth_date={AUTH_DATE}\nquery_id=AAH-query\nuser={ALICE}"
    key = hmac.new(b"WebAppData", TOKEN.encode(), hashlib.sha256).digest()
    digest = hmac.new(key, check_string.encode(), hashlib.sha256).hexdigest()
    without = urlencode({**fields_of(), "hash": digest})
    assert check(without).problem is None
    with_signature = urlencode({**fields_of(), "signature": "sig-abc", "hash": digest})
    assert check(with_signature).problem is InitDataProblem.BAD_HASH


def test_sign_init_data_matches_the_documented_formula() -> None:
    signed = dict(parse_qsl(sign_init_data(fields_of(), TOKEN)))
    check_string = f"auth_date={AUTH_DATE}\nquery_id=AAH-query\nuser={ALICE}"
    key = hmac.new(b"WebAppData", TOKEN.encode(), hashlib.sha256).digest()
    assert signed["hash"] == hmac.new(key, check_string.encode(), hashlib.sha256).hexdigest()
    assert signed["user"] == ALICE


def _swap(init_data: str, **changes: str) -> str:
    fields = dict(parse_qsl(init_data, keep_blank_values=True))
    fields.update(changes)
    return urlencode(fields)


def _drop(init_data: str, key: str) -> str:
    fields = dict(parse_qsl(init_data, keep_blank_values=True))
    del fields[key]
    return urlencode(fields)


GOOD = sign_init_data(fields_of(), TOKEN)
BOBS = sign_init_data(fields_of(BOB), TOKEN)

FORGERIES = [
    ("wrong hash", _swap(GOOD, hash="0" * 64), InitDataProblem.BAD_HASH),
    (
        "hash of other data",
        _swap(GOOD, hash=dict(parse_qsl(BOBS))["hash"]),
        InitDataProblem.BAD_HASH,
    ),
    ("no hash", _drop(GOOD, "hash"), InitDataProblem.NO_HASH),
    ("empty hash", _swap(GOOD, hash=""), InitDataProblem.NO_HASH),
    ("changed user", _swap(GOOD, user=ALICE.replace("Alice", "Mallory")), InitDataProblem.BAD_HASH),
    ("changed auth_date", _swap(GOOD, auth_date=str(AUTH_DATE + 1)), InitDataProblem.BAD_HASH),
    ("field added", _swap(GOOD, start_param="x"), InitDataProblem.BAD_HASH),
    ("field removed", _drop(GOOD, "query_id"), InitDataProblem.BAD_HASH),
    ("another bot's token", sign_init_data(fields_of(), OTHER_TOKEN), InitDataProblem.BAD_HASH),
    (
        "Bob's data with Alice's id swapped in",
        _swap(BOBS, user=BOB.replace('"id":222', '"id":111')),
        InitDataProblem.BAD_HASH,
    ),
    (
        "expired",
        sign_init_data(fields_of(auth_date=int(NOW.timestamp()) - 3601), TOKEN),
        InitDataProblem.EXPIRED,
    ),
    (
        "dated in the future",
        sign_init_data(fields_of(auth_date=int(NOW.timestamp()) + 3600), TOKEN),
        InitDataProblem.FROM_THE_FUTURE,
    ),
    (
        "no auth_date",
        sign_init_data({"user": ALICE}, TOKEN),
        InitDataProblem.NO_AUTH_DATE,
    ),
    (
        "auth_date not a number",
        sign_init_data({"user": ALICE, "auth_date": "yesterday"}, TOKEN),
        InitDataProblem.NO_AUTH_DATE,
    ),
    ("no user", sign_init_data({"auth_date": str(AUTH_DATE)}, TOKEN), InitDataProblem.NO_USER),
    ("user not JSON", sign_init_data(fields_of(user="{id:111"), TOKEN), InitDataProblem.NO_USER),
    ("user a list", sign_init_data(fields_of(user="[111]"), TOKEN), InitDataProblem.NO_USER),
    (
        "user id a string",
        sign_init_data(fields_of(user='{"id":"111"}'), TOKEN),
        InitDataProblem.NO_USER,
    ),
    (
        "user without id",
        sign_init_data(fields_of(user='{"first_name":"A"}'), TOKEN),
        InitDataProblem.NO_USER,
    ),
    (
        "user id a float",
        sign_init_data(fields_of(user='{"id":111.0}'), TOKEN),
        InitDataProblem.NO_USER,
    ),
    ("user id true", sign_init_data(fields_of(user='{"id":true}'), TOKEN), InitDataProblem.NO_USER),
    ("empty", "", InitDataProblem.MALFORMED),
    ("not a query string", "just text", InitDataProblem.MALFORMED),
    ("a key twice", GOOD + "&user=" + quote(BOB), InitDataProblem.MALFORMED),
    ("far too long", GOOD + "&x=" + "a" * 9000, InitDataProblem.MALFORMED),
]


@pytest.mark.parametrize(
    ("init_data", "problem"),
    [(data, problem) for _, data, problem in FORGERIES],
    ids=[name for name, _, _ in FORGERIES],
)
def test_forgeries_are_refused(init_data: str, problem: InitDataProblem) -> None:
    result = validate_init_data(init_data, TOKEN, now=NOW, max_age=HOUR)
    assert result.problem is problem
    assert result.user is None
    assert not result.ok


def test_the_genuine_data_of_each_user_gives_that_user() -> None:
    alice = validate_init_data(GOOD, TOKEN, now=NOW, max_age=HOUR)
    bob = validate_init_data(BOBS, TOKEN, now=NOW, max_age=HOUR)
    assert alice.user == WebAppUser(id=111, first_name="Alice", language_code="de")
    assert bob.user == WebAppUser(id=222, first_name="Bob", language_code="en")
    assert alice.ok
    assert bob.ok


def test_max_age_is_the_callers() -> None:
    signed = sign_init_data(fields_of(auth_date=int(NOW.timestamp()) - 600), TOKEN)
    assert validate_init_data(signed, TOKEN, now=NOW, max_age=timedelta(minutes=11)).ok
    late = validate_init_data(signed, TOKEN, now=NOW, max_age=timedelta(minutes=9))
    assert late.problem is InitDataProblem.EXPIRED
    # A little clock drift into the future is fine.
    soon = sign_init_data(fields_of(auth_date=int(NOW.timestamp()) + 30), TOKEN)
    assert validate_init_data(soon, TOKEN, now=NOW, max_age=HOUR).ok


def test_a_user_without_name_or_language_still_counts() -> None:
    signed = sign_init_data(fields_of(user=json.dumps({"id": 5})), TOKEN)
    result = validate_init_data(signed, TOKEN, now=NOW, max_age=HOUR)
    assert result.user == WebAppUser(id=5, first_name="", language_code=None)


def test_parse_fields_decodes_values_once() -> None:
    assert parse_fields("a=%7B%22x%22%3A1%7D&b=") == {"a": '{"x":1}', "b": ""}
    assert parse_fields("a=1&a=2") is None
