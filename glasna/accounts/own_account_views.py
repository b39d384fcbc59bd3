"""A staff member's own account: change her password, see her sessions, end the others."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from glasna.accounts import keyring, own_sessions, step_up
from glasna.accounts.access import staff_required
from glasna.accounts.forms import PasswordChangeForm
from glasna.accounts.models import StaffMember
from glasna.core import audit, ratelimit
from glasna.core.crypto.passphrase import WrongPassphrase

# Someone holding a stolen, unlocked session must not be able to guess the password here either.
_CHANGE_ATTEMPTS = "password_change"


def _page(request: HttpRequest, staff: StaffMember, form: PasswordChangeForm, status: int = 200) -> HttpResponse:
    context = {"form": form, "sessions": own_sessions.listed(staff, request.session.session_key)}
    return render(request, "accounts/own_account.html", context, status=status)


def _end_others(request: HttpRequest, staff: StaffMember) -> None:
    ended = own_sessions.end_others(staff, request.session.session_key)
    audit.record(
        "staff.other_sessions_ended",
        actor=staff.user.get_username(),
        organisation_id=staff.organisation_id,
        target=f"sessions:{ended}",
        request=request,
    )


@require_http_methods(["GET", "POST"])
@staff_required
def own_account_view(request: HttpRequest) -> HttpResponse:
    staff: StaffMember = request.staff  # type: ignore[attr-defined]
    form = PasswordChangeForm(request.POST or None, username=staff.user.get_username())
    if request.method != "POST":
        return _page(request, staff, form)
    if form.is_valid():
        username = staff.user.get_username()
        try:
            if not ratelimit.allow(_CHANGE_ATTEMPTS, username.lower(), settings.GLASNA_LOGIN_ATTEMPTS_PER_HOUR):
                raise WrongPassphrase("throttled")
            keyring.change_password(staff, form.cleaned_data["current"], form.cleaned_data["password"])
        except WrongPassphrase:
            audit.record(
                "staff.password_change_failed", actor=username, organisation_id=staff.organisation_id, request=request
            )
            form.add_error("current", _("This is not your current password, or there were too many attempts."))
        else:
            # Every other session ends: a thief's copy must not outlive the password it was
            # opened with. This one goes on (Django would otherwise end it too).
            update_session_auth_hash(request, staff.user)
            _end_others(request, staff)
            messages.success(request, _("Your password is changed, and you are signed out everywhere else."))
            return redirect("accounts:own_account")
    return _page(request, staff, form, status=400)


@require_POST
@staff_required
@step_up.require_step_up
def end_other_sessions_view(request: HttpRequest) -> HttpResponse:
    staff: StaffMember = request.staff  # type: ignore[attr-defined]
    _end_others(request, staff)
    messages.success(request, _("You are signed out everywhere else."))
    return redirect("accounts:own_account")
