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


def matching_step(secret: str, code: str, now: float | None = None) -> int | None:
    """The time step whose code `code` is, one step either side allowed for a phone's clock drift."""
    code = "".join(ch for ch in code if ch.isdigit())
    if len(code) != 6:
        return None
    totp = pyotp.TOTP(secret)
    now = time.time() if now is None else now
    for drift in (0, -1, 1):
        moment = now + drift * totp.interval
        if totp.at(moment) == code:
            return int(moment // totp.interval)
    return None


def verify(staff: StaffMember, code: str, now: float | None = None) -> bool:
    if staff.totp_secret_sealed is None:
        return False
    step = matching_step(secret_of(staff), code, now)
    if step is None:
        return False
    updated = StaffMember.objects.filter(pk=staff.pk, totp_last_step__lt=step).update(
        totp_last_step=step, totp_confirmed=True
    )
    return updated == 1


def seal_candidate(staff: StaffMember, secret: str) -> bytes:
    """A new authenticator's key while she sets it up, sealed for keeping in her session."""
    return encrypt(purpose_key("totp"), secret.encode(), f"totp-candidate:{staff.user_id}".encode())


def open_candidate(staff: StaffMember, sealed: bytes) -> str:
    return decrypt(purpose_key("totp"), sealed, f"totp-candidate:{staff.user_id}".encode()).decode()


def replace_secret(staff: StaffMember, secret: str, step: int) -> None:
    """Her new authenticator, confirmed with the code of `step`: the old one stops working, and
    that code and every earlier one can never be used again."""
    staff.totp_secret_sealed = encrypt(purpose_key("totp"), secret.encode(), _context(staff))
    staff.totp_confirmed = True
    staff.totp_last_step = max(step, staff.totp_last_step or 0)
    staff.save(update_fields=["totp_secret_sealed", "totp_confirmed", "totp_last_step"])
