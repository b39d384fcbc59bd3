"""A staff member changes her own password (the key opens with the new one only), sees her
sessions and ends the others; wrong current passwords are refused and throttled."""

import time

import pyotp
import pytest
from django.test import Client

from glasna.accounts import keyring, totp
from glasna.accounts.models import Role, StaffMember
from glasna.core.crypto.passphrase import WrongPassphrase
from glasna.core.models import AuditEvent
from tests.factories import PASSWORD, OrgBundle, fresh_step_up, make_organisation, signed_in_client

pytestmark = pytest.mark.django_db

ACCOUNT = "/en/staff/account/"
NEW = "seven orange kites over Ohrid"


@pytest.fixture
def home() -> OrgBundle:
    return make_organisation("home", ["MK"], role=Role.CASEWORKER)


def _second_browser(staff: StaffMember) -> Client:
    other = Client()
    other.post("/en/staff/login/", {"username": staff.user.username, "password": PASSWORD})
    code = pyotp.TOTP(totp.secret_of(staff)).at(time.time() + 30)  # the first browser used this step's code
    assert other.post("/en/staff/login/code/", {"code": code}).status_code == 302
    return other


def test_changing_the_password_keeps_the_key_and_ends_the_other_sessions(home: OrgBundle) -> None:
    first = signed_in_client(home.staff)
    second = _second_browser(home.staff)
    page = first.get(ACCOUNT).content.decode()
    assert page.count("<tr><td><code") == 2 and "this browser" in page
    response = first.post(ACCOUNT, {"current": PASSWORD, "password": NEW, "again": NEW})
    assert response.status_code == 302
    staff = StaffMember.objects.get(pk=home.staff.pk)
    assert keyring.unlock_organisation_keys(staff, keyring.unlock_staff_private_key(staff, NEW)) is not None
    with pytest.raises(WrongPassphrase):
        keyring.unlock_staff_private_key(staff, PASSWORD)
    assert first.get("/en/staff/").status_code == 200  # this browser goes on
    assert second.get("/en/staff/").status_code == 302  # the other one is signed out
    assert AuditEvent.objects.filter(action="staff.password_changed").exists()
    assert AuditEvent.objects.filter(action="staff.other_sessions_ended", target="sessions:1").exists()


def test_a_wrong_current_password_changes_nothing_and_is_throttled(home: OrgBundle, settings) -> None:  # type: ignore[no-untyped-def]
    settings.GLASNA_LOGIN_ATTEMPTS_PER_HOUR = 2
    client = signed_in_client(home.staff)
    for _ in range(2):
        response = client.post(ACCOUNT, {"current": "not it at all, no", "password": NEW, "again": NEW})
        assert response.status_code == 400 and "not your current password" in response.content.decode()
    # Throttled: even the right password is refused now.
    assert client.post(ACCOUNT, {"current": PASSWORD, "password": NEW, "again": NEW}).status_code == 400
    staff = StaffMember.objects.get(pk=home.staff.pk)
    assert keyring.unlock_staff_private_key(staff, PASSWORD)
    assert AuditEvent.objects.filter(action="staff.password_change_failed").count() == 3


def test_a_weak_new_password_is_refused_with_the_reason(home: OrgBundle) -> None:
    client = signed_in_client(home.staff)
    response = client.post(ACCOUNT, {"current": PASSWORD, "password": "Glasna2026!", "again": "Glasna2026!"})
    assert response.status_code == 400 and "built around a word" in response.content.decode()


def test_ending_the_other_sessions_needs_a_fresh_code(home: OrgBundle) -> None:
    first = signed_in_client(home.staff)
    second = _second_browser(home.staff)
    response = first.post(f"{ACCOUNT}sessions/end/")
    assert response.status_code == 302 and "/staff/confirm/" in response.url
    assert second.get("/en/staff/").status_code == 200  # nothing ended without the code
    # Both browsers have used up the codes of this minute; confirm as the code page would.
    fresh_step_up(first)
    assert first.post(f"{ACCOUNT}sessions/end/").status_code == 302
    assert second.get("/en/staff/").status_code == 302
    assert first.get("/en/staff/").status_code == 200


def test_signed_out_visitors_are_sent_to_sign_in() -> None:
    response = Client().get(ACCOUNT)
    assert response.status_code == 302 and "/staff/login/" in response.url
