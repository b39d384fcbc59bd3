"""Step-up: a fresh TOTP code (at most five minutes old) before sensitive actions."""

import time

import pyotp
import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory

from glasna.accounts import step_up, totp
from glasna.accounts.models import Role
from glasna.core.models import AuditEvent
from tests.factories import make_organisation, signed_in_client

pytestmark = pytest.mark.django_db

CONFIRM = "/en/staff/confirm/"


def _next_code(staff: object) -> str:
    # The sign-in used the current step; replay protection refuses it again, so use the next one.
    return pyotp.TOTP(totp.secret_of(staff)).at(time.time() + 30)  # type: ignore[arg-type]


def test_a_fresh_code_confirms_and_returns_to_the_action() -> None:
    bundle = make_organisation("home", ["MK"], role=Role.ORG_ADMIN)
    client = signed_in_client(bundle.staff)
    assert client.get(f"{CONFIRM}?next=/en/staff/console/").status_code == 200
    assert client.post(CONFIRM, {"code": "000000", "next": "/en/staff/console/"}).status_code == 400
    assert not step_up.is_fresh(_request_with(client.session))
    response = client.post(CONFIRM, {"code": _next_code(bundle.staff), "next": "/en/staff/console/"})
    assert response.status_code == 302 and response.url == "/en/staff/console/"
    assert step_up.is_fresh(_request_with(client.session))
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"staff.step_up", "staff.step_up_failed"} <= actions


def test_another_site_is_never_the_way_back() -> None:
    bundle = make_organisation("home", ["MK"], role=Role.ORG_ADMIN)
    client = signed_in_client(bundle.staff)
    response = client.post(CONFIRM, {"code": _next_code(bundle.staff), "next": "https://evil.example/"})
    assert response.status_code == 302 and response.url.endswith("/staff/console/")


def test_the_confirmation_ends_after_five_minutes() -> None:
    request = _request_with(SessionStore())
    assert not step_up.is_fresh(request)
    step_up.mark(request, now=1000.0)
    assert step_up.is_fresh(request, now=1000.0 + step_up.FRESH_SECONDS)
    assert not step_up.is_fresh(request, now=1000.0 + step_up.FRESH_SECONDS + 1)
    assert not step_up.is_fresh(request, now=999.0)  # a mark from the future is not trusted


def test_the_decorator_sends_a_stale_session_to_the_code_page() -> None:
    calls: list[str] = []

    @step_up.require_step_up
    def sensitive(request: HttpRequest) -> HttpResponse:
        calls.append(request.method or "")
        return HttpResponse("done")

    request = _request_with(SessionStore(), path="/en/staff/console/rotate/")
    response = sensitive(request)
    assert response.status_code == 302 and response["Location"].startswith(CONFIRM)
    assert "next=%2Fen%2Fstaff%2Fconsole%2Frotate%2F" in response["Location"]
    assert calls == []
    step_up.mark(request)
    assert sensitive(request).status_code == 200 and calls == ["GET"]


def _request_with(session: SessionStore, path: str = "/") -> HttpRequest:
    request = RequestFactory().get(path)
    request.session = session
    return request
