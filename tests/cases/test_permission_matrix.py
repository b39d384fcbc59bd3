"""Every role × every case view × whose case it is: zero unintended accesses. The matrix this
test computes is the one printed in docs/permissions.md; the test fails when they differ."""

import base64
import hashlib
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.test import Client
from django.utils import timezone

import glasna
from glasna.accounts import keyring
from glasna.accounts.models import Invitation, KeyGrant, Membership, Organisation, Role, StaffMember
from glasna.cases import referrals
from glasna.cases.models import Case, Referral, ReferralFile, ReferralStatus
from glasna.core.uploads import check_upload
from glasna.evidence.verify_bundle import fingerprint
from glasna.intake.models import Attachment
from glasna.networks import escrow, escrow_proposals, joint, linkage, registry
from glasna.networks.identifiers import normalise
from glasna.networks.models import (
    Appearance,
    ComplaintMember,
    CoordinationConsent,
    DossierCheck,
    FeedChoice,
    JointCampaign,
    JointMember,
    MatchChoice,
    Peer,
    ProposalState,
    Space,
    SpaceLink,
)
from glasna.networks.perpetrators import normalise_perpetrator
from glasna.proceedings.models import Proceeding
from glasna.triage.models import CueDecision
from tests.accounts import console_matrix as console_matrix_module
from tests.factories import PASSWORD, fresh_step_up, make_organisation, pattern_png, signed_in_client, submit, upload

pytestmark = pytest.mark.django_db

ROLES = [Role.ORG_ADMIN, Role.INTAKE_OFFICER, Role.CASEWORKER, Role.LAWYER, Role.ANALYST]
SITUATIONS = ["assigned to them", "unassigned", "assigned to a colleague", "another organisation's"]
ENDPOINTS = ["view report", "reply", "download file", "change risk", "decide on a cue", "image preview"]
# The proceedings room's pages on the same cases (glasna/proceedings/views.py).
PROCEEDING_ENDPOINTS = [
    "record proceeding",
    "view proceeding",
    "add step",
    "save details",
    "record evidence given",
    "record breach",
    "record her decision on a breach",
    "download follow-up letter",
    "download chronology",
]
DOC = Path(glasna.__file__).parent.parent / "docs" / "permissions.md"


def _attempt(client: Client, endpoint: str, case: Case) -> bool:
    url = f"/en/staff/reports/{case.report_id}/"
    if endpoint == "view report":
        return client.get(url).status_code == 200
    if endpoint == "reply":
        return client.post(url, {"action": "reply", "text": "hello"}).status_code == 302
    if endpoint == "download file":
        attachment = Attachment.objects.get(report_id=case.report_id)
        return client.get(f"{url}files/{attachment.pk}/").status_code == 200
    if endpoint == "decide on a cue":  # the triage room's confirm/dismiss (glasna/triage/views.py)
        client.post(f"/en/staff/triage/cases/{case.pk}/cues/", {"kind": "minor", "decision": "dismissed"})
        return CueDecision.objects.filter(case=case).exists()
    if endpoint == "image preview":  # the triage room's blurred previews (glasna/triage/views.py)
        attachment = Attachment.objects.get(report_id=case.report_id)
        return client.get(f"/en/staff/triage/cases/{case.pk}/images/{attachment.pk}/preview/").status_code == 200
    response = client.post(url, {"action": "risk", "version": case.version, "flags": ["spreading"]})
    return response.status_code == 302 and Case.objects.get(pk=case.pk).risk_flags == ["spreading"]


def _attempt_proceeding(client: Client, endpoint: str, case: Case) -> bool:
    if endpoint == "record proceeding":
        before = Proceeding.objects.filter(case=case).count()
        client.post(
            f"/en/staff/proceedings/cases/{case.pk}/",
            {
                "proceeding-kind": "criminal_complaint",
                "proceeding-institution_type": "police",
                "proceeding-institution_name": "Invented police station",
                "proceeding-jurisdiction": "MK",
            },
        )
        return Proceeding.objects.filter(case=case).count() > before
    # A protection order made for the test, as if a colleague with access had recorded it.
    order = Proceeding.objects.create(
        case=case, kind="protection_order", institution_type="court", institution_name=b"", jurisdiction="MK"
    )
    url = f"/en/staff/proceedings/{order.pk}/"
    if endpoint == "download follow-up letter":
        # A complaint filed long ago and never answered: past every organisation's prosecutor threshold.
        order.kind, order.institution_type = "criminal_complaint", "prosecutor"
        order.save()
        order.steps.create(kind="filed", on=timezone.localdate() - timedelta(days=400))
        return client.get(f"{url}letters/followup_urgency.docx").status_code == 200
    if endpoint == "download chronology":
        return fresh_step_up(client).get(f"/en/staff/proceedings/cases/{case.pk}/chronology.pdf").status_code == 200
    if endpoint == "view proceeding":
        return client.get(url).status_code == 200
    if endpoint == "add step":
        client.post(f"{url}steps/", {"step-version": order.version, "step-kind": "filed", "step-on": "2020-01-02"})
        return order.steps.exists()
    if endpoint == "save details":
        client.post(f"{url}details/", {"details-version": order.version, "details-outcome": "order_granted"})
        return Proceeding.objects.get(pk=order.pk).outcome == "order_granted"
    if endpoint == "record evidence given":
        # These cases hold no evidence item: a refusal is a 404 (or 403 without a key), access a redirect back.
        response = client.post(f"{url}given/", {"give-version": order.version, "give-given_on": "2020-01-02"})
        return response.status_code == 302 and response.url == url
    if endpoint == "record her decision on a breach":
        breach = order.breaches.create(on=date(2020, 1, 2), description=b"")
        decision = {
            "reported-version": order.version,
            "reported-breach": breach.pk,
            "reported-decision": "not_reporting",
        }
        client.post(f"{url}breaches/decision/", decision)
        decided = order.breaches.get(pk=breach.pk).not_reporting
        breach.delete()  # its description is no ciphertext: the chronology attempt would choke on it
        return decided
    client.post(
        f"{url}breaches/", {"breach-version": order.version, "breach-on": "2020-01-02", "breach-description": "x"}
    )
    return order.breaches.exists()


PROCEEDINGS: dict[tuple[str, str, str], bool] = {}
# The perpetrator escrow's page on the same cases (glasna/networks/views.escrow_entry).
ESCROW_ENDPOINTS = [
    "open escrow page",
    "seal an escrow entry",
    "record consent to coordinated action",
    # The survivor's own proposal from her portal (glasna/networks/escrow_proposals.py).
    "enter the survivor's proposal",
    "decline the survivor's proposal",
]
PROPOSAL_ACTIONS = {"enter the survivor's proposal": "enter", "decline the survivor's proposal": "decline"}
ESCROW: dict[tuple[str, str, str], bool] = {}
# A joint complaint on the same cases, with another organisation's survivor who chose one too
# (glasna/networks/joint_complaint_views.py).
COMPLAINT_ENDPOINTS = ["open the joint complaint", "join the joint complaint"]
COMPLAINTS: dict[tuple[str, str, str], bool] = {}


def _attempt_complaint(client: Client, endpoint: str, case: Case, owner: StaffMember, partner: StaffMember) -> bool:
    number = f"070 9{len(COMPLAINTS) // 10}{len(COMPLAINTS) % 10} 000"
    identifier = normalise_perpetrator("phone", number, "MK")
    escrow.add_entry(owner, case, identifier, MatchChoice.JOINT_COMPLAINT, consent=True)
    other_case = Case.objects.create(organisation=partner.organisation)
    escrow.add_entry(partner, other_case, identifier, MatchChoice.JOINT_COMPLAINT, consent=True)
    member = ComplaintMember.objects.filter(match__case=case).order_by("-pk").first()
    assert member is not None
    url = f"/en/staff/networks/complaints/{member.pk}/"
    if endpoint == "open the joint complaint":
        return client.get(url).status_code == 200
    client.post(url, {"action": "join"})
    member.refresh_from_db()
    return member.state == "joined"


# Recording a space on the same cases (glasna/networks/views.record_space).
RECORD_ENDPOINTS = ["record a space"]
RECORDED: dict[tuple[str, str, str], bool] = {}


def _attempt_record(client: Client, case: Case) -> bool:
    before = SpaceLink.objects.filter(case=case).count()
    client.post(f"/en/staff/networks/cases/{case.pk}/spaces/", {"space-link": "t.me/invented_recorded"})
    return SpaceLink.objects.filter(case=case).count() > before


# A page on an unknown website named in the same cases, kept sealed (glasna/networks/private_pages.py).
PAGE_ENDPOINTS = ["see a page's address", "make the page public"]
PAGES: dict[tuple[str, str, str], bool] = {}


def _attempt_page(client: Client, endpoint: str, case: Case, address: str) -> bool:
    linkage.link_text(case, address, "report", str(case.pk))
    space = Space.objects.get(links__case=case, identifier_kind="private_page")
    url = f"/en/staff/networks/spaces/{space.pk}/"
    if endpoint == "see a page's address":
        response = client.get(url)
        return response.status_code == 200 and address in response.content.decode()
    client.post(url, {"action": "promote", "promote-confirm": "on"})
    return Space.objects.filter(pk=space.pk, identifier_kind="public_space").exists()


def _attempt_escrow(client: Client, endpoint: str, case: Case) -> bool:
    url = f"/en/staff/networks/cases/{case.pk}/escrow/"
    if endpoint == "open escrow page":
        return client.get(url).status_code == 200
    if endpoint == "record consent to coordinated action":  # glasna/networks/dossier_views.py
        consent = {"action": "give", "channel": "recorded"}
        client.post(f"/en/staff/networks/cases/{case.pk}/coordination-consent/", consent)
        return CoordinationConsent.objects.filter(case=case, withdrawn_at=None).exists()
    if endpoint in PROPOSAL_ACTIONS:
        number = f"070 000 00{list(PROPOSAL_ACTIONS).index(endpoint) + 2}"
        assert case.report_id is not None
        proposal = escrow_proposals.propose(case.report_id, "phone", number, "nothing_yet", consent=True)
        client.post(f"{url}proposals/{proposal.pk}/", {"action": PROPOSAL_ACTIONS[endpoint]})
        proposal.refresh_from_db()
        return proposal.state != ProposalState.PENDING
    form = {"kind": "phone", "value": "070 000 000", "choice": "nothing_yet", "consent": "on"}
    return client.post(url, form).status_code == 302


def _matrix() -> dict[tuple[str, str, str], bool]:
    home = make_organisation("home", ["MK"], role=Role.ORG_ADMIN)
    other = make_organisation("other", ["RS"])  # receives the RS reports
    partner = make_organisation("partner", [])  # another survivor's organisation in joint complaints
    colleague = keyring.create_staff(home.organisation, "colleague", PASSWORD, Role.CASEWORKER, home.org_keys)
    result = {}
    for role in ROLES:
        actor = keyring.create_staff(home.organisation, f"actor-{role}", PASSWORD, role, home.org_keys)
        client = signed_in_client(actor)
        for situation in SITUATIONS:
            country = "RS" if situation == "another organisation's" else "MK"
            submit(country=country, files=[check_upload(upload("p.png", pattern_png()))])
            case = Case.objects.order_by("-id").first()
            assert case is not None
            assignee = {"assigned to them": actor, "assigned to a colleague": colleague}.get(situation)
            if assignee is not None:
                Case.objects.filter(pk=case.pk).update(assigned_to=assignee)
            for endpoint in ENDPOINTS:
                case.refresh_from_db()
                result[(str(role.label), situation, endpoint)] = _attempt(client, endpoint, case)
            for endpoint in PROCEEDING_ENDPOINTS:
                PROCEEDINGS[(str(role.label), situation, endpoint)] = _attempt_proceeding(client, endpoint, case)
            for endpoint in ESCROW_ENDPOINTS:
                ESCROW[(str(role.label), situation, endpoint)] = _attempt_escrow(client, endpoint, case)
            owner = other.staff if situation == "another organisation's" else home.staff
            for endpoint in COMPLAINT_ENDPOINTS:
                allowed = _attempt_complaint(client, endpoint, case, owner, partner.staff)
                COMPLAINTS[(str(role.label), situation, endpoint)] = allowed
            RECORDED[(str(role.label), situation, RECORD_ENDPOINTS[0])] = _attempt_record(client, case)
            address = f"https://invented-matrix.example/{role}/{SITUATIONS.index(situation)}"
            for endpoint in PAGE_ENDPOINTS:
                PAGES[(str(role.label), situation, endpoint)] = _attempt_page(client, endpoint, case, address)
    return result


REFERRAL_SITUATIONS = [
    "accepted, assigned to them",
    "sent, not yet accepted",
    "accepted, assigned to a colleague",
    "awaiting the survivor's consent",
    "sent to another organisation",
]
REFERRAL_ENDPOINTS = ["view referral", "download shared file", "answer"]


def _attempt_referral(client: Client, endpoint: str, referral: Referral) -> bool:
    url = f"/en/staff/referrals/{referral.pk}/"
    if endpoint == "view referral":
        return client.get(url).status_code == 200
    if endpoint == "download shared file":
        item = ReferralFile.objects.filter(referral=referral).first()
        return item is not None and client.get(f"{url}files/{item.pk}/").status_code == 200
    action = "accept" if referral.status == ReferralStatus.SENT else "complete"
    client.post(url, {"version": referral.version, "action": action, "text": "feedback", "assignee": ""})
    return Referral.objects.get(pk=referral.pk).status != referral.status


def _referral_matrix() -> dict[tuple[str, str, str], bool]:
    home = make_organisation("r-home", ["MK"], role=Role.ORG_ADMIN)
    elsewhere = make_organisation("r-elsewhere", ["RS"])
    sender = make_organisation("r-sender", ["AL"])
    colleague = keyring.create_staff(home.organisation, "r-colleague", PASSWORD, Role.CASEWORKER, home.org_keys)
    result = {}
    for role in ROLES:
        actor = keyring.create_staff(home.organisation, f"r-actor-{role}", PASSWORD, role, home.org_keys)
        client = signed_in_client(actor)
        for situation in REFERRAL_SITUATIONS:
            submit(country="AL", files=[check_upload(upload("p.png", pattern_png()))])
            case = Case.objects.filter(organisation=sender.organisation).order_by("-id").first()
            assert case is not None
            target = elsewhere if situation == "sent to another organisation" else home
            channel = "portal" if situation == "awaiting the survivor's consent" else "recorded"
            referral = referrals.create(
                sender.staff,
                sender.org_keys,
                case.pk,
                target.organisation.pk,
                "legal",
                ["incident", "files"],
                "",
                channel,
            )
            assignee = {"accepted, assigned to them": actor, "accepted, assigned to a colleague": colleague}.get(
                situation
            )
            if assignee is not None:
                Referral.objects.filter(pk=referral.pk).update(status=ReferralStatus.ACCEPTED, assigned_to=assignee)
            for endpoint in REFERRAL_ENDPOINTS:
                referral.refresh_from_db()
                result[(str(role.label), situation, endpoint)] = _attempt_referral(client, endpoint, referral)
    return result


SPACE_SITUATIONS = ["their organisation's space", "another organisation's space"]
SPACE_ENDPOINTS = [
    "view space",
    "record status",
    "share in clear",
    "check a dossier for personal data",
    "export a dossier (after step-up)",
]


def _attempt_space(client: Client, endpoint: str, space: Space) -> bool:
    url = f"/en/staff/networks/spaces/{space.pk}/"
    if endpoint == "view space":
        return client.get(url).status_code == 200
    if endpoint == "check a dossier for personal data":  # glasna/networks/dossier_check_views.py
        DossierCheck.objects.filter(subject=f"space:{space.pk}").delete()
        client.post(f"{url}dossier/check/", {"kind": "platform", "language": "en", "action": "confirm"})
        return DossierCheck.objects.filter(subject=f"space:{space.pk}").exists()
    if endpoint == "export a dossier (after step-up)":  # glasna/networks/dossier_views.py, once checked
        client.post(f"{url}dossier/check/", {"kind": "platform", "language": "en", "action": "confirm"})
        response = fresh_step_up(client).post(f"{url}dossier/", {"kind": "platform", "language": "en"})
        return response.status_code == 200 and response["Content-Type"] == "application/zip"
    if endpoint == "share in clear":
        Appearance.objects.filter(space=space).update(public_id="")
        client.post(url, {"action": "share", "share-share": "on"})
        return Appearance.objects.filter(space=space).exclude(public_id="").exists()
    before = space.status_history.count()
    client.post(url, {"action": "status", "status-status": "closed", "status-on": "2026-01-02"})
    return space.status_history.count() > before


def _space_matrix() -> dict[tuple[str, str, str], bool]:
    home = make_organisation("s-home", ["MK"], role=Role.ORG_ADMIN)
    elsewhere = make_organisation("s-elsewhere", ["RS"])
    spaces = {
        SPACE_SITUATIONS[0]: registry.find_or_create(home.organisation, normalise("t.me/invented_room")),
        SPACE_SITUATIONS[1]: registry.find_or_create(elsewhere.organisation, normalise("t.me/invented_room")),
    }
    result = {}
    for role in ROLES:
        actor = keyring.create_staff(home.organisation, f"s-actor-{role}", PASSWORD, role, home.org_keys)
        client = signed_in_client(actor)
        for situation in SPACE_SITUATIONS:
            for endpoint in SPACE_ENDPOINTS:
                result[(str(role.label), situation, endpoint)] = _attempt_space(client, endpoint, spaces[situation])
    return result


# The overview of the organisation's spaces other organisations also name (networks/views.elsewhere).
ELSEWHERE_SITUATIONS = ["named in a case assigned to them", "named only in a case assigned to a colleague"]
ELSEWHERE_ENDPOINTS = ["see the count", "see countries and since"]


def _elsewhere_matrix() -> dict[tuple[str, str, str], bool]:
    home = make_organisation("e-home", ["ME"], role=Role.ORG_ADMIN)  # a country no other table's cases reach
    elsewhere = make_organisation("e-elsewhere", ["BA"])
    colleague = keyring.create_staff(home.organisation, "e-colleague", PASSWORD, Role.CASEWORKER, home.org_keys)
    result = {}
    for number, role in enumerate(ROLES):
        actor = keyring.create_staff(home.organisation, f"e-actor-{role}", PASSWORD, role, home.org_keys)
        client = signed_in_client(actor)
        spaces = {}
        for index, situation in enumerate(ELSEWHERE_SITUATIONS):
            submit(country="ME")
            case = Case.objects.filter(organisation=home.organisation).order_by("-id").first()
            assert case is not None
            Case.objects.filter(pk=case.pk).update(assigned_to=actor if index == 0 else colleague)
            identifier = normalise(f"t.me/invented_elsewhere_{number}{index}")
            spaces[situation] = linkage.link(case, identifier, "recorded", f"case:{case.pk}").space
            registry.find_or_create(elsewhere.organisation, identifier)
        page = client.get("/en/staff/networks/elsewhere/")
        text = page.content.decode() if page.status_code == 200 else ""
        for situation, space in spaces.items():
            start = text.find(f'id="space-{space.pk}"')
            row = text[start : text.find("</li>", start)] if start >= 0 else ""
            result[(str(role.label), situation, ELSEWHERE_ENDPOINTS[0])] = "Also reported at 1 other" in row
            result[(str(role.label), situation, ELSEWHERE_ENDPOINTS[1])] = "in BA" in row
    return result


# Joint takedown campaigns (glasna/networks/joint_views.py): proposed from a space's page, answered
# by the other organisations naming the same space.
JOINT_SITUATIONS = ["their organisation names the space", "only other organisations name it"]
JOINT_ENDPOINTS = ["propose a joint campaign", "view the joint campaign", "join the joint campaign"]


def _joint_matrix() -> dict[tuple[str, str, str], bool]:
    home = make_organisation("j-home", ["MK"], role=Role.ORG_ADMIN)
    elsewhere, third = make_organisation("j-elsewhere", ["RS"]), make_organisation("j-third", ["AL"])
    result = {}
    for number, role in enumerate(ROLES):
        actor = keyring.create_staff(home.organisation, f"j-actor-{role}", PASSWORD, role, home.org_keys)
        client = signed_in_client(actor)
        for index, (situation, pair) in enumerate(zip(JOINT_SITUATIONS, [home, third], strict=True)):
            proposed = normalise(f"t.me/invented_joint_{number}{index}a")
            own = registry.find_or_create(pair.organisation, proposed)
            registry.find_or_create(elsewhere.organisation, proposed)
            target = own if pair is home else registry.find(elsewhere.organisation, proposed)
            assert target is not None
            before = JointCampaign.objects.count()
            client.post(f"/en/staff/networks/spaces/{target.pk}/joint/", {"joint-title": "Invented"})
            result[(str(role.label), situation, JOINT_ENDPOINTS[0])] = JointCampaign.objects.count() > before
            invited = normalise(f"t.me/invented_joint_{number}{index}b")
            registry.find_or_create(pair.organisation, invited)
            campaign = joint.propose(
                elsewhere.staff, registry.find_or_create(elsewhere.organisation, invited), "Invented", "", True, False
            )
            url = f"/en/staff/networks/joint/{campaign.pk}/"
            result[(str(role.label), situation, JOINT_ENDPOINTS[1])] = client.get(url).status_code == 200
            client.post(url, {"action": "join", "share_counts": "on"})
            result[(str(role.label), situation, JOINT_ENDPOINTS[2])] = JointMember.objects.filter(
                joint=campaign, organisation=home.organisation, state="joined"
            ).exists()
    return result


CONSOLE_PAGE_SITUATIONS = ["their organisation's console"]
CONSOLE_PAGE_ENDPOINTS = ["view console", "invite", "revoke invitation"]
MEMBER_SITUATIONS = ["a member of their organisation", "another organisation's member"]
MEMBER_ENDPOINTS = ["approve", "suspend", "remove", *console_matrix_module.MEMBER_ENDPOINTS]
CONSOLE_PAGES: dict[tuple[str, str, str], bool] = {}


def _attempt_console_page(client: Client, endpoint: str, role: str, organisation: Organisation) -> bool:
    if endpoint == "view console":
        return client.get("/en/staff/console/").status_code == 200
    if endpoint == "invite":
        client.post("/en/staff/console/invite/", {"username": f"c-invited-{role}", "role": Role.CASEWORKER})
        return Invitation.objects.filter(username=f"c-invited-{role}").exists()
    # An open invitation of the actor's organisation, made for the test.
    invitation = Invitation.objects.create(
        organisation=organisation,
        username=f"c-revoked-{role}",
        role=Role.CASEWORKER,
        token_hash=f"{role}".ljust(64, "0"),
        invited_by="test",
        expires_at=timezone.now() + timedelta(hours=1),
    )
    client.post(f"/en/staff/console/invitations/{invitation.pk}/revoke/")
    invitation.refresh_from_db()
    return invitation.expires_at <= timezone.now()


def _attempt_member(client: Client, endpoint: str, member: StaffMember) -> bool:
    if endpoint in console_matrix_module.MEMBER_ENDPOINTS:
        return console_matrix_module.attempt_member(client, endpoint, member)
    client.post(f"/en/staff/console/members/{member.pk}/", {"action": endpoint})
    member.refresh_from_db()
    if endpoint == "approve":
        return KeyGrant.objects.filter(staff=member).exists()
    return member.membership == (Membership.SUSPENDED if endpoint == "suspend" else Membership.LEFT)


def _console_matrix() -> dict[tuple[str, str, str], bool]:
    home = make_organisation("c-home", ["MK"], role=Role.ORG_ADMIN)
    elsewhere = make_organisation("c-elsewhere", ["RS"], role=Role.ORG_ADMIN)
    result = {}
    for role in ROLES:
        actor = keyring.create_staff(home.organisation, f"c-actor-{role}", PASSWORD, role, home.org_keys)
        client = signed_in_client(actor)
        for endpoint in CONSOLE_PAGE_ENDPOINTS:
            CONSOLE_PAGES[(str(role.label), CONSOLE_PAGE_SITUATIONS[0], endpoint)] = _attempt_console_page(
                client, endpoint, role, home.organisation
            )
        for situation, bundle in zip(MEMBER_SITUATIONS, [home, elsewhere], strict=True):
            for endpoint in MEMBER_ENDPOINTS:
                # A member waiting for the key to approve; a key-holding caseworker to suspend or remove.
                member = keyring.create_staff(
                    bundle.organisation,
                    f"c-member-{role}-{bundle.organisation.slug}-{endpoint}",
                    PASSWORD,
                    Role.CASEWORKER,
                    bundle.org_keys,
                    awaiting_key=endpoint == "approve",
                )
                result[(str(role.label), situation, endpoint)] = _attempt_member(client, endpoint, member)
    return result


PEER_SITUATIONS = ["this installation's peers"]
PEER_ENDPOINTS = ["view peers", "register a peer", "sync a peer", "remove a peer"]
OPERATOR_ROLES = [*ROLES, Role.PLATFORM_ADMIN]


def _attempt_peers(client: Client, endpoint: str, role: str) -> bool:
    """The operator console's peer installations (glasna/networks/peer_views.py); a loopback address,
    which the outbound client refuses without a lookup, so a sync attempt touches no network."""
    if endpoint == "view peers":
        return client.get("/en/staff/networks/peers/").status_code == 200
    if endpoint == "register a peer":
        key = base64.b64encode(hashlib.sha256(role.encode()).digest()).decode()
        confirmed = fingerprint(base64.b64decode(key))
        form = {"name": f"peer-{role}", "base_url": "https://127.0.0.1:9", "public_key": key, "fingerprint": confirmed}
        client.post("/en/staff/networks/peers/", form)
        return Peer.objects.filter(name=f"peer-{role}").exists()
    peer = Peer.objects.create(
        name=f"p-{role}-{endpoint}", base_url="https://127.0.0.1:9", public_key=f"{role}-{endpoint}", registered_by="t"
    )
    client.post(f"/en/staff/networks/peers/{peer.pk}/{endpoint.split()[0]}/")
    if endpoint == "sync a peer":
        return Peer.objects.get(pk=peer.pk).last_attempt_at is not None
    return not Peer.objects.filter(pk=peer.pk).exists()


def _peer_matrix() -> dict[tuple[str, str, str], bool]:
    home = make_organisation("p-home", ["MK"], role=Role.ORG_ADMIN)
    result = {}
    for role in OPERATOR_ROLES:
        actor = keyring.create_staff(home.organisation, f"p-actor-{role}", PASSWORD, role, home.org_keys)
        client = signed_in_client(actor)
        for endpoint in PEER_ENDPOINTS:
            result[(str(role.label), PEER_SITUATIONS[0], endpoint)] = _attempt_peers(client, endpoint, str(role))
    return result


# What this installation's feed to peers carries about the organisation (peer_views.feed_choice_view).
FEED_SITUATIONS = ["their organisation's choice"]
FEED_ENDPOINTS = ["view the choice", "change the choice (after step-up)"]


def _feed_matrix() -> dict[tuple[str, str, str], bool]:
    home = make_organisation("f-home", ["MK"], role=Role.ORG_ADMIN)
    result = {}
    for role in OPERATOR_ROLES:
        actor = keyring.create_staff(home.organisation, f"f-actor-{role}", PASSWORD, role, home.org_keys)
        client = fresh_step_up(signed_in_client(actor))
        key = (str(role.label), FEED_SITUATIONS[0])
        result[(*key, FEED_ENDPOINTS[0])] = client.get("/en/staff/networks/feed/").status_code == 200
        FeedChoice.objects.filter(organisation=home.organisation).delete()
        client.post("/en/staff/networks/feed/", {"share": "none"})
        result[(*key, FEED_ENDPOINTS[1])] = FeedChoice.objects.filter(
            organisation=home.organisation, share="none"
        ).exists()
    return result


def _table(
    matrix: dict[tuple[str, str, str], bool],
    situations: list[str],
    endpoints: list[str],
    what: str,
    roles: list[Role] = ROLES,
) -> list[str]:
    lines = ["| role | " + what + " | " + " | ".join(endpoints) + " |", "|---|---|" + "---|" * len(endpoints)]
    for role in roles:
        for situation in situations:
            cells = ["yes" if matrix[(str(role.label), situation, e)] else "no" for e in endpoints]
            lines.append(f"| {role.label} | {situation} | " + " | ".join(cells) + " |")
    return lines


def _render(
    matrix: dict[tuple[str, str, str], bool],
    referral_matrix: dict[tuple[str, str, str], bool],
    space_matrix: dict[tuple[str, str, str], bool],
    console_matrix: dict[tuple[str, str, str], bool],
    elsewhere_matrix: dict[tuple[str, str, str], bool],
    joint_matrix: dict[tuple[str, str, str], bool],
    console_pages: tuple[dict[tuple[str, str, str], bool], dict[tuple[str, str, str], bool]],
    peer_matrix: dict[tuple[str, str, str], bool],
    feed_matrix: dict[tuple[str, str, str], bool],
) -> str:
    lines = [
        "# Permission matrix",
        "",
        "Generated by `tests/cases/test_permission_matrix.py`, which signs in as each role and tries each",
        "action on each kind of case and referral; the test fails when these tables and the behaviour differ.",
        "",
        "## Cases (the staff member's own organisation unless said otherwise)",
        "",
        *_table(matrix, SITUATIONS, ENDPOINTS, "case"),
        "",
        "## Referrals received by the staff member's organisation",
        "",
        *_table(referral_matrix, REFERRAL_SITUATIONS, REFERRAL_ENDPOINTS, "referral"),
        "",
        "## Spaces in the networks registry (the case page's panel follows the case rules above)",
        "",
        *_table(space_matrix, SPACE_SITUATIONS, SPACE_ENDPOINTS, "space"),
        "",
        "## Proceedings with institutions on the same cases",
        "",
        *_table(PROCEEDINGS, SITUATIONS, PROCEEDING_ENDPOINTS, "case"),
        "",
        "## The staff console",
        "",
        *_table(CONSOLE_PAGES, CONSOLE_PAGE_SITUATIONS, CONSOLE_PAGE_ENDPOINTS, "page"),
        "",
        "## Members on the staff console (invitees open their link without signing in)",
        "",
        *_table(console_matrix, MEMBER_SITUATIONS, MEMBER_ENDPOINTS, "member"),
        "",
        *console_matrix_module.rendered(*console_pages),
        "",
        "## The perpetrator escrow on the same cases (roles of the networks registry)",
        "",
        *_table(ESCROW, SITUATIONS, ESCROW_ENDPOINTS, "case"),
        "",
        "## Joint complaints on the same cases (roles of the networks registry; another organisation's survivor chose one too)",
        "",
        *_table(COMPLAINTS, SITUATIONS, COMPLAINT_ENDPOINTS, "case"),
        "",
        "## Recording a space on the same cases (roles of the networks registry)",
        "",
        *_table(RECORDED, SITUATIONS, RECORD_ENDPOINTS, "case"),
        "",
        "## Pages on unknown websites named in the same cases, kept sealed with them (roles of the networks registry)",
        "",
        *_table(PAGES, SITUATIONS, PAGE_ENDPOINTS, "case"),
        "",
        "## Spaces other organisations also name (never their cases; details only with a case one may open)",
        "",
        *_table(elsewhere_matrix, ELSEWHERE_SITUATIONS, ELSEWHERE_ENDPOINTS, "space"),
        "",
        "## Joint takedown campaigns (each organisation sees only what the others choose to show)",
        "",
        *_table(joint_matrix, JOINT_SITUATIONS, JOINT_ENDPOINTS, "space"),
        "",
        "## Peer installations on the operator console (their feed endpoint reads signed requests, no role)",
        "",
        *_table(peer_matrix, PEER_SITUATIONS, PEER_ENDPOINTS, "page", OPERATOR_ROLES),
        "",
        "## What this installation's feed to peers carries about the organisation (its administrator chooses)",
        "",
        *_table(feed_matrix, FEED_SITUATIONS, FEED_ENDPOINTS, "page", OPERATOR_ROLES),
    ]
    return "\n".join(lines) + "\n"


def test_matrix_matches_the_rules_and_the_docs() -> None:
    matrix = _matrix()
    for (role, situation, endpoint), allowed in matrix.items():
        if situation == "another organisation's" or role in {"Analyst"}:
            assert not allowed, (role, situation, endpoint)
    assert all(matrix[("Organisation administrator", s, e)] for s in SITUATIONS[:3] for e in ENDPOINTS)
    assert not any(matrix[("Lawyer", s, e)] for s in ["unassigned", "assigned to a colleague"] for e in ENDPOINTS)
    assert not any(matrix[("Caseworker", "assigned to a colleague", e)] for e in ENDPOINTS)
    # Deciding on a triage cue follows the case page itself.
    for (role, situation, endpoint), allowed in matrix.items():
        if endpoint in ("decide on a cue", "image preview"):
            assert allowed == matrix[(role, situation, "view report")], (role, situation)
    # Proceedings follow the case: whoever may change the case's risk may record and act on them.
    for (role, situation, endpoint), allowed in PROCEEDINGS.items():
        assert allowed == matrix[(role, situation, "change risk")], (role, situation, endpoint)
    case_pages = [*ESCROW.items(), *COMPLAINTS.items(), *RECORDED.items(), *PAGES.items()]
    for (role, situation, endpoint), allowed in case_pages:
        if situation == "another organisation's" or role == "Analyst":
            assert not allowed, (role, situation, endpoint)
        else:
            assert allowed == matrix[(role, situation, "view report")], (role, situation, endpoint)
    # Every role sees how many other organisations name a space; countries and dates follow the case.
    elsewhere_matrix = _elsewhere_matrix()
    for role in ROLES:
        for situation, case_situation in zip(ELSEWHERE_SITUATIONS, SITUATIONS[::2], strict=True):
            key = (str(role.label), situation)
            assert elsewhere_matrix[(*key, "see the count")], key
            expected = matrix[(str(role.label), case_situation, "view report")]
            assert elsewhere_matrix[(*key, "see countries and since")] == expected, key
    referral_matrix = _referral_matrix()
    for (role, situation, endpoint), allowed in referral_matrix.items():
        if situation in {"awaiting the survivor's consent", "sent to another organisation"} or role == "Analyst":
            assert not allowed, (role, situation, endpoint)
        if role == "Lawyer" and situation != "accepted, assigned to them":
            assert not allowed, (role, situation, endpoint)
    assert all(
        referral_matrix[("Organisation administrator", s, e)]
        for s in REFERRAL_SITUATIONS[:3]
        for e in REFERRAL_ENDPOINTS
    )
    space_matrix = _space_matrix()
    for (role, situation, endpoint), allowed in space_matrix.items():
        if situation == "another organisation's space" or role == "Analyst":
            assert not allowed, (role, situation, endpoint)
        else:
            assert allowed, (role, situation, endpoint)
    console_matrix = _console_matrix()
    for (role, situation, endpoint), allowed in [*console_matrix.items(), *CONSOLE_PAGES.items()]:
        expected = role == "Organisation administrator" and situation != "another organisation's member"
        assert allowed == expected, (role, situation, endpoint)
    # Joint campaigns: caseworkers, lawyers and administrators of an organisation naming the space.
    joint_matrix = _joint_matrix()
    for (role, situation, endpoint), allowed in joint_matrix.items():
        expected = situation == JOINT_SITUATIONS[0] and role in {"Organisation administrator", "Caseworker", "Lawyer"}
        assert allowed == expected, (role, situation, endpoint)
    pages, own = console_matrix_module.matrices()
    for (role, _situation, endpoint), allowed in pages.items():
        assert allowed == console_matrix_module.expected_page(role, endpoint), (role, endpoint)
    assert all(own.values()), own  # every staff member, the operator too, reaches her own pages
    peer_matrix = _peer_matrix()
    for (role, situation, endpoint), allowed in peer_matrix.items():
        assert allowed == (role == str(Role.PLATFORM_ADMIN.label)), (role, situation, endpoint)
    feed_matrix = _feed_matrix()
    for (role, situation, endpoint), allowed in feed_matrix.items():
        assert allowed == (role == str(Role.ORG_ADMIN.label)), (role, situation, endpoint)
    rendered = _render(
        matrix,
        referral_matrix,
        space_matrix,
        console_matrix,
        elsewhere_matrix,
        joint_matrix,
        (pages, own),
        peer_matrix,
        feed_matrix,
    )
    assert DOC.read_text(encoding="utf-8") == rendered, (
        f"docs/permissions.md is out of date; it should read:\n{rendered}"
    )
