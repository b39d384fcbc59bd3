"""Headers that keep survivor data out of caches, histories and other sites; the API refused over
plain HTTP; domain errors mapped to their status codes."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _

from glasna.core import unavailable
from glasna.core.ratelimit import RateLimited


class PlainHttpApiMiddleware:
    """With HTTPS on, browsers asking over plain HTTP are redirected, but an API client is refused:
    a redirect would let a client that already sent its token in clear carry on unnoticed, and
    fail only the next time. The refusal says what to do."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if settings.SECURE_SSL_REDIRECT and request.path.startswith("/api/") and not request.is_secure():
            detail = _("This API answers over HTTPS only. Send the request to the https:// address.")
            return JsonResponse({"detail": detail}, status=403)
        return self.get_response(request)


class PrivacyHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not request.path.startswith("/static/"):
            # Every page may show or collect something sensitive: never store it anywhere.
            response["Cache-Control"] = "no-store, max-age=0"
            response["Pragma"] = "no-cache"
        response["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), interest-cohort=()"
        response["X-Content-Type-Options"] = "nosniff"
        response["Cross-Origin-Resource-Policy"] = "same-origin"
        return response


class RefuseTraceMiddleware:
    """TRACE and TRACK echo a request back (cookies included) to whoever can make a browser or a
    proxy send one: no view here has a use for them."""

    REFUSED = frozenset({"TRACE", "TRACK", "CONNECT"})

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (request.method or "").upper() in self.REFUSED:
            response = HttpResponse(status=405)
            response["Allow"] = "GET, HEAD, POST, OPTIONS"
            return response
        return self.get_response(request)


class RateLimitedMiddleware:
    """Maps the domain error RateLimited, raised by any view, to 429 with its translated message."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, RateLimited):
            return HttpResponse(str(exception.message), status=429, content_type="text/plain; charset=utf-8")
        return None


class DatabaseUnavailableMiddleware:
    """Maps a database that stopped answering (OperationalError, InterfaceError), raised by any view,
    to 503 with Retry-After (core/unavailable.py). Views that say something more specific catch it
    first: the report wizard's "Your report was not saved". Raised by another middleware, the same
    answer comes from the 500 handler (core/views.py, server_error)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, unavailable.DATABASE_DOWN):
            return unavailable.response(request, exception)
        return None
