"""Platform-wide views: quick exit, the CSRF failure page, health check."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.views.decorators.http import require_GET


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
    return render(request, "core/csrf_failure.html", status=403)


def healthz(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")
