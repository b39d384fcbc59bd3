"""Joint takedown campaigns (glasna/networks/joint.py): invitations go to the organisations that
name the same space, members see one another only as they choose, and nothing of a case."""

import pytest
from django.core import mail

from glasna.accounts import keyring
from glasna.accounts.models import Role
from glasna.cases.models import Case
from glasna.core import outbox
from glasna.core.models import AuditEvent
from glasna.networks import joint, linkage
from glasna.networks.identifiers import normalise
from glasna.networks.models import JointMember, JointState, Space
from glasna.takedown import campaigns
from tests.factories import PASSWORD, make_organisation, submit

pytestmark = pytest.mark.django_db


def _named(bundle, country: str, link: str, cases: int = 1) -> Space:  # type: ignore[no-untyped-def]
    space = None
    for _ in range(cases):
        submit(country=country)
        case = Case.objects.filter(organisation=bundle.organisation).order_by("-id").first()
        assert case is not None
        space = linkage.link(case, normalise(link), "recorded", f"case:{case.pk}").space
    assert space is not None
    return space


def _three():  # type: ignore[no-untyped-def]
    tirana, skopje, sarajevo = (
        make_organisation("j-al", ["AL"]),
        make_organisation("j-mk", ["MK"]),
        make_organisation("j-ba", ["BA"]),
    )
    al = _named(tirana, "AL", "https://t.me/publicroom_joint", cases=2)
    mk = _named(skopje, "MK", "t.me/PublicRoom_joint")
    _named(sarajevo, "BA", "https://t.me/other_room")  # names another space: not invited
    return tirana, skopje, sarajevo, al, mk


def test_proposing_invites_only_the_organisations_naming_the_space_and_mails_their_admins() -> None:
    tirana, skopje, sarajevo, al, mk = _three()
    admin = keyring.create_staff(skopje.organisation, "j-mk-admin", PASSWORD, Role.ORG_ADMIN, skopje.org_keys)
    admin.user.email = "admin.mk@example.org"
    admin.user.save()
    found = joint.propose(tirana.staff, al, "Public Room", "Please join", True, False)
    members = {m.organisation_id: m for m in found.members.all()}
    assert set(members) == {tirana.organisation.pk, skopje.organisation.pk}
    assert members[tirana.organisation.pk].state == JointState.JOINED
    assert members[skopje.organisation.pk].state == JointState.INVITED
    assert members[skopje.organisation.pk].space == mk  # the invitee's own record, not the proposer's
    outbox.relay()  # the worker's relay: the test's transaction never commits
    assert [m.to for m in mail.outbox] == [["admin.mk@example.org"]]
    assert tirana.organisation.name not in mail.outbox[0].body and "publicroom" not in mail.outbox[0].body
    assert joint.invitations(skopje.staff)[0].joint == found
    assert joint.invitations(sarajevo.staff) == []
    assert AuditEvent.objects.filter(action="networks.joint_proposed", organisation_id=tirana.organisation.pk).exists()
    # Skopje's own log has the invitation and the mail, and no name of Tirana's staff.
    theirs = AuditEvent.objects.filter(
        organisation_id=skopje.organisation.pk, action__in=["networks.joint_invited", "staff.mailed"]
    )
    assert {e.action for e in theirs} == {"networks.joint_invited", "staff.mailed"}
    assert {e.actor for e in theirs} == {joint.OTHER_ORGANISATION}


def test_members_see_counts_and_names_only_as_each_chose() -> None:
    tirana, skopje, _ba, al, _mk = _three()
    found = joint.propose(tirana.staff, al, "Public Room", "", True, False)
    invited = joint.membership(skopje.staff, found.pk)
    assert invited is not None
    # Before answering, the invitee sees that an organisation proposed it, not which, and its counts.
    rows = joint.rows(skopje.staff, found)
    assert rows[0].name == "" and rows[0].counts == {"cases": 2, "notices": 0, "reported": 0}
    joint.answer(skopje.staff, invited, True, share_counts=False, share_name=True)
    seen_by_tirana = joint.rows(tirana.staff, found)
    assert seen_by_tirana[1].name == skopje.organisation.name and seen_by_tirana[1].counts is None
    assert seen_by_tirana[0].mine and seen_by_tirana[0].name == tirana.organisation.name
    joint.change_shares(tirana.staff, joint.membership(tirana.staff, found.pk), False, False)  # type: ignore[arg-type]
    assert joint.rows(skopje.staff, found)[0].counts is None
    member = joint.membership(skopje.staff, found.pk)
    assert member is not None
    joint.leave(skopje.staff, member)
    joint.change_shares(tirana.staff, joint.membership(tirana.staff, found.pk), True, True)  # type: ignore[arg-type]
    left = joint.rows(skopje.staff, found)
    assert left[0].name == "" and left[0].counts is None  # who left sees no more than that it exists
    assert AuditEvent.objects.filter(action="networks.joint_left", organisation_id=skopje.organisation.pk).exists()
    assert AuditEvent.objects.filter(action="networks.joint_joined", organisation_id=skopje.organisation.pk).exists()


def test_a_member_reporting_campaign_joins_without_a_twin() -> None:
    tirana, skopje, _ba, al, _mk = _three()
    own = campaigns.open_campaign(
        skopje.staff,
        "telegram",
        "Report it",
        "https://t.me/publicroom_joint",
        {"en": "Please report"},
        [],
        keys=skopje.org_keys,
    )
    found = joint.propose(tirana.staff, al, "Public Room", "", True, False)
    member = joint.membership(skopje.staff, found.pk)
    assert member is not None
    joint.answer(skopje.staff, member, True, True, False)
    member.refresh_from_db()
    assert member.campaign == own
    campaigns.count_click(own, "203.0.113.7")
    row = joint.rows(tirana.staff, found)[1]
    assert row.counts == {"cases": 1, "notices": 0, "reported": 1} and row.campaign_open is True


def test_refusals() -> None:
    tirana, skopje, sarajevo, al, _mk = _three()
    lonely = _named(sarajevo, "BA", "https://t.me/lonely_room")
    with pytest.raises(joint.JointError):
        joint.propose(sarajevo.staff, lonely, "Alone", "", True, False)  # no one to invite
    intake = keyring.create_staff(tirana.organisation, "j-intake", PASSWORD, Role.INTAKE_OFFICER, tirana.org_keys)
    with pytest.raises(joint.JointError):
        joint.propose(intake, al, "Not her role", "", True, False)
    with pytest.raises(joint.JointError):
        joint.propose(skopje.staff, al, "Not their space", "", True, False)
    found = joint.propose(tirana.staff, al, "Public Room", "", True, False)
    with pytest.raises(joint.JointError):
        joint.propose(tirana.staff, al, "Twice", "", True, False)
    member = joint.membership(skopje.staff, found.pk)
    assert member is not None and joint.membership(sarajevo.staff, found.pk) is None
    with pytest.raises(joint.JointError):
        joint.close(skopje.staff, found)  # only the proposer closes
    joint.close(tirana.staff, found)
    with pytest.raises(joint.JointError):
        joint.answer(skopje.staff, member, True, True, True)


def test_an_organisation_naming_the_space_later_is_invited_when_it_opens_its_space() -> None:
    tirana, _mk, sarajevo, al, _space = _three()
    found = joint.propose(tirana.staff, al, "Public Room", "", True, False)
    late = _named(sarajevo, "BA", "telegram.me/publicroom_joint")
    assert joint.open_joint(sarajevo.staff, late) == found
    assert JointMember.objects.filter(joint=found, organisation=sarajevo.organisation).count() == 1
    assert joint.open_joint(sarajevo.staff, late) == found  # once only
    assert JointMember.objects.filter(joint=found, organisation=sarajevo.organisation).count() == 1
