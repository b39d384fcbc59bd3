"""Who belongs to an organisation and what each member holds: the console's overview, approval of
a member waiting for the organisation key, and suspension or removal, which end her sessions and
destroy her key grants at once. Key rotation after a key holder leaves: accounts/rotation.py."""

from dataclasses import dataclass
from datetime import datetime

from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from glasna.accounts import keyring, member_mail
from glasna.accounts.models import (
    KEY_HOLDING_ROLES,
    Invitation,
    KeyGrant,
    Membership,
    Organisation,
    OrganisationKey,
    Role,
    StaffMember,
)
from glasna.core import audit

STATES = {
    "invited": gettext_lazy("Invited"),
    "waiting": gettext_lazy("Waiting for key"),
    "active": gettext_lazy("Active"),
    "suspended": gettext_lazy("Suspended"),
    "left": gettext_lazy("Left"),
}


class MembershipRefused(Exception):
    """The change would break the organisation or was already made; the message says why."""


@dataclass(frozen=True)
class Row:
    username: str
    role: str
    state: str
    last_sign_in: datetime | None
    second_factor: bool
    holds_key: bool
    member: StaffMember | None
    invitation: Invitation | None


def holds_newest_key(member: StaffMember) -> bool:
    newest = member.organisation.current_key
    return KeyGrant.objects.filter(staff=member, org_key=newest).exists()


def state_of(member: StaffMember, holds_key: bool) -> str:
    if member.membership != Membership.ACTIVE:
        return str(member.membership)
    if member.role in KEY_HOLDING_ROLES and not holds_key:
        return "waiting"
    return "active"


def key_holders(organisation: Organisation) -> list[StaffMember]:
    """Active members who hold the newest organisation key."""
    return list(
        StaffMember.objects.filter(
            organisation=organisation,
            membership=Membership.ACTIVE,
            grants__org_key=organisation.current_key,
        ).distinct()
    )


def overview(organisation: Organisation) -> list[Row]:
    newest = organisation.current_key
    granted = set(KeyGrant.objects.filter(org_key=newest).values_list("staff_id", flat=True))
    rows = []
    for member in organisation.staff.select_related("user").order_by("user__username"):
        holds = member.pk in granted
        rows.append(
            Row(
                member.user.get_username(),
                member.get_role_display(),
                state_of(member, holds),
                member.user.last_login,
                member.totp_confirmed,
                holds,
                member,
                None,
            )
        )
    for invitation in organisation.invitations.filter(used_at__isnull=True, expires_at__gt=timezone.now()):
        label = dict(Role.choices)[invitation.role]
        rows.append(Row(invitation.username, str(label), "invited", None, False, False, None, invitation))
    return rows


def key_versions(organisation: Organisation) -> list[tuple[OrganisationKey, list[str]]]:
    """Each organisation key version, newest first, with the usernames of those holding a grant."""
    versions = []
    for key in organisation.keys.order_by("-version"):
        holders = sorted(KeyGrant.objects.filter(org_key=key).values_list("staff__user__username", flat=True))
        versions.append((key, holders))
    return versions


@transaction.atomic
def approve(member: StaffMember, org_keys: keyring.OrganisationKeys | None, actor: str) -> None:
    """Seal the newest organisation key to a member waiting for it, from the approver's keys."""
    if member.membership != Membership.ACTIVE or member.role not in KEY_HOLDING_ROLES:
        raise MembershipRefused(_("This member cannot be given the organisation key."))
    if holds_newest_key(member):
        raise MembershipRefused(_("This member already holds the organisation key."))
    if org_keys is None:
        raise MembershipRefused(_("Only a member who holds the organisation key can approve."))
    if Organisation.objects.filter(pk=member.organisation_id, rotation_required_since__isnull=False).exists():
        raise MembershipRefused(
            _("A member who held the organisation key was removed. Rotate the key before giving it to anyone.")
        )
    keyring.grant_newest_key(member, org_keys)
    audit.record(
        "staff.approved",
        actor=actor,
        target=f"staff:{member.user.get_username()}",
        organisation_id=member.organisation_id,
    )
    member_mail.tell_formatted(
        member,
        actor,
        gettext_lazy("Glasna: you were approved"),
        gettext_lazy(
            "A colleague at %(organisation)s who holds the organisation key approved you: you can now read "
            "the organisation's cases. If you did not expect this, tell your organisation."
        ),
    )


def end_sessions(member: StaffMember) -> int:
    """Delete every session of hers: her session-key cookie then opens nothing."""
    ended = 0
    user_id = str(member.user_id)
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get("_auth_user_id") == user_id:
            session.delete()
            ended += 1
    return ended


def _check_leaving(member: StaffMember) -> None:
    organisation = member.organisation
    admins = StaffMember.objects.filter(
        organisation=organisation, membership=Membership.ACTIVE, role=Role.ORG_ADMIN
    ).exclude(pk=member.pk)
    if member.role == Role.ORG_ADMIN and not admins.exists():
        raise MembershipRefused(_("She is the last administrator. Make someone else administrator first."))
    holders = [holder for holder in key_holders(organisation) if holder.pk != member.pk]
    if holds_newest_key(member) and not holders:
        raise MembershipRefused(_("She is the last member who holds the organisation key. Approve someone else first."))


@transaction.atomic
def leave(member: StaffMember, membership: str, actor: str) -> bool:
    """Suspend or remove a member. Returns whether she held the organisation key: her grant is
    destroyed, but she may have kept a copy, so a key rotation is offered after a suspension and
    required after a removal (approvals wait for it; accounts/rotation.py)."""
    if member.membership != Membership.ACTIVE:
        raise MembershipRefused(_("This member is no longer active."))
    _check_leaving(member)
    held = holds_newest_key(member)
    member.grants.all().delete()
    member.membership = membership
    member.save(update_fields=["membership"])
    member.user.is_active = False
    member.user.save(update_fields=["is_active"])
    ended = end_sessions(member)
    if held and membership == Membership.LEFT:
        Organisation.objects.filter(pk=member.organisation_id).update(rotation_required_since=timezone.now())
    # Imported here: matching depends on accounts, not the other way round at import time.
    from glasna.matching import tokens

    tokens.revoke_created_by(member, actor)
    action = "staff.suspended" if membership == Membership.SUSPENDED else "staff.removed"
    audit.record(
        action,
        actor=actor,
        target=f"staff:{member.user.get_username()} sessions:{ended}",
        organisation_id=member.organisation_id,
    )
    _tell_leaving(member, actor)
    return held


def _tell_leaving(member: StaffMember, actor: str) -> None:
    def write() -> tuple[str, str]:
        return _("Glasna: your access was ended"), _(
            "An administrator of %(organisation)s suspended or removed your Glasna account. You are signed "
            "out everywhere and platform tokens you created no longer work. If you did not expect this, "
            "contact your organisation."
        ) % {"organisation": member.organisation.name}

    member_mail.tell(member, write, actor)
