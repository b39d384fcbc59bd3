"""Who may see and change which case: least privilege within an organisation.

- organisation administrators and intake officers see every case of their organisation;
- caseworkers see the cases assigned to them and the unassigned ones waiting for triage;
- lawyers see only the cases assigned to them;
- analysts and platform administrators see no case file at all (aggregates only, elsewhere).
Nobody sees another organisation's cases."""

from django.db.models import Q, QuerySet

from glasna.accounts.models import Role, StaffMember
from glasna.cases.models import Case

_SEE_ALL = {Role.ORG_ADMIN, Role.INTAKE_OFFICER}
_ASSIGNERS = {Role.ORG_ADMIN, Role.INTAKE_OFFICER, Role.CASEWORKER}


def visible_cases(staff: StaffMember) -> QuerySet[Case]:
    own = Case.objects.filter(organisation_id=staff.organisation_id)
    if staff.role in _SEE_ALL:
        return own
    if staff.role == Role.CASEWORKER:
        return own.filter(Q(assigned_to=staff) | Q(assigned_to__isnull=True))
    if staff.role == Role.LAWYER:
        return own.filter(assigned_to=staff)
    return Case.objects.none()


def can_view(staff: StaffMember, case: Case) -> bool:
    return visible_cases(staff).filter(pk=case.pk).exists()


def can_assign(staff: StaffMember, case: Case, assignee: StaffMember | None) -> bool:
    if staff.role not in _ASSIGNERS or not can_view(staff, case):
        return False
    if assignee is None:
        return staff.role != Role.CASEWORKER or case.assigned_to_id == staff.pk
    if assignee.organisation_id != staff.organisation_id or not assignee.user.is_active:
        return False
    # Caseworkers may take a case for themselves; handing it to others is for triage roles.
    return staff.role != Role.CASEWORKER or assignee.pk == staff.pk
