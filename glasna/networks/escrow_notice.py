"""Telling people about an escrow match (escrow.py): the caseworker of the case, when the survivor
asked for it, by a short mail that says nothing about the case, the person or the other survivor.

The match itself is on the escrow page and on the case's timeline; the mail only brings someone
there. Who is mailed: the staff member the case is assigned to, if she is active and has an
address; otherwise the organisation's active administrators with an address (an unassigned case
must not wait unseen). "Nothing yet" means the survivor wants no action now: no mail, the match
waits on the page. Written with the match, in its transaction, and sent by the job outbox
(accounts/member_mail.py), so a rolled-back match mails nothing and a mail server that is down
delays the mail, never loses it."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from glasna.accounts import member_mail
from glasna.accounts.models import Membership, Role, StaffMember
from glasna.networks.models import EscrowMatch, MatchChoice

SUBJECT = _("Glasna: a match in the perpetrator escrow")
BODY = _(
    "Another survivor named the same person as a survivor whose case %(organisation)s holds. "
    "Nobody else was told who, and this mail says nothing more. Sign in to Glasna: the escrow page "
    "of the case's networks panel shows the match and what the survivor chose."
)
WANTS_A_MAIL = {MatchChoice.TELL_CASEWORKER, MatchChoice.JOINT_COMPLAINT}


def recipients(match: EscrowMatch) -> list[StaffMember]:
    if match.choice not in WANTS_A_MAIL or match.case is None:
        return []
    assigned = match.case.assigned_to
    if assigned is not None and assigned.membership == Membership.ACTIVE and assigned.user.email:
        return [assigned]
    administrators = StaffMember.objects.filter(
        organisation_id=match.organisation_id, role=Role.ORG_ADMIN, membership=Membership.ACTIVE
    ).select_related("user", "organisation")
    return [member for member in administrators.order_by("pk") if member.user.email]


def tell(match: EscrowMatch) -> int:
    """Queue the mail for each recipient; returns how many were queued."""
    return sum(member_mail.tell_formatted(member, "system", SUBJECT, BODY) for member in recipients(match))
