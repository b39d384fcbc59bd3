"""Platform tokens: shown once when issued, stored only as a SHA-256 digest.

A token is 256 random bits, so a fast unsalted digest is enough (nothing to brute-force)."""

import hashlib
import secrets

from glasna.matching.models import HashBank, Platform

PREFIX = "glasna_pt_"


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue(key: str, name: str, banks: list[HashBank]) -> tuple[Platform, str]:
    """Create or re-key a platform; returns the new token (the only time it is visible)."""
    token = PREFIX + secrets.token_urlsafe(32)
    platform, _created = Platform.objects.update_or_create(
        key=key, defaults={"name": name, "token_digest": _digest(token), "active": True}
    )
    platform.banks.set(banks)
    return platform, token


def platform_for(token: str | None) -> Platform | None:
    if not token or len(token) > 200:
        return None
    return Platform.objects.filter(token_digest=_digest(token), active=True).first()
