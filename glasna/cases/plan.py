"""The case plan: tasks (encrypted titles, an owner, a due date) and the services provided.

Every access goes through cases.permissions.visible_cases; a case or task the staff member may not
see raises CaseNotFound, the same as one that does not exist."""

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone

from glasna.accounts.keyring import OrganisationKeys
from glasna.accounts.models import StaffMember
from glasna.cases import permissions
from glasna.cases.models import Case, CaseService, CaseStatus, CaseTask, ServiceKind
from glasna.cases.services import CaseNotFound, NotAllowed, _notes_key, get_case, record_activity
from glasna.core.crypto.primitives import decrypt, encrypt

DUE_WINDOW = datetime.timedelta(days=7)


def _context(task: CaseTask) -> bytes:
    return f"task:{task.pk}".encode()


def _owner(case: Case, owner_id: int | None) -> StaffMember | None:
    """The task owner: active staff of the case's organisation who can see this case."""
    if owner_id is None:
        return None
    owner = (
        StaffMember.objects.filter(pk=owner_id, organisation_id=case.organisation_id, user__is_active=True)
        .select_related("user")
        .first()
    )
    # A task its owner cannot open would sit in nobody's queue (a lawyer sees only her own cases).
    if owner is None or not permissions.can_view(owner, case):
        raise NotAllowed
    return owner


@transaction.atomic
def add_task(
    staff: StaffMember,
    org_keys: OrganisationKeys,
    case_id: int,
    title: str,
    owner_id: int | None,
    due_on: datetime.date | None,
    request: object = None,
) -> CaseTask:
    case = get_case(staff, case_id)
    owner = _owner(case, owner_id)
    task = CaseTask.objects.create(case=case, title=b"", owner=owner, due_on=due_on, created_by=staff)
    task.title = encrypt(_notes_key(case, org_keys), title.encode(), _context(task))
    task.save(update_fields=["title"])
    detail = f"task:{task.pk} {owner.user.get_username() if owner else ''} {due_on.isoformat() if due_on else ''}"
    record_activity(case, staff.user.get_username(), "task_added", " ".join(detail.split()), request=request)
    return task


def _task(staff: StaffMember, case_id: int, task_id: int) -> tuple[Case, CaseTask]:
    case = get_case(staff, case_id)
    task = CaseTask.objects.select_for_update().filter(pk=task_id, case=case).first()
    if task is None:
        raise CaseNotFound
    return case, task


@transaction.atomic
def complete_task(staff: StaffMember, case_id: int, task_id: int, request: object = None) -> CaseTask:
    """Mark the task done today; done already (a second click) changes nothing."""
    case, task = _task(staff, case_id, task_id)
    if task.done_on is None:
        task.done_on = timezone.localdate()
        task.save(update_fields=["done_on"])
        record_activity(case, staff.user.get_username(), "task_done", f"task:{task.pk}", request=request)
    return task


@transaction.atomic
def reopen_task(staff: StaffMember, case_id: int, task_id: int, request: object = None) -> CaseTask:
    case, task = _task(staff, case_id, task_id)
    if task.done_on is not None:
        task.done_on = None
        task.save(update_fields=["done_on"])
        record_activity(case, staff.user.get_username(), "task_reopened", f"task:{task.pk}", request=request)
    return task


def with_titles(org_keys: OrganisationKeys, tasks: Iterable[CaseTask]) -> list[tuple[CaseTask, str]]:
    """Each task with its decrypted title; a case's notes key is unsealed once."""
    keys: dict[int, bytes] = {}
    result = []
    for task in tasks:
        if task.case_id not in keys:
            keys[task.case_id] = _notes_key(task.case, org_keys)
        result.append((task, decrypt(keys[task.case_id], bytes(task.title), _context(task)).decode()))
    return result


def tasks(staff: StaffMember, org_keys: OrganisationKeys, case: Case) -> list[tuple[CaseTask, str]]:
    """The case's tasks: open ones first by due date (undated last), then the done ones."""
    if not permissions.can_view(staff, case):
        raise CaseNotFound
    ordered = case.tasks.select_related("case", "owner__user").order_by(
        F("done_on").asc(nulls_first=True), F("due_on").asc(nulls_last=True), "id"
    )
    return with_titles(org_keys, ordered)


@transaction.atomic
def record_service(
    staff: StaffMember, case_id: int, kind: str, provided_on: datetime.date, request: object = None
) -> CaseService:
    case = get_case(staff, case_id)
    if provided_on > timezone.localdate():
        raise NotAllowed
    service = CaseService.objects.create(
        case=case, kind=ServiceKind(kind).value, provided_on=provided_on, provided_by=staff
    )
    record_activity(
        case,
        staff.user.get_username(),
        "service_recorded",
        f"{service.kind} {provided_on.isoformat()}",
        request=request,
    )
    return service


def services_provided(staff: StaffMember, case: Case) -> QuerySet[CaseService]:
    if not permissions.can_view(staff, case):
        raise CaseNotFound
    return case.services_provided.select_related("provided_by__user")


def my_tasks_due(staff: StaffMember, today: datetime.date | None = None) -> QuerySet[CaseTask]:
    """Open tasks this staff member owns in open cases they can see, overdue or due within a week,
    the most pressing first."""
    today = today or timezone.localdate()
    return (
        CaseTask.objects.filter(
            owner=staff,
            done_on__isnull=True,
            due_on__lte=today + DUE_WINDOW,
            case__in=permissions.visible_cases(staff).exclude(status=CaseStatus.CLOSED),
        )
        .select_related("case")
        .order_by("due_on", "id")
    )
