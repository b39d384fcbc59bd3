"""Step-up: sensitive actions (key rotation, exports, role changes, token creation) need a TOTP
code entered at most five minutes ago, even in a signed-in session. A stolen, unlocked session
left open on a shared office computer then cannot rotate keys or mint tokens."""

import time
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode

SESSION_FIELD = "glasna_step_up_at"
FRESH_SECONDS = 300


def mark(request: HttpRequest, now: float | None = None) -> None:
    request.session[SESSION_FIELD] = time.time() if now is None else now


def is_fresh(request: HttpRequest, now: float | None = None) -> bool:
    at = request.session.get(SESSION_FIELD)
    if not isinstance(at, (int, float)):
        return False
    now = time.time() if now is None else now
    return 0 <= now - at <= FRESH_SECONDS


def safe_next(request: HttpRequest, candidate: str | None) -> str:
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse("accounts:console")


def require_step_up(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Put under `staff_required`. A GET without a fresh step-up goes to the code page and comes
    back; a POST without one is refused there too (its form is not replayed: the member submits
    it again after the code, so nothing is done on a stale confirmation)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not is_fresh(request):
            back = request.get_full_path() if request.method == "GET" else request.META.get("HTTP_REFERER", "")
            return redirect(f"{reverse('accounts:step_up')}?{urlencode({'next': safe_next(request, back)})}")
        return view(request, *args, **kwargs)

    return wrapper
