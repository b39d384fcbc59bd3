"""Case referral pages (filled in by the referral work)."""

from typing import Any

from glasna.accounts.keyring import OrganisationKeys
from glasna.accounts.models import StaffMember
from glasna.cases.models import Case


def context(staff: StaffMember, org_keys: OrganisationKeys, case: Case) -> dict[str, Any]:
    """What the case page shows of this part."""
    return {}
