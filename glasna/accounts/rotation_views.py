"""The console's sensitive pages: organisation key rotation (start, progress, resume) and role
changes. Each needs a fresh step-up code (accounts/step_up.py) besides the administrator gate."""

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from glasna.accounts import roles, rotation, sealed_records, tasks
from glasna.accounts.access import admin_required, member_or_404
from glasna.accounts.models import Membership, Role, RotationJob, RotationState, StaffMember
from glasna.accounts.step_up import require_step_up

# The rotation's message carries its key, so it cannot wait in the job outbox (accounts/tasks.py).
QUEUE_DOWN = gettext_lazy(
    "The job queue did not answer, so the rotation is not running yet. Nothing is lost: resume it on "
    "this page once the queue answers again."
)


class RoleForm(forms.Form):
    role = forms.ChoiceField(
        label=gettext_lazy("New role"),
        choices=[(role.value, role.label) for role in roles.CONSOLE_ROLES],
    )


@require_http_methods(["GET", "POST"])
@admin_required
@require_step_up
def rotation_view(request: HttpRequest) -> HttpResponse:
    staff: StaffMember = request.staff  # type: ignore[attr-defined]
    organisation = staff.organisation
    if request.method == "POST":
        try:
            job, job_key = rotation.start(organisation, request.org_keys, staff.user.get_username())  # type: ignore[attr-defined]
        except rotation.RotationRefused as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, _("The key rotation has started."))
            if not tasks.enqueue(job.pk, job_key):
                messages.warning(request, QUEUE_DOWN)
        return redirect("accounts:rotation")
    last = rotation.latest(organisation)
    organisation.refresh_from_db(fields=["rotation_required_since"])
    context = {
        "job": last,
        "running": last is not None and last.state == RotationState.RUNNING,
        "required": organisation.rotation_required_since is not None,
        "records": sealed_records.remaining(organisation.pk, organisation.current_key.version + 1),
    }
    return render(request, "accounts/rotation.html", context)


@require_GET
@admin_required
def rotation_progress_view(request: HttpRequest, job_id: int) -> HttpResponse:
    """The counts for the rotation page's script: no secret in them, so no step-up."""
    staff: StaffMember = request.staff  # type: ignore[attr-defined]
    job = get_object_or_404(RotationJob, pk=job_id, organisation=staff.organisation)
    running = job.state == RotationState.RUNNING
    return JsonResponse(
        {"done": job.done, "total": job.total, "running": running, "state": str(RotationState(job.state).label)}
    )


@require_POST
@admin_required
@require_step_up
def rotation_resume_view(request: HttpRequest, job_id: int) -> HttpResponse:
    staff: StaffMember = request.staff  # type: ignore[attr-defined]
    job = get_object_or_404(RotationJob, pk=job_id, organisation=staff.organisation)
    try:
        job_key = rotation.resume(job, request.org_keys, staff.user.get_username())  # type: ignore[attr-defined]
    except rotation.RotationRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("The key rotation was resumed."))
        if not tasks.enqueue(job.pk, job_key):
            messages.warning(request, QUEUE_DOWN)
    return redirect("accounts:rotation")


@require_http_methods(["GET", "POST"])
@admin_required
@require_step_up
def role_view(request: HttpRequest, member_id: int) -> HttpResponse:
    staff: StaffMember = request.staff  # type: ignore[attr-defined]
    member = member_or_404(request, member_id, membership=Membership.ACTIVE)
    form = RoleForm(request.POST or None, initial={"role": member.role})
    if request.method == "POST" and form.is_valid():
        try:
            gave_up_key = roles.change_role(member, form.cleaned_data["role"], staff.user.get_username())
        except roles.RoleRefused as refusal:
            form.add_error("role", str(refusal))
        else:
            messages.success(request, _("Role changed. She was told by e-mail if she has an address."))
            if gave_up_key:
                messages.warning(request, _("She held the organisation key. A key rotation is recommended."))
            elif form.cleaned_data["role"] != Role.ANALYST and member.role == Role.ANALYST:
                messages.info(request, _("She waits for the organisation key until a key holder approves her."))
            return redirect("accounts:console")
    context = {"member": member, "form": form}
    return render(request, "accounts/role.html", context, status=400 if form.errors else 200)
