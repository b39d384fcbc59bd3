"""The gate in front of every staff page: signed in, second factor passed, key unlocked."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import redirect

from glasna.accounts import keyring, session_keys
from glasna.accounts.models import Membership, StaffMember

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
