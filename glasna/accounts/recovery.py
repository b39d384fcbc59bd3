"""Recovery without data loss (procedures for administrators: docs/recovery.md).

- Lost second factor: another administrator, after step-up, clears her authenticator; her
  password still opens her key, so she signs in and enrols a new authenticator. No key changes.
- Lost password: an administrator issues a single-use reset link (like an invitation). Using it
  gives her a new key pair and password and ends every session; she then holds no organisation
  key and reads nothing until a key holder approves her (membership.approve), which seals the
  organisation key to her new public key. The administrator never handles key material for her.
- The last administrator locked out: `glasna recover_admin` with the organisation's recovery
  code (commands/recover_admin.py): a reset link or an invitation, then approval sealed from
  the recovery code's keys. The operator who runs it gets no grant.
Nothing sealed is re-encrypted or dropped: older key versions stay reachable through the chain."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from glasna.accounts import keyring, member_mail, membership, single_use_links
from glasna.accounts.models import CredentialReset, Membership, StaffMember
from glasna.core import audit

_SCOPE = "reset-address"


class RecoveryRefused(Exception):
    """The administrator's request cannot be done; the message says why."""


class ResetInvalid(Exception):
    """Unknown, used, expired or throttled: one failure, saying nothing of accounts."""


def _check_target(member: StaffMember, actor: StaffMember | None) -> None:
    if member.membership != Membership.ACTIVE:
        raise RecoveryRefused(_("This member is no longer active."))
    if actor is not None and actor.pk == member.pk:
        raise RecoveryRefused(_("You cannot reset your own sign-in. Ask another administrator."))


@transaction.atomic
def reset_second_factor(member: StaffMember, actor: StaffMember) -> None:
    """She lost her authenticator: clear it and end her sessions; she enrols again at sign-in."""
    _check_target(member, actor)
    member.totp_secret_sealed = None
    member.totp_confirmed = False
    member.totp_last_step = 0
    member.save(update_fields=["totp_secret_sealed", "totp_confirmed", "totp_last_step"])
    membership.end_sessions(member)
    name = actor.user.get_username()
    audit.record(
        "staff.second_factor_reset",
        actor=name,
        target=f"staff:{member.user.get_username()}",
        organisation_id=member.organisation_id,
    )
    member_mail.tell(
        member,
        lambda: (
            _("Glasna: your two-step sign-in was reset"),
            _(
                "An administrator of %(organisation)s reset your two-step sign-in. At your next sign-in, "
                "set up your authenticator app again. If you did not ask for this, tell your administrator."
            )
            % {"organisation": member.organisation.name},
        ),
        name,
    )


@transaction.atomic  # the reset and the mail that tells her of it
def issue_reset(member: StaffMember, actor: StaffMember | None, actor_name: str) -> str:
    """A single-use password reset link token for her (the only copy). `actor` is None when the
    operator issues it with the recovery code (commands/recover_admin.py)."""
    _check_target(member, actor)
    token, token_hash = single_use_links.new_token()
    # An older open link of hers ends: only the newest works.
    CredentialReset.objects.filter(staff=member, used_at__isnull=True).update(expires_at=timezone.now())
    CredentialReset.objects.create(
        staff=member,
        token_hash=token_hash,
        issued_by=actor_name,
        expires_at=timezone.now() + timedelta(hours=settings.GLASNA_INVITE_HOURS),
    )
    audit.record(
        "staff.reset_issued",
        actor=actor_name,
        target=f"staff:{member.user.get_username()}",
        organisation_id=member.organisation_id,
    )
    member_mail.tell(
        member,
        lambda: (
            _("Glasna: a password reset for you"),
            _(
                "An administrator of %(organisation)s created a password reset link for you. They will give it "
                "to you. After you choose a new password, a colleague who holds the organisation key approves "
                "you again. If you did not ask for this, tell your administrator."
            )
            % {"organisation": member.organisation.name},
        ),
        actor_name,
    )
    return token


def find_reset(token: str, address: str) -> CredentialReset:
    """The open reset for this token, or ResetInvalid; misses count against the address."""
    resets = CredentialReset.objects.filter(staff__membership=Membership.ACTIVE)
    reset = single_use_links.find(resets.select_related("staff__user", "staff__organisation"), token, _SCOPE, address)
    if reset is None:
        raise ResetInvalid
    return reset


@transaction.atomic
def use_reset(token: str, password: str, address: str) -> tuple[StaffMember, bytes]:
    """Her new password and key pair; she waits for approval. Returns her unlocked private key."""
    reset = find_reset(token, address)
    if not single_use_links.claim(reset):
        raise ResetInvalid
    staff = reset.staff
    name = staff.user.get_username()
    keyring.reset_staff_credentials(staff, password, None, actor=name)
    membership.end_sessions(staff)
    audit.record("staff.reset_used", actor=name, target=f"staff:{name}", organisation_id=staff.organisation_id)
    return staff, keyring.unlock_staff_private_key(staff, password)


def approve_with_recovery_code(member: StaffMember, code: str, actor: str) -> None:
    """The organisation key sealed to her from the recovery code's keys, when no administrator
    holding the key is left to approve her. passphrase.WrongPassphrase on a wrong code."""
    org_keys = keyring.unlock_with_recovery_code(member.organisation, code, actor=actor)
    membership.approve(member, org_keys, actor)
