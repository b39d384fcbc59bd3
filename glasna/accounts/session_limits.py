"""Staff sessions end after GLASNA_SESSION_IDLE_SECONDS without a request (30 minutes, NIST SP
800-63B's limit for AAL2) and GLASNA_SESSION_SECONDS after sign-in (8 hours), whatever happens in
between: a computer left open in a shelter's office locks itself, and a stolen session dies."""

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse

from glasna.core import audit

SIGNED_IN_AT = "glasna_signed_in_at"
SEEN_AT = "glasna_seen_at"
# Writing the session on every request would cost a database write per page; a minute's slack
# in the idle clock costs nothing.
SEEN_RESOLUTION = 60


def expired(started: float, seen: float, now: float) -> str | None:
    """Why a session started and last seen at these times is over at `now`, or None."""
    if now - seen > settings.GLASNA_SESSION_IDLE_SECONDS:
        return "idle"
    if now - started > settings.SESSION_COOKIE_AGE:
        return "lifetime"
    return None


class StaffSessionLimitsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            self._check(request, time.time())
        return self.get_response(request)

    def _check(self, request: HttpRequest, now: float) -> None:
        session = request.session
        started = session.get(SIGNED_IN_AT)
        if not isinstance(started, (int, float)):
            session[SIGNED_IN_AT] = session[SEEN_AT] = now  # the first request after sign-in
            return
        seen = session.get(SEEN_AT, started)
        reason = expired(float(started), float(seen), now)
        if reason is not None:
            audit.record(f"staff.session_ended_{reason}", actor=request.user.get_username(), request=request)
            logout(request)  # flushes the session: the staff key held in it goes too
            return
        if now - seen >= SEEN_RESOLUTION:
            session[SEEN_AT] = now
