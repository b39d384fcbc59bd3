"""A staff member's own account: change her password and her authenticator app, see her
sessions, end the others."""

import base64

import pyotp
import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from glasna.accounts import keyring, own_sessions, step_up, totp
from glasna.accounts.access import staff_required
from glasna.accounts.forms import NewAuthenticatorForm, PasswordChangeForm
from glasna.accounts.models import StaffMember
from glasna.core import audit, ratelimit
from glasna.core.crypto.passphrase import WrongPassphrase
from glasna.core.crypto.primitives import DecryptionError

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


CANDIDATE = "glasna_totp_candidate"  # the new app's key while she sets it up, sealed (totp.seal_candidate)


def _candidate(request: HttpRequest, staff: StaffMember) -> str:
    sealed = request.session.get(CANDIDATE)
    if isinstance(sealed, str):
        try:
            return totp.open_candidate(staff, base64.b64decode(sealed))
        except (ValueError, DecryptionError):
            pass  # another member's or a damaged value: start again
    secret = pyotp.random_base32()
    request.session[CANDIDATE] = base64.b64encode(totp.seal_candidate(staff, secret)).decode()
    return secret


@require_http_methods(["GET", "POST"])
@staff_required
@step_up.require_step_up
def new_authenticator_view(request: HttpRequest) -> HttpResponse:
    """A new phone: after a fresh code from the old app, her password and a code from the new one.
    The old app works until the new one is confirmed; then every other session ends."""
    staff: StaffMember = request.staff  # type: ignore[attr-defined]
    secret = _candidate(request, staff)
    form = NewAuthenticatorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        username = staff.user.get_username()
        allowed = ratelimit.allow(_CHANGE_ATTEMPTS, username.lower(), settings.GLASNA_LOGIN_ATTEMPTS_PER_HOUR)
        step = totp.matching_step(secret, form.cleaned_data["code"])
        if not allowed or not staff.user.check_password(form.cleaned_data["current"]):
            form.add_error("current", _("This is not your current password, or there were too many attempts."))
        elif step is None:
            form.add_error("code", _("This code is not valid. Check the time on your phone and try again."))
        else:
            totp.replace_secret(staff, secret, step)
            request.session.pop(CANDIDATE, None)
            ended = own_sessions.end_others(staff, request.session.session_key)
            audit.record(
                "staff.second_factor_changed",
                actor=username,
                organisation_id=staff.organisation_id,
                target=f"sessions:{ended}",
                request=request,
            )
            messages.success(request, _("Your new authenticator app is set up; the old one no longer works."))
            return redirect("accounts:own_account")
        audit.record("staff.second_factor_change_failed", actor=username, organisation_id=staff.organisation_id)
    uri = pyotp.TOTP(secret).provisioning_uri(name=staff.user.get_username(), issuer_name=totp.ISSUER)
    qr = "data:image/svg+xml;base64," + base64.b64encode(segno.make(uri).svg_inline(scale=4).encode()).decode()
    context = {"form": form, "qr": qr, "secret": secret}
    return render(request, "accounts/new_authenticator.html", context, status=400 if form.errors else 200)
