"""Platform-wide views: quick exit, the CSRF failure and server error pages, health checks."""

import sys

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from glasna.core import health, security_events, unavailable


@require_GET
def quick_exit(request: HttpRequest) -> HttpResponse:
    """Leave for a neutral site and ask the browser to forget this site's cookies and storage.
    The page's script calls this with location.replace(), so it does not stay in the history."""
    response = HttpResponseRedirect(str(settings.GLASNA_QUICK_EXIT_URL))
    response["Clear-Site-Data"] = '"cookies", "storage", "cache"'
    for name in (
        settings.SESSION_COOKIE_NAME,
        settings.CSRF_COOKIE_NAME,
        settings.LANGUAGE_COOKIE_NAME,
        settings.GLASNA_KEY_COOKIE_NAME,
        settings.GLASNA_VISIT_COOKIE_NAME,
    ):
        response.delete_cookie(name)
    return response


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    setattr(request, security_events.CSRF_FAILED, True)  # the audit line says why it was refused
    return render(request, "core/csrf_failure.html", status=403)


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500. A database that stopped answering while a middleware read it (the staff session
    check reads the session before any view runs) gets the same 503 as one failing in a view."""
    exception = sys.exc_info()[1]
    if isinstance(exception, unavailable.DATABASE_DOWN):
        return unavailable.response(request, exception)
    return defaults.server_error(request)


def healthz(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


@never_cache
@require_GET
def health_live(request: HttpRequest) -> HttpResponse:
    """Liveness: the process answers. Checks nothing else, so a database outage never restarts it."""
    return JsonResponse({"status": "ok"})


@never_cache
@require_GET
def health_ready(request: HttpRequest) -> HttpResponse:
    """Readiness: 200 when the database, job broker and blob store all work, else 503 naming which failed."""
    ready, checks = health.readiness()
    return JsonResponse({"status": "ok" if ready else "failed", "checks": checks}, status=200 if ready else 503)
