"""Joint takedown campaigns: organisations that name the same space coordinate against it without
showing one another their cases (docs/networks.md, "Joint campaigns").

A caseworker proposes one from her space's page; every other organisation of this installation
whose registry holds the same space (the same cross-organisation pseudonym, federation.py) is
invited, sees the invitation in its own networks pages and may join. A joint campaign copies
nothing: each member's part is its own notices and its own reporting campaign (takedown room),
read where they are. What a member shows the others is its choice: counts of its cases, notices
and reports (never a case), and its name in clear or only a number."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from glasna.accounts import member_mail
from glasna.accounts.models import Membership, Role, StaffMember
from glasna.core import audit
from glasna.networks import campaign_lineage, federation, registry
from glasna.networks.models import (
    Appearance,
    JointCampaign,
    JointMember,
    JointState,
    LinkKind,
    Space,
    SpaceLink,
)

if TYPE_CHECKING:
    from glasna.takedown.models import Campaign

# Who may propose, join, answer and read a joint campaign: the roles that act on cases with other
# organisations. Intake officers and analysts do not.
ROLES = {Role.ORG_ADMIN, Role.CASEWORKER, Role.LAWYER}
INVITE_SUBJECT = _("Glasna: an invitation to a joint takedown campaign")
INVITE_BODY = _(
    "Another organisation proposes a joint takedown campaign against a space that %(organisation)s "
    "also names in its cases. No case is shared. A caseworker, lawyer or administrator of "
    "%(organisation)s can read the invitation and answer it on the networks page of Glasna."
)


class JointError(Exception):
    """A change the room refuses; `message` is translated."""

    def __init__(self, message: object) -> None:
        super().__init__(str(message))
        self.message = message


def may_use(staff: StaffMember) -> bool:
    return staff.role in ROLES


def _check_role(staff: StaffMember) -> None:
    if not may_use(staff):
        raise JointError(_("Your role cannot take part in joint campaigns."))


# The actor of an event written in another organisation's log: never a staff member's name there.
OTHER_ORGANISATION = "networks:other-organisation"


def _record(action: str, staff: StaffMember | None, joint: JointCampaign, organisation_id: int, **extra: Any) -> None:
    target = f"joint:{joint.pk}" + "".join(f" {key}:{value}" for key, value in extra.items())
    own = staff is not None and staff.organisation_id == organisation_id
    audit.record(
        f"networks.joint_{action}",
        actor=staff.user.get_username() if own and staff is not None else OTHER_ORGANISATION,
        target=target,
        organisation_id=organisation_id,
    )


def _own_campaign(organisation_id: int, space: Space) -> Campaign | None:
    """The organisation's open reporting campaign against the space or its lineage, if any."""
    from glasna.takedown.models import Campaign

    chain = {s.pk for s in registry.lineage(space)}
    for campaign in Campaign.objects.filter(organisation_id=organisation_id, is_open=True).select_related(
        "platform", "organisation"
    ):
        found = campaign_lineage.space_of(campaign)
        if found is not None and found.pk in chain:
            return campaign
    return None


def _others(joint: JointCampaign) -> list[Appearance]:
    """This installation's appearances of the joint's space at organisations not yet members."""
    members = joint.members.values_list("organisation_id", flat=True)
    return list(
        Appearance.objects.filter(installation="", platform=joint.platform, pseudonym=joint.pseudonym)
        .exclude(organisation_id__in=members)
        .exclude(space=None)
        .select_related("space", "organisation")
    )


def _invite(joint: JointCampaign, appearance: Appearance, staff: StaffMember | None) -> JointMember:
    # Only this installation's appearances (with a space, so an organisation) are invited.
    assert appearance.organisation_id is not None
    member = JointMember.objects.create(
        joint=joint, organisation_id=appearance.organisation_id, space=appearance.space, invited_at=timezone.now()
    )
    _record("invited", staff, joint, member.organisation_id)
    for admin in StaffMember.objects.filter(
        organisation_id=member.organisation_id, role=Role.ORG_ADMIN, membership=Membership.ACTIVE
    ).select_related("user", "organisation"):
        member_mail.tell_formatted(admin, OTHER_ORGANISATION, INVITE_SUBJECT, INVITE_BODY)
    return member


def open_joint(staff: StaffMember, space: Space) -> JointCampaign | None:
    """The open joint campaign on this space that the staff member's organisation belongs to;
    an organisation that came to name the space after it opened is invited on the way."""
    appearance = federation.record(space)
    if appearance is None or not may_use(staff) or space.organisation_id != staff.organisation_id:
        return None
    joint = (
        JointCampaign.objects.filter(platform=appearance.platform, pseudonym=appearance.pseudonym, closed_at=None)
        .order_by("pk")
        .first()
    )
    if joint is None:
        return None
    if not joint.members.filter(organisation_id=staff.organisation_id).exists():
        with transaction.atomic():
            _invite(joint, appearance, None)
    return joint


@transaction.atomic
def propose(
    staff: StaffMember,
    space: Space,
    title: str,
    note: str,
    share_counts: bool,
    share_name: bool,
    request: HttpRequest | None = None,
) -> JointCampaign:
    """Open a joint campaign on the organisation's space and invite every other organisation here
    that names it. The proposer joins at once, with the shares it chose."""
    _check_role(staff)
    if space.organisation_id != staff.organisation_id:
        raise JointError(_("You cannot change this space."))
    if not title.strip():
        raise JointError(_("Give the joint campaign a title."))
    if open_joint(staff, space) is not None:
        raise JointError(_("A joint campaign on this space is already open."))
    appearance = federation.record(space)
    if appearance is None:
        raise JointError(_("This space cannot be matched across organisations yet."))
    others = Appearance.objects.filter(installation="", platform=appearance.platform, pseudonym=appearance.pseudonym)
    if not others.exclude(organisation_id=staff.organisation_id).exclude(space=None).exists():
        raise JointError(_("No other organisation here names this space: there is no one to invite."))
    now = timezone.now()
    joint = JointCampaign.objects.create(
        proposer_id=staff.organisation_id,
        platform=appearance.platform,
        pseudonym=appearance.pseudonym,
        title=title.strip()[:200],
        note=note.strip()[:1000],
        opened_by=staff,
        opened_at=now,
    )
    JointMember.objects.create(
        joint=joint,
        organisation_id=staff.organisation_id,
        space=space,
        campaign=_own_campaign(staff.organisation_id, space),
        state=JointState.JOINED,
        share_counts=share_counts,
        share_name=share_name,
        invited_at=now,
        answered_by=staff,
        answered_at=now,
    )
    audit.record(
        "networks.joint_proposed",
        actor=staff.user.get_username(),
        target=f"joint:{joint.pk} space:{space.pk}",
        organisation_id=staff.organisation_id,
        request=request,
    )
    for found in _others(joint):
        _invite(joint, found, staff)
    return joint


def membership(staff: StaffMember, joint_id: int) -> JointMember | None:
    """The staff member's organisation's place in a joint campaign; None when it has none or her
    role may not see it (the view answers 404)."""
    if not may_use(staff):
        return None
    return (
        JointMember.objects.filter(joint_id=joint_id, organisation_id=staff.organisation_id)
        .select_related("joint", "space")
        .first()
    )


@transaction.atomic
def answer(staff: StaffMember, member: JointMember, join: bool, share_counts: bool, share_name: bool) -> None:
    """Join (or re-join) with the chosen shares, or decline."""
    _check_role(staff)
    if member.organisation_id != staff.organisation_id:
        raise JointError(_("Your role cannot take part in joint campaigns."))
    if not JointCampaign.objects.filter(pk=member.joint_id, closed_at=None).exists():
        raise JointError(_("This joint campaign is closed."))
    if join:
        space = member.space
        member.campaign = _own_campaign(staff.organisation_id, space) if space is not None else None
        member.state = JointState.JOINED
        member.share_counts, member.share_name = share_counts, share_name
    elif member.state == JointState.JOINED:
        raise JointError(_("Leave the campaign instead."))
    else:
        member.state = JointState.DECLINED
    member.answered_by, member.answered_at = staff, timezone.now()
    member.save()
    _record("joined" if join else "declined", staff, member.joint, staff.organisation_id)


@transaction.atomic
def change_shares(staff: StaffMember, member: JointMember, share_counts: bool, share_name: bool) -> None:
    _check_role(staff)
    if member.organisation_id != staff.organisation_id or member.state != JointState.JOINED:
        raise JointError(_("Join the campaign first."))
    member.share_counts, member.share_name = share_counts, share_name
    member.save(update_fields=["share_counts", "share_name"])
    _record("shares_changed", staff, member.joint, staff.organisation_id, counts=share_counts, name=share_name)


@transaction.atomic
def leave(staff: StaffMember, member: JointMember) -> None:
    _check_role(staff)
    if member.organisation_id != staff.organisation_id or member.state != JointState.JOINED:
        raise JointError(_("Join the campaign first."))
    member.state, member.answered_by, member.answered_at = JointState.LEFT, staff, timezone.now()
    member.save(update_fields=["state", "answered_by", "answered_at"])
    _record("left", staff, member.joint, staff.organisation_id)


@transaction.atomic
def close(staff: StaffMember, joint: JointCampaign) -> None:
    """Only the proposing organisation closes a joint campaign; members' own campaigns stay."""
    _check_role(staff)
    if joint.proposer_id != staff.organisation_id:
        raise JointError(_("Only the organisation that proposed the joint campaign can close it."))
    if joint.closed_at is None:
        joint.closed_at = timezone.now()
        joint.save(update_fields=["closed_at"])
        for organisation_id in joint.members.values_list("organisation_id", flat=True):
            _record("closed", staff, joint, organisation_id)


def invitations(staff: StaffMember) -> list[JointMember]:
    """The open joint campaigns the organisation is invited to and has not answered."""
    if not may_use(staff):
        return []
    return list(
        JointMember.objects.filter(
            organisation_id=staff.organisation_id, state=JointState.INVITED, joint__closed_at=None
        ).select_related("joint", "space")
    )


def of_organisation(staff: StaffMember) -> list[JointMember]:
    """The joint campaigns the organisation takes part in or was invited to, open first."""
    if not may_use(staff):
        return []
    return list(
        JointMember.objects.filter(organisation_id=staff.organisation_id)
        .select_related("joint", "space")
        .order_by(F("joint__closed_at").desc(nulls_first=True), "-joint__opened_at")
    )


@dataclass(frozen=True)
class MemberRow:
    """What one member shows the others: a name only by its choice, counts only by its choice."""

    number: int
    name: str  # "" unless the organisation chose to be named
    state: str
    state_label: str
    mine: bool
    proposer: bool
    counts: dict[str, int] | None  # None: not shared (or not joined)
    campaign_open: bool | None


def _counts(member: JointMember) -> dict[str, int]:
    chain = registry.lineage(member.space) if member.space is not None else []
    links = SpaceLink.objects.filter(space__in=chain, organisation_id=member.organisation_id)
    campaign = member.campaign
    return {
        "cases": links.values("case_id").distinct().count(),
        "notices": links.filter(object_kind=LinkKind.NOTICE).values("object_id").distinct().count(),
        "reported": campaign.reported_count if campaign is not None else 0,
    }


def rows(staff: StaffMember, joint: JointCampaign) -> list[MemberRow]:
    """The members as the staff member's organisation may see them."""
    result = []
    members = list(joint.members.select_related("organisation", "campaign").order_by("invited_at", "pk"))
    # An organisation that declined or left sees who took part, not what they show.
    viewing = next((m for m in members if m.organisation_id == staff.organisation_id), None)
    taking_part = viewing is not None and viewing.state in (JointState.INVITED, JointState.JOINED)
    for number, member in enumerate(members, start=1):
        mine = member.organisation_id == staff.organisation_id
        joined = member.state == JointState.JOINED and (mine or taking_part)
        show_counts = joined and (mine or member.share_counts)
        result.append(
            MemberRow(
                number=number,
                name=member.organisation.name if mine or (joined and member.share_name) else "",
                state=member.state,
                state_label=str(JointState(member.state).label),
                mine=mine,
                proposer=member.organisation_id == joint.proposer_id,
                counts=_counts(member) if show_counts else None,
                campaign_open=(member.campaign.is_open if member.campaign is not None else None)
                if show_counts
                else None,
            )
        )
    return result
