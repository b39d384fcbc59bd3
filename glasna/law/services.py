"""What the law pages need: guidance for a report or for facts typed in, and free legal aid nearby."""

import datetime as dt
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.db.models import Q
from django.http import HttpRequest

from glasna.accounts import directory
from glasna.accounts.keyring import OrganisationKeys
from glasna.accounts.models import Organisation, OrganisationType, StaffMember
from glasna.intake import staff_access
from glasna.law import facts as facts_module
from glasna.law import navigator
from glasna.law.facts import Facts


@dataclass(frozen=True)
class CaseGuidance:
    report: Any  # intake.models.Report
    answers: dict[str, Any]
    facts: Facts
    guidance: navigator.Guidance


def legal_aid(country: str) -> list[Organisation]:
    """Organisations in the directory giving free legal aid or legal advice in `country`."""
    if not country:
        return []
    advice = set(directory.search(country=country, service="legal").values_list("pk", flat=True))
    aid = set(directory.search(country=country, org_type=OrganisationType.LEGAL_AID).values_list("pk", flat=True))
    return list(Organisation.objects.filter(Q(pk__in=advice | aid)).order_by("name", "pk"))


def for_answers(answers: dict[str, Any], submitted_on: dt.date, today: dt.date | None = None) -> navigator.Guidance:
    return navigator.navigate(facts_module.from_answers(answers, submitted_on, today))


def for_report(
    staff: StaffMember, org_keys: OrganisationKeys, report_id: UUID, request: HttpRequest | None
) -> CaseGuidance:
    """Guidance from a report's decrypted answers; the opening is audited by intake.staff_access.
    Raises staff_access.ReportNotFound for a report the staff member may not open."""
    report, answers = staff_access.open_answers(staff, org_keys, report_id, request, "legal_navigator")
    facts = facts_module.from_answers(answers, report.received_on)
    return CaseGuidance(report, answers, facts, navigator.navigate(facts))
