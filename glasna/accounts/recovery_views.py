"""Recovery pages (accounts/recovery.py): an administrator resets a member's second factor or
issues a password reset link (both after step-up); the member uses the link; an administrator
waiting for the key with no key holder left approves herself with the recovery code; a member
makes her one-time codes for a lost authenticator (accounts/second_factor_codes.py)."""

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from glasna.accounts import membership, recovery, second_factor_codes
from glasna.accounts.access import admin_required, member_or_404, staff_required
from glasna.accounts.forms import JoinForm
from glasna.accounts.models import Role, StaffMember
from glasna.accounts.step_up import require_step_up
from glasna.accounts.views import continue_to_enrolment
from glasna.core import audit, ratelimit
from glasna.core.crypto.passphrase import WrongPassphrase

_CODE_SCOPE = "recovery-code"


@require_POST
@admin_required
@require_step_up
def member_recovery_view(request: HttpRequest, member_id: int) -> HttpResponse:
    staff: StaffMember = request.staff  # type: ignore[attr-defined]
    member = member_or_404(request, member_id)
    action = request.POST.get("action")
    try:
        if action == "second_factor":
            recovery.reset_second_factor(member, staff)
            messages.success(request, _("Done: she sets up two-step sign-in again at her next sign-in."))
        elif action == "password":
            token = recovery.issue_reset(member, staff, staff.user.get_username())
            # Shown in this answer only: the link is stored nowhere.
            link = request.build_absolute_uri(reverse("accounts:reset", args=[token]))
            context = {"member": member, "link": link, "hours": settings.GLASNA_INVITE_HOURS}
            return render(request, "accounts/reset_link.html", context)
        else:
            return HttpResponse(status=400)
    except recovery.RecoveryRefused as refusal:
        messages.error(request, str(refusal))
    return redirect("accounts:console")


@require_http_methods(["GET", "POST"])
def reset_view(request: HttpRequest, token: str) -> HttpResponse:
    address = ratelimit.client_address(request.META)
    try:
        reset = recovery.find_reset(token, address)
    except recovery.ResetInvalid:
        return render(request, "accounts/reset_invalid.html", status=404)
    form = JoinForm(request.POST or None, username=reset.staff.user.get_username())
    if request.method == "POST" and form.is_valid():
        try:
            staff, staff_private = recovery.use_reset(token, form.cleaned_data["password"], address)
        except recovery.ResetInvalid:
            return render(request, "accounts/reset_invalid.html", status=404)
        return continue_to_enrolment(request, staff, staff_private)
    return render(request, "accounts/reset.html", {"form": form, "reset": reset}, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@staff_required
def recovery_code_view(request: HttpRequest) -> HttpResponse:
    """Only for an administrator waiting for the key when nobody active holds it (a new
    organisation's first administrator, or after every key holder left)."""
    staff: StaffMember = request.staff  # type: ignore[attr-defined]
    if staff.role != Role.ORG_ADMIN or request.org_keys is not None:  # type: ignore[attr-defined]
        raise Http404
    if membership.key_holders(staff.organisation):
        raise Http404
    error = ""
    if request.method == "POST":
        address = ratelimit.client_address(request.META)
        name = staff.user.get_username()
        if not ratelimit.allow(_CODE_SCOPE, address, settings.GLASNA_LOGIN_ATTEMPTS_PER_HOUR):
            error = _("This recovery code does not open the organisation key, or too many attempts. Wait an hour.")
        else:
            try:
                recovery.approve_with_recovery_code(staff, request.POST.get("code", "")[:100], name)
            except (WrongPassphrase, membership.MembershipRefused):
                audit.record("keys.recovery_code_failed", actor=name, organisation_id=staff.organisation_id)
                error = _("This recovery code does not open the organisation key, or too many attempts. Wait an hour.")
            else:
                ratelimit.forgive(_CODE_SCOPE, address)
                messages.success(request, _("You now hold the organisation key."))
                return redirect("accounts:console")
    return render(request, "accounts/recovery_code.html", {"error": error}, status=400 if error else 200)


@require_GET
@staff_required
def codes_view(request: HttpRequest) -> HttpResponse:
    staff: StaffMember = request.staff  # type: ignore[attr-defined]
    return render(request, "accounts/second_factor_codes.html", {"unused": second_factor_codes.unused(staff)})


@require_POST
@staff_required
@require_step_up
def codes_issue_view(request: HttpRequest) -> HttpResponse:
    staff: StaffMember = request.staff  # type: ignore[attr-defined]
    # Shown in this answer only: the codes are stored as hashes.
    codes = second_factor_codes.issue(staff)
    return render(request, "accounts/second_factor_codes.html", {"codes": codes, "unused": len(codes)})
