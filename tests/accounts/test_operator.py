"""The operator console: the installation's operator creates an organisation and its first
administrator's invitation, sees the recovery code once, and can read nothing sealed to it."""

import re
from pathlib import Path

import pyotp
import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from glasna.accounts import directory, keyring, totp
from glasna.accounts.models import KeyGrant, Organisation, Role, StaffMember
from glasna.cases.models import Case
from glasna.core.models import AuditEvent
from tests.factories import PASSWORD, finish_enrolment, fresh_step_up, make_organisation, signed_in_client, submit

pytestmark = pytest.mark.django_db

OPERATOR = "/en/staff/operator/"
NEW_PASSWORD = "the first administrator's passphrase 12"


@pytest.fixture
def operator(tmp_path: Path) -> StaffMember:
    password_file = tmp_path / "pw"
    password_file.write_text(PASSWORD)
    call_command("create_operator", "olga", "--password-file", str(password_file))
    return StaffMember.objects.get(user__username="olga")


def _found(client: Client, slug: str = "nova") -> str:
    form = {
        "slug": slug,
        "name": "Nova (invented)",
        "org_type": "womens_rights",
        "countries": ["MK", "AL"],
        "language": "mk",
        "admin_username": f"{slug}-admin",
        "admin_email": "",
    }
    response = client.post(OPERATOR, form)
    assert response.status_code == 200
    return response.content.decode()


def test_the_operator_founds_an_organisation_and_holds_nothing_of_it(operator: StaffMember) -> None:
    assert operator.role == Role.PLATFORM_ADMIN and not KeyGrant.objects.filter(staff=operator).exists()
    client = signed_in_client(operator)
    assert client.get(OPERATOR).status_code == 200
    page = _found(client)
    code = re.search(r'<code id="recovery-code" dir="ltr">([^<]+)</code>', page).group(1)  # type: ignore[union-attr]
    link = re.search(r'<code id="invitation-link" dir="ltr">([^<]+)</code>', page).group(1)  # type: ignore[union-attr]
    nova = Organisation.objects.get(slug="nova")
    assert nova.countries == ["MK", "AL"] and nova.language == "mk"
    assert code not in client.get(OPERATOR).content.decode()  # shown once
    # The operator holds no grant of it; no key of it is sealed to her.
    assert not KeyGrant.objects.filter(staff=operator).exists()
    assert not KeyGrant.objects.filter(org_key__organisation=nova).exists()
    assert AuditEvent.objects.filter(action="organisation.founded", actor="olga").exists()
    assert [o.slug for o in directory.search()] == ["nova"]  # the operator's own is not listed

    # The first administrator joins, then opens the key with the recovery code she was handed.
    admin = Client()
    response = admin.post(link.split("testserver", 1)[1], {"password": NEW_PASSWORD, "again": NEW_PASSWORD})
    assert response.status_code == 302
    admin.get(response.url)
    first = StaffMember.objects.get(user__username="nova-admin")
    assert finish_enrolment(admin, pyotp.TOTP(totp.secret_of(first)).now()).status_code == 302
    assert admin.get("/en/staff/console/").status_code == 403
    assert admin.post("/en/staff/recovery-code/", {"code": "WRONG-CODE"}).status_code == 400
    assert admin.post("/en/staff/recovery-code/", {"code": code}).status_code == 302
    assert admin.get("/en/staff/console/").status_code == 200
    submit(country="AL", narrative="Synthetic story for the new organisation.")
    case = Case.objects.get(organisation=nova)
    Case.objects.filter(pk=case.pk).update(assigned_to=first)
    assert "Synthetic story" in admin.get(f"/en/staff/reports/{case.report_id}/").content.decode()
    # Now that someone holds the key, the recovery-code page is gone.
    assert admin.get("/en/staff/recovery-code/").status_code == 404
    # The operator still opens nothing: no report, no case.
    assert client.get(f"/en/staff/reports/{case.report_id}/").status_code in (403, 404)
    assert not KeyGrant.objects.filter(staff=operator).exists()


def test_refusals_and_permissions(operator: StaffMember) -> None:
    client = signed_in_client(operator)
    _found(client)
    response = client.post(OPERATOR, {"slug": "nova", "name": "Again"})
    assert response.status_code == 400
    assert Organisation.objects.filter(slug="nova").count() == 1
    bundle = make_organisation("home", ["MK"], role=Role.ORG_ADMIN)
    assert signed_in_client(bundle.staff).get(OPERATOR).status_code == 404
    assert Client().get(OPERATOR).status_code == 302  # to sign-in
    with pytest.raises(CommandError, match="exists already"):
        call_command("create_operator", "second", "--password-file", __file__)
    # The operator is no key holder: her organisation's own key reaches her nothing.
    with pytest.raises(keyring.KeyUnavailable):
        keyring.unlock_organisation_keys(operator, keyring.unlock_staff_private_key(operator, PASSWORD))


def test_the_operator_signs_every_staff_member_out(operator: StaffMember) -> None:
    tirana = make_organisation("tirana", ["AL"], role=Role.CASEWORKER)
    skopje = make_organisation("skopje", ["MK"], role=Role.ORG_ADMIN)
    members = [signed_in_client(tirana.staff), signed_in_client(skopje.staff)]
    halfway = Client()  # password typed, code not yet: her key is held in this session
    halfway.post("/en/staff/login/", {"username": tirana.staff.user.username, "password": PASSWORD})
    other = SessionStore()  # a session without staff identity (none is staff, none is ended)
    other["glasna_language_chosen"] = "sq"
    other.create()
    client = fresh_step_up(signed_in_client(operator))
    response = client.post(f"{OPERATOR}sessions/end/", follow=True)
    assert "3 staff sessions were ended" in response.content.decode()
    for member in members:
        assert member.get("/en/staff/").status_code == 302  # to sign-in
    assert halfway.post("/en/staff/login/code/", {"code": "123456"}).url.endswith("/staff/login/")
    assert Session.objects.filter(session_key=other.session_key).exists()
    assert client.get(OPERATOR).status_code == 200  # she goes on
    assert AuditEvent.objects.filter(action="operator.all_sessions_ended", actor="olga", target="sessions:3").exists()


def test_signing_everyone_out_needs_the_operator_and_a_fresh_code(operator: StaffMember) -> None:
    admin = make_organisation("home", ["MK"], role=Role.ORG_ADMIN)
    member = signed_in_client(admin.staff)
    assert fresh_step_up(member).post(f"{OPERATOR}sessions/end/").status_code == 404
    assert Client().post(f"{OPERATOR}sessions/end/").status_code == 302  # to sign-in
    client = signed_in_client(operator)
    response = client.post(f"{OPERATOR}sessions/end/")
    assert response.status_code == 302 and "/staff/confirm/" in response.url
    assert member.get("/en/staff/").status_code == 200  # nothing ended without the code
    assert not AuditEvent.objects.filter(action="operator.all_sessions_ended").exists()
