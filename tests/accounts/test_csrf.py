"""Every form of the staff console and the accounts pages is CSRF-protected (issue 15, Bad input):
a POST without the token is refused before any view runs, for each of the room's URLs, signed
in as an administrator past a fresh code, so no page is left out by being added later."""

import pytest
from django.test import Client
from django.urls import URLPattern, reverse

from glasna.accounts import urls
from glasna.accounts.models import Role
from glasna.core.models import AuditEvent
from tests.factories import fresh_step_up, make_organisation, signed_in_client

pytestmark = pytest.mark.django_db

_ARGUMENTS = {"int": 1, "string": "x" * 43, "slug": "mail"}


def _url(pattern: URLPattern) -> str:
    kwargs = {
        name: _ARGUMENTS[type(converter).__name__.removesuffix("Converter").lower()]
        for name, converter in pattern.pattern.converters.items()
    }
    return reverse(f"accounts:{pattern.name}", kwargs=kwargs)


@pytest.mark.parametrize("pattern", urls.urlpatterns, ids=lambda pattern: pattern.name)
def test_a_post_without_the_token_is_refused(pattern: URLPattern) -> None:
    home = make_organisation("home", ["MK"], role=Role.ORG_ADMIN)
    strict = Client(enforce_csrf_checks=True)
    strict.cookies = fresh_step_up(signed_in_client(home.staff)).cookies
    before = AuditEvent.objects.count()
    assert strict.post(_url(pattern), {"action": "remove"}).status_code == 403
    # Nothing was done; only the refusal itself is recorded (core/security_events.py).
    assert list(AuditEvent.objects.order_by("pk").values_list("action", flat=True)[before:]) == ["security.csrf_failed"]
