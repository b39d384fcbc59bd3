"""One-time codes for a lost authenticator: made after step-up and shown once, stored hashed,
each works once at sign-in and leads to a new authenticator; keys unchanged; guessing limited."""

import re

import pyotp
import pytest
from django.contrib.auth.hashers import check_password
from django.test import Client, override_settings
from django.utils import timezone

from glasna.accounts import keyring, second_factor_codes, totp
from glasna.accounts.models import KeyGrant, Role, SecondFactorCode, StaffMember
from glasna.core.models import AuditEvent
from tests.accounts.test_recovery import stepped_up
from tests.factories import PASSWORD, make_organisation, signed_in_client

pytestmark = pytest.mark.django_db

CODES = "/en/staff/one-time-codes/"


def _password_step(username: str) -> Client:
    client = Client()
    response = client.post("/en/staff/login/", {"username": username, "password": PASSWORD})
    assert response.status_code == 302 and response.url.endswith("/staff/login/code/")
    return client


def test_codes_are_shown_once_and_each_works_once() -> None:
    bundle = make_organisation("home", ["MK"], role=Role.CASEWORKER)
    plain = signed_in_client(bundle.staff)
    assert "You have 10 unused codes." in plain.get(CODES).content.decode()  # from her enrolment
    response = plain.post(f"{CODES}new/")
    assert response.status_code == 302 and "/staff/confirm/" in response.url  # step-up first
    page = stepped_up(bundle.staff, plain).post(f"{CODES}new/").content.decode()
    codes = re.findall(r"<li><code>([A-Z0-9-]+)</code></li>", page)
    assert len(codes) == 10 and len(set(codes)) == 10
    assert not SecondFactorCode.objects.filter(code_hash__contains=codes[0]).exists()  # hashed
    assert codes[0] not in plain.get(CODES).content.decode()
    grants = set(KeyGrant.objects.filter(staff=bundle.staff).values_list("sealed_private", flat=True))

    client = _password_step(bundle.staff.user.username)
    response = client.post("/en/staff/login/code/", {"code": codes[0].lower().replace("-", " ")})
    assert response.status_code == 302 and response.url.endswith("/staff/login/set-up/")
    assert client.get(response.url).status_code == 200  # a new QR code
    staff = StaffMember.objects.get(pk=bundle.staff.pk)
    assert client.post("/en/staff/login/set-up/", {"code": pyotp.TOTP(totp.secret_of(staff)).now()}).status_code == 302
    assert client.get("/en/staff/").status_code == 200
    assert set(KeyGrant.objects.filter(staff=staff).values_list("sealed_private", flat=True)) == grants
    assert second_factor_codes.unused(staff) == 9
    # The spent code does not work again.
    again = _password_step(bundle.staff.user.username)
    assert again.post("/en/staff/login/code/", {"code": codes[0]}).status_code == 400
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"staff.second_factor_codes_issued", "staff.second_factor_code_used"} <= actions


@override_settings(GLASNA_LOGIN_ATTEMPTS_PER_HOUR=3)
def test_guessing_codes_is_limited_per_account() -> None:
    bundle = make_organisation("home", ["MK"])
    staff = keyring.create_staff(bundle.organisation, "ana", PASSWORD, Role.CASEWORKER, bundle.org_keys)
    codes = second_factor_codes.issue(staff)
    for _ in range(3):
        assert not second_factor_codes.use(staff, "ABCDE-FGHJK")
    assert not second_factor_codes.use(staff, codes[0])  # throttled: even the right code
    assert second_factor_codes.unused(staff) == 10


def test_spending_the_last_code_brings_new_ones_at_the_new_enrolment() -> None:
    bundle = make_organisation("home", ["MK"], role=Role.CASEWORKER)
    signed_in_client(bundle.staff)
    last = second_factor_codes.issue(bundle.staff)[-1]
    spent = [c.pk for c in bundle.staff.second_factor_codes.all() if not check_password(last, c.code_hash)]
    bundle.staff.second_factor_codes.filter(pk__in=spent).update(used_at=timezone.now())
    client = _password_step(bundle.staff.user.username)
    assert client.post("/en/staff/login/code/", {"code": last}).status_code == 302
    assert client.get("/en/staff/login/set-up/").status_code == 200  # a new QR code
    staff = StaffMember.objects.get(pk=bundle.staff.pk)
    shown = client.post("/en/staff/login/set-up/", {"code": pyotp.TOTP(totp.secret_of(staff)).now()})
    assert (
        shown.status_code == 200
        and len(re.findall(r"<li><code>([A-Z0-9-]+)</code></li>", shown.content.decode())) == 10
    )
    assert client.post("/en/staff/login/set-up/codes/", {"saved": "on"}).status_code == 302
    assert client.get("/en/staff/").status_code == 200
