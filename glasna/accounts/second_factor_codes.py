"""One-time codes for a lost authenticator. A member makes ten on her own (after step-up) and
keeps them on paper; each works once in place of a TOTP code at sign-in and then sends her to set
up a new authenticator. Her keys do not change: the codes replace the second factor only, her
password is still needed. Stored as password hashes; guessing is limited per account."""

import secrets

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from glasna.accounts import member_mail
from glasna.accounts.models import SecondFactorCode, StaffMember
from glasna.core import audit, ratelimit

COUNT = 10
_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # as the recovery code: no 0/O, 1/I/L
_SCOPE = "second-factor-code"


def normalise(code: str) -> str:
    chars = "".join(ch for ch in code.upper() if ch.isalnum())
    return f"{chars[:5]}-{chars[5:]}" if len(chars) == 10 else chars


def looks_like_one(code: str) -> bool:
    """TOTP codes are digits only; these codes always hold letters."""
    return any(ch.isalpha() for ch in code)


@transaction.atomic
def issue(staff: StaffMember) -> list[str]:
    """Ten new codes (the only copy), replacing any earlier ones."""
    codes = [normalise("".join(secrets.choice(_ALPHABET) for _ in range(10))) for _ in range(COUNT)]
    staff.second_factor_codes.all().delete()
    SecondFactorCode.objects.bulk_create(SecondFactorCode(staff=staff, code_hash=make_password(c)) for c in codes)
    audit.record(
        "staff.second_factor_codes_issued", actor=staff.user.get_username(), organisation_id=staff.organisation_id
    )
    return codes


def unused(staff: StaffMember) -> int:
    return staff.second_factor_codes.filter(used_at__isnull=True).count()


@transaction.atomic
def use(staff: StaffMember, code: str) -> bool:
    """Spend one code. On success her authenticator is cleared, so she enrols a new one now."""
    name = staff.user.get_username()
    if not ratelimit.allow(_SCOPE, name.lower(), settings.GLASNA_LOGIN_ATTEMPTS_PER_HOUR):
        return False
    wanted = normalise(code)
    for candidate in staff.second_factor_codes.select_for_update().filter(used_at__isnull=True):
        if check_password(wanted, candidate.code_hash):
            candidate.used_at = timezone.now()
            candidate.save(update_fields=["used_at"])
            staff.totp_secret_sealed = None
            staff.totp_confirmed = False
            staff.totp_last_step = 0  # replay protection starts again with the new secret
            staff.save(update_fields=["totp_secret_sealed", "totp_confirmed", "totp_last_step"])
            audit.record("staff.second_factor_code_used", actor=name, organisation_id=staff.organisation_id)
            member_mail.tell(
                staff,
                lambda: (
                    _("Glasna: one of your one-time codes was used"),
                    _(
                        "One of your one-time codes was used to sign in, and a new authenticator app is being "
                        "set up. If this was not you, tell your administrator at once."
                    ),
                ),
                name,
            )
            return True
    return False
