"""Refusals become audit events (core/security_events.py): a member refused a case, a CSRF
failure, a rate limit; a visitor's address is never kept and her events are capped."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.test import Client, RequestFactory

from glasna.cases.models import Case
from glasna.core import audit, security_events
from glasna.core.models import AuditEvent
from tests.factories import make_organisation, signed_in_client, submit

pytestmark = pytest.mark.django_db


def test_a_member_refused_another_organisations_case_is_recorded() -> None:
    home = make_organisation("mk-cso", ["MK"])
    make_organisation("rs-cso", ["RS"])
    submit(country="RS")
    foreign = Case.objects.get()
    client = signed_in_client(home.staff)
    assert client.get(f"/en/staff/reports/{foreign.report_id}/").status_code == 404
    event = AuditEvent.objects.get(action="staff.access_refused")
    assert event.actor == home.staff.user.username and event.organisation_id == home.organisation.pk
    assert event.target == f"GET cases:report report_id={foreign.report_id}"
    assert audit.verify() == []


def test_a_link_token_in_a_refused_path_is_never_written() -> None:
    request = RequestFactory().get("/en/staff/reset/secret-token-of-someone/")
    assert security_events._page(request, with_ids=True) == "accounts:reset"


def test_a_csrf_failure_is_recorded_without_the_visitors_address() -> None:
    client = Client(enforce_csrf_checks=True, REMOTE_ADDR="203.0.113.9")
    assert client.post("/en/report/", {"step": "1"}).status_code == 403
    event = AuditEvent.objects.get(action="security.csrf_failed")
    assert event.actor == "anonymous" and event.source == "" and "203.0.113" not in event.target
    assert event.target.startswith("POST ")


def test_a_visitors_refusals_are_capped_each_hour(settings) -> None:  # type: ignore[no-untyped-def]
    client = Client(enforce_csrf_checks=True)
    for _ in range(security_events.ANONYMOUS_PER_HOUR + 5):
        assert client.post("/en/report/", {"step": "1"}).status_code == 403
    assert AuditEvent.objects.filter(action="security.csrf_failed").count() == security_events.ANONYMOUS_PER_HOUR


def test_a_rate_limit_refusal_is_recorded() -> None:
    def limited(request):  # type: ignore[no-untyped-def]
        return HttpResponse("slow down", status=429)

    request = RequestFactory().post("/en/report/")
    request.user = AnonymousUser()
    response = security_events.RefusalAuditMiddleware(limited)(request)
    assert response.status_code == 429
    assert AuditEvent.objects.filter(action="security.rate_limited", actor="anonymous").count() == 1


def test_a_visitors_page_not_found_is_not_an_event() -> None:
    assert Client().get("/en/no-such-page/").status_code == 404
    assert not AuditEvent.objects.filter(action__startswith="s").exists()
