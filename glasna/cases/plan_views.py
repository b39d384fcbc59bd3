"""The case plan on the case page, its actions, and the "my tasks due" queue. Thin: parse, call
glasna.cases.plan, redirect or render."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from glasna.accounts.access import staff_required
from glasna.accounts.keyring import OrganisationKeys
from glasna.accounts.models import StaffMember
from glasna.cases import plan, services
from glasna.cases.models import Case
from glasna.cases.plan_forms import ServiceForm, TaskForm


def context(staff: StaffMember, org_keys: OrganisationKeys, case: Case) -> dict[str, Any]:
    """What the case page shows of this part."""
    today = timezone.localdate()
    return {
        "plan_tasks": plan.tasks(staff, org_keys, case),
        "plan_services": plan.services_provided(staff, case),
        "task_form": TaskForm(initial={"owner": staff.pk}, organisation_id=staff.organisation_id),
        "service_form": ServiceForm(initial={"provided_on": today}),
        "today": today,
    }


def _no_key(request: HttpRequest) -> HttpResponse:
    return render(request, "cases/no_key.html", status=403)


def _back(case: Case) -> HttpResponse:
    # A withdrawn report takes its page with it; the case itself stays for the counts.
    return redirect("cases:report", report_id=case.report_id) if case.report_id else redirect("cases:inbox")


def _explain(request: HttpRequest, form: forms.Form) -> None:
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else None
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else str(error))


def _act(
    request: HttpRequest, case_id: int, action: Callable[[Case], object], form: forms.Form | None = None
) -> HttpResponse:
    """Check the case is visible (404 otherwise), apply the action if the form is valid, go back."""
    if request.org_keys is None:  # type: ignore[attr-defined]
        return _no_key(request)
    try:
        case = services.get_case(request.staff, case_id)  # type: ignore[attr-defined]
    except services.CaseNotFound as exc:
        raise Http404 from exc
    if form is not None and not form.is_valid():
        _explain(request, form)
        return _back(case)
    try:
        action(case)
    except services.CaseNotFound as exc:  # a task id of another case
        raise Http404 from exc
    except services.NotAllowed:
        messages.error(request, _("That change is not allowed for your role or for this person."))
    return _back(case)


@require_POST
@staff_required
def add_task(request: HttpRequest, case_id: int) -> HttpResponse:
    staff, keys = request.staff, request.org_keys  # type: ignore[attr-defined]
    form = TaskForm(request.POST, organisation_id=staff.organisation_id)

    def action(case: Case) -> object:
        data = form.cleaned_data
        return plan.add_task(staff, keys, case.pk, data["title"], data["owner"], data["due_on"], request)

    return _act(request, case_id, action, form)


@require_POST
@staff_required
def complete_task(request: HttpRequest, case_id: int, task_id: int) -> HttpResponse:
    return _act(request, case_id, lambda case: plan.complete_task(request.staff, case.pk, task_id, request))  # type: ignore[attr-defined]


@require_POST
@staff_required
def reopen_task(request: HttpRequest, case_id: int, task_id: int) -> HttpResponse:
    return _act(request, case_id, lambda case: plan.reopen_task(request.staff, case.pk, task_id, request))  # type: ignore[attr-defined]


@require_POST
@staff_required
def record_service(request: HttpRequest, case_id: int) -> HttpResponse:
    form = ServiceForm(request.POST)

    def action(case: Case) -> object:
        data = form.cleaned_data
        return plan.record_service(request.staff, case.pk, data["kind"], data["provided_on"], request)  # type: ignore[attr-defined]

    return _act(request, case_id, action, form)


@require_GET
@staff_required
def tasks_due(request: HttpRequest) -> HttpResponse:
    if request.org_keys is None:  # type: ignore[attr-defined]
        return _no_key(request)
    today = timezone.localdate()
    rows = plan.with_titles(request.org_keys, plan.my_tasks_due(request.staff, today))  # type: ignore[attr-defined]
    return render(request, "cases/tasks.html", {"rows": rows, "today": today})
