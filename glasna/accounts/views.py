"""Staff sign-in: password (which also unlocks the staff key), then a TOTP code."""

import base64

import segno
from django.contrib import messages
from django.contrib.auth import login, logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from glasna.accounts import own_sessions, second_factor_codes, session_keys, sign_in, step_up, totp
from glasna.accounts.access import OTP_SESSION_FIELD, staff_required
from glasna.accounts.forms import CodeForm, LoginForm
from glasna.accounts.models import StaffMember
from glasna.core import audit, ratelimit

PENDING = "glasna_pending_staff"
# Set once her first codes are shown at enrolment; she signs in only after saying she kept them.
CODES_SHOWN = "glasna_codes_shown"


@require_http_methods(["GET", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    form = LoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        username = form.cleaned_data["username"]
        try:
            signed_in = sign_in.check(username, form.cleaned_data["password"], ratelimit.client_address(request.META))
        except sign_in.SignInRefused:
            audit.record("staff.login_failed", actor=username, request=request)
            # One answer for every refusal (no such user, wrong password, deactivated, throttled),
            # so the page tells nobody which usernames exist.
            form.add_error(
                None, _("Wrong username or password, or too many attempts. Wait an hour or ask your administrator.")
            )
            return render(request, "accounts/login.html", {"form": form}, status=400)
        staff, staff_private = signed_in.staff, signed_in.staff_private
        request.session.cycle_key()
        request.session[PENDING] = staff.user_id
        response = redirect("accounts:totp" if staff.totp_confirmed else "accounts:enrol")
        session_keys.hold(request, response, staff_private)
        return response
    return render(request, "accounts/login.html", {"form": form})


def continue_to_enrolment(request: HttpRequest, staff: StaffMember, staff_private: bytes) -> HttpResponse:
    """After an invitation or a reset link: on to two-step enrolment in a fresh session (whoever
    was signed in in this browser before is signed out), her key held as at sign-in."""
    logout(request)
    request.session[PENDING] = staff.user_id
    response = redirect("accounts:enrol")
    session_keys.hold(request, response, staff_private)
    return response


def _pending_staff(request: HttpRequest) -> StaffMember | None:
    user_id = request.session.get(PENDING)
    if user_id is None or session_keys.release(request) is None:
        return None
    return StaffMember.objects.filter(user_id=user_id, user__is_active=True).select_related("user").first()


def _finish(request: HttpRequest, staff: StaffMember) -> HttpResponse:
    held = request.session.get("glasna_staff_key")
    login(request, staff.user, backend="django.contrib.auth.backends.ModelBackend")
    request.session["glasna_staff_key"] = held  # login() may rotate the session; keep the key
    request.session[OTP_SESSION_FIELD] = True
    request.session.pop(PENDING, None)
    audit.record("staff.login", actor=staff.user.get_username(), organisation_id=staff.organisation_id, request=request)
    request.session.save()  # its key exists before the count, so it is never one of the others
    ended = own_sessions.end_beyond_limit(staff, request.session.session_key)
    if ended:
        audit.record(
            "staff.sessions_ended_over_limit",
            actor=staff.user.get_username(),
            target=str(ended),
            organisation_id=staff.organisation_id,
            request=request,
        )
        messages.info(
            request,
            ngettext(
                "You were signed in on too many devices: %(count)d session, the one you used least recently, was signed out.",
                "You were signed in on too many devices: %(count)d sessions, those you used least recently, were signed out.",
                ended,
            )
            % {"count": ended},
        )
    return redirect("cases:inbox")


@require_http_methods(["GET", "POST"])
def totp_view(request: HttpRequest) -> HttpResponse:
    staff = _pending_staff(request)
    if staff is None:
        return redirect("accounts:login")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"]
        # A one-time code from paper (accounts/second_factor_codes.py): then a new authenticator.
        if second_factor_codes.looks_like_one(code):
            if second_factor_codes.use(staff, code):
                return redirect("accounts:enrol")
        elif sign_in.check_code(staff, code, ratelimit.client_address(request.META)):
            return _finish(request, staff)
        audit.record(
            "staff.totp_failed", actor=staff.user.get_username(), organisation_id=staff.organisation_id, request=request
        )
        form.add_error("code", _("This code is not valid. Wait for a new code and try again."))
    return render(request, "accounts/totp.html", {"form": form}, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def enrol_view(request: HttpRequest) -> HttpResponse:
    """First sign-in: set up the authenticator app. Two-factor sign-in is not optional."""
    staff = _pending_staff(request)
    if staff is None:
        return redirect("accounts:login")
    if staff.totp_confirmed:
        return redirect("accounts:totp")
    if staff.totp_secret_sealed is None:
        totp.new_secret(staff)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if sign_in.check_code(staff, form.cleaned_data["code"], ratelimit.client_address(request.META)):
            if second_factor_codes.unused(staff):
                return _finish(request, staff)  # a new phone after a spent code: her other codes still work
            return _show_new_codes(request, staff)
        form.add_error("code", _("This code is not valid. Check the time on your phone and try again."))
    uri = totp.provisioning_uri(staff)
    qr = "data:image/svg+xml;base64," + base64.b64encode(segno.make(uri).svg_inline(scale=4).encode()).decode()
    return render(
        request,
        "accounts/enrol.html",
        {"form": form, "qr": qr, "secret": totp.secret_of(staff)},
        status=400 if form.errors else 200,
    )


def _show_new_codes(request: HttpRequest, staff: StaffMember, unticked: bool = False) -> HttpResponse:
    """Her one-time codes, made at enrolment and shown in this answer only (stored as hashes)."""
    codes = second_factor_codes.issue(staff)
    request.session[CODES_SHOWN] = staff.user_id
    context = {"codes": codes, "unticked": unticked}
    return render(request, "accounts/enrol_codes.html", context, status=400 if unticked else 200)


@require_POST
def enrol_codes_view(request: HttpRequest) -> HttpResponse:
    """She says she has kept the codes shown at enrolment; only then is she signed in. Without
    the tick she gets ten new codes (the ones she may not have kept stop working)."""
    staff = _pending_staff(request)
    if staff is None or request.session.get(CODES_SHOWN) != staff.user_id:
        return redirect("accounts:login")
    if request.POST.get("saved") != "on":
        return _show_new_codes(request, staff, unticked=True)
    request.session.pop(CODES_SHOWN, None)
    audit.record(
        "staff.second_factor_codes_kept", actor=staff.user.get_username(), organisation_id=staff.organisation_id
    )
    return _finish(request, staff)


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        organisation_id = StaffMember.objects.filter(user_id=request.user.pk).values_list("organisation_id", flat=True)
        audit.record(
            "staff.logout", actor=request.user.get_username(), organisation_id=organisation_id.first(), request=request
        )
    logout(request)
    response = redirect("accounts:login")
    session_keys.forget(response)
    return response


@require_http_methods(["GET", "POST"])
@staff_required
def step_up_view(request: HttpRequest) -> HttpResponse:
    """Enter the authenticator code again before a sensitive action (glasna/accounts/step_up.py)."""
    staff: StaffMember = request.staff  # type: ignore[attr-defined]
    next_url = step_up.safe_next(request, request.POST.get("next") or request.GET.get("next"))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if sign_in.check_code(staff, form.cleaned_data["code"], ratelimit.client_address(request.META)):
            step_up.mark(request)
            audit.record(
                "staff.step_up", actor=staff.user.get_username(), organisation_id=staff.organisation_id, request=request
            )
            return redirect(next_url)
        audit.record(
            "staff.step_up_failed",
            actor=staff.user.get_username(),
            organisation_id=staff.organisation_id,
            request=request,
        )
        form.add_error("code", _("This code is not valid. Wait for a new code and try again."))
    return render(
        request, "accounts/step_up.html", {"form": form, "next": next_url}, status=400 if form.errors else 200
    )
