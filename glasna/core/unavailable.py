"""The answer while the database is down (restarting, unreachable, out of connections): HTTP 503
with Retry-After, instead of a bare 500.

The page is built without the database: a template rendered without a request, so no context
processor runs and neither the session nor the user is read (either would query the database that
just failed). The log line names the exception's type only: its text may quote a query's values."""

import logging

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

DATABASE_DOWN = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 60


def wants_json(request: HttpRequest) -> bool:
    """The platform APIs and the published JSON documents answer in JSON, every other page in HTML."""
    return request.path.startswith("/api/") or request.path.endswith(".json")


def response(request: HttpRequest, exception: BaseException) -> HttpResponse:
    logger.warning("database unavailable: %s; answered 503", type(exception).__name__, extra={"status": 503})
    answer: HttpResponse
    if wants_json(request):
        # The APIs' error shape (matching/api.py's handlers): {"detail": message}.
        answer = JsonResponse({"detail": _("The service is briefly unavailable. Try again in a minute.")}, status=503)
    else:
        answer = HttpResponse(loader.get_template("503.html").render(), status=503)
    answer["Retry-After"] = str(RETRY_AFTER_SECONDS)
    # Logged above by type; Django's request logger would add an error line quoting the path.
    answer._has_been_logged = True  # type: ignore[attr-defined]  # the flag django.utils.log.log_response reads
    return answer
