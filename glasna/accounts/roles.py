"""Changing a member's role from the console, with the refusals that keep an organisation
running: never without an administrator, never without someone holding the organisation key.

A member moved to a key-holding role gets no key by the change itself: she waits, like a newcomer,
until a key holder approves her. One moved to analyst loses her grants at once (analysts see
aggregates only); a key rotation is then offered, as after anyone who held the key leaves."""

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from glasna.accounts import member_mail
from glasna.accounts.membership import holds_newest_key, key_holders
from glasna.accounts.models import KEY_HOLDING_ROLES, Membership, Role, StaffMember
from glasna.core import audit

CONSOLE_ROLES = (Role.ANALYST, Role.INTAKE_OFFICER, Role.CASEWORKER, Role.LAWYER, Role.ORG_ADMIN)


class RoleRefused(Exception):
    """The role change would break the organisation or makes no sense; the message says why."""


def _check(member: StaffMember, role: str) -> None:
    if role not in CONSOLE_ROLES:
        raise RoleRefused(_("This role cannot be given from the console."))
    if member.membership != Membership.ACTIVE:
        raise RoleRefused(_("This member is no longer active."))
    if member.role == role:
        raise RoleRefused(_("She already has this role."))
    if member.role == Role.ORG_ADMIN:
        others = StaffMember.objects.filter(
            organisation_id=member.organisation_id, membership=Membership.ACTIVE, role=Role.ORG_ADMIN
        ).exclude(pk=member.pk)
        if not others.exists():
            raise RoleRefused(_("She is the last administrator. Make someone else administrator first."))
    if role not in KEY_HOLDING_ROLES and holds_newest_key(member):
        if not [holder for holder in key_holders(member.organisation) if holder.pk != member.pk]:
            raise RoleRefused(_("She is the last member who holds the organisation key. Approve someone else first."))


def change_role(member: StaffMember, role: str, actor: str) -> bool:
    """Returns whether she gave up the organisation key (then a key rotation is offered)."""
    with transaction.atomic():
        member = StaffMember.objects.select_for_update().select_related("user", "organisation").get(pk=member.pk)
        _check(member, role)
        old = member.role
        gave_up_key = role not in KEY_HOLDING_ROLES and member.grants.exists()
        if role not in KEY_HOLDING_ROLES:
            member.grants.all().delete()
        member.role = role
        member.save(update_fields=["role"])
        audit.record(
            "staff.role_changed",
            actor=actor,
            target=f"staff:{member.user.get_username()} role:{old}->{role}",
            organisation_id=member.organisation_id,
        )
        labels = dict(Role.choices)
        member_mail.tell_formatted(
            member,
            actor,
            gettext_lazy("Glasna: your role has changed"),
            gettext_lazy(
                "An administrator of %(organisation)s changed your role on Glasna from %(old)s to %(new)s. "
                "If you did not expect this, tell your organisation."
            ),
            old=labels[old],
            new=labels[role],
        )
    return gave_up_key
