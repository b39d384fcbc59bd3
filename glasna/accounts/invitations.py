"""Joining an organisation by invitation: a single-use, expiring link whose token is stored only
as a hash. Accepting it creates the account and its key pair but grants no organisation key;
a key holder approves her afterwards (accounts/membership.py), so a stolen link reads nothing."""

import smtplib
from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from glasna.accounts import keyring, single_use_links
from glasna.accounts.models import Invitation, Organisation, Role, StaffMember
from glasna.core import audit

_SCOPE = "invite-address"


class InvitationRefused(Exception):
    """The administrator's invitation cannot be made; the message says why."""


class InvitationInvalid(Exception):
    """Unknown, used, expired or throttled: deliberately one failure, saying nothing of accounts."""


def invite(organisation: Organisation, username: str, email: str, role: str, actor: str) -> str:
    """Record an invitation and return its token, the only copy: it goes into the link."""
    if role == Role.PLATFORM_ADMIN:
        raise InvitationRefused(_("This role cannot be given by invitation."))
    taken = get_user_model()._default_manager.filter(username__iexact=username).exists()
    pending = Invitation.objects.filter(
        username__iexact=username, used_at__isnull=True, expires_at__gt=timezone.now()
    ).exists()
    if taken or pending:
        raise InvitationRefused(_("This username is already taken or invited. Choose another."))
    token, token_hash = single_use_links.new_token()
    Invitation.objects.create(
        organisation=organisation,
        username=username,
        email=email,
        role=role,
        token_hash=token_hash,
        invited_by=actor,
        expires_at=timezone.now() + timedelta(hours=settings.GLASNA_INVITE_HOURS),
    )
    audit.record("staff.invited", actor=actor, target=f"staff:{username} role:{role}", organisation_id=organisation.pk)
    return token


def revoke(invitation: Invitation, actor: str) -> None:
    """End an open invitation now: its link then gets the same page as any unknown link. The
    invitee is told when she gave an address, so a link she still expects to use is not a mystery."""
    Invitation.objects.filter(pk=invitation.pk, used_at__isnull=True).update(expires_at=timezone.now())
    audit.record(
        "staff.invitation_revoked",
        actor=actor,
        target=f"staff:{invitation.username}",
        organisation_id=invitation.organisation_id,
    )
    if invitation.email:
        organisation = invitation.organisation

        def write() -> tuple[str, str]:
            return _("Glasna: your invitation was withdrawn"), _(
                "The invitation to join %(organisation)s on Glasna that was sent to you was withdrawn: its link "
                "no longer works. If you still expect to join, ask the organisation for a new one."
            ) % {"organisation": organisation.name}

        _send(organisation, invitation.email, write, actor)


def mail_link(organisation: Organisation, email: str, link: str, actor: str) -> bool:
    """Send the link to the invitee through the mail path. Sent within the request, never queued:
    the job queue would keep the token. False when the mail server refused or was unreachable."""

    def write() -> tuple[str, str]:
        subject = _("Glasna: you are invited to join %(organisation)s") % {"organisation": organisation.name}
        body = _(
            "You are invited to join %(organisation)s on Glasna. Open this link to choose a password "
            "and set up two-step sign-in:\n\n%(link)s\n\nThe link works once and expires in "
            "%(hours)s hours. If you did not expect this, ignore this message."
        ) % {"organisation": organisation.name, "link": link, "hours": settings.GLASNA_INVITE_HOURS}
        return subject, body

    return _send(organisation, email, write, actor)


def _send(organisation: Organisation, email: str, write: Callable[[], tuple[str, str]], actor: str) -> bool:
    """One mail to the invitee in the organisation's language; False when it could not be sent."""
    with translation.override(organisation.language):
        subject, body = write()
    try:
        send_mail(subject=subject, message=body, from_email=None, recipient_list=[email])
    except (OSError, smtplib.SMTPException):
        return False
    audit.record("staff.invitation_mailed", actor=actor, target=f"mail:{email}", organisation_id=organisation.pk)
    return True


def find(token: str, address: str) -> Invitation:
    """The open invitation for this token, or InvitationInvalid. Every miss counts against the
    client address, so tokens cannot be guessed at speed."""
    invitation = single_use_links.find(Invitation.objects.all(), token, _SCOPE, address)
    if invitation is None:
        raise InvitationInvalid
    return invitation


@transaction.atomic
def accept(token: str, password: str, address: str) -> tuple[StaffMember, bytes]:
    """Use the invitation once: the new staff member, waiting for key, and her unlocked private key."""
    invitation = find(token, address)
    # Claimed in the same transaction, so two simultaneous uses cannot both succeed.
    if not single_use_links.claim(invitation):
        raise InvitationInvalid
    if get_user_model()._default_manager.filter(username__iexact=invitation.username).exists():
        raise InvitationInvalid  # the name was taken meanwhile (e.g. from glasna shell)
    staff = keyring.create_staff(
        invitation.organisation,
        invitation.username,
        password,
        invitation.role,
        None,
        email=invitation.email,
        actor=invitation.username,
        awaiting_key=True,
    )
    audit.record(
        "staff.invitation_accepted",
        actor=invitation.username,
        target=f"staff:{invitation.username}",
        organisation_id=invitation.organisation_id,
    )
    return staff, keyring.unlock_staff_private_key(staff, password)
