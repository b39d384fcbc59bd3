"""The gate in front of every staff page: signed in, second factor passed, key unlocked."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render

from glasna.accounts import keyring, session_keys
from glasna.accounts.models import Membership, Role, StaffMember

OTP_SESSION_FIELD = "glasna_otp_ok"


def staff_required(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Sets request.staff and request.org_keys (unlocked for this request only)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        user = request.user
        staff = (
            StaffMember.objects.filter(user_id=user.pk, membership=Membership.ACTIVE)
            .select_related("organisation", "user")
            .first()
            if user.is_authenticated
            else None
        )
        staff_private = session_keys.release(request)
        if staff is None or not request.session.get(OTP_SESSION_FIELD) or staff_private is None:
            return redirect("accounts:login")
        request.staff = staff  # type: ignore[attr-defined]
        try:
            request.org_keys = keyring.unlock_organisation_keys(staff, staff_private)  # type: ignore[attr-defined]
        except keyring.KeyUnavailable:
            request.org_keys = None  # type: ignore[attr-defined]
        return view(request, *args, **kwargs)

    return wrapper


def admin_required(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """`staff_required`, then the organisation's administrators only (404 for anyone else), and
    only one who holds the organisation key: a stolen invitation for an administrator must not
    let its holder invite, suspend, reset or remove the organisation's staff."""

    @staff_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        staff: StaffMember = request.staff  # type: ignore[attr-defined]
        if staff.role != Role.ORG_ADMIN:
            raise Http404
        if request.org_keys is None:  # type: ignore[attr-defined]
            return render(request, "cases/no_key.html", status=403)
        return view(request, *args, **kwargs)

    return wrapper


def member_or_404(request: HttpRequest, member_id: int, **extra: Any) -> StaffMember:
    """A member of the signed-in administrator's own organisation; 404 for anyone else's."""
    staff: StaffMember = request.staff  # type: ignore[attr-defined]
    queryset = StaffMember.objects.select_related("user", "organisation")
    return get_object_or_404(queryset, pk=member_id, organisation=staff.organisation, **extra)
