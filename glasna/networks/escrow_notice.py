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
COMPLAINT_SUBJECT = _("Glasna: a joint complaint in the perpetrator escrow")
COMPLAINT_BODY = _(
    "Survivors at more than one organisation named the same person and chose to prepare a joint "
    "complaint, one of them a survivor whose case %(organisation)s holds. Nobody else was told who, "
    "and this mail says nothing more. Sign in to Glasna: the escrow page of the case's networks panel "
    "links to the joint complaint, where your organisation may join it."
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


def tell(match: EscrowMatch, complaint: bool = False) -> int:
    """Queue the mail for each recipient; returns how many were queued. `complaint`: the match
    joins a joint complaint (joint_complaints.py), which the mail says instead, still with no content."""
    subject, body = (COMPLAINT_SUBJECT, COMPLAINT_BODY) if complaint else (SUBJECT, BODY)
    return sum(member_mail.tell_formatted(member, "system", subject, body) for member in recipients(match))
