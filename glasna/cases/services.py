"""Case operations. Views, commands and the intake room are thin callers of these functions."""

from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from glasna.accounts.keyring import OrganisationKeys
from glasna.accounts.models import StaffMember
from glasna.cases import permissions
from glasna.cases.models import RISK_WEIGHTS, URGENT_THRESHOLD, Case, CaseEvent, CaseNote, CaseStatus, Outcome, RiskFlag
from glasna.core import audit
from glasna.core.crypto.primitives import decrypt, encrypt, new_key, seal, unseal

if TYPE_CHECKING:
    from glasna.intake.models import Report

_SURVIVOR_STATUS = {
    CaseStatus.NEW: _("Received: an organisation will read it soon"),
    CaseStatus.TRIAGED: _("In progress: an organisation is working on it"),
    CaseStatus.ACTIVE: _("In progress: an organisation is working on it"),
    CaseStatus.CLOSED: _("Closed"),
}
# The status workflow; a closed case can be reopened when the survivor comes back.
TRANSITIONS = {
    CaseStatus.NEW: {CaseStatus.TRIAGED, CaseStatus.ACTIVE, CaseStatus.CLOSED},
    CaseStatus.TRIAGED: {CaseStatus.ACTIVE, CaseStatus.CLOSED},
    CaseStatus.ACTIVE: {CaseStatus.CLOSED},
    CaseStatus.CLOSED: {CaseStatus.ACTIVE},
}


class CaseNotFound(Exception):
    """No such case for this staff member (another organisation's, or not theirs, looks the same)."""


class StaleCase(Exception):
    """The case changed since the form was shown; nothing was applied."""


class NotAllowed(Exception):
    """The change is not permitted for this role, or not a valid step of the workflow."""


# --- what the intake room calls -----------------------------------------------------------------


def open_case_for_report(report: "Report", org_public_key: bytes, org_key_version: int) -> Case:
    case = Case.objects.create(
        organisation_id=report.organisation_id,
        report=report,
        notes_key_for_org=seal(org_public_key, new_key()),
        notes_key_version=org_key_version,
    )
    _event(case, "system", "opened")
    return case


def survivor_status(report: "Report") -> str:
    case = Case.objects.filter(report=report).first()
    return str(_SURVIVOR_STATUS[CaseStatus(case.status if case else CaseStatus.NEW)])


def case_id_of(report: "Report") -> int | None:
    return Case.objects.filter(report=report).values_list("pk", flat=True).first()


def note_survivor_activity(report: "Report") -> None:
    case = Case.objects.filter(report=report).first()
    if case is not None:
        Case.objects.filter(pk=case.pk).update(survivor_waiting=True)
        _event(case, "survivor", "survivor_wrote")


def note_organisation_reply(report: "Report", staff: StaffMember) -> None:
    case = Case.objects.filter(report=report).first()
    if case is None:
        return
    case.survivor_waiting = False
    if case.status == CaseStatus.NEW:
        case.status = CaseStatus.TRIAGED
    case.version += 1
    case.save(update_fields=["survivor_waiting", "status", "version", "updated_at"])
    _event(case, staff.user.get_username(), "replied")


def close_for_withdrawal(report: "Report") -> None:
    case = Case.objects.filter(report=report).first()
    if case is None:
        return
    Case.objects.filter(pk=case.pk).update(
        status=CaseStatus.CLOSED,
        outcome=Outcome.SURVIVOR_WITHDREW,
        closed_on=timezone.localdate(),
        version=case.version + 1,
    )
    _event(case, "survivor", "withdrawn")


# --- the case file -------------------------------------------------------------------------------


def _event(case: Case, actor: str, kind: str, detail: str = "") -> None:
    CaseEvent.objects.create(case=case, actor=actor, kind=kind, detail=detail[:200])


def record_activity(
    case: Case,
    actor: str,
    kind: str,
    detail: str = "",
    *,
    request: object = None,
    action: str = "",
    target: str = "",
    organisation_id: int | None = None,
) -> None:
    """The case timeline and the audit chain together. Details are codes and names, never content."""
    _event(case, actor, kind, detail)
    audit.record(
        action or f"case.{kind}",
        actor=actor,
        target=target or f"case:{case.pk}",
        organisation_id=organisation_id or case.organisation_id,
        request=request,  # type: ignore[arg-type]
    )


def get_case(staff: StaffMember, case_id: int) -> Case:
    case = permissions.visible_cases(staff).filter(pk=case_id).select_related("assigned_to__user").first()
    if case is None:
        raise CaseNotFound
    return case


def _locked(staff: StaffMember, case_id: int, version: int) -> Case:
    """The case, locked for update, after checking visibility and that the form is not stale."""
    case = permissions.visible_cases(staff).select_for_update().filter(pk=case_id).first()
    if case is None:
        raise CaseNotFound
    if case.version != version:
        raise StaleCase
    return case


def _save(case: Case, staff: StaffMember, kind: str, detail: str, fields: list[str], request: object = None) -> None:
    case.version += 1
    case.save(update_fields=[*fields, "version", "updated_at"])
    record_activity(case, staff.user.get_username(), kind, detail, request=request)


def urgency_of(flags: list[str]) -> int:
    return sum(RISK_WEIGHTS.get(RiskFlag(flag), 0) for flag in flags)


@transaction.atomic
def assess_risk(staff: StaffMember, case_id: int, version: int, flags: list[str], request: object = None) -> Case:
    case = _locked(staff, case_id, version)
    case.risk_flags = sorted({RiskFlag(flag).value for flag in flags})
    case.urgency = urgency_of(case.risk_flags)
    _save(case, staff, "risk_assessed", ",".join(case.risk_flags), ["risk_flags", "urgency"], request)
    return case


@transaction.atomic
def change_status(
    staff: StaffMember, case_id: int, version: int, status: str, outcome: str = "", request: object = None
) -> Case:
    case = _locked(staff, case_id, version)
    new = CaseStatus(status)
    if new not in TRANSITIONS[CaseStatus(case.status)]:
        raise NotAllowed
    if new == CaseStatus.CLOSED:
        if not outcome:
            raise NotAllowed
        case.outcome = Outcome(outcome).value
        case.closed_on = timezone.localdate()
    else:
        case.outcome, case.closed_on = "", None
    case.status = new.value
    _save(case, staff, "status", f"{new.value} {case.outcome}".strip(), ["status", "outcome", "closed_on"], request)
    return case


@transaction.atomic
def assign(staff: StaffMember, case_id: int, version: int, assignee_id: int | None, request: object = None) -> Case:
    case = _locked(staff, case_id, version)
    assignee = None
    if assignee_id is not None:
        assignee = StaffMember.objects.filter(pk=assignee_id).select_related("user").first()
        if assignee is None:
            raise NotAllowed
    if not permissions.can_assign(staff, case, assignee):
        raise NotAllowed
    case.assigned_to = assignee
    detail = assignee.user.get_username() if assignee else ""
    _save(case, staff, "assigned", detail, ["assigned_to"], request)
    return case


def _notes_key(case: Case, org_keys: OrganisationKeys) -> bytes:
    return unseal(org_keys.for_version(case.notes_key_version), bytes(case.notes_key_for_org or b""))


@transaction.atomic
def add_note(staff: StaffMember, org_keys: OrganisationKeys, case_id: int, text: str, request: object = None) -> None:
    case = get_case(staff, case_id)
    note = CaseNote.objects.create(case=case, author=staff, body=b"")
    note.body = encrypt(_notes_key(case, org_keys), text.encode(), f"note:{note.pk}".encode())
    note.save(update_fields=["body"])
    record_activity(case, staff.user.get_username(), "note_added", request=request)


def notes(staff: StaffMember, org_keys: OrganisationKeys, case: Case) -> list[tuple[CaseNote, str]]:
    if not permissions.can_view(staff, case):
        raise CaseNotFound
    key = _notes_key(case, org_keys)
    return [
        (note, decrypt(key, bytes(note.body), f"note:{note.pk}".encode()).decode())
        for note in case.notes.select_related("author__user")
    ]


# --- work queues ---------------------------------------------------------------------------------


def triage_queue(staff: StaffMember) -> QuerySet[Case]:
    """Open, unassigned cases, the most urgent first, then the oldest."""
    return (
        permissions.visible_cases(staff)
        .filter(assigned_to__isnull=True)
        .exclude(status=CaseStatus.CLOSED)
        .order_by("-urgency", "opened_on", "id")
    )


def my_cases(staff: StaffMember) -> QuerySet[Case]:
    return (
        permissions.visible_cases(staff)
        .filter(assigned_to=staff)
        .exclude(status=CaseStatus.CLOSED)
        .order_by("-urgency", "-survivor_waiting", "opened_on", "id")
    )


def urgent_cases(staff: StaffMember) -> QuerySet[Case]:
    return (
        permissions.visible_cases(staff)
        .filter(urgency__gte=URGENT_THRESHOLD)
        .exclude(status=CaseStatus.CLOSED)
        .order_by("-urgency", "opened_on", "id")
    )


def all_cases(staff: StaffMember) -> QuerySet[Case]:
    return permissions.visible_cases(staff).order_by("-opened_on", "-id")


def waiting_on_us(staff: StaffMember) -> QuerySet[Case]:
    """Cases where the survivor wrote and nobody has answered yet."""
    return (
        permissions.visible_cases(staff)
        .filter(survivor_waiting=True)
        .exclude(status=CaseStatus.CLOSED)
        .order_by("-urgency", "opened_on", "id")
    )


def notes_key(case: Case, org_keys: OrganisationKeys) -> bytes:
    """The case's staff-notes key, for rooms that keep staff-only text on a case (proceedings)."""
    return _notes_key(case, org_keys)
