"""The languages a staff member reads: her own page, and her administrator's."""

import pytest

from glasna.accounts import keyring
from glasna.accounts.models import Role
from glasna.core.models import AuditEvent
from glasna.triage import services
from tests.factories import PASSWORD, make_organisation, signed_in_client

pytestmark = pytest.mark.django_db


def test_a_caseworker_sets_her_own_languages():
    bundle = make_organisation()
    client = signed_in_client(bundle.staff)
    page = client.get("/en/staff/triage/languages/").content.decode()
    assert "Languages you read" in page and 'value="sq"' in page and 'value="cnr"' in page
    assert client.post("/en/staff/triage/languages/", {"languages": ["sq", "mk"]}).status_code == 302
    assert services.languages_of(bundle.staff) == ["mk", "sq"]
    assert AuditEvent.objects.filter(action="triage.languages_changed", target=f"staff:{bundle.staff.pk}").exists()


def test_an_unknown_language_is_refused_and_nothing_changes():
    bundle = make_organisation()
    services.set_languages(bundle.staff, bundle.staff, ["en"], None)
    client = signed_in_client(bundle.staff)
    response = client.post("/en/staff/triage/languages/", {"languages": ["xx"]})
    assert response.status_code == 400 and "Select a valid choice" in response.content.decode()
    assert services.languages_of(bundle.staff) == ["en"]


def test_the_administrator_sets_a_members_languages_a_caseworker_cannot():
    bundle = make_organisation(role=Role.ORG_ADMIN)
    member = keyring.create_staff(bundle.organisation, "vesna", PASSWORD, Role.CASEWORKER, bundle.org_keys)
    admin = signed_in_client(bundle.staff)
    assert "vesna" in admin.get("/en/staff/triage/languages/").content.decode()
    assert admin.post(f"/en/staff/triage/languages/{member.pk}/", {"languages": ["hr"]}).status_code == 302
    assert services.languages_of(member) == ["hr"]
    caseworker = signed_in_client(member)
    assert caseworker.get(f"/en/staff/triage/languages/{bundle.staff.pk}/").status_code == 404


def test_no_member_of_another_organisation():
    bundle = make_organisation(role=Role.ORG_ADMIN)
    stranger = make_organisation(slug="elsewhere").staff
    admin = signed_in_client(bundle.staff)
    assert admin.get(f"/en/staff/triage/languages/{stranger.pk}/").status_code == 404
