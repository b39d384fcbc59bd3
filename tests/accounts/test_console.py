"""The staff console: invite, join, enrol, approve and read a case; suspension and removal end
sessions and destroy grants; the refusals; every action in the audit chain."""

import re
from datetime import timedelta

import pyotp
import pytest
from django.contrib.sessions.models import Session
from django.test import Client, override_settings
from django.utils import timezone

from glasna.accounts import invitations, keyring, membership, second_factor_codes, totp
from glasna.accounts.models import Invitation, KeyGrant, Membership, Role, StaffMember
from glasna.cases.models import Case
from glasna.core import outbox
from glasna.core.models import AuditEvent
from glasna.triage.services import languages_of
from tests.factories import PASSWORD, OrgBundle, make_organisation, signed_in_client, submit

pytestmark = pytest.mark.django_db

CONSOLE = "/en/staff/console/"
NEW_PASSWORD = "a long invented passphrase 7731"


@pytest.fixture
def home() -> OrgBundle:
    return make_organisation("home", ["MK"], role=Role.ORG_ADMIN)


def _invite(admin: Client, username: str = "nova", role: str = Role.CASEWORKER) -> str:
    response = admin.post(f"{CONSOLE}invite/", {"username": username, "email": "", "role": role})
    assert response.status_code == 302
    page = admin.get(CONSOLE).content.decode()
    link = re.search(r'<code id="invitation-link" dir="ltr">([^<]+)</code>', page)
    assert link is not None
    # Shown once only.
    assert 'id="invitation-link"' not in admin.get(CONSOLE).content.decode()
    return link.group(1).split("/join/", 1)[1].rstrip("/")


def _join(token: str, username: str = "nova") -> Client:
    client = Client()
    assert client.get(f"/en/staff/join/{token}/").status_code == 200
    response = client.post(f"/en/staff/join/{token}/", {"password": NEW_PASSWORD, "again": NEW_PASSWORD})
    assert response.status_code == 302 and response.url.endswith("/staff/login/set-up/")
    assert client.get(response.url).status_code == 200  # the QR page, rendered on the server
    staff = StaffMember.objects.get(user__username=username)
    code = pyotp.TOTP(totp.secret_of(staff)).now()
    # Right after the authenticator: her one-time codes, shown once; she is signed in only once
    # she says she kept them (an unticked box gets ten new codes, the shown ones stop working).
    shown = client.post("/en/staff/login/set-up/", {"code": code})
    first = re.findall(r"<li><code>([A-Z0-9-]+)</code></li>", shown.content.decode())
    assert shown.status_code == 200 and len(set(first)) == 10
    assert client.get("/en/staff/").status_code == 302  # not signed in yet
    again = client.post("/en/staff/login/set-up/codes/", {})
    codes = re.findall(r"<li><code>([A-Z0-9-]+)</code></li>", again.content.decode())
    assert again.status_code == 400 and len(codes) == 10 and not set(codes) & set(first)
    assert second_factor_codes.unused(staff) == 10
    assert not second_factor_codes.use(staff, first[0])
    assert client.post("/en/staff/login/set-up/codes/", {"saved": "on"}).status_code == 302
    assert client.get("/en/staff/").status_code == 403  # signed in, and reads nothing until approved
    # The page works once: a replay of the tick signs nobody in.
    assert Client().post("/en/staff/login/set-up/codes/", {"saved": "on"}).url.endswith("/staff/login/")
    return client


def test_invite_join_approve_and_read_a_case(home: OrgBundle) -> None:
    admin = signed_in_client(home.staff)
    submit(country="MK")
    case = Case.objects.get(organisation=home.organisation)
    token = _invite(admin)
    assert not Invitation.objects.filter(token_hash__contains=token).exists()  # only a hash is stored
    newcomer = _join(token)
    nova = StaffMember.objects.get(user__username="nova")
    assert nova.role == Role.CASEWORKER and nova.totp_confirmed
    # Signed in, but waiting for the key: nothing to read.
    assert newcomer.get("/en/staff/").status_code == 403
    assert newcomer.get(f"/en/staff/reports/{case.report_id}/").status_code in (403, 404)
    page = admin.get(CONSOLE).content.decode()
    assert "Waiting for key" in page
    response = admin.post(f"{CONSOLE}members/{nova.pk}/", {"action": "approve"})
    assert response.status_code == 302
    assert KeyGrant.objects.filter(staff=nova, org_key=home.organisation.current_key).exists()
    assert newcomer.get("/en/staff/").status_code == 200
    Case.objects.filter(pk=case.pk).update(assigned_to=nova)
    assert newcomer.get(f"/en/staff/reports/{case.report_id}/").status_code == 200
    actions = set(AuditEvent.objects.filter(organisation_id=home.organisation.pk).values_list("action", flat=True))
    assert {"staff.invited", "staff.invitation_accepted", "staff.approved"} <= actions
    # A second approval is refused with a reason.
    page = admin.post(f"{CONSOLE}members/{nova.pk}/", {"action": "approve"}, follow=True).content.decode()
    assert "already holds the organisation key" in page


def test_a_stolen_link_yields_an_account_with_nothing_to_read(home: OrgBundle) -> None:
    admin = signed_in_client(home.staff)
    _join(_invite(admin))
    nova = StaffMember.objects.get(user__username="nova")
    private = keyring.unlock_staff_private_key(nova, NEW_PASSWORD)
    with pytest.raises(keyring.KeyUnavailable):
        keyring.unlock_organisation_keys(nova, private)
    # A rotation does not hand the new key to a member still waiting.
    keyring.rotate_organisation_key(home.organisation, home.org_keys)
    assert not KeyGrant.objects.filter(staff=nova).exists()


def _invalid(client: Client, token: str) -> str:
    response = client.get(f"/en/staff/join/{token}/")
    assert response.status_code == 404
    # The content itself; the page around it carries per-response tokens.
    return response.content.decode().split("<h1>", 1)[1].split("</p>", 1)[0]


def test_forged_expired_and_used_links_get_one_page(home: OrgBundle) -> None:
    admin = signed_in_client(home.staff)
    expired = _invite(admin, "late")
    Invitation.objects.filter(username="late").update(expires_at=timezone.now() - timedelta(minutes=1))
    used = _invite(admin, "nova")
    _join(used)
    stranger = Client()
    pages = {_invalid(stranger, token) for token in ("forged-token-123", expired, used)}
    assert len(pages) == 1
    page = pages.pop()
    assert "This invitation link does not work" in page
    assert "late" not in page and "nova" not in page


@override_settings(GLASNA_LOGIN_ATTEMPTS_PER_HOUR=3)
def test_guessing_tokens_is_throttled(home: OrgBundle) -> None:
    admin = signed_in_client(home.staff)
    token = _invite(admin)
    guesser = Client()
    for attempt in range(3):
        _invalid(guesser, f"guess-{attempt}")
    # Past the limit even the right token gets the same page, from this address.
    _invalid(guesser, token)
    assert not StaffMember.objects.filter(user__username="nova").exists()


def test_invitations_refuse_taken_usernames(home: OrgBundle) -> None:
    admin = signed_in_client(home.staff)
    response = admin.post(f"{CONSOLE}invite/", {"username": home.staff.user.username, "role": Role.LAWYER})
    assert response.status_code == 400
    assert "already taken or invited" in response.content.decode()


@pytest.mark.parametrize("action", ["suspend", "remove"])
def test_leaving_ends_sessions_and_destroys_grants(home: OrgBundle, action: str) -> None:
    admin = signed_in_client(home.staff)
    worker = keyring.create_staff(home.organisation, "worker", PASSWORD, Role.CASEWORKER, home.org_keys)
    worker_client = signed_in_client(worker)
    assert worker_client.get("/en/staff/").status_code == 200
    page = admin.post(f"{CONSOLE}members/{worker.pk}/", {"action": action}, follow=True).content.decode()
    # Offered after a suspension; required after a removal (tests/accounts/test_rotation_views.py).
    assert ("A key rotation is recommended" if action == "suspend" else "Rotate the key now") in page
    assert not KeyGrant.objects.filter(staff=worker).exists()
    # Her sessions are gone from the session table, not merely refused.
    assert not [s for s in Session.objects.all() if s.get_decoded().get("_auth_user_id") == str(worker.user_id)]
    worker.refresh_from_db()
    assert worker.membership == (Membership.SUSPENDED if action == "suspend" else Membership.LEFT)
    response = worker_client.get("/en/staff/")
    assert response.status_code == 302 and "/login/" in response.url
    # She cannot sign in again either.
    fresh = Client()
    assert fresh.post("/en/staff/login/", {"username": "worker", "password": PASSWORD}).status_code == 400
    event = "staff.suspended" if action == "suspend" else "staff.removed"
    assert AuditEvent.objects.filter(action=event, target__startswith="staff:worker").exists()


def test_the_last_administrator_and_key_holder_cannot_leave(home: OrgBundle) -> None:
    admin = signed_in_client(home.staff)
    page = admin.post(f"{CONSOLE}members/{home.staff.pk}/", {"action": "remove"}, follow=True).content.decode()
    assert "She is the last administrator" in page
    assert "Fewer than two members hold the organisation key" in page
    second_admin = keyring.create_staff(home.organisation, "second", PASSWORD, Role.ORG_ADMIN, None, awaiting_key=True)
    with pytest.raises(membership.MembershipRefused, match="last member who holds"):
        membership.leave(home.staff, Membership.LEFT, "second")
    membership.approve(second_admin, home.org_keys, "staff-home")
    assert "Fewer than two" not in admin.get(CONSOLE).content.decode()
    membership.leave(home.staff, Membership.LEFT, "second")
    assert StaffMember.objects.get(pk=home.staff.pk).membership == Membership.LEFT


def test_only_administrators_of_the_organisation_reach_the_console(home: OrgBundle) -> None:
    worker = keyring.create_staff(home.organisation, "worker", PASSWORD, Role.CASEWORKER, home.org_keys)
    client = signed_in_client(worker)
    assert client.get(CONSOLE).status_code == 404
    assert client.post(f"{CONSOLE}members/{home.staff.pk}/", {"action": "remove"}).status_code == 404
    other = make_organisation("other", ["RS"], role=Role.ORG_ADMIN)
    outsider = signed_in_client(other.staff)
    assert outsider.post(f"{CONSOLE}members/{worker.pk}/", {"action": "suspend"}).status_code == 404
    assert StaffMember.objects.get(pk=worker.pk).membership == Membership.ACTIVE


def test_an_administrator_waiting_for_the_key_manages_nobody(home: OrgBundle) -> None:
    admin = signed_in_client(home.staff)
    newcomer = _join(_invite(admin, "boss", Role.ORG_ADMIN), "boss")
    assert newcomer.get(CONSOLE).status_code == 403
    assert newcomer.post(f"{CONSOLE}members/{home.staff.pk}/", {"action": "suspend"}).status_code == 403
    assert newcomer.post(f"{CONSOLE}invite/", {"username": "accomplice", "role": Role.CASEWORKER}).status_code == 403
    assert StaffMember.objects.get(pk=home.staff.pk).membership == Membership.ACTIVE
    assert not Invitation.objects.filter(username="accomplice").exists()


def test_the_console_lists_members_and_who_holds_each_key_version(home: OrgBundle) -> None:
    admin = signed_in_client(home.staff)
    leaver = keyring.create_staff(home.organisation, "leaver", PASSWORD, Role.LAWYER, home.org_keys)
    keyring.create_staff(home.organisation, "counter", PASSWORD, Role.ANALYST, None)
    keyring.remove_staff(leaver, home.org_keys)  # rotates: version 2 for those who remain
    _invite(admin, "pending", Role.INTAKE_OFFICER)
    page = admin.get(CONSOLE).content.decode()

    def row(username: str) -> str:
        return page.split(f'id="member-{username}"', 1)[1].split("</tr>", 1)[0]

    assert "Organisation administrator" in row("staff-home") and "Active" in row("staff-home")
    assert "Set up" in row("staff-home") and "Never" not in row("staff-home")  # signed in, TOTP enrolled
    assert "Analyst" in row("counter") and "Never" in row("counter") and "Not set up" in row("counter")
    assert "Invited" in row("pending") and "Intake officer" in row("pending")
    versions = page.split("Organisation key versions", 1)[1].split("</table>", 1)[0]
    cells = versions.split("<tbody>", 1)[1].split("<tr>")[1:]
    assert cells[0].startswith("<td>2</td>") and "staff-home" in cells[0]
    assert cells[1].startswith("<td>1</td>") and "staff-home" in cells[1] and "leaver" not in cells[1]


def test_each_member_row_links_to_the_languages_she_reads(home: OrgBundle) -> None:
    admin = signed_in_client(home.staff)
    reader = keyring.create_staff(home.organisation, "reader", PASSWORD, Role.CASEWORKER, home.org_keys)
    page = admin.get(CONSOLE).content.decode()
    row = page.split('id="member-reader"', 1)[1].split("</tr>", 1)[0]
    link = f"/en/staff/triage/languages/{reader.pk}/"
    assert f'href="{link}"' in row
    assert admin.post(link, {"languages": ["sq", "mk"]}).status_code == 302
    assert sorted(languages_of(reader)) == ["mk", "sq"]


def test_revoking_an_invitation_ends_its_link(home: OrgBundle) -> None:
    admin = signed_in_client(home.staff)
    token = _invite(admin)
    invitation = Invitation.objects.get(username="nova")
    page = admin.post(f"{CONSOLE}invitations/{invitation.pk}/revoke/", follow=True).content.decode()
    assert "Invitation revoked" in page and 'id="member-nova"' not in page
    assert "This invitation link does not work" in _invalid(Client(), token)
    assert AuditEvent.objects.filter(action="staff.invitation_revoked", target="staff:nova").exists()
    # Another organisation's administrator cannot revoke this organisation's invitations.
    other = make_organisation("other", ["RS"], role=Role.ORG_ADMIN)
    _invite(admin, "second")
    second = Invitation.objects.get(username="second")
    assert signed_in_client(other.staff).post(f"{CONSOLE}invitations/{second.pk}/revoke/").status_code == 404


@pytest.mark.parametrize("language", ["sq", "mk", "sr", "sr-latn", "bs", "hr", "cnr", "en"])
def test_the_console_and_the_join_page_speak_every_locale(home: OrgBundle, language: str) -> None:
    admin = signed_in_client(home.staff)
    token = _invite(admin)
    console = admin.get(f"/{language}/staff/console/")
    assert console.status_code == 200
    join = Client().get(f"/{language}/staff/join/{token}/")
    assert join.status_code == 200 and "nova" in join.content.decode()
    if language != "en":
        assert "Staff and keys" not in console.content.decode()
        assert "Join your organisation" not in join.content.decode()


def test_joining_in_a_browser_signed_in_as_someone_else_signs_her_out(home: OrgBundle) -> None:
    admin = signed_in_client(home.staff)
    token = _invite(admin)
    response = admin.post(f"/en/staff/join/{token}/", {"password": NEW_PASSWORD, "again": NEW_PASSWORD})
    assert response.status_code == 302 and response.url.endswith("/staff/login/set-up/")
    assert admin.get(CONSOLE).status_code == 302  # the administrator's session is gone


def test_approval_is_mailed_to_her(home: OrgBundle, mailoutbox: list) -> None:  # type: ignore[type-arg]
    nova = keyring.create_staff(
        home.organisation, "nova", PASSWORD, Role.CASEWORKER, None, email="nova@example.org", awaiting_key=True
    )
    membership.approve(nova, home.org_keys, "staff-home")
    assert mailoutbox == []  # queued with the approval, sent by the job outbox
    outbox.relay()  # the worker's relay: the test's transaction never commits
    [message] = mailoutbox
    assert message.to == ["nova@example.org"] and "approved you" in message.body
    assert AuditEvent.objects.filter(action="staff.mailed", target="staff:nova").exists()


def test_a_warning_below_two_key_holders(home: OrgBundle) -> None:
    admin = signed_in_client(home.staff)
    assert 'id="few-key-holders"' in admin.get(CONSOLE).content.decode()  # she alone holds it
    keyring.create_staff(home.organisation, "second", PASSWORD, Role.CASEWORKER, home.org_keys)
    assert 'id="few-key-holders"' not in admin.get(CONSOLE).content.decode()
    keyring.create_staff(home.organisation, "waiting", PASSWORD, Role.CASEWORKER, None, awaiting_key=True)
    assert 'id="few-key-holders"' not in admin.get(CONSOLE).content.decode()


def test_a_revoked_invitation_is_mailed_to_the_invitee(home: OrgBundle, mailoutbox: list) -> None:  # type: ignore[type-arg]
    invitations.invite(home.organisation, "nova", "nova@example.org", Role.CASEWORKER, "staff-home")
    invitations.revoke(Invitation.objects.get(username="nova"), "staff-home")
    [message] = mailoutbox
    assert message.to == ["nova@example.org"] and "withdrawn" in message.subject
    assert AuditEvent.objects.filter(action="staff.invitation_mailed", target="mail:nova@example.org").exists()
