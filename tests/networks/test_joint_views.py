"""The joint campaign's pages (glasna/networks/joint_views.py): proposed from the space page,
answered from the invitee's networks page; roles, CSRF, audit, and no case of another organisation."""

import pytest
from django.test import Client

from glasna.accounts import keyring
from glasna.accounts.models import Role
from glasna.core.models import AuditEvent
from glasna.networks.models import JointCampaign, JointMember, JointState, Space
from tests.factories import PASSWORD, signed_in_client
from tests.networks.test_views_cross_org import OTHER_STORY, _leaks, _two_organisations

pytestmark = pytest.mark.django_db
PROPOSAL = {
    "joint-title": "Public Room takedown",
    "joint-note": "Let us report it together",
    "joint-share_counts": "on",
}


def test_a_caseworker_proposes_from_the_space_page_and_the_other_organisation_joins() -> None:
    tirana, skopje, al_case, _mk_case, al, mk = _two_organisations()
    al_space = Space.objects.get(organisation=tirana.organisation)
    mk_space = Space.objects.get(organisation=skopje.organisation)
    page = al.get(f"/en/staff/networks/spaces/{al_space.pk}/").content.decode()
    assert "Propose a joint takedown campaign" in page
    response = al.post(f"/en/staff/networks/spaces/{al_space.pk}/joint/", PROPOSAL)
    joint = JointCampaign.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/networks/joint/{joint.pk}/")
    # Skopje's networks pages show the invitation; the space page links to the joint campaign.
    spaces_page = mk.get("/en/staff/networks/").content.decode()
    assert "You are invited: answer the invitation." in spaces_page
    title = spaces_page.split("<title>", 1)[1].split("</title>", 1)[0]
    assert "Joint takedown campaigns" not in title and spaces_page.count('id="networks-joints-title"') == 1
    elsewhere_page = mk.get("/en/staff/networks/elsewhere/").content.decode()
    assert "Joint takedown campaigns" not in elsewhere_page.split("</title>", 1)[0]
    assert "Public Room takedown" in mk.get(f"/en/staff/networks/spaces/{mk_space.pk}/").content.decode()
    invitation = mk.get(f"/en/staff/networks/joint/{joint.pk}/").content.decode()
    assert "Let us report it together" in invitation and "Organisation 1" in invitation
    assert _leaks(invitation, tirana, al_case) == [] and OTHER_STORY not in invitation
    answer = {"action": "join", "share_name": "on"}
    assert mk.post(f"/en/staff/networks/joint/{joint.pk}/", answer).status_code == 302
    assert JointMember.objects.get(organisation=skopje.organisation).state == JointState.JOINED
    seen = al.get(f"/en/staff/networks/joint/{joint.pk}/").content.decode()
    assert skopje.organisation.name in seen and "Not shared" in seen  # named, counts withheld by choice
    assert AuditEvent.objects.filter(action="networks.joint_joined", organisation_id=skopje.organisation.pk).exists()
    assert mk.post(f"/en/staff/networks/joint/{joint.pk}/", {"action": "close"}).status_code == 400
    assert al.post(f"/en/staff/networks/joint/{joint.pk}/", {"action": "close"}).status_code == 302
    assert JointCampaign.objects.get().closed_at is not None


def test_roles_other_organisations_and_csrf() -> None:
    tirana, skopje, _al_case, _mk_case, al, mk = _two_organisations()
    al_space = Space.objects.get(organisation=tirana.organisation)
    url = f"/en/staff/networks/spaces/{al_space.pk}/joint/"
    for role in (Role.INTAKE_OFFICER, Role.ANALYST):
        other = keyring.create_staff(tirana.organisation, f"jv-{role}", PASSWORD, role, tirana.org_keys)
        client = signed_in_client(other)
        assert client.post(url, PROPOSAL).status_code == 404
    assert not JointCampaign.objects.exists()
    assert mk.post(url, PROPOSAL).status_code == 404  # not Skopje's space
    csrf = Client(enforce_csrf_checks=True)
    csrf.cookies = al.cookies
    assert csrf.post(url, PROPOSAL).status_code == 403
    assert al.post(url, {"joint-title": ""}).status_code == 302 and not JointCampaign.objects.exists()
    al.post(url, PROPOSAL)
    joint = JointCampaign.objects.get()
    lawyer = keyring.create_staff(skopje.organisation, "jv-lawyer", PASSWORD, Role.LAWYER, skopje.org_keys)
    assert signed_in_client(lawyer).get(f"/en/staff/networks/joint/{joint.pk}/").status_code == 200
    intake = keyring.create_staff(skopje.organisation, "jv-intake", PASSWORD, Role.INTAKE_OFFICER, skopje.org_keys)
    intake_client = signed_in_client(intake)
    assert intake_client.get(f"/en/staff/networks/joint/{joint.pk}/").status_code == 404
    assert "answer the invitation" not in intake_client.get("/en/staff/networks/").content.decode()


def test_declining_changing_shares_and_refusals_on_the_page() -> None:
    tirana, skopje, _al_case, _mk_case, al, mk = _two_organisations()
    al_space = Space.objects.get(organisation=tirana.organisation)
    al.post(f"/en/staff/networks/spaces/{al_space.pk}/joint/", PROPOSAL)
    joint = JointCampaign.objects.get()
    url = f"/en/staff/networks/joint/{joint.pk}/"
    assert mk.post(url, {"action": "leave"}).status_code == 400  # not joined yet
    assert mk.post(url, {"action": "nonsense"}).status_code == 400
    assert mk.post(url, {"action": "decline"}).status_code == 302
    assert JointMember.objects.get(organisation=skopje.organisation).state == JointState.DECLINED
    assert AuditEvent.objects.filter(action="networks.joint_declined", organisation_id=skopje.organisation.pk).exists()
    # Tirana stops showing its counts; the proposal itself was audited in its own log.
    assert al.post(url, {"action": "shares"}).status_code == 302
    assert JointMember.objects.get(organisation=tirana.organisation).share_counts is False
    assert AuditEvent.objects.filter(action="networks.joint_shares_changed", actor=tirana.staff.user.username).exists()
    assert AuditEvent.objects.filter(action="networks.joint_proposed", organisation_id=tirana.organisation.pk).exists()
    assert al.post(f"/en/staff/networks/spaces/{al_space.pk}/joint/", PROPOSAL).status_code == 302
    assert JointCampaign.objects.count() == 1  # one open joint campaign per space
    assert al.get("/en/staff/networks/joint/999999/").status_code == 404
