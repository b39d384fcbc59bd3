"""Case operations the other rooms call. Views are thin callers of these functions."""

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from glasna.cases.models import Case, CaseStatus

if TYPE_CHECKING:
    from glasna.intake.models import Report

_SURVIVOR_STATUS = {
    CaseStatus.NEW: _("Received: an organisation will read it soon"),
    CaseStatus.TRIAGED: _("In progress: an organisation is working on it"),
    CaseStatus.ACTIVE: _("In progress: an organisation is working on it"),
    CaseStatus.CLOSED: _("Closed"),
}


def open_case_for_report(report: "Report") -> Case:
    return Case.objects.create(organisation_id=report.organisation_id, report=report)


def survivor_status(report: "Report") -> str:
    case = Case.objects.filter(report=report).first()
    return str(_SURVIVOR_STATUS[CaseStatus(case.status if case else CaseStatus.NEW)])


def note_survivor_activity(report: "Report") -> None:
    Case.objects.filter(report=report).update(survivor_waiting=True)


def note_organisation_reply(report: "Report") -> None:
    case = Case.objects.filter(report=report).first()
    if case is None:
        return
    case.survivor_waiting = False
    if case.status == CaseStatus.NEW:
        case.status = CaseStatus.TRIAGED
    case.save(update_fields=["survivor_waiting", "status", "updated_at"])


def close_for_withdrawal(report: "Report") -> None:
    Case.objects.filter(report=report).update(status=CaseStatus.CLOSED, outcome="survivor_withdrew")
