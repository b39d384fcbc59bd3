"""Time-based one-time passwords (RFC 6238) for staff, with replay protection: a code, once
accepted, is never accepted again, even within its 30-second window."""

import time

import pyotp

from glasna.accounts.models import StaffMember
from glasna.core.crypto.primitives import decrypt, encrypt
from glasna.core.crypto.server_keys import purpose_key

ISSUER = "Glasna"


def _context(staff: StaffMember) -> bytes:
    return f"totp:{staff.user_id}".encode()


def new_secret(staff: StaffMember) -> str:
    secret = pyotp.random_base32()
    staff.totp_secret_sealed = encrypt(purpose_key("totp"), secret.encode(), _context(staff))
    staff.totp_confirmed = False
    staff.save(update_fields=["totp_secret_sealed", "totp_confirmed"])
    return secret


def secret_of(staff: StaffMember) -> str:
    if staff.totp_secret_sealed is None:
        raise ValueError("no TOTP secret set up")
    return decrypt(purpose_key("totp"), bytes(staff.totp_secret_sealed), _context(staff)).decode()


def provisioning_uri(staff: StaffMember) -> str:
    return pyotp.TOTP(secret_of(staff)).provisioning_uri(name=staff.user.get_username(), issuer_name=ISSUER)


def verify(staff: StaffMember, code: str, now: float | None = None) -> bool:
    if staff.totp_secret_sealed is None:
        return False
    code = "".join(ch for ch in code if ch.isdigit())
    if len(code) != 6:
        return False
    totp = pyotp.TOTP(secret_of(staff))
    now = time.time() if now is None else now
    for drift in (0, -1, 1):
        moment = now + drift * totp.interval
        if totp.at(moment) == code:
            step = int(moment // totp.interval)
            updated = StaffMember.objects.filter(pk=staff.pk, totp_last_step__lt=step).update(
                totp_last_step=step, totp_confirmed=True
            )
            return updated == 1
    return False
