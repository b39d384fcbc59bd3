"""Platform tokens: shown once when issued, stored only as a SHA-256 digest.

Two kinds: the platform's own token (`glasna matching_platform`, all its banks) and tokens an
organisation administrator creates for it from the settings page, scoped to some of its banks,
revocable, with their creator and last use recorded. A member's tokens are revoked when she
is suspended or removed (accounts/membership.py).
A token is 256 random bits, so a fast unsalted digest is enough (nothing to brute-force)."""

import hashlib
import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from glasna.accounts.models import StaffMember
from glasna.core import audit
from glasna.matching.models import HashBank, Platform, PlatformToken

PREFIX = "glasna_pt_"


class TokenRefused(Exception):
    """The token cannot be created as asked; the message says why."""


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _new_token() -> str:
    return PREFIX + secrets.token_urlsafe(32)


def issue(key: str, name: str, banks: list[HashBank]) -> tuple[Platform, str]:
    """Create or re-key a platform; returns the new token (the only time it is visible)."""
    token = _new_token()
    platform, _created = Platform.objects.update_or_create(
        key=key, defaults={"name": name, "token_digest": _digest(token), "active": True}
    )
    platform.banks.set(banks)
    return platform, token


@transaction.atomic
def create(staff: StaffMember, platform: Platform, banks: list[HashBank], label: str) -> tuple[PlatformToken, str]:
    """An organisation's token for `platform`, limited to `banks` (each one the platform may see)."""
    allowed = set(platform.banks.values_list("pk", flat=True))
    if not banks or not platform.active or any(bank.pk not in allowed for bank in banks):
        raise TokenRefused(_("Choose at least one of the banks this platform may see."))
    token = _new_token()
    record = PlatformToken.objects.create(
        platform=platform,
        organisation_id=staff.organisation_id,
        created_by=staff,
        created_by_name=staff.user.get_username(),
        label=label,
        token_digest=_digest(token),
    )
    record.banks.set(banks)
    audit.record(
        "matching.token_created",
        actor=staff.user.get_username(),
        target=f"token:{record.pk} platform:{platform.key} banks:{','.join(sorted(b.name for b in banks))}",
        organisation_id=staff.organisation_id,
    )
    return record, token


def revoke(record: PlatformToken, actor: str) -> None:
    if PlatformToken.objects.filter(pk=record.pk, revoked_at__isnull=True).update(revoked_at=timezone.now()):
        audit.record(
            "matching.token_revoked", actor=actor, target=f"token:{record.pk}", organisation_id=record.organisation_id
        )


def revoke_created_by(staff: StaffMember, actor: str) -> int:
    """Every open token she created, at once (she was suspended or removed)."""
    revoked = 0
    for record in PlatformToken.objects.filter(created_by=staff, revoked_at__isnull=True):
        revoke(record, actor)
        revoked += 1
    return revoked


def of_organisation(organisation_id: int) -> list[PlatformToken]:
    return list(
        PlatformToken.objects.filter(organisation_id=organisation_id)
        .select_related("platform")
        .prefetch_related("banks")
        .order_by("revoked_at", "-created_at")
    )


def platform_for(token: str | None) -> Platform | None:
    """The platform a token speaks for. For an organisation's token the platform carries
    `bank_scope`, the banks that token may see (matching/banks.py `scope_of`)."""
    if not token or len(token) > 200:
        return None
    digest = _digest(token)
    platform = Platform.objects.filter(token_digest=digest, active=True).first()
    if platform is not None:
        return platform
    record = (
        PlatformToken.objects.filter(token_digest=digest, revoked_at__isnull=True, platform__active=True)
        .select_related("platform")
        .first()
    )
    if record is None:
        return None
    PlatformToken.objects.filter(pk=record.pk).update(last_used_at=timezone.now())
    platform = record.platform
    platform.bank_scope = list(record.banks.values_list("pk", flat=True))  # type: ignore[attr-defined]
    platform.token_id = record.pk  # type: ignore[attr-defined]
    return platform
