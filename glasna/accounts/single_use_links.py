"""Single-use links (invitations, password resets): a random token that only the link carries,
stored as its SHA-256; every lookup that misses counts against the client address, so tokens
cannot be guessed at speed; a link is claimed once, inside the caller's transaction."""

import hashlib
import secrets
from typing import TypeVar

from django.conf import settings
from django.db import models
from django.utils import timezone

from glasna.core import ratelimit

Link = TypeVar("Link", bound=models.Model)


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> tuple[str, str]:
    """(token for the link, its digest for the database)."""
    token = secrets.token_urlsafe(32)
    return token, digest(token)


def find(queryset: "models.QuerySet[Link]", token: str, scope: str, address: str) -> Link | None:
    """The open (unused, unexpired) link for this token, or None when unknown or throttled."""
    if ratelimit.peek(scope, address) >= settings.GLASNA_LOGIN_ATTEMPTS_PER_HOUR:
        return None
    found = queryset.filter(token_hash=digest(token), used_at__isnull=True, expires_at__gt=timezone.now()).first()
    if found is None:
        ratelimit.hit(scope, address)
    return found


def claim(link: models.Model) -> bool:
    """Mark it used; False when someone used it first (two simultaneous requests)."""
    return type(link)._default_manager.filter(pk=link.pk, used_at__isnull=True).update(used_at=timezone.now()) == 1
