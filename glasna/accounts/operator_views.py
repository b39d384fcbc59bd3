"""The operator console (docs/decisions/0006-operator-console.md): the installation's operator
creates organisations and their first administrator's invitation. She holds no organisation's
key: the page shows the recovery code and the link once, to be printed and handed over."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from glasna.accounts import founding, staff_sessions, step_up
from glasna.accounts.access import staff_required
from glasna.accounts.models import Organisation, Role, StaffMember
from glasna.accounts.settings_forms import OrganisationForm
from glasna.core import audit


def operator_required(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Signed in like any staff member (password and TOTP), with the operator role."""

    @staff_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        staff: StaffMember = request.staff  # type: ignore[attr-defined]
        if staff.role != Role.PLATFORM_ADMIN:
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


@require_http_methods(["GET", "POST"])
@operator_required
def operator_view(request: HttpRequest) -> HttpResponse:
    staff: StaffMember = request.staff  # type: ignore[attr-defined]
    form = OrganisationForm(request.POST or None)
    founded = link = None
    if request.method == "POST" and form.is_valid():
        data, actor = form.cleaned_data, staff.user.get_username()
        fields = {key: data[key] for key in ("slug", "name", "org_type", "countries", "language")}
        try:
            founded = founding.found(fields, data["admin_username"], data["admin_email"], actor=actor)
        except founding.FoundingRefused as refusal:
            form.add_error("slug", str(refusal))
        else:
            audit.record(
                "organisation.founded",
                actor=actor,
                target=f"organisation:{founded.organisation.slug} admin:{data['admin_username']}",
                organisation_id=founded.organisation.pk,
            )
            link = request.build_absolute_uri(reverse("accounts:join", args=[founded.invitation_token]))
            form = OrganisationForm()
    organisations = (
        Organisation.objects.exclude(pk=staff.organisation_id).annotate(members=Count("staff")).order_by("name")
    )
    context = {"form": form, "organisations": organisations, "founded": founded, "link": link}
    return render(request, "accounts/operator.html", context, status=400 if form.errors else 200)


@require_POST
@operator_required
@step_up.require_step_up
def end_all_sessions_view(request: HttpRequest) -> HttpResponse:
    """Sign every staff member of every organisation out, the operator excepted (after a fresh code)."""
    staff: StaffMember = request.staff  # type: ignore[attr-defined]
    ended = staff_sessions.end_all_except(request.session.session_key)
    audit.record("operator.all_sessions_ended", actor=staff.user.get_username(), target=f"sessions:{ended}")
    messages.success(
        request,
        ngettext(
            "%(count)d staff session was ended. Everyone signs in again with password and code.",
            "%(count)d staff sessions were ended. Everyone signs in again with password and code.",
            ended,
        )
        % {"count": ended},
    )
    return redirect("accounts:operator")
