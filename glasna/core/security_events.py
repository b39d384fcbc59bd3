"""Refusals as audit events (ASVS V16.3.2, V16.3.3): a signed-in member refused a page (404 for a
case of another organisation or outside her role, 403), a request refused for its CSRF token, and
a request refused by a rate limit. A run of them is what probing looks like in the audit log.

Nobody's address is kept for a visitor who is not signed in (she may be a survivor), and their
events are capped per kind and page each hour, so a flood cannot fill the audit chain: beyond the
cap only the process log has them."""

import logging
import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, resolve

from glasna.core import audit, ratelimit

log = logging.getLogger("glasna.security")

ANONYMOUS_PER_HOUR = 30
_ACTIONS = {403: "security.forbidden", 404: "staff.access_refused", 429: "security.rate_limited"}
CSRF_FAILED = "glasna_csrf_failed"  # set on the request by core.views.csrf_failure


def _page(request: HttpRequest, with_ids: bool = False) -> str:
    """The view's name, and with_ids its number and UUID arguments (a case, a report); other
    arguments, which may be a link's secret token, are never written."""
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return "unknown"
    name = match.view_name or "unknown"
    if with_ids:
        name += "".join(f" {key}={value}" for key, value in match.kwargs.items() if isinstance(value, (int, uuid.UUID)))
    return name


def _action(request: HttpRequest, status: int) -> str:
    if status == 403 and getattr(request, CSRF_FAILED, False):
        return "security.csrf_failed"
    return _ACTIONS[status]


def record_refusal(request: HttpRequest, response: HttpResponse) -> None:
    status = response.status_code
    user = getattr(request, "user", None)
    signed_in = user is not None and user.is_authenticated
    if status not in _ACTIONS or (status == 404 and not signed_in):
        return
    action = _action(request, status)
    if user is not None and signed_in:
        staff = getattr(user, "staff", None)
        audit.record(
            action,
            actor=user.get_username(),
            target=f"{request.method} {_page(request, with_ids=True)}"[:200],
            organisation_id=getattr(staff, "organisation_id", None),
            request=request,
        )
        return
    page = _page(request)
    if ratelimit.allow("security-event", f"{action}:{page}", ANONYMOUS_PER_HOUR):
        audit.record(action, actor="anonymous", target=f"{request.method} {page}"[:200])
    else:
        log.warning("%s %s %s (audit cap reached this hour)", action, request.method, page)


class RefusalAuditMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code in _ACTIONS:
            try:
                record_refusal(request, response)
            except Exception:  # the refusal stands even when its record cannot be written (database down)
                log.exception("a refusal could not be recorded")
        return response
