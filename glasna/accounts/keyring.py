"""The organisation key hierarchy as operations: set up, grant, unlock, rotate, recover.

staff password --Argon2id--> staff private key --unseal--> organisation private key (per version)
recovery code  --Argon2id--> recovery private key --unseal--> organisation private key
Reports hold a data key sealed to an organisation public key (glasna.intake.sealing)."""

import secrets
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction

from glasna.accounts.models import (
    KEY_HOLDING_ROLES,
    KeyGrant,
    Organisation,
    OrganisationKey,
    RecoveryKey,
    StaffMember,
)
from glasna.core import audit
from glasna.core.crypto import passphrase
from glasna.core.crypto.primitives import DecryptionError, new_keypair, public_key_of, seal, unseal

_RECOVERY_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read aloud, typed by hand


class KeyUnavailable(Exception):
    """This person holds no key that opens the data asked for."""


@dataclass
class OrganisationKeys:
    """Unlocked organisation private keys by version, held only in memory for one request."""

    organisation_id: int
    by_version: dict[int, bytes]

    def for_version(self, version: int) -> bytes:
        try:
            return self.by_version[version]
        except KeyError as exc:
            raise KeyUnavailable from exc

    @property
    def newest(self) -> tuple[int, bytes]:
        version = max(self.by_version)
        return version, self.by_version[version]


def _audit(action: str, actor: str, organisation_id: int, target: str = "") -> None:
    """Every key operation and permission change goes to the audit chain."""
    audit.record(action, actor=actor, target=target, organisation_id=organisation_id)


def _context(kind: str, ident: object) -> bytes:
    return f"{kind}:{ident}".encode()


def new_recovery_code() -> str:
    """Ten groups of four characters: about 198 bits, typed from paper."""
    chars = "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(40))
    return "-".join(chars[i : i + 4] for i in range(0, 40, 4))


def normalise_recovery_code(code: str) -> str:
    chars = "".join(ch for ch in code.upper() if ch.isalnum())
    return "-".join(chars[i : i + 4] for i in range(0, len(chars), 4))


@transaction.atomic
def set_up_organisation_keys(organisation: Organisation) -> tuple[str, bytes]:
    """Create the first organisation key and the recovery key. Returns (recovery code, org
    private key); the caller grants the key to the first staff and then forgets it."""
    code = new_recovery_code()
    recovery_private, recovery_public = new_keypair()
    RecoveryKey.objects.create(
        organisation=organisation,
        public_key=recovery_public,
        wrapped_private=passphrase.wrap(recovery_private, code, _context("recovery", organisation.pk)),
    )
    org_private, org_public = new_keypair()
    OrganisationKey.objects.create(
        organisation=organisation,
        version=1,
        public_key=org_public,
        recovery_sealed=seal(recovery_public, org_private),
    )
    _audit("keys.organisation_created", "system", organisation.pk, "version:1")
    return code, org_private


@transaction.atomic
def create_staff(
    organisation: Organisation,
    username: str,
    password: str,
    role: str,
    org_keys: OrganisationKeys | None,
    email: str = "",
    actor: str = "system",
    awaiting_key: bool = False,
) -> StaffMember:
    """A staff account with its own keypair; key-holding roles get the newest organisation key
    from `org_keys` (the creating administrator's unlocked keys), unless `awaiting_key`: someone
    who joined by invitation waits until a key holder approves her (accounts/membership.py)."""
    user = get_user_model().objects.create_user(username=username, password=password, email=email)
    staff_private, staff_public = new_keypair()
    staff = StaffMember.objects.create(
        user=user,
        organisation=organisation,
        role=role,
        public_key=staff_public,
        wrapped_private=passphrase.wrap(staff_private, password, _context("staff", user.pk)),
    )
    if role in KEY_HOLDING_ROLES and not awaiting_key:
        if org_keys is None:
            raise KeyUnavailable("a key-holding role needs the organisation key to be granted")
        grant_newest_key(staff, org_keys)
    _audit("staff.created", actor, organisation.pk, f"staff:{username} role:{role}")
    return staff


def grant_newest_key(staff: StaffMember, org_keys: OrganisationKeys) -> None:
    version, private = org_keys.newest
    org_key = OrganisationKey.objects.get(organisation_id=staff.organisation_id, version=version)
    KeyGrant.objects.update_or_create(
        staff=staff, org_key=org_key, defaults={"sealed_private": seal(bytes(staff.public_key), private)}
    )


def unlock_staff_private_key(staff: StaffMember, password: str) -> bytes:
    """Raise passphrase.WrongPassphrase when the password does not open the staff key."""
    return passphrase.unwrap(bytes(staff.wrapped_private), password, _context("staff", staff.user_id))


def unlock_organisation_keys(staff: StaffMember, staff_private: bytes) -> OrganisationKeys:
    """Every organisation key version this staff member can reach: the newest granted one, and
    through the rotation chain each version before it."""
    grant = (
        KeyGrant.objects.filter(staff=staff, org_key__organisation_id=staff.organisation_id)
        .select_related("org_key")
        .order_by("-org_key__version")
        .first()
    )
    if grant is None:
        raise KeyUnavailable("no organisation key has been granted to this staff member")
    try:
        private = unseal(staff_private, bytes(grant.sealed_private))
    except DecryptionError as exc:
        raise KeyUnavailable from exc
    return _walk_chain(staff.organisation_id, grant.org_key, private)


def unlock_chain(organisation_id: int, newest: OrganisationKey, private: bytes) -> OrganisationKeys:
    """Every version reachable from `newest`'s private key through the rotation chain."""
    return _walk_chain(organisation_id, newest, private)


def _walk_chain(organisation_id: int, newest: OrganisationKey, private: bytes) -> OrganisationKeys:
    keys = {newest.version: private}
    older = OrganisationKey.objects.filter(organisation_id=organisation_id, version__lte=newest.version)
    by_version = {key.version: key for key in older}
    version = newest.version
    while version > 1:
        sealed_previous = by_version[version].previous_private_sealed
        if sealed_previous is None:
            break
        private = unseal(private, bytes(sealed_previous))
        version -= 1
        keys[version] = private
    return OrganisationKeys(organisation_id, keys)


def unlock_with_recovery_code(organisation: Organisation, code: str, actor: str = "system") -> OrganisationKeys:
    _audit("keys.recovery_code_used", actor, organisation.pk)
    recovery = organisation.recovery
    recovery_private = passphrase.unwrap(
        bytes(recovery.wrapped_private), normalise_recovery_code(code), _context("recovery", organisation.pk)
    )
    newest = organisation.current_key
    return _walk_chain(organisation.pk, newest, unseal(recovery_private, bytes(newest.recovery_sealed or b"")))


@transaction.atomic
def change_password(staff: StaffMember, old_password: str, new_password: str) -> None:
    staff_private = unlock_staff_private_key(staff, old_password)
    staff.wrapped_private = passphrase.wrap(staff_private, new_password, _context("staff", staff.user_id))
    staff.save(update_fields=["wrapped_private"])
    staff.user.set_password(new_password)
    staff.user.save(update_fields=["password"])
    _audit("staff.password_changed", staff.user.get_username(), staff.organisation_id)


@transaction.atomic
def reset_staff_credentials(
    staff: StaffMember, new_password: str, org_keys: OrganisationKeys | None, actor: str = "system"
) -> None:
    """For a staff member who lost their password: a new keypair, a fresh grant from an
    administrator's (or the recovery code's) unlocked keys, and TOTP to enrol again. Without
    `org_keys` she waits for a key holder's approval (accounts/recovery.py)."""
    staff_private, staff_public = new_keypair()
    staff.public_key = staff_public
    staff.wrapped_private = passphrase.wrap(staff_private, new_password, _context("staff", staff.user_id))
    staff.totp_secret_sealed = None
    staff.totp_confirmed = False
    staff.save()
    staff.grants.all().delete()
    if staff.role in KEY_HOLDING_ROLES and org_keys is not None:
        grant_newest_key(staff, org_keys)
    staff.user.set_password(new_password)
    staff.user.save(update_fields=["password"])
    _audit("staff.credentials_reset", actor, staff.organisation_id, f"staff:{staff.user.get_username()}")


@transaction.atomic
def rotate_organisation_key(
    organisation: Organisation, org_keys: OrganisationKeys, actor: str = "system"
) -> OrganisationKeys:
    """A new keypair for new reports, granted to every remaining key-holding staff member.
    Run it after removing someone: their grants were of older versions only."""
    old_version, old_private = org_keys.newest
    new_private, new_public = new_keypair()
    new_key = OrganisationKey.objects.create(
        organisation=organisation,
        version=old_version + 1,
        public_key=new_public,
        previous_private_sealed=seal(new_public, old_private),
        recovery_sealed=seal(bytes(organisation.recovery.public_key), new_private),
    )
    # Only those who held the previous version: a member still waiting for approval gets nothing.
    holders = organisation.staff.filter(
        role__in=KEY_HOLDING_ROLES, user__is_active=True, grants__org_key__version=old_version
    ).distinct()
    for staff in holders:
        KeyGrant.objects.create(staff=staff, org_key=new_key, sealed_private=seal(bytes(staff.public_key), new_private))
    assert public_key_of(new_private) == new_public
    _audit("keys.rotated", actor, organisation.pk, f"version:{new_key.version}")
    return OrganisationKeys(organisation.pk, {**org_keys.by_version, new_key.version: new_private})


@transaction.atomic
def remove_staff(staff: StaffMember, org_keys: OrganisationKeys, actor: str = "system") -> OrganisationKeys:
    """Deactivate a staff member, drop their grants and rotate the organisation key."""
    staff.grants.all().delete()
    staff.user.is_active = False
    staff.user.save(update_fields=["is_active"])
    _audit("staff.removed", actor, staff.organisation_id, f"staff:{staff.user.get_username()}")
    return rotate_organisation_key(staff.organisation, org_keys, actor)
