"""`glasna recover_admin`: the last administrator is locked out. With the recovery code, an
existing member or a new person becomes administrator and, after using the link, gets the
organisation key; she reads every old case. Whoever runs the command gets no key."""

from pathlib import Path

import pyotp
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from glasna.accounts import keyring, totp
from glasna.accounts.models import KeyGrant, Role, StaffMember
from glasna.cases.models import Case
from glasna.core.models import AuditEvent
from tests.factories import PASSWORD, OrgBundle, finish_enrolment, make_organisation, submit

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a recovered administrator passphrase 404"


@pytest.fixture
def home() -> OrgBundle:
    return make_organisation("home", ["MK"], role=Role.ORG_ADMIN)


def _code_file(tmp_path: Path, code: str) -> str:
    path = tmp_path / "code"
    path.write_text(code + "\n")
    return str(path)


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    call_command("recover_admin", *args)
    return capsys.readouterr().out


def _use_link(path: str, kind: str) -> Client:
    client = Client()
    response = client.post(path, {"password": NEW_PASSWORD, "again": NEW_PASSWORD})
    assert response.status_code == 302 and response.url.endswith("/staff/login/set-up/"), kind
    client.get(response.url)
    return client


def _enrol(client: Client, username: str) -> None:
    staff = StaffMember.objects.get(user__username=username)
    assert finish_enrolment(client, pyotp.TOTP(totp.secret_of(staff)).now()).status_code == 302


def test_an_existing_member_becomes_administrator_and_reads_every_old_case(
    home: OrgBundle, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    keyring.create_staff(home.organisation, "ana", PASSWORD, Role.CASEWORKER, home.org_keys)
    submit(country="MK", narrative="Synthetic story before the rotation.")
    home.org_keys = keyring.rotate_organisation_key(home.organisation, home.org_keys)
    submit(country="MK", narrative="Synthetic story after the rotation.")
    code = _code_file(tmp_path, home.recovery_code.lower().replace("-", " "))  # as typed from paper
    grants_before = KeyGrant.objects.count()

    out = _run(capsys, "home", "--username", "ana", "--code-file", code)
    path = next(line for line in out.splitlines() if "/reset/" in line)
    ana = StaffMember.objects.get(user__username="ana")
    assert ana.role == Role.ORG_ADMIN
    client = _use_link(path, "reset")
    _enrol(client, "ana")
    assert not KeyGrant.objects.filter(staff=ana).exists()  # waiting: nothing readable yet

    _run(capsys, "home", "--username", "ana", "--approve", "--code-file", code)
    # Exactly one new grant, hers: nobody else, no operator account, received key material.
    assert KeyGrant.objects.count() == grants_before - 2 + 1
    assert set(KeyGrant.objects.filter(staff=ana).values_list("org_key__version", flat=True)) == {2}
    Case.objects.update(assigned_to=ana)
    for case in Case.objects.all():
        assert "Synthetic story" in client.get(f"/en/staff/reports/{case.report_id}/").content.decode()
    assert client.get("/en/staff/console/").status_code == 200
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"keys.recovery_code_used", "staff.role_changed", "staff.reset_issued", "staff.approved"} <= actions


def test_a_new_administrator_is_invited_then_approved(
    home: OrgBundle, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = _code_file(tmp_path, home.recovery_code)
    out = _run(capsys, "home", "--username", "new-admin", "--code-file", code)
    path = next(line for line in out.splitlines() if "/join/" in line)
    client = _use_link(path, "invitation")
    _enrol(client, "new-admin")
    _run(capsys, "home", "--username", "new-admin", "--approve", "--code-file", code)
    admin = StaffMember.objects.get(user__username="new-admin")
    assert admin.role == Role.ORG_ADMIN
    assert KeyGrant.objects.filter(staff=admin, org_key=home.organisation.current_key).exists()


def test_refusals(home: OrgBundle, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    wrong = _code_file(tmp_path, "AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG-HHHH-JJJJ-KKKK")
    with pytest.raises(CommandError, match="does not open"):
        _run(capsys, "home", "--username", "anyone", "--code-file", wrong)
    code = _code_file(tmp_path, home.recovery_code)
    with pytest.raises(CommandError, match="no organisation"):
        _run(capsys, "elsewhere", "--username", "anyone", "--code-file", code)
    with pytest.raises(CommandError, match="no such member"):
        _run(capsys, "home", "--username", "nobody", "--approve", "--code-file", code)
    keyring.create_staff(home.organisation, "ana", PASSWORD, Role.CASEWORKER, home.org_keys)
    _run(capsys, "home", "--username", "ana", "--code-file", code)
    with pytest.raises(CommandError, match="has not finished"):  # the link is not used yet
        _run(capsys, "home", "--username", "ana", "--approve", "--code-file", code)
    assert not StaffMember.objects.filter(user__username="anyone").exists()
