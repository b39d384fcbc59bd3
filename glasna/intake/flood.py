"""Flood control for reports, without turning away survivors behind a shared address.

The wizard's last step carries a challenge sealed with the instance key: single-use, valid for as
long as the wizard, and naming a difficulty. A browser with JavaScript finds a nonce such that
SHA-256(challenge || nonce) starts with `bits` zero bits (intake/static/intake/report-challenge.js);
without JavaScript the challenge can be redeemed without a nonce once `wait` seconds have passed
since it was issued. Nobody is refused for sending many reports: past the hourly counts per client
address and overall, the work and the wait grow (one more bit and twice the wait per doubling),
and reports sent at a raised difficulty are recorded in the audit log so a flood is visible to the
receiving organisation."""

import hashlib
import math
import secrets
import time
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

from glasna.core import ratelimit
from glasna.core.crypto.primitives import DecryptionError
from glasna.core.crypto.server_keys import Expired, open_token, seal_token

PURPOSE = "report-challenge"
MAX_LEVEL = 4


def now() -> float:
    """The clock challenges are timed by (tests move it instead of sleeping)."""
    return time.time()


class ChallengeRefused(Exception):
    """The challenge was missing, forged, expired, already used, or not solved."""


class TooEarly(Exception):
    """Sent without a solution before the wait was over; the same challenge stays valid."""

    def __init__(self, seconds_left: int) -> None:
        super().__init__(seconds_left)
        self.seconds_left = seconds_left


class Replayed(ChallengeRefused):
    """The challenge was already redeemed once."""


@dataclass(frozen=True)
class Challenge:
    token: str
    bits: int
    level: int


def solves(token: str, nonce: str, bits: int) -> bool:
    """Whether SHA-256(token || nonce) begins with `bits` zero bits."""
    digest = hashlib.sha256((token + nonce).encode()).digest()
    return int.from_bytes(digest, "big") >> (256 - bits) == 0


def _level(count: int, limit: int) -> int:
    if count < limit:
        return 0
    return min(MAX_LEVEL, 1 + int(math.log2(count / max(limit, 1))))


def current_level(request: HttpRequest) -> int:
    """How hard reports from this address are to send now. Challenges issued count too, at five
    times the allowance (a survivor may reload the last step a few times): otherwise a script
    could collect thousands of easy challenges at once and redeem them all after one wait."""
    address = ratelimit.client_address(request.META)
    per_address, overall = settings.GLASNA_REPORTS_PER_ADDRESS_PER_HOUR, settings.GLASNA_REPORTS_PER_HOUR
    return max(
        _level(ratelimit.peek("report", address), per_address),
        _level(ratelimit.peek("report", "*"), overall),
        _level(ratelimit.peek("report-challenge", address), 5 * per_address),
        _level(ratelimit.peek("report-challenge", "*"), 5 * overall),
    )


def _wait(level: int) -> int:
    return int(settings.GLASNA_REPORT_WAIT_SECONDS * 2**level)


def issue(request: HttpRequest, wizard_nonce: str) -> Challenge:
    """A fresh challenge for the wizard's last step, as hard as the current rates call for."""
    level = current_level(request)
    ratelimit.hit("report-challenge", ratelimit.client_address(request.META))
    ratelimit.hit("report-challenge", "*")
    bits = settings.GLASNA_REPORT_POW_BITS + level
    wait = _wait(level)
    payload = {"id": secrets.token_hex(16), "at": now(), "bits": bits, "wait": wait, "level": level}
    payload["w"] = hashlib.sha256(wizard_nonce.encode()).hexdigest()[:32]  # bound to this wizard
    return Challenge(seal_token(PURPOSE, payload), bits, level)


def check(request: HttpRequest, wizard_nonce: str) -> dict[str, Any]:
    """Open and check the posted challenge without using it up; return its payload.
    Raise ChallengeRefused, Replayed or TooEarly. Without a solution the wait is the longer of the
    challenge's and the one the current rates call for, so waits taken in parallel do not help."""
    post = request.POST
    token = str(post.get("challenge", ""))
    nonce = str(post.get("challenge_nonce", "")).strip()
    try:
        payload = open_token(PURPOSE, token, settings.GLASNA_WIZARD_SECONDS)
    except (DecryptionError, Expired, ValueError, KeyError) as exc:
        raise ChallengeRefused from exc
    if payload.get("w") != hashlib.sha256(wizard_nonce.encode()).hexdigest()[:32]:
        raise ChallengeRefused
    if cache.get(_used_key(payload)) is not None:
        raise Replayed
    if nonce:
        if len(nonce) > 20 or not nonce.isdigit() or not solves(token, nonce, int(payload["bits"])):
            raise ChallengeRefused
    else:
        wait = max(int(payload["wait"]), _wait(current_level(request)))
        left = float(payload["at"]) + wait - now()
        if left > 0:
            raise TooEarly(math.ceil(left))
    return payload


def redeem(payload: dict[str, Any], request: HttpRequest) -> None:
    """Use the challenge up (raise Replayed if another request did first) and count the report."""
    if not cache.add(_used_key(payload), 1, timeout=settings.GLASNA_WIZARD_SECONDS + 60):
        raise Replayed
    ratelimit.hit("report", ratelimit.client_address(request.META))
    ratelimit.hit("report", "*")


def _used_key(payload: dict[str, Any]) -> str:
    return f"report-challenge:used:{payload['id']}"
