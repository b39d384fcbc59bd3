"""Staff sessions end when idle for GLASNA_SESSION_IDLE_SECONDS and GLASNA_SESSION_SECONDS after
sign-in, whatever happens in between; each ending is an audit event."""

import time

import pytest
from django.test import Client

from glasna.accounts import session_limits
from glasna.accounts.models import Role
from glasna.core.models import AuditEvent
from tests.factories import make_organisation, signed_in_client

pytestmark = pytest.mark.django_db

INBOX = "/en/staff/"


def _shift(client: Client, **ago: float) -> None:
    """Pretend the session's clocks were set `ago` seconds before now."""
    session = client.session
    now = time.time()
    for field, seconds in ago.items():
        session[getattr(session_limits, field)] = now - seconds
    session.save()


@pytest.fixture
def client() -> Client:
    return signed_in_client(make_organisation("home", ["MK"], role=Role.CASEWORKER).staff)


def test_an_active_session_goes_on(client: Client) -> None:
    assert client.get(INBOX).status_code == 200
    _shift(client, SIGNED_IN_AT=7 * 3600, SEEN_AT=29 * 60)
    assert client.get(INBOX).status_code == 200
    assert time.time() - client.session[session_limits.SEEN_AT] < 60  # the request counted as activity


def test_an_idle_session_ends_and_says_why_in_the_audit(client: Client) -> None:
    assert client.get(INBOX).status_code == 200
    _shift(client, SEEN_AT=31 * 60)
    response = client.get(INBOX)
    assert response.status_code == 302 and "/staff/login/" in response.url
    assert client.get(INBOX).status_code == 302  # and stays ended
    assert AuditEvent.objects.filter(action="staff.session_ended_idle").count() == 1


def test_a_busy_session_still_ends_eight_hours_after_sign_in(client: Client) -> None:
    assert client.get(INBOX).status_code == 200
    _shift(client, SIGNED_IN_AT=8 * 3600 + 1, SEEN_AT=0)
    response = client.get(INBOX)
    assert response.status_code == 302 and "/staff/login/" in response.url
    assert AuditEvent.objects.filter(action="staff.session_ended_lifetime").count() == 1


def test_the_limits_come_from_settings(settings) -> None:  # type: ignore[no-untyped-def]
    settings.GLASNA_SESSION_IDLE_SECONDS = 10
    settings.SESSION_COOKIE_AGE = 100
    assert session_limits.expired(started=0, seen=0, now=10) is None
    assert session_limits.expired(started=0, seen=0, now=11) == "idle"
    assert session_limits.expired(started=0, seen=95, now=101) == "lifetime"
