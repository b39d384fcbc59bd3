"""The survivor's consent to coordinated action: which cases a dossier may draw on.

A case counts when its consent is recorded and not withdrawn, or when the survivor chose
"prepare a joint complaint" for an escrow match of it (and did not withdraw consent since)."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from glasna.accounts.models import StaffMember
from glasna.cases.models import Case
from glasna.core import audit
from glasna.networks.models import ConsentChannel, CoordinationConsent, EscrowMatch, MatchChoice


class ConsentError(Exception):
    """A consent change the room refuses; `message` is translated."""

    def __init__(self, message: object) -> None:
        super().__init__(str(message))
        self.message = message


def consenting(organisation_id: int, case_ids: Iterable[int]) -> set[int]:
    """Of these cases of the organisation, the ones whose survivor consented to coordinated action."""
    wanted = set(case_ids)
    rows = CoordinationConsent.objects.filter(organisation_id=organisation_id, case_id__in=wanted)
    given = {row.case_id for row in rows if row.withdrawn_at is None}
    withdrawn = {row.case_id for row in rows if row.withdrawn_at is not None}
    joint = set(
        EscrowMatch.objects.filter(
            organisation_id=organisation_id, case_id__in=wanted, choice=MatchChoice.JOINT_COMPLAINT
        ).values_list("case_id", flat=True)
    )
    return (given | joint) - withdrawn


def is_given(case: Case) -> bool:
    return case.pk in consenting(case.organisation_id, [case.pk])


def record(staff: StaffMember, case: Case, channel: str) -> CoordinationConsent:
    if channel not in ConsentChannel.values:
        raise ConsentError(_("Say how the survivor gave her consent."))
    consent, _created = CoordinationConsent.objects.update_or_create(
        case=case,
        defaults={
            "organisation_id": case.organisation_id,
            "channel": channel,
            "recorded_by": staff,
            "given_at": timezone.now(),
            "withdrawn_at": None,
        },
    )
    _audit(staff, "coordination_consent_given", case)
    return consent


def withdraw(staff: StaffMember, case: Case) -> None:
    """Withdrawal also overrides a "joint complaint" choice made earlier at a match, and takes her
    organisation out of any joint complaint of her case."""
    from glasna.networks import joint_complaints  # it asks this module whether she consented

    CoordinationConsent.objects.update_or_create(
        case=case,
        defaults={
            "organisation_id": case.organisation_id,
            "channel": ConsentChannel.RECORDED,
            "recorded_by": staff,
            "given_at": timezone.now(),
            "withdrawn_at": timezone.now(),
        },
    )
    _audit(staff, "coordination_consent_withdrawn", case)
    joint_complaints.withdraw_case(case, staff.user.get_username())


def _audit(staff: StaffMember, action: str, case: Case) -> None:
    audit.record(
        f"networks.{action}",
        actor=staff.user.get_username(),
        target=f"case:{case.pk}",
        organisation_id=staff.organisation_id,
    )
