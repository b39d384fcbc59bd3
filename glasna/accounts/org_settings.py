"""What an organisation administrator changes about her organisation herself: how long closed
cases are kept, its entry in the referral directory and the Reply-To of its takedown notices.
Platform tokens are matching/tokens.py. Every change is audited with the fields it touched."""

from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from glasna.accounts.models import Organisation
from glasna.core import audit

DIRECTORY_FIELDS = (
    "description",
    "municipalities",
    "languages",
    "phone",
    "public_email",
    "address",
    "website",
    "accepts_referrals",
)


class SettingRefused(Exception):
    """The value is outside what this installation allows; the message says why."""


def retention_bounds() -> tuple[int, int]:
    return settings.GLASNA_RETENTION_MIN_DAYS, settings.GLASNA_RETENTION_MAX_DAYS


def _save(organisation: Organisation, changes: dict[str, Any], section: str, actor: str) -> list[str]:
    changed = [field for field, value in changes.items() if getattr(organisation, field) != value]
    if not changed:
        return []
    for field in changed:
        setattr(organisation, field, changes[field])
    organisation.save(update_fields=changed)
    audit.record(
        f"organisation.{section}_changed",
        actor=actor,
        target=f"organisation:{organisation.slug} fields:{','.join(changed)}",
        organisation_id=organisation.pk,
    )
    return changed


def set_retention(organisation: Organisation, days: int, actor: str) -> list[str]:
    low, high = retention_bounds()
    if not low <= days <= high:
        raise SettingRefused(_("Choose between %(low)d and %(high)d days.") % {"low": low, "high": high})
    return _save(organisation, {"retention_days": days}, "retention", actor)


def set_directory_entry(organisation: Organisation, entry: dict[str, Any], actor: str) -> list[str]:
    return _save(organisation, {field: entry[field] for field in DIRECTORY_FIELDS}, "directory", actor)


def set_notice_reply_to(organisation: Organisation, email: str, actor: str) -> list[str]:
    return _save(organisation, {"notice_reply_to": email}, "mail_identity", actor)
