"""Fixed-window rate limits in the shared cache. Keys are hashed with a server key, so the
cache never holds an address or a username in clear."""

import hashlib
import hmac
from collections.abc import Mapping
from typing import Any

from django.core.cache import cache

from glasna.core.client_address import client_address as client_address_of
from glasna.core.crypto.server_keys import purpose_key


class RateLimited(Exception):
    """A limit a user can reach (a domain error): the web layer answers 429 with `message`
    (translated), whichever view raised it (core.middleware.RateLimitedMiddleware)."""

    def __init__(self, message: object) -> None:
        super().__init__(str(message))
        self.message = message


def _key(scope: str, subject: str) -> str:
    digest = hmac.new(purpose_key("ratelimit"), f"{scope}:{subject}".encode(), hashlib.sha256).hexdigest()
    return f"rl:{scope}:{digest[:40]}"


def hit(scope: str, subject: str, window_seconds: int = 3600) -> int:
    """Count one event and return how many were counted within the window."""
    key = _key(scope, subject)
    if cache.add(key, 1, timeout=window_seconds):
        return 1
    try:
        return int(cache.incr(key))
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window_seconds)
        return 1


def peek(scope: str, subject: str) -> int:
    """How many events were counted within the current window, without counting one."""
    return int(cache.get(_key(scope, subject)) or 0)


def allow(scope: str, subject: str, limit: int, window_seconds: int = 3600) -> bool:
    """Count one attempt; False once `limit` attempts were made within the window."""
    return hit(scope, subject, window_seconds) <= limit


def client_address(meta: Mapping[str, Any]) -> str:
    """The address limits key on: the client behind our trusted proxies (core.client_address)."""
    return client_address_of(meta)


def forgive(scope: str, subject: str) -> None:
    """Take one attempt back (a staff member who signed in should not use up her allowance)."""
    try:
        cache.decr(_key(scope, subject))
    except ValueError:  # the window ended meanwhile: nothing to take back
        pass
