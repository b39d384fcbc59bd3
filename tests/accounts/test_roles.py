"""Role changes (accounts/roles.py): the refusals that keep an organisation running, grants
dropped for analysts, no key given by a change, an audit event and a mail to the member."""

import pytest
from django.core import mail

from glasna.accounts import keyring, membership, roles
from glasna.accounts.models import KeyGrant, Membership, Role
from glasna.core import outbox
from glasna.core.models import AuditEvent
from tests.factories import PASSWORD, OrgBundle, make_organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def home() -> OrgBundle:
    return make_organisation("home", ["MK"], role=Role.ORG_ADMIN)


def test_the_last_administrator_cannot_be_demoted(home: OrgBundle) -> None:
    with pytest.raises(roles.RoleRefused, match="last administrator"):
        roles.change_role(home.staff, Role.CASEWORKER, "staff-home")
    second = keyring.create_staff(home.organisation, "second", PASSWORD, Role.ORG_ADMIN, home.org_keys)
    assert not roles.change_role(home.staff, Role.CASEWORKER, "second")
    home.staff.refresh_from_db()
    assert home.staff.role == Role.CASEWORKER
    with pytest.raises(roles.RoleRefused, match="last administrator"):
        roles.change_role(second, Role.LAWYER, "second")


def test_the_last_key_holder_cannot_become_an_analyst(home: OrgBundle) -> None:
    worker = keyring.create_staff(home.organisation, "worker", PASSWORD, Role.CASEWORKER, home.org_keys)
    keyring.create_staff(home.organisation, "boss", PASSWORD, Role.ORG_ADMIN, None, awaiting_key=True)
    roles.change_role(home.staff, Role.LAWYER, "boss")  # another administrator exists (waiting)
    assert roles.change_role(home.staff, Role.ANALYST, "worker")  # she gave up the key
    assert not KeyGrant.objects.filter(staff=home.staff).exists()
    with pytest.raises(roles.RoleRefused, match="last member who holds"):
        roles.change_role(worker, Role.ANALYST, "boss")
    worker.refresh_from_db()
    assert worker.role == Role.CASEWORKER and membership.holds_newest_key(worker)


def test_a_change_to_a_reading_role_gives_no_key_until_approved(home: OrgBundle) -> None:
    counter = keyring.create_staff(home.organisation, "counter", PASSWORD, Role.ANALYST, None)
    assert not roles.change_role(counter, Role.CASEWORKER, "staff-home")
    counter.refresh_from_db()
    assert membership.state_of(counter, membership.holds_newest_key(counter)) == "waiting"
    membership.approve(counter, home.org_keys, "staff-home")
    assert membership.holds_newest_key(counter)


def test_refusals_for_nonsense_changes(home: OrgBundle) -> None:
    worker = keyring.create_staff(home.organisation, "worker", PASSWORD, Role.CASEWORKER, home.org_keys)
    with pytest.raises(roles.RoleRefused, match="already has this role"):
        roles.change_role(worker, Role.CASEWORKER, "staff-home")
    with pytest.raises(roles.RoleRefused, match="cannot be given from the console"):
        roles.change_role(worker, Role.PLATFORM_ADMIN, "staff-home")
    membership.leave(worker, Membership.SUSPENDED, "staff-home")
    with pytest.raises(roles.RoleRefused, match="no longer active"):
        roles.change_role(worker, Role.LAWYER, "staff-home")
    assert not AuditEvent.objects.filter(action="staff.role_changed").exists()


def test_the_change_is_audited_and_mailed_in_the_organisation_language(home: OrgBundle) -> None:
    home.organisation.language = "en"
    home.organisation.save()
    worker = keyring.create_staff(
        home.organisation, "worker", PASSWORD, Role.CASEWORKER, home.org_keys, email="worker@invented.example"
    )
    roles.change_role(worker, Role.LAWYER, "staff-home")
    event = AuditEvent.objects.get(action="staff.role_changed")
    assert event.actor == "staff-home" and event.target == "staff:worker role:caseworker->lawyer"
    outbox.relay()  # the worker's relay: the test's transaction never commits
    [message] = mail.outbox
    assert message.to == ["worker@invented.example"]
    assert "from Caseworker to Lawyer" in message.body
    assert AuditEvent.objects.filter(action="staff.mailed", target="staff:worker").exists()
