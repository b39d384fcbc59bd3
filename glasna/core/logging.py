"""Structured logs: one JSON object a line (GLASNA_LOG_FORMAT=json), and a request id per request.

Survivor data must never reach a log. The formatter writes an allow-list of fields, never a record's
other attributes (Django's request logger attaches the whole request); the filter also drops such
attributes from the record, and rewrites Django's request messages, which quote the path. The
request log names the URL pattern, never the path, the query, the body or the client address."""

import contextvars
import json
import logging
import secrets
import time
import traceback
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from django.http import HttpRequest, HttpResponse

request_id: contextvars.ContextVar[str] = contextvars.ContextVar("glasna_request_id", default="")

# Record attributes that say how, where and when, never what was sent: everything else is dropped.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime"}
_SAFE_EXTRAS = {"route", "method", "status", "duration_ms"}
_QUOTES_THE_PATH = {"django.request", "django.server", "django.security.csrf"}


class SurvivorDataFilter(logging.Filter):
    """Drops every non-standard record attribute outside a short allow-list (a view's `extra=` or
    Django's `request`), and replaces messages that quote a request path with the status alone."""

    def filter(self, record: logging.LogRecord) -> bool:
        for name in list(vars(record)):
            if name not in _STANDARD and name not in _SAFE_EXTRAS:
                delattr(record, name)
        if record.name in _QUOTES_THE_PATH or record.name.startswith("django.security."):
            record.msg, record.args = f"{record.name} event (path withheld)", None
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": request_id.get(),
        }
        entry.update({name: getattr(record, name) for name in sorted(_SAFE_EXTRAS) if hasattr(record, name)})
        if record.exc_info and record.exc_info[0] is not None:
            # The type and the frames, not the exception's text: that may quote input.
            entry["exception"] = record.exc_info[0].__name__
            entry["traceback"] = "".join(traceback.format_tb(record.exc_info[2]))
        return json.dumps(entry, ensure_ascii=False, default=str)


def config(log_format: str, level: str) -> dict[str, Any]:
    """The LOGGING setting: text (the default) or one JSON object a line."""
    formatter = {"()": JsonFormatter} if log_format == "json" else {"format": "%(levelname)s %(name)s %(message)s"}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"no_survivor_data": {"()": SurvivorDataFilter}},
        "formatters": {"glasna": formatter},
        "handlers": {
            "console": {"class": "logging.StreamHandler", "formatter": "glasna", "filters": ["no_survivor_data"]}
        },
        # Request logs would carry receipt-bearing paths and IP addresses: keep Django's quiet.
        "loggers": {
            "django.request": {"handlers": ["console"], "level": "ERROR"},
            "glasna": {"handlers": ["console"], "level": level},
            # The audit copy is shipped off the server (core/audit_shipping.py) whatever the level.
            "glasna.audit": {"handlers": ["console"], "level": "INFO", "propagate": False},
        },
    }


request_log = logging.getLogger("glasna.request")


class RequestLogMiddleware:
    """Gives each request an id (in every log line it causes, and the X-Request-ID header) and logs
    one line when it ends: method, URL pattern name, status and duration."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = request_id.set(secrets.token_hex(8))
        started = time.monotonic()
        try:
            response = self.get_response(request)
            match = request.resolver_match
            route = match.view_name if match else "unresolved"
            extra = {"route": route, "method": request.method, "status": response.status_code}
            extra["duration_ms"] = round((time.monotonic() - started) * 1000)
            request_log.info("%s %s %s", request.method, route, response.status_code, extra=extra)
            response["X-Request-ID"] = request_id.get()
            return response
        finally:
            request_id.reset(token)
