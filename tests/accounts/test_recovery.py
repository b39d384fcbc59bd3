"""Recovery without data loss: a lost second factor, a lost password (reset link, then a key
holder's approval). Nothing sealed is lost; the resetting administrator gains no key material;
bad links get one page; the actions need step-up, are audited and mailed to the member."""

import re
import time
from datetime import timedelta

import pyotp
import pytest
from django.core import mail
from django.test import Client, override_settings
from django.utils import timezone

from glasna.accounts import keyring, recovery, totp
from glasna.accounts.models import CredentialReset, KeyGrant, Role, StaffMember
from glasna.cases.models import Case
from glasna.core import outbox
from glasna.core.models import AuditEvent
from tests.factories import PASSWORD, OrgBundle, finish_enrolment, make_organisation, signed_in_client, submit

pytestmark = pytest.mark.django_db

CONSOLE = "/en/staff/console/"
NEW_PASSWORD = "a different invented passphrase 5531"


@pytest.fixture
def home() -> OrgBundle:
    return make_organisation("home", ["MK"], role=Role.ORG_ADMIN)


def stepped_up(staff: StaffMember, client: Client | None = None) -> Client:
    """Signed in and past a fresh step-up (the next TOTP step: the current one was just used)."""
    client = client or signed_in_client(staff)
    code = pyotp.TOTP(totp.secret_of(staff)).at(time.time() + 30)
    assert client.post("/en/staff/confirm/", {"code": code, "next": CONSOLE}).status_code == 302
    return client


def _member(home: OrgBundle, username: str = "vesna", email: str = "vesna@example.org") -> StaffMember:
    return keyring.create_staff(home.organisation, username, PASSWORD, Role.CASEWORKER, home.org_keys, email=email)


def _two_cases(home: OrgBundle, member: StaffMember) -> list[Case]:
    """One case sealed to key version 1, one to version 2 after a rotation, both hers."""
    submit(country="MK", narrative="Synthetic story before the rotation.")
    keys = keyring.rotate_organisation_key(home.organisation, home.org_keys)
    home.org_keys = keys
    submit(country="MK", narrative="Synthetic story after the rotation.")
    Case.objects.filter(organisation=home.organisation).update(assigned_to=member)
    return list(Case.objects.filter(organisation=home.organisation).order_by("pk"))


def _grants(staff: StaffMember) -> set[tuple[int, bytes]]:
    return {(g.org_key_id, bytes(g.sealed_private)) for g in KeyGrant.objects.filter(staff=staff)}


def test_a_lost_second_factor_is_reset_and_nothing_changes_in_her_keys(home: OrgBundle) -> None:
    vesna = _member(home)
    cases = _two_cases(home, vesna)
    her_client = signed_in_client(vesna)
    grants_before, admin_grants = _grants(vesna), _grants(home.staff)
    admin = stepped_up(home.staff)
    response = admin.post(f"{CONSOLE}members/{vesna.pk}/recovery/", {"action": "second_factor"})
    assert response.status_code == 302
    vesna.refresh_from_db()
    assert not vesna.totp_confirmed and vesna.totp_secret_sealed is None
    assert her_client.get("/en/staff/").status_code == 302  # her sessions ended
    assert _grants(vesna) == grants_before and _grants(home.staff) == admin_grants
    # Her password still opens everything; she enrols a new authenticator.
    again = signed_in_client(vesna)
    for case in cases:
        assert again.get(f"/en/staff/reports/{case.report_id}/").status_code == 200
    assert AuditEvent.objects.filter(action="staff.second_factor_reset", actor="staff-home").exists()
    outbox.relay()  # the worker's relay: the test's transaction never commits
    assert [m.to for m in mail.outbox] == [["vesna@example.org"]]


def test_a_lost_password_is_reset_and_she_reads_every_old_case_after_approval(home: OrgBundle) -> None:
    vesna = _member(home)
    cases = _two_cases(home, vesna)
    admin_grants = _grants(home.staff)
    admin = stepped_up(home.staff)
    page = admin.post(f"{CONSOLE}members/{vesna.pk}/recovery/", {"action": "password"}).content.decode()
    link = re.search(r'<code id="reset-link" dir="ltr">([^<]+)</code>', page)
    assert link is not None
    token = link.group(1).split("/reset/", 1)[1].rstrip("/")
    assert not CredentialReset.objects.filter(token_hash__contains=token).exists()  # only a hash
    assert _grants(home.staff) == admin_grants  # issuing the link handled no key material

    her = Client()
    assert her.get(f"/en/staff/reset/{token}/").status_code == 200
    response = her.post(f"/en/staff/reset/{token}/", {"password": NEW_PASSWORD, "again": NEW_PASSWORD})
    assert response.status_code == 302 and response.url.endswith("/staff/login/set-up/")
    assert her.get(response.url).status_code == 200
    vesna.refresh_from_db()
    code = pyotp.TOTP(totp.secret_of(vesna)).now()
    assert finish_enrolment(her, code).status_code == 302
    # Before approval she reads nothing, and her old password opens nothing.
    assert not KeyGrant.objects.filter(staff=vesna).exists()
    for case in cases:
        assert her.get(f"/en/staff/reports/{case.report_id}/").status_code in (403, 404)
    assert Client().post("/en/staff/login/", {"username": "vesna", "password": PASSWORD}).status_code == 400

    assert admin.post(f"{CONSOLE}members/{vesna.pk}/", {"action": "approve"}).status_code == 302
    for case in cases:
        page = her.get(f"/en/staff/reports/{case.report_id}/").content.decode()
        assert "Synthetic story" in page
    assert _grants(home.staff) == admin_grants
    private = keyring.unlock_staff_private_key(vesna, NEW_PASSWORD)
    assert set(keyring.unlock_organisation_keys(vesna, private).by_version) == {1, 2}
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"staff.reset_issued", "staff.reset_used", "staff.credentials_reset", "staff.approved"} <= actions
    # The link worked once.
    assert Client().get(f"/en/staff/reset/{token}/").status_code == 404


def _invalid(client: Client, token: str) -> str:
    response = client.get(f"/en/staff/reset/{token}/")
    assert response.status_code == 404
    return response.content.decode().split("<h1>", 1)[1].split("</p>", 1)[0]


def test_forged_expired_and_used_reset_links_get_one_page(home: OrgBundle) -> None:
    vesna, mira = _member(home), _member(home, "mira", "")
    expired = recovery.issue_reset(mira, home.staff, "staff-home")
    CredentialReset.objects.filter(staff=mira).update(expires_at=timezone.now() - timedelta(minutes=1))
    used = recovery.issue_reset(vesna, home.staff, "staff-home")
    recovery.use_reset(used, NEW_PASSWORD, "198.51.100.7")
    pages = {_invalid(Client(), token) for token in ("forged-token-123", expired, used)}
    assert len(pages) == 1
    page = pages.pop()
    assert "This link does not work" in page and "vesna" not in page and "mira" not in page


@override_settings(GLASNA_LOGIN_ATTEMPTS_PER_HOUR=3)
def test_guessing_reset_links_is_throttled(home: OrgBundle) -> None:
    token = recovery.issue_reset(_member(home), home.staff, "staff-home")
    guesser = Client(REMOTE_ADDR="203.0.113.9")
    for attempt in range(3):
        assert guesser.get(f"/en/staff/reset/guess-{attempt}/").status_code == 404
    # Throttled: even the right link now gets the same page from this address.
    assert guesser.get(f"/en/staff/reset/{token}/").status_code == 404
    assert Client(REMOTE_ADDR="203.0.113.10").get(f"/en/staff/reset/{token}/").status_code == 200


def test_recovery_needs_an_administrator_and_a_fresh_step_up(home: OrgBundle) -> None:
    vesna = _member(home)
    signed_in_client(vesna)
    url = f"{CONSOLE}members/{vesna.pk}/recovery/"
    plain = signed_in_client(home.staff)
    response = plain.post(url, {"action": "second_factor"})
    assert response.status_code == 302 and "/staff/confirm/" in response.url
    assert not AuditEvent.objects.filter(action="staff.second_factor_reset").exists()
    assert StaffMember.objects.get(pk=vesna.pk).totp_confirmed
    colleague = stepped_up(_member(home, "mira", ""))
    assert colleague.post(url, {"action": "password"}).status_code == 404
    assert not CredentialReset.objects.exists()


def test_an_administrator_cannot_reset_herself(home: OrgBundle) -> None:
    vesna = _member(home)
    admin = stepped_up(home.staff)
    console = admin.get(CONSOLE).content.decode()
    assert f"/members/{vesna.pk}/recovery/" in console
    assert f"/members/{home.staff.pk}/recovery/" not in console  # no button for herself
    page = admin.post(
        f"{CONSOLE}members/{home.staff.pk}/recovery/", {"action": "password"}, follow=True
    ).content.decode()
    assert "Ask another administrator" in page
    assert not CredentialReset.objects.exists()


def test_reset_forms_are_csrf_protected(home: OrgBundle) -> None:
    token = recovery.issue_reset(_member(home), home.staff, "staff-home")
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(f"/en/staff/reset/{token}/", {"password": NEW_PASSWORD, "again": NEW_PASSWORD})
    assert response.status_code == 403
    assert CredentialReset.objects.get().used_at is None  # nothing done, the link still works
