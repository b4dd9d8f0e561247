"""Who holds a claim: the owner every claimed delivery row carries,
``"<instance>:<pid>:<random>"``, and whether an owner is an earlier life of this
instance whose process is gone (its claims can be handed back at once instead of
waiting for their lease). Used by bot/scheduler.py.
"""

from __future__ import annotations

import hashlib
import os
import secrets

from storage.deliveries import OWNER_LENGTH

_RANDOM_HEX = 8
_PID_DIGITS = 7  # Linux's largest pid is 4194304
# The instance's part of an owner: what is left of the column after ":<pid>:<random>".
INSTANCE_KEY_LENGTH = OWNER_LENGTH - _PID_DIGITS - _RANDOM_HEX - 2


def instance_key(instance: str) -> str:
    """``instance`` as claim owners carry it: the name when it fits, else its start and a
    digest (``~`` is no name character, so a shortened name never equals another name)."""
    if len(instance) <= INSTANCE_KEY_LENGTH:
        return instance
    digest = hashlib.blake2b(instance.encode(), digest_size=4).hexdigest()
    return f"{instance[: INSTANCE_KEY_LENGTH - len(digest) - 1]}~{digest}"


def new_owner(instance: str) -> str:
    """A claim owner for this process: ``"<instance key>:<pid>:<random>"``."""
    return f"{instance_key(instance)}:{os.getpid()}:{secrets.token_hex(_RANDOM_HEX // 2)}"


def life_ended(owner: str, me: str) -> bool:
    """Whether ``owner`` is an earlier life of the instance owning ``me`` whose process is
    gone. Its process id is checked on this machine: its own id (a restart took it over),
    or no such process; a process of that id still running (even a stranger) counts as
    alive, so in doubt the claim waits for its lease instead of being sent twice."""
    key = me.partition(":")[0]
    their_key, _, their_rest = owner.partition(":")
    pid_text, _, random_part = their_rest.partition(":")
    if owner == me or their_key != key or not pid_text.isdigit() or not random_part:
        return False
    pid = int(pid_text)
    if pid == os.getpid():
        return True
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:  # e.g. another user's process: alive
        return False
    return False
